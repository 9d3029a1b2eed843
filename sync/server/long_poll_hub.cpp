#include "long_poll_hub.h"

#include <boost/asio/post.hpp>

namespace hearth::server {

bool LongPollHub::add(const std::string &space, const std::shared_ptr<Timer> &timer)
{
    const std::lock_guard lock(m_mutex);
    if (m_closed)
        return false;
    m_waiters.emplace(space, timer);
    return true;
}

void LongPollHub::remove(const std::string &space, const std::shared_ptr<Timer> &timer)
{
    const std::lock_guard lock(m_mutex);
    auto [first, last] = m_waiters.equal_range(space);
    for (auto it = first; it != last; ++it) {
        if (it->second.lock() == timer) {
            m_waiters.erase(it);
            return;
        }
    }
}

void LongPollHub::notify(const std::string &space)
{
    const std::lock_guard lock(m_mutex);
    auto [first, last] = m_waiters.equal_range(space);
    for (auto it = first; it != last; ++it)
        wake(it->second);
}

void LongPollHub::close()
{
    const std::lock_guard lock(m_mutex);
    m_closed = true;
    for (const auto &[space, waiter] : m_waiters)
        wake(waiter);
}

void LongPollHub::wake(const std::weak_ptr<Timer> &waiter)
{
    if (auto timer = waiter.lock())
        boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
}

} // namespace hearth::server
