// hearthctl: the profile from a terminal, over core alone (no Qt). See docs/hearthctl.md.
#include "agreements.h"
#include "care.h"
#include "carelink.h"
#include "checkins.h"
#include "clock.h"
#include "contentlibrary.h"
#include "demo.h"
#include "entity.h"
#include "errors.h"
#include "curltransport.h"
#include "exporter.h"
#include "needs.h"
#include "practice.h"
#include "repairs.h"
#include "ritualbook.h"
#include "schedule.h"
#include "signalbook.h"
#include "store.h"
#include "syncclient.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace hearth;
using nlohmann::json;

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

constexpr const char *kUsage = R"(hearthctl: Hearth's rituals from a terminal.

Usage: hearthctl [--data-dir DIR] [--json] COMMAND [ARGS...]

Options (anywhere on the line):
  --data-dir DIR   the profile folder (default $XDG_DATA_HOME/hearth, or ~/.local/share/hearth,
                   the same as the app); the profile is DIR/profile.db
  --json           list commands print JSON; the others print a JSON summary
  -h, --help       this help

Commands:
  init --name N --tz ZONE --partner-name N --partner-tz ZONE
                   set up a new profile: you and your partner, each with an IANA time zone
  demo [--days N] [--seed S]
                   fill an EMPTY profile with the demo couple Maya (Europe/Lisbon, this device)
                   and Jonas (America/Toronto): seven rituals and N days of history (default 90,
                   0..3650); the same seed gives the same history (default 1)
  rituals [--all]  list the rituals: id, title, status and schedule (--all: archived ones too)
  upcoming [--days N]
                   the occurrences of the next N days (default 7, 1..366), in your time and
                   your partner's where it differs, with the ritual id and local start that
                   `done` and `skip` take
  templates        the ritual templates of the content library
  add --template ID [--start YYYY-MM-DD] [--time HH:MM]
                   add a ritual from a template, from the given day (default today) at the
                   given time (default the template's), in your time zone
  done RITUAL_ID LOCAL_START [--note TEXT] [--rating 1-5]
                   mark an occurrence done; LOCAL_START is "YYYY-MM-DDTHH:MM" as `upcoming`
                   shows it; RITUAL_ID may be shortened to a unique prefix (4+ characters)
  skip RITUAL_ID LOCAL_START [--reason TEXT]
                   skip an occurrence
  export-json FILE write the whole profile, losslessly, as JSON (FILE "-" = standard output)
  import-json FILE read an export into an EMPTY profile (FILE "-" = standard input)
  export-ics FILE [RITUAL_ID...]
                   write an iCalendar file of the given rituals (default: all active ones)

Sync (docs/protocol.md; the server is `hearth-server`):
  create-space --server URL [--device-name N]
                   register this profile's space on a server, with this device as its first,
                   and push everything written so far
  invite [--device]
                   print an invite code for your partner (or, with --device, for another device
                   of yours); valid for 24 hours, once
  join CODE --server URL [--device-name N]
                   join the space an invite code leads to; this profile's rituals move along
  sync [--wait S]  push what is new here and pull what is new there; --wait: wait up to S
                   seconds (0..30) on the server for something new first
  sync-status      the server, the space, this device, the cursor and changes not yet sent
  devices          the devices of the space, with their last sync
  remove-device DEVICE_ID
                   remove a device from the space; its token stops working at once, and the
                   keys it had are replaced for the devices that remain
  leave --yes      leave the couple's space: this profile keeps what was shared until now as a
                   read-only copy, your partner keeps theirs, and nothing new flows either way
  help             this help

Check-ins (each answers privately; the answers open to both once both have submitted):
  checkin-sets     the question sets a check-in can ask
  checkin-start [SET] [--ritual RITUAL_ID --at LOCAL_START]
                   start a check-in of a question set, on its own or for an occurrence of a
                   ritual (default SET: the ritual's; finishing it marks the occurrence done;
                   an occurrence has one check-in, whoever starts it)
  checkins         every check-in, newest first, with its state: your turn, waiting for your
                   partner, opening (both answered; the next sync opens them), revealed, finished
  checkin-show ID  the questions, your draft and answers, your partner's once revealed, replies
  checkin-answer ID QUESTION VALUE... [--json-value JSON]
                   keep your answer to one question as a draft: a number for a scale, the text,
                   need ids (as several VALUEs or comma-separated), one VALUE per appreciation,
                   feel=T about=T need=T for a feeling statement; or any answer as JSON
  checkin-submit ID
                   submit your draft (every required question answered); you may submit again
                   until your partner has answered too
  checkin-reply ID --to me|partner --question Q (--thanks | --text T)
                   reply to an answer of a revealed check-in, or thank for it
  checkin-finish ID
                   finish a revealed check-in
  checkin-trends   mood, closeness and stress per week and the needs named most often, per person

Repairs (after a conflict; each step opens to the other once both have written it):
  repair-start --title T --intensity 1-5 [--at WHEN] [--topic ID]... [--guide ID]
                   start a repair; WHEN is YYYY-MM-DDTHH:MM in your time or milliseconds since
                   the epoch (default now)
  repairs [--topic ID] [--status S]
                   the repair log, with repairs per month and the median time to repair
  repair-show ID   the repair, its breaks and each step: yours, and your partner's once revealed
  repair-step ID STEP VALUE... [--json-value JSON]
                   keep your answer to a step as a draft: a choice id (calm), ids (feelings,
                   needs), the text (text, apology, plan), CHOICE [NOTE] (acceptance)
  repair-submit ID STEP
                   submit your drafted step
  repair-status ID STATUS
                   move the repair to cooling, talking or repaired (final: plans become
                   commitments)
  break [--repair ID] [--minutes N]
                   call a flooding break of N minutes (default 30, at least 20); your partner's
                   device sees it, with the time you will be back, once you sync
  break-end [BREAK_ID]
                   end a break (default: the one in progress)
  break-status     the break in progress, who called it and when they will be back
  commitments      the plans kept from finished repairs

Needs and moments (private unless you share them; only you can change yours):
  need-add KIND TEXT [--detail D] [--suggestion ID] [--note N] [--shared]
                   add to your map: KIND is need, trigger (what activates you; --detail
                   situation, body or sign) or helps (what helps you settle); --suggestion: the
                   content's id it came from (a need id for a need)
  need-edit ID TEXT [--note N]
                   change the words of one of your items (without --note the note stays)
  need-share ID    share an item with your partner
  need-unshare ID  make it private again: your partner's devices forget it when they sync
  need-remove ID   delete one of your items
  needs [--partner]
                   your map, by kind (--partner: what your partner has shared with you)
  moment-log --situation S [--at WHEN] [--body A,B] [--emotion E] [--intensity 1-10]
             [--did T] [--needed A,B] [--note N] [--shared]
                   note a moment you were activated: what happened, what you felt in your body,
                   the feeling and how strong (default 5), what you did, what you needed
  moments [--partner]
                   your moments, newest first (--partner: with those your partner shared)
  moment-share ID / moment-unshare ID / moment-remove ID
                   as for needs
  patterns [--days N]
                   what your moments show: the situations, feelings, needs and body
                   sensations that come up most, by hour and weekday (default: all of them)
  reflect CARD TEXT
                   keep a private reflection on a Learn card (an empty TEXT deletes it)
  reflections      your reflections, by card

Signals (words or gestures you both agree on, and one-tap messages with quick replies):
  signal-propose WORD MEANING
                   propose a shared signal; it is yours to send once your partner accepts it
  signal-accept ID accept the signal your partner proposed, as it reads now
  signal-change ID WORD MEANING
                   suggest another word or meaning; your partner is asked again
  signal-retire ID retire a signal (either of you may)
  signals          the shared signals: waiting for you, waiting for your partner, ours, retired
  signal-kinds     what signal-send can send, and the quick replies
  signal-send KIND [--signal ID] [--until WHEN]
                   send a signal: a kind of signal-kinds, or `own --signal ID` for one of
                   yours; --until for a kind that asks a time: HH:MM (the next time your clock
                   shows it), YYYY-MM-DDTHH:MM in your time, within 24 hours (the other kinds
                   leave it out)
  signal-reply ID REPLY [--until WHEN]
                   answer a signal your partner sent, once, with a quick reply; --until as
                   above, for a reply that names a time
  signal-inbox     the signals waiting for your answer (from the last 12 hours)
  signal-dismiss ID
                   put a signal aside on this device without answering (nobody is told)
  signal-messages  the signals sent, newest first, with their replies
  signal-notices   what this device has not told you yet: signals that arrived, replies
                   that came back (each once)

Agreements (what you do when a moment is hard; it counts once you both agree to it):
  agreement-propose SITUATION ACTION [--review YYYY-MM-DD] [--repair ID]
                   propose one, with a review date after today
  agreement-from-commitment COMMITMENT_ID [--review YYYY-MM-DD]
                   propose the plan of a finished repair as an agreement
  agreement-agree ID
                   agree to the one your partner proposed, as it reads now
  agreement-change ID SITUATION ACTION [--review YYYY-MM-DD]
                   suggest new words (your partner is asked again); the review date stays
                   unless given (--review "" removes it)
  agreement-status ID STATUS
                   active (once agreed), revisit (to talk about again) or retired
  agreement-review-date ID DATE
                   the next review date, YYYY-MM-DD after today, or "none"
  agreements       waiting for an answer, then active and to revisit (review due first), then
                   retired
  agreement-notices
                   the agreements whose review date has come (each date once on this device)

Care, a partner's side (a couples therapist linked to your space; docs/hearthctl.md):
  therapist-invite print an invite code for your therapist: it carries only the care space's
                   key, never your couple or private records; valid for 24 hours, once
  care-link        the link with your therapist: its state, their confidentiality policy and
                   who of you accepted it
  care-accept      accept the therapist's policy as it reads now (their assignments show once
                   you both accepted)
  care-unlink      end the link: the therapist's device is removed and gets nothing new
  care-share-trends on|off
                   whether your weekly check-in trends (mood, closeness, stress) go to the
                   therapist
  assignments [--all]
                   your due dates of what the therapist assigned, with their status (--all:
                   both of you, done ones too); N is the due date's number, 1 for the first
  assignment-done ID N
                   mark due date N of an assignment done
  assignment-reflect ID N --answer TEXT [--answer TEXT]... [--share]
                   write your reflection on due date N, one --answer per question of the
                   exercise in order; private unless --share (then the therapist reads it)
  care-reflections the reflections on assignments: yours, and your partner's shared ones

Care, the therapist's side (DIR is a practice, one folder per couple inside):
  practice-init --name N --tz ZONE --policy-kind no-secrets|limited-secrets --policy-text T
                   make this folder a therapist's practice: your name, time zone and the
                   confidentiality policy every couple accepts when linking
  practice-demo [--seed S]
                   fill an EMPTY folder with a demo practice (Dr. Ana Ruiz and three couples)
  practice-link CODE --server URL [--device-name N]
                   link with the couple whose therapist invite CODE is
  couples          the linked couples, with the link's state and the last sync
  practice-sync    sync every linked couple; says which couples ended the link
  exercises        the exercise library and your own exercises
  exercise-add --title T --purpose P --step S [--step S]... [--prompt Q]... [--minutes N]
                   write an exercise of your own (what it is for, its steps, the questions
                   for the reflection afterwards); it goes to every linked couple
  assign --couple SPACE --exercise ID [--to MEMBER] --due YYYY-MM-DD [--every DAYS --times N]
         [--note T]
                   assign an exercise to the couple (or to one partner, by name or member id),
                   due on a date, repeated every DAYS days N times
  couple-status --couple SPACE
                   each partner's status per due date: to do, done (when), overdue
  couple-reflections --couple SPACE
                   the reflections the partners shared with you
  couple-export --couple SPACE --out FILE.html
                   a readable summary of the couple's assignments and shared reflections

IDs of check-ins, repairs, needs, moments, assignments and couples (SPACE) may be shortened
to a unique prefix (4+ characters).

Exit status: 0 on success, 1 when the command failed (the reason is on standard error; the
profile is unchanged), 2 for a usage error. HEARTH_NOW (milliseconds since the epoch) fixes
the clock, for tests.
)";

/// A command line that does not follow the usage: exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One command: its usage line, options with a value, flags, and how many positionals.
struct CommandSpec {
    std::string usage;
    std::set<std::string> valued;
    std::set<std::string> flags;
    std::size_t minArgs = 0;
    std::size_t maxArgs = 0;
};

const std::map<std::string, CommandSpec> &commands()
{
    static const std::map<std::string, CommandSpec> all = {
        {"init",
         {"init --name N --tz ZONE --partner-name N --partner-tz ZONE",
          {"name", "tz", "partner-name", "partner-tz"}, {}, 0, 0}},
        {"demo", {"demo [--days N] [--seed S]", {"days", "seed"}, {}, 0, 0}},
        {"rituals", {"rituals [--all]", {}, {"all"}, 0, 0}},
        {"upcoming", {"upcoming [--days N]", {"days"}, {}, 0, 0}},
        {"templates", {"templates", {}, {}, 0, 0}},
        {"add",
         {"add --template ID [--start YYYY-MM-DD] [--time HH:MM]", {"template", "start", "time"},
          {}, 0, 0}},
        {"done",
         {"done RITUAL_ID LOCAL_START [--note TEXT] [--rating 1-5]", {"note", "rating"}, {}, 2, 2}},
        {"skip", {"skip RITUAL_ID LOCAL_START [--reason TEXT]", {"reason"}, {}, 2, 2}},
        {"export-json", {"export-json FILE", {}, {}, 1, 1}},
        {"import-json", {"import-json FILE", {}, {}, 1, 1}},
        {"export-ics", {"export-ics FILE [RITUAL_ID...]", {}, {}, 1, 1000}},
        {"create-space",
         {"create-space --server URL [--device-name N]", {"server", "device-name"}, {}, 0, 0}},
        {"invite", {"invite [--device]", {}, {"device"}, 0, 0}},
        {"join", {"join CODE --server URL [--device-name N]", {"server", "device-name"}, {}, 1, 1}},
        {"sync", {"sync [--wait S]", {"wait"}, {}, 0, 0}},
        {"sync-status", {"sync-status", {}, {}, 0, 0}},
        {"devices", {"devices", {}, {}, 0, 0}},
        {"remove-device", {"remove-device DEVICE_ID", {}, {}, 1, 1}},
        {"leave", {"leave --yes", {}, {"yes"}, 0, 0}},
        {"help", {"help", {}, {}, 0, 0}},
        {"checkin-sets", {"checkin-sets", {}, {}, 0, 0}},
        {"checkin-start",
         {"checkin-start [SET] [--ritual RITUAL_ID --at LOCAL_START]", {"ritual", "at"}, {}, 0, 1}},
        {"checkins", {"checkins", {}, {}, 0, 0}},
        {"checkin-show", {"checkin-show ID", {}, {}, 1, 1}},
        {"checkin-answer",
         {"checkin-answer ID QUESTION VALUE... [--json-value JSON]", {"json-value"}, {}, 2, 1000}},
        {"checkin-submit", {"checkin-submit ID", {}, {}, 1, 1}},
        {"checkin-reply",
         {"checkin-reply ID --to me|partner --question Q (--thanks | --text T)",
          {"to", "question", "text"}, {"thanks"}, 1, 1}},
        {"checkin-finish", {"checkin-finish ID", {}, {}, 1, 1}},
        {"checkin-trends", {"checkin-trends", {}, {}, 0, 0}},
        {"repair-start",
         {"repair-start --title T --intensity 1-5 [--at WHEN] [--topic ID]... [--guide ID]",
          {"title", "intensity", "at", "topic", "guide"}, {}, 0, 0}},
        {"repairs", {"repairs [--topic ID] [--status S]", {"topic", "status"}, {}, 0, 0}},
        {"repair-show", {"repair-show ID", {}, {}, 1, 1}},
        {"repair-step",
         {"repair-step ID STEP VALUE... [--json-value JSON]", {"json-value"}, {}, 2, 1000}},
        {"repair-submit", {"repair-submit ID STEP", {}, {}, 2, 2}},
        {"repair-status", {"repair-status ID STATUS", {}, {}, 2, 2}},
        {"break", {"break [--repair ID] [--minutes N]", {"repair", "minutes"}, {}, 0, 0}},
        {"break-end", {"break-end [BREAK_ID]", {}, {}, 0, 1}},
        {"break-status", {"break-status", {}, {}, 0, 0}},
        {"commitments", {"commitments", {}, {}, 0, 0}},
        {"signal-propose", {"signal-propose WORD MEANING", {}, {}, 2, 2}},
        {"signal-accept", {"signal-accept ID", {}, {}, 1, 1}},
        {"signal-change", {"signal-change ID WORD MEANING", {}, {}, 3, 3}},
        {"signal-retire", {"signal-retire ID", {}, {}, 1, 1}},
        {"signals", {"signals", {}, {}, 0, 0}},
        {"signal-kinds", {"signal-kinds", {}, {}, 0, 0}},
        {"signal-send",
         {"signal-send KIND [--signal ID] [--until WHEN]", {"signal", "until"}, {}, 1, 1}},
        {"signal-reply", {"signal-reply ID REPLY [--until WHEN]", {"until"}, {}, 2, 2}},
        {"signal-inbox", {"signal-inbox", {}, {}, 0, 0}},
        {"signal-dismiss", {"signal-dismiss ID", {}, {}, 1, 1}},
        {"signal-messages", {"signal-messages", {}, {}, 0, 0}},
        {"signal-notices", {"signal-notices", {}, {}, 0, 0}},
        {"agreement-propose",
         {"agreement-propose SITUATION ACTION [--review YYYY-MM-DD] [--repair ID]",
          {"review", "repair"}, {}, 2, 2}},
        {"agreement-from-commitment",
         {"agreement-from-commitment COMMITMENT_ID [--review YYYY-MM-DD]", {"review"}, {}, 1, 1}},
        {"agreement-agree", {"agreement-agree ID", {}, {}, 1, 1}},
        {"agreement-change",
         {"agreement-change ID SITUATION ACTION [--review YYYY-MM-DD]", {"review"}, {}, 3, 3}},
        {"agreement-status", {"agreement-status ID STATUS", {}, {}, 2, 2}},
        {"agreement-review-date", {"agreement-review-date ID DATE", {}, {}, 2, 2}},
        {"agreements", {"agreements", {}, {}, 0, 0}},
        {"agreement-notices", {"agreement-notices", {}, {}, 0, 0}},
        {"need-add",
         {"need-add KIND TEXT [--detail D] [--suggestion ID] [--note N] [--shared]",
          {"detail", "suggestion", "note"}, {"shared"}, 2, 2}},
        {"need-edit", {"need-edit ID TEXT [--note N]", {"note"}, {}, 2, 2}},
        {"need-share", {"need-share ID", {}, {}, 1, 1}},
        {"need-unshare", {"need-unshare ID", {}, {}, 1, 1}},
        {"need-remove", {"need-remove ID", {}, {}, 1, 1}},
        {"needs", {"needs [--partner]", {}, {"partner"}, 0, 0}},
        {"moment-log",
         {"moment-log --situation S [--at WHEN] [--body A,B] [--emotion E] [--intensity 1-10] "
          "[--did T] [--needed A,B] [--note N] [--shared]",
          {"situation", "at", "body", "emotion", "intensity", "did", "needed", "note"},
          {"shared"}, 0, 0}},
        {"moments", {"moments [--partner]", {}, {"partner"}, 0, 0}},
        {"moment-share", {"moment-share ID", {}, {}, 1, 1}},
        {"moment-unshare", {"moment-unshare ID", {}, {}, 1, 1}},
        {"moment-remove", {"moment-remove ID", {}, {}, 1, 1}},
        {"patterns", {"patterns [--days N]", {"days"}, {}, 0, 0}},
        {"reflect", {"reflect CARD TEXT", {}, {}, 2, 2}},
        {"reflections", {"reflections", {}, {}, 0, 0}},
        {"therapist-invite", {"therapist-invite", {}, {}, 0, 0}},
        {"care-link", {"care-link", {}, {}, 0, 0}},
        {"care-accept", {"care-accept", {}, {}, 0, 0}},
        {"care-unlink", {"care-unlink", {}, {}, 0, 0}},
        {"care-share-trends", {"care-share-trends on|off", {}, {}, 1, 1}},
        {"assignments", {"assignments [--all]", {}, {"all"}, 0, 0}},
        {"assignment-done", {"assignment-done ID N", {}, {}, 2, 2}},
        {"assignment-reflect",
         {"assignment-reflect ID N --answer TEXT [--answer TEXT]... [--share]", {"answer"},
          {"share"}, 2, 2}},
        {"care-reflections", {"care-reflections", {}, {}, 0, 0}},
        {"practice-init",
         {"practice-init --name N --tz ZONE --policy-kind no-secrets|limited-secrets --policy-text T",
          {"name", "tz", "policy-kind", "policy-text"}, {}, 0, 0}},
        {"practice-demo", {"practice-demo [--seed S]", {"seed"}, {}, 0, 0}},
        {"practice-link",
         {"practice-link CODE --server URL [--device-name N]", {"server", "device-name"}, {}, 1, 1}},
        {"couples", {"couples", {}, {}, 0, 0}},
        {"practice-sync", {"practice-sync", {}, {}, 0, 0}},
        {"exercises", {"exercises", {}, {}, 0, 0}},
        {"exercise-add",
         {"exercise-add --title T --purpose P --step S [--step S]... [--prompt Q]... [--minutes N]",
          {"title", "step", "prompt", "minutes", "purpose"}, {}, 0, 0}},
        {"assign",
         {"assign --couple SPACE --exercise ID [--to MEMBER] --due YYYY-MM-DD "
          "[--every DAYS --times N] [--note T]",
          {"couple", "exercise", "to", "due", "every", "times", "note"}, {}, 0, 0}},
        {"couple-status", {"couple-status --couple SPACE", {"couple"}, {}, 0, 0}},
        {"couple-reflections", {"couple-reflections --couple SPACE", {"couple"}, {}, 0, 0}},
        {"couple-export",
         {"couple-export --couple SPACE --out FILE.html", {"couple", "out"}, {}, 0, 0}},
    };
    return all;
}

