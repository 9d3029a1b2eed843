#include "request_log.h"

#include "wire.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>

#include <sys/uio.h>
#include <unistd.h>

namespace hearth::server {

namespace {

std::string_view levelFor(int status)
{
    if (status >= 500)
        return "error";
    return status >= 400 ? "warn" : "info";
}

void appendDigits(std::string &out, unsigned value, int width)
{
    std::array<char, 8> digits{};
    for (int i = width - 1; i >= 0; --i) {
        digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(digits.data(), static_cast<std::size_t>(width));
}

void appendTimestamp(std::string &out, std::int64_t ms)
{
    using namespace std::chrono;
    const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(ms)));
    const year_month_day date(day);
    const auto inDay = static_cast<unsigned>((milliseconds(ms) - day.time_since_epoch()).count());
    appendDigits(out, static_cast<unsigned>(int(date.year())), 4);
    out += '-';
    appendDigits(out, unsigned(date.month()), 2);
    out += '-';
    appendDigits(out, unsigned(date.day()), 2);
    out += 'T';
    appendDigits(out, inDay / 3'600'000, 2);
    out += ':';
    appendDigits(out, inDay / 60'000 % 60, 2);
    out += ':';
    appendDigits(out, inDay / 1000 % 60, 2);
    out += '.';
    appendDigits(out, inDay % 1000, 3);
    out += 'Z';
}

void appendField(std::string &out, std::string_view key, std::string_view value)
{
    out += ",\"";
    out += key;
    out += "\":";
    // Only the method comes from the wire; anything outside printable ASCII is escaped or
    // replaced, so that the line stays valid JSON and valid UTF-8.
    sync::appendJsonString(out, value, true);
}

template <typename Integer>
void appendNumber(std::string &out, std::string_view key, Integer value)
{
    out += ",\"";
    out += key;
    out += "\":";
    std::array<char, 24> digits{};
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
    out.append(digits.data(), end);
}

void begin(std::string &out, std::int64_t tsMs, std::string_view level)
{
    out += "{\"ts\":\"";
    appendTimestamp(out, tsMs);
    out += '"';
    appendField(out, "level", level);
}

} // namespace

std::string isoTimestamp(std::int64_t ms)
{
    std::string out;
    appendTimestamp(out, ms);
    return out;
}

RequestLog::Sink RequestLog::stderrSink()
{
    // One writev per line, the newline included: stderr is unbuffered, and two writes per line
    // cost a second system call and can interleave with another thread's line.
    return [](std::string_view line) {
        char newline = '\n';
        std::array<iovec, 2> parts{{{const_cast<char *>(line.data()), line.size()},
                                    {&newline, 1}}};
        iovec *part = parts.data();
        int count = 2;
        while (count > 0) {
            const ssize_t written = ::writev(STDERR_FILENO, part, count);
            if (written < 0) {
                if (errno == EINTR)
                    continue;
                return; // nowhere left to report it
            }
            auto left = static_cast<std::size_t>(written);
            while (count > 0 && left >= part->iov_len) {
                left -= part->iov_len;
                ++part;
                --count;
            }
            if (count > 0) {
                part->iov_base = static_cast<char *>(part->iov_base) + left;
                part->iov_len -= left;
            }
        }
    };
}

void RequestLog::request(const RequestLogEntry &e) const
{
    std::string line;
    line.reserve(256);
    begin(line, e.tsMs, levelFor(e.status));
    appendField(line, "route", e.route);
    appendField(line, "method", e.method);
    appendNumber(line, "status", e.status);
    // Microsecond precision is plenty for a log: the milliseconds with three decimals.
    const auto micros = static_cast<std::int64_t>(std::llround(std::max(e.ms, 0.0) * 1000.0));
    appendNumber(line, "ms", micros / 1000);
    line += '.';
    appendDigits(line, static_cast<unsigned>(micros % 1000), 3);
    appendNumber(line, "bytes_in", e.bytesIn);
    appendNumber(line, "bytes", e.bytesOut);
    if (!e.space.empty())
        appendField(line, "space", e.space);
    if (!e.device.empty())
        appendField(line, "device", e.device);
    if (!e.error.empty())
        appendField(line, "error", e.error);
    line += '}';
    m_sink(line);
}

void RequestLog::event(std::int64_t tsMs, std::string_view level, std::string_view message) const
{
    std::string line;
    begin(line, tsMs, level);
    appendField(line, "msg", message);
    line += '}';
    m_sink(line);
}

} // namespace hearth::server
