#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace hearth::server {

/// Token buckets by key; where they are kept is up to the implementation (RateLimiter: in this
/// process; PgStorage's: in the database, shared by every server process).
class RateLimits {
public:
    virtual ~RateLimits() = default;
    /// Takes one request from the key's bucket: 0 when allowed, otherwise the whole seconds to
    /// wait before the next request would be (for Retry-After).
    [[nodiscard]] virtual int take(const std::string &key, std::int64_t nowMs) = 0;
};

/// Token buckets by key (a token's hash, or a peer address for the unauthenticated routes):
/// each holds up to `burst` requests and refills at `ratePerSecond`. Time comes from the caller,
/// so that a simulation is deterministic.
class RateLimiter final : public RateLimits {
public:
    RateLimiter(double ratePerSecond, double burst);

    /// Takes one request from the key's bucket: 0 when allowed, otherwise the whole seconds to
    /// wait before the next request would be (for Retry-After).
    [[nodiscard]] int take(const std::string &key, std::int64_t nowMs) override;

private:
    struct Bucket {
        double tokens = 0;
        std::int64_t updatedMs = 0;
    };
    void refill(Bucket &bucket, std::int64_t nowMs) const;
    /// Forgets buckets that have refilled to the brim, so that a flood of made-up tokens or
    /// addresses cannot grow the map without bound.
    void forgetFullBuckets(std::int64_t nowMs);

    static constexpr std::size_t kPruneAbove = 10000;

    double m_rate;
    double m_burst;
    std::unordered_map<std::string, Bucket> m_buckets;
};

} // namespace hearth::server
