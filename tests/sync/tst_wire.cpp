// The envelope traffic's wire codec (sync/wire.h): the same JSON as to_json/from_json, read as
// strictly, and its table base64 the same as libsodium's, byte for byte, both ways.
#include "wire.h"

#include "encoding.h"
#include "errors.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <QTest>

using namespace hearth;
using namespace hearth::sync;
using nlohmann::json;

namespace {

Envelope sealed(std::uint64_t seq, std::string_view text = "[]")
{
    static const ContentKey key = ContentKey::generate("couple", 2);
    return seal({newEnvelopeId(), "5ace5ace5ace5ace", "couple", "a1a1a1a1a1a1a1a1", seq, 2}, text,
                key);
}

std::string envelopeText(const Envelope &e)
{
    std::string out;
    appendEnvelopeJson(out, e);
    return out;
}

/// The text of a push body whose only envelope has `key` set to `value` (JSON text).
std::string pushWith(const char *key, const char *value)
{
    json wire = json::parse(envelopeText(sealed(1)));
    wire[key] = json::parse(value);
    return json{{"envelopes", json::array({wire})}}.dump();
}

} // namespace

class TestWire : public QObject {
    Q_OBJECT

private slots:
    void base64MatchesLibsodiumForEveryLength()
    {
        ensureSodium();
        for (std::size_t size = 0; size < 200; ++size) {
            std::vector<unsigned char> bytes(size);
            if (size > 0) // randombytes_buf takes no null pointer, which an empty vector gives
                randombytes_buf(bytes.data(), bytes.size());
            std::string ours;
            appendBase64(ours, bytes.data(), bytes.size());
            QCOMPARE(ours, toBase64(bytes.data(), bytes.size()));
            std::vector<unsigned char> back;
            QVERIFY(decodeBase64(ours, back));
            QVERIFY(back == bytes);
        }
    }

