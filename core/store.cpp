#include "store.h"

#include "entity.h"
#include "errors.h"
#include "migrations.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <tuple>
#include <fstream>

namespace hearth {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

void checkHeader(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    char header[16] = {};
    in.read(header, sizeof header);
    if (!in || std::memcmp(header, "SQLite format 3", 16) != 0)
        throw StorageError(file.filename().string()
                           + " is damaged or is not a Hearth database; it was left untouched.");
}

void checkIntegrity(Database &db)
{
    try {
        Statement st(db, "PRAGMA quick_check");
        if (!st.step() || st.text(0) != "ok")
            throw StorageError("");
    } catch (const StorageError &) {
        throw StorageError(db.path().filename().string()
                           + " is damaged and cannot be read; it was left untouched.");
    }
}

/// Checks a value against a known field's type.
bool fits(FieldType type, const json &value)
{
    if (value.is_null())
        return true;
    switch (type) {
    case FieldType::Text: return value.is_string();
    case FieldType::Integer: return value.is_number_integer();
    case FieldType::Real: return value.is_number();
    case FieldType::Json: return true;
    }
    return false;
}

void bindValue(Statement &st, int index, FieldType type, const json &value)
{
    if (value.is_null()) {
        st.bindNull(index);
        return;
    }
    switch (type) {
    case FieldType::Text: st.bind(index, value.get_ref<const std::string &>()); break;
    case FieldType::Integer: st.bind(index, value.get<std::int64_t>()); break;
    case FieldType::Real: st.bind(index, value.get<double>()); break;
    case FieldType::Json: st.bind(index, value.dump()); break;
    }
}

/// Binds the known fields set in `columns` from parameter 6 on, in field order; JSON texts are
/// kept in `jsonTexts` until the statement has run.
void bindFields(Statement &st, const EntityDef &def, std::uint64_t columns,
                std::span<const json *const> values, std::vector<std::string> &jsonTexts)
{
    jsonTexts.reserve(def.fields.size());
    for (std::size_t i = 0, n = 6; i < def.fields.size(); ++i) {
        if (!(columns & (1ULL << i)))
            continue;
        const json &value = *values[i];
        const int index = static_cast<int>(n++);
        // A JSON field is stored as its JSON text, a string value too (quoted): read back, the
        // column is parsed.
        if (def.fields[i].type == FieldType::Json && !value.is_null())
            st.bindStatic(index, jsonTexts.emplace_back(value.dump()));
        else if (value.is_string())
            st.bindStatic(index, value.get_ref<const std::string &>());
        else
            bindValue(st, index, def.fields[i].type, value);
    }
}

/// Local code may write only the fields this version knows, with their types.
void checkLocalFields(const EntityDef &def, const json &fields)
{
    if (!fields.is_object())
        throw ProtocolError("the fields of a " + std::string(def.name) + " change must be an object");
    for (const auto &[name, value] : fields.items()) {
        if (name == kCausalLength)
            continue;
        const FieldDef *f = def.field(name);
        if (!f)
            throw ProtocolError("a " + std::string(def.name) + " has no field \"" + name + "\"");
        if (!fits(f->type, value))
            throw ProtocolError("the field \"" + name + "\" of a " + std::string(def.name)
                                + " has the wrong type");
    }
}

} // namespace

nlohmann::json readFieldValue(const Statement &st, int index, FieldType type)
{
    if (st.isNull(index))
        return nullptr;
    switch (type) {
    case FieldType::Text: return st.text(index);
    case FieldType::Integer: return st.integer(index);
    case FieldType::Real: return st.real(index);
    case FieldType::Json: {
        json value = json::parse(st.text(index), nullptr, false);
        if (value.is_discarded())
            throw StorageError("The field \"" + std::string(st.columnName(index))
                               + "\" cannot be read; the profile may be damaged.");
        return value;
    }
    }
    return nullptr;
}

/// Appends a change to the change log, the outbox sync pushes.
constexpr const char *kLogInsert =
    "INSERT INTO change_log (stamp, entity, id, scope, fields) VALUES (?1, ?2, ?3, ?4, ?5)";

