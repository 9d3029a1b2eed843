#include "syncclient.h"

#include "encoding.h"
#include "envelope.h"
#include "hlc.h"
#include "ritualbook.h"
#include "store.h"
#include "wire.h"
#include "care.h"
#include "fairreveal.h"
#include "needs.h"

// Envelope plaintext is read with simdjson when this library links simdjson::simdjson, whose
// interface defines SIMDJSON_THREADS_ENABLED: compiled without that definition, dom::parser
// would be laid out differently here than in libsimdjson. Without it, nlohmann's parser reads.
#if defined(SIMDJSON_THREADS_ENABLED)
#define HEARTH_CLIENT_SIMDJSON 1
#include <simdjson.h>
#endif

#include <algorithm>
#include <bit>
#include <chrono>
#include <future>
#include <map>
#include <stop_token>
#include <thread>
#include <unordered_map>

namespace hearth::sync {

using nlohmann::json;

namespace {

// The device's sync settings, in the store's local (never synced) meta table.
constexpr const char *kServer = "sync.server";
constexpr const char *kSpace = "sync.space";
constexpr const char *kToken = "sync.token";
constexpr const char *kRole = "sync.role";
constexpr const char *kKeys = "sync.keys";
constexpr const char *kCursor = "sync.cursor";
constexpr const char *kPushed = "sync.pushed";   ///< the last change-log seq acknowledged
constexpr const char *kPending = "sync.pending"; ///< the batch in flight, sealed, or ""
constexpr const char *kSeq = "sync.seq";         ///< the last envelope sequence number used
constexpr const char *kLastSync = "sync.last_sync";
constexpr const char *kKeyCursor = "sync.key_cursor";
constexpr const char *kRotation = "sync.rotation"; ///< key boxes not yet on the server, or ""
constexpr const char *kHandled = "sync.handled";   ///< removed devices already rotated for
constexpr const char *kLeft = "sync.left";
constexpr const char *kDevice = "sync.device";          ///< this device's id in the space
constexpr const char *kDeviceName = "sync.device_name";
constexpr const char *kAdopt = "sync.adopt";   ///< a join not yet finished: {space, member, samePerson}
constexpr const char *kShared = "sync.shared"; ///< "device:scope:epoch:key" already sealed to others
constexpr const char *kUnopened = "sync.unopened"; ///< envelopes no key here opened yet

/// Every setting above: forget() clears them all.
constexpr const char *kAllSettings[] = {kServer, kSpace,    kToken,      kRole,      kKeys,
                                        kCursor, kPushed,   kPending,    kSeq,       kLastSync,
                                        kKeyCursor, kRotation, kHandled, kDevice, kDeviceName,
                                        kAdopt,  kShared,   kUnopened};

/// Envelopes set aside for want of a key: kept, but not without bound.
constexpr std::size_t kMaxUnopened = 2000;

/// How much goes in one envelope and one push. An envelope is filled up to a padding bucket
/// (its plaintext and the padding's marker byte), so that padding wastes little; a push is as
/// large as the server takes comfortably (16 MiB bodies by default; base64 adds a third), so
/// that thousands of changes cost one round trip rather than one each thousand.
constexpr std::size_t kBytesPerEnvelope = 256 * 1024 - 1;
constexpr std::size_t kChangesPerPush = 20000; ///< at first; smaller after a 413
constexpr std::size_t kBytesPerPush = 8 * 1024 * 1024;
constexpr int kPullPage = 1000;

bool contains(const json &list, const std::string &value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::int64_t number(const std::optional<std::string> &text)
{
    return text && !text->empty() ? std::stoll(*text) : 0;
}

#ifdef HEARTH_CLIENT_SIMDJSON
/// A value of a simdjson document as nlohmann::json, as nlohmann's own parser gives it: a whole
/// number from 0 up is unsigned, and a repeated key keeps its last value.
json toNlohmann(simdjson::dom::element e)
{
    using Type = simdjson::dom::element_type;
    switch (e.type()) {
    case Type::ARRAY: {
        json out = json::array();
        for (const simdjson::dom::element item : simdjson::dom::array(e))
            out.push_back(toNlohmann(item));
        return out;
    }
    case Type::OBJECT: {
        json out = json::object();
        for (const simdjson::dom::key_value_pair field : simdjson::dom::object(e))
            out[std::string(field.key)] = toNlohmann(field.value);
        return out;
    }
    case Type::INT64: {
        const std::int64_t value = e.get_int64().value_unsafe();
        return value >= 0 ? json(static_cast<std::uint64_t>(value)) : json(value);
    }
    case Type::UINT64:
        return e.get_uint64().value_unsafe();
    case Type::DOUBLE:
        return e.get_double().value_unsafe();
    case Type::STRING:
        return std::string(e.get_string().value_unsafe());
    case Type::BOOL:
        return e.get_bool().value_unsafe();
    case Type::NULL_VALUE:
        return nullptr;
    }
    return nullptr;
}

/// An envelope's plaintext, read with simdjson: nlohmann's parser took as long as merging what
/// it read. Each change is checked by core (changeFromJson); text that simdjson refuses (a
/// number beyond 64 bits, say) goes to nlohmann's parser, so what is accepted stays the same.
std::vector<Change> readChanges(std::string_view text)
{
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(text.data(), text.size()).get(root) || !root.is_array())
        return changesFromJson(text);
    const simdjson::dom::array items(root);
    std::vector<Change> out;
    out.reserve(items.size());
    for (const simdjson::dom::element item : items)
        out.push_back(changeFromJson(toNlohmann(item)));
    return out;
}
#else
std::vector<Change> readChanges(std::string_view text)
{
    return changesFromJson(text);
}
#endif

/// The server's receive time of an envelope: a whole, non-negative number of milliseconds (a
/// float out of range would be undefined behaviour to convert), 0 when absent.
Millis receivedOf(const json &j)
{
    const auto it = j.find("received");
    if (it == j.end())
        return 0;
    if (!it->is_number_integer() || it->get<Millis>() < 0)
        throw ProtocolError("The server sent a receive time that is not a whole number of milliseconds.");
    return it->get<Millis>();
}

} // namespace

SyncClient::SyncClient(Store &store, Transport &transport)
    : m_store(store), m_transport(transport), m_changesPerPush(kChangesPerPush)
{
}

std::string SyncClient::deviceId()
{
    return m_store.meta(kDevice).value_or("");
}

bool SyncClient::paired()
{
    const auto token = m_store.meta(kToken);
    return token && !token->empty();
}

SyncStatus SyncClient::status()
{
    SyncStatus s;
    s.paired = paired();
    s.server = m_store.meta(kServer).value_or("");
    s.space = m_store.meta(kSpace).value_or("");
    s.device = deviceId();
    s.deviceName = m_store.meta(kDeviceName).value_or("");
    s.member = m_store.meta("member_id").value_or("");
    s.role = m_store.meta(kRole).value_or("");
    s.cursor = number(m_store.meta(kCursor));
    s.lastSyncMs = number(m_store.meta(kLastSync));
    s.leftMs = number(m_store.meta(kLeft));
    s.unopened = static_cast<std::int64_t>(listSetting(kUnopened).size());
    auto st = m_store.db().cached("SELECT COUNT(*) FROM change_log WHERE seq > ?1");
    st->bind(1, number(m_store.meta(kPushed)));
    st->step();
    s.pending = st->integer(0);
    return s;
}

HttpResponse SyncClient::exchange(const char *method, const std::string &target, std::string body)
{
    HttpRequest request{method, target, m_store.meta(kToken).value_or(""), "", std::move(body), ""};
    if (!request.body.empty())
        request.contentType = "application/json";
    HttpResponse response = m_transport.send(request);
    if (response.status >= 400) {
        const json answer = json::parse(response.body, nullptr, false);
        if (answer.is_object() && answer.contains("error") && answer["error"].is_object()) {
            const json &e = answer["error"];
            const std::string code = e.value("code", "error");
            // A therapist's device is removed when the couple unlinks: like leaving, this replica
            // keeps what it holds, read-only, and what it had not pushed stays here.
            if (code == "device_removed" && m_store.meta(kRole).value_or("") == "therapist")
                markLeft();
            throw SyncError(response.status, code, e.value("message", "The server refused the request."),
                            response.retryAfter);
        }
        throw SyncError(response.status, "http_" + std::to_string(response.status),
                        "The server answered with status " + std::to_string(response.status) + ".",
                        response.retryAfter);
    }
    return response;
}

json SyncClient::call(const char *method, const std::string &target, const json *body)
{
    const HttpResponse response = exchange(method, target, body ? body->dump() : std::string());
    json answer = json::parse(response.body, nullptr, false);
    if (answer.is_discarded() || !answer.is_object())
        throw ProtocolError("The server's answer is not the JSON expected.");
    return answer;
}

std::string SyncClient::spacePath()
{
    const auto space = m_store.meta(kSpace);
    if (!space || !paired())
        throw ValidationError("sync", "This device is not connected to a server yet.");
    return "/v1/spaces/" + *space;
}

json SyncClient::listSetting(const char *key)
{
    const auto text = m_store.meta(key);
    return text && !text->empty() ? json::parse(*text) : json::array();
}

KeyRing SyncClient::keys()
{
    const auto text = m_store.meta(kKeys);
    if (!text || text->empty())
        throw ValidationError("sync", "This device has no keys yet.");
    return KeyRing::fromJson(json::parse(*text));
}

void SyncClient::pair(std::string_view server, const json &answer, const KeyRing &ring,
                      std::string_view deviceId, std::string_view deviceName, const json &adopt)
{
    m_store.apply({}, {{kServer, std::string(server)},
                       {kSpace, answer.at("space").get<std::string>()},
                       {kToken, answer.at("token").get<std::string>()},
                       {kRole, answer.at("role").get<std::string>()},
                       {kKeys, ring.toJson().dump()},
                       {kDevice, std::string(deviceId)},
                       {kDeviceName, std::string(deviceName)},
                       {kAdopt, adopt.is_null() ? std::string() : adopt.dump()},
                       {kCursor, "0"},
                       {kPushed, "0"},
                       {kPending, ""}});
}

void SyncClient::createSpace(std::string_view server, std::string_view deviceName)
{
    if (paired())
        throw ValidationError("sync", "This device is already connected to a space.");
    RitualBook book(m_store);
    const Profile profile = book.profile();
    KeyRing ring;
    ring.device = DeviceKeyPair::generate();
    for (const char *scope : {"private", "couple", "care"})
        ring.add(ContentKey::generate(scope, 1));
    // A new device id for each pairing: one a failed attempt left registered on the server
    // never blocks the next.
    const std::string device = randomHex(8);
    const json body = {{"space", profile.space.id},
                       {"device",
                        {{"id", device},
                         {"member", profile.me.id},
                         {"public_key", toBase64(ring.device.publicKey.data(), DeviceKeyPair::kSize)},
                         {"name", deviceName}}}};
    pair(server, call("POST", "/v1/spaces", &body), ring, device, deviceName, nullptr);
    sync();
}

std::string SyncClient::invite(std::string_view role)
{
    if (role != "partner" && role != "device")
        throw ValidationError("role", "An invite is for your partner or for another device of yours.");
    RitualBook book(m_store);
    const Profile profile = book.profile();
    const KeyRing ring = keys();
    InviteBundle bundle{m_store.meta(kSpace).value_or(""), role == "device" ? profile.me.id : profile.partner.id,
                        std::string(role), profile.me.id, {}};
    if (bundle.member.empty())
        throw ValidationError("role", "This profile has no partner to invite.");
    // A partner whose every device was removed may be invited back (docs/decisions.md §17).
    if (role == "partner")
        for (const DeviceInfo &d : devices())
            if (d.member == bundle.member && !d.removed)
                throw ValidationError("role", "Your partner is already in this space. To add another device "
                                              "of theirs, they make the invite on a device of their own.");
    // The invitee may read what was written before it came: every epoch of its scopes.
    for (const ContentKey &k : ring.keys())
        if (k.scope() != "private" || role == "device")
            bundle.keys.push_back(k);
    return postInvite(bundle).text();
}

InviteCode SyncClient::postInvite(const InviteBundle &bundle)
{
    const InviteCode code = InviteCode::generate();
    const json body = {{"invite", code.lookup()},
                       {"role", bundle.role},
                       {"member", bundle.member},
                       {"bundle", sealBundle(bundle, code)},
                       {"expires_in", 24 * 3600}};
    call("POST", spacePath() + "/invites", &body);
    return code;
}

struct SyncClient::Redeemed {
    KeyRing ring; ///< this device's new key pair, and no content key yet
    std::string device;
    json answer;
    InviteBundle bundle;
};

SyncClient::Redeemed SyncClient::redeemInvite(std::string_view codeText, std::string_view deviceName)
{
    const InviteCode code = InviteCode::parse(codeText);
    Redeemed out;
    out.ring.device = DeviceKeyPair::generate();
    out.device = randomHex(8);
    const json body = {
        {"invite", code.lookup()},
        {"device",
         {{"id", out.device},
          {"public_key", toBase64(out.ring.device.publicKey.data(), DeviceKeyPair::kSize)},
          {"name", deviceName}}}};
    out.answer = call("POST", "/v1/join", &body);
    out.bundle = openBundle(out.answer.at("bundle").get<std::string>(), code);
    if (out.bundle.space != out.answer.at("space").get<std::string>()
        || out.bundle.member != out.answer.at("member").get<std::string>())
        throw ProtocolError("The invite's keys are for another space than the server says.");
    return out;
}

void SyncClient::join(std::string_view server, std::string_view codeText, std::string_view deviceName)
{
    if (paired())
        throw ValidationError("sync", "This device is already connected to a space.");
    RitualBook book(m_store);
    (void)book.profile(); // throws when there is no profile to move in yet
    auto [ring, device, answer, bundle] = redeemInvite(codeText, deviceName);
    for (const ContentKey &k : bundle.keys)
        ring.add(k);
    const bool samePerson = bundle.role == "device";
    if (!samePerson)
        ring.add(ContentKey::generate("private", 1));
    // Paired, with the move into the space still to do: written together, so that a join cut
    // short here is finished by the next sync, before anything is pushed.
    pair(server, answer, ring, device, deviceName,
         {{"space", bundle.space}, {"member", bundle.member}, {"samePerson", samePerson}});
    sync();
}

void SyncClient::finishJoin()
{
    const auto adopt = m_store.meta(kAdopt);
    if (!adopt || adopt->empty())
        return;
    const json a = json::parse(*adopt);
    // What the space holds first, so this profile moves in beside it and its own edits come after.
    (void)pull();
    RitualBook(m_store).adoptSpace(a.at("space").get<std::string>(), a.at("member").get<std::string>(),
                                   a.at("samePerson").get<bool>());
    m_store.setMeta(kAdopt, "");
}

namespace {

/// Care needs the content library only to look exercises up; inviting and unlinking do not.
const ContentLibrary &noContent()
{
    static const ContentLibrary none;
    return none;
}

} // namespace

std::string SyncClient::inviteTherapist()
{
    if (m_store.meta(kRole).value_or("") == "therapist")
        throw ValidationError("role", "A therapist's device cannot invite anyone to the couple's space.");
    const Profile profile = RitualBook(m_store).profile();
    Care care(m_store, noContent());
    if (const auto link = care.link(); link && link->endedAt == 0)
        throw ValidationError("therapist", link->joinedAt > 0
                                               ? "You are already linked with " + link->therapistName
                                                     + "; unlink them first to invite another therapist."
                                               : "A therapist invite is already waiting; unlink it first "
                                                 "to make a new one.");
    const KeyRing ring = keys();
    InviteBundle bundle{m_store.meta(kSpace).value_or(""), randomHex(8), "therapist", profile.me.id, {}};
    // Only the newest epoch of `care`, and nothing else: what was shared with an earlier
    // therapist was sealed under the epochs before the rotation that unlinked them, and stays
    // theirs alone (docs/decisions.md §22). The first therapist's epoch is the first one.
    const std::uint32_t epoch = ring.epoch("care");
    for (const ContentKey &k : ring.keys())
        if (k.scope() == "care" && k.epoch() == epoch)
            bundle.keys.push_back(k);
    if (bundle.keys.empty())
        throw ValidationError("sync", "This device holds no key for the care space.");
    const InviteCode code = postInvite(bundle);
    care.noteInvite(bundle.member);
    try {
        (void)push();
    } catch (const Error &) {
        // The invite stands on the server; the note of it goes out with the next sync, and the
        // code must still reach the person who asked for it.
    }
    return code.text();
}

void SyncClient::joinAsTherapist(std::string_view server, std::string_view codeText, std::string_view deviceName)
{
    if (paired())
        throw ValidationError("sync", "This device is already connected to a space.");
    {
        auto st = m_store.db().cached("SELECT COUNT(*) FROM change_log");
        st->step();
        if (st->integer(0) > 0 || m_store.meta("member_id"))
            throw ValidationError("sync", "A therapist joins a couple into an empty folder of the practice.");
    }
    auto [ring, device, answer, bundle] = redeemInvite(codeText, deviceName);
    std::string refused;
    if (bundle.role != "therapist" || answer.at("role").get<std::string>() != "therapist")
        refused = "This is not a therapist invite: ask the couple for the code made with "
                  "\"Invite our therapist\".";
    for (const ContentKey &k : bundle.keys)
        if (k.scope() != "care")
            refused = "The invite carries more than the care space's key; it was not made by Hearth for a "
                      "therapist, and is refused.";
    if (refused.empty() && bundle.keys.empty())
        refused = "The invite carries no key for the care space.";
    if (!refused.empty()) {
        // The server enrolled this device already: take it out again, so that the code's member
        // is not left with a device nobody uses.
        try {
            HttpRequest request{"DELETE", "/v1/spaces/" + bundle.space + "/devices/" + device,
                                answer.at("token").get<std::string>(), "", "", ""};
            (void)m_transport.send(request);
        } catch (const Error &) {
            // Refused all the same; the couple can remove the device from their list.
        }
        throw ValidationError("code", refused);
    }
    for (const ContentKey &k : bundle.keys)
        ring.add(k);
    m_store.apply({}, {{"member_id", bundle.member}});
    pair(server, answer, ring, device, deviceName, nullptr);
    sync();
}

void SyncClient::unlinkTherapist()
{
    if (m_store.meta(kRole).value_or("") == "therapist")
        throw ValidationError("role", "Only a partner can unlink the couple's therapist.");
    Care care(m_store, noContent());
    const auto link = care.link();
    if (!link)
        throw ValidationError("therapist", "This couple has no therapist to unlink.");
    if (link->endedAt == 0)
        care.endLink();
    // The end goes out first, under the key the therapist still holds: their device learns the
    // link ended before its token stops working.
    (void)push();
    try {
        call("DELETE", spacePath() + "/members/" + link->therapistId, nullptr);
    } catch (const SyncError &e) {
        // Removed by an earlier attempt (or the partner), or an invite never redeemed.
        if (e.status() != 404)
            throw;
    }
    // The `care` key rotates once for this therapist, also when they never joined (the invite
    // code holds the old key). Their devices count as handled, so maintainKeys does not rotate
    // again; the other partner's devices rotate on their next sync, for the removed devices.
    const std::string tag = "therapist:" + link->therapistId;
    if (!contains(listSetting(kHandled), tag)) {
        rotate({"care"}, devices());
        json handled = listSetting(kHandled);
        handled.push_back(tag);
        m_store.setMeta(kHandled, handled.dump());
    }
}

void SyncClient::forget()
{
    Store::MetaUpdates cleared;
    for (const char *key : kAllSettings)
        if (std::string_view(key) != kLeft)
            cleared.emplace_back(key, "");
    m_store.apply({}, cleared);
}

SyncReport SyncClient::sync()
{
    finishJoin();
    fetchKeys();
    sendRotation();
    maintainKeys();
    SyncReport report;
    report.pushed = push();
    const SyncReport pulled = pull();
    report.pulled = pulled.pulled;
    report.merged = pulled.merged;
    // What arrived may have made a reveal due (the partner's answer is here now) or moved a
    // shared item's copy: the keys and copies the pull wrote go out now, not a long poll later.
    // Nothing to send, no request.
    if (report.merged > 0)
        report.pushed += push();
    return report;
}

/// A batch of the outbox, sealed: the change-log entries after `after` up to `upTo`, in
/// envelopes that each hold the next `counts[i]` changes of their scope, in log order.
struct SyncClient::Batch {
    std::int64_t after = 0;
    std::int64_t upTo = 0;
    std::vector<EnvelopeHeader> headers;
    std::vector<std::size_t> counts;
    std::string body; ///< the push body, {"envelopes":[...]}
};

namespace {

/// One change-log entry as the JSON text of its change.
struct LogEntry {
    std::int64_t seq = 0;
    std::string scope;
    std::string text;
};

/// The change-log entries after `after` up to `upTo`, oldest first, until `limit` entries or
/// `byteLimit` bytes of text. The text is to_json(change).dump()'s (keys in its order, the
/// fields as the log stores them, which is their dump()), written without a JSON document:
/// for thousands of changes, parsing and dumping them again cost more than sealing them.
std::vector<LogEntry> logEntries(Store &store, std::int64_t after, std::int64_t upTo,
                                 std::size_t limit, std::size_t byteLimit)
{
    std::vector<LogEntry> out;
    auto st = store.db().cached("SELECT seq, stamp, entity, id, scope, fields FROM change_log "
                                "WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3");
    st->bind(1, after).bind(2, upTo).bind(3, static_cast<std::int64_t>(limit));
    std::size_t bytes = 0;
    while (bytes < byteLimit && st->step()) {
        LogEntry e{st->integer(0), st->text(4), {}};
        const std::string fields = st->text(5);
        if (fields.size() < 2 || fields.front() != '{' || fields.back() != '}')
            throw StorageError("A change in the outbox cannot be read; the profile may be damaged.");
        e.text.reserve(fields.size() + 96);
        e.text += "{\"entity\":";
        appendJsonString(e.text, st->text(2));
        e.text += ",\"fields\":";
        e.text += fields;
        e.text += ",\"id\":";
        appendJsonString(e.text, st->text(3));
        e.text += ",\"scope\":";
        appendJsonString(e.text, e.scope);
        e.text += ",\"stamp\":";
        appendJsonString(e.text, st->text(1));
        e.text += '}';
        bytes += e.text.size();
        out.push_back(std::move(e));
    }
    return out;
}

/// The plaintext of each envelope of a batch: the entries grouped by scope, each group in log
/// order and cut into pieces of `counts` entries (one per header, in order). Empty when the
/// entries are not what the headers and counts describe.
std::vector<std::string> plaintexts(const std::vector<LogEntry> &entries,
                                    const std::vector<EnvelopeHeader> &headers,
                                    const std::vector<std::size_t> &counts)
{
    std::map<std::string_view, std::vector<const LogEntry *>> byScope;
    for (const LogEntry &e : entries)
        byScope[e.scope].push_back(&e);
    std::map<std::string_view, std::size_t> used;
    std::vector<std::string> out;
    out.reserve(headers.size());
    for (std::size_t i = 0; i < headers.size(); ++i) {
        const auto &group = byScope[headers[i].scope];
        std::size_t &from = used[headers[i].scope];
        if (counts[i] == 0 || from + counts[i] > group.size())
            return {};
        std::size_t size = 2;
        for (std::size_t k = from; k < from + counts[i]; ++k)
            size += group[k]->text.size() + 1;
        std::string &text = out.emplace_back();
        text.reserve(size);
        for (std::size_t k = from; k < from + counts[i]; ++k) {
            text += k == from ? '[' : ',';
            text += group[k]->text;
        }
        text += ']';
        from += counts[i];
    }
    for (const auto &[scope, group] : byScope)
        if (used[scope] != group.size())
            return {};
    return out;
}

/// The kept form of a batch in flight: everything but the ciphertext, which is sealed again
/// from the change log after a restart (the same ids, sequence numbers and plaintext; the
/// server stores an id once, whichever sealing of it arrives first).
std::string pendingText(std::int64_t after, std::int64_t upTo, const std::vector<EnvelopeHeader> &headers,
                        const std::vector<std::size_t> &counts)
{
    json envelopes = json::array();
    for (std::size_t i = 0; i < headers.size(); ++i)
        envelopes.push_back({{"id", headers[i].id},
                             {"space", headers[i].spaceId},
                             {"scope", headers[i].scope},
                             {"device", headers[i].deviceId},
                             {"seq", headers[i].seq},
                             {"epoch", headers[i].epoch},
                             {"count", counts[i]}});
    return json{{"version", 2}, {"after", after}, {"upTo", upTo}, {"envelopes", envelopes}}.dump();
}

/// The push body of these envelopes, sealed with these keys.
std::string sealedPushBody(const std::vector<EnvelopeHeader> &headers, const std::vector<std::string> &texts,
                           const std::vector<const ContentKey *> &keys)
{
    std::size_t size = 16;
    for (const std::string &text : texts) // the padded ciphertext in base64, and the header
        size += (std::bit_ceil(std::max(text.size() + 1, Envelope::kMinBucket)) + 16) * 4 / 3 + 256;
    std::string body;
    body.reserve(size);
    body += "{\"envelopes\":[";
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (i > 0)
            body += ',';
        appendEnvelopeJson(body, seal(headers[i], texts[i], *keys[i]));
    }
    body += "]}";
    return body;
}

/// The key to seal an envelope of this header with: the scope's current one when it is of the
/// header's epoch, else any of that epoch.
const ContentKey *sealingKey(const KeyRing &ring, const EnvelopeHeader &header)
{
    const ContentKey *current = ring.current(header.scope);
    if (current && current->epoch() == header.epoch)
        return current;
    const auto found = ring.find(header.scope, header.epoch);
    return found.empty() ? nullptr : found.front();
}

} // namespace

