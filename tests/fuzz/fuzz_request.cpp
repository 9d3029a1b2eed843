// hearth-server's request logic (SyncService over SqliteStorage), minus the network. The first
// byte picks a route and method (low four bits; 12 and up: method and target from the input),
// a token (bits 4-5: a partner's, the therapist's, a made-up one, none) and a variant (bits 6-7:
// as is, the path names another space, a text/plain body, a JSON content type with parameters);
// the rest is the body of a POST, the query of a GET, the last path segment of a DELETE.
//
// Whatever the input, the answer is JSON with an "error" object from 400 on, the status one the
// protocol documents and never a 5xx: storage is a healthy local database, so even a 503 means an
// exception escaped the request logic. Neither a made-up token nor another space's path gets a
// 2xx, a therapist never pulls anything but care envelopes, and a log line is valid JSON without
// a token in it.
#include "codec.h"
#include "envelope.h"
#include "fuzzsupport.h"
#include "routes.h"
#include "service.h"
#include "sqlite_storage.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <system_error>

using namespace hearth;
using nlohmann::json;

namespace {

constexpr std::string_view kSpace = "5ace5ace5ace5ace";
constexpr std::string_view kOtherSpace = "0dd50dd50dd50dd5";
constexpr std::string_view kPublicKey = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
constexpr std::int64_t kStartMs = 1'760'000'000'000;
/// Runs between fresh databases: enough for state to matter, few enough to keep SQLite small.
constexpr int kRunsPerWorld = 500;

enum class Who { Partner, Therapist, MadeUp, None };

struct RouteSpec {
    const char *method;
    const char *path; ///< "{S}" is the space; "{Q}" the input as a query, "{P}" as a segment
    bool post;
    bool authenticated;
};

constexpr RouteSpec kRoutes[] = {
    {"GET", "/healthz", false, false},
    {"GET", "/metrics", false, false},
    {"POST", "/v1/spaces", true, false},
    {"POST", "/v1/join", true, false},
    {"POST", "/v1/spaces/{S}/invites", true, true},
    {"GET", "/v1/spaces/{S}/envelopes?{Q}", false, true},
    {"POST", "/v1/spaces/{S}/envelopes", true, true},
    {"GET", "/v1/spaces/{S}/devices", false, true},
    {"DELETE", "/v1/spaces/{S}/devices/{P}", false, true},
    {"DELETE", "/v1/spaces/{S}/members/{P}", false, true},
    {"GET", "/v1/spaces/{S}/keys?{Q}", false, true},
    {"POST", "/v1/spaces/{S}/keys", true, true},
};
constexpr std::size_t kRouteCount = std::size(kRoutes);

const std::set<int> kDocumentedStatuses = {200, 201, 400, 401, 403, 404, 405, 409, 413, 415, 429};

/// A space with a partner's laptop, a therapist who joined by invite, an invite nobody has
/// redeemed, an envelope of each scope and a key box; and a second space.
class World {
public:
    World()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "hearth-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data()))
            fuzz::finding("cannot make a temporary directory");
        m_dir = pattern;
        build();
    }
    ~World()
    {
        m_service.reset();
        m_storage.reset();
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }

    /// The service for the next input, on a fresh database every kRunsPerWorld runs or after
    /// an input removed a seeded device.
    server::SyncService &next()
    {
        if (++m_runs >= kRunsPerWorld || m_spoiled)
            build();
        now += 7;
        return *m_service;
    }

    void spoil() { m_spoiled = true; }
    [[nodiscard]] const std::string &token(Who who) const
    {
        static const std::string madeUp = "bm90LWEtdG9rZW4tYXQtYWxsLWp1c3QtbWFkZS11cC0";
        static const std::string none;
        switch (who) {
        case Who::Partner: return m_partnerToken;
        case Who::Therapist: return m_therapistToken;
        case Who::MadeUp: return madeUp;
        case Who::None: break;
        }
        return none;
    }

    /// The last log line, for a finding's report.
    std::string lastLog;
    /// The method of the request being handled: client bytes the log repeats.
    std::string_view echoed;
    std::int64_t now = kStartMs;

private:
    void build()
    {
        m_service.reset();
        m_storage.reset();
        std::error_code ignored;
        for (const auto &entry : std::filesystem::directory_iterator(m_dir))
            std::filesystem::remove_all(entry.path(), ignored);
        m_storage = std::make_unique<server::SqliteStorage>(m_dir);
        server::ServiceConfig config;
        // Limits low enough for fuzz inputs to reach them; rate limits have their own tests.
        config.maxBodyBytes = 3000;
        config.maxEnvelopesPerPush = 4;
        config.ratePerSecond = 1e9;
        config.rateBurst = 1e9;
        m_service = std::make_unique<server::SyncService>(
            *m_storage, config, [this](std::string_view line) { checkLogLine(line); });
        m_runs = 0;
        m_spoiled = false;
        now = kStartMs;
        m_partnerToken.clear();
        m_therapistToken.clear();
        seed();
    }

