#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

enum class FieldType { Text, Integer, Real, Json };

struct FieldDef {
    std::string_view name;
    FieldType type;
};

/// A synced entity: its name in changes, its table, and the fields this version knows.
///
/// Every entity table has the columns `id`, `scope`, `cl` (causal length: odd = alive,
/// even = deleted), `clocks` (JSON object field -> stamp of its winning write) and `extra`
/// (JSON object of fields this version does not know, kept and sent on), then one column per
/// known field, named after the field.
struct EntityDef {
    std::string_view name;
    std::string_view table;
    std::vector<FieldDef> fields;

    [[nodiscard]] const FieldDef *field(std::string_view fieldName) const;
};

/// The entities this version of Hearth knows, in a fixed order.
[[nodiscard]] std::span<const EntityDef> entities();
/// The entity called `name`, or nullptr.
[[nodiscard]] const EntityDef *findEntity(std::string_view name);

/// Visibility scopes (DESIGN.md, "Data model").
inline constexpr std::string_view kScopePrivate = "private";
inline constexpr std::string_view kScopeCouple = "couple";
inline constexpr std::string_view kScopeCare = "care";
/// Header-only, so that the sync protocol can check scopes without linking the domain.
[[nodiscard]] constexpr bool isScope(std::string_view scope)
{
    return scope == kScopePrivate || scope == kScopeCouple || scope == kScopeCare;
}

/// The reserved field carrying a row's causal length; merged by maximum.
inline constexpr std::string_view kCausalLength = "_cl";
/// The reserved field that sets a row's scope (on creation, or when it is made private or
/// shared); merged by last writer wins like any field.
inline constexpr std::string_view kScopeField = "_scope";

} // namespace hearth
