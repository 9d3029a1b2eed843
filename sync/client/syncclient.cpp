#include "syncclient.h"

#include "encoding.h"
#include "envelope.h"
#include "hlc.h"
#include "ritualbook.h"
#include "store.h"

#include <algorithm>
#include <map>

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

/// How much goes in one envelope and one push.
constexpr std::size_t kChangesPerEnvelope = 250;
constexpr std::size_t kBytesPerEnvelope = 256 * 1024;
constexpr std::size_t kChangesPerPush = 1000; ///< at first; smaller after a 413
constexpr int kPullPage = 500;

std::int64_t number(const std::optional<std::string> &text)
{
    return text && !text->empty() ? std::stoll(*text) : 0;
}

/// Whether the ring holds a key for the envelope's scope and epoch, read from its header fields
/// without decoding the ciphertext. A malformed header counts as held: opening it then reports
/// what is wrong.
bool holdsKeyFor(const json &wire, const KeyRing &ring)
{
    const auto scope = wire.find("scope");
    const auto epoch = wire.find("epoch");
    if (scope == wire.end() || !scope->is_string() || epoch == wire.end() || !epoch->is_number_unsigned()
        || epoch->get<std::uint64_t>() > UINT32_MAX)
        return true;
    return !ring.find(scope->get_ref<const std::string &>(), static_cast<std::uint32_t>(epoch->get<std::uint64_t>()))
                .empty();
}

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

json SyncClient::call(const char *method, const std::string &target, const json *body)
{
    HttpRequest request{method, target, m_store.meta(kToken).value_or(""), "", "", ""};
    if (body) {
        request.contentType = "application/json";
        request.body = body->dump();
    }
    const HttpResponse response = m_transport.send(request);
    json answer = json::parse(response.body, nullptr, false);
    if (response.status >= 400) {
        if (answer.is_object() && answer.contains("error") && answer["error"].is_object()) {
            const json &e = answer["error"];
            throw SyncError(response.status, e.value("code", "error"),
                            e.value("message", "The server refused the request."), response.retryAfter);
        }
        throw SyncError(response.status, "http_" + std::to_string(response.status),
                        "The server answered with status " + std::to_string(response.status) + ".",
                        response.retryAfter);
    }
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
    if (role == "partner")
        for (const DeviceInfo &d : devices())
            if (d.member == bundle.member)
                throw ValidationError("role", "Your partner is already in this space. To add another device "
                                              "of theirs, they make the invite on a device of their own.");
    // The invitee may read what was written before it came: every epoch of its scopes.
    for (const ContentKey &k : ring.keys())
        if (k.scope() != "private" || role == "device")
            bundle.keys.push_back(k);
    const InviteCode code = InviteCode::generate();
    const json body = {{"invite", code.lookup()},
                       {"role", role},
                       {"member", bundle.member},
                       {"bundle", sealBundle(bundle, code)},
                       {"expires_in", 24 * 3600}};
    call("POST", spacePath() + "/invites", &body);
    return code.text();
}

void SyncClient::join(std::string_view server, std::string_view codeText, std::string_view deviceName)
{
    if (paired())
        throw ValidationError("sync", "This device is already connected to a space.");
    RitualBook book(m_store);
    (void)book.profile(); // throws when there is no profile to move in yet
    const InviteCode code = InviteCode::parse(codeText);
    KeyRing ring;
    ring.device = DeviceKeyPair::generate();
    const std::string device = randomHex(8);
    const json body = {
        {"invite", code.lookup()},
        {"device",
         {{"id", device},
          {"public_key", toBase64(ring.device.publicKey.data(), DeviceKeyPair::kSize)},
          {"name", deviceName}}}};
    const json answer = call("POST", "/v1/join", &body);
    const InviteBundle bundle = openBundle(answer.at("bundle").get<std::string>(), code);
    if (bundle.space != answer.at("space").get<std::string>()
        || bundle.member != answer.at("member").get<std::string>())
        throw ProtocolError("The invite's keys are for another space than the server says.");
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
    return report;
}

