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

/// The columns of an activation, in the order activationFrom reads them.
constexpr const char *kActivationColumns =
    "id, memberId, happenedAt, situation, body, emotion, intensity, reaction, needed, note, "
    "scope, createdAt";

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
    a.shared = st.text(10) == "couple";
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

/// One of my items, or a ValidationError saying why it can't be changed.
json ownItem(Store &store, const std::string &entity, const std::string &id, const std::string &me,
             const char *what)
{
    const auto row = store.row(entity, id);
    if (!row)
        throw ValidationError("id", std::string("There is no such ") + what + ".");
    if (fair::textOf(*row, "memberId") != me)
        throw ValidationError("id", std::string("This ") + what
                                        + " is your partner's: only they can change it.");
    return *row;
}

/// The fields of a row to write it anew elsewhere: the entity's known fields (a field only a
/// newer version knows can't be written by this one).
json fieldsOf(const std::string &entity, const json &row)
{
    json fields = json::object();
    for (const FieldDef &f : findEntity(entity)->fields)
        if (const auto it = row.find(std::string(f.name)); it != row.end() && !it->is_null())
            fields[std::string(f.name)] = *it;
    return fields;
}

/// Writes `row` anew under `newId` in the other scope, and blanks (`blank`) and deletes the old
/// row in its own scope, in one apply: the words never travel in a scope they were not meant for.
void moveScope(Store &store, const std::string &entity, const json &row, const std::string &newId,
               bool shared, const json &blank)
{
    const std::string oldScope = fair::textOf(row, "scope");
    const std::vector<Mutation> batch = {
        {Mutation::Kind::Upsert, entity, newId, shared ? "couple" : "private", fieldsOf(entity, row)},
        {Mutation::Kind::Update, entity, fair::textOf(row, "id"), oldScope, blank},
        {Mutation::Kind::Remove, entity, fair::textOf(row, "id"), oldScope, json::object()},
    };
    store.apply(batch);
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

} // namespace

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
        auto st = m_store.db().cached(
            "SELECT count(*) FROM need WHERE cl % 2 = 1 AND memberId = ?1 AND kind = ?2");
        st->bind(1, member).bind(2, d.kind);
        st->step();
        if (static_cast<std::size_t>(st->integer(0)) >= kMaxItems)
            throw ValidationError("kind", "You have " + std::to_string(kMaxItems) + " "
                                              + kindPlural(d.kind)
                                              + " in your map already: remove one to add another.");
    }
    const std::string id = m_store.newId();
    m_store.apply(Mutation{Mutation::Kind::Upsert, kNeed, id, d.shared ? "couple" : "private",
                           {{"spaceId", m_store.meta("space_id").value_or("")},
                            {"memberId", member}, {"kind", d.kind}, {"detail", d.detail},
                            {"text", text}, {"suggestionId", d.suggestionId}, {"note", note},
                            {"createdAt", m_store.clock().nowMs()}}});
    return id;
}

void Needs::edit(const std::string &id, const std::string &text, const std::string &note)
{
    const json row = ownItem(m_store, kNeed, id, me(), "item");
    const std::string t = checkText("text", text, kMaxText, true,
                                    "Write it in a few words, up to " + std::to_string(kMaxText)
                                        + " characters.");
    const std::string n = checkText("note", note, kMaxNote, false,
                                    "A note can be up to " + std::to_string(kMaxNote)
                                        + " characters.");
    if (t == fair::textOf(row, "text") && n == fair::textOf(row, "note"))
        return;
    m_store.apply(Mutation{Mutation::Kind::Update, kNeed, id, fair::textOf(row, "scope"),
                           {{"text", t}, {"note", n}}});
}

std::string Needs::setShared(const std::string &id, bool shared)
{
    const json row = ownItem(m_store, kNeed, id, me(), "item");
    if ((fair::textOf(row, "scope") == "couple") == shared)
        return id;
    const std::string newId = m_store.newId();
    moveScope(m_store, kNeed, row, newId, shared, itemBlank());
    return newId;
}

void Needs::remove(const std::string &id)
{
    blankAndRemove(m_store, kNeed, ownItem(m_store, kNeed, id, me(), "item"), itemBlank());
}

namespace {

std::vector<NeedItem> itemsWhere(Store &store, const char *condition, const std::string &member)
{
    auto st = store.db().cached(
        std::string("SELECT id, memberId, kind, detail, text, suggestionId, note, scope, createdAt "
                    "FROM need WHERE cl % 2 = 1 AND ")
        + condition + " ORDER BY createdAt, id");
    st->bind(1, member);
    std::vector<NeedItem> out;
    while (st->step())
        out.push_back({st->text(0), st->text(1), st->text(2), st->text(3), st->text(4), st->text(5),
                       st->text(6), st->text(7) == "couple", st->integer(8)});
    std::stable_sort(out.begin(), out.end(), [](const NeedItem &a, const NeedItem &b) {
        return kindOrder(a.kind) < kindOrder(b.kind);
    });
    return out;
}

} // namespace

std::vector<NeedItem> Needs::mine()
{
    return itemsWhere(m_store, "memberId = ?1", me());
}

std::vector<NeedItem> Needs::partners()
{
    // Only what was shared: a private row of the partner never reaches this device, and one that
    // did (a restored export) is still not this person's to read.
    return itemsWhere(m_store, "memberId <> ?1 AND scope = 'couple'", me());
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
    m_store.apply(Mutation{Mutation::Kind::Upsert, kActivation, id, d.shared ? "couple" : "private",
                           std::move(fields)});
    return id;
}

void Needs::editActivation(const std::string &id, const ActivationDraft &d)
{
    const json row = ownItem(m_store, kActivation, id, me(), "moment");
    const CheckedActivation c = checkActivation(d, m_store.clock().nowMs());
    m_store.apply(Mutation{Mutation::Kind::Update, kActivation, id, fair::textOf(row, "scope"),
                           activationFields(d, c)});
}

std::string Needs::setActivationShared(const std::string &id, bool shared)
{
    const json row = ownItem(m_store, kActivation, id, me(), "moment");
    if ((fair::textOf(row, "scope") == "couple") == shared)
        return id;
    const std::string newId = m_store.newId();
    moveScope(m_store, kActivation, row, newId, shared, activationBlank());
    return newId;
}

void Needs::removeActivation(const std::string &id)
{
    blankAndRemove(m_store, kActivation, ownItem(m_store, kActivation, id, me(), "moment"),
                   activationBlank());
}

std::vector<Activation> Needs::activations(bool includePartner)
{
    auto st = m_store.db().cached(
        std::string("SELECT ") + kActivationColumns
        + " FROM activation WHERE cl % 2 = 1 AND (memberId = ?1 OR (?2 AND scope = 'couple')) "
          "ORDER BY happenedAt DESC, createdAt DESC, id");
    st->bind(1, me()).bind(2, includePartner ? 1 : 0);
    std::vector<Activation> out;
    while (st->step())
        out.push_back(activationFrom(*st));
    return out;
}

std::optional<Activation> Needs::activation(const std::string &id)
{
    auto st = m_store.db().cached(
        std::string("SELECT ") + kActivationColumns
        + " FROM activation WHERE id = ?1 AND cl % 2 = 1 AND (memberId = ?2 OR scope = 'couple')");
    st->bind(1, id).bind(2, me());
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
        "SELECT happenedAt, situation, body, emotion, intensity, needed FROM activation "
        "WHERE cl % 2 = 1 AND memberId = ?1 AND happenedAt >= ?2");
    st->bind(1, me()).bind(2, since);
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
