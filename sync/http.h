#pragma once

#include <stdexcept>
#include <string>

namespace hearth::sync {

/// One HTTP exchange of the sync API, without the network: what the client's transports send and
/// what the server's service answers. The server's HTTP layer and the client's libcurl transport
/// translate to and from the wire; the simulation passes these straight from client to service.
struct HttpRequest {
    std::string method; ///< "GET", "POST", "DELETE"
    std::string target; ///< path and query, e.g. "/v1/spaces/ab12/envelopes?after=3"
    std::string token;  ///< the bearer token, empty when none was sent
    std::string contentType;
    std::string body;
    std::string peer; ///< the client's address, for rate limits of unauthenticated routes
};

struct HttpResponse {
    int status = 200;
    std::string body;
    std::string contentType = "application/json";
    int retryAfter = 0; ///< seconds, sent as Retry-After when above 0 (with a 429)
};

/// The server could not be reached (connection refused, timeout, a broken answer).
class TransportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// How a client reaches a server. Throws TransportError when the server cannot be reached;
/// any HTTP answer, error statuses included, is returned.
class Transport {
public:
    virtual ~Transport() = default;
    virtual HttpResponse send(const HttpRequest &request) = 0;
};

} // namespace hearth::sync
