// What a device decodes from others: an invite code a person types, the key bundle of an invite,
// a key box from the mailbox, its stored key ring, and the changes inside an opened envelope.
// The first byte picks the decoder, the rest is its input. Each either decodes or throws what it
// documents (ValidationError for a code, ProtocolError otherwise, and json errors where the
// caller parses); anything else escapes and is a finding.
//
// A key box or bundle comes from another device of the space, which may be buggy or hostile: the
// "sealed plaintext" modes seal the input for the fixed code or from the fixed sender to the fixed
// device, and decode what opens, as such a box or bundle would.
#include "change.h"
#include "errors.h"
#include "fuzzsupport.h"
#include "keyring.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <vector>

using namespace hearth;
using nlohmann::json;

namespace {

enum Mode : std::uint8_t {
    ParseCode,
    OpenBundle,
    BundlePlaintext,
    OpenKeyBox,
    KeyBoxPlaintext,
    KeyRingJson,
    Changes,
    ModeCount,
};

/// The code every seed bundle is sealed for (make_corpus.cpp uses the same text).
constexpr std::string_view kCode = "7KQ2-M9XD-4HJT-8WBN-R3FV-6CPS-0YZE-5GA1";

const sync::InviteCode &fixedCode()
{
    static const sync::InviteCode code = sync::InviteCode::parse(kCode);
    return code;
}

/// A device key pair derived from a fixed seed (make_corpus.cpp uses the same seeds).
sync::DeviceKeyPair seededPair(unsigned char fill)
{
    if (sodium_init() < 0)
        fuzz::finding("libsodium does not start");
    sync::DeviceKeyPair p;
    std::array<unsigned char, crypto_box_SEEDBYTES> seed{};
    seed.fill(fill);
    crypto_box_seed_keypair(p.publicKey.data(), p.secretKey.data(), seed.data());
    return p;
}

/// The device every seed key box is for, and the device that sent them.
const sync::DeviceKeyPair &fixedDevice()
{
    static const sync::DeviceKeyPair pair = seededPair(0x42);
    return pair;
}
const sync::DeviceKeyPair &fixedSender()
{
    static const sync::DeviceKeyPair pair = seededPair(0x17);
    return pair;
}

std::string base64(const std::vector<unsigned char> &bytes)
{
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.pop_back();
    return out;
}

/// The input as the plaintext of a bundle sealed for the fixed code, in sealBundle()'s layout.
std::string sealedBundleOf(std::string_view plaintext)
{
    constexpr std::string_view ad = "hearth-invite-bundle-v1";
    const auto key = fixedCode().bundleKey();
    std::vector<unsigned char> out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plaintext.size()
                                   + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    randombytes_buf(out.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        out.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
        reinterpret_cast<const unsigned char *>(plaintext.data()), plaintext.size(),
        reinterpret_cast<const unsigned char *>(ad.data()), ad.size(), nullptr, out.data(),
        key.data());
    return base64(out);
}

/// The input as the plaintext of a key box from the fixed sender to the fixed device, in
/// sealKeyFor()'s layout (nonce, then crypto_box_easy).
std::string sealedBoxOf(std::string_view plaintext)
{
    std::vector<unsigned char> box(crypto_box_NONCEBYTES + crypto_box_MACBYTES + plaintext.size());
    randombytes_buf(box.data(), crypto_box_NONCEBYTES);
    crypto_box_easy(box.data() + crypto_box_NONCEBYTES,
                    reinterpret_cast<const unsigned char *>(plaintext.data()), plaintext.size(),
                    box.data(), fixedDevice().publicKey.data(), fixedSender().secretKey.data());
    return base64(box);
}

void parseCode(std::string_view text)
{
    sync::InviteCode code;
    try {
        code = sync::InviteCode::parse(text);
    } catch (const ValidationError &) {
        return;
    }
    // The canonical text reads back as the same secret, in eight groups of four.
    const std::string canonical = code.text();
    if (canonical.size() != 39)
        fuzz::finding("InviteCode::text() is not eight groups of four", canonical);
    if (sync::InviteCode::parse(canonical).lookup() != code.lookup())
        fuzz::finding("InviteCode: parse(text()) is another code", canonical);
}

void checkKeys(const std::vector<sync::ContentKey> &keys)
{
    for (const auto &k : keys) {
        if (k.scope() != "private" && k.scope() != "couple" && k.scope() != "care")
            fuzz::finding("a decoded key has an unknown scope", k.scope());
    }
}

void openBundle(std::string_view sealed)
{
    try {
        checkKeys(sync::openBundle(sealed, fixedCode()).keys);
    } catch (const ProtocolError &) {
    }
}

void openKeyBox(std::string_view box)
{
    try {
        const sync::ContentKey key = sync::openKeyBox(box, fixedSender().publicKey, fixedDevice());
        checkKeys({key});
    } catch (const ProtocolError &) {
    }
}

void keyRing(std::string_view text)
{
    // The ring is stored as JSON text in the device's settings; reading that text is the
    // caller's, and fromJson's own contract is ProtocolError.
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        return;
    sync::KeyRing ring;
    try {
        ring = sync::KeyRing::fromJson(j);
    } catch (const ProtocolError &) {
        return;
    }
    checkKeys(ring.keys());
    const sync::KeyRing again = sync::KeyRing::fromJson(ring.toJson());
    if (again.toJson() != ring.toJson())
        fuzz::finding("KeyRing: fromJson(toJson()) is another ring", ring.toJson().dump());
}

void changes(std::string_view text)
{
    // As SyncClient::changesOf reads an opened envelope: json errors and ProtocolError are its
    // documented refusals.
    std::vector<Change> decoded;
    try {
        decoded = json::parse(text).get<std::vector<Change>>();
    } catch (const ProtocolError &) {
        return;
    } catch (const json::exception &) {
        return;
    }
    for (const Change &c : decoded) {
        (void)c.mergeKey();
        const json wire = c;
        Change again;
        try {
            again = wire.get<Change>();
        } catch (const ProtocolError &e) {
            fuzz::finding("Change: from_json refuses what to_json wrote", e.what());
        }
        if (!(again == c))
            fuzz::finding("Change: from_json(to_json(c)) != c", wire.dump());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view text = fuzz::textOf(data + 1, size - 1);
    switch (static_cast<Mode>(data[0] % ModeCount)) {
    case ParseCode: parseCode(text); break;
    case OpenBundle: openBundle(text); break;
    case BundlePlaintext: openBundle(sealedBundleOf(text)); break;
    case OpenKeyBox: openKeyBox(text); break;
    case KeyBoxPlaintext: openKeyBox(sealedBoxOf(text)); break;
    case KeyRingJson: keyRing(text); break;
    case Changes: changes(text); break;
    case ModeCount: break;
    }
    return 0;
}
