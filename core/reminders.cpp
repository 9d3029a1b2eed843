#include "reminders.h"

#include "store.h"

#include <algorithm>

namespace hearth {

ReminderPlanner::ReminderPlanner(RitualBook &book) : m_book(book) {}

ReminderBatch ReminderPlanner::check(Millis nowUtc)
{
    Store &store = m_book.store();
    ReminderBatch batch;
    const auto checked = store.meta("reminders_checked_at");
    const Millis since = checked ? std::max<Millis>(std::stoll(*checked), nowUtc - kLookBack) : nowUtc;

    // Occurrences whose reminder time lies in (since, now], plus those not yet begun whose
    // reminder time came before (a reminder is never later than its occurrence starts).
    const Millis maxLead = Millis{7} * 24 * 3600'000;
    const auto items = m_book.agenda(since - maxLead, nowUtc + maxLead);
    auto shown = store.db().cached(
        "SELECT 1 FROM reminder_log WHERE ritual_id = ?1 AND local_start = ?2");
    std::vector<AgendaItem> due;
    for (const auto &item : items) {
        if (item.status == "done" || item.status == "skipped")
            continue;
        const Millis remindAt = item.startUtc - Millis{item.reminderMinutes} * 60'000;
        if (remindAt > nowUtc || remindAt <= since)
            continue;
        shown->bind(1, item.ritualId).bind(2, item.localStart);
        const bool already = shown->step();
        shown->reset();
        if (!already)
            due.push_back(item);
    }

    for (auto &item : due) {
        const Millis end = item.startUtc + Millis{item.durationMinutes} * 60'000;
        if (end <= nowUtc)
            batch.missed.push_back(std::move(item));
        else
            batch.reminders.push_back(std::move(item));
    }
    if (batch.reminders.size() > kMaxAtOnce) {
        // Too many at once reads as noise: fold them into the summary as well.
        batch.missed.insert(batch.missed.end(), batch.reminders.begin(), batch.reminders.end());
        batch.reminders.clear();
    }

    Transaction tx(store.db());
    auto log = store.db().cached("INSERT OR IGNORE INTO reminder_log (ritual_id, local_start, "
                                  "shown_at) VALUES (?1, ?2, ?3)");
    for (const auto *list : {&batch.reminders, &batch.missed}) {
        for (const auto &item : *list) {
            log->bind(1, item.ritualId).bind(2, item.localStart).bind(3, nowUtc);
            log->run();
            log->reset();
        }
    }
    store.setMeta("reminders_checked_at", std::to_string(nowUtc));
    tx.commit();
    return batch;
}

} // namespace hearth
