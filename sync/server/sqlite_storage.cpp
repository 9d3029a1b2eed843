#include "sqlite_storage.h"

#include "encoding.h"
#include "errors.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <array>
#include <system_error>

namespace hearth::server {

namespace {

/// Each step brings the schema from version i to i + 1; steps are never edited once released.
/// Binary columns are written with CAST(? AS BLOB): core's Statement binds text, and the cast
/// keeps the bytes as they are while storing them as a BLOB.
constexpr std::array<const char *, SqliteStorage::kSchemaVersion> kMigrations = {
    R"sql(
CREATE TABLE spaces (
  id TEXT PRIMARY KEY,
  created_ms INTEGER NOT NULL
);
CREATE TABLE members (
  space TEXT NOT NULL REFERENCES spaces(id),
  id TEXT NOT NULL,
  role TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (space, id)
);
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  space TEXT NOT NULL,
  member TEXT NOT NULL,
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  public_key BLOB NOT NULL,
  created_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  removed INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (space, member) REFERENCES members(space, id)
);
CREATE INDEX devices_by_space ON devices(space, member);
CREATE TABLE invites (
  lookup_hash TEXT PRIMARY KEY,
  space TEXT NOT NULL REFERENCES spaces(id),
  role TEXT NOT NULL,
  member TEXT NOT NULL,
  bundle BLOB NOT NULL,
  expires_ms INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
);
-- Append-only: rows are never deleted, so the rowid cursor only grows.
CREATE TABLE envelopes (
  cursor INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  space TEXT NOT NULL REFERENCES spaces(id),
  scope TEXT NOT NULL,
  device TEXT NOT NULL,
  author TEXT NOT NULL,
  seq INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  UNIQUE (space, id)
);
CREATE INDEX envelopes_by_space ON envelopes(space, cursor);
CREATE TABLE key_boxes (
  cursor INTEGER PRIMARY KEY,
  space TEXT NOT NULL REFERENCES spaces(id),
  recipient TEXT NOT NULL,
  sender TEXT NOT NULL,
  box BLOB NOT NULL,
  received_ms INTEGER NOT NULL
);
CREATE INDEX key_boxes_by_recipient ON key_boxes(space, recipient, cursor);
)sql",
    // Version 2 (storage for 100,000+ envelopes/s, docs/decisions.md §16): envelopes name their
    // space by a number and their id by its bytes, so that both indexes hold short keys. The
    // rows themselves are copied by copyEnvelopesToV2() between this step and the next.
    R"sql(
CREATE TABLE space_numbers (
  num INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE REFERENCES spaces(id)
);
INSERT INTO space_numbers (id) SELECT id FROM spaces ORDER BY created_ms, id;
-- Above 0 for a member invited back after every device of theirs was removed: their devices see
-- their private envelopes only after this cursor.
ALTER TABLE members ADD COLUMN private_from INTEGER NOT NULL DEFAULT 0;
DROP INDEX envelopes_by_space;
ALTER TABLE envelopes RENAME TO envelopes_v1;
-- Append-only: rows are never deleted, so the rowid cursor only grows. An id of an even number
-- of hex digits is kept as its bytes (a BLOB); one of an odd number, which no Hearth client
-- makes, as its text.
CREATE TABLE envelopes (
  cursor INTEGER PRIMARY KEY,
  space INTEGER NOT NULL REFERENCES space_numbers(num),
  id BLOB NOT NULL,
  scope TEXT NOT NULL,
  device TEXT NOT NULL,
  author TEXT NOT NULL,
  seq INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  received_ms INTEGER NOT NULL,
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL
);
)sql",
};

std::filesystem::path databasePath(const std::filesystem::path &dataDir)
{
    std::error_code error;
    std::filesystem::create_directories(dataDir, error);
    if (error)
        throw StorageError("Could not create the data directory " + dataDir.string() + ": "
                           + error.message());
    return dataDir / SqliteStorage::kFileName;
}

constexpr const char *kDeviceColumns =
    "id, space, member, role, name, token_hash, public_key, created_ms, last_seen_ms, removed, "
    "(SELECT m.private_from FROM members m WHERE m.space = devices.space AND m.id = devices.member)";

