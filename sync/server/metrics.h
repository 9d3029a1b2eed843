#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

namespace hearth::server {

/// The server's counters, rendered in the Prometheus text format for GET /metrics. Requests are
/// counted by the service (one thread at a time); the long-poll gauge is moved by the HTTP
/// layer's connections and is atomic.
class Metrics {
public:
    static constexpr std::array<double, 9> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,  0.1,    0.5,   1.0};

    void countRequest(std::string_view route, int status, double seconds);
    void countStoredEnvelopes(std::int64_t count) { m_envelopesStored += count; }
    void longPollOpened() { ++m_longPollsOpen; }
    void longPollClosed() { --m_longPollsOpen; }

    [[nodiscard]] std::int64_t requests(std::string_view route, int status) const;
    [[nodiscard]] std::int64_t envelopesStored() const { return m_envelopesStored; }
    [[nodiscard]] std::int64_t longPollsOpen() const { return m_longPollsOpen; }

    [[nodiscard]] std::string render(std::int64_t spaces) const;

private:
    struct Histogram {
        std::array<std::int64_t, kBuckets.size()> buckets{};
        std::int64_t count = 0;
        double sum = 0;
    };
    std::map<std::pair<std::string, int>, std::int64_t, std::less<>> m_requests;
    std::map<std::string, Histogram, std::less<>> m_durations;
    std::int64_t m_envelopesStored = 0;
    std::atomic<std::int64_t> m_longPollsOpen = 0;
};

} // namespace hearth::server