std::optional<SyncClient::Batch> SyncClient::pendingBatch(const KeyRing &ring, const std::string &text)
try {
    const json kept = json::parse(text, nullptr, false);
    if (!kept.is_object() || !kept.contains("envelopes") || !kept.contains("upTo"))
        return std::nullopt;
    Batch batch;
    batch.upTo = kept.at("upTo").get<std::int64_t>();
    if (!kept.contains("version")) {
        // Kept by an earlier version of Hearth: the envelopes themselves, sent again as they are.
        // How many changes each holds matters only for a re-key; they are ours and open here.
        batch.after = number(m_store.meta(kPushed));
        for (const json &wire : kept.at("envelopes")) {
            const auto envelope = wire.get<Envelope>();
            batch.headers.push_back(envelope.header);
            batch.counts.push_back(changesOf(envelope, 0, ring).size());
        }
        batch.body = json{{"envelopes", kept.at("envelopes")}}.dump();
        return batch;
    }
    batch.after = kept.at("after").get<std::int64_t>();
    for (const json &e : kept.at("envelopes")) {
        batch.headers.push_back({e.at("id").get<std::string>(), e.at("space").get<std::string>(),
                                 e.at("scope").get<std::string>(), e.at("device").get<std::string>(),
                                 e.at("seq").get<std::uint64_t>(), e.at("epoch").get<std::uint32_t>()});
        batch.counts.push_back(e.at("count").get<std::size_t>());
    }
    const auto entries = logEntries(m_store, batch.after, batch.upTo, SIZE_MAX / 2, SIZE_MAX);
    const auto texts = plaintexts(entries, batch.headers, batch.counts);
    if (texts.empty())
        return std::nullopt;
    std::vector<const ContentKey *> keys;
    for (const EnvelopeHeader &header : batch.headers) {
        keys.push_back(sealingKey(ring, header));
        if (!keys.back())
            return std::nullopt;
    }
    batch.body = sealedPushBody(batch.headers, texts, keys);
    return batch;
} catch (const json::exception &) {
    return std::nullopt;
} catch (const Error &) {
    // One of our own envelopes that no longer opens here, or a header this version refuses.
    return std::nullopt;
}

