#pragma once

#include "http.h"
#include "metrics.h"
#include "rate_limiter.h"
#include "request_log.h"
#include "routes.h"
#include "storage.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace hearth::server {

struct ServiceConfig {
    std::size_t maxBodyBytes = 16 * 1024 * 1024;
    std::size_t maxEnvelopesPerPush = 500;
    double ratePerSecond = 20; ///< per token, and per peer address on the unauthenticated routes
    double rateBurst = 60;     ///< requests a bucket holds when it has been idle
};

/// What the service made of a request: the answer, or for a long poll that found nothing new, a
/// space to wait on. The HTTP layer then waits for a push to `waitSpace` (or `waitSeconds`) and
/// calls handle() again with `retryTarget`, which asks the same without waiting.
struct Handled {
    sync::HttpResponse response;
    std::string waitSpace;
    int waitSeconds = 0;
    std::string retryTarget;
    std::string notifySpace; ///< set when a push stored envelopes: wake this space's long polls

    [[nodiscard]] bool waiting() const noexcept { return waitSeconds > 0; }
};

/// All of hearth-server's request logic, without the network: routing, authentication, rate
/// limits, validation, storage, metrics and the request log. Deterministic given the `nowMs`
/// passed in (only token generation draws randomness), so that a simulation and the fuzz targets
/// can drive it directly. Not thread-safe: one request at a time.
class SyncService {
public:
    static constexpr std::size_t kMaxCiphertext = 1024 * 1024 + 16;
    static constexpr std::size_t kMaxBundle = 8 * 1024;
    static constexpr std::size_t kMaxKeyBox = 4 * 1024;
    static constexpr std::size_t kMaxNameBytes = 100;
    static constexpr int kDefaultPageSize = 200;
    static constexpr int kMaxPageSize = 1000;
    static constexpr int kMaxWaitSeconds = 30;
    static constexpr int kMaxInviteSeconds = 86400;

    /// `stopwatchMicros`, when given, times each request for the log and the duration histogram
    /// (the HTTP server passes a steady clock); without it durations are 0.
    SyncService(ServerStorage &storage, ServiceConfig config,
                RequestLog::Sink logSink = RequestLog::stderrSink(),
                std::function<std::int64_t()> stopwatchMicros = {});

    /// Never throws: anything a client sends gets a JSON answer, a 503 when storage fails.
    [[nodiscard]] Handled handle(const sync::HttpRequest &request, std::int64_t nowMs);

    [[nodiscard]] Metrics &metrics() noexcept { return m_metrics; }
    [[nodiscard]] const RequestLog &log() const noexcept { return m_log; }

private:
    struct Exchange;

    void dispatch(Exchange &x);
    void checkRateLimit(Exchange &x, bool authenticated);
    void checkBody(Exchange &x) const;
    void authenticate(Exchange &x);
    [[nodiscard]] nlohmann::json parseBody(const Exchange &x) const;

    void createSpace(Exchange &x);
    void createInvite(Exchange &x);
    void join(Exchange &x);
    void pushEnvelopes(Exchange &x);
    void pullEnvelopes(Exchange &x);
    void listDevices(Exchange &x);
    void removeDevice(Exchange &x);
    void removeMember(Exchange &x);
    void storeKeyBoxes(Exchange &x);
    void pullKeyBoxes(Exchange &x);
    void metricsPage(Exchange &x);

    void finish(Exchange &x, std::int64_t startedMicros);

    ServerStorage &m_storage;
    ServiceConfig m_config;
    RequestLog m_log;
    std::function<std::int64_t()> m_stopwatch;
    RateLimiter m_limiter;
    Metrics m_metrics;
};

} // namespace hearth::server
