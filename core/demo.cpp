#include "demo.h"

#include "agreements.h"
#include "care.h"
#include "checkins.h"
#include "contentlibrary.h"
#include "entity.h"
#include "errors.h"
#include "fairreveal.h"
#include "needs.h"
#include "practice.h"
#include "repairs.h"
#include "ritualbook.h"
#include "schedule.h"
#include "signalbook.h"
#include "store.h"

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

namespace hearth {

using nlohmann::json;

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

// ---------------------------------------------------------------------------------------------
// Check-ins and repairs. Each partner answers on their own device and the answers are sealed
// there (docs/decisions.md §18), so the partner's side is written on a device of his own, paired
// as joining does, and the two exchange what sync would carry between two people: never a
// private row. His drafts and the secrets of his answers stay on that device, which is in memory
// and gone once the demo is made; his answers open on this one, and on his real device after
// sync, through the keys he publishes once both have answered, so none of his is left unrevealed.

/// A ritual's occurrences from the start of the history to now (to its pause), and the one
/// that was moved to the next day, if any.
struct Past {
    std::vector<ScheduledOccurrence> occurrences;
    std::string moved; ///< its local start, or ""
    Millis movedStart = 0;
    std::string movedTo;
};

/// One partner's device as a talk step sees it.
struct Side {
    Store &store;
    RitualBook book;
    CheckIns checkins;
    Repairs repairs;
    Needs needs;
    SignalBook signalBook;
    Agreements agreements;
    std::map<std::string, std::string> &ids; ///< the story's labels -> ids of what it wrote

    /// The member id of the other partner, whose answer a reply answers.
    [[nodiscard]] std::string partnerId() { return book.profile().partner.id; }
};

/// One write of the talks, on this device (Maya's) or on the partner's, at `at`.
struct TalkStep {
    Millis at = 0;
    bool partner = false;
    std::function<void(Side &)> run;
};

/// This device's profile and a device of the partner's in memory, synced after every step.
///
/// The partner's device is gone once the demo is made, and the secrets of his answers with it:
/// an answer of his that is not revealed by then could never be, on his real device or here. So
/// every answer and step he writes is one that Maya has answered too (fillDemo leaves open only
/// what Maya has answered), and his key is published before the end.
class Talks {
public:
    Talks(Store &mine, const ContentLibrary &content, ManualClock *clock, std::uint64_t seed,
          Millis pairedAt)
        : m_mine(mine), m_content(content), m_clock(clock),
          m_partnerClock(clock ? pairedAt : mine.clock().nowMs()),
          m_partnerRandom(seed ^ 0x4a6f6e6173ULL),
          m_partner(":memory:", m_partnerClock, m_partnerRandom)
    {
        // Joining, as the invite does: the couple's profile arrives and the device knows itself
        // as the profile's partner.
        deliver(m_mine, m_mineSeen, m_partner, false);
        const Profile couple = RitualBook(m_mine).profile();
        m_partner.setMeta("space_id", couple.space.id);
        m_partner.setMeta("member_id", couple.partner.id);
    }

    /// Runs the step on its device with both clocks at its time, then syncs the two.
    void run(const TalkStep &step)
    {
        const Millis at = m_clock ? step.at : m_mine.clock().nowMs();
        if (m_clock)
            m_clock->set(at);
        m_partnerClock.set(at);
        Store &store = step.partner ? m_partner : m_mine;
        Side side{store,
                  RitualBook(store),
                  CheckIns(store, m_content),
                  Repairs(store, m_content),
                  Needs(store, m_content),
                  SignalBook(store, m_content),
                  Agreements(store, m_content),
                  m_ids};
        step.run(side);
        sync();
    }

private:
    /// Sends what `from` wrote since `seen` to `to`, as sync between two people does: no private
    /// row, and not what `to` wrote itself. This device keeps the partner's changes in its change
    /// log (Store::restore), so that its first sync hands them on to the partner's real device.
    /// Then `to` publishes the keys now due, as the sync client does after a merge.
    static std::size_t deliver(Store &from, std::int64_t &seen, Store &to, bool logged)
    {
        std::vector<Change> changes;
        while (true) {
            auto log = from.changeLog(seen, 1000);
            if (log.empty())
                break;
            for (auto &entry : log) {
                seen = entry.first;
                if (entry.second.scope != kScopePrivate
                    && entry.second.stamp.device != to.deviceId())
                    changes.push_back(std::move(entry.second));
            }
        }
        if (changes.empty())
            return 0;
        if (logged)
            to.restore(changes);
        else
            to.merge(changes);
        fair::revealDue(to);
        settleSharedCopies(to);
        return changes.size();
    }

    /// Until neither device has anything new for the other: a merge may publish keys.
    void sync()
    {
        bool moved = true;
        while (moved) {
            const std::size_t toPartner = deliver(m_mine, m_mineSeen, m_partner, false);
            const std::size_t toMine = deliver(m_partner, m_partnerSeen, m_mine, true);
            moved = toPartner + toMine > 0;
        }
    }

    Store &m_mine;
    const ContentLibrary &m_content;
    ManualClock *m_clock;
    ManualClock m_partnerClock;
    SeededRandom m_partnerRandom;
    Store m_partner;
    std::int64_t m_mineSeen = 0;
    std::int64_t m_partnerSeen = 0;
    std::map<std::string, std::string> m_ids;
};

/// "YYYY-MM-DD" moved by `days`.
std::string shiftDay(const std::string &ymd, int days)
{
    const date::year_month_day day{date::year{std::stoi(ymd.substr(0, 4))},
                                   date::month{static_cast<unsigned>(std::stoi(ymd.substr(5, 2)))},
                                   date::day{static_cast<unsigned>(std::stoi(ymd.substr(8, 2)))}};
    return date::format("%F", date::sys_days{day} + date::days{days});
}

/// The talks to write, collected before anything is written.
class TalkPlan {
public:
    TalkPlan(Millis earliest, Millis nowUtc, std::string zone)
        : m_earliest(earliest), m_now(nowUtc), m_zone(std::move(zone)) {}

    /// Keeps a whole story (a check-in, a repair) when every step of it, and what it tells of
    /// (`since`), lies between the start of the history and now; a story cut in half would not be
    /// believable.
    bool add(std::vector<TalkStep> story, Millis since = 0)
    {
        if (since != 0 && since < m_earliest)
            return false;
        for (const TalkStep &s : story)
            if (s.at < m_earliest || s.at >= m_now)
                return false;
        for (TalkStep &s : story)
            steps.push_back(std::move(s));
        return true;
    }

    /// `hhmm` on the day `days` after `day` ("YYYY-MM-DD"), in this device's time zone.
    [[nodiscard]] Millis at(const std::string &day, int days, const char *hhmm) const
    {
        return localToUtc(shiftDay(day, days) + "T" + hhmm, m_zone);
    }
    [[nodiscard]] Millis now() const { return m_now; }
    [[nodiscard]] Millis earliest() const { return m_earliest; }
    [[nodiscard]] const std::string &zone() const { return m_zone; }

    std::vector<TalkStep> steps;
    std::set<std::pair<std::string, std::string>> linked; ///< occurrences a check-in finishes

private:
    Millis m_earliest;
    Millis m_now;
    std::string m_zone;
};

using Write = std::function<void(Side &)>;

Write startCheckIn(const std::string &label, const std::string &setId,
                   const std::string &ritualId = {}, const std::string &localStart = {})
{
    return [label, setId, ritualId, localStart](Side &s) {
        s.ids[label] = s.checkins.start(setId, ritualId, localStart);
    };
}

Write answerCheckIn(const std::string &label, const json &answers)
{
    return [label, answers](Side &s) {
        const std::string id = s.ids.at(label);
        s.checkins.saveDraft(id, answers);
        s.checkins.submit(id);
    };
}

/// A reply to the other partner's answer to `questionId`.
Write replyTo(const std::string &label, const std::string &questionId, const std::string &kind,
              const std::string &text)
{
    return [label, questionId, kind, text](Side &s) {
        s.checkins.reply(s.ids.at(label), s.partnerId(), questionId, kind, text);
    };
}

Write finishCheckIn(const std::string &label)
{
    return [label](Side &s) { s.checkins.finish(s.ids.at(label)); };
}

Write noteOn(const std::string &ritualId, const std::string &localStart, const std::string &note,
             int rating)
{
    return [ritualId, localStart, note, rating](Side &s) {
        s.book.markDone(ritualId, localStart, note, rating);
    };
}

Write startRepair(const std::string &label, const RepairDraft &draft)
{
    return [label, draft](Side &s) { s.ids[label] = s.repairs.start(draft); };
}

/// Writes and submits one step of a repair.
Write writeStep(const std::string &label, const std::string &stepId, const json &answer)
{
    return [label, stepId, answer](Side &s) {
        const std::string id = s.ids.at(label);
        s.repairs.saveStep(id, stepId, answer);
        s.repairs.submitStep(id, stepId);
    };
}

Write repairStatus(const std::string &label, const std::string &status)
{
    return [label, status](Side &s) { s.repairs.setStatus(s.ids.at(label), status); };
}

Write callBreak(const std::string &label, int minutes)
{
    return [label, minutes](Side &s) {
        s.ids[label + "/break"] = s.repairs.callBreak(s.ids.at(label), minutes);
    };
}

Write endBreak(const std::string &label)
{
    return [label](Side &s) { s.repairs.endBreak(s.ids.at(label + "/break")); };
}

// -- The weekly check-ins: ten weeks, a stressful stretch in the middle (Maya's big presentation,
// Jonas's release, the fight about Berlin), and closeness coming back after it.

/// One partner's answers to the weekly set; empty texts are left unanswered.
struct Weekly {
    int mood = 3;
    int closeness = 3;
    int stress = 3;
    const char *feltClose = "";
    const char *onMyMind = "";
    std::vector<std::string> needs;
    const char *smallThing = "";

