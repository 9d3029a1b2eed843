#include "curltransport.h"

#include <curl/curl.h>

namespace hearth::sync {

namespace {

/// libcurl's global set-up, once per process before the first handle.
void ensureCurl()
{
    static const CURLcode ready = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (ready != CURLE_OK)
        throw TransportError("the HTTP library could not start");
}

std::size_t collect(char *data, std::size_t size, std::size_t count, void *out)
{
    static_cast<std::string *>(out)->append(data, size * count);
    return size * count;
}

/// A long poll waits up to 30 s on the server; give it room, and everything else less.
constexpr long kTimeoutMs = 45'000;
constexpr long kConnectTimeoutMs = 5'000;

} // namespace

CurlTransport::CurlTransport(std::string baseUrl) : m_base(std::move(baseUrl))
{
    while (!m_base.empty() && m_base.back() == '/')
        m_base.pop_back();
    ensureCurl();
    m_curl = curl_easy_init();
    if (!m_curl)
        throw TransportError("the HTTP library could not start");
}

CurlTransport::~CurlTransport()
{
    curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

int CurlTransport::progress(void *self, long long, long long, long long, long long)
{
    return static_cast<CurlTransport *>(self)->m_cancelled ? 1 : 0;
}

HttpResponse CurlTransport::send(const HttpRequest &request)
{
    auto *curl = static_cast<CURL *>(m_curl);
    curl_easy_reset(curl);
    const std::string url = m_base + request.target;
    std::string body;
    curl_slist *headers = nullptr;
    if (!request.token.empty())
        headers = curl_slist_append(headers, ("Authorization: Bearer " + request.token).c_str());
    if (!request.contentType.empty())
        headers = curl_slist_append(headers, ("Content-Type: " + request.contentType).c_str());
    headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &CurlTransport::progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, this);
    const CURLcode result = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (result != CURLE_OK) {
        if (result == CURLE_ABORTED_BY_CALLBACK)
            throw TransportError("the request was cancelled");
        throw TransportError(std::string("cannot reach the server at ") + m_base + ": "
                             + curl_easy_strerror(result));
    }
    HttpResponse response;
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    char *type = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
    response.contentType = type ? type : "";
    response.body = std::move(body);
    return response;
}

} // namespace hearth::sync
