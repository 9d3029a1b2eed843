#pragma once

#include "clock.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

/// When a ritual happens: an RFC 5545 repeat rule anchored at a local wall-clock start in an
/// IANA time zone. Stored as written; see docs/schedules.md.
struct Schedule {
    std::string rrule;      ///< RRULE value without "RRULE:", e.g. "FREQ=WEEKLY;BYDAY=MO,TH"
    std::string startLocal; ///< "YYYY-MM-DDTHH:MM", wall-clock time of the first occurrence
    std::string timeZone;   ///< IANA zone, e.g. "Europe/Berlin"
    int durationMinutes = 15;

    friend bool operator==(const Schedule &, const Schedule &) = default;
};

/// Throws ValidationError naming "rrule", "start", "timeZone" or "duration" with a sentence a
/// person can act on. Rejects rules libical cannot read, rules more frequent than daily, seconds
/// in the rule, RSCALE, and rules that never produce an occurrence from the start.
void validate(const Schedule &s);

/// One occurrence of a schedule.
struct ScheduledOccurrence {
    /// "YYYY-MM-DDTHH:MM", the wall time the rule names in the schedule's zone. This is the
    /// occurrence's stable key, also when that wall time does not exist (spring gap).
    std::string localStart;
    Millis startUtc = 0;

    friend bool operator==(const ScheduledOccurrence &, const ScheduledOccurrence &) = default;
};

/// Occurrences whose start lies in [fromUtc, toUtc), ordered by start, at most `limit`.
/// The rule is expanded in wall-clock time and each wall time is then placed in the zone, so a
/// 08:00 ritual stays at 08:00 across daylight-saving changes. A wall time in a spring gap moves
/// forward by the length of the gap (02:30 becomes 03:30); an ambiguous autumn wall time takes
/// the earlier instant. Both follow RFC 5545 section 3.3.5, as calendar programs should.
/// Throws ValidationError when the schedule's fields cannot be read (see validate()).
[[nodiscard]] std::vector<ScheduledOccurrence> expand(const Schedule &s, Millis fromUtc,
                                                      Millis toUtc, std::size_t limit = 5000);

/// True for a zone name the system's time-zone database knows ("Europe/Berlin", "UTC").
[[nodiscard]] bool isValidTimeZone(std::string_view tz);

/// "YYYY-MM-DDTHH:MM" (or with ":SS") in zone tz to UTC, with the gap and ambiguity rules of
/// expand(). Throws ValidationError ("time" or "timeZone").
[[nodiscard]] Millis localToUtc(std::string_view localIso, std::string_view tz);

/// The wall-clock time of an instant in zone tz, as "YYYY-MM-DDTHH:MM" (seconds dropped).
/// Throws ValidationError ("timeZone").
[[nodiscard]] std::string utcToLocal(Millis utc, std::string_view tz);

/// Minutes to add to UTC to get the wall-clock time in zone tz at that instant (+60 for Berlin
/// in winter). Throws ValidationError ("timeZone").
[[nodiscard]] int utcOffsetMinutes(Millis utc, std::string_view tz);

/// The repeat choices the schedule editor offers.
enum class Repeat { Daily, Weekdays, Weekly, EveryNWeeks, MonthlyByDay, MonthlyByWeekday, Custom };

/// One choice of the schedule editor, convertible to and from an RRULE.
struct SchedulePreset {
    Repeat repeat = Repeat::Daily;
    std::vector<int> weekdays; ///< 1 = Monday .. 7 = Sunday; Weekly, EveryNWeeks, MonthlyByWeekday
    int interval = 1;          ///< N for EveryNWeeks, 2..52
    int monthDay = 1;          ///< 1..31, or -1 for the last day; MonthlyByDay
    int weekdayOrdinal = 1;    ///< 1..4, or -1 for the last; MonthlyByWeekday (one weekday)
    std::string customRrule;   ///< Custom

    friend bool operator==(const SchedulePreset &, const SchedulePreset &) = default;
};

/// The RRULE for a preset. Throws ValidationError("repeat", ...) for an incomplete choice (no
/// weekday, interval out of range, an unreadable custom rule).
[[nodiscard]] std::string toRrule(const SchedulePreset &p);

/// The preset that produces this rule. Recognises every rule toRrule() writes, in any part
/// order; anything else (including text that is not a rule) comes back as Custom.
[[nodiscard]] SchedulePreset presetFromRrule(std::string_view rrule);

/// The schedule in plain English: "Every weekday at 08:00", "Every 2 weeks on Monday and
/// Thursday at 19:30", "Monthly on the last Sunday at 10:00". Throws ValidationError like
/// validate() for fields that cannot be read.
[[nodiscard]] std::string describe(const Schedule &s);

} // namespace hearth