    [[nodiscard]] json answers() const
    {
        json j = {{"mood", mood}, {"closeness", closeness}, {"stress", stress}, {"needs", needs}};
        if (*feltClose)
            j["felt-close"] = feltClose;
        if (*onMyMind)
            j["on-my-mind"] = onMyMind;
        if (*smallThing)
            j["one-small-thing"] = smallThing;
        return j;
    }
};

struct WeekStory {
    Weekly maya;
    Weekly jonas;
};

const std::vector<WeekStory> kWeeks = {
    {{4, 4, 2, "When you stayed on the call while I cooked, just chatting about nothing.", "",
      {"quality-time", "play"}, "Send me a photo from your walk to work."},
     {4, 4, 2, "Your voice note on Tuesday morning. I listened to it twice.", "",
      {"quality-time", "affection"}, "Tell me one good thing from your day before we hang up."}},
    {{4, 4, 3, "Saturday's film night, even with the stream freezing twice.",
      "The presentation is in a month and I can already feel it creeping in.",
      {"support", "being-heard"}, "Ask me how the slides are going, and let me moan a little."},
     {3, 4, 3, "When you sent me the playlist for my commute.",
      "Work is getting loud again. They moved the release date up.", {"support", "rest"},
      "Remind me to stop working at seven."}},
    {{3, 3, 4, "Honestly, not much this week. We were both running.",
      "I miss our long calls. The short ones feel like logistics.",
      {"quality-time", "reassurance", "being-heard"},
      "One call this week with no phones and no laptops, just us."},
     {3, 3, 4, "Your good-luck text before my demo.", "I know I've been distracted. It's not you.",
      {"rest", "support"}, "Be patient with me until Friday."}},
    {{2, 3, 5, "When you took a long lunch so I could rehearse to you.",
      "I'm scared I'll mess it up, and then I take it out on you.",
      {"reassurance", "support", "rest"}, "A good-morning message on Thursday."},
     {2, 2, 4, "Listening to your rehearsal. You're better than you think.",
      "I feel far away. The time difference is hard when we're both this busy.",
      {"closeness", "reassurance"}, "Call me on your walk home, even for five minutes."}},
    {{2, 2, 4, "Sunday night, after we talked it through and you said you weren't going anywhere.",
      "I shouldn't have sprung Berlin on you like that. I want us to learn to talk about the "
      "future without scaring each other.",
      {"reassurance", "repair", "closeness"}, "Tell me you're still excited about the visit."},
     {2, 2, 5, "When you said you'd never decide something that big without me.",
      "I was scared, not angry. I want to talk about the future properly, not at midnight.",
      {"reassurance", "being-heard", "repair"},
      "Plan our future talk for a weekend morning, when we're both rested."}},
    {{3, 3, 3, "The presentation went well and you were the first person I called.", "",
      {"rest", "play"}, "Let's do something silly on Friday. A quiz?"},
     {3, 3, 4, "Hearing how happy you sounded after the presentation.", "", {"rest", "closeness"},
      "Send me the slides. I want to see what I was cheering for."}},
    {{3, 4, 3, "The future talk on Saturday morning. Calm, and it felt like we were a team.",
      "Can we look at flights together this week?", {"quality-time", "reliability"},
      "Look at flight dates with me on Thursday."},
     {4, 4, 3, "Saturday morning's talk. I feel like we have a plan now.", "",
      {"quality-time", "play"}, "Share your screen and show me the new plants."}},
    {{4, 4, 2, "Booking the flights together! It's real now.", "", {"play", "affection"},
      "Send me the countdown every morning."},
     {4, 5, 3, "When the booking email came in and you screamed.",
      "I'd like to meet your friends properly this time, not just at the airport.",
      {"quality-time", "play"}, "Tell Inês and Rui we'd love to have dinner with them."}},
    {{4, 5, 2, "Cooking the same recipe on video. Yours burned, mine didn't.", "",
      {"affection", "appreciation"}, "Keep sending the terrible puns."},
     {4, 4, 2, "You remembered my mum's birthday before I did.", "", {"affection", "play"},
      "One long call this weekend, no timer."}},
    {{5, 5, 2, "Every evening this week, honestly. We found our rhythm again.",
      "I'm proud of how we came through the last month.", {"quality-time", "closeness"},
      "Pick the first restaurant for the visit."},
     {4, 5, 2, "When you read me the list of places you want to show me.",
      "Thank you for sticking with the check-ins when things were hard.",
      {"quality-time", "affection"}, "Send me a picture of the view from your window."}},
};

/// A reply to the other partner's answer in week `week`.
struct WeeklyReply {
    int week;
    bool byJonas;
    const char *questionId;
    const char *kind;
    const char *text;
};

const std::vector<WeeklyReply> kWeeklyReplies = {
    {1, false, "one-small-thing", "reply",
     "Seven o'clock, laptop closed. I'll text you at five to."},
    {3, true, "on-my-mind", "reply",
     "You won't mess it up. And you can take it out on me a little. I'm sturdy."},
    {3, false, "felt-close", "thanks", ""},
    {4, false, "one-small-thing", "reply",
     "Saturday morning your time? I'll bring coffee to the screen."},
    {7, false, "one-small-thing", "reply", "Done! They're already arguing about the restaurant."},
    {8, true, "felt-close", "thanks", ""},
    {9, true, "on-my-mind", "thanks", ""},
};

/// One weekly check-in from the ritual's occurrence: the one who starts it answers first, the
/// other a few minutes later, both read, some reply, the starter finishes it (which marks the
/// ritual done), and Maya sometimes adds a note.
void planWeekly(TalkPlan &plan, Dice &dice, const Ritual &ritual, const ScheduledOccurrence &o,
                int week)
{
    const WeekStory &story = kWeeks[static_cast<std::size_t>(week)];
    const std::string label = "weekly/" + o.localStart;
    const bool jonasStarts = week % 2 == 1;
    const Millis s = o.startUtc;
    std::vector<TalkStep> steps = {
        {s + (1 + dice.below(3)) * kMinute, jonasStarts,
         startCheckIn(label, "weekly", ritual.id, o.localStart)},
        {s + (7 + dice.below(4)) * kMinute, jonasStarts,
         answerCheckIn(label, (jonasStarts ? story.jonas : story.maya).answers())},
        {s + (13 + dice.below(5)) * kMinute, !jonasStarts,
         answerCheckIn(label, (jonasStarts ? story.maya : story.jonas).answers())},
    };
    Millis t = s + 22 * kMinute;
    for (const WeeklyReply &r : kWeeklyReplies) {
        if (r.week != week)
            continue;
        steps.push_back({t, r.byJonas, replyTo(label, r.questionId, r.kind, r.text)});
        t += (2 + dice.below(3)) * kMinute;
    }
    const Millis finished = s + (32 + dice.below(10)) * kMinute;
    steps.push_back({finished, jonasStarts, finishCheckIn(label)});
    if (dice.chance(50)) {
        const Millis noted = finished + (4 + dice.below(8)) * kMinute;
        const std::string note = noteFor(dice, ritual.kind);
        const int rating = ratingFor(dice);
        steps.push_back({noted, false, noteOn(ritual.id, o.localStart, note, rating)});
    }
    if (plan.add(std::move(steps)))
        plan.linked.insert({ritual.id, o.localStart});
}

/// The State of the Union after the hard weeks, from its Sunday occurrence.
void planStateOfTheUnion(TalkPlan &plan, Dice &dice, const Ritual &ritual,
                         const ScheduledOccurrence &o)
{
    const json maya = {
        {"appreciations",
         {"You took a long lunch so I could rehearse to you. That was generous.",
          "You asked how the presentation went before I could tell you. You were thinking of me.",
          "You came back after your break, even though you were hurt. That was brave.",
          "You sent me a photo of your street at sunrise so I'd feel there. That was sweet.",
          "You listened to me moan about the train strike for twenty minutes. That was patient."}},
        {"went-well",
         "We came back to each other after a hard fortnight. Our calls feel easy again."},
        {"issue",
         {{"feel", "a bit anxious"},
          {"about", "not having the visit dates fixed yet"},
          {"need", "us to choose dates and book them this week"}}},
        {"issue-needs", {"reliability", "reassurance"}},
        {"feel-loved", "Look at flights with me on Thursday, and tell me you can't wait."},
    };
    const json jonas = {
        {"appreciations",
         {"You told me about the Berlin offer instead of deciding alone. That was honest.",
          "You kept doing the check-ins when we were both tired. That was steady.",
          "You checked on me after my release went badly. You noticed.",
          "You made me laugh with the pigeon video when I was grumpy. That was love.",
          "You said sorry first, even though we both had a part. That was big of you."}},
        {"went-well", "The Saturday morning talk about the future. We sounded like a team."},
        {"issue",
         {{"feel", "a little left out"},
          {"about", "hearing about your weekend plans after they were made"},
          {"need", "to hear about them while they're still ideas"}}},
        {"issue-needs", {"closeness", "being-heard"}},
        {"feel-loved", "Call me on your walk home on Wednesday, even for five minutes."},
    };
    const std::string label = "sotu/" + o.localStart;
    const Millis s = o.startUtc;
    const Millis finished = s + (48 + dice.below(10)) * kMinute;
    std::vector<TalkStep> steps = {
        {s + 2 * kMinute, false,
         startCheckIn(label, "state-of-the-union", ritual.id, o.localStart)},
        {s + 16 * kMinute, false, answerCheckIn(label, maya)},
        {s + 24 * kMinute, true, answerCheckIn(label, jonas)},
        {s + 35 * kMinute, true, replyTo(label, "appreciations", "thanks", "")},
        {s + 41 * kMinute, false,
         replyTo(label, "issue", "reply", "That's fair. I'll tell you the half-baked plans too.")},
        {finished, false, finishCheckIn(label)},
        {finished + 5 * kMinute, false,
         noteOn(ritual.id, o.localStart, "Five appreciations each first. Easier than we feared.",
                5)},
    };
    if (plan.add(std::move(steps)))
        plan.linked.insert({ritual.id, o.localStart});
}

/// The quick daily reading, a few times in the hard weeks; the last one read but never finished.
void planTemperatures(TalkPlan &plan, const std::map<int, std::string> &weekDays)
{
    struct Reading {
        int week;
        int days;          ///< after the week's check-in day
        const char *time;  ///< in Maya's time zone
        bool jonasStarts;
        bool finished;
        json maya;
        json jonas;
        const char *reply; ///< Maya's reply to Jonas's note, or ""
    };
    const std::vector<Reading> readings = {
        {3, 2, "21:40", false, true,
         {{"mood", 2}, {"stress", 5}, {"closeness", 3}, {"tonight", {"rest"}},
          {"note", "Rehearsed six times. My brain is soup. Short call tonight?"}},
         {{"mood", 3}, {"stress", 4}, {"closeness", 3}, {"tonight", {"quality-time"}},
          {"note", "Still at my desk. A short call is perfect."}},
         ""},
        {4, 1, "22:05", true, true,
         {{"mood", 3}, {"stress", 3}, {"closeness", 3}, {"tonight", {"affection"}},
          {"note", "Long day, but I'm okay. Sending you a very long hug."}},
         {{"mood", 2}, {"stress", 4}, {"closeness", 2}, {"tonight", {"reassurance"}},
          {"note", "Tired. Still thinking about the weekend, mostly in a good way."}},
         "A mostly good way is good. We're okay."},
        {5, -1, "19:10", false, false,
         {{"mood", 4}, {"stress", 2}, {"closeness", 4}, {"tonight", {"play"}},
          {"note", "Presentation done!! Celebrating with a pastel de nata the size of my head."}},
         {{"mood", 3}, {"stress", 4}, {"closeness", 4}, {"tonight", {"play"}},
          {"note", "So proud of you. Quiz night later?"}},
         ""},
    };
    for (const Reading &r : readings) {
        const auto day = weekDays.find(r.week);
        if (day == weekDays.end())
            continue;
        const std::string label = "temperature/" + std::to_string(r.week);
        const Millis s = plan.at(day->second, r.days, r.time);
        std::vector<TalkStep> steps = {
            {s, r.jonasStarts, startCheckIn(label, "temperature")},
            {s + kMinute, r.jonasStarts, answerCheckIn(label, r.jonasStarts ? r.jonas : r.maya)},
            {s + 9 * kMinute, !r.jonasStarts,
             answerCheckIn(label, r.jonasStarts ? r.maya : r.jonas)},
        };
        if (*r.reply)
            steps.push_back({s + 14 * kMinute, false, replyTo(label, "note", "reply", r.reply)});
        if (r.finished)
            steps.push_back({s + 20 * kMinute, r.jonasStarts, finishCheckIn(label)});
        plan.add(std::move(steps));
    }
}

/// Maya's reading from this morning (or last night), that Jonas has not answered yet. Hers, not
/// his: the secret of her answer stays in this profile, so when Jonas answers on his own device
/// both open. An answer of his would have been sealed on the partner device in memory, and
/// nothing could open it once that is gone.
void planOpenCheckIn(TalkPlan &plan)
{
    const Millis latest = plan.now() - 30 * kMinute;
    const std::string today = utcToLocal(latest, plan.zone()).substr(0, 10);
    Millis s = plan.at(today, 0, "08:40");
    if (s > latest)
        s = plan.at(today, -1, "22:10");
    const std::string label = "temperature/open";
    const json maya = {{"mood", 4}, {"stress", 2}, {"closeness", 5}, {"tonight", {"quality-time"}},
                       {"note", "Coffee on the balcony in the sun, counting the days to the visit."}};
    plan.add({{s, false, startCheckIn(label, "temperature")},
              {s + 3 * kMinute, false, answerCheckIn(label, maya)}});
}

// -- Repairs: one early on, two in the hard weeks (one of them with a flooding break), one small
// one since, and one they are talking through now.

struct RepairStory {
    RepairDraft draft;
    json maya; ///< step id -> answer
    json jonas;
};

/// Both write `stepIds` in turn, `jonasFirst` or Maya first, one step every `gap`.
void takeTurns(std::vector<TalkStep> &steps, const std::string &label, const RepairStory &story,
               Millis from, const std::vector<std::string> &stepIds, bool jonasFirst, Millis gap)
{
    Millis t = from;
    for (const std::string &id : stepIds) {
        const json &first = jonasFirst ? story.jonas : story.maya;
        const json &second = jonasFirst ? story.maya : story.jonas;
        steps.push_back({t, jonasFirst, writeStep(label, id, first.at(id))});
        steps.push_back({t + gap / 2, !jonasFirst, writeStep(label, id, second.at(id))});
        t += gap;
    }
}

const std::vector<std::string> kFirstSteps = {"calm", "feelings", "reality", "understood"};
const std::vector<std::string> kMiddleSteps = {"triggers", "needs-touched", "set-up", "my-part"};
const std::vector<std::string> kLastSteps = {"apology", "acceptance", "plan", "move-on"};

RepairStory flightsStory(Millis happenedAt)
{
    RepairStory story;
    story.draft = {"Splitting the cost of the flights", happenedAt, 3, {"money", "plans"},
                   "aftermath"};
    story.maya = {
        {"calm", "ready"},
        {"feelings", {"frustrated", "misunderstood", "worried"}},
        {"reality",
         "We were looking at flights for the visit and I suggested we split everything down the "
         "middle. You went quiet, then said it's easy for me to say. I heard that as you thinking "
         "I don't get how tight things are for you, and I snapped that I'm not made of money "
         "either."},
        {"understood",
         "Your rent just went up and flights from your side cost more, and I was treating "
         "half-and-half as obviously fair. It makes sense that you felt I wasn't seeing your side "
         "of the numbers."},
        {"triggers",
         "Money talks at home always ended with someone sulking. I get defensive fast."},
        {"needs-touched", {"being-heard", "reliability"}},
        {"set-up", "A long day, and an hour on the flight site watching the prices go up."},
        {"my-part", "I made it sound like the only fair answer, and I raised my voice."},
        {"apology", "I'm sorry I snapped and made your worries sound silly."},
        {"acceptance",
         {{"choice", "accepted"}, {"note", "Thank you. Money is a sore spot for both of us."}}},
        {"plan",
         "Bring money questions to our State of the Union instead of deciding them at midnight."},
        {"move-on", "A normal call tomorrow where we laugh about something else."},
    };
    story.jonas = {
        {"calm", "ready"},
        {"feelings", {"stung", "embarrassed", "not-good-enough"}},
        {"reality",
         "You had a spreadsheet ready and I felt ambushed. My rent just went up and I didn't want "
         "to say out loud that half-and-half is hard this month, so I said something short "
         "instead."},
        {"understood",
         "You were trying to be fair and organised, and I answered as if you were being careless. "
         "I get that it felt like I was accusing you of something."},
        {"triggers",
         "Growing up, money was the thing nobody said out loud. Saying it still feels like "
         "failing."},
        {"needs-touched", {"reassurance", "being-heard"}},
        {"set-up", "I'd just paid the new rent that morning."},
        {"my-part",
         "I went quiet instead of telling you what was really going on, and then I was sarcastic."},
        {"apology",
         "I'm sorry for the sarcastic comment. You didn't deserve it, and you were only trying to "
         "help."},
        {"acceptance", {{"choice", "accepted"}}},
        {"plan", "Say it early when money is tight, instead of going quiet."},
        {"move-on", "Let's look at the flights again together, on a weekend, with coffee."},
    };
    return story;
}

RepairStory phoneStory(Millis happenedAt)
{
    RepairStory story;
    story.draft = {"Typing during our call", happenedAt, 2, {"screens", "time-together"},
                   "aftermath"};
    story.maya = {
        {"calm", "ready"},
        {"feelings", {"unseen", "hurt", "irritated"}},
        {"reality",
         "I was telling you about the presentation and I could hear you typing. When I asked, you "
         "said \"go on, I'm listening\", and then you asked me something I'd just said."},
        {"understood",
         "Something broke at work right before our call, and you thought a distracted call was "
         "better than none. You were trying to make time for me, not to ignore me."},
        {"triggers",
         "My dad used to read the paper while I talked to him. I know it's not the same."},
        {"needs-touched", {"being-heard", "quality-time"}},
        {"set-up",
         "I was nervous about the presentation and wanted to hear that it would be fine."},
        {"my-part", "I didn't say I was hurt. I went cold and ended the call early."},
        {"apology", "I'm sorry I hung up on you instead of telling you what I needed."},
        {"acceptance",
         {{"choice", "accepted"}, {"note", "I'm glad you said it. I'd rather know."}}},
        {"plan",
         "Say \"I need your full attention for five minutes\" before the important things."},
        {"move-on", "A proper call tomorrow, with the laptop closed."},
    };
    story.jonas = {
        {"calm", "ready"},
        {"feelings", {"guilty", "defensive", "overwhelmed"}},
        {"reality",
         "The build broke ten minutes before our call. I didn't want to cancel, so I kept one eye "
         "on the chat. I thought I was managing both. I wasn't."},
        {"understood",
         "You were telling me something that mattered and heard me typing. It felt like you came "
         "second to work, right when you needed me."},
        {"triggers",
         "My last relationship ended with \"you're always working\". I got defensive because I "
         "was scared of that again."},
        {"needs-touched", {"reassurance", "rest"}},
        {"set-up", "Three late nights in a row, and my manager checking in every hour."},
        {"my-part", "I half-listened and pretended I wasn't."},
        {"apology",
         "I'm sorry I made you feel second to my laptop. You deserve my whole attention, or an "
         "honest \"can we talk later\"."},
        {"acceptance", {{"choice", "accepted"}}},
        {"plan", "If I can't give you my full attention, I'll say so and call back when I can."},
        {"move-on", "Hear the rest of the presentation story. I want to know."},
    };
    return story;
}

RepairStory berlinStory(Millis happenedAt)
{
    RepairStory story;
    story.draft = {"When I mentioned the job in Berlin", happenedAt, 5, {"future", "work"},
                   "aftermath"};
    story.maya = {
        {"calm", "ready"},
        {"feelings", {"scared", "misunderstood", "guilty", "lonely"}},
        {"reality",
         "A recruiter wrote about a job in Berlin and I mentioned it, half as a joke, half to see "
         "what you'd say. You went very quiet and then asked if I was planning a life without "
         "you. I got defensive and said it was just an email, and then we were both shouting."},
        {"understood",
         "To you it sounded like I was quietly picturing a future without you, after we've waited "
         "so long to close the distance. Hearing it late on a Saturday, out of nowhere, it makes "
         "sense that it scared you."},
        {"triggers",
         "I've always had to make big decisions on my own. Sometimes I forget I don't have to any "
         "more."},
        {"needs-touched", {"reassurance", "being-heard", "closeness"}},
        {"set-up", "Two glasses of wine and a long week. Not the moment for a big topic."},
        {"my-part",
         "I brought up something huge casually, at midnight, and got defensive instead of "
         "listening."},
        {"apology",
         "I'm sorry I dropped it on you like that and then made you feel silly for being scared. "
         "You're in every plan I make."},
        {"acceptance",
         {{"choice", "accepted"},
          {"note", "Thank you for coming back after the break. It meant a lot."}}},
        {"plan",
         "Bring up big future things on a weekend morning, when we're both rested, and say "
         "clearly that it's an idea, not a decision."},
        {"move-on", "To hear that we'll plan the future together. And to book the visit."},
    };
    story.jonas = {
        {"calm", "ready"},
        {"feelings", {"scared", "unsure-where-i-stand", "hurt", "angry"}},
        {"reality",
         "We were winding down and you said a company in Berlin wanted you. My stomach dropped. I "
         "asked if you were planning a life without me, and it came out as an accusation. When "
         "you said it was \"just an email\" I felt brushed off and raised my voice."},
        {"understood",
         "You were thinking out loud and wanted to share something flattering with me, and I "
         "turned it into a trial. You felt attacked for being honest. That makes sense."},
        {"triggers",
         "My parents moved countries for work twice, and nobody asked me either time. Big moves "
         "decided somewhere else scare me."},
        {"needs-touched", {"reassurance", "reliability", "being-heard"}},
        {"set-up", "A rough week at work, and I was already feeling far away from you."},
        {"my-part", "I accused you instead of asking, and I raised my voice."},
        {"apology",
         "I'm sorry I accused you of planning a life without me. I was scared, and I made it your "
         "fault."},
        {"acceptance", {{"choice", "accepted"}}},
        {"plan",
         "When I'm scared, I'll say \"I'm scared\" instead of asking a question that is really an "
         "accusation."},
        {"move-on", "To sit down soon and talk calmly about where we want to live."},
    };
    return story;
}

RepairStory parentsStory(Millis happenedAt)
{
    RepairStory story;
    story.draft = {"Missed the call with my parents", happenedAt, 2, {"family", "plans"},
                   "aftermath"};
    story.maya = {
        {"calm", "ready"},
        {"feelings", {"let-down", "embarrassed", "sad"}},
        {"reality",
         "My parents had set up the laptop and waited for you for half an hour. I kept saying "
         "you'd be there any minute. My mum made a joke about it and I felt so small."},
        {"understood",
         "You'd worked the late shift and slept through your alarm, and woke up to a string of "
         "messages. You feel awful, and you didn't do it on purpose."},
        {"triggers",
         "I worry they don't take us seriously because of the distance, so it stung more than it "
         "should."},
        {"needs-touched", {"reliability", "support"}},
        {"set-up", "I was already nervous about the call. I wanted it to go perfectly."},
        {"my-part", "I sent you three angry messages before I knew what had happened."},
        {"apology", "I'm sorry for the angry messages. You were asleep, not careless."},
        {"acceptance", {{"choice", "accepted"}, {"note", "Thank you for calling them yourself."}}},
        {"plan", "Check your shifts with you before I set up anything with my family."},
        {"move-on", "For you to find a new time with them, and I'll be there too."},
    };
    story.jonas = {
        {"calm", "ready"},
        {"feelings", {"guilty", "ashamed", "foolish"}},
        {"reality",
         "I got home from the late shift at six in the morning and set an alarm for the call. I "
         "slept right through it and woke up to your messages. I felt terrible."},
        {"understood",
         "You'd told your parents I'd be there, and they sat waiting with you. You felt "
         "embarrassed in front of them and let down by me."},
        {"triggers", "I hate letting people down. It's the thing I'm most afraid of being."},
        {"needs-touched", {"reassurance", "rest"}},
        {"set-up", "Three late shifts in a row. I was running on nothing."},
        {"my-part",
         "I agreed to a time I knew would be hard after a late shift, and didn't set a second "
         "alarm."},
        {"apology",
         "I'm sorry I missed the call and left you to explain to your parents. I'll make it right "
         "with them."},
        {"acceptance", {{"choice", "accepted"}}},
        {"plan",
         "No plans for the morning after a late shift, and two alarms when it can't be helped."},
        {"move-on", "To hear that your parents aren't angry. And a long hug when I'm there."},
    };
    return story;
}

RepairStory voiceMessageStory(Millis happenedAt)
{
    RepairStory story;
    story.draft = {"The voice message about the visit dates", happenedAt, 2, {"tone", "plans"},
                   "aftermath"};
    story.maya = {
        {"calm", "ready"},
        {"feelings", {"stung", "frustrated"}},
        {"reality",
         "Your voice message said the dates \"just don't work, sorry\" and nothing else. After a "
         "whole evening of planning, it sounded like you didn't care."},
        {"understood",
         "You'd just heard you can't take that week off, and you recorded it on your way into a "
         "meeting. You were annoyed at work, not at me, and the visit still matters to you."},
    };
    story.jonas = {
        {"calm", "ready"},
        {"feelings", {"overwhelmed", "defensive"}},
        {"reality",
         "I recorded it walking into a meeting, right after my manager said I can't take that "
         "week. I was annoyed at work, not at you, but I know it sounded flat."},
    };
    return story;
}

/// The repairs, placed around the weeks of the check-ins (`weekDays`: week -> its day).
void planRepairs(TalkPlan &plan, const std::map<int, std::string> &weekDays)
{
    auto day = [&weekDays](int week) -> const std::string * {
        const auto it = weekDays.find(week);
        return it == weekDays.end() ? nullptr : &it->second;
    };
    // Before the check-ins began: flights, talked through over two evenings (about 45 hours).
    if (const std::string *d = day(0)) {
        const RepairStory story = flightsStory(plan.at(*d, -10, "22:15"));
        const std::string label = "repair/flights";
        const Millis next = plan.at(*d, -9, "19:00");
        std::vector<TalkStep> steps = {{next, false, startRepair(label, story.draft)}};
        takeTurns(steps, label, story, next + 5 * kMinute, kFirstSteps, false, 16 * kMinute);
        const Millis after = plan.at(*d, -8, "18:10");
        takeTurns(steps, label, story, after, kMiddleSteps, false, 12 * kMinute);
        takeTurns(steps, label, story, after + 50 * kMinute, kLastSteps, true, 12 * kMinute);
        steps.push_back({after + 100 * kMinute, false, repairStatus(label, "repaired")});
        plan.add(std::move(steps), story.draft.happenedAt);
    }
    // A small one, repaired the same evening: about four hours.
    if (const std::string *d = day(2)) {
        const RepairStory story = phoneStory(plan.at(*d, -2, "19:45"));
        const std::string label = "repair/phone";
        const Millis start = plan.at(*d, -2, "20:50");
        std::vector<TalkStep> steps = {{start, true, startRepair(label, story.draft)}};
        takeTurns(steps, label, story, start + 6 * kMinute, kFirstSteps, true, 14 * kMinute);
        takeTurns(steps, label, story, start + 70 * kMinute, kMiddleSteps, false, 12 * kMinute);
        takeTurns(steps, label, story, start + 125 * kMinute, kLastSteps, true, 10 * kMinute);
        steps.push_back({start + 170 * kMinute, true, repairStatus(label, "repaired")});
        plan.add(std::move(steps), story.draft.happenedAt);
    }
    // The one that shook them, on a Saturday night: Jonas calls a break halfway through his side
    // of it, they come back the same evening and finish on Tuesday (nearly three days).
    if (const std::string *d = day(4)) {
        const RepairStory story = berlinStory(plan.at(*d, -4, "23:10"));
        const std::string label = "repair/berlin";
        const Millis sunday = plan.at(*d, -3, "19:30");
        std::vector<TalkStep> steps = {{sunday, false, startRepair(label, story.draft)}};
        takeTurns(steps, label, story, sunday + 5 * kMinute, {"calm", "feelings"}, false,
                  12 * kMinute);
        steps.push_back(
            {sunday + 35 * kMinute, false, writeStep(label, "reality", story.maya.at("reality"))});
        steps.push_back({sunday + 50 * kMinute, true, callBreak(label, 45)});
        steps.push_back({sunday + 95 * kMinute, true, endBreak(label)});
        steps.push_back({sunday + 96 * kMinute, true, repairStatus(label, "talking")});
        steps.push_back(
            {sunday + 108 * kMinute, true, writeStep(label, "reality", story.jonas.at("reality"))});
        takeTurns(steps, label, story, sunday + 120 * kMinute, {"understood", "triggers"}, true,
                  16 * kMinute);
        const Millis tuesday = plan.at(*d, -1, "20:30");
        takeTurns(steps, label, story, tuesday, {"needs-touched", "set-up", "my-part"}, false,
                  12 * kMinute);
        takeTurns(steps, label, story, tuesday + 36 * kMinute, kLastSteps, false, 12 * kMinute);
        steps.push_back({tuesday + 90 * kMinute, false, repairStatus(label, "repaired")});
        plan.add(std::move(steps), story.draft.happenedAt);
    }
    // A small one since: Jonas starts it the same evening, they finish it the next (27 hours).
    if (const std::string *d = day(8)) {
        const RepairStory story = parentsStory(plan.at(*d, -3, "18:00"));
        const std::string label = "repair/parents";
        const Millis start = plan.at(*d, -3, "22:30");
        std::vector<TalkStep> steps = {{start, true, startRepair(label, story.draft)}};
        takeTurns(steps, label, story, start + 5 * kMinute, {"calm", "feelings"}, true,
                  10 * kMinute);
        const Millis monday = plan.at(*d, -2, "19:40");
        std::vector<std::string> rest(kFirstSteps.begin() + 2, kFirstSteps.end());
        rest.insert(rest.end(), kMiddleSteps.begin(), kMiddleSteps.end());
        rest.insert(rest.end(), kLastSteps.begin(), kLastSteps.end());
        takeTurns(steps, label, story, monday, rest, false, 8 * kMinute);
        steps.push_back({monday + 90 * kMinute, true, repairStatus(label, "repaired")});
        plan.add(std::move(steps), story.draft.happenedAt);
    }
    // The one in progress: begun two days ago; Maya has written the next step, Jonas has not.
    // Hers, not his, for the reason the open reading is hers (planOpenCheckIn): his real device
    // can write his and both open, where one of his from the device in memory never could.
    const std::string today = utcToLocal(plan.now(), plan.zone()).substr(0, 10);
    const RepairStory story = voiceMessageStory(plan.at(today, -2, "13:10"));
    const std::string label = "repair/voice-message";
    const Millis start = plan.at(today, -2, "21:00");
    std::vector<TalkStep> steps = {{start, false, startRepair(label, story.draft)}};
    takeTurns(steps, label, story, start + 5 * kMinute, {"calm", "feelings"}, false, 12 * kMinute);
    steps.push_back({plan.at(today, -1, "08:30"), false,
                     writeStep(label, "reality", story.maya.at("reality"))});
    steps.push_back({plan.at(today, -1, "17:45"), true,
                     writeStep(label, "reality", story.jonas.at("reality"))});
    steps.push_back({plan.at(today, -1, "21:20"), false,
                     writeStep(label, "understood", story.maya.at("understood"))});
    plan.add(std::move(steps), story.draft.happenedAt);
}

/// A map item of one partner's.
Write needItem(const char *kind, const char *detail, const char *text, const char *suggestion,
               bool shared, const char *note = "")
{
    return [=](Side &side) { side.needs.add({kind, detail, text, suggestion, note, shared}); };
}

/// A moment Maya noted, private unless `shared`.
struct MomentStory {
    int daysAgo;
    const char *hhmm;
    const char *situation;
    std::vector<std::string> body;
    const char *emotion;
    int intensity;
    const char *reaction;
    std::vector<std::string> needed;
    bool shared = false;
};

const std::vector<MomentStory> kMoments = {
    {86, "23:10", "Jonas went quiet on the phone after a hard day", {"tight-chest"}, "worried", 6,
     "I kept asking what was wrong", {"reassurance"}},
    {79, "21:40", "A plan changed at the last minute", {"restless"}, "frustrated", 4,
     "I said it was fine when it was not", {"reliability"}},
    {71, "22:30", "No message after his flight landed", {"tight-chest", "racing-heart"}, "scared", 7,
     "I checked my phone again and again", {"reassurance"}},
    {64, "19:15", "He checked his phone while I was talking", {"hot-face"}, "hurt", 5,
     "I went quiet", {"being-heard"}},
    {57, "23:45", "Jonas went quiet on the phone after a hard day", {"tight-chest"}, "lonely", 6,
     "I wrote a long message, then deleted it", {"closeness"}},
    {50, "22:05", "Our call was cut short again", {"heavy-tired"}, "sad", 5, "I went to bed early",
     {"quality-time"}, true},
    {44, "08:30", "A tense message before work", {"knot-stomach"}, "worried", 4,
     "I asked him to call at lunch", {"reassurance"}},
    {37, "21:50", "He forgot the thing I asked him to do", {"hot-face"}, "frustrated", 5,
     "I pointed it out, sharply", {"reliability"}},
    {29, "22:40", "No message after his flight landed", {"racing-heart"}, "scared", 6,
     "I sent our signal instead of calling five times", {"reassurance"}, true},
    {22, "20:10", "Jonas went quiet on the phone after a hard day", {"tight-chest"}, "worried", 4,
     "I waited, and asked once", {"reassurance"}},
    {15, "22:20", "A plan changed at the last minute", {"restless"}, "sad", 3,
     "I said how I felt, calmly", {"reliability"}},
    {8, "23:00", "Our call was cut short again", {"heavy-tired"}, "lonely", 4, "I wrote down what I missed",
     {"quality-time", "closeness"}},
    {3, "21:30", "He was distant after seeing his parents", {"tight-chest"}, "worried", 3,
     "I offered a walk instead of asking questions", {"closeness"}},
};

/// Write a step whose story names an earlier one by label; skipped when that one was left out.
Write withId(const std::string &label, std::function<void(Side &, const std::string &)> run)
{
    return [label, run = std::move(run)](Side &side) {
        const auto it = side.ids.find(label);
        if (it != side.ids.end())
            run(side, it->second);
    };
}

/// The Us section: both partners' maps of their needs (his private items stay on his device),
/// Maya's moments over the weeks, a signal that became theirs and one Jonas proposed, a few
/// one-tap signals with their replies (the last one, a few minutes old, waits for Maya), and
/// their agreements: one made from a repair's plan, one due for review today, one Jonas
/// proposed.
void planUs(TalkPlan &plan)
{
    const Millis now = plan.now();
    const std::string today = utcToLocal(now, plan.zone()).substr(0, 10);
    // The maps are written near the start of the history, however short it is.
    const Millis start = std::max(now - 88 * kDay, std::min(plan.earliest() + kHour, now - 3 * kHour));
    plan.add({
        {start, false, needItem("need", "", "Hearing that we are okay", "reassurance", true)},
        {start + kMinute, false, needItem("need", "", "Time that is only ours", "quality-time", true)},
        {start + 2 * kMinute, false,
         needItem("trigger", "situation", "You go quiet after a hard day", "", false,
                  "Mostly when we are apart and I cannot see your face.")},
        {start + 3 * kMinute, false, needItem("trigger", "body", "A tight chest", "", false)},
        {start + 4 * kMinute, false,
         needItem("trigger", "sign", "I check my phone again and again", "", true)},
        {start + 5 * kMinute, false, needItem("helps", "", "A hug before we talk", "", true)},
        {start + 6 * kMinute, false, needItem("helps", "", "A walk on my own by the river", "", false)},
        {start + 2 * kHour, true, needItem("need", "", "Some room to land after work", "space", true)},
        {start + 2 * kHour + kMinute, true, needItem("need", "", "Being noticed for what I do", "appreciation", true)},
        {start + 2 * kHour + 2 * kMinute, true,
         needItem("trigger", "situation", "Being asked what is wrong, again and again", "", true)},
        {start + 2 * kHour + 3 * kMinute, true,
         needItem("helps", "", "Twenty minutes to myself, then a hug", "", true)},
        // His alone: written on his device, it never reaches this profile.
        {start + 2 * kHour + 4 * kMinute, true,
         needItem("trigger", "body", "My jaw gets tight", "", false)},
    });
    for (const MomentStory &m : kMoments) {
        const Millis at = localToUtc(shiftDay(today, -m.daysAgo) + "T" + m.hhmm, plan.zone());
        ActivationDraft d;
        d.happenedAt = at;
        d.situation = m.situation;
        d.body = m.body;
        d.emotion = m.emotion;
        d.intensity = m.intensity;
        d.reaction = m.reaction;
        d.needed = m.needed;
        d.shared = m.shared;
        plan.add({{at + 20 * kMinute, false, [d](Side &side) { side.needs.logActivation(d); }}});
    }
    // A Learn card Maya recognised herself in; her reflection stays on her devices.
    plan.add({{now - 20 * kDay, false, [](Side &side) {
                   side.needs.saveReflection("chase-and-retreat",
                                             "When he goes quiet I ask more, and then he goes quieter. "
                                             "Asking once and waiting helped last week.");
               }}});
    // Their first signal: Maya proposes it after a hard evening, Jonas takes it the next day.
    const Millis proposed = now - 60 * kDay;
    plan.add({
        {proposed, false,
         [](Side &side) {
             side.ids["signal/pineapple"] =
                 side.signalBook.propose("Pineapple", "I'm flooded and need twenty minutes. I will come back.");
         }},
        {proposed + 20 * kHour, true,
         withId("signal/pineapple", [](Side &side, const std::string &id) { side.signalBook.accept(id); })},
    });
    plan.add({
        {now - 3 * kDay, true,
         [](Side &side) {
             side.ids["signal/tea"] = side.signalBook.propose("Tea?", "Shall we sit down together for ten minutes?");
         }},
    });
    // One-tap signals and their replies.
    plan.add({
        {now - 2 * kDay - 5 * kHour, true, [](Side &side) { side.ids["message/thinking"] = side.signalBook.send("thinking"); }},
        {now - 2 * kDay - 4 * kHour, false,
         withId("message/thinking", [](Side &side, const std::string &id) { side.signalBook.reply(id, "thanks"); })},
        {now - kDay - 3 * kHour, false, [](Side &side) { side.ids["message/hug"] = side.signalBook.send("hug"); }},
        {now - kDay - 3 * kHour + 4 * kMinute, true,
         withId("message/hug", [](Side &side, const std::string &id) { side.signalBook.reply(id, "coming"); })},
    });
    plan.add({{now - 12 * kMinute, true, [](Side &side) { side.signalBook.send("talk"); }}});
    // Agreements: the first one, reviewed today; one from the plan Maya made after the phone
    // repair; one Jonas proposes.
    plan.add({
        {now - 45 * kDay, false,
         [today](Side &side) {
             side.ids["agreement/late"] = side.agreements.propose(
                 {"When one of us is running late", "We text before six, even if it is one word.", today, ""});
         }},
        {now - 45 * kDay + 5 * kHour, true,
         withId("agreement/late", [](Side &side, const std::string &id) { side.agreements.agree(id); })},
    });
    plan.add({
        {now - 30 * kDay, false,
         withId("repair/phone",
                [today](Side &side, const std::string &repairId) {
                    AgreementDraft d = side.agreements.fromCommitment(repairId + ":" + side.book.profile().me.id);
                    d.reviewOn = shiftDay(today, 60);
                    side.ids["agreement/phone"] = side.agreements.propose(d);
                })},
        {now - 30 * kDay + 3 * kHour, true,
         withId("agreement/phone", [](Side &side, const std::string &id) { side.agreements.agree(id); })},
    });
    plan.add({
        {now - kDay, true,
         [today](Side &side) {
             side.agreements.propose({"When a call with family leaves one of us upset",
                                      "We take a short walk together before we talk it through.",
                                      shiftDay(today, 90), ""});
         }},
    });
}

/// Plans the check-ins and repairs of the last ten weeks of the weekly check-in ritual: one from
/// each of its occurrences (the moved one at its new time), the State of the Union after the hard
/// weeks, a few daily readings, the repairs, and the reading Jonas has not answered yet.
void planTalks(TalkPlan &plan, Dice &dice, const std::vector<Ritual> &rituals,
               const std::vector<Past> &past)
{
    std::map<int, std::string> weekDays; // story week -> the day of its check-in
    for (std::size_t k = 0; k < rituals.size(); ++k) {
        if (rituals[k].templateId != "weekly-check-in")
            continue;
        std::vector<const ScheduledOccurrence *> over;
        for (const ScheduledOccurrence &o : past[k].occurrences)
            if (o.startUtc + 90 * kMinute <= plan.now())
                over.push_back(&o);
        const std::size_t weeks = std::min(over.size(), kWeeks.size());
        for (std::size_t i = 0; i < weeks; ++i) {
            ScheduledOccurrence o = *over[over.size() - weeks + i];
            const int week = static_cast<int>(kWeeks.size() - weeks + i);
            weekDays[week] = o.localStart.substr(0, 10);
            // The moved one happens at its new time, still as that week's occurrence.
            if (o.localStart == past[k].moved)
                o.startUtc = localToUtc(past[k].movedTo, plan.zone());
            if (o.startUtc + 90 * kMinute <= plan.now())
                planWeekly(plan, dice, rituals[k], o, week);
        }
    }
    const auto fifth = weekDays.find(5);
    for (std::size_t k = 0; k < rituals.size() && fifth != weekDays.end(); ++k) {
        if (rituals[k].templateId != "state-of-the-union")
            continue;
        const Millis after = plan.at(fifth->second, 1, "00:00");
        for (const ScheduledOccurrence &o : past[k].occurrences) {
            if (o.startUtc < after)
                continue;
            if (o.startUtc + 2 * kHour <= plan.now())
                planStateOfTheUnion(plan, dice, rituals[k], o);
            break;
        }
    }
    planTemperatures(plan, weekDays);
    planRepairs(plan, weekDays);
    planOpenCheckIn(plan);
    planUs(plan);
}

/// Writes the events and the talk steps in one time order, moving the clock to each; leaves it
/// at `nowUtc`.
void play(RitualBook &book, std::vector<Event> &events, Millis nowUtc, ManualClock *clock,
          Talks *talks = nullptr, std::vector<TalkStep> *steps = nullptr)
{
    std::stable_sort(events.begin(), events.end(),
                     [](const Event &a, const Event &b) { return a.at < b.at; });
    if (steps)
        std::stable_sort(steps->begin(), steps->end(),
                         [](const TalkStep &a, const TalkStep &b) { return a.at < b.at; });
    std::size_t next = 0;
    auto talkUntil = [&](Millis until) {
        while (talks && steps && next < steps->size() && (*steps)[next].at <= until)
            talks->run((*steps)[next++]);
    };
    for (const Event &e : events) {
        talkUntil(e.at - 1);
        if (clock)
            clock->set(std::min(e.at, nowUtc));
        switch (e.act) {
        case Event::Act::Done: book.markDone(e.ritualId, e.localStart, e.text, e.rating); break;
        case Event::Act::Skip: book.skip(e.ritualId, e.localStart, e.text); break;
        case Event::Act::Move: book.move(e.ritualId, e.localStart, e.text); break;
        case Event::Act::Pause: book.setStatus(e.ritualId, RitualStatus::Paused); break;
        }
    }
    talkUntil(nowUtc);
    if (clock)
        clock->set(nowUtc);
}


// ---------------------------------------------------------------------------------------------
// Care (issue 6): a therapist linked to a couple. The therapist's device holds only the `care`
// key, so it is given, and gives, nothing but `care` rows; the partners exchange everything but
// private rows, as in the talks above.

/// One device of a couple's care space in the demo.
struct CareDevice {
    Store *store = nullptr;
    ManualClock *clock = nullptr; ///< nullptr: its writes carry its own clock's time
    bool therapist = false;
    /// Keeps what arrives in its change log (the profile being filled), so that its first sync
    /// hands it on to the devices that are not in memory.
    bool logged = false;
};

/// The devices of one couple's space, exchanging what sync carries between them.
class CareNet {
public:
    void add(CareDevice &device) { m_devices.push_back(&device); }