json SyncClient::nextBatch(const KeyRing &ring)
{
    if (auto pending = m_store.meta(kPending); pending && !pending->empty())
        return json::parse(*pending);
    const auto log = m_store.changeLog(number(m_store.meta(kPushed)), m_changesPerPush);
    if (log.empty())
        return nullptr;

    // Each change is turned into JSON text once: its length decides the envelope it goes in,
    // and an envelope's plaintext is the texts joined, byte for byte json(chunk).dump().
    struct Chunk {
        std::size_t count = 0;
        std::string text;
    };
    std::map<std::string, std::vector<Chunk>> byScope;
    for (const auto &[seq, change] : log) {
        auto &chunks = byScope[change.scope];
        const std::string text = json(change).dump();
        if (chunks.empty() || chunks.back().count >= kChangesPerEnvelope
            || chunks.back().text.size() + text.size() + 2 > kBytesPerEnvelope) {
            chunks.emplace_back();
            chunks.back().text.reserve(std::min(kBytesPerEnvelope, kChangesPerEnvelope * (text.size() + 1) + 2));
        }
        Chunk &chunk = chunks.back();
        chunk.text += chunk.count++ == 0 ? '[' : ',';
        chunk.text += text;
    }
    std::int64_t seq = number(m_store.meta(kSeq));
    json envelopes = json::array();
    for (auto &[scope, chunks] : byScope) {
        const ContentKey *key = ring.current(scope);
        if (!key)
            throw ValidationError("sync", "This device holds no key for \"" + scope
                                              + "\" records, so it cannot share them.");
        for (Chunk &chunk : chunks) {
            chunk.text += ']';
            const EnvelopeHeader header{newEnvelopeId(), m_store.meta(kSpace).value_or(""), scope,
                                        deviceId(), static_cast<std::uint64_t>(++seq), key->epoch()};
            envelopes.push_back(seal(header, chunk.text, *key));
        }
    }
    json batch = {{"upTo", log.back().first}, {"envelopes", envelopes}};
    // Written before it is sent: after a crash the same envelopes go again, and the server,
    // idempotent on their ids, stores them once.
    m_store.apply({}, {{kPending, batch.dump()}, {kSeq, std::to_string(seq)}});
    return batch;
}

std::vector<Change> SyncClient::changesOf(const json &wire, const KeyRing &ring)
{
    const Envelope envelope = wire.get<Envelope>();
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
    std::vector<Change> changes = json::parse(text).get<std::vector<Change>>();
    const Millis received = receivedOf(wire);
    for (Change &c : changes) {
        if (c.scope != envelope.header.scope)
            throw ProtocolError("A change travelled under another scope than its own.");
        c.receivedMs = received;
    }
    return changes;
}