    void base64RejectsWhatLibsodiumRejects_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("one char left over") << "QUJDR";
        QTest::newRow("padding") << "QQ==";
        QTest::newRow("standard alphabet +") << "ab+c";
        QTest::newRow("standard alphabet /") << "ab/c";
        QTest::newRow("space") << "ab c";
        QTest::newRow("stray bits after one byte") << "QR";
        QTest::newRow("stray bits after two bytes") << "QUN";
        QTest::newRow("high byte") << "ab\xc3\xa9";
    }

    void base64RejectsWhatLibsodiumRejects()
    {
        QFETCH(QString, text);
        const std::string bytes = text.toStdString();
        std::vector<unsigned char> out;
        QVERIFY(!decodeBase64(bytes, out));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, fromBase64(bytes, "x"));
    }

    void envelopeTextIsToJsonsText()
    {
        const Envelope e = sealed(42, "the words only we know");
        QVERIFY(json::parse(envelopeText(e)) == json(e));
        QCOMPARE(json::parse(envelopeText(e)).get<Envelope>(), e);
    }

    void pushBodyRoundTrips()
    {
        std::vector<Envelope> envelopes;
        for (std::uint64_t seq = 1; seq <= 50; ++seq)
            envelopes.push_back(sealed(seq, std::string(seq * 7, 'x')));
        const std::string body = pushBody(envelopes);
        QCOMPARE(json::parse(body).at("envelopes").get<std::vector<Envelope>>(), envelopes);
        QCOMPARE(readPushBody(body, 50), envelopes);
        QCOMPARE(readPushBody(R"({"envelopes":[]})", 0).size(), std::size_t(0));
    }

    void pushBodyCountsBeforeDecoding()
    {
        const std::string body = R"({"envelopes":[1,2,3]})";
        try {
            (void)readPushBody(body, 2);
            QFAIL("three envelopes were taken where two are allowed");
        } catch (const TooManyEnvelopes &tooMany) {
            QCOMPARE(tooMany.count, std::size_t(3));
        }
    }

    void pushBodyRefusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{\"envelopes\":[") << "json" << "not valid JSON";
        QTest::newRow("empty") << QByteArray("") << "json" << "not valid JSON";
        QTest::newRow("array root") << QByteArray("[]") << "json" << "not a JSON object";
        QTest::newRow("no envelopes") << QByteArray("{}") << "field" << "has no \"envelopes\"";
        QTest::newRow("not an array") << QByteArray(R"({"envelopes":{}})") << "field"
                                      << "must be an array";
        QTest::newRow("not an object") << QByteArray(R"({"envelopes":[7]})") << "field"
                                       << "envelopes[0]: an envelope must be a JSON object";
        QTest::newRow("empty id") << QByteArray(pushWith("id", "\"\"").c_str()) << "field"
                                  << "non-empty \"id\"";
        QTest::newRow("numeric space") << QByteArray(pushWith("space", "5").c_str()) << "field"
                                       << "non-empty \"space\"";
        QTest::newRow("unknown scope") << QByteArray(pushWith("scope", "\"secret\"").c_str())
                                       << "field" << "unknown scope \"secret\"";
        QTest::newRow("negative seq") << QByteArray(pushWith("seq", "-1").c_str()) << "field"
                                      << "whole number \"seq\"";
        QTest::newRow("fractional seq") << QByteArray(pushWith("seq", "1.5").c_str()) << "field"
                                        << "whole number \"seq\"";
        QTest::newRow("epoch past 32 bits")
            << QByteArray(pushWith("epoch", "4294967296").c_str()) << "field"
            << "whole number \"epoch\"";
        QTest::newRow("short nonce") << QByteArray(pushWith("nonce", "\"QUJD\"").c_str()) << "field"
                                     << "nonce has 24 bytes";
        QTest::newRow("nonce alphabet") << QByteArray(pushWith("nonce", "\"a+b/\"").c_str())
                                        << "field" << "\"nonce\" is not unpadded base64url";
        QTest::newRow("ciphertext bits") << QByteArray(pushWith("ciphertext", "\"QR\"").c_str())
                                         << "field" << "\"ciphertext\" is not unpadded base64url";
    }

    void pushBodyRefusesMalformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, kind);
        QFETCH(QString, message);
        try {
            (void)readPushBody(std::string_view(body.constData(), body.size()), 500);
            QFAIL("a malformed push body was read");
        } catch (const MalformedJson &e) {
            QCOMPARE(kind, QString("json"));
            QVERIFY2(QString(e.what()).contains(message), e.what());
        } catch (const ValidationError &e) {
            QCOMPARE(kind, QString("field"));
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void pushAnswerRoundTrips()
    {
        PushAnswer answer{{{"0123456789abcdef0123456789abcdef", 7, 1'760'000'000'000, true},
                           {"fedcba9876543210fedcba9876543210", 3, 1'759'000'000'000, false}},
                          9};
        const std::string body = pushAnswerBody(answer);
        const json parsed = json::parse(body);
        QCOMPARE(parsed.at("cursor").get<std::int64_t>(), std::int64_t(9));
        QCOMPARE(parsed.at("results")[1].at("stored").get<bool>(), false);
        const PushAnswer back = readPushAnswer(body);
        QCOMPARE(back.cursor, answer.cursor);
        QCOMPARE(back.results.size(), std::size_t(2));
        QCOMPARE(back.results[0].id, answer.results[0].id);
        QCOMPARE(back.results[0].receivedMs, answer.results[0].receivedMs);
        QCOMPARE(back.results[1].cursor, std::int64_t(3));
        QCOMPARE(back.results[1].stored, false);
        QVERIFY_THROWS_EXCEPTION(ProtocolError, readPushAnswer(R"({"results":[]})"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError,
                                 readPushAnswer(R"({"results":[{"id":"a","cursor":1}],"cursor":1})"));
    }

    void pullAnswerRoundTrips()
    {
        PullAnswer answer;
        for (std::int64_t cursor = 1; cursor <= 20; ++cursor)
            answer.envelopes.push_back({cursor, 1'760'000'000'000 + cursor,
                                        sealed(static_cast<std::uint64_t>(cursor)), {}, {}});
        answer.next = 20;
        answer.more = true;
        const std::string body = pullAnswerBody(answer);
        const json parsed = json::parse(body);
        QCOMPARE(parsed.at("envelopes")[4].at("cursor").get<std::int64_t>(), std::int64_t(5));
        QCOMPARE(parsed.at("envelopes")[4].get<Envelope>(), answer.envelopes[4].envelope);
        const PullAnswer back = readPullAnswer(body);
        QCOMPARE(back.next, std::int64_t(20));
        QVERIFY(back.more);
        QCOMPARE(back.envelopes.size(), answer.envelopes.size());
        for (std::size_t i = 0; i < back.envelopes.size(); ++i) {
            QCOMPARE(back.envelopes[i].cursor, answer.envelopes[i].cursor);
            QCOMPARE(back.envelopes[i].receivedMs, answer.envelopes[i].receivedMs);
            QCOMPARE(back.envelopes[i].envelope, answer.envelopes[i].envelope);
            QVERIFY(back.envelopes[i].error.empty());
        }
    }

    void pullAnswerKeepsAnUndecodableEnvelopeAside()
    {
        json wire = json::parse(envelopeText(sealed(1)));
        wire["nonce"] = "short";
        wire["cursor"] = 4;
        wire["received"] = 10;
        const std::string body =
            json{{"envelopes", json::array({wire})}, {"next", 4}, {"more", false}}.dump();
        const PullAnswer answer = readPullAnswer(body);
        QCOMPARE(answer.envelopes.size(), std::size_t(1));
        QCOMPARE(answer.envelopes[0].cursor, std::int64_t(4));
        QVERIFY(!answer.envelopes[0].error.empty());
        QVERIFY(json::parse(answer.envelopes[0].raw) == wire);
        QVERIFY(!readPullAnswer(R"({"envelopes":[],"next":0})").more);
        QVERIFY_THROWS_EXCEPTION(ProtocolError, readPullAnswer(R"({"envelopes":[],"more":false})"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError,
                                 readPullAnswer(R"({"envelopes":[],"next":1,"more":"yes"})"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError,
                                 readPullAnswer(R"({"envelopes":[{"id":"x"}],"next":1})"));
    }

    void stringsAreEscaped()
    {
        std::string out;
        appendJsonString(out, std::string("a\"b\\c\n\x01", 7));
        QCOMPARE(json::parse(out).get<std::string>(), std::string("a\"b\\c\n\x01", 7));
    }
};

QTEST_APPLESS_MAIN(TestWire)
#include "tst_wire.moc"
