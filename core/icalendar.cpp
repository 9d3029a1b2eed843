#include "icalendar.h"

#include "errors.h"
#include "icaltime.h"

#include <date/date.h>
#include <date/tz.h>
#include <libical/ical.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

namespace hearth {

namespace {

using Seconds = std::chrono::seconds;
using SysSeconds = date::sys_time<Seconds>;
using LocalSeconds = date::local_time<Seconds>;

constexpr Millis kDayMs = 24LL * 60 * 60 * 1000;
constexpr std::size_t kMaxSteps = 200'000;

// Debian's zoneinfo lists transitions up to 2037; a rule still running then is taken to go on.
const SysSeconds kTransitionsEnd{date::sys_days{date::year{2038} / 1 / 1}};
const SysSeconds kOngoingFrom{date::sys_days{date::year{2037} / 1 / 1}};
// Observances need not reach back before the Unix epoch; no ritual starts that early.
const SysSeconds kEarliestOnset{date::sys_days{date::year{1970} / 1 / 1}};

// ---------------------------------------------------------------------------------------------
// Writing

std::string twoDigits(long v) { return std::string{char('0' + v / 10 % 10), char('0' + v % 10)}; }

std::string basicDateTime(const date::year_month_day &ymd, Seconds timeOfDay)
{
    const date::hh_mm_ss hms{timeOfDay};
    const int y = int(ymd.year());
    return twoDigits(y / 100) + twoDigits(y % 100) + twoDigits(unsigned(ymd.month())) +
           twoDigits(unsigned(ymd.day())) + "T" + twoDigits(hms.hours().count()) +
           twoDigits(hms.minutes().count()) + twoDigits(hms.seconds().count());
}

template <class Clock>
std::string basicDateTime(std::chrono::time_point<Clock, Seconds> t)
{
    const auto day = date::floor<date::days>(t);
    return basicDateTime(date::year_month_day{day}, t - day);
}

std::string utcText(SysSeconds t) { return basicDateTime(t) + "Z"; }

// "2025-03-01T08:00" -> "20250301T080000"; the input has been validated.
std::string basicLocal(std::string_view iso)
{
    return std::string(iso.substr(0, 4)) + std::string(iso.substr(5, 2)) +
           std::string(iso.substr(8, 2)) + "T" + std::string(iso.substr(11, 2)) +
           std::string(iso.substr(14, 2)) + "00";
}

std::string offsetText(Seconds offset)
{
    const char sign = offset < Seconds{0} ? '-' : '+';
    const long total = std::labs(long(offset.count()));
    std::string out = sign + twoDigits(total / 3600) + twoDigits(total / 60 % 60);
    if (total % 60 != 0)
        out += twoDigits(total % 60);
    return out;
}

// TEXT values (RFC 5545, 3.3.11): backslash, semicolon, comma and newlines escaped; other
// control characters are not allowed in a content line and are dropped.
std::string escapeText(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        switch (c) {
        case '\\': out += "\\\\"; break;
        case ';': out += "\\;"; break;
        case ',': out += "\\,"; break;
        case '\n': out += "\\n"; break;
        case '\r':
            out += "\\n";
            if (i + 1 < s.size() && s[i + 1] == '\n')
                ++i;
            break;
        default:
            if ((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f) || c == '\t')
                out += c;
        }
    }
    return out;
}

/// Collects content lines, folded at 75 octets without splitting a UTF-8 sequence.
class IcsWriter {
public:
    void line(std::string_view content)
    {
        std::size_t limit = 75;
        while (content.size() > limit) {
            std::size_t cut = limit;
            while (cut > 1 && (static_cast<unsigned char>(content[cut]) & 0xC0) == 0x80)
                --cut;
            m_text.append(content.substr(0, cut));
            m_text += "\r\n ";
            content.remove_prefix(cut);
            limit = 74; // the leading space counts towards the 75
        }
        m_text.append(content);
        m_text += "\r\n";
    }
    void line(std::string_view name, std::string_view value)
    {
        line(std::string(name) + ":" + std::string(value));
    }
    [[nodiscard]] std::string take() { return std::move(m_text); }

private:
    std::string m_text;
};

// ---------------------------------------------------------------------------------------------
// VTIMEZONE from the time-zone database

struct Transition {
    SysSeconds at;
    Seconds from;
    Seconds to;
    bool daylight = false;
    std::string abbrev;
};

// Whether the period `to` is daylight time. tzdata marks Irish winter time (and Morocco in
// Ramadan) as "daylight saving" with a negative shift; calendar programs expect DAYLIGHT to be
// the period with the larger offset, so where the flag flips the direction of the change decides.
bool isDaylight(const date::sys_info &from, const date::sys_info &to)
{
    const bool fromDst = from.save != std::chrono::minutes{0};
    const bool toDst = to.save != std::chrono::minutes{0};
    if (fromDst != toDst && from.offset != to.offset)
        return to.offset > from.offset;
    return toDst;
}

std::vector<Transition> transitionsFrom(const date::time_zone &zone, SysSeconds spanStart)
{
    std::vector<Transition> out;
    auto info = zone.get_info(spanStart);
    if (info.begin > kEarliestOnset) {
        const auto before = zone.get_info(info.begin - Seconds{1});
        out.push_back({info.begin, before.offset, info.offset, isDaylight(before, info), info.abbrev});
    } else {
        out.push_back({kEarliestOnset, info.offset, info.offset,
                       info.save != std::chrono::minutes{0}, info.abbrev});
    }
    while (info.end < kTransitionsEnd) {
        const auto next = zone.get_info(info.end);
        out.push_back({next.begin, info.offset, next.offset, isDaylight(info, next), next.abbrev});
        info = next;
    }
    return out;
}

constexpr std::array<const char *, 7> kIsoWeekdayCodes = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

// The yearly rules a transition's date fits, most common form first: the nth or last weekday of
// the month, a fixed day, or a weekday on or after a fixed day ("Sun>=8" in tzdata).
std::vector<std::string> yearlyPatterns(LocalSeconds wall)
{
    const auto day = date::floor<date::days>(wall);
    const date::year_month_day ymd{day};
    const int d = int(unsigned(ymd.day()));
    const int lastDay = int(unsigned(date::year_month_day_last{ymd.year() / ymd.month() / date::last}.day()));
    const std::string wd = kIsoWeekdayCodes[date::weekday{day}.iso_encoding() - 1];
    std::vector<std::string> out;
    if ((d - 1) / 7 + 1 <= 4)
        out.push_back("BYDAY=" + std::to_string((d - 1) / 7 + 1) + wd);
    if (d + 7 > lastDay)
        out.push_back("BYDAY=-1" + wd);
    out.push_back("BYMONTHDAY=" + std::to_string(d));
    for (int first = std::max(1, d - 6); first <= d && first + 6 <= 28; ++first) {
        std::string days;
        for (int k = first; k < first + 7; ++k) {
            if (!days.empty())
                days += ',';
            days += std::to_string(k);
        }
        out.push_back("BYDAY=" + wd + ";BYMONTHDAY=" + days);
    }
    return out;
}

struct Observance {
    std::vector<Transition> members;
    std::vector<std::string> patterns; // those every member fits
};

// Groups transitions into observances: consecutive years with the same offsets, name, month,
// wall time and weekday rule become one observance with a yearly RRULE.
std::vector<Observance> observances(const std::vector<Transition> &transitions)
{
    std::vector<Observance> done;
    std::map<std::tuple<bool, long, long, std::string>, Observance> open;
    for (const auto &t : transitions) {
        const LocalSeconds wall{(t.at + t.from).time_since_epoch()};
        const auto day = date::floor<date::days>(wall);
        const date::year_month_day ymd{day};
        const auto key = std::make_tuple(t.daylight, long(t.from.count()), long(t.to.count()), t.abbrev);
        auto patterns = yearlyPatterns(wall);
        auto found = open.find(key);
        if (found != open.end()) {
            Observance &o = found->second;
            const auto &last = o.members.back();
            const LocalSeconds lastWall{(last.at + last.from).time_since_epoch()};
            const auto lastDay = date::floor<date::days>(lastWall);
            const date::year_month_day lastYmd{lastDay};
            std::vector<std::string> common;
            for (const auto &p : o.patterns) {
                if (std::find(patterns.begin(), patterns.end(), p) != patterns.end())
                    common.push_back(p);
            }
            if (ymd.year() == lastYmd.year() + date::years{1} && ymd.month() == lastYmd.month() &&
                wall - day == lastWall - lastDay && !common.empty()) {
                o.members.push_back(t);
                o.patterns = std::move(common);
                continue;
            }
            done.push_back(std::move(o));
            open.erase(found);
        }
        open.emplace(key, Observance{{t}, std::move(patterns)});
    }
    for (auto &[key, o] : open)
        done.push_back(std::move(o));
    std::sort(done.begin(), done.end(), [](const Observance &a, const Observance &b) {
        return a.members.front().at < b.members.front().at;
    });
    return done;
}

void writeVTimezone(IcsWriter &w, const std::string &tzid, SysSeconds spanStart)
{
    const auto &zone = *date::locate_zone(tzid);
    w.line("BEGIN:VTIMEZONE");
    w.line("TZID", tzid);
    for (const auto &o : observances(transitionsFrom(zone, spanStart))) {
        const auto &first = o.members.front();
        const auto &last = o.members.back();
        const char *kind = first.daylight ? "DAYLIGHT" : "STANDARD";
        w.line("BEGIN", kind);
        w.line("TZOFFSETFROM", offsetText(first.from));
        w.line("TZOFFSETTO", offsetText(first.to));
        if (!first.abbrev.empty())
            w.line("TZNAME", escapeText(first.abbrev));
        w.line("DTSTART", basicDateTime(LocalSeconds{(first.at + first.from).time_since_epoch()}));
        if (o.members.size() > 1) {
            const date::year_month_day ymd{date::floor<date::days>(first.at + first.from)};
            std::string rule = "FREQ=YEARLY;BYMONTH=" + std::to_string(unsigned(ymd.month())) + ";" +
                               o.patterns.front();
            if (last.at < kOngoingFrom)
                rule += ";UNTIL=" + utcText(last.at);
            w.line("RRULE", rule);
        }
        w.line("END", kind);
    }
    w.line("END:VTIMEZONE");
}

// ---------------------------------------------------------------------------------------------
// Events

bool isLocalMinute(std::string_view s, const std::string &tz)
{
    if (s.size() != 16)
        return false;
    try {
        (void)localToUtc(s, tz);
        return true;
    } catch (const ValidationError &) {
        return false;
    }
}

// Whether localStart names an occurrence of the schedule: an exception for a time the schedule
// no longer produces (it was edited since) is left out of the file.
bool isOccurrence(const Schedule &s, const std::string &localStart)
{
    const Millis at = localToUtc(localStart, s.timeZone);
    const auto around = expand(s, at - kDayMs, at + kDayMs);
    return std::any_of(around.begin(), around.end(),
                       [&](const ScheduledOccurrence &o) { return o.localStart == localStart; });
}

// The RRULE as written, with UNTIL as the UTC instant RFC 5545 requires next to a DTSTART with a
// TZID. A local UNTIL is a wall time in the schedule's zone, a date means the end of that day.
std::string exportedRule(const Schedule &s)
{
    std::string out;
    std::string_view rest = s.rrule;
    while (!rest.empty()) {
        const auto semicolon = rest.find(';');
        std::string part(rest.substr(0, semicolon));
        rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
        if (part.empty())
            continue;
        std::string upper = part;
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](unsigned char c) { return char(std::toupper(c)); });
        if (upper.rfind("UNTIL=", 0) == 0 && upper.back() != 'Z') {
            const std::string v = upper.substr(6);
            std::string iso = v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2) + "T";
            iso += v.size() >= 15 ? v.substr(9, 2) + ":" + v.substr(11, 2) + ":" + v.substr(13, 2)
                                  : std::string("23:59:59");
            const Millis until = localToUtc(iso, s.timeZone);
            part = "UNTIL=" + utcText(SysSeconds{Seconds{until / 1000}});
        }
        out += (out.empty() ? "" : ";") + part;
    }
    return out;
}

