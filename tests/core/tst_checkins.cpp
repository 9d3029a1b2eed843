// Check-ins (core/checkins.h): each partner answers on their own device; neither can read the
// other's answers until both have submitted, on any device, in any order of sync; then both see
// both, can reply, and finishing one from a ritual marks its occurrence done.
#include "checkins.h"
#include "twodevices.h"

#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"
#include "store.h"

#include <QTest>

using namespace hearth;
using namespace hearth::test;
using nlohmann::json;

namespace {

/// Answers to the weekly set: its three scales, a need, and `feltClose` in words.
json weeklyAnswers(const ContentLibrary &content, int mood, const std::string &feltClose)
{
    const std::string need = content.questionSet("weekly")->question("needs")->needs.front();
    return {{"mood", mood}, {"closeness", 4}, {"stress", 2}, {"needs", json::array({need})},
            {"felt-close", feltClose}};
}

} // namespace

class TestCheckIns : public QObject {
    Q_OBJECT

    ContentLibrary m_content = ContentLibrary::loadDefault();
    std::unique_ptr<Device> m_maya;
    std::unique_ptr<Device> m_jonas;

    CheckIns maya() { return CheckIns(m_maya->store, m_content); }
    CheckIns jonas() { return CheckIns(m_jonas->store, m_content); }
    void both()
    {
        deliver(*m_maya, *m_jonas);
        deliver(*m_jonas, *m_maya);
        deliver(*m_maya, *m_jonas);
    }

    /// Maya, then Jonas, answer the weekly check-in `id` (moods `hers` and `his`) and sync.
    void bothAnswer(const std::string &id, int hers, int his)
    {
        maya().saveDraft(id, weeklyAnswers(m_content, hers, "hers"));
        maya().submit(id);
        both();
        jonas().saveDraft(id, weeklyAnswers(m_content, his, "his"));
        jonas().submit(id);
        both();
    }

    /// A weekly check-in ritual on Sundays at 19:00 in Lisbon, made by Maya and synced.
    Ritual sundayRitual()
    {
        RitualDraft draft;
        draft.kind = "check-in";
        draft.title = "Our Sunday check-in";
        draft.schedule = {"FREQ=WEEKLY", "2025-10-05T19:00", "Europe/Lisbon", 30};
        const Ritual ritual = RitualBook(m_maya->store).createRitual(draft);
        both();
        return ritual;
    }

    /// The question ids of the weekly set, to write answers that fit it.
    const QuestionSet &weekly() { return *m_content.questionSet("weekly"); }

private slots:
    void init()
    {
        m_maya = std::make_unique<Device>(1);
        m_jonas = std::make_unique<Device>(2);
        pair(*m_maya, *m_jonas);
        QCOMPARE(RitualBook(m_jonas->store).profile().me.id, RitualBook(m_maya->store).profile().partner.id);
    }

    void theWeeklySetHasTheQuestionsTheseTestsAnswer()
    {
        for (const char *id : {"mood", "closeness", "stress", "felt-close", "needs"})
            QVERIFY2(weekly().question(id), id);
    }