struct Store::RowState {
    bool exists = false;
    std::string scope;
    std::int64_t cl = 0;
    FieldClocks clocks;
    json extra = json::object();
};

Store::Store(const fs::path &file, const Clock &clock, RandomSource &random)
    : m_clock(clock), m_random(random)
{
    std::error_code ec;
    const bool existing = fs::exists(file, ec) && fs::file_size(file, ec) > 0;
    if (existing) {
        checkHeader(file);
        m_db = std::make_unique<Database>(file, Database::Mode::ReadWrite);
        checkIntegrity(*m_db);
    } else {
        if (file.has_parent_path())
            fs::create_directories(file.parent_path(), ec);
        m_db = std::make_unique<Database>(file, Database::Mode::ReadWriteCreate);
    }
    m_backup = migrate(*m_db);
    // secure_delete: text that was blanked or deleted (an item made private again, docs/decisions.md
    // §20) is overwritten in the file, not left in a free page.
    m_db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
               "PRAGMA secure_delete = ON;");
    adoptForeignRows();

    auto device = meta("device_id");
    if (!device) {
        device = m_random.newId();
        setMeta("device_id", *device);
    }
    m_hlc = std::make_unique<HlcClock>(m_clock, *device);
    if (auto saved = meta("hlc")) {
        const Stamp s = Stamp::parse(*saved);
        m_hlc->restore(s.ms, s.counter);
    }
}

Store::~Store() = default;

std::optional<std::string> Store::meta(std::string_view key)
{
    auto st = m_db->cached("SELECT value FROM meta WHERE key = ?1");
    st->bind(1, key);
    if (!st->step())
        return std::nullopt;
    return st->text(0);
}

void Store::setMeta(std::string_view key, std::string_view value)
{
    auto st = m_db->cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2");
    st->bind(1, key).bind(2, value);
    st->run();
}

void Store::saveHlc()
{
    setMeta("hlc", Stamp{m_hlc->lastMs(), m_hlc->lastCounter(), m_hlc->device()}.toString());
}

Store::RowState Store::load(const EntityDef *def, const Change &change)
{
    RowState row;
    auto read = [&row](Statement &q) {
        if (!q.step())
            return;
        row.exists = true;
        row.scope = q.text(0);
        row.cl = q.integer(1);
        row.clocks = decodeClocks(q.text(2));
        row.extra = json::parse(q.text(3));
    };
    if (def) {
        auto q = m_db->cached(sqlFor(def, SqlKind::Load, 0));
        q->bindStatic(1, change.id);
        read(*q);
    } else {
        auto q = m_db->cached(
            "SELECT scope, cl, clocks, extra FROM foreign_row WHERE entity = ?1 AND id = ?2");
        q->bindStatic(1, change.entity).bindStatic(2, change.id);
        read(*q);
    }
    return row;
}

