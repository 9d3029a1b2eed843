#pragma once

#include "change.h"
#include "clock.h"
#include "database.h"
#include "hlc.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace hearth {

struct EntityDef;
enum class FieldType;

/// A known field's value from a query's column, as JSON (null for SQL NULL). Throws
/// StorageError when a JSON column cannot be parsed.
[[nodiscard]] nlohmann::json readFieldValue(const Statement &st, int index, FieldType type);

/// The local setting that makes a profile read-only (set when its person left the space): then
/// every local edit is refused, while merges and local settings still work.
inline constexpr const char *kReadOnlyMeta = "read_only";

/// A local edit to one row, before it is stamped.
struct Mutation {
    enum class Kind {
        Update, ///< the row must exist and be alive
        Upsert, ///< creates the row (or brings a deleted one back) if needed
        Remove, ///< deletes the row; a later Upsert can bring it back
    };
    Kind kind = Kind::Update;
    std::string entity;
    std::string id;
    std::string scope;
    nlohmann::json fields = nlohmann::json::object();
};

/// The profile's database and the one path through which every change is written.
///
/// Local edits (apply) and remote changes (merge) both end in the same per-field merge; a local
/// edit also appends its change to the change log, in the same transaction. Nothing else writes
/// the entity tables.
class Store {
public:
    /// Opens or creates the profile database. An existing file is checked first and left
    /// untouched if it is damaged, not a Hearth database, or newer than this app; before a
    /// migration a copy is written next to it (see migrate()).
    Store(const std::filesystem::path &file, const Clock &clock, RandomSource &random);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    /// Local settings written in the same transaction as a batch of mutations.
    using MetaUpdates = std::vector<std::pair<std::string, std::string>>;

    /// Stamps the mutations and writes them with their change-log entries (and `meta`) in one
    /// transaction. Throws ValidationError or ProtocolError (nothing written) for a mutation
    /// that breaks the entity's schema, and ValidationError("profile") when the profile is
    /// read-only.
    std::vector<Change> apply(std::span<const Mutation> mutations, const MetaUpdates &meta = {});
    Change apply(const Mutation &mutation);

    /// Merges remote changes in one transaction; returns how many changed the state.
    /// Applying the same changes in any order, any number of times, gives the same state.
    std::size_t merge(std::span<const Change> changes);
    /// Merges changes restored from an export and also appends them to the change log, with
    /// `meta`, in one transaction: a restored profile's data is this device's to share, so sync
    /// sends it on like local edits.
    std::size_t restore(std::span<const Change> changes, const MetaUpdates &meta = {});

    /// Gives this device's own changes, once the sync server has acknowledged them, the merge key
    /// every other replica computes for them: the server's receivedMs bounds a stamp too far in
    /// the future (Change::mergeKey). Only clocks still held by exactly these changes move; values
    /// stay. Returns whether a clock moved: then a remote write that lost to the unbounded stamp
    /// may now win, and the caller must merge again what arrived after these changes.
    bool rekey(std::span<const Change> acknowledged);

    /// The live row as a JSON object (known fields, unknown fields, "id" and "scope"), or nullopt.
    [[nodiscard]] std::optional<nlohmann::json> row(std::string_view entity, std::string_view id);
    /// Local changes with a sequence number above `afterSeq`, oldest first.
    [[nodiscard]] std::vector<std::pair<std::int64_t, Change>> changeLog(std::int64_t afterSeq = 0,
                                                                         std::size_t limit = 1000);
    /// A digest of every row's values and clocks: equal on two replicas iff their states are.
    [[nodiscard]] std::string stateHash();

    /// Local, unsynced settings of this device (profile, preferences).
    [[nodiscard]] std::optional<std::string> meta(std::string_view key);
    void setMeta(std::string_view key, std::string_view value);

    [[nodiscard]] const std::string &deviceId() const noexcept { return m_hlc->device(); }
    [[nodiscard]] const Clock &clock() const noexcept { return m_clock; }
    [[nodiscard]] std::string newId() { return m_random.newId(); }
    [[nodiscard]] Database &db() noexcept { return *m_db; }
    [[nodiscard]] const std::filesystem::path &backupPath() const noexcept { return m_backup; }

    /// Called after every committed write with the changes that altered the state.
    using Listener = std::function<void(std::span<const Change>)>;
    void addListener(Listener listener) { m_listeners.push_back(std::move(listener)); }

private:
    struct RowState;
    enum class SqlKind { Load, Update, Insert };
    /// The text of a statement on an entity's table, built once per (kind, columns set).
    const std::string &sqlFor(const EntityDef *def, SqlKind kind, std::uint64_t columns);
    /// Merges one change into its row; `known` is the row when the caller loaded it already
    /// (it is updated in place). Returns whether the row's state changed.
    bool write(const Change &change, RowState *known);
    RowState load(const EntityDef *def, const Change &change);
    void saveHlc();
    /// Moves rows kept in foreign_row into the tables of entities this version knows.
    void adoptForeignRows();
    std::size_t mergeInto(std::span<const Change> changes, bool logged, const MetaUpdates &meta);
    void notify(std::span<const Change> changes);

    const Clock &m_clock;
    RandomSource &m_random;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<HlcClock> m_hlc;
    std::filesystem::path m_backup;
    std::vector<Listener> m_listeners;
    std::unordered_map<std::uint64_t, std::string> m_sql;
};

} // namespace hearth
