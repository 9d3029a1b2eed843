#pragma once

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace hearth::server {

/// The long polls waiting on each space. A waiter is a steady_timer set to its timeout; a push to
/// the space cancels the timers, which wakes the waiting coroutines without holding a thread.
/// Cancellation is posted to each timer's own executor (a connection's strand), so it is safe
/// from any thread. Adding and removing a waiter cost O(1), so that ten thousand polls on one
/// space wake in time linear in their number.
class LongPollHub {
public:
    using Timer = boost::asio::steady_timer;
    using WaiterId = std::uint64_t;

    /// Registers a waiter and returns its id for remove(); nullopt once the hub is closed (the
    /// server is stopping), in which case the caller answers at once instead of waiting.
    [[nodiscard]] std::optional<WaiterId> add(const std::string &space,
                                              const std::shared_ptr<Timer> &timer);
    void remove(const std::string &space, WaiterId id);
    /// Wakes every waiter on the space.
    void notify(const std::string &space);
    /// Wakes every waiter and refuses new ones: the server is stopping.
    void close();
    /// Waiters registered and not yet removed.
    [[nodiscard]] std::size_t size();

private:
    static void wake(const std::weak_ptr<Timer> &waiter);

    std::mutex m_mutex;
    std::unordered_map<std::string, std::unordered_map<WaiterId, std::weak_ptr<Timer>>> m_spaces;
    std::size_t m_size = 0;
    WaiterId m_nextId = 1;
    bool m_closed = false;
};

} // namespace hearth::server
