// Signals and agreements (core/signalbook.h, core/agreements.h): a shared signal or an agreement
// counts only once the partner who did not propose it accepted it as it reads, also when an edit
// crosses the acceptance offline; one-tap messages are sent and answered once, each device tells
// its person of them once and keeps what it was told to itself; agreements keep their review
// dates in each partner's own time zone.
#include "agreements.h"
#include "signalbook.h"

#include "contentlibrary.h"
#include "errors.h"
#include "repairs.h"
#include "ritualbook.h"
#include "twodevices.h"

#include <QTest>

#include <algorithm>
#include <functional>
#include <memory>

using namespace hearth;
using namespace hearth::test;

namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

/// Everything each device wrote, to every other device (private rows only between the same
/// person's devices). Merging is idempotent, so the whole log goes every time: unlike deliver(),
/// this works between more than two devices.
void exchange(const std::vector<Device *> &devices)
{
    for (Device *from : devices)
        for (Device *to : devices) {
            if (from == to)
                continue;
            const bool samePerson = from->store.meta("member_id") == to->store.meta("member_id");
            std::vector<Change> changes;
            for (auto &[seq, change] : from->store.changeLog(0, 100000))
                if (change.scope != "private" || samePerson)
                    changes.push_back(change);
            to->store.merge(changes);
            fair::revealDue(to->store);
        }
}

std::int64_t count(Device &d, const char *sql)
{
    return d.store.db().queryInt(sql).value_or(-1);
}

std::size_t logSize(Device &d)
{
    return d.store.changeLog(0, 100000).size();
}

} // namespace

class TestSignals : public QObject {
    Q_OBJECT

    ContentLibrary m_content = ContentLibrary::loadDefault();
    std::unique_ptr<Device> m_maya;
    std::unique_ptr<Device> m_jonas;

    SignalBook maya() { return SignalBook(m_maya->store, m_content); }
    SignalBook jonas() { return SignalBook(m_jonas->store, m_content); }
    Agreements mayaAgreements() { return Agreements(m_maya->store, m_content); }
    Agreements jonasAgreements() { return Agreements(m_jonas->store, m_content); }
    void both() { exchange({m_maya.get(), m_jonas.get()}); }
    Millis now() const { return m_maya->clock.nowMs(); }
    void later(Millis by)
    {
        m_maya->clock.advance(by);
        m_jonas->clock.advance(by);
    }
    void setTime(Millis at)
    {
        m_maya->clock.set(at);
        m_jonas->clock.set(at);
    }
    /// A second device of the same person as `of`, with everything it has.
    std::unique_ptr<Device> secondDevice(Device &of, std::uint64_t seed)
    {
        auto d = std::make_unique<Device>(seed);
        d->clock.set(of.clock.nowMs());
        d->store.setMeta("space_id", *of.store.meta("space_id"));
        d->store.setMeta("member_id", *of.store.meta("member_id"));
        exchange({m_maya.get(), m_jonas.get(), d.get()});
        return d;
    }
    /// A signal Maya proposed and Jonas accepted.
    std::string ourSignal(const std::string &word = "Pineapple",
                          const std::string &meaning = "I'm flooded and need a break.")
    {
        const std::string id = maya().propose(word, meaning);
        both();
        jonas().accept(id);
        both();
        return id;
    }
    /// An agreement Maya proposed and Jonas agreed to.
    std::string ourAgreement(const std::string &reviewOn = {})
    {
        const std::string id = mayaAgreements().propose(
            {"When I'm running late", "I text you before six", reviewOn, {}});
        both();
        jonasAgreements().agree(id);
        both();
        return id;
    }
    bool hasContent() const
    {
        return m_content.signalKind("hug") && m_content.signalKind("pause")
               && m_content.quickReply("thanks") && m_content.quickReply("later");
    }

private slots:
    void init()
    {
        m_maya = std::make_unique<Device>(1);
        m_jonas = std::make_unique<Device>(2);
        pair(*m_maya, *m_jonas);
    }

    // --- shared signals -------------------------------------------------------------------

