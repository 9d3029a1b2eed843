#include "entity.h"

#include <algorithm>

namespace hearth {

namespace {

using enum FieldType;

const std::vector<EntityDef> &registry()
{
    static const std::vector<EntityDef> all = {
        {"space", "space", {{"name", Text}, {"createdBy", Text}, {"createdAt", Integer}}},
        {"member",
         "member",
         {{"spaceId", Text}, {"name", Text}, {"role", Text}, {"timeZone", Text}, {"colour", Text},
          {"joinedAt", Integer}}},
        {"ritual",
         "ritual",
         {{"spaceId", Text}, {"kind", Text}, {"title", Text}, {"purpose", Text}, {"steps", Json},
          {"rrule", Text}, {"startLocal", Text}, {"timeZone", Text}, {"durationMinutes", Integer},
          {"reminderMinutes", Integer}, {"templateId", Text}, {"templateVersion", Integer},
          {"status", Text}, {"createdBy", Text}, {"createdAt", Integer}}},
        {"occurrence",
         "occurrence",
         {{"spaceId", Text}, {"ritualId", Text}, {"localStart", Text}, {"status", Text},
          {"movedTo", Text}, {"note", Text}, {"rating", Integer}, {"reason", Text}, {"actor", Text},
          {"at", Integer}}},
        // Check-ins (issue 4; docs/decisions.md §18 for the reveal). A check-in is couple; each
        // partner's draft is private; a submitted answer is couple but sealed under its own key,
        // kept private by its author (reveal_secret) until published (reveal_key).
        {"checkin",
         "checkin",
         {{"spaceId", Text}, {"setId", Text}, {"setVersion", Integer}, {"ritualId", Text},
          {"localStart", Text}, {"startedBy", Text}, {"startedAt", Integer},
          {"finishedAt", Integer}}},
        {"checkin_draft",
         "checkin_draft",
         {{"checkinId", Text}, {"memberId", Text}, {"answers", Json}, {"updatedAt", Integer}}},
        {"checkin_answer",
         "checkin_answer",
         {{"checkinId", Text}, {"memberId", Text}, {"sealed", Text}, {"fingerprint", Text},
          {"submittedAt", Integer}}},
        {"checkin_reply",
         "checkin_reply",
         {{"checkinId", Text}, {"answerOf", Text}, {"questionId", Text}, {"memberId", Text},
          {"kind", Text}, {"text", Text}, {"createdAt", Integer}}},
        // Repairs (issue 4): a repair is couple; each partner's steps are drafted privately and
        // sealed when submitted, revealed per step as check-in answers are.
        {"repair",
         "repair",
         {{"spaceId", Text}, {"title", Text}, {"happenedAt", Integer}, {"intensity", Integer},
          {"topics", Json}, {"status", Text}, {"guideId", Text}, {"guideVersion", Integer},
          {"startedBy", Text}, {"startedAt", Integer}, {"repairedAt", Integer}}},
        {"repair_draft",
         "repair_draft",
         {{"repairId", Text}, {"stepId", Text}, {"memberId", Text}, {"answer", Json},
          {"updatedAt", Integer}}},
        {"repair_step",
         "repair_step",
         {{"repairId", Text}, {"stepId", Text}, {"memberId", Text}, {"sealed", Text},
          {"fingerprint", Text}, {"submittedAt", Integer}}},
        {"repair_break",
         "repair_break",
         {{"repairId", Text}, {"calledBy", Text}, {"calledAt", Integer}, {"minutes", Integer},
          {"returnAt", Integer}, {"endedAt", Integer}}},
        {"commitment",
         "commitment",
         {{"repairId", Text}, {"memberId", Text}, {"text", Text}, {"createdAt", Integer},
          {"status", Text}}},
        // Us (issue 5). A map item or a logged moment is one private row, its `shared` (0 or 1)
        // saying whether the partner sees it; while it is 1, its author's devices keep a couple
        // copy `<id>:shared` of it (docs/decisions.md §20). A Learn reflection is always private.
        // Signals, their messages and agreements are couple.
        {"need",
         "need",
         {{"spaceId", Text}, {"memberId", Text}, {"kind", Text}, {"detail", Text}, {"text", Text},
          {"suggestionId", Text}, {"note", Text}, {"createdAt", Integer}, {"shared", Integer}}},
        {"activation",
         "activation",
         {{"spaceId", Text}, {"memberId", Text}, {"happenedAt", Integer}, {"situation", Text},
          {"body", Json}, {"emotion", Text}, {"intensity", Integer}, {"reaction", Text},
          {"needed", Json}, {"note", Text}, {"createdAt", Integer}, {"shared", Integer}}},
        {"learn_note",
         "learn_note",
         {{"cardId", Text}, {"memberId", Text}, {"text", Text}, {"updatedAt", Integer}}},
        {"signal",
         "signal",
         {{"spaceId", Text}, {"word", Text}, {"meaning", Text}, {"proposedBy", Text},
          {"proposedAt", Integer}, {"status", Text}}},
        {"signal_message",
         "signal_message",
         {{"spaceId", Text}, {"kind", Text}, {"signalId", Text}, {"text", Text}, {"meaning", Text},
          {"untilAt", Integer}, {"sentBy", Text}, {"sentAt", Integer}, {"reply", Text},
          {"replyText", Text}, {"replyUntil", Integer}, {"repliedAt", Integer}}},
        {"agreement",
         "agreement",
         {{"spaceId", Text}, {"situation", Text}, {"action", Text}, {"proposedBy", Text},
          {"proposedAt", Integer}, {"status", Text}, {"revisitText", Text}, {"reviewOn", Text},
          {"repairId", Text}}},
        // One member's acceptance of a signal or an agreement, "<entity>:<rowId>:<memberId>",
        // with a fingerprint of the text accepted (core/acceptance.h, docs/decisions.md §21).
        {"acceptance",
         "acceptance",
         {{"entity", Text}, {"rowId", Text}, {"memberId", Text}, {"fingerprint", Text},
          {"at", Integer}}},
        // Care (issue 6): a couples therapist linked to the couple (docs/decisions.md §22). The
        // link, each partner's care card, custom exercises, assignments and completions are `care`
        // rows, which the therapist's device reads too. A reflection is one private row with a
        // `shared` flag, whose author's devices keep a care copy `<id>:shared` while it is shared
        // (the §20 pattern, with `care` as the copy's scope). Policy acceptances are `acceptance`
        // rows in the `care` scope, id "care_link:<therapist member id>:<member id>".
        {"care_link",
         "care_link",
         {{"spaceId", Text}, {"invitedBy", Text}, {"invitedAt", Integer}, {"therapistName", Text},
          {"policyKind", Text}, {"policyText", Text}, {"joinedAt", Integer}, {"endedBy", Text},
          {"endedAt", Integer}}},
        {"care_member",
         "care_member",
         {{"spaceId", Text}, {"name", Text}, {"timeZone", Text}, {"colour", Text},
          {"shareTrends", Integer}, {"trends", Json}, {"updatedAt", Integer}}},
        {"exercise",
         "exercise",
         {{"authorId", Text}, {"title", Text}, {"purpose", Text}, {"format", Text}, {"who", Text},
          {"version", Integer}, {"minutes", Integer}, {"timerMinutes", Integer}, {"steps", Json}, {"prompts", Json},
          {"source", Text}, {"createdAt", Integer}, {"updatedAt", Integer}}},
        {"assignment",
         "assignment",
         {{"spaceId", Text}, {"exerciseId", Text}, {"exercise", Json}, {"assignee", Text},
          {"dueOn", Text}, {"everyDays", Integer}, {"times", Integer}, {"note", Text},
          {"assignedBy", Text}, {"assignedAt", Integer}, {"withdrawnAt", Integer}}},
        {"assignment_done",
         "assignment_done",
         {{"assignmentId", Text}, {"occurrence", Integer}, {"memberId", Text}, {"doneAt", Integer}}},
        {"reflection",
         "reflection",
         {{"assignmentId", Text}, {"occurrence", Integer}, {"memberId", Text}, {"answers", Json},
          {"writtenAt", Integer}, {"shared", Integer}}},
        {"reveal_secret",
         "reveal_secret",
         {{"entity", Text}, {"rowId", Text}, {"key", Text}, {"fingerprint", Text}}},
        {"reveal_key",
         "reveal_key",
         {{"entity", Text}, {"rowId", Text}, {"key", Text}, {"fingerprint", Text}}},
    };
    return all;
}

} // namespace

const FieldDef *EntityDef::field(std::string_view fieldName) const
{
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](const FieldDef &f) { return f.name == fieldName; });
    return it == fields.end() ? nullptr : &*it;
}

std::span<const EntityDef> entities()
{
    return registry();
}

const EntityDef *findEntity(std::string_view name)
{
    for (const auto &e : registry())
        if (e.name == name)
            return &e;
    return nullptr;
}

} // namespace hearth
