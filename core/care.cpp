#include "care.h"

#include "acceptance.h"
#include "carerules.h"
#include "checkins.h"
#include "entity.h"
#include "errors.h"
#include "fairreveal.h"
#include "schedule.h"
#include "store.h"
#include "textcheck.h"

#include <date/date.h>

#include <algorithm>
#include <limits>
#include <map>

namespace hearth {

using nlohmann::json;

namespace {

constexpr const char *kCare = "care";
constexpr const char *kLink = "care_link";
constexpr const char *kCard = "care_member";
constexpr const char *kReflection = "reflection";
/// What ends the id of a reflection's care copy (docs/decisions.md §20).
constexpr const char *kCopySuffix = ":shared";
constexpr std::size_t kMaxAnswers = 20;
constexpr std::size_t kMaxSteps = 30;
constexpr std::size_t kMaxPrompts = 10;
constexpr int kMaxMinutes = 240;
constexpr Millis kForever = std::numeric_limits<Millis>::max();

std::string me(Store &store)
{
    return store.meta("member_id").value_or("");
}

/// A therapist's replica of a couple's space: paired with the therapist role (the sync client's
/// setting). Its member id is the therapist's; it never holds a member row of its own.
bool onTherapistReplica(Store &store)
{
    return store.meta("sync.role").value_or("") == "therapist";
}

void requirePartner(Store &store)
{
    if (onTherapistReplica(store) || me(store).empty())
        throw ValidationError("profile", "Only a partner of the couple can do this.");
}

void requireTherapist(Store &store)
{
    if (!onTherapistReplica(store) || me(store).empty())
        throw ValidationError("profile", "Only the couple's therapist can do this.");
}

std::string spaceOf(Store &store)
{
    const std::string space = store.meta("space_id").value_or("");
    return space.empty() ? store.meta("sync.space").value_or("") : space;
}

std::string trimmed(const std::string &text)
{
    constexpr const char *space = " \t\r\n\v\f";
    const auto first = text.find_first_not_of(space);
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(space) - first + 1);
}

/// A text a person wrote, trimmed; `required`: it must say something.
std::string checkedText(const std::string &field, const std::string &text, std::size_t max,
                        bool required, const std::string &message)
{
    detail::checkUtf8(field, text);
    std::string t = trimmed(text);
    if ((required && t.empty()) || fair::characters(t) > max)
        throw ValidationError(field, message);
    return t;
}

/// A real calendar date written "YYYY-MM-DD".
std::optional<date::sys_days> dayOf(const std::string &text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return std::nullopt;
    const date::year_month_day ymd{date::year{std::stoi(text.substr(0, 4))},
                                   date::month{static_cast<unsigned>(std::stoi(text.substr(5, 2)))},
                                   date::day{static_cast<unsigned>(std::stoi(text.substr(8, 2)))}};
    if (!ymd.ok())
        return std::nullopt;
    return date::sys_days{ymd};
}

std::string text(const json &row, const char *field)
{
    return fair::textOf(row, field);
}

std::int64_t number(const json &row, const char *field)
{
    return fair::numberOf(row, field);
}

std::string policyFingerprint(const CarePolicy &p)
{
    return detail::textFingerprint(p.kind, p.text);
}

/// "<assignment>#<occurrence>:<member>": one partner's completion of, or reflection on, one due
/// date. The same id on each of that partner's devices, so their writes merge into one row.
std::string dueId(const std::string &assignmentId, int occurrence, const std::string &member)
{
    return assignmentId + "#" + std::to_string(occurrence) + ":" + member;
}

/// Every care_link row of this space, each with what its cards and acceptances say.
std::vector<CareLink> allLinks(Store &store)
{
    const std::string member = me(store);
    std::vector<CarePerson> cards;
    {
        auto st = store.db().cached("SELECT id, name, colour, shareTrends FROM care_member "
                                    "WHERE cl % 2 = 1 ORDER BY id");
        while (st->step())
            cards.push_back({st->text(0), st->text(1), st->text(2), false, 0, st->integer(3) == 1});
    }
    std::vector<CareLink> links;
    {
        auto st = store.db().cached(
            "SELECT id, therapistName, policyKind, policyText, invitedBy, invitedAt, joinedAt, "
            "endedBy, endedAt FROM care_link WHERE cl % 2 = 1 ORDER BY id");
        while (st->step()) {
            CareLink l;
            l.therapistId = st->text(0);
            l.therapistName = st->text(1);
            l.policy = {st->text(2), st->text(3)};
            l.invitedBy = st->text(4);
            l.invitedAt = st->integer(5);
            l.joinedAt = st->integer(6);
            l.endedBy = st->text(7);
            l.endedAt = st->integer(8);
            links.push_back(std::move(l));
        }
    }
    for (CareLink &l : links) {
        const std::string fingerprint = policyFingerprint(l.policy);
        auto accepted = [&](const std::string &memberId) -> Millis {
            auto st = store.db().cached("SELECT at FROM acceptance WHERE id = ?1 AND cl % 2 = 1 "
                                        "AND fingerprint = ?2");
            st->bind(1, detail::acceptanceId(kLink, l.therapistId, memberId)).bind(2, fingerprint);
            return st->step() ? std::max<Millis>(st->integer(0), 1) : 0;
        };
        l.partners = cards;
        for (CarePerson &p : l.partners) {
            p.acceptedAt = l.policy.text.empty() ? 0 : accepted(p.memberId);
            p.acceptedPolicy = p.acceptedAt > 0;
        }
        l.acceptedByMe = !l.policy.text.empty() && accepted(member) > 0;
        l.active = l.joinedAt > 0 && l.endedAt == 0 && !l.policy.text.empty()
                   && l.partners.size() == 2
                   && std::all_of(l.partners.begin(), l.partners.end(),
                                  [](const CarePerson &p) { return p.acceptedPolicy; });
    }
    return links;
}

/// The link a viewer deals with: on the therapist's replica their own; else the one standing
/// (the latest invited), or the most recently ended.
std::optional<CareLink> currentLink(Store &store)
{
    std::vector<CareLink> links = allLinks(store);
    if (onTherapistReplica(store))
        for (CareLink &l : links)
            if (l.therapistId == me(store))
                return std::move(l);
    auto later = [](const CareLink &a, const CareLink &b) {
        if ((a.endedAt == 0) != (b.endedAt == 0))
            return a.endedAt != 0; // a standing link comes after every ended one
        return a.endedAt == 0 ? a.invitedAt < b.invitedAt : a.endedAt < b.endedAt;
    };
    const auto best = std::max_element(links.begin(), links.end(), later);
    if (best == links.end())
        return std::nullopt;
    return std::move(*best);
}

bool linkStands(Store &store)
{
    const auto link = currentLink(store);
    return link && link->endedAt == 0;
}

/// Until when each therapist's assignments show here: all of them while their link is active,
/// and while both partners had accepted an earlier wording of a policy the therapist has since
/// changed (what was assigned stays; the therapist's device assigns nothing new until both
/// accept again); those assigned before the end of a link both partners had accepted once; on
/// the therapist's replica, everything they assigned themselves.
std::map<std::string, Millis> visibleUntil(Store &store)
{
    std::map<std::string, Millis> out;
    for (const CareLink &l : allLinks(store)) {
        if (l.active) {
            out[l.therapistId] = kForever;
            continue;
        }
        auto st = store.db().cached(
            "SELECT count(*) FROM acceptance WHERE entity = ?1 AND rowId = ?2 AND cl % 2 = 1 "
            "AND coalesce(fingerprint, '') <> ''");
        st->bind(1, kLink).bind(2, l.therapistId);
        st->step();
        if (st->integer(0) >= 2)
            out[l.therapistId] = l.endedAt > 0 ? l.endedAt : kForever;
    }
    if (onTherapistReplica(store))
        out[me(store)] = kForever;
    return out;
}

Exercise exerciseOf(const json &copy)
{
    Exercise e;
    try {
        from_json(copy, e);
    } catch (const Error &) {
        // A copy in a shape this version does not read in full still shows what it can.
        e = {};
        if (copy.is_object()) {
            // Only what has the right type: a newer or hostile device may send anything.
            const auto textAt = [&](const char *key) {
                const auto it = copy.find(key);
                return it != copy.end() && it->is_string() ? it->get<std::string>() : std::string();
            };
            e.id = textAt("id");
            e.title = textAt("title");
            e.purpose = textAt("purpose");
            for (const char *list : {"steps", "prompts"})
                if (copy.contains(list) && copy.at(list).is_array())
                    for (const json &s : copy.at(list))
                        if (s.is_string())
                            (std::string_view(list) == "steps" ? e.steps : e.prompts)
                                .push_back(s.get<std::string>());
        }
    }
    return e;
}

std::vector<Assignment> readAssignments(Store &store, const std::string &id = {})
{
    const auto until = visibleUntil(store);
    auto st = store.db().cached(
        "SELECT id, exercise, assignee, dueOn, everyDays, times, note, assignedBy, assignedAt, "
        "withdrawnAt FROM assignment WHERE cl % 2 = 1 AND (?1 = '' OR id = ?1) "
        "ORDER BY assignedAt DESC, id");
    st->bind(1, id);
    std::vector<Assignment> out;
    while (st->step()) {
        Assignment a;
        a.id = st->text(0);
        a.exercise = exerciseOf(readFieldValue(*st, 1, FieldType::Json));
        a.assignee = st->text(2);
        a.dueOn = st->text(3);
        a.everyDays = static_cast<int>(st->integer(4));
        a.times = static_cast<int>(st->integer(5));
        a.note = st->text(6);
        a.assignedBy = st->text(7);
        a.assignedAt = st->integer(8);
        a.withdrawnAt = st->integer(9);
        const auto it = until.find(a.assignedBy);
        if (it != until.end() && a.assignedAt <= it->second)
            out.push_back(std::move(a));
    }
    return out;
}

// --- reflections and their care copies (docs/decisions.md §20) ---------------------------------

/// One reflection row, alive or deleted.
struct ReflectionRow {
    bool exists = false;
    bool alive = false;
    std::string scope;
    json fields = json::object();
    bool adopted = false; ///< read from my copy, this device having no row of its own
};

ReflectionRow readReflectionRow(Store &store, const std::string &id)
{
    const EntityDef &def = *findEntity(kReflection);
    std::string columns = "cl, scope";
    for (const FieldDef &f : def.fields)
        columns += ", " + quoteIdentifier(f.name);
    auto st = store.db().cached("SELECT " + columns + " FROM reflection WHERE id = ?1");
    st->bind(1, id);
    ReflectionRow r;
    if (!st->step())
        return r;
    r.exists = true;
    r.alive = st->integer(0) % 2 == 1;
    r.scope = st->text(1);
    int column = 2;
    for (const FieldDef &f : def.fields)
        r.fields[std::string(f.name)] = readFieldValue(*st, column++, f.type);
    return r;
}

bool isShared(const ReflectionRow &row)
{
    const auto it = row.fields.find("shared");
    return it != row.fields.end() && it->is_number_integer() && it->get<std::int64_t>() == 1;
}

/// Adds to `out` what brings the care copy of my reflection `id` in line with `item`: the whole
/// reflection while it is alive and shared; else no words, deleted. Nothing when it is so.
void settleCopy(const std::string &id, const ReflectionRow &item, const ReflectionRow &copy,
                std::vector<Mutation> &out)
{
    const std::string copyId = id + kCopySuffix;
    if (item.alive && isShared(item)) {
        if (!copy.alive || copy.scope != kCare || copy.fields != item.fields)
            out.push_back({Mutation::Kind::Upsert, kReflection, copyId, kCare, item.fields});
        return;
    }
    const json blank = {{"answers", json::array()}};
    const auto answers = copy.fields.find("answers");
    const bool words = answers != copy.fields.end() && !answers->is_null() && *answers != blank["answers"];
    if (!copy.exists || (!copy.alive && !words))
        return;
    // A deleted copy that still holds words (an edit crossed the unsharing) is brought back
    // blank and deleted again: the store writes no field of a deleted row otherwise.
    out.push_back({copy.alive ? Mutation::Kind::Update : Mutation::Kind::Upsert, kReflection,
                   copyId, kCare, blank});
    out.push_back({Mutation::Kind::Remove, kReflection, copyId, kCare, json::object()});
}

/// One of my reflections: its own private row, or, on a device of mine that never received it,
/// the row my copy tells.
ReflectionRow ownReflection(Store &store, const std::string &id, const std::string &member)
{
    ReflectionRow row = readReflectionRow(store, id);
    if (!row.exists) {
        ReflectionRow copy = readReflectionRow(store, id + kCopySuffix);
        if (copy.alive && copy.scope == kCare && text(copy.fields, "memberId") == member) {
            copy.scope = "private";
            copy.fields["shared"] = 1;
            copy.adopted = true;
            return copy;
        }
    }
    if (!row.alive || row.scope != "private" || text(row.fields, "memberId") != member)
        throw ValidationError("id", "There is no such reflection of yours.");
    return row;
}

void writeReflectionRow(Store &store, const std::string &id, std::vector<Mutation> writes,
                        const ReflectionRow &after)
{
    settleCopy(id, after, readReflectionRow(store, id + kCopySuffix), writes);
    if (!writes.empty())
        store.apply(writes);
}

Reflection reflectionFrom(const Statement &st)
{
    Reflection r;
    r.id = st.text(0);
    r.assignmentId = st.text(1);
    r.occurrence = static_cast<int>(st.integer(2));
    r.memberId = st.text(3);
    const json answers = readFieldValue(st, 4, FieldType::Json);
    // Only well-formed answers reach a reader (a newer or hostile device may write anything).
    if (answers.is_array())
        for (const json &a : answers)
            if (a.is_object() && a.contains("prompt") && a.at("prompt").is_string()
                && a.contains("text") && a.at("text").is_string())
                r.answers.push_back({{"prompt", a.at("prompt")}, {"text", a.at("text")}});
    r.writtenAt = st.integer(5);
    r.shared = st.integer(6) == 1;
    return r;
}

/// The reflections a device may read: my own rows; the copies others share; and the copies of
/// mine this device has no row of its own for (under the reflection's id).
std::vector<Reflection> readableReflections(Store &store)
{
    const std::string cut = std::to_string(std::string_view(kCopySuffix).size());
    const std::string itemId = "substr(c.id, 1, length(c.id) - " + cut + ")";
    auto st = store.db().cached(
        "SELECT id, assignmentId, occurrence, memberId, answers, writtenAt, shared = 1 FROM "
        "reflection WHERE cl % 2 = 1 AND scope = 'private' AND memberId = ?1 "
        "UNION ALL SELECT " + itemId + ", assignmentId, occurrence, memberId, answers, writtenAt, 1 "
        "FROM reflection c WHERE c.cl % 2 = 1 AND c.scope = 'care' AND substr(c.id, -" + cut
        + ") = '" + kCopySuffix + "' AND (c.memberId <> ?1 OR NOT EXISTS (SELECT 1 FROM "
        "reflection p WHERE p.id = " + itemId + ")) ORDER BY writtenAt DESC, 1");
    st->bind(1, me(store));
    std::vector<Reflection> out;
    while (st->step())
        out.push_back(reflectionFrom(*st));
    return out;
}

/// [{"prompt","text"}] with the texts trimmed; at least one says something.
json checkedAnswers(const json &answers)
{
    if (!answers.is_array() || answers.empty() || answers.size() > kMaxAnswers)
        throw ValidationError("answers", "Answer at least one of the questions.");
    json out = json::array();
    bool any = false;
    for (const json &a : answers) {
        if (!a.is_object() || !a.value("prompt", json()).is_string()
            || !a.value("text", json()).is_string())
            throw ValidationError("answers", "Each answer has a question and a text.");
        const std::string prompt = checkedText("answers", a.at("prompt").get<std::string>(),
                                               Care::kMaxStep, false, "A question is too long.");
        const std::string t = checkedText(
            "answers", a.at("text").get<std::string>(), Care::kMaxAnswer, false,
            "An answer can be up to " + std::to_string(Care::kMaxAnswer) + " characters.");
        any = any || !t.empty();
        out.push_back({{"prompt", prompt}, {"text", t}});
    }
    if (!any)
        throw ValidationError("answers", "Answer at least one of the questions.");
    return out;
}

// --- care cards ----------------------------------------------------------------------------------

/// What my care card should say of me, from my member row; nullopt without one.
std::optional<json> cardOf(Store &store, const std::string &member)
{
    const auto row = store.row("member", member);
    if (!row)
        return std::nullopt;
    return json{{"spaceId", text(*row, "spaceId")}, {"name", text(*row, "name")},
                {"timeZone", text(*row, "timeZone")}, {"colour", text(*row, "colour")}};
}

/// The write that brings my care card in line with my member row, if one is needed.
std::optional<Mutation> cardUpdate(Store &store, const std::string &member)
{
    auto wanted = cardOf(store, member);
    if (!wanted)
        return std::nullopt;
    if (const auto card = store.row(kCard, member)) {
        // Trends written on a device that had not yet heard sharing was turned off are blanked
        // once it has: the switch, last writer wins, decides what the card carries.
        const json trends = card->value("trends", json());
        if (number(*card, "shareTrends") != 1 && trends.is_object() && !trends.empty())
            (*wanted)["trends"] = json::object();
        bool same = true;
        for (const auto &[field, value] : wanted->items())
            same = same && card->value(field, json()) == value;
        if (same)
            return std::nullopt;
    }
    (*wanted)["updatedAt"] = store.clock().nowMs();
    return Mutation{Mutation::Kind::Upsert, kCard, member, kCare, std::move(*wanted)};
}

json trendLine(const std::vector<CheckInTrends::Point> &points)
{
    json line = json::array();
    for (const CheckInTrends::Point &p : points)
        line.push_back({{"weekOf", p.weekOf}, {"average", p.average}, {"answers", p.answers}});
    return line;
}

/// My own lines of the check-in trends, in care_member's shape.
json myTrends(Store &store, const ContentLibrary &content, const std::string &timeZone)
{
    if (!isValidTimeZone(timeZone))
        throw ValidationError("timeZone", "Choose a time zone from the list.");
    const std::string member = me(store);
    for (const CheckInTrends::Person &p : CheckIns(store, content).trends(timeZone).people)
        if (p.memberId == member)
            return {{"mood", trendLine(p.mood)}, {"closeness", trendLine(p.closeness)},
                    {"stress", trendLine(p.stress)}};
    return {{"mood", json::array()}, {"closeness", json::array()}, {"stress", json::array()}};
}

} // namespace

