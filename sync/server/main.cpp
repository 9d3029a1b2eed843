// hearth-server: the sync endpoint. Wiring only; the logic is in SyncService and HttpServer.
#include "http_server.h"
#include "pg_listener.h"
#include "pg_storage.h"
#include "service.h"
#include "sqlite_storage.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <sys/resource.h>

using namespace hearth::server;

namespace {

constexpr std::string_view kUsage = R"(Usage: hearth-server [options]

The Hearth sync endpoint: stores encrypted envelopes per space and relays them.

Options (each also read from the environment variable shown):
  --listen ADDR               address to listen on (HEARTH_LISTEN, default 127.0.0.1)
  --port N                    port, 0 picks a free one (HEARTH_PORT, default 8787)
  --data-dir DIR              where the SQLite database lives (HEARTH_DATA_DIR, default
                              $XDG_DATA_HOME/hearth-server or ~/.local/share/hearth-server)
  --db URI                    keep everything in PostgreSQL instead (HEARTH_DB), e.g.
                              postgresql://hearth@db.example:5432/hearth; several
                              hearth-server processes may share one database (behind a
                              reverse proxy), and a long poll on one wakes when a push lands
                              on another. Without it: SQLite in --data-dir, one process.
  --max-body BYTES            largest request body (default 16777216)
  --max-envelopes-per-push N  envelopes in one push (default 500)
  --rate R                    requests per second per token, and per address for creating
                              and joining spaces (default 20; bursts of 3 s worth)
  --threads N                 threads running the event loop (default 1); requests still
                              reach the storage one at a time per process, so with --db
                              the service scales by running more processes
  --max-connections N         connections served at once; more are answered 503 and closed
                              (default 20000)
  --header-timeout SECONDS    to receive a request's header (default 30)
  --idle-timeout SECONDS      a kept-alive connection without a request (default 60)
  --help                      this text

On start it prints one line, "listening on ADDR:PORT", to stdout. Logs are JSON lines on
stderr. SIGTERM or SIGINT stops it cleanly (exit status 0).
)";

/// A command-line mistake: reported with the usage hint, exit status 2.
struct UsageError {
    std::string message;
};

struct Options {
    HttpServerOptions http;
    ServiceConfig service;
    std::filesystem::path dataDir;
    std::string db; ///< a PostgreSQL URI; empty: SQLite in dataDir
};

std::optional<std::string> env(const char *name)
{
    const char *value = std::getenv(name);
    if (!value || !*value)
        return std::nullopt;
    return std::string(value);
}

std::filesystem::path defaultDataDir()
{
    if (auto xdg = env("XDG_DATA_HOME"))
        return std::filesystem::path(*xdg) / "hearth-server";
    if (auto home = env("HOME"))
        return std::filesystem::path(*home) / ".local/share/hearth-server";
    return "hearth-server-data";
}

template <typename Number>
Number parseNumber(std::string_view flag, const std::string &text, Number min, Number max)
{
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min
        || value > max)
        throw UsageError{std::string(flag) + " needs a number from " + std::to_string(min)
                         + " to " + std::to_string(max) + ", not \"" + text + "\""};
    return value;
}

