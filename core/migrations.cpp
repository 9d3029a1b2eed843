#include "migrations.h"

#include "database.h"
#include "errors.h"

#include <array>

namespace hearth {

namespace {

// Columns shared by every synced table: see EntityDef.
#define HEARTH_ROW_COLUMNS                                                                         \
    "id TEXT PRIMARY KEY NOT NULL, scope TEXT NOT NULL, cl INTEGER NOT NULL DEFAULT 0, "            \
    "clocks TEXT NOT NULL DEFAULT '{}', extra TEXT NOT NULL DEFAULT '{}'"

constexpr std::array kMigrations = {
    Migration{1, "change log, spaces and members", R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  stamp TEXT NOT NULL,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  scope TEXT NOT NULL,
  fields TEXT NOT NULL
);
CREATE TABLE foreign_row (
  entity TEXT NOT NULL, id TEXT NOT NULL, scope TEXT NOT NULL, cl INTEGER NOT NULL DEFAULT 0,
  clocks TEXT NOT NULL DEFAULT '{}', extra TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (entity, id)
);
CREATE TABLE space ()sql" HEARTH_ROW_COLUMNS R"sql(,
  name TEXT, createdBy TEXT, createdAt INTEGER);
CREATE TABLE member ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, name TEXT, role TEXT, timeZone TEXT, colour TEXT, joinedAt INTEGER);
)sql"},
    Migration{2, "rituals and their occurrences", R"sql(
CREATE TABLE ritual ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, kind TEXT, title TEXT, purpose TEXT, steps TEXT, rrule TEXT, startLocal TEXT,
  timeZone TEXT, durationMinutes INTEGER, reminderMinutes INTEGER, templateId TEXT,
  templateVersion INTEGER, status TEXT, createdBy TEXT, createdAt INTEGER);
CREATE TABLE occurrence ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, ritualId TEXT, localStart TEXT, status TEXT, movedTo TEXT, note TEXT,
  rating INTEGER, reason TEXT, actor TEXT, at INTEGER);
CREATE INDEX occurrence_by_ritual ON occurrence (ritualId, localStart);
)sql"},
    Migration{3, "reminders already shown on this device", R"sql(
CREATE TABLE reminder_log (
  ritual_id TEXT NOT NULL REFERENCES ritual (id) ON DELETE CASCADE,
  local_start TEXT NOT NULL,
  shown_at INTEGER NOT NULL,
  PRIMARY KEY (ritual_id, local_start)
);
)sql"},
    Migration{4, "an index of moved occurrences, for the Today query", R"sql(
CREATE INDEX occurrence_moved ON occurrence (ritualId) WHERE movedTo IS NOT NULL AND movedTo <> '';
)sql"},
    // Rows of these entities that arrived from a newer partner before this upgrade sat in
    // foreign_row; Store moves them into these tables when it opens (adoptForeignRows).
    Migration{5, "check-ins, their drafts, sealed answers, replies, and reveal keys", R"sql(
CREATE TABLE checkin ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, setId TEXT, setVersion INTEGER, ritualId TEXT, localStart TEXT, startedBy TEXT,
  startedAt INTEGER, finishedAt INTEGER);
CREATE TABLE checkin_draft ()sql" HEARTH_ROW_COLUMNS R"sql(,
  checkinId TEXT, memberId TEXT, answers TEXT, updatedAt INTEGER);
CREATE TABLE checkin_answer ()sql" HEARTH_ROW_COLUMNS R"sql(,
  checkinId TEXT, memberId TEXT, sealed TEXT, fingerprint TEXT, submittedAt INTEGER);
CREATE INDEX checkin_answer_by_checkin ON checkin_answer (checkinId);
CREATE TABLE checkin_reply ()sql" HEARTH_ROW_COLUMNS R"sql(,
  checkinId TEXT, answerOf TEXT, questionId TEXT, memberId TEXT, kind TEXT, text TEXT,
  createdAt INTEGER);
CREATE INDEX checkin_reply_by_checkin ON checkin_reply (checkinId);
CREATE TABLE reveal_secret ()sql" HEARTH_ROW_COLUMNS R"sql(,
  entity TEXT, rowId TEXT, key TEXT, fingerprint TEXT);
CREATE TABLE reveal_key ()sql" HEARTH_ROW_COLUMNS R"sql(,
  entity TEXT, rowId TEXT, key TEXT, fingerprint TEXT);
)sql"},
    Migration{6, "repairs, their steps and drafts, breaks, and commitments", R"sql(
CREATE TABLE repair ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, title TEXT, happenedAt INTEGER, intensity INTEGER, topics TEXT, status TEXT,
  guideId TEXT, guideVersion INTEGER, startedBy TEXT, startedAt INTEGER, repairedAt INTEGER);
CREATE TABLE repair_draft ()sql" HEARTH_ROW_COLUMNS R"sql(,
  repairId TEXT, stepId TEXT, memberId TEXT, answer TEXT, updatedAt INTEGER);
CREATE TABLE repair_step ()sql" HEARTH_ROW_COLUMNS R"sql(,
  repairId TEXT, stepId TEXT, memberId TEXT, sealed TEXT, fingerprint TEXT, submittedAt INTEGER);
CREATE INDEX repair_step_by_repair ON repair_step (repairId, stepId);
CREATE TABLE repair_break ()sql" HEARTH_ROW_COLUMNS R"sql(,
  repairId TEXT, calledBy TEXT, calledAt INTEGER, minutes INTEGER, returnAt INTEGER,
  endedAt INTEGER);