DeviceRecord readDevice(const Statement &st)
{
    DeviceRecord d;
    d.id = st.text(0);
    d.spaceId = st.text(1);
    d.memberId = st.text(2);
    d.role = st.text(3);
    d.name = st.text(4);
    d.tokenHash = st.text(5);
    d.publicKey = st.text(6);
    d.createdMs = st.integer(7);
    d.lastSeenMs = st.integer(8);
    d.removed = st.integer(9) != 0;
    d.privateFrom = st.integer(10);
    return d;
}

std::string deviceQuery(std::string_view where)
{
    return std::string("SELECT ") + kDeviceColumns + " FROM devices WHERE " + std::string(where);
}

/// The stored form of an envelope id: its bytes for an even number of hex digits, else its text
/// (see the version 2 schema). Ids reach storage checked as lowercase hex.
struct StoredId {
    std::string value;
    bool bytes = false;
};

StoredId storedId(std::string_view hex)
{
    if (hex.size() % 2 != 0)
        return {std::string(hex), false};
    auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out(hex.size() / 2, '\0');
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<char>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
    return {std::move(out), true};
}

Statement &bindId(Statement &st, int index, const StoredId &id)
{
    return id.bytes ? st.bindBlob(index, id.value) : st.bind(index, id.value);
}

std::string idFromColumn(const Statement &st, int column)
{
    // The type first: reading the value as text may convert it.
    const bool bytes = st.columnType(column) == SQLITE_BLOB;
    const std::string value = st.text(column);
    return bytes ? sync::toHex(reinterpret_cast<const unsigned char *>(value.data()), value.size())
                 : value;
}

/// The rest of the step to version 2: the envelopes of version 1 copied in cursor order, with
/// their space's number and their id's stored form; then the old table gone and the indexes made.
void copyEnvelopesToV2(Database &db)
{
    auto read = db.cached("SELECT e.cursor, n.num, e.id, e.scope, e.device, e.author, e.seq, "
                          "e.epoch, e.received_ms, e.nonce, e.ciphertext FROM envelopes_v1 e "
                          "JOIN space_numbers n ON n.id = e.space ORDER BY e.cursor");
    while (read->step()) {
        const StoredId id = storedId(read->text(2));
        const std::string nonce = read->text(9);
        const std::string ciphertext = read->text(10);
        auto write = db.cached("INSERT INTO envelopes (cursor, space, id, scope, device, author, "
                               "seq, epoch, received_ms, nonce, ciphertext) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        bindId(write->bind(1, read->integer(0)).bind(2, read->integer(1)), 3, id)
            .bind(4, read->text(3))
            .bind(5, read->text(4))
            .bind(6, read->text(5))
            .bind(7, read->integer(6))
            .bind(8, read->integer(7))
            .bind(9, read->integer(8))
            .bindBlob(10, nonce)
            .bindBlob(11, ciphertext)
            .run();
    }
    db.exec("DROP TABLE envelopes_v1;"
            "CREATE UNIQUE INDEX envelopes_by_id ON envelopes(space, id);"
            "CREATE INDEX envelopes_by_space ON envelopes(space, cursor);");
}

StoredEnvelope readEnvelope(const Statement &st, const std::string &spaceId)
{
    StoredEnvelope s;
    s.cursor = st.integer(0);
    s.envelope.header.id = idFromColumn(st, 1);
    s.envelope.header.spaceId = spaceId;
    s.envelope.header.scope = st.text(2);
    s.envelope.header.deviceId = st.text(3);
    s.envelope.header.seq = static_cast<std::uint64_t>(st.integer(4));
    s.envelope.header.epoch = static_cast<std::uint32_t>(st.integer(5));
    s.receivedMs = st.integer(6);
    const std::string nonce = st.text(7);
    if (nonce.size() != s.envelope.nonce.size())
        throw StorageError("A stored envelope has a damaged nonce (cursor "
                           + std::to_string(s.cursor) + ")");
    std::copy(nonce.begin(), nonce.end(), s.envelope.nonce.begin());
    const std::string ciphertext = st.text(8);
    s.envelope.ciphertext.assign(ciphertext.begin(), ciphertext.end());
    return s;
}

std::string_view bytesOf(const std::vector<unsigned char> &bytes)
{
    return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
}

} // namespace

SqliteStorage::SqliteStorage(const std::filesystem::path &dataDir)
    : SqliteStorage(dataDir, kSchemaVersion)
{
}