    /// Every device's clock at `at`.
    void at(Millis at)
    {
        for (CareDevice *d : m_devices)
            if (d->clock)
                d->clock->set(at);
    }

    /// Until no device has anything new for another: a merge may make a device write (a care
    /// card, a copy, a published key).
    void sync()
    {
        bool moved = true;
        while (moved) {
            moved = false;
            for (std::size_t from = 0; from < m_devices.size(); ++from)
                for (std::size_t to = 0; to < m_devices.size(); ++to)
                    if (from != to && deliver(from, to) > 0)
                        moved = true;
        }
    }

private:
    /// What `from` wrote or was given since last time, to `to`: `care` rows only when either is
    /// the therapist's, else all but private rows; never what `to` wrote itself. Then `to` does
    /// what the sync client does after a merge.
    std::size_t deliver(std::size_t fromIndex, std::size_t toIndex)
    {
        CareDevice &from = *m_devices[fromIndex];
        CareDevice &to = *m_devices[toIndex];
        const bool careOnly = from.therapist || to.therapist;
        std::int64_t &seen = m_seen[{fromIndex, toIndex}];
        std::vector<Change> changes;
        while (true) {
            auto log = from.store->changeLog(seen, 1000);
            if (log.empty())
                break;
            for (auto &entry : log) {
                seen = entry.first;
                const std::string &scope = entry.second.scope;
                const bool carried = careOnly ? scope == kScopeCare : scope != kScopePrivate;
                if (carried && entry.second.stamp.device != to.store->deviceId())
                    changes.push_back(std::move(entry.second));
            }
        }
        if (changes.empty())
            return 0;
        if (to.logged)
            to.store->restore(changes);
        else
            to.store->merge(changes);
        if (!to.therapist) {
            fair::revealDue(*to.store);
            settleSharedCopies(*to.store);
        }
        settleCare(*to.store);
        return changes.size();
    }

