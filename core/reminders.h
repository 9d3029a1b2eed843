#pragma once

#include "ritualbook.h"

#include <vector>

namespace hearth {

/// What the reminder check found: reminders to show one by one, and what was missed while the
/// app was closed, to be shown as one summary.
struct ReminderBatch {
    std::vector<AgendaItem> reminders; ///< occurrences starting soon or under way, each once
    std::vector<AgendaItem> missed;    ///< reminders that fell due while the app was closed and
                                       ///< whose occurrence is over: one summary, not a burst
    /// More reminders at once than kMaxAtOnce: show them as one summary too.
    bool folded = false;
    [[nodiscard]] bool empty() const { return reminders.empty() && missed.empty(); }
};

/// Decides which reminders this device shows. A reminder falls due `reminderMinutes` before its
/// occurrence; it is shown at most once per occurrence (remembered in this device's
/// reminder_log), never for an occurrence that is done or skipped, and after a long absence
/// the backlog becomes one summary instead of a burst of stale alerts.
class ReminderPlanner {
public:
    explicit ReminderPlanner(RitualBook &book);

    /// Reminders due at `nowUtc`; marks them as shown.
    ReminderBatch check(Millis nowUtc);

    /// How many individual reminders at once are shown before they are folded into a summary.
    static constexpr std::size_t kMaxAtOnce = 3;
    /// How far back the summary of missed reminders reaches after a long absence. The very
    /// first check of a profile has no absence behind it and summarises nothing.
    static constexpr Millis kLookBack = 7LL * 24 * 3600'000;

private:
    RitualBook &m_book;
};

} // namespace hearth
