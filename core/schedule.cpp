#include "schedule.h"

#include "errors.h"
#include "icaltime.h"

#include <date/date.h>
#include <date/tz.h>
#include <libical/ical.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>

namespace hearth {

namespace {

using Seconds = std::chrono::seconds;
using LocalSeconds = date::local_time<Seconds>;
using SysSeconds = date::sys_time<Seconds>;

// Times outside these years are clamped or rejected: they are not rituals, and keeping them out
// keeps every conversion far from the limits of the types involved.
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;

// No zone has changed its offset by more than this at once (Kiritimati skipped 31 Dec 1994,
// -10:40 to +14:00), so a gap is never longer.
constexpr auto kLargestShift = std::chrono::hours{26};

const LocalSeconds kMinLocal{date::local_days{date::year{kMinYear} / 1 / 1}};
const LocalSeconds kMaxLocal{date::local_days{date::year{kMaxYear + 1} / 1 / 1}};

struct IteratorFree {
    void operator()(icalrecur_iterator *it) const noexcept { icalrecur_iterator_free(it); }
};
using IteratorPtr = std::unique_ptr<icalrecur_iterator, IteratorFree>;

Millis toMillis(SysSeconds t)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

SysSeconds fromMillis(Millis ms)
{
    const auto lo = toMillis(SysSeconds{kMinLocal.time_since_epoch()});
    const auto hi = toMillis(SysSeconds{kMaxLocal.time_since_epoch()});
    return date::floor<Seconds>(
        date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{std::clamp(ms, lo, hi)}});
}

const date::time_zone *findZone(std::string_view tz) noexcept
{
    // "localtime" is a machine's own setting, not a zone that means the same on both devices.
    if (tz.empty() || tz == "localtime")
        return nullptr;
    try {
        return date::locate_zone(tz);
    } catch (const std::exception &) {
        return nullptr;
    }
}

const date::time_zone &zoneOrThrow(std::string_view tz)
{
    if (const auto *zone = findZone(tz))
        return *zone;
    if (tz.empty())
        throw ValidationError("timeZone", "Choose a time zone.");
    throw ValidationError("timeZone", "\"" + std::string(tz) +
                                          "\" is not a time zone this device knows; use a name "
                                          "such as Europe/Berlin.");
}

// The instant of a wall-clock time. Both special cases use the offset in force before the
// change: in a gap that moves the time forward by the gap, in an overlap it picks the earlier
// instant (RFC 5545, 3.3.5).
SysSeconds toSys(LocalSeconds local, const date::time_zone &zone)
{
    const auto info = zone.get_info(local);
    return SysSeconds{local.time_since_epoch()} - info.first.offset;
}

bool allDigits(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s)
{
    int v = 0;
    for (char c : s)
        v = v * 10 + (c - '0');
    return v;
}

// "YYYY-MM-DDTHH:MM", optionally with ":SS".
std::optional<LocalSeconds> parseLocal(std::string_view s, bool allowSeconds)
{
    if (s.size() != 16 && !(allowSeconds && s.size() == 19))
        return std::nullopt;
    if (s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || (s.size() == 19 && s[16] != ':'))
        return std::nullopt;
    const auto y = s.substr(0, 4), mo = s.substr(5, 2), d = s.substr(8, 2), h = s.substr(11, 2),
               mi = s.substr(14, 2), sec = s.size() == 19 ? s.substr(17, 2) : std::string_view("00");
    if (!allDigits(y) || !allDigits(mo) || !allDigits(d) || !allDigits(h) || !allDigits(mi) ||
        !allDigits(sec))
        return std::nullopt;
    const date::year_month_day ymd{date::year{number(y)}, date::month{unsigned(number(mo))},
                                   date::day{unsigned(number(d))}};
    if (!ymd.ok() || number(y) < kMinYear || number(y) > kMaxYear || number(h) > 23 ||
        number(mi) > 59 || number(sec) > 59)
        return std::nullopt;
    return LocalSeconds{date::local_days{ymd}} + std::chrono::hours{number(h)} +
           std::chrono::minutes{number(mi)} + Seconds{number(sec)};
}

std::string twoDigits(unsigned v)
{
    return std::string{char('0' + v / 10 % 10), char('0' + v % 10)};
}

std::string formatLocal(LocalSeconds t)
{
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss hms{t - day};
    const auto y = unsigned(int(ymd.year())); // 1900..2199 here
    return twoDigits(y / 100) + twoDigits(y % 100) + "-" + twoDigits(unsigned(ymd.month())) + "-" + twoDigits(unsigned(ymd.day())) + "T" +
           twoDigits(unsigned(hms.hours().count())) + ":" + twoDigits(unsigned(hms.minutes().count()));
}

icaltimetype toIcal(LocalSeconds t)
{
    return detail::icalTimeOf(t);
}

LocalSeconds fromIcal(const icaltimetype &t)
{
    return LocalSeconds{date::local_days{date::year{t.year} / t.month / t.day}} +
           std::chrono::hours{t.hour} + std::chrono::minutes{t.minute} + Seconds{t.second};
}

bool isSet(const short *list) { return list[0] != ICAL_RECURRENCE_ARRAY_MAX; }

// Reads a rule and rejects what a ritual cannot be; `field` names the field in the error.
icalrecurrencetype parseRule(std::string_view text, const std::string &field)
{
    const std::string rule(text);
    const std::string prefix = "This repeat rule is not valid: ";
    if (rule.empty())
        throw ValidationError(field, "Choose how often the ritual repeats.");
    // The rule goes into exported files verbatim, so nothing may break a line there.
    if (!std::all_of(rule.begin(), rule.end(), [](char c) { return c > ' ' && c < 127; }))
        throw ValidationError(field, prefix + "it may only contain letters, digits and = ; , + -.");
    icalerror_clear_errno();
    icalrecurrencetype r = icalrecurrencetype_from_string(rule.c_str());
    const bool unreadable = r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR;
    if (r.rscale) {
        free(r.rscale); // libical 3.0 allocates it with malloc and has no function to free it
        r.rscale = nullptr;
        throw ValidationError(field, prefix + "calendars other than the Gregorian one (RSCALE) "
                                              "are not supported.");
    }
    icalerror_clear_errno();
    if (unreadable)
        throw ValidationError(field, prefix + "\"" + rule + "\" is not an RFC 5545 rule such as "
                                                            "FREQ=WEEKLY;BYDAY=MO,TH.");
    if (r.freq == ICAL_SECONDLY_RECURRENCE || r.freq == ICAL_MINUTELY_RECURRENCE ||
        r.freq == ICAL_HOURLY_RECURRENCE)
        throw ValidationError(field, prefix + "rituals repeat daily, weekly, monthly or yearly, "
                                              "not every " +
                                         std::string(r.freq == ICAL_HOURLY_RECURRENCE ? "hour"
                                                     : r.freq == ICAL_MINUTELY_RECURRENCE
                                                         ? "minute"
                                                         : "second") +
                                         ".");
    for (int i = 0; i < ICAL_BY_SECOND_SIZE && r.by_second[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i) {
        if (r.by_second[i] != 0)
            throw ValidationError(field, prefix + "rituals start on a whole minute (BYSECOND).");
    }
    return r;
}

// A schedule whose fields have been read; cheap enough to build on every expansion.
struct Prepared {
    const date::time_zone *zone = nullptr;
    LocalSeconds start;
    icalrecurrencetype rule;
};

Prepared prepare(const Schedule &s)
{
    Prepared p;
    p.zone = &zoneOrThrow(s.timeZone);
    const auto start = parseLocal(s.startLocal, false);
    if (!start)
        throw ValidationError("start", "The start \"" + s.startLocal +
                                           "\" is not a date and time like 2025-03-01T08:00.");
    p.start = *start;
    p.rule = parseRule(s.rrule, "rrule");
    // Expansion runs in wall-clock time, so UNTIL is turned into the zone's wall-clock time: an
    // instant (…Z) as seen in the zone, a bare date as the end of that day.
    icaltimetype &until = p.rule.until;
    if (!icaltime_is_null_time(until)) {
        if (until.year < kMinYear || until.year > kMaxYear)
            throw ValidationError("rrule", "This repeat rule is not valid: its end (UNTIL) must lie "
                                           "between the years " + std::to_string(kMinYear) +
                                               " and " + std::to_string(kMaxYear) + ".");
        if (icaltime_is_date(until)) {
            until.is_date = 0;
            until.hour = 23;
            until.minute = 59;
            until.second = 59;
        } else if (icaltime_is_utc(until)) {
            const SysSeconds utc = SysSeconds{fromIcal(until).time_since_epoch()};
            until = toIcal(p.zone->to_local(utc));
        }
        until.zone = nullptr;
    }
    return p;
}

IteratorPtr iteratorFor(const Prepared &p)
{
    return IteratorPtr(icalrecur_iterator_new(p.rule, toIcal(p.start)));
}

constexpr std::array<const char *, 7> kWeekdayNames = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                       "Friday", "Saturday", "Sunday"};
constexpr std::array<const char *, 7> kWeekdayCodes = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
constexpr std::array<const char *, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// libical numbers weekdays from Sunday = 1; the presets from Monday = 1.
int fromIcalWeekday(int icalDay) { return (icalDay + 5) % 7 + 1; }

struct DayEntry {
    int weekday;  // 1 = Monday
    int position; // 0 = every, 1 = first, -1 = last
};

std::vector<DayEntry> byDays(const icalrecurrencetype &r)
{
    std::vector<DayEntry> out;
    for (int i = 0; i < ICAL_BY_DAY_SIZE && r.by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i)
        out.push_back({fromIcalWeekday(icalrecurrencetype_day_day_of_week(r.by_day[i])),
                       icalrecurrencetype_day_position(r.by_day[i])});
    return out;
}

std::vector<int> shortList(const short *list, int size)
{
    std::vector<int> out;
    for (int i = 0; i < size && list[i] != ICAL_RECURRENCE_ARRAY_MAX; ++i)
        out.push_back(list[i]);
    return out;
}

std::string joinAnd(const std::vector<std::string> &parts)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0)
            out += i + 1 == parts.size() ? " and " : ", ";
        out += parts[i];
    }
    return out;
}