SqliteStorage::DirectoryLock::DirectoryLock(const std::filesystem::path &dataDir)
{
    const std::filesystem::path path = databasePath(dataDir).parent_path() / "hearth-server.lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0)
        throw StorageError("Could not open " + path.string() + ": " + std::strerror(errno));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(m_fd);
        throw StorageError(error == EWOULDBLOCK
                               ? "Another hearth-server is using the data directory "
                                     + dataDir.string() + "; stop it first or choose another "
                                                          "--data-dir."
                               : "Could not lock " + path.string() + ": " + std::strerror(error));
    }
}

SqliteStorage::DirectoryLock::~DirectoryLock()
{
    ::close(m_fd); // releases the lock
}

SqliteStorage::SqliteStorage(const std::filesystem::path &dataDir, int version)
    : m_lock(dataDir), m_db(databasePath(dataDir), Database::Mode::ReadWriteCreate)
{
    // FULL, not NORMAL: a push is acknowledged after its commit, and a commit lost to power loss
    // would hand its cursors out again, so that clients past them skip the new envelopes forever.
    m_db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 8000;");
    migrate(std::clamp(version, 1, kSchemaVersion));
}

int SqliteStorage::schemaVersion()
{
    m_db.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    auto st = m_db.cached("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'");
    return st->step() ? static_cast<int>(st->integer(0)) : 0;
}

