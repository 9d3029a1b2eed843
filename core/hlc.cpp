#include "hlc.h"

#include "errors.h"

#include <algorithm>
#include <charconv>

namespace hearth {

namespace {

/// Writes `value` as exactly `width` decimal digits at `pos`.
void putDigits(std::string &out, std::size_t pos, std::size_t width, std::uint64_t value)
{
    for (std::size_t i = pos + width; i-- > pos;) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

} // namespace

std::string Stamp::toString() const
{
    // 15 digits of ms and 6 of counter keep lexical order equal to numeric order.
    std::string out(23, '.');
    putDigits(out, 0, 15, static_cast<std::uint64_t>(std::max<Millis>(ms, 0)));
    putDigits(out, 16, 6, counter);
    out += device;
    return out;
}

Stamp Stamp::parse(std::string_view text)
{
    if (text.size() < 23 || text[15] != '.' || text[22] != '.')
        throw ProtocolError("not a change stamp: \"" + std::string(text.substr(0, 40)) + "\"");
    Stamp s;
    long long ms = 0;
    auto r1 = std::from_chars(text.data(), text.data() + 15, ms);
    auto r2 = std::from_chars(text.data() + 16, text.data() + 22, s.counter);
    if (r1.ec != std::errc{} || r1.ptr != text.data() + 15 || r2.ec != std::errc{}
        || r2.ptr != text.data() + 22 || ms < 0 || s.counter > kMaxCounter)
        throw ProtocolError("not a change stamp: \"" + std::string(text.substr(0, 40)) + "\"");
    s.ms = ms;
    s.device = std::string(text.substr(23));
    if (s.device.empty())
        throw ProtocolError("a change stamp without a device");
    return s;
}

Stamp HlcClock::next()
{
    const Millis now = m_clock.nowMs();
    if (now > m_ms) {
        m_ms = now;
        m_counter = 0;
    } else if (m_counter < kMaxCounter) {
        ++m_counter;
    } else {
        // The counter has six digits in the text form: borrow the next millisecond instead.
        ++m_ms;
        m_counter = 0;
    }
    return Stamp{m_ms, m_counter, m_device};
}

void HlcClock::observe(const Stamp &remote)
{
    const Millis ceiling = m_clock.nowMs() + kMaxClockDrift;
    const Millis remoteMs = std::min(remote.ms, ceiling);
    if (remoteMs > m_ms) {
        m_ms = remoteMs;
        m_counter = remoteMs == remote.ms ? remote.counter : 0;
    } else if (remoteMs == m_ms && remoteMs == remote.ms) {
        m_counter = std::max(m_counter, remote.counter);
    }
}

void HlcClock::restore(Millis ms, std::uint32_t counter)
{
    if (ms > m_ms || (ms == m_ms && counter > m_counter)) {
        m_ms = ms;
        m_counter = counter;
    }
}

} // namespace hearth