std::string_view toString(DueItem::Status status)
{
    switch (status) {
    case DueItem::Status::Done:
        return "done";
    case DueItem::Status::Overdue:
        return "overdue";
    case DueItem::Status::ToDo:
        break;
    }
    return "todo";
}

std::vector<std::string> Assignment::dueDates() const
{
    const auto first = dayOf(dueOn);
    if (!first)
        return {};
    // The row may come from a newer or hostile device: kept within what assign() allows.
    const int every = std::clamp(everyDays, 0, 31);
    const int count = every > 0 ? std::clamp(times, 1, Care::kMaxTimes) : 1;
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i)
        out.push_back(date::format("%F", *first + date::days{i * every}));
    return out;
}

// --- the shared rules of care.cpp and practice.cpp ----------------------------------------------

CarePolicy detail::checkedPolicy(const CarePolicy &p)
{
    if (p.kind != "no-secrets" && p.kind != "limited-secrets")
        throw ValidationError("policyKind", "Choose \"no secrets\" or \"limited secrets\".");
    return {p.kind, checkedText("policyText", p.text, Care::kMaxPolicy, true,
                                "Say what the policy means for the couple, in up to "
                                    + std::to_string(Care::kMaxPolicy) + " characters.")};
}

std::string detail::checkedTherapistName(const std::string &name)
{
    return checkedText("name", name, kMaxTherapistName, true,
                       "Write the name couples know you by, up to "
                           + std::to_string(kMaxTherapistName) + " characters.");
}

