#pragma once

#include "clock.h"
#include "schedule.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hearth {

/// The couple's shared space.
struct Space {
    std::string id;
    std::string name;
    Millis createdAt = 0;
};

/// A person in a space: one of the two partners (or, later, their therapist).
struct Member {
    std::string id;
    std::string spaceId;
    std::string name;
    std::string role = "partner";
    std::string timeZone;
    std::string colour;
};

enum class RitualStatus { Active, Paused, Archived };
[[nodiscard]] std::string_view toString(RitualStatus status);
/// Throws ValidationError("status") for anything but "active", "paused" and "archived".
[[nodiscard]] RitualStatus ritualStatusFromString(std::string_view text);

/// A ritual the couple keeps, with its schedule.
struct Ritual {
    std::string id;
    std::string spaceId;
    std::string kind;
    std::string title;
    std::string purpose;
    std::vector<std::string> steps;
    Schedule schedule;
    int reminderMinutes = 0;
    std::string templateId;
    int templateVersion = 0;
    RitualStatus status = RitualStatus::Active;
    std::string createdBy;
    Millis createdAt = 0;
};

/// What happened to one occurrence of a ritual. Its id is "<ritual id>@<localStart>", so both
/// partners writing about the same occurrence write to the same row.
struct Occurrence {
    std::string id;
    std::string ritualId;
    std::string localStart;
    std::string status; ///< "", "done" or "skipped"
    std::string movedTo; ///< new local start when moved, else empty
    std::string note;
    int rating = 0; ///< 1..5 "how connected did it feel", 0 when not given
    std::string reason;
    std::string actor;
    Millis at = 0;
};

[[nodiscard]] std::string occurrenceId(std::string_view ritualId, std::string_view localStart);

// Conversions between rows as Store returns them (JSON objects) and the domain values.
[[nodiscard]] Space spaceFromRow(const nlohmann::json &row);
[[nodiscard]] Member memberFromRow(const nlohmann::json &row);
[[nodiscard]] Ritual ritualFromRow(const nlohmann::json &row);
[[nodiscard]] Occurrence occurrenceFromRow(const nlohmann::json &row);

} // namespace hearth