    void answersStayHiddenUntilBothHaveSubmitted()
    {
        const std::string id = maya().start("weekly");
        maya().saveDraft(id, weeklyAnswers(m_content, 3, "Sunday's walk"));
        maya().submit(id);
        both();

        // Jonas sees that Maya answered, not what; his database holds only ciphertext.
        auto seen = jonas().view(id);
        QVERIFY(seen->partnerSubmitted);
        QVERIFY(!seen->revealed);
        QVERIFY(seen->partnerAnswers.empty());
        QVERIFY(m_jonas->store.db().queryInt(
                    "SELECT count(*) FROM checkin_answer WHERE sealed LIKE '%Sunday%'").value_or(1) == 0);
        QVERIFY(!m_jonas->store.row("reveal_key", "checkin_answer:" + id + ":" + seen->startedBy));
        // And Maya sees her own answers, and that Jonas has not answered yet.
        auto mine = maya().view(id);
        QVERIFY(mine->mineSubmitted);
        QVERIFY(!mine->partnerSubmitted);
        QCOMPARE(mine->myAnswers.at("felt-close").get<std::string>(), std::string("Sunday's walk"));

        jonas().saveDraft(id, weeklyAnswers(m_content, 4, "Cooking together"));
        jonas().submit(id);
        // Jonas published his key at once: he has seen both answers submitted. Maya's key comes
        // when her device hears of his answer.
        QVERIFY(!jonas().view(id)->revealed);
        both();
        for (Device *d : {m_maya.get(), m_jonas.get()}) {
            const auto v = CheckIns(d->store, m_content).view(id);
            QVERIFY(v->revealed);
            QVERIFY(!v->partnerAnswers.empty());
        }
        QCOMPARE(maya().view(id)->partnerAnswers.at("felt-close").get<std::string>(),
                 std::string("Cooking together"));
        QCOMPARE(jonas().view(id)->partnerAnswers.at("felt-close").get<std::string>(),
                 std::string("Sunday's walk"));
        // Each answer keeps the wording of the question it answered.
        QCOMPARE(jonas().view(id)->partnerPrompts.at("felt-close").get<std::string>(),
                 weekly().question("felt-close")->prompt);
        QCOMPARE(maya().view(id)->myPrompts.at("mood").get<std::string>(), weekly().question("mood")->prompt);
        // Each key is published once, and drafts and secrets never left their author.
        QCOMPARE(m_jonas->store.db().queryInt("SELECT count(*) FROM reveal_key").value_or(0), 2);
        QCOMPARE(m_jonas->store.db().queryInt("SELECT count(*) FROM reveal_secret").value_or(0), 1);
        QCOMPARE(m_jonas->store.db().queryInt("SELECT count(*) FROM checkin_draft").value_or(0), 1);
    }

    void bothSubmittingAtOnceRevealsToBoth()
    {
        const std::string id = maya().start("weekly");
        both();
        maya().saveDraft(id, weeklyAnswers(m_content, 2, "a"));
        jonas().saveDraft(id, weeklyAnswers(m_content, 5, "b"));
        maya().submit(id);
        jonas().submit(id); // neither has heard of the other's yet
        QVERIFY(!maya().view(id)->partnerSubmitted);
        both();
        QVERIFY(maya().view(id)->revealed);
        QVERIFY(jonas().view(id)->revealed);
    }

    void anAnswerCanChangeUntilThePartnerHasAnswered()
    {
        const std::string id = maya().start("weekly");
        maya().saveDraft(id, weeklyAnswers(m_content, 2, "first thought"));
        maya().submit(id);
        maya().saveDraft(id, weeklyAnswers(m_content, 3, "second thought"));
        maya().submit(id); // sealed again, under a new key
        both();
        jonas().saveDraft(id, weeklyAnswers(m_content, 4, "x"));
        jonas().submit(id);
        both();
        QCOMPARE(jonas().view(id)->partnerAnswers.at("felt-close").get<std::string>(),
                 std::string("second thought"));
        maya().saveDraft(id, weeklyAnswers(m_content, 1, "third"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submit(id));
    }

    void aKeyPublishedForAnOlderRevisionIsNotUsed()
    {
        // Jonas answered; Maya's device publishes her key, then her other device's edit (made
        // before it heard of Jonas) arrives: the published key no longer fits, and a new one is
        // published for the answer that won.
        const std::string id = maya().start("weekly");
        both();
        Device laptop(3);
        deliver(*m_maya, laptop, true); // Maya's second device: all of hers
        laptop.store.setMeta("space_id", *m_maya->store.meta("space_id"));
        laptop.store.setMeta("member_id", *m_maya->store.meta("member_id"));

        maya().saveDraft(id, weeklyAnswers(m_content, 2, "phone"));
        maya().submit(id);
        laptop.clock.advance(5);
        CheckIns(laptop.store, m_content).saveDraft(id, weeklyAnswers(m_content, 3, "laptop"));
        CheckIns(laptop.store, m_content).submit(id);
        jonas().saveDraft(id, weeklyAnswers(m_content, 4, "j"));
        jonas().submit(id);
        both(); // Maya's phone publishes the key of "phone"
        QCOMPARE(jonas().view(id)->partnerAnswers.at("felt-close").get<std::string>(), std::string("phone"));
        // The laptop's later revision reaches the phone (all of it) and Jonas (its couple rows):
        // it wins on both, the key published for "phone" no longer fits it, and the phone
        // publishes the key of the revision that won.
        std::vector<Change> fromLaptop;
        std::vector<Change> shared;
        for (auto &[seq, change] : laptop.store.changeLog(0, 100000)) {
            fromLaptop.push_back(change);
            if (change.scope != "private")
                shared.push_back(change);
        }
        m_jonas->store.merge(shared);
        QVERIFY(!jonas().view(id)->revealed); // the old key does not open the new answer
        m_maya->store.merge(fromLaptop);
        QCOMPARE(maya().revealDue(), std::size_t(1));
        QCOMPARE(maya().revealDue(), std::size_t(0));
        both();
        QCOMPARE(jonas().view(id)->partnerAnswers.at("felt-close").get<std::string>(), std::string("laptop"));
    }

    void draftsArePrivateAndChecked()
    {
        const std::string id = maya().start("weekly");
        maya().saveDraft(id, {{"mood", 3}});
        both();
        QVERIFY(!m_jonas->store.row("checkin_draft", id + ":" + *m_maya->store.meta("member_id")));
        QVERIFY(jonas().view(id)->myDraft.empty());
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveDraft(id, {{"mood", 9}}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveDraft(id, {{"mood", "high"}}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveDraft(id, {{"nope", 1}}));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().saveDraft(id, {{"felt-close", std::string(2001, 'x')}}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveDraft(id, json::array()));
        QVERIFY(maya().view(id)->myDraft == json({{"mood", 3}})); // unchanged by the refusals
        // Submitting needs every required answer.
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submit(id));
        QVERIFY(!maya().view(id)->mineSubmitted);
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().start("no-such-set"));
    }

