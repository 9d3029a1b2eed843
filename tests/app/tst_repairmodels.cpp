// The repair models (app/repairs): the log with its filters and summary (updated in place, a
// burst of changes read once), starting a repair with bad fields, one repair's steps under the
// reveal rule with a partner on a second device (the calm check readable at once), status moves,
// flooding breaks seen from both sides (one past its time ended late; the countdown paused while
// unseen), and the commitments kept at the end.
#include "breakstate.h"
#include "repairflow.h"
#include "repairsmodel.h"
#include "couplefixture.h"
#include "session.h"

#include "../core/twodevices.h"

#include "clock.h"
#include "contentlibrary.h"
#include "repairs.h"
#include "schedule.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

constexpr qint64 kHour = 3'600'000;

QVariantMap stepOf(const RepairFlow &flow, const QString &id)
{
    for (const QVariant &v : flow.steps())
        if (v.toMap().value(QStringLiteral("id")).toString() == id)
            return v.toMap();
    return {};
}

int indexOf(const RepairFlow &flow, const QString &id)
{
    return stepOf(flow, id).value(QStringLiteral("index"), -1).toInt();
}

} // namespace

class TestRepairModels : public hearth::test::CoupleFixture {
    Q_OBJECT

public:
    TestRepairModels() : CoupleFixture(7, 11) {}

private:
    Repairs jonas() { return Repairs(m_jonas->store, m_session->content()); }

    QString startRepair(const QString &title, qint64 happenedAt, const QVariantList &topics = {})
    {
        RepairsModel model(m_session.get(), nullptr);
        const QVariantMap result = model.start(title, happenedAt, 3, topics, QStringLiteral("aftermath"));
        if (!result.contains(QStringLiteral("repairId")))
            qWarning() << result;
        return result.value(QStringLiteral("repairId")).toString();
    }

    /// Both say they are calm enough: the rest of the guide opens.
    void bothCalm(RepairFlow &flow)
    {
        QCOMPARE(flow.saveStep(QStringLiteral("calm"), QStringLiteral("ready")), QString());
        QCOMPARE(flow.submitStep(QStringLiteral("calm")), QString());
        toJonas();
        jonas().saveStep(flow.repairId().toStdString(), "calm", "ready");
        jonas().submitStep(flow.repairId().toStdString(), "calm");
        sync();
    }

private slots:
    void init()
    {
        QCOMPARE(openCouple(), QString());
    }

    void cleanup() { closeCouple(); }

    void startingRefusesBadFieldsAndWritesNothing()
    {
        RepairsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.count(), 0);

        QVariantMap errors = model.start(QStringLiteral("   "), now() + 2 * kHour, 0,
                                         {QStringLiteral("no-such-topic")}, QStringLiteral("aftermath"));
        QVERIFY(!errors.contains(QStringLiteral("repairId")));
        QCOMPARE(errors.size(), 4);
        for (const char *field : {"title", "happenedAt", "intensity", "topics"})
            QVERIFY2(!errors.value(QString::fromLatin1(field)).toString().isEmpty(), field);
        QVERIFY(errors.value(QStringLiteral("happenedAt")).toString().contains(QStringLiteral("future")));