Exercise detail::checkedExercise(const Exercise &e)
{
    Exercise c = e;
    c.title = checkedText("title", e.title, Care::kMaxTitle, true,
                          "Give the exercise a title of up to " + std::to_string(Care::kMaxTitle)
                              + " characters.");
    if (e.steps.size() < 2 || e.steps.size() > kMaxSteps)
        throw ValidationError("steps", "Write between 2 and " + std::to_string(kMaxSteps) + " steps.");
    if (e.prompts.empty() || e.prompts.size() > kMaxPrompts)
        throw ValidationError("prompts", "Write 1 to " + std::to_string(kMaxPrompts)
                                             + " questions for the reflection afterwards.");
    for (std::string &s : c.steps)
        s = checkedText("steps", s, Care::kMaxStep, true,
                        "Each step says something, in up to " + std::to_string(Care::kMaxStep)
                            + " characters.");
    for (std::string &p : c.prompts)
        p = checkedText("prompts", p, Care::kMaxStep, true,
                        "Each question says something, in up to " + std::to_string(Care::kMaxStep)
                            + " characters.");
    c.purpose = checkedText("purpose", e.purpose, Care::kMaxStep, true,
                            "Say what the exercise is for, in up to " + std::to_string(Care::kMaxStep)
                                + " characters.");
    c.source = checkedText("source", e.source, Care::kMaxStep, false,
                           "The source can be up to " + std::to_string(Care::kMaxStep) + " characters.");
    if (c.source.empty())
        c.source = "The therapist's own exercise.";
    if (c.format.empty())
        c.format = "custom";
    if (c.who.empty())
        c.who = "together";
    if (c.who != "together" && c.who != "each")
        throw ValidationError("who", "Say whether the partners do it together or each on their own.");
    if (e.minutes < 1 || e.minutes > kMaxMinutes)
        throw ValidationError("minutes", "Say how long it takes: 1 to " + std::to_string(kMaxMinutes)
                                             + " minutes.");
    if (e.timerMinutes < 0 || e.timerMinutes > e.minutes)
        throw ValidationError("timerMinutes", "The timer can't run longer than the exercise.");
    c.version = std::max(1, e.version);
    // What is assigned travels as a copy that every app must read back (from_json): whatever
    // rule of that reader the checks above do not name is refused here, by its field.
    try {
        Exercise probe = c;
        if (probe.id.empty())
            probe.id = "custom"; // given when it is published or assigned
        Exercise back;
        from_json(json(probe), back);
    } catch (const ContentError &error) {
        const std::string field = error.field().substr(0, error.field().find_first_of(".["));
        throw ValidationError(field.empty() || field == "$" ? "exercise" : field, error.what());
    }
    return c;
}