std::optional<SyncClient::Batch> SyncClient::nextBatch(const KeyRing &ring)
{
    if (auto pending = m_store.meta(kPending); pending && !pending->empty()) {
        if (auto batch = pendingBatch(ring, *pending))
            return batch;
        // It cannot be read, or sealed again as it was (its key is gone): sealed anew below,
        // under new ids. The server may then hold some changes twice; merging is idempotent.
    }
    const std::int64_t after = number(m_store.meta(kPushed));
    const auto entries = logEntries(m_store, after, INT64_MAX, m_changesPerPush, kBytesPerPush);
    if (entries.empty())
        return std::nullopt;

    // Each scope's changes in log order, cut where an envelope would pass its size: it is
    // filled up to its padding bucket, so padding wastes little but in the last of a batch.
    struct Piece {
        std::string scope;
        std::size_t count = 0;
        std::size_t bytes = 1;
    };
    std::map<std::string_view, std::vector<Piece>> byScope;
    for (const LogEntry &e : entries) {
        auto &pieces = byScope[e.scope];
        if (pieces.empty() || pieces.back().bytes + e.text.size() + 1 > kBytesPerEnvelope)
            pieces.push_back({e.scope, 0, 1});
        ++pieces.back().count;
        pieces.back().bytes += e.text.size() + 1;
    }
    Batch batch;
    batch.after = after;
    batch.upTo = entries.back().seq;
    std::int64_t seq = number(m_store.meta(kSeq));
    const std::string space = m_store.meta(kSpace).value_or("");
    const std::string device = deviceId();
    for (const auto &[scope, pieces] : byScope) {
        const ContentKey *key = ring.current(scope);
        if (!key)
            throw ValidationError("sync", "This device holds no key for \"" + std::string(scope)
                                              + "\" records, so it cannot share them.");
        for (const Piece &piece : pieces) {
            batch.headers.push_back({newEnvelopeId(), space, piece.scope, device,
                                     static_cast<std::uint64_t>(++seq), key->epoch()});
            batch.counts.push_back(piece.count);
        }
    }
    std::vector<const ContentKey *> keys;
    for (const EnvelopeHeader &header : batch.headers)
        keys.push_back(ring.current(header.scope));
    batch.body = sealedPushBody(batch.headers, plaintexts(entries, batch.headers, batch.counts), keys);
    // Kept before it is sent: after a crash the same envelopes go again, and the server,
    // idempotent on their ids, stores them once.
    m_store.apply({}, {{kPending, pendingText(batch.after, batch.upTo, batch.headers, batch.counts)},
                       {kSeq, std::to_string(seq)}});
    return batch;
}

