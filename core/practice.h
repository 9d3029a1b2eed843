#pragma once

// The therapist's practice (issue 6): a therapist's Hearth holds many couples, one space each.
//
// On disk, under the profile's data directory:
//   profile.db                     the practice store: who the therapist is (meta "practice",
//                                  JSON: name, timeZone, policy), and their custom exercises as
//                                  `exercise` rows in the `private` scope. Never paired, never synced.
//   couples/<space id>/profile.db  one store per linked couple: the therapist's replica of that
//                                  couple's space, paired as the therapist (it holds only the
//                                  `care` key), synced by its own SyncClient.
// A link in progress lives in couples/pending-<random>/ until the join tells the space id
// (sync/client/carelink.h). A couple whose link ended stays, read-only, until the therapist
// archives it (moves it to archived/<space id>/).

#include "care.h"
#include "clock.h"
#include "contentlibrary.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hearth {

class Store;

struct PracticeProfile {
    std::string name;     ///< how couples see the therapist ("Dr. Ana Ruiz"), 1 to 80 characters
    std::string timeZone; ///< IANA
    CarePolicy policy;    ///< written once, shown to every couple at linking

    bool operator==(const PracticeProfile &) const = default;
};

/// One couple, as the dashboard lists it.
struct PracticeCouple {
    std::string spaceId;
    std::string name;   ///< "Maya & Jonas" from the partners' care cards, "New couple" before any
    std::optional<CareLink> link;
    bool ended = false; ///< the couple unlinked (or the server refused this device): read-only
    Millis lastSyncMs = 0;
};

/// What the dashboard shows across couples on a day.
struct PracticeDashboard {
    struct Entry {
        std::string spaceId;
        std::string coupleName;
        DueItem item;
        std::string partnerName;
        std::string title; ///< the exercise's
    };
    std::vector<Entry> overdue;          ///< oldest first
    std::vector<Entry> dueSoon;          ///< due today or in the next 7 days, soonest first
    std::vector<Entry> recentlyDone;     ///< done in the last 14 days, newest first
    struct NewReflection {
        std::string spaceId;
        std::string coupleName;
        std::string partnerName;
        std::string title;
        Reflection reflection;
    };
    std::vector<NewReflection> newReflections; ///< shared since the therapist last opened the couple
};

class Practice {
public:
    /// `dir` is the profile's data directory. Opens (creating) dir/profile.db.
    Practice(std::filesystem::path dir, const Clock &clock, RandomSource &random,
             const ContentLibrary &content);
    ~Practice();

    /// Whether dir/profile.db is a practice (the therapist chose "I'm a therapist").
    [[nodiscard]] static bool isPractice(Store &store);

    [[nodiscard]] bool exists();
    /// Makes this profile a practice. Throws ValidationError naming the field (name, timeZone,
    /// policy kind or text) and writes nothing then; refused on a partner's profile.
    void create(const PracticeProfile &profile);
    [[nodiscard]] PracticeProfile profile();
    /// Changes the name or policy, and writes it into every linked couple (where it must be
    /// accepted again when its text changed).
    void update(const PracticeProfile &profile);

    /// Custom exercises: kept in the practice store and published to every linked couple (and to
    /// each couple linked later). Returns the id. Throws ValidationError naming the field.
    std::string saveExercise(const Exercise &exercise);
    void removeExercise(const std::string &id);
    [[nodiscard]] std::vector<Exercise> customExercises();

    /// Linked couples (and those whose link ended, until archived), by name.
    [[nodiscard]] std::vector<PracticeCouple> couples();
    /// The store of one couple, opened once and kept. Throws ValidationError for an unknown id.
    Store &couple(const std::string &spaceId);
    [[nodiscard]] std::filesystem::path couplePath(const std::string &spaceId) const;
    /// A fresh folder for a link in progress, and its store (the sync client joins into it).
    [[nodiscard]] std::filesystem::path newPendingFolder();
    /// After the join into `pendingFolder` succeeded: moves it to couples/<space id>, writes the
    /// therapist's name and policy into the link, and publishes every custom exercise to it.
    /// Returns the space id.
    std::string adoptPending(const std::filesystem::path &pendingFolder);
    /// Moves an ended couple to archived/ (its data stays on disk, out of the dashboard).
    void archive(const std::string &spaceId);

    [[nodiscard]] PracticeDashboard dashboard(const std::string &today);
    /// The therapist opened the couple: its shared reflections are no longer new.
    void markSeen(const std::string &spaceId);

    /// A readable per-couple summary for the therapist's records: the assignments, each partner's
    /// status per due date, and the shared reflections; a complete HTML document.
    [[nodiscard]] std::string exportHtml(const std::string &spaceId, const std::string &today);

    [[nodiscard]] Store &store();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace hearth
