// Faults with several hearth-server processes on one PostgreSQL database (issue 7, item 6), on a
// cluster of the test's own (scripts/pg-cluster), so that restarting it disturbs no other test.
//
// Five devices of two couples write and sync in a loop, each on its own thread, through the real
// hearthctl against two real server processes. The database restarts under them: requests during
// the outage are answered 503 (storage_unavailable) and the servers stay up; the clients retry,
// and nothing acknowledged or entered is lost. Then one server process is killed with SIGKILL
// under load: its clients retry on the other, which carries on. After each, every device of a
// couple holds the same state and every entry written on any of them, and the server holds each
// device's envelopes exactly once, as many as the device had acknowledged.
//
// No figure is asserted on: outages, 503s and fail-overs are printed with qInfo.
#include "e2eharness.h"
#include "entity.h"
#include "ritualbook.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

using namespace hearth;
using namespace hearth::test::e2e;

namespace {

constexpr int kEntriesPerRound = 25;
/// Only catches a hang: a healthy run reaches each condition in seconds.
constexpr qint64 kHangMs = 300'000;

/// A PostgreSQL cluster of this test's own, stopped and deleted with the object.
class Cluster {
public:
    explicit Cluster(QString stateDir) : m_stateDir(std::move(stateDir)) {}
    ~Cluster()
    {
        if (m_started)
            run("stop");
    }
    Cluster(const Cluster &) = delete;
    Cluster &operator=(const Cluster &) = delete;

    bool start()
    {
        m_started = run("start");
        return m_started;
    }
    bool restart() { return run("restart"); }

    [[nodiscard]] std::string conninfo() const
    {
        std::ifstream in((m_stateDir + "/conninfo").toStdString());
        std::string uri;
        std::getline(in, uri);
        return uri;
    }

private:
    bool run(const QString &command)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start("bash", {HEARTH_PG_CLUSTER, command, m_stateDir});
        if (!p.waitForFinished(120'000)) {
            p.kill();
            p.waitForFinished();
            return false;
        }
        return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

    QString m_stateDir;
    bool m_started = false;
};

struct Device {
    QString dir;
    int couple = 0;
};

/// Writes `count` done-records into a profile, as the app would when its user enters them (no
/// hearthctl runs on it meanwhile): ids "load-<phase>-<device>-<round>-<i>", each new.
void enter(const QString &dir, const std::string &phase, int round, int count)
{
    SystemClock clock;
    SystemRandom random;
    Store store(profileFile(dir), clock, random);
    RitualBook book(store);
    const Profile p = book.profile();
    const std::string ritualId = book.rituals(true).front().id;
    const std::string prefix = "load-" + phase + "-" + QFileInfo(dir).fileName().toStdString() + "-" + std::to_string(round) + "-";
    std::vector<Mutation> batch;
    for (int i = 0; i < count; ++i)
        batch.push_back({Mutation::Kind::Upsert, "occurrence", prefix + std::to_string(i), "couple",
                         {{"spaceId", p.space.id}, {"ritualId", ritualId}, {"localStart", "2021-03-04T08:00"},
                          {"status", "done"}, {"note", "round " + std::to_string(round)}}});
    store.apply(batch);
}

std::int64_t loadEntriesIn(const QString &dir)
{
    Database db(profileFile(dir), Database::Mode::ReadOnly);
    auto st = db.cached("SELECT COUNT(*) FROM occurrence WHERE id LIKE 'load-%'");
    st->step();
    return st->integer(0);
}

/// How a failed hearthctl sync failed.
enum class Failure { StorageUnavailable, Unreachable, Other };

Failure classify(const Result &r)
{
    // hearthctl prints the server's message for its 503 storage_unavailable answer.
    if (r.err.contains("could not read or write its storage"))
        return Failure::StorageUnavailable;
    if (r.err.contains("cannot reach the server"))
        return Failure::Unreachable;
    return Failure::Other;
}

/// One device writing and syncing round after round on its own thread, until stopped. Each
/// round enters a few records and syncs once; a failed sync is retried by the next round's.
/// `alternate`: the server changes every round; otherwise it stays, and changes only when the
/// current one cannot be reached (what a client behind a failing-over proxy sees).
class Load {
public:
    Load(std::string phase, Device device, QStringList urls, int firstServer, bool alternate,
         const QElapsedTimer &clock)
        : m_phase(std::move(phase)), m_device(std::move(device)), m_urls(std::move(urls)), m_server(firstServer),
          m_alternate(alternate), m_clock(clock)
    {
        m_thread = std::thread([this] { run(); });
    }
    ~Load() { stop(); }
    Load(const Load &) = delete;
    Load &operator=(const Load &) = delete;

    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }

    std::atomic<int> synced{0};
    std::atomic<int> storageUnavailable{0};
    std::atomic<int> unreachable{0};
    std::atomic<int> failedOver{0};
    std::atomic<int> written{0};

    [[nodiscard]] const Device &device() const { return m_device; }
    /// When each 503 came, in ms of the test's clock.
    [[nodiscard]] std::vector<qint64> storageUnavailableAt()
    {
        std::lock_guard lock(m_mutex);
        return m_storageUnavailableAt;
    }
    [[nodiscard]] QStringList otherErrors()
    {
        std::lock_guard lock(m_mutex);
        return m_otherErrors;
    }

private:
    void run()
    {
        while (!m_stop) {
            try {
                enter(m_device.dir, m_phase, m_round, kEntriesPerRound);
                ++m_round;
                written += kEntriesPerRound;
                if (m_alternate)
                    m_server = (m_server + 1) % m_urls.size();
                pointAt(m_device.dir, m_urls[m_server]);
            } catch (const std::exception &e) {
                std::lock_guard lock(m_mutex);
                m_otherErrors << QString("profile: ") + e.what();
                return;
            }
            const Result r = hearthctl(m_device.dir, {"sync"});
            if (r.exitCode == 0) {
                ++synced;
                continue;
            }
            switch (classify(r)) {
            case Failure::StorageUnavailable: {
                ++storageUnavailable;
                std::lock_guard lock(m_mutex);
                m_storageUnavailableAt.push_back(m_clock.elapsed());
                break;
            }
            case Failure::Unreachable:
                ++unreachable;
                if (!m_alternate) {
                    m_server = (m_server + 1) % m_urls.size();
                    ++failedOver;
                }
                break;
            case Failure::Other: {
                std::lock_guard lock(m_mutex);
                m_otherErrors << QString("exit %1: %2").arg(r.exitCode).arg(r.err);
                break;
            }
            }
        }
    }

    std::string m_phase;
    Device m_device;
    QStringList m_urls;
    int m_server;
    bool m_alternate;
    const QElapsedTimer &m_clock;
    int m_round = 0;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::vector<qint64> m_storageUnavailableAt;
    QStringList m_otherErrors;
    std::thread m_thread;
};

/// Waits until `done` holds, checking every 100 ms; false after kHangMs.
bool waitFor(const std::function<bool()> &done)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > kHangMs)
            return false;
        QThread::msleep(100);
    }
    return true;
}

/// Whether every load has synced `more` times since `before` (its counts then).
bool allSyncedSince(const std::vector<std::unique_ptr<Load>> &loads, const std::vector<int> &before, int more)
{
    for (std::size_t i = 0; i < loads.size(); ++i)
        if (loads[i]->synced < before[i] + more)
            return false;
    return true;
}

std::vector<int> syncCounts(const std::vector<std::unique_ptr<Load>> &loads)
{
    std::vector<int> counts;
    for (const auto &load : loads)
        counts.push_back(load->synced);
    return counts;
}

} // namespace