    std::vector<CareDevice *> m_devices;
    std::map<std::pair<std::size_t, std::size_t>, std::int64_t> m_seen;
};

constexpr const char *kTherapistName = "Dr. Ana Ruiz";

const CarePolicy kTherapistPolicy{
    "limited-secrets",
    "I work with the two of you as a couple. If one of you tells me something on your own, I keep "
    "it between us unless it touches your safety or gets in the way of our work together; then I "
    "will help you bring it into a joint session rather than share it myself. I read what you "
    "share in Hearth between sessions, not as it happens, so please do not use it for anything "
    "urgent."};

const Exercise &demoExercise(const ContentLibrary &content, const std::string &id)
{
    const Exercise *e = content.exercise(id);
    if (!e)
        throw ValidationError("exercise", "The content library has no exercise \"" + id
                                              + "\" that the demo needs.");
    return *e;
}

/// A reflection's answers: one text per prompt of the exercise, in order, as many as given.
json answersFor(const Exercise &exercise, const std::vector<std::string> &texts)
{
    json answers = json::array();
    for (std::size_t i = 0; i < texts.size() && i < exercise.prompts.size(); ++i)
        answers.push_back({{"prompt", exercise.prompts[i]}, {"text", texts[i]}});
    return answers;
}

/// The writes of one couple's care story, each on its device at its time and synced at once;
/// `first` is the partner who invites the therapist.
class CareStory {
public:
    CareStory(CareNet &net, CareDevice &first, CareDevice &therapist,
              const ContentLibrary &content, std::string therapistId, std::string zone,
              Millis nowUtc)
        : m_net(net), m_first(first), m_therapist(therapist),
          m_content(content), m_therapistId(std::move(therapistId)), m_zone(std::move(zone)),
          m_today(utcToLocal(nowUtc, m_zone).substr(0, 10)), m_now(nowUtc)
    {
    }

