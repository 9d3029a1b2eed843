#pragma once

#include <chrono>
#include <cstdint>
#include <random>
#include <string>

namespace hearth {

/// Milliseconds since the Unix epoch, UTC.
using Millis = std::int64_t;

/// Where "now" comes from; injected so tests and simulations are deterministic.
class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual Millis nowMs() const = 0;
};

/// The wall clock.
class SystemClock final : public Clock {
public:
    [[nodiscard]] Millis nowMs() const override
    {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
};

/// A clock that moves only when told to.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Millis start) : m_now(start) {}
    [[nodiscard]] Millis nowMs() const override { return m_now; }
    void set(Millis now) { m_now = now; }
    void advance(Millis by) { m_now += by; }

private:
    Millis m_now;
};

/// Source of randomness for ids; injected so tests are reproducible.
class RandomSource {
public:
    virtual ~RandomSource() = default;
    [[nodiscard]] virtual std::uint64_t next() = 0;

    /// A random id: 16 lower-case hex digits (64 bits keeps the chance of a collision among the
    /// 10^5 rows of one couple's space below one in 10^9).
    [[nodiscard]] std::string newId();
};

/// Seeded from the operating system.
class SystemRandom final : public RandomSource {
public:
    SystemRandom() : m_engine(std::random_device{}()) {}
    [[nodiscard]] std::uint64_t next() override { return m_engine(); }

private:
    std::mt19937_64 m_engine;
};

/// Seeded by the caller, for tests and simulations.
class SeededRandom final : public RandomSource {
public:
    explicit SeededRandom(std::uint64_t seed) : m_engine(seed) {}
    [[nodiscard]] std::uint64_t next() override { return m_engine(); }

private:
    std::mt19937_64 m_engine;
};

inline std::string RandomSource::newId()
{
    static constexpr char digits[] = "0123456789abcdef";
    std::uint64_t v = next();
    std::string id(16, '0');
    for (int i = 15; i >= 0; --i) {
        id[static_cast<std::size_t>(i)] = digits[v & 0xF];
        v >>= 4;
    }
    return id;
}

} // namespace hearth