CREATE TABLE commitment ()sql" HEARTH_ROW_COLUMNS R"sql(,
  repairId TEXT, memberId TEXT, text TEXT, createdAt INTEGER, status TEXT);
)sql"},
    Migration{7, "needs, logged moments, Learn reflections, signals and their messages, agreements", R"sql(
CREATE TABLE need ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, memberId TEXT, kind TEXT, detail TEXT, text TEXT, suggestionId TEXT, note TEXT,
  createdAt INTEGER, shared INTEGER);
CREATE TABLE activation ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, memberId TEXT, happenedAt INTEGER, situation TEXT, body TEXT, emotion TEXT,
  intensity INTEGER, reaction TEXT, needed TEXT, note TEXT, createdAt INTEGER, shared INTEGER);
CREATE INDEX activation_by_time ON activation (happenedAt);
CREATE TABLE learn_note ()sql" HEARTH_ROW_COLUMNS R"sql(,
  cardId TEXT, memberId TEXT, text TEXT, updatedAt INTEGER);
CREATE TABLE signal ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, word TEXT, meaning TEXT, proposedBy TEXT, proposedAt INTEGER, status TEXT);
CREATE TABLE signal_message ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, kind TEXT, signalId TEXT, text TEXT, meaning TEXT, untilAt INTEGER, sentBy TEXT,
  sentAt INTEGER, reply TEXT, replyText TEXT, replyUntil INTEGER, repliedAt INTEGER);
CREATE INDEX signal_message_by_time ON signal_message (sentAt);
CREATE TABLE agreement ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, situation TEXT, action TEXT, proposedBy TEXT, proposedAt INTEGER, status TEXT,
  revisitText TEXT, reviewOn TEXT, repairId TEXT);
CREATE TABLE acceptance ()sql" HEARTH_ROW_COLUMNS R"sql(,
  entity TEXT, rowId TEXT, memberId TEXT, fingerprint TEXT, at INTEGER);
CREATE INDEX acceptance_by_row ON acceptance (entity, rowId);
)sql"},
    Migration{8, "care: the therapist link, care cards, custom exercises, assignments, completions, reflections", R"sql(
CREATE TABLE care_link ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, invitedBy TEXT, invitedAt INTEGER, therapistName TEXT, policyKind TEXT,
  policyText TEXT, joinedAt INTEGER, endedBy TEXT, endedAt INTEGER);
CREATE TABLE care_member ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, name TEXT, timeZone TEXT, colour TEXT, shareTrends INTEGER, trends TEXT,
  updatedAt INTEGER);
CREATE TABLE exercise ()sql" HEARTH_ROW_COLUMNS R"sql(,
  authorId TEXT, title TEXT, purpose TEXT, format TEXT, who TEXT, version INTEGER, minutes INTEGER, timerMinutes INTEGER,
  steps TEXT, prompts TEXT, source TEXT, createdAt INTEGER, updatedAt INTEGER);
CREATE TABLE assignment ()sql" HEARTH_ROW_COLUMNS R"sql(,
  spaceId TEXT, exerciseId TEXT, exercise TEXT, assignee TEXT, dueOn TEXT, everyDays INTEGER,
  times INTEGER, note TEXT, assignedBy TEXT, assignedAt INTEGER, withdrawnAt INTEGER);
CREATE TABLE assignment_done ()sql" HEARTH_ROW_COLUMNS R"sql(,
  assignmentId TEXT, occurrence INTEGER, memberId TEXT, doneAt INTEGER);
CREATE INDEX assignment_done_by_assignment ON assignment_done (assignmentId);
CREATE TABLE reflection ()sql" HEARTH_ROW_COLUMNS R"sql(,
  assignmentId TEXT, occurrence INTEGER, memberId TEXT, answers TEXT, writtenAt INTEGER,
  shared INTEGER);
CREATE INDEX reflection_by_assignment ON reflection (assignmentId);
)sql"},
};

#undef HEARTH_ROW_COLUMNS

} // namespace

std::span<const Migration> migrations()
{
    return kMigrations;
}

int currentSchemaVersion()
{
    return kMigrations.back().version;
}

std::filesystem::path migrate(Database &db, int target)
{
    const auto appId = db.queryInt("PRAGMA application_id").value_or(0);
    const int version = static_cast<int>(db.queryInt("PRAGMA user_version").value_or(0));
    const auto tables = db.queryInt("SELECT count(*) FROM sqlite_schema").value_or(0);
    const std::string file = db.path().filename().string();

    if (appId != kApplicationId && (appId != 0 || tables != 0))
        throw StorageError(file + " is not a Hearth database; it was left untouched.");
    if (version > currentSchemaVersion())
        throw StorageError(file + " was written by a newer version of Hearth (schema "
                           + std::to_string(version) + ", this app knows up to "
                           + std::to_string(currentSchemaVersion())
                           + "). Update Hearth to open it; the file was left untouched.");
    if (version >= target)
        return {};

    std::filesystem::path backup;
    if (version > 0) {
        backup = db.path();
        backup += ".v" + std::to_string(version) + ".bak";
        std::error_code ec;
        std::filesystem::remove(backup, ec);
        Statement st(db, "VACUUM INTO ?1");
        st.bind(1, backup.string());
        st.run();
    }

    for (const auto &m : kMigrations) {
        if (m.version <= version || m.version > target)
            continue;
        Transaction tx(db);
        db.exec(m.sql);
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        tx.commit();
    }
    return backup;
}

} // namespace hearth