class TestScaleOut : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<Cluster> m_cluster;
    std::unique_ptr<Server> m_a, m_b;
    std::vector<Device> m_devices;
    /// Entries written per couple over the whole run.
    std::map<int, std::int64_t> m_written;
    QElapsedTimer m_clock;

    bool pair(const QString &first, const QStringList &others, const QString &createOn, const QString &joinOn,
              int couple)
    {
        const QStringList names = {"Maya", "Jonas", "Ana", "Ben"};
        const QString me = names[couple * 2];
        const QString partner = names[couple * 2 + 1];
        if (hearthctl(first, {"init", "--name", me, "--tz", "Europe/Lisbon", "--partner-name", partner,
                              "--partner-tz", "America/Toronto"}).exitCode != 0)
            return false;
        const auto templates = nlohmann::json::parse(hearthctl(first, {"--json", "templates"}).out.toStdString());
        if (hearthctl(first, {"add", "--template",
                              QString::fromStdString(templates.at(0).at("id").get<std::string>())}).exitCode != 0)
            return false;
        if (hearthctl(first, {"create-space", "--server", createOn, "--device-name", me + "'s phone"}).exitCode != 0)
            return false;
        m_devices.push_back({first, couple});
        for (int i = 0; i < others.size(); ++i) {
            // The first other is the partner; the rest are more devices of the first person.
            const bool partnerJoins = i == 0;
            const QString who = partnerJoins ? partner : me;
            const QString whose = partnerJoins ? me : partner;
            if (hearthctl(others[i], {"init", "--name", who, "--tz", "America/Toronto", "--partner-name", whose,
                                      "--partner-tz", "Europe/Lisbon"}).exitCode != 0)
                return false;
            const Result invite = hearthctl(first, partnerJoins ? QStringList{"invite"} : QStringList{"invite", "--device"});
            if (invite.exitCode != 0)
                return false;
            const Result joined = hearthctl(others[i], {"join", invite.out, "--server", joinOn, "--device-name",
                                                        who + "'s device " + QString::number(i)});
            if (joined.exitCode != 0) {
                qWarning("join: %s", qPrintable(joined.err));
                return false;
            }
            m_devices.push_back({others[i], couple});
        }
        return true;
    }

    /// Every device syncs, twice round, against the given servers in turn; a sync that fails
    /// (the first request after an outage may) is retried a few times.
    void syncAll(const QStringList &urls)
    {
        int turn = 0;
        for (int pass = 0; pass < 2; ++pass) {
            for (const Device &d : m_devices) {
                pointAt(d.dir, urls[turn++ % urls.size()]);
                Result r;
                for (int attempt = 0; attempt < 10; ++attempt) {
                    r = hearthctl(d.dir, {"sync"});
                    if (r.exitCode == 0)
                        break;
                    qInfo("final sync of %s failed (%s); again", qPrintable(QFileInfo(d.dir).fileName()),
                          qPrintable(r.err));
                    QThread::msleep(500);
                }
                QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            }
        }
    }

    /// After the load: every device of a couple holds the same shared state and every entry
    /// written on any of them; the server holds each device's envelopes once, as many as it had
    /// acknowledged, and nothing else.
    void checkConverged(const QStringList &urls)
    {
        syncAll(urls);
        if (QTest::currentTestFailed())
            return;
        std::map<int, std::string> digests;
        std::int64_t acknowledged = 0;
        for (const Device &d : m_devices) {
            const QString name = QFileInfo(d.dir).fileName();
            const std::string digest = digestOf(d.dir);
            const auto [first, inserted] = digests.emplace(d.couple, digest);
            QVERIFY2(inserted || first->second == digest, qPrintable(name + " differs from its couple's first device"));
            QCOMPARE(loadEntriesIn(d.dir), m_written[d.couple]);
            const std::int64_t seq = std::stoll(metaOf(d.dir, "sync.seq").value_or("0"));
            const auto [count, distinct] = m_a->envelopesFrom(metaOf(d.dir, "sync.device").value());
            QCOMPARE(count, distinct);
            QCOMPARE(distinct, seq);
            acknowledged += seq;
        }
        const auto [total, distinct] = m_a->envelopesFrom({});
        QCOMPARE(total, acknowledged);
        QCOMPARE(distinct, acknowledged);
        qInfo("converged: %zu devices, %lld envelopes on the server, as many as the devices acknowledged",
              m_devices.size(), static_cast<long long>(total));
    }

    /// A long poll of `waiter` on `waitOn` returns with what `pusher` pushes to `pushTo`.
    void longPollWakesAcross(const QString &waiter, const QString &waitOn, const QString &pusher,
                             const QString &pushTo)
    {
        pointAt(waiter, waitOn);
        pointAt(pusher, pushTo);
        QElapsedTimer polling;
        polling.start();
        QProcess waiting;
        waiting.start(HEARTHCTL_BIN, {"--data-dir", waiter, "--json", "sync", "--wait", "30"});
        QVERIFY(waiting.waitForStarted());
        QThread::msleep(500);
        enter(pusher, "wake", 0, 1);
        const Result pushed = hearthctl(pusher, {"sync"});
        QVERIFY2(pushed.exitCode == 0, qPrintable(pushed.err));
        QVERIFY(waiting.waitForFinished(60'000));
        QCOMPARE(waiting.exitCode(), 0);
        const auto woke = nlohmann::json::parse(waiting.readAllStandardOutput().toStdString());
        QVERIFY(woke.at("merged").get<int>() > 0);
        qInfo("a long poll on one process returned %lld ms after it began, woken by a push on the other",
              static_cast<long long>(polling.elapsed()));
        // Not a timing check: a poll that nothing woke runs to its 30 s deadline.
        QVERIFY2(polling.elapsed() < 25'000, "the push on the other process did not wake the long poll");
        for (const Device &d : m_devices)
            if (d.dir == pusher)
                ++m_written[d.couple];
    }

    std::vector<std::unique_ptr<Load>> startLoads(const std::string &phase, const QStringList &urls, bool alternate)
    {
        std::vector<std::unique_ptr<Load>> loads;
        for (std::size_t i = 0; i < m_devices.size(); ++i)
            loads.push_back(std::make_unique<Load>(phase, m_devices[i], urls, static_cast<int>(i % urls.size()),
                                                   alternate, m_clock));
        return loads;
    }

    /// Stops the loads and counts what they entered.
    void stopLoads(std::vector<std::unique_ptr<Load>> &loads)
    {
        for (auto &load : loads) {
            load->stop();
            m_written[load->device().couple] += load->written;
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_clock.start();
        m_cluster = std::make_unique<Cluster>(m_tmp.filePath("pg"));
        QVERIFY2(m_cluster->start(), "scripts/pg-cluster start failed (is PostgreSQL installed?)");
        const std::string db = m_cluster->conninfo();
        QVERIFY(!db.empty());
        // The loads sync as fast as they can: no rate limit gets in their way.
        const QStringList options = {"--rate", "1000000"};
        m_a = std::make_unique<Server>(m_tmp.filePath("server-a"), db, options);
        m_b = std::make_unique<Server>(m_tmp.filePath("server-b"), db, options);
        QVERIFY(m_a->start());
        QVERIFY(m_b->start());
        // Maya's space is created on A and joined on B; Ana's the other way round.
        QVERIFY(pair(m_tmp.filePath("maya"), {m_tmp.filePath("jonas"), m_tmp.filePath("maya-tablet")},
                     m_a->url(), m_b->url(), 0));
        QVERIFY(pair(m_tmp.filePath("ana"), {m_tmp.filePath("ben")}, m_b->url(), m_a->url(), 1));
        syncAll({m_a->url(), m_b->url()});
        QVERIFY(!QTest::currentTestFailed());
    }

    void cleanupTestCase()
    {
        m_a.reset();
        m_b.reset();
        m_cluster.reset();
    }

    void databaseRestartsMidPush()
    {
        const QStringList urls = {m_a->url(), m_b->url()};
        auto loads = startLoads("restart", urls, true);
        const std::vector<int> atStart = syncCounts(loads);
        QVERIFY2(waitFor([&] { return allSyncedSince(loads, atStart, 2); }), "the load does not get going");

        // Restarts until some request landed in an outage (the first almost always does).
        int storageErrors = 0;
        int restarts = 0;
        std::vector<std::pair<qint64, qint64>> outages;
        while (restarts == 0 || (storageErrors == 0 && restarts < 5)) {
            const qint64 from = m_clock.elapsed();
            QVERIFY2(m_cluster->restart(), "scripts/pg-cluster restart failed");
            outages.emplace_back(from, m_clock.elapsed());
            ++restarts;
            const std::vector<int> after = syncCounts(loads);
            QVERIFY2(waitFor([&] { return allSyncedSince(loads, after, 1); }),
                     "the clients do not get through after the database restarted");
            storageErrors = 0;
            for (const auto &load : loads)
                storageErrors += load->storageUnavailable;
        }
        const std::vector<int> recovered = syncCounts(loads);
        QVERIFY(waitFor([&] { return allSyncedSince(loads, recovered, 2); }));
        stopLoads(loads);

        int syncs = 0;
        int unreachable = 0;
        qint64 firstError = -1;
        qint64 lastError = -1;
        QStringList others;
        for (const auto &load : loads) {
            syncs += load->synced;
            unreachable += load->unreachable;
            for (qint64 at : load->storageUnavailableAt()) {
                firstError = firstError < 0 ? at : std::min(firstError, at);
                lastError = std::max(lastError, at);
            }
            others += load->otherErrors();
        }
        for (std::size_t i = 0; i < outages.size(); ++i)
            qInfo("restart %zu: the database was restarting for %lld ms", i + 1,
                  static_cast<long long>(outages[i].second - outages[i].first));
        qInfo("%d syncs succeeded, %d answered 503 storage_unavailable (from %lld to %lld ms after the first "
              "restart began), %d could not reach a server",
              syncs, storageErrors, static_cast<long long>(firstError < 0 ? -1 : firstError - outages[0].first),
              static_cast<long long>(lastError < 0 ? -1 : lastError - outages[0].first), unreachable);
        QVERIFY2(others.isEmpty(), qPrintable(others.join("\n")));
        // A database outage is the storage's failure, answered 503: no process went down.
        QCOMPARE(unreachable, 0);
        QVERIFY(m_a->running());
        QVERIFY(m_b->running());
        QVERIFY2(storageErrors > 0, "no request was answered 503 while the database restarted");

        checkConverged(urls);
        if (QTest::currentTestFailed())
            return;
        // The processes listen again after the restart: a long poll on one still wakes when a
        // push lands on the other.
        longPollWakesAcross(m_devices[1].dir, m_a->url(), m_devices[0].dir, m_b->url());
    }

    void serverKilledUnderLoad()
    {
        // Devices 0, 2, 4 on A, 1 and 3 on B; each stays until its server cannot be reached.
        const QStringList urls = {m_a->url(), m_b->url()};
        auto loads = startLoads("kill", urls, false);
        const std::vector<int> atStart = syncCounts(loads);
        QVERIFY2(waitFor([&] { return allSyncedSince(loads, atStart, 2); }), "the load does not get going");
        m_a->kill(); // SIGKILL, requests in flight cut
        const qint64 killedAt = m_clock.elapsed();
        const std::vector<int> atKill = syncCounts(loads);
        QVERIFY2(waitFor([&] { return allSyncedSince(loads, atKill, 3); }),
                 "the clients do not carry on against the remaining process");
        const qint64 settled = m_clock.elapsed();
        stopLoads(loads);

        int failures = 0;
        int failedOver = 0;
        int afterKill = 0;
        QStringList others;
        for (std::size_t i = 0; i < loads.size(); ++i) {
            failures += loads[i]->unreachable + loads[i]->storageUnavailable;
            failedOver += loads[i]->failedOver;
            afterKill += loads[i]->synced - atKill[i];
            others += loads[i]->otherErrors();
        }
        qInfo("A killed: %d request(s) failed, %d device(s) failed over to B, %d syncs on B within %lld ms after",
              failures, failedOver, afterKill, static_cast<long long>(settled - killedAt));
        QVERIFY2(others.isEmpty(), qPrintable(others.join("\n")));
        QVERIFY(!m_a->running());
        QVERIFY(m_b->running());
        // The three devices that were on A are on B now: they synced since the kill.
        QVERIFY(failedOver >= 3);

        checkConverged({m_b->url()});
    }
};

QTEST_GUILESS_MAIN(TestScaleOut)
#include "tst_scaleout.moc"
