#include "routes.h"

#include <algorithm>
#include <array>

namespace hearth::server {

namespace {

struct RouteSpec {
    Route route;
    std::string_view pattern;
    std::array<std::string_view, 3> methods;
};

constexpr std::array<RouteSpec, 10> kRoutes = {{
    {Route::Healthz, "/healthz", {"GET"}},
    {Route::Metrics, "/metrics", {"GET"}},
    {Route::CreateSpace, "/v1/spaces", {"POST"}},
    {Route::Join, "/v1/join", {"POST"}},
    {Route::Invites, "/v1/spaces/:space/invites", {"POST"}},
    {Route::Envelopes, "/v1/spaces/:space/envelopes", {"GET", "POST"}},
    {Route::Devices, "/v1/spaces/:space/devices", {"GET"}},
    {Route::Device, "/v1/spaces/:space/devices/:device", {"DELETE"}},
    {Route::Member, "/v1/spaces/:space/members/:member", {"DELETE"}},
    {Route::Keys, "/v1/spaces/:space/keys", {"GET", "POST"}},
}};

std::vector<std::string_view> segments(std::string_view path)
{
    std::vector<std::string_view> out;
    std::size_t start = 1; // after the leading '/'
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::optional<RouteMatch> matchSpec(const RouteSpec &spec, std::string_view path)
{
    const auto want = segments(spec.pattern);
    const auto have = segments(path);
    if (want.size() != have.size())
        return std::nullopt;
    RouteMatch match{spec.route, spec.pattern, {}};
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i].starts_with(':')) {
            if (have[i].empty())
                return std::nullopt;
            match.params.emplace_back(have[i]);
        } else if (want[i] != have[i]) {
            return std::nullopt;
        }
    }
    return match;
}

} // namespace

std::optional<RouteMatch> matchRoute(std::string_view path)
{
    if (!path.starts_with('/'))
        return std::nullopt;
    for (const RouteSpec &spec : kRoutes) {
        if (auto match = matchSpec(spec, path))
            return match;
    }
    return std::nullopt;
}

bool allowsMethod(Route route, std::string_view method)
{
    for (const RouteSpec &spec : kRoutes) {
        if (spec.route == route)
            return !method.empty()
                   && std::find(spec.methods.begin(), spec.methods.end(), method)
                   != spec.methods.end();
    }
    return false;
}

Target parseTarget(std::string_view target)
{
    Target out;
    const std::size_t mark = target.find('?');
    out.path = std::string(target.substr(0, mark));
    if (mark == std::string_view::npos)
        return out;
    std::string_view query = target.substr(mark + 1);
    while (!query.empty()) {
        const std::size_t amp = std::min(query.find('&'), query.size());
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        if (!pair.empty())
            out.query.emplace_back(std::string(pair.substr(0, eq)),
                                   eq == std::string_view::npos ? std::string()
                                                                : std::string(pair.substr(eq + 1)));
        query.remove_prefix(std::min(amp + 1, query.size()));
    }
    return out;
}

} // namespace hearth::server
