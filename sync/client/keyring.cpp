#include "keyring.h"

#include "encoding.h"
#include "entity.h"
#include "errors.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace hearth::sync {

using nlohmann::json;

namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kBundleAd = "hearth-invite-bundle-v1";

template <std::size_t N>
std::array<unsigned char, N> bytesOf(const json &j, std::string_view field)
{
    const auto bytes = fromBase64(j.at(std::string(field)).get<std::string>(), field);
    if (bytes.size() != N)
        throw ProtocolError("\"" + std::string(field) + "\" has the wrong length");
    std::array<unsigned char, N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

json keyToJson(const ContentKey &k)
{
    return {{"scope", k.scope()}, {"epoch", k.epoch()}, {"key", toBase64(k.data(), ContentKey::kSize)}};
}

ContentKey keyFromJson(const json &j)
{
    const auto scope = j.at("scope").get<std::string>();
    if (!isScope(scope))
        throw ProtocolError("unknown scope \"" + scope + "\" in a key");
    // get<uint32_t>() would wrap -1 and truncate 2^32, and a float out of range is undefined
    // behaviour; a key box or bundle comes from another device, which may be buggy or hostile.
    const json &epoch = j.at("epoch");
    if (!epoch.is_number_unsigned() || epoch.get<std::uint64_t>() > UINT32_MAX)
        throw ProtocolError("a key's epoch must be a whole number from 0 to 4294967295");
    return ContentKey(scope, epoch.get<std::uint32_t>(), bytesOf<ContentKey::kSize>(j, "key"));
}

/// A keyed BLAKE2b of the secret: one context per use, so no derived value reveals another.
std::array<unsigned char, 32> derive(const std::array<unsigned char, InviteCode::kSize> &secret,
                                     std::string_view context)
{
    std::array<unsigned char, 32> out{};
    crypto_generichash(out.data(), out.size(), secret.data(), secret.size(),
                       reinterpret_cast<const unsigned char *>(context.data()), context.size());
    return out;
}

} // namespace

DeviceKeyPair DeviceKeyPair::generate()
{
    ensureSodium();
    DeviceKeyPair pair;
    crypto_box_keypair(pair.publicKey.data(), pair.secretKey.data());
    return pair;
}

void KeyRing::add(const ContentKey &key)
{
    for (const ContentKey *k : find(key.scope(), key.epoch()))
        if (sodium_memcmp(k->data(), key.data(), ContentKey::kSize) == 0)
            return;
    m_keys.push_back(key);
}

std::vector<const ContentKey *> KeyRing::find(std::string_view scope, std::uint32_t epoch) const
{
    std::vector<const ContentKey *> out;
    for (const auto &k : m_keys)
        if (k.scope() == scope && k.epoch() == epoch)
            out.push_back(&k);
    return out;
}

const ContentKey *KeyRing::current(std::string_view scope) const
{
    const ContentKey *best = nullptr;
    for (const auto &k : m_keys)
        if (k.scope() == scope && (!best || k.epoch() > best->epoch()))
            best = &k;
    return best;
}

std::uint32_t KeyRing::epoch(std::string_view scope) const
{
    const ContentKey *k = current(scope);
    return k ? k->epoch() : 0;
}

json KeyRing::toJson() const
{
    json keys = json::array();
    for (const auto &k : m_keys)
        keys.push_back(keyToJson(k));
    return {{"public", toBase64(device.publicKey.data(), device.publicKey.size())},
            {"secret", toBase64(device.secretKey.data(), device.secretKey.size())},
            {"keys", keys}};
}

KeyRing KeyRing::fromJson(const json &j)
{
    try {
        KeyRing ring;
        ring.device.publicKey = bytesOf<DeviceKeyPair::kSize>(j, "public");
        ring.device.secretKey = bytesOf<DeviceKeyPair::kSize>(j, "secret");
        for (const auto &k : j.at("keys"))
            ring.add(keyFromJson(k));
        return ring;
    } catch (const json::exception &e) {
        throw ProtocolError(std::string("the stored keys are malformed: ") + e.what());
    }
}

std::string sealKeyFor(const ContentKey &key, const std::array<unsigned char, 32> &recipientPublic,
                       const DeviceKeyPair &sender)
{
    ensureSodium();
    const std::string plain = keyToJson(key).dump();
    std::vector<unsigned char> box(crypto_box_NONCEBYTES + crypto_box_MACBYTES + plain.size());
    unsigned char *nonce = box.data();
    randombytes_buf(nonce, crypto_box_NONCEBYTES);
    if (crypto_box_easy(nonce + crypto_box_NONCEBYTES, reinterpret_cast<const unsigned char *>(plain.data()),
                        plain.size(), nonce, recipientPublic.data(), sender.secretKey.data())
        != 0)
        throw ProtocolError("a key box could not be sealed for that device (a bad public key)");
    return toBase64(box.data(), box.size());
}

