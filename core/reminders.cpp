#include "reminders.h"

#include "store.h"

#include <algorithm>
#include <charconv>

namespace hearth {

ReminderPlanner::ReminderPlanner(RitualBook &book) : m_book(book) {}

ReminderBatch ReminderPlanner::check(Millis nowUtc)
{
    Store &store = m_book.store();
    ReminderBatch batch;
    Millis since = nowUtc;
    if (const auto checked = store.meta("reminders_checked_at")) {
        Millis last = 0;
        if (std::from_chars(checked->data(), checked->data() + checked->size(), last).ec
            == std::errc{})
            since = std::clamp(last, nowUtc - kLookBack, nowUtc);
    }

    const Millis maxLead = Millis{limits::kReminderMax} * 60'000;
    const auto items = m_book.agenda(since - maxLead, nowUtc + maxLead);
    auto shown = store.db().cached(
        "SELECT 1 FROM reminder_log WHERE ritual_id = ?1 AND local_start = ?2");
    for (const auto &item : items) {
        if (item.status == "done" || item.status == "skipped")
            continue;
        const Millis remindAt = item.startUtc - Millis{item.reminderMinutes} * 60'000;
        const Millis end = item.startUtc + Millis{item.durationMinutes} * 60'000;
        if (remindAt > nowUtc)
            continue;
        // Still ahead or under way: remind, however late its reminder moment was noticed (a
        // ritual made or moved after it, say). Over already: only what fell due since the last
        // check goes into the summary.
        const bool current = end > nowUtc;
        if (!current && remindAt <= since)
            continue;
        shown->bind(1, item.ritualId).bind(2, item.localStart);
        const bool already = shown->step();
        shown->reset();
        if (already)
            continue;
        (current ? batch.reminders : batch.missed).push_back(item);
    }
    batch.folded = batch.reminders.size() > kMaxAtOnce;

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
