#pragma once

#include <string>
#include <string_view>

namespace hearth::server {

// Base64url, hex and starting libsodium are in sync/encoding.h, shared with the client; what is
// here is the server's own.

/// Ids in the API (spaces, devices, members, envelopes) are lowercase hex, 16 to 64 digits: long
/// enough to be random, short enough to log.
[[nodiscard]] bool isId(std::string_view text);
/// An invite's lookup hash: exactly 64 lowercase hex digits.
[[nodiscard]] bool isLookupHash(std::string_view text);

/// A new bearer token: 32 random bytes in unpadded base64url.
[[nodiscard]] std::string newToken();
/// What the server stores instead of a token: its BLAKE2b hash (crypto_generichash) in hex.
[[nodiscard]] std::string hashToken(std::string_view token);

} // namespace hearth::server
