#pragma once

// The end-to-end tests' harness (tst_endtoend, tst_scaleout): the real hearth-server and the real
// hearthctl as separate processes, profiles read and changed between their runs, and what a
// server stores, read back from its SQLite file or from its PostgreSQL schema.
//
// Needs HEARTH_SERVER_BIN and HEARTHCTL_BIN defined (tests/sync/CMakeLists.txt).

#include "clock.h"
#include "database.h"
#include "pgtest.h"
#include "ritualbook.h"
#include "statedigest.h"
#include "store.h"

#include <libpq-fe.h>

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hearth::test::e2e {

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs hearthctl on a profile folder and waits for it (from any thread: no event loop needed).
inline Result hearthctl(const QString &dir, QStringList args, int timeoutMs = 120'000)
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

inline std::filesystem::path profileFile(const QString &dir)
{
    return std::filesystem::path(dir.toStdString()) / "profile.db";
}

inline std::optional<std::string> metaOf(const QString &dir, const char *key)
{
    Database db(profileFile(dir), Database::Mode::ReadOnly);
    auto st = db.cached("SELECT value FROM meta WHERE key = ?1");
    st->bind(1, key);
    if (!st->step())
        return std::nullopt;
    return st->text(0);
}

/// Opens a profile (no hearthctl may be running on it) and gives its shared state.
inline std::string digestOf(const QString &dir)
{
    SystemClock clock;
    SystemRandom random;
    Store store(profileFile(dir), clock, random);
    return sharedDigest(store);
}

/// Points a profile at another server (no hearthctl may be running on it). The server URL is the
/// device's own setting (meta "sync.server", never synced), which hearthctl reads on every run:
/// this is what a reverse proxy spreading a client's requests over several processes amounts to.
inline void pointAt(const QString &dir, const QString &url)
{
    SystemClock clock;
    SystemRandom random;
    Store store(profileFile(dir), clock, random);
    store.apply({}, {{"sync.server", url.toStdString()}});
}

/// The files under `dir` (and the file `dir`.log, the server's log, when there is one) whose
/// bytes hold `marker`. Every file is read whole: a database, its -wal and -shm alike.
inline QStringList filesHolding(const QString &dir, const QString &marker)
{
    const QByteArray needle = marker.toUtf8();
    QStringList found;
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    if (QFile::exists(dir + ".log"))
        files << dir + ".log";
    for (const QString &name : files) {
        QFile f(name);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            found << name;
    }
    return found;
}

/// What a PostgreSQL schema holds, read back raw: every row of every table in the connection's
/// current schema, each value in libpq's binary format (text as its UTF-8 bytes, bytea as its
/// bytes, jsonb as its text), so that a plaintext marker is found wherever it would be stored.
struct SchemaScan {
    QStringList tablesHolding; ///< "table" for each table with a value holding the marker
    std::int64_t rows = 0;     ///< rows read
};

inline SchemaScan scanSchema(const std::string &conninfo, const QString &marker)
{
    const std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo.c_str()), &PQfinish);
    if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
        throw std::runtime_error("cannot connect to PostgreSQL: " + std::string(PQerrorMessage(conn.get())));
    auto exec = [&](const std::string &sql) {
        std::unique_ptr<PGresult, decltype(&PQclear)> result(
            PQexecParams(conn.get(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1), &PQclear);
        if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK)
            throw std::runtime_error(sql + ": " + PQerrorMessage(conn.get()));
        return result;
    };
    std::vector<std::string> tables;
    {
        // The names as text, from a binary-format result: a name's binary form is its bytes.
        const auto names = exec("SELECT table_name::text FROM information_schema.tables "
                                "WHERE table_schema = current_schema()");
        for (int r = 0; r < PQntuples(names.get()); ++r)
            tables.emplace_back(PQgetvalue(names.get(), r, 0), PQgetlength(names.get(), r, 0));
    }
    if (tables.empty())
        throw std::runtime_error("the schema holds no table: is this the server's schema?");
    const QByteArray needle = marker.toUtf8();
    SchemaScan scan;
    for (const std::string &table : tables) {
        const auto rows = exec("SELECT * FROM \"" + table + "\"");
        bool holds = false;
        for (int r = 0; r < PQntuples(rows.get()); ++r) {
            ++scan.rows;
            for (int c = 0; c < PQnfields(rows.get()); ++c) {
                const QByteArray value = QByteArray::fromRawData(PQgetvalue(rows.get(), r, c),
                                                                 PQgetlength(rows.get(), r, c));
                holds = holds || value.contains(needle);
            }
        }
        if (holds)
            scan.tablesHolding << QString::fromStdString(table);
    }
    return scan;
}

