#pragma once

#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace hearth::server {

/// The long polls waiting on each space. A waiter is a steady_timer set to its timeout; a push to
/// the space cancels the timers, which wakes the waiting coroutines without holding a thread.
/// Cancellation is posted to each timer's own executor (a connection's strand), so it is safe
/// from any thread.
class LongPollHub {
public:
    using Timer = boost::asio::steady_timer;

    /// Registers a waiter; false once the hub is closed (the server is stopping), in which case
    /// the caller answers at once instead of waiting.
    [[nodiscard]] bool add(const std::string &space, const std::shared_ptr<Timer> &timer);
    void remove(const std::string &space, const std::shared_ptr<Timer> &timer);
    /// Wakes every waiter on the space.
    void notify(const std::string &space);
    /// Wakes every waiter and refuses new ones: the server is stopping.
    void close();

private:
    static void wake(const std::weak_ptr<Timer> &waiter);

    std::mutex m_mutex;
    std::unordered_multimap<std::string, std::weak_ptr<Timer>> m_waiters;
    bool m_closed = false;
};

} // namespace hearth::server
