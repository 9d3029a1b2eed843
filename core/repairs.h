#pragma once

// Repairs (issue 4): after a conflict, a couple goes through a guide from content/repairs.json
// (the aftermath of a fight), each partner writing each step on their own device; a step is
// revealed to the other once both have written it (core/fairreveal.h). Either can call a
// flooding break of at least 20 minutes. The plans agreed at the end are kept as commitments.
//
// Status moves open -> cooling off -> talking -> repaired; a break moves it to cooling off
// again, and "repaired" is final. The time from the conflict to repaired is kept.

#include "clock.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hearth {

class ContentLibrary;
class Store;
struct RepairGuide;

/// What a partner tells about a conflict when starting a repair.
struct RepairDraft {
    std::string title;              ///< 1 to 120 characters
    Millis happenedAt = 0;          ///< when it happened; not in the future
    int intensity = 3;              ///< how intense it felt, 1 to 5
    std::vector<std::string> topics; ///< topic ids of content/repairs.json
    std::string guideId = "aftermath";
};

/// One step of a repair as this device may see it.
struct RepairStepView {
    std::string stepId;
    nlohmann::json myDraft;        ///< null when nothing is drafted
    bool mineSubmitted = false;
    nlohmann::json mine;           ///< what I submitted, null before
    bool partnerSubmitted = false; ///< known to both, without its content
    bool revealed = false;         ///< both submitted and the partner's opened
    nlohmann::json partner;        ///< null until revealed
};

struct RepairBreak {
    std::string id;
    std::string calledBy;
    Millis calledAt = 0;
    int minutes = 0;
    Millis returnAt = 0;
    Millis endedAt = 0; ///< 0 while it lasts
    std::string repairId; ///< "" for a break called from anywhere
};

struct RepairView {
    std::string id;
    std::string title;
    Millis happenedAt = 0;
    int intensity = 0;
    std::vector<std::string> topics;
    std::string status; ///< "open", "cooling", "talking" or "repaired"
    std::string guideId;
    std::string startedBy;
    Millis startedAt = 0;
    Millis repairedAt = 0;
    std::vector<RepairStepView> steps; ///< in the guide's order
    std::vector<RepairBreak> breaks;   ///< newest first
    /// From conflict to repaired, once repaired; 0 before.
    [[nodiscard]] Millis timeToRepair() const { return repairedAt > 0 ? repairedAt - happenedAt : 0; }
};

/// Something about a flooding break this device tells its person once: the partner called a
/// break (while it lasts), or a break's agreed return time came.
struct BreakNotice {
    enum class Kind { Called, Return };
    Kind kind = Kind::Called;
    RepairBreak pause;
    std::string repairTitle; ///< "" for a break called from anywhere
    bool mine = false;       ///< I called it
};

/// A plan from the end of a repair, kept for the couple to review.
struct Commitment {
    std::string id;
    std::string repairId;
    std::string memberId;
    std::string text;
    Millis createdAt = 0;
    std::string status; ///< "active", "kept" or "retired"
};

/// The repair log's summary: repairs per month and the median time to repair.
struct RepairSummary {
    std::vector<std::pair<std::string, int>> perMonth; ///< "YYYY-MM", oldest first
    Millis medianTimeToRepair = 0;                     ///< over repaired ones; 0 when none
};

class Repairs {
public:
    static constexpr std::size_t kMaxTitle = 120;

    Repairs(Store &store, const ContentLibrary &content);

    /// Starts a repair; returns its id. Throws ValidationError naming the field.
    std::string start(const RepairDraft &draft);
    /// "open" -> "cooling" / "talking" -> "repaired", "cooling" <-> "talking"; "repaired" is
    /// final and keeps the time; its plans then count as commitments (commitments()).
    void setStatus(const std::string &repairId, const std::string &status);

    /// Keeps my answer to a step privately (checked against the step). Throws ValidationError.
    void saveStep(const std::string &repairId, const std::string &stepId, const nlohmann::json &answer);
    /// Submits my drafted step, sealed; editable until the partner's is there too.
    void submitStep(const std::string &repairId, const std::string &stepId);

    /// Calls a flooding break, from a repair or from anywhere (`repairId` empty): at least the
    /// guide's minimum (20 minutes). A repair in progress goes to cooling off. Returns its id.
    std::string callBreak(const std::string &repairId, int minutes);
    /// Ends a break early or on time.
    void endBreak(const std::string &breakId);
    /// The break in progress (not ended, return time not passed), if any.
    [[nodiscard]] std::optional<RepairBreak> currentBreak();
    /// The break notices due now, each given once on this device (remembered in its meta):
    /// a break the partner called that still lasts, and the return time of a break that was
    /// not ended before it, for an hour after it (a device that was off longer stays quiet).
    std::vector<BreakNotice> takeBreakNotices();
    /// How long after its return time a break's reminder is still worth giving.
    static constexpr Millis kReturnNoticeWindow = 60 * 60'000;

    [[nodiscard]] std::optional<RepairView> view(const std::string &repairId);
    /// The repair log, newest conflict first, filtered by topic and status when given.
    [[nodiscard]] std::vector<RepairView> log(const std::string &topic = {},
                                              const std::string &status = {});
    /// Months are counted in `timeZone` (a conflict at 00:30 on 1 April in Berlin is April's);
    /// "" counts them in UTC.
    [[nodiscard]] RepairSummary summary(const std::string &timeZone = {});
    /// The plans of every repaired repair: mine, and my partner's once revealed (a plan only one
    /// of us wrote stays with its author), newest repair first. A commitment's status is "active"
    /// until a `commitment` row ("<repair id>:<member id>") says otherwise.
    [[nodiscard]] std::vector<Commitment> commitments();
    /// Marks a commitment I can see "active", "kept" or "retired". Throws ValidationError.
    void setCommitmentStatus(const std::string &commitmentId, const std::string &status);

private:
    [[nodiscard]] const RepairGuide &guideOf(const nlohmann::json &repair) const;
    [[nodiscard]] nlohmann::json repair(const std::string &repairId);
    [[nodiscard]] std::string me();

    Store &m_store;
    const ContentLibrary &m_content;
};

} // namespace hearth
