#include "store.h"

#include "entity.h"
#include "errors.h"
#include "migrations.h"

#include <sqlite3.h>

#include <cstring>
#include <fstream>

namespace hearth {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kScopeClock = "_scope";

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

json readValue(const Statement &st, int index, FieldType type)
{
    if (st.isNull(index))
        return nullptr;
    switch (type) {
    case FieldType::Text: return st.text(index);
    case FieldType::Integer: return st.integer(index);
    case FieldType::Real: return st.real(index);
    case FieldType::Json: return json::parse(st.text(index), nullptr, false);
    }
    return nullptr;
}

std::string quoted(std::string_view name)
{
    std::string out;
    out.reserve(name.size() + 2);
    out += '"';
    out += name;
    out += '"';
    return out;
}

void checkFields(const EntityDef &def, const json &fields, bool local)
{
    if (!fields.is_object())
        throw ProtocolError("the fields of a " + std::string(def.name) + " change must be an object");
    for (const auto &[name, value] : fields.items()) {
        if (name == kCausalLength)
            continue;
        const FieldDef *f = def.field(name);
        if (!f) {
            if (local)
                throw ProtocolError("a " + std::string(def.name) + " has no field \"" + name + "\"");
            continue;
        }
        if (!fits(f->type, value))
            throw ProtocolError("the field \"" + name + "\" of a " + std::string(def.name)
                                + " has the wrong type");
    }
}

} // namespace

struct Store::RowState {
    bool exists = false;
    std::string scope;
    std::int64_t cl = 0;
    json clocks = json::object();
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
    m_db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");

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
    auto &st = m_db->cached("SELECT value FROM meta WHERE key = ?1");
    st.bind(1, key);
    if (!st.step())
        return std::nullopt;
    return st.text(0);
}

void Store::setMeta(std::string_view key, std::string_view value)
{
    auto &st = m_db->cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2");
    st.bind(1, key).bind(2, value);
    st.run();
}

void Store::saveHlc()
{
    setMeta("hlc", Stamp{m_hlc->lastMs(), m_hlc->lastCounter(), m_hlc->device()}.toString());
}

Store::RowState Store::load(const EntityDef *def, const Change &change)
{
    RowState st;
    Statement *q;
    if (def) {
        q = &m_db->cached("SELECT scope, cl, clocks, extra FROM " + quoted(def->table)
                          + " WHERE id = ?1");
        q->bind(1, change.id);
    } else {
        q = &m_db->cached(
            "SELECT scope, cl, clocks, extra FROM foreign_row WHERE entity = ?1 AND id = ?2");
        q->bind(1, change.entity).bind(2, change.id);
    }
    if (q->step()) {
        st.exists = true;
        st.scope = q->text(0);
        st.cl = q->integer(1);
        st.clocks = json::parse(q->text(2));
        st.extra = json::parse(q->text(3));
    }
    q->reset();
    return st;
}

bool Store::write(const Change &change, const RowState *known)
{
    const EntityDef *def = findEntity(change.entity);
    RowState row = known ? *known : load(def, change);
    const std::string key = change.mergeKey();
    auto newer = [&](std::string_view field) {
        auto it = row.clocks.find(field);
        return it == row.clocks.end() || key > it->get_ref<const std::string &>();
    };

    bool changed = false;
    if (newer(kScopeClock)) {
        // A newer clock is state too, even when the value stays: it decides later merges.
        changed = true;
        row.scope = change.scope;
        row.clocks[std::string(kScopeClock)] = key;
    }
    std::vector<std::pair<const FieldDef *, const json *>> columns;
    for (const auto &[name, value] : change.fields.items()) {
        if (name == kCausalLength) {
            const auto cl = value.get<std::int64_t>();
            if (cl > row.cl) {
                row.cl = cl;
                changed = true;
            }
            continue;
        }
        if (!newer(name))
            continue;
        row.clocks[name] = key;
        changed = true;
        const FieldDef *f = def ? def->field(name) : nullptr;
        if (f)
            columns.emplace_back(f, &value);
        else
            row.extra[name] = value;
    }
    if (!changed)
        return false;

    // One statement per shape of change (which columns it sets), cached by its text.
    std::string sql;
    if (!def) {
        sql = "INSERT INTO foreign_row (entity, id, scope, cl, clocks, extra) VALUES "
              "(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (entity, id) DO UPDATE SET scope = ?3, "
              "cl = ?4, clocks = ?5, extra = ?6";
        auto &st = m_db->cached(sql);
        st.bind(1, change.entity).bind(2, change.id).bind(3, row.scope).bind(4, row.cl);
        st.bind(5, row.clocks.dump()).bind(6, row.extra.dump());
        st.run();
        return true;
    }
    if (row.exists) {
        sql = "UPDATE " + quoted(def->table) + " SET scope = ?2, cl = ?3, clocks = ?4, extra = ?5";
        for (std::size_t i = 0; i < columns.size(); ++i)
            sql += ", " + quoted(columns[i].first->name) + " = ?" + std::to_string(i + 6);
        sql += " WHERE id = ?1";
    } else {
        sql = "INSERT INTO " + quoted(def->table) + " (id, scope, cl, clocks, extra";
        std::string values = "?1, ?2, ?3, ?4, ?5";
        for (std::size_t i = 0; i < columns.size(); ++i) {
            sql += ", " + quoted(columns[i].first->name);
            values += ", ?" + std::to_string(i + 6);
        }
        sql += ") VALUES (" + values + ")";
    }
    auto &st = m_db->cached(sql);
    st.bind(1, change.id).bind(2, row.scope).bind(3, row.cl);
    st.bind(4, row.clocks.dump()).bind(5, row.extra.dump());
    for (std::size_t i = 0; i < columns.size(); ++i)
        bindValue(st, static_cast<int>(i + 6), columns[i].first->type, *columns[i].second);
    st.run();
    return true;
}

