#include "codec.h"

#include "encoding.h"

#include <algorithm>
#include <array>

#include <sodium.h>

namespace hearth::server {

namespace {

bool isLowerHex(std::string_view text)
{
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

bool isId(std::string_view text)
{
    return text.size() >= 16 && text.size() <= 64 && isLowerHex(text);
}

bool isLookupHash(std::string_view text)
{
    return text.size() == 64 && isLowerHex(text);
}

std::string newToken()
{
    sync::ensureSodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string token = sync::toBase64(bytes.data(), bytes.size());
    sodium_memzero(bytes.data(), bytes.size());
    return token;
}

std::string hashToken(std::string_view token)
{
    sync::ensureSodium();
    std::array<unsigned char, crypto_generichash_BYTES> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char *>(token.data()),
                       token.size(), nullptr, 0);
    return sync::toHex(hash.data(), hash.size());
}

} // namespace hearth::server
