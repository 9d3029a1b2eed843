#include "needs.h"

#include "contentlibrary.h"
#include "entity.h"
#include "errors.h"
#include "fairreveal.h"
#include "schedule.h"
#include "store.h"

#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <set>

namespace hearth {

using nlohmann::json;

namespace {

constexpr const char *kNeed = "need";
constexpr const char *kActivation = "activation";
constexpr const char *kLearnNote = "learn_note";
constexpr Millis kMinute = 60'000;
/// 2000-01-01T00:00:00Z: nothing Hearth keeps happened before it.
constexpr Millis kEarliest = 946'684'800'000;

const std::vector<std::string> &kinds()
{
    static const std::vector<std::string> all = {"need", "trigger", "helps"};
    return all;
}

int kindOrder(const std::string &kind)
{
    const auto &all = kinds();
    return static_cast<int>(std::find(all.begin(), all.end(), kind) - all.begin());
}

/// How a kind reads in a message about how many there are.
std::string kindPlural(const std::string &kind)
{
    if (kind == "trigger")
        return "things that activate you";
    if (kind == "helps")
        return "things that help you";
    return "needs";
}

std::string trimmed(const std::string &text)
{
    constexpr const char *space = " \t\r\n\v\f";
    const auto first = text.find_first_not_of(space);
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

/// Whether `text` is well-formed UTF-8 (what a change can carry).
bool validUtf8(const std::string &text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t more = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            more = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            more = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            more = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + more >= text.size())
            return false;
        for (std::size_t k = 1; k <= more; ++k) {
            const auto n = static_cast<unsigned char>(text[i + k]);
            if ((n & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (n & 0x3F);
        }
        const std::uint32_t least[] = {0, 0x80, 0x800, 0x10000};
        if (cp < least[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += more + 1;
    }
    return true;
}

/// Checks a text a person wrote and returns it trimmed. `required`: it must say something.
std::string checkText(const char *field, const std::string &text, std::size_t max, bool required,
                      const std::string &message)
{
    if (!validUtf8(text))
        throw ValidationError(field, "This text has characters that can't be read.");
    std::string t = trimmed(text);
    if ((required && t.empty()) || fair::characters(t) > max)
        throw ValidationError(field, message);
    return t;
}

/// Checks a list of body sensations or needs: each a few words, each once, at most kMaxTags.
/// `what` names one of them ("body sensation").
std::vector<std::string> checkTags(const char *field, const std::vector<std::string> &tags,
                                   const std::string &what)
{
    if (tags.size() > Needs::kMaxTags)
        throw ValidationError(field, "Choose up to " + std::to_string(Needs::kMaxTags) + " " + what
                                         + "s.");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (const std::string &tag : tags) {
        std::string t = checkText(field, tag, Needs::kMaxText, true,
                                  "Each " + what + " is a few words, up to "
                                      + std::to_string(Needs::kMaxText) + " characters.");
        if (!seen.insert(t).second)
            throw ValidationError(field, "Name each " + what + " once.");
        out.push_back(std::move(t));
    }
    return out;
}

bool offers(const std::vector<Suggestion> &list, const std::string &id)
{
    return std::any_of(list.begin(), list.end(), [&](const Suggestion &s) { return s.id == id; });
}

std::vector<std::string> textList(const json &value)
{
    std::vector<std::string> out;
    if (value.is_array())
        for (const json &v : value)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

/// The columns of an activation, in the order activationFrom reads them, from readableRows.
constexpr const char *kActivationColumns =
    "id, memberId, happenedAt, situation, body, emotion, intensity, reaction, needed, note, "
    "shown, createdAt";
/// The columns readableRows gives of an activation, besides its id and whether it is shown.
constexpr const char *kMomentColumns =
    "memberId, happenedAt, situation, body, emotion, intensity, reaction, needed, note, createdAt";

Activation activationFrom(const Statement &st)
{
    Activation a;
    a.id = st.text(0);
    a.memberId = st.text(1);
    a.happenedAt = st.integer(2);
    a.situation = st.text(3);
    a.body = textList(readFieldValue(st, 4, FieldType::Json));
    a.emotion = st.text(5);
    a.intensity = static_cast<int>(st.integer(6));
    a.reaction = st.text(7);
    a.needed = textList(readFieldValue(st, 8, FieldType::Json));
    a.note = st.text(9);
    a.shared = st.integer(10) == 1;
    a.createdAt = st.integer(11);
    return a;
}

/// ASCII case folding: enough to count "Late reply" and "late reply" as one situation.
std::string folded(const std::string &text)
{
    std::string out = trimmed(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

/// Most frequent first, ties by name.
std::vector<std::pair<std::string, int>> ranked(const std::map<std::string, int> &counts)
{
    std::vector<std::pair<std::string, int>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    return out;
}

} // namespace

Needs::Needs(Store &store, const ContentLibrary &content) : m_store(store), m_content(content)
{
}

std::string Needs::me()
{
    return fair::memberId(m_store);
}

// --- the map ------------------------------------------------------------------------------------

namespace {

/// What ends the id of an item's copy for the partner.
constexpr const char *kCopySuffix = ":shared";

std::string copyIdOf(const std::string &id)
{
    return id + kCopySuffix;
}

const EntityDef &defOf(const std::string &entity)
{
    return *findEntity(entity);
}

/// One row of an entity, alive or deleted: every known field (null where unset).
struct RowValues {
    bool exists = false;
    bool alive = false;
    std::string scope;
    json fields = json::object();
    /// Read from my copy, this device having no row of the item itself: a write writes it first.
    bool adopted = false;
};

/// The columns rowValuesAt reads of the row `alias`: cl, scope, then every field of `def`.
std::string rowColumns(const EntityDef &def, const std::string &alias)
{
    std::string out = alias + ".cl, " + alias + ".scope";
    for (const FieldDef &f : def.fields)
        out += ", " + alias + "." + quoteIdentifier(f.name);
    return out;
}

/// The row whose rowColumns start at column `first`; a row that is not there (a LEFT JOIN's
/// missing side) does not exist.
RowValues rowValuesAt(const Statement &st, int first, const EntityDef &def)
{
    RowValues r;
    if (st.isNull(first))
        return r;
    r.exists = true;
    r.alive = st.integer(first) % 2 == 1;
    r.scope = st.text(first + 1);
    int column = first + 2;
    for (const FieldDef &f : def.fields)
        r.fields[std::string(f.name)] = readFieldValue(st, column++, f.type);
    return r;
}

RowValues readRow(Store &store, const EntityDef &def, const std::string &id)
{
    auto st = store.db().cached("SELECT " + rowColumns(def, "r") + " FROM "
                                + quoteIdentifier(def.table) + " r WHERE r.id = ?1");
    st->bind(1, id);
    return st->step() ? rowValuesAt(*st, 0, def) : RowValues{};
}

std::string textIn(const RowValues &row, const char *field)
{
    const auto it = row.fields.find(field);
    return it != row.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool sharedFlag(const RowValues &row)
{
    const auto it = row.fields.find("shared");
    return it != row.fields.end() && it->is_number_integer() && it->get<std::int64_t>() == 1;
}

const json &itemBlank()
{
    static const json blank = {{"text", ""}, {"note", ""}, {"suggestionId", ""}};
    return blank;
}

const json &activationBlank()
{
    static const json blank = {{"situation", ""}, {"reaction", ""}, {"note", ""},
                               {"body", json::array()}, {"needed", json::array()},
                               {"emotion", ""}};
    return blank;
}

/// The fields that hold a person's words, as a blanked row has them.
const json &blankOf(const std::string &entity)
{
    return entity == kNeed ? itemBlank() : activationBlank();
}

bool holdsWords(const RowValues &row, const json &blank)
{
    for (const auto &[field, empty] : blank.items()) {
        const auto it = row.fields.find(field);
        if (it != row.fields.end() && !it->is_null() && *it != empty)
            return true;
    }
    return false;
}

/// Adds to `out` what brings `copy`, the partner's copy of my item `id`, in line with `item`:
/// the whole item while it is alive and shared; else no words, deleted. Nothing when it is so.
void settleCopy(const std::string &entity, const std::string &id, const RowValues &item,
                const RowValues &copy, std::vector<Mutation> &out)
{
    const std::string copyId = copyIdOf(id);
    if (item.alive && sharedFlag(item)) {
        if (!copy.alive || copy.scope != "couple" || copy.fields != item.fields)
            out.push_back({Mutation::Kind::Upsert, entity, copyId, "couple", item.fields});
        return;
    }
    const json &blank = blankOf(entity);
    if (!copy.exists || (!copy.alive && !holdsWords(copy, blank)))
        return;
    // A deleted copy still holding words (an edit on another device crossed the unsharing) is
    // brought back blank and deleted again: the store writes no field of a deleted row otherwise.
    out.push_back({copy.alive ? Mutation::Kind::Update : Mutation::Kind::Upsert, entity, copyId,
                   "couple", blank});
    out.push_back({Mutation::Kind::Remove, entity, copyId, "couple", json::object()});
}

/// Writes `writes` to my item `id` and, in the same apply, what its copy needs to follow
/// `after`, the item as those writes leave it. Writes nothing when there is nothing to write.
void writeItem(Store &store, const std::string &entity, const std::string &id,
               std::vector<Mutation> writes, const RowValues &after)
{
    settleCopy(entity, id, after, readRow(store, defOf(entity), copyIdOf(id)), writes);
    if (!writes.empty())
        store.apply(writes);
}

/// One of my items (its own private row), or a ValidationError saying why it can't be changed.
RowValues ownItem(Store &store, const std::string &entity, const std::string &id,
                  const std::string &me, const char *what)
{
    RowValues row = readRow(store, defOf(entity), id);
    if (!row.exists) {
        // A device of mine that never received my own rows (one that joined after I had lost
        // every device: docs/decisions.md §17) knows what I shared by its copy alone. It is still
        // mine to change or take back: the first write writes my own row from the copy.
        RowValues copy = readRow(store, defOf(entity), copyIdOf(id));
        if (copy.alive && copy.scope == "couple" && textIn(copy, "memberId") == me) {
            copy.scope = "private";
            copy.fields["shared"] = 1;
            copy.adopted = true;
            return copy;
        }
    }
    if (!row.alive)
        throw ValidationError("id", std::string("There is no such ") + what + ".");
    if (textIn(row, "memberId") != me)
        throw ValidationError("id", std::string("This ") + what
                                        + " is your partner's: only they can change it.");
    if (row.scope != "private") // the copy my partner reads is changed through the item itself
        throw ValidationError("id", std::string("There is no such ") + what + ".");
    return row;
}

/// What every write to my item `row` starts with: its own row, when it was read from the copy.
std::vector<Mutation> opening(const std::string &entity, const std::string &id,
                              const RowValues &row)
{
    if (!row.adopted)
        return {};
    return {{Mutation::Kind::Upsert, entity, id, "private", row.fields}};
}

/// A new item of mine as a row: `fields` and the visibility.
RowValues newItem(json fields, bool shared)
{
    fields["shared"] = shared ? 1 : 0;
    return {true, true, "private", std::move(fields)};
}

/// Blanks my item's words in its own row and deletes it; its copy goes the same way.
void removeItem(Store &store, const std::string &entity, const std::string &id, RowValues row)
{
    const json &blank = blankOf(entity);
    std::vector<Mutation> writes = opening(entity, id, row);
    writes.push_back({Mutation::Kind::Update, entity, id, "private", blank});
    writes.push_back({Mutation::Kind::Remove, entity, id, "private", json::object()});
    row.alive = false;
    for (const auto &[field, empty] : blank.items())
        row.fields[field] = empty;
    writeItem(store, entity, id, std::move(writes), row);
}

/// Makes my item shared or private; its copy follows in the same apply.
void shareItem(Store &store, const std::string &entity, const std::string &id, RowValues row,
               bool shared)
{
    std::vector<Mutation> writes = opening(entity, id, row);
    if (sharedFlag(row) != shared) {
        row.fields["shared"] = shared ? 1 : 0;
        writes.push_back(
            {Mutation::Kind::Update, entity, id, "private", {{"shared", row.fields["shared"]}}});
    }
    writeItem(store, entity, id, std::move(writes), row);
}

/// Blanks a row's words, then deletes it, in its own scope.
void blankAndRemove(Store &store, const std::string &entity, const json &row, const json &blank)
{
    const std::string scope = fair::textOf(row, "scope");
    const std::string id = fair::textOf(row, "id");
    const std::vector<Mutation> batch = {
        {Mutation::Kind::Update, entity, id, scope, blank},
        {Mutation::Kind::Remove, entity, id, scope, json::object()},
    };
    store.apply(batch);
}

} // namespace

std::size_t settleSharedCopies(Store &store)
{
    const auto me = store.meta("member_id");
    if (!me || store.meta(kReadOnlyMeta))
        return 0; // nothing of mine here yet, or a profile that no longer writes
    std::vector<Mutation> writes;
    std::size_t copies = 0;
    for (const std::string entity : {kNeed, kActivation}) {
        const EntityDef &def = defOf(entity);
        const std::string table = quoteIdentifier(def.table);
        // Only the items whose copy is not as it should be: a check that finds nothing writes
        // nothing, since this runs after every merge.
        std::string differs = "c.id IS NULL OR c.cl % 2 = 0 OR c.scope <> 'couple'";
        for (const FieldDef &f : def.fields) {
            const std::string column = quoteIdentifier(f.name);
            differs += " OR c." + column + " IS NOT p." + column;
        }
        std::string words;
        for (const auto &[field, empty] : blankOf(entity).items())
            words += (words.empty() ? "c." : " OR c.") + quoteIdentifier(field) + " <> '"
                     + (empty.is_array() ? "[]" : "") + "'";
        auto st = store.db().cached(
            "SELECT p.id, " + rowColumns(def, "p") + ", " + rowColumns(def, "c") + " FROM " + table
            + " p LEFT JOIN " + table + " c ON c.id = p.id || '" + kCopySuffix
            + "' WHERE p.scope = 'private' AND p.memberId = ?1 AND CASE WHEN p.cl % 2 = 1 AND "
              "p.shared = 1 THEN "
            + differs + " ELSE c.id IS NOT NULL AND (c.cl % 2 = 1 OR " + words + ") END");
        st->bind(1, *me);
        const int width = 2 + static_cast<int>(def.fields.size());
        while (st->step()) {
            const std::size_t before = writes.size();
            settleCopy(entity, st->text(0), rowValuesAt(*st, 1, def),
                       rowValuesAt(*st, 1 + width, def), writes);
            copies += writes.size() > before ? 1 : 0;
        }
    }
    if (!writes.empty())
        store.apply(writes);
    return copies;
}

std::string Needs::add(const NeedItemDraft &d)
{
    if (std::find(kinds().begin(), kinds().end(), d.kind) == kinds().end())
        throw ValidationError("kind", "An item is a need, something that activates you (a trigger) "
                                      "or something that helps you settle.");
    if (d.kind == "trigger") {
        if (d.detail != "situation" && d.detail != "body" && d.detail != "sign")
            throw ValidationError("detail", "Say what kind of trigger it is: a situation, something "
                                            "you feel in your body, or an early sign.");
    } else if (!d.detail.empty()) {
        throw ValidationError("detail", "Only a trigger says what kind it is (a situation, the body "
                                        "or an early sign).");
    }
    const std::string text = checkText("text", d.text, kMaxText, true,
                                       "Write it in a few words, up to " + std::to_string(kMaxText)
                                           + " characters.");
    const std::string note = checkText("note", d.note, kMaxNote, false,
                                       "A note can be up to " + std::to_string(kMaxNote)
                                           + " characters.");
    if (!d.suggestionId.empty()) {
        const UsContent &us = m_content.us();
        bool known = false;
        if (d.kind == "need")
            known = m_content.need(d.suggestionId) != nullptr;
        else if (d.kind == "helps")
            known = offers(us.helps, d.suggestionId);
        else if (d.detail == "situation")
            known = offers(us.situations, d.suggestionId);
        else if (d.detail == "body")
            known = offers(us.bodySensations, d.suggestionId);
        else
            known = offers(us.earlySigns, d.suggestionId);
        if (!known)
            throw ValidationError("suggestionId", "There is no suggestion \"" + d.suggestionId
                                                      + "\" for this; write it in your own words.");
    }
    const std::string member = me();
    {
        // My own rows, not the copies my partner reads.
        auto st = m_store.db().cached("SELECT count(*) FROM need WHERE cl % 2 = 1 AND scope = "
                                      "'private' AND memberId = ?1 AND kind = ?2");
        st->bind(1, member).bind(2, d.kind);
        st->step();
        if (static_cast<std::size_t>(st->integer(0)) >= kMaxItems)
            throw ValidationError("kind", "You have " + std::to_string(kMaxItems) + " "
                                              + kindPlural(d.kind)
                                              + " in your map already: remove one to add another.");
    }
    const std::string id = m_store.newId();
    const RowValues row = newItem({{"spaceId", m_store.meta("space_id").value_or("")},
                                   {"memberId", member}, {"kind", d.kind}, {"detail", d.detail},
                                   {"text", text}, {"suggestionId", d.suggestionId}, {"note", note},
                                   {"createdAt", m_store.clock().nowMs()}},
                                  d.shared);
    writeItem(m_store, kNeed, id, {{Mutation::Kind::Upsert, kNeed, id, "private", row.fields}},
              row);
    return id;
}

void Needs::edit(const std::string &id, const std::string &text, const std::string &note)
{
    RowValues row = ownItem(m_store, kNeed, id, me(), "item");
    const std::string t = checkText("text", text, kMaxText, true,
                                    "Write it in a few words, up to " + std::to_string(kMaxText)
                                        + " characters.");
    const std::string n = checkText("note", note, kMaxNote, false,
                                    "A note can be up to " + std::to_string(kMaxNote)
                                        + " characters.");
    if (t == textIn(row, "text") && n == textIn(row, "note"))
        return;
    const json fields = {{"text", t}, {"note", n}};
    std::vector<Mutation> writes = opening(kNeed, id, row);
    writes.push_back({Mutation::Kind::Update, kNeed, id, "private", fields});
    row.fields.update(fields);
    writeItem(m_store, kNeed, id, std::move(writes), row);
}

std::string Needs::setShared(const std::string &id, bool shared)
{
    shareItem(m_store, kNeed, id, ownItem(m_store, kNeed, id, me(), "item"), shared);
    return id;
}

void Needs::remove(const std::string &id)
{
    removeItem(m_store, kNeed, id, ownItem(m_store, kNeed, id, me(), "item"));
}

namespace {

/// The rows of `table` a reader sees, each with `id`, `shown` (1: the partner sees it) and
/// `columns`: my own items; with ?2, the copies my partner shares; and the copies of mine this
/// device has no row of the item itself for, under the item's id (see ownItem). ?1 is me.
std::string readableRows(const std::string &table, const std::string &columns)
{
    const std::string suffixLength = std::to_string(std::strlen(kCopySuffix));
    const std::string itemId = "substr(c.id, 1, length(c.id) - " + suffixLength + ")";
    return "SELECT id, shared = 1 AS shown, " + columns + " FROM " + table
           + " WHERE cl % 2 = 1 AND scope = 'private' AND memberId = ?1"
             " UNION ALL SELECT CASE WHEN c.memberId = ?1 THEN " + itemId + " ELSE c.id END, 1, "
           + columns + " FROM " + table
           + " c WHERE c.cl % 2 = 1 AND c.scope = 'couple' AND substr(c.id, -" + suffixLength
           + ") = '" + kCopySuffix + "' AND (?2 AND c.memberId <> ?1 OR c.memberId = ?1 AND NOT "
           + "EXISTS (SELECT 1 FROM " + table + " p WHERE p.id = " + itemId + "))";
}

constexpr const char *kItemColumns = "memberId, kind, detail, text, suggestionId, note, createdAt";

std::vector<NeedItem> items(Store &store, const std::string &member, bool mine)
{
    auto st = store.db().cached(
        std::string("SELECT id, memberId, kind, detail, text, suggestionId, note, shown, createdAt "
                    "FROM (")
        + readableRows("need", kItemColumns)
        + ") WHERE (memberId = ?1) = ?3 ORDER BY createdAt, id");
    st->bind(1, member).bind(2, mine ? 0 : 1).bind(3, mine ? 1 : 0);
    std::vector<NeedItem> out;
    while (st->step())
        out.push_back({st->text(0), st->text(1), st->text(2), st->text(3), st->text(4), st->text(5),
                       st->text(6), st->integer(7) == 1, st->integer(8)});
    std::stable_sort(out.begin(), out.end(), [](const NeedItem &a, const NeedItem &b) {
        return kindOrder(a.kind) < kindOrder(b.kind);
    });
    return out;
}

} // namespace

std::vector<NeedItem> Needs::mine()
{
    return items(m_store, me(), true);
}

std::vector<NeedItem> Needs::partners()
{
    // The copies my partner's devices keep of what they share: their own rows never reach this
    // device, and one that did (a restored export) is still not this person's to read.
    return items(m_store, me(), false);
}

// --- the log ------------------------------------------------------------------------------------

namespace {

struct CheckedActivation {
    std::string situation, emotion, reaction, note;
    std::vector<std::string> body, needed;
};

CheckedActivation checkActivation(const ActivationDraft &d, Millis now)
{
    if (d.happenedAt > now + kMinute)
        throw ValidationError("happenedAt", "When it happened can't be in the future.");
    if (d.happenedAt < kEarliest)
        throw ValidationError("happenedAt", "When it happened must be a date from the year 2000 on.");
    CheckedActivation c;
    c.situation = checkText("situation", d.situation, Needs::kMaxText, true,
                            "Say what happened in a few words, up to "
                                + std::to_string(Needs::kMaxText) + " characters.");
    c.body = checkTags("body", d.body, "body sensation");
    c.emotion = checkText("emotion", d.emotion, Needs::kMaxText, false,
                          "Name the feeling in a few words, up to "
                              + std::to_string(Needs::kMaxText) + " characters.");
    if (d.intensity < 1 || d.intensity > 10)
        throw ValidationError("intensity", "How strong it was goes from 1 to 10.");
    c.reaction = checkText("reaction", d.reaction, Needs::kMaxText, false,
                           "What you did can be up to " + std::to_string(Needs::kMaxText)
                               + " characters.");
    c.needed = checkTags("needed", d.needed, "need");
    c.note = checkText("note", d.note, Needs::kMaxNote, false,
                       "A note can be up to " + std::to_string(Needs::kMaxNote) + " characters.");
    return c;
}

json activationFields(const ActivationDraft &d, const CheckedActivation &c)
{
    return {{"happenedAt", d.happenedAt}, {"situation", c.situation}, {"body", c.body},
            {"emotion", c.emotion}, {"intensity", d.intensity}, {"reaction", c.reaction},
            {"needed", c.needed}, {"note", c.note}};
}

} // namespace

std::string Needs::logActivation(const ActivationDraft &d)
{
    const Millis now = m_store.clock().nowMs();
    const CheckedActivation c = checkActivation(d, now);
    json fields = activationFields(d, c);
    fields["spaceId"] = m_store.meta("space_id").value_or("");
    fields["memberId"] = me();
    fields["createdAt"] = now;
    const std::string id = m_store.newId();
    const RowValues row = newItem(std::move(fields), d.shared);
    writeItem(m_store, kActivation, id,
              {{Mutation::Kind::Upsert, kActivation, id, "private", row.fields}}, row);
    return id;
}

void Needs::editActivation(const std::string &id, const ActivationDraft &d)
{
    RowValues row = ownItem(m_store, kActivation, id, me(), "moment");
    const CheckedActivation c = checkActivation(d, m_store.clock().nowMs());
    const json fields = activationFields(d, c);
    std::vector<Mutation> writes = opening(kActivation, id, row);
    writes.push_back({Mutation::Kind::Update, kActivation, id, "private", fields});
    row.fields.update(fields);
    writeItem(m_store, kActivation, id, std::move(writes), row);
}

std::string Needs::setActivationShared(const std::string &id, bool shared)
{
    shareItem(m_store, kActivation, id, ownItem(m_store, kActivation, id, me(), "moment"), shared);
    return id;
}

void Needs::removeActivation(const std::string &id)
{
    removeItem(m_store, kActivation, id, ownItem(m_store, kActivation, id, me(), "moment"));
}

std::vector<Activation> Needs::activations(bool includePartner)
{
    auto st = m_store.db().cached(std::string("SELECT ") + kActivationColumns + " FROM ("
                                  + readableRows("activation", kMomentColumns)
                                  + ") ORDER BY happenedAt DESC, createdAt DESC, id");
    st->bind(1, me()).bind(2, includePartner ? 1 : 0);
    std::vector<Activation> out;
    while (st->step())
        out.push_back(activationFrom(*st));
    return out;
}

std::optional<Activation> Needs::activation(const std::string &id)
{
    auto st = m_store.db().cached(std::string("SELECT ") + kActivationColumns + " FROM ("
                                  + readableRows("activation", kMomentColumns) + ") WHERE id = ?3");
    st->bind(1, me()).bind(2, 1).bind(3, id);
    if (!st->step())
        return std::nullopt;
    return activationFrom(*st);
}

ActivationPatterns Needs::patterns(const std::string &timeZone, Millis since)
{
    ActivationPatterns out;
    if (!timeZone.empty())
        (void)utcOffsetMinutes(0, timeZone); // an unknown zone is refused before anything is read
    // Situations by their folded text: the count, and the latest spelling with its time.
    struct Situation {
        int count = 0;
        Millis at = 0;
        std::string text;
    };
    std::map<std::string, Situation> situations;
    std::map<std::string, int> emotions, needs, body;
    std::int64_t intensitySum = 0;
    auto st = m_store.db().cached(
        "SELECT happenedAt, situation, body, emotion, intensity, needed FROM ("
        + readableRows("activation", kMomentColumns) + ") WHERE happenedAt >= ?3");
    st->bind(1, me()).bind(2, 0).bind(3, since);
    while (st->step()) {
        const Millis at = st->integer(0);
        ++out.count;
        const std::string situation = trimmed(st->text(1));
        if (!situation.empty()) {
            Situation &s = situations[folded(situation)];
            ++s.count;
            if (s.text.empty() || at >= s.at) {
                s.at = at;
                s.text = situation;
            }
        }
        for (const std::string &b : textList(readFieldValue(*st, 2, FieldType::Json)))
            ++body[b];
        if (const std::string e = trimmed(st->text(3)); !e.empty())
            ++emotions[e];
        intensitySum += st->integer(4);
        for (const std::string &n : textList(readFieldValue(*st, 5, FieldType::Json)))
            ++needs[n];

        const Millis local = at + (timeZone.empty() ? 0 : Millis(utcOffsetMinutes(at, timeZone)) * kMinute);
        const auto tp = date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{local}};
        const auto day = date::floor<date::days>(tp);
        const auto hour = std::chrono::duration_cast<std::chrono::hours>(tp - day).count();
        ++out.byHour[static_cast<std::size_t>(hour)];
        // Monday first: ISO weekday 1..7 -> 0..6.
        ++out.byWeekday[date::weekday(day).iso_encoding() - 1];
    }
    std::map<std::string, int> shown;
    for (const auto &entry : situations)
        shown[entry.second.text] += entry.second.count;
    out.situations = ranked(shown);
    out.emotions = ranked(emotions);
    out.needs = ranked(needs);
    out.body = ranked(body);
    if (out.count > 0)
        out.averageIntensity = static_cast<double>(intensitySum) / out.count;
    return out;
}

std::string Needs::compassionPrompt(std::size_t seed) const
{
    const auto &prompts = m_content.us().compassionPrompts;
    return prompts.empty() ? std::string() : prompts[seed % prompts.size()];
}

// --- Learn reflections --------------------------------------------------------------------------

namespace {

/// One row per person and card, so the author's devices writing the same card merge into it.
std::string reflectionId(const std::string &member, const std::string &cardId)
{
    return member + ":" + cardId;
}

} // namespace

void Needs::saveReflection(const std::string &cardId, const std::string &text)
{
    if (!m_content.card(cardId))
        throw ValidationError("card", "There is no card \"" + cardId + "\".");
    const std::string t = checkText("text", text, kMaxReflection, false,
                                    "A reflection can be up to " + std::to_string(kMaxReflection)
                                        + " characters.");
    const std::string member = me();
    const std::string id = reflectionId(member, cardId);
    if (t.empty()) {
        if (auto row = m_store.row(kLearnNote, id))
            blankAndRemove(m_store, kLearnNote, *row, {{"text", ""}});
        return;
    }
    // Always private, whatever the row says.
    m_store.apply(Mutation{Mutation::Kind::Upsert, kLearnNote, id, "private",
                           {{"cardId", cardId}, {"memberId", member}, {"text", t},
                            {"updatedAt", m_store.clock().nowMs()}}});
}

std::string Needs::reflection(const std::string &cardId)
{
    const auto row = m_store.row(kLearnNote, reflectionId(me(), cardId));
    return row ? fair::textOf(*row, "text") : std::string();
}

std::map<std::string, std::string> Needs::reflections()
{
    auto st = m_store.db().cached(
        "SELECT cardId, text FROM learn_note WHERE cl % 2 = 1 AND memberId = ?1 AND text <> ''");
    st->bind(1, me());
    std::map<std::string, std::string> out;
    while (st->step())
        out[st->text(0)] = st->text(1);
    return out;
}

} // namespace hearth