void writeAlarm(IcsWriter &w, const IcsEvent &e)
{
    if (e.reminderMinutes < 0)
        return;
    w.line("BEGIN:VALARM");
    w.line("ACTION:DISPLAY");
    w.line("DESCRIPTION", escapeText(e.title.empty() ? std::string("Reminder") : e.title));
    w.line("TRIGGER", e.reminderMinutes == 0 ? std::string("PT0M")
                                              : "-PT" + std::to_string(e.reminderMinutes) + "M");
    w.line("END:VALARM");
}

void writeTexts(IcsWriter &w, const IcsEvent &e)
{
    w.line("SUMMARY", escapeText(e.title));
    if (!e.description.empty())
        w.line("DESCRIPTION", escapeText(e.description));
}

/// An event checked and reduced to what goes into the file.
struct PreparedEvent {
    const IcsEvent *event = nullptr;
    std::string firstLocal;
    std::vector<std::string> exdates;
    std::vector<IcsEvent::Moved> moved;
    Millis earliestUtc = 0;
};

PreparedEvent prepareEvent(const IcsEvent &e)
{
    validate(e.schedule);
    if (e.uid.empty())
        throw ValidationError("uid", "Every exported ritual needs a uid.");
    const auto &tz = e.schedule.timeZone;
    PreparedEvent p;
    p.event = &e;
    const auto first = expand(e.schedule, std::numeric_limits<Millis>::min(),
                              std::numeric_limits<Millis>::max(), 1);
    if (first.empty())
        throw ValidationError("rrule", "This repeat rule never happens between 1900 and 2199.");
    p.firstLocal = first.front().localStart;
    p.earliestUtc = first.front().startUtc;
    std::set<std::string> skipped;
    for (const auto &x : e.exdatesLocal) {
        if (!isLocalMinute(x, tz))
            throw ValidationError("exdates", "The skipped time \"" + x +
                                                 "\" is not a date and time like 2025-03-01T08:00.");
        if (isOccurrence(e.schedule, x))
            skipped.insert(x);
    }
    p.exdates.assign(skipped.begin(), skipped.end());
    for (const auto &m : e.moved) {
        if (!isLocalMinute(m.originalLocal, tz) || !isLocalMinute(m.newLocal, tz))
            throw ValidationError("moved", "A moved time (\"" + m.originalLocal + "\" to \"" +
                                               m.newLocal +
                                               "\") is not a date and time like 2025-03-01T08:00.");
        // A skipped occurrence stays skipped even if it was also moved.
        if (skipped.count(m.originalLocal) || !isOccurrence(e.schedule, m.originalLocal))
            continue;
        p.moved.push_back(m);
        p.earliestUtc = std::min(p.earliestUtc, localToUtc(m.newLocal, tz));
    }
    return p;
}

