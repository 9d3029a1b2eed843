#pragma once

// Internal to core: what core/care.cpp and core/practice.cpp both check and write — a therapist's
// policy and name, a custom exercise and its row (`care` in a couple's space, `private` in the
// practice store).

#include "care.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hearth::detail {

inline constexpr std::size_t kMaxTherapistName = 80;

/// The policy trimmed; ValidationError "policyKind" or "policyText".
[[nodiscard]] CarePolicy checkedPolicy(const CarePolicy &policy);
/// The name trimmed, 1 to kMaxTherapistName characters; ValidationError "name".
[[nodiscard]] std::string checkedTherapistName(const std::string &name);
/// The exercise with its texts trimmed; ValidationError naming the field ("title", "steps",
/// "prompts", "purpose", "source", "format", "who", "minutes", "timerMinutes").
[[nodiscard]] Exercise checkedExercise(const Exercise &exercise);
/// An exercise row's fields (`who` and `version` have no field in the `exercise` entity).
[[nodiscard]] nlohmann::json exerciseFields(const Exercise &exercise);
/// The live `exercise` rows of `scope`, by title.
[[nodiscard]] std::vector<Exercise> exerciseRows(Store &store, const std::string &scope);

} // namespace hearth::detail
