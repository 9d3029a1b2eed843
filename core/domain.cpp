#include "domain.h"

#include "errors.h"

namespace hearth {

using nlohmann::json;

std::string_view toString(RitualStatus status)
{
    switch (status) {
    case RitualStatus::Active: return "active";
    case RitualStatus::Paused: return "paused";
    case RitualStatus::Archived: return "archived";
    }
    return "active";
}

RitualStatus ritualStatusFromString(std::string_view text)
{
    if (text == "active" || text.empty())
        return RitualStatus::Active;
    if (text == "paused")
        return RitualStatus::Paused;
    if (text == "archived")
        return RitualStatus::Archived;
    throw ValidationError("status", "A ritual is active, paused or archived.");
}

std::string occurrenceId(std::string_view ritualId, std::string_view localStart)
{
    return std::string(ritualId) + "@" + std::string(localStart);
}

namespace {

std::string str(const json &row, const char *key)
{
    auto it = row.find(key);
    return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t num(const json &row, const char *key, std::int64_t fallback = 0)
{
    auto it = row.find(key);
    return it != row.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

} // namespace

Space spaceFromRow(const json &row)
{
    return Space{str(row, "id"), str(row, "name"), num(row, "createdAt")};
}

Member memberFromRow(const json &row)
{
    return Member{str(row, "id"),   str(row, "spaceId"),  str(row, "name"),
                  str(row, "role"), str(row, "timeZone"), str(row, "colour")};
}

Ritual ritualFromRow(const json &row)
{
    Ritual r;
    r.id = str(row, "id");
    r.spaceId = str(row, "spaceId");
    r.kind = str(row, "kind");
    r.title = str(row, "title");
    r.purpose = str(row, "purpose");
    if (auto it = row.find("steps"); it != row.end() && it->is_array())
        for (const auto &s : *it)
            if (s.is_string())
                r.steps.push_back(s.get<std::string>());
    r.schedule.rrule = str(row, "rrule");
    r.schedule.startLocal = str(row, "startLocal");
    r.schedule.timeZone = str(row, "timeZone");
    r.schedule.durationMinutes = static_cast<int>(num(row, "durationMinutes", 15));
    r.reminderMinutes = static_cast<int>(num(row, "reminderMinutes"));
    r.templateId = str(row, "templateId");
    r.templateVersion = static_cast<int>(num(row, "templateVersion"));
    try {
        r.status = ritualStatusFromString(str(row, "status"));
    } catch (const ValidationError &) {
        r.status = RitualStatus::Active; // a status from a newer version: show the ritual
    }
    r.createdBy = str(row, "createdBy");
    r.createdAt = num(row, "createdAt");
    return r;
}

Occurrence occurrenceFromRow(const json &row)
{
    Occurrence o;
    o.id = str(row, "id");
    o.ritualId = str(row, "ritualId");
    o.localStart = str(row, "localStart");
    o.status = str(row, "status");
    o.movedTo = str(row, "movedTo");
    o.note = str(row, "note");
    o.rating = static_cast<int>(num(row, "rating"));
    o.reason = str(row, "reason");
    o.actor = str(row, "actor");
    o.at = num(row, "at");
    return o;
}

} // namespace hearth
