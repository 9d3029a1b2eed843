#pragma once

#include "http.h"

#include <atomic>
#include <memory>
#include <string>

namespace hearth::sync {

/// The sync API over HTTP with libcurl. One connection, kept alive between requests; use one
/// transport per thread. cancel() may be called from any thread: the request under way (a long
/// poll, say) ends at once with a TransportError. Answers are capped at 64 MiB, and only http
/// and https are spoken.
class CurlTransport final : public Transport {
public:
    /// `baseUrl` like "http://127.0.0.1:8787" (no trailing slash needed).
    explicit CurlTransport(std::string baseUrl);
    ~CurlTransport() override;
    CurlTransport(const CurlTransport &) = delete;
    CurlTransport &operator=(const CurlTransport &) = delete;

    HttpResponse send(const HttpRequest &request) override;
    /// Ends the request under way at once, and every later one until reset().
    void cancel() noexcept;
    void reset() noexcept { m_cancelled = false; }

private:
    std::string m_base;
    void *m_curl = nullptr;  ///< the easy handle: one connection, kept alive
    void *m_multi = nullptr; ///< only to wait on it, so that cancel() can wake the wait
    std::atomic<bool> m_cancelled{false};
};

} // namespace hearth::sync
