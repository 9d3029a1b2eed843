#include "ritualbook.h"

#include "contentlibrary.h"
#include "entity.h"
#include "errors.h"
#include "store.h"

#include <date/date.h>

#include <algorithm>
#include <map>

namespace hearth {

using nlohmann::json;

namespace {

constexpr const char *kOccurrenceColumns =
    "id, ritualId, localStart, status, movedTo, note, rating, reason, actor, at";

std::size_t characters(std::string_view s)
{
    // UTF-8 code points: count every byte that is not a continuation byte.
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string trimmed(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

void checkLength(const std::string &field, std::string_view value, std::size_t max,
                 const std::string &what)
{
    if (characters(value) > max)
        throw ValidationError(field, what + " can be at most " + std::to_string(max)
                                         + " characters (this one has "
                                         + std::to_string(characters(value)) + ").");
}

Occurrence readOccurrence(const Statement &st)
{
    Occurrence o;
    o.id = st.text(0);
    o.ritualId = st.text(1);
    o.localStart = st.text(2);
    o.status = st.text(3);
    o.movedTo = st.text(4);
    o.note = st.text(5);
    o.rating = static_cast<int>(st.integer(6));
    o.reason = st.text(7);
    o.actor = st.text(8);
    o.at = st.integer(9);
    return o;
}

json draftFields(const RitualDraft &d)
{
    return json{{"kind", d.kind},
                {"title", trimmed(d.title)},
                {"purpose", trimmed(d.purpose)},
                {"steps", d.steps},
                {"rrule", d.schedule.rrule},
                {"startLocal", d.schedule.startLocal},
                {"timeZone", d.schedule.timeZone},
                {"durationMinutes", d.schedule.durationMinutes},
                {"reminderMinutes", d.reminderMinutes},
                {"templateId", d.templateId},
                {"templateVersion", d.templateVersion}};
}

date::year_month_day localDate(Millis utc, const std::string &timeZone)
{
    const std::string local = utcToLocal(utc, timeZone);
    const int y = std::stoi(local.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(local.substr(5, 2)));
    const unsigned d = static_cast<unsigned>(std::stoi(local.substr(8, 2)));
    return date::year_month_day{date::year{y}, date::month{m}, date::day{d}};
}

std::string isoDate(date::year_month_day ymd)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

} // namespace

int Consistency::kept() const
{
    return static_cast<int>(std::count_if(periods.begin(), periods.end(),
                                          [](const Period &p) { return p.kept(); }));
}

Millis startOfLocalDay(Millis utc, const std::string &timeZone)
{
    return localToUtc(utcToLocal(utc, timeZone).substr(0, 10) + "T00:00", timeZone);
}

RitualBook::RitualBook(Store &store) : m_store(store) {}

bool RitualBook::hasProfile()
{
    return m_store.meta("member_id").has_value();
}

Profile RitualBook::createProfile(const ProfileDraft &draft)
{
    const std::string myName = trimmed(draft.myName);
    const std::string partnerName = trimmed(draft.partnerName);
    if (myName.empty())
        throw ValidationError("myName", "Tell us your name (a first name is enough).");
    checkLength("myName", myName, limits::kName, "A name");
    if (!isValidTimeZone(draft.myTimeZone))
        throw ValidationError("myTimeZone", "Choose your time zone from the list.");
    if (partnerName.empty())
        throw ValidationError("partnerName", "Tell us your partner's name.");
    checkLength("partnerName", partnerName, limits::kName, "A name");
    if (!isValidTimeZone(draft.partnerTimeZone))
        throw ValidationError("partnerTimeZone", "Choose your partner's time zone from the list.");
    if (hasProfile())
        throw ValidationError("myName", "This profile is already set up.");

    const Millis now = m_store.clock().nowMs();
    const std::string spaceId = m_store.newId();
    const std::string meId = m_store.newId();
    const std::string partnerId = m_store.newId();
    const std::string scope(kScopeCouple);
    const std::vector<Mutation> batch = {
        {Mutation::Kind::Upsert, "space", spaceId, scope,
         {{"name", myName + " & " + partnerName}, {"createdBy", meId}, {"createdAt", now}}},
        {Mutation::Kind::Upsert, "member", meId, scope,
         {{"spaceId", spaceId}, {"name", myName}, {"role", "partner"},
          {"timeZone", draft.myTimeZone}, {"colour", "#C8553D"}, {"joinedAt", now}}},
        {Mutation::Kind::Upsert, "member", partnerId, scope,
         {{"spaceId", spaceId}, {"name", partnerName}, {"role", "partner"},
          {"timeZone", draft.partnerTimeZone}, {"colour", "#4F7C7A"}, {"joinedAt", now}}},
    };
    // Who I am is written with the rows, so a crash can never leave a half-made profile.
    m_store.apply(batch, {{"space_id", spaceId}, {"member_id", meId}});
    return profile();
}

Profile RitualBook::profile()
{
    const auto spaceId = m_store.meta("space_id");
    const auto meId = m_store.meta("member_id");
    if (!spaceId || !meId)
        throw StorageError("This profile has not been set up yet.");
    Profile p;
    if (auto row = m_store.row("space", *spaceId))
        p.space = spaceFromRow(*row);
    std::vector<std::string> ids;
    {
        auto st = m_store.db().cached("SELECT id FROM member WHERE spaceId = ?1 AND cl % 2 = 1 "
                                      "AND role = 'partner' ORDER BY joinedAt, id");
        st->bind(1, *spaceId);
        while (st->step())
            ids.push_back(st->text(0));
    }
    for (const auto &id : ids) {
        Member m = memberFromRow(*m_store.row("member", id));
        if (id == *meId)
            p.me = m;
        else if (p.partner.id.empty())
            p.partner = m;
    }
    return p;
}

void RitualBook::adoptSpace(const std::string &spaceId, const std::string &memberId, bool samePerson)
{
    const Profile old = profile();
    if (old.space.id == spaceId)
        return;
    std::vector<Mutation> batch;
    if (!samePerson) {
        batch.push_back({Mutation::Kind::Upsert, "member", memberId, std::string(kScopeCouple),
                         {{"spaceId", spaceId}, {"name", old.me.name}, {"role", old.me.role},
                          {"timeZone", old.me.timeZone}, {"colour", old.me.colour}}});
    }
    // Every live row of the provisional space moves; its space and members go.
    for (const EntityDef &def : entities()) {
        if (!def.field("spaceId"))
            continue;
        auto st = m_store.db().cached("SELECT id, scope FROM " + quoteIdentifier(def.table)
                                      + " WHERE spaceId = ?1 AND cl % 2 = 1");
        st->bind(1, old.space.id);
        while (st->step()) {
            if (def.name == "member")
                batch.push_back({Mutation::Kind::Remove, "member", st->text(0), "", {}});
            else
                batch.push_back({Mutation::Kind::Update, std::string(def.name), st->text(0),
                                 st->text(1), {{"spaceId", spaceId}}});
        }
    }
    batch.push_back({Mutation::Kind::Remove, "space", old.space.id, "", {}});
    m_store.apply(batch, {{"space_id", spaceId}, {"member_id", memberId}});
}

void RitualBook::validateMember(const std::string &name, const std::string &timeZone)
{
    const std::string n = trimmed(name);
    if (n.empty())
        throw ValidationError("name", "A name cannot be empty.");
    checkLength("name", n, limits::kName, "A name");
    if (!isValidTimeZone(timeZone))
        throw ValidationError("timeZone", "Choose a time zone from the list.");
}

void RitualBook::updateMember(const std::string &memberId, const std::string &name,
                              const std::string &timeZone)
{
    validateMember(name, timeZone);
    m_store.apply(Mutation{Mutation::Kind::Update, "member", memberId, "",
                           {{"name", trimmed(name)}, {"timeZone", timeZone}}});
}

void RitualBook::validate(const RitualDraft &d)
{
    const std::string title = trimmed(d.title);
    if (title.empty())
        throw ValidationError("title", "Give the ritual a title.");
    checkLength("title", title, limits::kTitle, "A title");
    if (trimmed(d.kind).empty())
        throw ValidationError("kind", "Choose what kind of ritual this is.");
    checkLength("kind", d.kind, 40, "A kind");
    checkLength("purpose", trimmed(d.purpose), limits::kPurpose, "The purpose");
    if (d.steps.size() > limits::kSteps)
        throw ValidationError("steps", "A ritual can have at most " + std::to_string(limits::kSteps)
                                           + " steps.");
    for (std::size_t i = 0; i < d.steps.size(); ++i) {
        if (trimmed(d.steps[i]).empty())
            throw ValidationError("steps", "Step " + std::to_string(i + 1) + " is empty.");
        checkLength("steps", d.steps[i], limits::kStep, "Step " + std::to_string(i + 1));
    }
    hearth::validate(d.schedule);
    if (d.reminderMinutes < 0 || d.reminderMinutes > limits::kReminderMax)
        throw ValidationError("reminderMinutes",
                              "A reminder can come from 0 minutes up to one week (10080 minutes) "
                              "before the ritual.");
}

Ritual RitualBook::createRitual(const RitualDraft &draft)
{
    validate(draft);
    const Profile p = profile();
    const std::string id = m_store.newId();
    json fields = draftFields(draft);
    fields["spaceId"] = p.space.id;
    fields["status"] = "active";
    fields["createdBy"] = p.me.id;
    fields["createdAt"] = m_store.clock().nowMs();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "ritual", id, std::string(kScopeCouple), fields});
    return requireRitual(id);
}

void RitualBook::updateRitual(const std::string &id, const RitualDraft &draft)
{
    validate(draft);
    const Ritual current = requireRitual(id);
    // Only the fields that differ, so that a concurrent edit of another field survives.
    const json before = draftFields(RitualDraft{current.kind, current.title, current.purpose,
                                                current.steps, current.schedule,
                                                current.reminderMinutes, current.templateId,
                                                current.templateVersion});
    const json after = draftFields(draft);
    json fields = json::object();
    for (const auto &[k, v] : after.items())
        if (before.at(k) != v)
            fields[k] = v;
    if (!fields.empty())
        m_store.apply(Mutation{Mutation::Kind::Update, "ritual", id, "", fields});
}

void RitualBook::setStatus(const std::string &id, RitualStatus status)
{
    requireRitual(id);
    m_store.apply(Mutation{Mutation::Kind::Update, "ritual", id, "",
                           {{"status", std::string(toString(status))}}});
}

std::vector<Ritual> RitualBook::rituals(bool includeArchived)
{
    std::vector<Ritual> out;
    std::vector<std::string> ids;
    {
        auto st = m_store.db().cached("SELECT id FROM ritual WHERE cl % 2 = 1 ORDER BY title, id");
        while (st->step())
            ids.push_back(st->text(0));
    }
    for (const auto &id : ids) {
        Ritual r = ritualFromRow(*m_store.row("ritual", id));
        if (includeArchived || r.status != RitualStatus::Archived)
            out.push_back(std::move(r));
    }
    return out;
}

std::optional<Ritual> RitualBook::ritual(const std::string &id)
{
    if (auto row = m_store.row("ritual", id))
        return ritualFromRow(*row);
    return std::nullopt;
}

Ritual RitualBook::requireRitual(const std::string &id)
{
    auto r = ritual(id);
    if (!r)
        throw ValidationError("ritual", "This ritual no longer exists.");
    return *r;
}

RitualDraft RitualBook::draftFromTemplate(const RitualTemplate &t, const std::string &startDate,
                                          const std::string &timeZone)
{
    RitualDraft d;
    d.kind = t.kind;
    d.title = t.title;
    d.purpose = t.purpose;
    d.steps = t.steps;
    d.schedule = Schedule{t.rrule, startDate + "T" + t.time, timeZone, t.durationMinutes};
    d.reminderMinutes = t.reminderMinutes;
    d.templateId = t.id;
    d.templateVersion = t.version;
    return d;
}

std::vector<AgendaItem> RitualBook::place(const Ritual &r, Millis fromUtc, Millis toUtc)
{
    const Millis now = m_store.clock().nowMs();
    std::vector<AgendaItem> out;
    const auto occurrences = expand(r.schedule, fromUtc, toUtc);

    // Two queries, each answered by an index: the window's records through
    // occurrence_by_ritual, and moved ones through occurrence_moved. One query with OR would
    // read every record the ritual ever had. The window is taken in local wall time, so that
    // records of occurrences the schedule had before it was edited are found too.
    std::map<std::string, Occurrence> records;
    auto collect = [&records](Statement &st) {
        while (st.step()) {
            Occurrence o = readOccurrence(st);
            records.emplace(o.localStart, std::move(o));
        }
    };
    {
        auto st = m_store.db().cached(std::string("SELECT ") + kOccurrenceColumns
                                      + " FROM occurrence WHERE ritualId = ?1 AND localStart >= ?2"
                                        " AND localStart <= ?3 AND cl % 2 = 1");
        st->bind(1, r.id).bind(2, utcToLocal(fromUtc, r.schedule.timeZone));
        st->bind(3, utcToLocal(toUtc, r.schedule.timeZone));
        collect(*st);
    }
    {
        auto st = m_store.db().cached(std::string("SELECT ") + kOccurrenceColumns
                                      + " FROM occurrence WHERE ritualId = ?1 AND movedTo IS NOT"
                                        " NULL AND movedTo <> '' AND cl % 2 = 1");
        st->bind(1, r.id);
        collect(*st);
    }

    auto make = [&](const std::string &localStart, Millis startUtc,
                    const Occurrence *rec) -> AgendaItem {
        AgendaItem item{r.id, r.title, r.kind, localStart, startUtc,
                        r.schedule.durationMinutes, r.reminderMinutes, r.schedule.timeZone,
                        "due", false, std::nullopt};
        if (rec) {
            item.record = *rec;
            item.moved = !rec->movedTo.empty();
        }
        if (rec && (rec->status == "done" || rec->status == "skipped"))
            item.status = rec->status;
        else if (startUtc + Millis{r.schedule.durationMinutes} * 60'000 <= now)
            item.status = "missed";
        return item;
    };

    std::vector<std::string> seen;
    for (const auto &occ : occurrences) {
        auto it = records.find(occ.localStart);
        const Occurrence *rec = it == records.end() ? nullptr : &it->second;
        Millis start = occ.startUtc;
        if (rec && !rec->movedTo.empty()) {
            start = localToUtc(rec->movedTo, r.schedule.timeZone);
            if (start < fromUtc || start >= toUtc)
                continue;
        }
        seen.push_back(occ.localStart);
        out.push_back(make(occ.localStart, start, rec));
    }
    for (const auto &[localStart, rec] : records) {
        if (std::find(seen.begin(), seen.end(), localStart) != seen.end())
            continue;
        Millis start = 0;
        if (!rec.movedTo.empty()) {
            // Moved into the window from outside it.
            start = localToUtc(rec.movedTo, r.schedule.timeZone);
        } else if (rec.status == "done" || rec.status == "skipped") {
            // Kept (or skipped) under an earlier version of the schedule: history stays.
            start = localToUtc(localStart, r.schedule.timeZone);
        } else {
            continue;
        }
        if (start >= fromUtc && start < toUtc)
            out.push_back(make(localStart, start, &rec));
    }
    return out;
}

std::vector<AgendaItem> RitualBook::agenda(Millis fromUtc, Millis toUtc)
{
    std::vector<AgendaItem> out;
    for (const Ritual &r : rituals(false)) {
        if (r.status != RitualStatus::Active)
            continue;
        std::vector<AgendaItem> items;
        try {
            items = place(r, fromUtc, toUtc);
        } catch (const Error &) {
            // A schedule this device cannot expand (say, a zone its time-zone data lacks) must
            // not hide the other rituals; the Rituals page says which one it is.
            continue;
        }
        out.insert(out.end(), std::make_move_iterator(items.begin()),
                   std::make_move_iterator(items.end()));
    }
    std::stable_sort(out.begin(), out.end(), [](const AgendaItem &a, const AgendaItem &b) {
        return a.startUtc != b.startUtc ? a.startUtc < b.startUtc : a.title < b.title;
    });
    return out;
}

std::vector<AgendaItem> RitualBook::history(const std::string &ritualId, Millis fromUtc,
                                            Millis toUtc)
{
    auto items = place(requireRitual(ritualId), fromUtc, toUtc);
    std::sort(items.begin(), items.end(),
              [](const AgendaItem &a, const AgendaItem &b) { return a.startUtc > b.startUtc; });
    return items;
}

Consistency RitualBook::consistency(const std::string &ritualId, Millis nowUtc, int periods)
{
    const Ritual r = requireRitual(ritualId);
    Consistency c;
    const bool monthly = r.schedule.rrule.find("FREQ=MONTHLY") != std::string::npos
                         || r.schedule.rrule.find("FREQ=YEARLY") != std::string::npos;
    c.unit = monthly ? "month" : "week";

    const date::year_month_day today = localDate(nowUtc, r.schedule.timeZone);
    std::vector<date::year_month_day> starts;
    if (monthly) {
        const date::year_month first{today.year(), today.month()};
        for (int i = periods - 1; i >= 0; --i)
            starts.emplace_back((first - date::months{i}) / date::day{1});
    } else {
        const date::sys_days d{today};
        const date::sys_days monday = d - (date::weekday{d} - date::Monday);
        for (int i = periods - 1; i >= 0; --i)
            starts.emplace_back(monday - date::weeks{i});
    }
    const Millis from = localToUtc(isoDate(starts.front()) + "T00:00", r.schedule.timeZone);
    const auto items = place(r, from, nowUtc + 1);

    for (std::size_t i = 0; i < starts.size(); ++i) {
        const Millis a = localToUtc(isoDate(starts[i]) + "T00:00", r.schedule.timeZone);
        const Millis b = i + 1 < starts.size()
                             ? localToUtc(isoDate(starts[i + 1]) + "T00:00", r.schedule.timeZone)
                             : nowUtc + 1;
        Consistency::Period p{isoDate(starts[i]), 0, 0};
        for (const auto &item : items) {
            if (item.startUtc < a || item.startUtc >= b)
                continue;
            if (item.status == "done")
                ++p.done;
            // Today's occurrence that is still ahead does not count against the couple.
            if (item.status != "due")
                ++p.scheduled;
        }
        if (p.scheduled > 0)
            c.periods.push_back(p);
    }
    return c;
}

void RitualBook::requireOccurrence(const Ritual &r, const std::string &localStart)
{
    Millis t = 0;
    try {
        t = localToUtc(localStart, r.schedule.timeZone);
    } catch (const Error &) {
        throw ValidationError("localStart", "This is not an occurrence of the ritual.");
    }
    const auto around = expand(r.schedule, t - 36 * 3600'000LL, t + 36 * 3600'000LL);
    const bool found = std::any_of(around.begin(), around.end(), [&](const auto &o) {
        return o.localStart == localStart;
    });
    if (!found)
        throw ValidationError("localStart", "This is not an occurrence of the ritual.");
}

void RitualBook::markDone(const std::string &ritualId, const std::string &localStart,
                          const std::string &note, int rating)
{
    checkLength("note", note, limits::kNote, "A note");
    if (rating < 0 || rating > 5)
        throw ValidationError("rating", "Rate how connected it felt from 1 to 5.");
    const Ritual r = requireRitual(ritualId);
    requireOccurrence(r, localStart);
    const Profile p = profile();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "occurrence", occurrenceId(ritualId, localStart),
                           std::string(kScopeCouple),
                           {{"spaceId", r.spaceId}, {"ritualId", ritualId},
                            {"localStart", localStart}, {"status", "done"}, {"note", trimmed(note)},
                            {"rating", rating}, {"reason", ""}, {"actor", p.me.id},
                            {"at", m_store.clock().nowMs()}}});
}

