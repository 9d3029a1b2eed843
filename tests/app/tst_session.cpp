// The session as the app opens and uses it: profile, open errors, exports, reminders, labels.
#include "session.h"

#include "../core/twodevices.h"

#include "clock.h"
#include "contentlibrary.h"
#include "repairs.h"
#include "ritualbook.h"
#include "schedule.h"

#include <QCryptographicHash>
#include <QFile>
#include <QDate>
#include <QLocale>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;

class TestSession : public QObject {
    Q_OBJECT

private:
    ManualClock m_clock{localToUtc("2026-03-27T10:00", "Europe/Berlin")};
    SeededRandom m_random{9};

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firstRunValidatesEveryField()
    {
        QTemporaryDir dir;
        Session s(dir.path(), m_clock, m_random);
        QVERIFY(s.ready());
        QVERIFY(!s.hasProfile());
        QVariantMap errors = s.createProfile({}, QStringLiteral("Europe/Berlin"), QStringLiteral("Jonas"),
                                             QStringLiteral("Moon/Base"));
        QVERIFY(errors.contains(QStringLiteral("myName")));
        QVERIFY(!s.hasProfile());
        errors = s.createProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"),
                                 QStringLiteral("Jonas"), QStringLiteral("Moon/Base"));
        QVERIFY(errors.contains(QStringLiteral("partnerTimeZone")));
        QSignalSpy changed(&s, &Session::dataChanged);
        errors = s.createProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"),
                                 QStringLiteral("Jonas"), QStringLiteral("America/Toronto"));
        QVERIFY(errors.isEmpty());
        QVERIFY(s.hasProfile());
        QCOMPARE(s.partnerName(), QStringLiteral("Jonas"));
        QVERIFY(changed.count() >= 1);

        errors = s.updateProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Lisbon"), QString(),
                                 QStringLiteral("America/Toronto"));
        QVERIFY(errors.contains(QStringLiteral("partnerName")));
        // One wrong field saves nothing, not even the right one.
        QCOMPARE(s.myTimeZone(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(s.partnerName(), QStringLiteral("Jonas"));
        errors = s.updateProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Lisbon"),
                                 QStringLiteral("Jonas"), QStringLiteral("America/Toronto"));
        QVERIFY(errors.isEmpty());
        QCOMPARE(s.myTimeZone(), QStringLiteral("Europe/Lisbon"));
    }

    void aDamagedProfileIsReportedAndLeftAlone()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("profile.db")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a database, but it is someone's file");
        f.close();
        Session s(dir.path(), m_clock, m_random);
        QVERIFY(!s.ready());
        QVERIFY(s.openError().contains(QStringLiteral("left untouched")));
        QVERIFY(!s.createProfile(QStringLiteral("A"), QStringLiteral("UTC"), QStringLiteral("B"),
                                 QStringLiteral("UTC")).isEmpty());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("this is not a database, but it is someone's file"));
    }

    void themeIsRemembered()
    {
        QTemporaryDir dir;
        {
            Session s(dir.path(), m_clock, m_random);
            QCOMPARE(s.theme(), QStringLiteral("system"));
            s.setTheme(QStringLiteral("dark"));
            s.setTheme(QStringLiteral("purple"));
            QCOMPARE(s.theme(), QStringLiteral("dark"));
        }
        Session again(dir.path(), m_clock, m_random);
        QCOMPARE(again.theme(), QStringLiteral("dark"));
    }

    void exportsWriteReadableFiles()
    {
        QTemporaryDir dir;
        Session s(dir.path(), m_clock, m_random);
        s.createProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"), QStringLiteral("Jonas"),
                        QStringLiteral("America/Toronto"));
        const QString json = dir.filePath(QStringLiteral("out/all.json"));
        QVERIFY(s.exportJson(QUrl::fromLocalFile(json).toString()).startsWith(QStringLiteral("Saved")));
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(doc.value(QStringLiteral("format")).toString(), QStringLiteral("hearth.export"));

        const QString ics = dir.filePath(QStringLiteral("all.ics"));
        QVERIFY(s.exportIcs(ics).startsWith(QStringLiteral("Saved")));
        QFile g(ics);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QVERIFY(g.readAll().startsWith("BEGIN:VCALENDAR"));
        QVERIFY(!s.exportJson(QStringLiteral("/proc/hearth-cannot-write-here/x.json")).startsWith(
            QStringLiteral("Saved")));
        QVERIFY(!s.exportIcs(ics, QStringLiteral("nope")).startsWith(QStringLiteral("Saved")));
    }

    void remindersRaiseABannerOnce()
    {
        QTemporaryDir dir;
        ManualClock clock(localToUtc("2026-03-27T17:00", "Europe/Berlin"));
        Session s(dir.path(), clock, m_random);
        s.createProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"), QStringLiteral("Jonas"),
                        QStringLiteral("Europe/Berlin"));
        // A daily ritual at 18:00 with the default 10 minute reminder, via the store's path.
        QVERIFY(s.book());
        hearth::RitualDraft d;
        d.title = "Reunion hug";
        d.kind = "reunion";
        d.schedule = Schedule{"FREQ=DAILY", "2026-03-01T18:00", "Europe/Berlin", 5};
        d.reminderMinutes = 10;
        s.book()->createRitual(d);
        s.checkReminders();
        QVERIFY(s.banner().isEmpty());
        QSignalSpy reminders(&s, &Session::reminder);
        clock.set(localToUtc("2026-03-27T17:51", "Europe/Berlin"));
        s.checkReminders();
        QCOMPARE(reminders.count(), 1);
        QCOMPARE(reminders.first().first().toString(), QStringLiteral("Reunion hug"));
        QVERIFY(s.banner().contains(QStringLiteral("Reunion hug")));
        s.checkReminders();
        QCOMPARE(reminders.count(), 1);
        s.dismissBanner();
        QVERIFY(s.banner().isEmpty());
    }

    void aBreakThePartnerCalledIsToldOnceAndItsReturnRemindsBoth()
    {
        QTemporaryDir dir;
        ManualClock clock(localToUtc("2026-03-27T20:00", "Europe/Lisbon"));
        Session s(dir.path(), clock, m_random);
        s.createProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Lisbon"), QStringLiteral("Jonas"),
                        QStringLiteral("America/Toronto"));
        // Jonas's device receives the couple's profile and calls a break from a repair.
        test::Device jonas(3);
        jonas.clock.set(clock.nowMs());
        std::vector<Change> toJonas;
        for (auto &[seq, change] : s.store()->changeLog(0, 1000))
            toJonas.push_back(change);
        jonas.store.merge(toJonas);
        const Profile profile = RitualBook(*s.store()).profile();
        jonas.store.setMeta("space_id", profile.space.id);
        jonas.store.setMeta("member_id", profile.partner.id);
        ContentLibrary content = ContentLibrary::loadDefault();
        Repairs(jonas.store, content).callBreak({}, 25);
        std::vector<Change> toMaya;
        for (auto &[seq, change] : jonas.store.changeLog(0, 1000))
            toMaya.push_back(change);
        s.store()->merge(toMaya);

        QSignalSpy reminders(&s, &Session::reminder);
        s.reloadFromStore(); // what sync does after merging
        QCOMPARE(reminders.count(), 1);
        QCOMPARE(reminders.at(0).at(0).toString(), QStringLiteral("Jonas needs a break"));
        QVERIFY(reminders.at(0).at(1).toString().contains(QStringLiteral("back at 20:25")));
        QVERIFY(s.banner().contains(QStringLiteral("Jonas needs a break")));
        s.checkReminders();
        QCOMPARE(reminders.count(), 1);
        clock.advance(25 * 60'000);
        s.checkReminders();
        QCOMPARE(reminders.count(), 2);
        QCOMPARE(reminders.at(1).at(0).toString(), QStringLiteral("Time to come back"));
        s.checkReminders();
        QCOMPARE(reminders.count(), 2);
    }

    void partnerTimeNamesTheirDayWhenItDiffers()
    {
        QTemporaryDir dir;
        Session s(dir.path(), m_clock, m_random);
        s.createProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"), QStringLiteral("Jonas"),
                        QStringLiteral("America/Toronto"));
        // Friday 27 March 2026: 21:00 in Berlin is 16:00 the same day in Toronto...
        QCOMPARE(s.partnerTimeText(localToUtc("2026-03-27T21:00", "Europe/Berlin")), QStringLiteral("16:00"));
        // ...and 03:00 on Saturday in Berlin is still Friday evening there.
        QCOMPARE(s.partnerTimeText(localToUtc("2026-03-28T03:00", "Europe/Berlin")),
                 QLocale().toString(QDate(2026, 3, 27), QStringLiteral("ddd")) + QStringLiteral(" 22:00"));
        s.updateProfile(QStringLiteral("Maya"), QStringLiteral("Europe/Berlin"), QStringLiteral("Jonas"),
                        QStringLiteral("Europe/Berlin"));
        QVERIFY(s.partnerTimeText(localToUtc("2026-03-27T21:00", "Europe/Berlin")).isEmpty());
    }

    void labels()
    {
        QTemporaryDir dir;
        Session s(dir.path(), m_clock, m_random);
        const qint64 now = m_clock.nowMs();
        QCOMPARE(s.timeIn(now, QStringLiteral("Europe/Berlin")), QStringLiteral("10:00"));
        QCOMPARE(s.timeIn(now, QStringLiteral("America/Toronto")), QStringLiteral("05:00"));
        QCOMPARE(s.dayLabel(now, QStringLiteral("Europe/Berlin")), QStringLiteral("Today"));
        QCOMPARE(s.dayLabel(now + 24 * 3600'000LL, QStringLiteral("Europe/Berlin")), QStringLiteral("Tomorrow"));
        QCOMPARE(s.offsetLabel(QStringLiteral("Europe/Berlin")), QStringLiteral("UTC+01:00"));
        QVERIFY(s.timeZones().contains(QStringLiteral("America/Toronto")));
        QVERIFY(s.timeIn(now, QStringLiteral("Bad/Zone")).isEmpty());
        QVERIFY(s.timeZones().contains(s.systemTimeZone()));
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