void writeEvent(IcsWriter &w, const PreparedEvent &p, const std::string &stamp)
{
    const IcsEvent &e = *p.event;
    const std::string tzid = ";TZID=" + e.schedule.timeZone + ":";
    const std::string duration = "PT" + std::to_string(e.schedule.durationMinutes) + "M";
    w.line("BEGIN:VEVENT");
    w.line("UID", escapeText(e.uid));
    w.line("DTSTAMP", stamp);
    w.line("DTSTART" + tzid + basicLocal(p.firstLocal));
    w.line("DURATION", duration);
    w.line("RRULE", exportedRule(e.schedule));
    if (!p.exdates.empty()) {
        std::string list;
        for (const auto &x : p.exdates) {
            if (!list.empty())
                list += ',';
            list += basicLocal(x);
        }
        w.line("EXDATE" + tzid + list);
    }
    writeTexts(w, e);
    writeAlarm(w, e);
    w.line("END:VEVENT");
    for (const auto &m : p.moved) {
        w.line("BEGIN:VEVENT");
        w.line("UID", escapeText(e.uid));
        w.line("DTSTAMP", stamp);
        w.line("RECURRENCE-ID" + tzid + basicLocal(m.originalLocal));
        w.line("DTSTART" + tzid + basicLocal(m.newLocal));
        w.line("DURATION", duration);
        writeTexts(w, e);
        writeAlarm(w, e);
        w.line("END:VEVENT");
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

struct ComponentFree {
    void operator()(icalcomponent *c) const noexcept { icalcomponent_free(c); }
};
using ComponentPtr = std::unique_ptr<icalcomponent, ComponentFree>;

struct IteratorFree {
    void operator()(icalrecur_iterator *it) const noexcept { icalrecur_iterator_free(it); }
};
using IteratorPtr = std::unique_ptr<icalrecur_iterator, IteratorFree>;

std::int64_t wallSeconds(const icaltimetype &t)
{
    const date::sys_days day{date::year{t.year} / t.month / t.day};
    return std::int64_t(day.time_since_epoch().count()) * 86400 + t.hour * 3600 + t.minute * 60 +
           t.second;
}

icaltimetype utcTime(std::int64_t secs)
{
    // The UTC wall time has the fields of the instant itself.
    icaltimetype r = detail::icalTimeOf(LocalSeconds{Seconds{secs}});
    r.zone = icaltimezone_get_utc_timezone();
    return r;
}

std::string isoMinute(const icaltimetype &t)
{
    const auto y = t.year;
    return twoDigits(y / 100) + twoDigits(y % 100) + "-" + twoDigits(t.month) + "-" +
           twoDigits(t.day) + "T" + twoDigits(t.hour) + ":" + twoDigits(t.minute);
}

/// A wall-clock time in one VTIMEZONE of the file (or UTC when zone is null).
class FileZone {
public:
    explicit FileZone(icaltimezone *zone) : m_zone(zone) {}

    [[nodiscard]] int offsetAt(std::int64_t utc) const
    {
        if (!m_zone)
            return 0;
        icaltimetype t = utcTime(utc);
        return icaltimezone_get_utc_offset_of_utc_time(m_zone, &t, nullptr);
    }

    // libical itself reads a wall time in a gap with the offset after the gap; RFC 5545 (3.3.5)
    // says to use the offset before it, and the earlier instant in an overlap, as expand() does.
    [[nodiscard]] std::int64_t toUtc(std::int64_t wall) const
    {
        constexpr std::int64_t day = 86400;
        const int before = offsetAt(wall - day);
        const int after = offsetAt(wall + day);
        std::optional<int> best;
        for (int offset : {before, after}) {
            if (offsetAt(wall - offset) == offset && (!best || offset > *best))
                best = offset;
        }
        return wall - (best ? *best : before);
    }

    [[nodiscard]] std::int64_t toUtc(const icaltimetype &t) const
    {
        if (icaltime_is_utc(t))
            return wallSeconds(t);
        return toUtc(wallSeconds(t));
    }

private:
    icaltimezone *m_zone;
};

FileZone zoneOf(icalcomponent *root, icalproperty *prop, const icaltimetype &value)
{
    if (icaltime_is_utc(value))
        return FileZone(nullptr);
    icalparameter *param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    if (!param)
        return FileZone(nullptr); // floating: read as UTC
    const char *tzid = icalparameter_get_tzid(param);
    icaltimezone *zone = tzid ? icalcomponent_get_timezone(root, tzid) : nullptr;
    if (!zone)
        throw ProtocolError(std::string("The iCalendar file uses the time zone \"") +
                            (tzid ? tzid : "") + "\" without defining it in a VTIMEZONE.");
    return FileZone(zone);
}

std::string firstError(icalcomponent *c)
{
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        if (const char *text = icalproperty_get_xlicerror(p))
            return text;
    }
    for (icalcomponent *sub = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); sub;
         sub = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
        auto text = firstError(sub);
        if (!text.empty())
            return text;
    }
    return {};
}

