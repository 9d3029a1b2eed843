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
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

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
/// calls handle() again with `retryTarget`, which asks the same without waiting (or, woken
/// before the deadline, with `wait=` the seconds left, so that a wake that brought nothing for
/// this device waits on).
struct Handled {
    sync::HttpResponse response;
    std::string waitSpace;
    int waitSeconds = 0;
    std::string retryTarget;
    std::string notifySpace; ///< set when a push stored envelopes: wake this space's long polls

    [[nodiscard]] bool waiting() const noexcept { return waitSeconds > 0; }
};

/// What the HTTP layer may do with a request whose header has arrived, before it reads the body:
/// answer `refusal` at once (the body is never read), or read a body of at most `bodyLimit` bytes
/// and pass the request to handle() with `admitted` set.
struct Admission {
    std::optional<sync::HttpResponse> refusal;
    std::size_t bodyLimit = 0;
};

/// All of hearth-server's request logic, without the network: routing, authentication, rate
/// limits, validation, storage, metrics and the request log. Deterministic given the `nowMs`
/// passed in (only token generation draws randomness), so that a simulation and the fuzz targets
/// can drive it directly. Not thread-safe: one request at a time.
///
/// It caches token lookups only when it is the only writer of device removals to its storage:
/// on a storage shared with other processes (ServerStorage::sharedWithOtherProcesses(), i.e.
/// PostgreSQL) every request looks its token up, so that a device removed through another process
/// is refused at once. Its rate limits live where the storage says (ServerStorage::rateLimits():
/// in the database when shared, so that spreading requests over processes gains nothing).
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
    /// A pull page stops before the envelope that would take its ciphertext over this.
    static constexpr std::size_t kMaxPageBytes = 4 * 1024 * 1024;
    /// The body of a route without a token (create a space, join) and of any GET or DELETE.
    static constexpr std::size_t kMaxSmallBody = 16 * 1024;

    /// `stopwatchMicros`, when given, times each request for the log and the duration histogram
    /// (the HTTP server passes a steady clock); without it durations are 0.
    SyncService(ServerStorage &storage, ServiceConfig config,
                RequestLog::Sink logSink = RequestLog::stderrSink(),
                std::function<std::int64_t()> stopwatchMicros = {});

    /// The checks that need no body, in the order handle() runs them: route, token present, rate
    /// limit, content type, the declared `contentLength`, token known and of this space. A request
    /// refused here is logged and counted; one admitted has used its rate-limit token, so the
    /// HTTP layer then calls handle() with `admitted` (also when it asks again after a long poll).
    [[nodiscard]] Admission admit(const sync::HttpRequest &head, std::size_t contentLength,
                                  std::int64_t nowMs);

    /// Never throws: anything a client sends gets a JSON answer, a 503 when storage fails.
    /// `admitted`: admit() passed this request, so its rate-limit token is not taken again.
    [[nodiscard]] Handled handle(const sync::HttpRequest &request, std::int64_t nowMs,
                                 bool admitted = false);

    [[nodiscard]] Metrics &metrics() noexcept { return m_metrics; }
    [[nodiscard]] const RequestLog &log() const noexcept { return m_log; }

private:
    struct Exchange;

    Handled run(Exchange &x, bool headOnly);
    void dispatch(Exchange &x, bool headOnly);
    void checkRateLimit(Exchange &x, bool authenticated);
    void checkBody(const Exchange &x) const;
    void authenticate(Exchange &x);
    /// The device a token hash names, from the cache or storage.
    [[nodiscard]] std::optional<DeviceRecord> deviceByTokenHash(const std::string &tokenHash);
    void forgetCachedTokens() noexcept { m_tokenCache.clear(); }
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
    std::unique_ptr<RateLimits> m_limiter;
    bool m_cacheTokens; ///< false when other processes may remove devices (shared storage)
    Metrics m_metrics;
    // Token hash -> device, so that authenticating costs no query. Only known tokens are kept
    // (removed devices too, to answer device_removed); cleared whenever a device is removed, and
    // when it grows past kTokenCacheSize. Always empty when !m_cacheTokens.
    std::unordered_map<std::string, DeviceRecord> m_tokenCache;
    static constexpr std::size_t kTokenCacheSize = 50'000;
};

} // namespace hearth::server
