#pragma once

// Fair reveal over the store (docs/decisions.md §18): the rows that hold a partner's sealed
// answer (a check-in's answers, one step of a repair), the private secret that opens it, and the
// published key. Check-ins and repairs share this; core/reveal.h holds the cryptography.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hearth {

class Store;

namespace fair {

/// This device's person (the profile's member id). Throws StorageError before a profile exists.
[[nodiscard]] std::string memberId(Store &store);

/// A text field of a row read with Store::row(), or "" when missing or of another type.
[[nodiscard]] std::string textOf(const nlohmann::json &row, const char *field);
/// A whole-number field of such a row, or 0.
[[nodiscard]] std::int64_t numberOf(const nlohmann::json &row, const char *field);
/// Characters as a person counts them: UTF-8 code points.
[[nodiscard]] std::size_t characters(const std::string &text);
/// Whether text says anything: not empty after trimming spaces, tabs and line breaks.
[[nodiscard]] bool hasText(const std::string &text);
/// Whether an answer says anything: text with hasText, a number, or a list or object holding
/// anything answered. null, blank text and empty lists are no answer.
[[nodiscard]] bool answered(const nlohmann::json &value);

/// A sealed answer row as read from its table.
struct SealedRow {
    std::string id;
    std::string memberId;
    std::string sealed;
    std::string fingerprint;
};

/// Seals `payload` for `conversation` and its author `memberId` under a new key, and writes in
/// one apply the row `rowId` of `entity` (its `fields` plus memberId, sealed, fingerprint and
/// submittedAt; couple) and the key (reveal_secret; private). Then publishes what is due.
/// `shared`: an answer the partner may read at once (a repair step that is not private), whose
/// key is published in the same apply.
void submit(Store &store, std::string_view entity, const std::string &rowId, nlohmann::json fields,
            const nlohmann::json &payload, const std::string &conversation,
            const std::string &memberId, bool shared = false);

/// The payload of a sealed row if this device may read it: its own (with its secret) or the
/// partner's (with a key the partner published for exactly this revision). nullopt otherwise,
/// and for a damaged or forged row.
[[nodiscard]] std::optional<nlohmann::json> open(Store &store, std::string_view entity,
                                                 const SealedRow &row,
                                                 const std::string &conversation, bool mine);

/// Publishes this person's key of every sealed answer whose partner answer is there too
/// (check-in answers by check-in, repair steps by repair and step), unless it is published for
/// the current revision already. Returns how many keys it published.
std::size_t revealDue(Store &store);

} // namespace fair
} // namespace hearth
