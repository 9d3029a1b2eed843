#pragma once

// Fair reveal (docs/decisions.md §18): an answer is sealed under a key of its own when it is
// submitted, and opens for the partner only once its author's device publishes that key. These
// are the primitives; the check-in and repair domain decides when to seal and when to publish.
//
// Plain C++ over libsodium: XChaCha20-Poly1305 with associated data naming the conversation and
// the author, so a sealed answer cannot be passed off as another conversation's or person's.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace hearth::reveal {

/// The key of one submitted answer. Zeroed when it goes out of scope.
class AnswerKey {
public:
    static constexpr std::size_t kSize = 32;

    /// A new random key.
    [[nodiscard]] static AnswerKey generate();
    /// Reads the text form (unpadded base64url of the 32 bytes). Throws ProtocolError.
    [[nodiscard]] static AnswerKey fromText(std::string_view text);

    AnswerKey(const AnswerKey &) = default;
    AnswerKey &operator=(const AnswerKey &) = default;
    ~AnswerKey();

    /// The text form, as stored in a row (private until published, then couple).
    [[nodiscard]] std::string text() const;
    [[nodiscard]] const unsigned char *data() const noexcept { return m_bytes.data(); }

private:
    AnswerKey() = default;
    std::array<unsigned char, kSize> m_bytes{};
};

/// Seals `answer` (any text, typically a JSON object of one partner's answers) for the
/// conversation `conversationId` and its author `memberId`. The result is text: unpadded
/// base64url of the nonce followed by the ciphertext, a fresh nonce every time.
[[nodiscard]] std::string seal(std::string_view answer, const AnswerKey &key,
                               std::string_view conversationId, std::string_view memberId);

/// Opens what seal() made with the same key, conversation and author. Throws ProtocolError when
/// anything differs or the text is damaged.
[[nodiscard]] std::string open(std::string_view sealed, const AnswerKey &key,
                               std::string_view conversationId, std::string_view memberId);

/// A short fingerprint of a sealed text (32 lowercase hex digits, BLAKE2b): a published key
/// names the sealed revision it opens, so a key published in a race with an edit is recognised
/// as stale instead of failing to open.
[[nodiscard]] std::string fingerprint(std::string_view sealed);

} // namespace hearth::reveal