json detail::exerciseFields(const Exercise &e)
{
    return {{"title", e.title}, {"purpose", e.purpose}, {"format", e.format}, {"who", e.who},
            {"version", e.version}, {"minutes", e.minutes}, {"timerMinutes", e.timerMinutes}, {"steps", e.steps},
            {"prompts", e.prompts}, {"source", e.source}};
}

std::vector<Exercise> detail::exerciseRows(Store &store, const std::string &scope)
{
    std::vector<std::string> ids;
    {
        auto st = store.db().cached("SELECT id FROM exercise WHERE cl % 2 = 1 AND scope = ?1");
        st->bind(1, scope);
        while (st->step())
            ids.push_back(st->text(0));
    }
    std::vector<Exercise> out;
    for (const std::string &id : ids) {
        const auto row = store.row("exercise", id);
        if (!row)
            continue;
        Exercise e;
        e.id = id;
        e.title = text(*row, "title");
        e.purpose = text(*row, "purpose");
        e.format = text(*row, "format");
        e.who = text(*row, "who").empty() ? "together" : text(*row, "who");
        e.version = std::max(1, static_cast<int>(number(*row, "version")));
        e.minutes = static_cast<int>(number(*row, "minutes"));
        e.timerMinutes = static_cast<int>(number(*row, "timerMinutes"));
        for (const char *list : {"steps", "prompts"})
            if (const json v = row->value(list, json()); v.is_array())
                for (const json &s : v)
                    if (s.is_string())
                        (std::string_view(list) == "steps" ? e.steps : e.prompts)
                            .push_back(s.get<std::string>());
        e.source = text(*row, "source");
        out.push_back(std::move(e));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Exercise &a, const Exercise &b) { return a.title < b.title; });
    return out;
}

