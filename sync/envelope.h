#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hearth::sync {

/// A content key of one scope and epoch, made on a device (DESIGN.md, "Sync"). The server never
/// holds one. Zeroed when it goes out of scope.
class ContentKey {
public:
    static constexpr std::size_t kSize = 32;

    /// A new random key.
    static ContentKey generate(std::string scope, std::uint32_t epoch);
    ContentKey(std::string scope, std::uint32_t epoch, const std::array<unsigned char, kSize> &bytes);
    ~ContentKey();
    ContentKey(const ContentKey &other) = default;
    ContentKey &operator=(const ContentKey &other) = default;

    [[nodiscard]] const std::string &scope() const noexcept { return m_scope; }
    [[nodiscard]] std::uint32_t epoch() const noexcept { return m_epoch; }
    [[nodiscard]] const unsigned char *data() const noexcept { return m_bytes.data(); }

private:
    std::string m_scope;
    std::uint32_t m_epoch = 0;
    std::array<unsigned char, kSize> m_bytes{};
};

/// What the server may see of an envelope, and what the seal binds: a change to the envelope's
/// space, scope, device, sequence or key epoch makes it fail to open.
struct EnvelopeHeader {
    std::string id; ///< 32 hex digits (time, then random); pushes are idempotent on it
    std::string spaceId;
    std::string scope;
    std::string deviceId;
    std::uint64_t seq = 0; ///< the device's own counter, one per envelope
    std::uint32_t epoch = 0;

    bool operator==(const EnvelopeHeader &) const = default;
};

/// Sealed content: XChaCha20-Poly1305 over the padded plaintext.
struct Envelope {
    static constexpr std::size_t kNonceSize = 24;
    static constexpr std::size_t kMinBucket = 256;
    static constexpr std::size_t kMaxPlaintext = 1024 * 1024 - 1;

    EnvelopeHeader header;
    std::array<unsigned char, kNonceSize> nonce{};
    std::vector<unsigned char> ciphertext;

    bool operator==(const Envelope &) const = default;
};

/// A new random envelope id.
[[nodiscard]] std::string newEnvelopeId();

/// The associated data the seal binds: every header field but the id, in a fixed text form.
[[nodiscard]] std::string associatedData(const EnvelopeHeader &header);

/// Pads the plaintext to a size bucket (powers of two from kMinBucket, so a length tells little)
/// and seals it. Throws ProtocolError when the key is not the header's scope and epoch, or the
/// plaintext is larger than kMaxPlaintext.
[[nodiscard]] Envelope seal(const EnvelopeHeader &header, std::string_view plaintext,
                            const ContentKey &key);

/// Opens an envelope. Throws ProtocolError when it was not sealed with this key for exactly this
/// header (wrong key, another scope or epoch, or anything changed on the way).
[[nodiscard]] std::string open(const Envelope &envelope, const ContentKey &key);

/// The wire form: the header's fields, "nonce" and "ciphertext" in unpadded base64url.
void to_json(nlohmann::json &j, const Envelope &e);
/// Throws ProtocolError naming what is missing or malformed.
void from_json(const nlohmann::json &j, Envelope &e);

} // namespace hearth::sync