void SqliteStorage::migrate(int to)
{
    const int from = schemaVersion();
    if (from > kSchemaVersion)
        throw StorageError("The data directory was written by a newer hearth-server (schema "
                           + std::to_string(from) + "); this one knows up to "
                           + std::to_string(kSchemaVersion));
    if (from >= to)
        return;
    if (from > 0)
        backUpBeforeMigrating(from);
    Transaction tx(m_db);
    for (int version = from; version < to; ++version) {
        m_db.exec(kMigrations[static_cast<std::size_t>(version)]);
        if (version + 1 == 2)
            copyEnvelopesToV2(m_db);
    }
    m_db.cached("INSERT INTO meta (key, value) VALUES ('schema_version', ?1) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        ->bind(1, std::to_string(to))
        .run();
    tx.commit();
}

void SqliteStorage::backUpBeforeMigrating(int from)
{
    // A whole, consistent copy (the WAL's content included) beside the database, named by its
    // version; an existing one is from an earlier attempt and is kept.
    const std::filesystem::path backup =
        m_db.path().string() + ".v" + std::to_string(from) + ".backup";
    if (std::filesystem::exists(backup))
        return;
    const std::filesystem::path partial = backup.string() + ".partial";
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    m_db.cached("VACUUM INTO ?1")->bind(1, partial.string()).run();
    std::error_code error;
    std::filesystem::rename(partial, backup, error);
    if (error)
        throw StorageError("Could not keep a copy of the database before upgrading it: "
                           + error.message());
}

bool SqliteStorage::deviceIdTaken(const std::string &deviceId)
{
    auto st = m_db.cached("SELECT 1 FROM devices WHERE id = ?1");
    return st->bind(1, deviceId).step();
}

void SqliteStorage::insertMember(const std::string &spaceId, const std::string &memberId,
                                 const std::string &role, std::int64_t nowMs)
{
    m_db.cached("INSERT INTO members (space, id, role, created_ms) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (space, id) DO NOTHING")
        ->bind(1, spaceId)
        .bind(2, memberId)
        .bind(3, role)
        .bind(4, nowMs)
        .run();
}

void SqliteStorage::insertDevice(const DeviceRecord &d)
{
    m_db.cached("INSERT INTO devices (id, space, member, role, name, token_hash, public_key, "
                "created_ms, last_seen_ms, removed) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS BLOB), ?8, ?9, 0)")
        ->bind(1, d.id)
        .bind(2, d.spaceId)
        .bind(3, d.memberId)
        .bind(4, d.role)
        .bind(5, d.name)
        .bind(6, d.tokenHash)
        .bind(7, d.publicKey)
        .bind(8, d.createdMs)
        .bind(9, d.lastSeenMs)
        .run();
}

ServerStorage::CreateStatus SqliteStorage::createSpace(const DeviceRecord &first)
{
    Transaction tx(m_db);
    if (spaceExists(first.spaceId))
        return CreateStatus::SpaceExists;
    if (deviceIdTaken(first.id))
        return CreateStatus::DeviceExists;
    m_db.cached("INSERT INTO spaces (id, created_ms) VALUES (?1, ?2)")
        ->bind(1, first.spaceId)
        .bind(2, first.createdMs)
        .run();
    m_db.cached("INSERT INTO space_numbers (id) VALUES (?1)")->bind(1, first.spaceId).run();
    insertMember(first.spaceId, first.memberId, first.role, first.createdMs);
    insertDevice(first);
    tx.commit();
    return CreateStatus::Created;
}

bool SqliteStorage::spaceExists(const std::string &spaceId)
{
    auto st = m_db.cached("SELECT 1 FROM spaces WHERE id = ?1");
    return st->bind(1, spaceId).step();
}

std::int64_t SqliteStorage::spaceCount()
{
    auto st = m_db.cached("SELECT count(*) FROM spaces");
    return st->step() ? st->integer(0) : 0;
}

std::optional<DeviceRecord> SqliteStorage::deviceByTokenHash(const std::string &hash)
{
    auto st = m_db.cached(deviceQuery("token_hash = ?1"));
    if (!st->bind(1, hash).step())
        return std::nullopt;
    return readDevice(*st);
}

std::optional<DeviceRecord> SqliteStorage::device(const std::string &spaceId,
                                                  const std::string &deviceId)
{
    auto st = m_db.cached(deviceQuery("space = ?1 AND id = ?2"));
    if (!st->bind(1, spaceId).bind(2, deviceId).step())
        return std::nullopt;
    return readDevice(*st);
}

std::vector<DeviceRecord> SqliteStorage::devices(const std::string &spaceId)
{
    auto st = m_db.cached(deviceQuery("space = ?1 ORDER BY created_ms, id"));
    st->bind(1, spaceId);
    std::vector<DeviceRecord> out;
    while (st->step())
        out.push_back(readDevice(*st));
    return out;
}

std::vector<MemberRecord> SqliteStorage::members(const std::string &spaceId)
{
    auto st = m_db.cached("SELECT m.id, m.role FROM members m WHERE m.space = ?1 AND EXISTS "
                          "(SELECT 1 FROM devices d WHERE d.space = m.space AND d.member = m.id "
                          "AND d.removed = 0) ORDER BY m.created_ms, m.id");
    st->bind(1, spaceId);
    std::vector<MemberRecord> out;
    while (st->step())
        out.push_back({st->text(0), st->text(1)});
    return out;
}

Enrolment SqliteStorage::enrolment(const std::string &spaceId, const std::string &memberId,
                                   const std::string &role)
{
    auto st = m_db.cached("SELECT m.role, (SELECT count(*) FROM devices d WHERE d.space = m.space "
                          "AND d.member = m.id AND d.removed = 0) FROM members m "
                          "WHERE m.space = ?1 AND m.id = ?2");
    if (!st->bind(1, spaceId).bind(2, memberId).step())
        return Enrolment::New;
    return st->text(0) == role && st->integer(1) == 0 ? Enrolment::Returning : Enrolment::Present;
}

void SqliteStorage::touchDevice(const std::string &spaceId, const std::string &deviceId,
                                std::int64_t nowMs)
{
    m_db.cached("UPDATE devices SET last_seen_ms = ?3 WHERE space = ?1 AND id = ?2")
        ->bind(1, spaceId)
        .bind(2, deviceId)
        .bind(3, nowMs)
        .run();
}

std::vector<std::string> SqliteStorage::removeDevices(const std::string &spaceId,
                                                      const std::vector<std::string> &deviceIds)
{
    Transaction tx(m_db);
    std::vector<std::string> removed;
    for (const std::string &id : deviceIds) {
        m_db.cached("UPDATE devices SET removed = 1 WHERE space = ?1 AND id = ?2 AND removed = 0")
            ->bind(1, spaceId)
            .bind(2, id)
            .run();
        if (m_db.changes() > 0)
            removed.push_back(id);
    }
    tx.commit();
    return removed;
}

bool SqliteStorage::addInvite(const InviteRecord &invite)
{
    Transaction tx(m_db);
    if (m_db.cached("SELECT 1 FROM invites WHERE lookup_hash = ?1")->bind(1, invite.lookupHash).step())
        return false;
    m_db.cached("INSERT INTO invites (lookup_hash, space, role, member, bundle, expires_ms, used) "
                "VALUES (?1, ?2, ?3, ?4, CAST(?5 AS BLOB), ?6, 0)")
        ->bind(1, invite.lookupHash)
        .bind(2, invite.spaceId)
        .bind(3, invite.role)
        .bind(4, invite.memberId)
        .bind(5, invite.bundle)
        .bind(6, invite.expiresMs)
        .run();
    tx.commit();
    return true;
}

JoinOutcome SqliteStorage::redeemInvite(const std::string &lookupHash, DeviceRecord device,
                                        std::int64_t nowMs)
{
    // One write transaction: two devices racing for the same invite cannot both pass the check.
    Transaction tx(m_db);
    JoinOutcome outcome;
    {
        auto st = m_db.cached("SELECT space, role, member, bundle, expires_ms, used FROM invites "
                              "WHERE lookup_hash = ?1");
        if (!st->bind(1, lookupHash).step())
            return outcome;
        outcome.invite = {lookupHash,    st->text(0),           st->text(1),
                          st->text(2),   st->text(3),           st->integer(4),
                          st->integer(5) != 0};
    }
    const InviteRecord &invite = outcome.invite;
    const Enrolment enrolment = judgeJoin(outcome, nowMs, deviceIdTaken(device.id));
    if (outcome.status != JoinOutcome::Status::NotFound)
        return outcome;

    device.spaceId = invite.spaceId;
    device.memberId = invite.memberId;
    device.role = invite.role;
    if (enrolment == Enrolment::New) {
        insertMember(invite.spaceId, invite.memberId, invite.role, nowMs);
    } else if (enrolment == Enrolment::Returning) {
        // Back after every device was removed: whoever holds this device now sees the member's
        // private envelopes only from here on.
        m_db.cached("UPDATE members SET private_from = ?3 WHERE space = ?1 AND id = ?2")
            ->bind(1, invite.spaceId)
            .bind(2, invite.memberId)
            .bind(3, latestCursor(invite.spaceId))
            .run();
    }
    insertDevice(device);
    m_db.cached("UPDATE invites SET used = 1 WHERE lookup_hash = ?1")->bind(1, lookupHash).run();
    tx.commit();
    outcome.status = JoinOutcome::Status::Joined;
    return outcome;
}

std::vector<PushResult> SqliteStorage::appendEnvelopes(const std::string &spaceId,
                                                       const std::string &authorMemberId,
                                                       const std::vector<sync::Envelope> &envelopes,
                                                       std::int64_t nowMs)
{
    Transaction tx(m_db);
    const std::int64_t space = spaceNumber(spaceId);
    std::vector<PushResult> results;
    results.reserve(envelopes.size());
    for (const sync::Envelope &e : envelopes) {
        PushResult r{e.header.id, 0, nowMs, false};
        const StoredId id = storedId(e.header.id);
        // Insert first: a new envelope, the common case, costs one index lookup, not two.
        auto insert = m_db.cached(
            "INSERT INTO envelopes (space, id, scope, device, author, seq, epoch, received_ms, "
            "nonce, ciphertext) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
            "ON CONFLICT (space, id) DO NOTHING");
        bindId(insert->bind(1, space), 2, id)
            .bind(3, e.header.scope)
            .bind(4, e.header.deviceId)
            .bind(5, authorMemberId)
            .bind(6, static_cast<std::int64_t>(e.header.seq))
            .bind(7, static_cast<std::int64_t>(e.header.epoch))
            .bind(8, nowMs)
            .bindBlob(9, std::string_view(reinterpret_cast<const char *>(e.nonce.data()),
                                          e.nonce.size()))
            .bindBlob(10, bytesOf(e.ciphertext))
            .run();
        if (m_db.changes() > 0) {
            r.cursor = m_db.lastInsertRowId();
            r.stored = true;
        } else {
            auto existing = m_db.cached("SELECT cursor, received_ms FROM envelopes "
                                        "WHERE space = ?1 AND id = ?2");
            if (!bindId(existing->bind(1, space), 2, id).step())
                throw StorageError("An envelope refused as already stored was not found");
            r.cursor = existing->integer(0);
            r.receivedMs = existing->integer(1);
        }
        results.push_back(std::move(r));
    }
    tx.commit();
    // Only now: a push that rolled back has moved nothing. Cursors only grow, and this process
    // is the database's only writer.
    for (const PushResult &r : results)
        if (r.stored)
            m_latestCursors[spaceId] = std::max(m_latestCursors[spaceId], r.cursor);
    return results;
}

std::int64_t SqliteStorage::spaceNumber(const std::string &spaceId)
{
    if (const auto it = m_spaceNumbers.find(spaceId); it != m_spaceNumbers.end())
        return it->second;
    auto st = m_db.cached("SELECT num FROM space_numbers WHERE id = ?1");
    if (!st->bind(1, spaceId).step())
        throw StorageError("The space " + spaceId + " has no number");
    const std::int64_t number = st->integer(0);
    m_spaceNumbers.emplace(spaceId, number);
    return number;
}

std::int64_t SqliteStorage::latestCursor(const std::string &spaceId)
{
    if (const auto it = m_latestCursors.find(spaceId); it != m_latestCursors.end())
        return it->second;
    auto st = m_db.cached("SELECT max(cursor) FROM envelopes WHERE space = ?1");
    const std::int64_t latest =
        st->bind(1, spaceNumber(spaceId)).step() && !st->isNull(0) ? st->integer(0) : 0;
    m_latestCursors.emplace(spaceId, latest);
    return latest;
}

EnvelopePage SqliteStorage::envelopesAfter(const std::string &spaceId, std::int64_t after,
                                           int limit, const Visibility &visibility,
                                           std::size_t maxBytes)
{
    EnvelopePage page;
    // Nothing after the newest cursor: the common answer to a device that is up to date, given
    // without asking SQLite.
    if (after >= latestCursor(spaceId)) {
        page.next = after;
        return page;
    }
    {
        auto st = m_db.cached(
            "SELECT cursor, id, scope, device, seq, epoch, received_ms, nonce, ciphertext, "
            "length(ciphertext) FROM envelopes WHERE space = ?1 AND cursor > ?2 "
            "AND scope IN (?3, ?4, ?5) "
            "AND (scope <> 'private' OR (author = ?6 AND cursor > ?8)) ORDER BY cursor LIMIT ?7");
        st->bind(1, spaceNumber(spaceId)).bind(2, after);
        // Three slots for the three scopes; a device with fewer leaves the rest NULL, which
        // matches nothing.
        for (int slot = 0; slot < 3; ++slot) {
            if (static_cast<std::size_t>(slot) < visibility.scopes.size())
                st->bind(3 + slot, visibility.scopes[static_cast<std::size_t>(slot)]);
            else
                st->bindNull(3 + slot);
        }
        st->bind(6, visibility.memberId).bind(7, limit + 1).bind(8, visibility.privateFrom);
        std::size_t bytes = 0;
        while (st->step()) {
            // The row past the count limit, or one that would take the page over its byte cap,
            // is not read: it only says there is more.
            if (page.envelopes.size() == static_cast<std::size_t>(limit)) {
                page.more = true;
                break;
            }
            const auto size = static_cast<std::size_t>(st->integer(9));
            if (!page.envelopes.empty() && bytes + size > maxBytes) {
                page.more = true;
                break;
            }
            bytes += size;
            page.envelopes.push_back(readEnvelope(*st, spaceId));
        }
    }
    if (page.more) {
        page.next = page.envelopes.back().cursor;
    } else {
        // Everything up to the newest envelope was examined, visible or not.
        page.next = std::max(after, latestCursor(spaceId));
    }
    return page;
}

void SqliteStorage::storeKeyBoxes(const std::string &spaceId, const std::string &senderDeviceId,
                                  const std::vector<OutgoingBox> &boxes, std::int64_t nowMs)
{
    Transaction tx(m_db);
    for (const OutgoingBox &b : boxes) {
        m_db.cached("INSERT INTO key_boxes (space, recipient, sender, box, received_ms) "
                    "VALUES (?1, ?2, ?3, CAST(?4 AS BLOB), ?5)")
            ->bind(1, spaceId)
            .bind(2, b.recipientDeviceId)
            .bind(3, senderDeviceId)
            .bind(4, b.box)
            .bind(5, nowMs)
            .run();
    }
    tx.commit();
}

KeyBoxPage SqliteStorage::keyBoxesAfter(const std::string &spaceId,
                                        const std::string &recipientDeviceId, std::int64_t after,
                                        int limit)
{
    KeyBoxPage page;
    auto st = m_db.cached("SELECT cursor, sender, box FROM key_boxes WHERE space = ?1 "
                          "AND recipient = ?2 AND cursor > ?3 ORDER BY cursor LIMIT ?4");
    st->bind(1, spaceId).bind(2, recipientDeviceId).bind(3, after).bind(4, limit + 1);
    while (st->step())
        page.boxes.push_back({st->integer(0), st->text(1), st->text(2)});
    page.more = page.boxes.size() > static_cast<std::size_t>(limit);
    if (page.more)
        page.boxes.pop_back();
    page.next = page.boxes.empty() ? after : page.boxes.back().cursor;
    return page;
}

} // namespace hearth::server
