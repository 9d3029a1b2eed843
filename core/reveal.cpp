#include "reveal.h"

#include "errors.h"

#include <sodium.h>

#include <vector>

namespace hearth::reveal {

namespace {

constexpr int kBase64 = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;

void ready()
{
    static const int started = sodium_init();
    if (started < 0)
        throw ProtocolError("the cryptography library could not start");
}

std::string toBase64(const unsigned char *data, std::size_t size)
{
    std::string out(sodium_base64_ENCODED_LEN(size, kBase64), '\0');
    sodium_bin2base64(out.data(), out.size(), data, size, kBase64);
    out.pop_back(); // the terminating NUL
    return out;
}

/// Decodes unpadded base64url; throws ProtocolError naming `what` when it is not that.
std::vector<unsigned char> fromBase64(std::string_view text, const char *what)
{
    // libsodium 1.0.18 reads every byte from 0x80 as '_': check the alphabet first.
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
        if (!ok)
            throw ProtocolError(std::string(what) + " is not unpadded base64url");
    }
    std::vector<unsigned char> out(text.size() * 3 / 4 + 3);
    std::size_t size = 0;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &size,
                          nullptr, kBase64)
        != 0)
        throw ProtocolError(std::string(what) + " is not unpadded base64url");
    out.resize(size);
    return out;
}

/// Length-prefixed, so that no two (conversation, author) pairs give the same bytes.
std::string associatedData(std::string_view conversationId, std::string_view memberId)
{
    std::string out = "hearth-reveal-v1";
    for (const std::string_view field : {conversationId, memberId}) {
        out += '|';
        out += std::to_string(field.size());
        out += ':';
        out += field;
    }
    return out;
}

} // namespace

AnswerKey AnswerKey::generate()
{
    ready();
    AnswerKey key;
    crypto_aead_xchacha20poly1305_ietf_keygen(key.m_bytes.data());
    return key;
}

AnswerKey AnswerKey::fromText(std::string_view text)
{
    ready();
    std::vector<unsigned char> bytes = fromBase64(text, "an answer key");
    if (bytes.size() != kSize) {
        sodium_memzero(bytes.data(), bytes.size());
        throw ProtocolError("an answer key has 32 bytes");
    }
    AnswerKey key;
    std::copy(bytes.begin(), bytes.end(), key.m_bytes.begin());
    sodium_memzero(bytes.data(), bytes.size());
    return key;
}

AnswerKey::~AnswerKey()
{
    sodium_memzero(m_bytes.data(), m_bytes.size());
}

std::string AnswerKey::text() const
{
    return toBase64(m_bytes.data(), m_bytes.size());
}

std::string seal(std::string_view answer, const AnswerKey &key, std::string_view conversationId,
                 std::string_view memberId)
{
    ready();
    static_assert(AnswerKey::kSize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    const std::string ad = associatedData(conversationId, memberId);
    std::vector<unsigned char> out(kNonceSize + answer.size() + kTagSize);
    randombytes_buf(out.data(), kNonceSize);
    unsigned long long sealedSize = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        out.data() + kNonceSize, &sealedSize, reinterpret_cast<const unsigned char *>(answer.data()),
        answer.size(), reinterpret_cast<const unsigned char *>(ad.data()), ad.size(), nullptr,
        out.data(), key.data());
    return toBase64(out.data(), kNonceSize + sealedSize);
}

std::string open(std::string_view sealed, const AnswerKey &key, std::string_view conversationId,
                 std::string_view memberId)
{
    ready();
    const std::vector<unsigned char> bytes = fromBase64(sealed, "a sealed answer");
    if (bytes.size() < kNonceSize + kTagSize)
        throw ProtocolError("a sealed answer is too short");
    const std::string ad = associatedData(conversationId, memberId);
    std::string out(bytes.size() - kNonceSize - kTagSize, '\0');
    unsigned long long size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char *>(out.data()), &size, nullptr,
            bytes.data() + kNonceSize, bytes.size() - kNonceSize,
            reinterpret_cast<const unsigned char *>(ad.data()), ad.size(), bytes.data(),
            key.data())
        != 0)
        throw ProtocolError("this answer does not open with this key: it was sealed with another "
                            "key, for another conversation or person, or changed on the way");
    out.resize(size);
    return out;
}

std::string fingerprint(std::string_view sealed)
{
    ready();
    std::array<unsigned char, 16> hash{};
    crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char *>(sealed.data()),
                       sealed.size(), nullptr, 0);
    std::string out(hash.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), hash.data(), hash.size());
    out.pop_back();
    return out;
}

} // namespace hearth::reveal
