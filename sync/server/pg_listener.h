#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace hearth::server {

/// Hears the pushes other hearth-server processes commit to a shared PostgreSQL database: a
/// connection of its own that LISTENs on PgStorage::kPushChannel, and a thread that waits on its
/// socket and calls `onPush(spaceId)` for each notification (from that thread), within
/// milliseconds of the commit. When the connection drops it connects again (backing off up to a
/// second) and then calls `onPush("")`: notifications may have been missed meanwhile, so every
/// long poll should look again. `onStatus`, when given, hears (from the same thread) that the
/// connection was lost, and that it listens again, for the server's log. The destructor stops the
/// thread promptly, also in the middle of connecting.
class PgPushListener {
public:
    using OnPush = std::function<void(const std::string &spaceId)>;
    /// `level` is "warn" (lost, cannot connect) or "info" (listening again).
    using OnStatus = std::function<void(const std::string &level, const std::string &message)>;

    /// Connects and LISTENs before returning (throws StorageError when it cannot), so that no
    /// push committed after construction is missed.
    PgPushListener(std::string conninfo, OnPush onPush, OnStatus onStatus = {});
    ~PgPushListener();
    PgPushListener(const PgPushListener &) = delete;
    PgPushListener &operator=(const PgPushListener &) = delete;

private:
    void run();
    void deliver(const std::string &spaceId);
    void report(const std::string &level, const std::string &message);
    /// libpq's notice processor for the connection: a message from the server, to `onStatus`.
    static void forwardNotice(void *listener, const char *message);

    std::string m_conninfo;
    OnPush m_onPush;
    OnStatus m_onStatus;
    std::atomic<bool> m_stop = false;
    int m_wakePipe[2] = {-1, -1}; ///< the destructor writes here to end the thread's poll()
    void *m_conn = nullptr;       ///< PGconn, owned by the thread once it runs
    std::thread m_thread;
};

} // namespace hearth::server
