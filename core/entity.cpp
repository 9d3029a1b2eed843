#include "entity.h"

#include <algorithm>

namespace hearth {

namespace {

using enum FieldType;

const std::vector<EntityDef> &registry()
{
    static const std::vector<EntityDef> all = {
        {"space", "space", {{"name", Text}, {"createdBy", Text}, {"createdAt", Integer}}},
        {"member",
         "member",
         {{"spaceId", Text}, {"name", Text}, {"role", Text}, {"timeZone", Text}, {"colour", Text},
          {"joinedAt", Integer}}},
        {"ritual",
         "ritual",
         {{"spaceId", Text}, {"kind", Text}, {"title", Text}, {"purpose", Text}, {"steps", Json},
          {"rrule", Text}, {"startLocal", Text}, {"timeZone", Text}, {"durationMinutes", Integer},
          {"reminderMinutes", Integer}, {"templateId", Text}, {"templateVersion", Integer},
          {"status", Text}, {"createdBy", Text}, {"createdAt", Integer}}},
        {"occurrence",
         "occurrence",
         {{"spaceId", Text}, {"ritualId", Text}, {"localStart", Text}, {"status", Text},
          {"movedTo", Text}, {"note", Text}, {"rating", Integer}, {"reason", Text}, {"actor", Text},
          {"at", Integer}}},
    };
    return all;
}

} // namespace

const FieldDef *EntityDef::field(std::string_view fieldName) const
{
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const FieldDef &f) { return f.name == fieldName; });
    return it == fields.end() ? nullptr : &*it;
}

std::span<const EntityDef> entities()
{
    return registry();
}

const EntityDef *findEntity(std::string_view name)
{
    for (const auto &e : registry())
        if (e.name == name)
            return &e;
    return nullptr;
}

} // namespace hearth
