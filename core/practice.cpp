#include "practice.h"

#include "carerules.h"
#include "errors.h"
#include "ritualbook.h"
#include "schedule.h"
#include "store.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <system_error>

namespace hearth {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char *kPracticeMeta = "practice";
/// In a couple's store: the shared reflections the therapist has opened, id -> writtenAt.
constexpr const char *kSeenMeta = "practice.seen";
constexpr const char *kPendingPrefix = "pending-";
constexpr Millis kDay = 86'400'000;

json toJson(const PracticeProfile &p)
{
    return {{"name", p.name}, {"timeZone", p.timeZone},
            {"policy", {{"kind", p.policy.kind}, {"text", p.policy.text}}}};
}

PracticeProfile checkedProfile(const PracticeProfile &p)
{
    PracticeProfile out;
    out.name = detail::checkedTherapistName(p.name);
    if (!isValidTimeZone(p.timeZone))
        throw ValidationError("timeZone", "Choose a time zone from the list.");
    out.timeZone = p.timeZone;
    out.policy = detail::checkedPolicy(p.policy);
    return out;
}

/// A couple's replica written off: the couple unlinked, or the server refused this device.
bool ended(Store &store, const std::optional<CareLink> &link)
{
    const std::string readOnly = store.meta(kReadOnlyMeta).value_or("");
    return (link && link->endedAt > 0) || (!readOnly.empty() && readOnly != "0");
}

/// The partners as the practice lists them: the one who invited first.
std::vector<CarePerson> partnersOf(const std::optional<CareLink> &link)
{
    std::vector<CarePerson> out = link ? link->partners : std::vector<CarePerson>{};
    std::stable_partition(out.begin(), out.end(),
                          [&](const CarePerson &p) { return p.memberId == link->invitedBy; });
    return out;
}

/// "Maya & Jonas" from the partners' care cards.
std::string coupleName(const std::optional<CareLink> &link)
{
    std::string name;
    for (const CarePerson &p : partnersOf(link))
        name += (name.empty() ? "" : " & ") + p.name;
    return name.empty() ? "New couple" : name;
}

std::string partnerName(const std::optional<CareLink> &link, const std::string &member)
{
    if (link)
        for (const CarePerson &p : link->partners)
            if (p.memberId == member)
                return p.name;
    return "A partner";
}

/// A space id as a folder name: what the server hands out, never a path.
bool isFolderName(const std::string &id)
{
    return !id.empty() && id.size() <= 128 && id != "." && id != ".."
           && std::all_of(id.begin(), id.end(), [](char c) {
                  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
              });
}

std::string html(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        case '\n': out += "<br>"; break;
        default: out += c;
        }
    }
    return out;
}

/// An instant as the therapist reads it: "2026-03-03 18:20" in their zone.
std::string when(Millis at, const std::string &timeZone)
{
    std::string local = utcToLocal(at, timeZone.empty() ? "UTC" : timeZone);
    std::replace(local.begin(), local.end(), 'T', ' ');
    return local;
}

json seenOf(Store &store)
{
    const std::string text = store.meta(kSeenMeta).value_or("");
    json seen = json::parse(text.empty() ? "{}" : text, nullptr, false);
    return seen.is_object() ? seen : json::object();
}

} // namespace

struct Practice::Impl {
    fs::path dir;
    const Clock &clock;
    RandomSource &random;
    const ContentLibrary &content;
    std::unique_ptr<Store> store;
    std::map<std::string, std::unique_ptr<Store>> couples;

    [[nodiscard]] fs::path couplesDir() const { return dir / "couples"; }

