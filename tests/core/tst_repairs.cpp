// Repairs (core/repairs.h): starting one checks what it is told; each step is written privately
// and shown to the partner only once both have written it; the status moves as documented; a
// flooding break lasts at least 20 minutes; the plans become commitments; the log and its summary.
#include "repairs.h"

#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"
#include "schedule.h"
#include "twodevices.h"

#include <QTest>

using namespace hearth;
using namespace hearth::test;
using nlohmann::json;

namespace {

constexpr Millis kHour = 3'600'000;

RepairDraft draft(Millis happenedAt, std::vector<std::string> topics = {"chores"})
{
    RepairDraft d;
    d.title = "The dishes, again";
    d.happenedAt = happenedAt;
    d.intensity = 3;
    d.topics = std::move(topics);
    return d;
}

} // namespace

class TestRepairs : public QObject {
    Q_OBJECT

    ContentLibrary m_content = ContentLibrary::loadDefault();
    std::unique_ptr<Device> m_maya;
    std::unique_ptr<Device> m_jonas;

    Repairs maya() { return Repairs(m_maya->store, m_content); }
    Repairs jonas() { return Repairs(m_jonas->store, m_content); }
    void both()
    {
        deliver(*m_maya, *m_jonas);
        deliver(*m_jonas, *m_maya);
        deliver(*m_maya, *m_jonas);
    }
    Millis now() const { return m_maya->clock.nowMs(); }
    void later(Millis by)
    {
        m_maya->clock.advance(by);
        m_jonas->clock.advance(by);
    }
    /// Each writes and submits `stepId` with their answer.
    void bothWrite(const std::string &id, const std::string &stepId, const json &mine, const json &his)
    {
        maya().saveStep(id, stepId, mine);
        maya().submitStep(id, stepId);
        jonas().saveStep(id, stepId, his);
        jonas().submitStep(id, stepId);
        both();
    }

private slots:
    void init()
    {
        m_maya = std::make_unique<Device>(1);
        m_jonas = std::make_unique<Device>(2);
        pair(*m_maya, *m_jonas);
    }

