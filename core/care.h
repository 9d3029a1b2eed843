#pragma once

// Care (issue 6): a couples therapist linked to one couple's space, the exercises they assign
// between sessions, and what each partner chooses to let them see (docs/decisions.md §22).
//
// One `Care` works on one couple's store: a partner's profile, or the therapist's replica of that
// couple's space (core/practice.h keeps one per couple). Everything the therapist may read is a
// `care` row; the therapist's device holds only the `care` key, and the server refuses it every
// other scope. What lives where:
//
//   care_link        id = the therapist's member id. The partner who invites writes invitedBy/At;
//                    the therapist's device writes its name and confidentiality policy on joining;
//                    a partner who unlinks writes endedBy/At (SyncClient::unlinkTherapist then
//                    removes the therapist on the server and rotates the `care` key).
//   acceptance       "care_link:<therapist>:<member>", `care` scope: the policy text a partner
//                    accepted (core/acceptance.h). The link is active once both partners accepted
//                    the policy as it reads now; until then nothing the therapist assigns shows.
//   care_member      id = a partner's member id, written by that partner's devices only: the name
//                    the therapist sees, and the check-in trends the partner chose to share.
//   exercise         a therapist's own exercise (`care`; `private` in the practice store).
//   assignment       what the therapist assigned: a copy of the exercise (so a version of the app
//                    that does not know the exercise id still shows its title and steps), to the
//                    couple ("") or to one partner, due on a date, repeated every N days M times.
//   assignment_done  "<assignment>#<occurrence>:<member>": one partner's completion of one due date.
//   reflection       a partner's written reflection: one private row with a `shared` flag; while it
//                    is shared, its author's devices keep a `care` copy "<id>:shared" (the §20
//                    pattern). A private reflection never travels under the `care` key.

#include "clock.h"
#include "contentlibrary.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace hearth {

class Store;

/// "no-secrets" or "limited-secrets", with the therapist's own words about it.
struct CarePolicy {
    std::string kind;
    std::string text; ///< 1 to Care::kMaxPolicy characters

    bool operator==(const CarePolicy &) const = default;
};

/// A partner, as the therapist and the other partner see them in the care space.
struct CarePerson {
    std::string memberId;
    std::string name;
    std::string colour;
    bool acceptedPolicy = false; ///< accepted the policy as it reads now
    Millis acceptedAt = 0;
    bool sharesTrends = false;
};

/// The couple's link with their therapist.
struct CareLink {
    std::string therapistId;   ///< the therapist's member id in this space
    std::string therapistName; ///< "" until the therapist's device joined
    CarePolicy policy;         ///< empty until the therapist's device joined
    std::string invitedBy;
    Millis invitedAt = 0;
    Millis joinedAt = 0;
    std::string endedBy;       ///< "" while linked
    Millis endedAt = 0;
    std::vector<CarePerson> partners; ///< the partners with a care card, in member id order
    bool acceptedByMe = false;        ///< on a partner's device
    /// Joined, not ended, and both partners accepted the policy as it reads now.
    bool active = false;
};

/// What the therapist writes when assigning.
struct AssignmentDraft {
    Exercise exercise;     ///< a copy from the library or a custom exercise (its id kept)
    std::string assignee;  ///< "" for the couple, else a partner's member id
    std::string dueOn;     ///< the first due date, "YYYY-MM-DD"
    int everyDays = 0;     ///< 0: once; 7: weekly; 14: fortnightly; 1 to 31
    int times = 1;         ///< how many due dates, 1 to Care::kMaxTimes
    std::string note;      ///< up to Care::kMaxNote characters
};

struct Assignment {
    std::string id;
    Exercise exercise;
    std::string assignee;
    std::string dueOn;
    int everyDays = 0;
    int times = 1;
    std::string note;
    std::string assignedBy;
    Millis assignedAt = 0;
    Millis withdrawnAt = 0; ///< 0 while it stands
    /// The due dates, "YYYY-MM-DD", oldest first: dueOn, dueOn + everyDays, ...
    [[nodiscard]] std::vector<std::string> dueDates() const;
};

/// One partner's reflection on one due date of an assignment, as this device may read it.
struct Reflection {
    std::string id;
    std::string assignmentId;
    int occurrence = 0;
    std::string memberId;
    /// [{"prompt": "...", "text": "..."}], in the order of the exercise's prompts
    nlohmann::json answers = nlohmann::json::array();
    bool shared = false; ///< the therapist (and the other partner) see it
    Millis writtenAt = 0;
};

/// Where one partner stands with one due date of an assignment.
struct DueItem {
    enum class Status { ToDo, Done, Overdue };
    std::string assignmentId;
    int occurrence = 0;      ///< which due date, from 0
    std::string dueOn;       ///< "YYYY-MM-DD"
    std::string memberId;
    Status status = Status::ToDo;
    Millis doneAt = 0;
    std::optional<Reflection> reflection; ///< when there is one this device may read
};

[[nodiscard]] std::string_view toString(DueItem::Status status); ///< "todo", "done", "overdue"