void Store::adoptForeignRows()
{
    // Rows of an entity this version did not know were kept whole in foreign_row (their fields
    // in `extra`). Once an upgrade knows the entity, each moves to its table: a field of the
    // entity's type goes to its column, anything else stays in `extra`; clocks and causal length
    // move as they are, so the row merges on exactly as if it had been known all along.
    std::vector<const EntityDef *> known;
    {
        auto st = m_db->cached("SELECT DISTINCT entity FROM foreign_row");
        while (st->step())
            if (const EntityDef *def = findEntity(st->text(0)))
                known.push_back(def);
    }
    if (known.empty())
        return;
    Transaction tx(*m_db);
    for (const EntityDef *def : known) {
        auto rows = m_db->cached(
            "SELECT id, scope, cl, clocks, extra FROM foreign_row WHERE entity = ?1 ORDER BY id");
        rows->bind(1, def->name);
        while (rows->step()) {
            const std::string id = rows->text(0);
            const std::string scope = rows->text(1);
            const std::string clocks = rows->text(3);
            json extra = json::parse(rows->text(4), nullptr, false);
            if (!extra.is_object())
                throw StorageError("A kept row of " + std::string(def->name) + " (" + id
                                   + ") is damaged; the profile may be damaged.");
            json fields = json::object();
            std::uint64_t columns = 0;
            std::vector<const json *> values(def->fields.size(), nullptr);
            for (std::size_t i = 0; i < def->fields.size(); ++i) {
                const std::string name(def->fields[i].name);
                const auto it = extra.find(name);
                if (it == extra.end() || !fits(def->fields[i].type, *it))
                    continue;
                fields[name] = std::move(*it);
                extra.erase(name);
            }
            for (std::size_t i = 0; i < def->fields.size(); ++i) {
                const auto it = fields.find(std::string(def->fields[i].name));
                if (it == fields.end())
                    continue;
                columns |= 1ULL << i;
                values[i] = &*it;
            }
            const std::string extraText = extra.empty() ? std::string("{}") : extra.dump();
            auto st = m_db->cached(sqlFor(def, SqlKind::Insert, columns));
            st->bindStatic(1, id).bindStatic(2, scope).bind(3, rows->integer(2));
            st->bindStatic(4, clocks).bindStatic(5, extraText);
            std::vector<std::string> jsonTexts;
            bindFields(*st, *def, columns, values, jsonTexts);
            st->run();
        }
        m_db->cached("DELETE FROM foreign_row WHERE entity = ?1")->bind(1, def->name).run();
    }
    tx.commit();
}

const std::string &Store::sqlFor(const EntityDef *def, SqlKind kind, std::uint64_t columns)
{
    // Entities have fewer than 32 fields: the key is (entity, kind, which columns).
    const auto entity = static_cast<std::uint64_t>(def - entities().data());
    const std::uint64_t key = entity << 40 | static_cast<std::uint64_t>(kind) << 32 | columns;
    std::string &sql = m_sql[key];
    if (!sql.empty())
        return sql;
    const std::string table = quoteIdentifier(def->table);
    switch (kind) {
    case SqlKind::Load:
        sql = "SELECT scope, cl, clocks, extra FROM " + table + " WHERE id = ?1";
        break;
    case SqlKind::Update:
        sql = "UPDATE " + table + " SET scope = ?2, cl = ?3, clocks = ?4, extra = ?5";
        for (std::size_t i = 0, n = 6; i < def->fields.size(); ++i)
            if (columns & (1ULL << i))
                sql += ", " + quoteIdentifier(def->fields[i].name) + " = ?" + std::to_string(n++);
        sql += " WHERE id = ?1";
        break;
    case SqlKind::Insert: {
        sql = "INSERT INTO " + table + " (id, scope, cl, clocks, extra";
        std::string values = "?1, ?2, ?3, ?4, ?5";
        for (std::size_t i = 0, n = 6; i < def->fields.size(); ++i) {
            if (columns & (1ULL << i)) {
                sql += ", " + quoteIdentifier(def->fields[i].name);
                values += ", ?" + std::to_string(n++);
            }
        }
        sql += ") VALUES (" + values + ")";
        break;
    }
    }
    return sql;
}