std::vector<Change> Store::apply(std::span<const Mutation> mutations)
{
    std::vector<Change> out;
    out.reserve(mutations.size());
    Transaction tx(*m_db);
    auto &log = m_db->cached(
        "INSERT INTO change_log (stamp, entity, id, scope, fields) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const Mutation &m : mutations) {
        const EntityDef *def = findEntity(m.entity);
        if (!def)
            throw ProtocolError("unknown kind of record \"" + m.entity + "\"");
        if (m.id.empty())
            throw ProtocolError("a " + m.entity + " needs an id");
        // `{}` in a caller's braces is JSON null: read it as no fields.
        const json &fields = m.fields.is_null() ? json::object() : m.fields;
        checkFields(*def, fields, true);
        if (fields.contains(kCausalLength))
            throw ProtocolError("\"_cl\" is set by the store, not by callers");

        Change c{m_hlc->next(), m.entity, m.id, m.scope, fields, 0};
        const RowState row = load(def, c);
        const bool alive = row.cl % 2 == 1;
        if (c.scope.empty())
            c.scope = row.scope;
        if (!isScope(c.scope))
            throw ProtocolError("unknown scope \"" + c.scope + "\"");
        switch (m.kind) {
        case Mutation::Kind::Update:
            if (!alive)
                throw ValidationError("id", "This " + m.entity + " no longer exists.");
            break;
        case Mutation::Kind::Upsert:
            if (!alive)
                c.fields[std::string(kCausalLength)] = row.cl + 1;
            break;
        case Mutation::Kind::Remove:
            if (!alive)
                continue;
            c.fields = json{{std::string(kCausalLength), row.cl + 1}};
            break;
        }
        write(c, &row);
        log.reset();
        log.bind(1, c.stamp.toString()).bind(2, c.entity).bind(3, c.id).bind(4, c.scope);
        log.bind(5, c.fields.dump());
        log.run();
        out.push_back(std::move(c));
    }
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
    std::vector<Change> applied;
    Transaction tx(*m_db);
    for (const Change &c : changes) {
        if (!isScope(c.scope))
            throw ProtocolError("unknown scope \"" + c.scope + "\"");
        if (const EntityDef *def = findEntity(c.entity))
            checkFields(*def, c.fields, false);
        m_hlc->observe(c.stamp);
        if (write(c, nullptr))
            applied.push_back(c);
    }
    saveHlc();
    tx.commit();
    notify(applied);
    return applied.size();
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
    auto &st = m_db->cached("SELECT * FROM " + quoted(def->table) + " WHERE id = ?1 AND cl % 2 = 1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    json out = json::parse(st.text(4));
    for (int i = 0; i < st.columnCount(); ++i) {
        const std::string_view name = st.columnName(i);
        if (const FieldDef *f = def->field(name)) {
            if (!st.isNull(i))
                out[std::string(name)] = readValue(st, i, f->type);
        }
    }
    out["id"] = st.text(0);
    out["scope"] = st.text(1);
    st.reset();
    return out;
}

std::vector<std::pair<std::int64_t, Change>> Store::changeLog(std::int64_t afterSeq,
                                                              std::size_t limit)
{
    std::vector<std::pair<std::int64_t, Change>> out;
    auto &st = m_db->cached("SELECT seq, stamp, entity, id, scope, fields FROM change_log "
                            "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    st.bind(1, afterSeq).bind(2, static_cast<std::int64_t>(limit));
    while (st.step()) {
        Change c{Stamp::parse(st.text(1)), st.text(2), st.text(3), st.text(4),
                 json::parse(st.text(5)), 0};
        out.emplace_back(st.integer(0), std::move(c));
    }
    st.reset();
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
        hashQuery("SELECT * FROM " + quoted(def.table) + " ORDER BY id");
    }
    hashQuery("SELECT * FROM foreign_row ORDER BY entity, id");
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

} // namespace hearth