std::string ordinalWord(int n)
{
    static constexpr std::array<const char *, 5> words = {"first", "second", "third", "fourth",
                                                          "fifth"};
    if (n == -1)
        return "last";
    if (n < -1 && n >= -5)
        return std::string(words[std::size_t(-n - 1)]) + " to last";
    if (n >= 1 && n <= 5)
        return words[std::size_t(n - 1)];
    return std::to_string(n) + "th";
}

std::string dayOrdinal(int d)
{
    if (d == -1)
        return "last day";
    if (d < -1)
        return ordinalWord(d) + " day";
    const int lastTwo = d % 100;
    const char *suffix = (lastTwo >= 11 && lastTwo <= 13) ? "th"
                         : d % 10 == 1                    ? "st"
                         : d % 10 == 2                    ? "nd"
                         : d % 10 == 3                    ? "rd"
                                                          : "th";
    return std::to_string(d) + suffix;
}

std::string longDate(LocalSeconds t)
{
    const date::year_month_day ymd{date::floor<date::days>(t)};
    return std::to_string(unsigned(ymd.day())) + " " + kMonthNames[unsigned(ymd.month()) - 1] +
           " " + std::to_string(int(ymd.year()));
}

std::string dayNames(const std::vector<DayEntry> &days)
{
    std::vector<std::string> names;
    for (const auto &d : days)
        names.emplace_back(kWeekdayNames[std::size_t(d.weekday - 1)]);
    return joinAnd(names);
}

