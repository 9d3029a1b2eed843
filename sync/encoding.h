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

/// Lowercase hex.
[[nodiscard]] std::string toHex(const unsigned char *data, std::size_t size);
/// `size` random bytes as lowercase hex.
[[nodiscard]] std::string randomHex(std::size_t size);

} // namespace hearth::sync
