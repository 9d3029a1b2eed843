// The therapist's practice in the app (app/care/practice*), over the demo practice
// (core fillPracticeDemo: Dr. Ana Ruiz with Maya & Jonas active, Sam & Alex active, Priya & Tom
// waiting for Tom's acceptance): the couples and where each link stands, the dashboard across
// couples, one couple's assignments with each partner's status and its shared reflections and
// trends, the exercise library with the practice's own, assigning (a past date allowed and said,
// refused while a link is not active, bad input changing nothing), custom exercises, the profile
// and policy, first-run creation, and the HTML and PDF exports.
#include "practiceassignmentsmodel.h"
#include "practicecouplesmodel.h"
#include "practicedashboardmodel.h"
#include "practiceexercisesmodel.h"
#include "practicereflectionsmodel.h"
#include "practicesession.h"

#include "clock.h"
#include "contentlibrary.h"
#include "demo.h"
#include "schedule.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSet>
#include <QUrl>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace hearth;

namespace {

QVariant value(const QAbstractItemModel &model, int row, const char *role)
{
    const QHash<int, QByteArray> roles = model.roleNames();
    return model.index(row, 0).data(roles.key(role));
}

/// The row whose `role` is `text`, or -1.
int rowWhere(const QAbstractItemModel &model, const char *role, const QString &text)
{
    for (int i = 0; i < model.rowCount(); ++i)
        if (value(model, i, role).toString() == text)
            return i;
    return -1;
}

} // namespace

class TestPracticeModels : public QObject {
    Q_OBJECT

private:
    ManualClock m_clock{localToUtc("2026-03-27T20:00", "Europe/Lisbon")};
    SeededRandom m_random{11};
    std::unique_ptr<ContentLibrary> m_content;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<PracticeSession> m_practice;
    QString m_maya;  // Maya & Jonas's space id
    QString m_priya; // Priya & Tom's

    QString spaceOf(const QString &name)
    {
        PracticeCouplesModel couples(m_practice.get(), nullptr);
        couples.refresh();
        const int row = rowWhere(couples, "name", name);
        return row < 0 ? QString() : value(couples, row, "spaceId").toString();
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_content = std::make_unique<ContentLibrary>(ContentLibrary::loadDefault());
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        fillPracticeDemo(std::filesystem::path(m_dir->path().toStdString()), *m_content, m_clock.nowMs(), 3);
        m_practice = std::make_unique<PracticeSession>(m_dir->path(), *m_content, m_clock, m_random);
        m_maya = spaceOf(QStringLiteral("Maya & Jonas"));
        m_priya = spaceOf(QStringLiteral("Priya & Tom"));
        QVERIFY(!m_maya.isEmpty());
        QVERIFY(!m_priya.isEmpty());
    }

    void cleanup()
    {
        m_practice.reset();
        m_dir.reset();
    }

