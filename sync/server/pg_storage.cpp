#include "pg_storage.h"

#include "pg_connection.h"
#include "rate_limiter.h"

#include "errors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <regex>
#include <unordered_set>

namespace hearth::server {

namespace {

/// The advisory lock every migration holds ("Hearth" and 1), so that processes starting together
/// migrate one after the other: the first does the work, the others find it done.
constexpr std::int64_t kMigrationLock = 0x4865617274680001;

/// Each step brings the schema from version i to i + 1; steps are never edited once released.
/// Every table that belongs to a space has the space in its primary key, so that the tables can
/// be distributed by space (Citus) without changing a query: each names its space.
constexpr std::array<const char *, PgStorage::kSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE spaces (
  id text PRIMARY KEY,
  created_ms bigint NOT NULL,
  -- The newest envelope cursor and key box cursor handed out in the space (0: none yet). A
  -- transaction that stores takes them under this row's lock and writes them back before it
  -- commits, so that stores to one space commit in the order of their cursors.
  next_cursor bigint NOT NULL DEFAULT 0,
  next_box bigint NOT NULL DEFAULT 0
);
CREATE TABLE members (
  space text NOT NULL REFERENCES spaces(id),
  id text NOT NULL,
  role text NOT NULL,
  created_ms bigint NOT NULL,
  -- Above 0 for a member invited back after every device of theirs was removed: their devices
  -- see their private envelopes only after this cursor.
  private_from bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (space, id)
);
CREATE TABLE devices (
  id text PRIMARY KEY,
  space text NOT NULL,
  member text NOT NULL,
  role text NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  public_key bytea NOT NULL,
  created_ms bigint NOT NULL,
  last_seen_ms bigint NOT NULL,
  removed boolean NOT NULL DEFAULT false,
  FOREIGN KEY (space, member) REFERENCES members(space, id)
);
CREATE INDEX devices_by_space ON devices(space, member);
CREATE TABLE invites (
  lookup_hash text PRIMARY KEY,
  space text NOT NULL REFERENCES spaces(id),
  role text NOT NULL,
  member text NOT NULL,
  bundle bytea NOT NULL,
  expires_ms bigint NOT NULL,
  used boolean NOT NULL DEFAULT false
);
-- Append-only: rows are never deleted or updated.
CREATE TABLE envelopes (
  space text NOT NULL REFERENCES spaces(id),
  cursor bigint NOT NULL,
  id text NOT NULL,
  scope text NOT NULL,
  device text NOT NULL,
  author text NOT NULL,
  seq bigint NOT NULL,
  epoch bigint NOT NULL,
  received_ms bigint NOT NULL,
  nonce bytea NOT NULL,
  ciphertext bytea NOT NULL,
  PRIMARY KEY (space, cursor),
  UNIQUE (space, id)
);
-- Ciphertext does not compress: keep it out of line without trying.
ALTER TABLE envelopes ALTER COLUMN ciphertext SET STORAGE EXTERNAL;
CREATE TABLE key_boxes (
  space text NOT NULL REFERENCES spaces(id),
  cursor bigint NOT NULL,
  recipient text NOT NULL,
  sender text NOT NULL,
  box bytea NOT NULL,
  received_ms bigint NOT NULL,
  PRIMARY KEY (space, cursor)
);
CREATE INDEX key_boxes_by_recipient ON key_boxes(space, recipient, cursor);
-- Rate-limit buckets: worthless after a crash (they refill anyway), so not worth the WAL.
CREATE UNLOGGED TABLE rate_buckets (
  key text PRIMARY KEY,
  tokens float8 NOT NULL,
  updated_ms bigint NOT NULL,
  allowed boolean NOT NULL
);
)sql",
};

constexpr const char *kDeviceQuery =
    "SELECT d.id, d.space, d.member, d.role, d.name, d.token_hash, d.public_key, d.created_ms, "
    "d.last_seen_ms, d.removed, m.private_from FROM devices d "
    "JOIN members m ON m.space = d.space AND m.id = d.member WHERE ";