// --- Care -----------------------------------------------------------------------------------------

Care::Care(Store &store, const ContentLibrary &content) : m_store(store), m_content(content) {}

std::optional<CareLink> Care::link()
{
    return currentLink(m_store);
}

void Care::noteInvite(const std::string &therapistId)
{
    requirePartner(m_store);
    if (therapistId.empty())
        throw ValidationError("therapistId", "The invite names no therapist.");
    if (linkStands(m_store))
        throw ValidationError("link", "Your therapist is linked already: unlink them first.");
    const std::string member = me(m_store);
    std::vector<Mutation> writes = {
        {Mutation::Kind::Upsert, kLink, therapistId, kCare,
         {{"spaceId", spaceOf(m_store)}, {"invitedBy", member},
          {"invitedAt", m_store.clock().nowMs()}}}};
    if (auto card = cardUpdate(m_store, member))
        writes.push_back(std::move(*card));
    m_store.apply(writes);
}

void Care::acceptPolicy()
{
    requirePartner(m_store);
    const auto l = link();
    if (!l || l->endedAt > 0 || l->joinedAt == 0 || l->policy.text.empty())
        throw ValidationError("link", "There is no therapist's policy to accept yet.");
    const std::string member = me(m_store);
    std::vector<Mutation> writes = {detail::acceptanceMutation(
        kLink, l->therapistId, member, policyFingerprint(l->policy), m_store.clock().nowMs(), kCare)};
    if (auto card = cardUpdate(m_store, member))
        writes.push_back(std::move(*card));
    m_store.apply(writes);
}

