#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hearth {

/// One ritual a couple can start from: read-only content from content/rituals.json.
/// A ritual made from it records `id` and `version`, so later edits to the template never
/// rewrite what a couple already has.
struct RitualTemplate {
    std::string id;
    int version = 1;
    std::string kind;    ///< one of ritualKinds()
    std::string title;
    std::string purpose; ///< one sentence naming the attachment need it serves
    std::string need;    ///< one of needNames()
    std::vector<std::string> steps;
    std::string rrule;   ///< RFC 5545 RRULE, checked here only as far as FREQ
    std::string time;    ///< "HH:MM", local time in the ritual's own time zone
    int durationMinutes = 15;
    int reminderMinutes = 0;
    std::string credit;

    bool operator==(const RitualTemplate &) const = default;
};

/// Writes the same shape that rituals.json holds for one template (for export and tools).
void to_json(nlohmann::json &j, const RitualTemplate &t);

/// The kinds a ritual can have; a template's `kind` must be one of them.
[[nodiscard]] const std::vector<std::string> &ritualKinds();
/// The attachment needs a ritual can serve; a template's `need` must be one of them.
[[nodiscard]] const std::vector<std::string> &needNames();

/// The content library: templates loaded once from content/ and validated against the schema in
/// docs/content.md, so the rest of the program can trust every field.
class ContentLibrary {
public:
    /// Reads dir/rituals.json. Throws ContentError naming the file and the exact field
    /// (e.g. `rituals[3].schedule.time`) for a missing file, invalid JSON or a schema violation.
    static ContentLibrary load(const std::filesystem::path &dir);
    /// load() from $HEARTH_CONTENT_DIR if set and not empty, else from the build's content dir.
    static ContentLibrary loadDefault();
    /// The folder load() would read when nothing else is said.
    [[nodiscard]] static std::filesystem::path defaultDir();

    /// In the order of the file.
    [[nodiscard]] const std::vector<RitualTemplate> &rituals() const { return m_rituals; }
    /// nullptr if no template has that id.
    [[nodiscard]] const RitualTemplate *ritual(std::string_view id) const;

private:
    std::vector<RitualTemplate> m_rituals;
};

} // namespace hearth
