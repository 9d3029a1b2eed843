#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace hearth::server {

/// What one answered request leaves in the log. Only metadata: never a body, token, nonce,
/// bundle or ciphertext.
struct RequestLogEntry {
    std::int64_t tsMs = 0;
    std::string_view route; ///< the template, "/v1/spaces/:space/envelopes", or "unknown"
    std::string_view method;
    int status = 0;
    double ms = 0;
    std::string space;
    std::string device;
    std::size_t bytesIn = 0;
    std::size_t bytesOut = 0;
    std::string error; ///< the error code, for statuses from 400
};

/// Writes one JSON object per line. The sink is injectable so that tests can read the lines.
class RequestLog {
public:
    using Sink = std::function<void(std::string_view line)>;

    /// Writes each line to stderr.
    [[nodiscard]] static Sink stderrSink();

    explicit RequestLog(Sink sink) : m_sink(std::move(sink)) {}

    void request(const RequestLogEntry &entry) const;
    /// A line about the server itself (started, stopping), not about a request.
    void event(std::int64_t tsMs, std::string_view level, std::string_view message) const;

private:
    Sink m_sink;
};

/// "2024-05-01T09:30:00.123Z" for milliseconds since the Unix epoch.
[[nodiscard]] std::string isoTimestamp(std::int64_t ms);

} // namespace hearth::server