    void startingChecksWhatItIsTold()
    {
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().start(draft(now() + 10 * kHour)));
        RepairDraft empty = draft(now());
        empty.title = "";
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().start(empty));
        RepairDraft tooLong = draft(now());
        tooLong.title = std::string(121, 'x');
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().start(tooLong));
        RepairDraft hot = draft(now());
        hot.intensity = 6;
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().start(hot));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().start(draft(now(), {"no-such-topic"})));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().start(draft(now(), {"chores", "chores"})));
        QVERIFY(maya().log().empty());
        const std::string id = maya().start(draft(now() - kHour, {"chores", "money"}));
        both();
        const auto v = jonas().view(id);
        QCOMPARE(v->status, std::string("open"));
        QCOMPARE(v->topics, (std::vector<std::string>{"chores", "money"}));
        QCOMPARE(v->steps.size(), m_content.repairGuide("aftermath")->steps.size());
    }

    void aStepIsShownOnlyOnceBothHaveWrittenIt()
    {
        const std::string id = maya().start(draft(now() - kHour));
        both();
        maya().saveStep(id, "reality", "I felt left alone with it all evening.");
        maya().submitStep(id, "reality");
        both();
        auto his = jonas().view(id)->steps;
        const auto reality = std::find_if(his.begin(), his.end(), [](const auto &s) { return s.stepId == "reality"; });
        QVERIFY(reality->partnerSubmitted);
        QVERIFY(!reality->revealed);
        QVERIFY(reality->partner.is_null());
        QCOMPARE(m_jonas->store.db().queryInt("SELECT count(*) FROM repair_step WHERE sealed LIKE '%alone%'").value_or(1), 0);
        QCOMPARE(m_jonas->store.db().queryInt("SELECT count(*) FROM repair_draft").value_or(1), 0);
        QCOMPARE(jonas().view(id)->status, std::string("talking")); // a first step starts the talk

        jonas().saveStep(id, "reality", "I thought we had agreed I'd do them in the morning.");
        jonas().submitStep(id, "reality");
        both();
        for (Device *d : {m_maya.get(), m_jonas.get()}) {
            const auto steps = Repairs(d->store, m_content).view(id)->steps;
            const auto s = std::find_if(steps.begin(), steps.end(), [](const auto &x) { return x.stepId == "reality"; });
            QVERIFY(s->revealed);
            QVERIFY(s->partner.is_string());
        }
        // Written by both: it stays as it was.
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submitStep(id, "reality"));
    }

    void stepsAreCheckedByKind()
    {
        const std::string id = maya().start(draft(now() - kHour));
        const RepairGuide &guide = *m_content.repairGuide("aftermath");
        const RepairStep &feelings = *guide.step("feelings");
        maya().saveStep(id, "calm", "ready");
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveStep(id, "calm", "whatever"));
        maya().saveStep(id, "feelings", json::array({feelings.feelings[0].id, feelings.feelings[1].id}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveStep(id, "feelings", json::array({"not-a-feeling"})));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().saveStep(id, "feelings", json::array({feelings.feelings[0].id, feelings.feelings[0].id})));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveStep(id, "reality", 5));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 maya().saveStep(id, "reality", std::string(guide.step("reality")->maxLength + 1, 'x')));
        maya().saveStep(id, "acceptance", {{"choice", "accepted"}});
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveStep(id, "acceptance", {{"choice", "maybe"}}));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveStep(id, "no-such-step", "x"));
        // Nothing drafted for a step: nothing to submit.
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submitStep(id, "plan"));
    }

    void statusMovesAsDocumented()
    {
        const std::string id = maya().start(draft(now() - 2 * kHour));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().setStatus(id, "sideways"));
        maya().setStatus(id, "cooling");
        maya().setStatus(id, "talking");
        maya().setStatus(id, "cooling");
        later(kHour);
        maya().setStatus(id, "repaired");
        QCOMPARE(maya().view(id)->timeToRepair(), 3 * kHour);
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().setStatus(id, "talking"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().saveStep(id, "reality", "too late"));
    }

    void aFloodingBreakLastsAtLeastTwentyMinutes()
    {
        const std::string id = maya().start(draft(now() - kHour));
        maya().setStatus(id, "talking");
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().callBreak(id, 10));
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().callBreak(id, 2000));
        const std::string breakId = maya().callBreak(id, 30);
        both();
        // Jonas's device knows a break was called, and when Maya will be back.
        const auto current = jonas().currentBreak();
        QVERIFY(current.has_value());
        QCOMPARE(current->calledBy, *m_maya->store.meta("member_id"));
        QCOMPARE(current->returnAt, current->calledAt + 30 * 60'000);
        QCOMPARE(jonas().view(id)->status, std::string("cooling"));
        later(31 * 60'000);
        QVERIFY(!jonas().currentBreak().has_value()); // over by the clock
        // A break from Today, with no repair, ended early.
        const std::string fromToday = jonas().callBreak({}, 20);
        QVERIFY(jonas().currentBreak().has_value());
        jonas().endBreak(fromToday);
        QVERIFY(!jonas().currentBreak().has_value());
        QCOMPARE(maya().view(id)->breaks.front().id, breakId);
    }

    void theCalmStepIsSharedAtOnceAndABreakEndsInTalking()
    {
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().start([&] {
            RepairDraft d = draft(now() - kHour);
            d.title = "   ";
            return d;
        }()));
        const std::string id = maya().start(draft(now() - kHour));
        // "calm" is not private: Jonas reads Maya's answer before writing his own.
        maya().saveStep(id, "calm", "ready");
        maya().submitStep(id, "calm");
        both();
        const auto calm = jonas().view(id)->steps.front();
        QCOMPARE(calm.stepId, std::string("calm"));
        QVERIFY(calm.partnerSubmitted && !calm.mineSubmitted);
        QVERIFY(calm.partner == json("ready"));
        // A private step stays closed until both have written it.
        const std::string feeling = m_content.repairGuide("aftermath")->step("feelings")->feelings.front().id;
        maya().saveStep(id, "feelings", json::array({feeling}));
        maya().submitStep(id, "feelings");
        both();
        QVERIFY(jonas().view(id)->steps[1].partner.is_null());
        // Blank text is no answer.
        maya().saveStep(id, "reality", "   ");
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submitStep(id, "reality"));
        // The break moves the repair to cooling off; ending it, back to talking.
        const std::string pause = maya().callBreak(id, 20);
        QCOMPARE(maya().view(id)->status, std::string("cooling"));
        maya().endBreak(pause);
        QCOMPARE(maya().view(id)->status, std::string("talking"));
    }

    void breakNoticesAreGivenOncePerDevice()
    {
        const std::string id = maya().start(draft(now() - kHour));
        const std::string breakId = maya().callBreak(id, 20);
        QVERIFY(maya().takeBreakNotices().empty()); // her own break, still running
        both();
        // Jonas's device tells him once that Maya called it, naming the repair.
        auto notices = jonas().takeBreakNotices();
        QCOMPARE(notices.size(), std::size_t(1));
        QVERIFY(notices[0].kind == BreakNotice::Kind::Called);
        QVERIFY(!notices[0].mine);
        QCOMPARE(notices[0].pause.id, breakId);
        QCOMPARE(notices[0].pause.repairId, id);
        QCOMPARE(notices[0].repairTitle, std::string("The dishes, again"));
        QVERIFY(jonas().takeBreakNotices().empty());
        // At the return time both devices remind their person, once.
        later(20 * 60'000);
        for (Repairs side : {maya(), jonas()}) {
            notices = side.takeBreakNotices();
            QCOMPARE(notices.size(), std::size_t(1));
            QVERIFY(notices[0].kind == BreakNotice::Kind::Return);
            QVERIFY(side.takeBreakNotices().empty());
        }
        // A break ended early has no return reminder; one long past stays quiet.
        const std::string early = jonas().callBreak({}, 20);
        jonas().endBreak(early);
        later(21 * 60'000);
        QVERIFY(jonas().takeBreakNotices().empty());
        jonas().callBreak({}, 20);
        both();
        QCOMPARE(maya().takeBreakNotices().size(), std::size_t(1)); // called
        later(20 * 60'000 + Repairs::kReturnNoticeWindow + 1);
        QVERIFY(maya().takeBreakNotices().empty());
    }

    void thePlansBecomeCommitments()
    {
        const std::string id = maya().start(draft(now() - kHour));
        both();
        bothWrite(id, "plan", "Ask before assuming who does what.", "Say it early, not at 10 pm.");
        // Jonas has not written his plan yet in this one: only Maya's is kept.
        const std::string other = maya().start(draft(now() - kHour, {"money"}));
        both();
        maya().saveStep(other, "plan", "Check the account together on Sundays.");
        maya().submitStep(other, "plan");
        both();
        jonas().setStatus(id, "repaired");
        maya().setStatus(other, "repaired");
        both();
        const std::vector<Commitment> kept = maya().commitments();
        QCOMPARE(kept.size(), std::size_t(3));
        std::vector<std::string> texts;
        for (const Commitment &c : kept)
            texts.push_back(c.text);
        std::sort(texts.begin(), texts.end());
        QCOMPARE(texts, (std::vector<std::string>{"Ask before assuming who does what.",
                                                  "Check the account together on Sundays.",
                                                  "Say it early, not at 10 pm."}));
        // Jonas never wrote his plan for the other one: hers was not revealed to him, and is not
        // his to see as a commitment either.
        const std::vector<Commitment> his = jonas().commitments();
        QCOMPARE(his.size(), std::size_t(2));
        for (const Commitment &c : his)
            QVERIFY(c.repairId == id);
        QCOMPARE(m_jonas->store.db().queryInt("SELECT count(*) FROM commitment").value_or(-1), 0);

        // Marking one kept travels without its words.
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonas().setCommitmentStatus(his.front().id, "done"));
        QVERIFY_THROWS_EXCEPTION(ValidationError, jonas().setCommitmentStatus("nope", "kept"));
        jonas().setCommitmentStatus(his.front().id, "kept");
        both();
        for (const Commitment &c : maya().commitments())
            QCOMPARE(c.status, std::string(c.id == his.front().id ? "kept" : "active"));
    }

    void plansSubmittedWhileTheOtherMarksRepairedAreKept()
    {
        // Apart, Maya writes her plan while Jonas marks the repair repaired: once their devices
        // meet, both plans are revealed and both are commitments on both sides.
        const std::string id = maya().start(draft(now() - kHour));
        both();
        jonas().saveStep(id, "plan", "Call when I'm late.");
        jonas().submitStep(id, "plan");
        maya().saveStep(id, "plan", "Say it when it happens.");
        maya().submitStep(id, "plan");
        jonas().setStatus(id, "repaired");
        both();
        QCOMPARE(maya().commitments().size(), std::size_t(2));
        QCOMPARE(jonas().commitments().size(), std::size_t(2));
    }

    void theCalmStepsBreakIsCalledNotShared()
    {
        const std::string id = maya().start(draft(now() - kHour));
        maya().saveStep(id, "calm", "break");
        QVERIFY_THROWS_EXCEPTION(ValidationError, maya().submitStep(id, "calm"));
        maya().saveStep(id, "calm", "ready");
        maya().submitStep(id, "calm");
        QVERIFY(maya().view(id)->steps.front().mineSubmitted);
    }

    void theLogFiltersAndSums()
    {
        // 2025-10-13T12:00Z and a month later.
        for (Device *d : {m_maya.get(), m_jonas.get()})
            d->clock.set(1'760'356'800'000);
        const std::string a = maya().start(draft(now() - kHour, {"chores"}));
        const std::string b = maya().start(draft(now() - 2 * kHour, {"money"}));
        later(kHour);
        maya().setStatus(a, "repaired"); // 2 hours after it happened
        later(31 * 24 * kHour);
        const std::string c = maya().start(draft(now() - kHour, {"chores", "money"}));
        later(3 * kHour);
        maya().setStatus(c, "repaired"); // 4 hours
        both();
        QCOMPARE(jonas().log().size(), std::size_t(3));
        QCOMPARE(jonas().log().front().id, c);
        QCOMPARE(jonas().log("chores").size(), std::size_t(2));
        QCOMPARE(jonas().log("", "open").size(), std::size_t(1));
        QCOMPARE(jonas().log("", "open").front().id, b);
        QCOMPARE(jonas().log("money", "repaired").size(), std::size_t(1));
        const RepairSummary s = jonas().summary();
        QCOMPARE(s.perMonth, (std::vector<std::pair<std::string, int>>{{"2025-10", 2}, {"2025-11", 1}}));
        QCOMPARE(s.medianTimeToRepair, 3 * kHour);
        // A conflict at 00:30 on the first of a month in Berlin (23:30 the day before in UTC) is
        // that month's for a couple in Berlin.
        maya().start(draft(localToUtc("2025-11-01T00:30", "Europe/Berlin")));
        using Months = std::vector<std::pair<std::string, int>>;
        QCOMPARE(maya().summary("Europe/Berlin").perMonth, (Months{{"2025-10", 2}, {"2025-11", 2}}));
        QCOMPARE(maya().summary().perMonth, (Months{{"2025-10", 3}, {"2025-11", 1}}));
    }
};

QTEST_APPLESS_MAIN(TestRepairs)
#include "tst_repairs.moc"
