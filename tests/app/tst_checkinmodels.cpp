// The check-in models over core (app/checkins): the list with each check-in's state, the
// answering flow with its validation, the fair reveal between this Session and a partner's
// device, replies, finishing, and the trends. The partner's device exchanges changes with the
// Session's store as sync would (private rows stay home, the reveal step runs after a merge).
#include "checkinflow.h"
#include "checkinsmodel.h"
#include "session.h"

#include "../core/twodevices.h"

#include "checkins.h"
#include "clock.h"
#include "contentlibrary.h"
#include "schedule.h"
#include "store.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>

using namespace hearth;
using namespace hearth::test;
using nlohmann::json;

namespace {

const QString kWeekly = QStringLiteral("weekly");

QVariantMap findQuestion(const QVariantList &comparison, const QString &questionId)
{
    for (const QVariant &item : comparison)
        if (item.toMap().value(QStringLiteral("questionId")).toString() == questionId)
            return item.toMap();
    return {};
}

} // namespace

class TestCheckInModels : public QObject {
    Q_OBJECT

private:
    // Friday 27 March 2026, 10:00 in Berlin.
    ManualClock m_clock{localToUtc("2026-03-27T10:00", "Europe/Berlin")};
    SeededRandom m_random{5};
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<Device> m_jonas;
    std::int64_t m_seenMaya = 0; ///< how much of the Session's change log Jonas has merged
    std::int64_t m_seenJonas = 0;
    ContentLibrary m_content = ContentLibrary::loadDefault();

    void openSession()
    {
        m_session = std::make_unique<Session>(m_dir->path(), m_clock, m_random);
        QVERIFY(m_session->ready());
    }

    /// Maya's changes reach Jonas's device (not her private rows); his reveal step runs.
    void toJonas()
    {
        std::vector<Change> changes;
        for (auto &[seq, change] : m_session->store()->changeLog(m_seenMaya, 100000)) {
            m_seenMaya = seq;
            if (change.scope != "private")
                changes.push_back(change);
        }
        m_jonas->store.merge(changes);
        fair::revealDue(m_jonas->store);
    }

    /// Jonas's changes reach this Session, as the sync client delivers them.
    void toMaya()
    {
        std::vector<Change> changes;
        for (auto &[seq, change] : m_jonas->store.changeLog(m_seenJonas, 100000)) {
            m_seenJonas = seq;
            if (change.scope != "private")
                changes.push_back(change);
        }
        m_session->store()->merge(changes);
        fair::revealDue(*m_session->store());
        m_session->reloadFromStore();
    }

    void exchange()
    {
        toJonas();
        toMaya();
        toJonas();
        toMaya();
    }

    CheckIns jonas() { return CheckIns(m_jonas->store, m_content); }

    /// A copy of the shipped content with the weekly set changed by `edit`.
    static std::unique_ptr<QTemporaryDir> contentWith(const std::function<void(json &weekly)> &edit)
    {
        auto dir = std::make_unique<QTemporaryDir>();
        qunsetenv("HEARTH_CONTENT_DIR");
        const std::filesystem::path shipped = ContentLibrary::defaultDir();
        const std::filesystem::path target(dir->path().toStdString());
        for (const char *file :
             {"rituals.json", "checkins.json", "repairs.json", "us.json", "cards.json",
              "exercises.json"})
            std::filesystem::copy_file(shipped / file, target / file);
        std::ifstream in(target / "checkins.json");
        json content = json::parse(in);
        in.close();
        for (json &set : content.at("questionSets"))
            if (set.at("id") == "weekly")
                edit(set);
        std::ofstream(target / "checkins.json") << content.dump(2);
        return dir;
    }

    /// This Session again, over the content in `contentDir` ("" for the shipped content).
    void reopenWithContent(const QString &contentDir)
    {
        m_session.reset();
        if (!contentDir.isEmpty())
            qputenv("HEARTH_CONTENT_DIR", contentDir.toLocal8Bit());
        openSession();
        qunsetenv("HEARTH_CONTENT_DIR");
    }

    QString startWeekly(CheckInsModel &model)
    {
        const QVariantMap started = model.start(kWeekly);
        if (started.contains(QStringLiteral("error")))
            qWarning() << started;
        return started.value(QStringLiteral("checkinId")).toString();
    }

    /// Maya's answers to the weekly set, through the flow as the page saves them.
    void answerWeekly(CheckInFlow &flow, int mood)
    {
        QCOMPARE(flow.saveAnswer(QStringLiteral("mood"), mood), QString());
        QCOMPARE(flow.saveAnswer(QStringLiteral("closeness"), 4), QString());
        QCOMPARE(flow.saveAnswer(QStringLiteral("stress"), 2), QString());
        QCOMPARE(flow.saveAnswer(QStringLiteral("needs"),
                                 QVariantList{QStringLiteral("quality-time"), QStringLiteral("rest")}),
                 QString());
        QCOMPARE(flow.saveAnswer(QStringLiteral("felt-close"), QStringLiteral("Our Sunday walk")),
                 QString());
    }