/// The real server in its own process, restartable on the same port and storage: SQLite in
/// `dataDir`, or the PostgreSQL database `db` when it is given. Its log goes to `dataDir`.log.
class Server {
public:
    explicit Server(QString dataDir, std::string db = {}, QStringList extraArgs = {})
        : m_dataDir(std::move(dataDir)), m_db(std::move(db)), m_extraArgs(std::move(extraArgs))
    {
    }
    ~Server() { stop(); }
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;

    bool start()
    {
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        m_process->setStandardErrorFile(m_dataDir + ".log", QIODevice::Append);
        m_process->start(HEARTH_SERVER_BIN, arguments());
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20'000) {
            m_process->waitForReadyRead(200);
            const QString line = QString::fromUtf8(m_process->readLine()).trimmed();
            if (line.startsWith("listening on ")) {
                m_port = line.section(':', -1).toInt();
                return m_port > 0;
            }
            // The port of a killed server can take a moment to be free again.
            if (m_process->state() == QProcess::NotRunning)
                m_process->start(HEARTH_SERVER_BIN, arguments());
        }
        return false;
    }

    /// SIGKILL: no clean shutdown, requests in flight are cut.
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

    [[nodiscard]] bool running() const { return m_process && m_process->state() == QProcess::Running; }
    [[nodiscard]] QString url() const { return "http://127.0.0.1:" + QString::number(m_port); }
    [[nodiscard]] const QString &dataDir() const { return m_dataDir; }
    [[nodiscard]] const std::string &db() const { return m_db; }
    [[nodiscard]] bool onPostgres() const { return !m_db.empty(); }

    /// Where the server keeps `marker` readable: its files and log, and on PostgreSQL the
    /// tables of its schema.
    [[nodiscard]] QStringList holding(const QString &marker) const
    {
        QStringList found = filesHolding(m_dataDir, marker);
        if (onPostgres())
            for (const QString &table : scanSchema(m_db, marker).tablesHolding)
                found << "table " + table;
        return found;
    }

    /// How many envelopes the server stores from a device, and how many distinct sequence
    /// numbers; with no device, of all devices.
    [[nodiscard]] std::pair<std::int64_t, std::int64_t> envelopesFrom(const std::string &device) const
    {
        if (onPostgres()) {
            PostgresConnection conn(m_db);
            const auto rows = device.empty()
                ? conn.query("SELECT COUNT(*), COUNT(DISTINCT (device, seq)) FROM envelopes")
                : conn.query("SELECT COUNT(*), COUNT(DISTINCT seq) FROM envelopes WHERE device = $1",
                             {device});
            return {std::stoll(rows.at(0).at(0).value()), std::stoll(rows.at(0).at(1).value())};
        }
        Database db(std::filesystem::path(m_dataDir.toStdString()) / "hearth-server.sqlite3",
                    Database::Mode::ReadOnly);
        auto st = device.empty()
            ? db.cached("SELECT COUNT(*), COUNT(DISTINCT device || ':' || seq) FROM envelopes")
            : db.cached("SELECT COUNT(*), COUNT(DISTINCT seq) FROM envelopes WHERE device = ?1");
        if (!device.empty())
            st->bind(1, device);
        st->step();
        return {st->integer(0), st->integer(1)};
    }

private:
    [[nodiscard]] QStringList arguments() const
    {
        QStringList args{"--port", QString::number(m_port)};
        if (onPostgres())
            args << "--db" << QString::fromStdString(m_db);
        else
            args << "--data-dir" << m_dataDir;
        return args + m_extraArgs;
    }

    QString m_dataDir;
    std::string m_db;
    QStringList m_extraArgs;
    int m_port = 0;
    std::unique_ptr<QProcess> m_process;
};

} // namespace hearth::test::e2e
