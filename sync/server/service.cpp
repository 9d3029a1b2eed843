#include "service.h"

#include "api_error.h"
#include "codec.h"
#include "encoding.h"
#include "errors.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <new>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace hearth::server {

using nlohmann::json;
using sync::Envelope;

namespace {

constexpr int kMaxJsonDepth = 16;
constexpr std::int64_t kTouchEveryMs = 1000;
constexpr std::string_view kRolePartner = "partner";
constexpr std::string_view kRoleTherapist = "therapist";
constexpr std::string_view kRoleDevice = "device";

/// A device's role acting as a person: another device of a partner acts as the partner.
bool actsAsPartner(const DeviceRecord &d)
{
    return d.role == kRolePartner || d.role == kRoleDevice;
}

/// Scopes from the role (DESIGN.md, "Sync"): a therapist reads and writes only `care`.
std::vector<std::string> scopesOf(const DeviceRecord &d)
{
    if (actsAsPartner(d))
        return {"private", "couple", "care"};
    return {"care"};
}

bool hasScope(const DeviceRecord &d, const std::string &scope)
{
    const auto scopes = scopesOf(d);
    return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::string base64(std::string_view bytes)
{
    return sync::toBase64(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
}

json errorBody(const std::string &code, const std::string &message)
{
    return {{"error", {{"code", code}, {"message", message}}}};
}

sync::HttpResponse jsonResponse(int status, const json &body)
{
    // Replace, not throw: an error message may quote client bytes that are not UTF-8.
    return {status, body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json"};
}

[[noreturn]] void forbid(const std::string &message)
{
    throw ApiError(403, "forbidden", message);
}

[[noreturn]] void notFound(const std::string &message)
{
    throw ApiError(404, "not_found", message);
}

const json &member(const json &object, const std::string &path, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end())
        throw ValidationError(path + key, "\"" + path + key + "\" is missing");
    return *it;
}

std::string stringField(const json &object, const std::string &path, const char *key)
{
    const json &value = member(object, path, key);
    if (!value.is_string())
        throw ValidationError(path + key, "\"" + path + key + "\" must be a string");
    return value.get<std::string>();
}

std::string idField(const json &object, const std::string &path, const char *key)
{
    std::string value = stringField(object, path, key);
    if (!isId(value))
        throw ValidationError(path + key, "\"" + path + key
                                              + "\" must be 16 to 64 lowercase hex digits");
    return value;
}

const json &objectField(const json &object, const std::string &path, const char *key)
{
    const json &value = member(object, path, key);
    if (!value.is_object())
        throw ValidationError(path + key, "\"" + path + key + "\" must be an object");
    return value;
}

const json &arrayField(const json &object, const char *key)
{
    const json &value = member(object, "", key);
    if (!value.is_array())
        throw ValidationError(key, std::string("\"") + key + "\" must be an array");
    return value;
}

/// Decoded bytes of a base64url field; larger than `maxBytes` is a 413.
std::string binaryField(const json &object, const std::string &path, const char *key,
                        std::size_t maxBytes)
{
    const std::string text = stringField(object, path, key);
    if (text.size() > maxBytes * 4 / 3 + 4)
        throw ApiError(413, "too_large", "\"" + path + key + "\" is larger than "
                                             + std::to_string(maxBytes) + " bytes");
    std::vector<unsigned char> bytes;
    try {
        bytes = sync::fromBase64(text, path + key);
    } catch (const ProtocolError &) {
        throw ValidationError(path + key, "\"" + path + key + "\" is not unpadded base64url");
    }
    if (bytes.size() > maxBytes)
        throw ApiError(413, "too_large", "\"" + path + key + "\" is larger than "
                                             + std::to_string(maxBytes) + " bytes");
    return {bytes.begin(), bytes.end()};
}

std::string publicKeyField(const json &device)
{
    std::string key = binaryField(device, "device.", "public_key", 32);
    if (key.size() != 32)
        throw ValidationError("device.public_key",
                              "\"device.public_key\" must be 32 bytes in unpadded base64url");
    return key;
}

std::string nameField(const json &device)
{
    if (!device.contains("name") || device.at("name").is_null())
        return {};
    std::string name = stringField(device, "device.", "name");
    if (name.size() > SyncService::kMaxNameBytes)
        throw ValidationError("device.name", "\"device.name\" is longer than 100 bytes");
    // A control character has no place in a name people read, and PostgreSQL cannot store NUL:
    // refused alike whatever the storage.
    if (std::any_of(name.begin(), name.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
        throw ValidationError("device.name", "\"device.name\" must not hold control characters");
    return name;
}

/// A non-negative whole number from the query, or `fallback` when absent.
std::int64_t queryNumber(const Target &target, std::string_view key, std::int64_t fallback,
                         std::int64_t min, std::int64_t max)
{
    const auto it = std::find_if(target.query.rbegin(), target.query.rend(),
                                 [&](const auto &pair) { return pair.first == key; });
    if (it == target.query.rend())
        return fallback;
    const std::string &text = it->second;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min
        || value > max)
        throw ApiError(400, "invalid_query",
                       "\"" + std::string(key) + "\" must be a whole number from "
                           + std::to_string(min) + " to " + std::to_string(max));
    return value;
}

json deviceJson(const DeviceRecord &d)
{
    return {{"id", d.id},
            {"member", d.memberId},
            {"role", d.role},
            {"name", d.name},
            {"public_key", base64(d.publicKey)},
            {"created", d.createdMs},
            {"last_seen", d.lastSeenMs},
            {"removed", d.removed}};
}

bool isJsonContentType(const std::string &contentType)
{
    const std::string_view type = std::string_view(contentType).substr(0, contentType.find(';'));
    const std::string_view trimmed = type.substr(0, type.find_last_not_of(' ') + 1);
    return trimmed.size() == 16
           && std::equal(trimmed.begin(), trimmed.end(), "application/json", [](char a, char b) {
                  return std::tolower(static_cast<unsigned char>(a)) == b;
              });
}

/// The target with wait=0, for asking again after a long poll's wait.
std::string withoutWait(const Target &target)
{
    std::string out = target.path;
    char separator = '?';
    for (const auto &[key, value] : target.query) {
        if (key == "wait")
            continue;
        out += separator + key + '=' + value;
        separator = '&';
    }
    return out;
}

} // namespace

struct SyncService::Exchange {
    Exchange(const sync::HttpRequest &r, std::int64_t now, bool wasAdmitted, std::size_t size)
        : request(r), nowMs(now), admitted(wasAdmitted), bodySize(size),
          target(parseTarget(r.target))
    {
    }

    const sync::HttpRequest &request;
    std::int64_t nowMs;
    bool admitted;       ///< admit() passed it: its rate-limit token is taken
    std::size_t bodySize; ///< the body's, or before it is read the declared Content-Length
    Target target;
    std::optional<RouteMatch> match;
    std::optional<DeviceRecord> caller;
    std::string spaceId; ///< the path's space, once it has the form of an id
    std::size_t bodyLimit = 0;
    Handled handled;
    std::string errorCode;

    [[nodiscard]] const DeviceRecord &device() const { return *caller; }
    void reply(int status, const json &body) { handled.response = jsonResponse(status, body); }
    /// The token's hash, computed once: both the rate limit and authentication need it.
    [[nodiscard]] const std::string &tokenHash()
    {
        if (hashedToken.empty())
            hashedToken = hashToken(request.token);
        return hashedToken;
    }
    std::string hashedToken; ///< filled by tokenHash()
};

SyncService::SyncService(ServerStorage &storage, ServiceConfig config, RequestLog::Sink logSink,
                         std::function<std::int64_t()> stopwatchMicros)
    : m_storage(storage), m_config(config), m_log(std::move(logSink)),
      m_stopwatch(std::move(stopwatchMicros)),
      m_limiter(storage.rateLimits(config.ratePerSecond, config.rateBurst)),
      m_cacheTokens(!storage.sharedWithOtherProcesses())
{
    if (!m_limiter)
        throw std::logic_error("the storage gave no rate limits");
    sync::ensureSodium(); // fail at start, not in the middle of a request
}

Handled SyncService::handle(const sync::HttpRequest &request, std::int64_t nowMs, bool admitted)
{
    Exchange x{request, nowMs, admitted, request.body.size()};
    return run(x, false);
}

Admission SyncService::admit(const sync::HttpRequest &head, std::size_t contentLength,
                             std::int64_t nowMs)
{
    Exchange x{head, nowMs, false, contentLength};
    Handled handled = run(x, true);
    Admission admission;
    if (!x.errorCode.empty())
        admission.refusal = std::move(handled.response);
    admission.bodyLimit = x.bodyLimit;
    return admission;
}

Handled SyncService::run(Exchange &x, bool headOnly)
{
    const std::int64_t started = m_stopwatch ? m_stopwatch() : 0;
    auto fail = [&](int status, const std::string &code, const std::string &message) {
        x.handled = Handled{};
        x.handled.response = jsonResponse(status, errorBody(code, message));
        x.errorCode = code;
    };
    try {
        dispatch(x, headOnly);
    } catch (const ApiError &e) {
        fail(e.status(), e.code(), e.what());
        x.handled.response.retryAfter = e.retryAfter();
    } catch (const ValidationError &e) {
        fail(400, "invalid_field", e.what());
    } catch (const sync::MalformedJson &e) {
        fail(400, "malformed_json", e.what());
    } catch (const ProtocolError &e) {
        fail(400, "invalid_envelope", e.what());
    } catch (const json::exception &e) {
        fail(400, "malformed_json", std::string("The body is not valid JSON: ") + e.what());
    } catch (const DeviceRemovedMeanwhile &) {
        fail(401, "device_removed", "This device was removed from the space; it can no longer sync.");
        forgetCachedTokens();
    } catch (const StorageError &e) {
        fail(503, "storage_unavailable",
             "The server could not read or write its storage; try again shortly.");
        m_log.event(x.nowMs, "error", e.what());
    } catch (const std::bad_alloc &) {
        fail(503, "overloaded", "The server is out of memory; try again shortly.");
    } catch (const std::exception &e) {
        fail(503, "unavailable", "The server could not answer this request; try again shortly.");
        m_log.event(x.nowMs, "error", e.what());
    }
    // A request admitted on its header is logged once, when handle() answers it.
    const bool admittedHead = headOnly && x.errorCode.empty();
    if (!x.handled.waiting() && !admittedHead)
        finish(x, started);
    return std::move(x.handled);
}

void SyncService::finish(Exchange &x, std::int64_t startedMicros)
{
    const double seconds =
        m_stopwatch ? static_cast<double>(m_stopwatch() - startedMicros) / 1e6 : 0.0;
    const std::string_view route = x.match ? x.match->pattern : std::string_view("unknown");
    m_metrics.countRequest(route, x.handled.response.status, seconds);
    m_log.request({x.nowMs, route, x.request.method, x.handled.response.status, seconds * 1000.0,
                   x.spaceId, x.caller ? x.caller->id : std::string(), x.request.body.size(),
                   x.handled.response.body.size(), x.errorCode});
}

void SyncService::dispatch(Exchange &x, bool headOnly)
{
    x.match = matchRoute(x.target.path);
    if (!x.match)
        notFound("There is no such route: see docs/protocol.md, \"Server API\".");
    if (!allowsMethod(x.match->route, x.request.method))
        throw ApiError(405, "method_not_allowed",
                       "This route does not answer " + x.request.method + ".");
    const Route route = x.match->route;
    const bool post = x.request.method == "POST";
    const bool open = route == Route::CreateSpace || route == Route::Join
                      || route == Route::Healthz || route == Route::Metrics;
    // Only a known token earns a large body: the routes anyone may call get a small one.
    x.bodyLimit = post && !open ? m_config.maxBodyBytes
                                : std::min(kMaxSmallBody, m_config.maxBodyBytes);
    if (route == Route::Healthz || route == Route::Metrics) {
        if (headOnly)
            return;
        return route == Route::Healthz ? x.reply(200, {{"status", "ok"}}) : metricsPage(x);
    }

    if (!x.match->params.empty() && isId(x.match->params.front()))
        x.spaceId = x.match->params.front();
    const bool authenticated = !open;
    if (authenticated && x.request.token.empty())
        throw ApiError(401, "unauthorized", "This route needs \"Authorization: Bearer <token>\".");
    if (!x.admitted)
        checkRateLimit(x, authenticated);
    checkBody(x);
    if (authenticated)
        authenticate(x);
    if (headOnly)
        return;

    switch (route) {
    case Route::CreateSpace: return createSpace(x);
    case Route::Join: return join(x);
    case Route::Invites: return createInvite(x);
    case Route::Envelopes: return post ? pushEnvelopes(x) : pullEnvelopes(x);
    case Route::Devices: return listDevices(x);
    case Route::Device: return removeDevice(x);
    case Route::Member: return removeMember(x);
    case Route::Keys: return post ? storeKeyBoxes(x) : pullKeyBoxes(x);
    case Route::Healthz:
    case Route::Metrics: break;
    }
}

void SyncService::checkRateLimit(Exchange &x, bool authenticated)
{
    // Keyed by the token's hash, so that a made-up token is limited before any lookup; the
    // routes without a token by address, whatever token a client adds to dodge its bucket.
    const std::string key = authenticated ? "token " + x.tokenHash() : "peer " + x.request.peer;
    if (const int wait = m_limiter->take(key, x.nowMs); wait > 0)
        throw ApiError(429, "rate_limited",
                       "Too many requests; try again in " + std::to_string(wait) + " s.", wait);
}

void SyncService::checkBody(const Exchange &x) const
{
    if (x.request.method == "POST" && !isJsonContentType(x.request.contentType))
        throw ApiError(415, "unsupported_media_type",
                       "Send the body as JSON with \"Content-Type: application/json\".");
    if (x.bodySize > x.bodyLimit)
        throw ApiError(413, "body_too_large",
                       "The body is larger than " + std::to_string(x.bodyLimit) + " bytes.");
}

std::optional<DeviceRecord> SyncService::deviceByTokenHash(const std::string &tokenHash)
{
    if (!m_cacheTokens)
        return m_storage.deviceByTokenHash(tokenHash);
    if (const auto it = m_tokenCache.find(tokenHash); it != m_tokenCache.end())
        return it->second;
    auto device = m_storage.deviceByTokenHash(tokenHash);
    // Unknown tokens are not kept: made-up ones must not fill the cache.
    if (device) {
        if (m_tokenCache.size() >= kTokenCacheSize)
            m_tokenCache.clear();
        m_tokenCache.emplace(tokenHash, *device);
    }
    return device;
}

void SyncService::authenticate(Exchange &x)
{
    x.caller = deviceByTokenHash(x.tokenHash());
    if (!x.caller)
        throw ApiError(401, "unauthorized", "This token is not known to the server.");
    if (x.caller->removed)
        throw ApiError(401, "device_removed",
                       "This device was removed from the space; it can no longer sync.");
    if (x.match->params.empty() || x.match->params.front() != x.caller->spaceId)
        forbid("This token belongs to another space.");
    // last_seen is for people to read; once a second is precise enough and spares writes.
    if (x.nowMs - x.caller->lastSeenMs >= kTouchEveryMs) {
        m_storage.touchDevice(x.caller->spaceId, x.caller->id, x.nowMs);
        x.caller->lastSeenMs = x.nowMs;
        if (const auto it = m_tokenCache.find(x.tokenHash()); it != m_tokenCache.end())
            it->second.lastSeenMs = x.nowMs;
    }
}

json SyncService::parseBody(const Exchange &x) const
{
    // The depth limit keeps a hostile body of nested brackets from costing a deep recursion
    // anywhere after the parser.
    const json::parser_callback_t limitDepth = [](int depth, json::parse_event_t, json &) {
        if (depth > kMaxJsonDepth)
            throw ValidationError("body", "The body is nested too deeply.");
        return true;
    };
    json body = json::parse(x.request.body, limitDepth);
    if (!body.is_object())
        throw ValidationError("body", "The body must be a JSON object.");
    return body;
}

void SyncService::createSpace(Exchange &x)
{
    const json body = parseBody(x);
    DeviceRecord d;
    d.spaceId = idField(body, "", "space");
    const json &device = objectField(body, "", "device");
    d.id = idField(device, "device.", "id");
    d.memberId = idField(device, "device.", "member");
    d.publicKey = publicKeyField(device);
    d.name = nameField(device);
    d.role = kRolePartner;
    d.createdMs = d.lastSeenMs = x.nowMs;
    x.spaceId = d.spaceId;
    const std::string token = newToken();
    d.tokenHash = hashToken(token);
    switch (m_storage.createSpace(d)) {
    case ServerStorage::CreateStatus::SpaceExists:
        throw ApiError(409, "space_exists", "A space with this id exists already.");
    case ServerStorage::CreateStatus::DeviceExists:
        throw ApiError(409, "device_exists", "A device with this id exists already.");
    case ServerStorage::CreateStatus::Created: break;
    }
    x.caller = d;
    x.reply(201, {{"space", d.spaceId},
                  {"device", d.id},
                  {"member", d.memberId},
                  {"role", d.role},
                  {"token", token}});
}

void SyncService::createInvite(Exchange &x)
{
    const DeviceRecord &caller = x.device();
    if (!actsAsPartner(caller))
        forbid("Only a partner can invite.");
    const json body = parseBody(x);
    InviteRecord invite;
    invite.spaceId = caller.spaceId;
    invite.lookupHash = stringField(body, "", "invite");
    if (!isLookupHash(invite.lookupHash))
        throw ValidationError("invite", "\"invite\" must be 64 lowercase hex digits");
    invite.role = stringField(body, "", "role");
    if (invite.role != kRolePartner && invite.role != kRoleTherapist && invite.role != kRoleDevice)
        throw ValidationError("role", "\"role\" must be \"partner\", \"therapist\" or \"device\"");
    invite.memberId = idField(body, "", "member");
    invite.bundle = binaryField(body, "", "bundle", kMaxBundle);
    const json &expiresIn = member(body, "", "expires_in");
    if (!expiresIn.is_number_integer() || expiresIn.get<std::int64_t>() < 1
        || expiresIn.get<std::int64_t>() > kMaxInviteSeconds)
        throw ValidationError("expires_in",
                              "\"expires_in\" must be a whole number of seconds from 1 to 86400");
    invite.expiresMs = x.nowMs + expiresIn.get<std::int64_t>() * 1000;

    const bool sameMember = invite.memberId == caller.memberId;
    if (invite.role == kRoleDevice && !sameMember)
        forbid("A device invite adds a device of your own: \"member\" must be your member id.");
    if (invite.role != kRoleDevice && sameMember)
        forbid("A partner or therapist invite is for another person: \"member\" must not be "
               "your member id.");
    // Naming someone present in the space would enrol the invitee as that person, with their
    // private envelopes (redeemInvite checks again: two invites may name the same member). A
    // member whose every device was removed may be invited back, and sees nothing private from
    // before (docs/decisions.md §17).
    if (invite.role != kRoleDevice
        && m_storage.enrolment(caller.spaceId, invite.memberId, invite.role) == Enrolment::Present)
        forbid("An invite for a new person must name a new member, or a member of this role whose "
               "every device was removed.");
    if (!m_storage.addInvite(invite))
        throw ApiError(409, "invite_exists", "An invite with this code exists already.");
    x.reply(201, {{"invite", invite.lookupHash}, {"expires", invite.expiresMs}});
}

void SyncService::join(Exchange &x)
{
    const json body = parseBody(x);
    const std::string lookup = stringField(body, "", "invite");
    if (!isLookupHash(lookup))
        throw ValidationError("invite", "\"invite\" must be 64 lowercase hex digits");
    const json &device = objectField(body, "", "device");
    DeviceRecord d;
    d.id = idField(device, "device.", "id");
    d.publicKey = publicKeyField(device);
    d.name = nameField(device);
    d.createdMs = d.lastSeenMs = x.nowMs;
    const std::string token = newToken();
    d.tokenHash = hashToken(token);

    const JoinOutcome outcome = m_storage.redeemInvite(lookup, d, x.nowMs);
    switch (outcome.status) {
    case JoinOutcome::Status::NotFound:
        throw ApiError(404, "invite_not_found",
                       "No invite has this code. Check the code, or ask your partner for a new one.");
    case JoinOutcome::Status::Used:
        throw ApiError(409, "invite_used",
                       "This invite was already used. Ask your partner for a new one.");
    case JoinOutcome::Status::Expired:
        throw ApiError(409, "invite_expired",
                       "This invite has expired. Ask your partner for a new one.");
    case JoinOutcome::Status::DeviceExists:
        throw ApiError(409, "device_exists", "A device with this id exists already.");
    case JoinOutcome::Status::MemberExists:
        throw ApiError(409, "member_exists",
                       "The person this invite is for has joined already. Ask your partner for "
                       "a new invite.");
    case JoinOutcome::Status::Joined: break;
    }
    const InviteRecord &invite = outcome.invite;
    x.spaceId = invite.spaceId;
    d.spaceId = invite.spaceId;
    d.memberId = invite.memberId;
    d.role = invite.role;
    x.caller = d;
    x.reply(201, {{"space", invite.spaceId},
                  {"device", d.id},
                  {"member", invite.memberId},
                  {"role", invite.role},
                  {"token", token},
                  {"bundle", base64(invite.bundle)}});
}

void SyncService::pushEnvelopes(Exchange &x)
{
    const DeviceRecord &caller = x.device();
    std::vector<Envelope> envelopes;
    try {
        envelopes = sync::readPushBody(x.request.body, m_config.maxEnvelopesPerPush);
    } catch (const sync::TooManyEnvelopes &) {
        throw ApiError(413, "too_many_envelopes",
                       "A push holds at most " + std::to_string(m_config.maxEnvelopesPerPush)
                           + " envelopes.");
    }
    for (std::size_t i = 0; i < envelopes.size(); ++i) {
        const Envelope &e = envelopes[i];
        const auto where = [i] { return "envelopes[" + std::to_string(i) + "]"; };
        if (!isId(e.header.id))
            throw ValidationError(where() + ".id",
                                  "\"" + where() + ".id\" must be 16 to 64 lowercase hex digits");
        if (e.ciphertext.size() > kMaxCiphertext)
            throw ApiError(413, "envelope_too_large",
                           where() + ": the ciphertext is larger than 1 MiB + 16 bytes.");
        if (e.header.spaceId != caller.spaceId)
            throw ValidationError(where() + ".space",
                                  "\"" + where() + ".space\" is not the space of this route");
        if (e.header.deviceId != caller.id)
            forbid(where() + ": a device can push only its own envelopes.");
        if (!hasScope(caller, e.header.scope))
            forbid(where() + ": this device may not write " + e.header.scope + " envelopes.");
    }

    sync::PushAnswer answer;
    answer.results = m_storage.appendEnvelopes(caller.spaceId, caller.memberId, envelopes,
                                               x.nowMs);
    const auto stored = std::count_if(answer.results.begin(), answer.results.end(),
                                      [](const PushResult &r) { return r.stored; });
    m_metrics.countStoredEnvelopes(stored);
    if (stored > 0)
        x.handled.notifySpace = caller.spaceId;
    answer.cursor = m_storage.latestCursor(caller.spaceId);
    x.handled.response = {200, sync::pushAnswerBody(answer), "application/json"};
}

void SyncService::pullEnvelopes(Exchange &x)
{
    const DeviceRecord &caller = x.device();
    const std::int64_t after = queryNumber(x.target, "after", 0, 0, INT64_MAX);
    const auto limit = static_cast<int>(
        queryNumber(x.target, "limit", kDefaultPageSize, 1, kMaxPageSize));
    const auto wait = static_cast<int>(queryNumber(x.target, "wait", 0, 0, kMaxWaitSeconds));

    const EnvelopePage page = m_storage.envelopesAfter(caller.spaceId, after, limit,
                                                       {scopesOf(caller), caller.memberId, caller.privateFrom},
                                                       kMaxPageBytes);
    if (page.envelopes.empty() && wait > 0) {
        x.handled.waitSpace = caller.spaceId;
        x.handled.waitSeconds = wait;
        x.handled.retryTarget = withoutWait(x.target);
        return;
    }
    x.handled.response = {200, sync::pullAnswerBody(page), "application/json"};
}

void SyncService::listDevices(Exchange &x)
{
    const std::string &space = x.device().spaceId;
    json devices = json::array();
    for (const DeviceRecord &d : m_storage.devices(space))
        devices.push_back(deviceJson(d));
    json members = json::array();
    for (const MemberRecord &m : m_storage.members(space))
        members.push_back({{"id", m.id}, {"role", m.role}});
    x.reply(200, {{"devices", std::move(devices)}, {"members", std::move(members)}});
}

void SyncService::removeDevice(Exchange &x)
{
    const DeviceRecord &caller = x.device();
    const std::string &targetId = x.match->params.at(1);
    const auto target = isId(targetId) ? m_storage.device(caller.spaceId, targetId) : std::nullopt;
    if (!target)
        notFound("There is no such device in this space.");
    if (!actsAsPartner(caller) && target->id != caller.id)
        forbid("A therapist can remove only their own device.");
    (void)m_storage.removeDevices(caller.spaceId, {target->id});
    forgetCachedTokens(); // its token is refused from the next request on
    x.reply(200, {{"removed", target->id}});
}

void SyncService::removeMember(Exchange &x)
{
    const DeviceRecord &caller = x.device();
    const std::string &memberId = x.match->params.at(1);
    std::vector<std::string> deviceIds;
    std::string memberRole;
    for (const DeviceRecord &d : m_storage.devices(caller.spaceId)) {
        if (d.memberId == memberId) {
            deviceIds.push_back(d.id);
            memberRole = d.role;
        }
    }
    if (deviceIds.empty())
        notFound("There is no such member in this space.");
    const bool self = memberId == caller.memberId;
    // Leaving is always allowed; of others, a partner may remove only the therapist.
    if (!self && !(actsAsPartner(caller) && memberRole == kRoleTherapist))
        forbid("You can remove yourself, and a partner can remove the therapist; no one else.");
    const auto removed = m_storage.removeDevices(caller.spaceId, deviceIds);
    forgetCachedTokens();
    x.reply(200, {{"removed", memberId}, {"devices", removed}});
}

void SyncService::storeKeyBoxes(Exchange &x)
{
    const DeviceRecord &caller = x.device();
    if (!actsAsPartner(caller))
        forbid("Only a partner's devices hand out content keys.");
    const json body = parseBody(x);
    const json &items = arrayField(body, "boxes");
    std::vector<ServerStorage::OutgoingBox> boxes;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string where = "boxes[" + std::to_string(i) + "].";
        if (!items[i].is_object())
            throw ValidationError(where, "\"boxes[" + std::to_string(i) + "]\" must be an object");
        ServerStorage::OutgoingBox box{idField(items[i], where, "device"),
                                       binaryField(items[i], where, "box", kMaxKeyBox)};
        const auto recipient = m_storage.device(caller.spaceId, box.recipientDeviceId);
        if (!recipient)
            notFound("\"" + where + "device\" is not a device of this space.");
        if (recipient->removed)
            notFound("\"" + where + "device\" was removed from the space; it gets no more keys.");
        boxes.push_back(std::move(box));
    }
    m_storage.storeKeyBoxes(caller.spaceId, caller.id, boxes, x.nowMs);
    x.reply(200, {{"stored", boxes.size()}});
}

void SyncService::pullKeyBoxes(Exchange &x)
{
    const DeviceRecord &caller = x.device();
    const std::int64_t after = queryNumber(x.target, "after", 0, 0, INT64_MAX);
    const KeyBoxPage page = m_storage.keyBoxesAfter(caller.spaceId, caller.id, after, kMaxPageSize);
    json boxes = json::array();
    for (const KeyBox &b : page.boxes)
        boxes.push_back({{"cursor", b.cursor}, {"from", b.senderDeviceId}, {"box", base64(b.box)}});
    x.reply(200, {{"boxes", std::move(boxes)}, {"next", page.next}, {"more", page.more}});
}

void SyncService::metricsPage(Exchange &x)
{
    x.handled.response = {200, m_metrics.render(m_storage.spaceCount()),
                          "text/plain; version=0.0.4"};
}

} // namespace hearth::server
