#pragma once

// Check-ins (issue 4): a question set from content/checkins.json, answered by each partner on
// their own device, revealed to both only once both have submitted (docs/decisions.md §18).
//
// A draft is a private row. Submitting seals the answers under a key of their own (core/reveal.h)
// into a couple row, and keeps the key in a private row for the author's other devices. The
// reveal step (revealDue) publishes this person's key once the partner's answer is there too; it
// runs after every submit here, and the sync client runs it after every merge.

#include "clock.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hearth {

class ContentLibrary;
class Store;
struct QuestionSet;

/// A reply to one answer of a revealed check-in: a few words, or a thank-you.
struct CheckInReply {
    std::string id;
    std::string answerOf;   ///< the member whose answer it replies to
    std::string questionId;
    std::string memberId;   ///< who replied
    std::string kind;       ///< "reply" or "thanks"
    std::string text;
    Millis createdAt = 0;
};

/// One check-in as this device may see it.
struct CheckInView {
    std::string id;
    std::string setId;
    int setVersion = 0;
    std::string ritualId;   ///< with localStart: the ritual occurrence it came from, or empty
    std::string localStart;
    std::string startedBy;
    Millis startedAt = 0;
    Millis finishedAt = 0;  ///< 0 while open

    nlohmann::json myDraft = nlohmann::json::object();   ///< what I have written, not submitted
    bool mineSubmitted = false;
    nlohmann::json myAnswers = nlohmann::json::object();  ///< what I submitted
    bool partnerSubmitted = false;                       ///< known to both, without its content
    bool revealed = false;                               ///< both submitted, the partner's opened
    nlohmann::json partnerAnswers = nlohmann::json::object(); ///< only once revealed
    /// The question texts each submitted answer was given (question id -> prompt), kept with it:
    /// a later version of the question set may word a question differently.
    nlohmann::json myPrompts = nlohmann::json::object();
    nlohmann::json partnerPrompts = nlohmann::json::object();
    std::vector<CheckInReply> replies;
};

/// What a couple's check-ins show over time, for the charts: per person, the weekly average of
/// each measured scale (mood, closeness, stress), and the needs they named, most often first.
/// Only answers this device may read count: mine, and my partner's once revealed.
struct CheckInTrends {
    struct Point {
        std::string weekOf; ///< the Monday of the week, "YYYY-MM-DD", in the viewer's time zone
        double average = 0;
        int answers = 0;
    };
    struct Person {
        std::string memberId;
        std::vector<Point> mood, closeness, stress; ///< oldest week first
        std::vector<std::pair<std::string, int>> needs; ///< need id, times named; most first
    };
    std::vector<Person> people; ///< me first, then my partner when any answer of theirs is open
};

class CheckIns {
public:
    static constexpr std::size_t kMaxReply = 500;

    CheckIns(Store &store, const ContentLibrary &content);

    /// Starts a check-in of the question set `setId`, on its own or from a ritual's occurrence.
    /// Returns its id. An occurrence has one check-in, whoever starts it (its id is the
    /// occurrence's, "<ritual id>@<local start>"): starting it again returns that one.
    /// Throws ValidationError for an unknown set.
    std::string start(const std::string &setId, const std::string &ritualId = {},
                      const std::string &localStart = {});

    /// The question set a ritual's check-in uses: the set made for its template, else the weekly
    /// one for a ritual of kind "check-in"; nullptr when the ritual has no check-in questions.
    [[nodiscard]] const QuestionSet *setForRitual(const std::string &ritualId);
    /// The check-in of a ritual's occurrence: the one already started for it, by either partner,
    /// or a new one with setForRitual's questions. Throws ValidationError for a ritual without
    /// check-in questions or an unknown one.
    std::string forOccurrence(const std::string &ritualId, const std::string &localStart);

    /// Keeps what I have written so far, privately: answers by question id, each checked
    /// against its question (a scale in range, text within its length, needs from its list...).
    /// Throws ValidationError naming the question; nothing is kept then.
    void saveDraft(const std::string &checkinId, const nlohmann::json &answers);

    /// Submits my answers (the draft): every required question answered. Sealed under a new key,
    /// so an edit before the reveal replaces the earlier one. Refused once revealed.
    void submit(const std::string &checkinId);

    /// Publishes this person's key of every check-in both partners have submitted, where it is
    /// not published yet for the current answer. Returns how many keys it published.
    std::size_t revealDue();

    /// A reply to the partner's (or my own) answer of a revealed check-in.
    void reply(const std::string &checkinId, const std::string &answerOf,
               const std::string &questionId, const std::string &kind, const std::string &text);

    /// Finishes a revealed check-in; one that came from a ritual marks that occurrence done.
    void finish(const std::string &checkinId);

    /// nullopt for an unknown check-in.
    [[nodiscard]] std::optional<CheckInView> view(const std::string &checkinId);
    /// Every check-in, newest first.
    [[nodiscard]] std::vector<std::string> ids();

    /// The trends over every check-in this device can read, weeks counted in `timeZone`.
    [[nodiscard]] CheckInTrends trends(const std::string &timeZone);

private:
    [[nodiscard]] const QuestionSet &setOf(const nlohmann::json &checkin) const;
    [[nodiscard]] nlohmann::json checkin(const std::string &checkinId);
    [[nodiscard]] std::string me();

    Store &m_store;
    const ContentLibrary &m_content;
};

/// Checks answers against a question set: throws ValidationError naming the question.
/// `complete` also requires every required question to be answered.
void checkAnswers(const QuestionSet &set, const nlohmann::json &answers, bool complete);

} // namespace hearth
