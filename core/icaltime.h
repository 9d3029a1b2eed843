#pragma once

// Internal to core (schedule.cpp, icalendar.cpp): the one conversion from a date/tz wall time to
// libical's time struct.

#include <date/date.h>
#include <libical/ical.h>

#include <chrono>

namespace hearth::detail {

/// A floating libical time with the fields of `t` (no zone attached).
inline icaltimetype icalTimeOf(date::local_time<std::chrono::seconds> t)
{
    const auto day = date::floor<date::days>(t);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss hms{t - day};
    icaltimetype r = icaltime_null_time();
    r.year = int(ymd.year());
    r.month = int(unsigned(ymd.month()));
    r.day = int(unsigned(ymd.day()));
    r.hour = int(hms.hours().count());
    r.minute = int(hms.minutes().count());
    r.second = int(hms.seconds().count());
    return r;
}

} // namespace hearth::detail