ContentKey openKeyBox(std::string_view box, const std::array<unsigned char, 32> &senderPublic,
                      const DeviceKeyPair &recipient)
{
    ensureSodium();
    const auto bytes = fromBase64(box, "box");
    if (bytes.size() < crypto_box_NONCEBYTES + crypto_box_MACBYTES)
        throw ProtocolError("a key box is too short");
    std::string plain(bytes.size() - crypto_box_NONCEBYTES - crypto_box_MACBYTES, '\0');
    if (crypto_box_open_easy(reinterpret_cast<unsigned char *>(plain.data()), bytes.data() + crypto_box_NONCEBYTES,
                             bytes.size() - crypto_box_NONCEBYTES, bytes.data(), senderPublic.data(),
                             recipient.secretKey.data())
        != 0)
        throw ProtocolError("a key box is not from that device for this one");
    try {
        return keyFromJson(json::parse(plain));
    } catch (const json::exception &e) {
        throw ProtocolError(std::string("a key box is malformed: ") + e.what());
    }
}

InviteCode InviteCode::generate()
{
    ensureSodium();
    InviteCode code;
    randombytes_buf(code.m_secret.data(), code.m_secret.size());
    return code;
}

InviteCode InviteCode::parse(std::string_view text)
{
    // 20 bytes are exactly 32 base32 digits of 5 bits each.
    std::string digits;
    for (char c : text) {
        if (c == '-' || std::isspace(static_cast<unsigned char>(c)))
            continue;
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (c == 'O')
            c = '0';
        else if (c == 'I' || c == 'L')
            c = '1';
        digits.push_back(c);
    }
    const auto invalid = [] {
        return ValidationError("code", "That is not an invite code. It has 32 letters and digits, "
                                       "like 7KQ2-M9XD-...; check it and try again.");
    };
    if (digits.size() != kSize * 8 / 5)
        throw invalid();
    InviteCode code;
    unsigned buffer = 0;
    int bits = 0;
    std::size_t out = 0;
    for (char c : digits) {
        const auto value = kCrockford.find(c);
        if (value == std::string_view::npos)
            throw invalid();
        buffer = (buffer << 5) | static_cast<unsigned>(value);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            code.m_secret[out++] = static_cast<unsigned char>((buffer >> bits) & 0xFF);
        }
    }
    return code;
}

std::string InviteCode::text() const
{
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char byte : m_secret) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            if (!out.empty() && (out.size() + 1) % 5 == 0)
                out.push_back('-');
            out.push_back(kCrockford[(buffer >> bits) & 0x1F]);
        }
    }
    return out;
}

std::string InviteCode::lookup() const
{
    const auto hash = derive(m_secret, "hearth-invite-lookup-v1");
    return toHex(hash.data(), hash.size());
}

std::array<unsigned char, 32> InviteCode::bundleKey() const
{
    return derive(m_secret, "hearth-invite-bundle-key-v1");
}

std::string sealBundle(const InviteBundle &bundle, const InviteCode &code)
{
    ensureSodium();
    json keys = json::array();
    for (const auto &k : bundle.keys)
        keys.push_back(keyToJson(k));
    const std::string plain = json{{"space", bundle.space}, {"member", bundle.member},
                                   {"role", bundle.role}, {"inviter", bundle.inviter}, {"keys", keys}}
                                  .dump();
    const auto key = code.bundleKey();
    std::vector<unsigned char> out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size()
                                   + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned char *nonce = out.data();
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
        reinterpret_cast<const unsigned char *>(plain.data()), plain.size(),
        reinterpret_cast<const unsigned char *>(kBundleAd.data()), kBundleAd.size(), nullptr, nonce,
        key.data());
    return toBase64(out.data(), out.size());
}

InviteBundle openBundle(std::string_view sealed, const InviteCode &code)
{
    ensureSodium();
    const auto bytes = fromBase64(sealed, "bundle");
    constexpr std::size_t overhead =
        crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (bytes.size() < overhead)
        throw ProtocolError("the invite's key bundle is too short");
    const auto key = code.bundleKey();
    std::string plain(bytes.size() - overhead, '\0');
    unsigned long long size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char *>(plain.data()), &size, nullptr,
            bytes.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
            bytes.size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
            reinterpret_cast<const unsigned char *>(kBundleAd.data()), kBundleAd.size(),
            bytes.data(), key.data())
        != 0)
        throw ProtocolError("the invite's key bundle does not open with this code");
    try {
        const json j = json::parse(plain);
        InviteBundle b{j.at("space").get<std::string>(), j.at("member").get<std::string>(),
                       j.at("role").get<std::string>(), j.at("inviter").get<std::string>(), {}};
        for (const auto &k : j.at("keys"))
            b.keys.push_back(keyFromJson(k));
        return b;
    } catch (const json::exception &e) {
        throw ProtocolError(std::string("the invite's key bundle is malformed: ") + e.what());
    }
}

} // namespace hearth::sync