    void profile()
    {
        QVERIFY(m_practice->exists());
        QCOMPARE(m_practice->name(), QStringLiteral("Dr. Ana Ruiz"));
        QCOMPARE(m_practice->timeZone(), QStringLiteral("Europe/Lisbon"));
        QCOMPARE(m_practice->policyKind(), QStringLiteral("limited-secrets"));
        QVERIFY(!m_practice->policyText().isEmpty());
        QCOMPARE(m_practice->today(), QStringLiteral("2026-03-27"));

        // An empty name is refused at its field and nothing changes.
        QSignalSpy changed(m_practice.get(), &PracticeSession::changed);
        const QVariantMap errors = m_practice->updateProfile(QString(), m_practice->timeZone(),
                                                             m_practice->policyKind(), m_practice->policyText());
        QVERIFY(errors.contains(QStringLiteral("name")));
        QCOMPARE(changed.count(), 0);
        QCOMPARE(m_practice->name(), QStringLiteral("Dr. Ana Ruiz"));

        QVERIFY(m_practice->updateProfile(QStringLiteral("Ana Ruiz"), QStringLiteral("Europe/Madrid"),
                                          QStringLiteral("no-secrets"), QStringLiteral("My own words."))
                    .isEmpty());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m_practice->name(), QStringLiteral("Ana Ruiz"));
        QCOMPARE(m_practice->policyKind(), QStringLiteral("no-secrets"));
        // A new policy text must be accepted again: the active couple is active no longer.
        QCOMPARE(m_practice->couple(m_maya).value(QStringLiteral("linkState")).toString(), QStringLiteral("accepting"));
    }

    void couples()
    {
        PracticeCouplesModel couples(m_practice.get(), nullptr);
        QAbstractItemModelTester tester(&couples, QAbstractItemModelTester::FailureReportingMode::QtTest);
        couples.refresh();
        QCOMPARE(couples.count(), 3);
        const int maya = rowWhere(couples, "name", QStringLiteral("Maya & Jonas"));
        const int priya = rowWhere(couples, "name", QStringLiteral("Priya & Tom"));
        QVERIFY(maya >= 0 && priya >= 0);
        QCOMPARE(value(couples, maya, "linkState").toString(), QStringLiteral("active"));
        QVERIFY(value(couples, maya, "active").toBool());
        QVERIFY(value(couples, maya, "overdue").toInt() >= 1);
        QCOMPARE(value(couples, priya, "linkState").toString(), QStringLiteral("accepting"));
        QVERIFY(!value(couples, priya, "active").toBool());
        // Who accepted is named; Tom has not.
        QVERIFY(value(couples, priya, "stateText").toString().contains(QStringLiteral("Priya")));
        QVERIFY(!value(couples, priya, "stateText").toString().contains(QStringLiteral("Tom")));
        // A page opens the first active couple when none is named.
        QVERIFY(m_practice->couple(couples.firstSpaceId()).value(QStringLiteral("active")).toBool());
        QVERIFY(m_practice->couple(QStringLiteral("no-such-couple")).isEmpty());
    }

    void dashboard()
    {
        PracticeDashboardModel overdue(m_practice.get(), nullptr);
        QAbstractItemModelTester tester(&overdue, QAbstractItemModelTester::FailureReportingMode::QtTest);
        overdue.refresh();
        QVERIFY(overdue.count() >= 1);
        for (int i = 0; i < overdue.count(); ++i)
            QCOMPARE(value(overdue, i, "status").toString(), QStringLiteral("overdue"));
        // Maya's self-compassion exercise is a day overdue.
        QVERIFY(rowWhere(overdue, "partnerName", QStringLiteral("Maya")) >= 0);

        PracticeDashboardModel due(m_practice.get(), nullptr);
        due.setKind(QStringLiteral("due"));
        due.refresh();
        QVERIFY(due.count() >= 1);
        for (int i = 0; i < due.count(); ++i) {
            QCOMPARE(value(due, i, "status").toString(), QStringLiteral("todo"));
            QVERIFY(value(due, i, "dueOn").toString() >= m_practice->today());
        }
        due.setLimit(1);
        due.refresh();
        QCOMPARE(due.count(), 1);
        QVERIFY(due.total() >= 1);

        PracticeDashboardModel fresh(m_practice.get(), nullptr);
        fresh.setKind(QStringLiteral("reflections"));
        fresh.refresh();
        const int before = fresh.count();
        QVERIFY(before >= 1);
        QVERIFY(rowWhere(fresh, "spaceId", m_maya) >= 0);
        QVERIFY(!value(fresh, rowWhere(fresh, "spaceId", m_maya), "excerpt").toString().isEmpty());
        // Opening the couple makes its reflections seen.
        m_practice->markSeen(m_maya);
        fresh.refresh();
        QCOMPARE(rowWhere(fresh, "spaceId", m_maya), -1);
    }

    void coupleDetail()
    {
        PracticeAssignmentsModel assignments(m_practice.get(), nullptr);
        QAbstractItemModelTester tester(&assignments, QAbstractItemModelTester::FailureReportingMode::QtTest);
        assignments.setSpaceId(m_maya);
        assignments.refresh();
        QVERIFY(assignments.count() >= 3);
        // Across the assignments: someone done with a time, someone overdue, someone to do.
        QSet<QString> seen;
        for (int i = 0; i < assignments.count(); ++i)
            for (const QVariant &s : value(assignments, i, "statuses").toList())
                seen.insert(s.toMap().value(QStringLiteral("status")).toString());
        QVERIFY(seen.contains(QStringLiteral("done")));
        QVERIFY(seen.contains(QStringLiteral("overdue")));
        QVERIFY(seen.contains(QStringLiteral("todo")));
        // The weekly one for both: four due dates for each of two partners.
        int weekly = -1;
        for (int i = 0; i < assignments.count(); ++i)
            if (value(assignments, i, "scheduleText").toString().startsWith(QStringLiteral("Weekly")))
                weekly = i;
        QVERIFY(weekly >= 0);
        QCOMPARE(value(assignments, weekly, "statuses").toList().size(), 8);
        QCOMPARE(value(assignments, weekly, "doneCount").toInt(), 2);

        PracticeReflectionsModel reflections(m_practice.get(), nullptr);
        QAbstractItemModelTester reflectionsTester(&reflections, QAbstractItemModelTester::FailureReportingMode::QtTest);
        reflections.setSpaceId(m_maya);
        reflections.refresh();
        // Maya's shared reflection is here; Jonas's private one never reached this device.
        QVERIFY(reflections.count() >= 1);
        QVERIFY(rowWhere(reflections, "partnerName", QStringLiteral("Maya")) >= 0);
        QCOMPARE(rowWhere(reflections, "partnerName", QStringLiteral("Jonas")), -1);
        QVERIFY(!value(reflections, 0, "answers").toList().isEmpty());

        // Jonas shares his trends, Maya does not: one person on the charts.
        const QVariantMap trends = m_practice->trends(m_maya);
        const QVariantList people = trends.value(QStringLiteral("people")).toList();
        QCOMPARE(people.size(), 1);
        QCOMPARE(people.first().toMap().value(QStringLiteral("name")).toString(), QStringLiteral("Jonas"));
        QVERIFY(!trends.value(QStringLiteral("weeks")).toList().isEmpty());
        QVERIFY(m_practice->trends(m_priya).value(QStringLiteral("people")).toList().isEmpty());
    }

    void exercises()
    {
        PracticeExercisesModel exercises(m_practice.get(), nullptr);
        QAbstractItemModelTester tester(&exercises, QAbstractItemModelTester::FailureReportingMode::QtTest);
        exercises.refresh();
        const int library = int(m_content->exercises().size());
        QVERIFY(library >= 15);
        QCOMPARE(exercises.count(), library + 1); // the demo's own exercise
        exercises.setFilter(QStringLiteral("custom"));
        exercises.refresh();
        QCOMPARE(exercises.count(), 1);
        QVERIFY(value(exercises, 0, "custom").toBool());
        const QString ownId = value(exercises, 0, "exerciseId").toString();
        QVERIFY(m_practice->exercise(ownId).value(QStringLiteral("custom")).toBool());
        exercises.setFilter(m_content->exercises().front().format.c_str());
        exercises.refresh();
        QVERIFY(exercises.count() >= 1);
        for (int i = 0; i < exercises.count(); ++i)
            QCOMPARE(value(exercises, i, "format").toString(), QString::fromStdString(m_content->exercises().front().format));

        // One step is not enough: refused at its field, nothing saved.
        QVariantMap fields{{QStringLiteral("title"), QStringLiteral("A slow walk")},
                           {QStringLiteral("purpose"), QStringLiteral("Time side by side without screens.")},
                           {QStringLiteral("who"), QStringLiteral("together")},
                           {QStringLiteral("minutes"), 30},
                           {QStringLiteral("timerMinutes"), 20},
                           {QStringLiteral("steps"), QVariantList{QStringLiteral("Walk for twenty minutes.")}},
                           {QStringLiteral("prompts"), QVariantList{QStringLiteral("What did you notice?")}},
                           {QStringLiteral("source"), QString()}};
        QVERIFY(m_practice->saveExercise(fields).contains(QStringLiteral("steps")));
        exercises.setFilter(QStringLiteral("custom"));
        exercises.refresh();
        QCOMPARE(exercises.count(), 1);

        fields[QStringLiteral("steps")] = QVariantList{QStringLiteral("Walk for twenty minutes."),
                                                       QStringLiteral("Tell each other one thing you saw.")};
        const QVariantMap saved = m_practice->saveExercise(fields);
        QVERIFY2(saved.contains(QStringLiteral("exerciseId")), qPrintable(saved.values().value(0).toString()));
        exercises.refresh();
        QCOMPARE(exercises.count(), 2);
        const QVariantMap read = m_practice->exercise(saved.value(QStringLiteral("exerciseId")).toString());
        QCOMPARE(read.value(QStringLiteral("title")).toString(), QStringLiteral("A slow walk"));
        QCOMPARE(read.value(QStringLiteral("steps")).toList().size(), 2);
        QCOMPARE(read.value(QStringLiteral("timerMinutes")).toInt(), 20);

        QVERIFY(m_practice->removeExercise(saved.value(QStringLiteral("exerciseId")).toString()).isEmpty());
        exercises.refresh();
        QCOMPARE(exercises.count(), 1);
    }

    void assign()
    {
        PracticeAssignmentsModel assignments(m_practice.get(), nullptr);
        assignments.setSpaceId(m_maya);
        assignments.refresh();
        const int before = assignments.count();
        const QString exerciseId = QString::fromStdString(m_content->exercises().front().id);

        // Bad input: nothing is written.
        QVERIFY(m_practice->assign(m_maya, QStringLiteral("no-such-exercise"), {}, QStringLiteral("2026-04-01"), 0, 1, {})
                    .contains(QStringLiteral("exerciseId")));
        QVERIFY(m_practice->assign(m_maya, exerciseId, {}, QStringLiteral("1 April"), 0, 1, {})
                    .contains(QStringLiteral("dueOn")));
        QVERIFY(m_practice->assign(m_maya, exerciseId, {}, QStringLiteral("2026-04-01"), 7, 0, {})
                    .contains(QStringLiteral("times")));
        QVERIFY(!m_practice->assign(m_maya, exerciseId, QStringLiteral("nobody"), QStringLiteral("2026-04-01"), 0, 1, {})
                     .contains(QStringLiteral("assignmentId")));
        // Not while the couple has not both accepted the policy.
        PracticeAssignmentsModel priya(m_practice.get(), nullptr);
        priya.setSpaceId(m_priya);
        priya.refresh();
        const int priyaBefore = priya.count();
        QVERIFY(!m_practice->assign(m_priya, exerciseId, {}, QStringLiteral("2026-04-01"), 0, 1, {})
                     .contains(QStringLiteral("assignmentId")));
        priya.refresh();
        QCOMPARE(priya.count(), priyaBefore);
        assignments.refresh();
        QCOMPARE(assignments.count(), before);

        // A past date is said before saving, and allowed: it is overdue at once.
        QVERIFY(m_practice->isPast(QStringLiteral("2026-03-20")));
        QVERIFY(!m_practice->isPast(QStringLiteral("2026-03-27")));
        const QVariantMap result = m_practice->assign(m_maya, exerciseId, {}, QStringLiteral("2026-03-20"), 7, 3,
                                                      QStringLiteral("Start when you can."));
        QVERIFY2(result.contains(QStringLiteral("assignmentId")), qPrintable(result.values().value(0).toString()));
        assignments.refresh();
        QCOMPARE(assignments.count(), before + 1);
        const int row = rowWhere(assignments, "assignmentId", result.value(QStringLiteral("assignmentId")).toString());
        QVERIFY(row >= 0);
        QCOMPARE(value(assignments, row, "note").toString(), QStringLiteral("Start when you can."));
        QCOMPARE(value(assignments, row, "statuses").toList().size(), 6);
        QCOMPARE(value(assignments, row, "overdueCount").toInt(), 2);

        QVERIFY(m_practice->withdraw(m_maya, result.value(QStringLiteral("assignmentId")).toString()).isEmpty());
        assignments.refresh();
        QCOMPARE(assignments.count(), before);
    }

    void exports()
    {
        const QString html = m_dir->filePath(QStringLiteral("out/summary.html"));
        QVERIFY(m_practice->exportHtml(m_maya, html).contains(html));
        QFile h(html);
        QVERIFY(h.open(QIODevice::ReadOnly));
        const QByteArray text = h.readAll();
        QVERIFY(text.startsWith("<!DOCTYPE html") || text.startsWith("<!doctype html") || text.startsWith("<html"));
        QVERIFY(text.contains("Maya"));
        QVERIFY(text.contains("Stress-reducing conversation"));

        const QString pdf = m_dir->filePath(QStringLiteral("out/summary.pdf"));
        QVERIFY(m_practice->exportPdf(m_maya, QUrl::fromLocalFile(pdf).toString()).contains(pdf));
        QFile p(pdf);
        QVERIFY(p.open(QIODevice::ReadOnly));
        QVERIFY(p.read(5) == "%PDF-");
        QVERIFY(p.size() > 1000);

        QVERIFY(!m_practice->exportHtml(QStringLiteral("no-such-couple"), html).contains(html));
        const QString suggested = m_practice->suggestedExportPath(m_maya, QStringLiteral("pdf"));
        QVERIFY(suggested.endsWith(QStringLiteral("hearth-maya-jonas-2026-03-27.pdf")));
    }

    void firstRun()
    {
        QTemporaryDir empty;
        PracticeSession fresh(empty.path(), *m_content, m_clock, m_random);
        QVERIFY(!fresh.exists());
        QVariantMap errors = fresh.createPractice(QString(), QStringLiteral("Europe/Lisbon"),
                                                  QStringLiteral("no-secrets"), QStringLiteral("Words."));
        QVERIFY(errors.contains(QStringLiteral("name")));
        errors = fresh.createPractice(QStringLiteral("Dr. Lee"), QStringLiteral("Europe/Lisbon"),
                                      QStringLiteral("some-secrets"), QStringLiteral("Words."));
        QVERIFY(errors.contains(QStringLiteral("policyKind")));
        errors = fresh.createPractice(QStringLiteral("Dr. Lee"), QStringLiteral("Mars/Olympus"),
                                      QStringLiteral("no-secrets"), QStringLiteral("Words."));
        QVERIFY(errors.contains(QStringLiteral("timeZone")));
        QVERIFY(!fresh.exists());

        const QString draft = PracticeSession::policyDraft(QStringLiteral("no-secrets"));
        QVERIFY(!draft.isEmpty());
        QVERIFY(PracticeSession::isPolicyDraft(draft));
        QVERIFY(!PracticeSession::isPolicyDraft(QStringLiteral("My own words.")));
        errors = fresh.createPractice(QStringLiteral("Dr. Lee"), QStringLiteral("Europe/Lisbon"),
                                      QStringLiteral("no-secrets"), draft);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.values().value(0).toString()));
        QVERIFY(fresh.exists());
        QCOMPARE(fresh.name(), QStringLiteral("Dr. Lee"));
        PracticeCouplesModel couples(&fresh, nullptr);
        couples.refresh();
        QCOMPARE(couples.count(), 0);

        // Linking says what is missing without reaching for the network.
        fresh.link(QString(), QStringLiteral("abc"));
        QVERIFY(!fresh.linking());
        QVERIFY(!fresh.linkError().isEmpty());
    }
};

QTEST_MAIN(TestPracticeModels)

#include "tst_practicemodels.moc"