std::vector<Change> SyncClient::changesOf(const Envelope &envelope, Millis received, const KeyRing &ring)
{
    if (received < 0)
        throw ProtocolError("The server sent a receive time that is not a whole number of milliseconds.");
    const auto keys = ring.find(envelope.header.scope, envelope.header.epoch);
    if (keys.empty())
        throw ValidationError("sync", "A change arrived under a key this device does not have yet ("
                                          + envelope.header.scope + ", epoch "
                                          + std::to_string(envelope.header.epoch) + ").");
    std::string text;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        try {
            text = open(envelope, *keys[i]);
            break;
        } catch (const ProtocolError &) {
            if (i + 1 == keys.size())
                throw;
        }
    }
    std::vector<Change> changes = readChanges(text);
    for (Change &c : changes) {
        if (c.scope != envelope.header.scope)
            throw ProtocolError("A change travelled under another scope than its own.");
        c.receivedMs = received;
    }
    return changes;
}

std::vector<Change> SyncClient::changesOf(const json &wire, const KeyRing &ring)
{
    return changesOf(wire.get<Envelope>(), receivedOf(wire), ring);
}

std::size_t SyncClient::acknowledge(const Batch &batch, const std::string &answerBody)
{
    const PushAnswer answer = readPushAnswer(answerBody);
    std::unordered_map<std::string_view, std::pair<std::int64_t, Millis>> acked;
    for (const PushOutcome &r : answer.results) {
        if (r.receivedMs < 0)
            throw ProtocolError("The server sent a receive time that is not a whole number of milliseconds.");
        acked[r.id] = {r.cursor, r.receivedMs};
    }
    std::int64_t firstCursor = INT64_MAX;
    Millis firstReceived = INT64_MAX;
    std::vector<Millis> received;
    received.reserve(batch.headers.size());
    for (const EnvelopeHeader &h : batch.headers) {
        const auto found = acked.find(h.id);
        if (found == acked.end())
            throw ProtocolError("The server did not acknowledge every envelope it was sent.");
        firstCursor = std::min(firstCursor, found->second.first);
        firstReceived = std::min(firstReceived, found->second.second);
        received.push_back(found->second.second);
    }
    // The batch holds exactly the change-log entries after the last acknowledged one up to
    // `upTo`. Their newest stamp tells whether the server's time bounds any of them
    // (Change::mergeKey); almost always none is, and then there is nothing to re-key.
    auto range = m_store.db().cached("SELECT COUNT(*), MAX(stamp) FROM change_log WHERE seq > ?1 AND seq <= ?2");
    range->bind(1, batch.after).bind(2, batch.upTo);
    range->step();
    const auto count = static_cast<std::size_t>(range->integer(0));
    const bool mayRekey = count > 0 && Stamp::parse(range->text(1)).ms > firstReceived + kMaxClockDrift;

    std::int64_t cursor = number(m_store.meta(kCursor));
    if (mayRekey) {
        // Each change with the receive time of the envelope that carried it: the envelopes hold
        // each scope's changes in log order, `counts` at a time.
        std::vector<Change> changes;
        for (auto &[seq, change] : m_store.changeLog(batch.after, static_cast<std::size_t>(batch.upTo - batch.after)))
            if (seq <= batch.upTo)
                changes.push_back(std::move(change));
        std::map<std::string, std::vector<Change *>> byScope;
        for (Change &c : changes)
            byScope[c.scope].push_back(&c);
        std::map<std::string, std::size_t> used;
        for (std::size_t i = 0; i < batch.headers.size(); ++i) {
            auto &group = byScope[batch.headers[i].scope];
            std::size_t &from = used[batch.headers[i].scope];
            for (std::size_t k = from; k < std::min(group.size(), from + batch.counts[i]); ++k)
                group[k]->receivedMs = received[i];
            from += batch.counts[i];
        }
        // When the server's time bounded one of our stamps, what arrived after it may now win
        // here: merge it again (merging is idempotent).
        if (m_store.rekey(changes))
            cursor = std::min(cursor, firstCursor - 1);
    }
    m_store.apply({}, {{kPushed, std::to_string(batch.upTo)}, {kPending, ""}, {kCursor, std::to_string(cursor)}});
    return count;
}