std::size_t SyncClient::acknowledge(const json &batch, const json &results, const KeyRing &ring)
{
    std::map<std::string, std::pair<std::int64_t, Millis>> acked;
    for (const json &r : results)
        acked[r.at("id").get<std::string>()] = {r.at("cursor").get<std::int64_t>(),
                                                receivedOf(r)};
    std::int64_t firstCursor = INT64_MAX;
    Millis firstReceived = INT64_MAX;
    for (const json &wire : batch.at("envelopes")) {
        const auto found = acked.find(wire.at("id").get<std::string>());
        if (found == acked.end())
            throw ProtocolError("The server did not acknowledge every envelope it was sent.");
        firstCursor = std::min(firstCursor, found->second.first);
        firstReceived = std::min(firstReceived, found->second.second);
    }
    const std::int64_t upTo = batch.at("upTo").get<std::int64_t>();
    // The batch holds exactly the change-log entries after the last acknowledged one up to
    // `upTo`. Their newest stamp tells whether the server's time bounds any of them
    // (Change::mergeKey); almost always none is, and then there is nothing to re-key and no
    // need to open the envelopes again.
    auto range = m_store.db().cached("SELECT COUNT(*), MAX(stamp) FROM change_log WHERE seq > ?1 AND seq <= ?2");
    range->bind(1, number(m_store.meta(kPushed))).bind(2, upTo);
    range->step();
    auto count = static_cast<std::size_t>(range->integer(0));
    const bool mayRekey = count > 0 && Stamp::parse(range->text(1)).ms > firstReceived + kMaxClockDrift;

    std::int64_t cursor = number(m_store.meta(kCursor));
    if (mayRekey) {
        std::vector<Change> changes;
        for (json wire : batch.at("envelopes")) {
            wire["received"] = acked.at(wire.at("id").get<std::string>()).second;
            auto mine = changesOf(wire, ring);
            changes.insert(changes.end(), mine.begin(), mine.end());
        }
        count = changes.size();
        // When the server's time bounded one of our stamps, what arrived after it may now win
        // here: merge it again (merging is idempotent).
        if (m_store.rekey(changes))
            cursor = std::min(cursor, firstCursor - 1);
    }
    m_store.apply({}, {{kPushed, std::to_string(upTo)}, {kPending, ""}, {kCursor, std::to_string(cursor)}});
    return count;
}

std::size_t SyncClient::push()
{
    finishJoin();
    const std::string path = spacePath() + "/envelopes";
    const KeyRing ring = keys();
    std::size_t pushed = 0;
    while (true) {
        const json batch = nextBatch(ring);
        if (batch.is_null())
            return pushed;
        const json body = {{"envelopes", batch.at("envelopes")}};
        json answer;
        try {
            answer = call("POST", path, &body);
        } catch (const SyncError &e) {
            // Too large for this server's limits: nothing of it was stored, so the batch is
            // sealed again, smaller, rather than sent as it is forever.
            if (e.status() != 413 || m_changesPerPush == 1)
                throw;
            m_changesPerPush = std::max<std::size_t>(1, m_changesPerPush / 4);
            m_store.setMeta(kPending, "");
            continue;
        }
        pushed += acknowledge(batch, answer.at("results"), ring);
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
        const json answer = call("GET", target, nullptr);
        std::vector<Change> changes;
        json aside = json::array();
        for (const json &wire : answer.at("envelopes")) {
            if (wire.value("device", "") == me)
                continue; // our own, already here
            if (!fetched && !holdsKeyFor(wire, ring)) {
                // A rotation this device has not taken in yet: its key waits in the mailbox.
                fetched = true;
                if (fetchKeys() > 0)
                    ring = keys();
            }
            try {
                auto theirs = changesOf(wire, ring);
                changes.insert(changes.end(), theirs.begin(), theirs.end());
            } catch (const Error &) {
                // No key here opens it (yet), or it is damaged: set it aside and go on, so one
                // envelope cannot stop this device's sync; it is tried again when keys arrive.
                aside.push_back(wire);
            }
        }
        report.pulled += changes.size();
        if (!changes.empty())
            report.merged += m_store.merge(changes);
        Store::MetaUpdates meta = {{kCursor, std::to_string(answer.at("next").get<std::int64_t>())},
                                   {kLastSync, std::to_string(m_store.clock().nowMs())}};
        if (!aside.empty()) {
            json unopened = listSetting(kUnopened);
            for (json &wire : aside)
                if (unopened.size() < kMaxUnopened)
                    unopened.push_back(std::move(wire));
            meta.emplace_back(kUnopened, unopened.dump());
        }
        m_store.apply({}, meta);
        if (!answer.value("more", false))
            return report;
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

bool contains(const json &list, const std::string &value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
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
            if (d.removed || d.id == me || d.publicKey.empty() || !canRead(d, key.scope(), myMember))
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
                if (!canRead(*sender, key.scope(), myMember))
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
