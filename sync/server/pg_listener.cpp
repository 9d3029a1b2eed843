#include "pg_listener.h"

#include "errors.h"
#include "pg_connection.h"
#include "pg_storage.h"

#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <optional>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace hearth::server {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr auto kFirstBackoff = 100ms;
constexpr auto kMaxBackoff = 1000ms;
// libpq's connect_timeout is not enforced on an asynchronous connect: the caller keeps time.
constexpr auto kConnectTimeout = 10s;

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

enum class Wait { Ready, Woken, TimedOut, Failed };

/// Waits until `fd` has one of `events` (also an error or hang-up), the wake pipe is readable, or
/// the deadline passes. A negative `fd` only sleeps, waking early for the pipe.
Wait waitFor(int fd, short events, int wakeFd, std::optional<Clock::time_point> deadline)
{
    for (;;) {
        int timeoutMs = -1;
        if (deadline) {
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
            timeoutMs = static_cast<int>(std::max<std::int64_t>(left.count(), 0));
        }
        std::array<pollfd, 2> fds{{{fd, events, 0}, {wakeFd, POLLIN, 0}}};
        const int n = ::poll(fds.data(), fds.size(), timeoutMs);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return Wait::Failed;
        }
        if (fds[1].revents != 0)
            return Wait::Woken;
        if (fds[0].revents != 0)
            return Wait::Ready;
        if (n == 0)
            return Wait::TimedOut;
    }
}

std::string connectionError(PGconn *conn)
{
    std::string message = conn ? PQerrorMessage(conn) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message.empty() ? "unknown error" : message;
}

/// Waits for the answer to the query sent last and checks it; false with `error` otherwise.
bool awaitCommand(PGconn *conn, int wakeFd, Clock::time_point deadline, std::string &error)
{
    bool ok = true;
    for (;;) {
        while (PQisBusy(conn)) {
            const Wait wait = waitFor(PQsocket(conn), POLLIN, wakeFd, deadline);
            if (wait != Wait::Ready) {
                error = wait == Wait::Woken ? "stopping" : "no answer to LISTEN";
                return false;
            }
            if (!PQconsumeInput(conn)) {
                error = connectionError(conn);
                return false;
            }
        }
        PGresult *result = PQgetResult(conn);
        if (!result)
            return ok;
        if (PQresultStatus(result) != PGRES_COMMAND_OK) {
            ok = false;
            error = connectionError(conn);
        }
        PQclear(result);
    }
}

/// A connection LISTENing on the push channel, or null with `error`. Never blocks past the
/// connect timeout, and gives up at once when the wake pipe becomes readable. The server's
/// notices (a FATAL before it drops the connection, say) go to `notices` instead of stderr.
PGconn *connectAndListen(const std::string &conninfo, int wakeFd, PQnoticeProcessor notices,
                         void *noticesArg, std::string &error)
{
    const PgConnectParams params(conninfo);
    Connection conn(PQconnectStartParams(params.keys(), params.values(), /*expand_dbname=*/1),
                    &PQfinish);
    if (!conn || PQstatus(conn.get()) == CONNECTION_BAD) {
        error = connectionError(conn.get());
        return nullptr;
    }
    PQsetNoticeProcessor(conn.get(), notices, noticesArg);
    const auto deadline = Clock::now() + kConnectTimeout;
    // As libpq documents: start as if PQconnectPoll had asked to write.
    PostgresPollingStatusType polling = PGRES_POLLING_WRITING;
    while (polling != PGRES_POLLING_OK) {
        if (polling == PGRES_POLLING_FAILED) {
            error = connectionError(conn.get());
            return nullptr;
        }
        const short events = polling == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        switch (waitFor(PQsocket(conn.get()), events, wakeFd, deadline)) {
        case Wait::Ready: break;
        case Wait::Woken: error = "stopping"; return nullptr;
        case Wait::TimedOut: error = "timed out connecting"; return nullptr;
        case Wait::Failed: error = std::strerror(errno); return nullptr;
        }
        polling = PQconnectPoll(conn.get());
    }
    // A blocking connection (the default): PQsendQuery has sent the whole statement.
    const std::string listen = std::string("LISTEN ") + PgStorage::kPushChannel;
    if (!PQsendQuery(conn.get(), listen.c_str())) {
        error = connectionError(conn.get());
        return nullptr;
    }
    if (!awaitCommand(conn.get(), wakeFd, deadline, error))
        return nullptr;
    return conn.release();
}

} // namespace