std::size_t SyncClient::push()
{
    finishJoin();
    const std::string path = spacePath() + "/envelopes";
    const KeyRing ring = keys();
    std::size_t pushed = 0;
    while (true) {
        auto batch = nextBatch(ring);
        if (!batch)
            return pushed;
        HttpResponse answer;
        try {
            answer = exchange("POST", path, std::move(batch->body));
        } catch (const SyncError &e) {
            // Too large for this server's limits: nothing of it was stored, so the batch is
            // sealed again, smaller, rather than sent as it is forever.
            if (e.status() != 413)
                throw;
            std::size_t changes = 0;
            for (const std::size_t count : batch->counts)
                changes += count;
            if (changes <= 1)
                throw;
            m_changesPerPush = std::max<std::size_t>(1, std::min(m_changesPerPush, changes) / 4);
            m_store.setMeta(kPending, "");
            continue;
        }
        pushed += acknowledge(*batch, answer.body);
    }
}

SyncReport SyncClient::pull(int waitSeconds)
{
    const std::string path = spacePath() + "/envelopes";
    KeyRing ring = keys();
    bool fetched = false;
    const std::string me = deviceId();
    SyncReport report;
    for (bool first = true;; first = false) {
        std::string target = path + "?after=" + std::to_string(number(m_store.meta(kCursor)))
                             + "&limit=" + std::to_string(kPullPage);
        if (first && waitSeconds > 0)
            target += "&wait=" + std::to_string(waitSeconds);
        PullAnswer answer = readPullAnswer(exchange("GET", target, {}).body);
        json aside = json::array();
        // First, in order: what is ours or does not decode, and keys this device lacks.
        std::vector<const PulledEnvelope *> theirs;
        for (const PulledEnvelope &pulled : answer.envelopes) {
            if (!pulled.error.empty()) {
                // It does not even decode: kept as it came, unless it is one of ours.
                json wire = json::parse(pulled.raw, nullptr, false);
                const auto device = wire.is_object() ? wire.find("device") : wire.end();
                if (device != wire.end() && device->is_string() && device->get_ref<const std::string &>() == me)
                    continue;
                aside.push_back(wire.is_discarded() ? json(pulled.raw) : std::move(wire));
                continue;
            }
            const EnvelopeHeader &header = pulled.envelope.header;
            if (header.deviceId == me)
                continue; // our own, already here
            if (!fetched && ring.find(header.scope, header.epoch).empty()) {
                // A rotation this device has not taken in yet: its key waits in the mailbox.
                fetched = true;
                if (fetchKeys() > 0)
                    ring = keys();
            }
            theirs.push_back(&pulled);
        }
        // Then opening and reading them, on a second thread when there are several, while this
        // one merges what is ready: reading a page's JSON costs about what merging it does.
        using Opened = std::optional<std::vector<Change>>;
        std::vector<std::packaged_task<Opened()>> tasks;
        std::vector<std::future<Opened>> results;
        tasks.reserve(theirs.size());
        results.reserve(theirs.size());
        for (const PulledEnvelope *pulled : theirs) {
            tasks.emplace_back([pulled, &ring]() -> Opened {
                try {
                    return changesOf(pulled->envelope, pulled->receivedMs, ring);
                } catch (const Error &) {
                    return std::nullopt;
                }
            });
            results.push_back(tasks.back().get_future());
        }
        std::jthread reader;
        if (tasks.size() > 1)
            reader = std::jthread([&tasks](const std::stop_token &stop) {
                for (auto &task : tasks)
                    if (!stop.stop_requested())
                        task();
            });
        else
            for (auto &task : tasks)
                task();
        std::vector<Change> changes;
        for (std::size_t i = 0; i < results.size(); ++i) {
            Opened opened = results[i].get();
            if (!opened) {
                // No key here opens it (yet), or it is damaged: set it aside and go on, so one
                // envelope cannot stop this device's sync; it is tried again when keys arrive.
                std::string text;
                appendEnvelopeJson(text, theirs[i]->envelope, theirs[i]->cursor, theirs[i]->receivedMs);
                aside.push_back(json::parse(text));
            } else if (changes.empty()) {
                changes = std::move(*opened);
            } else {
                changes.insert(changes.end(), std::make_move_iterator(opened->begin()),
                               std::make_move_iterator(opened->end()));
            }
            // Merged whenever the reader has nothing more ready, and at the end.
            const bool last = i + 1 == results.size();
            if (!changes.empty()
                && (last || results[i + 1].wait_for(std::chrono::seconds(0)) != std::future_status::ready)) {
                report.pulled += changes.size();
                report.merged += m_store.merge(changes);
                changes.clear();
            }
        }
        Store::MetaUpdates meta = {{kCursor, std::to_string(answer.next)},
                                   {kLastSync, std::to_string(m_store.clock().nowMs())}};
        if (!aside.empty()) {
            json unopened = listSetting(kUnopened);
            for (json &wire : aside)
                if (unopened.size() < kMaxUnopened)
                    unopened.push_back(std::move(wire));
            meta.emplace_back(kUnopened, unopened.dump());
        }
        m_store.apply({}, meta);
        if (!answer.more) {
            // A partner's answer may have arrived: publish the keys of ours that are now due
            // (fair reveal, docs/decisions.md §18). Another device of this person may have
            // shared, edited or taken back an item: its copy for the partner follows the item
            // (docs/decisions.md §20). Both go out with the next push.
            // The care space's copies (a partner's care card, shared reflections) follow too;
            // a therapist's replica holds nothing of its own to reveal or copy.
            if (report.merged > 0) {
                if (m_store.meta(kRole).value_or("") != "therapist") {
                    fair::revealDue(m_store);
                    settleSharedCopies(m_store);
                }
                settleCare(m_store);
            }
            return report;
        }
    }
}