void Care::endLink()
{
    requirePartner(m_store);
    const auto l = link();
    if (!l || l->endedAt > 0)
        throw ValidationError("link", "There is no therapist linked.");
    m_store.apply(Mutation{Mutation::Kind::Update, kLink, l->therapistId, kCare,
                           {{"endedBy", me(m_store)}, {"endedAt", m_store.clock().nowMs()}}});
}

void Care::setShareTrends(bool share, const std::string &timeZone)
{
    requirePartner(m_store);
    if (share && !linkStands(m_store)) // taking them back is always possible
        throw ValidationError("link", "There is no therapist linked.");
    const std::string member = me(m_store);
    json fields = cardOf(m_store, member).value_or(json::object());
    fields["shareTrends"] = share ? 1 : 0;
    fields["trends"] = share ? myTrends(m_store, m_content, timeZone) : json::object();
    fields["updatedAt"] = m_store.clock().nowMs();
    m_store.apply(Mutation{Mutation::Kind::Upsert, kCard, member, kCare, std::move(fields)});
}

bool Care::publishTrends(const std::string &timeZone)
{
    requirePartner(m_store);
    const std::string member = me(m_store);
    const auto card = m_store.row(kCard, member);
    if (!card || number(*card, "shareTrends") != 1 || !linkStands(m_store))
        return false;
    const json trends = myTrends(m_store, m_content, timeZone);
    if (card->value("trends", json()) == trends)
        return false;
    m_store.apply(Mutation{Mutation::Kind::Update, kCard, member, kCare,
                           {{"trends", trends}, {"updatedAt", m_store.clock().nowMs()}}});
    return true;
}

std::vector<Assignment> Care::assignments()
{
    std::vector<Assignment> out = readAssignments(m_store);
    std::erase_if(out, [](const Assignment &a) { return a.withdrawnAt != 0; });
    return out;
}

std::optional<Assignment> Care::assignment(const std::string &id)
{
    if (id.empty())
        return std::nullopt;
    std::vector<Assignment> found = readAssignments(m_store, id);
    if (found.empty())
        return std::nullopt;
    return std::move(found.front());
}

std::vector<DueItem> Care::dueItems(const std::string &today)
{
    std::vector<std::string> partners;
    if (const auto l = link())
        for (const CarePerson &p : l->partners)
            partners.push_back(p.memberId);
    std::map<std::string, Reflection> reflections;
    for (Reflection &r : readableReflections(m_store))
        reflections.emplace(dueId(r.assignmentId, r.occurrence, r.memberId), std::move(r));
    std::vector<DueItem> out;
    for (const Assignment &a : assignments()) {
        const std::vector<std::string> dates = a.dueDates();
        const std::vector<std::string> who =
            a.assignee.empty() ? partners : std::vector<std::string>{a.assignee};
        for (int n = 0; n < static_cast<int>(dates.size()); ++n)
            for (const std::string &member : who) {
                DueItem item;
                item.assignmentId = a.id;
                item.occurrence = n;
                item.dueOn = dates[static_cast<std::size_t>(n)];
                item.memberId = member;
                const std::string id = dueId(a.id, n, member);
                const auto done = m_store.row("assignment_done", id);
                if (done && number(*done, "doneAt") > 0) {
                    item.status = DueItem::Status::Done;
                    item.doneAt = number(*done, "doneAt");
                } else if (item.dueOn < today) {
                    item.status = DueItem::Status::Overdue;
                }
                if (const auto r = reflections.find(id); r != reflections.end())
                    item.reflection = r->second;
                out.push_back(std::move(item));
            }
    }
    std::sort(out.begin(), out.end(), [](const DueItem &a, const DueItem &b) {
        return std::tie(a.dueOn, a.assignmentId, a.occurrence, a.memberId)
               < std::tie(b.dueOn, b.assignmentId, b.occurrence, b.memberId);
    });
    return out;
}