PgPushListener::PgPushListener(std::string conninfo, OnPush onPush, OnStatus onStatus)
    : m_conninfo(std::move(conninfo)), m_onPush(std::move(onPush)), m_onStatus(std::move(onStatus))
{
    if (::pipe2(m_wakePipe, O_CLOEXEC | O_NONBLOCK) != 0)
        throw StorageError(std::string("cannot create the push listener's pipe: ")
                           + std::strerror(errno));
    std::string error;
    m_conn = connectAndListen(m_conninfo, m_wakePipe[0], &forwardNotice, this, error);
    try {
        if (!m_conn)
            throw StorageError("cannot listen for pushes on " + PgStorage::redacted(m_conninfo)
                               + ": " + error);
        m_thread = std::thread([this] { run(); });
    } catch (...) {
        PQfinish(static_cast<PGconn *>(m_conn));
        ::close(m_wakePipe[0]);
        ::close(m_wakePipe[1]);
        throw;
    }
}

PgPushListener::~PgPushListener()
{
    m_stop = true;
    const char byte = 1;
    // The pipe only ever gets this byte: it cannot be full, and a failure leaves nothing to do.
    [[maybe_unused]] const ssize_t written = ::write(m_wakePipe[1], &byte, 1);
    m_thread.join();
    PQfinish(static_cast<PGconn *>(m_conn)); // null after a failed reconnect: PQfinish accepts it
    ::close(m_wakePipe[0]);
    ::close(m_wakePipe[1]);
}

void PgPushListener::run()
{
    auto backoff = std::chrono::milliseconds(kFirstBackoff);
    bool reportedFailure = false;
    while (!m_stop) {
        auto *conn = static_cast<PGconn *>(m_conn);
        if (!conn) {
            if (waitFor(-1, 0, m_wakePipe[0], Clock::now() + backoff) == Wait::Woken)
                break;
            std::string error;
            m_conn = conn = connectAndListen(m_conninfo, m_wakePipe[0], &forwardNotice, this, error);
            if (!conn) {
                if (m_stop)
                    break;
                if (!reportedFailure)
                    report("warn", "cannot listen for pushes yet (" + error + "); retrying");
                reportedFailure = true;
                backoff = std::min(backoff * 2, std::chrono::milliseconds(kMaxBackoff));
                continue;
            }
            backoff = kFirstBackoff;
            reportedFailure = false;
            report("info", "listening for pushes again; waking every long poll");
            deliver({}); // pushes may have committed while no one listened
            continue;
        }
        const Wait wait = waitFor(PQsocket(conn), POLLIN, m_wakePipe[0], std::nullopt);
        if (wait == Wait::Woken)
            break;
        bool lost = wait == Wait::Failed || !PQconsumeInput(conn);
        while (PGnotify *notify = PQnotifies(conn)) {
            const std::string space = notify->extra ? notify->extra : "";
            PQfreemem(notify);
            deliver(space);
        }
        lost = lost || PQstatus(conn) == CONNECTION_BAD;
        if (lost) {
            report("warn", "lost the connection that listens for pushes (" + connectionError(conn)
                               + "); reconnecting");
            PQfinish(conn);
            m_conn = nullptr;
        }
    }
}

void PgPushListener::deliver(const std::string &spaceId)
{
    // An exception leaving this thread would end the process; the next push wakes again.
    try {
        m_onPush(spaceId);
    } catch (const std::exception &e) {
        report("warn", std::string("a push notification could not be delivered: ") + e.what());
    }
}

void PgPushListener::forwardNotice(void *listener, const char *message)
{
    std::string text = message ? message : "";
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    static_cast<PgPushListener *>(listener)->report("warn", "PostgreSQL says to the push listener: "
                                                               + text);
}

void PgPushListener::report(const std::string &level, const std::string &message)
{
    if (!m_onStatus)
        return;
    try {
        m_onStatus(level, message);
    } catch (...) {
        std::fputs("hearth-server: the push listener could not log its state\n", stderr);
    }
}

} // namespace hearth::server
