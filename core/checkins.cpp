#include "checkins.h"

#include "contentlibrary.h"
#include "errors.h"
#include "fairreveal.h"
#include "ritualbook.h"
#include "schedule.h"
#include "store.h"

#include <date/date.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace hearth {

using nlohmann::json;

namespace {

constexpr const char *kAnswerEntity = "checkin_answer";

[[noreturn]] void invalid(const Question &q, const std::string &message)
{
    throw ValidationError(q.id, "\"" + q.prompt + "\": " + message);
}

void checkText(const Question &q, const json &value, const char *what)
{
    if (!value.is_string())
        invalid(q, std::string(what) + " must be text");
    if (fair::characters(value.get_ref<const std::string &>()) > static_cast<std::size_t>(q.maxLength))
        invalid(q, std::string(what) + " can be at most " + std::to_string(q.maxLength)
                       + " characters");
}

void checkAnswer(const Question &q, const json &value)
{
    switch (q.kind) {
    case QuestionKind::Scale:
        if (!value.is_number_integer() || value.get<int>() < q.min || value.get<int>() > q.max)
            invalid(q, "choose a number from " + std::to_string(q.min) + " to "
                           + std::to_string(q.max));
        return;
    case QuestionKind::Text:
        checkText(q, value, "the answer");
        return;
    case QuestionKind::Needs: {
        if (!value.is_array())
            invalid(q, "the answer is a list of needs");
        std::set<std::string> seen;
        for (const json &need : value) {
            if (!need.is_string()
                || std::find(q.needs.begin(), q.needs.end(), need.get<std::string>()) == q.needs.end())
                invalid(q, "choose needs from the list");
            if (!seen.insert(need.get<std::string>()).second)
                invalid(q, "each need once");
        }
        if (seen.size() > static_cast<std::size_t>(q.maxChoices))
            invalid(q, "choose at most " + std::to_string(q.maxChoices));
        return;
    }
    case QuestionKind::Appreciations:
        if (!value.is_array() || value.size() > static_cast<std::size_t>(q.count))
            invalid(q, "at most " + std::to_string(q.count) + " appreciations");
        for (const json &one : value)
            checkText(q, one, "an appreciation");
        return;
    case QuestionKind::FeelingStatement:
        if (!value.is_object())
            invalid(q, "the answer has the parts of the sentence");
        for (const auto &item : value.items()) {
            const std::string &part = item.key();
            const bool known = std::any_of(q.parts.begin(), q.parts.end(),
                                           [&](const StatementPart &p) { return p.id == part; });
            if (!known)
                invalid(q, "the sentence has no part \"" + part + "\"");
            checkText(q, item.value(), "each part");
        }
        return;
    }
}

std::string answerId(const std::string &checkinId, const std::string &memberId)
{
    return checkinId + ":" + memberId;
}

/// The Monday of the week holding `utc`, as "YYYY-MM-DD" in `timeZone`.
std::string weekOf(Millis utc, const std::string &timeZone)
{
    const std::string local = utcToLocal(utc, timeZone); // "YYYY-MM-DDTHH:MM"
    std::istringstream in(local.substr(0, 10));
    date::year_month_day day{};
    in >> date::parse("%F", day);
    const date::sys_days days{day};
    const date::sys_days monday = days - (date::weekday{days} - date::Monday);
    return date::format("%F", monday);
}

/// Adds one person's answers of one check-in to their trend.
struct Tally {
    std::map<std::string, std::pair<double, int>> mood, closeness, stress; // week -> sum, count
    std::map<std::string, int> needs;
};

void tally(Tally &t, const QuestionSet &set, const json &answers, const std::string &week)
{
    const std::pair<Measure, std::map<std::string, std::pair<double, int>> *> measures[] = {
        {Measure::Mood, &t.mood}, {Measure::Closeness, &t.closeness}, {Measure::Stress, &t.stress}};
    for (const auto &[measure, series] : measures) {
        const Question *q = set.questionFor(measure);
        if (!q)
            continue;
        const auto it = answers.find(q->id);
        if (it == answers.end() || !it->is_number_integer())
            continue;
        auto &[sum, count] = (*series)[week];
        sum += it->get<double>();
        ++count;
    }
    for (const Question &q : set.questions) {
        const auto it = answers.find(q.id);
        if (q.kind != QuestionKind::Needs || it == answers.end() || !it->is_array())
            continue;
        for (const json &need : *it)
            if (need.is_string())
                ++t.needs[need.get<std::string>()];
    }
}

CheckInTrends::Person personOf(const std::string &memberId, const Tally &t)
{
    CheckInTrends::Person p;
    p.memberId = memberId;
    auto points = [](const std::map<std::string, std::pair<double, int>> &series) {
        std::vector<CheckInTrends::Point> out;
        for (const auto &[week, sumCount] : series)
            out.push_back({week, sumCount.first / sumCount.second, sumCount.second});
        return out;
    };
    p.mood = points(t.mood);
    p.closeness = points(t.closeness);
    p.stress = points(t.stress);
    p.needs.assign(t.needs.begin(), t.needs.end());
    std::stable_sort(p.needs.begin(), p.needs.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    return p;
}

} // namespace

void checkAnswers(const QuestionSet &set, const json &answers, bool complete)
{
    if (!answers.is_object())
        throw ValidationError("answers", "Answers go by question.");
    for (const auto &[id, value] : answers.items()) {
        const Question *q = set.question(id);
        if (!q)
            throw ValidationError(id, "\"" + set.title + "\" has no question \"" + id + "\".");
        if (!value.is_null())
            checkAnswer(*q, value);
    }
    if (!complete)
        return;
    for (const Question &q : set.questions) {
        const auto it = answers.find(q.id);
        if (q.required && (it == answers.end() || !fair::answered(*it)))
            invalid(q, "this one needs an answer before you submit");
        // "I feel ... about ... I need ...": once any part is written, all of them.
        if (q.kind == QuestionKind::FeelingStatement && it != answers.end() && fair::answered(*it)) {
            for (const StatementPart &part : q.parts) {
                if (!it->is_object() || !fair::answered(it->value(part.id, json())))
                    invalid(q, "finish the sentence: \"" + part.label + "\" is still empty");
            }
        }
    }
}

CheckIns::CheckIns(Store &store, const ContentLibrary &content) : m_store(store), m_content(content)
{
}

std::string CheckIns::me()
{
    return fair::memberId(m_store);
}

json CheckIns::checkin(const std::string &checkinId)
{
    auto row = m_store.row("checkin", checkinId);
    if (!row)
        throw ValidationError("checkin", "There is no such check-in.");
    return *row;
}

const QuestionSet &CheckIns::setOf(const json &row) const
{
    const QuestionSet *set = m_content.questionSet(fair::textOf(row, "setId"));
    if (!set)
        throw ValidationError("setId", "This check-in's questions (\"" + fair::textOf(row, "setId")
                                           + "\") are not in this version of Hearth.");
    return *set;
}

std::string CheckIns::start(const std::string &setId, const std::string &ritualId,
                            const std::string &localStart)
{
    const QuestionSet *set = m_content.questionSet(setId);
    if (!set)
        throw ValidationError("setId", "There is no check-in called \"" + setId + "\".");
    if (ritualId.empty() != localStart.empty())
        throw ValidationError("ritualId", "A check-in from a ritual names the ritual and its occurrence.");
    // The check-in of an occurrence has the occurrence's id, so both partners starting it at
    // once, even offline, start the same one.
    const std::string id = ritualId.empty() ? m_store.newId() : ritualId + "@" + localStart;
    if (!ritualId.empty() && m_store.row("checkin", id))
        return id;
    const Profile profile = RitualBook(m_store).profile();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "checkin", id, "couple",
                           {{"spaceId", profile.space.id}, {"setId", set->id},
                            {"setVersion", set->version}, {"ritualId", ritualId},
                            {"localStart", localStart}, {"startedBy", profile.me.id},
                            {"startedAt", m_store.clock().nowMs()}, {"finishedAt", 0}}});
    return id;
}