Options parseOptions(int argc, char **argv)
{
    Options o;
    o.http.listen = env("HEARTH_LISTEN").value_or("127.0.0.1");
    if (auto port = env("HEARTH_PORT"))
        o.http.port = parseNumber<unsigned short>("HEARTH_PORT", *port, 0, 65535);
    o.dataDir = env("HEARTH_DATA_DIR").value_or(defaultDataDir().string());
    o.db = env("HEARTH_DB").value_or("");

    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help") {
            std::cout << kUsage;
            std::exit(0);
        }
        if (i + 1 >= argc)
            throw UsageError{"unknown option or missing value: " + std::string(flag)};
        const std::string value = argv[++i];
        if (flag == "--listen")
            o.http.listen = value;
        else if (flag == "--port")
            o.http.port = parseNumber<unsigned short>(flag, value, 0, 65535);
        else if (flag == "--data-dir")
            o.dataDir = value;
        else if (flag == "--db")
            o.db = value;
        else if (flag == "--max-body")
            o.service.maxBodyBytes = parseNumber<std::size_t>(flag, value, 1024, 1ULL << 30);
        else if (flag == "--max-envelopes-per-push")
            o.service.maxEnvelopesPerPush = parseNumber<std::size_t>(flag, value, 1, 100000);
        else if (flag == "--rate")
            o.service.ratePerSecond = parseNumber<int>(flag, value, 1, 1000000);
        else if (flag == "--threads")
            o.http.threads = parseNumber<int>(flag, value, 1, 64);
        else if (flag == "--max-connections")
            o.http.maxConnections = parseNumber<std::size_t>(flag, value, 1, 10'000'000);
        else if (flag == "--header-timeout")
            o.http.headerTimeout = std::chrono::seconds(parseNumber<int>(flag, value, 1, 3600));
        else if (flag == "--idle-timeout")
            o.http.idleTimeout = std::chrono::seconds(parseNumber<int>(flag, value, 1, 3600));
        else
            throw UsageError{"unknown option: " + std::string(flag)};
    }
    if (!o.db.empty() && !PgStorage::isConnectionUri(o.db))
        // Not echoed: whatever it is, it may hold a password.
        throw UsageError{"--db (or HEARTH_DB) needs a PostgreSQL URI, postgresql://... or "
                         "postgres://...; without it the server keeps SQLite in --data-dir"};
    // Bursts of three seconds' worth: a client catching up after being offline pulls several
    // pages in a row.
    o.service.rateBurst = o.service.ratePerSecond * 3;
    return o;
}

std::int64_t steadyMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Raises the soft open-file limit to the hard one: each connection and long poll holds a
/// descriptor, and the usual soft limit (1024) is far below --max-connections. Returns the soft
/// limit in force.
rlim_t raiseOpenFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur;
}

std::int64_t wallMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

int main(int argc, char **argv)
{
    Options options;
    try {
        options = parseOptions(argc, argv);
    } catch (const UsageError &e) {
        std::cerr << "hearth-server: " << e.message << "\n(see hearth-server --help)\n";
        return 2;
    }
    try {
        // Destroyed in reverse: the listener (its thread calls into the server) before the
        // server, the server before the service, the storage last.
        std::unique_ptr<ServerStorage> storage;
        std::string where;
        if (options.db.empty()) {
            storage = std::make_unique<SqliteStorage>(options.dataDir);
            where = "SQLite in " + options.dataDir.string();
        } else {
            storage = std::make_unique<PgStorage>(options.db);
            where = "PostgreSQL at " + PgStorage::redacted(options.db);
        }
        SyncService service(*storage, options.service, RequestLog::stderrSink(), steadyMicros);
        const rlim_t files = raiseOpenFileLimit();
        const std::string filesText = files == RLIM_INFINITY ? "unlimited" : std::to_string(files);
        service.log().event(wallMs(), files >= options.http.maxConnections + 64 ? "info" : "warn",
                            "open-file limit " + filesText + ", at most "
                                + std::to_string(options.http.maxConnections) + " connections");
        HttpServer server(service, options.http);
        // Listening before the first request is served: no push another process commits from
        // then on goes unheard.
        std::unique_ptr<PgPushListener> listener;
        if (!options.db.empty()) {
            const RequestLog &log = service.log();
            listener = std::make_unique<PgPushListener>(
                options.db, [&server](const std::string &space) { server.wakeSpace(space); },
                [&log](const std::string &level, const std::string &message) {
                    log.event(wallMs(), level, message);
                });
        }
        std::cout << "listening on " << server.address() << std::endl;
        service.log().event(wallMs(), "info",
                            "listening on " + server.address() + ", data in " + where);
        server.run();
        listener.reset();
        service.log().event(wallMs(), "info", "stopped");
    } catch (const std::exception &e) {
        std::cerr << "hearth-server: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
