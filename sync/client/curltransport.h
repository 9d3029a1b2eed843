#pragma once

#include "http.h"

#include <atomic>
#include <memory>
#include <string>

namespace hearth::sync {

/// The sync API over HTTP with libcurl. One connection, kept alive between requests; use one
/// transport per thread. cancel() may be called from any thread: the request under way (a long
/// poll, say) ends at once with a TransportError.
class CurlTransport final : public Transport {
public:
    /// `baseUrl` like "http://127.0.0.1:8787" (no trailing slash needed).
    explicit CurlTransport(std::string baseUrl);
    ~CurlTransport() override;
    CurlTransport(const CurlTransport &) = delete;
    CurlTransport &operator=(const CurlTransport &) = delete;

    HttpResponse send(const HttpRequest &request) override;
    void cancel() noexcept { m_cancelled = true; }
    void reset() noexcept { m_cancelled = false; }

private:
    static int progress(void *self, long long, long long, long long, long long);

    std::string m_base;
    void *m_curl = nullptr;
    std::atomic<bool> m_cancelled{false};
};

} // namespace hearth::sync
