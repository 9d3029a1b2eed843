#pragma once

#include "hlc.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth {

/// One write to one row: the unit of the change log, of merge, and later of sync.
///
/// `fields` maps field names to new values; the reserved field `_cl` carries the row's causal
/// length (odd = alive, even = deleted) and merges by maximum. Every other field merges by
/// last writer wins on the change's effective stamp.
struct Change {
    Stamp stamp;
    std::string entity;
    std::string id;
    std::string scope;
    nlohmann::json fields = nlohmann::json::object();
    /// When the sync server received the change (0 while unknown, e.g. before it was pushed).
    Millis receivedMs = 0;

    /// The stamp the merge compares, as text. A change stamped more than kMaxClockDrift after
    /// the server received it counts as stamped at receivedMs + kMaxClockDrift, so that a device
    /// whose clock runs a day ahead cannot win every conflict for a day; the original stamp
    /// follows as a tie-break so the order stays total.
    [[nodiscard]] std::string mergeKey() const;

    bool operator==(const Change &) const = default;
};

/// The clocks of one stored row: (field, merge key of the write that set it) pairs. Rows have a
/// handful of fields, so a flat vector beats a map.
using FieldClocks = std::vector<std::pair<std::string, std::string>>;

/// The merge key that set `field`, or nullptr.
[[nodiscard]] const std::string *clockOf(const FieldClocks &clocks, std::string_view field);
void setClock(FieldClocks &clocks, std::string_view field, const std::string &key);
/// The stored text of a row's clocks: fields grouped by the key that set them,
/// {"<key>":["field",...],...}, so one change that sets ten fields stores its key once. Keys and
/// fields are sorted: equal clocks give equal text.
[[nodiscard]] std::string encodeClocks(const FieldClocks &clocks);
/// Throws ProtocolError for text that is not in that form.
[[nodiscard]] FieldClocks decodeClocks(const std::string &text);

void to_json(nlohmann::json &j, const Change &c);
/// Throws ProtocolError naming what is missing or malformed.
void from_json(const nlohmann::json &j, Change &c);
/// from_json() for a document that is not needed afterwards: the fields are moved out of it.
[[nodiscard]] Change changeFromJson(nlohmann::json &&j);
/// A JSON array of changes, each read as from_json() reads one (its fields moved out of the
/// parsed text, not copied). Throws ProtocolError when the text is not such an array.
[[nodiscard]] std::vector<Change> changesFromJson(std::string_view text);

} // namespace hearth