std::vector<DeviceInfo> SyncClient::devices()
{
    const json answer = call("GET", spacePath() + "/devices", nullptr);
    std::vector<DeviceInfo> out;
    for (const json &d : answer.at("devices"))
        out.push_back({d.at("id").get<std::string>(), d.value("member", ""), d.value("role", ""),
                       d.value("name", ""), d.value("created", std::int64_t{0}),
                       d.value("last_seen", std::int64_t{0}), d.value("removed", false),
                       d.value("public_key", "")});
    return out;
}

namespace {

/// Which scopes a device could read, by its role and whose it is.
std::vector<std::string> scopesOf(const DeviceInfo &d, const std::string &myMember)
{
    if (d.role == "therapist")
        return {"care"};
    std::vector<std::string> scopes{"couple", "care"};
    if (d.member == myMember)
        scopes.emplace_back("private");
    return scopes;
}

bool canRead(const DeviceInfo &d, std::string_view scope, const std::string &myMember)
{
    for (const auto &s : scopesOf(d, myMember))
        if (s == scope)
            return true;
    return false;
}

} // namespace

void SyncClient::removeDevice(std::string_view id)
{
    auto list = devices();
    auto target = std::find_if(list.begin(), list.end(), [&](const DeviceInfo &d) { return d.id == id; });
    if (target == list.end())
        throw ValidationError("device", "The space has no device \"" + std::string(id) + "\".");
    if (target->id == deviceId())
        throw ValidationError("device", "This is the device you are using; remove it from another one, "
                                        "or leave the space.");
    call("DELETE", spacePath() + "/devices/" + std::string(id), nullptr);
    target->removed = true;
    rotate(scopesOf(*target, m_store.meta("member_id").value_or("")), list);
}

