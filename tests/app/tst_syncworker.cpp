// Sync as the app runs it: two profiles, each a Session with its sync worker, against a real
// hearth-server on 127.0.0.1 and a free port. Pairing through the UI's calls, a partner's ritual
// arriving within seconds, offline and back, quitting while a long poll is open, leaving the
// space (a read-only copy, keys rotated, nothing new either way), a removed device that forgets
// its pairing and joins again, and a server that asks to slow down.
#include "ritualeditor.h"
#include "ritualsmodel.h"
#include "session.h"
#include "syncstate.h"
#include "syncworker.h"

#include "errors.h"
#include "keyring.h"
#include "ritualbook.h"
#include "schedule.h"
#include "store.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace hearth;

namespace {

/// hearth-server in a folder of its own, on a port it picks (or the one it had before).
class Server {
public:
    explicit Server(QString dataDir) : m_dataDir(std::move(dataDir)) {}
    ~Server() { stop(); }

    bool start(int port = 0, const QStringList &extra = {})
    {
        m_process.setProgram(QStringLiteral(HEARTH_SERVER));
        m_process.setArguments(QStringList{QStringLiteral("--port"), QString::number(port),
                                           QStringLiteral("--data-dir"), m_dataDir}
                               + extra);
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setStandardErrorFile(QProcess::nullDevice());
        m_process.start();
        if (!m_process.waitForStarted(5000))
            return false;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 10'000) {
            if (m_process.canReadLine() || m_process.waitForReadyRead(200)) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                const QString prefix = QStringLiteral("listening on ");
                if (line.startsWith(prefix)) {
                    m_port = line.section(u':', -1).toInt();
                    return m_port > 0;
                }
            }
            if (m_process.state() != QProcess::Running)
                return false;
        }
        return false;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    [[nodiscard]] int port() const { return m_port; }
    [[nodiscard]] QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

private:
    QString m_dataDir;
    QProcess m_process;
    int m_port = 0;
};

RitualDraft walk(const std::string &title)
{
    RitualDraft d;
    d.kind = "walk";
    d.title = title;
    d.purpose = "Time to hear each other without screens.";
    d.steps = {"Leave phones at home"};
    d.schedule = Schedule{"FREQ=DAILY", "2026-03-20T19:00", "Europe/Berlin", 30};
    return d;
}

/// A profile with its session, syncing fast enough for a test.
struct Device {
    QTemporaryDir dir;
    std::unique_ptr<Session> session;

    Device(const std::string &me, const std::string &partner)
    {
        session = std::make_unique<Session>(dir.path());
        session->sync()->worker()->setBackoff(100, 800);
        RitualBook(*session->store()).createProfile({me, "Europe/Berlin", partner, "America/Toronto"});
    }
    [[nodiscard]] SyncState &sync() const { return *session->sync(); }
    [[nodiscard]] bool hasRitual(const std::string &id) const
    {
        return session->book()->ritual(id).has_value();
    }
    /// The newest key epoch this device holds for a scope (0 when it has no keys).
    [[nodiscard]] std::uint32_t epoch(std::string_view scope) const
    {
        const auto text = session->store()->meta("sync.keys");
        if (!text || text->empty())
            return 0;
        return sync::KeyRing::fromJson(nlohmann::json::parse(*text)).epoch(scope);
    }
};

/// Waits for the request under way to end; false (with its error logged) when it failed.
bool finishes(SyncState &sync)
{
    if (!QTest::qWaitFor([&] { return !sync.busy(); }, 10'000)) {
        qWarning() << "still busy with" << sync.busyAction();
        return false;
    }
    if (!sync.actionError().isEmpty()) {
        qWarning() << "failed:" << sync.actionError();
        return false;
    }
    return true;
}

/// What the core says when a read-only copy is edited.
const QString kReadOnlyMessage = QStringLiteral("You left this space: what you kept is a read-only copy.");

} // namespace

