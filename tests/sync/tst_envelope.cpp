// Envelopes: sealed with XChaCha20-Poly1305, bound to their header, padded to size buckets, and
// carried as JSON without ever showing their content.
#include "envelope.h"

#include "errors.h"

#include <nlohmann/json.hpp>

#include <QTest>

using namespace hearth;
using namespace hearth::sync;

namespace {

EnvelopeHeader header()
{
    return EnvelopeHeader{newEnvelopeId(), "space-1", "couple", "device-a", 7, 1};
}

} // namespace

class TestEnvelope : public QObject {
    Q_OBJECT

private slots:
    void sealsAndOpens()
    {
        const ContentKey key = ContentKey::generate("couple", 1);
        const std::string text = R"([{"entity":"ritual","fields":{"title":"Morning coffee"}}])";
        const Envelope e = seal(header(), text, key);
        QCOMPARE(open(e, key), text);
        QCOMPARE(e.header.id.size(), std::size_t(32));
    }

    void contentNeverShows()
    {
        const ContentKey key = ContentKey::generate("couple", 1);
        const std::string marker = "MARKER-the-words-only-we-know";
        const Envelope e = seal(header(), marker, key);
        const std::string raw(e.ciphertext.begin(), e.ciphertext.end());
        QVERIFY(raw.find(marker) == std::string::npos);
        const std::string wire = nlohmann::json(e).dump();
        QVERIFY(wire.find(marker) == std::string::npos);
        QVERIFY(wire.find("MARKER") == std::string::npos);
    }

    void theSealBindsEveryHeaderField_data()
    {
        QTest::addColumn<int>("field");
        for (int f = 0; f < 4; ++f)
            QTest::addRow("field %d", f) << f;
    }

    void theSealBindsEveryHeaderField()
    {
        QFETCH(int, field);
        const ContentKey key = ContentKey::generate("couple", 1);
        Envelope e = seal(header(), "hello", key);
        switch (field) {
        case 0: e.header.spaceId = "space-2"; break;
        case 1: e.header.deviceId = "device-b"; break;
        case 2: e.header.seq = 8; break;
        case 3: e.ciphertext[0] ^= 1; break;
        }
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)open(e, key));
    }

    void aKeyOpensOnlyItsScopeAndEpoch()
    {
        const ContentKey couple = ContentKey::generate("couple", 1);
        const ContentKey care = ContentKey::generate("care", 1);
        const ContentKey nextEpoch = ContentKey::generate("couple", 2);
        const ContentKey sameScopeOtherBytes = ContentKey::generate("couple", 1);
        const Envelope e = seal(header(), "for the two of us", couple);
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)open(e, care));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)open(e, nextEpoch));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)open(e, sameScopeOtherBytes));
        // Relabelling the envelope as care does not make the care key open it either.
        Envelope relabelled = e;
        relabelled.header.scope = "care";
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)open(relabelled, care));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)seal(header(), "x", care));
    }

    void lengthsFallIntoBuckets()
    {
        const ContentKey key = ContentKey::generate("couple", 1);
        const std::size_t tag = 16;
        QCOMPARE(seal(header(), "", key).ciphertext.size(), 256 + tag);
        QCOMPARE(seal(header(), std::string(100, 'a'), key).ciphertext.size(), 256 + tag);
        QCOMPARE(seal(header(), std::string(255, 'a'), key).ciphertext.size(), 256 + tag);
        QCOMPARE(seal(header(), std::string(256, 'a'), key).ciphertext.size(), 512 + tag);
        QCOMPARE(seal(header(), std::string(3000, 'a'), key).ciphertext.size(), 4096 + tag);
        const std::string big(Envelope::kMaxPlaintext, 'b');
        QCOMPARE(open(seal(header(), big, key), key).size(), big.size());
        QVERIFY_THROWS_EXCEPTION(ProtocolError,
                                 (void)seal(header(), std::string(Envelope::kMaxPlaintext + 1, 'b'), key));
    }

    void wireFormRoundTripsAndRejectsGarbage()
    {
        const ContentKey key = ContentKey::generate("care", 3);
        EnvelopeHeader h = header();
        h.scope = "care";
        h.epoch = 3;
        const Envelope e = seal(h, "a shared reflection", key);
        const nlohmann::json wire = e;
        const Envelope back = wire.get<Envelope>();
        QCOMPARE(back, e);
        QCOMPARE(open(back, key), std::string("a shared reflection"));

        for (const char *field : {"id", "space", "scope", "device", "seq", "epoch", "nonce", "ciphertext"}) {
            nlohmann::json bad = wire;
            bad.erase(field);
            QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)bad.get<Envelope>());
        }
        nlohmann::json bad = wire;
        bad["nonce"] = "not*base64";
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)bad.get<Envelope>());
        bad = wire;
        bad["nonce"] = "AAAA";
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)bad.get<Envelope>());
        bad = wire;
        bad["scope"] = "everyone";
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)bad.get<Envelope>());
        bad = wire;
        bad["seq"] = -1;
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)bad.get<Envelope>());
        QVERIFY_THROWS_EXCEPTION(ProtocolError, (void)nlohmann::json::array().get<Envelope>());
    }

    void associatedDataCannotBeConfusedAcrossFields()
    {
        EnvelopeHeader a{"id", "ab", "couple", "c", 1, 1};
        EnvelopeHeader b{"id", "a", "couple", "bc", 1, 1};
        QVERIFY(associatedData(a) != associatedData(b));
    }
};

QTEST_GUILESS_MAIN(TestEnvelope)
#include "tst_envelope.moc"