    /// Every couple folder (not a link in progress), by space id.
    [[nodiscard]] std::vector<std::string> coupleIds() const
    {
        std::vector<std::string> ids;
        std::error_code ec;
        for (const auto &entry : fs::directory_iterator(couplesDir(), ec)) {
            const std::string name = entry.path().filename().string();
            if (entry.is_directory() && !name.starts_with(kPendingPrefix)
                && fs::exists(entry.path() / "profile.db"))
                ids.push_back(name);
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    /// Moves a couple's folder to archived/, under a name no earlier archive took.
    void moveToArchive(const std::string &spaceId)
    {
        couples.erase(spaceId);
        fs::create_directories(dir / "archived");
        fs::path target = dir / "archived" / spaceId;
        for (int n = 2; fs::exists(target); ++n)
            target = dir / "archived" / (spaceId + "-" + std::to_string(n));
        fs::rename(couplesDir() / spaceId, target);
    }
};

Practice::Practice(fs::path dir, const Clock &clock, RandomSource &random,
                   const ContentLibrary &content)
    : d(std::make_unique<Impl>(Impl{std::move(dir), clock, random, content, nullptr, {}}))
{
    fs::create_directories(d->dir);
    d->store = std::make_unique<Store>(d->dir / "profile.db", clock, random);
}

Practice::~Practice() = default;

bool Practice::isPractice(Store &store)
{
    return !store.meta(kPracticeMeta).value_or("").empty();
}

bool Practice::exists()
{
    return isPractice(*d->store);
}

void Practice::create(const PracticeProfile &profile)
{
    if (exists())
        throw ValidationError("profile", "This profile is a practice already.");
    if (RitualBook(*d->store).hasProfile() || !d->store->meta("member_id").value_or("").empty())
        throw ValidationError("profile", "This profile is a partner's: a practice needs a profile of its own.");
    const PracticeProfile p = checkedProfile(profile);
    d->store->apply({}, {{kPracticeMeta, toJson(p).dump()}});
}

PracticeProfile Practice::profile()
{
    const json j = json::parse(d->store->meta(kPracticeMeta).value_or(""), nullptr, false);
    if (!j.is_object())
        throw ValidationError("profile", "This profile is not a practice.");
    const json policy = j.value("policy", json::object());
    return {j.value("name", ""), j.value("timeZone", ""),
            {policy.value("kind", ""), policy.value("text", "")}};
}

void Practice::update(const PracticeProfile &profile)
{
    (void)this->profile(); // a practice already
    const PracticeProfile p = checkedProfile(profile);
    d->store->apply({}, {{kPracticeMeta, toJson(p).dump()}});
    for (const std::string &id : d->coupleIds()) {
        Store &store = couple(id);
        Care care(store, d->content);
        const auto link = care.link();
        if (link && link->joinedAt > 0 && !ended(store, link))
            care.writeTherapist(link->therapistId, p.name, p.policy);
    }
}

std::string Practice::saveExercise(const Exercise &exercise)
{
    (void)profile();
    Exercise e = detail::checkedExercise(exercise);
    if (e.id.empty())
        e.id = d->store->newId();
    json fields = detail::exerciseFields(e);
    const Millis now = d->clock.nowMs();
    const auto row = d->store->row("exercise", e.id);
    fields["createdAt"] = row ? row->value("createdAt", now) : now;
    fields["updatedAt"] = now;
    d->store->apply(Mutation{Mutation::Kind::Upsert, "exercise", e.id, "private", std::move(fields)});
    for (const std::string &id : d->coupleIds()) {
        Store &store = couple(id);
        if (const auto link = Care(store, d->content).link(); link && !ended(store, link))
            Care(store, d->content).publishExercise(e);
    }
    return e.id;
}

void Practice::removeExercise(const std::string &id)
{
    if (!d->store->row("exercise", id))
        throw ValidationError("id", "There is no such exercise.");
    d->store->apply(Mutation{Mutation::Kind::Remove, "exercise", id, "private", json::object()});
    // Taken out of each linked couple's list; what was assigned keeps its own copy.
    for (const std::string &space : d->coupleIds()) {
        Store &store = couple(space);
        if (const auto link = Care(store, d->content).link();
            link && !ended(store, link) && store.row("exercise", id))
            store.apply(Mutation{Mutation::Kind::Remove, "exercise", id, "care", json::object()});
    }
}

std::vector<Exercise> Practice::customExercises()
{
    return detail::exerciseRows(*d->store, "private");
}

std::vector<PracticeCouple> Practice::couples()
{
    std::vector<PracticeCouple> out;
    for (const std::string &id : d->coupleIds()) {
        Store &store = couple(id);
        PracticeCouple c;
        c.spaceId = id;
        c.link = Care(store, d->content).link();
        c.name = coupleName(c.link);
        c.ended = ended(store, c.link);
        c.lastSyncMs = std::atoll(store.meta("sync.last_sync").value_or("0").c_str());
        out.push_back(std::move(c));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const PracticeCouple &a, const PracticeCouple &b) { return a.name < b.name; });
    return out;
}

Store &Practice::couple(const std::string &spaceId)
{
    if (const auto it = d->couples.find(spaceId); it != d->couples.end())
        return *it->second;
    if (!isFolderName(spaceId) || spaceId.starts_with(kPendingPrefix)
        || !fs::exists(couplePath(spaceId) / "profile.db"))
        throw ValidationError("spaceId", "There is no such couple in this practice.");
    auto store = std::make_unique<Store>(couplePath(spaceId) / "profile.db", d->clock, d->random);
    return *d->couples.emplace(spaceId, std::move(store)).first->second;
}

fs::path Practice::couplePath(const std::string &spaceId) const
{
    return d->couplesDir() / spaceId;
}

fs::path Practice::newPendingFolder()
{
    const fs::path folder = d->couplesDir() / (kPendingPrefix + d->random.newId());
    fs::create_directories(folder);
    return folder;
}

std::string Practice::adoptPending(const fs::path &pendingFolder)
{
    const PracticeProfile p = profile();
    if (pendingFolder.parent_path() != d->couplesDir()
        || !pendingFolder.filename().string().starts_with(kPendingPrefix)
        || !fs::exists(pendingFolder / "profile.db"))
        throw ValidationError("folder", "This is not a link in progress of this practice.");
    std::string spaceId;
    {
        // The sync client closed its store of the folder after joining; this one is closed again
        // before the folder moves.
        Store store(pendingFolder / "profile.db", d->clock, d->random);
        spaceId = store.meta("sync.space").value_or("");
        const std::string member = store.meta("member_id").value_or("");
        if (!isFolderName(spaceId) || spaceId.starts_with(kPendingPrefix) || member.empty())
            throw ValidationError("folder", "This link in progress has not joined a couple yet.");
        Care care(store, d->content);
        care.writeTherapist(member, p.name, p.policy);
        for (const Exercise &e : customExercises())
            care.publishExercise(e);
    }
    // A couple linked again (a new invite after an end) keeps its earlier replica in archived/.
    if (fs::exists(couplePath(spaceId)))
        d->moveToArchive(spaceId);
    fs::rename(pendingFolder, couplePath(spaceId));
    return spaceId;
}

void Practice::archive(const std::string &spaceId)
{
    Store &store = couple(spaceId);
    if (!ended(store, Care(store, d->content).link()))
        throw ValidationError("spaceId", "Only a couple whose link ended can be archived.");
    d->moveToArchive(spaceId);
}

PracticeDashboard Practice::dashboard(const std::string &today)
{
    PracticeDashboard out;
    const Millis since = d->clock.nowMs() - 14 * kDay;
    // "YYYY-MM-DD" dates sort as text; an unreadable `today` is refused here.
    const std::string weekAhead = utcToLocal(localToUtc(today + "T12:00", "UTC") + 7 * kDay, "UTC").substr(0, 10);
    for (const PracticeCouple &c : couples()) {
        if (c.ended)
            continue;
        Store &store = couple(c.spaceId);
        Care care(store, d->content);
        std::map<std::string, std::string> titles;
        for (const Assignment &a : care.assignments())
            titles[a.id] = a.exercise.title;
        for (const DueItem &item : care.dueItems(today)) {
            PracticeDashboard::Entry e{c.spaceId, c.name, item, partnerName(c.link, item.memberId),
                                       titles[item.assignmentId]};
            if (item.status == DueItem::Status::Overdue)
                out.overdue.push_back(std::move(e));
            else if (item.status == DueItem::Status::ToDo && item.dueOn <= weekAhead)
                out.dueSoon.push_back(std::move(e));
            else if (item.status == DueItem::Status::Done && item.doneAt >= since)
                out.recentlyDone.push_back(std::move(e));
        }
        const json seen = seenOf(store);
        for (const Reflection &r : care.reflections())
            if (seen.value(r.id, Millis(-1)) != r.writtenAt)
                out.newReflections.push_back({c.spaceId, c.name, partnerName(c.link, r.memberId),
                                              titles[r.assignmentId], r});
    }
    // Each list as the header promises; dueItems gave them by date within each couple.
    auto byDue = [](const auto &a, const auto &b) { return a.item.dueOn < b.item.dueOn; };
    std::stable_sort(out.overdue.begin(), out.overdue.end(), byDue);
    std::stable_sort(out.dueSoon.begin(), out.dueSoon.end(), byDue);
    std::stable_sort(out.recentlyDone.begin(), out.recentlyDone.end(),
                     [](const auto &a, const auto &b) { return a.item.doneAt > b.item.doneAt; });
    std::stable_sort(out.newReflections.begin(), out.newReflections.end(), [](const auto &a, const auto &b) {
        return a.reflection.writtenAt > b.reflection.writtenAt;
    });
    return out;
}

void Practice::markSeen(const std::string &spaceId)
{
    Store &store = couple(spaceId);
    json seen = json::object();
    for (const Reflection &r : Care(store, d->content).reflections())
        seen[r.id] = r.writtenAt;
    store.setMeta(kSeenMeta, seen.dump());
}

std::string Practice::exportHtml(const std::string &spaceId, const std::string &today)
{
    Store &store = couple(spaceId);
    const PracticeProfile me = profile();
    Care care(store, d->content);
    const auto link = care.link();
    const std::string name = coupleName(link);
    const std::vector<CarePerson> partners = partnersOf(link);
    std::map<std::string, DueItem> items;
    for (const DueItem &i : care.dueItems(today))
        items[i.assignmentId + "#" + std::to_string(i.occurrence) + ":" + i.memberId] = i;

    std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                    + html(name) + " \xE2\x80\x94 care summary</title>\n<style>\n"
                    "body { font-family: Georgia, serif; color: #222; max-width: 46em; margin: 2em auto; "
                    "padding: 0 1em; line-height: 1.45; }\n"
                    "h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #bbb; margin-top: 2em; }\n"
                    "table { border-collapse: collapse; width: 100%; margin: 0.5em 0 1.5em; }\n"
                    "th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; "
                    "vertical-align: top; }\n"
                    ".meta { color: #555; } .overdue { color: #a02c2c; } .done { color: #2c6a2c; }\n"
                    "section, article { break-inside: avoid; }\n"
                    "@media print { body { margin: 0; max-width: none; } }\n</style>\n</head>\n<body>\n";
    h += "<h1>" + html(name) + "</h1>\n<p class=\"meta\">Care summary by " + html(me.name)
         + " as of " + html(today) + ".";
    if (link && link->joinedAt > 0)
        h += " Linked since " + html(when(link->joinedAt, me.timeZone).substr(0, 10)) + ".";
    if (link && link->endedAt > 0)
        h += " The couple ended the link on " + html(when(link->endedAt, me.timeZone).substr(0, 10)) + ".";
    h += "</p>\n<h2>Assignments</h2>\n";
    const std::vector<Assignment> assignments = care.assignments();
    if (assignments.empty())
        h += "<p>Nothing assigned.</p>\n";
    for (auto a = assignments.rbegin(); a != assignments.rend(); ++a) { // oldest first
        const std::string forWhom = a->assignee.empty() ? "the couple" : partnerName(link, a->assignee);
        h += "<section>\n<h3>" + html(a->exercise.title) + "</h3>\n<p class=\"meta\">For "
             + html(forWhom) + ", assigned " + html(when(a->assignedAt, me.timeZone)) + ".";
        if (a->everyDays > 0 && a->times > 1)
            h += " Every " + std::to_string(a->everyDays) + " days, " + std::to_string(a->times) + " times.";
        h += "</p>\n";
        if (!a->note.empty())
            h += "<p>Note: " + html(a->note) + "</p>\n";
        h += "<table>\n<tr><th>Due</th>";
        std::vector<CarePerson> who;
        for (const CarePerson &p : partners)
            if (a->assignee.empty() || a->assignee == p.memberId)
                who.push_back(p);
        for (const CarePerson &p : who)
            h += "<th>" + html(p.name) + "</th>";
        h += "</tr>\n";
        const std::vector<std::string> dates = a->dueDates();
        for (std::size_t n = 0; n < dates.size(); ++n) {
            h += "<tr><td>" + html(dates[n]) + "</td>";
            for (const CarePerson &p : who) {
                const auto it = items.find(a->id + "#" + std::to_string(n) + ":" + p.memberId);
                if (it == items.end()) {
                    h += "<td></td>";
                    continue;
                }
                const DueItem &i = it->second;
                const std::string status(toString(i.status));
                h += "<td class=\"" + status + "\">";
                if (i.status == DueItem::Status::Done)
                    h += "Done " + html(when(i.doneAt, me.timeZone));
                else
                    h += i.status == DueItem::Status::Overdue ? "Overdue" : "To do";
                h += "</td>";
            }
            h += "</tr>\n";
        }
        h += "</table>\n</section>\n";
    }
    h += "<h2>Shared reflections</h2>\n";
    const std::vector<Reflection> reflections = care.reflections();
    if (reflections.empty())
        h += "<p>No reflection shared.</p>\n";
    for (const Reflection &r : reflections) {
        const auto a = care.assignment(r.assignmentId);
        const std::vector<std::string> dates = a ? a->dueDates() : std::vector<std::string>{};
        h += "<article>\n<h3>" + html(a ? a->exercise.title : "An assignment") + " \xE2\x80\x94 "
             + html(partnerName(link, r.memberId)) + "</h3>\n<p class=\"meta\">";
        if (r.occurrence >= 0 && static_cast<std::size_t>(r.occurrence) < dates.size())
            h += "Due " + html(dates[static_cast<std::size_t>(r.occurrence)]) + ", w";
        else
            h += "W";
        h += "ritten " + html(when(r.writtenAt, me.timeZone)) + ".</p>\n<dl>\n";
        for (const json &answer : r.answers)
            if (answer.is_object() && !answer.value("text", "").empty())
                h += "<dt>" + html(answer.value("prompt", "")) + "</dt>\n<dd>"
                     + html(answer.value("text", "")) + "</dd>\n";
        h += "</dl>\n</article>\n";
    }
    h += "</body>\n</html>\n";
    return h;
}

Store &Practice::store()
{
    return *d->store;
}

} // namespace hearth