const QuestionSet *CheckIns::setForRitual(const std::string &ritualId)
{
    const std::optional<Ritual> ritual = RitualBook(m_store).ritual(ritualId);
    if (!ritual)
        return nullptr;
    if (!ritual->templateId.empty()) {
        for (const QuestionSet &set : m_content.questionSets()) {
            if (set.ritual == ritual->templateId)
                return &set;
        }
    }
    return ritual->kind == "check-in" ? m_content.questionSet("weekly") : nullptr;
}

std::string CheckIns::forOccurrence(const std::string &ritualId, const std::string &localStart)
{
    if (const std::string id = ritualId + "@" + localStart; m_store.row("checkin", id))
        return id;
    const QuestionSet *set = setForRitual(ritualId);
    if (!set)
        throw ValidationError("ritualId", "This ritual has no check-in questions.");
    return start(set->id, ritualId, localStart);
}

void CheckIns::saveDraft(const std::string &checkinId, const json &answers)
{
    const json row = checkin(checkinId);
    if (fair::numberOf(row, "finishedAt") > 0)
        throw ValidationError("checkin", "This check-in is finished.");
    checkAnswers(setOf(row), answers, false);
    const std::string member = me();
    m_store.apply(Mutation{Mutation::Kind::Upsert, "checkin_draft", answerId(checkinId, member),
                           "private",
                           {{"checkinId", checkinId}, {"memberId", member}, {"answers", answers},
                            {"updatedAt", m_store.clock().nowMs()}}});
}