std::string uidOf(icalcomponent *event)
{
    const char *uid = icalcomponent_get_uid(event);
    return uid ? uid : "";
}

} // namespace

std::string exportIcs(const std::vector<IcsEvent> &events, Millis nowUtc)
{
    std::vector<PreparedEvent> prepared;
    std::map<std::string, Millis> zones; // zone -> earliest instant it must cover
    for (const auto &e : events) {
        prepared.push_back(prepareEvent(e));
        auto [it, inserted] = zones.emplace(e.schedule.timeZone, prepared.back().earliestUtc);
        if (!inserted)
            it->second = std::min(it->second, prepared.back().earliestUtc);
    }
    const std::string stamp = utcText(date::floor<Seconds>(
        date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{nowUtc}}));

    IcsWriter w;
    w.line("BEGIN:VCALENDAR");
    w.line("VERSION:2.0");
    w.line("PRODID:-//Hearth//Hearth rituals//EN");
    w.line("CALSCALE:GREGORIAN");
    w.line("METHOD:PUBLISH");
    for (const auto &[tzid, earliest] : zones)
        writeVTimezone(w, tzid, SysSeconds{Seconds{(earliest - kDayMs) / 1000}});
    for (const auto &p : prepared)
        writeEvent(w, p, stamp);
    w.line("END:VCALENDAR");
    return w.take();
}