class TestSyncWorker : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_serverDir;
    std::unique_ptr<Server> m_server;

    /// Maya creates the space; Jonas joins with her invite. Returns false with a message logged
    /// when a step fails.
    static bool pair(Device &maya, Device &jonas, const QString &url)
    {
        maya.sync().createSpace(url, QStringLiteral("Maya's laptop"));
        if (!maya.sync().busy())
            return false;
        if (!QTest::qWaitFor([&] { return !maya.sync().busy(); }, 10'000))
            return false;
        if (!maya.sync().actionError().isEmpty()) {
            qWarning() << "create:" << maya.sync().actionError();
            return false;
        }
        maya.sync().invite(QStringLiteral("partner"));
        if (!QTest::qWaitFor([&] { return !maya.sync().busy(); }, 10'000)
            || maya.sync().inviteCode().isEmpty()) {
            qWarning() << "invite:" << maya.sync().actionError();
            return false;
        }
        jonas.sync().join(url, maya.sync().inviteCode(), QStringLiteral("Jonas's phone"));
        if (!QTest::qWaitFor([&] { return !jonas.sync().busy(); }, 10'000))
            return false;
        if (!jonas.sync().actionError().isEmpty()) {
            qWarning() << "join:" << jonas.sync().actionError();
            return false;
        }
        return QTest::qWaitFor([&] {
            return maya.sync().state() == u"upToDate" && jonas.sync().state() == u"upToDate";
        }, 10'000);
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        const QByteArray test(QTest::currentTestFunction());
        if (test == "timesReadLikeAPersonSaysThem" || test == "slowingDownWaitsWhatTheServerAsks")
            return;
        if (QStringLiteral(HEARTH_SERVER).isEmpty())
            QSKIP("hearth-server is not built in this tree");
        m_serverDir = std::make_unique<QTemporaryDir>();
        m_server = std::make_unique<Server>(m_serverDir->path());
        QVERIFY2(m_server->start(), "hearth-server did not start");
    }

    void cleanup()
    {
        m_server.reset();
        m_serverDir.reset();
    }

    void timesReadLikeAPersonSaysThem()
    {
        const QDateTime now(QDate(2026, 3, 27), QTime(14, 30));
        const qint64 n = now.toMSecsSinceEpoch();
        QCOMPARE(SyncState::agoText(n - 20'000, n), QStringLiteral("just now"));
        QCOMPARE(SyncState::agoText(n - 3 * 60'000, n), QStringLiteral("3 min ago"));
        QCOMPARE(SyncState::agoText(now.addSecs(-3 * 3600).toMSecsSinceEpoch(), n),
                 QStringLiteral("today at 11:30"));
        QCOMPARE(SyncState::agoText(QDateTime(QDate(2026, 3, 26), QTime(21, 40)).toMSecsSinceEpoch(), n),
                 QStringLiteral("yesterday at 21:40"));
        QVERIFY(SyncState::agoText(QDateTime(QDate(2026, 3, 3), QTime(10, 0)).toMSecsSinceEpoch(), n)
                    .endsWith(QStringLiteral(" at 10:00")));
    }

    void aPartnersRitualArrivesWithinSeconds()
    {
        Device maya("Maya", "Jonas");
        Device jonas("Jonas", "Maya");
        QCOMPARE(maya.sync().state(), QStringLiteral("off"));
        QVERIFY(!maya.sync().paired());

        QVERIFY(pair(maya, jonas, m_server->url()));
        QVERIFY(maya.sync().paired());
        QCOMPARE(jonas.sync().spaceId(), maya.sync().spaceId());
        QCOMPARE(jonas.sync().server(), m_server->url());
        QCOMPARE(maya.sync().pendingChanges(), 0);
        QCOMPARE(maya.sync().lastSyncText(), QStringLiteral("just now"));
        // Jonas's profile moved into Maya's space: the same couple, seen from his side.
        QTRY_COMPARE(jonas.session->partnerName(), QStringLiteral("Maya"));
        QCOMPARE(jonas.session->myName(), QStringLiteral("Jonas"));

        // A ritual Maya writes shows on Jonas's device, through his models, within seconds.
        RitualsModel jonasRituals(jonas.session.get(), nullptr);
        const int before = jonasRituals.rowCount();
        QSignalSpy refreshed(jonas.session.get(), &Session::dataChanged);
        QElapsedTimer t;
        t.start();
        const Ritual r = maya.session->book()->createRitual(walk("Evening walk"));
        QTRY_VERIFY_WITH_TIMEOUT(jonas.hasRitual(r.id), 5000);
        qInfo("Maya's ritual reached Jonas in %lld ms", static_cast<long long>(t.elapsed()));
        QTRY_COMPARE(jonasRituals.rowCount(), before + 1);
        QVERIFY(!refreshed.isEmpty());
        QTRY_COMPARE(maya.sync().state(), QStringLiteral("upToDate"));
        QCOMPARE(maya.sync().pendingChanges(), 0);

        // And the other way round.
        const Ritual back = jonas.session->book()->createRitual(walk("Morning coffee"));
        QTRY_VERIFY_WITH_TIMEOUT(maya.hasRitual(back.id), 5000);

        // The devices of the space, this one first.
        maya.sync().refreshDevices();
        QTRY_COMPARE(maya.sync().devices()->count(), 2);
        QTRY_VERIFY(!maya.sync().devicesLoading());
        // Jonas is in: Maya can add devices of hers, no second partner.
        QVERIFY(maya.sync().partnerInSpace());
        QVERIFY(maya.sync().canInvite());
        SyncDevicesModel *devices = maya.sync().devices();
        QCOMPARE(devices->index(0).data(SyncDevicesModel::IsThisDeviceRole).toBool(), true);
        QCOMPARE(devices->index(0).data(SyncDevicesModel::NameRole).toString(),
                 QStringLiteral("Maya's laptop"));
        QCOMPARE(devices->index(1).data(SyncDevicesModel::OwnerNameRole).toString(),
                 QStringLiteral("Jonas"));
        QCOMPARE(devices->index(1).data(SyncDevicesModel::LastSeenTextRole).toString(),
                 QStringLiteral("just now"));
    }

    void pairingErrorsSayWhatToDo()
    {
        Device maya("Maya", "Jonas");
        Device jonas("Jonas", "Maya");
        Device third("Sam", "Alex");

        maya.sync().createSpace(QStringLiteral("not a server"), QStringLiteral("laptop"));
        QVERIFY(!maya.sync().busy());
        QVERIFY(maya.sync().actionError().contains(QStringLiteral("http://127.0.0.1:8787")));

        // Nothing listens on port 1.
        maya.sync().createSpace(QStringLiteral("http://127.0.0.1:1"), QStringLiteral("laptop"));
        QVERIFY(maya.sync().busy());
        QCOMPARE(maya.sync().busyAction(), QStringLiteral("create"));
        QTRY_VERIFY_WITH_TIMEOUT(!maya.sync().busy(), 10'000);
        QVERIFY2(maya.sync().actionError().startsWith(QStringLiteral("Hearth cannot reach a server")),
                 qPrintable(maya.sync().actionError()));
        QVERIFY(!maya.sync().paired());

        QVERIFY(pair(maya, jonas, m_server->url()));
        // The same code a second time.
        QSignalSpy finished(&third.sync(), &SyncState::actionFinished);
        third.sync().join(m_server->url(), maya.sync().inviteCode(), QStringLiteral("tablet"));
        QTRY_VERIFY_WITH_TIMEOUT(!third.sync().busy(), 10'000);
        QCOMPARE(third.sync().actionError(),
                 QStringLiteral("This invite was already used. Ask your partner for a new one."));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(0).toString(), QStringLiteral("join"));
        QVERIFY(!third.sync().paired());
        third.sync().join(m_server->url(), QStringLiteral("not-a-code"), QStringLiteral("tablet"));
        QTRY_VERIFY_WITH_TIMEOUT(!third.sync().busy(), 10'000);
        QVERIFY2(third.sync().actionError().contains(QStringLiteral("invite code")),
                 qPrintable(third.sync().actionError()));

        // A partner invite once the partner is in.
        maya.sync().invite(QStringLiteral("partner"));
        QTRY_VERIFY_WITH_TIMEOUT(!maya.sync().busy(), 10'000);
        QCOMPARE(maya.sync().actionError(),
                 QStringLiteral("Your partner is already in this space. To add another device of "
                                "theirs, they make the invite on a device of their own."));
        QCOMPARE(maya.sync().inviteCode(), QString());
        // A removed device is told so, and stops asking.
        maya.sync().removeDevice(jonas.sync().deviceId());
        QTRY_VERIFY_WITH_TIMEOUT(!maya.sync().busy(), 10'000);
        QCOMPARE(maya.sync().actionError(), QString());
        jonas.sync().syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(jonas.sync().state(), QStringLiteral("error"), 10'000);
        QCOMPARE(jonas.sync().errorText(), QStringLiteral("This device was removed from the space."));
        QVERIFY(!jonas.sync().errorHint().isEmpty());
    }

    void offlineThenBackWithoutLosingAnEdit()
    {
        Device maya("Maya", "Jonas");
        Device jonas("Jonas", "Maya");
        QVERIFY(pair(maya, jonas, m_server->url()));
        const int port = m_server->port();

        m_server->stop();
        QTRY_COMPARE_WITH_TIMEOUT(maya.sync().state(), QStringLiteral("offline"), 5000);
        QVERIFY(!maya.sync().offlineSinceText().isEmpty());
        const Ritual r = maya.session->book()->createRitual(walk("Written offline"));
        // The edit waits in the outbox, and the indicator says so.
        QTRY_VERIFY_WITH_TIMEOUT(maya.sync().pendingChanges() > 0, 5000);
        QCOMPARE(maya.sync().state(), QStringLiteral("offline"));

        QVERIFY2(m_server->start(port), "hearth-server did not start again on its port");
        QTRY_COMPARE_WITH_TIMEOUT(maya.sync().state(), QStringLiteral("upToDate"), 10'000);
        QCOMPARE(maya.sync().pendingChanges(), 0);
        QCOMPARE(maya.sync().offlineSinceText(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(jonas.hasRitual(r.id), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(jonas.sync().state(), QStringLiteral("upToDate"), 10'000);
    }

    void quitsAtOnceDuringALongPoll()
    {
        Device maya("Maya", "Jonas");
        Device jonas("Jonas", "Maya");
        QVERIFY(pair(maya, jonas, m_server->url()));
        // Both are now waiting on the server (a 25 s long poll).
        QTest::qWait(500);
        QElapsedTimer t;
        t.start();
        jonas.session.reset();
        maya.session.reset();
        qInfo("both sessions closed in %lld ms", static_cast<long long>(t.elapsed()));
        QVERIFY2(t.elapsed() < 3000, "closing waited for the long poll");
    }

    void leavingKeepsAReadOnlyCopyAndStopsTheFlow()
    {
        Device maya("Maya", "Jonas");
        Device jonas("Jonas", "Maya");
        QVERIFY(pair(maya, jonas, m_server->url()));
        const Ritual before = maya.session->book()->createRitual(walk("Shared before"));
        QTRY_VERIFY_WITH_TIMEOUT(jonas.hasRitual(before.id), 5000);
        QCOMPARE(jonas.epoch("couple"), 1u);

        maya.sync().leave();
        QCOMPARE(maya.sync().busyAction(), QStringLiteral("leave"));
        QVERIFY(finishes(maya.sync()));
        QTRY_COMPARE_WITH_TIMEOUT(maya.sync().state(), QStringLiteral("left"), 5000);
        QVERIFY(!maya.sync().paired());
        QVERIFY(maya.sync().leftMs() > 0);
        QCOMPARE(maya.sync().leftText(), QStringLiteral("today"));
        QVERIFY(!maya.sync().canInvite());
        QCOMPARE(maya.sync().devices()->count(), 0);

        // Maya keeps what was shared, to read; every edit is refused with the core's words.
        QTRY_VERIFY(maya.session->readOnly());
        QVERIFY(maya.hasRitual(before.id));
        QCOMPARE(maya.session->setRitualStatus(QString::fromStdString(before.id), QStringLiteral("paused")),
                 kReadOnlyMessage);
        RitualEditor editor(maya.session.get(), nullptr);
        editor.setProperty("title", QStringLiteral("Written after leaving"));
        QVERIFY(!editor.save());
        QCOMPARE(editor.errors().value(QStringLiteral("form")).toString(), kReadOnlyMessage);
        QVERIFY(!maya.session->exportJson(maya.dir.filePath(QStringLiteral("kept.json"))).isEmpty());
        QVERIFY(QFile::exists(maya.dir.filePath(QStringLiteral("kept.json"))));

        // Jonas's next sync sees Maya's devices gone and replaces the space's keys.
        QVERIFY(!jonas.session->readOnly());
        jonas.sync().syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(jonas.epoch("couple"), 2u, 10'000);
        QCOMPARE(jonas.epoch("care"), 2u);
        QVERIFY(jonas.hasRitual(before.id));

        // What Jonas writes now reaches the server, and never Maya.
        const Ritual after = jonas.session->book()->createRitual(walk("Written after she left"));
        QTRY_VERIFY_WITH_TIMEOUT(jonas.sync().pendingChanges() == 0 && jonas.sync().state() == u"upToDate",
                                 10'000);
        maya.sync().syncNow();
        QTest::qWait(1500);
        QVERIFY(!maya.hasRitual(after.id));
        QCOMPARE(maya.sync().state(), QStringLiteral("left"));
    }

    void aRemovedDeviceForgetsAndJoinsAgain()
    {
        Device maya("Maya", "Jonas");
        Device jonas("Jonas", "Maya");
        Device tablet("Jonas", "Maya");
        QVERIFY(pair(maya, jonas, m_server->url()));

        // Jonas adds his tablet; a partner's second device may invite too.
        jonas.sync().invite(QStringLiteral("device"));
        QVERIFY(finishes(jonas.sync()));
        tablet.sync().join(m_server->url(), jonas.sync().inviteCode(), QStringLiteral("Jonas's tablet"));
        QVERIFY(finishes(tablet.sync()));
        QTRY_COMPARE_WITH_TIMEOUT(tablet.sync().state(), QStringLiteral("upToDate"), 10'000);
        QCOMPARE(tablet.sync().role(), QStringLiteral("device"));
        QVERIFY(tablet.sync().canInvite());
        QCOMPARE(tablet.sync().deviceName(), QStringLiteral("Jonas's tablet"));
        const QString firstId = tablet.sync().deviceId();

        // Maya removes it: her keys move on, and the tablet is told what it can do.
        maya.sync().removeDevice(firstId);
        QVERIFY(finishes(maya.sync()));
        QCOMPARE(maya.epoch("couple"), 2u);
        tablet.sync().syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(tablet.sync().state(), QStringLiteral("error"), 10'000);
        QCOMPARE(tablet.sync().errorText(), QStringLiteral("This device was removed from the space."));
        QVERIFY(tablet.sync().canForget());
        QVERIFY(!tablet.sync().canInvite());
        QVERIFY(tablet.sync().errorHint().contains(QStringLiteral("forget this pairing")));

        // Forgetting keeps the data and leaves the device ready to join again.
        const Ritual kept = maya.session->book()->createRitual(walk("Before the tablet was lost"));
        QTRY_VERIFY_WITH_TIMEOUT(jonas.hasRitual(kept.id), 10'000);
        const int ritualsBefore = RitualsModel(tablet.session.get(), nullptr).rowCount();
        tablet.sync().forget();
        QCOMPARE(tablet.sync().busyAction(), QStringLiteral("forget"));
        QVERIFY(finishes(tablet.sync()));
        QTRY_COMPARE_WITH_TIMEOUT(tablet.sync().state(), QStringLiteral("off"), 5000);
        QVERIFY(!tablet.sync().paired());
        QVERIFY(!tablet.sync().canForget());
        QCOMPARE(tablet.sync().errorText(), QString());
        QCOMPARE(tablet.sync().devices()->count(), 0);
        QVERIFY(!tablet.session->readOnly());
        QCOMPARE(RitualsModel(tablet.session.get(), nullptr).rowCount(), ritualsBefore);

        // A new invite from Jonas's phone, and the tablet is back: Maya's rituals reach it.
        jonas.sync().invite(QStringLiteral("device"));
        QVERIFY(finishes(jonas.sync()));
        tablet.sync().join(m_server->url(), jonas.sync().inviteCode(), QStringLiteral("Jonas's tablet"));
        QVERIFY(finishes(tablet.sync()));
        QTRY_COMPARE_WITH_TIMEOUT(tablet.sync().state(), QStringLiteral("upToDate"), 10'000);
        QVERIFY(tablet.sync().deviceId() != firstId);
        QTRY_VERIFY_WITH_TIMEOUT(tablet.hasRitual(kept.id), 10'000);
        const Ritual later = maya.session->book()->createRitual(walk("After the tablet came back"));
        QTRY_VERIFY_WITH_TIMEOUT(tablet.hasRitual(later.id), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(tablet.sync().unopenedChanges(), 0, 10'000);
    }

    void slowingDownWaitsWhatTheServerAsks()
    {
        // Retry-After given: at least that long, capped at an hour.
        QCOMPARE(SyncWorker::slowDownMs(2, 100), 2000);
        QCOMPARE(SyncWorker::slowDownMs(7200, 100), 3'600'000);
        // Not given: the old quiet pause of at least 5 s.
        QCOMPARE(SyncWorker::slowDownMs(0, 100), 5000);
        // Repeated failures back off further, so a round of several requests gets through.
        QCOMPARE(SyncWorker::slowDownMs(1, 8000), 8000);
    }

    void aServerThatSaysSlowDownIsCalm()
    {
        // A slow rate: a sync round of several requests runs into 429s with Retry-After.
        m_server->stop();
        QVERIFY2(m_server->start(0, {QStringLiteral("--rate"), QStringLiteral("2")}),
                 "hearth-server did not start");
        Device maya("Maya", "Jonas");
        // Long enough for the bucket to refill for a whole round once failures repeat.
        maya.sync().worker()->setBackoff(100, 4000);
        QStringList states;
        connect(&maya.sync(), &SyncState::changed, &maya.sync(),
                [&] { states << maya.sync().state(); });
        maya.sync().createSpace(m_server->url(), QStringLiteral("Maya's laptop"));
        QVERIFY(finishes(maya.sync()));
        for (int i = 0; i < 12; ++i) {
            maya.session->book()->createRitual(walk("Ritual " + std::to_string(i)));
            maya.sync().syncNow();
            QTest::qWait(50);
        }
        QTRY_VERIFY_WITH_TIMEOUT(maya.sync().pendingChanges() == 0 && maya.sync().state() == u"upToDate",
                                 20'000);
        // The server did ask to slow down (its metrics count the 429s)...
        QProcess curl;
        curl.start(QStringLiteral("curl"), {QStringLiteral("-sf"), m_server->url() + QStringLiteral("/metrics")});
        QVERIFY(curl.waitForFinished(5000));
        QVERIFY2(QString::fromUtf8(curl.readAllStandardOutput()).contains(QStringLiteral("status=\"429\"")),
                 "no request was rate-limited: the test did not test anything");
        // ...and the person never saw an alarm for it.
        QVERIFY2(!states.contains(QStringLiteral("error")), qPrintable(states.join(u',')));
    }

    void notPairedIsOffAndIdle()
    {
        Device maya("Maya", "Jonas");
        maya.session->book()->createRitual(walk("Only here"));
        QTest::qWait(500);
        QCOMPARE(maya.sync().state(), QStringLiteral("off"));
        QVERIFY(maya.sync().worker()->running());
        QElapsedTimer t;
        t.start();
        maya.session.reset();
        QVERIFY(t.elapsed() < 1000);
    }
};

QTEST_GUILESS_MAIN(TestSyncWorker)

#include "tst_syncworker.moc"