void RitualBook::skip(const std::string &ritualId, const std::string &localStart,
                      const std::string &reason)
{
    checkLength("reason", reason, limits::kStep, "A reason");
    const Ritual r = requireRitual(ritualId);
    requireOccurrence(r, localStart);
    const Profile p = profile();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "occurrence", occurrenceId(ritualId, localStart),
                           std::string(kScopeCouple),
                           {{"spaceId", r.spaceId}, {"ritualId", ritualId},
                            {"localStart", localStart}, {"status", "skipped"},
                            {"reason", trimmed(reason)}, {"actor", p.me.id},
                            {"at", m_store.clock().nowMs()}}});
}

void RitualBook::move(const std::string &ritualId, const std::string &localStart,
                      const std::string &newLocalStart)
{
    const Ritual r = requireRitual(ritualId);
    requireOccurrence(r, localStart);
    try {
        (void)localToUtc(newLocalStart, r.schedule.timeZone);
    } catch (const Error &) {
        throw ValidationError("movedTo", "Choose a valid date and time (YYYY-MM-DDTHH:MM).");
    }
    const Profile p = profile();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "occurrence", occurrenceId(ritualId, localStart),
                           std::string(kScopeCouple),
                           {{"spaceId", r.spaceId}, {"ritualId", ritualId},
                            {"localStart", localStart}, {"movedTo", newLocalStart},
                            {"actor", p.me.id}, {"at", m_store.clock().nowMs()}}});
}

void RitualBook::reopen(const std::string &ritualId, const std::string &localStart)
{
    const Ritual r = requireRitual(ritualId);
    requireOccurrence(r, localStart);
    m_store.apply(Mutation{Mutation::Kind::Upsert, "occurrence", occurrenceId(ritualId, localStart),
                           std::string(kScopeCouple),
                           {{"spaceId", r.spaceId}, {"ritualId", ritualId},
                            {"localStart", localStart}, {"status", ""}, {"movedTo", ""}}});
}

} // namespace hearth