bool Store::write(const Change &change, RowState *known)
{
    const EntityDef *def = findEntity(change.entity);
    RowState loaded;
    if (!known)
        loaded = load(def, change);
    RowState &row = known ? *known : loaded;
    const std::string key = change.mergeKey();
    auto newer = [&](std::string_view field) {
        const std::string *current = clockOf(row.clocks, field);
        return !current || key > *current;
    };

    row.clocks.reserve(row.clocks.size() + change.fields.size() + 1);
    bool changed = false;
    // The scope changes only by an explicit `_scope` field (creating a row, or making it private
    // or shared). Any other change still names a scope, for routing; it counts as an implicit
    // write whose key sorts below every explicit one ("!" < digits), so the row has a scope even
    // when its creation has not arrived yet, and an ordinary edit made with a stale scope can
    // never undo a concurrent privacy change.
    if (auto explicitScope = change.fields.find(kScopeField); explicitScope != change.fields.end()) {
        if (!explicitScope->is_string() || !isScope(explicitScope->get_ref<const std::string &>()))
            throw ProtocolError("\"_scope\" must be private, couple or care");
        if (newer(kScopeField)) {
            // A newer clock is state too, even when the value stays: it decides later merges.
            changed = true;
            row.scope = explicitScope->get<std::string>();
            setClock(row.clocks, kScopeField, key);
        }
    } else {
        const std::string implicitKey = "!" + key;
        const std::string *current = clockOf(row.clocks, kScopeField);
        if (!current || implicitKey > *current) {
            changed = true;
            row.scope = change.scope;
            setClock(row.clocks, kScopeField, implicitKey);
        }
    }
    // The known columns this change sets, by their index in the entity's fields.
    std::uint64_t columns = 0;
    std::array<const json *, 32> values{};
    for (const auto &[name, value] : change.fields.items()) {
        if (name == kScopeField)
            continue;
        if (name == kCausalLength) {
            if (!value.is_number_integer())
                throw ProtocolError("\"_cl\" must be a non-negative integer");
            const auto cl = value.get<std::int64_t>();
            if (cl > row.cl) {
                row.cl = cl;
                changed = true;
            }
            continue;
        }
        const FieldDef *f = def ? def->field(name) : nullptr;
        if (f && !fits(f->type, value))
            throw ProtocolError("the field \"" + name + "\" of a " + std::string(def->name)
                                + " has the wrong type");
        if (!newer(name))
            continue;
        setClock(row.clocks, name, key);
        changed = true;
        if (f) {
            const auto index = static_cast<std::size_t>(f - def->fields.data());
            columns |= 1ULL << index;
            values[index] = &value;
        } else {
            row.extra[name] = value;
        }
    }
    if (!changed)
        return false;

    // Texts bound without a copy live until the statement has run, at the end of this function.
    const std::string clocksText = encodeClocks(row.clocks);
    const std::string extraText = row.extra.empty() ? std::string("{}") : row.extra.dump();
    if (!def) {
        auto st = m_db->cached(
            "INSERT INTO foreign_row (entity, id, scope, cl, clocks, extra) VALUES "
            "(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (entity, id) DO UPDATE SET scope = ?3, "
            "cl = ?4, clocks = ?5, extra = ?6");
        st->bindStatic(1, change.entity).bindStatic(2, change.id).bindStatic(3, row.scope);
        st->bind(4, row.cl).bindStatic(5, clocksText).bindStatic(6, extraText);
        st->run();
        return true;
    }
    auto st = m_db->cached(sqlFor(def, row.exists ? SqlKind::Update : SqlKind::Insert, columns));
    st->bindStatic(1, change.id).bindStatic(2, row.scope).bind(3, row.cl);
    st->bindStatic(4, clocksText).bindStatic(5, extraText);
    std::vector<std::string> jsonTexts;
    bindFields(*st, *def, columns, values, jsonTexts);
    st->run();
    return true;
}