/// Each partner's shared check-in trends, as care_member carries them: the shape of
/// CheckInTrends::Person as JSON ({"mood":[{"weekOf","average","answers"}], "closeness", "stress"}).
struct SharedTrends {
    std::string memberId;
    std::string name;
    nlohmann::json trends = nlohmann::json::object();
};

class Care {
public:
    static constexpr std::size_t kMaxPolicy = 4000;
    static constexpr std::size_t kMaxNote = 1000;
    static constexpr std::size_t kMaxAnswer = 4000;
    static constexpr std::size_t kMaxTitle = 120;
    static constexpr std::size_t kMaxStep = 1000;
    static constexpr int kMaxTimes = 52;

    Care(Store &store, const ContentLibrary &content);

    /// The link with the therapist: the one not ended if any, else the most recently ended;
    /// nullopt when this couple never invited one.
    [[nodiscard]] std::optional<CareLink> link();

    // A partner's side.

    /// Records that this partner invited a therapist who joins as `therapistId`, and writes this
    /// partner's care card (name, colour). Called by SyncClient::inviteTherapist.
    void noteInvite(const std::string &therapistId);
    /// This partner accepts the therapist's policy as it reads now. Throws ValidationError when
    /// there is no joined link, or it ended.
    void acceptPolicy();
    /// Marks the link ended by this partner (the sync client removes the therapist on the server
    /// and rotates the `care` key). Throws ValidationError when there is no link to end.
    void endLink();
    /// Whether this partner's weekly check-in trends (mood, closeness, stress) go to the therapist;
    /// when off, the published trends are blanked at once.
    void setShareTrends(bool share, const std::string &timeZone);
    /// While this partner shares trends: recomputes them from the check-ins this device holds
    /// (CheckIns::trends, this partner's own lines only, weeks in `timeZone`) and writes them to
    /// the care card when they differ. The app calls it after a check-in changes; returns whether
    /// it wrote.
    bool publishTrends(const std::string &timeZone);

    /// The assignments this device shows: none until both partners have accepted the policy
    /// (what was assigned stays when the therapist later rewords it), none that came from an
    /// ended link's therapist after it ended; newest first; withdrawn ones left out.
    [[nodiscard]] std::vector<Assignment> assignments();
    [[nodiscard]] std::optional<Assignment> assignment(const std::string &id);
    /// Every due date of every standing assignment for each partner it is for, with its status on
    /// `today` ("YYYY-MM-DD" in the viewer's zone): overdue once the date is past and not done.
    /// Sorted by due date, then assignment, then member.
    [[nodiscard]] std::vector<DueItem> dueItems(const std::string &today);
    /// This partner marks one due date done (again: nothing changes). Throws ValidationError for
    /// an unknown assignment or occurrence, or one not for this partner.
    void complete(const std::string &assignmentId, int occurrence);
    /// Undoes complete().
    void reopen(const std::string &assignmentId, int occurrence);
    /// Writes (or rewrites) this partner's reflection on one due date; `answers` is
    /// [{"prompt","text"}] with at least one non-empty text, each text at most kMaxAnswer
    /// characters. `shared`: whether the therapist sees it. Returns its id.
    std::string writeReflection(const std::string &assignmentId, int occurrence,
                                const nlohmann::json &answers, bool shared);
    /// Shares or unshares one of my reflections.
    void setReflectionShared(const std::string &reflectionId, bool shared);

    // The therapist's side (on the therapist's replica of the couple's space).

    /// Writes the therapist's name and policy into the link (on joining, and when the policy is
    /// edited: every acceptance of an older text no longer counts).
    void writeTherapist(const std::string &therapistId, const std::string &name, const CarePolicy &policy);
    /// Publishes (or updates) a custom exercise to this couple. Returns its id.
    std::string publishExercise(const Exercise &exercise);
    /// The custom exercises of this space, by title.
    [[nodiscard]] std::vector<Exercise> customExercises();
    /// Assigns. Throws ValidationError naming the field for an unknown assignee, a bad date, an
    /// empty title or steps, a note too long...; a due date in the past is allowed (it shows
    /// overdue at once, and the UI says so before saving). Refused while the link is not active.
    std::string assign(const AssignmentDraft &draft);
    /// Withdraws an assignment (it disappears for the couple; completions and reflections stay).
    void withdraw(const std::string &assignmentId);
    /// The reflections this device may read, newest first (on the therapist's: the shared ones).
    [[nodiscard]] std::vector<Reflection> reflections();
    /// Each partner's shared trends (only of those who share them).
    [[nodiscard]] std::vector<SharedTrends> sharedTrends();

private:
    Store &m_store;
    const ContentLibrary &m_content;
};

/// A partner's devices keep what they owe the care space in step, after every merge (the sync
/// client runs it beside settleSharedCopies): this partner's care card while a link stands (name
/// and colour from the member row) and the care copies of this partner's reflections (shared:
/// the whole reflection; private or removed: blanked and deleted). Writes nothing when all is as
/// it should be, and nothing on a therapist's replica. Returns how many rows it wrote.
std::size_t settleCare(Store &store);

} // namespace hearth
