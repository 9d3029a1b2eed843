// Rituals as a couple uses them: profile, create and edit with validation, Today's agenda across
// time zones and DST, done/skip/move, history, consistency, and reminders.
#include "contentlibrary.h"
#include "errors.h"
#include "reminders.h"
#include "ritualbook.h"
#include "store.h"

#include <QTest>

using namespace hearth;

namespace {

constexpr Millis kHour = 3600'000;
constexpr Millis kDay = 24 * kHour;

RitualDraft walk()
{
    RitualDraft d;
    d.kind = "conversation";
    d.title = "Evening walk";
    d.purpose = "Time to hear each other without screens.";
    d.steps = {"Leave phones at home", "Each share the best and hardest moment of the day"};
    d.schedule = Schedule{"FREQ=DAILY", "2026-03-20T08:00", "Europe/Berlin", 30};
    d.reminderMinutes = 15;
    return d;
}

} // namespace

class TestRitualBook : public QObject {
    Q_OBJECT

private:
    // 2026-03-27 10:00 UTC, a Friday, two days before Berlin's spring DST change.
    ManualClock m_clock{localToUtc("2026-03-27T10:00", "UTC")};
    SeededRandom m_random{11};
    std::unique_ptr<Store> m_store;
    std::unique_ptr<RitualBook> m_book;

    void expectError(const RitualDraft &d, const char *field)
    {
        try {
            m_book->createRitual(d);
            QFAIL(qPrintable(QStringLiteral("expected a ValidationError for %1").arg(field)));
        } catch (const ValidationError &e) {
            QCOMPARE(e.field(), std::string(field));
            QVERIFY(std::string(e.what()).size() > 10);
        }
    }

private slots:
    void init()
    {
        m_clock.set(localToUtc("2026-03-27T10:00", "UTC"));
        m_store = std::make_unique<Store>(":memory:", m_clock, m_random);
        m_book = std::make_unique<RitualBook>(*m_store);
        m_book->createProfile({"Maya", "Europe/Berlin", "Jonas", "America/Toronto"});
    }

    void profileHasTwoPartnersInTheirZones()
    {
        const Profile p = m_book->profile();
        QCOMPARE(p.me.name, std::string("Maya"));
        QCOMPARE(p.partner.timeZone, std::string("America/Toronto"));
        QCOMPARE(p.me.spaceId, p.space.id);
        QVERIFY_THROWS_EXCEPTION(ValidationError, m_book->createProfile({"A", "UTC", "B", "UTC"}));
    }