void SyncClient::leave()
{
    // What was written here before leaving still reaches the partner. A device_removed answer
    // means an earlier attempt got through and only its answer was lost: this device is gone.
    try {
        (void)push();
        call("DELETE", spacePath() + "/members/" + m_store.meta("member_id").value_or(""), nullptr);
    } catch (const SyncError &e) {
        if (e.code() != "device_removed")
            throw;
    }
    markLeft();
}

void SyncClient::markLeft()
{
    const std::string now = std::to_string(m_store.clock().nowMs());
    m_store.apply({}, {{kToken, ""}, {kLeft, now}, {kReadOnlyMeta, now}});
}

namespace {

std::array<unsigned char, DeviceKeyPair::kSize> publicKeyOf(const DeviceInfo &d)
{
    const auto pk = fromBase64(d.publicKey, "public_key");
    if (pk.size() != DeviceKeyPair::kSize)
        throw ProtocolError("A device's public key has the wrong length.");
    std::array<unsigned char, DeviceKeyPair::kSize> out{};
    std::copy(pk.begin(), pk.end(), out.begin());
    return out;
}

/// What names one key sealed to one device, in the list of what was shared.
std::string sharedTag(const std::string &device, const ContentKey &key)
{
    return device + ":" + key.scope() + ":" + std::to_string(key.epoch()) + ":" + toHex(key.data(), 4);
}

/// Whether the couple ended its link with this therapist: a device that joins later with an old
/// invite of theirs gets no new key.
bool linkEnded(Store &store, const std::string &therapistId)
{
    auto st = store.db().cached("SELECT COUNT(*) FROM care_link WHERE id = ?1 AND endedAt > 0");
    st->bind(1, therapistId);
    st->step();
    return st->integer(0) > 0;
}

} // namespace