std::vector<Change> Store::apply(std::span<const Mutation> mutations, const MetaUpdates &meta)
{
    std::vector<Change> out;
    out.reserve(mutations.size());
    if (!mutations.empty() && Store::meta(kReadOnlyMeta))
        throw ValidationError("profile", "You left this space: what you kept is a read-only copy.");
    Transaction tx(*m_db);
    auto log = m_db->cached(
        kLogInsert);
    for (const Mutation &m : mutations) {
        const EntityDef *def = findEntity(m.entity);
        if (!def)
            throw ProtocolError("unknown kind of record \"" + m.entity + "\"");
        if (m.id.empty())
            throw ProtocolError("a " + m.entity + " needs an id");
        // `{}` in a caller's braces is JSON null: read it as no fields.
        const json &fields = m.fields.is_null() ? json::object() : m.fields;
        checkLocalFields(*def, fields);
        if (fields.contains(kCausalLength))
            throw ProtocolError("\"_cl\" is set by the store, not by callers");

        if (fields.contains(kScopeField))
            throw ProtocolError("\"_scope\" is set by the store, not by callers");

        Change c{Stamp{}, m.entity, m.id, m.scope, fields, 0};
        RowState row = load(def, c);
        const bool alive = row.cl % 2 == 1;
        if (m.kind == Mutation::Kind::Update && !alive)
            throw ValidationError("id", "This " + m.entity + " no longer exists.");
        if (m.kind == Mutation::Kind::Remove && !alive)
            continue;
        if (c.scope.empty())
            c.scope = row.scope;
        if (!isScope(c.scope))
            throw ProtocolError("unknown scope \"" + c.scope + "\"");
        switch (m.kind) {
        case Mutation::Kind::Update:
            break;
        case Mutation::Kind::Upsert:
            if (!alive)
                c.fields[std::string(kCausalLength)] = row.cl + 1;
            break;
        case Mutation::Kind::Remove:
            c.fields = json{{std::string(kCausalLength), row.cl + 1}};
            break;
        }
        if (!alive || c.scope != row.scope)
            c.fields[std::string(kScopeField)] = c.scope;
        // A local edit comes after everything this device has seen of the row, even when a
        // remote clock there runs ahead of ours: stamp it above the row's newest write, or the
        // edit would be logged and then lose to what it replaces.
        // The device's clock itself is not moved: one far-future write must not drag every
        // later stamp of this device into the future.
        c.stamp = m_hlc->next();
        for (const auto &[field, written] : row.clocks) {
            const std::string_view k = std::string_view(written).substr(written.front() == '!');
            const Stamp seen = Stamp::parse(k.substr(0, k.find('|')));
            if (std::tie(seen.ms, seen.counter) >= std::tie(c.stamp.ms, c.stamp.counter))
                c.stamp = seen.counter < kMaxCounter ? Stamp{seen.ms, seen.counter + 1, c.stamp.device}
                                                     : Stamp{seen.ms + 1, 0, c.stamp.device};
        }
        write(c, &row);
        log->reset();
        log->bind(1, c.stamp.toString()).bind(2, c.entity).bind(3, c.id).bind(4, c.scope);
        log->bind(5, c.fields.dump());
        log->run();
        out.push_back(std::move(c));
    }
    for (const auto &[key, value] : meta)
        setMeta(key, value);
    saveHlc();
    tx.commit();
    notify(out);
    return out;
}

Change Store::apply(const Mutation &mutation)
{
    auto out = apply(std::span(&mutation, 1));
    if (out.empty())
        throw ValidationError("id", "This " + mutation.entity + " no longer exists.");
    return out.front();
}

std::size_t Store::merge(std::span<const Change> changes)
{
    return mergeInto(changes, false, {});
}

std::size_t Store::restore(std::span<const Change> changes, const MetaUpdates &meta)
{
    return mergeInto(changes, true, meta);
}

std::size_t Store::mergeInto(std::span<const Change> changes, bool logged, const MetaUpdates &meta)
{
    std::vector<std::size_t> applied;
    Transaction tx(*m_db);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const Change &c = changes[i];
        if (!isScope(c.scope))
            throw ProtocolError("unknown scope \"" + c.scope + "\"");
        if (!c.fields.is_object())
            throw ProtocolError("the fields of a change must be an object");
        m_hlc->observe(c.stamp);
        if (write(c, nullptr))
            applied.push_back(i);
        if (logged) {
            auto log = m_db->cached(
                kLogInsert);
            log->bind(1, c.stamp.toString()).bind(2, c.entity).bind(3, c.id).bind(4, c.scope);
            log->bind(5, c.fields.dump());
            log->run();
        }
    }
    for (const auto &[key, value] : meta)
        setMeta(key, value);
    saveHlc();
    tx.commit();
    if (applied.size() == changes.size()) {
        notify(changes);
    } else if (!m_listeners.empty()) {
        std::vector<Change> some;
        some.reserve(applied.size());
        for (std::size_t i : applied)
            some.push_back(changes[i]);
        notify(some);
    }
    return applied.size();
}