bool allPlain(const std::vector<DayEntry> &days)
{
    return std::all_of(days.begin(), days.end(), [](const DayEntry &d) { return d.position == 0; });
}

std::vector<DayEntry> sortedPlainDays(std::vector<DayEntry> days)
{
    std::sort(days.begin(), days.end(),
              [](const DayEntry &a, const DayEntry &b) { return a.weekday < b.weekday; });
    days.erase(std::unique(days.begin(), days.end(),
                           [](const DayEntry &a, const DayEntry &b) { return a.weekday == b.weekday; }),
               days.end());
    return days;
}

// The frequency-and-days part of a description, without the time; nullopt when the rule has
// parts the sentence would not mention.
std::optional<std::string> describeRule(const icalrecurrencetype &r, LocalSeconds start)
{
    if (isSet(r.by_hour) || isSet(r.by_minute) || isSet(r.by_set_pos) || isSet(r.by_year_day) ||
        isSet(r.by_week_no))
        return std::nullopt;
    const int interval = r.interval;
    const auto days = byDays(r);
    const auto monthDays = shortList(r.by_month_day, ICAL_BY_MONTHDAY_SIZE);
    std::vector<int> months;
    for (int m : shortList(r.by_month, ICAL_BY_MONTH_SIZE)) {
        if (icalrecurrencetype_month_is_leap(short(m)))
            return std::nullopt;
        months.push_back(icalrecurrencetype_month_month(short(m)));
    }
    const date::year_month_day startDay{date::floor<date::days>(start)};
    const date::weekday startWeekday{date::floor<date::days>(start)};
    const int startWeekdayNumber = int(startWeekday.iso_encoding());

    auto daysOfMonth = [&]() -> std::optional<std::string> {
        if (!monthDays.empty() && days.empty()) {
            std::vector<std::string> names;
            for (int d : monthDays)
                names.push_back(dayOrdinal(d));
            return "the " + joinAnd(names);
        }
        if (monthDays.empty() && !days.empty() &&
            std::all_of(days.begin(), days.end(), [](const DayEntry &d) { return d.position != 0; })) {
            std::vector<std::string> names;
            for (const auto &d : days)
                names.push_back("the " + ordinalWord(d.position) + " " +
                                kWeekdayNames[std::size_t(d.weekday - 1)]);
            return joinAnd(names);
        }
        if (monthDays.empty() && days.empty())
            return "the " + dayOrdinal(int(unsigned(startDay.day())));
        return std::nullopt;
    };

    switch (r.freq) {
    case ICAL_DAILY_RECURRENCE:
        if (!months.empty() || !monthDays.empty())
            return std::nullopt;
        if (days.empty())
            return interval == 1 ? "Every day" : "Every " + std::to_string(interval) + " days";
        if (interval == 1 && allPlain(days))
            return "Every " + dayNames(sortedPlainDays(days));
        return std::nullopt;
    case ICAL_WEEKLY_RECURRENCE: {
        if (!months.empty() || !monthDays.empty() || !allPlain(days))
            return std::nullopt;
        auto plain = days.empty() ? std::vector<DayEntry>{{startWeekdayNumber, 0}}
                                  : sortedPlainDays(days);
        if (interval == 1) {
            if (plain.size() == 7)
                return "Every day";
            if (plain.size() == 5 && plain.back().weekday == 5)
                return "Every weekday";
            return "Every " + dayNames(plain);
        }
        return "Every " + std::to_string(interval) + " weeks on " + dayNames(plain);
    }
    case ICAL_MONTHLY_RECURRENCE: {
        if (!months.empty())
            return std::nullopt;
        const auto which = daysOfMonth();
        if (!which)
            return std::nullopt;
        std::string text =
            (interval == 1 ? "Monthly" : "Every " + std::to_string(interval) + " months") + " on " +
            *which;
        return text;
    }
    case ICAL_YEARLY_RECURRENCE: {
        const std::string base =
            interval == 1 ? "Every year" : "Every " + std::to_string(interval) + " years";
        if (months.size() > 1 || (months.empty() && (!days.empty() || !monthDays.empty())))
            return std::nullopt;
        if (months.empty())
            return base + " on " + std::to_string(unsigned(startDay.day())) + " " +
                   kMonthNames[unsigned(startDay.month()) - 1];
        const std::string month = kMonthNames[std::size_t(months.front() - 1)];
        if (days.empty() && monthDays.size() <= 1)
            return base + " on " +
                   std::to_string(monthDays.empty() ? int(unsigned(startDay.day()))
                                                    : monthDays.front()) +
                   " " + month;
        const auto which = daysOfMonth();
        if (!which)
            return std::nullopt;
        return base + " on " + *which + " of " + month;
    }
    default:
        return std::nullopt;
    }
}

