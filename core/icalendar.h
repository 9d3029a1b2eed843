#pragma once

#include "clock.h"
#include "schedule.h"

#include <string>
#include <vector>

namespace hearth {

/// One ritual as an iCalendar event: its schedule, skipped and moved occurrences and a reminder.
struct IcsEvent {
    std::string uid; ///< stable across exports, e.g. "<ritual id>@hearth"
    std::string title;
    std::string description;
    Schedule schedule;
    std::vector<std::string> exdatesLocal; ///< skipped occurrences' localStart

    /// An occurrence moved to another wall-clock time in the schedule's zone.
    struct Moved {
        std::string originalLocal; ///< the occurrence's localStart
        std::string newLocal;      ///< "YYYY-MM-DDTHH:MM"
    };
    std::vector<Moved> moved; ///< written as RECURRENCE-ID overrides
    int reminderMinutes = -1; ///< a VALARM this many minutes before, when >= 0
};

/// An iCalendar file (RFC 5545) that calendar programs import: one VTIMEZONE per zone used, built
/// from the time-zone database, and per event a VEVENT with DTSTART;TZID, DURATION, RRULE,
/// EXDATE;TZID and VALARM, plus one overriding VEVENT per moved occurrence. DTSTART is the first
/// real occurrence, so programs that count DTSTART as an occurrence agree with those that do not.
/// Lines end in CRLF and are folded at 75 octets. Throws ValidationError for an event that does
/// not validate (fields "uid", "exdates", "moved", or those of validate(Schedule)).
[[nodiscard]] std::string exportIcs(const std::vector<IcsEvent> &events, Millis nowUtc);

/// Reads an iCalendar file with libical and returns the occurrences of all its events whose start
/// lies in [fromUtc, toUtc), ordered by start: recurrence rules expanded, EXDATEs removed,
/// RECURRENCE-ID overrides applied, each time placed with the file's own VTIMEZONE (with the
/// RFC 5545 rules for a wall time in a gap or an overlap). localStart is the wall time in the
/// zone of the event's DTSTART. Throws ProtocolError for a file libical cannot read or reports
/// errors in, or that names a TZID it does not define.
[[nodiscard]] std::vector<ScheduledOccurrence> occurrencesFromIcs(const std::string &ics,
                                                                  Millis fromUtc, Millis toUtc);

} // namespace hearth