bool Store::rekey(std::span<const Change> acknowledged)
{
    bool moved = false;
    Transaction tx(*m_db);
    for (const Change &c : acknowledged) {
        const std::string raw = c.stamp.toString();
        const std::string key = c.mergeKey();
        if (key == raw)
            continue;
        const EntityDef *def = findEntity(c.entity);
        RowState row = load(def, c);
        bool rowMoved = false;
        for (auto &[field, written] : row.clocks) {
            const bool isField = field != kScopeField && c.fields.contains(field);
            if (isField && written == raw) {
                written = key;
                rowMoved = true;
            } else if (field == kScopeField && written == (c.fields.contains(kScopeField) ? raw : "!" + raw)) {
                written = written.front() == '!' ? "!" + key : key;
                rowMoved = true;
            }
        }
        if (!rowMoved)
            continue;
        moved = true;
        const std::string clocksText = encodeClocks(row.clocks);
        if (def) {
            auto st = m_db->cached("UPDATE " + quoteIdentifier(def->table) + " SET clocks = ?2 WHERE id = ?1");
            st->bindStatic(1, c.id).bindStatic(2, clocksText);
            st->run();
        } else {
            auto st = m_db->cached("UPDATE foreign_row SET clocks = ?3 WHERE entity = ?1 AND id = ?2");
            st->bindStatic(1, c.entity).bindStatic(2, c.id).bindStatic(3, clocksText);
            st->run();
        }
    }
    tx.commit();
    return moved;
}

void Store::notify(std::span<const Change> changes)
{
    if (changes.empty())
        return;
    for (const auto &l : m_listeners)
        l(changes);
}

std::optional<json> Store::row(std::string_view entity, std::string_view id)
{
    const EntityDef *def = findEntity(entity);
    if (!def)
        return std::nullopt;
    auto st = m_db->cached("SELECT * FROM " + quoteIdentifier(def->table) + " WHERE id = ?1 AND cl % 2 = 1");
    st->bind(1, id);
    if (!st->step())
        return std::nullopt;
    json out = json::parse(st->text(4));
    for (int i = 0; i < st->columnCount(); ++i) {
        const std::string_view name = st->columnName(i);
        if (const FieldDef *f = def->field(name)) {
            if (!st->isNull(i))
                out[std::string(name)] = readFieldValue(*st, i, f->type);
        }
    }
    out["id"] = st->text(0);
    out["scope"] = st->text(1);
    return out;
}

std::vector<std::pair<std::int64_t, Change>> Store::changeLog(std::int64_t afterSeq,
                                                              std::size_t limit)
{
    std::vector<std::pair<std::int64_t, Change>> out;
    auto st = m_db->cached("SELECT seq, stamp, entity, id, scope, fields FROM change_log "
                           "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    st->bind(1, afterSeq).bind(2, static_cast<std::int64_t>(limit));
    while (st->step()) {
        Change c{Stamp::parse(st->text(1)), st->text(2), st->text(3), st->text(4),
                 json::parse(st->text(5)), 0};
        out.emplace_back(st->integer(0), std::move(c));
    }
    return out;
}

std::string Store::stateHash()
{
    // FNV-1a over every stored row in a fixed order.
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](std::string_view s) {
        for (unsigned char ch : s) {
            h ^= ch;
            h *= 1099511628211ULL;
        }
        h ^= 0xff;
        h *= 1099511628211ULL;
    };
    auto hashQuery = [&](const std::string &sql) {
        Statement st(*m_db, sql);
        while (st.step())
            for (int i = 0; i < st.columnCount(); ++i)
                mix(st.isNull(i) ? std::string_view("\x01null") : std::string_view(st.text(i)));
    };
    for (const auto &def : entities()) {
        mix(def.name);
        hashQuery("SELECT * FROM " + quoteIdentifier(def.table) + " ORDER BY id");
    }
    hashQuery("SELECT * FROM foreign_row ORDER BY entity, id");
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

} // namespace hearth
