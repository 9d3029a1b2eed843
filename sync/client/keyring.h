#pragma once

#include "envelope.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::sync {

/// A device's own key pair (X25519, libsodium's crypto_box): others seal new content keys to its
/// public key when a scope's keys rotate. The secret half never leaves the device.
struct DeviceKeyPair {
    static constexpr std::size_t kSize = 32;
    std::array<unsigned char, kSize> publicKey{};
    std::array<unsigned char, kSize> secretKey{};

    static DeviceKeyPair generate();
};

/// The content keys this device holds, by scope and epoch, and its key pair. `private` keys are
/// the device's person's own; the other scopes' are shared with whoever may read them.
class KeyRing {
public:
    DeviceKeyPair device;

    /// Adds a key unless the ring holds the same one. Two devices that rotate a scope at the same
    /// time both make a key of the next epoch: the ring keeps both, and opening tries each.
    void add(const ContentKey &key);
    /// The keys of a scope and epoch this device holds (usually one, none when it has none).
    [[nodiscard]] std::vector<const ContentKey *> find(std::string_view scope, std::uint32_t epoch) const;
    /// The newest key of a scope (what new envelopes are sealed with), or nullptr.
    [[nodiscard]] const ContentKey *current(std::string_view scope) const;
    /// The highest epoch of a scope this device knows, 0 when none.
    [[nodiscard]] std::uint32_t epoch(std::string_view scope) const;
    [[nodiscard]] const std::vector<ContentKey> &keys() const noexcept { return m_keys; }

    /// The stored form (binary in base64url). It holds secrets: it lives only in the device's
    /// local settings, never in a change or an envelope.
    [[nodiscard]] nlohmann::json toJson() const;
    /// Throws ProtocolError for text not in that form.
    static KeyRing fromJson(const nlohmann::json &j);

private:
    std::vector<ContentKey> m_keys;
};

/// A content key for one device (the key mailbox, after a rotation), in base64url: encrypted to
/// the recipient's public key and authenticated with the sender's secret key (libsodium's
/// crypto_box), so the recipient knows which device sent it and nobody else can read it.
[[nodiscard]] std::string sealKeyFor(const ContentKey &key, const std::array<unsigned char, 32> &recipientPublic,
                                     const DeviceKeyPair &sender);
/// Throws ProtocolError when the box was not made by that sender for this device, or is
/// malformed.
[[nodiscard]] ContentKey openKeyBox(std::string_view box, const std::array<unsigned char, 32> &senderPublic,
                                    const DeviceKeyPair &recipient);

/// The secret of an invite. The code a partner types is this secret in Crockford base32, in
/// groups of four ("7KQ2-M9XD-..."); the server sees only a hash of it (lookup()), and the key
/// bundle the invite carries is sealed under another key derived from it.
class InviteCode {
public:
    static constexpr std::size_t kSize = 20;

    static InviteCode generate();
    /// Reads a typed or pasted code: case, spaces and dashes do not matter, and the letters O, I
    /// and L read as 0, 1 and 1. Throws ValidationError("code") for anything else.
    static InviteCode parse(std::string_view text);

    [[nodiscard]] std::string text() const;
    /// What the server stores and looks the invite up by: 64 hex digits.
    [[nodiscard]] std::string lookup() const;
    /// The key the bundle is sealed with.
    [[nodiscard]] std::array<unsigned char, 32> bundleKey() const;

private:
    std::array<unsigned char, kSize> m_secret{};
};

/// What an invite gives the invitee: where to go, who they become, and the keys they may have.
struct InviteBundle {
    std::string space;
    std::string member;  ///< the member the invitee becomes
    std::string role;    ///< "partner", "device" (same person) or "therapist"
    std::string inviter; ///< the inviting member
    std::vector<ContentKey> keys;
};

/// Sealed with XChaCha20-Poly1305 under the code's bundle key, in base64url: only someone holding
/// the code can open it.
[[nodiscard]] std::string sealBundle(const InviteBundle &bundle, const InviteCode &code);
/// Throws ProtocolError when the bundle was not sealed for this code or is malformed.
[[nodiscard]] InviteBundle openBundle(std::string_view sealed, const InviteCode &code);

} // namespace hearth::sync
