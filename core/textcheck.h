#pragma once

// Internal to core: the check every text a person writes passes before it is stored. A change
// carries its fields as JSON, which holds UTF-8 only, so a text with bytes that are not UTF-8
// must be refused where it is typed, with a message beside its field, rather than fail later
// while the change is written out.

#include "errors.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hearth::detail {

/// Whether `text` is well-formed UTF-8: no stray continuation bytes, no overlong forms, no
/// surrogates, nothing above U+10FFFF.
inline bool validUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t more = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            more = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            more = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            more = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + more >= text.size())
            return false;
        for (std::size_t k = 1; k <= more; ++k) {
            const auto n = static_cast<unsigned char>(text[i + k]);
            if ((n & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (n & 0x3F);
        }
        constexpr std::uint32_t least[] = {0, 0x80, 0x800, 0x10000};
        if (cp < least[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += more + 1;
    }
    return true;
}

/// Throws ValidationError(field) unless `text` is well-formed UTF-8.
inline void checkUtf8(const std::string &field, std::string_view text)
{
    if (!validUtf8(text))
        throw ValidationError(field, "This text has characters that can't be read.");
}

} // namespace hearth::detail