        errors = model.start(QString(121, u'x'), now() - kHour, 6, {}, QStringLiteral("aftermath"));
        QCOMPARE(errors.keys(), (QStringList{QStringLiteral("intensity"), QStringLiteral("title")}));
        errors = model.start(QStringLiteral("Dishes"), 0, 3, {QStringLiteral("chores"), QStringLiteral("chores")},
                             QStringLiteral("aftermath"));
        QCOMPARE(errors.keys(), (QStringList{QStringLiteral("happenedAt"), QStringLiteral("topics")}));
        // The phrases are for the moment itself, not a repair to keep.
        errors = model.start(QStringLiteral("Dishes"), now() - kHour, 3, {}, QStringLiteral("repair-attempt"));
        QCOMPARE(errors.keys(), QStringList{QStringLiteral("guideId")});
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.totalCount(), 0);
        QVERIFY(Repairs(*m_session->store(), m_session->content()).log().empty());

        QSignalSpy counted(&model, &RepairsModel::countChanged);
        const QVariantMap ok = model.start(QStringLiteral("  The dishes, again "), now() - 2 * kHour, 4,
                                           {QStringLiteral("chores"), QStringLiteral("tone")},
                                           QStringLiteral("aftermath"));
        QVERIFY(ok.contains(QStringLiteral("repairId")));
        settle();
        QCOMPARE(counted.count(), 1);
        QCOMPARE(model.count(), 1);
        const QModelIndex first = model.index(0);
        QCOMPARE(first.data(RepairsModel::RepairIdRole).toString(), ok.value(QStringLiteral("repairId")).toString());
        QCOMPARE(first.data(RepairsModel::TitleRole).toString(), QStringLiteral("The dishes, again"));
        QCOMPARE(first.data(RepairsModel::DateTextRole).toString(), QStringLiteral("Today, 18:00"));
        QCOMPARE(first.data(RepairsModel::IntensityRole).toInt(), 4);
        QCOMPARE(first.data(RepairsModel::IntensityLabelRole).toString(), QStringLiteral("Very heated"));
        QCOMPARE(first.data(RepairsModel::TopicsRole).toStringList(),
                 (QStringList{QStringLiteral("Chores and housework"), QStringLiteral("Tone and how we talk")}));
        QCOMPARE(first.data(RepairsModel::StatusRole).toString(), QStringLiteral("open"));
        QCOMPARE(first.data(RepairsModel::StatusTextRole).toString(), QStringLiteral("Open"));
        QCOMPARE(first.data(RepairsModel::TimeToRepairTextRole).toString(), QString());
        QCOMPARE(first.data(RepairsModel::StartedByMeRole).toBool(), true);
        QCOMPARE(model.openRepairId(), ok.value(QStringLiteral("repairId")).toString());

        // Jonas's device sees it as his partner's.
        toJonas();
        QCOMPARE(jonas().log().size(), std::size_t(1));
    }

    void theLogFiltersAndSums()
    {
        RepairsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString older = startRepair(QStringLiteral("Money at the bank"), now() - 40 * 24 * kHour,
                                          {QStringLiteral("money")});
        const QString chores = startRepair(QStringLiteral("Dishes"), now() - 3 * kHour,
                                           {QStringLiteral("chores")});
        const QString both = startRepair(QStringLiteral("Bills and dishes"), now() - kHour,
                                         {QStringLiteral("chores"), QStringLiteral("money")});
        QVERIFY(!older.isEmpty() && !chores.isEmpty() && !both.isEmpty());
        RepairFlow flow(m_session.get(), nullptr);
        flow.setRepairId(chores);
        later(kHour);
        QCOMPARE(flow.setStatus(QStringLiteral("repaired")), QString()); // 4 hours after it happened

        settle();
        QCOMPARE(model.count(), 3);
        QCOMPARE(model.index(0).data(RepairsModel::RepairIdRole).toString(), both); // newest first
        QCOMPARE(model.index(1).data(RepairsModel::TimeToRepairTextRole).toString(),
                 QStringLiteral("Repaired in 4 hours"));
        QCOMPARE(model.openRepairId(), both);
        QCOMPARE(model.newestRepairId(), both);

        QSignalSpy filtered(&model, &RepairsModel::filterChanged);
        model.setTopicFilter(QStringLiteral("chores"));
        QCOMPARE(filtered.count(), 1);
        QCOMPARE(model.count(), 2);
        QCOMPARE(model.totalCount(), 3);
        model.setStatusFilter(QStringLiteral("repaired"));
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.index(0).data(RepairsModel::RepairIdRole).toString(), chores);
        model.setTopicFilter(QStringLiteral("money"));
        QCOMPARE(model.count(), 0);
        model.setStatusFilter(QString());
        QCOMPARE(model.count(), 2);
        model.setTopicFilter(QString());
        QCOMPARE(model.count(), 3);

        // Six months up to this one, the older repair in February, two in March.
        const QVariantList months = model.perMonth();
        QCOMPARE(months.size(), 6);
        QCOMPARE(months.first().toMap().value(QStringLiteral("month")).toString(), QStringLiteral("2025-10"));
        QCOMPARE(months.last().toMap().value(QStringLiteral("month")).toString(), QStringLiteral("2026-03"));
        QCOMPARE(months.last().toMap().value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(months.at(4).toMap().value(QStringLiteral("count")).toInt(), 1);
        QCOMPARE(model.medianText(), QStringLiteral("Median time to repair: 4 hours"));
        QCOMPARE(model.topics().size(), int(m_session->content().topics().size()));
        QCOMPARE(model.intensityLevels().size(), 5);
        QCOMPARE(model.statuses().size(), 4);
        QCOMPARE(model.guides().size(), 2);
        // The start form's limit comes from core.
        QCOMPARE(model.property("maxTitle").toInt(), int(Repairs::kMaxTitle));
    }

    void theLogUpdatesRowsInPlaceAndReadsABurstOnce()
    {
        const QString first = startRepair(QStringLiteral("Dishes"), now() - 3 * kHour, {QStringLiteral("chores")});
        RepairsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.count(), 1);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changedRows(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy counted(&model, &RepairsModel::countChanged);

        // Three writes in one go (as a sync merging them): read once, on the next turn.
        Repairs repairs(*m_session->store(), m_session->content());
        RepairDraft draft;
        draft.title = "Money";
        draft.happenedAt = now() - kHour;
        draft.topics = {"money"};
        const std::string newer = repairs.start(draft);
        draft.title = "Old news";
        draft.happenedAt = now() - 10 * 24 * kHour;
        const std::string older = repairs.start(draft);
        repairs.setStatus(first.toStdString(), "cooling");
        QCOMPARE(model.count(), 1); // not read yet
        settle();
        QCOMPARE(counted.count(), 1);
        QCOMPARE(model.count(), 3);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(model.index(0).data(RepairsModel::RepairIdRole).toString(), QString::fromStdString(newer));
        QCOMPARE(model.index(1).data(RepairsModel::RepairIdRole).toString(), first);
        QCOMPARE(model.index(2).data(RepairsModel::RepairIdRole).toString(), QString::fromStdString(older));
        QCOMPARE(model.index(1).data(RepairsModel::StatusTextRole).toString(), QStringLiteral("Cooling off"));

        // A draft saved changes no row: nobody hears of it.
        inserted.clear();
        changedRows.clear();
        counted.clear();
        RepairFlow flow(m_session.get(), nullptr);
        flow.setRepairId(first);
        QCOMPARE(flow.saveStep(QStringLiteral("calm"), QStringLiteral("ready")), QString());
        settle();
        QCOMPARE(changedRows.count(), 0);
        QCOMPARE(counted.count(), 0);

        // A status moved: that row says so, in place.
        QCOMPARE(flow.setStatus(QStringLiteral("talking")), QString());
        settle();
        QCOMPARE(changedRows.count(), 1);
        QCOMPARE(changedRows.first().at(0).toModelIndex().row(), 1);
        QCOMPARE(model.index(1).data(RepairsModel::StatusRole).toString(), QStringLiteral("talking"));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(counted.count(), 0); // the counts stay

        // Filters work on what was read; rows leave and come back without a reset.
        model.setTopicFilter(QStringLiteral("money"));
        QCOMPARE(model.count(), 2);
        QCOMPARE(removed.count(), 1);
        model.setStatusFilter(QStringLiteral("talking"));
        QCOMPARE(model.count(), 0);
        model.setTopicFilter(QString());
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.index(0).data(RepairsModel::RepairIdRole).toString(), first);
        model.setStatusFilter(QString());
        QCOMPARE(model.count(), 3);
        QCOMPARE(reset.count(), 0);

        // A repair Jonas started arrives by sync: not mine.
        Repairs his = jonas();
        toJonas();
        draft.title = "His turn";
        draft.happenedAt = now() - 2 * kHour;
        const std::string hisId = his.start(draft);
        fromJonas();
        QCOMPARE(model.count(), 4);
        QCOMPARE(model.index(1).data(RepairsModel::RepairIdRole).toString(), QString::fromStdString(hisId));
        QCOMPARE(model.index(1).data(RepairsModel::StartedByMeRole).toBool(), false);
        QCOMPARE(model.index(0).data(RepairsModel::StartedByMeRole).toBool(), true);
        QCOMPARE(reset.count(), 0);
    }

    void statusMovesAndRefusesAfterRepaired()
    {
        const QString id = startRepair(QStringLiteral("Late again"), now() - 2 * kHour);
        RepairFlow flow(m_session.get(), nullptr);
        QSignalSpy changed(&flow, &RepairFlow::changed);
        flow.setRepairId(id);
        QVERIFY(flow.exists());
        QCOMPARE(flow.statusText(), QStringLiteral("Open"));
        QCOMPARE(flow.moves().size(), 3);
        QVERIFY(!flow.setStatus(QStringLiteral("sideways")).isEmpty());
        QCOMPARE(flow.setStatus(QStringLiteral("cooling")), QString());
        QCOMPARE(flow.status(), QStringLiteral("cooling"));
        QCOMPARE(flow.statusText(), QStringLiteral("Cooling off"));
        QCOMPARE(flow.setStatus(QStringLiteral("talking")), QString());
        QVERIFY(!flow.setStatus(QStringLiteral("open")).isEmpty());
        QCOMPARE(flow.status(), QStringLiteral("talking"));
        later(2 * 24 * kHour);
        QCOMPARE(flow.setStatus(QStringLiteral("repaired")), QString());
        QCOMPARE(flow.timeToRepairText(), QStringLiteral("Repaired in 2 days"));
        QVERIFY(flow.moves().isEmpty());
        const QString refused = flow.setStatus(QStringLiteral("talking"));
        QVERIFY(refused.contains(QStringLiteral("stays repaired")));
        QCOMPARE(flow.status(), QStringLiteral("repaired"));
        QVERIFY(!flow.saveStep(QStringLiteral("reality"), QStringLiteral("too late")).isEmpty());
        QVERIFY(!flow.callBreak(30).isEmpty());
        QVERIFY(changed.count() >= 4);
        // Jonas's device agrees.
        toJonas();
        QCOMPARE(jonas().view(id.toStdString())->status, std::string("repaired"));
    }

    void aStepIsHiddenUntilBothHaveWrittenIt()
    {
        const QString id = startRepair(QStringLiteral("The dishes"), now() - kHour);
        RepairFlow flow(m_session.get(), nullptr);
        flow.setRepairId(id);
        QCOMPARE(flow.stepCount(), int(m_session->content().repairGuide("aftermath")->steps.size()));
        QCOMPARE(flow.currentStep(), 0);
        // Calm first: the rest waits until both are calm enough.
        QVERIFY(stepOf(flow, QStringLiteral("reality")).value(QStringLiteral("locked")).toBool());
        QVERIFY(!flow.saveStep(QStringLiteral("reality"), QStringLiteral("x")).isEmpty());
        // "I need a break first" is kept, but not shared: the break comes first.
        QCOMPARE(flow.saveStep(QStringLiteral("calm"), QStringLiteral("break")), QString());
        QVERIFY(!flow.submitStep(QStringLiteral("calm")).isEmpty());
        QVERIFY(!stepOf(flow, QStringLiteral("calm")).value(QStringLiteral("mineSubmitted")).toBool());
        QVERIFY(!flow.saveStep(QStringLiteral("calm"), QStringLiteral("whatever")).isEmpty());
        bothCalm(flow);
        QCOMPARE(stepOf(flow, QStringLiteral("calm")).value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QCOMPARE(flow.currentStep(), indexOf(flow, QStringLiteral("feelings")));
        QCOMPARE(flow.doneCount(), 1);
        QCOMPARE(flow.status(), QStringLiteral("talking"));
        // "What you heard" answers the partner's side: it waits for it.
        QVERIFY(stepOf(flow, QStringLiteral("understood")).value(QStringLiteral("locked")).toBool());
        QVERIFY(stepOf(flow, QStringLiteral("acceptance")).value(QStringLiteral("locked")).toBool());

        // Jonas writes his side first: Maya sees that he has, not what.
        const std::string rid = id.toStdString();
        jonas().saveStep(rid, "reality", "I thought we'd agreed I'd do them in the morning.");
        jonas().submitStep(rid, "reality");
        sync();
        QVariantMap reality = stepOf(flow, QStringLiteral("reality"));
        QVERIFY(reality.value(QStringLiteral("partnerSubmitted")).toBool());
        QVERIFY(!reality.value(QStringLiteral("revealed")).toBool());
        QCOMPARE(reality.value(QStringLiteral("partner")).toString(), QString());
        QVERIFY(reality.value(QStringLiteral("partnerText")).toString().startsWith(QStringLiteral("Jonas has written this")));
        QVERIFY(reality.value(QStringLiteral("editable")).toBool());

        // Maya writes hers: a draft first (private), then shared.
        QVERIFY(!flow.saveStep(QStringLiteral("reality"), QString(2001, u'x')).isEmpty());
        QCOMPARE(flow.saveStep(QStringLiteral("reality"), QStringLiteral("I felt alone with it all evening.")), QString());
        QCOMPARE(stepOf(flow, QStringLiteral("reality")).value(QStringLiteral("myDraft")).toString(),
                 QStringLiteral("I felt alone with it all evening."));
        QVERIFY(stepOf(flow, QStringLiteral("reality")).value(QStringLiteral("hasDraft")).toBool());
        QCOMPARE(flow.submitStep(QStringLiteral("reality")), QString());
        sync();
        reality = stepOf(flow, QStringLiteral("reality"));
        QVERIFY(reality.value(QStringLiteral("mineSubmitted")).toBool());
        QVERIFY(reality.value(QStringLiteral("revealed")).toBool());
        QCOMPARE(reality.value(QStringLiteral("mine")).toString(), QStringLiteral("I felt alone with it all evening."));
        QCOMPARE(reality.value(QStringLiteral("partner")).toString(),
                 QStringLiteral("I thought we'd agreed I'd do them in the morning."));
        QCOMPARE(reality.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QVERIFY(!reality.value(QStringLiteral("editable")).toBool());
        QVERIFY(!flow.saveStep(QStringLiteral("reality"), QStringLiteral("changed")).isEmpty());
        QVERIFY(!stepOf(flow, QStringLiteral("understood")).value(QStringLiteral("locked")).toBool());

        // Feelings: Maya first this time. Jonas's device sees hers only once he has chosen his.
        QCOMPARE(flow.saveStep(QStringLiteral("feelings"), QVariantList{QStringLiteral("hurt"), QStringLiteral("lonely")}), QString());
        QCOMPARE(flow.submitStep(QStringLiteral("feelings")), QString());
        QVariantMap feelings = stepOf(flow, QStringLiteral("feelings"));
        QCOMPARE(feelings.value(QStringLiteral("state")).toString(), QStringLiteral("waiting"));
        QCOMPARE(feelings.value(QStringLiteral("mineItems")).toStringList(),
                 (QStringList{QStringLiteral("hurt"), QStringLiteral("lonely")}));
        QVERIFY(feelings.value(QStringLiteral("partnerText")).toString().contains(QStringLiteral("hasn't written")));
        // Still hers to change until he has written his.
        QCOMPARE(flow.saveStep(QStringLiteral("feelings"), QVariantList{QStringLiteral("hurt")}), QString());
        QCOMPARE(flow.submitStep(QStringLiteral("feelings")), QString());
        sync();
        auto his = jonas().view(rid)->steps;
        const auto mine = std::find_if(his.begin(), his.end(), [](const auto &s) { return s.stepId == "feelings"; });
        QVERIFY(mine->partnerSubmitted);
        QVERIFY(mine->partner.is_null());
        jonas().saveStep(rid, "feelings", nlohmann::json::array({"defensive"}));
        jonas().submitStep(rid, "feelings");
        sync();
        feelings = stepOf(flow, QStringLiteral("feelings"));
        QVERIFY(feelings.value(QStringLiteral("revealed")).toBool());
        QCOMPARE(feelings.value(QStringLiteral("mine")).toString(), QStringLiteral("hurt"));
        QCOMPARE(feelings.value(QStringLiteral("partnerItems")).toStringList(), QStringList{QStringLiteral("defensive")});
        QCOMPARE(flow.currentStep(), indexOf(flow, QStringLiteral("understood")));

        // An optional step can be passed over; a required one can't.
        QVERIFY(!flow.skipStep(QStringLiteral("understood")).isEmpty());
        QCOMPARE(flow.saveStep(QStringLiteral("understood"), QStringLiteral("You thought it was settled.")), QString());
        QCOMPARE(flow.submitStep(QStringLiteral("understood")), QString());
        QCOMPARE(flow.currentStep(), indexOf(flow, QStringLiteral("triggers")));
        QCOMPARE(flow.skipStep(QStringLiteral("triggers")), QString());
        QCOMPARE(flow.currentStep(), indexOf(flow, QStringLiteral("needs-touched")));
        QCOMPARE(stepOf(flow, QStringLiteral("triggers")).value(QStringLiteral("state")).toString(), QStringLiteral("skipped"));
        QVERIFY(!flow.submitStep(QStringLiteral("plan")).isEmpty()); // nothing written yet
    }

    void theCalmCheckIsReadAtOnceAndOpensTheRestWhenBothAreReady()
    {
        const QString id = startRepair(QStringLiteral("The dishes"), now() - kHour);
        const std::string rid = id.toStdString();
        RepairFlow flow(m_session.get(), nullptr);
        flow.setRepairId(id);
        QVariantMap calm = stepOf(flow, QStringLiteral("calm"));
        QVERIFY(!calm.value(QStringLiteral("isPrivate")).toBool());
        QCOMPARE(calm.value(QStringLiteral("partnerText")).toString(), QStringLiteral("Jonas hasn't answered yet."));

        // Jonas says he is ready: Maya reads it before she has answered.
        toJonas();
        jonas().saveStep(rid, "calm", "ready");
        jonas().submitStep(rid, "calm");
        sync();
        calm = stepOf(flow, QStringLiteral("calm"));
        QVERIFY(calm.value(QStringLiteral("partnerSubmitted")).toBool());
        QVERIFY(!calm.value(QStringLiteral("mineSubmitted")).toBool());
        QVERIFY(calm.value(QStringLiteral("partnerVisible")).toBool());
        QVERIFY(!calm.value(QStringLiteral("revealed")).toBool());
        QVERIFY(!calm.value(QStringLiteral("partner")).toString().isEmpty());
        QCOMPARE(calm.value(QStringLiteral("partnerText")).toString(), QStringLiteral("Jonas has answered."));
        QCOMPARE(calm.value(QStringLiteral("state")).toString(), QStringLiteral("current"));
        // His answer alone does not open the rest.
        QCOMPARE(stepOf(flow, QStringLiteral("feelings")).value(QStringLiteral("lockedText")).toString(),
                 QStringLiteral("This opens once you have both said you're calm enough to start."));

        // Her "break first" is kept as a draft and not shared; the rest stays closed.
        QCOMPARE(flow.saveStep(QStringLiteral("calm"), QStringLiteral("break")), QString());
        QVERIFY(flow.submitStep(QStringLiteral("calm")).contains(QStringLiteral("break")));
        QVERIFY(!stepOf(flow, QStringLiteral("calm")).value(QStringLiteral("mineSubmitted")).toBool());
        QVERIFY(stepOf(flow, QStringLiteral("feelings")).value(QStringLiteral("locked")).toBool());

        // Ready: the rest opens, and Jonas reads hers at once too.
        QCOMPARE(flow.saveStep(QStringLiteral("calm"), QStringLiteral("ready")), QString());
        QCOMPARE(flow.submitStep(QStringLiteral("calm")), QString());
        calm = stepOf(flow, QStringLiteral("calm"));
        QCOMPARE(calm.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QCOMPARE(calm.value(QStringLiteral("partnerText")).toString(), QStringLiteral("You have both answered."));
        QVERIFY(!stepOf(flow, QStringLiteral("feelings")).value(QStringLiteral("locked")).toBool());
        QCOMPARE(flow.currentStep(), indexOf(flow, QStringLiteral("feelings")));
        toJonas();
        const auto seen = jonas().view(rid);
        QVERIFY(seen->steps.front().partner == "ready");

        // A step's message from core reaches the page as it is.
        QVERIFY(flow.submitStep(QStringLiteral("feelings")).contains(QStringLiteral("write your answer first")));
    }

    void aBreakPastItsTimeCanStillBeEnded()
    {
        const QString id = startRepair(QStringLiteral("The dishes"), now() - kHour);
        RepairFlow flow(m_session.get(), nullptr);
        flow.setRepairId(id);
        BreakState state(m_session.get(), nullptr);
        QSignalSpy up(&state, &BreakState::timeIsUp);
        QCOMPARE(state.call(id, 30), QString());
        settle();
        QCOMPARE(flow.status(), QStringLiteral("cooling"));
        QVERIFY(state.active());
        QVERIFY(!state.timeUp());
        const QString breakId = state.breakId();

        // Its time comes and nobody ends it: it is still the one to end.
        later(31 * 60'000);
        state.refresh();
        QVERIFY(!state.active());
        QVERIFY(state.timeUp());
        QCOMPARE(up.count(), 1);
        QCOMPARE(state.breakId(), breakId);
        QCOMPARE(state.repairId(), id);
        QCOMPARE(state.headline(), QStringLiteral("Your break was until 20:30."));
        QCOMPARE(state.secondsLeft(), 0);
        QVERIFY(!Repairs(*m_session->store(), m_session->content()).currentBreak().has_value());

        // A page opened later (not watching it run out) knows it from its repair, hours later.
        later(5 * kHour);
        BreakState opened(m_session.get(), nullptr);
        QVERIFY(!opened.timeUp());
        opened.setForRepair(id);
        QVERIFY(opened.timeUp());
        QCOMPARE(opened.breakId(), breakId);
        QCOMPARE(opened.calledByName(), QStringLiteral("Maya"));
        QVERIFY(state.timeUp()); // its repair is still cooling off

        // "We're back": the break ends, and the repair goes back to talking.
        QCOMPARE(opened.end(), QString());
        settle();
        QVERIFY(!opened.timeUp());
        QVERIFY(!state.timeUp());
        QCOMPARE(flow.status(), QStringLiteral("talking"));
        QVERIFY(!opened.end().isEmpty()); // nothing left to end
        QCOMPARE(up.count(), 1);

        // A break from anywhere that ran out is worth ending for an hour after its time.
        QCOMPARE(state.call(QString(), 20), QString());
        later(21 * 60'000);
        state.refresh();
        QVERIFY(state.timeUp());
        later(2 * kHour);
        state.refresh();
        QVERIFY(!state.timeUp());
        QVERIFY(!state.active());
    }

    void theCountdownTicksOnlyWhileSeen()
    {
        BreakState state(m_session.get(), nullptr);
        QVERIFY(state.ticking());
        QCOMPARE(state.call(QString(), 20), QString());
        QCOMPARE(state.secondsLeft(), 20 * 60);
        QSignalSpy ticked(&state, &BreakState::secondsLeftChanged);
        QSignalSpy tickingChanged(&state, &BreakState::tickingChanged);

        state.setTicking(false);
        QCOMPARE(tickingChanged.count(), 1);
        later(10'000);
        QTest::qWait(1300);
        QCOMPARE(ticked.count(), 0);
        QCOMPARE(state.secondsLeft(), 20 * 60);

        // Seen again: it catches up at once, then ticks.
        state.setTicking(true);
        QCOMPARE(state.secondsLeft(), 20 * 60 - 10);
        later(1000);
        QTRY_COMPARE_WITH_TIMEOUT(state.secondsLeft(), 20 * 60 - 11, 2500);

        // Unseen when its time comes: no tick says so; seen again, it is up.
        QSignalSpy up(&state, &BreakState::timeIsUp);
        state.setTicking(false);
        later(20 * 60'000);
        QTest::qWait(1300);
        QCOMPARE(up.count(), 0);
        QVERIFY(state.active());
        state.setTicking(true);
        QCOMPARE(up.count(), 1);
        QVERIFY(state.timeUp());
    }

    void breaksFromBothSides()
    {
        const QString id = startRepair(QStringLiteral("The dishes"), now() - kHour);
        BreakState state(m_session.get(), nullptr);
        QVERIFY(!state.active());
        QCOMPARE(state.minimumMinutes(), 20);
        QCOMPARE(state.defaultMinutes(), 30);
        QVERIFY(!state.explanation().isEmpty());
        QVERIFY(state.callPromptText().contains(QStringLiteral("20:30"))); // now + 30 minutes
        QCOMPARE(state.returnTextFor(45), QStringLiteral("20:45"));

        const QString tooShort = state.call(id, 10);
        QVERIFY(tooShort.contains(QStringLiteral("20 minutes")));
        QVERIFY(!state.active());
        QVERIFY(!state.call(id, 2000).isEmpty());
        QVERIFY(!Repairs(*m_session->store(), m_session->content()).currentBreak().has_value());

        QSignalSpy changed(&state, &BreakState::changed);
        QCOMPARE(state.call(id, 40), QString());
        QVERIFY(state.active());
        QVERIFY(changed.count() >= 1);
        QVERIFY(state.calledByMe());
        QCOMPARE(state.calledByName(), QStringLiteral("Maya"));
        QCOMPARE(state.returnText(), QStringLiteral("20:40"));
        QCOMPARE(state.headline(), QStringLiteral("You asked for a break until 20:40."));
        QCOMPARE(state.secondsLeft(), 40 * 60);
        QCOMPARE(state.countdownText(), QStringLiteral("40:00"));
        QCOMPARE(state.repairId(), id);
        QCOMPARE(state.repairTitle(), QStringLiteral("The dishes"));
        QVERIFY(state.callPromptText().contains(QStringLiteral("20:40")));
        QVERIFY(!state.soothingText().isEmpty());
        const QString soothing = state.soothingText();
        state.refresh();
        QCOMPARE(state.soothingText(), soothing); // the same idea for the whole break
        RepairFlow flow(m_session.get(), nullptr);
        flow.setRepairId(id);
        QCOMPARE(flow.status(), QStringLiteral("cooling"));
        QCOMPARE(flow.breaks().size(), 1);
        QVERIFY(flow.breaks().first().toMap().value(QStringLiteral("active")).toBool());

        // Jonas's device hears of it, with the time in his zone.
        toJonas();
        const auto seen = jonas().currentBreak();
        QVERIFY(seen.has_value());
        QCOMPARE(seen->returnAt, state.returnAt());

        QCOMPARE(state.end(), QString());
        QVERIFY(!state.active());
        QCOMPARE(state.secondsLeft(), 0);
        QVERIFY(!state.end().isEmpty()); // nothing to end

        // Now Jonas calls one, from Today: Maya's device says it is his, until when.
        later(5 * 60'000);
        jonas().callBreak({}, 30);
        sync();
        QVERIFY(state.active());
        QVERIFY(!state.calledByMe());
        QCOMPARE(state.calledByName(), QStringLiteral("Jonas"));
        QCOMPARE(state.returnText(), QStringLiteral("20:35"));
        QCOMPARE(state.headline(), QStringLiteral("Jonas asked for a break until 20:35."));
        QCOMPARE(state.repairId(), QString());
        // Over by the clock: no longer going on, but not ended either.
        later(31 * 60'000);
        state.refresh();
        QVERIFY(!state.active());
        QVERIFY(state.timeUp());
        QCOMPARE(state.headline(), QStringLiteral("Jonas's break was until 20:35."));
    }

    void plansBecomeCommitmentsOnceRepaired()
    {
        const QString id = startRepair(QStringLiteral("Who does the bins"), now() - 3 * kHour,
                                       {QStringLiteral("chores")});
        RepairFlow flow(m_session.get(), nullptr);
        flow.setRepairId(id);
        bothCalm(flow);
        QCOMPARE(flow.saveStep(QStringLiteral("plan"), QStringLiteral("Ask before assuming who does what.")), QString());
        QCOMPARE(flow.submitStep(QStringLiteral("plan")), QString());
        toJonas();
        jonas().saveStep(id.toStdString(), "plan", "Say it early, not at 10 pm.");
        jonas().submitStep(id.toStdString(), "plan");
        sync();
        RepairsModel model(m_session.get(), nullptr);
        QVERIFY(model.commitments().isEmpty());
        QVERIFY(flow.commitments().isEmpty());
        QCOMPARE(flow.setStatus(QStringLiteral("repaired")), QString());
        settle();

        const QVariantList kept = model.commitments();
        QCOMPARE(kept.size(), 2);
        QStringList who;
        for (const QVariant &v : kept) {
            const QVariantMap c = v.toMap();
            QCOMPARE(c.value(QStringLiteral("repairTitle")).toString(), QStringLiteral("Who does the bins"));
            QCOMPARE(c.value(QStringLiteral("createdText")).toString(), QStringLiteral("Today"));
            QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
            QCOMPARE(c.value(QStringLiteral("mine")).toBool(), c.value(QStringLiteral("memberName")).toString() == u"Maya");
            who << c.value(QStringLiteral("memberName")).toString() + QStringLiteral(": ") + c.value(QStringLiteral("text")).toString();
        }
        who.sort();
        QCOMPARE(who, (QStringList{QStringLiteral("Jonas: Say it early, not at 10 pm."),
                                   QStringLiteral("Maya: Ask before assuming who does what.")}));
        QCOMPARE(flow.commitments().size(), 2);
        // Repaired: nothing more to write, and no step is "current".
        QCOMPARE(flow.currentStep(), -1);
        QVERIFY(!stepOf(flow, QStringLiteral("move-on")).value(QStringLiteral("editable")).toBool());

        // A plan only Jonas wrote stays his: Maya's device never read it, so it is not hers to
        // keep either.
        const QString other = startRepair(QStringLiteral("The car keys"), now() - kHour);
        RepairFlow second(m_session.get(), nullptr);
        second.setRepairId(other);
        bothCalm(second);
        jonas().saveStep(other.toStdString(), "plan", "Keys go on the hook.");
        jonas().submitStep(other.toStdString(), "plan");
        sync();
        QVERIFY(stepOf(second, QStringLiteral("plan")).value(QStringLiteral("partnerSubmitted")).toBool());
        QCOMPARE(second.setStatus(QStringLiteral("repaired")), QString());
        settle();
        QVERIFY(second.commitments().isEmpty());
        QCOMPARE(model.commitments().size(), 2);
    }

    void phrasesAreGrouped()
    {
        RepairFlow flow(m_session.get(), nullptr);
        QVERIFY(!flow.exists());
        const QVariantList groups = flow.phrases();
        QCOMPARE(groups.size(), 6);
        int phrases = 0;
        for (const QVariant &g : groups) {
            QVERIFY(!g.toMap().value(QStringLiteral("label")).toString().isEmpty());
            phrases += g.toMap().value(QStringLiteral("phrases")).toList().size();
        }
        QVERIFY(phrases >= 20);
        QVERIFY(!flow.phrasesInstructions().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRepairModels)
#include "tst_repairmodels.moc"
