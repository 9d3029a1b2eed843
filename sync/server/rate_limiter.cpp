#include "rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace hearth::server {

RateLimiter::RateLimiter(double ratePerSecond, double burst)
    : m_rate(std::max(ratePerSecond, 0.001)), m_burst(std::max(burst, 1.0))
{
}

void RateLimiter::refill(Bucket &bucket, std::int64_t nowMs) const
{
    // A clock that steps back (a simulation, an NTP correction) refills nothing.
    const std::int64_t elapsed = std::max<std::int64_t>(nowMs - bucket.updatedMs, 0);
    bucket.tokens = std::min(m_burst, bucket.tokens + static_cast<double>(elapsed) / 1000.0 * m_rate);
    bucket.updatedMs = std::max(bucket.updatedMs, nowMs);
}

void RateLimiter::forgetFullBuckets(std::int64_t nowMs)
{
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        refill(it->second, nowMs);
        it = it->second.tokens >= m_burst ? m_buckets.erase(it) : std::next(it);
    }
}

int RateLimiter::take(const std::string &key, std::int64_t nowMs)
{
    if (m_buckets.size() > kPruneAbove)
        forgetFullBuckets(nowMs);
    auto [it, fresh] = m_buckets.try_emplace(key, Bucket{m_burst, nowMs});
    Bucket &bucket = it->second;
    if (!fresh)
        refill(bucket, nowMs);
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return static_cast<int>(std::ceil((1.0 - bucket.tokens) / m_rate));
}

} // namespace hearth::server