namespace {

/// The due date `occurrence` of a standing assignment for this partner, or why not.
Assignment dueForMe(Care &care, const std::string &assignmentId, int occurrence,
                    const std::string &member)
{
    const auto a = care.assignment(assignmentId);
    if (!a || a->withdrawnAt != 0)
        throw ValidationError("assignment", "There is no such assignment.");
    if (occurrence < 0 || occurrence >= static_cast<int>(a->dueDates().size()))
        throw ValidationError("occurrence", "This assignment has no such due date.");
    if (!a->assignee.empty() && a->assignee != member)
        throw ValidationError("assignment", "This assignment is for your partner.");
    return *a;
}

} // namespace

void Care::complete(const std::string &assignmentId, int occurrence)
{
    requirePartner(m_store);
    const std::string member = me(m_store);
    (void)dueForMe(*this, assignmentId, occurrence, member);
    const std::string id = dueId(assignmentId, occurrence, member);
    if (const auto done = m_store.row("assignment_done", id); done && number(*done, "doneAt") > 0)
        return;
    // The row stays alive once written; done or not is its `doneAt` (0: reopened), last writer
    // wins, so a completion made after a reopen on another device is not lost to it.
    m_store.apply(Mutation{Mutation::Kind::Upsert, "assignment_done", id, kCare,
                           {{"assignmentId", assignmentId}, {"occurrence", occurrence},
                            {"memberId", member}, {"doneAt", m_store.clock().nowMs()}}});
}

void Care::reopen(const std::string &assignmentId, int occurrence)
{
    requirePartner(m_store);
    const std::string member = me(m_store);
    (void)dueForMe(*this, assignmentId, occurrence, member);
    const std::string id = dueId(assignmentId, occurrence, member);
    if (const auto done = m_store.row("assignment_done", id); done && number(*done, "doneAt") > 0)
        m_store.apply(Mutation{Mutation::Kind::Update, "assignment_done", id, kCare, {{"doneAt", 0}}});
}

std::string Care::writeReflection(const std::string &assignmentId, int occurrence,
                                  const json &answers, bool shared)
{
    requirePartner(m_store);
    const std::string member = me(m_store);
    (void)dueForMe(*this, assignmentId, occurrence, member);
    const json checked = checkedAnswers(answers);
    const std::string id = dueId(assignmentId, occurrence, member);
    ReflectionRow after{true, true, "private",
                        {{"assignmentId", assignmentId}, {"occurrence", occurrence},
                         {"memberId", member}, {"answers", checked},
                         {"writtenAt", m_store.clock().nowMs()}, {"shared", shared ? 1 : 0}}};
    json written = after.fields;
    // Rewriting the words writes `shared` only when this device reads another value: an edit on
    // a device that had not yet heard of an unsharing elsewhere does not share the words again.
    if (const ReflectionRow before = readReflectionRow(m_store, id);
        before.exists && before.alive && isShared(before) == shared)
        written.erase("shared");
    writeReflectionRow(m_store, id, {{Mutation::Kind::Upsert, kReflection, id, "private", std::move(written)}},
                       after);
    return id;
}

void Care::setReflectionShared(const std::string &reflectionId, bool shared)
{
    requirePartner(m_store);
    ReflectionRow row = ownReflection(m_store, reflectionId, me(m_store));
    std::vector<Mutation> writes;
    if (row.adopted)
        writes.push_back({Mutation::Kind::Upsert, kReflection, reflectionId, "private", row.fields});
    if (isShared(row) != shared) {
        row.fields["shared"] = shared ? 1 : 0;
        writes.push_back({Mutation::Kind::Update, kReflection, reflectionId, "private",
                          {{"shared", row.fields["shared"]}}});
    }
    writeReflectionRow(m_store, reflectionId, std::move(writes), row);
}

void Care::writeTherapist(const std::string &therapistId, const std::string &name,
                          const CarePolicy &policy)
{
    requireTherapist(m_store);
    const std::string n = detail::checkedTherapistName(name);
    const CarePolicy p = detail::checkedPolicy(policy);
    if (therapistId.empty() || therapistId != me(m_store))
        throw ValidationError("therapistId", "This device joined as another member.");
    const auto row = m_store.row(kLink, therapistId);
    if (row && number(*row, "endedAt") > 0)
        throw ValidationError("link", "This couple ended the link.");
    json fields = {{"therapistName", n}, {"policyKind", p.kind}, {"policyText", p.text}};
    if (row && text(*row, "therapistName") == n && text(*row, "policyKind") == p.kind
        && text(*row, "policyText") == p.text && number(*row, "joinedAt") > 0)
        return;
    if (!row || number(*row, "joinedAt") == 0)
        fields["joinedAt"] = m_store.clock().nowMs();
    if (!row)
        fields["spaceId"] = spaceOf(m_store);
    m_store.apply(Mutation{Mutation::Kind::Upsert, kLink, therapistId, kCare, std::move(fields)});
}