    /// `hhmm` on the day `days` after today, in the couple's zone; never later than now.
    [[nodiscard]] Millis at(int days, const char *hhmm) const
    {
        return std::min(localToUtc(shiftDay(m_today, days) + "T" + hhmm, m_zone), m_now - kMinute);
    }
    [[nodiscard]] std::string day(int days) const { return shiftDay(m_today, days); }
    [[nodiscard]] const std::string &therapistId() const { return m_therapistId; }

    /// Runs `write` on `device`'s store at `when`, then syncs.
    template <typename Write> auto on(CareDevice &device, Millis when, Write write)
    {
        m_net.at(when);
        Care care(*device.store, m_content);
        if constexpr (std::is_void_v<decltype(write(care))>) {
            write(care);
            m_net.sync();
        } else {
            auto result = write(care);
            m_net.sync();
            return result;
        }
    }

    void invite(Millis when)
    {
        on(m_first, when, [this](Care &c) { c.noteInvite(m_therapistId); });
    }
    void accept(CareDevice &partner, Millis when)
    {
        on(partner, when, [](Care &c) { c.acceptPolicy(); });
    }
    std::string assign(Millis when, const std::string &exerciseId, const std::string &assignee,
                       const std::string &dueOn, int everyDays, int times, const std::string &note)
    {
        AssignmentDraft draft{demoExercise(m_content, exerciseId), assignee, dueOn, everyDays,
                              times, note};
        return on(m_therapist, when, [&draft](Care &c) { return c.assign(draft); });
    }
    void complete(CareDevice &partner, Millis when, const std::string &assignmentId, int occurrence)
    {
        on(partner, when, [&](Care &c) { c.complete(assignmentId, occurrence); });
    }
    void reflect(CareDevice &partner, Millis when, const std::string &assignmentId, int occurrence,
                 const std::vector<std::string> &texts, bool shared)
    {
        on(partner, when, [&](Care &c) {
            const auto assignment = c.assignment(assignmentId);
            if (!assignment)
                throw ValidationError("assignment", "The demo's assignment is not shown on this device.");
            c.writeReflection(assignmentId, occurrence, answersFor(assignment->exercise, texts),
                              shared);
        });
    }
    void shareTrends(CareDevice &partner, Millis when, const std::string &zone)
    {
        on(partner, when, [&zone](Care &c) {
            c.setShareTrends(true, zone);
            c.publishTrends(zone);
        });
    }

private:
    CareNet &m_net;
    CareDevice &m_first;
    CareDevice &m_therapist;
    const ContentLibrary &m_content;
    std::string m_therapistId;
    std::string m_zone;
    std::string m_today;
    Millis m_now;
};

/// How the therapist's device joins a couple's space at a time: afterwards it is in the net,
/// holds what it pulled and has written the therapist's name and policy.
using Join = std::function<void(Millis)>;

/// Maya and Jonas with Dr. Ruiz, over the last two weeks: she invites, both accept the policy, a
/// weekly stress-reducing conversation (the first done by both: Maya's reflection shared, Jonas's
/// kept private), a self-compassion break for Maya a day overdue, love maps due in two days, and
/// Jonas shares his check-in trends.
void mayaAndJonasCare(CareStory &story, CareDevice &maya, CareDevice &jonas, const Profile &couple,
                      const Join &join)
{
    story.invite(story.at(-14, "19:10"));
    join(story.at(-14, "21:30"));
    story.accept(maya, story.at(-13, "08:15"));
    story.accept(jonas, story.at(-13, "23:40")); // 18:40 in Toronto
    const std::string talk = story.assign(
        story.at(-12, "10:00"), "stress-reducing-conversation", "", story.day(-6), 7, 4,
        "Twenty minutes over video, only about stress from outside the two of you. Notice the "
        "moment you want to give advice, and ask a question instead.");
    story.assign(story.at(-8, "09:30"), "self-compassion-break", couple.me.id, story.day(-1), 0, 1,
                 "For the evenings when the distance feels heavy: try this before you reach for "
                 "your phone.");
    story.complete(maya, story.at(-6, "21:35"), talk, 0);
    story.complete(jonas, story.at(-6, "21:40"), talk, 0);
    story.reflect(maya, story.at(-6, "21:55"), talk, 0,
                  {"When I told him about the reorganisation at work and he said it sounded "
                   "exhausting, instead of telling me what to do.",
                   "When he talked about his manager. I asked what he needed from me, and he said "
                   "just to listen. So I did."},
                  true);
    story.reflect(jonas, story.at(-6, "23:30"), talk, 0,
                  {"When she didn't jump in with advice about my manager.",
                   "I wanted to fix her work problem straight away. Biting my tongue was harder "
                   "than I expected."},
                  false);
    story.shareTrends(jonas, story.at(-5, "23:00"), couple.partner.timeZone);
    story.assign(story.at(-3, "10:15"), "love-maps", "", story.day(2), 0, 1,
                 "Play it over a video call. Write your ten questions the day before.");
}

/// The therapist's own exercise in the practice demo.
Exercise walkExercise()
{
    Exercise e;
    e.format = "custom";
    e.title = "A walk and three questions";
    e.purpose = "An unhurried walk side by side, for couples who find it easier to talk while "
                "moving than face to face.";
    e.who = "together";
    e.minutes = 40;
    e.steps = {"Go for a walk of about half an hour together, without headphones.",
               "On the way out, each of you answers: what was the best moment of your week?",
               "At the turning point, each of you answers: what is on your mind that I may not "
               "know about?",
               "On the way back, each of you answers: what would you like more of from me next "
               "week?"};
    e.prompts = {"What did you learn on the walk?", "What would you like to keep from it?"};
    e.source = "Dr. Ana Ruiz's own exercise";
    return e;
}

/// The therapist's role as SyncClient::joinAsTherapist leaves a device: its member id, the
/// therapist role and the space (no server, token or keys: the demo never syncs).
void markTherapistReplica(Store &store, const std::string &therapistId, const std::string &spaceId)
{
    store.apply({}, {{"member_id", therapistId}, {"sync.role", "therapist"}, {"sync.space", spaceId}});
}

/// One couple of the practice demo: two partner devices in memory, with `draft`'s names and
/// zones (and the couple's demo history when `history`), linked to the practice as
/// sync/client/carelink.cpp links one, then `story` runs on them.
void practiceCouple(Practice &practice, ManualClock &clock, RandomSource &random,
                    const ContentLibrary &content, const ProfileDraft &draft, Millis nowUtc,
                    std::uint64_t seed, bool history,
                    const std::function<void(CareStory &, CareDevice &, CareDevice &,
                                             const Profile &, const Join &)> &story)
{
    ManualClock firstClock(nowUtc), secondClock(nowUtc);
    SeededRandom firstRandom(seed), secondRandom(seed ^ 0x7061'7274'6e65'72ULL);
    Store firstStore(":memory:", firstClock, firstRandom);
    Store secondStore(":memory:", secondClock, secondRandom);
    RitualBook book(firstStore);
    constexpr int historyDays = 70;
    firstClock.set(nowUtc - (history ? historyDays + 1 : 30) * kDay);
    book.createProfile(draft);
    if (history)
        fillDemo(book, content, nowUtc, historyDays, seed, &firstClock);
    const Profile couple = book.profile();
    secondStore.setMeta("space_id", couple.space.id);
    secondStore.setMeta("member_id", couple.partner.id);

    CareDevice first{&firstStore, &firstClock, false, false};
    CareDevice second{&secondStore, &secondClock, false, false};
    CareDevice therapist{nullptr, &clock, true, false};
    CareNet net;
    net.add(first);
    net.add(second);
    net.at(nowUtc - 30 * kDay);
    net.sync();

    const std::string therapistId = firstStore.newId();
    CareStory writes(net, first, therapist, content, therapistId, couple.me.timeZone, nowUtc);
    const Join join = [&](Millis when) {
        net.at(when);
        clock.set(when);
        const std::filesystem::path folder = practice.newPendingFolder();
        {
            Store pending(folder / "profile.db", clock, random);
            markTherapistReplica(pending, therapistId, couple.space.id);
            therapist.store = &pending;
            net.add(therapist);
            net.sync();
        }
        // Closed, as the join leaves it, before the practice moves the folder to its space id.
        therapist.store = &practice.couple(practice.adoptPending(folder));
        net.sync();
    };
    story(writes, first, second, couple, join);
    clock.set(nowUtc);
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

    // Each ritual's past occurrences, and the one of date night and of the check-in that was moved
    // to the next day.
    std::vector<Past> past;
    for (const Ritual &r : rituals) {
        Past p;
        p.occurrences = expand(r.schedule, t0, &r == &paused ? pausedAt : nowUtc, 100'000);
        const Millis duration = Millis{r.schedule.durationMinutes} * kMinute;
        if ((r.templateId == "date-night" || r.templateId == "weekly-check-in")
            && p.occurrences.size() >= 3) {
            const std::size_t back = r.templateId == "date-night" ? 2 : p.occurrences.size() / 2;
            const auto &o = p.occurrences[p.occurrences.size() - 1 - back];
            const std::string to =
                nextDay(o.localStart, zone, r.templateId == "date-night" ? "" : "19:30");
            if (localToUtc(to, zone) + duration < nowUtc) {
                p.moved = o.localStart;
                p.movedStart = o.startUtc;
                p.movedTo = to;
            }
        }
        past.push_back(std::move(p));
    }

    // Check-ins and repairs, on both partners' devices; the check-ins that came from a ritual
    // mark their occurrences done.
    Talks talks(book.store(), content, clock, seed, t0 + 10 * kMinute);
    TalkPlan plan(t0 + 30 * kMinute, nowUtc, zone);
    Dice talkDice(seed ^ 0x7461'6c6bULL);
    if (!book.profile().partner.id.empty())
        planTalks(plan, talkDice, rituals, past);

    std::vector<Event> events;
    events.push_back({pausedAt, Event::Act::Pause, paused.id, {}, {}, 0});
    for (std::size_t k = 0; k < rituals.size(); ++k) {
        const Ritual &r = rituals[k];
        const Past &p = past[k];
        const bool daily = r.schedule.rrule.find("FREQ=DAILY") != std::string::npos;
        const Millis duration = Millis{r.schedule.durationMinutes} * kMinute;
        if (!p.moved.empty()) {
            events.push_back({std::max(t0 + kHour, p.movedStart - 2 * kDay), Event::Act::Move, r.id,
                              p.moved, p.movedTo, 0});
            if (plan.linked.count({r.id, p.moved}) == 0)
                events.push_back({localToUtc(p.movedTo, zone) + duration + 20 * kMinute,
                                  Event::Act::Done, r.id, p.moved, noteFor(dice, r.kind),
                                  ratingFor(dice)});
        }

        for (std::size_t i = 0; i < p.occurrences.size(); ++i) {
            const auto &o = p.occurrences[i];
            if (o.localStart == p.moved || o.startUtc + duration > nowUtc
                || plan.linked.count({r.id, o.localStart}) > 0)
                continue;
            // Early weeks are patchier: misses fall from about 16% to 5% over the history.
            const double progress =
                static_cast<double>(i) / static_cast<double>(p.occurrences.size());
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
    play(book, events, nowUtc, clock, &talks, &plan.steps);
}

void fillCareDemo(RitualBook &book, const ContentLibrary &content, Millis nowUtc, ManualClock *clock)
{
    if (!book.hasProfile() || book.profile().partner.id.empty())
        throw ValidationError("profile", "The care demo adds a therapist to a couple's profile: "
                                         "make the couple's demo first.");
    Store &mine = book.store();
    if (Care(mine, content).link())
        throw ValidationError("therapist", "This profile already has a therapist link.");
    for (const char *id : {"stress-reducing-conversation", "love-maps", "self-compassion-break"})
        (void)demoExercise(content, id);
    const Profile couple = book.profile();

    // Jonas's device and Dr. Ruiz's, in memory, seeded from this store's random source so that
    // the same profile gives the same demo.
    const std::uint64_t seed = std::stoull(mine.newId(), nullptr, 16);
    const std::string therapistId = mine.newId();
    const Millis start = nowUtc - 15 * kDay;
    ManualClock jonasClock(start), therapistClock(start);
    SeededRandom jonasRandom(seed ^ 0x4a6f6e6173ULL), therapistRandom(seed ^ 0x416e61ULL);
    Store jonasStore(":memory:", jonasClock, jonasRandom);
    Store therapistStore(":memory:", therapistClock, therapistRandom);
    jonasStore.setMeta("space_id", couple.space.id);
    jonasStore.setMeta("member_id", couple.partner.id);

    CareDevice maya{&mine, clock, false, true};
    CareDevice jonas{&jonasStore, &jonasClock, false, false};
    CareDevice therapist{&therapistStore, &therapistClock, true, false};
    CareNet net;
    net.add(maya);
    net.add(jonas);
    net.at(start);
    net.sync();

    CareStory story(net, maya, therapist, content, therapistId, couple.me.timeZone, nowUtc);
    mayaAndJonasCare(story, maya, jonas, couple, [&](Millis when) {
        markTherapistReplica(therapistStore, therapistId, couple.space.id);
        net.add(therapist);
        net.at(when);
        net.sync();
        story.on(therapist, when, [&therapistId](Care &c) {
            c.writeTherapist(therapistId, kTherapistName, kTherapistPolicy);
        });
    });
    if (clock)
        clock->set(nowUtc);
}

void fillPracticeDemo(const std::filesystem::path &dir, const ContentLibrary &content, Millis nowUtc,
                      std::uint64_t seed)
{
    for (const char *id : {"stress-reducing-conversation", "love-maps", "self-compassion-break",
                           "state-of-the-union"})
        (void)demoExercise(content, id);
    ManualClock clock(nowUtc - 30 * kDay);
    SeededRandom random(seed);
    Practice practice(dir, clock, random, content);
    if (practice.exists())
        throw ValidationError("dir", "This folder already holds a practice: make the demo in an "
                                     "empty one.");
    practice.create({kTherapistName, "Europe/Lisbon", kTherapistPolicy});
    practice.saveExercise(walkExercise());

    // Maya & Jonas: their demo history (for Jonas's trends) and the care story of fillCareDemo.
    practiceCouple(practice, clock, random, content, kCouple, nowUtc, seed ^ 0x6d617961ULL, true,
                   [](CareStory &story, CareDevice &maya, CareDevice &jonas, const Profile &couple,
                      const Join &join) { mayaAndJonasCare(story, maya, jonas, couple, join); });

    // Sam & Alex: linked last week; a weekly State of the Union just assigned, due tomorrow.
    practiceCouple(practice, clock, random, content,
                   {"Sam", "Europe/Lisbon", "Alex", "Europe/Lisbon"}, nowUtc, seed ^ 0x73616dULL,
                   false,
                   [](CareStory &story, CareDevice &sam, CareDevice &alex, const Profile &,
                      const Join &join) {
                       story.invite(story.at(-7, "18:00"));
                       join(story.at(-7, "19:30"));
                       story.accept(alex, story.at(-6, "09:05"));
                       story.accept(sam, story.at(-6, "12:40"));
                       story.assign(story.at(-1, "17:00"), "state-of-the-union", "", story.day(1),
                                    7, 4,
                                    "Keep it to one issue each week; start with the "
                                    "appreciations even when it feels silly.");
                   });

    // Priya & Tom: invited three days ago; Priya accepted the policy, Tom has not yet.
    practiceCouple(practice, clock, random, content,
                   {"Priya", "Europe/London", "Tom", "Europe/London"}, nowUtc, seed ^ 0x7072ULL,
                   false,
                   [](CareStory &story, CareDevice &priya, CareDevice &, const Profile &,
                      const Join &join) {
                       story.invite(story.at(-3, "20:00"));
                       join(story.at(-3, "21:15"));
                       story.accept(priya, story.at(-2, "07:50"));
                   });
    clock.set(nowUtc);
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
