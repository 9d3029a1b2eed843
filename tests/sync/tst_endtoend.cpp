// End to end (issue 3, item 16): the real hearth-server on 127.0.0.1 and a random port, and two
// partners' profiles driven by the real hearthctl, as separate processes. Pairing, offline edits
// on both sides, a client killed with SIGKILL in the middle of a push, the server killed in the
// middle of a push; afterwards nothing acknowledged is lost and nothing is stored twice. And a
// marker written into every text field of every entity never reaches a file of the server.
#include "clock.h"
#include "database.h"
#include "entity.h"
#include "ritualbook.h"
#include "statedigest.h"
#include "store.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <optional>

using namespace hearth;
namespace fs = std::filesystem;

namespace {

const char *const kMarker = "MARKER-e2e-5b1d";

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs hearthctl on a profile folder and waits for it.
Result hearthctl(const QString &dir, QStringList args, int timeoutMs = 120'000)
{
    QProcess p;
    args.prepend(dir);
    args.prepend("--data-dir");
    p.start(HEARTHCTL_BIN, args);
    if (!p.waitForFinished(timeoutMs))
        p.kill();
    p.waitForFinished();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
            QString::fromUtf8(p.readAllStandardError()).trimmed()};
}

/// The real server in its own process, restartable on the same port and data folder.
class Server {
public:
    explicit Server(QString dataDir) : m_dataDir(std::move(dataDir)) {}
    ~Server() { stop(); }

    bool start()
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        m_process->setStandardErrorFile(m_dataDir + ".log", QIODevice::Append);
        m_process->start(HEARTH_SERVER_BIN, {"--port", QString::number(m_port), "--data-dir", m_dataDir});
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 10'000) {
            m_process->waitForReadyRead(200);
            const QString line = QString::fromUtf8(m_process->readLine()).trimmed();
            if (line.startsWith("listening on ")) {
                m_port = line.section(':', -1).toInt();
                return m_port > 0;
            }
            // The port of a killed server can take a moment to be free again.
            if (m_process->state() == QProcess::NotRunning)
                m_process->start(HEARTH_SERVER_BIN, {"--port", QString::number(m_port), "--data-dir", m_dataDir});
        }
        return false;
    }

    void kill()
    {
        if (m_process) {
            m_process->kill();
            m_process->waitForFinished();
        }
    }

    void stop()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(10'000))
                kill();
        }
    }

    [[nodiscard]] QString url() const { return "http://127.0.0.1:" + QString::number(m_port); }
    [[nodiscard]] const QString &dataDir() const { return m_dataDir; }

private:
    QString m_dataDir;
    int m_port = 0;
    std::unique_ptr<QProcess> m_process;
};

fs::path profileFile(const QString &dir)
{
    return fs::path(dir.toStdString()) / "profile.db";
}

std::optional<std::string> metaOf(const QString &dir, const char *key)
{
    Database db(profileFile(dir), Database::Mode::ReadOnly);
    auto st = db.cached("SELECT value FROM meta WHERE key = ?1");
    st->bind(1, key);
    if (!st->step())
        return std::nullopt;
    return st->text(0);
}

/// Opens a profile (no hearthctl may be running on it) and gives its shared state.
std::string digestOf(const QString &dir)
{
    SystemClock clock;
    SystemRandom random;
    Store store(profileFile(dir), clock, random);
    return test::sharedDigest(store);
}

/// Writes `count` done-records into the profile, straight through the store (the test's own
/// process, while no hearthctl runs on it): a long outbox to push.
void writeHistory(const QString &dir, int count, const std::string &note)
{
    SystemClock clock;
    SystemRandom random;
    Store store(profileFile(dir), clock, random);
    RitualBook book(store);
    const Profile p = book.profile();
    const std::string ritualId = book.rituals(true).front().id;
    std::vector<Mutation> batch;
    for (int i = 0; i < count; ++i) {
        batch.push_back({Mutation::Kind::Upsert, "occurrence", ritualId + "-h" + std::to_string(i),
                         "couple",
                         {{"spaceId", p.space.id}, {"ritualId", ritualId},
                          {"localStart", "2020-01-01T08:00"}, {"status", "done"}, {"note", note}}});
    }
    store.apply(batch);
}