std::string Care::publishExercise(const Exercise &exercise)
{
    requireTherapist(m_store);
    const Exercise e = detail::checkedExercise(exercise);
    const std::string id = e.id.empty() ? m_store.newId() : e.id;
    json fields = detail::exerciseFields(e);
    fields["authorId"] = me(m_store);
    fields["updatedAt"] = m_store.clock().nowMs();
    const auto row = m_store.row("exercise", id);
    fields["createdAt"] = row ? number(*row, "createdAt") : m_store.clock().nowMs();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "exercise", id, kCare, std::move(fields)});
    return id;
}

std::vector<Exercise> Care::customExercises()
{
    return detail::exerciseRows(m_store, kCare);
}

std::string Care::assign(const AssignmentDraft &d)
{
    requireTherapist(m_store);
    const auto l = link();
    if (!l || !l->active)
        throw ValidationError("link", "The couple has not both accepted your policy yet.");
    Exercise e = detail::checkedExercise(d.exercise);
    if (e.id.empty())
        e.id = m_store.newId();
    if (!dayOf(d.dueOn))
        throw ValidationError("dueOn", "Give the due date as a real date, YYYY-MM-DD.");
    if (d.times < 1 || d.times > kMaxTimes)
        throw ValidationError("times", "Repeat it 1 to " + std::to_string(kMaxTimes) + " times.");
    if (d.everyDays < 0 || d.everyDays > 31)
        throw ValidationError("everyDays", "Repeat it every 1 to 31 days.");
    if (d.times > 1 && d.everyDays == 0)
        throw ValidationError("everyDays", "Say every how many days it repeats.");
    if (!d.assignee.empty()
        && std::none_of(l->partners.begin(), l->partners.end(),
                        [&](const CarePerson &p) { return p.memberId == d.assignee; }))
        throw ValidationError("assignee", "Assign it to the couple or to one of the partners.");
    const std::string note = checkedText("note", d.note, kMaxNote, false,
                                         "A note can be up to " + std::to_string(kMaxNote)
                                             + " characters.");
    const std::string id = m_store.newId();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "assignment", id, kCare,
                           {{"spaceId", spaceOf(m_store)}, {"exerciseId", e.id},
                            {"exercise", json(e)}, {"assignee", d.assignee}, {"dueOn", d.dueOn},
                            {"everyDays", d.times > 1 ? d.everyDays : 0}, {"times", d.times},
                            {"note", note}, {"assignedBy", me(m_store)},
                            {"assignedAt", m_store.clock().nowMs()}, {"withdrawnAt", 0}}});
    return id;
}

void Care::withdraw(const std::string &assignmentId)
{
    requireTherapist(m_store);
    const auto row = m_store.row("assignment", assignmentId);
    if (!row || number(*row, "withdrawnAt") != 0)
        throw ValidationError("assignment", "There is no such assignment.");
    m_store.apply(Mutation{Mutation::Kind::Update, "assignment", assignmentId, kCare,
                           {{"withdrawnAt", m_store.clock().nowMs()}}});
}

std::vector<Reflection> Care::reflections()
{
    return readableReflections(m_store);
}

std::vector<SharedTrends> Care::sharedTrends()
{
    std::vector<SharedTrends> out;
    auto st = m_store.db().cached("SELECT id, name, trends FROM care_member WHERE cl % 2 = 1 "
                                  "AND shareTrends = 1 ORDER BY id");
    while (st->step()) {
        const json trends = readFieldValue(*st, 2, FieldType::Json);
        out.push_back({st->text(0), st->text(1), trends.is_object() ? trends : json::object()});
    }
    return out;
}

std::size_t settleCare(Store &store)
{
    const std::string member = me(store);
    // A therapist's replica holds no card or reflection of its own; a read-only profile writes
    // nothing.
    if (member.empty() || onTherapistReplica(store) || store.meta(kReadOnlyMeta))
        return 0;
    std::vector<Mutation> writes;
    std::size_t rows = 0;
    if (linkStands(store))
        if (auto card = cardUpdate(store, member)) {
            writes.push_back(std::move(*card));
            ++rows;
        }
    std::vector<std::string> mine;
    {
        auto st = store.db().cached(
            "SELECT id FROM reflection WHERE scope = 'private' AND memberId = ?1 ORDER BY id");
        st->bind(1, member);
        while (st->step())
            mine.push_back(st->text(0));
    }
    for (const std::string &id : mine) {
        const std::size_t before = writes.size();
        settleCopy(id, readReflectionRow(store, id), readReflectionRow(store, id + kCopySuffix),
                   writes);
        rows += writes.size() > before ? 1 : 0;
    }
    if (!writes.empty())
        store.apply(writes);
    return rows;
}

} // namespace hearth
