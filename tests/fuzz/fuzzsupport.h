#pragma once

// What every fuzz target shares: how a finding is reported. A finding aborts, so that libFuzzer
// stops, writes the input as crash-<sha1> and prints the message above its own report.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace hearth::fuzz {

/// Reports a broken property of the code under test and aborts.
[[noreturn]] inline void finding(std::string_view what, std::string_view detail = {})
{
    std::fprintf(stderr, "\n==== FUZZ FINDING: %.*s\n", static_cast<int>(what.size()), what.data());
    if (!detail.empty())
        std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
    std::fflush(stderr);
    std::abort();
}

/// The input as text (inputs are bytes; every decoder here reads text).
inline std::string_view textOf(const std::uint8_t *data, std::size_t size)
{
    return {reinterpret_cast<const char *>(data), size};
}

} // namespace hearth::fuzz