void CheckIns::submit(const std::string &checkinId)
{
    const json row = checkin(checkinId);
    const std::optional<CheckInView> current = view(checkinId);
    // Each can change their answer until both have answered; then both are shown as they are.
    if (current->mineSubmitted && current->partnerSubmitted)
        throw ValidationError("checkin", "You have both answered: the answers are shown as they "
                                         "were submitted.");
    if (fair::numberOf(row, "finishedAt") > 0)
        throw ValidationError("checkin", "This check-in is finished.");
    checkAnswers(setOf(row), current->myDraft, true);

    const std::string member = me();
    // The answers travel with the questions as they were asked.
    const QuestionSet &set = setOf(row);
    json prompts = json::object();
    for (const auto &[questionId, value] : current->myDraft.items())
        prompts[questionId] = set.question(questionId)->prompt;
    const json payload = {{"answers", current->myDraft}, {"prompts", prompts},
                          {"setVersion", set.version}};
    fair::submit(m_store, kAnswerEntity, answerId(checkinId, member), {{"checkinId", checkinId}},
                 payload, checkinId, member);
}

std::size_t CheckIns::revealDue()
{
    return fair::revealDue(m_store);
}

void CheckIns::reply(const std::string &checkinId, const std::string &answerOf,
                     const std::string &questionId, const std::string &kind, const std::string &text)
{
    const std::optional<CheckInView> v = view(checkinId);
    if (!v)
        throw ValidationError("checkin", "There is no such check-in.");
    if (!v->revealed)
        throw ValidationError("checkin", "Replies come once both answers are shown.");
    if (kind != "reply" && kind != "thanks")
        throw ValidationError("kind", "A reply is a few words or a thank-you.");
    if (kind == "reply" && text.empty())
        throw ValidationError("text", "Write a few words, or send a thank-you.");
    if (fair::characters(text) > kMaxReply)
        throw ValidationError("text", "A reply can be at most " + std::to_string(kMaxReply)
                                          + " characters.");
    if (!setOf(checkin(checkinId)).question(questionId))
        throw ValidationError("questionId", "This check-in has no such question.");
    const Profile profile = RitualBook(m_store).profile();
    if (answerOf != profile.me.id && answerOf != profile.partner.id)
        throw ValidationError("answerOf", "A reply goes to one of your two answers.");
    m_store.apply(Mutation{Mutation::Kind::Upsert, "checkin_reply", m_store.newId(), "couple",
                           {{"checkinId", checkinId}, {"answerOf", answerOf},
                            {"questionId", questionId}, {"memberId", me()}, {"kind", kind},
                            {"text", text}, {"createdAt", m_store.clock().nowMs()}}});
}

void CheckIns::finish(const std::string &checkinId)
{
    const std::optional<CheckInView> v = view(checkinId);
    if (!v)
        throw ValidationError("checkin", "There is no such check-in.");
    if (!v->revealed)
        throw ValidationError("checkin", "A check-in is finished once both answers are shown.");
    if (v->finishedAt > 0)
        return;
    // From a ritual: its occurrence is done too, keeping a note and rating already given. A
    // ritual removed since, or rescheduled so that the occurrence is gone, leaves nothing to
    // mark; the check-in still finishes.
    if (!v->ritualId.empty()) {
        const auto occurrence = m_store.row("occurrence", occurrenceId(v->ritualId, v->localStart));
        if (!occurrence || fair::textOf(*occurrence, "status") != "done") {
            try {
                RitualBook(m_store).markDone(v->ritualId, v->localStart, "", 0);
            } catch (const ValidationError &e) {
                if (e.field() != "ritual" && e.field() != "localStart")
                    throw;
            }
        }
    }
    m_store.apply(Mutation{Mutation::Kind::Update, "checkin", checkinId, "",
                           {{"finishedAt", m_store.clock().nowMs()}}});
}

