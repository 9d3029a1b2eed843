#pragma once

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace hearth::server {

/// The long polls waiting on each space. A waiter is a steady_timer set to its timeout; a push to
/// the space cancels the timers, which wakes the waiting coroutines without holding a thread.
/// Cancellation is posted to each timer's own executor (a connection's strand), so it is safe
/// from any thread. Adding and removing a waiter cost O(1), so that ten thousand polls on one
/// space wake in time linear in their number.
///
/// With several server processes, notifications also come from another thread (PgPushListener),
/// outside the lock under which a request looked at storage; one arriving between "nothing new"
/// and the waiter's registration would be lost. So every notification gets a sequence number and
/// the recent ones are kept: a request reads sequence() before it looks at storage and passes it
/// to add(), which wakes the waiter at once when its space was notified since.
class LongPollHub {
public:
    using Timer = boost::asio::steady_timer;
    using WaiterId = std::uint64_t;
    using Sequence = std::uint64_t;

    /// Registers a waiter and returns its id for remove(); nullopt once the hub is closed (the
    /// server is stopping), in which case the caller answers at once instead of waiting. With
    /// `seen` (sequence() read before the caller looked at storage), a notification of the space
    /// (or of every space) since then wakes the waiter at once.
    [[nodiscard]] std::optional<WaiterId> add(const std::string &space,
                                              const std::shared_ptr<Timer> &timer,
                                              std::optional<Sequence> seen = std::nullopt);
    void remove(const std::string &space, WaiterId id);
    /// Wakes every waiter on the space; an empty space wakes every waiter (notifyAll()).
    void notify(const std::string &space);
    /// Wakes every waiter: notifications may have been missed (the push listener reconnected),
    /// so every long poll looks again.
    void notifyAll() { notify({}); }
    /// Notifications so far; see add().
    [[nodiscard]] Sequence sequence();
    /// Wakes every waiter and refuses new ones: the server is stopping.
    void close();
    /// Waiters registered and not yet removed.
    [[nodiscard]] std::size_t size();

    /// Notifications remembered for add(); a `seen` older than these wakes the waiter at once
    /// (it may have missed one).
    static constexpr std::size_t kRecentNotifications = 1024;

private:
    static void wake(const std::weak_ptr<Timer> &waiter);
    void wakeAllLocked();
    [[nodiscard]] bool notifiedSinceLocked(const std::string &space, Sequence seen) const;

    std::mutex m_mutex;
    std::unordered_map<std::string, std::unordered_map<WaiterId, std::weak_ptr<Timer>>> m_spaces;
    std::size_t m_size = 0;
    WaiterId m_nextId = 1;
    bool m_closed = false;
    Sequence m_sequence = 0;
    /// The latest notifications, oldest first: (sequence, space), "" for every space.
    std::deque<std::pair<Sequence, std::string>> m_recent;
};

} // namespace hearth::server