std::string weekdayList(std::vector<int> weekdays, const char *what)
{
    if (weekdays.empty())
        throw ValidationError("repeat", std::string("Choose at least one day ") + what + ".");
    std::sort(weekdays.begin(), weekdays.end());
    weekdays.erase(std::unique(weekdays.begin(), weekdays.end()), weekdays.end());
    std::string out;
    for (int d : weekdays) {
        if (d < 1 || d > 7)
            throw ValidationError("repeat", "Days of the week are numbered 1 (Monday) to 7 (Sunday).");
        if (!out.empty())
            out += ',';
        out += kWeekdayCodes[std::size_t(d - 1)];
    }
    return out;
}

} // namespace

bool isValidTimeZone(std::string_view tz) { return findZone(tz) != nullptr; }

Millis localToUtc(std::string_view localIso, std::string_view tz)
{
    const auto &zone = zoneOrThrow(tz);
    const auto local = parseLocal(localIso, true);
    if (!local)
        throw ValidationError("time", "\"" + std::string(localIso) +
                                          "\" is not a date and time like 2025-03-01T08:00.");
    return toMillis(toSys(*local, zone));
}

std::string utcToLocal(Millis utc, std::string_view tz)
{
    return formatLocal(zoneOrThrow(tz).to_local(fromMillis(utc)));
}

