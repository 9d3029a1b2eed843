#include "envelope.h"

#include "encoding.h"
#include "entity.h"
#include "errors.h"
#include "wire.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <chrono>

namespace hearth::sync {

namespace {

/// The size bucket for a plaintext: the smallest power of two from kMinBucket that leaves room
/// for the one byte of padding marker.
std::size_t bucketFor(std::size_t size)
{
    std::size_t bucket = Envelope::kMinBucket;
    while (bucket < size + 1)
        bucket *= 2;
    return bucket;
}

} // namespace

ContentKey ContentKey::generate(std::string scope, std::uint32_t epoch)
{
    ensureSodium();
    std::array<unsigned char, kSize> bytes{};
    crypto_aead_xchacha20poly1305_ietf_keygen(bytes.data());
    ContentKey key(std::move(scope), epoch, bytes);
    sodium_memzero(bytes.data(), bytes.size());
    return key;
}

ContentKey::ContentKey(std::string scope, std::uint32_t epoch,
                       const std::array<unsigned char, kSize> &bytes)
    : m_scope(std::move(scope)), m_epoch(epoch), m_bytes(bytes)
{
    static_assert(kSize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
    if (!isScope(m_scope))
        throw ProtocolError("a content key belongs to the private, couple or care scope");
}

ContentKey::~ContentKey()
{
    sodium_memzero(m_bytes.data(), m_bytes.size());
}

std::string newEnvelopeId()
{
    // Time first, then 80 random bits (as a UUIDv7 orders them): ids made one after another sort
    // one after another, so the server's index of ids grows at its end instead of being rewritten
    // page by page all over (decisions §16). The time says no more than when the push arrives.
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    std::array<unsigned char, 6> time{};
    for (std::size_t i = 0; i < time.size(); ++i)
        time[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(ms) >> (8 * (5 - i)));
    return toHex(time.data(), time.size()) + randomHex(10);
}

std::string associatedData(const EnvelopeHeader &h)
{
    // Length-prefixed fields, so that no two headers give the same text.
    std::string out = "hearth-envelope-v1";
    for (const std::string &field : {h.spaceId, h.scope, h.deviceId, std::to_string(h.seq),
                                     std::to_string(h.epoch)}) {
        out += '|';
        out += std::to_string(field.size());
        out += ':';
        out += field;
    }
    return out;
}

Envelope seal(const EnvelopeHeader &header, std::string_view plaintext, const ContentKey &key)
{
    ensureSodium();
    static_assert(Envelope::kNonceSize == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    if (key.scope() != header.scope || key.epoch() != header.epoch)
        throw ProtocolError("this key is for the " + key.scope() + " scope, epoch "
                            + std::to_string(key.epoch()) + ", not for this envelope");
    if (plaintext.size() > Envelope::kMaxPlaintext)
        throw ProtocolError("an envelope holds at most 1 MiB");

    // ISO/IEC 7816-4 padding, as sodium_pad() writes it (a 0x80 byte, then zeros to the bucket),
    // written directly: sodium_pad walks the whole bucket byte by byte in constant time, which
    // cost more than the encryption, and the length it hides is only hidden from the server.
    const std::size_t bucket = bucketFor(plaintext.size());
    std::vector<unsigned char> padded(bucket);
    std::copy(plaintext.begin(), plaintext.end(), padded.begin());
    padded[plaintext.size()] = 0x80;
    const std::size_t paddedSize = bucket;

    Envelope e;
    e.header = header;
    randombytes_buf(e.nonce.data(), e.nonce.size());
    const std::string ad = associatedData(header);
    e.ciphertext.resize(paddedSize + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long sealedSize = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        e.ciphertext.data(), &sealedSize, padded.data(), paddedSize,
        reinterpret_cast<const unsigned char *>(ad.data()), ad.size(), nullptr, e.nonce.data(),
        key.data());
    e.ciphertext.resize(sealedSize);
    sodium_memzero(padded.data(), padded.size());
    return e;
}

std::string open(const Envelope &e, const ContentKey &key)
{
    ensureSodium();
    if (key.scope() != e.header.scope || key.epoch() != e.header.epoch)
        throw ProtocolError("no key of this device opens " + e.header.scope + " envelopes of epoch "
                            + std::to_string(e.header.epoch));
    if (e.ciphertext.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES)
        throw ProtocolError("the envelope is too short to be sealed");
    std::vector<unsigned char> padded(e.ciphertext.size());
    unsigned long long paddedSize = 0;
    const std::string ad = associatedData(e.header);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            padded.data(), &paddedSize, nullptr, e.ciphertext.data(), e.ciphertext.size(),
            reinterpret_cast<const unsigned char *>(ad.data()), ad.size(), e.nonce.data(),
            key.data())
        != 0)
        throw ProtocolError("the envelope does not open with this key: it was sealed for another "
                            "key or header, or changed on the way");
    // The marker is the last byte that is not zero (see seal()).
    std::size_t size = static_cast<std::size_t>(paddedSize);
    while (size > 0 && padded[size - 1] == 0)
        --size;
    if (size == 0 || padded[size - 1] != 0x80)
        throw ProtocolError("the envelope's padding is malformed");
    --size;
    std::string out(reinterpret_cast<const char *>(padded.data()), size);
    sodium_memzero(padded.data(), padded.size());
    return out;
}

// The wire form has one writer and one reader, sync/wire's; these give it as a JSON document.
void to_json(nlohmann::json &j, const Envelope &e)
{
    std::string text;
    appendEnvelopeJson(text, e);
    j = nlohmann::json::parse(text);
}

void from_json(const nlohmann::json &j, Envelope &e)
{
    if (!j.is_object())
        throw ProtocolError("an envelope must be a JSON object");
    e = readEnvelope(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace hearth::sync
