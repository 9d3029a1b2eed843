#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::server {

enum class Route {
    Healthz,
    Metrics,
    CreateSpace,
    Join,
    Invites,
    Envelopes,
    Devices,
    Device,
    Member,
    Keys,
};

/// A path matched to one of the API's routes, with its `:parameters` in order.
struct RouteMatch {
    Route route;
    std::string_view pattern; ///< the route template, as logged: "/v1/spaces/:space/envelopes"
    std::vector<std::string> params;
};

/// The route a path names, or nullopt when it names none (404). Parameters are taken as they
/// stand; the service checks their form.
[[nodiscard]] std::optional<RouteMatch> matchRoute(std::string_view path);

/// Whether the route answers this method (otherwise 405).
[[nodiscard]] bool allowsMethod(Route route, std::string_view method);

/// Splits "/path?query" into the path and the query's `key=value` pairs (no percent-decoding:
/// every query value in the API is a number).
struct Target {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;
};
[[nodiscard]] Target parseTarget(std::string_view target);

} // namespace hearth::server
