#include "encoding.h"

#include "errors.h"

#include <sodium.h>

#include <algorithm>

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