/// How many envelopes the server stores from a device, and how many distinct sequence numbers.
std::pair<std::int64_t, std::int64_t> envelopesFrom(const Server &server, const std::string &device)
{
    Database db(fs::path(server.dataDir().toStdString()) / "hearth-server.sqlite3", Database::Mode::ReadOnly);
    auto st = db.cached("SELECT COUNT(*), COUNT(DISTINCT seq) FROM envelopes WHERE device = ?1");
    st->bind(1, device);
    st->step();
    return {st->integer(0), st->integer(1)};
}

std::int64_t pushedOf(const QString &dir)
{
    return std::stoll(metaOf(dir, "sync.pushed").value_or("0"));
}

} // namespace

class TestEndToEnd : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString a, b;
    std::unique_ptr<Server> m_server;

    QString templateId()
    {
        const Result r = hearthctl(a, {"--json", "templates"});
        const auto list = nlohmann::json::parse(r.out.toStdString());
        return QString::fromStdString(list.at(0).at("id").get<std::string>());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        a = m_tmp.filePath("maya");
        b = m_tmp.filePath("jonas");
        m_server = std::make_unique<Server>(m_tmp.filePath("server"));
        QVERIFY(m_server->start());
    }

    void pairsAndSeesEachOther()
    {
        QCOMPARE(hearthctl(a, {"init", "--name", "Maya", "--tz", "Europe/Lisbon", "--partner-name",
                               "Jonas", "--partner-tz", "America/Toronto"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"add", "--template", templateId()}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"init", "--name", "Jonas", "--tz", "America/Toronto", "--partner-name",
                               "M.", "--partner-tz", "Europe/Lisbon"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"create-space", "--server", m_server->url(), "--device-name", "Maya's laptop"}).exitCode, 0);
        const Result invite = hearthctl(a, {"invite"});
        QCOMPARE(invite.exitCode, 0);
        const Result joined = hearthctl(b, {"join", invite.out, "--server", m_server->url(), "--device-name", "Jonas' phone"});
        QCOMPARE(joined.exitCode, 0);
        QVERIFY2(joined.out.contains("your partner is Maya (Europe/Lisbon)"), qPrintable(joined.out));
        // The invite is spent.
        const Result again = hearthctl(m_tmp.filePath("third"), {"init", "--name", "X", "--tz", "Europe/Paris",
                                                                 "--partner-name", "Y", "--partner-tz", "Europe/Paris"});
        QCOMPARE(again.exitCode, 0);
        const Result replay = hearthctl(m_tmp.filePath("third"), {"join", invite.out, "--server", m_server->url()});
        QCOMPARE(replay.exitCode, 1);
        QVERIFY2(replay.err.contains("already used"), qPrintable(replay.err));
        // Maya sees Jonas' own name and time zone once she syncs.
        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        const Result status = hearthctl(a, {"--json", "devices"});
        QVERIFY2(status.out.contains("Jonas' phone"), qPrintable(status.out));
        QCOMPARE(digestOf(a), digestOf(b));
    }

    void offlineEditsOnBothSidesMerge()
    {
        // Both edit without syncing: a new ritual each, and the same ritual's occurrence.
        const auto upcoming = nlohmann::json::parse(hearthctl(a, {"--json", "upcoming"}).out.toStdString());
        QVERIFY(!upcoming.empty());
        const QString ritual = QString::fromStdString(upcoming.at(0).at("ritualId").get<std::string>());
        const QString start = QString::fromStdString(upcoming.at(0).at("localStart").get<std::string>());
        QCOMPARE(hearthctl(a, {"add", "--template", templateId(), "--time", "07:15"}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"add", "--template", templateId(), "--time", "21:30"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"done", ritual, start, "--note", "together"}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"skip", ritual, start, "--reason", "away"}).exitCode, 0);
        QVERIFY(digestOf(a) != digestOf(b));
        for (const QString &dir : {a, b, a})
            QCOMPARE(hearthctl(dir, {"sync"}).exitCode, 0);
        QCOMPARE(digestOf(a), digestOf(b));
        const auto rituals = nlohmann::json::parse(hearthctl(b, {"--json", "rituals"}).out.toStdString());
        QCOMPARE(rituals.size(), std::size_t{3});
    }

    void clientKilledMidPushLosesAndRepeatsNothing()
    {
        writeHistory(a, 6000, "long outbox");
        QProcess push;
        push.start(HEARTHCTL_BIN, {"--data-dir", a, "sync"});
        QTRY_VERIFY_WITH_TIMEOUT(pushedOf(a) > 0 || push.state() == QProcess::NotRunning, 60'000);
        push.kill(); // SIGKILL, in the middle of the outbox
        push.waitForFinished();
        QVERIFY2(push.exitStatus() == QProcess::CrashExit, "the push finished before it could be killed");
        const Result status = hearthctl(a, {"--json", "sync-status"});
        QVERIFY2(nlohmann::json::parse(status.out.toStdString()).at("pending").get<int>() > 0, qPrintable(status.out));

        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"sync"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        QCOMPARE(digestOf(a), digestOf(b));
        const auto device = metaOf(a, "sync.device").value();
        const auto [count, distinct] = envelopesFrom(*m_server, device);
        QCOMPARE(count, distinct);
    }

    void serverKilledMidPushLosesNothing()
    {
        writeHistory(b, 6000, "another long outbox");
        QProcess push;
        push.start(HEARTHCTL_BIN, {"--data-dir", b, "sync"});
        QTRY_VERIFY_WITH_TIMEOUT(pushedOf(b) > 0 || push.state() == QProcess::NotRunning, 60'000);
        m_server->kill();
        QVERIFY(push.waitForFinished(60'000));
        QCOMPARE(push.exitCode(), 1); // it says why, and keeps what it has not sent
        QVERIFY(QString::fromUtf8(push.readAllStandardError()).contains("cannot reach the server"));

        QVERIFY(m_server->start());
        QCOMPARE(hearthctl(b, {"sync"}).exitCode, 0);
        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        QCOMPARE(digestOf(a), digestOf(b));
        const auto device = metaOf(b, "sync.device").value();
        const auto [count, distinct] = envelopesFrom(*m_server, device);
        QCOMPARE(count, distinct);
    }

    void markerNeverReachesTheServersFiles()
    {
        // The marker in every text field of every entity, written on Maya's device.
        {
            SystemClock clock;
            SystemRandom random;
            Store store(profileFile(a), clock, random);
            std::vector<Mutation> batch;
            for (const EntityDef &def : entities()) {
                nlohmann::json fields = nlohmann::json::object();
                for (const FieldDef &f : def.fields)
                    if (f.type == FieldType::Text)
                        fields[std::string(f.name)] = std::string(kMarker) + "-" + std::string(f.name);
                batch.push_back({Mutation::Kind::Upsert, std::string(def.name),
                                 "marker-" + std::string(def.name), "couple", fields});
            }
            store.apply(batch);
        }
        QCOMPARE(hearthctl(a, {"sync"}).exitCode, 0);
        QCOMPARE(hearthctl(b, {"sync"}).exitCode, 0);
        QVERIFY(digestOf(b).find(kMarker) != std::string::npos); // it did travel
        m_server->stop();
        const QByteArray marker(kMarker);
        QDirIterator files(m_server->dataDir(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        int scanned = 0;
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(marker), qPrintable(f.fileName()));
            ++scanned;
        }
        QVERIFY(scanned > 0);
        QFile log(m_server->dataDir() + ".log");
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(!log.readAll().contains(marker));
        QVERIFY(m_server->start());
    }
};

QTEST_GUILESS_MAIN(TestEndToEnd)
#include "tst_endtoend.moc"
