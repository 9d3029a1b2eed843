// Keys on the device: the key ring's stored form, invite codes as people type them, and the
// sealed key bundle an invite carries.
#include "keyring.h"

#include "errors.h"

#include <nlohmann/json.hpp>

#include <QTest>

using namespace hearth;
using namespace hearth::sync;

class TestKeyRing : public QObject {
    Q_OBJECT

private slots:
    void ringRoundTripsAndPicksTheNewestEpoch()
    {
        KeyRing ring;
        ring.device = DeviceKeyPair::generate();
        ring.add(ContentKey::generate("couple", 1));
        ring.add(ContentKey::generate("couple", 2));
        ring.add(ContentKey::generate("care", 1));
        QCOMPARE(ring.current("couple")->epoch(), 2u);
        QVERIFY(ring.current("private") == nullptr);
        const KeyRing back = KeyRing::fromJson(nlohmann::json::parse(ring.toJson().dump()));
        QCOMPARE(back.keys().size(), std::size_t{3});
        QVERIFY(back.device.publicKey == ring.device.publicKey);
        QVERIFY(back.device.secretKey == ring.device.secretKey);
        const ContentKey *a = ring.find("couple", 1).at(0);
        const ContentKey *b = back.find("couple", 1).at(0);
        QVERIFY(std::equal(a->data(), a->data() + ContentKey::kSize, b->data()));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, KeyRing::fromJson(nlohmann::json{{"public", "x"}}));
    }

    void concurrentRotationsKeepBothKeys()
    {
        KeyRing ring;
        const ContentKey mine = ContentKey::generate("couple", 2);
        const ContentKey theirs = ContentKey::generate("couple", 2);
        ring.add(mine);
        ring.add(theirs);
        ring.add(mine); // the same key again is not a new one
        QCOMPARE(ring.find("couple", 2).size(), std::size_t{2});
        QCOMPARE(ring.epoch("couple"), 2u);
        QCOMPARE(ring.epoch("care"), 0u);
    }

    void keyBoxesOpenOnlyFromTheirSenderForTheirDevice()
    {
        const DeviceKeyPair sender = DeviceKeyPair::generate();
        const DeviceKeyPair device = DeviceKeyPair::generate();
        const ContentKey key = ContentKey::generate("care", 4);
        const std::string box = sealKeyFor(key, device.publicKey, sender);
        const ContentKey opened = openKeyBox(box, sender.publicKey, device);
        QCOMPARE(opened.scope(), std::string("care"));
        QCOMPARE(opened.epoch(), 4u);
        QVERIFY(std::equal(key.data(), key.data() + ContentKey::kSize, opened.data()));
        // Another recipient cannot open it, and it does not pass for another sender's.
        QVERIFY_THROWS_EXCEPTION(ProtocolError, openKeyBox(box, sender.publicKey, DeviceKeyPair::generate()));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, openKeyBox(box, DeviceKeyPair::generate().publicKey, device));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, openKeyBox("AAAA", sender.publicKey, device));
    }

    void inviteCodesReadAsTyped()
    {
        const InviteCode code = InviteCode::generate();
        const std::string text = code.text();
        QCOMPARE(text.size(), std::size_t{39}); // 8 groups of 4 with dashes
        QCOMPARE(InviteCode::parse(text).lookup(), code.lookup());
        std::string sloppy;
        for (char c : text)
            if (c != '-')
                sloppy += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        sloppy.insert(10, "  ");
        QCOMPARE(InviteCode::parse(sloppy).lookup(), code.lookup());
        // O, I and L are read as the digits they look like.
        std::string confusable = text;
        for (char &c : confusable) {
            if (c == '0')
                c = 'O';
            else if (c == '1')
                c = 'l';
        }
        QCOMPARE(InviteCode::parse(confusable).lookup(), code.lookup());
        QCOMPARE(code.lookup().size(), std::size_t{64});
        QVERIFY(code.lookup() != InviteCode::generate().lookup());
    }

    void badCodesAreRefusedClearly()
    {
        for (const char *bad : {"", "1234", "UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU-UUUU",
                                "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-67890"}) {
            try {
                (void)InviteCode::parse(bad);
                QFAIL(bad);
            } catch (const ValidationError &e) {
                QCOMPARE(e.field(), std::string("code"));
                QVERIFY(std::string(e.what()).find("invite code") != std::string::npos);
            }
        }
    }

    void bundleOpensOnlyWithItsCode()
    {
        const InviteCode code = InviteCode::generate();
        InviteBundle bundle{"space-1", "member-b", "partner", "member-a",
                            {ContentKey::generate("couple", 1), ContentKey::generate("care", 3)}};
        const std::string sealed = sealBundle(bundle, code);
        QVERIFY(sealed.find("member-b") == std::string::npos);
        const InviteBundle opened = openBundle(sealed, code);
        QCOMPARE(opened.space, bundle.space);
        QCOMPARE(opened.member, bundle.member);
        QCOMPARE(opened.role, bundle.role);
        QCOMPARE(opened.inviter, bundle.inviter);
        QCOMPARE(opened.keys.size(), std::size_t{2});
        QCOMPARE(opened.keys[1].epoch(), 3u);
        QVERIFY(std::equal(opened.keys[0].data(), opened.keys[0].data() + ContentKey::kSize,
                           bundle.keys[0].data()));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, openBundle(sealed, InviteCode::generate()));
        std::string tampered = sealed;
        tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
        QVERIFY_THROWS_EXCEPTION(ProtocolError, openBundle(tampered, code));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, openBundle("short", code));
    }
};

QTEST_GUILESS_MAIN(TestKeyRing)
#include "tst_keyring.moc"