std::optional<CheckInView> CheckIns::view(const std::string &checkinId)
{
    const auto row = m_store.row("checkin", checkinId);
    if (!row)
        return std::nullopt;
    CheckInView v;
    v.id = checkinId;
    v.setId = fair::textOf(*row, "setId");
    v.setVersion = static_cast<int>(fair::numberOf(*row, "setVersion"));
    v.ritualId = fair::textOf(*row, "ritualId");
    v.localStart = fair::textOf(*row, "localStart");
    v.startedBy = fair::textOf(*row, "startedBy");
    v.startedAt = fair::numberOf(*row, "startedAt");
    v.finishedAt = fair::numberOf(*row, "finishedAt");

    const std::string member = me();
    if (const auto draft = m_store.row("checkin_draft", answerId(checkinId, member)))
        if (draft->contains("answers") && draft->at("answers").is_object())
            v.myDraft = draft->at("answers");

    // The answers: mine opened with my key, the partner's only with a key they published.
    struct Answer {
        std::string id, memberId, sealed, fingerprint;
    };
    std::vector<Answer> answers;
    {
        auto st = m_store.db().cached("SELECT id, memberId, sealed, fingerprint FROM checkin_answer "
                                      "WHERE checkinId = ?1 AND cl % 2 = 1 ORDER BY memberId");
        st->bind(1, checkinId);
        while (st->step())
            answers.push_back({st->text(0), st->text(1), st->text(2), st->text(3)});
    }
    bool partnerOpened = false;
    for (const Answer &a : answers) {
        const bool mine = a.memberId == member;
        (mine ? v.mineSubmitted : v.partnerSubmitted) = true;
        std::optional<json> opened =
            fair::open(m_store, kAnswerEntity, {a.id, a.memberId, a.sealed, a.fingerprint},
                       checkinId, mine);
        if (!opened || !opened->contains("answers") || !opened->at("answers").is_object())
            continue;
        (mine ? v.myAnswers : v.partnerAnswers) = std::move(opened->at("answers"));
        if (opened->contains("prompts") && opened->at("prompts").is_object())
            (mine ? v.myPrompts : v.partnerPrompts) = std::move(opened->at("prompts"));
        partnerOpened = partnerOpened || !mine;
    }
    v.revealed = v.mineSubmitted && partnerOpened;

    auto replies = m_store.db().cached(
        "SELECT id, answerOf, questionId, memberId, kind, text, createdAt FROM checkin_reply "
        "WHERE checkinId = ?1 AND cl % 2 = 1 ORDER BY createdAt, id");
    replies->bind(1, checkinId);
    while (replies->step())
        v.replies.push_back({replies->text(0), replies->text(1), replies->text(2), replies->text(3),
                             replies->text(4), replies->text(5), replies->integer(6)});
    return v;
}

CheckInTrends CheckIns::trends(const std::string &timeZone)
{
    const std::string member = me();
    Tally mine;
    Tally theirs;
    std::string partner;
    for (const std::string &id : ids()) {
        const std::optional<CheckInView> v = view(id);
        const QuestionSet *set = m_content.questionSet(v->setId);
        if (!set)
            continue; // a set this version does not know: nothing to chart from it
        const std::string week = weekOf(v->startedAt, timeZone);
        if (v->mineSubmitted)
            tally(mine, *set, v->myAnswers, week);
        if (v->revealed) {
            tally(theirs, *set, v->partnerAnswers, week);
            if (partner.empty())
                partner = RitualBook(m_store).profile().partner.id;
        }
    }
    CheckInTrends out;
    out.people.push_back(personOf(member, mine));
    if (!partner.empty())
        out.people.push_back(personOf(partner, theirs));
    return out;
}

std::vector<std::string> CheckIns::ids()
{
    std::vector<std::string> out;
    auto st = m_store.db().cached(
        "SELECT id FROM checkin WHERE cl % 2 = 1 ORDER BY startedAt DESC, id");
    while (st->step())
        out.push_back(st->text(0));
    return out;
}

} // namespace hearth
