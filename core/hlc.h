#pragma once

#include "clock.h"

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace hearth {

/// A hybrid logical clock reading with the writing device as the final tie-break.
///
/// Ordered by (physical ms, counter, device); the text form sorts the same way as the value,
/// so stored stamps compare as plain strings.
struct Stamp {
    Millis ms = 0;
    std::uint32_t counter = 0;
    std::string device;

    auto operator<=>(const Stamp &) const = default;

    [[nodiscard]] std::string toString() const;
    /// Parses the text form; throws ProtocolError when it is not one.
    [[nodiscard]] static Stamp parse(std::string_view text);
};

/// The largest counter: its text form has six digits.
inline constexpr std::uint32_t kMaxCounter = 999'999;

/// How far ahead of this device's wall clock a remote stamp may pull the local clock.
inline constexpr Millis kMaxClockDrift = 5 * 60 * 1000;

/// Issues stamps for local changes and absorbs stamps of remote ones.
class HlcClock {
public:
    HlcClock(const Clock &clock, std::string device) : m_clock(clock), m_device(std::move(device)) {}

    /// A stamp greater than every stamp issued or observed so far.
    [[nodiscard]] Stamp next();
    /// Takes a remote stamp into account. A stamp further ahead than kMaxClockDrift moves the
    /// clock only up to now + kMaxClockDrift, so one device with a wrong clock cannot drag the
    /// others into its future.
    void observe(const Stamp &remote);
    /// Restores the last stamp after a restart so that stamps never go backwards.
    void restore(Millis ms, std::uint32_t counter);

    [[nodiscard]] const std::string &device() const noexcept { return m_device; }
    [[nodiscard]] Millis lastMs() const noexcept { return m_ms; }
    [[nodiscard]] std::uint32_t lastCounter() const noexcept { return m_counter; }

private:
    const Clock &m_clock;
    std::string m_device;
    Millis m_ms = 0;
    std::uint32_t m_counter = 0;
};

} // namespace hearth
