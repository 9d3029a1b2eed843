// Fair reveal's primitives (core/reveal.h): an answer sealed under its own key opens only with
// that key, for the same conversation and author, and its sealed text says nothing of it.
#include "reveal.h"

#include "errors.h"

#include <QTest>

using namespace hearth;
using namespace hearth::reveal;

class TestReveal : public QObject {
    Q_OBJECT

private slots:
    void sealsAndOpens()
    {
        const AnswerKey key = AnswerKey::generate();
        const std::string answer = R"({"closeness":4,"note":"I missed our Sunday walk"})";
        const std::string sealed = seal(answer, key, "checkin-1", "maya");
        QCOMPARE(open(sealed, key, "checkin-1", "maya"), answer);
        QVERIFY(sealed.find("Sunday") == std::string::npos);
        // A fresh nonce each time: the same answer never gives the same text twice.
        QVERIFY(seal(answer, key, "checkin-1", "maya") != sealed);
        QCOMPARE(open(seal("", key, "c", "m"), key, "c", "m"), std::string());
    }

    void opensOnlyForItsKeyConversationAndAuthor()
    {
        const AnswerKey key = AnswerKey::generate();
        const std::string sealed = seal("mine", key, "checkin-1", "maya");
        QVERIFY_THROWS_EXCEPTION(ProtocolError, open(sealed, AnswerKey::generate(), "checkin-1", "maya"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, open(sealed, key, "checkin-2", "maya"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, open(sealed, key, "checkin-1", "sam"));
        // The fields are length-prefixed: moving a character between them is another pair.
        const std::string split = seal("mine", key, "ab", "c");
        QVERIFY_THROWS_EXCEPTION(ProtocolError, open(split, key, "a", "bc"));
    }

    void damagedTextIsRefused()
    {
        const AnswerKey key = AnswerKey::generate();
        std::string sealed = seal("mine", key, "c", "m");
        sealed[sealed.size() / 2] = sealed[sealed.size() / 2] == 'A' ? 'B' : 'A';
        QVERIFY_THROWS_EXCEPTION(ProtocolError, open(sealed, key, "c", "m"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, open("short", key, "c", "m"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, open("not base64!", key, "c", "m"));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, open("", key, "c", "m"));
    }

    void keysTravelAsText()
    {
        const AnswerKey key = AnswerKey::generate();
        const std::string text = key.text();
        QCOMPARE(text.size(), std::size_t(43));
        const AnswerKey back = AnswerKey::fromText(text);
        QCOMPARE(open(seal("x", key, "c", "m"), back, "c", "m"), std::string("x"));
        QVERIFY(AnswerKey::generate().text() != text);
        QVERIFY_THROWS_EXCEPTION(ProtocolError, AnswerKey::fromText(text.substr(1)));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, AnswerKey::fromText("é" + text.substr(2)));
        QVERIFY_THROWS_EXCEPTION(ProtocolError, AnswerKey::fromText(""));
    }

    void fingerprintsNameARevision()
    {
        const AnswerKey key = AnswerKey::generate();
        const std::string first = seal("draft one", key, "c", "m");
        const std::string second = seal("draft two", key, "c", "m");
        QCOMPARE(fingerprint(first), fingerprint(first));
        QVERIFY(fingerprint(first) != fingerprint(second));
        QCOMPARE(fingerprint(first).size(), std::size_t(32));
        QVERIFY(fingerprint(first).find_first_not_of("0123456789abcdef") == std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestReveal)
#include "tst_reveal.moc"