    void profileValidation()
    {
        Store store(":memory:", m_clock, m_random);
        RitualBook book(store);
        QVERIFY_THROWS_EXCEPTION(ValidationError, book.createProfile({" ", "UTC", "B", "UTC"}));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 book.createProfile({"A", "Mars/Olympus", "B", "UTC"}));
        QVERIFY(!book.hasProfile());
        QVERIFY(store.changeLog().empty());
    }

    void badInputGetsAClearMessageAtTheFieldAndSavesNothing()
    {
        const auto before = m_store->changeLog().size();
        RitualDraft d = walk();
        d.title = "   ";
        expectError(d, "title");
        d.title = std::string(500, 'x');
        expectError(d, "title");
        d = walk();
        d.schedule.rrule = "FREQ=SOMETIMES";
        expectError(d, "rrule");
        d = walk();
        d.schedule.timeZone = "Europe/Atlantis";
        expectError(d, "timeZone");
        d = walk();
        d.reminderMinutes = -5;
        expectError(d, "reminderMinutes");
        d.reminderMinutes = 7 * 24 * 60 + 1;
        expectError(d, "reminderMinutes");
        d = walk();
        d.steps.push_back("");
        expectError(d, "steps");
        QCOMPARE(m_store->changeLog().size(), before);
        QVERIFY(m_book->rituals().empty());

        const Ritual r = m_book->createRitual(walk());
        try {
            m_book->markDone(r.id, "2026-03-27T08:00", std::string(20'000, 'n'), 4);
            QFAIL("expected a ValidationError");
        } catch (const ValidationError &e) {
            QCOMPARE(e.field(), std::string("note"));
        }
        QVERIFY_THROWS_EXCEPTION(ValidationError, m_book->markDone(r.id, "2026-03-27T08:00", "", 9));
        QVERIFY_THROWS_EXCEPTION(ValidationError,
                                 m_book->markDone(r.id, "2026-03-27T09:13", "not an occurrence", 3));
        // Nothing of the refused attempts was written: this morning's walk is still missed.
        const auto logged = m_store->changeLog().size();
        const auto today = m_book->history(r.id, localToUtc("2026-03-27T00:00", "Europe/Berlin"),
                                           m_clock.nowMs());
        QCOMPARE(today.size(), std::size_t(1));
        QCOMPARE(today[0].localStart, std::string("2026-03-27T08:00"));
        QCOMPARE(today[0].status, std::string("missed"));
        QVERIFY(!today[0].record.has_value());
        QCOMPARE(m_store->changeLog().size(), logged);
    }

    void editsOnlyTouchChangedFields()
    {
        const Ritual r = m_book->createRitual(walk());
        RitualDraft d = walk();
        d.title = "Long evening walk";
        const auto before = m_store->changeLog().size();
        m_book->updateRitual(r.id, d);
        const auto log = m_store->changeLog();
        QCOMPARE(log.size(), before + 1);
        QCOMPARE(log.back().second.fields.size(), std::size_t(1));
        QCOMPARE(m_book->ritual(r.id)->title, std::string("Long evening walk"));
    }

    void agendaKeepsLocalTimeAcrossDst()
    {
        const Ritual r = m_book->createRitual(walk());
        const Millis from = startOfLocalDay(m_clock.nowMs(), "Europe/Berlin");
        const auto items = m_book->agenda(from, from + 4 * kDay);
        QCOMPARE(items.size(), std::size_t(4));
        for (const auto &item : items)
            QCOMPARE(utcToLocal(item.startUtc, "Europe/Berlin").substr(11), std::string("08:00"));
        // Saturday 08:00 CET is 07:00 UTC; Sunday 08:00 CEST is 06:00 UTC.
        QCOMPARE(items[2].startUtc - items[1].startUtc, 23 * kHour);
        QCOMPARE(utcToLocal(items[0].startUtc, "America/Toronto").substr(11), std::string("03:00"));
        QCOMPARE(items[0].ritualId, r.id);
    }

    void doneSkipMoveAndReopen()
    {
        const Ritual r = m_book->createRitual(walk());
        m_book->markDone(r.id, "2026-03-27T08:00", "Lovely, the magnolias are out", 5);
        m_book->skip(r.id, "2026-03-28T08:00", "Visiting my parents");
        m_book->move(r.id, "2026-03-29T08:00", "2026-03-29T18:30");
        const Millis from = startOfLocalDay(m_clock.nowMs(), "Europe/Berlin");
        const auto items = m_book->agenda(from, from + 3 * kDay);
        QCOMPARE(items.size(), std::size_t(3));
        QCOMPARE(items[0].status, std::string("done"));
        QCOMPARE(items[0].record->rating, 5);
        QCOMPARE(items[1].status, std::string("skipped"));
        QCOMPARE(items[1].record->reason, std::string("Visiting my parents"));
        QVERIFY(items[2].moved);
        QCOMPARE(utcToLocal(items[2].startUtc, "Europe/Berlin"), std::string("2026-03-29T18:30"));

        // Moved out of the window: gone from it; moved into another day: shows there.
        m_book->move(r.id, "2026-03-30T08:00", "2026-04-10T08:00");
        const auto later = m_book->agenda(localToUtc("2026-04-10T00:00", "Europe/Berlin"),
                                          localToUtc("2026-04-11T00:00", "Europe/Berlin"));
        QCOMPARE(later.size(), std::size_t(2));
        m_book->reopen(r.id, "2026-03-28T08:00");
        QCOMPARE(m_book->agenda(from, from + 3 * kDay)[1].status, std::string("due"));
        m_clock.set(localToUtc("2026-03-28T09:00", "Europe/Berlin"));
        QCOMPARE(m_book->agenda(from, from + 3 * kDay)[1].status, std::string("missed"));
    }

    void pausedAndArchivedRitualsLeaveToday()
    {
        const Ritual r = m_book->createRitual(walk());
        const Millis from = startOfLocalDay(m_clock.nowMs(), "Europe/Berlin");
        m_book->setStatus(r.id, RitualStatus::Paused);
        QVERIFY(m_book->agenda(from, from + 7 * kDay).empty());
        QCOMPARE(m_book->rituals().size(), std::size_t(1));
        m_book->setStatus(r.id, RitualStatus::Archived);
        QVERIFY(m_book->rituals().empty());
        QCOMPARE(m_book->rituals(true).size(), std::size_t(1));
        m_book->setStatus(r.id, RitualStatus::Active);
        QCOMPARE(m_book->agenda(from, from + 7 * kDay).size(), std::size_t(7));
    }

    void consistencyCountsKeptWeeks()
    {
        RitualDraft d = walk();
        d.schedule = Schedule{"FREQ=WEEKLY;BYDAY=SU", "2026-01-04T19:00", "Europe/Berlin", 60};
        const Ritual r = m_book->createRitual(d);
        // The last 10 weeks reach back to Monday 19 January; done 8 of the 9 Sundays passed
        // (the one before the window does not count).
        const char *done[] = {"2026-01-18T19:00", "2026-03-08T19:00", "2026-01-25T19:00", "2026-02-01T19:00",
                              "2026-02-08T19:00", "2026-02-22T19:00", "2026-03-01T19:00",
                              "2026-03-15T19:00", "2026-03-22T19:00"};
        for (const char *s : done)
            m_book->markDone(r.id, s, "", 4);
        const Consistency c = m_book->consistency(r.id, m_clock.nowMs(), 10);
        QCOMPARE(c.unit, std::string("week"));
        // The current week (from Monday 23 March) has its Sunday still ahead: left out.
        QCOMPARE(int(c.periods.size()), 9);
        QCOMPARE(c.kept(), 8);
        QCOMPARE(c.periods.back().label, std::string("2026-03-16"));
    }

    void historyIsNewestFirstAndMarksMissed()
    {
        const Ritual r = m_book->createRitual(walk());
        m_book->markDone(r.id, "2026-03-25T08:00", "", 3);
        const auto h = m_book->history(r.id, localToUtc("2026-03-20T00:00", "Europe/Berlin"),
                                       m_clock.nowMs());
        QCOMPARE(h.front().localStart, std::string("2026-03-27T08:00"));
        QCOMPARE(h.front().status, std::string("missed"));
        QCOMPARE(h[2].status, std::string("done"));
        QCOMPARE(h.back().localStart, std::string("2026-03-20T08:00"));
    }

    void remindersComeOnceAndNotForDoneOnes()
    {
        RitualDraft d = walk();
        d.schedule = Schedule{"FREQ=DAILY", "2026-03-20T18:00", "Europe/Berlin", 30};
        d.reminderMinutes = 30;
        const Ritual r = m_book->createRitual(d);
        ReminderPlanner planner(*m_book);
        QVERIFY(planner.check(m_clock.nowMs()).empty()); // first check: no backlog

        m_clock.set(localToUtc("2026-03-27T17:35", "Europe/Berlin"));
        auto batch = planner.check(m_clock.nowMs());
        QCOMPARE(batch.reminders.size(), std::size_t(1));
        QCOMPARE(batch.reminders[0].localStart, std::string("2026-03-27T18:00"));
        m_clock.advance(60'000);
        QVERIFY(planner.check(m_clock.nowMs()).empty()); // never twice

        m_book->markDone(r.id, "2026-03-28T18:00", "early", 4);
        m_clock.set(localToUtc("2026-03-28T17:45", "Europe/Berlin"));
        QVERIFY(planner.check(m_clock.nowMs()).empty()); // never for one done
    }

    void afterDaysAwayOneSummary()
    {
        RitualDraft d = walk();
        d.schedule = Schedule{"FREQ=DAILY", "2026-03-20T18:00", "Europe/Berlin", 30};
        m_book->createRitual(d);
        ReminderPlanner planner(*m_book);
        (void)planner.check(m_clock.nowMs());
        m_clock.advance(4 * kDay);
        const auto batch = planner.check(m_clock.nowMs());
        QVERIFY(batch.reminders.empty());
        QCOMPARE(batch.missed.size(), std::size_t(4));
        QVERIFY(planner.check(m_clock.nowMs() + 1000).empty());
    }

    void aRitualMadeAfterItsReminderMomentStillReminds()
    {
        ReminderPlanner planner(*m_book);
        (void)planner.check(m_clock.nowMs());
        m_clock.set(localToUtc("2026-03-27T17:55", "Europe/Berlin"));
        (void)planner.check(m_clock.nowMs());
        RitualDraft d = walk();
        d.schedule = Schedule{"FREQ=DAILY", "2026-03-27T18:00", "Europe/Berlin", 30};
        d.reminderMinutes = 30; // its reminder moment, 17:30, is already past
        m_book->createRitual(d);
        m_clock.advance(30'000);
        const auto batch = planner.check(m_clock.nowMs());
        QCOMPARE(batch.reminders.size(), std::size_t(1));
        QVERIFY(batch.missed.empty());
    }

    void manyRemindersAtOnceAreFolded()
    {
        ReminderPlanner planner(*m_book);
        (void)planner.check(m_clock.nowMs());
        for (const char *title : {"Tea", "Walk", "Call", "Hug"}) {
            RitualDraft d = walk();
            d.title = title;
            d.schedule = Schedule{"FREQ=DAILY", "2026-03-20T18:00", "Europe/Berlin", 10};
            m_book->createRitual(d);
        }
        m_clock.set(localToUtc("2026-03-27T17:50", "Europe/Berlin"));
        const auto batch = planner.check(m_clock.nowMs());
        QCOMPARE(batch.reminders.size(), std::size_t(4));
        QVERIFY(batch.folded);
    }

    void historySurvivesAScheduleEdit()
    {
        const Ritual r = m_book->createRitual(walk());
        m_book->markDone(r.id, "2026-03-25T08:00", "before the change", 4);
        RitualDraft d = walk();
        d.schedule.startLocal = "2026-03-20T07:30";
        m_book->updateRitual(r.id, d);
        const auto h = m_book->history(r.id, localToUtc("2026-03-25T00:00", "Europe/Berlin"),
                                       localToUtc("2026-03-26T00:00", "Europe/Berlin"));
        QCOMPARE(h.size(), std::size_t(2)); // the new 07:30 (missed) and the old 08:00 (done)
        QCOMPARE(h[0].localStart, std::string("2026-03-25T08:00"));
        QCOMPARE(h[0].status, std::string("done"));
        QCOMPARE(h[1].status, std::string("missed"));
    }

    void draftFromTemplateUsesItsSchedule()
    {
        const ContentLibrary content = ContentLibrary::loadDefault();
        QVERIFY(!content.rituals().empty());
        const RitualTemplate &t = content.rituals().front();
        const RitualDraft d = RitualBook::draftFromTemplate(t, "2026-03-27", "Europe/Berlin");
        QCOMPARE(d.schedule.startLocal, "2026-03-27T" + t.time);
        QCOMPARE(d.templateId, t.id);
        const Ritual r = m_book->createRitual(d);
        QCOMPARE(r.templateVersion, t.version);
        QCOMPARE(r.steps, t.steps);
    }
};

QTEST_GUILESS_MAIN(TestRitualBook)
#include "tst_ritualbook.moc"