/// The parsed command line.
struct Invocation {
    std::string command;
    std::vector<std::string> args;
    std::map<std::string, std::string> options;
    std::map<std::string, std::vector<std::string>> repeated; ///< options that may be repeated
    std::set<std::string> flags;
    std::string dataDir;
    bool json = false;
    bool help = false;

    [[nodiscard]] std::optional<std::string> option(const std::string &name) const
    {
        auto it = options.find(name);
        return it == options.end() ? std::nullopt : std::optional(it->second);
    }
    [[nodiscard]] std::string required(const std::string &name) const
    {
        auto value = option(name);
        if (!value)
            throw UsageError("`" + command + "` needs --" + name + " (usage: hearthctl "
                             + commands().at(command).usage + ")");
        return *value;
    }
    /// Every value of a repeatable option, in the order given.
    [[nodiscard]] std::vector<std::string> all(const std::string &name) const
    {
        auto it = repeated.find(name);
        return it == repeated.end() ? std::vector<std::string>{} : it->second;
    }
};

Invocation parse(const std::vector<std::string> &argv)
{
    // Every option takes a value or none, whatever the command: the line parses before the
    // command is known, then each command checks that it was given only its own options.
    static const std::set<std::string> valued = {"data-dir", "name",  "tz",    "partner-name",
                                                 "partner-tz", "days", "seed",  "template",
                                                 "start",    "time",  "note",  "rating",
                                                 "reason", "server", "device-name", "wait",
                                                 "ritual", "at", "json-value", "to", "question",
                                                 "text", "title", "intensity", "topic", "guide",
                                                 "status", "repair", "minutes", "detail",
                                                 "suggestion", "situation", "body", "emotion",
                                                 "did", "needed", "signal", "until",
                                                 "review", "answer", "policy-kind",
                                                 "policy-text", "step", "prompt", "purpose",
                                                 "couple", "exercise", "due", "every", "times",
                                                 "out"};
    static const std::set<std::string> repeatable = {"topic", "answer", "step", "prompt"};
    static const std::set<std::string> flags = {"json", "all", "help", "device", "yes", "thanks",
                                                "shared", "partner", "share"};
    Invocation inv;
    std::vector<std::pair<std::string, bool>> seen; // option, has value
    bool onlyPositionals = false;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string &a = argv[i];
        if (onlyPositionals || a.size() < 2 || a[0] != '-' || a == "-") {
            if (inv.command.empty())
                inv.command = a;
            else
                inv.args.push_back(a);
            continue;
        }
        if (a == "--") {
            onlyPositionals = true;
            continue;
        }
        if (a == "-h") {
            inv.help = true;
            continue;
        }
        if (a.rfind("--", 0) != 0)
            throw UsageError("unknown option " + a);
        std::string name = a.substr(2);
        std::optional<std::string> value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        if (flags.contains(name)) {
            if (value)
                throw UsageError("--" + name + " takes no value");
            if (name == "json")
                inv.json = true;
            else if (name == "help")
                inv.help = true;
            else
                inv.flags.insert(name);
            seen.emplace_back(name, false);
            continue;
        }
        if (!valued.contains(name))
            throw UsageError("unknown option --" + name);
        if (!value) {
            if (i + 1 >= argv.size())
                throw UsageError("--" + name + " needs a value");
            value = argv[++i];
        }
        if (name == "data-dir")
            inv.dataDir = *value;
        else if (repeatable.contains(name))
            inv.repeated[name].push_back(*value);
        else if (!inv.options.emplace(name, *value).second)
            throw UsageError("--" + name + " is given twice");
        seen.emplace_back(name, true);
    }
    if (inv.help || inv.command == "help")
        return inv;
    if (inv.command.empty())
        throw UsageError("no command given");
    auto spec = commands().find(inv.command);
    if (spec == commands().end())
        throw UsageError("unknown command \"" + inv.command + "\"");
    for (const auto &[name, hasValue] : seen) {
        if (name == "data-dir" || name == "json")
            continue;
        const bool allowed = hasValue ? spec->second.valued.contains(name)
                                      : spec->second.flags.contains(name);
        if (!allowed)
            throw UsageError("`" + inv.command + "` takes no --" + name + " (usage: hearthctl "
                             + spec->second.usage + ")");
    }
    const auto n = inv.args.size();
    if (n < spec->second.minArgs || n > spec->second.maxArgs)
        throw UsageError((n < spec->second.minArgs ? "missing arguments" : "too many arguments")
                         + std::string(" (usage: hearthctl ") + spec->second.usage + ")");
    return inv;
}

int integerOption(const Invocation &inv, const std::string &name, int fallback)
{
    auto text = inv.option(name);
    if (!text)
        return fallback;
    int value = 0;
    const char *end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc() || ptr != end)
        throw UsageError("--" + name + " takes a whole number, not \"" + *text + "\"");
    return value;
}

std::uint64_t seedOption(const Invocation &inv)
{
    auto text = inv.option("seed");
    if (!text)
        return 1;
    std::uint64_t value = 0;
    const char *end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc() || ptr != end)
        throw UsageError("--seed takes a whole number, not \"" + *text + "\"");
    return value;
}

fs::path defaultDataDir()
{
    if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
        return fs::path(xdg) / "hearth";
    if (const char *home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share" / "hearth";
    throw Error("Neither XDG_DATA_HOME nor HOME is set; pass --data-dir DIR.");
}

/// HEARTH_NOW, when set: the fixed time tests run at.
std::optional<Millis> fixedNow()
{
    const char *env = std::getenv("HEARTH_NOW");
    if (!env || !*env)
        return std::nullopt;
    Millis value = 0;
    const char *end = env + std::strlen(env);
    auto [ptr, ec] = std::from_chars(env, end, value);
    if (ec != std::errc() || ptr != end || value < 0)
        throw UsageError("HEARTH_NOW must be milliseconds since the epoch, not \""
                         + std::string(env) + "\"");
    return value;
}

std::size_t width(std::string_view s)
{
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

/// Prints rows as left-aligned columns, two spaces apart, the last column unpadded.
void printTable(const std::vector<std::vector<std::string>> &rows)
{
    if (rows.empty())
        return;
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto &row : rows)
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], width(row[i]));
    for (const auto &row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(widths[i] - width(row[i]) + 2, ' ');
        }
        std::cout << line << '\n';
    }
}

/// "Wed" for a "YYYY-MM-DD..." text.
std::string weekdayName(const std::string &localIso)
{
    using namespace std::chrono;
    static constexpr const char *names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    const year_month_day ymd{year{std::stoi(localIso.substr(0, 4))},
                             month{static_cast<unsigned>(std::stoi(localIso.substr(5, 2)))},
                             day{static_cast<unsigned>(std::stoi(localIso.substr(8, 2)))}};
    return names[weekday{sys_days{ymd}}.c_encoding()];
}

std::string readFile(const std::string &path)
{
    if (path == "-") {
        std::ostringstream all;
        all << std::cin.rdbuf();
        return all.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("Cannot read " + path + ": " + std::strerror(errno) + ".");
    std::ostringstream all;
    all << in.rdbuf();
    return all.str();
}

/// Writes through a temporary file and a rename, so a failed write never leaves half a file.
void writeFile(const std::string &path, const std::string &content)
{
    if (path == "-") {
        std::cout << content;
        return;
    }
    const fs::path tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("Cannot write " + path + ": " + std::strerror(errno) + ".");
        out << content;
        out.close();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw Error("Cannot write " + path + ": the disk may be full.");
        }
    }
    fs::rename(tmp, path);
}

json scheduleJson(const Schedule &s)
{
    return {{"rrule", s.rrule},
            {"startLocal", s.startLocal},
            {"timeZone", s.timeZone},
            {"durationMinutes", s.durationMinutes}};
}

std::string describeOrRule(const Schedule &s)
{
    try {
        return describe(s);
    } catch (const ValidationError &) {
        return "RRULE:" + s.rrule + " from " + s.startLocal;
    }
}

std::string joined(const std::vector<std::string> &parts, const std::string &separator)
{
    std::string out;
    for (const std::string &part : parts)
        out += (out.empty() ? "" : separator) + part;
    return out;
}

/// "Sat 2024-06-01 11:00": an instant on the wall clock of a time zone.
std::string localWhen(Millis utc, const std::string &zone)
{
    const std::string local = utcToLocal(utc, zone);
    return weekdayName(local) + " " + local.substr(0, 10) + " " + local.substr(11);
}

/// "45 min", "3 h 20 min", "2 d 4 h".
std::string durationText(Millis ms)
{
    const Millis minutes = std::max<Millis>(0, ms) / 60'000;
    if (minutes < 60)
        return std::to_string(minutes) + " min";
    if (minutes < 48 * 60)
        return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
    return std::to_string(minutes / 1440) + " d " + std::to_string(minutes / 60 % 24) + " h";
}

/// Whether `localStart` is an occurrence of the ritual (what markDone will accept).
bool isOccurrence(const Ritual &r, const std::string &localStart)
{
    Millis t = 0;
    try {
        t = localToUtc(localStart, r.schedule.timeZone);
    } catch (const Error &) {
        return false;
    }
    const auto around = expand(r.schedule, t - 36 * 3600'000LL, t + 36 * 3600'000LL);
    return std::any_of(around.begin(), around.end(),
                       [&](const ScheduledOccurrence &o) { return o.localStart == localStart; });
}

/// A check-in's state in one word, for lists and scripts.
std::string checkinState(const CheckInView &v)
{
    if (v.finishedAt > 0)
        return "finished";
    if (v.revealed)
        return "revealed";
    if (!v.mineSubmitted)
        return "yourTurn";
    if (!v.partnerSubmitted)
        return "waiting";
    return "opening"; // both submitted; the partner's key comes with a sync
}

std::string checkinStateText(const CheckInView &v, const std::string &partner)
{
    const std::string state = checkinState(v);
    if (state == "yourTurn")
        return v.partnerSubmitted ? "your turn (" + partner + " has answered)" : "your turn";
    if (state == "waiting")
        return "waiting for " + partner;
    if (state == "opening")
        return "both answered; the answers open when you have both synced";
    return state;
}

std::string repairStatusText(const std::string &status)
{
    return status == "cooling" ? "cooling off" : status;
}

/// The one VALUE a question or step of this kind takes.
const std::string &singleValue(const std::vector<std::string> &values, const std::string &what)
{
    if (values.size() != 1)
        throw UsageError(what + " takes one VALUE (put a text with spaces in quotes)");
    return values.front();
}

/// Ids given as several VALUEs, comma-separated, or both.
json idList(const std::vector<std::string> &values)
{
    json out = json::array();
    for (const std::string &value : values) {
        std::istringstream in(value);
        for (std::string id; std::getline(in, id, ',');) {
            id.erase(0, id.find_first_not_of(' '));
            id.erase(id.find_last_not_of(' ') + 1);
            if (!id.empty())
                out.push_back(id);
        }
    }
    return out;
}

/// A whole number when the text is one; otherwise the text, for the core to refuse by name.
json numberOrText(const std::string &text)
{
    int value = 0;
    const char *end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end)
        return text;
    return value;
}

/// The VALUEs of `checkin-answer` as an answer to `q`, in the shape of docs/content.md.
json questionAnswer(const Question &q, const std::vector<std::string> &values)
{
    switch (q.kind) {
    case QuestionKind::Scale:
        return numberOrText(singleValue(values, "a scale"));
    case QuestionKind::Text:
        return singleValue(values, "a text question");
    case QuestionKind::Needs:
        return idList(values);
    case QuestionKind::Appreciations:
        return values;
    case QuestionKind::FeelingStatement: {
        json parts = json::object();
        for (const std::string &value : values) {
            const auto eq = value.find('=');
            if (eq == std::string::npos)
                throw ValidationError(q.id, "\"" + q.prompt + "\": give the parts as feel=..., "
                                                              "about=..., need=...");
            parts[value.substr(0, eq)] = value.substr(eq + 1);
        }
        return parts;
    }
    }
    return nullptr;
}

/// The VALUEs of `repair-step` as an answer to `step`.
json stepAnswer(const RepairStep &step, const std::vector<std::string> &values)
{
    switch (step.kind) {
    case RepairStepKind::Calm:
        return singleValue(values, "a calm step");
    case RepairStepKind::Feelings:
    case RepairStepKind::Needs:
        return idList(values);
    case RepairStepKind::Text:
    case RepairStepKind::Apology:
    case RepairStepKind::Plan:
        return singleValue(values, "a text step");
    case RepairStepKind::Acceptance:
        if (values.size() > 2)
            throw UsageError("an acceptance step takes CHOICE [NOTE]");
        if (values.size() == 2)
            return {{"choice", values[0]}, {"note", values[1]}};
        return {{"choice", values[0]}};
    }
    return nullptr;
}

std::string needLabel(const ContentLibrary &library, const std::string &id)
{
    const Need *need = library.need(id);
    return need ? need->label : id;
}

/// An answer as a person reads it: the number, the text, the labels of the needs...
std::string answerText(const ContentLibrary &library, const Question *q, const json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_integer())
        return value.dump() + (q ? " of " + std::to_string(q->max) : std::string());
    std::vector<std::string> parts;
    if (value.is_array()) {
        for (const json &item : value)
            if (item.is_string())
                parts.push_back(q && q->kind == QuestionKind::Needs
                                    ? needLabel(library, item.get<std::string>())
                                    : item.get<std::string>());
        return joined(parts, q && q->kind == QuestionKind::Needs ? ", " : "; ");
    }
    if (value.is_object() && q) {
        for (const StatementPart &part : q->parts)
            if (value.contains(part.id) && value.at(part.id).is_string())
                parts.push_back(part.label + " " + value.at(part.id).get<std::string>());
        return joined(parts, ", ");
    }
    return value.is_null() ? std::string() : value.dump();
}

/// A step's answer as a person reads it: the labels of the choices, or the text.
std::string stepText(const ContentLibrary &library, const RepairStep *step, const json &value)
{
    const auto choiceLabel = [&](const std::string &id) {
        if (step)
            for (const Choice &c : step->choices)
                if (c.id == id)
                    return c.label;
        return id;
    };
    if (value.is_string())
        return step && (step->kind == RepairStepKind::Calm) ? choiceLabel(value.get<std::string>())
                                                            : value.get<std::string>();
    if (value.is_array()) {
        std::vector<std::string> labels;
        for (const json &item : value) {
            if (!item.is_string())
                continue;
            std::string label = item.get<std::string>();
            if (step && step->kind == RepairStepKind::Needs)
                label = needLabel(library, label);
            else if (step)
                for (const Feeling &f : step->feelings)
                    if (f.id == label)
                        label = f.label;
            labels.push_back(label);
        }
        return joined(labels, ", ");
    }
    if (value.is_object() && value.contains("choice") && value.at("choice").is_string()) {
        std::string text = choiceLabel(value.at("choice").get<std::string>());
        const json note = value.value("note", json());
        if (note.is_string() && !note.get<std::string>().empty())
            text += ": " + note.get<std::string>();
        return text;
    }
    return value.is_null() ? std::string() : value.dump();
}

/// The link's state in one word, as JSON says it.
std::string careState(const CareLink &l)
{
    if (l.endedAt > 0)
        return "ended";
    if (l.joinedAt == 0)
        return "invited";
    return l.active ? "active" : "awaiting-acceptance";
}

std::string careStateText(const CareLink &l)
{
    const std::string state = careState(l);
    if (state == "invited")
        return "invited (the therapist has not joined yet)";
    if (state == "awaiting-acceptance")
        return "waiting until both partners accept the policy";
    return state;
}

std::string policyKindText(const std::string &kind)
{
    return kind == "no-secrets" ? "no secrets" : kind == "limited-secrets" ? "limited secrets" : kind;
}

