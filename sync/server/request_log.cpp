#include "request_log.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace hearth::server {

namespace {

std::string_view levelFor(int status)
{
    if (status >= 500)
        return "error";
    return status >= 400 ? "warn" : "info";
}

} // namespace

std::string isoTimestamp(std::int64_t ms)
{
    using namespace std::chrono;
    const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(ms)));
    const year_month_day date(day);
    const auto inDay = milliseconds(ms) - day.time_since_epoch();
    const hh_mm_ss<milliseconds> time(inDay);
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()),
                  int(time.subseconds().count()));
    return out;
}

RequestLog::Sink RequestLog::stderrSink()
{
    return [](std::string_view line) {
        std::fwrite(line.data(), 1, line.size(), stderr);
        std::fputc('\n', stderr);
    };
}

void RequestLog::request(const RequestLogEntry &e) const
{
    // Microsecond precision is plenty for a log.
    const double ms = std::round(e.ms * 1000.0) / 1000.0;
    nlohmann::ordered_json line{{"ts", isoTimestamp(e.tsMs)}, {"level", levelFor(e.status)},
                                {"route", e.route},           {"method", e.method},
                                {"status", e.status},         {"ms", ms},
                                {"bytes_in", e.bytesIn},      {"bytes", e.bytesOut}};
    if (!e.space.empty())
        line["space"] = e.space;
    if (!e.device.empty())
        line["device"] = e.device;
    if (!e.error.empty())
        line["error"] = e.error;
    // Replace, not throw: a method string from the wire is the only client text that reaches
    // here, and it must not stop the log.
    m_sink(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void RequestLog::event(std::int64_t tsMs, std::string_view level, std::string_view message) const
{
    nlohmann::ordered_json line{{"ts", isoTimestamp(tsMs)}, {"level", level}, {"msg", message}};
    m_sink(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace hearth::server