DeviceRecord readDevice(const PgResult &r, int row)
{
    DeviceRecord d;
    d.id = r.text(row, 0);
    d.spaceId = r.text(row, 1);
    d.memberId = r.text(row, 2);
    d.role = r.text(row, 3);
    d.name = r.text(row, 4);
    d.tokenHash = r.text(row, 5);
    d.publicKey = r.bytes(row, 6);
    d.createdMs = r.integer(row, 7);
    d.lastSeenMs = r.integer(row, 8);
    d.removed = r.boolean(row, 9);
    d.privateFrom = r.integer(row, 10);
    return d;
}

/// A text[] literal ({"a","b"}) for `= ANY($n::text[])`.
std::string textArray(const std::vector<std::string> &items)
{
    std::string out = "{";
    for (const std::string &item : items) {
        if (out.size() > 1)
            out += ',';
        out += '"';
        for (const char c : item) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

PgBytes bytesOf(const std::vector<unsigned char> &bytes)
{
    return {{reinterpret_cast<const char *>(bytes.data()), bytes.size()}};
}

/// Token buckets in the shared table rate_buckets: one atomic upsert per request computes the
/// same bucket as RateLimiter, so that every process takes from the same buckets.
class PgRateLimits final : public RateLimits {
public:
    PgRateLimits(PgConnection &db, double ratePerSecond, double burst)
        : m_db(db), m_rate(std::max(ratePerSecond, 0.001)), m_burst(std::max(burst, 1.0))
    {
    }

    int take(const std::string &key, std::int64_t nowMs) override
    {
        if (++m_takes % kPruneEvery == 0)
            forgetFullBuckets(nowMs);
        // $2 burst, $3 now, $4 rate. A new bucket starts full and gives one; an existing one is
        // refilled for the time since it was last used (none when the clock stepped back), up
        // to the burst, and gives one if it holds one. The SET expressions read the old row.
        const PgResult r = m_db.exec(
            "INSERT INTO rate_buckets AS b (key, tokens, updated_ms, allowed) "
            "VALUES ($1, $2::float8 - 1, $3::bigint, true) "
            "ON CONFLICT (key) DO UPDATE SET "
            "tokens = CASE WHEN least($2::float8, b.tokens + greatest($3::bigint - b.updated_ms, "
            "0)::float8 / 1000.0::float8 * $4::float8) >= 1 "
            "THEN least($2::float8, b.tokens + greatest($3::bigint - b.updated_ms, 0)::float8 "
            "/ 1000.0::float8 * $4::float8) - 1 "
            "ELSE least($2::float8, b.tokens + greatest($3::bigint - b.updated_ms, 0)::float8 "
            "/ 1000.0::float8 * $4::float8) END, "
            "updated_ms = greatest(b.updated_ms, $3::bigint), "
            "allowed = least($2::float8, b.tokens + greatest($3::bigint - b.updated_ms, "
            "0)::float8 / 1000.0::float8 * $4::float8) >= 1 "
            "RETURNING tokens, allowed",
            {key, m_burst, nowMs, m_rate});
        if (r.boolean(0, 1))
            return 0;
        return static_cast<int>(std::ceil((1.0 - r.real(0, 0)) / m_rate));
    }

private:
    /// Buckets untouched for as long as an empty one takes to fill are full: forgetting them
    /// changes nothing, and keeps a flood of made-up keys from growing the table without bound.
    void forgetFullBuckets(std::int64_t nowMs)
    {
        const auto fillMs = static_cast<std::int64_t>(std::ceil(m_burst / m_rate * 1000.0));
        m_db.exec("DELETE FROM rate_buckets WHERE updated_ms < $1::bigint", {nowMs - fillMs});
    }

    static constexpr std::uint64_t kPruneEvery = 1000;

    PgConnection &m_db;
    double m_rate;
    double m_burst;
    std::uint64_t m_takes = 0;
};

} // namespace

PgStorage::PgStorage(std::string conninfo) : PgStorage(std::move(conninfo), kSchemaVersion) {}

PgStorage::PgStorage(std::string conninfo, int version)
{
    try {
        m_db = std::make_unique<PgConnection>(conninfo);
    } catch (const StorageError &e) {
        throw StorageError(std::string(e.what()) + " (" + redacted(conninfo) + ")");
    }
    migrate(std::clamp(version, 1, kSchemaVersion));
}

PgStorage::~PgStorage() = default;

bool PgStorage::isConnectionUri(std::string_view db) noexcept
{
    return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string PgStorage::redacted(std::string_view conninfo)
{
    std::string out(conninfo);
    if (isConnectionUri(out)) {
        // postgresql://user:password@host/...: the password is between the first ':' of the
        // user info and its last '@'.
        const std::size_t start = out.find("://") + 3;
        const std::size_t end = std::min(out.find_first_of("/?", start), out.size());
        const std::size_t at = out.rfind('@', end);
        if (at != std::string::npos && at >= start) {
            const std::size_t colon = out.find(':', start);
            if (colon < at)
                out.replace(colon + 1, at - colon - 1, "***");
        }
        static const std::regex queryPassword(R"(([?&]password=)[^&]*)");
        return std::regex_replace(out, queryPassword, "$1***");
    }
    static const std::regex keywordPassword(R"((password\s*=\s*)('(\\.|[^'])*'|\S*))");
    return std::regex_replace(out, keywordPassword, "$1***");
}

int PgStorage::schemaVersion()
{
    if (m_db->exec("SELECT to_regclass('hearth_schema_version') IS NULL").boolean(0, 0))
        return 0;
    const PgResult r = m_db->exec("SELECT max(version) FROM hearth_schema_version");
    return static_cast<int>(r.integer(0, 0));
}

void PgStorage::migrate(int to)
{
    PgTransaction tx(*m_db);
    // Until commit: a second process starting now waits here, then finds the work done.
    m_db->exec("SELECT pg_advisory_xact_lock($1::bigint)", {kMigrationLock});
    m_db->execScript("CREATE TABLE IF NOT EXISTS hearth_schema_version (version integer NOT NULL)");
    const int from = schemaVersion();
    if (from > kSchemaVersion)
        throw StorageError("The database was written by a newer hearth-server (schema "
                           + std::to_string(from) + "); this one knows up to "
                           + std::to_string(kSchemaVersion));
    if (from >= to) {
        tx.commit();
        return;
    }
    for (int version = from; version < to; ++version)
        m_db->execScript(kMigrations[static_cast<std::size_t>(version)]);
    m_db->execScript("DELETE FROM hearth_schema_version");
    m_db->exec("INSERT INTO hearth_schema_version (version) VALUES ($1::integer)", {to});
    tx.commit();
}

std::unique_ptr<RateLimits> PgStorage::rateLimits(double ratePerSecond, double burst)
{
    return std::make_unique<PgRateLimits>(*m_db, ratePerSecond, burst);
}

ServerStorage::CreateStatus PgStorage::createSpace(const DeviceRecord &first)
{
    PgTransaction tx(*m_db);
    // ON CONFLICT ... DO NOTHING: a space or device created meanwhile by another process makes
    // the insert return nothing, instead of an error to tell from the others.
    if (m_db->exec("INSERT INTO spaces (id, created_ms) VALUES ($1, $2) "
                   "ON CONFLICT (id) DO NOTHING RETURNING 1",
                   {first.spaceId, first.createdMs})
            .empty())
        return CreateStatus::SpaceExists;
    m_db->exec("INSERT INTO members (space, id, role, created_ms) VALUES ($1, $2, $3, $4)",
               {first.spaceId, first.memberId, first.role, first.createdMs});
    if (m_db->exec("INSERT INTO devices (id, space, member, role, name, token_hash, public_key, "
                   "created_ms, last_seen_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                   "ON CONFLICT (id) DO NOTHING RETURNING 1",
                   {first.id, first.spaceId, first.memberId, first.role, first.name,
                    first.tokenHash, PgBytes{first.publicKey}, first.createdMs, first.lastSeenMs})
            .empty())
        return CreateStatus::DeviceExists; // the space and member roll back with it
    tx.commit();
    return CreateStatus::Created;
}

bool PgStorage::spaceExists(const std::string &spaceId)
{
    return !m_db->exec("SELECT 1 FROM spaces WHERE id = $1", {spaceId}).empty();
}

std::int64_t PgStorage::spaceCount()
{
    return m_db->exec("SELECT count(*) FROM spaces").integer(0, 0);
}

std::optional<DeviceRecord> PgStorage::deviceByTokenHash(const std::string &hash)
{
    const PgResult r = m_db->exec(std::string(kDeviceQuery) + "d.token_hash = $1", {hash});
    if (r.empty())
        return std::nullopt;
    return readDevice(r, 0);
}

std::optional<DeviceRecord> PgStorage::device(const std::string &spaceId,
                                              const std::string &deviceId)
{
    const PgResult r =
        m_db->exec(std::string(kDeviceQuery) + "d.space = $1 AND d.id = $2", {spaceId, deviceId});
    if (r.empty())
        return std::nullopt;
    return readDevice(r, 0);
}

std::vector<DeviceRecord> PgStorage::devices(const std::string &spaceId)
{
    const PgResult r = m_db->exec(
        std::string(kDeviceQuery) + "d.space = $1 ORDER BY d.created_ms, d.id", {spaceId});
    std::vector<DeviceRecord> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int row = 0; row < r.rows(); ++row)
        out.push_back(readDevice(r, row));
    return out;
}

std::vector<MemberRecord> PgStorage::members(const std::string &spaceId)
{
    const PgResult r = m_db->exec(
        "SELECT m.id, m.role FROM members m WHERE m.space = $1 AND EXISTS "
        "(SELECT 1 FROM devices d WHERE d.space = m.space AND d.member = m.id AND NOT d.removed) "
        "ORDER BY m.created_ms, m.id",
        {spaceId});
    std::vector<MemberRecord> out;
    for (int row = 0; row < r.rows(); ++row)
        out.push_back({r.text(row, 0), r.text(row, 1)});
    return out;
}

Enrolment PgStorage::enrolment(const std::string &spaceId, const std::string &memberId,
                               const std::string &role)
{
    const PgResult r = m_db->exec(
        "SELECT m.role, (SELECT count(*) FROM devices d WHERE d.space = m.space "
        "AND d.member = m.id AND NOT d.removed) FROM members m WHERE m.space = $1 AND m.id = $2",
        {spaceId, memberId});
    if (r.empty())
        return Enrolment::New;
    return r.text(0, 0) == role && r.integer(0, 1) == 0 ? Enrolment::Returning
                                                        : Enrolment::Present;
}

void PgStorage::touchDevice(const std::string &spaceId, const std::string &deviceId,
                            std::int64_t nowMs)
{
    // last_seen is for people to read: its commit need not wait for the disk, and a crash that
    // loses the last second of it loses nothing anyone relies on. Waiting for the fsync made
    // this the dearest write of an idle device's long poll (bench/scaleout.sh).
    PgTransaction tx(*m_db);
    m_db->exec("SET LOCAL synchronous_commit = off");
    m_db->exec("UPDATE devices SET last_seen_ms = $3 WHERE space = $1 AND id = $2",
               {spaceId, deviceId, nowMs});
    tx.commit();
}

std::vector<std::string> PgStorage::removeDevices(const std::string &spaceId,
                                                  const std::vector<std::string> &deviceIds)
{
    if (deviceIds.empty())
        return {};
    const PgResult r = m_db->exec("UPDATE devices SET removed = true WHERE space = $1 "
                                  "AND id = ANY($2::text[]) AND NOT removed RETURNING id",
                                  {spaceId, textArray(deviceIds)});
    std::unordered_set<std::string> changed;
    for (int row = 0; row < r.rows(); ++row)
        changed.insert(r.text(row, 0));
    // In the order asked, each once (RETURNING has no order).
    std::vector<std::string> removed;
    for (const std::string &id : deviceIds)
        if (changed.erase(id) > 0)
            removed.push_back(id);
    return removed;
}

bool PgStorage::addInvite(const InviteRecord &invite)
{
    return !m_db->exec("INSERT INTO invites (lookup_hash, space, role, member, bundle, "
                       "expires_ms) VALUES ($1, $2, $3, $4, $5, $6) "
                       "ON CONFLICT (lookup_hash) DO NOTHING RETURNING 1",
                       {invite.lookupHash, invite.spaceId, invite.role, invite.memberId,
                        PgBytes{invite.bundle}, invite.expiresMs})
                .empty();
}

JoinOutcome PgStorage::redeemInvite(const std::string &lookupHash, DeviceRecord device,
                                    std::int64_t nowMs)
{
    PgTransaction tx(*m_db);
    JoinOutcome outcome;
    // The invite's row locked first, then its space's (always in this order): two joins racing
    // for one invite, or for one member through two invites, run one after the other, and the
    // second sees what the first committed.
    {
        const PgResult r = m_db->exec("SELECT space, role, member, bundle, expires_ms, used "
                                      "FROM invites WHERE lookup_hash = $1 FOR UPDATE",
                                      {lookupHash});
        if (r.empty())
            return outcome;
        outcome.invite = {lookupHash,       r.text(0, 0),       r.text(0, 1), r.text(0, 2),
                          r.bytes(0, 3),    r.integer(0, 4),    r.boolean(0, 5)};
    }
    const InviteRecord &invite = outcome.invite;
    const PgResult space = m_db->exec(
        "SELECT next_cursor FROM spaces WHERE id = $1 FOR NO KEY UPDATE", {invite.spaceId});
    if (space.empty())
        throw StorageError("The space of an invite is missing");
    const std::int64_t latest = space.integer(0, 0);

    const bool deviceIdTaken =
        !m_db->exec("SELECT 1 FROM devices WHERE id = $1", {device.id}).empty();
    const Enrolment enrolment = judgeJoin(outcome, nowMs, deviceIdTaken);
    if (outcome.status != JoinOutcome::Status::NotFound)
        return outcome;

    if (enrolment == Enrolment::New) {
        m_db->exec("INSERT INTO members (space, id, role, created_ms) VALUES ($1, $2, $3, $4)",
                   {invite.spaceId, invite.memberId, invite.role, nowMs});
    } else if (enrolment == Enrolment::Returning) {
        // Back after every device was removed: whoever holds this device now sees the member's
        // private envelopes only from here on. `latest` cannot move: the space row is locked.
        m_db->exec("UPDATE members SET private_from = $3 WHERE space = $1 AND id = $2",
                   {invite.spaceId, invite.memberId, latest});
    }
    try {
        m_db->exec("INSERT INTO devices (id, space, member, role, name, token_hash, public_key, "
                   "created_ms, last_seen_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                   {device.id, invite.spaceId, invite.memberId, invite.role, device.name,
                    device.tokenHash, PgBytes{device.publicKey}, device.createdMs,
                    device.lastSeenMs});
    } catch (const PgError &e) {
        // The same device id joining another space at this moment (device ids are unique
        // across spaces, and the other join does not hold this space's lock).
        if (e.uniqueViolation() && e.constraint() == "devices_pkey") {
            outcome.status = JoinOutcome::Status::DeviceExists;
            return outcome;
        }
        throw;
    }
    m_db->exec("UPDATE invites SET used = true WHERE lookup_hash = $1", {lookupHash});
    tx.commit();
    outcome.status = JoinOutcome::Status::Joined;
    return outcome;
}

