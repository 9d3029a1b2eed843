#include "long_poll_hub.h"

#include <boost/asio/post.hpp>

namespace hearth::server {

std::optional<LongPollHub::WaiterId> LongPollHub::add(const std::string &space,
                                                      const std::shared_ptr<Timer> &timer,
                                                      std::optional<Sequence> seen)
{
    const std::lock_guard lock(m_mutex);
    if (m_closed)
        return std::nullopt;
    const WaiterId id = m_nextId++;
    m_spaces[space].emplace(id, timer);
    ++m_size;
    // The wake is posted to the timer's strand, so it lands after the caller's async_wait.
    if (seen && notifiedSinceLocked(space, *seen))
        wake(timer);
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
    m_recent.emplace_back(++m_sequence, space);
    if (m_recent.size() > kRecentNotifications)
        m_recent.pop_front();
    if (space.empty()) {
        wakeAllLocked();
        return;
    }
    const auto it = m_spaces.find(space);
    if (it == m_spaces.end())
        return;
    for (const auto &entry : it->second)
        wake(entry.second);
}

LongPollHub::Sequence LongPollHub::sequence()
{
    const std::lock_guard lock(m_mutex);
    return m_sequence;
}

void LongPollHub::close()
{
    const std::lock_guard lock(m_mutex);
    m_closed = true;
    wakeAllLocked();
}

std::size_t LongPollHub::size()
{
    const std::lock_guard lock(m_mutex);
    return m_size;
}

void LongPollHub::wakeAllLocked()
{
    for (const auto &space : m_spaces)
        for (const auto &entry : space.second)
            wake(entry.second);
}

bool LongPollHub::notifiedSinceLocked(const std::string &space, Sequence seen) const
{
    if (seen >= m_sequence)
        return false;
    // Forgotten notifications since `seen`: one of them may have been this space's.
    if (m_recent.empty() || m_recent.front().first > seen + 1)
        return true;
    for (auto it = m_recent.rbegin(); it != m_recent.rend() && it->first > seen; ++it) {
        if (it->second.empty() || it->second == space)
            return true;
    }
    return false;
}

void LongPollHub::wake(const std::weak_ptr<Timer> &waiter)
{
    if (auto timer = waiter.lock())
        boost::asio::post(timer->get_executor(), [timer] { timer->cancel(); });
}

} // namespace hearth::server