std::vector<ScheduledOccurrence> occurrencesFromIcs(const std::string &ics, Millis fromUtc,
                                                    Millis toUtc)
{
    ComponentPtr root(icalparser_parse_string(ics.c_str()));
    if (!root || icalcomponent_isa(root.get()) != ICAL_VCALENDAR_COMPONENT)
        throw ProtocolError("This is not an iCalendar file (no VCALENDAR could be read).");
    if (icalcomponent_count_errors(root.get()) > 0)
        throw ProtocolError("The iCalendar file has errors: " + firstError(root.get()));

    const std::int64_t from = fromUtc / 1000;
    const std::int64_t to = toUtc / 1000;
    std::vector<ScheduledOccurrence> out;
    auto add = [&](const icaltimetype &wall, std::int64_t utc) {
        if (utc >= from && utc < to)
            out.push_back({isoMinute(wall), utc * 1000});
    };

    // Overrides first: the instants they replace are removed from their series.
    std::map<std::string, std::set<std::int64_t>> replaced;
    std::vector<icalcomponent *> masters;
    for (icalcomponent *ev = icalcomponent_get_first_component(root.get(), ICAL_VEVENT_COMPONENT); ev;
         ev = icalcomponent_get_next_component(root.get(), ICAL_VEVENT_COMPONENT)) {
        icalproperty *start = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
        if (!start)
            throw ProtocolError("An event in the iCalendar file has no DTSTART.");
        const icaltimetype dtstart = icalproperty_get_dtstart(start);
        if (icalproperty *rid = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY)) {
            const icaltimetype original = icalproperty_get_recurrenceid(rid);
            replaced[uidOf(ev)].insert(zoneOf(root.get(), rid, original).toUtc(original));
            add(dtstart, zoneOf(root.get(), start, dtstart).toUtc(dtstart));
        } else {
            masters.push_back(ev);
        }
    }

    for (icalcomponent *ev : masters) {
        icalproperty *start = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
        icaltimetype dtstart = icalproperty_get_dtstart(start);
        const FileZone zone = zoneOf(root.get(), start, dtstart);
        std::set<std::int64_t> skipped = replaced[uidOf(ev)];
        for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
             p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
            const icaltimetype x = icalproperty_get_exdate(p);
            skipped.insert(zoneOf(root.get(), p, x).toUtc(x));
        }
        auto consider = [&](const icaltimetype &wall) {
            const std::int64_t utc = zone.toUtc(wall);
            if (!skipped.count(utc))
                add(wall, utc);
            return utc;
        };

        icalproperty *rruleProp = icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY);
        if (!rruleProp) {
            consider(dtstart);
        }
        for (; rruleProp; rruleProp = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY)) {
            icalrecurrencetype rule = icalproperty_get_rrule(rruleProp);
            // Iterate in wall-clock time; a UTC UNTIL becomes the zone's wall time, as libical
            // does for VTIMEZONE rules.
            if (!icaltime_is_null_time(rule.until) && icaltime_is_utc(rule.until)) {
                const std::int64_t until = wallSeconds(rule.until);
                rule.until = utcTime(until + zone.offsetAt(until));
                rule.until.zone = nullptr;
            }
            icaltimetype wallStart = dtstart;
            wallStart.zone = nullptr;
            IteratorPtr it(icalrecur_iterator_new(rule, wallStart));
            if (!it)
                continue;
            std::size_t steps = 0;
            for (icaltimetype t = icalrecur_iterator_next(it.get()); !icaltime_is_null_time(t);
                 t = icalrecur_iterator_next(it.get())) {
                if (consider(t) >= to + 2 * 86400)
                    break;
                // Files from elsewhere may repeat every second for decades.
                if (++steps > kMaxSteps)
                    throw ProtocolError("An event in the iCalendar file repeats too often to expand "
                                        "up to the end of the window.");
            }
        }
        for (icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
             p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
            const icaldatetimeperiodtype rdate = icalproperty_get_rdate(p);
            if (!icaltime_is_null_time(rdate.time)) {
                const std::int64_t utc = zoneOf(root.get(), p, rdate.time).toUtc(rdate.time);
                if (!skipped.count(utc))
                    add(rdate.time, utc);
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.startUtc != b.startUtc ? a.startUtc < b.startUtc : a.localStart < b.localStart;
    });
    return out;
}

} // namespace hearth
