// The couple's side of care (app/care/couple*): the link with the therapist as a partner's
// Settings shows it (none, invited, the policy to accept, waiting for the partner, active, ended by
// whom), accepting the policy, the due items Today lists with their labels, marking a due date
// done and open again (the partner and the therapist see it), reflections kept private or shared
// (a private one never travels in a `care` change, nor reaches the therapist's database), sharing
// the check-in trends on and off, the assignments list, and the reminder told once per device on
// a due date's day.
//
// Maya's Session and Jonas's phone exchange what sync carries between the two of them; Dr. Ana
// Ruiz's device is a replica paired as a therapist that receives and sends only `care` changes,
// as the server and the keys see to.
#include "coupleassignment.h"
#include "coupleassignmentsmodel.h"
#include "couplecare.h"
#include "coupleduemodel.h"
#include "couplefixture.h"
#include "session.h"

#include "../core/twodevices.h"

#include "care.h"
#include "clock.h"
#include "contentlibrary.h"
#include "ritualbook.h"
#include "schedule.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

QVariant role(const QAbstractItemModel &model, int row, int role)
{
    return model.index(row, 0).data(role);
}

/// An exercise this app's content does not have: it travels whole with its assignment.
Exercise ownExercise()
{
    Exercise e;
    e.id = "ana-evening-walk";
    e.version = 1;
    e.format = "gottman";
    e.title = "An evening walk and talk";
    e.purpose = "Twenty minutes side by side, each telling the other about the day, to stay in touch.";
    e.who = "together";
    e.minutes = 25;
    e.timerMinutes = 20;
    e.steps = {"Put your phones away and go outside.", "Each of you talks for ten minutes about your day.",
               "Say one thing you appreciated in what you heard."};
    e.prompts = {"What did you learn about your partner's day?", "What would you change next time?"};
    e.source = "After the stress-reducing conversation of the Gottman Method.";
    return e;
}

/// How many rows of a table a store holds whose JSON or text mentions `needle`, in any column.
std::int64_t rowsMentioning(Store &store, const char *table, const std::string &needle)
{
    auto st = store.db().cached(std::string("SELECT count(*) FROM ") + table
                                + " WHERE instr(CAST(answers AS TEXT), ?1) > 0");
    st->bind(1, needle);
    st->step();
    return st->integer(0);
}

} // namespace

class TestCoupleCareModels : public CoupleFixture {
    Q_OBJECT

public:
    TestCoupleCareModels() : CoupleFixture(21, 34) {}

private:
    std::unique_ptr<Device> m_ana;
    std::string m_anaId;
    std::int64_t m_anaSeenMaya = 0, m_anaSeenJonas = 0, m_mayaSeenAna = 0, m_jonasSeenAna = 0;

    Care maya() { return Care(*m_session->store(), m_session->content()); }
    Care jonas() { return Care(m_jonas->store, m_session->content()); }
    Care ana() { return Care(m_ana->store, m_session->content()); }
    std::string mayaId() { return m_session->book()->profile().me.id; }
    std::string jonasId() { return m_session->book()->profile().partner.id; }

    /// Merges `changes` of `from`'s log after `seen` into `to`, only `care` ones when told.
    static void carry(Store &from, std::int64_t &seen, Store &to, bool careOnly)
    {
        std::vector<Change> changes;
        for (auto &[seq, change] : from.changeLog(seen, 100000)) {
            seen = seq;
            if (careOnly ? change.scope == "care" : change.scope != "private")
                changes.push_back(change);
        }
        to.merge(changes);
    }

    /// Everyone hears from everyone, as the sync client does: the partners all but private rows,
    /// the therapist and from the therapist only `care`; settleCare after each merge.
    void syncAll()
    {
        for (int round = 0; round < 2; ++round) {
            toJonas();
            settleCare(m_jonas->store);
            fromJonas();
            settleCare(*m_session->store());
            carry(*m_session->store(), m_anaSeenMaya, m_ana->store, true);
            carry(m_jonas->store, m_anaSeenJonas, m_ana->store, true);
            carry(m_ana->store, m_mayaSeenAna, *m_session->store(), true);
            carry(m_ana->store, m_jonasSeenAna, m_jonas->store, true);
            settleCare(*m_session->store());
            settleCare(m_jonas->store);
        }
        m_session->reloadFromStore();
        settle();
    }