    json send(const char *method, const std::string &target, const std::string &token, const json &body)
    {
        const sync::HttpRequest request{method, target, token, "application/json", body.dump(), "10.0.0.1"};
        const auto response = m_service->handle(request, now).response;
        if (response.status >= 300)
            fuzz::finding("seeding the fuzz world failed", target + " " + response.body);
        return json::parse(response.body);
    }

    void seed()
    {
        const std::string space(kSpace);
        const std::string spacePath = "/v1/spaces/" + space;
        const json device = {{"id", "a1a1a1a1a1a1a1a1"}, {"member", "a0a0a0a0a0a0a0a0"},
                             {"public_key", kPublicKey}, {"name", "Maya's laptop"}};
        m_partnerToken = send("POST", "/v1/spaces", {}, {{"space", space}, {"device", device}})
                             .at("token").get<std::string>();
        send("POST", spacePath + "/invites", m_partnerToken,
             {{"invite", std::string(64, '1')}, {"role", "therapist"}, {"member", "c0c0c0c0c0c0c0c0"},
              {"bundle", "c2VhbGVkLWtleXM"}, {"expires_in", 86400}});
        m_therapistToken = send("POST", "/v1/join", {},
                                {{"invite", std::string(64, '1')},
                                 {"device", {{"id", "c1c1c1c1c1c1c1c1"}, {"public_key", kPublicKey}}}})
                               .at("token").get<std::string>();
        send("POST", spacePath + "/invites", m_partnerToken,
             {{"invite", std::string(64, '2')}, {"role", "partner"}, {"member", "b0b0b0b0b0b0b0b0"},
              {"bundle", "c2VhbGVkLWtleXM"}, {"expires_in", 86400}});
        json envelopes = json::array();
        std::uint64_t seq = 0;
        for (const char *scope : {"private", "couple", "care"}) {
            ++seq;
            const auto key = sync::ContentKey::generate(scope, 1);
            envelopes.push_back(sync::seal({sync::newEnvelopeId(), space, scope, "a1a1a1a1a1a1a1a1", seq, 1},
                                           "[]", key));
        }
        send("POST", spacePath + "/envelopes", m_partnerToken, {{"envelopes", envelopes}});
        send("POST", spacePath + "/keys", m_partnerToken,
             {{"boxes", {{{"device", "c1c1c1c1c1c1c1c1"}, {"box", "Ym94LWZvci1zYW0"}}}}});
        send("POST", "/v1/spaces", {},
             {{"space", std::string(kOtherSpace)},
              {"device", {{"id", "d1d1d1d1d1d1d1d1"}, {"member", "d0d0d0d0d0d0d0d0"}, {"public_key", kPublicKey}}}});
    }

    void checkLogLine(std::string_view line)
    {
        lastLog = line;
        if (!json::accept(line))
            fuzz::finding("a log line is not JSON", line);
        // The method is logged as sent: a client that writes its own token there is not a leak.
        for (const std::string *token : {&m_partnerToken, &m_therapistToken}) {
            if (!token->empty() && line.find(*token) != std::string_view::npos
                && echoed.find(*token) == std::string_view::npos)
                fuzz::finding("a log line holds a token",
                              std::string(line) + "\ntoken: " + *token + "\nmethod sent: " + std::string(echoed));
        }
    }

    std::filesystem::path m_dir;
    std::unique_ptr<server::SqliteStorage> m_storage;
    std::unique_ptr<server::SyncService> m_service;
    std::string m_partnerToken;
    std::string m_therapistToken;
    int m_runs = 0;
    bool m_spoiled = false;
};

World &world()
{
    static World w;
    return w;
}