std::vector<PushResult> PgStorage::appendEnvelopes(const std::string &spaceId,
                                                   const std::string &authorMemberId,
                                                   const std::vector<sync::Envelope> &envelopes,
                                                   std::int64_t nowMs)
{
    PgTransaction tx(*m_db);
    // The space's row lock, held to commit: pushes to this space queue here, so they commit in
    // the order of their cursors (NO KEY UPDATE, not UPDATE: foreign-key checks of inserts
    // elsewhere in the space, which take KEY SHARE, need not wait for it).
    const PgResult space = m_db->exec(
        "SELECT next_cursor FROM spaces WHERE id = $1 FOR NO KEY UPDATE", {spaceId});
    if (space.empty())
        throw StorageError("The space " + spaceId + " does not exist");
    for (const sync::Envelope &e : envelopes)
        if (&e == &envelopes.front() || e.header.deviceId != envelopes.front().header.deviceId)
            lockWriter(spaceId, e.header.deviceId);
    const std::int64_t first = space.integer(0, 0);
    std::int64_t latest = first;
    std::vector<PushResult> results;
    results.reserve(envelopes.size());
    for (const sync::Envelope &e : envelopes) {
        PushResult r{e.header.id, 0, nowMs, false};
        const PgResult inserted = m_db->exec(
            "INSERT INTO envelopes (space, cursor, id, scope, device, author, seq, epoch, "
            "received_ms, nonce, ciphertext) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
            "$11) ON CONFLICT (space, id) DO NOTHING RETURNING cursor",
            {spaceId, latest + 1, e.header.id, e.header.scope, e.header.deviceId, authorMemberId,
             static_cast<std::int64_t>(e.header.seq), static_cast<std::int64_t>(e.header.epoch),
             nowMs,
             PgBytes{{reinterpret_cast<const char *>(e.nonce.data()), e.nonce.size()}},
             bytesOf(e.ciphertext)});
        if (!inserted.empty()) {
            r.cursor = ++latest;
            r.stored = true;
        } else {
            const PgResult existing = m_db->exec(
                "SELECT cursor, received_ms FROM envelopes WHERE space = $1 AND id = $2",
                {spaceId, e.header.id});
            if (existing.empty())
                throw StorageError("An envelope refused as already stored was not found");
            r.cursor = existing.integer(0, 0);
            r.receivedMs = existing.integer(0, 1);
        }
        results.push_back(std::move(r));
    }
    if (latest != first) {
        m_db->exec("UPDATE spaces SET next_cursor = $2 WHERE id = $1", {spaceId, latest});
        // Delivered to the listeners on commit, never for a push that rolls back.
        m_db->exec("SELECT pg_notify($1, $2)", {kPushChannel, spaceId});
    }
    tx.commit();
    return results;
}

