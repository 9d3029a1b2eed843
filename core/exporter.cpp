#include "exporter.h"

#include "change.h"
#include "entity.h"
#include "errors.h"
#include "icalendar.h"
#include "migrations.h"
#include "ritualbook.h"
#include "store.h"

#include <algorithm>
#include <map>
#include <set>

namespace hearth {

using nlohmann::json;

namespace {

/// One stored row, as the exporter needs it: every field's value and clock.
struct StoredRow {
    std::string entity;
    std::string id;
    std::string scope;
    std::int64_t cl = 0;
    json clocks = json::object();
    json values = json::object(); ///< known fields that are set, then unknown ones from `extra`
};

/// A row's clocks as a JSON object field -> merge key.
json clocksOf(const std::string &text, const StoredRow &row)
{
    try {
        json out = json::object();
        for (const auto &[field, key] : decodeClocks(text))
            out[field] = key;
        return out;
    } catch (const ProtocolError &) {
        throw StorageError("The clocks of " + row.entity + " " + row.id
                           + " cannot be read; the profile may be damaged.");
    }
}

json parseObject(const std::string &text, const StoredRow &row, const char *column)
{
    json j = json::parse(text, nullptr, false);
    if (!j.is_object())
        throw StorageError("The " + std::string(column) + " of " + row.entity + " " + row.id
                           + " cannot be read; the profile may be damaged.");
    return j;
}

json readColumn(const Statement &st, int index, FieldType type, const StoredRow &row)
{
    try {
        return readFieldValue(st, index, type);
    } catch (const StorageError &e) {
        throw StorageError(row.entity + " " + row.id + ": " + e.what());
    }
}

/// Every row of an entity table, deleted ones too, by id.
std::vector<StoredRow> entityRows(Store &store, const EntityDef &def)
{
    std::vector<StoredRow> out;
    Statement st(store.db(), "SELECT * FROM " + quoteIdentifier(def.table) + " ORDER BY id");
    while (st.step()) {
        StoredRow row;
        row.entity = std::string(def.name);
        for (int i = 0; i < st.columnCount(); ++i) {
            const std::string_view name = st.columnName(i);
            if (name == "id")
                row.id = st.text(i);
            else if (name == "scope")
                row.scope = st.text(i);
            else if (name == "cl")
                row.cl = st.integer(i);
            else if (name == "clocks")
                row.clocks = clocksOf(st.text(i), row);
            else if (name == "extra")
                row.values.update(parseObject(st.text(i), row, "unknown fields"));
            else if (const FieldDef *f = def.field(name); f && !st.isNull(i))
                row.values[std::string(name)] = readColumn(st, i, f->type, row);
        }
        out.push_back(std::move(row));
    }
    return out;
}

/// Rows of entities this version does not know, kept as they came (all fields in `extra`).
std::vector<StoredRow> foreignRows(Store &store)
{
    std::vector<StoredRow> out;
    Statement st(store.db(),
                 "SELECT entity, id, scope, cl, clocks, extra FROM foreign_row ORDER BY entity, id");
    while (st.step()) {
        StoredRow row;
        row.entity = st.text(0);
        row.id = st.text(1);
        row.scope = st.text(2);
        row.cl = st.integer(3);
        row.clocks = clocksOf(st.text(4), row);
        row.values = parseObject(st.text(5), row, "unknown fields");
        out.push_back(std::move(row));
    }
    return out;
}

/// The stamp and receivedMs of a change whose mergeKey() is `key` (see Change::mergeKey).
void fromMergeKey(const std::string &key, Change &c)
{
    const auto bar = key.find('|');
    if (bar == std::string::npos) {
        c.stamp = Stamp::parse(key);
        c.receivedMs = 0;
        return;
    }
    const Stamp effective = Stamp::parse(std::string_view(key).substr(0, bar));
    c.stamp = Stamp::parse(std::string_view(key).substr(bar + 1));
    c.receivedMs = effective.ms - kMaxClockDrift;
}

/// Changes that rebuild `row` exactly: one per distinct clock, carrying the fields that clock
/// won. The scope's clock is either explicit (a change that set `_scope`) or implicit ("!" and
/// the key of the newest change that named the scope without setting it); `_cl` rides on the
/// scope's change.
void appendChanges(const StoredRow &row, json &out)
{
    auto scopeClock = row.clocks.find(kScopeField);
    if (scopeClock == row.clocks.end() || !scopeClock->is_string()
        || scopeClock->get_ref<const std::string &>().empty())
        throw StorageError(row.entity + " " + row.id
                           + " has no scope clock and cannot be exported; the profile may be damaged.");
    const std::string &scopeText = scopeClock->get_ref<const std::string &>();
    const bool implicitScope = scopeText.front() == '!';
    const std::string scopeKey = implicitScope ? scopeText.substr(1) : scopeText;

    std::map<std::string, json> byKey;
    byKey.try_emplace(scopeKey, json::object());
    if (!implicitScope)
        byKey[scopeKey][std::string(kScopeField)] = row.scope;
    for (const auto &[field, key] : row.clocks.items()) {
        if (!key.is_string())
            throw StorageError("A clock of " + row.entity + " " + row.id + " cannot be read.");
        if (field == kScopeField)
            continue;
        json &fields = byKey.try_emplace(key.get<std::string>(), json::object()).first->second;
        auto value = row.values.find(field);
        fields[field] = value == row.values.end() ? json(nullptr) : *value;
    }
    if (row.cl > 0)
        byKey[scopeKey][std::string(kCausalLength)] = row.cl;

    for (auto &[key, fields] : byKey) {
        Change c;
        fromMergeKey(key, c);
        c.entity = row.entity;
        c.id = row.id;
        c.scope = row.scope;
        c.fields = std::move(fields);
        if (c.mergeKey() != key)
            throw StorageError("A clock of " + row.entity + " " + row.id
                               + " cannot be turned back into a change: \"" + key + "\".");
        out.push_back(c);
    }
}

/// The readable form of a live row: id, scope, then its fields.
json readable(const StoredRow &row)
{
    json j = row.values;
    j["id"] = row.id;
    j["scope"] = row.scope;
    return j;
}

json metaOrNull(Store &store, std::string_view key)
{
    auto value = store.meta(key);
    return value ? json(*value) : json(nullptr);
}

bool holdsData(Store &store)
{
    if (store.meta("member_id") || store.meta("space_id"))
        return true;
    for (const auto &def : entities())
        if (store.db().queryInt("SELECT EXISTS (SELECT 1 FROM " + quoteIdentifier(def.table) + ")").value_or(0))
            return true;
    return store.db().queryInt("SELECT EXISTS (SELECT 1 FROM foreign_row)").value_or(0) != 0;
}

/// A profile id from the export: a non-empty string, or absent (an export of an empty profile).
std::optional<std::string> profileId(const json &profile, const char *key)
{
    auto it = profile.find(key);
    if (it == profile.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string() || it->get_ref<const std::string &>().empty())
        throw ProtocolError(std::string("The export's \"profile.") + key
                            + "\" must be a non-empty string.");
    return it->get<std::string>();
}

std::string describeRitual(const Ritual &r)
{
    std::string text = r.purpose;
    if (!r.steps.empty()) {
        if (!text.empty())
            text += "\n\n";
        for (std::size_t i = 0; i < r.steps.size(); ++i) {
            if (i > 0)
                text += '\n';
            text += std::to_string(i + 1);
            text += ". ";
            text += r.steps[i];
        }
    }
    return text;
}

IcsEvent eventFor(Store &store, const Ritual &r)
{
    IcsEvent ev;
    ev.uid = r.id;
    ev.uid += "@hearth";
    ev.title = r.title;
    ev.description = describeRitual(r);
    ev.schedule = r.schedule;
    ev.reminderMinutes = r.reminderMinutes;

    struct Record {
        std::string localStart, status, movedTo;
    };
    std::vector<Record> records;
    {
        auto st = store.db().cached(
            "SELECT localStart, status, movedTo FROM occurrence WHERE ritualId = ?1 AND cl % 2 = 1 "
            "AND (status = 'skipped' OR (movedTo IS NOT NULL AND movedTo <> '')) ORDER BY localStart");
        st->bind(1, r.id);
        while (st->step())
            records.push_back({st->text(0), st->text(1), st->text(2)});
    }
    if (records.empty())
        return ev;

    // Records of occurrences that the current schedule no longer has (it was edited since) do
    // not show in the agenda either; leave them out.
    std::set<std::string> current;
    try {
        const Millis from = localToUtc(records.front().localStart, r.schedule.timeZone);
        const Millis to = localToUtc(records.back().localStart, r.schedule.timeZone);
        constexpr Millis kTwoDays = 48 * 3600'000LL;
        for (const auto &o : expand(r.schedule, from - kTwoDays, to + kTwoDays, 10'000'000))
            current.insert(o.localStart);
    } catch (const ValidationError &) {
        return ev;
    }
    for (const Record &rec : records) {
        if (!current.contains(rec.localStart))
            continue;
        if (rec.status == "skipped") {
            ev.exdatesLocal.push_back(rec.localStart);
            continue;
        }
        try {
            (void)localToUtc(rec.movedTo, r.schedule.timeZone);
        } catch (const ValidationError &) {
            continue;
        }
        ev.moved.push_back({rec.localStart, rec.movedTo});
    }
    return ev;
}

} // namespace

json exportProfile(Store &store)
{
    json data = json::object();
    json changes = json::array();
    auto add = [&](const StoredRow &row) {
        if (row.cl % 2 == 1) {
            auto &list = data[row.entity];
            if (list.is_null())
                list = json::array();
            list.push_back(readable(row));
        }
        appendChanges(row, changes);
    };
    for (const auto &def : entities()) {
        data[std::string(def.name)] = json::array();
        for (const auto &row : entityRows(store, def))
            add(row);
    }
    for (const auto &row : foreignRows(store))
        add(row);

    return json{{"format", kExportFormat},
                {"formatVersion", kExportFormatVersion},
                {"exportedAt", store.clock().nowMs()},
                {"schemaVersion", currentSchemaVersion()},
                {"profile",
                 {{"spaceId", metaOrNull(store, "space_id")},
                  {"memberId", metaOrNull(store, "member_id")}}},
                {"data", std::move(data)},
                {"changes", std::move(changes)}};
}

void importProfile(Store &fresh, const json &doc)
{
    if (holdsData(fresh))
        throw ValidationError("profile", "This profile already holds data; import into a new, "
                                         "empty profile.");
    if (!doc.is_object() || doc.value("format", json()) != kExportFormat)
        throw ProtocolError("This file is not a Hearth export (its \"format\" is not \""
                            + std::string(kExportFormat) + "\").");
    const json version = doc.value("formatVersion", json());
    if (!version.is_number_integer())
        throw ProtocolError("This Hearth export has no \"formatVersion\".");
    if (version.get<std::int64_t>() != kExportFormatVersion)
        throw ProtocolError("This Hearth export has format version " + version.dump()
                            + "; this version of Hearth reads version "
                            + std::to_string(kExportFormatVersion)
                            + (version.get<std::int64_t>() > kExportFormatVersion
                                   ? ". Update Hearth to import it."
                                   : "."));
    const json profile = doc.value("profile", json::object());
    if (!profile.is_object())
        throw ProtocolError("The export's \"profile\" must be an object.");
    const auto spaceId = profileId(profile, "spaceId");
    const auto memberId = profileId(profile, "memberId");

    auto list = doc.find("changes");
    if (list == doc.end() || !list->is_array())
        throw ProtocolError("This Hearth export has no list of \"changes\".");
    std::vector<Change> changes;
    changes.reserve(list->size());
    bool memberFound = false;
    for (std::size_t i = 0; i < list->size(); ++i) {
        try {
            changes.push_back((*list)[i].get<Change>());
        } catch (const ProtocolError &e) {
            throw ProtocolError("Change " + std::to_string(i + 1) + " of the export: " + e.what());
        } catch (const json::exception &e) {
            throw ProtocolError("Change " + std::to_string(i + 1)
                                + " of the export cannot be read: " + e.what());
        }
        memberFound = memberFound
                      || (memberId && changes.back().entity == "member" && changes.back().id == *memberId);
    }
    if (memberId && !memberFound)
        throw ProtocolError("The export names member " + *memberId + " as its owner but holds no "
                            "such member.");

    Store::MetaUpdates meta;
    if (spaceId)
        meta.emplace_back("space_id", *spaceId);
    if (memberId)
        meta.emplace_back("member_id", *memberId);
    fresh.restore(changes, meta);
}

std::string ritualsToIcs(RitualBook &book, const std::vector<std::string> &ritualIds, Millis nowUtc)
{
    std::vector<Ritual> chosen;
    if (ritualIds.empty()) {
        for (Ritual &r : book.rituals(false))
            if (r.status == RitualStatus::Active)
                chosen.push_back(std::move(r));
    } else {
        for (const auto &id : ritualIds) {
            auto r = book.ritual(id);
            if (!r)
                throw ValidationError("ritual", "No ritual has the id \"" + id + "\".");
            chosen.push_back(std::move(*r));
        }
    }
    std::vector<IcsEvent> events;
    events.reserve(chosen.size());
    for (const Ritual &r : chosen)
        events.push_back(eventFor(book.store(), r));
    return exportIcs(events, nowUtc);
}

} // namespace hearth