std::string replaceAll(std::string text, std::string_view from, std::string_view to)
{
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

/// Checks one answer; `what` describes the request for the report.
void checkResponse(const server::Handled &h, const std::string &what, bool isMetrics)
{
    const sync::HttpResponse &r = h.response;
    const std::string report = what + "\n-> " + std::to_string(r.status) + " " + r.body
                               + "\nlast log line: " + world().lastLog;
    if (r.status >= 500)
        fuzz::finding("a 5xx answer (storage is healthy: an exception escaped the request logic)", report);
    if (!kDocumentedStatuses.contains(r.status))
        fuzz::finding("a status the protocol does not document", report);
    if ((r.retryAfter > 0) != (r.status == 429))
        fuzz::finding("Retry-After without a 429, or a 429 without it", report);
    if (isMetrics && r.status == 200) {
        if (!r.contentType.starts_with("text/plain") || r.body.find("hearth_spaces ") == std::string::npos)
            fuzz::finding("/metrics is not the Prometheus page", report);
        return;
    }
    if (r.contentType != "application/json")
        fuzz::finding("an answer that is not application/json", report);
    const json body = json::parse(r.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        fuzz::finding("an answer that is not a JSON object", report);
    if (r.status >= 400) {
        const auto error = body.find("error");
        if (error == body.end() || !error->is_object() || !error->contains("code")
            || !error->at("code").is_string() || error->at("code").get_ref<const std::string &>().empty()
            || !error->contains("message") || !error->at("message").is_string())
            fuzz::finding("an error answer without {\"error\":{\"code\",\"message\"}}", report);
    } else if (body.contains("error")) {
        fuzz::finding("a success answer with an \"error\"", report);
    }
    if (!h.notifySpace.empty() && (h.notifySpace != kSpace || r.status != 200))
        fuzz::finding("a push woke another space, or woke one without storing", report);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    World &w = world();
    server::SyncService &service = w.next();

    const std::uint8_t selector = data[0];
    const std::string rest(fuzz::textOf(data + 1, size - 1));
    const auto who = static_cast<Who>((selector >> 4) & 3);
    const int variant = selector >> 6;

    sync::HttpRequest request;
    request.token = w.token(who);
    request.peer = "10.0.0.2";
    request.contentType = variant == 2 ? "text/plain"
                          : variant == 3 ? "Application/JSON ; charset=utf-8"
                                         : "application/json";
    const std::size_t routeIndex = selector & 0x0f;
    const RouteSpec *route = routeIndex < kRouteCount ? &kRoutes[routeIndex] : nullptr;
    const std::string_view space = variant == 1 ? kOtherSpace : kSpace;
    if (route) {
        request.method = route->method;
        request.target = replaceAll(route->path, "{S}", space);
        if (request.target.find("{Q}") != std::string::npos)
            request.target = replaceAll(request.target, "{Q}", rest);
        else if (request.target.find("{P}") != std::string::npos)
            request.target = replaceAll(request.target, "{P}", rest);
        else if (route->post)
            request.body = rest;
    } else {
        // "METHOD TARGET\nBODY", for routing, methods and targets nobody listed.
        const std::size_t blank = rest.find(' ');
        const std::size_t eol = rest.find('\n', blank == std::string::npos ? 0 : blank);
        request.method = rest.substr(0, std::min(blank, eol));
        if (blank != std::string::npos)
            request.target = rest.substr(blank + 1, eol == std::string::npos ? eol : eol - blank - 1);
        if (eol != std::string::npos)
            request.body = rest.substr(eol + 1);
    }
    const std::string what = request.method + " " + request.target + " (token "
                             + std::to_string(static_cast<int>(who)) + ", " + request.contentType
                             + ")\n" + request.body;

    w.echoed = request.method;
    server::Handled h = service.handle(request, w.now);
    w.echoed = {};
    if (h.waiting()) {
        // A long poll that found nothing: the HTTP layer waits, then asks again without waiting.
        const server::Target retry = server::parseTarget(h.retryTarget);
        const bool waitsAgain = std::any_of(retry.query.begin(), retry.query.end(),
                                            [](const auto &pair) { return pair.first == "wait"; });
        if (h.waitSeconds < 1 || h.waitSeconds > server::SyncService::kMaxWaitSeconds
            || h.waitSpace != kSpace || waitsAgain
            || retry.path != server::parseTarget(request.target).path)
            fuzz::finding("a long poll with a bad wait, space or retry target", what + "\n-> " + h.retryTarget);
        sync::HttpRequest again = request;
        again.target = h.retryTarget;
        w.echoed = request.method;
        h = service.handle(again, w.now);
        w.echoed = {};
        if (h.waiting())
            fuzz::finding("the retry of a long poll waits again", what + "\n-> " + again.target);
    }
    checkResponse(h, what, route == &kRoutes[1]);

    const int status = h.response.status;
    if (route && route->authenticated && status < 400) {
        if (who == Who::MadeUp || who == Who::None)
            fuzz::finding("an authenticated route answered without a valid token", what);
        if (variant == 1)
            fuzz::finding("a token of one space was let into another", what);
    }
    if (route == &kRoutes[5] && who == Who::Therapist && status == 200) {
        const json page = json::parse(h.response.body);
        for (const json &e : page.at("envelopes")) {
            if (e.at("scope") != "care")
                fuzz::finding("a therapist pulled an envelope outside care", what + "\n-> " + e.dump());
        }
    }
    // A removal may take a seeded device, whose token then no longer works: start afresh.
    if (request.method == "DELETE" && status == 200)
        w.spoil();
    return 0;
}