    void proposingChecksTheText()
    {
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().propose("", "A break, please."));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().propose("  \n", "A break, please."));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().propose("Pineapple", " "));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().propose(std::string(SignalBook::kMaxWord + 1, 'x'), "A break."));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().propose("Pineapple", std::string(SignalBook::kMaxMeaning + 1, 'x')));
        QCOMPARE(count(*m_maya, "SELECT count(*) FROM signal"), std::int64_t(0));
        try {
            maya().propose("", "x");
            QFAIL("an empty word was taken");
        } catch (const ValidationError &e) {
            QCOMPARE(e.field(), std::string("word"));
        }

        // Counted in characters, trimmed.
        const std::string id = maya().propose("  Ananás ", "\tI'm flooded and need a break.\n");
        const auto s = maya().signal(id);
        QCOMPARE(s->word, std::string("Ananás"));
        QCOMPARE(s->meaning, std::string("I'm flooded and need a break."));
        QCOMPARE(s->status, std::string("proposed"));
        QCOMPARE(s->proposedBy, *m_maya->store.meta("member_id"));
        maya().propose(std::string(SignalBook::kMaxWord - 1, 'x') + "é", "Long but fine.");

        // A word the couple has already, in any case, is refused; once retired it is free.
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().propose("ANANÁS", "Something else."));
        both();
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonas().propose("ananás", "Something else."));
        jonas().retire(id);
        jonas().propose("ananás", "Something else.");
    }

    void onlyThePartnerAcceptsAndThenItIsOurs()
    {
        const std::string id = maya().propose("Pineapple", "I'm flooded and need a break.");
        both();
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().accept(id));
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonas().accept("no-such-signal"));
        QCOMPARE(jonas().signal(id)->status, std::string("proposed"));
        QVERIFY(jonas().signal(id)->acceptedBy.empty());
        jonas().accept(id);
        both();
        for (SignalBook book : {maya(), jonas()}) {
            const auto s = book.signal(id);
            QCOMPARE(s->status, std::string("ours"));
            QCOMPARE(s->acceptedBy, *m_jonas->store.meta("member_id"));
            QCOMPARE(s->acceptedAt, now());
        }
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonas().accept(id));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().accept(id));
    }

    void aSuggestedChangeAsksTheOtherAgain()
    {
        const std::string id = ourSignal();
        later(kMinute);
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonas().suggestChange(id, "", "x"));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 jonas().suggestChange(id, "Pineapple", "I'm flooded and need a break."));
        jonas().suggestChange(id, "Pineapple", "I'm flooded: give me twenty minutes.");
        both();
        for (SignalBook book : {maya(), jonas()}) {
            const auto s = book.signal(id);
            QCOMPARE(s->status, std::string("proposed"));
            QCOMPARE(s->proposedBy, *m_jonas->store.meta("member_id"));
            QCOMPARE(s->proposedAt, now());
            QVERIFY(s->acceptedBy.empty());
        }
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonas().accept(id)); // his own suggestion now
        maya().accept(id);
        both();
        QCOMPARE(jonas().signal(id)->status, std::string("ours"));
        QCOMPARE(jonas().signal(id)->meaning, std::string("I'm flooded: give me twenty minutes."));
    }

    void anEditThatCrossesAnAcceptanceIsProposedAgain_data()
    {
        QTest::addColumn<bool>("editLater");
        QTest::newRow("Maya's edit after Jonas's acceptance") << true;
        QTest::newRow("Jonas's acceptance after Maya's edit") << false;
    }

    void anEditThatCrossesAnAcceptanceIsProposedAgain()
    {
        // Jonas accepts "Pineapple" while Maya, offline, rewords it: whichever write is stamped
        // later, neither device may call the new wording ours, and it is Jonas who is asked.
        QFETCH(bool, editLater);
        const std::string id = maya().propose("Pineapple", "I need a break.");
        both();
        if (editLater) {
            m_jonas->clock.advance(kMinute);
            jonas().accept(id);
            m_maya->clock.advance(2 * kMinute);
            maya().suggestChange(id, "Pineapple", "I need a break of twenty minutes.");
        } else {
            m_maya->clock.advance(kMinute);
            maya().suggestChange(id, "Pineapple", "I need a break of twenty minutes.");
            m_jonas->clock.advance(2 * kMinute);
            jonas().accept(id);
        }
        both();
        QCOMPARE(m_maya->store.stateHash(), m_jonas->store.stateHash());
        for (SignalBook book : {maya(), jonas()}) {
            const auto s = book.signal(id);
            QCOMPARE(s->status, std::string("proposed"));
            QCOMPARE(s->meaning, std::string("I need a break of twenty minutes."));
            QCOMPARE(s->proposedBy, *m_maya->store.meta("member_id"));
        }
        // Jonas is asked: it is first in his list, and his acceptance now makes it ours.
        QCOMPARE(jonas().sharedSignals().front().id, id);
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().accept(id));
        jonas().accept(id);
        both();
        QCOMPARE(maya().signal(id)->status, std::string("ours"));
    }

    void twoSuggestionsAtOnceKeepTheLater()
    {
        // Documented last-writer-wins: both reword it offline, the later stamp wins whole.
        const std::string id = ourSignal();
        m_maya->clock.advance(kMinute);
        maya().suggestChange(id, "Pineapple", "Maya's wording.");
        m_jonas->clock.advance(2 * kMinute);
        jonas().suggestChange(id, "Mango", "Jonas's wording.");
        both();
        QCOMPARE(m_maya->store.stateHash(), m_jonas->store.stateHash());
        for (SignalBook book : {maya(), jonas()}) {
            const auto s = book.signal(id);
            QCOMPARE(s->word, std::string("Mango"));
            QCOMPARE(s->meaning, std::string("Jonas's wording."));
            QCOMPARE(s->proposedBy, *m_jonas->store.meta("member_id"));
            QCOMPARE(s->status, std::string("proposed"));
        }
        maya().accept(id);
        both();
        QCOMPARE(jonas().signal(id)->status, std::string("ours"));
    }

    void aStaleAcceptanceFromAnotherDeviceKeepsTheValidOne()
    {
        // Jonas proposes "Kiwi". Maya's phone rewords it (she is the proposer now) and Jonas
        // accepts the new words; Maya's laptop, offline since the proposal, accepts the old ones
        // later. Each member's acceptance is a row of its own, so the laptop's stale acceptance
        // overwrites nothing of Jonas's: every device reads it ours, accepted by Jonas.
        const std::string id = jonas().propose("Kiwi", "A hug, please.");
        both();
        auto laptop = secondDevice(*m_maya, 3);
        std::vector<Device *> all = {m_maya.get(), m_jonas.get(), laptop.get()};
        for (Device *d : all)
            d->clock.advance(kMinute);
        maya().suggestChange(id, "Kiwi", "A long hug, please.");
        both();
        for (Device *d : all)
            d->clock.advance(kMinute);
        jonas().accept(id);
        both();
        QCOMPARE(maya().signal(id)->status, std::string("ours"));
        laptop->clock.advance(kMinute);
        SignalBook onLaptop(laptop->store, m_content);
        QCOMPARE(onLaptop.signal(id)->meaning, std::string("A hug, please."));
        onLaptop.accept(id); // the old words, proposed by Jonas, as the laptop still sees them
        exchange(all);
        QCOMPARE(m_maya->store.stateHash(), m_jonas->store.stateHash());
        QCOMPARE(laptop->store.stateHash(), m_jonas->store.stateHash());
        for (Device *d : all) {
            const auto s = SignalBook(d->store, m_content).signal(id);
            QCOMPARE(s->status, std::string("ours"));
            QCOMPARE(s->meaning, std::string("A long hug, please."));
            QCOMPARE(s->proposedBy, *m_maya->store.meta("member_id"));
            QCOMPARE(s->acceptedBy, *m_jonas->store.meta("member_id"));
        }
        // One acceptance row per member.
        QCOMPARE(count(*m_maya, "SELECT count(*) FROM acceptance WHERE entity = 'signal'"), std::int64_t(2));
    }

    void aTextThatComesBackIsAskedAgain()
    {
        // Maya accepted Jonas's words; Jonas rewords them and then goes back to the first ones:
        // his suggestion withdrew her acceptance, so she is asked again.
        const std::string id = jonas().propose("Kiwi", "A hug, please.");
        both();
        maya().accept(id);
        both();
        QCOMPARE(jonas().signal(id)->status, std::string("ours"));
        jonas().suggestChange(id, "Kiwi", "A long hug, please.");
        jonas().suggestChange(id, "Kiwi", "A hug, please.");
        both();
        for (SignalBook book : {maya(), jonas()}) {
            QCOMPARE(book.signal(id)->status, std::string("proposed"));
            QVERIFY(book.signal(id)->acceptedBy.empty());
        }
        maya().accept(id);
        both();
        QCOMPARE(jonas().signal(id)->status, std::string("ours"));
    }

    void unreadableTextIsRefused()
    {
        // Bytes that are not UTF-8 cannot travel in a change: refused at once, beside the field.
        const auto field = [&](const std::function<void()> &f) {
            try {
                f();
            } catch (const ValidationError &e) {
                return e.field();
            }
            return std::string("(taken)");
        };
        QCOMPARE(field([&] { maya().propose("Kiwi\xff", "A hug."); }), std::string("word"));
        QCOMPARE(field([&] { maya().propose("Kiwi", "A hug\xc3"); }), std::string("meaning"));
        QCOMPARE(field([&] { maya().propose("\xed\xa0\x80", "A surrogate."); }), std::string("word"));
        QCOMPARE(field([&] { maya().propose("\xc0\xaf", "An overlong slash."); }), std::string("word"));
        QCOMPARE(count(*m_maya, "SELECT count(*) FROM signal"), std::int64_t(0));
        const std::string id = maya().propose("Kiwi", "A hug, please.");
        QCOMPARE(field([&] { maya().suggestChange(id, "Kiwi", "\x80 hug"); }), std::string("meaning"));
        QCOMPARE(maya().signal(id)->meaning, std::string("A hug, please."));

        QCOMPARE(field([&] { mayaAgreements().propose({"When \xff", "I text", "", ""}); }),
                 std::string("situation"));
        QCOMPARE(field([&] { mayaAgreements().propose({"When I'm late", "I text\xe2\x82", "", ""}); }),
                 std::string("action"));
        QCOMPARE(count(*m_maya, "SELECT count(*) FROM agreement"), std::int64_t(0));
        const std::string agreement = mayaAgreements().propose({"When I'm late", "I text", "", ""});
        QCOMPARE(field([&] { mayaAgreements().suggestChange(agreement, {"When I'm late", "I \xff", "", ""}); }),
                 std::string("action"));
        QCOMPARE(mayaAgreements().agreement(agreement)->action, std::string("I text"));
        // Well-formed text of every length of character is fine.
        maya().propose("Ananás €𝄞", "Ça va.");
    }

    void eitherRetiresAndTheListIsOrdered()
    {
        const std::string ours = ourSignal("Pineapple", "A break.");
        const std::string mine = maya().propose("Kiwi", "A hug, please.");
        const std::string his = jonas().propose("Banana", "Let's go for a walk.");
        const std::string gone = ourSignal("Apple", "Later.");
        both();
        jonas().retire(gone);
        both();
        QCOMPARE(maya().signal(gone)->status, std::string("retired"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().accept(gone));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().suggestChange(gone, "Apple", "Now."));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().retire("no-such-signal"));
        std::vector<std::string> order;
        for (const SharedSignal &s : maya().sharedSignals())
            order.push_back(s.id);
        // Waiting for me, waiting for my partner, ours, retired.
        QCOMPARE(order, (std::vector<std::string>{his, mine, ours, gone}));
        order.clear();
        for (const SharedSignal &s : jonas().sharedSignals())
            order.push_back(s.id);
        QCOMPARE(order, (std::vector<std::string>{mine, his, ours, gone}));
        // Retiring a retired one changes nothing.
        const auto before = logSize(*m_maya);
        maya().retire(gone);
        QCOMPARE(logSize(*m_maya), before);
    }

    void aRetirementIsNotUndoneByACrossingAcceptance()
    {
        const std::string id = maya().propose("Pineapple", "A break.");
        both();
        m_maya->clock.advance(kMinute);
        maya().retire(id);
        m_jonas->clock.advance(2 * kMinute);
        jonas().accept(id);
        both();
        QCOMPARE(maya().signal(id)->status, std::string("retired"));
        QCOMPARE(jonas().signal(id)->status, std::string("retired"));
    }

    void atMostFiftySignals()
    {
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < SignalBook::kMaxSignals; ++i)
            ids.push_back(maya().propose("word " + std::to_string(i), "meaning"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().propose("one more", "meaning"));
        maya().retire(ids.front());
        maya().propose("one more", "meaning");
    }

    // --- messages -------------------------------------------------------------------------

    void sendingChecksKindSignalAndTime()
    {
        QVERIFY(hasContent());
        const auto rows = [&] { return count(*m_maya, "SELECT count(*) FROM signal_message"); };
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send("no-such-kind"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send(""));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send("own"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send("own", "no-such-signal"));
        const std::string proposed = maya().propose("Kiwi", "A hug, please.");
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send("own", proposed));
        // Pausing asks until when: later than now, within a day.
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send("pause"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send("pause", {}, now()));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send("pause", {}, now() - kMinute));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().send("pause", {}, now() + SignalBook::kMaxUntil + 1));
        try {
            maya().send("pause", {}, now() - kMinute);
        } catch (const ValidationError &e) {
            QCOMPARE(e.field(), std::string("until"));
        }
        QCOMPARE(rows(), std::int64_t(0));

        const std::string pause = maya().send("pause", {}, now() + 30 * kMinute);
        auto m = maya().message(pause);
        QCOMPARE(m->text, m_content.signalKind("pause")->label);
        QCOMPARE(m->untilAt, now() + 30 * kMinute);
        QCOMPARE(m->sentAt, now());
        QCOMPARE(m->sentBy, *m_maya->store.meta("member_id"));
        QVERIFY(!m->answered());
        // A kind that asks no time ignores one.
        later(kMinute);
        const std::string hug = maya().send("hug", {}, now() + kHour);
        QCOMPARE(maya().message(hug)->untilAt, Millis(0));
        QCOMPARE(maya().message(hug)->text, m_content.signalKind("hug")->label);

        // Our own signal: its word and meaning as they read when sent.
        const std::string pineapple = ourSignal("Pineapple", "I'm flooded and need a break.");
        later(kMinute);
        const std::string own = maya().send("own", pineapple, now() + kHour);
        later(kMinute);
        jonas().suggestChange(pineapple, "Mango", "Something else.");
        both();
        m = jonas().message(own);
        QCOMPARE(m->kind, std::string("own"));
        QCOMPARE(m->signalId, pineapple);
        QCOMPARE(m->text, std::string("Pineapple"));
        QCOMPARE(m->meaning, std::string("I'm flooded and need a break."));
        QCOMPARE(m->untilAt, Millis(0));
        // Reworded, it waits for Maya again and cannot be sent meanwhile.
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().send("own", pineapple));
        // Newest first.
        const auto all = jonas().messages();
        QCOMPARE(all.size(), std::size_t(3));
        QCOMPARE(all.front().id, own);
        QCOMPARE(jonas().messages(1).size(), std::size_t(1));
    }

    void theReceiverAnswersOnce()
    {
        QVERIFY(hasContent());
        const std::string id = maya().send("hug");
        both();
        later(kMinute);
        const auto refused = [&](const std::function<void()> &f, const char *field) {
            try {
                f();
            } catch (const ValidationError &e) {
                return e.field() == field;
            }
            return false;
        };
        QVERIFY(refused([&] { maya().reply(id, "thanks"); }, "message"));
        QVERIFY(refused([&] { jonas().reply("no-such-message", "thanks"); }, "message"));
        QVERIFY(refused([&] { jonas().reply(id, "no-such-reply"); }, "reply"));
        QVERIFY(refused([&] { jonas().reply(id, "later"); }, "until"));
        QVERIFY(refused([&] { jonas().reply(id, "later", now() + SignalBook::kMaxUntil + kMinute); }, "until"));
        QVERIFY(!jonas().message(id)->answered());

        jonas().reply(id, "later", now() + 2 * kHour);
        QVERIFY(refused([&] { jonas().reply(id, "thanks"); }, "message"));
        both();
        const auto m = maya().message(id);
        QCOMPARE(m->reply, std::string("later"));
        QCOMPARE(m->replyText, m_content.quickReply("later")->label);
        QCOMPARE(m->replyUntil, now() + 2 * kHour);
        QCOMPARE(m->repliedAt, now());

        // A reply that names no time ignores one.
        const std::string second = maya().send("thinking");
        both();
        jonas().reply(second, "thanks", now() + kHour);
        QCOMPARE(jonas().message(second)->replyUntil, Millis(0));
    }

    void twoDevicesOfTheReceiverAnsweringOfflineKeepOneWholeReply()
    {
        QVERIFY(hasContent());
        const std::string id = maya().send("hug");
        both();
        auto laptop = secondDevice(*m_jonas, 3);
        m_jonas->clock.advance(kMinute);
        jonas().reply(id, "later", m_jonas->clock.nowMs() + kHour);
        laptop->clock.advance(2 * kMinute);
        SignalBook(laptop->store, m_content).reply(id, "thanks");
        exchange({m_maya.get(), m_jonas.get(), laptop.get()});
        for (Device *d : {m_maya.get(), m_jonas.get(), laptop.get()}) {
            const auto m = SignalBook(d->store, m_content).message(id);
            QCOMPARE(m->reply, std::string("thanks"));
            QCOMPARE(m->replyText, m_content.quickReply("thanks")->label);
            QCOMPARE(m->replyUntil, Millis(0)); // not the other reply's time
            QCOMPARE(m->repliedAt, laptop->clock.nowMs());
        }
    }

    void theInboxHoldsWhatWaitsForMe()
    {
        QVERIFY(hasContent());
        const std::string old = maya().send("thinking");
        later(SignalBook::kNoticeWindow - kHour);
        const std::string hug = maya().send("hug");
        later(kMinute);
        const std::string talk = maya().send("talk");
        const std::string fromHim = jonas().send("hug");
        both();
        const auto ids = [](const std::vector<SignalMessage> &list) {
            std::vector<std::string> out;
            for (const SignalMessage &m : list)
                out.push_back(m.id);
            return out;
        };
        QCOMPARE(ids(jonas().inbox()), (std::vector<std::string>{talk, hug, old}));
        QCOMPARE(ids(maya().inbox()), (std::vector<std::string>{fromHim}));
        later(2 * kHour); // the first one is older than the window now
        QCOMPARE(ids(jonas().inbox()), (std::vector<std::string>{talk, hug}));

        // Reading writes nothing.
        const auto hash = m_jonas->store.stateHash();
        const auto logged = logSize(*m_jonas);
        (void)jonas().inbox();
        (void)jonas().messages();
        (void)jonas().sharedSignals();
        QCOMPARE(m_jonas->store.stateHash(), hash);

        // Dismissing is this device's own: nothing is written to share, no read receipt.
        auto laptop = secondDevice(*m_jonas, 3);
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonas().dismiss("no-such-message"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().dismiss(talk));
        jonas().dismiss(talk);
        QCOMPARE(logSize(*m_jonas), logged);
        QCOMPARE(m_jonas->store.stateHash(), hash);
        QCOMPARE(ids(jonas().inbox()), (std::vector<std::string>{hug}));
        QCOMPARE(ids(SignalBook(laptop->store, m_content).inbox()), (std::vector<std::string>{talk, hug}));

        // Answered on the laptop: it leaves the inbox of both his devices.
        SignalBook(laptop->store, m_content).reply(hug, "coming");
        exchange({m_maya.get(), m_jonas.get(), laptop.get()});
        QVERIFY(jonas().inbox().empty());
        QCOMPARE(ids(SignalBook(laptop->store, m_content).inbox()), (std::vector<std::string>{talk}));
    }

    void eachDeviceTellsOnceAndOnlyWhatIsNews()
    {
        QVERIFY(hasContent());
        auto mayaLaptop = secondDevice(*m_maya, 3);
        auto jonasLaptop = secondDevice(*m_jonas, 4);
        std::vector<Device *> all = {m_maya.get(), m_jonas.get(), mayaLaptop.get(), jonasLaptop.get()};
        const auto tell = [&](Device &d) { return SignalBook(d.store, m_content).takeNotices(); };

        // Sent on Maya's phone while offline: nothing anywhere until it travels, then once.
        const std::string id = maya().send("hug");
        QVERIFY(tell(*m_jonas).empty());
        exchange(all);
        exchange(all);
        for (Device *d : {m_jonas.get(), jonasLaptop.get()}) {
            const auto notices = tell(*d);
            QCOMPARE(notices.size(), std::size_t(1));
            QVERIFY(notices.front().kind == SignalNotice::Kind::Arrived);
            QCOMPARE(notices.front().message.id, id);
            QVERIFY(tell(*d).empty());
        }
        // What Maya sent from one device of hers is no news on the other.
        QVERIFY(tell(*m_maya).empty());
        QVERIFY(tell(*mayaLaptop).empty());

        // The reply, once, on each of Maya's devices; never to Jonas.
        for (Device *d : all)
            d->clock.advance(kMinute);
        SignalBook(jonasLaptop->store, m_content).reply(id, "coming");
        exchange(all);
        for (Device *d : {m_maya.get(), mayaLaptop.get()}) {
            const auto notices = tell(*d);
            QCOMPARE(notices.size(), std::size_t(1));
            QVERIFY(notices.front().kind == SignalNotice::Kind::Answered);
            QCOMPARE(notices.front().message.replyText, m_content.quickReply("coming")->label);
            QVERIFY(tell(*d).empty());
        }
        QVERIFY(tell(*m_jonas).empty());
        QVERIFY(tell(*jonasLaptop).empty());
    }

    void aDeviceThatWasOffLongStaysQuiet()
    {
        QVERIFY(hasContent());
        const std::string id = maya().send("hug");
        const std::string other = maya().send("thinking");
        both();
        jonas().reply(other, "thanks");
        later(SignalBook::kNoticeWindow + kMinute);
        both();
        QVERIFY(jonas().takeNotices().empty());
        QVERIFY(maya().takeNotices().empty());
        QVERIFY(jonas().inbox().empty());
        QCOMPARE(jonas().messages().size(), std::size_t(2));
        QVERIFY(jonas().message(id));
    }

    void aMessagePutAsideIsNotAnnounced()
    {
        QVERIFY(hasContent());
        const std::string id = maya().send("hug");
        both();
        jonas().dismiss(id); // seen in the list and put aside before the notice was taken
        QVERIFY(jonas().takeNotices().empty());
        // His other device did not put it aside: it tells him there.
        auto laptop = secondDevice(*m_jonas, 3);
        QCOMPARE(SignalBook(laptop->store, m_content).takeNotices().size(), std::size_t(1));
    }

    void anAnswerMyOtherDeviceGaveIsNoArrival()
    {
        QVERIFY(hasContent());
        const std::string id = maya().send("hug");
        both();
        auto laptop = secondDevice(*m_jonas, 3);
        SignalBook(laptop->store, m_content).reply(id, "thanks");
        exchange({m_maya.get(), m_jonas.get(), laptop.get()});
        QVERIFY(jonas().takeNotices().empty());
    }

    // --- agreements -----------------------------------------------------------------------

    void proposingChecksTheDraft()
    {
        // 2025-10-09 in both zones at the devices' start (08:53 UTC).
        const auto refused = [&](const AgreementDraft &d, const char *field) {
            try {
                mayaAgreements().propose(d);
            } catch (const ValidationError &e) {
                return e.field() == field;
            }
            return false;
        };
        QVERIFY(refused({"", "I text you", "", ""}, "situation"));
        QVERIFY(refused({" \n", "I text you", "", ""}, "situation"));
        QVERIFY(refused({std::string(Agreements::kMaxSituation + 1, 'x'), "I text you", "", ""}, "situation"));
        QVERIFY(refused({"When I'm late", "", "", ""}, "action"));
        QVERIFY(refused({"When I'm late", std::string(Agreements::kMaxAction + 1, 'x'), "", ""}, "action"));
        QVERIFY(refused({"When I'm late", "I text you", "2025-10-09", ""}, "reviewOn"));
        QVERIFY(refused({"When I'm late", "I text you", "2025-10-01", ""}, "reviewOn"));
        QVERIFY(refused({"When I'm late", "I text you", "2025-02-30", ""}, "reviewOn"));
        QVERIFY(refused({"When I'm late", "I text you", "10/11/2025", ""}, "reviewOn"));
        QVERIFY(refused({"When I'm late", "I text you", "2025-1-11", ""}, "reviewOn"));
        QVERIFY(refused({"When I'm late", "I text you", "", "no-such-repair"}, "repairId"));
        QCOMPARE(count(*m_maya, "SELECT count(*) FROM agreement"), std::int64_t(0));

        const std::string id = mayaAgreements().propose({"  When I'm running late ", "\nI text you before six",
                                                         "2025-10-10", ""});
        both();
        const auto a = jonasAgreements().agreement(id);
        QCOMPARE(a->situation, std::string("When I'm running late"));
        QCOMPARE(a->action, std::string("I text you before six"));
        QCOMPARE(a->reviewOn, std::string("2025-10-10"));
        QCOMPARE(a->status, std::string("proposed"));
        QCOMPARE(a->proposedBy, *m_maya->store.meta("member_id"));
        QVERIFY(a->agreedBy.empty());
        QVERIFY(!a->reviewDue);
    }

    void todayIsMyOwn()
    {
        // 2025-10-10 02:00 UTC: already the 10th in Lisbon (03:00), still the 9th in Toronto.
        setTime(1'760'061'600'000);
        const AgreementDraft tenth{"When I'm running late", "I text you before six", "2025-10-10", ""};
        QVERIFY_THROWS_EXCEPTION(ValidationError, mayaAgreements().propose(tenth));
        const std::string id = jonasAgreements().propose(tenth);
        both();
        mayaAgreements().agree(id);
        both();
        QVERIFY(mayaAgreements().agreement(id)->reviewDue);
        QVERIFY(!jonasAgreements().agreement(id)->reviewDue);
        QCOMPARE(mayaAgreements().takeReviewNotices().size(), std::size_t(1));
        QVERIFY(jonasAgreements().takeReviewNotices().empty());
        later(5 * kHour); // 03:00 in Toronto on the 10th
        QCOMPARE(jonasAgreements().takeReviewNotices().size(), std::size_t(1));
        QVERIFY(mayaAgreements().takeReviewNotices().empty());
    }

    void itCountsOnceThePartnerAgrees()
    {
        const std::string id = mayaAgreements().propose({"When I'm running late", "I text you before six", "", ""});
        both();
        QVERIFY_THROWS_EXCEPTION(ValidationError, mayaAgreements().agree(id));
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonasAgreements().agree("no-such-agreement"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonasAgreements().setStatus(id, "active"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonasAgreements().setStatus(id, "revisit"));
        later(kMinute);
        jonasAgreements().agree(id);
        both();
        for (Agreements book : {mayaAgreements(), jonasAgreements()}) {
            const auto a = book.agreement(id);
            QCOMPARE(a->status, std::string("active"));
            QCOMPARE(a->agreedBy, *m_jonas->store.meta("member_id"));
            QCOMPARE(a->agreedAt, now());
        }
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonasAgreements().agree(id));

        // To revisit, reworded, agreed again: active.
        QVERIFY_THROWS_EXCEPTION(ValidationError, mayaAgreements().setStatus(id, "paused"));
        mayaAgreements().setStatus(id, "revisit");
        both();
        QCOMPARE(jonasAgreements().agreement(id)->status, std::string("revisit"));
        jonasAgreements().suggestChange(id, {"When I'm running late", "I text you before five", "", ""});
        both();
        QCOMPARE(mayaAgreements().agreement(id)->status, std::string("proposed"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonasAgreements().agree(id));
        mayaAgreements().agree(id);
        both();
        QCOMPARE(jonasAgreements().agreement(id)->status, std::string("active"));
        QCOMPARE(jonasAgreements().agreement(id)->action, std::string("I text you before five"));

        // Either retires it; agreed as it reads, it may come back.
        jonasAgreements().setStatus(id, "retired");
        both();
        QCOMPARE(mayaAgreements().agreement(id)->status, std::string("retired"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, mayaAgreements().agree(id));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 mayaAgreements().suggestChange(id, {"When I'm late", "I call", "", ""}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, mayaAgreements().setReviewDate(id, "2025-12-01"));
        mayaAgreements().setStatus(id, "active");
        QCOMPARE(mayaAgreements().agreement(id)->status, std::string("active"));

        // A proposal withdrawn stays out of reach.
        const std::string draft = mayaAgreements().propose({"When we travel", "We pack the night before", "", ""});
        mayaAgreements().setStatus(draft, "retired");
        QVERIFY_THROWS_EXCEPTION(ValidationError, mayaAgreements().setStatus(draft, "active"));
    }

    void agreeingToARewordingKeepsARetirementMadeMeanwhile_data()
    {
        QTest::addColumn<bool>("retireLater");
        QTest::newRow("Maya retires after Jonas agrees") << true;
        QTest::newRow("Jonas agrees after Maya retires") << false;
    }

    void agreeingToARewordingKeepsARetirementMadeMeanwhile()
    {
        // Marked to revisit and reworded by Maya; Jonas agrees to the new words while Maya,
        // offline, retires it. Agreeing never writes the status: retired it stays, whichever is
        // stamped later.
        QFETCH(bool, retireLater);
        const std::string id = ourAgreement();
        mayaAgreements().setStatus(id, "revisit");
        mayaAgreements().suggestChange(id, {"When I'm running late", "I call you before six", "", ""});
        both();
        QCOMPARE(jonasAgreements().agreement(id)->status, std::string("proposed"));
        if (retireLater) {
            m_jonas->clock.advance(kMinute);
            jonasAgreements().agree(id);
            m_maya->clock.advance(2 * kMinute);
            mayaAgreements().setStatus(id, "retired");
        } else {
            m_maya->clock.advance(kMinute);
            mayaAgreements().setStatus(id, "retired");
            m_jonas->clock.advance(2 * kMinute);
            jonasAgreements().agree(id);
        }
        both();
        QCOMPARE(m_maya->store.stateHash(), m_jonas->store.stateHash());
        for (Agreements book : {mayaAgreements(), jonasAgreements()})
            QCOMPARE(book.agreement(id)->status, std::string("retired"));
    }

    void toRevisitHoldsForTheWordsItWasMarkedOn()
    {
        const std::string id = ourAgreement();
        jonasAgreements().setStatus(id, "revisit");
        both();
        QCOMPARE(mayaAgreements().agreement(id)->status, std::string("revisit"));
        // Reworded and agreed again: active, with nothing written to the status.
        mayaAgreements().suggestChange(id, {"When I'm running late", "I text you before five", "", ""});
        both();
        jonasAgreements().agree(id);
        both();
        for (Agreements book : {mayaAgreements(), jonasAgreements()})
            QCOMPARE(book.agreement(id)->status, std::string("active"));
        QCOMPARE(count(*m_maya, "SELECT count(*) FROM agreement WHERE status = 'revisit'"), std::int64_t(1));
        // Marked again, it is to revisit again; and active once set so.
        mayaAgreements().setStatus(id, "revisit");
        QCOMPARE(mayaAgreements().agreement(id)->status, std::string("revisit"));
        mayaAgreements().setStatus(id, "active");
        QCOMPARE(mayaAgreements().agreement(id)->status, std::string("active"));
    }

    void aStaleAgreementFromAnotherDeviceKeepsTheValidOne()
    {
        // The reviewer's sequence for agreements: Jonas proposes; Maya's phone rewords it; Jonas
        // agrees; Maya's laptop, offline since the proposal, agrees to the old words later.
        const std::string id = jonasAgreements().propose({"When I'm running late", "I text you", "", ""});
        both();
        auto laptop = secondDevice(*m_maya, 3);
        std::vector<Device *> all = {m_maya.get(), m_jonas.get(), laptop.get()};
        for (Device *d : all)
            d->clock.advance(kMinute);
        mayaAgreements().suggestChange(id, {"When I'm running late", "I text you before six", "", ""});
        both();
        for (Device *d : all)
            d->clock.advance(kMinute);
        jonasAgreements().agree(id);
        both();
        laptop->clock.advance(kMinute);
        Agreements(laptop->store, m_content).agree(id);
        exchange(all);
        QCOMPARE(laptop->store.stateHash(), m_jonas->store.stateHash());
        for (Device *d : all) {
            const auto a = Agreements(d->store, m_content).agreement(id);
            QCOMPARE(a->status, std::string("active"));
            QCOMPARE(a->action, std::string("I text you before six"));
            QCOMPARE(a->agreedBy, *m_jonas->store.meta("member_id"));
        }
    }

    void aChangedTextKeepsAReviewDateSetMeanwhile()
    {
        // Jonas sets a new review date while Maya, offline, rewords it and passes the date as she
        // saw it (as hearthctl agreement-change does without --review): his date stays.
        const std::string id = ourAgreement("2025-11-01");
        m_jonas->clock.advance(kMinute);
        jonasAgreements().setReviewDate(id, "2025-12-01");
        m_maya->clock.advance(2 * kMinute);
        mayaAgreements().suggestChange(id, {"When I'm running late", "I call you before six", "2025-11-01", ""});
        both();
        QCOMPARE(m_maya->store.stateHash(), m_jonas->store.stateHash());
        for (Agreements book : {mayaAgreements(), jonasAgreements()}) {
            const auto a = book.agreement(id);
            QCOMPARE(a->reviewOn, std::string("2025-12-01"));
            QCOMPARE(a->action, std::string("I call you before six"));
        }
        // A date given with new words is written.
        mayaAgreements().suggestChange(id, {"When I'm running late", "I call you", "2026-01-05", ""});
        QCOMPARE(mayaAgreements().agreement(id)->reviewOn, std::string("2026-01-05"));
    }

    void anEditThatCrossesAnAgreementIsProposedAgain()
    {
        const std::string id = mayaAgreements().propose({"When I'm running late", "I text you before six", "", ""});
        both();
        m_jonas->clock.advance(kMinute);
        jonasAgreements().agree(id);
        m_maya->clock.advance(2 * kMinute);
        mayaAgreements().suggestChange(id, {"When I'm running late", "I call you before six", "", ""});
        both();
        QCOMPARE(m_maya->store.stateHash(), m_jonas->store.stateHash());
        for (Agreements book : {mayaAgreements(), jonasAgreements()}) {
            const auto a = book.agreement(id);
            QCOMPARE(a->status, std::string("proposed"));
            QCOMPARE(a->action, std::string("I call you before six"));
            QCOMPARE(a->proposedBy, *m_maya->store.meta("member_id"));
        }
        QCOMPARE(jonasAgreements().list().front().id, id);
        jonasAgreements().agree(id);
        both();
        QCOMPARE(mayaAgreements().agreement(id)->status, std::string("active"));
    }

    void twoChangesAtOnceKeepTheLater()
    {
        const std::string id = ourAgreement();
        m_maya->clock.advance(kMinute);
        mayaAgreements().suggestChange(id, {"When I'm late", "Maya's way", "", ""});
        m_jonas->clock.advance(2 * kMinute);
        jonasAgreements().suggestChange(id, {"When I'm late", "Jonas's way", "", ""});
        both();
        QCOMPARE(m_maya->store.stateHash(), m_jonas->store.stateHash());
        for (Agreements book : {mayaAgreements(), jonasAgreements()}) {
            const auto a = book.agreement(id);
            QCOMPARE(a->action, std::string("Jonas's way"));
            QCOMPARE(a->proposedBy, *m_jonas->store.meta("member_id"));
            QCOMPARE(a->status, std::string("proposed"));
        }
    }

    void aNewReviewDateKeepsTheAgreement()
    {
        const std::string id = ourAgreement("2025-11-01");
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonasAgreements().setReviewDate(id, "2025-10-09"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonasAgreements().setReviewDate(id, "soon"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonasAgreements().setReviewDate("no-such-agreement", "2025-12-01"));
        QCOMPARE(jonasAgreements().agreement(id)->reviewOn, std::string("2025-11-01"));
        jonasAgreements().setReviewDate(id, "2025-12-01");
        both();
        auto a = mayaAgreements().agreement(id);
        QCOMPARE(a->reviewOn, std::string("2025-12-01"));
        QCOMPARE(a->status, std::string("active"));
        mayaAgreements().setReviewDate(id, "");
        QCOMPARE(mayaAgreements().agreement(id)->reviewOn, std::string());
        // A change of the date alone, through a suggestion, is no change of what was agreed.
        mayaAgreements().suggestChange(id, {"When I'm running late", "I text you before six", "2026-01-05", ""});
        a = mayaAgreements().agreement(id);
        QCOMPARE(a->status, std::string("active"));
        QCOMPARE(a->reviewOn, std::string("2026-01-05"));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 mayaAgreements().suggestChange(id, {"When I'm running late", "I text you before six",
                                                                     "2026-01-05", ""}));
    }

    void reviewRemindersComeOncePerDate()
    {
        const std::string id = ourAgreement("2025-10-10");
        const std::string waiting = mayaAgreements().propose({"When we travel", "We pack the night before",
                                                              "2025-10-10", ""});
        both();
        QVERIFY(mayaAgreements().takeReviewNotices().empty());
        later(kDay);
        // Reading writes nothing; the reminder is for an agreement, not a proposal.
        const auto before = m_maya->store.stateHash();
        QVERIFY(mayaAgreements().agreement(id)->reviewDue);
        QVERIFY(!mayaAgreements().agreement(waiting)->reviewDue);
        QCOMPARE(m_maya->store.stateHash(), before);
        auto notices = mayaAgreements().takeReviewNotices();
        QCOMPARE(notices.size(), std::size_t(1));
        QCOMPARE(notices.front().agreement.id, id);
        QVERIFY(mayaAgreements().takeReviewNotices().empty());
        QCOMPARE(m_maya->store.stateHash(), before); // remembered on this device only
        // Still due (the list says so) until a new date is set; that date reminds again.
        QVERIFY(mayaAgreements().agreement(id)->reviewDue);
        mayaAgreements().setReviewDate(id, "2025-11-10");
        QVERIFY(!mayaAgreements().agreement(id)->reviewDue);
        setTime(now() + 32 * kDay);
        QCOMPARE(mayaAgreements().takeReviewNotices().size(), std::size_t(1));
        // To revisit still reminds; retired never.
        mayaAgreements().setStatus(id, "revisit");
        mayaAgreements().setReviewDate(id, "2025-11-15");
        setTime(now() + 10 * kDay);
        QCOMPARE(mayaAgreements().takeReviewNotices().size(), std::size_t(1));
        mayaAgreements().setReviewDate(id, "2025-11-25");
        mayaAgreements().setStatus(id, "retired");
        setTime(now() + 10 * kDay);
        QVERIFY(mayaAgreements().takeReviewNotices().empty());
    }

    void theListIsOrdered()
    {
        const std::string later1 = ourAgreement("2025-12-01");
        const std::string sooner = ourAgreement("2025-10-20");
        const std::string none = ourAgreement();
        const std::string due = ourAgreement("2025-10-10");
        const std::string retired = ourAgreement();
        mayaAgreements().setStatus(retired, "retired");
        const std::string mine = mayaAgreements().propose({"When we travel", "We pack early", "", ""});
        const std::string his = jonasAgreements().propose({"When I'm tired", "I say so", "", ""});
        both();
        later(kDay);
        std::vector<std::string> order;
        for (const Agreement &a : mayaAgreements().list())
            order.push_back(a.id);
        QCOMPARE(order, (std::vector<std::string>{his, mine, due, sooner, later1, none, retired}));
    }

    void atMostAHundredAgreements()
    {
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < Agreements::kMaxAgreements; ++i)
            ids.push_back(mayaAgreements().propose({"Situation " + std::to_string(i), "Action", "", ""}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, mayaAgreements().propose({"One more", "Action", "", ""}));
        mayaAgreements().setStatus(ids.front(), "retired");
        mayaAgreements().propose({"One more", "Action", "", ""});
    }

    void aRepairsPlanBecomesADraft()
    {
        Repairs repairs(m_maya->store, m_content);
        RepairDraft d;
        d.title = "The dishes, again";
        d.happenedAt = now() - kHour;
        d.topics = {"chores"};
        const std::string repair = repairs.start(d);
        repairs.saveStep(repair, "plan", "  Ask before assuming who does what. ");
        repairs.submitStep(repair, "plan");
        repairs.setStatus(repair, "repaired");
        const auto commitments = repairs.commitments();
        const auto mine = std::find_if(commitments.begin(), commitments.end(), [&](const Commitment &c) {
            return c.memberId == *m_maya->store.meta("member_id");
        });
        QVERIFY(mine != commitments.end());
        QVERIFY_THROWS_EXCEPTION(ValidationError, mayaAgreements().fromCommitment("no-such-commitment"));
        AgreementDraft draft = mayaAgreements().fromCommitment(mine->id);
        QCOMPARE(draft.action, std::string("Ask before assuming who does what."));
        QCOMPARE(draft.situation, std::string("After: The dishes, again"));
        QCOMPARE(draft.repairId, repair);
        QVERIFY(draft.reviewOn.empty());
        const std::string id = mayaAgreements().propose(draft);
        QCOMPARE(mayaAgreements().agreement(id)->repairId, repair);
    }
};

QTEST_GUILESS_MAIN(TestSignals)
#include "tst_signals.moc"