    /// Jonas answers and submits the weekly check-in `id` on his own device.
    void jonasAnswers(const QString &id, int mood = 2)
    {
        jonas().saveDraft(id.toStdString(),
                          {{"mood", mood}, {"closeness", 3}, {"stress", 4},
                           {"needs", json::array({"reassurance", "quality-time"})},
                           {"one-small-thing", "Lunch on Thursday"}});
        jonas().submit(id.toStdString());
    }

private slots:
    void init()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_clock.set(localToUtc("2026-03-27T10:00", "Europe/Berlin"));
        m_dir = std::make_unique<QTemporaryDir>();
        openSession();
        const QVariantMap errors = m_session->createProfile(
            QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"), QStringLiteral("Jonas"),
            QStringLiteral("America/Toronto"));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.keys().join(u',')));

        m_jonas = std::make_unique<Device>(11);
        m_jonas->clock.set(m_clock.nowMs());
        m_seenMaya = m_seenJonas = 0;
        toJonas();
        const Profile profile = m_session->book()->profile();
        m_jonas->store.setMeta("space_id", profile.space.id);
        m_jonas->store.setMeta("member_id", profile.partner.id);
    }

    void cleanup()
    {
        m_session.reset();
        m_jonas.reset();
        m_dir.reset();
    }

    void theModelOffersTheSetsAndStartsCheckIns()
    {
        CheckInsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.count(), 0);
        QCOMPARE(model.newestOpenId(), QString());

        QStringList setIds;
        for (const QVariant &set : model.sets()) {
            const QVariantMap map = set.toMap();
            setIds << map.value(QStringLiteral("id")).toString();
            QVERIFY(!map.value(QStringLiteral("title")).toString().isEmpty());
            QVERIFY(map.value(QStringLiteral("questionCount")).toInt() > 0);
            QCOMPARE(map.value(QStringLiteral("openCheckinId")).toString(), QString());
        }
        QVERIFY(setIds.contains(kWeekly));
        QVERIFY(setIds.contains(QStringLiteral("temperature")));
        QVERIFY(setIds.contains(QStringLiteral("state-of-the-union")));

        QVERIFY(model.start(QStringLiteral("no-such-set")).contains(QStringLiteral("error")));
        QCOMPARE(model.count(), 0);

        QSignalSpy countChanged(&model, &CheckInsModel::countChanged);
        const QString first = startWeekly(model);
        QVERIFY(!first.isEmpty());
        QCOMPARE(model.count(), 1);
        QVERIFY(countChanged.count() >= 1);
        const QModelIndex row = model.index(0);
        QCOMPARE(row.data(CheckInsModel::CheckinIdRole).toString(), first);
        QCOMPARE(row.data(CheckInsModel::TitleRole).toString(), QStringLiteral("Weekly check-in"));
        QCOMPARE(row.data(CheckInsModel::DateTextRole).toString(), QStringLiteral("Today"));
        QCOMPARE(row.data(CheckInsModel::StatusRole).toString(), QStringLiteral("yourTurn"));
        QCOMPARE(row.data(CheckInsModel::StatusTextRole).toString(), QStringLiteral("Your turn"));
        QVERIFY(row.data(CheckInsModel::StartedByMeRole).toBool());
        QVERIFY(!row.data(CheckInsModel::FromRitualRole).toBool());
        QCOMPARE(model.newestOpenId(), first);
        QCOMPARE(model.sets().at(0).toMap().value(QStringLiteral("openCheckinId")).toString(), first);

        // Newest first.
        m_clock.advance(3600'000);
        const QVariantMap second = model.start(QStringLiteral("temperature"));
        QCOMPARE(model.count(), 2);
        QCOMPARE(model.index(0).data(CheckInsModel::CheckinIdRole).toString(),
                 second.value(QStringLiteral("checkinId")).toString());
        QCOMPARE(model.openCount(), 2);
    }

    void theFlowValidatesEachAnswerAndKeepsTheDraftAsItWas()
    {
        CheckInsModel model(m_session.get(), nullptr);
        const QString id = startWeekly(model);
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(id);
        QVERIFY(flow.exists());
        QCOMPARE(flow.title(), QStringLiteral("Weekly check-in"));
        QCOMPARE(flow.questions().size(), qsizetype(7));
        const QVariantMap mood = flow.questions().at(0).toMap();
        QCOMPARE(mood.value(QStringLiteral("kind")).toString(), QStringLiteral("scale"));
        QCOMPARE(mood.value(QStringLiteral("min")).toInt(), 1);
        QCOMPARE(mood.value(QStringLiteral("max")).toInt(), 5);
        QVERIFY(!mood.value(QStringLiteral("minLabel")).toString().isEmpty());
        const QVariantMap needs = flow.questions().at(5).toMap();
        QCOMPARE(needs.value(QStringLiteral("kind")).toString(), QStringLiteral("needs"));
        QCOMPARE(needs.value(QStringLiteral("maxChoices")).toInt(), 3);
        const QVariantMap firstNeed = needs.value(QStringLiteral("needs")).toList().at(0).toMap();
        QCOMPARE(firstNeed.value(QStringLiteral("id")).toString(), QStringLiteral("reassurance"));
        QCOMPARE(firstNeed.value(QStringLiteral("label")).toString(), QStringLiteral("Reassurance"));
        QVERIFY(flow.canEdit());
        QCOMPARE(flow.missingRequired(),
                 QStringList({QStringLiteral("mood"), QStringLiteral("closeness"),
                              QStringLiteral("stress"), QStringLiteral("needs")}));
        QVERIFY(!flow.submitHint().isEmpty());

        // A number from QML arrives as a double; it is kept as the whole number it is.
        QCOMPARE(flow.saveAnswer(QStringLiteral("mood"), 4.0), QString());
        QCOMPARE(flow.draft().value(QStringLiteral("mood")).toInt(), 4);
        QCOMPARE(flow.missingRequired().size(), qsizetype(3));

        // Out of range, too long, too many needs, an unknown need: refused, the draft unchanged.
        const QVariantMap before = flow.draft();
        QVERIFY(!flow.saveAnswer(QStringLiteral("mood"), 9).isEmpty());
        QVERIFY(flow.errors().value(QStringLiteral("mood")).toString().contains(QStringLiteral("1 to 5")));
        QVERIFY(!flow.saveAnswer(QStringLiteral("mood"), 2.5).isEmpty());
        QVERIFY(!flow.saveAnswer(QStringLiteral("felt-close"), QString(1001, u'x')).isEmpty());
        QCOMPARE(flow.errors().value(QStringLiteral("felt-close")).toString(),
                 QStringLiteral("The answer can be at most 1000 characters."));
        QVERIFY(!flow.saveAnswer(QStringLiteral("needs"),
                                 QVariantList{QStringLiteral("space"), QStringLiteral("rest"),
                                              QStringLiteral("play"), QStringLiteral("help")})
                     .isEmpty());
        QVERIFY(flow.errors().value(QStringLiteral("needs")).toString().contains(QStringLiteral("at most 3")));
        QVERIFY(!flow.saveAnswer(QStringLiteral("needs"), QVariantList{QStringLiteral("chocolate")}).isEmpty());
        QVERIFY(!flow.saveAnswer(QStringLiteral("no-such-question"), QStringLiteral("hi")).isEmpty());
        QCOMPARE(flow.draft(), before);

        // 1000 characters is fine, and counts characters, not bytes.
        QCOMPARE(flow.saveAnswer(QStringLiteral("felt-close"), QString(500, QChar(0xe9)) + QString(500, u'a')),
                 QString());
        QVERIFY(!flow.errors().contains(QStringLiteral("felt-close")));
        // An empty answer clears it.
        QCOMPARE(flow.saveAnswer(QStringLiteral("felt-close"), QString()), QString());
        QVERIFY(!flow.draft().contains(QStringLiteral("felt-close")));
        QCOMPARE(flow.saveAnswer(QStringLiteral("mood"), 3), QString());
        QVERIFY(!flow.errors().contains(QStringLiteral("mood")));

        // Submitting with required answers missing: refused, and each empty one is marked.
        QVERIFY(!flow.submit().isEmpty());
        QVERIFY(!flow.mineSubmitted());
        QVERIFY(flow.errors().contains(QStringLiteral("closeness")));
        QVERIFY(flow.errors().contains(QStringLiteral("stress")));
        QVERIFY(flow.errors().contains(QStringLiteral("needs")));
        QVERIFY(!flow.errors().contains(QStringLiteral("mood")));

        answerWeekly(flow, 3);
        QVERIFY(flow.missingRequired().isEmpty());
        QCOMPARE(flow.submitHint(), QString());
        QCOMPARE(flow.submit(), QString());
        QVERIFY(flow.errors().isEmpty());
        QVERIFY(flow.mineSubmitted());
        QVERIFY(!flow.partnerSubmitted());
        QCOMPARE(flow.status(), QStringLiteral("waiting"));
        QCOMPARE(flow.statusText(), QStringLiteral("Waiting for Jonas"));
        QCOMPARE(model.index(0).data(CheckInsModel::StatusTextRole).toString(),
                 QStringLiteral("Waiting for Jonas"));
        QVERIFY(!flow.draftDiffers());

        // Before Jonas answers, I can still change mine, and go back to what I sent.
        QVERIFY(flow.canEdit());
        QCOMPARE(flow.saveAnswer(QStringLiteral("mood"), 5), QString());
        QVERIFY(flow.draftDiffers());
        QCOMPARE(flow.restoreSubmitted(), QString());
        QVERIFY(!flow.draftDiffers());
        QCOMPARE(flow.draft().value(QStringLiteral("mood")).toInt(), 3);
        QVERIFY(!flow.finish().isEmpty()); // not revealed yet
        QVERIFY(!flow.finished());
    }

    void thePartnersAnswersStayHiddenUntilBothHaveSubmitted()
    {
        CheckInsModel model(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString id = startWeekly(model);
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(id);
        answerWeekly(flow, 4);

        // Jonas answers first: I see that he did, not what.
        toJonas();
        jonasAnswers(id);
        toMaya();
        QVERIFY(flow.partnerSubmitted());
        QVERIFY(!flow.mineSubmitted());
        QVERIFY(!flow.revealed());
        QVERIFY(flow.comparison().isEmpty());
        QCOMPARE(flow.status(), QStringLiteral("partnerAnswered"));
        QCOMPARE(flow.statusText(), QStringLiteral("Jonas has answered — your turn"));
        QCOMPARE(model.index(0).data(CheckInsModel::StatusTextRole).toString(), flow.statusText());
        QVERIFY(model.index(0).data(CheckInsModel::PartnerSubmittedRole).toBool());
        QVERIFY(!model.index(0).data(CheckInsModel::RevealedRole).toBool());
        // Nothing of his answer is readable in my database.
        QVERIFY(m_session->store()->db().queryInt(
                    "SELECT count(*) FROM checkin_answer WHERE sealed LIKE '%Thursday%'").value_or(1) == 0);
        const auto view = CheckIns(*m_session->store(), m_session->content()).view(id.toStdString());
        QVERIFY(view->partnerAnswers.empty());
        // The trends know only me, and nothing of mine until I submit.
        QCOMPARE(model.trends().value(QStringLiteral("people")).toList().size(), qsizetype(1));
        QVERIFY(!model.trends().value(QStringLiteral("hasData")).toBool());

        QSignalSpy trendsChanged(&model, &CheckInsModel::trendsChanged);
        QCOMPARE(flow.submit(), QString());
        QCOMPARE(trendsChanged.count(), 1);
        QVERIFY(model.trends().value(QStringLiteral("hasData")).toBool());
        // Both submitted: my key is out, his comes when his device sees my answer.
        QVERIFY(flow.mineSubmitted() && flow.partnerSubmitted());
        QVERIFY(!flow.revealed());
        QCOMPARE(flow.status(), QStringLiteral("opening"));
        QVERIFY(!flow.canEdit());
        const QVariantMap draft = flow.draft();
        QVERIFY(!flow.saveAnswer(QStringLiteral("mood"), 1).isEmpty());
        QCOMPARE(flow.draft(), draft);
        QVERIFY(!flow.submit().isEmpty());

        exchange();
        QVERIFY(flow.revealed());
        QCOMPARE(flow.status(), QStringLiteral("ready"));
        QCOMPARE(flow.statusText(), QStringLiteral("Ready to read together"));
        QCOMPARE(model.index(0).data(CheckInsModel::StatusTextRole).toString(),
                 QStringLiteral("Ready to read together"));

        // Side by side, display-ready.
        const QVariantList comparison = flow.comparison();
        const QVariantMap mood = findQuestion(comparison, QStringLiteral("mood"));
        QCOMPARE(mood.value(QStringLiteral("kind")).toString(), QStringLiteral("scale"));
        QCOMPARE(mood.value(QStringLiteral("prompt")).toString(),
                 QStringLiteral("How have you been feeling in yourself this week?"));
        const QVariantMap myMood = mood.value(QStringLiteral("mine")).toMap();
        const QVariantMap hisMood = mood.value(QStringLiteral("partner")).toMap();
        QCOMPARE(myMood.value(QStringLiteral("value")).toInt(), 4);
        QCOMPARE(hisMood.value(QStringLiteral("value")).toInt(), 2);
        QCOMPARE(hisMood.value(QStringLiteral("text")).toString(), QStringLiteral("2 of 5"));
        QCOMPARE(hisMood.value(QStringLiteral("minLabel")).toString(), QStringLiteral("Really low"));
        QCOMPARE(hisMood.value(QStringLiteral("max")).toInt(), 5);
        const QVariantMap needs = findQuestion(comparison, QStringLiteral("needs"));
        QCOMPARE(needs.value(QStringLiteral("partner")).toMap().value(QStringLiteral("items")).toStringList(),
                 QStringList({QStringLiteral("Reassurance"), QStringLiteral("Time together")}));
        // Answered by one of us only: the other side says so.
        const QVariantMap small = findQuestion(comparison, QStringLiteral("one-small-thing"));
        QCOMPARE(small.value(QStringLiteral("partner")).toMap().value(QStringLiteral("text")).toString(),
                 QStringLiteral("Lunch on Thursday"));
        QVERIFY(!small.value(QStringLiteral("mine")).toMap().value(QStringLiteral("answered")).toBool());
        // Answered by neither: left out.
        QVERIFY(findQuestion(comparison, QStringLiteral("on-my-mind")).isEmpty());

        // The trends now hold both of us, in our colours.
        const QVariantMap trends = model.trends();
        const QVariantList people = trends.value(QStringLiteral("people")).toList();
        QCOMPARE(people.size(), qsizetype(2));
        QCOMPARE(people.at(0).toMap().value(QStringLiteral("name")).toString(), QStringLiteral("Maya"));
        QCOMPARE(people.at(1).toMap().value(QStringLiteral("name")).toString(), QStringLiteral("Jonas"));
        QCOMPARE(people.at(1).toMap().value(QStringLiteral("colour")).toString(), m_session->partnerColour());
        const QVariantList hisMoodPoints = people.at(1).toMap().value(QStringLiteral("mood")).toList();
        QCOMPARE(hisMoodPoints.size(), qsizetype(1));
        QCOMPARE(hisMoodPoints.at(0).toMap().value(QStringLiteral("average")).toDouble(), 2.0);
        QCOMPARE(hisMoodPoints.at(0).toMap().value(QStringLiteral("weekOf")).toString(), QStringLiteral("2026-03-23"));
        QCOMPARE(trends.value(QStringLiteral("weeks")).toList().size(), qsizetype(1));
        const QVariantList topNeeds = trends.value(QStringLiteral("needs")).toList();
        QCOMPARE(topNeeds.at(0).toMap().value(QStringLiteral("id")).toString(), QStringLiteral("quality-time"));
        QCOMPARE(topNeeds.at(0).toMap().value(QStringLiteral("counts")).toList(), QVariantList({1, 1}));
        QCOMPARE(topNeeds.at(0).toMap().value(QStringLiteral("total")).toInt(), 2);
        QCOMPARE(trends.value(QStringLiteral("maxNeedCount")).toInt(), 1);
    }

    void repliesAndFinishing()
    {
        CheckInsModel model(m_session.get(), nullptr);
        const QString id = startWeekly(model);
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(id);
        answerWeekly(flow, 4);
        QVERIFY(!flow.reply(QStringLiteral("partner"), QStringLiteral("mood"), QStringLiteral("thanks"), {}).isEmpty());
        QCOMPARE(flow.submit(), QString());
        toJonas();
        jonasAnswers(id);
        exchange();
        QVERIFY(flow.revealed());

        // A reply leaves the comparison as it was (a page's cards, and what is typed in them,
        // stay); the replies are apart.
        const QVariantList comparison = flow.comparison();
        QVERIFY(!comparison.isEmpty());
        QSignalSpy comparisonChanged(&flow, &CheckInFlow::comparisonChanged);
        QSignalSpy repliesChanged(&flow, &CheckInFlow::repliesChanged);
        QVERIFY(flow.replies().isEmpty());
        QCOMPARE(flow.reply(QStringLiteral("partner"), QStringLiteral("mood"), QStringLiteral("thanks"), {}),
                 QString());
        QCOMPARE(repliesChanged.count(), 1);
        QVERIFY(!flow.reply(QStringLiteral("partner"), QStringLiteral("mood"), QStringLiteral("reply"), {}).isEmpty());
        m_clock.advance(60'000);
        const QString tooLong(flow.maxReply() + 1, u'x');
        QVERIFY(!flow.reply(QStringLiteral("partner"), QStringLiteral("mood"), QStringLiteral("reply"), tooLong)
                     .isEmpty());
        QVERIFY(flow.errors().value(QStringLiteral("reply/partner/mood")).toString().contains(QStringLiteral("500")));
        QVERIFY(!flow.reply(QStringLiteral("someone"), QStringLiteral("mood"), QStringLiteral("reply"), QStringLiteral("Hi"))
                     .isEmpty());
        QCOMPARE(flow.reply(QStringLiteral("partner"), QStringLiteral("mood"), QStringLiteral("reply"),
                            QStringLiteral("  Let's take Saturday slow.  ")),
                 QString());
        QVERIFY(!flow.errors().contains(QStringLiteral("reply/partner/mood")));

        QVariantList toHim = flow.replies().value(QStringLiteral("partner/mood")).toList();
        QCOMPARE(toHim.size(), qsizetype(2));
        QCOMPARE(toHim.at(0).toMap().value(QStringLiteral("kind")).toString(), QStringLiteral("thanks"));
        QCOMPARE(toHim.at(1).toMap().value(QStringLiteral("text")).toString(), QStringLiteral("Let's take Saturday slow."));
        QCOMPARE(toHim.at(1).toMap().value(QStringLiteral("memberName")).toString(), QStringLiteral("Maya"));
        QVERIFY(toHim.at(1).toMap().value(QStringLiteral("mine")).toBool());

        // His reply to my answer shows under mine.
        toJonas();
        const std::string me = m_session->book()->profile().me.id;
        jonas().reply(id.toStdString(), me, "mood", "reply", "Glad it was a good week");
        toMaya();
        const QVariantList toMe = flow.replies().value(QStringLiteral("me/mood")).toList();
        QCOMPARE(toMe.size(), qsizetype(1));
        QCOMPARE(toMe.at(0).toMap().value(QStringLiteral("memberName")).toString(), QStringLiteral("Jonas"));
        QCOMPARE(toMe.at(0).toMap().value(QStringLiteral("answerOf")).toString(), QStringLiteral("me"));
        QVERIFY(!toMe.at(0).toMap().value(QStringLiteral("mine")).toBool());
        QCOMPARE(flow.replies().size(), qsizetype(2));
        QCOMPARE(repliesChanged.count(), 3);
        QCOMPARE(comparisonChanged.count(), 0);
        QCOMPARE(flow.comparison(), comparison);

        QCOMPARE(flow.finish(), QString());
        QVERIFY(flow.finished());
        QVERIFY(!flow.canEdit());
        QCOMPARE(flow.statusText(), QStringLiteral("Finished"));
        QVERIFY(model.index(0).data(CheckInsModel::FinishedRole).toBool());
        QCOMPARE(model.openCount(), 0);
        QCOMPARE(model.newestOpenId(), QString());
        // Jonas sees it finished too.
        toJonas();
        QVERIFY(jonas().view(id.toStdString())->finishedAt > 0);
    }

    void stateOfTheUnionAnswersReadAsSentences()
    {
        CheckInsModel model(m_session.get(), nullptr);
        const QVariantMap started = model.start(QStringLiteral("state-of-the-union"));
        const QString id = started.value(QStringLiteral("checkinId")).toString();
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(id);
        QCOMPARE(flow.questions().at(0).toMap().value(QStringLiteral("count")).toInt(), 5);
        QCOMPARE(flow.questions().at(2).toMap().value(QStringLiteral("parts")).toList().size(), qsizetype(3));

        QCOMPARE(flow.saveAnswer(QStringLiteral("appreciations"),
                                 QVariantList{QStringLiteral("You made dinner"), QString(),
                                              QStringLiteral("You called my mum")}),
                 QString());
        QVERIFY(!flow.saveAnswer(QStringLiteral("appreciations"),
                                 QVariantList{QString(301, u'x')}).isEmpty());
        QVERIFY(!flow.saveAnswer(QStringLiteral("appreciations"), QVariantList(6, QStringLiteral("x"))).isEmpty());
        QCOMPARE(flow.saveAnswer(QStringLiteral("went-well"), QStringLiteral("Saturday")), QString());
        QCOMPARE(flow.saveAnswer(QStringLiteral("issue"),
                                 QVariantMap{{QStringLiteral("feel"), QStringLiteral("tired")},
                                             {QStringLiteral("about"), QStringLiteral("the evenings")},
                                             {QStringLiteral("need"), QStringLiteral("an early night")}}),
                 QString());
        QVERIFY(!flow.saveAnswer(QStringLiteral("issue"),
                                 QVariantMap{{QStringLiteral("wish"), QStringLiteral("x")}}).isEmpty());
        QCOMPARE(flow.saveAnswer(QStringLiteral("feel-loved"), QStringLiteral("A long hug")), QString());
        QCOMPARE(flow.submit(), QString());

        toJonas();
        jonas().saveDraft(id.toStdString(),
                          {{"appreciations", json::array({"You fixed the bike"})},
                           {"went-well", "The garden"},
                           {"feel-loved", "Breakfast together"}});
        jonas().submit(id.toStdString());
        exchange();
        QVERIFY(flow.revealed());

        const QVariantList comparison = flow.comparison();
        const QVariantMap appreciations = findQuestion(comparison, QStringLiteral("appreciations"));
        QCOMPARE(appreciations.value(QStringLiteral("mine")).toMap().value(QStringLiteral("items")).toStringList(),
                 QStringList({QStringLiteral("You made dinner"), QStringLiteral("You called my mum")}));
        const QVariantMap issue = findQuestion(comparison, QStringLiteral("issue"));
        const QVariantList parts = issue.value(QStringLiteral("mine")).toMap().value(QStringLiteral("parts")).toList();
        QCOMPARE(parts.size(), qsizetype(3));
        QCOMPARE(parts.at(0).toMap().value(QStringLiteral("label")).toString(), QStringLiteral("I feel"));
        QCOMPARE(parts.at(0).toMap().value(QStringLiteral("text")).toString(), QStringLiteral("tired"));
        QCOMPARE(issue.value(QStringLiteral("mine")).toMap().value(QStringLiteral("text")).toString(),
                 QStringLiteral("I feel tired about the evenings I need an early night"));
        QVERIFY(!issue.value(QStringLiteral("partner")).toMap().value(QStringLiteral("answered")).toBool());
        // No scales in this set: the trends have no points, and no partner line yet.
        QVERIFY(!model.trends().value(QStringLiteral("hasData")).toBool());
    }

    void anAnswerKeepsTheWordingItWasGiven()
    {
        // The check-in is answered under an older wording of the weekly set...
        const auto oldContent = contentWith([](json &weekly) {
            weekly.at("questions").at(0).at("prompt") = "How was your week, all in all?";
        });
        reopenWithContent(oldContent->path());
        QString id;
        {
            CheckInsModel model(m_session.get(), nullptr);
            id = startWeekly(model);
            CheckInFlow flow(m_session.get(), nullptr);
            flow.setCheckinId(id);
            QCOMPARE(flow.questions().at(0).toMap().value(QStringLiteral("prompt")).toString(),
                     QStringLiteral("How was your week, all in all?"));
            answerWeekly(flow, 4);
            QCOMPARE(flow.submit(), QString());
        }
        toJonas();
        jonasAnswers(id);
        // ...and read with the newer one.
        reopenWithContent({});
        exchange();
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(id);
        QVERIFY(flow.revealed());
        QCOMPARE(flow.questions().at(0).toMap().value(QStringLiteral("prompt")).toString(),
                 QStringLiteral("How have you been feeling in yourself this week?"));
        QCOMPARE(findQuestion(flow.comparison(), QStringLiteral("mood")).value(QStringLiteral("prompt")).toString(),
                 QStringLiteral("How was your week, all in all?"));
    }

    void aMissingCheckInOrAReadOnlyProfileOffersNoEdits()
    {
        CheckInFlow missing(m_session.get(), nullptr);
        missing.setCheckinId(QStringLiteral("no-such-checkin"));
        QVERIFY(!missing.exists());
        QVERIFY(!missing.canEdit());
        QVERIFY(!missing.saveAnswer(QStringLiteral("mood"), 3).isEmpty());
        QVERIFY(!missing.submit().isEmpty());
        QVERIFY(!missing.errors().isEmpty());

        CheckInsModel model(m_session.get(), nullptr);
        const QString id = startWeekly(model);
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(id);
        QVERIFY(flow.canEdit());
        m_session->store()->setMeta(kReadOnlyMeta, "1");
        m_session->reloadFromStore();
        QVERIFY(m_session->readOnly());
        QVERIFY(!flow.canEdit());
        QVERIFY(!flow.saveAnswer(QStringLiteral("mood"), 3).isEmpty());
        QVERIFY(flow.draft().isEmpty());
        QVERIFY(model.start(kWeekly).contains(QStringLiteral("error")));
    }

    void aDraftBegunBeforeTheSetDroppedAQuestionStillSaves()
    {
        // Under an older weekly set that also asked one more question...
        const auto older = contentWith([](json &weekly) {
            json extra = weekly.at("questions").at(3); // "felt-close", a text question
            extra["id"] = "old-question";
            extra["prompt"] = "Something we no longer ask?";
            weekly.at("questions").push_back(extra);
        });
        reopenWithContent(older->path());
        QString saving, submitting, submitted;
        {
            CheckInsModel model(m_session.get(), nullptr);
            saving = startWeekly(model);
            submitting = startWeekly(model);
            submitted = startWeekly(model);
            for (const QString &id : {saving, submitting, submitted}) {
                CheckInFlow flow(m_session.get(), nullptr);
                flow.setCheckinId(id);
                answerWeekly(flow, 4);
                QCOMPARE(flow.saveAnswer(QStringLiteral("old-question"), QStringLiteral("Still here")),
                         QString());
            }
            CheckInFlow flow(m_session.get(), nullptr);
            flow.setCheckinId(submitted);
            QCOMPARE(flow.submit(), QString());
        }
        // ...read with the shipped one, which no longer asks it.
        reopenWithContent({});
        CheckIns core(*m_session->store(), m_session->content());
        QVERIFY(core.view(saving.toStdString())->myDraft.contains("old-question"));

        // Another answer saves; the draft keeps every answer the set asks, less the other one.
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(saving);
        QCOMPARE(flow.saveAnswer(QStringLiteral("on-my-mind"), QStringLiteral("The move")), QString());
        QVERIFY2(flow.errors().isEmpty(), qPrintable(flow.errors().keys().join(u',')));
        json draft = core.view(saving.toStdString())->myDraft;
        QVERIFY(!draft.contains("old-question"));
        QVERIFY(draft.value("mood", 0) == 4);
        QVERIFY(draft.value("closeness", 0) == 4);
        QVERIFY(draft.value("stress", 0) == 2);
        QVERIFY(draft.value("needs", json()) == json::array({"quality-time", "rest"}));
        QVERIFY(draft.value("felt-close", "") == "Our Sunday walk");
        QVERIFY(draft.value("on-my-mind", "") == "The move");
        QVERIFY(flow.canSubmit());
        QCOMPARE(flow.saveAnswer(QStringLiteral("mood"), 5), QString());

        // Submitting straight away works too, without it.
        flow.setCheckinId(submitting);
        QVERIFY(flow.canSubmit());
        QCOMPARE(flow.submit(), QString());
        QVERIFY(flow.mineSubmitted());
        const auto sent = core.view(submitting.toStdString());
        QVERIFY(!sent->myAnswers.contains("old-question"));
        QVERIFY(sent->myAnswers.value("felt-close", "") == "Our Sunday walk");

        // Submitted before the update: the answer keeps that question and its prompt; I can still
        // edit the rest and go back to what I sent.
        flow.setCheckinId(submitted);
        auto view = core.view(submitted.toStdString());
        QVERIFY(view->myAnswers.value("old-question", "") == "Still here");
        QVERIFY(view->myPrompts.value("old-question", "") == "Something we no longer ask?");
        QVERIFY(!flow.draftDiffers());
        QCOMPARE(flow.saveAnswer(QStringLiteral("mood"), 2), QString());
        QVERIFY(flow.draftDiffers());
        QCOMPARE(flow.restoreSubmitted(), QString());
        QVERIFY(!flow.draftDiffers());
        QCOMPARE(flow.draft().value(QStringLiteral("mood")).toInt(), 4);
        view = core.view(submitted.toStdString());
        QVERIFY(view->myAnswers.value("old-question", "") == "Still here");
        QVERIFY(view->myPrompts.value("old-question", "") == "Something we no longer ask?");
    }

    void blankIsNoAnswerAndASentenceIsFinishedOrLeftOut()
    {
        CheckInsModel model(m_session.get(), nullptr);
        const QString id =
            model.start(QStringLiteral("state-of-the-union")).value(QStringLiteral("checkinId")).toString();
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(id);

        // A draft holding only blanks (kept elsewhere, by an older Hearth): nothing is answered.
        CheckIns(*m_session->store(), m_session->content())
            .saveDraft(id.toStdString(), {{"appreciations", json::array({"  ", ""})},
                                          {"went-well", " \n\t "},
                                          {"feel-loved", "A long hug"}});
        flow.refresh();
        QCOMPARE(flow.missingRequired(),
                 QStringList({QStringLiteral("appreciations"), QStringLiteral("went-well")}));
        QVERIFY(!flow.canSubmit());
        QCOMPARE(flow.submitHint(), QStringLiteral("2 questions still need an answer before you submit."));
        QVERIFY(!flow.submit().isEmpty());
        QVERIFY(flow.errors().contains(QStringLiteral("appreciations")));
        QVERIFY(flow.errors().contains(QStringLiteral("went-well")));
        QVERIFY(!flow.mineSubmitted());

        // Typing only spaces clears an answer.
        QCOMPARE(flow.saveAnswer(QStringLiteral("feel-loved"), QStringLiteral("   ")), QString());
        QVERIFY(!flow.draft().contains(QStringLiteral("feel-loved")));
        QCOMPARE(flow.missingRequired().size(), qsizetype(3));
        QCOMPARE(flow.saveAnswer(QStringLiteral("appreciations"), QVariantList{QStringLiteral("You made dinner")}),
                 QString());
        QCOMPARE(flow.saveAnswer(QStringLiteral("went-well"), QStringLiteral("Saturday")), QString());
        QCOMPARE(flow.saveAnswer(QStringLiteral("feel-loved"), QStringLiteral("A long hug")), QString());
        QVERIFY(flow.missingRequired().isEmpty());
        QVERIFY(flow.canSubmit());
        QCOMPARE(flow.submitHint(), QString());

        // "I feel … about … I need …" is optional, but once begun, all of it (the core's rule).
        QCOMPARE(flow.saveAnswer(QStringLiteral("issue"),
                                 QVariantMap{{QStringLiteral("feel"), QStringLiteral("tired")},
                                             {QStringLiteral("about"), QStringLiteral("  ")}}),
                 QString());
        QVERIFY(flow.missingRequired().isEmpty());
        QCOMPARE(flow.unfinished().keys(), QStringList({QStringLiteral("issue")}));
        QCOMPARE(flow.unfinished().value(QStringLiteral("issue")).toString(),
                 QStringLiteral("Finish the sentence: “about” and “I need” are still empty."));
        QVERIFY(!flow.canSubmit());
        QVERIFY2(flow.submitHint().contains(QStringLiteral("“about” and “I need” are still empty")),
                 qPrintable(flow.submitHint()));
        QVERIFY(!flow.submit().isEmpty());
        QVERIFY(!flow.mineSubmitted());
        QCOMPARE(flow.errors().value(QStringLiteral("issue")).toString(),
                 flow.unfinished().value(QStringLiteral("issue")).toString());
        QCOMPARE(flow.saveAnswer(QStringLiteral("issue"),
                                 QVariantMap{{QStringLiteral("feel"), QStringLiteral("tired")},
                                             {QStringLiteral("about"), QStringLiteral("the evenings")}}),
                 QString());
        QCOMPARE(flow.unfinished().value(QStringLiteral("issue")).toString(),
                 QStringLiteral("Finish the sentence: “I need” is still empty."));
        // Cleared, it is left out; finished, it goes.
        QCOMPARE(flow.saveAnswer(QStringLiteral("issue"), QVariantMap{}), QString());
        QVERIFY(flow.unfinished().isEmpty());
        QVERIFY(flow.canSubmit());
        QCOMPARE(flow.saveAnswer(QStringLiteral("issue"),
                                 QVariantMap{{QStringLiteral("feel"), QStringLiteral("tired")},
                                             {QStringLiteral("about"), QStringLiteral("the evenings")},
                                             {QStringLiteral("need"), QStringLiteral("an early night")}}),
                 QString());
        QVERIFY(flow.unfinished().isEmpty());
        QVERIFY(flow.canSubmit());
        QCOMPARE(flow.submit(), QString());
        QVERIFY(flow.mineSubmitted());
        QVERIFY(flow.errors().isEmpty());
    }

    void aRefreshThatFailsThrowsNothingAndKeepsWhatWasShown()
    {
        CheckInsModel model(m_session.get(), nullptr);
        const QString id = startWeekly(model);
        CheckInFlow flow(m_session.get(), nullptr);
        flow.setCheckinId(id);
        answerWeekly(flow, 4);
        QCOMPARE(model.count(), 1);

        // A draft row the core cannot parse: reading it throws a std::exception that is not a
        // hearth::Error, from Session::dataChanged's slots.
        m_session->store()->db().exec("UPDATE checkin_draft SET extra = 'not json'");
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Could not read the check-ins: ")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^Could not read the check-in: ")));
        m_session->reloadFromStore();
        QVERIFY(flow.exists());
        QCOMPARE(flow.draft().value(QStringLiteral("mood")).toInt(), 4);
        QCOMPARE(model.count(), 1);
        QCOMPARE(model.index(0).data(CheckInsModel::TitleRole).toString(), QStringLiteral("Weekly check-in"));
        // An action says so instead.
        const QString error = flow.saveAnswer(QStringLiteral("mood"), 2);
        QVERIFY(error.startsWith(QStringLiteral("Something went wrong")));
        QCOMPARE(flow.errors().value(QStringLiteral("mood")).toString(), error);
    }

    void fiftyWeeksOfCheckInsStayQuick()
    {
        CheckInsModel model(m_session.get(), nullptr);
        m_clock.set(localToUtc("2025-04-07T19:00", "Europe/Berlin"));
        m_jonas->clock.set(m_clock.nowMs());
        for (int week = 0; week < 50; ++week) {
            const QString id = startWeekly(model);
            CheckInFlow flow(m_session.get(), nullptr);
            flow.setCheckinId(id);
            answerWeekly(flow, 1 + week % 5);
            QCOMPARE(flow.submit(), QString());
            toJonas();
            jonasAnswers(id, 1 + (week + 2) % 5);
            m_clock.advance(7 * 24 * 3600'000LL);
            m_jonas->clock.set(m_clock.nowMs());
        }
        exchange();
        QCOMPARE(model.count(), 50);
        QVERIFY(model.index(0).data(CheckInsModel::RevealedRole).toBool());

        QElapsedTimer timer;
        timer.start();
        CheckInsModel fresh(m_session.get(), nullptr); // the list and the trends
        const qint64 full = timer.restart();
        fresh.refresh(); // the list only: the trends' answers did not change
        const qint64 listOnly = timer.elapsed();
        qInfo("50 check-ins: list and trends %lld ms, list alone %lld ms", full, listOnly);
        QVERIFY2(full < 3000, "refreshing 50 check-ins and their trends should not take seconds");
        QCOMPARE(fresh.trends().value(QStringLiteral("weeks")).toList().size(), qsizetype(50));
        const QVariantList people = fresh.trends().value(QStringLiteral("people")).toList();
        QCOMPARE(people.size(), qsizetype(2));
        QCOMPARE(people.at(1).toMap().value(QStringLiteral("stress")).toList().size(), qsizetype(50));
    }
};

QTEST_GUILESS_MAIN(TestCheckInModels)
#include "tst_checkinmodels.moc"
