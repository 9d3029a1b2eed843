// The Qt models over core, checked with QAbstractItemModelTester and as the pages use them.
#include "historymodel.h"
#include "ritualdetail.h"
#include "ritualeditor.h"
#include "ritualsmodel.h"
#include "session.h"
#include "templatesmodel.h"
#include "todaymodel.h"

#include "clock.h"
#include "schedule.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;

class TestModels : public QObject {
    Q_OBJECT

private:
    // Friday 27 March 2026, 10:00 in Berlin.
    ManualClock m_clock{localToUtc("2026-03-27T10:00", "Europe/Berlin")};
    SeededRandom m_random{5};
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Session> m_session;

    QString makeRitual(const QString &title, int repeat, const QString &time)
    {
        RitualEditor editor(m_session.get(), nullptr);
        editor.setProperty("title", title);
        editor.setProperty("repeat", repeat);
        editor.setProperty("startDate", QStringLiteral("2026-03-01"));
        editor.setProperty("time", time);
        QSignalSpy saved(&editor, &RitualEditor::saved);
        if (!editor.save())
            qWarning() << editor.errors();
        return saved.isEmpty() ? QString() : saved.first().first().toString();
    }

private slots:
    void init()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_clock.set(localToUtc("2026-03-27T10:00", "Europe/Berlin"));
        m_dir = std::make_unique<QTemporaryDir>();
        m_session = std::make_unique<Session>(m_dir->path(), m_clock, m_random);
        QVERIFY(m_session->ready());
        const QVariantMap errors = m_session->createProfile(
            QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"), QStringLiteral("Jonas"),
            QStringLiteral("America/Toronto"));
        QVERIFY2(errors.isEmpty(), qPrintable(errors.keys().join(u',')));
    }

    void cleanup()
    {
        m_session.reset();
        m_dir.reset();
    }

    void todayListsDueOccurrencesWithBothZones()
    {
        TodayModel today(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&today, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(today.rowCount(), 0);
        QSignalSpy reset(&today, &QAbstractItemModel::modelReset);
        const QString id = makeRitual(QStringLiteral("Morning coffee"), 0, QStringLiteral("08:00"));
        QVERIFY(!id.isEmpty());
        QVERIFY(reset.count() >= 1);
        QCOMPARE(today.rowCount(), 8); // today and the next 7 days
        const QModelIndex first = today.index(0);
        QCOMPARE(first.data(TodayModel::TitleRole).toString(), QStringLiteral("Morning coffee"));
        QCOMPARE(first.data(TodayModel::TimeTextRole).toString(), QStringLiteral("08:00"));
        QCOMPARE(first.data(TodayModel::PartnerTimeTextRole).toString(), QStringLiteral("03:00"));
        QCOMPARE(first.data(TodayModel::DayLabelRole).toString(), QStringLiteral("Today"));
        QCOMPARE(first.data(TodayModel::StatusRole).toString(), QStringLiteral("missed"));
        QCOMPARE(today.index(1).data(TodayModel::DayLabelRole).toString(), QStringLiteral("Tomorrow"));

        const QString error = m_session->markDone(id, first.data(TodayModel::LocalStartRole).toString(),
                                                  QStringLiteral("Slow and sunny"), 5);
        QVERIFY(error.isEmpty());
        QCOMPARE(today.index(0).data(TodayModel::StatusRole).toString(), QStringLiteral("done"));
        QCOMPARE(today.index(0).data(TodayModel::RatingRole).toInt(), 5);
        QCOMPARE(today.doneToday(), 1);
        QCOMPARE(today.dueToday(), 1);
        QVERIFY(!m_session->markDone(id, QStringLiteral("2026-03-27T08:00"), QString(20000, u'x'), 3)
                     .isEmpty());
    }

    void aCheckInRitualIsAnsweredFromToday()
    {
        const QString coffee = makeRitual(QStringLiteral("Morning coffee"), 0, QStringLiteral("08:00"));
        RitualEditor editor(m_session.get(), nullptr);
        editor.setProperty("title", QStringLiteral("Sunday check-in"));
        editor.setProperty("kind", QStringLiteral("check-in"));
        editor.setProperty("repeat", 0);
        editor.setProperty("startDate", QStringLiteral("2026-03-01"));
        editor.setProperty("time", QStringLiteral("19:00"));
        QVERIFY(editor.save());
        TodayModel today(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&today, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QString checkInRitual, localStart;
        for (int row = 0; row < today.rowCount(); ++row) {
            const QModelIndex i = today.index(row);
            const bool isCoffee = i.data(TodayModel::RitualIdRole).toString() == coffee;
            QCOMPARE(i.data(TodayModel::HasCheckInRole).toBool(), !isCoffee);
            if (!isCoffee && checkInRitual.isEmpty()) {
                checkInRitual = i.data(TodayModel::RitualIdRole).toString();
                localStart = i.data(TodayModel::LocalStartRole).toString();
            }
        }
        QVERIFY(!checkInRitual.isEmpty());
        // Opening it twice opens the same check-in; a ritual without questions says so.
        for (int row = 0; row < today.rowCount(); ++row)
            QVERIFY(today.index(row).data(TodayModel::CheckInIdRole).toString().isEmpty());
        const QVariantMap first = m_session->checkInForOccurrence(checkInRitual, localStart);
        QVERIFY(first.value(QStringLiteral("checkinId")).toString().startsWith(checkInRitual));
        bool listed = false;
        for (int row = 0; row < today.rowCount(); ++row)
            listed = listed || today.index(row).data(TodayModel::CheckInIdRole) == first.value(QStringLiteral("checkinId"));
        QVERIFY(listed);
        QCOMPARE(m_session->checkInForOccurrence(checkInRitual, localStart), first);
        const QVariantMap refused = m_session->checkInForOccurrence(coffee, localStart);
        QCOMPARE(refused.value(QStringLiteral("error")).toString(),
                 QStringLiteral("This ritual has no check-in questions."));
    }

    void ritualsModelShowsScheduleAndConsistency()
    {
        makeRitual(QStringLiteral("Weekly check-in"), 2, QStringLiteral("19:00"));
        RitualsModel rituals(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&rituals, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(rituals.rowCount(), 1);
        const QModelIndex i = rituals.index(0);
        QVERIFY(i.data(RitualsModel::ScheduleTextRole).toString().contains(QStringLiteral("19:00")));
        QVERIFY(i.data(RitualsModel::NextTextRole).toString().startsWith(QStringLiteral("Next:")));
        QVERIFY(i.data(RitualsModel::ConsistencyTextRole).toString().startsWith(QStringLiteral("Kept 0 of")));
        const QString id = i.data(RitualsModel::RitualIdRole).toString();
        QVERIFY(m_session->setRitualStatus(id, QStringLiteral("archived")).isEmpty());
        QCOMPARE(rituals.rowCount(), 0);
        rituals.setIncludeArchived(true);
        QCOMPARE(rituals.rowCount(), 1);
        QVERIFY(!m_session->setRitualStatus(id, QStringLiteral("forgotten")).isEmpty());
    }

    void templatesComeFromTheLibrary()
    {
        TemplatesModel templates(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&templates, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(templates.rowCount() >= 12);
        for (int row = 0; row < templates.rowCount(); ++row) {
            const QModelIndex i = templates.index(row);
            QVERIFY(!i.data(TemplatesModel::TitleRole).toString().isEmpty());
            QVERIFY(!i.data(TemplatesModel::ScheduleTextRole).toString().isEmpty());
            QVERIFY(i.data(TemplatesModel::StepsRole).toStringList().size() >= 2);
        }
    }

    void historyAndDetailFollowTheRitual()
    {
        const QString id = makeRitual(QStringLiteral("Evening walk"), 0, QStringLiteral("19:30"));
        QVERIFY(m_session->markDone(id, QStringLiteral("2026-03-25T19:30"), {}, 4).isEmpty());
        QVERIFY(m_session->skip(id, QStringLiteral("2026-03-26T19:30"), QStringLiteral("Rain")).isEmpty());
        HistoryModel history(m_session.get(), nullptr);
        QAbstractItemModelTester tester(&history, QAbstractItemModelTester::FailureReportingMode::QtTest);
        history.setRitualId(id);
        QCOMPARE(history.rowCount(), 26); // 1 to 26 March: today's is still due
        QCOMPARE(history.index(0).data(HistoryModel::StatusRole).toString(), QStringLiteral("skipped"));
        QCOMPARE(history.index(0).data(HistoryModel::ReasonRole).toString(), QStringLiteral("Rain"));
        QCOMPARE(history.index(1).data(HistoryModel::StatusRole).toString(), QStringLiteral("done"));
        QVERIFY(!history.periods().isEmpty());
        QVERIFY(history.consistencyText().startsWith(QStringLiteral("Kept ")));

        RitualDetail detail(m_session.get(), nullptr);
        QSignalSpy changed(&detail, &RitualDetail::changed);
        detail.setRitualId(id);
        QVERIFY(detail.exists());
        QCOMPARE(detail.title(), QStringLiteral("Evening walk"));
        QCOMPARE(detail.upcoming().size(), 5);
        QCOMPARE(detail.upcoming().first().toMap().value(QStringLiteral("partnerTimeText")).toString(),
                 QStringLiteral("14:30"));
        QVERIFY(m_session->setRitualStatus(id, QStringLiteral("paused")).isEmpty());
        QCOMPARE(detail.status(), QStringLiteral("paused"));
        QVERIFY(detail.upcoming().isEmpty());
        QVERIFY(changed.count() >= 2);
    }

    void editorShowsErrorsAtTheFieldsAndSavesNothing()
    {
        RitualEditor editor(m_session.get(), nullptr);
        editor.setProperty("title", QString());
        editor.setProperty("repeat", 6);
        editor.setProperty("customRrule", QStringLiteral("FREQ=FORTNIGHTLY"));
        editor.setProperty("reminderMinutes", -1);
        editor.setProperty("timeZone", QStringLiteral("Nowhere/Land"));
        QVERIFY(!editor.save());
        const QVariantMap errors = editor.errors();
        QVERIFY(errors.contains(QStringLiteral("title")));
        QVERIFY(errors.contains(QStringLiteral("schedule")));
        QVERIFY(errors.contains(QStringLiteral("reminderMinutes")));
        RitualsModel rituals(m_session.get(), nullptr);
        QCOMPARE(rituals.rowCount(), 0);

        editor.setProperty("title", QStringLiteral("Date night"));
        editor.setProperty("repeat", 3);
        editor.setProperty("interval", 2);
        editor.setProperty("weekdays", QVariantList{5});
        editor.setProperty("reminderMinutes", 60);
        editor.setProperty("timeZone", QStringLiteral("Europe/Berlin"));
        QVERIFY(editor.check());
        QCOMPARE(editor.scheduleText(), QStringLiteral("Every 2 weeks on Friday at 20:00"));
        QCOMPARE(editor.preview().size(), 3);
        QVERIFY(editor.save());
        QCOMPARE(rituals.rowCount(), 1);

        // Loading it back gives the same choices.
        RitualEditor again(m_session.get(), nullptr);
        QVERIFY(again.loadRitual(editor.ritualId()));
        QCOMPARE(again.property("repeat").toInt(), 3);
        QCOMPARE(again.property("interval").toInt(), 2);
        QCOMPARE(again.property("time").toString(), QStringLiteral("20:00"));
    }

    void editorFromTemplate()
    {
        TemplatesModel templates(m_session.get(), nullptr);
        const QString templateId = templates.index(0).data(TemplatesModel::TemplateIdRole).toString();
        RitualEditor editor(m_session.get(), nullptr);
        QVERIFY(editor.loadTemplate(templateId));
        QCOMPARE(editor.templateId(), templateId);
        QVERIFY(!editor.property("steps").toStringList().isEmpty());
        QVERIFY2(editor.check(), qPrintable(editor.errors().keys().join(u',')));
        QVERIFY(editor.save());
        QVERIFY(!editor.loadTemplate(QStringLiteral("no-such-template")));
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
