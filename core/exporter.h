#pragma once

#include "clock.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hearth {

class RitualBook;
class Store;

/// The "format" and "formatVersion" an export carries (docs/export.md).
inline constexpr const char *kExportFormat = "hearth.export";
inline constexpr int kExportFormatVersion = 1;

/// The whole profile as one JSON document (docs/export.md): readable live rows under "data", and
/// under "changes" the lossless state, changes that rebuild every row exactly (deleted rows,
/// fields this version does not know, rows of entities it does not know, every field's clock).
[[nodiscard]] nlohmann::json exportProfile(Store &store);

/// Rebuilds an exported profile in `fresh` by merging the export's changes, then restores which
/// space and member this profile is. Afterwards fresh.stateHash() equals the exporter's.
/// Throws ValidationError("profile") when `fresh` already holds a profile or any row, and
/// ProtocolError for a document that is not a Hearth export of a version this app reads, or
/// whose changes are malformed; nothing is written then.
void importProfile(Store &fresh, const nlohmann::json &doc);

/// The rituals as an iCalendar file for calendar programs (docs/export.md): their schedules,
/// skipped occurrences as EXDATE, moved ones as overrides, and the reminder as VALARM.
/// `ritualIds` empty means every active ritual, the ones the agenda shows (paused and archived
/// rituals do not happen, so a calendar should not show them); named rituals are exported
/// whatever their status. Throws ValidationError("ritual") for an id that names no ritual.
[[nodiscard]] std::string ritualsToIcs(RitualBook &book, const std::vector<std::string> &ritualIds,
                                       Millis nowUtc);

} // namespace hearth