    /// Maya invites Ana (as SyncClient::inviteTherapist notes it), Ana's device joins with her
    /// policy; `accept`: both partners accept it.
    void link(bool accept)
    {
        m_ana = std::make_unique<Device>(55);
        m_ana->clock.set(now());
        m_anaId = m_ana->store.newId();
        m_ana->store.setMeta("member_id", m_anaId);
        m_ana->store.setMeta("space_id", m_session->book()->profile().space.id);
        m_ana->store.setMeta("sync.role", "therapist");
        m_anaSeenMaya = m_anaSeenJonas = m_mayaSeenAna = m_jonasSeenAna = 0;
        maya().noteInvite(m_anaId);
        syncAll();
        ana().writeTherapist(m_anaId, "Dr. Ana Ruiz",
                             {"limited-secrets", "What one of you tells me alone, I keep unless it puts someone at risk."});
        syncAll();
        if (accept) {
            maya().acceptPolicy();
            jonas().acceptPolicy();
            syncAll();
        }
    }

    std::string assign(const std::string &assignee, const std::string &dueOn, int everyDays = 0, int times = 1)
    {
        AssignmentDraft draft;
        draft.exercise = ownExercise();
        draft.assignee = assignee;
        draft.dueOn = dueOn;
        draft.everyDays = everyDays;
        draft.times = times;
        draft.note = "Try it after dinner, when you are both fed and calm.";
        const std::string id = ana().assign(draft);
        syncAll();
        return id;
    }

private slots:
    void init()
    {
        const QString problem = openCouple();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanup()
    {
        m_ana.reset();
        closeCouple();
    }

    void linkStatesFromInviteToEnd()
    {
        CoupleCare care(m_session.get(), nullptr);
        QSignalSpy changed(&care, &CoupleCare::changed);
        QCOMPARE(care.state(), QStringLiteral("none"));
        QVERIFY(!care.acceptPolicy().isEmpty());
        QVERIFY(!care.setShareTrends(true).isEmpty());

        link(false);
        settle();
        QVERIFY(changed.count() > 0);
        QCOMPARE(care.state(), QStringLiteral("policy"));
        QCOMPARE(care.therapistName(), QStringLiteral("Dr. Ana Ruiz"));
        QCOMPARE(care.policyKind(), QStringLiteral("limited-secrets"));
        QCOMPARE(care.policyKindLabel(), QStringLiteral("Limited secrets"));
        QVERIFY(care.policyText().startsWith(QStringLiteral("What one of you tells me alone")));
        QCOMPARE(care.invitedText(), QStringLiteral("You invited Dr. Ana Ruiz today."));
        QVERIFY(!care.acceptedByMe());
        QVERIFY(!care.acceptedByPartner());

        QCOMPARE(care.acceptPolicy(), QString());
        QCOMPARE(care.state(), QStringLiteral("partner"));
        QVERIFY(care.acceptedByMe());
        // Nothing shows before both accepted.
        CoupleDueModel due(m_session.get(), nullptr);
        QVERIFY(!due.linked());

        jonas().acceptPolicy();
        syncAll();
        QCOMPARE(care.state(), QStringLiteral("active"));
        QVERIFY(care.active());
        QVERIFY(care.acceptedByPartner());
        QVERIFY(due.linked());

        // Jonas unlinks on his phone: Maya's Settings says who ended it.
        later(kHour);
        jonas().endLink();
        syncAll();
        QCOMPARE(care.state(), QStringLiteral("ended"));
        QVERIFY(!care.endedByMe());
        QCOMPARE(care.endedText(), QStringLiteral("Jonas unlinked Dr. Ana Ruiz today."));
        QVERIFY(!due.linked());
        QCOMPARE(due.count(), 0);
        QVERIFY(!care.acceptPolicy().isEmpty());
    }

    void policyRefusedBeforeTheTherapistJoined()
    {
        CoupleCare care(m_session.get(), nullptr);
        maya().noteInvite(m_session->store()->newId());
        settle();
        QCOMPARE(care.state(), QStringLiteral("invited"));
        const auto before = m_session->store()->changeLog(0, 100000).size();
        QVERIFY(!care.acceptPolicy().isEmpty());
        QCOMPARE(m_session->store()->changeLog(0, 100000).size(), before);
    }

    void dueItemsAndTheirLabels()
    {
        // Friday 27 March 2026 in Berlin.
        QCOMPARE(caretext::today(*m_session), QStringLiteral("2026-03-27"));
        QCOMPARE(caretext::dueLabel(QStringLiteral("2026-03-27"), QStringLiteral("2026-03-27")), QStringLiteral("Due today"));
        QCOMPARE(caretext::dueLabel(QStringLiteral("2026-03-28"), QStringLiteral("2026-03-27")), QStringLiteral("Due tomorrow"));
        QCOMPARE(caretext::dueLabel(QStringLiteral("2026-04-02"), QStringLiteral("2026-03-27")), QStringLiteral("Due Thursday"));
        QCOMPARE(caretext::dueLabel(QStringLiteral("2026-03-26"), QStringLiteral("2026-03-27")), QStringLiteral("1 day overdue"));
        QCOMPARE(caretext::dueLabel(QStringLiteral("2026-03-25"), QStringLiteral("2026-03-27")), QStringLiteral("2 days overdue"));

        link(true);
        CoupleDueModel due(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&due, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(due.count(), 0);
        const std::string late = assign("", "2026-03-25");
        const std::string weekly = assign("", "2026-03-27", 7, 4);
        const std::string mine = assign(mayaId(), "2026-04-02");
        const std::string his = assign(jonasId(), "2026-03-27");
        const std::string farOff = assign("", "2026-05-01");
        settle();
        // Mine and the couple's, oldest first; not Jonas's own, not a date weeks away, and only
        // the weekly one's first date.
        QCOMPARE(due.count(), 3);
        QCOMPARE(role(due, 0, CoupleDueModel::AssignmentIdRole).toString(), QString::fromStdString(late));
        QCOMPARE(role(due, 0, CoupleDueModel::DueLabelRole).toString(), QStringLiteral("2 days overdue"));
        QVERIFY(role(due, 0, CoupleDueModel::OverdueRole).toBool());
        QCOMPARE(role(due, 1, CoupleDueModel::AssignmentIdRole).toString(), QString::fromStdString(weekly));
        QCOMPARE(role(due, 1, CoupleDueModel::DueLabelRole).toString(), QStringLiteral("Due today"));
        QCOMPARE(role(due, 1, CoupleDueModel::WhoTextRole).toString(), QStringLiteral("For you both"));
        QCOMPARE(role(due, 1, CoupleDueModel::TitleRole).toString(), QStringLiteral("An evening walk and talk"));
        QCOMPARE(role(due, 2, CoupleDueModel::DueLabelRole).toString(), QStringLiteral("Due Thursday"));
        QCOMPARE(role(due, 2, CoupleDueModel::WhoTextRole).toString(), QStringLiteral("For you"));
        QCOMPARE(due.overdueCount(), 1);
        QCOMPARE(due.dueTodayCount(), 1);
        QCOMPARE(due.therapistName(), QStringLiteral("Dr. Ana Ruiz"));
        Q_UNUSED(his);
        Q_UNUSED(farOff);

        // The care page lists every standing one; a withdrawn one goes.
        CoupleAssignmentsModel all(m_session.get(), nullptr);
        QAbstractItemModelTester allTester(&all, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(all.count(), 5);
        QCOMPARE(all.currentCount(), 5);
        QCOMPARE(role(all, 0, CoupleAssignmentsModel::AssignmentIdRole).toString(), QString::fromStdString(late));
        ana().withdraw(late);
        syncAll();
        QCOMPARE(all.count(), 4);
        QCOMPARE(due.count(), 2);
    }

    void completeAndReopen()
    {
        link(true);
        const std::string id = assign("", "2026-03-27", 7, 2);
        CoupleAssignment a(m_session.get(), nullptr);
        a.setAssignmentId(QString::fromStdString(id));
        QVERIFY(a.found());
        QCOMPARE(a.title(), QStringLiteral("An evening walk and talk"));
        QCOMPARE(a.timerMinutes(), 20);
        QCOMPARE(a.steps().size(), 3);
        QCOMPARE(a.therapistName(), QStringLiteral("Dr. Ana Ruiz"));
        QCOMPARE(a.repeatText(), QStringLiteral("Every week, 2 times"));
        QCOMPARE(a.dueDates().size(), 2);
        QCOMPARE(a.nextOccurrence(), 0);
        QVERIFY(!a.isDone(0));

        // Refused: a date it does not have.
        QVERIFY(!a.complete(5).isEmpty());
        QVERIFY(!a.complete(-1).isEmpty());

        QCOMPARE(a.complete(0), QString());
        QVERIFY(a.isDone(0));
        QCOMPARE(a.nextOccurrence(), 1);
        syncAll();
        // Jonas sees Maya's completion, and so does Ana.
        auto doneBy = [&](Care care, const std::string &member) {
            for (const DueItem &item : care.dueItems("2026-03-27"))
                if (item.assignmentId == id && item.occurrence == 0 && item.memberId == member)
                    return item.status == DueItem::Status::Done;
            return false;
        };
        QVERIFY(doneBy(jonas(), mayaId()));
        QVERIFY(doneBy(ana(), mayaId()));
        QVERIFY(!doneBy(ana(), jonasId()));
        // Maya sees Jonas's once he did it.
        jonas().complete(id, 0);
        syncAll();
        const QVariantList people = a.dueDates().at(0).toMap().value(QStringLiteral("people")).toList();
        QCOMPARE(people.size(), 2);
        QVERIFY(people.at(0).toMap().value(QStringLiteral("mine")).toBool());
        QCOMPARE(people.at(1).toMap().value(QStringLiteral("name")).toString(), QStringLiteral("Jonas"));
        QCOMPARE(people.at(1).toMap().value(QStringLiteral("status")).toString(), QStringLiteral("done"));

        QCOMPARE(a.reopen(0), QString());
        QVERIFY(!a.isDone(0));
        syncAll();
        QVERIFY(!doneBy(ana(), mayaId()));

        // One for Jonas alone: Maya can see it, not mark it.
        const std::string his = assign(jonasId(), "2026-03-28");
        CoupleAssignment theirs(m_session.get(), nullptr);
        theirs.setAssignmentId(QString::fromStdString(his));
        QVERIFY(!theirs.forMe());
        QCOMPARE(theirs.assigneeText(), QStringLiteral("For Jonas"));
        QVERIFY(!theirs.complete(0).isEmpty());
    }

    void reflectionsPrivateAndShared()
    {
        link(true);
        const std::string id = assign("", "2026-03-20", 7, 2);
        CoupleAssignment a(m_session.get(), nullptr);
        a.setAssignmentId(QString::fromStdString(id));
        QCOMPARE(a.prompts().size(), 2);

        // Nothing to say: refused, nothing written.
        const auto before = m_session->store()->changeLog(0, 100000).size();
        QVERIFY(!a.writeReflection(0, {QString(), QStringLiteral("   ")}, false).isEmpty());
        QCOMPARE(m_session->store()->changeLog(0, 100000).size(), before);

        const QString secret = QStringLiteral("PRIVATE-WORDS about the walk");
        const QString open = QStringLiteral("SHARED-WORDS about the walk");
        QCOMPARE(a.writeReflection(0, {secret, QString()}, false), QString());
        QCOMPARE(a.writeReflection(1, {QString(), open}, true), QString());
        syncAll();

        // The private one never travels under the care key...
        for (const auto &[seq, change] : m_session->store()->changeLog(0, 100000)) {
            if (change.scope == "care")
                QVERIFY2(change.fields.dump().find("PRIVATE-WORDS") == std::string::npos, change.id.c_str());
        }
        // ...nor reaches Ana's database (or Jonas's phone); the shared one reaches both.
        QCOMPARE(rowsMentioning(m_ana->store, "reflection", "PRIVATE-WORDS"), 0);
        QCOMPARE(rowsMentioning(m_jonas->store, "reflection", "PRIVATE-WORDS"), 0);
        QVERIFY(rowsMentioning(m_ana->store, "reflection", "SHARED-WORDS") > 0);
        const std::vector<Reflection> seen = ana().reflections();
        QCOMPARE(seen.size(), std::size_t(1));
        QCOMPARE(seen.front().occurrence, 1);
        QVERIFY(seen.front().shared);

        // Back in the editor, each answer under its prompt.
        const QVariantMap mine = a.reflection(0);
        QCOMPARE(mine.value(QStringLiteral("texts")).toList().at(0).toString(), secret);
        QCOMPARE(mine.value(QStringLiteral("texts")).toList().at(1).toString(), QString());
        QVERIFY(!mine.value(QStringLiteral("shared")).toBool());
        const QVariantMap shared = a.reflection(1);
        QCOMPARE(shared.value(QStringLiteral("texts")).toList().at(1).toString(), open);
        QVERIFY(shared.value(QStringLiteral("shared")).toBool());

        // Unshared later: it leaves Ana's replica.
        QCOMPARE(a.setReflectionShared(shared.value(QStringLiteral("reflectionId")).toString(), false), QString());
        syncAll();
        QVERIFY(ana().reflections().empty());
        QCOMPARE(rowsMentioning(m_ana->store, "reflection", "SHARED-WORDS"), 0);
        // Shared again, at once.
        QCOMPARE(a.setReflectionShared(mine.value(QStringLiteral("reflectionId")).toString(), true), QString());
        syncAll();
        QCOMPARE(ana().reflections().size(), std::size_t(1));
        // Someone else's is not mine to share.
        QVERIFY(!a.setReflectionShared(QStringLiteral("not-a-reflection"), true).isEmpty());
    }

    void partnersSharedReflectionShows()
    {
        link(true);
        const std::string id = assign("", "2026-03-26");
        jonas().complete(id, 0);
        jonas().writeReflection(id, 0, nlohmann::json::array({{{"prompt", "What would you change next time?"},
                                                               {"text", "Walk a little longer."}}}),
                                true);
        syncAll();
        CoupleAssignment a(m_session.get(), nullptr);
        a.setAssignmentId(QString::fromStdString(id));
        const QVariantList people = a.dueDates().at(0).toMap().value(QStringLiteral("people")).toList();
        QCOMPARE(people.size(), 2);
        const QVariantMap his = people.at(1).toMap();
        QVERIFY(his.value(QStringLiteral("reflectionShared")).toBool());
        const QVariantList answers = his.value(QStringLiteral("answers")).toList();
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.at(0).toMap().value(QStringLiteral("text")).toString(), QStringLiteral("Walk a little longer."));
    }

    void shareTrendsOnAndOff()
    {
        link(true);
        CoupleCare care(m_session.get(), nullptr);
        QVERIFY(!care.shareTrends());
        QVERIFY(ana().sharedTrends().empty());
        QCOMPARE(care.setShareTrends(true), QString());
        QVERIFY(care.shareTrends());
        syncAll();
        std::vector<SharedTrends> trends = ana().sharedTrends();
        QCOMPARE(trends.size(), std::size_t(1));
        QCOMPARE(trends.front().memberId, mayaId());
        // Nothing new to publish: nothing written.
        const auto before = m_session->store()->changeLog(0, 100000).size();
        CoupleCare::publishTrends(*m_session);
        QCOMPARE(m_session->store()->changeLog(0, 100000).size(), before);
        QCOMPARE(care.setShareTrends(false), QString());
        QVERIFY(!care.shareTrends());
        syncAll();
        QVERIFY(ana().sharedTrends().empty());
    }

    void reminderToldOncePerDueDate()
    {
        link(true);
        QSignalSpy reminders(m_session.get(), &Session::reminder);
        // Told as soon as it arrives (a sync checks the notices), on its day only.
        assign("", "2026-03-27");
        assign("", "2026-03-28");
        QCOMPARE(reminders.count(), 1);
        QCOMPARE(reminders.at(0).at(0).toString(), QStringLiteral("Due today"));
        QCOMPARE(reminders.at(0).at(1).toString(), QStringLiteral("An evening walk and talk from Dr. Ana Ruiz"));
        QCOMPARE(m_session->banner(), QStringLiteral("Due today: An evening walk and talk from Dr. Ana Ruiz"));
        m_session->checkNotices();
        QCOMPARE(reminders.count(), 1);
        // The next day, the next one.
        later(24 * kHour);
        m_session->checkNotices();
        QCOMPARE(reminders.count(), 2);
        // Done before its day comes: nothing to remind.
        const std::string third = assign("", "2026-03-30");
        maya().complete(third, 0);
        later(2 * 24 * kHour);
        m_session->checkNotices();
        QCOMPARE(reminders.count(), 2);
    }

private:
    static constexpr qint64 kHour = 3'600'000;
};

QTEST_GUILESS_MAIN(TestCoupleCareModels)
#include "tst_couplecaremodels.moc"