void SyncClient::rotate(const std::vector<std::string> &scopes, const std::vector<DeviceInfo> &list)
{
    KeyRing ring = keys();
    for (const std::string &scope : scopes) {
        if (!ring.current(scope))
            continue; // a scope this device cannot read is not its to rotate
        ring.add(ContentKey::generate(scope, ring.epoch(scope) + 1));
    }
    json handled = listSetting(kHandled);
    for (const DeviceInfo &d : list)
        if (d.removed && !contains(handled, d.id))
            handled.push_back(d.id);
    m_store.apply({}, {{kKeys, ring.toJson().dump()}, {kHandled, handled.dump()}});
    shareKeys(ring, list);
}

void SyncClient::shareKeys(const KeyRing &ring, const std::vector<DeviceInfo> &list)
{
    const std::string me = deviceId();
    const std::string myMember = m_store.meta("member_id").value_or("");
    json shared = listSetting(kShared);
    json boxes = listSetting(kRotation);
    const std::size_t before = boxes.size();
    for (const ContentKey &key : ring.keys()) {
        if (key.epoch() <= 1)
            continue; // the first epoch travels in invites
        for (const DeviceInfo &d : list) {
            if (d.removed || d.id == me || d.publicKey.empty() || !canRead(d, key.scope(), myMember)
                || (d.role == "therapist" && linkEnded(m_store, d.member)))
                continue;
            const std::string tag = sharedTag(d.id, key);
            if (contains(shared, tag))
                continue;
            boxes.push_back({{"device", d.id}, {"box", sealKeyFor(key, publicKeyOf(d), ring.device)}});
            shared.push_back(tag);
        }
    }
    if (boxes.size() == before)
        return;
    // The boxes are kept before anything is sent: if sending fails, the next sync sends them
    // again, and this device never seals with a key the others cannot get.
    m_store.apply({}, {{kRotation, boxes.dump()}, {kShared, shared.dump()}});
    sendRotation();
}

void SyncClient::sendRotation()
{
    const json boxes = listSetting(kRotation);
    if (boxes.empty())
        return;
    const json body = {{"boxes", boxes}};
    call("POST", spacePath() + "/keys", &body);
    m_store.setMeta(kRotation, "");
}

void SyncClient::maintainKeys()
{
    if (m_store.meta(kRole).value_or("") == "therapist")
        return;
    const auto list = devices();
    const json handled = listSetting(kHandled);
    const std::string myMember = m_store.meta("member_id").value_or("");
    std::vector<std::string> scopes;
    for (const DeviceInfo &d : list) {
        if (!d.removed || contains(handled, d.id))
            continue;
        for (const auto &s : scopesOf(d, myMember))
            if (std::find(scopes.begin(), scopes.end(), s) == scopes.end())
                scopes.push_back(s);
    }
    if (!scopes.empty())
        rotate(scopes, list);
    else
        shareKeys(keys(), list);
}

std::size_t SyncClient::fetchKeys()
{
    std::size_t taken = 0;
    KeyRing ring = keys();
    std::vector<DeviceInfo> list;
    const std::string myMember = m_store.meta("member_id").value_or("");
    const bool therapist = m_store.meta(kRole).value_or("") == "therapist";
    while (true) {
        const json answer = call("GET", spacePath() + "/keys?after=" + std::to_string(number(m_store.meta(kKeyCursor))), nullptr);
        const json &boxes = answer.at("boxes");
        if (!boxes.empty() && list.empty())
            list = devices();
        for (const json &b : boxes) {
            // Only a device that may hold a scope's key may hand one out: a partner cannot plant
            // a `private` key, nor a therapist a `couple` one. Anything else is left unread.
            const std::string from = b.value("from", "");
            const auto sender = std::find_if(list.begin(), list.end(), [&](const DeviceInfo &d) { return d.id == from; });
            if (sender == list.end() || sender->publicKey.empty())
                continue;
            try {
                const ContentKey key = openKeyBox(b.at("box").get<std::string>(), publicKeyOf(*sender), ring.device);
                if (!canRead(*sender, key.scope(), myMember) || (therapist && key.scope() != "care"))
                    continue;
                ring.add(key);
                ++taken;
            } catch (const Error &) {
                continue;
            }
        }
        m_store.apply({}, {{kKeys, ring.toJson().dump()},
                           {kKeyCursor, std::to_string(answer.at("next").get<std::int64_t>())}});
        if (boxes.empty() || !answer.value("more", false))
            break;
    }
    if (taken > 0)
        retryUnopened(ring);
    return taken;
}

std::size_t SyncClient::retryUnopened(const KeyRing &ring)
{
    const json list = listSetting(kUnopened);
    if (list.empty())
        return 0;
    json still = json::array();
    std::vector<Change> changes;
    for (const json &wire : list) {
        try {
            auto opened = changesOf(wire, ring);
            changes.insert(changes.end(), opened.begin(), opened.end());
        } catch (const Error &) {
            still.push_back(wire);
        }
    }
    const std::size_t merged = changes.empty() ? 0 : m_store.merge(changes);
    m_store.setMeta(kUnopened, still.empty() ? std::string() : still.dump());
    return merged;
}

} // namespace hearth::sync