std::string caseFolded(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// The program: one command against one profile folder.
class Hearthctl {
public:
    explicit Hearthctl(Invocation inv) : m_inv(std::move(inv))
    {
        m_dir = m_inv.dataDir.empty() ? defaultDataDir() : fs::path(m_inv.dataDir);
        m_file = m_dir / "profile.db";
    }

    int run()
    {
        static const std::map<std::string, void (Hearthctl::*)()> handlers = {
            {"init", &Hearthctl::init},
            {"demo", &Hearthctl::demo},
            {"rituals", &Hearthctl::listRituals},
            {"upcoming", &Hearthctl::upcoming},
            {"templates", &Hearthctl::templates},
            {"add", &Hearthctl::add},
            {"done", &Hearthctl::done},
            {"skip", &Hearthctl::skip},
            {"export-json", &Hearthctl::exportJson},
            {"import-json", &Hearthctl::importJson},
            {"export-ics", &Hearthctl::exportCalendar},
            {"create-space", &Hearthctl::createSpace},
            {"invite", &Hearthctl::invite},
            {"join", &Hearthctl::join},
            {"sync", &Hearthctl::syncOnce},
            {"sync-status", &Hearthctl::syncStatus},
            {"devices", &Hearthctl::devices},
            {"remove-device", &Hearthctl::removeDevice},
            {"leave", &Hearthctl::leave},
            {"checkin-sets", &Hearthctl::checkinSets},
            {"checkin-start", &Hearthctl::checkinStart},
            {"checkins", &Hearthctl::listCheckins},
            {"checkin-show", &Hearthctl::checkinShow},
            {"checkin-answer", &Hearthctl::checkinAnswer},
            {"checkin-submit", &Hearthctl::checkinSubmit},
            {"checkin-reply", &Hearthctl::checkinReply},
            {"checkin-finish", &Hearthctl::checkinFinish},
            {"checkin-trends", &Hearthctl::checkinTrends},
            {"repair-start", &Hearthctl::repairStart},
            {"repairs", &Hearthctl::listRepairs},
            {"repair-show", &Hearthctl::repairShow},
            {"repair-step", &Hearthctl::repairStep},
            {"repair-submit", &Hearthctl::repairSubmit},
            {"repair-status", &Hearthctl::repairStatus},
            {"break", &Hearthctl::callBreak},
            {"break-end", &Hearthctl::endBreak},
            {"break-status", &Hearthctl::breakStatus},
            {"commitments", &Hearthctl::listCommitments},
            {"signal-propose", &Hearthctl::signalPropose},
            {"signal-accept", &Hearthctl::signalAccept},
            {"signal-change", &Hearthctl::signalChange},
            {"signal-retire", &Hearthctl::signalRetire},
            {"signals", &Hearthctl::listSignals},
            {"signal-kinds", &Hearthctl::signalKinds},
            {"signal-send", &Hearthctl::signalSend},
            {"signal-reply", &Hearthctl::signalReply},
            {"signal-inbox", &Hearthctl::signalInbox},
            {"signal-dismiss", &Hearthctl::signalDismiss},
            {"signal-messages", &Hearthctl::listMessages},
            {"signal-notices", &Hearthctl::signalNotices},
            {"agreement-propose", &Hearthctl::agreementPropose},
            {"agreement-from-commitment", &Hearthctl::agreementFromCommitment},
            {"agreement-agree", &Hearthctl::agreementAgree},
            {"agreement-change", &Hearthctl::agreementChange},
            {"agreement-status", &Hearthctl::agreementStatus},
            {"agreement-review-date", &Hearthctl::agreementReviewDate},
            {"agreements", &Hearthctl::listAgreements},
            {"agreement-notices", &Hearthctl::agreementNotices},
            {"need-add", &Hearthctl::needAdd},
            {"need-edit", &Hearthctl::needEdit},
            {"need-share", &Hearthctl::needShare},
            {"need-unshare", &Hearthctl::needShare},
            {"need-remove", &Hearthctl::needRemove},
            {"needs", &Hearthctl::listNeeds},
            {"moment-log", &Hearthctl::momentLog},
            {"moments", &Hearthctl::listMoments},
            {"moment-share", &Hearthctl::momentShare},
            {"moment-unshare", &Hearthctl::momentShare},
            {"moment-remove", &Hearthctl::momentRemove},
            {"patterns", &Hearthctl::showPatterns},
            {"reflect", &Hearthctl::reflect},
            {"reflections", &Hearthctl::listReflections},
            {"therapist-invite", &Hearthctl::therapistInvite},
            {"care-link", &Hearthctl::careLink},
            {"care-accept", &Hearthctl::careAccept},
            {"care-unlink", &Hearthctl::careUnlink},
            {"care-share-trends", &Hearthctl::careShareTrends},
            {"assignments", &Hearthctl::listAssignments},
            {"assignment-done", &Hearthctl::assignmentDone},
            {"assignment-reflect", &Hearthctl::assignmentReflect},
            {"care-reflections", &Hearthctl::careReflections},
            {"practice-init", &Hearthctl::practiceInit},
            {"practice-demo", &Hearthctl::practiceDemo},
            {"practice-link", &Hearthctl::practiceLink},
            {"couples", &Hearthctl::listCouples},
            {"practice-sync", &Hearthctl::practiceSync},
            {"exercises", &Hearthctl::listExercises},
            {"exercise-add", &Hearthctl::exerciseAdd},
            {"assign", &Hearthctl::assign},
            {"couple-status", &Hearthctl::coupleStatus},
            {"couple-reflections", &Hearthctl::coupleReflections},
            {"couple-export", &Hearthctl::coupleExport},
        };
        (this->*handlers.at(m_inv.command))();
        return 0;
    }

    /// Removes what a failed init, demo or import created.
    void undoCreation() noexcept
    {
        m_sync.reset();
        m_book.reset();
        m_store.reset();
        m_practice.reset();
        if (!m_created)
            return;
        std::error_code ec;
        for (const char *suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(fs::path(m_file.string() + suffix), ec);
        // A practice made here may have made its couples folder too; the folder was ours.
        if (m_createdDir)
            fs::remove_all(m_dir, ec);
        else if (m_practiceCreated)
            fs::remove(m_dir / "couples", ec);
    }

private:
    /// Opens the profile, which must exist (commands that read or edit one).
    RitualBook &open()
    {
        if (!fs::exists(m_file))
            throw Error("There is no profile in " + m_dir.string()
                        + " yet: run `hearthctl init` or `hearthctl demo` first.");
        return openOrCreate(false);
    }

    /// Opens the profile, creating it when missing (init, demo, import-json). When the command
    /// then fails, the files it created are removed again: a failed command leaves nothing.
    RitualBook &openOrCreate(bool manualClock)
    {
        m_created = !fs::exists(m_file);
        m_createdDir = !fs::exists(m_dir);
        makeClock(manualClock);
        m_store = std::make_unique<Store>(m_file, *m_clock, m_random);
        m_book = std::make_unique<RitualBook>(*m_store);
        return *m_book;
    }

    /// The command's clock: HEARTH_NOW when set, else the system's (a manual one for the demo,
    /// which moves it through the history it writes).
    void makeClock(bool manualClock)
    {
        const auto fixed = fixedNow();
        if (fixed || manualClock) {
            auto clock = std::make_unique<ManualClock>(fixed.value_or(SystemClock().nowMs()));
            m_manual = clock.get();
            m_clock = std::move(clock);
        } else {
            m_clock = std::make_unique<SystemClock>();
        }
    }

    [[nodiscard]] Millis now() const { return m_clock->nowMs(); }

    void say(const std::string &text, json summary)
    {
        if (m_inv.json)
            std::cout << summary.dump(2) << '\n';
        else
            std::cout << text << '\n';
    }

    static ContentLibrary content() { return ContentLibrary::loadDefault(); }

    /// A ritual by its id or a unique prefix of it (at least 4 characters).
    Ritual resolve(RitualBook &book, const std::string &idOrPrefix)
    {
        if (auto r = book.ritual(idOrPrefix))
            return *r;
        std::vector<Ritual> matches;
        if (idOrPrefix.size() >= 4)
            for (Ritual &r : book.rituals(true))
                if (r.id.rfind(idOrPrefix, 0) == 0)
                    matches.push_back(std::move(r));
        if (matches.size() > 1)
            throw ValidationError("ritual", "\"" + idOrPrefix
                                                + "\" is the start of several ritual ids; give "
                                                  "more of it.");
        if (matches.empty())
            throw ValidationError("ritual", "No ritual has the id \"" + idOrPrefix
                                                + "\" (`hearthctl rituals` lists them).");
        return matches.front();
    }

    /// Runs `edit`, saying which occurrences the ritual has when LOCAL_START is not one of them.
    static void explained(const Ritual &r, const std::string &localStart,
                          const std::function<void()> &edit)
    {
        try {
            edit();
        } catch (const ValidationError &e) {
            if (e.field() != "localStart")
                throw;
            throw ValidationError("LOCAL_START", "\"" + localStart + "\" is not an occurrence of \""
                                                     + r.title + "\" (" + describeOrRule(r.schedule)
                                                     + ", " + r.schedule.timeZone
                                                     + "); give it as YYYY-MM-DDTHH:MM, as "
                                                       "`hearthctl upcoming` shows it.");
        }
    }

    static std::string localStartArg(std::string text)
    {
        if (text.size() == 16 && text[10] == ' ')
            text[10] = 'T';
        return text;
    }

    /// The sync client of the open profile, over the given server or the one it paired with.
    sync::SyncClient &syncClient(const std::optional<std::string> &server = std::nullopt)
    {
        RitualBook &book = open();
        (void)book;
        std::string url = server.value_or(m_store->meta("sync.server").value_or(""));
        if (url.empty())
            throw ValidationError("sync", "This profile is not connected to a server yet: run "
                                          "`hearthctl create-space --server URL` or `hearthctl "
                                          "join CODE --server URL`.");
        m_sync = std::make_unique<sync::SyncClient>(*m_store, transport(url));
        return *m_sync;
    }

    /// A transport to the server at `url`, checked to be one.
    sync::Transport &transport(const std::string &url)
    {
        if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
            throw ValidationError("--server", "Give the server as a URL, like http://127.0.0.1:8787.");
        m_transport = std::make_unique<sync::CurlTransport>(url);
        return *m_transport;
    }

    std::string deviceName() const
    {
        if (auto name = m_inv.option("device-name"))
            return *name;
        const char *host = std::getenv("HOSTNAME");
        return host && *host ? std::string(host) : std::string("hearthctl");
    }

    void createSpace()
    {
        const std::string server = m_inv.required("server");
        sync::SyncClient &client = syncClient(server);
        client.createSpace(server, deviceName());
        const sync::SyncStatus s = client.status();
        say("Created the space " + s.space + " on " + server
                + " and sent everything written here so far. Invite your partner with "
                  "`hearthctl invite`.",
            {{"space", s.space}, {"device", s.device}, {"server", server}});
    }

    void invite()
    {
        const bool device = m_inv.flags.contains("device");
        const std::string code = syncClient().invite(device ? "device" : "partner");
        say(code, {{"code", code}, {"role", device ? "device" : "partner"}, {"validHours", 24}});
    }

    void join()
    {
        const std::string server = m_inv.required("server");
        sync::SyncClient &client = syncClient(server);
        client.join(server, m_inv.args.at(0), deviceName());
        const Profile p = m_book->profile();
        say("Joined " + p.space.name + " on " + server + ": you are " + p.me.name + " ("
                + p.me.timeZone + "), your partner is " + p.partner.name + " ("
                + p.partner.timeZone + ").",
            {{"space", p.space.id}, {"member", p.me.id}, {"partner", p.partner.name},
             {"partnerTimeZone", p.partner.timeZone}});
    }

    void syncOnce()
    {
        const int wait = integerOption(m_inv, "wait", 0);
        if (wait < 0 || wait > 30)
            throw ValidationError("--wait", "Wait from 0 to 30 seconds.");
        sync::SyncClient &client = syncClient();
        sync::SyncReport report;
        if (wait == 0) {
            // The whole round, as the app does it: keys taken in and handed out, and the keys
            // rotated for a device removed since (a partner who left, an unlinked therapist).
            report = client.sync();
        } else {
            report.pushed = client.push();
            const sync::SyncReport pulled = client.pull(wait);
            report.pulled = pulled.pulled;
            report.merged = pulled.merged;
            // What arrived may have made a reveal due (the partner's answer is here now): its
            // key goes out at once, so that the partner does not wait for this device's next sync.
            if (report.merged > 0)
                report.pushed += client.push();
        }
        say("Sent " + std::to_string(report.pushed) + " change(s), received "
                + std::to_string(report.pulled) + " (" + std::to_string(report.merged)
                + " new here).",
            {{"pushed", report.pushed}, {"pulled", report.pulled}, {"merged", report.merged}});
    }

    void syncStatus()
    {
        RitualBook &book = open();
        (void)book;
        // The state is local: no request goes out.
        struct Offline final : sync::Transport {
            sync::HttpResponse send(const sync::HttpRequest &) override
            {
                throw sync::TransportError("sync-status sends no request");
            }
        } offline;
        const sync::SyncStatus s = sync::SyncClient(*m_store, offline).status();
        const json summary = {{"paired", s.paired}, {"server", s.server}, {"space", s.space},
                              {"device", s.device}, {"member", s.member}, {"role", s.role},
                              {"cursor", s.cursor}, {"pending", s.pending},
                              {"lastSyncMs", s.lastSyncMs}};
        if (!s.paired) {
            say("Not connected to a server. " + std::to_string(s.pending)
                    + " change(s) written here so far.",
                summary);
            return;
        }
        say("Server " + s.server + ", space " + s.space + ", this device " + s.device + " ("
                + s.role + "); " + std::to_string(s.pending) + " change(s) not yet sent; cursor "
                + std::to_string(s.cursor) + ".",
            summary);
    }

    void devices()
    {
        sync::SyncClient &client = syncClient();
        const auto list = client.devices();
        const std::string me = m_store->deviceId();
        if (m_inv.json) {
            json out = json::array();
            for (const auto &d : list)
                out.push_back({{"id", d.id}, {"member", d.member}, {"role", d.role},
                               {"name", d.name}, {"created", d.created}, {"lastSeen", d.lastSeen},
                               {"removed", d.removed}, {"thisDevice", d.id == me}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows{{"ID", "NAME", "ROLE", "STATUS"}};
        for (const auto &d : list)
            rows.push_back({d.id, d.name + (d.id == me ? " (this device)" : ""), d.role,
                            d.removed ? "removed" : "active"});
        printTable(rows);
    }

    void removeDevice()
    {
        const std::string id = m_inv.args.at(0);
        syncClient().removeDevice(id);
        say("Removed the device " + id + "; it can no longer sync with this space.",
            {{"removed", id}});
    }

    void leave()
    {
        if (!m_inv.flags.contains("yes"))
            throw UsageError("`leave` cannot be undone: this profile becomes a read-only copy and "
                             "nothing new flows between you and your partner. Add --yes to leave.");
        syncClient().leave();
        say("You left the space. This profile keeps what was shared until now, read-only; your "
            "partner keeps their copy; nothing new flows either way.",
            {{"left", true}});
    }

    void init()
    {
        const ProfileDraft draft{m_inv.required("name"), m_inv.required("tz"),
                                 m_inv.required("partner-name"), m_inv.required("partner-tz")};
        for (const auto &[option, zone] :
             {std::pair{"--tz", draft.myTimeZone}, std::pair{"--partner-tz", draft.partnerTimeZone}})
            if (!isValidTimeZone(zone))
                throw ValidationError(option, "\"" + zone
                                                  + "\" is not a time zone this system knows; use "
                                                    "an IANA name such as Europe/Lisbon.");
        RitualBook &book = openOrCreate(false);
        if (book.hasProfile())
            throw Error(m_dir.string() + " already holds the profile of "
                        + book.profile().space.name + ".");
        Profile p;
        try {
            p = book.createProfile(draft);
        } catch (const ValidationError &e) {
            static const std::map<std::string, std::string> options = {
                {"myName", "name"}, {"myTimeZone", "tz"}, {"partnerName", "partner-name"},
                {"partnerTimeZone", "partner-tz"}};
            auto it = options.find(e.field());
            throw ValidationError(it == options.end() ? e.field() : "--" + it->second, e.what());
        }
        say("Created the profile of " + p.me.name + " (" + p.me.timeZone + ") and "
                + p.partner.name + " (" + p.partner.timeZone + ") in " + m_dir.string() + ".",
            {{"spaceId", p.space.id}, {"memberId", p.me.id}, {"partnerId", p.partner.id}});
    }

    void demo()
    {
        const int days = integerOption(m_inv, "days", 90);
        if (days < 0 || days > 3650)
            throw ValidationError("--days", "Choose from 0 to 3650 days of history.");
        const std::uint64_t seed = seedOption(m_inv);
        const ContentLibrary library = content();
        RitualBook &book = openOrCreate(true);
        if (book.hasProfile() || !book.rituals(true).empty())
            throw Error(m_dir.string() + " already holds a profile; `demo` fills only an empty "
                                         "one (pass --data-dir with a new folder).");
        fillDemo(book, library, now(), days, seed, m_manual);
        const Profile p = book.profile();
        const auto rituals = book.rituals(true);
        say("Filled " + m_dir.string() + " with the demo couple " + p.me.name + " ("
                + p.me.timeZone + ", this device) and " + p.partner.name + " ("
                + p.partner.timeZone + "): " + std::to_string(rituals.size()) + " rituals, "
                + std::to_string(days) + " days of history.",
            {{"spaceId", p.space.id}, {"memberId", p.me.id}, {"rituals", rituals.size()},
             {"days", days}, {"seed", seed}});
    }

    void listRituals()
    {
        RitualBook &book = open();
        const auto rituals = book.rituals(m_inv.flags.contains("all"));
        if (m_inv.json) {
            json out = json::array();
            for (const Ritual &r : rituals)
                out.push_back({{"id", r.id},
                               {"title", r.title},
                               {"kind", r.kind},
                               {"status", std::string(toString(r.status))},
                               {"schedule", scheduleJson(r.schedule)},
                               {"scheduleText", describeOrRule(r.schedule)},
                               {"reminderMinutes", r.reminderMinutes},
                               {"purpose", r.purpose},
                               {"steps", r.steps},
                               {"templateId", r.templateId},
                               {"templateVersion", r.templateVersion}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (rituals.empty()) {
            std::cout << "No rituals yet: `hearthctl templates` lists ideas, `hearthctl add` adds "
                         "one.\n";
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "TITLE", "STATUS", "SCHEDULE"}};
        for (const Ritual &r : rituals)
            rows.push_back({r.id, r.title, std::string(toString(r.status)),
                            describeOrRule(r.schedule) + " (" + r.schedule.timeZone + ")"});
        printTable(rows);
    }

    void upcoming()
    {
        const int days = integerOption(m_inv, "days", 7);
        if (days < 1 || days > 366)
            throw ValidationError("--days", "Choose from 1 to 366 days.");
        RitualBook &book = open();
        const Profile p = book.profile();
        const Millis from = now();
        const auto items = book.agenda(from, from + Millis{days} * 24 * 3600'000);
        const bool twoZones = p.partner.timeZone != p.me.timeZone && !p.partner.timeZone.empty();
        if (m_inv.json) {
            json out = json::array();
            for (const AgendaItem &item : items)
                out.push_back({{"ritualId", item.ritualId},
                               {"title", item.title},
                               {"kind", item.kind},
                               {"localStart", item.localStart},
                               {"startUtc", item.startUtc},
                               {"durationMinutes", item.durationMinutes},
                               {"status", item.status},
                               {"moved", item.moved},
                               {"mine",
                                {{"name", p.me.name}, {"timeZone", p.me.timeZone},
                                 {"local", utcToLocal(item.startUtc, p.me.timeZone)}}},
                               {"partner",
                                {{"name", p.partner.name}, {"timeZone", p.partner.timeZone},
                                 {"local", p.partner.timeZone.empty()
                                               ? json(nullptr)
                                               : json(utcToLocal(item.startUtc,
                                                                 p.partner.timeZone))}}}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (items.empty()) {
            std::cout << "Nothing planned in the next " << days << " days.\n";
            return;
        }
        std::vector<std::string> header = {"WHEN (" + p.me.name + ", " + p.me.timeZone + ")"};
        if (twoZones)
            header.push_back(p.partner.name + " (" + p.partner.timeZone + ")");
        for (const char *h : {"RITUAL", "STATUS", "RITUAL ID", "LOCAL START"})
            header.emplace_back(h);
        std::vector<std::vector<std::string>> rows = {header};
        for (const AgendaItem &item : items) {
            const std::string mine = utcToLocal(item.startUtc, p.me.timeZone);
            std::vector<std::string> row = {weekdayName(mine) + " " + mine.substr(0, 10) + " "
                                            + mine.substr(11)};
            if (twoZones) {
                const std::string theirs = utcToLocal(item.startUtc, p.partner.timeZone);
                row.push_back(weekdayName(theirs) + " " + theirs.substr(11));
            }
            row.push_back(item.title);
            row.push_back(item.status + (item.moved ? " (moved)" : ""));
            row.push_back(item.ritualId);
            row.push_back(item.localStart);
            rows.push_back(std::move(row));
        }
        printTable(rows);
    }

    void templates()
    {
        const ContentLibrary library = content();
        if (m_inv.json) {
            json out = json::array();
            for (const RitualTemplate &t : library.rituals())
                out.push_back(t);
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "TITLE", "KIND", "SCHEDULE"}};
        for (const RitualTemplate &t : library.rituals())
            rows.push_back({t.id, t.title, t.kind,
                            describeOrRule(Schedule{t.rrule, "2024-01-01T" + t.time, "UTC",
                                                    t.durationMinutes})});
        printTable(rows);
    }

    void add()
    {
        const std::string templateId = m_inv.required("template");
        const ContentLibrary library = content();
        const RitualTemplate *t = library.ritual(templateId);
        if (!t)
            throw ValidationError("--template", "No ritual template has the id \"" + templateId
                                                    + "\" (`hearthctl templates` lists them).");
        RitualBook &book = open();
        const std::string zone = book.profile().me.timeZone;
        const std::string start =
            m_inv.option("start").value_or(utcToLocal(now(), zone).substr(0, 10));
        const auto digitsAt = [](const std::string &s, std::initializer_list<std::size_t> at) {
            return std::all_of(at.begin(), at.end(), [&](std::size_t i) {
                return i < s.size() && s[i] >= '0' && s[i] <= '9';
            });
        };
        if (start.size() != 10 || start[4] != '-' || start[7] != '-'
            || !digitsAt(start, {0, 1, 2, 3, 5, 6, 8, 9}))
            throw ValidationError("--start", "Give the first day as YYYY-MM-DD, not \"" + start
                                                 + "\".");
        RitualDraft draft = RitualBook::draftFromTemplate(*t, start, zone);
        if (auto time = m_inv.option("time")) {
            const bool ok = time->size() == 5 && (*time)[2] == ':' && digitsAt(*time, {0, 1, 3, 4})
                            && std::stoi(time->substr(0, 2)) < 24 && std::stoi(time->substr(3)) < 60;
            if (!ok)
                throw ValidationError("--time", "Give the time as HH:MM (00:00 to 23:59), not \""
                                                    + *time + "\".");
            draft.schedule.startLocal = start + "T" + *time;
        }
        const Ritual r = book.createRitual(draft);
        say("Added \"" + r.title + "\" (" + r.id + "): " + describeOrRule(r.schedule) + " ("
                + r.schedule.timeZone + ").",
            {{"id", r.id}, {"title", r.title}, {"schedule", scheduleJson(r.schedule)}});
    }

    void done()
    {
        int rating = 0;
        if (m_inv.option("rating")) {
            rating = integerOption(m_inv, "rating", 0);
            if (rating < 1 || rating > 5)
                throw ValidationError("--rating", "Rate how connected it felt from 1 to 5 (or "
                                                  "leave --rating out).");
        }
        RitualBook &book = open();
        const Ritual r = resolve(book, m_inv.args[0]);
        const std::string localStart = localStartArg(m_inv.args[1]);
        explained(r, localStart, [&] {
            book.markDone(r.id, localStart, m_inv.option("note").value_or(""), rating);
        });
        say("Marked \"" + r.title + "\" of " + localStart + " as done.",
            {{"ritualId", r.id}, {"localStart", localStart}, {"status", "done"}});
    }

    void skip()
    {
        RitualBook &book = open();
        const Ritual r = resolve(book, m_inv.args[0]);
        const std::string localStart = localStartArg(m_inv.args[1]);
        explained(r, localStart,
                  [&] { book.skip(r.id, localStart, m_inv.option("reason").value_or("")); });
        say("Skipped \"" + r.title + "\" of " + localStart + ".",
            {{"ritualId", r.id}, {"localStart", localStart}, {"status", "skipped"}});
    }

    void exportJson()
    {
        RitualBook &book = open();
        const json doc = exportProfile(book.store());
        const std::string &file = m_inv.args[0];
        writeFile(file, doc.dump(2) + "\n");
        if (file == "-")
            return;
        std::size_t rows = 0;
        for (const auto &[entity, list] : doc.at("data").items())
            rows += list.size();
        say("Exported " + std::to_string(rows) + " records (" + std::to_string(doc.at("changes").size())
                + " changes) to " + file + ".",
            {{"file", file}, {"records", rows}, {"changes", doc.at("changes").size()}});
    }

    void importJson()
    {
        const std::string &file = m_inv.args[0];
        const std::string text = readFile(file);
        json doc = json::parse(text, nullptr, false);
        if (doc.is_discarded())
            throw ProtocolError(file + " is not JSON, so it cannot be a Hearth export.");
        RitualBook &book = openOrCreate(false);
        importProfile(book.store(), doc);
        const std::size_t changes = doc.at("changes").size();
        say("Imported " + std::to_string(changes) + " changes into " + m_dir.string() + ".",
            {{"changes", changes}, {"rituals", book.rituals(true).size()}});
    }

    void exportCalendar()
    {
        RitualBook &book = open();
        std::vector<std::string> ids;
        for (std::size_t i = 1; i < m_inv.args.size(); ++i)
            ids.push_back(resolve(book, m_inv.args[i]).id);
        const std::string ics = ritualsToIcs(book, ids, now());
        const std::string &file = m_inv.args[0];
        writeFile(file, ics);
        if (file == "-")
            return;
        // Moved occurrences repeat their ritual's UID in an overriding event: count UIDs once.
        std::set<std::string> uids;
        for (auto at = ics.find("\nUID:"); at != std::string::npos; at = ics.find("\nUID:", at + 1))
            uids.insert(ics.substr(at + 5, ics.find('\r', at) - at - 5));
        say("Wrote " + std::to_string(uids.size()) + (uids.size() == 1 ? " ritual" : " rituals")
                + " to " + file + ".",
            {{"file", file}, {"rituals", uids.size()}});
    }

    // --- check-ins and repairs (issue 4) ------------------------------------------------------

    const ContentLibrary &library()
    {
        if (!m_library)
            m_library = content();
        return *m_library;
    }

    /// The check-ins of the profile, opened once for the command.
    CheckIns checkIns()
    {
        if (!m_book)
            open();
        return CheckIns(*m_store, library());
    }

    Repairs repairs()
    {
        if (!m_book)
            open();
        return Repairs(*m_store, library());
    }

    static std::string nameOf(const Profile &p, const std::string &memberId)
    {
        if (memberId == p.me.id)
            return p.me.name;
        if (memberId == p.partner.id)
            return p.partner.name;
        return memberId.empty() ? std::string() : "someone else";
    }

    /// An id among `ids`, or the one id a prefix of 4 or more characters starts.
    static std::string resolveId(const std::vector<std::string> &ids, const std::string &idOrPrefix,
                                 const std::string &what, const std::string &lister)
    {
        if (std::find(ids.begin(), ids.end(), idOrPrefix) != ids.end())
            return idOrPrefix;
        std::vector<std::string> matches;
        if (idOrPrefix.size() >= 4)
            for (const std::string &id : ids)
                if (id.rfind(idOrPrefix, 0) == 0)
                    matches.push_back(id);
        const std::string field = what == "check-in" ? "checkin" : what;
        if (matches.size() > 1)
            throw ValidationError(field, "\"" + idOrPrefix + "\" is the start of several " + what
                                             + " ids; give more of it.");
        if (matches.empty())
            throw ValidationError(field, "No " + what + " has the id \"" + idOrPrefix
                                             + "\" (`hearthctl " + lister + "` lists them).");
        return matches.front();
    }

    static std::string resolveCheckin(CheckIns &checkins, const std::string &idOrPrefix)
    {
        return resolveId(checkins.ids(), idOrPrefix, "check-in", "checkins");
    }

    static std::string resolveRepair(Repairs &repairs, const std::string &idOrPrefix)
    {
        std::vector<std::string> ids;
        for (const RepairView &r : repairs.log())
            ids.push_back(r.id);
        return resolveId(ids, idOrPrefix, "repair", "repairs");
    }

    /// Runs `edit`; a ValidationError of the core names the option or argument the person gave
    /// rather than the core's own field.
    static void asGiven(const std::map<std::string, std::string> &names,
                        const std::function<void()> &edit)
    {
        try {
            edit();
        } catch (const ValidationError &e) {
            auto it = names.find(e.field());
            if (it == names.end())
                throw;
            throw ValidationError(it->second, e.what());
        }
    }

    /// The answer given as VALUE arguments (from the third on) or as --json-value.
    std::optional<json> jsonValue() const
    {
        const auto text = m_inv.option("json-value");
        if (text && m_inv.args.size() > 2)
            throw UsageError("give the answer as VALUE or as --json-value, not both (usage: "
                             "hearthctl " + commands().at(m_inv.command).usage + ")");
        if (!text && m_inv.args.size() < 3)
            throw UsageError("missing arguments (usage: hearthctl "
                             + commands().at(m_inv.command).usage + ")");
        if (!text)
            return std::nullopt;
        json value = json::parse(*text, nullptr, false);
        if (value.is_discarded())
            throw ValidationError("--json-value", "\"" + *text + "\" is not JSON.");
        return value;
    }

    std::vector<std::string> values() const
    {
        return {m_inv.args.begin() + 2, m_inv.args.end()};
    }

    json checkinJson(const CheckInView &v, const Profile &p)
    {
        const QuestionSet *set = library().questionSet(v.setId);
        return {{"id", v.id},
                {"setId", v.setId},
                {"setVersion", v.setVersion},
                {"title", set ? set->title : v.setId},
                {"state", checkinState(v)},
                {"startedBy", v.startedBy},
                {"startedByName", nameOf(p, v.startedBy)},
                {"startedAt", v.startedAt},
                {"finishedAt", v.finishedAt},
                {"ritualId", v.ritualId},
                {"localStart", v.localStart},
                {"mineSubmitted", v.mineSubmitted},
                {"partnerSubmitted", v.partnerSubmitted},
                {"revealed", v.revealed}};
    }

    void checkinSets()
    {
        const ContentLibrary &lib = library();
        if (m_inv.json) {
            json out = json::array();
            for (const QuestionSet &s : lib.questionSets())
                out.push_back(s);
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"SET", "TITLE", "QUESTIONS", "MINUTES"}};
        for (const QuestionSet &s : lib.questionSets())
            rows.push_back({s.id, s.title, std::to_string(s.questions.size()),
                            std::to_string(s.durationMinutes)});
        printTable(rows);
    }

    void checkinStart()
    {
        const auto ritualArg = m_inv.option("ritual");
        const auto at = m_inv.option("at");
        if (ritualArg.has_value() != at.has_value() || (m_inv.args.empty() && !ritualArg))
            throw UsageError("give a question set, a ritual's occurrence (--ritual and --at), or "
                             "both (usage: hearthctl " + commands().at(m_inv.command).usage + ")");
        const QuestionSet *set = nullptr;
        if (!m_inv.args.empty()) {
            set = library().questionSet(m_inv.args[0]);
            if (!set)
                throw ValidationError("SET", "There is no check-in called \"" + m_inv.args[0]
                                                 + "\" (`hearthctl checkin-sets` lists them).");
        }
        CheckIns checkins = checkIns();
        RitualBook &book = *m_book;
        std::string id;
        std::string ritualId;
        std::string localStart;
        if (ritualArg) {
            const Ritual r = resolve(book, *ritualArg);
            localStart = localStartArg(*at);
            if (!isOccurrence(r, localStart))
                throw ValidationError("--at", "\"" + localStart + "\" is not an occurrence of \""
                                                  + r.title + "\" (" + describeOrRule(r.schedule)
                                                  + ", " + r.schedule.timeZone
                                                  + "); give it as YYYY-MM-DDTHH:MM, as "
                                                    "`hearthctl upcoming` shows it.");
            ritualId = r.id;
            if (!set && !checkins.setForRitual(r.id))
                throw ValidationError("--ritual", "\"" + r.title + "\" has no check-in questions "
                                                  "of its own; name a SET (`hearthctl "
                                                  "checkin-sets` lists them).");
        }
        const bool existed = !ritualId.empty() && checkins.view(ritualId + "@" + localStart);
        id = set ? checkins.start(set->id, ritualId, localStart)
                 : checkins.forOccurrence(ritualId, localStart);
        const CheckInView v = *checkins.view(id);
        const QuestionSet *started = library().questionSet(v.setId);
        const std::string title = started ? started->title : v.setId;
        say(std::string(existed ? "This occurrence's check-in is already started: the "
                                : "Started the ")
                + title + " (" + id + "). `hearthctl checkin-show " + id
                + "` lists its questions; `hearthctl checkin-answer " + id
                + " QUESTION VALUE` answers one.",
            {{"id", id}, {"setId", v.setId}, {"title", title}, {"ritualId", v.ritualId},
             {"localStart", v.localStart}, {"existed", existed}});
    }

    void listCheckins()
    {
        CheckIns checkins = checkIns();
        const Profile p = m_book->profile();
        std::vector<CheckInView> views;
        for (const std::string &id : checkins.ids())
            views.push_back(*checkins.view(id));
        if (m_inv.json) {
            json out = json::array();
            for (const CheckInView &v : views)
                out.push_back(checkinJson(v, p));
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (views.empty()) {
            std::cout << "No check-ins yet: `hearthctl checkin-start SET` starts one "
                         "(`hearthctl checkin-sets` lists them).\n";
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "STARTED", "CHECK-IN", "STATE"}};
        for (const CheckInView &v : views) {
            const QuestionSet *set = library().questionSet(v.setId);
            rows.push_back({v.id, localWhen(v.startedAt, p.me.timeZone),
                            set ? set->title : "\"" + v.setId + "\" (not in this version)",
                            checkinStateText(v, p.partner.name)});
        }
        printTable(rows);
    }

    void checkinShow()
    {
        CheckIns checkins = checkIns();
        const Profile p = m_book->profile();
        const ContentLibrary &lib = library();
        const CheckInView v = *checkins.view(resolveCheckin(checkins, m_inv.args[0]));
        const QuestionSet *set = lib.questionSet(v.setId);
        if (m_inv.json) {
            json out = checkinJson(v, p);
            out["questions"] = set ? json(set->questions) : json::array();
            out["myDraft"] = v.myDraft;
            out["myAnswers"] = v.myAnswers;
            out["myPrompts"] = v.myPrompts;
            out["partnerAnswers"] = v.partnerAnswers;
            out["partnerPrompts"] = v.partnerPrompts;
            json replies = json::array();
            for (const CheckInReply &r : v.replies)
                replies.push_back({{"id", r.id}, {"answerOf", r.answerOf},
                                   {"answerOfName", nameOf(p, r.answerOf)},
                                   {"questionId", r.questionId}, {"memberId", r.memberId},
                                   {"memberName", nameOf(p, r.memberId)}, {"kind", r.kind},
                                   {"text", r.text}, {"createdAt", r.createdAt}});
            out["replies"] = replies;
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::string head = (set ? set->title : "\"" + v.setId + "\"") + " (" + v.id
                           + "), started by " + nameOf(p, v.startedBy) + " on "
                           + localWhen(v.startedAt, p.me.timeZone);
        if (!v.ritualId.empty()) {
            const auto ritual = m_book->ritual(v.ritualId);
            head += ", for \"" + (ritual ? ritual->title : v.ritualId) + "\" of " + v.localStart;
        }
        std::cout << head << ": " << checkinStateText(v, p.partner.name) << ".\n";
        // The set's questions, then any answered question a newer set no longer asks.
        std::vector<std::pair<std::string, const Question *>> questions;
        if (set)
            for (const Question &q : set->questions)
                questions.emplace_back(q.id, &q);
        for (const json *answers : {&v.myAnswers, &v.partnerAnswers, &v.myDraft})
            for (const auto &item : answers->items())
                if (std::none_of(questions.begin(), questions.end(),
                                 [&](const auto &q) { return q.first == item.key(); }))
                    questions.emplace_back(item.key(), nullptr);
        const auto promptOf = [&](const std::string &id, const Question *q) {
            for (const json *prompts : {&v.myPrompts, &v.partnerPrompts})
                if (prompts->contains(id) && prompts->at(id).is_string())
                    return prompts->at(id).get<std::string>();
            return q ? q->prompt : std::string();
        };
        for (const auto &question : questions) {
            const std::string &id = question.first;
            const Question *q = question.second;
            std::string about;
            if (q) {
                switch (q->kind) {
                case QuestionKind::Scale:
                    about = std::to_string(q->min) + " to " + std::to_string(q->max);
                    break;
                case QuestionKind::Text:
                    about = "text";
                    break;
                case QuestionKind::Needs:
                    about = "up to " + std::to_string(q->maxChoices) + " of: " + joined(q->needs, ", ");
                    break;
                case QuestionKind::Appreciations:
                    about = "up to " + std::to_string(q->count) + " appreciations";
                    break;
                case QuestionKind::FeelingStatement:
                    about = "feel=... about=... need=...";
                    break;
                }
                if (q->required)
                    about = "required, " + about;
            }
            std::cout << "\n" << id << ": " << promptOf(id, q)
                      << (about.empty() ? "" : " (" + about + ")") << "\n";
            const auto valueAt = [&](const json &answers) {
                return answers.contains(id) ? answers.at(id) : json();
            };
            std::string mine;
            if (v.mineSubmitted) {
                mine = answerText(lib, q, valueAt(v.myAnswers));
                mine = mine.empty() ? "no answer" : mine;
                if (v.myDraft.is_object() && !v.myDraft.empty()
                    && valueAt(v.myDraft) != valueAt(v.myAnswers))
                    mine += " (draft, not submitted: " + answerText(lib, q, valueAt(v.myDraft)) + ")";
            } else {
                mine = answerText(lib, q, valueAt(v.myDraft));
                mine = mine.empty() ? "not answered yet" : mine + " (draft, not submitted)";
            }
            std::cout << "  " << p.me.name << " (you): " << mine << "\n";
            std::string theirs;
            if (v.revealed) {
                theirs = answerText(lib, q, valueAt(v.partnerAnswers));
                theirs = theirs.empty() ? "no answer" : theirs;
            } else if (v.partnerSubmitted) {
                theirs = v.mineSubmitted ? "answered; opens when you have both synced"
                                         : "answered; shown once you have submitted too";
            } else {
                theirs = "not answered yet";
            }
            std::cout << "  " << p.partner.name << ": " << theirs << "\n";
            for (const CheckInReply &r : v.replies) {
                if (r.questionId != id)
                    continue;
                const std::string whose = r.answerOf == r.memberId
                                              ? "their own answer"
                                              : nameOf(p, r.answerOf) + "'s answer";
                std::cout << "    " << nameOf(p, r.memberId)
                          << (r.kind == "thanks" ? " thanked for " + whose
                                                 : " replied to " + whose + ": " + r.text)
                          << "\n";
            }
        }
    }

    void checkinAnswer()
    {
        CheckIns checkins = checkIns();
        const std::string id = resolveCheckin(checkins, m_inv.args[0]);
        const CheckInView v = *checkins.view(id);
        const QuestionSet *set = library().questionSet(v.setId);
        if (!set)
            throw ValidationError("checkin", "This check-in's questions (\"" + v.setId
                                                 + "\") are not in this version of Hearth.");
        const std::string &questionId = m_inv.args[1];
        const Question *q = set->question(questionId);
        if (!q) {
            std::vector<std::string> ids;
            for (const Question &each : set->questions)
                ids.push_back(each.id);
            throw ValidationError("QUESTION", "\"" + set->title + "\" has no question \"" + questionId
                                                  + "\" (its questions: " + joined(ids, ", ") + ").");
        }
        const std::optional<json> given = jsonValue();
        if (v.finishedAt > 0)
            throw ValidationError("checkin", "This check-in is finished.");
        if (v.mineSubmitted && v.partnerSubmitted)
            throw ValidationError("checkin", "You have both answered: the answers are shown as "
                                             "they were submitted.");
        json draft = v.myDraft.is_object() ? v.myDraft : json::object();
        draft[questionId] = given ? *given : questionAnswer(*q, values());
        checkins.saveDraft(id, draft);
        say("Kept your answer to \"" + q->prompt + "\" as a draft: `hearthctl checkin-submit " + id
                + "` " + (v.mineSubmitted ? "replaces what you submitted." : "shares your answers."),
            {{"id", id}, {"questionId", questionId}, {"answer", draft[questionId]}});
    }

    void checkinSubmit()
    {
        CheckIns checkins = checkIns();
        const Profile p = m_book->profile();
        const std::string id = resolveCheckin(checkins, m_inv.args[0]);
        checkins.submit(id);
        const CheckInView v = *checkins.view(id);
        const QuestionSet *set = library().questionSet(v.setId);
        const std::string title = set ? set->title : v.setId;
        std::string text = "Submitted your answers to the " + title + ". ";
        if (v.revealed)
            text += "Both answers are open: `hearthctl checkin-show " + id + "`.";
        else if (v.partnerSubmitted)
            text += p.partner.name + " has answered too: both answers open on both devices once "
                                     "you have both synced.";
        else
            text += p.partner.name + " sees that you have answered, not what, until they answer "
                                     "too; `hearthctl sync` sends it.";
        say(text, checkinJson(v, p));
    }

    void checkinReply()
    {
        const std::string to = m_inv.required("to");
        const std::string questionId = m_inv.required("question");
        const bool thanks = m_inv.flags.contains("thanks");
        const auto text = m_inv.option("text");
        if (thanks == text.has_value())
            throw UsageError("`checkin-reply` takes --thanks or --text T (usage: hearthctl "
                             + commands().at(m_inv.command).usage + ")");
        if (to != "me" && to != "partner")
            throw UsageError("--to takes me or partner, not \"" + to + "\"");
        CheckIns checkins = checkIns();
        const Profile p = m_book->profile();
        const std::string id = resolveCheckin(checkins, m_inv.args[0]);
        const std::string answerOf = to == "me" ? p.me.id : p.partner.id;
        asGiven({{"questionId", "--question"}, {"text", "--text"}}, [&] {
            checkins.reply(id, answerOf, questionId, thanks ? "thanks" : "reply", text.value_or(""));
        });
        const std::string whose = to == "me" ? "your own answer" : p.partner.name + "'s answer";
        say(thanks ? "Thanked for " + whose + " to " + questionId + "."
                   : "Replied to " + whose + " to " + questionId + ".",
            {{"id", id}, {"answerOf", answerOf}, {"questionId", questionId},
             {"kind", thanks ? "thanks" : "reply"}});
    }

    void checkinFinish()
    {
        CheckIns checkins = checkIns();
        const std::string id = resolveCheckin(checkins, m_inv.args[0]);
        checkins.finish(id);
        const CheckInView v = *checkins.view(id);
        const QuestionSet *set = library().questionSet(v.setId);
        std::string text = "Finished the " + (set ? set->title : v.setId);
        if (!v.ritualId.empty()) {
            const auto ritual = m_book->ritual(v.ritualId);
            text += "; \"" + (ritual ? ritual->title : v.ritualId) + "\" of " + v.localStart
                    + " is marked done";
        }
        say(text + ".", {{"id", id}, {"finishedAt", v.finishedAt}, {"ritualId", v.ritualId},
                         {"localStart", v.localStart}});
    }

    void checkinTrends()
    {
        CheckIns checkins = checkIns();
        const Profile p = m_book->profile();
        const ContentLibrary &lib = library();
        const CheckInTrends trends = checkins.trends(p.me.timeZone);
        const auto series = [](const std::vector<CheckInTrends::Point> &points) {
            json out = json::array();
            for (const CheckInTrends::Point &point : points)
                out.push_back({{"weekOf", point.weekOf}, {"average", point.average},
                               {"answers", point.answers}});
            return out;
        };
        if (m_inv.json) {
            json people = json::array();
            for (const CheckInTrends::Person &person : trends.people) {
                json needs = json::array();
                for (const auto &need : person.needs)
                    needs.push_back({{"id", need.first}, {"label", needLabel(lib, need.first)},
                                     {"count", need.second}});
                people.push_back({{"memberId", person.memberId},
                                  {"name", nameOf(p, person.memberId)},
                                  {"mood", series(person.mood)},
                                  {"closeness", series(person.closeness)},
                                  {"stress", series(person.stress)},
                                  {"needs", needs}});
            }
            std::cout << json{{"people", people}}.dump(2) << '\n';
            return;
        }
        // week -> person -> measure -> average
        std::map<std::string, std::map<std::size_t, std::array<std::string, 3>>> weeks;
        for (std::size_t i = 0; i < trends.people.size(); ++i) {
            const CheckInTrends::Person &person = trends.people[i];
            const std::vector<CheckInTrends::Point> *measures[] = {&person.mood, &person.closeness,
                                                                   &person.stress};
            for (std::size_t m = 0; m < 3; ++m)
                for (const CheckInTrends::Point &point : *measures[m]) {
                    std::ostringstream average;
                    average.precision(2);
                    average << point.average;
                    weeks[point.weekOf][i][m] = average.str();
                }
        }
        if (weeks.empty()) {
            std::cout << "No answers to chart yet: submitted check-ins show here, your partner's "
                         "once revealed.\n";
            return;
        }
        std::vector<std::vector<std::string>> rows = {
            {"WEEK OF", "WHO", "MOOD", "CLOSENESS", "STRESS"}};
        for (const auto &[week, people] : weeks)
            for (const auto &[i, values] : people)
                rows.push_back({week, nameOf(p, trends.people[i].memberId),
                                values[0].empty() ? "-" : values[0],
                                values[1].empty() ? "-" : values[1],
                                values[2].empty() ? "-" : values[2]});
        printTable(rows);
        std::cout << "\nNeeds named most often:\n";
        for (const CheckInTrends::Person &person : trends.people) {
            std::vector<std::string> needs;
            for (const auto &need : person.needs)
                needs.push_back(needLabel(lib, need.first) + " " + std::to_string(need.second));
            std::cout << "  " << nameOf(p, person.memberId) << ": "
                      << (needs.empty() ? std::string("none") : joined(needs, ", ")) << "\n";
        }
    }

    /// When a conflict happened: milliseconds since the epoch, or "YYYY-MM-DDTHH:MM" in my zone.
    Millis whenArg(const std::string &text, const std::string &zone) const
    {
        const auto digit = [](char c) { return c >= '0' && c <= '9'; };
        if (!text.empty() && std::all_of(text.begin(), text.end(), digit)) {
            Millis value = 0;
            auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (ec == std::errc() && ptr == text.data() + text.size())
                return value;
        }
        const std::string local = localStartArg(text);
        if (local.size() == 16 && local[10] == 'T') {
            try {
                return localToUtc(local, zone);
            } catch (const Error &) {
            }
        }
        throw ValidationError("--at", "Give when it happened as YYYY-MM-DDTHH:MM in your time, or "
                                      "milliseconds since the epoch, not \"" + text + "\".");
    }

    json repairJson(const RepairView &r, const Profile &p)
    {
        const ContentLibrary &lib = library();
        json out = {{"id", r.id},
                    {"title", r.title},
                    {"happenedAt", r.happenedAt},
                    {"intensity", r.intensity},
                    {"intensityLabel", std::string(lib.intensityLabel(r.intensity))},
                    {"topics", r.topics},
                    {"status", r.status},
                    {"guideId", r.guideId},
                    {"startedBy", r.startedBy},
                    {"startedByName", nameOf(p, r.startedBy)},
                    {"startedAt", r.startedAt},
                    {"repairedAt", r.repairedAt},
                    {"timeToRepairMs", r.timeToRepair()}};
        return out;
    }

    json breakJson(const RepairBreak &b, const Profile &p)
    {
        return {{"id", b.id},
                {"calledBy", b.calledBy},
                {"calledByName", nameOf(p, b.calledBy)},
                {"calledAt", b.calledAt},
                {"minutes", b.minutes},
                {"returnAt", b.returnAt},
                {"returnLocal", utcToLocal(b.returnAt, p.me.timeZone)},
                {"endedAt", b.endedAt},
                {"repairId", b.repairId}};
    }

    void repairStart()
    {
        RepairDraft draft;
        draft.title = m_inv.required("title");
        (void)m_inv.required("intensity");
        draft.intensity = integerOption(m_inv, "intensity", 0);
        draft.topics = m_inv.all("topic");
        if (auto guide = m_inv.option("guide"))
            draft.guideId = *guide;
        Repairs repairs = this->repairs();
        const Profile p = m_book->profile();
        const auto at = m_inv.option("at");
        draft.happenedAt = at ? whenArg(*at, p.me.timeZone) : now();
        std::string id;
        asGiven({{"title", "--title"}, {"happenedAt", "--at"}, {"intensity", "--intensity"},
                 {"topics", "--topic"}, {"guideId", "--guide"}},
                [&] { id = repairs.start(draft); });
        say("Started the repair \"" + draft.title + "\" (" + id + "). `hearthctl repair-show " + id
                + "` lists its steps; `hearthctl repair-step " + id
                + " STEP VALUE` writes one; `hearthctl break --repair " + id
                + "` calls a break.",
            repairJson(*repairs.view(id), p));
    }

    void listRepairs()
    {
        const auto topics = m_inv.all("topic");
        if (topics.size() > 1)
            throw UsageError("--topic is given twice");
        const std::string topic = topics.empty() ? std::string() : topics.front();
        const std::string status = m_inv.option("status").value_or("");
        const ContentLibrary &lib = library();
        if (!topic.empty() && !lib.topic(topic)) {
            std::vector<std::string> ids;
            for (const Topic &t : lib.topics())
                ids.push_back(t.id);
            throw ValidationError("--topic", "There is no topic \"" + topic + "\" (the topics: "
                                                 + joined(ids, ", ") + ").");
        }
        static const std::set<std::string> statuses = {"open", "cooling", "talking", "repaired"};
        if (!status.empty() && !statuses.contains(status))
            throw ValidationError("--status", "Choose open, cooling, talking or repaired, not \""
                                                  + status + "\".");
        Repairs repairs = this->repairs();
        const Profile p = m_book->profile();
        const std::vector<RepairView> log = repairs.log(topic, status);
        const RepairSummary summary = repairs.summary(p.me.timeZone);
        if (m_inv.json) {
            json list = json::array();
            for (const RepairView &r : log)
                list.push_back(repairJson(r, p));
            json months = json::array();
            for (const auto &[month, count] : summary.perMonth)
                months.push_back({{"month", month}, {"count", count}});
            std::cout << json{{"repairs", list}, {"perMonth", months},
                              {"medianTimeToRepairMs", summary.medianTimeToRepair}}
                             .dump(2)
                      << '\n';
            return;
        }
        if (log.empty()) {
            std::cout << (topic.empty() && status.empty()
                              ? "No repairs yet: `hearthctl repair-start --title T --intensity N` "
                                "starts one after a conflict.\n"
                              : "No repair matches.\n");
        } else {
            std::vector<std::vector<std::string>> rows = {
                {"ID", "HAPPENED", "TITLE", "INTENSITY", "STATUS", "TIME TO REPAIR"}};
            for (const RepairView &r : log)
                rows.push_back({r.id, localWhen(r.happenedAt, p.me.timeZone), r.title,
                                std::to_string(r.intensity) + " of 5", repairStatusText(r.status),
                                r.repairedAt > 0 ? durationText(r.timeToRepair()) : "-"});
            printTable(rows);
        }
        if (summary.perMonth.empty())
            return;
        std::vector<std::string> months;
        for (const auto &[month, count] : summary.perMonth)
            months.push_back(month + ": " + std::to_string(count));
        std::cout << "\nRepairs per month: " << joined(months, ", ") << ". Median time to repair: "
                  << (summary.medianTimeToRepair > 0 ? durationText(summary.medianTimeToRepair)
                                                     : std::string("none repaired yet"))
                  << ".\n";
    }

    void repairShow()
    {
        Repairs repairs = this->repairs();
        const Profile p = m_book->profile();
        const ContentLibrary &lib = library();
        const RepairView r = *repairs.view(resolveRepair(repairs, m_inv.args[0]));
        const RepairGuide *guide = lib.repairGuide(r.guideId);
        if (m_inv.json) {
            json out = repairJson(r, p);
            json steps = json::array();
            for (const RepairStepView &s : r.steps) {
                const RepairStep *def = guide ? guide->step(s.stepId) : nullptr;
                steps.push_back({{"stepId", s.stepId},
                                 {"title", def ? def->title : s.stepId},
                                 {"kind", def ? std::string(repairStepKindName(def->kind)) : ""},
                                 {"required", def && def->required},
                                 {"myDraft", s.myDraft},
                                 {"mineSubmitted", s.mineSubmitted},
                                 {"mine", s.mine},
                                 {"partnerSubmitted", s.partnerSubmitted},
                                 {"revealed", s.revealed},
                                 {"partner", s.partner}});
            }
            out["steps"] = steps;
            json breaks = json::array();
            for (const RepairBreak &b : r.breaks)
                breaks.push_back(breakJson(b, p));
            out["breaks"] = breaks;
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::cout << "\"" << r.title << "\" (" << r.id << "): " << repairStatusText(r.status)
                  << (r.repairedAt > 0 ? " after " + durationText(r.timeToRepair()) : "")
                  << ". It happened on " << localWhen(r.happenedAt, p.me.timeZone)
                  << ", intensity " << r.intensity << " of 5 (" << lib.intensityLabel(r.intensity)
                  << ")" << (r.topics.empty() ? "" : ", topics: " + joined(r.topics, ", "))
                  << "; started by " << nameOf(p, r.startedBy) << ".\n";
        for (const RepairBreak &b : r.breaks)
            std::cout << "Break called by " << nameOf(p, b.calledBy) << " on "
                      << localWhen(b.calledAt, p.me.timeZone) << " for " << b.minutes
                      << " min, back at " << utcToLocal(b.returnAt, p.me.timeZone).substr(11)
                      << (b.endedAt > 0 ? " (ended)" : "") << ".\n";
        for (const RepairStepView &s : r.steps) {
            const RepairStep *def = guide ? guide->step(s.stepId) : nullptr;
            std::cout << "\n" << s.stepId << ": " << (def ? def->title : s.stepId);
            if (def)
                std::cout << " (" << (def->required ? "required, " : "")
                          << repairStepKindName(def->kind) << ")";
            std::cout << "\n";
            std::string mine;
            if (s.mineSubmitted) {
                mine = stepText(lib, def, s.mine);
                if (!s.myDraft.is_null() && s.myDraft != s.mine)
                    mine += " (draft, not submitted: " + stepText(lib, def, s.myDraft) + ")";
            } else {
                mine = s.myDraft.is_null() ? "not written yet"
                                           : stepText(lib, def, s.myDraft) + " (draft, not submitted)";
            }
            std::cout << "  " << p.me.name << " (you): " << mine << "\n";
            std::string theirs = "not written yet";
            // Revealed, or a step that is not private (the calm check), readable at once.
            if (s.revealed || !s.partner.is_null())
                theirs = stepText(lib, def, s.partner);
            else if (s.partnerSubmitted)
                theirs = s.mineSubmitted ? "written; opens when you have both synced"
                                         : "written; shown once you have submitted yours";
            std::cout << "  " << p.partner.name << ": " << theirs << "\n";
        }
    }

    void repairStep()
    {
        Repairs repairs = this->repairs();
        const std::string id = resolveRepair(repairs, m_inv.args[0]);
        const RepairView r = *repairs.view(id);
        const RepairGuide *guide = library().repairGuide(r.guideId);
        if (!guide)
            throw ValidationError("repair", "This repair's guide (\"" + r.guideId
                                                + "\") is not in this version of Hearth.");
        const std::string &stepId = m_inv.args[1];
        const RepairStep *step = guide->step(stepId);
        if (!step) {
            std::vector<std::string> ids;
            for (const RepairStep &each : guide->steps)
                ids.push_back(each.id);
            throw ValidationError("STEP", "\"" + guide->title + "\" has no step \"" + stepId
                                              + "\" (its steps: " + joined(ids, ", ") + ").");
        }
        const std::optional<json> given = jsonValue();
        const auto view = std::find_if(r.steps.begin(), r.steps.end(),
                                       [&](const RepairStepView &s) { return s.stepId == stepId; });
        if (r.status != "repaired" && view != r.steps.end() && view->mineSubmitted
            && view->partnerSubmitted)
            throw ValidationError("STEP", "You have both written this step: it is shown as it was.");
        const json answer = given ? *given : stepAnswer(*step, values());
        repairs.saveStep(id, stepId, answer);
        const bool resubmit = view != r.steps.end() && view->mineSubmitted;
        say("Kept your answer to \"" + step->title + "\" as a draft: `hearthctl repair-submit " + id
                + " " + stepId + "` " + (resubmit ? "replaces what you submitted." : "shares it."),
            {{"id", id}, {"stepId", stepId}, {"answer", answer}});
    }

    void repairSubmit()
    {
        Repairs repairs = this->repairs();
        const Profile p = m_book->profile();
        const std::string id = resolveRepair(repairs, m_inv.args[0]);
        const std::string &stepId = m_inv.args[1];
        asGiven({{"stepId", "STEP"}}, [&] { repairs.submitStep(id, stepId); });
        const RepairView r = *repairs.view(id);
        const auto s = std::find_if(r.steps.begin(), r.steps.end(),
                                    [&](const RepairStepView &each) { return each.stepId == stepId; });
        const RepairGuide *guide = library().repairGuide(r.guideId);
        const RepairStep *def = guide ? guide->step(stepId) : nullptr;
        std::string text = "Submitted \"" + (def ? def->title : stepId) + "\". ";
        if (s->revealed)
            text += "Both of you have written it: `hearthctl repair-show " + id + "`.";
        else if (s->partnerSubmitted)
            text += p.partner.name + " has written it too: it opens on both devices once you have "
                                     "both synced.";
        else
            text += p.partner.name + " sees that you have written it, not what, until they write "
                                     "theirs; `hearthctl sync` sends it.";
        say(text, {{"id", id}, {"stepId", stepId}, {"status", r.status},
                   {"partnerSubmitted", s->partnerSubmitted}, {"revealed", s->revealed}});
    }

    void repairStatus()
    {
        Repairs repairs = this->repairs();
        const std::string id = resolveRepair(repairs, m_inv.args[0]);
        const std::string &status = m_inv.args[1];
        static const std::set<std::string> statuses = {"open", "cooling", "talking", "repaired"};
        if (!statuses.contains(status))
            throw ValidationError("STATUS", "Choose cooling, talking or repaired, not \"" + status
                                                + "\".");
        asGiven({{"status", "STATUS"}}, [&] { repairs.setStatus(id, status); });
        const RepairView r = *repairs.view(id);
        std::size_t kept = 0;
        for (const Commitment &c : repairs.commitments())
            kept += c.repairId == id ? 1 : 0;
        if (status == "repaired")
            say("\"" + r.title + "\" is repaired, " + durationText(r.timeToRepair())
                    + " after it happened. " + std::to_string(kept) + " plan(s) kept as "
                    + "commitments (`hearthctl commitments`).",
                {{"id", id}, {"status", r.status}, {"repairedAt", r.repairedAt},
                 {"timeToRepairMs", r.timeToRepair()}, {"commitments", kept}});
        else
            say("\"" + r.title + "\" is now " + repairStatusText(r.status) + ".",
                {{"id", id}, {"status", r.status}});
    }

    std::string soothing(const std::string &breakId)
    {
        const auto &ideas = library().flooding().soothing;
        if (ideas.empty())
            return {};
        std::size_t pick = 0;
        for (char c : breakId)
            pick = pick * 31 + static_cast<unsigned char>(c);
        return ideas[pick % ideas.size()].text;
    }

    void callBreak()
    {
        const ContentLibrary &lib = library();
        const int minutes = integerOption(m_inv, "minutes", lib.flooding().defaultMinutes);
        Repairs repairs = this->repairs();
        const Profile p = m_book->profile();
        const auto repairArg = m_inv.option("repair");
        std::string repairId;
        if (repairArg) {
            repairId = resolveRepair(repairs, *repairArg);
        }
        std::string id;
        asGiven({{"minutes", "--minutes"}, {"repair", "--repair"}},
                [&] { id = repairs.callBreak(repairId, minutes); });
        const RepairBreak b = breakFromId(id);
        std::string text = "A break of " + std::to_string(minutes) + " minutes: back at "
                           + utcToLocal(b.returnAt, p.me.timeZone).substr(11) + " your time";
        if (!p.partner.timeZone.empty() && p.partner.timeZone != p.me.timeZone)
            text += " (" + utcToLocal(b.returnAt, p.partner.timeZone).substr(11) + " for "
                    + p.partner.name + ")";
        text += ". " + p.partner.name + "'s device shows it once you sync. While you wait: "
                + soothing(id);
        say(text, breakJson(b, p));
    }

    /// A break by its id, as the current break or a repair's breaks show it.
    RepairBreak breakFromId(const std::string &id)
    {
        const auto row = m_store->row("repair_break", id);
        if (!row)
            throw ValidationError("break", "There is no break with the id \"" + id + "\".");
        const auto number = [&](const char *field) {
            return row->contains(field) && row->at(field).is_number_integer()
                       ? row->at(field).get<Millis>()
                       : Millis{0};
        };
        return {id, row->value("calledBy", ""), number("calledAt"),
                static_cast<int>(number("minutes")), number("returnAt"), number("endedAt"),
                row->value("repairId", "")};
    }

    void endBreak()
    {
        Repairs repairs = this->repairs();
        std::string id;
        if (!m_inv.args.empty()) {
            id = m_inv.args[0];
        } else {
            const auto current = repairs.currentBreak();
            if (!current)
                throw ValidationError("break", "No break is in progress.");
            id = current->id;
        }
        asGiven({{"break", "BREAK_ID"}}, [&] { repairs.endBreak(id); });
        say("The break is over. Welcome back: say when you are ready to talk again.",
            {{"id", id}, {"endedAt", breakFromId(id).endedAt}});
    }

    void breakStatus()
    {
        Repairs repairs = this->repairs();
        const Profile p = m_book->profile();
        const auto current = repairs.currentBreak();
        if (!current) {
            say("No break is in progress.", {{"active", false}});
            return;
        }
        const RepairBreak &b = *current;
        const Millis left = b.returnAt - now();
        const std::string who = b.calledBy == p.me.id ? "You" : nameOf(p, b.calledBy);
        std::string repairTitle;
        if (!b.repairId.empty())
            if (const auto r = repairs.view(b.repairId))
                repairTitle = r->title;
        json summary = breakJson(b, p);
        summary["active"] = true;
        summary["minutesLeft"] = (left + 59'999) / 60'000;
        summary["repairTitle"] = repairTitle;
        summary["soothing"] = soothing(b.id);
        say(who + " called a break at " + utcToLocal(b.calledAt, p.me.timeZone).substr(11)
                + (repairTitle.empty() ? "" : " in \"" + repairTitle + "\"") + ": back at "
                + utcToLocal(b.returnAt, p.me.timeZone).substr(11) + " your time, in "
                + durationText(left + 59'999) + ". While you wait: " + soothing(b.id),
            summary);
    }

    void listCommitments()
    {
        Repairs repairs = this->repairs();
        const Profile p = m_book->profile();
        std::map<std::string, std::string> titles;
        for (const RepairView &r : repairs.log())
            titles[r.id] = r.title;
        const auto list = repairs.commitments();
        if (m_inv.json) {
            json out = json::array();
            for (const Commitment &c : list)
                out.push_back({{"id", c.id}, {"repairId", c.repairId},
                               {"repairTitle", titles[c.repairId]}, {"memberId", c.memberId},
                               {"memberName", nameOf(p, c.memberId)}, {"text", c.text},
                               {"createdAt", c.createdAt}, {"status", c.status}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (list.empty()) {
            std::cout << "No commitments yet: the plans of a repair are kept here once it is "
                         "repaired.\n";
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"WHO", "COMMITMENT", "FROM", "SINCE", "STATUS"}};
        for (const Commitment &c : list)
            rows.push_back({nameOf(p, c.memberId), c.text, titles[c.repairId],
                            utcToLocal(c.createdAt, p.me.timeZone).substr(0, 10), c.status});
        printTable(rows);
    }

    // --- needs, moments and reflections (issue 5) ---------------------------------------------

    Needs needs()
    {
        if (!m_book)
            open();
        return Needs(*m_store, library());
    }

    /// A suggestion's label from a list of content/us.json, or the person's own words.
    static std::string suggestionLabel(const std::vector<Suggestion> &list, const std::string &id)
    {
        for (const Suggestion &s : list)
            if (s.id == id)
                return s.label;
        return id;
    }

    std::vector<std::string> labels(const std::vector<Suggestion> &list,
                                    const std::vector<std::string> &ids)
    {
        std::vector<std::string> out;
        for (const std::string &id : ids)
            out.push_back(suggestionLabel(list, id));
        return out;
    }

    std::vector<std::string> needLabels(const std::vector<std::string> &ids)
    {
        std::vector<std::string> out;
        for (const std::string &id : ids)
            out.push_back(needLabel(library(), id));
        return out;
    }

    /// A comma-separated option as a list ("" for none); each part trimmed, empty parts kept so
    /// that the core can say what is wrong with them.
    std::vector<std::string> listOption(const std::string &name) const
    {
        const std::string text = m_inv.option(name).value_or("");
        std::vector<std::string> out;
        if (text.find_first_not_of(" \t") == std::string::npos)
            return out;
        std::string::size_type from = 0;
        while (true) {
            const auto comma = text.find(',', from);
            std::string part = text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
            const auto first = part.find_first_not_of(" \t");
            part = first == std::string::npos ? std::string()
                                              : part.substr(first, part.find_last_not_of(" \t") - first + 1);
            out.push_back(part);
            if (comma == std::string::npos)
                break;
            from = comma + 1;
        }
        return out;
    }

    /// What unsharing cannot do, said plainly (docs/decisions.md §20).
    static std::string unsentText(const Profile &p)
    {
        return "What they received before can't be unsent: " + p.partner.name
               + " may have read it, and the server keeps the sealed history, which "
               + p.partner.name + "'s devices can still open.";
    }

    static std::string visibilityText(bool shared, const Profile &p)
    {
        return shared ? "shared with " + p.partner.name : std::string("private");
    }

    static std::string needKindText(const NeedItem &i)
    {
        if (i.kind == "trigger")
            return i.detail == "sign" ? "trigger: early sign" : "trigger: " + i.detail;
        return i.kind;
    }

    std::string resolveNeed(Needs &needs, const std::string &idOrPrefix)
    {
        std::vector<std::string> ids;
        for (const NeedItem &i : needs.mine())
            ids.push_back(i.id);
        for (const NeedItem &i : needs.partners())
            ids.push_back(i.id);
        return resolveId(ids, idOrPrefix, "item", "needs");
    }

    static std::optional<NeedItem> findItem(Needs &needs, const std::string &id)
    {
        for (const auto &list : {needs.mine(), needs.partners()})
            for (const NeedItem &i : list)
                if (i.id == id)
                    return i;
        return std::nullopt;
    }

    json needJson(const NeedItem &i, const Profile &p)
    {
        return {{"id", i.id},
                {"memberId", i.memberId},
                {"memberName", nameOf(p, i.memberId)},
                {"kind", i.kind},
                {"detail", i.detail},
                {"text", i.text},
                {"suggestionId", i.suggestionId},
                {"note", i.note},
                {"shared", i.shared},
                {"createdAt", i.createdAt}};
    }

    void needAdd()
    {
        NeedItemDraft draft;
        draft.kind = m_inv.args[0];
        draft.text = m_inv.args[1];
        draft.detail = m_inv.option("detail").value_or("");
        draft.suggestionId = m_inv.option("suggestion").value_or("");
        draft.note = m_inv.option("note").value_or("");
        draft.shared = m_inv.flags.contains("shared");
        Needs needs = this->needs();
        const Profile p = m_book->profile();
        std::string id;
        asGiven({{"kind", "KIND"}, {"text", "TEXT"}, {"detail", "--detail"},
                 {"suggestionId", "--suggestion"}, {"note", "--note"}},
                [&] { id = needs.add(draft); });
        const NeedItem item = *findItem(needs, id);
        say("Added \"" + item.text + "\" to your map (" + id + "), "
                + (item.shared ? "shared: " + p.partner.name + " sees it once you sync."
                               : "private: only your devices see it."),
            needJson(item, p));
    }

    void needEdit()
    {
        Needs needs = this->needs();
        const Profile p = m_book->profile();
        const std::string id = resolveNeed(needs, m_inv.args[0]);
        const std::optional<NeedItem> before = findItem(needs, id);
        const std::string note = m_inv.option("note").value_or(before ? before->note : "");
        asGiven({{"id", "ID"}, {"text", "TEXT"}, {"note", "--note"}},
                [&] { needs.edit(id, m_inv.args[1], note); });
        const NeedItem item = *findItem(needs, id);
        say("Changed it to \"" + item.text + "\" (" + visibilityText(item.shared, p) + ").",
            needJson(item, p));
    }

    /// need-share and need-unshare.
    void needShare()
    {
        const bool shared = m_inv.command == "need-share";
        Needs needs = this->needs();
        const Profile p = m_book->profile();
        const std::string id = resolveNeed(needs, m_inv.args[0]);
        const std::optional<NeedItem> before = findItem(needs, id);
        const bool already = before && before->memberId == p.me.id && before->shared == shared;
        std::string newId;
        asGiven({{"id", "ID"}}, [&] { newId = needs.setShared(id, shared); });
        const NeedItem item = *findItem(needs, newId);
        std::string text;
        if (already)
            text = "\"" + item.text + "\" is " + (shared ? "shared" : "private") + " already.";
        else if (shared)
            text = "Shared \"" + item.text + "\" with " + p.partner.name + ": " + p.partner.name
                   + " sees it once you sync.";
        else
            text = "\"" + item.text + "\" is private again: once you sync, " + p.partner.name
                   + "'s devices forget it at their next sync. " + unsentText(p);
        say(text, needJson(item, p));
    }

    void needRemove()
    {
        Needs needs = this->needs();
        const std::string id = resolveNeed(needs, m_inv.args[0]);
        const std::optional<NeedItem> item = findItem(needs, id);
        asGiven({{"id", "ID"}}, [&] { needs.remove(id); });
        say("Removed \"" + (item ? item->text : id) + "\" from your map.", {{"id", id}, {"removed", true}});
    }

    void listNeeds()
    {
        const bool partner = m_inv.flags.contains("partner");
        Needs needs = this->needs();
        const Profile p = m_book->profile();
        const std::vector<NeedItem> list = partner ? needs.partners() : needs.mine();
        if (m_inv.json) {
            json out = json::array();
            for (const NeedItem &i : list)
                out.push_back(needJson(i, p));
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (list.empty()) {
            std::cout << (partner ? p.partner.name + " has not shared anything from their map yet.\n"
                                  : std::string("Your map is empty: `hearthctl need-add need TEXT` "
                                                "names a need, `need-add trigger TEXT --detail "
                                                "situation` what activates you, `need-add helps "
                                                "TEXT` what helps you settle.\n"));
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "KIND", "TEXT", "VISIBLE", "NOTE"}};
        for (const NeedItem &i : list)
            rows.push_back({i.id, needKindText(i), i.text, partner ? "shared" : visibilityText(i.shared, p),
                            i.note});
        printTable(rows);
    }

    json activationJson(const Activation &a, const Profile &p)
    {
        return {{"id", a.id},
                {"memberId", a.memberId},
                {"memberName", nameOf(p, a.memberId)},
                {"happenedAt", a.happenedAt},
                {"happenedLocal", utcToLocal(a.happenedAt, p.me.timeZone)},
                {"situation", a.situation},
                {"body", a.body},
                {"emotion", a.emotion},
                {"intensity", a.intensity},
                {"reaction", a.reaction},
                {"needed", a.needed},
                {"note", a.note},
                {"shared", a.shared},
                {"createdAt", a.createdAt}};
    }

    std::string resolveMoment(Needs &needs, const std::string &idOrPrefix)
    {
        std::vector<std::string> ids;
        for (const Activation &a : needs.activations(true))
            ids.push_back(a.id);
        return resolveId(ids, idOrPrefix, "moment", "moments");
    }

    void momentLog()
    {
        ActivationDraft draft;
        draft.situation = m_inv.required("situation");
        draft.body = listOption("body");
        draft.emotion = m_inv.option("emotion").value_or("");
        draft.intensity = integerOption(m_inv, "intensity", draft.intensity);
        draft.reaction = m_inv.option("did").value_or("");
        draft.needed = listOption("needed");
        draft.note = m_inv.option("note").value_or("");
        draft.shared = m_inv.flags.contains("shared");
        Needs needs = this->needs();
        const Profile p = m_book->profile();
        const auto at = m_inv.option("at");
        draft.happenedAt = at ? whenArg(*at, p.me.timeZone) : now();
        std::string id;
        asGiven({{"happenedAt", "--at"}, {"situation", "--situation"}, {"body", "--body"},
                 {"emotion", "--emotion"}, {"intensity", "--intensity"}, {"reaction", "--did"},
                 {"needed", "--needed"}, {"note", "--note"}},
                [&] { id = needs.logActivation(draft); });
        const std::string prompt = needs.compassionPrompt(needs.activations().size());
        json summary = activationJson(*needs.activation(id), p);
        summary["prompt"] = prompt;
        say("Noted (" + id + "), "
                + (draft.shared ? "shared: " + p.partner.name + " sees it once you sync."
                                : "private: only your devices see it.")
                + (prompt.empty() ? "" : "\n" + prompt),
            summary);
    }

    void listMoments()
    {
        const bool partner = m_inv.flags.contains("partner");
        Needs needs = this->needs();
        const Profile p = m_book->profile();
        const UsContent &us = library().us();
        const std::vector<Activation> list = needs.activations(partner);
        if (m_inv.json) {
            json out = json::array();
            for (const Activation &a : list)
                out.push_back(activationJson(a, p));
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (list.empty()) {
            std::cout << "No moments yet: `hearthctl moment-log --situation S` notes one.\n";
            return;
        }
        std::vector<std::vector<std::string>> rows = {
            {"ID", "WHEN", "WHO", "WHAT HAPPENED", "FEELING", "IN THE BODY", "NEEDED", "VISIBLE"}};
        for (const Activation &a : list) {
            std::string feeling = suggestionLabel(us.emotions, a.emotion);
            feeling += (feeling.empty() ? "" : ", ") + std::to_string(a.intensity) + " of 10";
            rows.push_back({a.id, localWhen(a.happenedAt, p.me.timeZone), nameOf(p, a.memberId),
                            a.situation, feeling, joined(labels(us.bodySensations, a.body), ", "),
                            joined(needLabels(a.needed), ", "), visibilityText(a.shared, p)});
        }
        printTable(rows);
    }

    /// moment-share and moment-unshare.
    void momentShare()
    {
        const bool shared = m_inv.command == "moment-share";
        Needs needs = this->needs();
        const Profile p = m_book->profile();
        const std::string id = resolveMoment(needs, m_inv.args[0]);
        const std::optional<Activation> before = needs.activation(id);
        const bool already = before && before->memberId == p.me.id && before->shared == shared;
        std::string newId;
        asGiven({{"id", "ID"}}, [&] { newId = needs.setActivationShared(id, shared); });
        const Activation a = *needs.activation(newId);
        std::string text;
        if (already)
            text = "This moment is " + std::string(shared ? "shared" : "private") + " already.";
        else if (shared)
            text = "Shared the moment with " + p.partner.name + ": " + p.partner.name
                   + " sees it once you sync.";
        else
            text = "The moment is private again: once you sync, " + p.partner.name
                   + "'s devices forget it at their next sync. " + unsentText(p);
        say(text, activationJson(a, p));
    }

    void momentRemove()
    {
        Needs needs = this->needs();
        const std::string id = resolveMoment(needs, m_inv.args[0]);
        asGiven({{"id", "ID"}}, [&] { needs.removeActivation(id); });
        say("Removed the moment.", {{"id", id}, {"removed", true}});
    }

    void showPatterns()
    {
        const auto daysText = m_inv.option("days");
        const int days = integerOption(m_inv, "days", 0);
        if (daysText && (days < 1 || days > 3650))
            throw ValidationError("--days", "Choose from 1 to 3650 days.");
        Needs needs = this->needs();
        const Profile p = m_book->profile();
        const UsContent &us = library().us();
        const Millis since = days > 0 ? now() - Millis(days) * 86'400'000 : 0;
        const ActivationPatterns pat = needs.patterns(p.me.timeZone, since);
        using Counts = std::vector<std::pair<std::string, int>>;
        const auto counted = [](const Counts &counts, const std::function<std::string(const std::string &)> &label) {
            json out = json::array();
            for (const auto &[id, n] : counts)
                out.push_back({{"id", id}, {"label", label(id)}, {"count", n}});
            return out;
        };
        const auto emotion = [&](const std::string &id) { return suggestionLabel(us.emotions, id); };
        const auto body = [&](const std::string &id) { return suggestionLabel(us.bodySensations, id); };
        const auto need = [&](const std::string &id) { return needLabel(library(), id); };
        const auto same = [](const std::string &text) { return text; };
        if (m_inv.json) {
            std::cout << json{{"count", pat.count},
                              {"days", days},
                              {"averageIntensity", pat.averageIntensity},
                              {"situations", counted(pat.situations, same)},
                              {"emotions", counted(pat.emotions, emotion)},
                              {"needs", counted(pat.needs, need)},
                              {"body", counted(pat.body, body)},
                              {"byHour", pat.byHour},
                              {"byWeekday", pat.byWeekday}}
                             .dump(2)
                      << '\n';
            return;
        }
        const std::string span = days > 0 ? " in the last " + std::to_string(days) + " days" : "";
        if (pat.count == 0) {
            std::cout << "No moments" << span
                      << " yet: `hearthctl moment-log --situation S` notes one.\n";
            return;
        }
        std::ostringstream average;
        average.setf(std::ios::fixed);
        average.precision(1);
        average << pat.averageIntensity;
        std::cout << pat.count << (pat.count == 1 ? " moment" : " moments") << span
                  << ", on average " << average.str() << " of 10.\n";
        const auto top = [](const Counts &counts, const std::function<std::string(const std::string &)> &label) {
            std::vector<std::string> parts;
            for (std::size_t i = 0; i < counts.size() && i < 5; ++i)
                parts.push_back(label(counts[i].first) + " (" + std::to_string(counts[i].second) + ")");
            return parts.empty() ? std::string("-") : joined(parts, ", ");
        };
        std::cout << "What happened: " << top(pat.situations, same) << "\n"
                  << "Feelings: " << top(pat.emotions, emotion) << "\n"
                  << "Needs: " << top(pat.needs, need) << "\n"
                  << "In the body: " << top(pat.body, body) << "\n";
        const int most = std::max(*std::max_element(pat.byHour.begin(), pat.byHour.end()),
                                  *std::max_element(pat.byWeekday.begin(), pat.byWeekday.end()));
        const auto bar = [&](int n) {
            return std::string(static_cast<std::size_t>((n * 30 + most - 1) / most), '#');
        };
        std::vector<std::vector<std::string>> rows;
        for (std::size_t h = 0; h < 24; ++h)
            if (pat.byHour[h] > 0)
                rows.push_back({(h < 10 ? "0" : "") + std::to_string(h) + ":00",
                                std::to_string(pat.byHour[h]), bar(pat.byHour[h])});
        std::cout << "\nBy hour, in your time:\n";
        printTable(rows);
        static constexpr const char *weekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        rows.clear();
        for (std::size_t d = 0; d < 7; ++d)
            rows.push_back({weekdays[d], std::to_string(pat.byWeekday[d]), bar(pat.byWeekday[d])});
        std::cout << "\nBy weekday:\n";
        printTable(rows);
    }

    void reflect()
    {
        const std::string &cardId = m_inv.args[0];
        const LearnCard *card = library().card(cardId);
        if (!card) {
            std::vector<std::string> ids;
            for (const LearnCard &c : library().cards())
                ids.push_back(c.id);
            throw ValidationError("CARD", "There is no card \"" + cardId + "\" (the cards: "
                                              + joined(ids, ", ") + ").");
        }
        Needs needs = this->needs();
        const bool had = !needs.reflection(cardId).empty();
        asGiven({{"card", "CARD"}, {"text", "TEXT"}},
                [&] { needs.saveReflection(cardId, m_inv.args[1]); });
        const std::string text = needs.reflection(cardId);
        std::string message;
        if (!text.empty())
            message = "Kept your reflection on \"" + card->title
                      + "\". It is private: it stays on your devices and is never shared.";
        else if (had)
            message = "Deleted your reflection on \"" + card->title + "\".";
        else
            message = "You have no reflection on \"" + card->title + "\".";
        say(message, {{"cardId", cardId}, {"title", card->title}, {"text", text}});
    }

    void listReflections()
    {
        Needs needs = this->needs();
        const auto all = needs.reflections();
        const auto titleOf = [&](const std::string &id) {
            const LearnCard *card = library().card(id);
            return card ? card->title : id;
        };
        if (m_inv.json) {
            json out = json::array();
            for (const auto &[cardId, text] : all)
                out.push_back({{"cardId", cardId}, {"title", titleOf(cardId)}, {"text", text}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (all.empty()) {
            std::cout << "No reflections yet: `hearthctl reflect CARD TEXT` keeps one, privately.\n";
            return;
        }
        bool first = true;
        for (const auto &[cardId, text] : all) {
            std::cout << (first ? "" : "\n") << titleOf(cardId) << " (" << cardId << ")\n  " << text
                      << '\n';
            first = false;
        }
        if (!library().reflectionNote().empty())
            std::cout << "\n" << library().reflectionNote() << '\n';
    }

    // --- signals and agreements (issue 5) -----------------------------------------------------

    SignalBook signalBook()
    {
        if (!m_book)
            open();
        return SignalBook(*m_store, library());
    }

    Agreements agreementBook()
    {
        if (!m_book)
            open();
        return Agreements(*m_store, library());
    }

    /// resolveId, its error naming the argument as the person typed it (`given`: "ID", "--signal").
    static std::string resolveAs(const std::vector<std::string> &ids, const std::string &idOrPrefix,
                                 const std::string &what, const std::string &lister,
                                 const std::string &given)
    {
        std::string id;
        asGiven({{what, given}}, [&] { id = resolveId(ids, idOrPrefix, what, lister); });
        return id;
    }

    static std::string resolveSignal(SignalBook &book, const std::string &idOrPrefix,
                                     const std::string &given = "ID")
    {
        std::vector<std::string> ids;
        for (const SharedSignal &s : book.sharedSignals())
            ids.push_back(s.id);
        return resolveAs(ids, idOrPrefix, "signal", "signals", given);
    }

    static std::string resolveMessage(SignalBook &book, const std::string &idOrPrefix)
    {
        std::vector<std::string> ids;
        for (const SignalMessage &m : book.messages(1'000'000))
            ids.push_back(m.id);
        return resolveAs(ids, idOrPrefix, "message", "signal-messages", "ID");
    }

    static std::string resolveAgreement(Agreements &book, const std::string &idOrPrefix)
    {
        std::vector<std::string> ids;
        for (const Agreement &a : book.list())
            ids.push_back(a.id);
        return resolveAs(ids, idOrPrefix, "agreement", "agreements", "ID");
    }

    /// "20:30", or "Sun 08:00" on another day, on the wall clock of `zone`.
    std::string clockText(Millis at, const std::string &zone) const
    {
        const std::string local = utcToLocal(at, zone);
        if (local.substr(0, 10) == utcToLocal(now(), zone).substr(0, 10))
            return local.substr(11);
        return weekdayName(local) + " " + local.substr(11);
    }

    /// A time in my zone, and in my partner's when it differs: "20:30 your time (15:30 for Jonas)".
    std::string timeText(Millis at, const Profile &p) const
    {
        std::string text = clockText(at, p.me.timeZone) + " your time";
        if (!p.partner.timeZone.empty() && p.partner.timeZone != p.me.timeZone)
            text += " (" + clockText(at, p.partner.timeZone) + " for " + p.partner.name + ")";
        return text;
    }

    /// The time --until names: HH:MM (the next time my clock shows it), YYYY-MM-DDTHH:MM in my
    /// zone, or milliseconds since the epoch. Whether it lies within 24 hours is the core's rule.
    Millis untilArg(const std::string &text, const std::string &zone) const
    {
        const auto digit = [](char c) { return c >= '0' && c <= '9'; };
        try {
            if (text.size() == 5 && text[2] == ':' && digit(text[0]) && digit(text[1])
                && digit(text[3]) && digit(text[4])) {
                const std::string today = utcToLocal(now(), zone).substr(0, 10);
                Millis at = localToUtc(today + "T" + text, zone);
                if (at <= now()) {
                    using namespace std::chrono;
                    const year_month_day next{sys_days{year_month_day{
                                                  year{std::stoi(today.substr(0, 4))},
                                                  month{static_cast<unsigned>(std::stoi(today.substr(5, 2)))},
                                                  day{static_cast<unsigned>(std::stoi(today.substr(8, 2)))}}}
                                              + days{1}};
                    char date[16];
                    std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(next.year()),
                                  static_cast<unsigned>(next.month()), static_cast<unsigned>(next.day()));
                    at = localToUtc(std::string(date) + "T" + text, zone);
                }
                return at;
            }
            if (!text.empty() && std::all_of(text.begin(), text.end(), digit)) {
                Millis value = 0;
                auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
                if (ec == std::errc() && ptr == text.data() + text.size())
                    return value;
            }
            const std::string local = localStartArg(text);
            if (local.size() == 16 && local[10] == 'T')
                return localToUtc(local, zone);
        } catch (const Error &) {
        }
        throw ValidationError("--until", "Give the time as HH:MM or YYYY-MM-DDTHH:MM in your time, "
                                         "not \"" + text + "\".");
    }

    /// A text as a sentence: ending in a full stop unless it ends in punctuation already.
    static std::string sentence(const std::string &text)
    {
        if (text.empty() || std::string_view(".!?").find(text.back()) != std::string_view::npos)
            return text;
        return text + ".";
    }

    static std::string signalState(const SharedSignal &s, const Profile &p)
    {
        if (s.status == "proposed")
            return s.proposedBy == p.me.id ? "waiting for " + p.partner.name : "waiting for you";
        return s.status;
    }

    static json signalJson(const SharedSignal &s, const Profile &p)
    {
        return {{"id", s.id},
                {"word", s.word},
                {"meaning", s.meaning},
                {"status", s.status},
                {"waitingForMe", s.status == "proposed" && s.proposedBy != p.me.id},
                {"proposedBy", s.proposedBy},
                {"proposedByName", nameOf(p, s.proposedBy)},
                {"proposedAt", s.proposedAt},
                {"acceptedBy", s.acceptedBy},
                {"acceptedAt", s.acceptedAt}};
    }

    static json messageJson(const SignalMessage &m, const Profile &p)
    {
        return {{"id", m.id},
                {"kind", m.kind},
                {"signalId", m.signalId},
                {"text", m.text},
                {"meaning", m.meaning},
                {"untilAt", m.untilAt},
                {"sentBy", m.sentBy},
                {"sentByName", nameOf(p, m.sentBy)},
                {"sentAt", m.sentAt},
                {"mine", m.sentBy == p.me.id},
                {"answered", m.answered()},
                {"reply", m.reply},
                {"replyText", m.replyText},
                {"replyUntil", m.replyUntil},
                {"repliedAt", m.repliedAt}};
    }

    /// What a message says: "I'm flooded and pausing, until 20:30" or "Pineapple (I need a break)".
    std::string messageText(const SignalMessage &m, const Profile &p) const
    {
        std::string text = m.text;
        if (m.untilAt > 0)
            text += ", until " + clockText(m.untilAt, p.me.timeZone);
        if (!m.meaning.empty())
            text += " (" + m.meaning + ")";
        return text;
    }

    std::string replyText(const SignalMessage &m, const Profile &p) const
    {
        if (!m.answered())
            return m.sentBy == p.me.id ? "not answered yet" : "waiting for your answer";
        std::string text = m.replyText;
        if (m.replyUntil > 0)
            text += ", at " + clockText(m.replyUntil, p.me.timeZone);
        return text;
    }

    void signalPropose()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        std::string id;
        asGiven({{"word", "WORD"}, {"meaning", "MEANING"}},
                [&] { id = book.propose(m_inv.args[0], m_inv.args[1]); });
        const SharedSignal s = *book.signal(id);
        say("Proposed \"" + s.word + "\" (" + id + "): " + sentence(s.meaning) + " " + p.partner.name
                + " is asked to accept it; `hearthctl sync` sends it.",
            signalJson(s, p));
    }

    void signalAccept()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const std::string id = resolveSignal(book, m_inv.args[0]);
        asGiven({{"signal", "ID"}}, [&] { book.accept(id); });
        const SharedSignal s = *book.signal(id);
        say("\"" + s.word + "\" is yours now, both of you. Send it with `hearthctl signal-send own "
                "--signal " + id + "`.",
            signalJson(s, p));
    }

    void signalChange()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const std::string id = resolveSignal(book, m_inv.args[0]);
        asGiven({{"signal", "ID"}, {"word", "WORD"}, {"meaning", "MEANING"}},
                [&] { book.suggestChange(id, m_inv.args[1], m_inv.args[2]); });
        const SharedSignal s = *book.signal(id);
        say("Suggested \"" + s.word + "\": " + sentence(s.meaning) + " " + p.partner.name
                + " is asked to accept it again.",
            signalJson(s, p));
    }

    void signalRetire()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const std::string id = resolveSignal(book, m_inv.args[0]);
        asGiven({{"signal", "ID"}}, [&] { book.retire(id); });
        const SharedSignal s = *book.signal(id);
        say("Retired \"" + s.word + "\".", signalJson(s, p));
    }

    void listSignals()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const auto list = book.sharedSignals();
        if (m_inv.json) {
            json out = json::array();
            for (const SharedSignal &s : list)
                out.push_back(signalJson(s, p));
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (list.empty()) {
            std::cout << "No signals yet: propose one with `hearthctl signal-propose WORD MEANING`.\n";
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "WORD", "STATUS", "MEANING"}};
        for (const SharedSignal &s : list)
            rows.push_back({s.id, s.word, signalState(s, p), s.meaning});
        printTable(rows);
    }

    void signalKinds()
    {
        const UsContent &us = library().us();
        if (m_inv.json) {
            json kinds = json::array();
            for (const SignalKind &k : us.signalKinds)
                kinds.push_back(k);
            json replies = json::array();
            for (const QuickReply &r : us.replies)
                replies.push_back(r);
            std::cout << json{{"kinds", kinds}, {"replies", replies}}.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"KIND", "ASKS A TIME", "SIGNAL"}};
        for (const SignalKind &k : us.signalKinds)
            rows.push_back({k.id, k.asksTime ? "yes" : "", k.label});
        rows.push_back({"own", "", "one of your own signals (--signal ID)"});
        printTable(rows);
        std::cout << '\n';
        rows = {{"REPLY", "ASKS A TIME", "SAYS"}};
        for (const QuickReply &r : us.replies)
            rows.push_back({r.id, r.asksTime ? "yes" : "", r.label});
        printTable(rows);
    }

    void signalSend()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const std::string &kind = m_inv.args[0];
        std::string signalId;
        if (const auto given = m_inv.option("signal")) {
            if (kind != "own")
                throw UsageError("--signal goes with the kind own (usage: hearthctl "
                                 + commands().at(m_inv.command).usage + ")");
            signalId = resolveSignal(book, *given, "--signal");
        }
        // --until is read only for a kind that asks a time; the others ignore it, as the core does.
        const auto until = m_inv.option("until");
        const SignalKind *def = kind == "own" ? nullptr : library().signalKind(kind);
        const bool asksTime = def && def->asksTime;
        const Millis untilAt = until && asksTime ? untilArg(*until, p.me.timeZone) : 0;
        std::string id;
        asGiven({{"kind", "KIND"}, {"signal", "--signal"}, {"until", "--until"}},
                [&] { id = book.send(kind, signalId, untilAt); });
        const SignalMessage m = *book.message(id);
        std::string text = "Sent \"" + m.text + "\" to " + p.partner.name;
        if (m.untilAt > 0)
            text += ", until " + timeText(m.untilAt, p);
        text += ". " + p.partner.name + "'s device shows it once you sync.";
        if (until && !asksTime)
            text += " (--until left out: \"" + m.text + "\" names no time.)";
        say(text, messageJson(m, p));
    }

    void signalReply()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const std::string id = resolveMessage(book, m_inv.args[0]);
        // --until is read only for a reply that names a time; the others ignore it.
        const auto until = m_inv.option("until");
        const QuickReply *def = library().quickReply(m_inv.args[1]);
        const bool asksTime = def && def->asksTime;
        const Millis untilAt = until && asksTime ? untilArg(*until, p.me.timeZone) : 0;
        asGiven({{"message", "ID"}, {"reply", "REPLY"}, {"until", "--until"}},
                [&] { book.reply(id, m_inv.args[1], untilAt); });
        const SignalMessage m = *book.message(id);
        std::string text = "Answered \"" + m.text + "\": " + m.replyText;
        if (m.replyUntil > 0)
            text += ", at " + timeText(m.replyUntil, p);
        text += ". " + p.partner.name + "'s device shows it once you sync.";
        if (until && !asksTime)
            text += " (--until left out: \"" + m.replyText + "\" names no time.)";
        say(text, messageJson(m, p));
    }

    void printMessages(const std::vector<SignalMessage> &list, const Profile &p, bool withReply)
    {
        if (m_inv.json) {
            json out = json::array();
            for (const SignalMessage &m : list)
                out.push_back(messageJson(m, p));
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "FROM", "SENT", "SIGNAL"}};
        if (withReply)
            rows.front().push_back("REPLY");
        for (const SignalMessage &m : list) {
            rows.push_back({m.id, nameOf(p, m.sentBy), localWhen(m.sentAt, p.me.timeZone),
                            messageText(m, p)});
            if (withReply)
                rows.back().push_back(replyText(m, p));
        }
        printTable(rows);
    }

    void signalInbox()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const auto list = book.inbox();
        if (list.empty() && !m_inv.json) {
            std::cout << "Nothing is waiting for your answer.\n";
            return;
        }
        printMessages(list, p, false);
    }

    void signalDismiss()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const std::string id = resolveMessage(book, m_inv.args[0]);
        asGiven({{"message", "ID"}}, [&] { book.dismiss(id); });
        say("Put aside on this device, unanswered. " + p.partner.name + " is not told.",
            {{"id", id}, {"dismissed", true}});
    }

    void listMessages()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const auto list = book.messages();
        if (list.empty() && !m_inv.json) {
            std::cout << "No signals sent yet: `hearthctl signal-send KIND` sends one "
                         "(`hearthctl signal-kinds` lists them).\n";
            return;
        }
        printMessages(list, p, true);
    }

    void signalNotices()
    {
        SignalBook book = signalBook();
        const Profile p = m_book->profile();
        const auto notices = book.takeNotices();
        if (m_inv.json) {
            json out = json::array();
            for (const SignalNotice &n : notices)
                out.push_back({{"kind", n.kind == SignalNotice::Kind::Arrived ? "arrived" : "answered"},
                               {"message", messageJson(n.message, p)}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (notices.empty()) {
            std::cout << "Nothing new.\n";
            return;
        }
        for (const SignalNotice &n : notices) {
            const SignalMessage &m = n.message;
            if (n.kind == SignalNotice::Kind::Arrived)
                std::cout << nameOf(p, m.sentBy) << ": " << messageText(m, p) << " (sent at "
                          << clockText(m.sentAt, p.me.timeZone) << "; `hearthctl signal-reply "
                          << m.id << " REPLY` answers it)\n";
            else
                std::cout << p.partner.name << " answered \"" << m.text << "\": " << replyText(m, p)
                          << '\n';
        }
    }

    static std::string agreementState(const Agreement &a, const Profile &p)
    {
        if (a.status == "proposed")
            return a.proposedBy == p.me.id ? "waiting for " + p.partner.name : "waiting for you";
        return a.status == "revisit" ? std::string("to revisit") : a.status;
    }

    static json agreementJson(const Agreement &a, const Profile &p)
    {
        return {{"id", a.id},
                {"situation", a.situation},
                {"action", a.action},
                {"status", a.status},
                {"waitingForMe", a.status == "proposed" && a.proposedBy != p.me.id},
                {"proposedBy", a.proposedBy},
                {"proposedByName", nameOf(p, a.proposedBy)},
                {"proposedAt", a.proposedAt},
                {"agreedBy", a.agreedBy},
                {"agreedByName", nameOf(p, a.agreedBy)},
                {"agreedAt", a.agreedAt},
                {"reviewOn", a.reviewOn},
                {"reviewDue", a.reviewDue},
                {"repairId", a.repairId}};
    }

    static std::string agreementText(const Agreement &a)
    {
        return "\"" + a.situation + "\" -> \"" + a.action + "\"";
    }

    static std::map<std::string, std::string> agreementFields()
    {
        return {{"situation", "SITUATION"}, {"action", "ACTION"}, {"reviewOn", "--review"},
                {"repairId", "--repair"}, {"agreement", "ID"}};
    }

    void agreementPropose()
    {
        Agreements book = agreementBook();
        const Profile p = m_book->profile();
        AgreementDraft draft{m_inv.args[0], m_inv.args[1], m_inv.option("review").value_or(""), ""};
        if (const auto repair = m_inv.option("repair")) {
            Repairs repairs = this->repairs();
            asGiven({{"repair", "--repair"}}, [&] { draft.repairId = resolveRepair(repairs, *repair); });
        }
        std::string id;
        asGiven(agreementFields(), [&] { id = book.propose(draft); });
        const Agreement a = *book.agreement(id);
        say("Proposed " + agreementText(a) + " (" + id + ")"
                + (a.reviewOn.empty() ? std::string() : ", to review on " + a.reviewOn) + ". "
                + p.partner.name + " is asked to agree to it; `hearthctl sync` sends it.",
            agreementJson(a, p));
    }

    void agreementFromCommitment()
    {
        Agreements book = agreementBook();
        const Profile p = m_book->profile();
        Repairs repairs = this->repairs();
        std::vector<std::string> ids;
        for (const Commitment &c : repairs.commitments())
            ids.push_back(c.id);
        const std::string commitmentId = resolveAs(ids, m_inv.args[0], "commitment", "commitments",
                                                   "COMMITMENT_ID");
        AgreementDraft draft;
        asGiven({{"commitment", "COMMITMENT_ID"}}, [&] { draft = book.fromCommitment(commitmentId); });
        draft.reviewOn = m_inv.option("review").value_or("");
        std::string id;
        try {
            asGiven(agreementFields(), [&] { id = book.propose(draft); });
        } catch (const ValidationError &e) {
            if (e.field() != "ACTION")
                throw;
            throw ValidationError("COMMITMENT_ID", "This plan is longer than an agreement can be ("
                                                       + std::to_string(Agreements::kMaxAction)
                                                       + " characters): propose it in fewer words "
                                                         "with `hearthctl agreement-propose`.");
        }
        const Agreement a = *book.agreement(id);
        say("Proposed " + agreementText(a) + " (" + id + "), from your repair's plan. "
                + p.partner.name + " is asked to agree to it; `hearthctl agreement-change " + id
                + " SITUATION ACTION` rewords it.",
            agreementJson(a, p));
    }

    void agreementAgree()
    {
        Agreements book = agreementBook();
        const Profile p = m_book->profile();
        const std::string id = resolveAgreement(book, m_inv.args[0]);
        asGiven(agreementFields(), [&] { book.agree(id); });
        const Agreement a = *book.agreement(id);
        say("You both agree now: " + agreementText(a) + " is " + agreementState(a, p) + ".",
            agreementJson(a, p));
    }

    void agreementChange()
    {
        Agreements book = agreementBook();
        const Profile p = m_book->profile();
        const std::string id = resolveAgreement(book, m_inv.args[0]);
        const Agreement before = *book.agreement(id);
        const AgreementDraft draft{m_inv.args[1], m_inv.args[2],
                                   m_inv.option("review").value_or(before.reviewOn), before.repairId};
        asGiven(agreementFields(), [&] { book.suggestChange(id, draft); });
        const Agreement a = *book.agreement(id);
        const std::string review = a.reviewOn.empty() ? std::string("no review date")
                                                      : "to review on " + a.reviewOn;
        if (a.status == "proposed")
            say("Suggested " + agreementText(a) + ", " + review + ". " + p.partner.name
                    + " is asked to agree to it again.",
                agreementJson(a, p));
        else
            say("Kept " + agreementText(a) + " as it reads, " + review + ".", agreementJson(a, p));
    }

    void agreementStatus()
    {
        Agreements book = agreementBook();
        const Profile p = m_book->profile();
        const std::string id = resolveAgreement(book, m_inv.args[0]);
        const std::string &status = m_inv.args[1];
        if (status != "active" && status != "revisit" && status != "retired")
            throw ValidationError("STATUS", "Choose active, revisit or retired, not \"" + status + "\".");
        asGiven({{"status", "STATUS"}, {"agreement", "ID"}}, [&] { book.setStatus(id, status); });
        const Agreement a = *book.agreement(id);
        say(agreementText(a) + " is " + agreementState(a, p) + " now.", agreementJson(a, p));
    }

    void agreementReviewDate()
    {
        Agreements book = agreementBook();
        const Profile p = m_book->profile();
        const std::string id = resolveAgreement(book, m_inv.args[0]);
        const std::string date = m_inv.args[1] == "none" ? std::string() : m_inv.args[1];
        asGiven({{"reviewOn", "DATE"}, {"agreement", "ID"}}, [&] { book.setReviewDate(id, date); });
        const Agreement a = *book.agreement(id);
        say(agreementText(a) + (a.reviewOn.empty() ? std::string(" has no review date now.")
                                                   : " is to be reviewed on " + a.reviewOn + "."),
            agreementJson(a, p));
    }

    void listAgreements()
    {
        Agreements book = agreementBook();
        const Profile p = m_book->profile();
        const auto list = book.list();
        if (m_inv.json) {
            json out = json::array();
            for (const Agreement &a : list)
                out.push_back(agreementJson(a, p));
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (list.empty()) {
            std::cout << "No agreements yet: propose one with `hearthctl agreement-propose "
                         "SITUATION ACTION`.\n";
            return;
        }
        std::vector<std::vector<std::string>> rows = {{"ID", "STATUS", "REVIEW", "WHEN", "THEN"}};
        for (const Agreement &a : list)
            rows.push_back({a.id, agreementState(a, p),
                            a.reviewOn.empty() ? std::string("-") : a.reviewOn + (a.reviewDue ? " (due)" : ""),
                            a.situation, a.action});
        printTable(rows);
    }

    void agreementNotices()
    {
        Agreements book = agreementBook();
        const Profile p = m_book->profile();
        const auto notices = book.takeReviewNotices();
        if (m_inv.json) {
            json out = json::array();
            for (const AgreementNotice &n : notices)
                out.push_back(agreementJson(n.agreement, p));
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (notices.empty()) {
            std::cout << "No agreement is due for review.\n";
            return;
        }
        for (const AgreementNotice &n : notices) {
            const Agreement &a = n.agreement;
            std::cout << "Time to look again at " << agreementText(a) << " (review date "
                      << a.reviewOn << "): keep it with `hearthctl agreement-review-date " << a.id
                      << " DATE`, or "
                      << (a.status == "revisit"
                              ? "change it with `hearthctl agreement-change " + a.id + " SITUATION ACTION`"
                              : "mark it to talk over with `hearthctl agreement-status " + a.id + " revisit`")
                      << ".\n";
        }
    }

    // --- care: the couple's side (issue 6) ----------------------------------------------------

    Care care()
    {
        if (!m_book)
            open();
        if (Practice::isPractice(*m_store))
            throw Error(m_dir.string() + " is a therapist's practice: the couple's commands take a "
                                         "partner's profile (the practice's are practice-sync, couples, "
                                         "assign...).");
        return Care(*m_store, library());
    }

    /// Today in my time zone: due dates are days where each partner lives.
    std::string myToday() { return utcToLocal(now(), m_book->profile().me.timeZone).substr(0, 10); }

    /// The assignment an ID argument names: an id or a unique prefix of one.
    static Assignment resolveAssignment(Care &c, const std::string &idOrPrefix)
    {
        std::vector<std::string> ids;
        for (const Assignment &a : c.assignments())
            ids.push_back(a.id);
        return *c.assignment(resolveAs(ids, idOrPrefix, "assignment", "assignments", "ID"));
    }

    /// The N argument, due date N of `a` counted from 1, as the core counts it (from 0).
    static int occurrenceArg(const Assignment &a, const std::string &text)
    {
        int n = 0;
        const char *end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, n);
        if (text.empty() || ec != std::errc() || ptr != end || n < 1 || n > a.times)
            throw ValidationError("N", "\"" + text + "\" is not a due date of \"" + a.exercise.title
                                           + "\": give 1 to " + std::to_string(a.times)
                                           + " (`hearthctl assignments --all` lists them).");
        return n - 1;
    }

    /// The names of the partners on a link, by member id.
    static std::map<std::string, std::string> partnerNames(const std::optional<CareLink> &link)
    {
        std::map<std::string, std::string> names;
        if (link)
            for (const CarePerson &p : link->partners)
                names[p.memberId] = p.name;
        return names;
    }

    /// Due items as a table, or JSON; `zone` is the viewer's, for the time each was done.
    void printDueItems(const std::vector<DueItem> &items, const std::vector<Assignment> &assignments,
                       const std::map<std::string, std::string> &names, const std::string &zone)
    {
        std::map<std::string, std::string> titles;
        for (const Assignment &a : assignments)
            titles[a.id] = a.exercise.title;
        const auto nameOf = [&](const std::string &member) {
            const auto it = names.find(member);
            return it == names.end() ? member : it->second;
        };
        if (m_inv.json) {
            json out = json::array();
            for (const DueItem &i : items)
                out.push_back({{"assignmentId", i.assignmentId}, {"n", i.occurrence + 1},
                               {"dueOn", i.dueOn}, {"memberId", i.memberId},
                               {"name", nameOf(i.memberId)}, {"status", toString(i.status)},
                               {"doneAt", i.doneAt}, {"title", titles[i.assignmentId]},
                               {"reflection", i.reflection ? (i.reflection->shared ? "shared" : "private") : ""}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows{{"ID", "N", "DUE", "FOR", "STATUS", "TITLE"}};
        for (const DueItem &i : items) {
            std::string status(toString(i.status));
            if (i.status == DueItem::Status::Done)
                status += " " + localWhen(i.doneAt, zone);
            if (i.reflection)
                status += i.reflection->shared ? ", reflection shared" : ", reflection private";
            rows.push_back({i.assignmentId, std::to_string(i.occurrence + 1), i.dueOn, nameOf(i.memberId),
                            status, titles[i.assignmentId]});
        }
        printTable(rows);
    }

    /// Reflections with their answers, or JSON.
    void printReflections(const std::vector<Reflection> &list, Care &c,
                          const std::map<std::string, std::string> &names, const std::string &zone)
    {
        const auto titleOf = [&](const std::string &id) {
            const auto a = c.assignment(id);
            return a ? a->exercise.title : std::string("an assignment no longer shown");
        };
        const auto nameOf = [&](const std::string &member) {
            const auto it = names.find(member);
            return it == names.end() ? member : it->second;
        };
        if (m_inv.json) {
            json out = json::array();
            for (const Reflection &r : list)
                out.push_back({{"id", r.id}, {"assignmentId", r.assignmentId}, {"n", r.occurrence + 1},
                               {"title", titleOf(r.assignmentId)}, {"memberId", r.memberId},
                               {"name", nameOf(r.memberId)}, {"shared", r.shared},
                               {"writtenAt", r.writtenAt}, {"answers", r.answers}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (list.empty()) {
            std::cout << "No reflections yet.\n";
            return;
        }
        bool first = true;
        for (const Reflection &r : list) {
            std::cout << (first ? "" : "\n") << titleOf(r.assignmentId) << ", due date "
                      << r.occurrence + 1 << ": " << nameOf(r.memberId) << ", "
                      << localWhen(r.writtenAt, zone) << (r.shared ? " (shared)" : " (private)") << '\n';
            for (const json &answer : r.answers)
                std::cout << "  " << answer.value("prompt", "") << "\n    " << answer.value("text", "") << '\n';
            first = false;
        }
    }

    void therapistInvite()
    {
        const std::string code = syncClient().inviteTherapist();
        say(code, {{"code", code}, {"role", "therapist"}, {"validHours", 24}});
    }

    void careLink()
    {
        Care c = care();
        const auto link = c.link();
        if (!link) {
            say("No therapist is linked: `hearthctl therapist-invite` makes a code for yours.",
                {{"linked", false}});
            return;
        }
        const std::string zone = m_book->profile().me.timeZone;
        std::ostringstream text;
        text << "Therapist: " << (link->therapistName.empty() ? "(has not joined yet)" : link->therapistName)
             << "\nState: " << careStateText(*link);
        if (!link->policy.kind.empty())
            text << "\nPolicy: " << policyKindText(link->policy.kind) << "\n  " << link->policy.text;
        for (const CarePerson &p : link->partners)
            text << "\n" << p.name << ": "
                 << (p.acceptedPolicy ? "accepted the policy " + localWhen(p.acceptedAt, zone)
                                      : std::string("has not accepted the policy yet"))
                 << (p.sharesTrends ? "; shares check-in trends" : "");
        say(text.str(), linkJson(*link));
    }

    void careAccept()
    {
        Care c = care();
        asGiven({{"link", "care"}}, [&] { c.acceptPolicy(); });
        const CareLink link = *c.link();
        say("You accepted " + link.therapistName + "'s policy. "
                + (link.active ? "The link is active: what they assign shows here."
                               : "The link becomes active once your partner accepts it too."),
            linkJson(link));
    }

    void careUnlink()
    {
        sync::SyncClient &client = syncClient();
        const auto before = care().link();
        client.unlinkTherapist();
        const std::string name = before && !before->therapistName.empty() ? before->therapistName
                                                                          : std::string("your therapist");
        say("Unlinked " + name + ": their device is removed from your space and the care key "
                "replaced, so they get nothing new. What they assigned and what you wrote stay here.",
            linkJson(*care().link()));
    }

    void careShareTrends()
    {
        const std::string &value = m_inv.args[0];
        if (value != "on" && value != "off")
            throw ValidationError("on|off", "Say `on` or `off`, not \"" + value + "\".");
        Care c = care();
        asGiven({{"link", "care"}}, [&] { c.setShareTrends(value == "on", m_book->profile().me.timeZone); });
        say(value == "on" ? "Your weekly check-in trends (mood, closeness, stress) now go to your therapist."
                          : "Your check-in trends no longer go to your therapist; what they had is blanked.",
            {{"sharesTrends", value == "on"}});
    }

    void listAssignments()
    {
        Care c = care();
        const Profile p = m_book->profile();
        const bool all = m_inv.flags.contains("all");
        std::vector<DueItem> items;
        for (DueItem &i : c.dueItems(myToday()))
            if (all || (i.memberId == p.me.id && i.status != DueItem::Status::Done))
                items.push_back(std::move(i));
        if (items.empty() && !m_inv.json) {
            const auto link = c.link();
            std::cout << (!link ? "No therapist is linked, so nothing is assigned.\n"
                          : !link->active && link->endedAt == 0
                              ? "Nothing shows until you both accepted your therapist's policy "
                                "(`hearthctl care-link`).\n"
                              : all ? "Nothing is assigned.\n"
                                    : "Nothing is due for you (`--all` shows done ones too).\n");
            return;
        }
        std::map<std::string, std::string> names = {{p.me.id, p.me.name}, {p.partner.id, p.partner.name}};
        printDueItems(items, c.assignments(), names, p.me.timeZone);
    }

    void assignmentDone()
    {
        Care c = care();
        const Assignment a = resolveAssignment(c, m_inv.args[0]);
        const int occurrence = occurrenceArg(a, m_inv.args[1]);
        asGiven({{"assignment", "ID"}, {"occurrence", "N"}}, [&] { c.complete(a.id, occurrence); });
        say("Marked \"" + a.exercise.title + "\" due " + a.dueDates().at(static_cast<std::size_t>(occurrence))
                + " done.",
            {{"assignmentId", a.id}, {"n", occurrence + 1}, {"done", true}});
    }

    void assignmentReflect()
    {
        const auto texts = m_inv.all("answer");
        if (texts.empty())
            throw UsageError("`assignment-reflect` needs --answer (usage: hearthctl "
                             + commands().at(m_inv.command).usage + ")");
        Care c = care();
        const Assignment a = resolveAssignment(c, m_inv.args[0]);
        const int occurrence = occurrenceArg(a, m_inv.args[1]);
        const auto &prompts = a.exercise.prompts;
        const std::size_t asked = std::max<std::size_t>(prompts.size(), 1);
        if (texts.size() > asked)
            throw ValidationError("--answer", "\"" + a.exercise.title + "\" asks " + std::to_string(asked)
                                                  + " question(s): give at most that many --answer.");
        json answers = json::array();
        for (std::size_t i = 0; i < texts.size(); ++i)
            answers.push_back({{"prompt", i < prompts.size() ? prompts[i] : std::string("Your reflection")},
                               {"text", texts[i]}});
        const bool share = m_inv.flags.contains("share");
        std::string id;
        asGiven({{"assignment", "ID"}, {"occurrence", "N"}, {"answers", "--answer"}},
                [&] { id = c.writeReflection(a.id, occurrence, answers, share); });
        say("Kept your reflection on \"" + a.exercise.title + "\". "
                + (share ? "Your therapist and your partner read it after the next sync."
                         : "It is private: it stays on your devices."),
            {{"id", id}, {"assignmentId", a.id}, {"n", occurrence + 1}, {"shared", share}});
    }

    void careReflections()
    {
        Care c = care();
        const Profile p = m_book->profile();
        printReflections(c.reflections(), c, {{p.me.id, p.me.name}, {p.partner.id, p.partner.name}},
                         p.me.timeZone);
    }

    static json linkJson(const CareLink &l)
    {
        json partners = json::array();
        for (const CarePerson &p : l.partners)
            partners.push_back({{"memberId", p.memberId}, {"name", p.name}, {"accepted", p.acceptedPolicy},
                                {"acceptedAt", p.acceptedAt}, {"sharesTrends", p.sharesTrends}});
        return {{"linked", true}, {"therapistId", l.therapistId}, {"therapistName", l.therapistName},
                {"state", careState(l)}, {"active", l.active}, {"acceptedByMe", l.acceptedByMe},
                {"policyKind", l.policy.kind},
                {"policyText", l.policy.text}, {"invitedBy", l.invitedBy}, {"joinedAt", l.joinedAt},
                {"endedBy", l.endedBy}, {"endedAt", l.endedAt}, {"partners", partners}};
    }

    // --- care: the therapist's side (issue 6) -------------------------------------------------

    /// The practice in the data folder. `create` (practice-init): opened even when new.
    Practice &practice(bool create = false)
    {
        if (m_practice)
            return *m_practice;
        if (!create && !fs::exists(m_file))
            throw Error("There is no practice in " + m_dir.string()
                        + " yet: run `hearthctl practice-init` or `hearthctl practice-demo` first.");
        m_created = !fs::exists(m_file);
        m_createdDir = !fs::exists(m_dir);
        makeClock(false);
        m_practice = std::make_unique<Practice>(m_dir, *m_clock, m_random, library());
        if (!create && !m_practice->exists())
            throw Error(m_dir.string() + " holds a couple's profile, not a practice: the therapist's "
                                         "commands take a folder made with `hearthctl practice-init`.");
        return *m_practice;
    }

    std::string practiceToday() { return utcToLocal(now(), practice().profile().timeZone).substr(0, 10); }

    /// The couple --couple names: a space id or a unique prefix of one.
    std::string resolveCouple()
    {
        std::vector<std::string> ids;
        for (const PracticeCouple &c : practice().couples())
            ids.push_back(c.spaceId);
        return resolveAs(ids, m_inv.required("couple"), "couple", "couples", "--couple");
    }

    Care coupleCare(const std::string &spaceId) { return Care(practice().couple(spaceId), library()); }

    void practiceInit()
    {
        const PracticeProfile profile{m_inv.required("name"), m_inv.required("tz"),
                                      {m_inv.required("policy-kind"), m_inv.required("policy-text")}};
        if (!isValidTimeZone(profile.timeZone))
            throw ValidationError("--tz", "\"" + profile.timeZone
                                              + "\" is not a time zone this system knows; use an IANA "
                                                "name such as Europe/Lisbon.");
        if (profile.policy.kind != "no-secrets" && profile.policy.kind != "limited-secrets")
            throw ValidationError("--policy-kind", "Choose no-secrets or limited-secrets, not \""
                                                       + profile.policy.kind + "\".");
        Practice &p = practice(true);
        if (p.exists())
            throw Error(m_dir.string() + " is the practice of " + p.profile().name + " already.");
        m_practiceCreated = true;
        asGiven({{"name", "--name"}, {"timeZone", "--tz"}, {"policyKind", "--policy-kind"},
                 {"policyText", "--policy-text"}},
                [&] { p.create(profile); });
        say("Made " + m_dir.string() + " the practice of " + profile.name + " (" + profile.timeZone
                + ", " + policyKindText(profile.policy.kind)
                + "). Link a couple with `hearthctl practice-link CODE --server URL`.",
            {{"name", profile.name}, {"timeZone", profile.timeZone}, {"policyKind", profile.policy.kind}});
    }

    void practiceDemo()
    {
        const std::uint64_t seed = seedOption(m_inv);
        if (fs::exists(m_file))
            throw Error(m_dir.string() + " already holds a profile; `practice-demo` fills only an "
                                         "empty folder (pass --data-dir with a new one).");
        m_created = true;
        m_createdDir = !fs::exists(m_dir);
        m_practiceCreated = true;
        makeClock(false);
        fillPracticeDemo(m_dir, library(), now(), seed);
        Practice &p = practice();
        say("Filled " + m_dir.string() + " with the demo practice of " + p.profile().name + ": "
                + std::to_string(p.couples().size()) + " couples.",
            {{"name", p.profile().name}, {"couples", p.couples().size()}, {"seed", seed}});
    }

    void practiceLink()
    {
        const std::string server = m_inv.required("server");
        Practice &p = practice();
        sync::Transport &t = transport(server);
        std::string space;
        asGiven({{"code", "CODE"}},
                [&] { space = sync::linkCouple(p, t, server, m_inv.args[0], deviceName()); });
        say("Linked with the couple of space " + space + ". They read your policy and accept it in "
            "their app; `hearthctl practice-sync` brings their answer.",
            {{"space", space}});
    }

    void listCouples()
    {
        Practice &p = practice();
        const auto couples = p.couples();
        const std::string zone = p.profile().timeZone;
        if (m_inv.json) {
            json out = json::array();
            for (const PracticeCouple &c : couples)
                out.push_back({{"space", c.spaceId}, {"name", c.name}, {"ended", c.ended},
                               {"state", c.ended ? "ended" : c.link ? careState(*c.link) : "linking"},
                               {"lastSyncMs", c.lastSyncMs}});
            std::cout << out.dump(2) << '\n';
            return;
        }
        if (couples.empty()) {
            std::cout << "No couples yet: a partner makes a code with `hearthctl therapist-invite`, "
                         "and `hearthctl practice-link CODE --server URL` links you.\n";
            return;
        }
        std::vector<std::vector<std::string>> rows{{"SPACE", "COUPLE", "STATE", "LAST SYNC"}};
        for (const PracticeCouple &c : couples)
            rows.push_back({c.spaceId, c.name,
                            c.ended ? "ended" : c.link ? careStateText(*c.link) : "linking",
                            c.lastSyncMs > 0 ? localWhen(c.lastSyncMs, zone) : "-"});
        printTable(rows);
    }

    void practiceSync()
    {
        Practice &p = practice();
        json out = json::array();
        std::string text;
        int failed = 0;
        for (const PracticeCouple &c : p.couples()) {
            json entry = {{"space", c.spaceId}, {"name", c.name}};
            std::string line;
            const std::string server = p.couple(c.spaceId).meta("sync.server").value_or("");
            if (c.ended) {
                entry["state"] = "ended";
                line = c.name + ": ended earlier; what you have stays, read-only.";
            } else if (server.empty()) {
                entry["state"] = "offline";
                line = c.name + ": not connected to a server (a demo couple); nothing to sync.";
            } else {
                try {
                    const bool linked = sync::syncCouple(p, transport(server), c.spaceId);
                    entry["state"] = linked ? "synced" : "ended";
                    line = c.name + (linked ? ": synced." : ": the couple ended the link; what you have stays, read-only.");
                } catch (const std::exception &e) {
                    ++failed;
                    entry["state"] = "failed";
                    entry["error"] = e.what();
                    line = c.name + ": could not sync (" + e.what() + ").";
                }
            }
            out.push_back(entry);
            text += (text.empty() ? "" : "\n") + line;
        }
        say(text.empty() ? "No couples to sync." : text, out);
        if (failed > 0)
            throw Error(std::to_string(failed) + " couple(s) could not sync; try again later.");
    }

    void listExercises()
    {
        Practice &p = practice();
        const auto custom = p.customExercises();
        if (m_inv.json) {
            json out = json::array();
            const auto add = [&out](const Exercise &e, bool isCustom) {
                json j = e;
                j["custom"] = isCustom;
                out.push_back(std::move(j));
            };
            for (const Exercise &e : library().exercises())
                add(e, false);
            for (const Exercise &e : custom)
                add(e, true);
            std::cout << out.dump(2) << '\n';
            return;
        }
        std::vector<std::vector<std::string>> rows{{"ID", "FORMAT", "MIN", "TITLE"}};
        for (const Exercise &e : library().exercises())
            rows.push_back({e.id, e.format, std::to_string(e.minutes), e.title});
        for (const Exercise &e : custom)
            rows.push_back({e.id, "yours", std::to_string(e.minutes), e.title});
        printTable(rows);
    }

    void exerciseAdd()
    {
        Practice &p = practice();
        Exercise e;
        e.format = "custom";
        e.who = "together";
        e.title = m_inv.required("title");
        e.steps = m_inv.all("step");
        e.prompts = m_inv.all("prompt");
        e.minutes = integerOption(m_inv, "minutes", 15);
        e.purpose = m_inv.required("purpose");
        e.source = "Written by " + p.profile().name + ".";
        std::string id;
        asGiven({{"title", "--title"}, {"steps", "--step"}, {"prompts", "--prompt"},
                 {"minutes", "--minutes"}, {"purpose", "--purpose"}},
                [&] { id = p.saveExercise(e); });
        say("Kept your exercise \"" + e.title + "\" (" + id + "); it goes to every linked couple "
            "with the next `hearthctl practice-sync`.",
            {{"id", id}, {"title", e.title}});
    }

    /// The exercise --exercise names: the library's, or one of the therapist's own.
    Exercise exerciseArg(Care &c)
    {
        const std::string id = m_inv.required("exercise");
        if (const Exercise *e = library().exercise(id))
            return *e;
        for (const auto &list : {practice().customExercises(), c.customExercises()})
            for (const Exercise &e : list)
                if (e.id == id)
                    return e;
        throw ValidationError("--exercise", "No exercise has the id \"" + id
                                                + "\" (`hearthctl exercises` lists them).");
    }

    void assign()
    {
        const std::string space = resolveCouple();
        Care c = coupleCare(space);
        if (m_inv.option("every").has_value() != m_inv.option("times").has_value())
            throw UsageError("--every and --times go together (usage: hearthctl "
                             + commands().at(m_inv.command).usage + ")");
        AssignmentDraft d;
        d.exercise = exerciseArg(c);
        d.dueOn = m_inv.required("due");
        d.everyDays = integerOption(m_inv, "every", 0);
        d.times = integerOption(m_inv, "times", 1);
        d.note = m_inv.option("note").value_or("");
        const auto link = c.link();
        std::string forWhom = "the couple";
        if (const auto to = m_inv.option("to")) {
            std::vector<std::string> known;
            for (const CarePerson &p : link ? link->partners : std::vector<CarePerson>{}) {
                if (p.memberId == *to || caseFolded(p.name) == caseFolded(*to)) {
                    d.assignee = p.memberId;
                    forWhom = p.name;
                }
                known.push_back(p.name + " (" + p.memberId + ")");
            }
            if (d.assignee.empty())
                throw ValidationError("--to", "\"" + *to + "\" is not a partner of this couple"
                                                  + (known.empty() ? std::string(".")
                                                                   : "; they are " + joined(known, " and ") + "."));
        }
        std::string id;
        asGiven({{"assignee", "--to"}, {"dueOn", "--due"}, {"everyDays", "--every"}, {"times", "--times"},
                 {"note", "--note"}, {"link", "--couple"}},
                [&] { id = c.assign(d); });
        std::string text = "Assigned \"" + d.exercise.title + "\" to " + forWhom + ", due " + d.dueOn;
        if (d.times > 1)
            text += ", then every " + std::to_string(d.everyDays) + " days, " + std::to_string(d.times) + " times";
        text += ". It goes to them with the next `hearthctl practice-sync`.";
        if (d.dueOn < practiceToday())
            text += " The due date is past, so it shows overdue at once.";
        say(text, {{"id", id}, {"space", space}, {"exercise", d.exercise.id}, {"assignee", d.assignee},
                   {"dueOn", d.dueOn}, {"everyDays", d.everyDays}, {"times", d.times}});
    }

    void coupleStatus()
    {
        const std::string space = resolveCouple();
        Care c = coupleCare(space);
        const auto link = c.link();
        const auto names = partnerNames(link);
        const auto items = c.dueItems(practiceToday());
        if (items.empty() && !m_inv.json) {
            std::cout << (link && !link->active && link->endedAt == 0
                              ? "The couple has not both accepted your policy yet; nothing is assigned.\n"
                              : "Nothing is assigned to this couple.\n");
            return;
        }
        printDueItems(items, c.assignments(), names, practice().profile().timeZone);
        if (m_inv.json)
            return;
        for (const SharedTrends &t : c.sharedTrends())
            std::cout << t.name << " shares their check-in trends.\n";
    }

    void coupleReflections()
    {
        const std::string space = resolveCouple();
        Care c = coupleCare(space);
        practice().markSeen(space);
        printReflections(c.reflections(), c, partnerNames(c.link()), practice().profile().timeZone);
    }

    void coupleExport()
    {
        const std::string space = resolveCouple();
        const std::string out = m_inv.required("out");
        const std::string html = practice().exportHtml(space, practiceToday());
        writeFile(out, html);
        say("Wrote the summary of the couple's assignments and shared reflections to " + out + ".",
            {{"space", space}, {"file", out}, {"bytes", html.size()}});
    }

    Invocation m_inv;
    fs::path m_dir;
    fs::path m_file;
    bool m_created = false;
    bool m_createdDir = false;
    SystemRandom m_random;
    std::unique_ptr<Clock> m_clock;
    ManualClock *m_manual = nullptr;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<sync::CurlTransport> m_transport;
    std::unique_ptr<sync::SyncClient> m_sync;
    std::unique_ptr<RitualBook> m_book;
    std::optional<ContentLibrary> m_library;
    std::unique_ptr<Practice> m_practice;
    bool m_practiceCreated = false;
};

/// One line on standard error, whatever the message holds.
void fail(const std::string &message)
{
    std::string line = "hearthctl: " + message;
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::cerr << line << '\n';
}

void failUsage(const UsageError &e)
{
    const std::string message = e.what();
    fail(message.find("(usage:") == std::string::npos ? message + " (see hearthctl --help)"
                                                       : message);
}

} // namespace

int main(int argc, char *argv[])
{
    Invocation inv;
    try {
        inv = parse(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const UsageError &e) {
        failUsage(e);
        return kExitUsage;
    }
    if (inv.help || inv.command == "help") {
        std::cout << kUsage;
        return 0;
    }

    std::unique_ptr<Hearthctl> program;
    try {
        program = std::make_unique<Hearthctl>(std::move(inv));
        return program->run();
    } catch (const UsageError &e) {
        failUsage(e);
        if (program)
            program->undoCreation();
        return kExitUsage;
    } catch (const ValidationError &e) {
        fail(e.field() + ": " + e.what());
    } catch (const json::exception &e) {
        fail(std::string("the file does not have the expected shape: ") + e.what());
    } catch (const std::exception &e) {
        fail(e.what());
    }
    if (program)
        program->undoCreation();
    return kExitError;
}