std::int64_t PgStorage::latestCursor(const std::string &spaceId)
{
    const PgResult r = m_db->exec("SELECT next_cursor FROM spaces WHERE id = $1", {spaceId});
    return r.empty() ? 0 : r.integer(0, 0);
}

EnvelopePage PgStorage::envelopesAfter(const std::string &spaceId, std::int64_t after, int limit,
                                       const Visibility &visibility, std::size_t maxBytes)
{
    limit = std::max(limit, 1);
    EnvelopePage page;
    // The newest committed cursor first, then only envelopes up to it: every envelope up to it
    // has committed (they commit in cursor order), and one that commits after this read has a
    // higher cursor, so answering `next = latest` skips nothing.
    const std::int64_t latest = latestCursor(spaceId);
    if (after >= latest) {
        page.next = after;
        return page;
    }
    // The page is cut in SQL (a running total of the ciphertext's sizes), so that rows past the
    // cut are never sent: `fetched` counts the candidates, one more than the count limit.
    const auto byteCap = static_cast<std::int64_t>(
        std::min<std::size_t>(maxBytes, std::numeric_limits<std::int64_t>::max()));
    const PgResult r = m_db->exec(
        "SELECT cursor, id, scope, device, seq, epoch, received_ms, nonce, ciphertext, fetched "
        "FROM (SELECT e.*, sum(octet_length(e.ciphertext)) OVER w AS total, "
        "row_number() OVER w AS n, count(*) OVER () AS fetched "
        "FROM (SELECT cursor, id, scope, device, seq, epoch, received_ms, nonce, ciphertext "
        "FROM envelopes WHERE space = $1 AND cursor > $2 AND cursor <= $3 "
        "AND scope = ANY($4::text[]) AND (scope <> 'private' OR (author = $5 AND cursor > $6)) "
        "ORDER BY cursor LIMIT $7) e WINDOW w AS (ORDER BY e.cursor)) p "
        "WHERE n <= $8 AND (n = 1 OR total <= $9) ORDER BY cursor",
        {spaceId, after, latest, textArray(visibility.scopes), visibility.memberId,
         visibility.privateFrom, static_cast<std::int64_t>(limit) + 1, limit, byteCap});
    page.envelopes.reserve(static_cast<std::size_t>(r.rows()));
    for (int row = 0; row < r.rows(); ++row) {
        StoredEnvelope s;
        s.cursor = r.integer(row, 0);
        s.envelope.header.id = r.text(row, 1);
        s.envelope.header.spaceId = spaceId;
        s.envelope.header.scope = r.text(row, 2);
        s.envelope.header.deviceId = r.text(row, 3);
        s.envelope.header.seq = static_cast<std::uint64_t>(r.integer(row, 4));
        s.envelope.header.epoch = static_cast<std::uint32_t>(r.integer(row, 5));
        s.receivedMs = r.integer(row, 6);
        const std::string nonce = r.bytes(row, 7);
        if (nonce.size() != s.envelope.nonce.size())
            throw StorageError("A stored envelope has a damaged nonce (cursor "
                               + std::to_string(s.cursor) + ")");
        std::copy(nonce.begin(), nonce.end(), s.envelope.nonce.begin());
        const std::string ciphertext = r.bytes(row, 8);
        s.envelope.ciphertext.assign(ciphertext.begin(), ciphertext.end());
        page.envelopes.push_back(std::move(s));
    }
    page.more = !r.empty() && r.integer(0, 9) > r.rows();
    // Everything up to the newest envelope was examined, visible or not.
    page.next = page.more ? page.envelopes.back().cursor : std::max(after, latest);
    return page;
}

