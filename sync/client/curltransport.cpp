#include "curltransport.h"

#include <curl/curl.h>

#include <charconv>
#include <cstring>

namespace hearth::sync {

namespace {

/// libcurl's global set-up, once per process before the first handle.
void ensureCurl()
{
    static const CURLcode ready = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (ready != CURLE_OK)
        throw TransportError("the HTTP library could not start");
}

/// A long poll waits up to 30 s on the server; give it room, and everything else less.
constexpr long kTimeoutMs = 45'000;
constexpr long kConnectTimeoutMs = 5'000;
/// The most an answer may hold: a page of envelopes is capped well below this by the server.
constexpr std::size_t kMaxResponseBytes = 64 * 1024 * 1024;

struct Received {
    std::string body;
    int retryAfter = 0;
    bool tooLarge = false;
};

std::size_t collectBody(char *data, std::size_t size, std::size_t count, void *out)
{
    auto *r = static_cast<Received *>(out);
    if (r->body.size() + size * count > kMaxResponseBytes) {
        r->tooLarge = true;
        return 0; // aborts the transfer
    }
    r->body.append(data, size * count);
    return size * count;
}

std::size_t collectHeader(char *data, std::size_t size, std::size_t count, void *out)
{
    const std::string_view line(data, size * count);
    constexpr std::string_view name = "retry-after:";
    if (line.size() > name.size() && strncasecmp(line.data(), name.data(), name.size()) == 0) {
        std::string_view value = line.substr(name.size());
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        int seconds = 0;
        std::from_chars(value.data(), value.data() + value.size(), seconds);
        static_cast<Received *>(out)->retryAfter = seconds;
    }
    return size * count;
}

} // namespace

CurlTransport::CurlTransport(std::string baseUrl) : m_base(std::move(baseUrl))
{
    while (!m_base.empty() && m_base.back() == '/')
        m_base.pop_back();
    ensureCurl();
    m_curl = curl_easy_init();
    m_multi = curl_multi_init();
    if (!m_curl || !m_multi)
        throw TransportError("the HTTP library could not start");
}

CurlTransport::~CurlTransport()
{
    curl_multi_cleanup(static_cast<CURLM *>(m_multi));
    curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

void CurlTransport::cancel() noexcept
{
    m_cancelled = true;
    curl_multi_wakeup(static_cast<CURLM *>(m_multi));
}

HttpResponse CurlTransport::send(const HttpRequest &request)
{
    auto *curl = static_cast<CURL *>(m_curl);
    auto *multi = static_cast<CURLM *>(m_multi);
    curl_easy_reset(curl);
    const std::string url = m_base + request.target;
    Received received;
    curl_slist *headers = nullptr;
    if (!request.token.empty())
        headers = curl_slist_append(headers, ("Authorization: Bearer " + request.token).c_str());
    if (!request.contentType.empty())
        headers = curl_slist_append(headers, ("Content-Type: " + request.contentType).c_str());
    headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collectBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &collectHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);

    // The multi interface only to wait: curl_multi_poll sleeps until there is something to do,
    // and cancel() wakes it at once (a long poll ends the moment the app wants to push).
    curl_multi_add_handle(multi, curl);
    CURLcode result = CURLE_OK;
    bool cancelled = false;
    for (int running = 1; running > 0;) {
        if (m_cancelled) {
            cancelled = true;
            break;
        }
        if (curl_multi_perform(multi, &running) != CURLM_OK)
            break;
        if (running > 0)
            curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    int queued = 0;
    while (CURLMsg *msg = curl_multi_info_read(multi, &queued))
        if (msg->msg == CURLMSG_DONE && msg->easy_handle == curl)
            result = msg->data.result;
    curl_multi_remove_handle(multi, curl);
    curl_slist_free_all(headers);

    if (cancelled)
        throw TransportError("the request was cancelled");
    if (received.tooLarge)
        throw TransportError("the server's answer is larger than Hearth accepts");
    if (result != CURLE_OK)
        throw TransportError(std::string("cannot reach the server at ") + m_base + ": "
                             + curl_easy_strerror(result));
    HttpResponse response;
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    char *type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    response.contentType = type ? type : "";
    response.body = std::move(received.body);
    response.retryAfter = received.retryAfter;
    return response;
}

} // namespace hearth::sync
