#include "demo.h"

#include "contentlibrary.h"
#include "errors.h"
#include "ritualbook.h"
#include "schedule.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace hearth {

namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kHour = 60 * kMinute;
constexpr Millis kDay = 24 * kHour;

/// The seeded choices of a fill. Plain modulo instead of std::uniform_int_distribution, whose
/// output differs between standard libraries: the same seed gives the same demo everywhere.
class Dice {
public:
    explicit Dice(std::uint64_t seed) : m_engine(seed) {}
    int below(int n) { return static_cast<int>(m_engine() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <typename T> const T &pick(const std::vector<T> &from)
    {
        return from[static_cast<std::size_t>(below(static_cast<int>(from.size())))];
    }

private:
    std::mt19937_64 m_engine;
};

/// One ritual of a fill: a template, optionally at another time of day.
struct Plan {
    std::string templateId;
    std::string time; ///< "HH:MM", empty for the template's own
};

/// One write of the history, done at `at` with the clock set there.
struct Event {
    enum class Act { Done, Skip, Move, Pause };
    Millis at = 0;
    Act act = Act::Done;
    std::string ritualId;
    std::string localStart;
    std::string text; ///< note, reason or new local start
    int rating = 0;
};

const std::vector<std::string> kGeneralNotes = {
    "Short but sweet.",
    "We laughed more than we talked, and that was fine.",
    "Felt close even with the ocean in between.",
    "A hard day for me, and this still helped.",
    "Ran over time because neither of us wanted to hang up.",
    "A bit distracted tonight, but we showed up for each other.",
    "He remembered to ask about my presentation. I felt seen.",
    "Quiet and easy, like sitting on the same sofa.",
};

const std::map<std::string, std::vector<std::string>> kNotesByKind = {
    {"distance",
     {"He fell asleep halfway through a sentence. Adorable.",
      "Told him about the tram ride home in the rain; he could almost hear it.",
      "Only ten minutes, but hearing his voice settled me.",
      "We counted the days to March again. Thirty-one."}},
    {"appreciation",
     {"Thanked him for listening on Tuesday when I was spiralling.",
      "He said he loves how I describe my commute. Ha.",
      "Noticed how often he makes time even when he is tired, and told him so.",
      "He thanked me for the care package. It arrived!"}},
    {"check-in",
     {"Talked about the visit in March; a date on the calendar calms us both.",
      "Named a small worry before it could grow.",
      "Easier than last week. We are getting the hang of this.",
      "He asked what I needed this week, and I actually knew."}},
    {"meeting",
     {"Started with five appreciations, then the money topic. Calm, for once.",
      "We each agreed on one small change. Mine: fewer late-night work emails.",
      "Slow start, good finish."}},
    {"date",
     {"Cooked the same recipe in two kitchens over video. Mine was better.",
      "Watched a film in sync and paused it to argue about the ending.",
      "Dressed up for a video call. Silly and lovely."}},
    {"review",
     {"Looking back at the month: more good days than we thought.",
      "We saw that Sundays are our hardest day apart. Worth knowing."}},
    {"conversation",
     {"Mostly listened. He needed to vent about his manager, and I stayed on his side.",
      "No fixing, just listening. That is what he asked for."}},
};

const std::vector<std::string> kSkipReasons = {
    "Flying to Porto for work, no signal on the train.",
    "Jonas had a late shift.",
    "Both exhausted; we sent voice messages instead.",
    "Visiting my parents this weekend.",
    "The clocks changed and we mixed up the hour.",
    "Sick in bed; we texted instead.",
};

const ProfileDraft kCouple{"Maya", "Europe/Lisbon", "Jonas", "America/Toronto"};

std::string noteFor(Dice &dice, const std::string &kind)
{
    if (auto it = kNotesByKind.find(kind); it != kNotesByKind.end() && dice.chance(70))
        return dice.pick(it->second);
    return dice.pick(kGeneralNotes);
}

int ratingFor(Dice &dice)
{
    const int r = dice.below(100);
    return r < 5 ? 2 : r < 25 ? 3 : r < 65 ? 4 : 5;
}

/// Profile (when missing) and rituals, created at `t0` with the clock set there.
std::vector<Ritual> createRituals(RitualBook &book, const ContentLibrary &content,
                                  const std::vector<Plan> &plans, Millis t0, ManualClock *clock)
{
    if (clock)
        clock->set(t0);
    if (!book.hasProfile())
        book.createProfile(kCouple);
    const std::string zone = book.profile().me.timeZone;
    const std::string startDate = utcToLocal(t0, zone).substr(0, 10);

    std::vector<Ritual> out;
    for (const Plan &plan : plans) {
        const RitualTemplate *t = content.ritual(plan.templateId);
        if (!t)
            throw ValidationError("template", "The content library has no ritual template \""
                                                  + plan.templateId + "\" that the demo needs.");
        RitualDraft draft = RitualBook::draftFromTemplate(*t, startDate, zone);
        if (!plan.time.empty())
            draft.schedule.startLocal = startDate + "T" + plan.time;
        if (clock)
            clock->advance(kMinute);
        out.push_back(book.createRitual(draft));
    }
    return out;
}

/// Writes the events in time order, moving the clock to each; leaves it at `nowUtc`.
void play(RitualBook &book, std::vector<Event> &events, Millis nowUtc, ManualClock *clock)
{
    std::stable_sort(events.begin(), events.end(),
                     [](const Event &a, const Event &b) { return a.at < b.at; });
    for (const Event &e : events) {
        if (clock)
            clock->set(std::min(e.at, nowUtc));
        switch (e.act) {
        case Event::Act::Done: book.markDone(e.ritualId, e.localStart, e.text, e.rating); break;
        case Event::Act::Skip: book.skip(e.ritualId, e.localStart, e.text); break;
        case Event::Act::Move: book.move(e.ritualId, e.localStart, e.text); break;
        case Event::Act::Pause: book.setStatus(e.ritualId, RitualStatus::Paused); break;
        }
    }
    if (clock)
        clock->set(nowUtc);
}

/// The local start one day later, at `time` when given ("YYYY-MM-DDTHH:MM").
std::string nextDay(const std::string &localStart, const std::string &zone,
                    const std::string &time = {})
{
    const Millis t = localToUtc(localStart, zone) + kDay + 2 * kHour;
    return utcToLocal(t, zone).substr(0, 11) + (time.empty() ? localStart.substr(11) : time);
}

/// Start of the local day `days` before `nowUtc`, plus `hour` hours: when the rituals begin.
Millis fillStart(Millis nowUtc, int days, const std::string &zone, int hour)
{
    const Millis start = startOfLocalDay(nowUtc - Millis{days} * kDay, zone) + hour * kHour;
    return std::min(start, nowUtc);
}

} // namespace

void fillDemo(RitualBook &book, const ContentLibrary &content, Millis nowUtc, int historyDays,
              std::uint64_t seed, ManualClock *clock)
{
    if (historyDays < 0)
        throw ValidationError("days", "The number of days of history cannot be negative.");
    Dice dice(seed);
    // A long-distance couple: times chosen to fall in waking hours in Lisbon and Toronto.
    const std::vector<Plan> plans = {
        {"goodnight-across-the-miles", "22:30"},
        {"daily-appreciation", "21:00"},
        {"weekly-check-in", "20:00"},
        {"state-of-the-union", "17:00"},
        {"date-night", "21:00"},
        {"monthly-look-back", "15:00"},
        {"stress-reducing-conversation", "18:30"},
    };
    const std::string zone =
        book.hasProfile() ? book.profile().me.timeZone : kCouple.myTimeZone;
    const Millis t0 = fillStart(nowUtc, historyDays, zone, 6);
    const std::vector<Ritual> rituals = createRituals(book, content, plans, t0, clock);

    // The daily stress-reducing conversation turned out to be too much, and was paused.
    const Ritual &paused = rituals.back();
    const Millis pausedAt = std::max(t0 + kHour, nowUtc - Millis{std::min(historyDays / 4, 21)} * kDay);

    std::vector<Event> events;
    events.push_back({pausedAt, Event::Act::Pause, paused.id, {}, {}, 0});
    for (const Ritual &r : rituals) {
        const Millis until = &r == &paused ? pausedAt : nowUtc;
        const auto occurrences = expand(r.schedule, t0, until, 100'000);
        const bool daily = r.schedule.rrule.find("FREQ=DAILY") != std::string::npos;
        const Millis duration = Millis{r.schedule.durationMinutes} * kMinute;

        // One past occurrence of date night and one of the check-in moved to the next day.
        std::string movePast;
        if ((r.templateId == "date-night" || r.templateId == "weekly-check-in")
            && occurrences.size() >= 3) {
            const std::size_t back = r.templateId == "date-night" ? 2 : occurrences.size() / 2;
            const auto &o = occurrences[occurrences.size() - 1 - back];
            const std::string to = nextDay(o.localStart, zone, r.templateId == "date-night" ? "" : "19:30");
            if (localToUtc(to, zone) + duration < nowUtc) {
                movePast = o.localStart;
                events.push_back({std::max(t0 + kHour, o.startUtc - 2 * kDay), Event::Act::Move,
                                  r.id, o.localStart, to, 0});
                events.push_back({localToUtc(to, zone) + duration + 20 * kMinute, Event::Act::Done,
                                  r.id, o.localStart, noteFor(dice, r.kind), ratingFor(dice)});
            }
        }

        for (std::size_t i = 0; i < occurrences.size(); ++i) {
            const auto &o = occurrences[i];
            if (o.localStart == movePast || o.startUtc + duration > nowUtc)
                continue;
            // Early weeks are patchier: misses fall from about 16% to 5% over the history.
            const double progress = static_cast<double>(i) / static_cast<double>(occurrences.size());
            const int missPercent = static_cast<int>(16 - 11 * progress) + (daily ? 2 : 0);
            const int roll = dice.below(100);
            if (roll < missPercent)
                continue;
            if (roll < missPercent + 9) {
                const Millis ahead = (30 + dice.below(240)) * kMinute;
                events.push_back({std::max(t0 + kMinute, o.startUtc - ahead), Event::Act::Skip,
                                  r.id, o.localStart, dice.pick(kSkipReasons), 0});
                continue;
            }
            const std::string note = dice.chance(daily ? 25 : 55) ? noteFor(dice, r.kind) : "";
            const int rating = dice.chance(90) ? ratingFor(dice) : 0;
            events.push_back({o.startUtc + duration + (5 + dice.below(85)) * kMinute,
                              Event::Act::Done, r.id, o.localStart, note, rating});
        }
    }

    // Plans for the coming days: next date night moved to Saturday, a check-in skipped ahead.
    for (const Ritual &r : rituals) {
        const auto next = expand(r.schedule, nowUtc, nowUtc + 15 * kDay, 3);
        if (r.templateId == "date-night" && !next.empty())
            events.push_back({nowUtc, Event::Act::Move, r.id, next.front().localStart,
                              nextDay(next.front().localStart, zone), 0});
        if (r.templateId == "weekly-check-in" && next.size() >= 2)
            events.push_back({nowUtc, Event::Act::Skip, r.id, next[1].localStart,
                              "Jonas is flying back that evening.", 0});
    }
    play(book, events, nowUtc, clock);
}

void fillBenchmark(RitualBook &book, const ContentLibrary &content, Millis nowUtc, int years,
                   std::uint64_t seed, ManualClock *clock)
{
    if (years < 0)
        throw ValidationError("years", "The number of years cannot be negative.");
    Dice dice(seed);
    // Four daily rituals, two on weekdays, two weekly: about 2,090 occurrences a year, of which
    // 98% get a record (92% done, 6% skipped), 2% are missed.
    const std::vector<Plan> plans = {
        {"morning-coffee", {}},      {"goodbye-kiss", {}},
        {"welcome-home", {}},        {"stress-reducing-conversation", {}},
        {"daily-appreciation", {}},  {"lights-out-together", {}},
        {"weekly-check-in", {}},     {"state-of-the-union", {}},
    };
    const std::string zone =
        book.hasProfile() ? book.profile().me.timeZone : kCouple.myTimeZone;
    const int days = years * 365 + years / 4;
    const Millis t0 = fillStart(nowUtc, days, zone, 6);
    const std::vector<Ritual> rituals = createRituals(book, content, plans, t0, clock);

    std::vector<Event> events;
    for (const Ritual &r : rituals) {
        const Millis duration = Millis{r.schedule.durationMinutes} * kMinute;
        for (const auto &o : expand(r.schedule, t0, nowUtc, 10'000'000)) {
            if (o.startUtc + duration > nowUtc)
                continue;
            const int roll = dice.below(100);
            if (roll < 2)
                continue;
            if (roll < 8) {
                events.push_back({std::max(t0 + kMinute, o.startUtc - kHour), Event::Act::Skip,
                                  r.id, o.localStart, dice.pick(kSkipReasons), 0});
                continue;
            }
            events.push_back({o.startUtc + duration + 10 * kMinute, Event::Act::Done, r.id,
                              o.localStart, dice.chance(10) ? noteFor(dice, r.kind) : "",
                              ratingFor(dice)});
        }
    }
    play(book, events, nowUtc, clock);
}

} // namespace hearth