int utcOffsetMinutes(Millis utc, std::string_view tz)
{
    const auto info = zoneOrThrow(tz).get_info(fromMillis(utc));
    return int(std::chrono::duration_cast<std::chrono::minutes>(info.offset).count());
}

void validate(const Schedule &s)
{
    const Prepared p = prepare(s);
    if (s.durationMinutes < 1 || s.durationMinutes > 24 * 60)
        throw ValidationError("duration", "A ritual lasts from 1 minute to 24 hours (1440 minutes).");
    if (!icaltime_is_null_time(p.rule.until) && fromIcal(p.rule.until) < p.start)
        throw ValidationError("rrule", "This repeat rule is not valid: it ends (UNTIL) before the "
                                       "start.");
    const IteratorPtr it = iteratorFor(p);
    if (!it || icaltime_is_null_time(icalrecur_iterator_next(it.get())))
        throw ValidationError("rrule", "This repeat rule is not valid: it never happens from the "
                                       "start on (for example the 30th of February).");
}

std::vector<ScheduledOccurrence> expand(const Schedule &s, Millis fromUtc, Millis toUtc,
                                        std::size_t limit)
{
    const Prepared p = prepare(s);
    std::vector<ScheduledOccurrence> out;
    const SysSeconds from = fromMillis(fromUtc);
    const SysSeconds to = fromMillis(toUtc);
    fromUtc = std::max(fromUtc, toMillis(from));
    toUtc = std::min(toUtc, toMillis(to) + 1000);
    if (fromUtc >= toUtc || limit == 0)
        return out;

    // The earliest wall-clock time that can land in the window: the window's start read with the
    // smallest offset in force around it (a wall time in a gap uses the offset from before it).
    Seconds minOffset = Seconds::max();
    for (auto info = p.zone->get_info(from - kLargestShift);; info = p.zone->get_info(info.end)) {
        minOffset = std::min(minOffset, info.offset);
        if (info.end > to)
            break;
    }
    const LocalSeconds localFrom{(from + minOffset).time_since_epoch()};

    // Skipping ahead is what keeps a schedule started years ago cheap to expand. With COUNT
    // every earlier occurrence has to be counted, which libical can only do from the start.
    // Daily and weekly rules repeat exactly every INTERVAL days or weeks, so starting the
    // iterator a whole number of periods later gives the same occurrences (with BYSETPOS one
    // period earlier still, so that the positions are counted in a whole period). That is much
    // cheaper than icalrecur_iterator_set_start(), which libical 3.0 implements by walking
    // through the skipped weeks (~0.5 ms for a fortnightly rule five years old). Monthly and
    // yearly periods vary in length; for them libical skips ahead itself.
    const bool skip = p.rule.count == 0 && localFrom > p.start;
    const bool periodic =
        p.rule.freq == ICAL_DAILY_RECURRENCE || p.rule.freq == ICAL_WEEKLY_RECURRENCE;
    LocalSeconds anchor = p.start;
    if (skip && periodic) {
        const date::days period{(p.rule.freq == ICAL_WEEKLY_RECURRENCE ? 7 : 1) * p.rule.interval};
        const auto periods =
            date::floor<date::days>(localFrom - p.start) / period - (isSet(p.rule.by_set_pos) ? 1 : 0);
        if (periods > 0)
            anchor += periods * period;
    }
    IteratorPtr it(icalrecur_iterator_new(p.rule, toIcal(anchor)));
    if (!it)
        return out; // no occurrence from the anchor on; validate() reports rules that never happen
    if (skip && !periodic && !icalrecur_iterator_set_start(it.get(), toIcal(localFrom)))
        it = iteratorFor(p);

    // Later wall-clock times have later instants, with one exception: a wall time in a spring gap
    // is read with the offset from before the gap, so it can come after the first times past
    // the gap. Hence the loop stops at an occurrence outside a gap: none after it is earlier.
    Millis latest = std::numeric_limits<Millis>::min();
    for (icaltimetype t = icalrecur_iterator_next(it.get()); !icaltime_is_null_time(t);
         t = icalrecur_iterator_next(it.get())) {
        const LocalSeconds local = fromIcal(t);
        const auto info = p.zone->get_info(local);
        const Millis utc = toMillis(SysSeconds{local.time_since_epoch()} - info.first.offset);
        if (info.result != date::local_info::nonexistent &&
            (utc >= toUtc || (out.size() >= limit && utc >= latest)))
            break;
        if (utc >= fromUtc && utc < toUtc) {
            out.push_back({formatLocal(local), utc});
            latest = std::max(latest, utc);
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto &a, const auto &b) {
        return a.startUtc < b.startUtc;
    });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

std::string toRrule(const SchedulePreset &p)
{
    switch (p.repeat) {
    case Repeat::Daily:
        return "FREQ=DAILY";
    case Repeat::Weekdays:
        return "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
    case Repeat::Weekly:
        return "FREQ=WEEKLY;BYDAY=" + weekdayList(p.weekdays, "of the week");
    case Repeat::EveryNWeeks:
        if (p.interval < 2 || p.interval > 52)
            throw ValidationError("repeat", "Choose every 2 to 52 weeks (for every week, choose "
                                            "Weekly).");
        return "FREQ=WEEKLY;INTERVAL=" + std::to_string(p.interval) +
               ";BYDAY=" + weekdayList(p.weekdays, "of the week");
    case Repeat::MonthlyByDay:
        if (p.monthDay != -1 && (p.monthDay < 1 || p.monthDay > 31))
            throw ValidationError("repeat", "Choose a day of the month from 1 to 31, or the last "
                                            "day.");
        return "FREQ=MONTHLY;BYMONTHDAY=" + std::to_string(p.monthDay);
    case Repeat::MonthlyByWeekday:
        if (p.weekdays.size() != 1)
            throw ValidationError("repeat", "Choose one day of the week for a monthly ritual.");
        if (p.weekdayOrdinal != -1 && (p.weekdayOrdinal < 1 || p.weekdayOrdinal > 4))
            throw ValidationError("repeat", "Choose the first, second, third, fourth or last "
                                            "weekday of the month.");
        return "FREQ=MONTHLY;BYDAY=" + std::to_string(p.weekdayOrdinal) +
               weekdayList(p.weekdays, "of the week");
    case Repeat::Custom:
        parseRule(p.customRrule, "repeat");
        return p.customRrule;
    }
    throw ValidationError("repeat", "Choose how often the ritual repeats.");
}

SchedulePreset presetFromRrule(std::string_view rrule)
{
    SchedulePreset custom;
    custom.repeat = Repeat::Custom;
    custom.customRrule = std::string(rrule);
    icalrecurrencetype r;
    try {
        r = parseRule(rrule, "repeat");
    } catch (const ValidationError &) {
        return custom;
    }
    if (r.count != 0 || !icaltime_is_null_time(r.until) || isSet(r.by_second) ||
        isSet(r.by_minute) || isSet(r.by_hour) || isSet(r.by_year_day) || isSet(r.by_week_no) ||
        isSet(r.by_month) || isSet(r.by_set_pos))
        return custom;
    const auto days = byDays(r);
    const auto monthDays = shortList(r.by_month_day, ICAL_BY_MONTHDAY_SIZE);
    SchedulePreset p;
    switch (r.freq) {
    case ICAL_DAILY_RECURRENCE:
        if (r.interval != 1 || !days.empty() || !monthDays.empty())
            return custom;
        p.repeat = Repeat::Daily;
        return p;
    case ICAL_WEEKLY_RECURRENCE: {
        // With an interval, the week start decides which weeks count; the presets use Monday.
        if (days.empty() || !allPlain(days) || !monthDays.empty() || r.interval > 52 ||
            (r.interval > 1 && r.week_start != ICAL_MONDAY_WEEKDAY))
            return custom;
        for (const auto &d : sortedPlainDays(days))
            p.weekdays.push_back(d.weekday);
        if (r.interval > 1) {
            p.repeat = Repeat::EveryNWeeks;
            p.interval = r.interval;
        } else if (p.weekdays == std::vector<int>{1, 2, 3, 4, 5}) {
            p.repeat = Repeat::Weekdays;
            p.weekdays.clear();
        } else {
            p.repeat = Repeat::Weekly;
        }
        return p;
    }
    case ICAL_MONTHLY_RECURRENCE:
        if (r.interval != 1)
            return custom;
        if (days.empty() && monthDays.size() == 1 && (monthDays[0] == -1 || monthDays[0] >= 1)) {
            p.repeat = Repeat::MonthlyByDay;
            p.monthDay = monthDays[0];
            return p;
        }
        if (monthDays.empty() && days.size() == 1 &&
            (days[0].position == -1 || (days[0].position >= 1 && days[0].position <= 4))) {
            p.repeat = Repeat::MonthlyByWeekday;
            p.weekdays = {days[0].weekday};
            p.weekdayOrdinal = days[0].position;
            return p;
        }
        return custom;
    default:
        return custom;
    }
}

std::string describe(const Schedule &s)
{
    const Prepared p = prepare(s);
    const std::string at = " at " + s.startLocal.substr(11, 5);
    const auto rule = describeRule(p.rule, p.start);
    if (!rule)
        return "Repeats by a custom rule, first on " + longDate(p.start) + at;
    std::string text = *rule + at;
    if (p.rule.freq == ICAL_MONTHLY_RECURRENCE || p.rule.freq == ICAL_YEARLY_RECURRENCE) {
        const auto monthDays = shortList(p.rule.by_month_day, ICAL_BY_MONTHDAY_SIZE);
        const bool mayBeMissing =
            std::any_of(monthDays.begin(), monthDays.end(), [](int d) { return d > 28; }) ||
            (monthDays.empty() && byDays(p.rule).empty() &&
             unsigned(date::year_month_day{date::floor<date::days>(p.start)}.day()) > 28);
        if (mayBeMissing)
            text += " (skipped when a month has no such day)";
    }
    if (p.rule.count > 0)
        text += p.rule.count == 1 ? ", once" : ", " + std::to_string(p.rule.count) + " times";
    if (!icaltime_is_null_time(p.rule.until))
        text += ", until " + longDate(fromIcal(p.rule.until));
    return text;
}

} // namespace hearth
