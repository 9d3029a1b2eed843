#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::sync {

/// Starts libsodium once; throws ProtocolError when it cannot.
void ensureSodium();

/// Unpadded base64url, the form of every binary field on the wire.
[[nodiscard]] std::string toBase64(const unsigned char *data, std::size_t size);
/// Throws ProtocolError naming `field` when the text is not unpadded base64url.
[[nodiscard]] std::vector<unsigned char> fromBase64(std::string_view text, std::string_view field);

/// The same unpadded base64url, appended to `out` with a plain table: for bytes that are not
/// secret (envelope nonces and ciphertext), where libsodium's constant-time coder is the slow
/// part of a push or pull of thousands.
void appendBase64(std::string &out, const unsigned char *data, std::size_t size);
/// Decodes unpadded base64url into `out` with a plain table, as strictly as fromBase64 (the
/// alphabet, no padding, no stray bits). False, leaving `out` unspecified, when malformed.
[[nodiscard]] bool decodeBase64(std::string_view text, std::vector<unsigned char> &out);

/// Lowercase hex.
[[nodiscard]] std::string toHex(const unsigned char *data, std::size_t size);
/// `size` random bytes as lowercase hex.
[[nodiscard]] std::string randomHex(std::size_t size);

} // namespace hearth::sync