void PgStorage::lockWriter(const std::string &spaceId, const std::string &deviceId)
{
    const PgResult device = m_db->exec(
        "SELECT removed FROM devices WHERE space = $1 AND id = $2 FOR SHARE", {spaceId, deviceId});
    // Rows are never deleted; a writer the store does not know is the caller's to refuse.
    if (!device.empty() && device.boolean(0, 0))
        throw DeviceRemovedMeanwhile("The device " + deviceId + " was removed meanwhile");
}

void PgStorage::storeKeyBoxes(const std::string &spaceId, const std::string &senderDeviceId,
                              const std::vector<OutgoingBox> &boxes, std::int64_t nowMs)
{
    if (boxes.empty())
        return;
    PgTransaction tx(*m_db);
    // Key box cursors as envelope cursors: under the space row's lock, committed in order.
    const PgResult space = m_db->exec(
        "SELECT next_box FROM spaces WHERE id = $1 FOR NO KEY UPDATE", {spaceId});
    if (space.empty())
        throw StorageError("The space " + spaceId + " does not exist");
    lockWriter(spaceId, senderDeviceId);
    std::int64_t latest = space.integer(0, 0);
    for (const OutgoingBox &b : boxes)
        m_db->exec("INSERT INTO key_boxes (space, cursor, recipient, sender, box, received_ms) "
                   "VALUES ($1, $2, $3, $4, $5, $6)",
                   {spaceId, ++latest, b.recipientDeviceId, senderDeviceId, PgBytes{b.box},
                    nowMs});
    m_db->exec("UPDATE spaces SET next_box = $2 WHERE id = $1", {spaceId, latest});
    tx.commit();
}

KeyBoxPage PgStorage::keyBoxesAfter(const std::string &spaceId,
                                    const std::string &recipientDeviceId, std::int64_t after,
                                    int limit)
{
    limit = std::max(limit, 0);
    KeyBoxPage page;
    const PgResult r = m_db->exec(
        "SELECT cursor, sender, box FROM key_boxes WHERE space = $1 AND recipient = $2 "
        "AND cursor > $3 ORDER BY cursor LIMIT $4",
        {spaceId, recipientDeviceId, after, static_cast<std::int64_t>(limit) + 1});
    for (int row = 0; row < r.rows(); ++row)
        page.boxes.push_back({r.integer(row, 0), r.text(row, 1), r.bytes(row, 2)});
    page.more = page.boxes.size() > static_cast<std::size_t>(limit);
    if (page.more)
        page.boxes.pop_back();
    page.next = page.boxes.empty() ? after : page.boxes.back().cursor;
    return page;
}

} // namespace hearth::server
