#pragma once

#include "domain.h"

#include <optional>
#include <string>
#include <vector>

namespace hearth {

class Store;
struct RitualTemplate;

/// What a person fills in at first run.
struct ProfileDraft {
    std::string myName;
    std::string myTimeZone;
    std::string partnerName;
    std::string partnerTimeZone;
};

/// This device's view of the couple: the space, who I am, and my partner.
struct Profile {
    Space space;
    Member me;
    Member partner;
};

/// What a ritual editor fills in (also the part of a ritual a person can change).
struct RitualDraft {
    std::string kind = "custom";
    std::string title;
    std::string purpose;
    std::vector<std::string> steps;
    Schedule schedule;
    int reminderMinutes = 10;
    std::string templateId;
    int templateVersion = 0;
};

/// One occurrence placed in time: what Today, history and reminders show.
struct AgendaItem {
    std::string ritualId;
    std::string title;
    std::string kind;
    std::string localStart; ///< the occurrence's key: its original local start
    Millis startUtc = 0;    ///< where it happens now (moved occurrences at their new time)
    int durationMinutes = 0;
    int reminderMinutes = 0;
    std::string timeZone;
    std::string status; ///< "due", "done", "skipped" or "missed" (past and neither)
    bool moved = false;
    std::optional<Occurrence> record;
};

/// Consistency of one ritual over recent periods (weeks, or months for monthly rituals).
struct Consistency {
    struct Period {
        std::string label; ///< first day of the period, "YYYY-MM-DD"
        int scheduled = 0;
        int done = 0;
        [[nodiscard]] bool kept() const { return scheduled > 0 && done * 2 >= scheduled; }
    };
    std::string unit = "week";
    std::vector<Period> periods; ///< oldest first; periods with nothing scheduled are left out
    [[nodiscard]] int kept() const;
};

/// Limits that the editor, the store's callers and the tests share.
namespace limits {
inline constexpr std::size_t kTitle = 120;
inline constexpr std::size_t kPurpose = 600;
inline constexpr std::size_t kStep = 300;
inline constexpr std::size_t kSteps = 12;
inline constexpr std::size_t kNote = 2000;
inline constexpr std::size_t kName = 60;
inline constexpr int kReminderMax = 7 * 24 * 60;
} // namespace limits

/// The couple's rituals: profile, rituals, occurrences, consistency. Every write goes through
/// Store::apply; reads query the tables directly.
class RitualBook {
public:
    explicit RitualBook(Store &store);

    [[nodiscard]] bool hasProfile();
    Profile createProfile(const ProfileDraft &draft);
    /// Moves this profile into the space it joined through an invite (`memberId` is the member
    /// the inviter made for the invitee, or the inviter's own for a second device of theirs):
    /// this device's rituals and history move along, its provisional space and members are
    /// removed, and, unless it is the same person's second device, the joined member row takes
    /// this profile's name, time zone and colour. One batch: all of it or nothing.
    void adoptSpace(const std::string &spaceId, const std::string &memberId, bool samePerson);
    [[nodiscard]] Profile profile();
    void updateMember(const std::string &memberId, const std::string &name,
                      const std::string &timeZone);
    /// Throws ValidationError("name" or "timeZone") for what updateMember would refuse.
    static void validateMember(const std::string &name, const std::string &timeZone);

    Ritual createRitual(const RitualDraft &draft);
    void updateRitual(const std::string &id, const RitualDraft &draft);
    void setStatus(const std::string &id, RitualStatus status);
    /// Active and paused rituals (and archived ones when asked), by title.
    [[nodiscard]] std::vector<Ritual> rituals(bool includeArchived = false);
    [[nodiscard]] std::optional<Ritual> ritual(const std::string &id);
    /// A draft from a template, first occurrence on `startDate` ("YYYY-MM-DD") in `timeZone`.
    [[nodiscard]] static RitualDraft draftFromTemplate(const RitualTemplate &t,
                                                       const std::string &startDate,
                                                       const std::string &timeZone);
    /// Throws ValidationError naming the first field that breaks a rule.
    static void validate(const RitualDraft &draft);

    /// Occurrences of active rituals starting in [fromUtc, toUtc), in time order.
    [[nodiscard]] std::vector<AgendaItem> agenda(Millis fromUtc, Millis toUtc);
    /// One ritual's occurrences in [fromUtc, toUtc), newest first.
    [[nodiscard]] std::vector<AgendaItem> history(const std::string &ritualId, Millis fromUtc,
                                                  Millis toUtc);
    [[nodiscard]] Consistency consistency(const std::string &ritualId, Millis nowUtc,
                                          int periods = 10);

    void markDone(const std::string &ritualId, const std::string &localStart,
                  const std::string &note, int rating);
    void skip(const std::string &ritualId, const std::string &localStart,
              const std::string &reason);
    void move(const std::string &ritualId, const std::string &localStart,
              const std::string &newLocalStart);
    /// Back to "due": clears done, skipped and moved.
    void reopen(const std::string &ritualId, const std::string &localStart);

    [[nodiscard]] Store &store() noexcept { return m_store; }

private:
    Ritual requireRitual(const std::string &id);
    void requireOccurrence(const Ritual &r, const std::string &localStart);
    std::vector<AgendaItem> place(const Ritual &r, Millis fromUtc, Millis toUtc);

    Store &m_store;
};

/// Start of the local day containing `utc` in `timeZone`, as UTC.
[[nodiscard]] Millis startOfLocalDay(Millis utc, const std::string &timeZone);

} // namespace hearth
