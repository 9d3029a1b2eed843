#include "long_poll_hub.h"

#include <boost/asio/post.hpp>

namespace hearth::server {

std::optional<LongPollHub::WaiterId> LongPollHub::add(const std::string &space,
                                                      const std::shared_ptr<Timer> &timer)
{
    const std::lock_guard lock(m_mutex);
    if (m_closed)
        return std::nullopt;
    const WaiterId id = m_nextId++;
    m_spaces[space].emplace(id, timer);
    ++m_size;
    return id;
}

void LongPollHub::remove(const std::string &space, WaiterId id)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_spaces.find(space);
    if (it == m_spaces.end())
        return;
    m_size -= it->second.erase(id);
    if (it->second.empty())
        m_spaces.erase(it);
}

void LongPollHub::notify(const std::string &space)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_spaces.find(space);
    if (it == m_spaces.end())
        return;
    for (const auto &[id, waiter] : it->second)
        wake(waiter);
}

void LongPollHub::close()
{
    const std::lock_guard lock(m_mutex);
    m_closed = true;
    for (const auto &[space, waiters] : m_spaces)
        for (const auto &[id, waiter] : waiters)
            wake(waiter);
}

std::size_t LongPollHub::size()
{
    const std::lock_guard lock(m_mutex);
    return m_size;
}

void LongPollHub::wake(const std::weak_ptr<Timer> &waiter)
{
    if (auto timer = waiter.lock())
        boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
}

} // namespace hearth::server
