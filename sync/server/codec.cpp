#include "codec.h"

#include <algorithm>
#include <array>
#include <stdexcept>

#include <sodium.h>

namespace hearth::server {

namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

void ensureSodium()
{
    static const int ready = sodium_init();
    if (ready < 0)
        throw std::runtime_error("the cryptography library could not start");
}

bool isLowerHex(std::string_view text)
{
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string toHex(const unsigned char *data, std::size_t size)
{
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back(); // the terminating NUL
    return out;
}

} // namespace

std::string toBase64Url(std::string_view bytes)
{
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char *>(bytes.data()),
                      bytes.size(), kVariant);
    out.pop_back(); // the terminating NUL
    return out;
}

std::optional<std::string> fromBase64Url(std::string_view text)
{
    std::string out(text.size() * 3 / 4 + 3, '\0');
    std::size_t size = 0;
    const char *end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char *>(out.data()), out.size(), text.data(),
                          text.size(), nullptr, &size, &end, kVariant)
            != 0
        || end != text.data() + text.size())
        return std::nullopt;
    out.resize(size);
    return out;
}

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
    ensureSodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string token = toBase64Url(
        std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size()));
    sodium_memzero(bytes.data(), bytes.size());
    return token;
}

std::string hashToken(std::string_view token)
{
    ensureSodium();
    std::array<unsigned char, crypto_generichash_BYTES> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char *>(token.data()),
                       token.size(), nullptr, 0);
    return toHex(hash.data(), hash.size());
}

} // namespace hearth::server
