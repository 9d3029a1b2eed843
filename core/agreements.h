#pragma once

// Agreements (issue 5): what the couple does in a situation that is hard for one of them ("if I
// am running late, I text before six"). One partner proposes; it is an agreement once the other
// agrees to that exact text, the same rule as shared signals (core/signalbook.h): an agreement
// records a fingerprint of what was agreed, and an edit that crosses it (both offline) sends it
// back to "proposed". Each has a review date, with a reminder on the day, and a status.
//
// Concurrent edits merge field by field, last writer wins (docs/decisions.md §21): both partners
// changing the text at once keep the later text, and it waits for the other's agreement again.

#include "clock.h"

#include <optional>
#include <string>
#include <vector>

namespace hearth {

class ContentLibrary;
class Store;

struct AgreementDraft {
    std::string situation; ///< "When I'm running late", 1 to kMaxSituation characters
    std::string action;    ///< "I text you before six", 1 to kMaxAction characters
    std::string reviewOn;  ///< "YYYY-MM-DD", a date after today in my time zone; "" for none
    std::string repairId;  ///< the repair whose plan it came from, or ""
};

struct Agreement {
    std::string id;
    std::string situation;
    std::string action;
    std::string proposedBy; ///< who proposed the current text
    Millis proposedAt = 0;
    std::string agreedBy;   ///< "" until agreed to as it reads now
    Millis agreedAt = 0;
    /// "proposed" (waiting for the one who did not propose it), "active", "revisit" (to talk
    /// about again) or "retired".
    std::string status;
    std::string reviewOn;   ///< "YYYY-MM-DD" or ""
    std::string repairId;
    /// Its review date has come (in my time zone) and it is active or to revisit.
    bool reviewDue = false;
};

/// An agreement whose review date came, told once on this device.
struct AgreementNotice {
    Agreement agreement;
};

class Agreements {
public:
    static constexpr std::size_t kMaxSituation = 200;
    static constexpr std::size_t kMaxAction = 300;
    static constexpr std::size_t kMaxAgreements = 100; ///< not retired

    Agreements(Store &store, const ContentLibrary &content);

    /// Proposes an agreement; returns its id. Throws ValidationError ("situation", "action",
    /// "reviewOn", "repairId").
    std::string propose(const AgreementDraft &draft);
    /// A draft filled from the plan of a repaired repair (a commitment id of Repairs::commitments),
    /// for the couple to turn into an agreement. Throws ValidationError ("commitment").
    [[nodiscard]] AgreementDraft fromCommitment(const std::string &commitmentId);
    /// The partner who did not propose it agrees to it as it reads now.
    void agree(const std::string &agreementId);
    /// Changes the text (and review date); I become the proposer and my partner is asked again.
    void suggestChange(const std::string &agreementId, const AgreementDraft &draft);
    /// "active" (only once agreed), "revisit" or "retired". Throws ValidationError ("status").
    void setStatus(const std::string &agreementId, const std::string &status);
    /// Sets the next review date ("" for none), as after a review that kept it.
    void setReviewDate(const std::string &agreementId, const std::string &reviewOn);
    /// Proposed first, then active and to revisit (review due first, then by review date), then
    /// retired.
    [[nodiscard]] std::vector<Agreement> list();
    [[nodiscard]] std::optional<Agreement> agreement(const std::string &agreementId);
    /// Review reminders due now, each given once per agreement and review date on this device.
    std::vector<AgreementNotice> takeReviewNotices();

private:
    [[nodiscard]] std::string me();
    [[nodiscard]] std::string today();

    Store &m_store;
    const ContentLibrary &m_content;
};

} // namespace hearth
