#include "encoding.h"

#include "errors.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace hearth::sync {

void ensureSodium()
{
    static const int ready = sodium_init();
    if (ready < 0)
        throw ProtocolError("the cryptography library could not start");
}

std::string toBase64(const unsigned char *data, std::size_t size)
{
    constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_ENCODED_LEN(size, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, variant);
    out.resize(out.size() - 1); // the terminating NUL
    return out;
}

std::vector<unsigned char> fromBase64(std::string_view text, std::string_view field)
{
    // libsodium 1.0.18 (Debian 12) decodes every byte from 0x80 as '_': check the alphabet first.
    const bool alphabet = std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
               || c == '-' || c == '_';
    });
    if (!alphabet)
        throw ProtocolError("\"" + std::string(field) + "\" is not unpadded base64url");
    std::vector<unsigned char> out(text.size() * 3 / 4 + 3);
    std::size_t size = 0;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &size, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING)
        != 0)
        throw ProtocolError("\"" + std::string(field) + "\" is not unpadded base64url");
    out.resize(size);
    return out;
}

namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The value of each base64url character, or 64 for a byte outside the alphabet.
constexpr std::array<unsigned char, 256> kBase64Values = [] {
    std::array<unsigned char, 256> values{};
    values.fill(64);
    for (unsigned char i = 0; i < 64; ++i)
        values[static_cast<unsigned char>(kBase64Alphabet[i])] = i;
    return values;
}();

} // namespace

void appendBase64(std::string &out, const unsigned char *data, std::size_t size)
{
    const std::size_t start = out.size();
    out.resize(start + (size * 4 + 2) / 3);
    char *p = out.data() + start;
    std::size_t i = 0;
    for (; i + 3 <= size; i += 3) {
        const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8)
                                | data[i + 2];
        *p++ = kBase64Alphabet[(v >> 18) & 63];
        *p++ = kBase64Alphabet[(v >> 12) & 63];
        *p++ = kBase64Alphabet[(v >> 6) & 63];
        *p++ = kBase64Alphabet[v & 63];
    }
    if (size - i == 1) {
        const std::uint32_t v = std::uint32_t{data[i]} << 16;
        *p++ = kBase64Alphabet[(v >> 18) & 63];
        *p++ = kBase64Alphabet[(v >> 12) & 63];
    } else if (size - i == 2) {
        const std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
        *p++ = kBase64Alphabet[(v >> 18) & 63];
        *p++ = kBase64Alphabet[(v >> 12) & 63];
        *p++ = kBase64Alphabet[(v >> 6) & 63];
    }
}

bool decodeBase64(std::string_view text, std::vector<unsigned char> &out)
{
    const std::size_t tail = text.size() % 4;
    if (tail == 1)
        return false;
    out.resize(text.size() / 4 * 3 + (tail == 0 ? 0 : tail - 1));
    const auto *in = reinterpret_cast<const unsigned char *>(text.data());
    unsigned char *p = out.data();
    std::size_t i = 0;
    for (; i + 4 <= text.size(); i += 4) {
        const unsigned a = kBase64Values[in[i]], b = kBase64Values[in[i + 1]],
                       c = kBase64Values[in[i + 2]], d = kBase64Values[in[i + 3]];
        if ((a | b | c | d) & 64)
            return false;
        const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
        *p++ = static_cast<unsigned char>(v >> 16);
        *p++ = static_cast<unsigned char>(v >> 8);
        *p++ = static_cast<unsigned char>(v);
    }
    if (tail == 0)
        return true;
    const unsigned a = kBase64Values[in[i]], b = kBase64Values[in[i + 1]];
    const unsigned c = tail == 3 ? kBase64Values[in[i + 2]] : 0;
    if ((a | b | c) & 64)
        return false;
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6);
    // The bits past the last whole byte must be zero, as libsodium insists: one text per value.
    if (tail == 2) {
        if (v & 0xFFFF)
            return false;
        *p++ = static_cast<unsigned char>(v >> 16);
    } else {
        if (v & 0xFF)
            return false;
        *p++ = static_cast<unsigned char>(v >> 16);
        *p++ = static_cast<unsigned char>(v >> 8);
    }
    return true;
}

std::string toHex(const unsigned char *data, std::size_t size)
{
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

std::string randomHex(std::size_t size)
{
    ensureSodium();
    std::vector<unsigned char> bytes(size);
    randombytes_buf(bytes.data(), bytes.size());
    return toHex(bytes.data(), bytes.size());
}

} // namespace hearth::sync