    void needsAreChosenFromTheirList()
    {
        const QuestionSet &set = weekly();
        const Question *needs = nullptr;
        for (const Question &q : set.questions)
            if (q.kind == QuestionKind::Needs)
                needs = &q;
        QVERIFY(needs);
        const std::string id = maya().start("weekly");
        maya().saveDraft(id, {{needs->id, json::array({needs->needs.front()})}});
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().saveDraft(id, {{needs->id, json::array({"a-need-not-offered"})}}));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().saveDraft(id, {{needs->id, json::array({needs->needs.front(),
                                                                               needs->needs.front()})}}));
    }

    void trendsChartWhatThisDeviceMayRead()
    {
        // Two weeks of weekly check-ins, and a third that Jonas has not answered yet.
        auto checkIn = [&](int mayaMood, int jonasMood, bool jonasAnswers) {
            const std::string id = maya().start("weekly");
            maya().saveDraft(id, weeklyAnswers(m_content, mayaMood, "m"));
            maya().submit(id);
            both();
            if (jonasAnswers) {
                jonas().saveDraft(id, weeklyAnswers(m_content, jonasMood, "j"));
                jonas().submit(id);
                both();
            }
            return id;
        };
        // 2025-10-13 is a Monday; 12:00 UTC is 13:00 in Lisbon.
        for (Device *d : {m_maya.get(), m_jonas.get()})
            d->clock.set(1'760'356'800'000); // 2025-10-13T12:00Z
        checkIn(2, 5, true);
        for (Device *d : {m_maya.get(), m_jonas.get()})
            d->clock.advance(3 * 86'400'000); // Thursday, the same week
        checkIn(4, 3, true);
        for (Device *d : {m_maya.get(), m_jonas.get()})
            d->clock.advance(7 * 86'400'000); // the week after
        checkIn(5, 1, false);

        const CheckInTrends t = maya().trends("Europe/Lisbon");
        QCOMPARE(t.people.size(), std::size_t(2));
        const auto &me = t.people[0];
        QCOMPARE(me.memberId, *m_maya->store.meta("member_id"));
        QCOMPARE(me.mood.size(), std::size_t(2));
        QCOMPARE(me.mood[0].weekOf, std::string("2025-10-13"));
        QCOMPARE(me.mood[0].average, 3.0);
        QCOMPARE(me.mood[0].answers, 2);
        QCOMPARE(me.mood[1].weekOf, std::string("2025-10-20"));
        QCOMPARE(me.mood[1].average, 5.0);
        QCOMPARE(me.closeness.size(), std::size_t(2));
        QCOMPARE(me.needs.size(), std::size_t(1));
        QCOMPARE(me.needs[0].second, 3);
        // Jonas's third answer does not exist; his first two are open to Maya.
        const auto &partner = t.people[1];
        QCOMPARE(partner.memberId, *m_jonas->store.meta("member_id"));
        QCOMPARE(partner.mood.size(), std::size_t(1));
        QCOMPARE(partner.mood[0].average, 4.0);
        // On Jonas's side, Maya's third answer is sealed: it does not count.
        const CheckInTrends his = jonas().trends("America/Toronto");
        QCOMPARE(his.people[1].mood.size(), std::size_t(1));
        QCOMPARE(his.people[0].mood.size(), std::size_t(1));
    }

    void answersOutliveTheirCheckIn()
    {
        // Jonas deletes the check-in while Maya, offline, answers it: her answer arrives for a
        // check-in that is gone. It is kept (nothing lost), and shown again if the check-in is
        // brought back.
        const std::string id = maya().start("weekly");
        both();
        m_jonas->store.apply(Mutation{Mutation::Kind::Remove, "checkin", id, "couple", {}});
        maya().saveDraft(id, weeklyAnswers(m_content, 3, "kept"));
        maya().submit(id);
        both();
        QVERIFY(!jonas().view(id).has_value());
        QVERIFY(!maya().view(id).has_value());
        QCOMPARE(m_jonas->store.db().queryInt("SELECT count(*) FROM checkin_answer WHERE cl % 2 = 1").value_or(0), 1);
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submit(id));
        m_maya->store.apply(Mutation{Mutation::Kind::Upsert, "checkin", id, "couple", {{"setId", "weekly"}}});
        both();
        QVERIFY(jonas().view(id)->partnerSubmitted);
    }

    void repliesAndFinishingComeAfterTheReveal()
    {
        RitualBook book(m_maya->store);
        RitualDraft draft;
        draft.title = "Weekly check-in";
        draft.schedule.rrule = "FREQ=WEEKLY";
        draft.schedule.startLocal = "2025-10-05T19:00";
        draft.schedule.timeZone = "Europe/Lisbon";
        draft.schedule.durationMinutes = 30;
        const Ritual ritual = book.createRitual(draft);
        both();
        const std::string id = maya().start("weekly", ritual.id, "2025-10-05T19:00");
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().finish(id));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().reply(id, "x", "felt-close", "thanks", ""));
        maya().saveDraft(id, weeklyAnswers(m_content, 3, "a"));
        maya().submit(id);
        both();
        jonas().saveDraft(id, weeklyAnswers(m_content, 4, "b"));
        jonas().submit(id);
        both();
        const std::string mayaId = *m_maya->store.meta("member_id");
        jonas().reply(id, mayaId, "felt-close", "reply", "Me too. Again this Sunday?");
        maya().reply(id, *m_jonas->store.meta("member_id"), "felt-close", "thanks", "");
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().reply(id, mayaId, "felt-close", "reply", ""));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().reply(id, mayaId, "felt-close", "reply", std::string(501, 'x')));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().reply(id, mayaId, "nope", "thanks", ""));
        maya().finish(id);
        both();
        const auto v = jonas().view(id);
        QCOMPARE(v->replies.size(), std::size_t(2));
        QVERIFY(v->finishedAt > 0);
        auto done = m_jonas->store.db().cached(
            "SELECT status FROM occurrence WHERE ritualId = ?1 AND localStart = ?2");
        done->bind(1, ritual.id).bind(2, "2025-10-05T19:00");
        QVERIFY(done->step());
        QCOMPARE(done->text(0), std::string("done"));
        QCOMPARE(jonas().ids(), std::vector<std::string>{id});
    }

    void blankAndHalfWrittenAnswersDoNotCount()
    {
        const std::string id = maya().start("state-of-the-union");
        const json good = {{"appreciations", json::array({"You cooked when I was tired."})},
                           {"went-well", "Sunday's walk."},
                           {"feel-loved", "Ask me about my day."}};
        // Spaces are no answer to a required question.
        json blank = good;
        blank["went-well"] = "   \n";
        maya().saveDraft(id, blank);
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submit(id));
        blank = good;
        blank["appreciations"] = json::array({" ", ""});
        maya().saveDraft(id, blank);
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submit(id));
        // A sentence half written may wait in the draft, but is not submitted.
        json half = good;
        half["issue"] = {{"feel", "left out"}, {"about", ""}, {"need", ""}};
        maya().saveDraft(id, half);
        try {
            maya().submit(id);
            QFAIL("a half-written sentence was submitted");
        } catch (const ValidationError &e) {
            QCOMPARE(e.field(), std::string("issue"));
        }
        QVERIFY(!maya().view(id)->mineSubmitted);
        QVERIFY(maya().view(id)->myDraft == half);
        half["issue"] = {{"feel", "left out"}, {"about", "the dinner plans"}, {"need", "to be asked"}};
        maya().saveDraft(id, half);
        maya().submit(id);
        QVERIFY(maya().view(id)->mineSubmitted);
    }

    void myAnswersOpenOnADeviceOfMineThatNeverHeldTheirKey()
    {
        const std::string id = maya().start("weekly");
        bothAnswer(id, 2, 5);
        // Jonas's new phone gets what the couple shares, none of his old phone's secrets.
        Device phone(7);
        phone.store.setMeta("space_id", *m_jonas->store.meta("space_id"));
        phone.store.setMeta("member_id", *m_jonas->store.meta("member_id"));
        deliver(*m_maya, phone);
        phone.seen = 0; // `seen` counts one other device's log; now read the old phone's from its start
        deliver(*m_jonas, phone); // without the private rows: the secrets stay on the old phone
        QCOMPARE(phone.store.db().queryInt("SELECT count(*) FROM reveal_secret").value_or(-1), 0);
        const auto v = CheckIns(phone.store, m_content).view(id);
        QVERIFY(v->revealed);
        QCOMPARE(v->myAnswers.value("felt-close", ""), std::string("his"));
        QCOMPARE(v->partnerAnswers.value("felt-close", ""), std::string("hers"));
    }

    void repliesGoToOneOfTheTwoAnswersAndFinishingKeepsTheNote()
    {
        RitualBook book(m_maya->store);
        const Ritual ritual = sundayRitual();
        const std::string id = maya().forOccurrence(ritual.id, "2025-10-05T19:00");
        bothAnswer(id, 3, 4);
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().reply(id, "someone-else", "felt-close", "thanks", ""));
        // Maya had already marked the occurrence done with a note: finishing keeps it.
        book.markDone(ritual.id, "2025-10-05T19:00", "Long and kind.", 5);
        maya().finish(id);
        const auto occurrence = m_maya->store.row("occurrence", occurrenceId(ritual.id, "2025-10-05T19:00"));
        QCOMPARE(occurrence->value("note", ""), std::string("Long and kind."));
        QVERIFY(maya().view(id)->finishedAt > 0);
        // A check-in whose ritual was removed since still finishes.
        const std::string other = maya().forOccurrence(ritual.id, "2025-10-12T19:00");
        bothAnswer(other, 3, 3);
        m_maya->store.apply(Mutation{Mutation::Kind::Remove, "ritual", ritual.id, "couple", {}});
        maya().finish(other);
        QVERIFY(maya().view(other)->finishedAt > 0);
    }

    void anOccurrenceHasOneCheckInWhoeverStartsIt()
    {
        RitualBook book(m_maya->store);
        const Ritual custom = sundayRitual();
        RitualDraft draft;
        draft.schedule = {"FREQ=WEEKLY", "2025-10-05T19:00", "Europe/Lisbon", 30};
        draft.kind = "meeting";
        draft.title = "State of the Union";
        draft.templateId = "state-of-the-union";
        const Ritual sotu = book.createRitual(draft);
        draft.kind = "walk";
        draft.templateId.clear();
        const Ritual walk = book.createRitual(draft);
        both();

        // Both open the same occurrence while apart: one check-in, not two.
        const std::string mine = maya().forOccurrence(custom.id, "2025-10-12T19:00");
        const std::string his = jonas().forOccurrence(custom.id, "2025-10-12T19:00");
        QCOMPARE(mine, his);
        both();
        QCOMPARE(maya().ids(), std::vector<std::string>{mine});
        QCOMPARE(maya().view(mine)->setId, std::string("weekly"));
        QCOMPARE(maya().forOccurrence(custom.id, "2025-10-12T19:00"), mine);
        // A ritual made from a template uses the set made for it; a walk has no questions.
        QCOMPARE(maya().view(maya().forOccurrence(sotu.id, "2025-10-12T19:00"))->setId,
                 std::string("state-of-the-union"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().forOccurrence(walk.id, "2025-10-12T19:00"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().forOccurrence("nope", "2025-10-12T19:00"));
        QCOMPARE(maya().ids().size(), std::size_t(2));
    }
};

QTEST_APPLESS_MAIN(TestCheckIns)
#include "tst_checkins.moc"
