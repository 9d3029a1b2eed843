#!/usr/bin/env bash
# hearthctl end to end: test_hearthctl.sh PATH_TO_HEARTHCTL [SCRATCH_DIR]
# Every profile lives under SCRATCH_DIR (emptied first; a new temporary folder when not given).
# Each failed check prints one line; the script exits 1 if any failed.
set -u

CTL=${1:?usage: test_hearthctl.sh PATH_TO_HEARTHCTL [SCRATCH_DIR]}
WORK=${2:-$(mktemp -d)}
rm -rf "$WORK"
mkdir -p "$WORK"
# Saturday 2024-06-01 10:00 UTC: 11:00 in Lisbon, 06:00 in Toronto.
export HEARTH_NOW=1717236000000
export XDG_DATA_HOME="$WORK/xdg"

failures=0
checks=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
check() { # check DESCRIPTION COMMAND...: the command must succeed
    local what=$1
    shift
    checks=$((checks + 1))
    "$@" || fail "$what"
}

# run ARGS...: runs hearthctl; stdout in $WORK/out, stderr in $WORK/err, exit status in $status.
run() {
    "$CTL" "$@" >"$WORK/out" 2>"$WORK/err"
    status=$?
}
ok() {
    run "$@"
    checks=$((checks + 1))
    if [ "$status" -ne 0 ]; then
        fail "hearthctl $* exited $status: $(cat "$WORK/err")"
    elif [ -s "$WORK/err" ]; then
        fail "hearthctl $* wrote to stderr: $(cat "$WORK/err")"
    fi
}
# refused CODE PATTERN ARGS...: must exit CODE with one line on stderr matching PATTERN.
refused() {
    local code=$1 pattern=$2
    shift 2
    run "$@"
    checks=$((checks + 1))
    if [ "$status" -ne "$code" ]; then
        fail "hearthctl $* exited $status, expected $code"
    elif [ "$(wc -l <"$WORK/err")" -ne 1 ]; then
        fail "hearthctl $* should explain itself in one line on stderr, got: $(cat "$WORK/err")"
    elif ! grep -qiE -- "$pattern" "$WORK/err"; then
        fail "hearthctl $*: stderr \"$(cat "$WORK/err")\" does not match /$pattern/"
    fi
}
# json EXPRESSION: evaluates a Python expression over the JSON in $WORK/out, bound to `d`.
json() {
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$WORK/out"
}
# snapshot DIR: the whole profile in DIR, losslessly, to compare before and after a refusal.
snapshot() {
    "$CTL" --data-dir "$1" export-json -
}

A="$WORK/a"   # made with init
D="$WORK/demo" # made with demo
B="$WORK/b"   # imported from D

# --- help and usage -------------------------------------------------------------------------
ok --help
check "--help shows usage" grep -q "Usage: hearthctl" "$WORK/out"
check "--help lists every command" grep -q "export-ics FILE" "$WORK/out"
ok help
check "help shows usage" grep -q "import-json FILE" "$WORK/out"
refused 2 "no command" --data-dir "$A"
refused 2 "unknown command" --data-dir "$A" frobnicate
refused 2 "unknown option --colour" --data-dir "$A" rituals --colour red
refused 2 "takes no --note" --data-dir "$A" rituals --note hi
check "usage errors create nothing" test ! -e "$A"

# --- init -----------------------------------------------------------------------------------
refused 2 "needs --partner-tz" --data-dir "$A" init --name Maya --tz Europe/Lisbon --partner-name Jonas
refused 1 "^hearthctl: --tz: .*Mars/Olympus" --data-dir "$A" init --name Maya --tz Mars/Olympus \
    --partner-name Jonas --partner-tz America/Toronto
refused 1 "--name: " --data-dir "$A" init --name "   " --tz Europe/Lisbon \
    --partner-name Jonas --partner-tz America/Toronto
check "a refused init leaves no profile behind" test ! -e "$A"
refused 1 "no profile in" --data-dir "$A" rituals
check "reading a missing profile creates nothing" test ! -e "$A"

ok --data-dir "$A" init --name Maya --tz Europe/Lisbon --partner-name Jonas --partner-tz America/Toronto
check "init creates DIR/profile.db" test -s "$A/profile.db"
refused 1 "already holds the profile of Maya & Jonas" --data-dir "$A" init --name X --tz UTC \
    --partner-name Y --partner-tz UTC

ok --data-dir "$A" rituals
check "an empty list says what to do" grep -q "hearthctl add" "$WORK/out"
ok --data-dir "$A" rituals --json
check "no rituals yet" test "$(json 'len(d)')" = 0

# --- templates and add ----------------------------------------------------------------------
ok templates --json
check "templates lists weekly-check-in" test "$(json "[t['id'] for t in d].count('weekly-check-in')")" = 1
ok templates
check "templates text shows schedules" grep -q "Every Wednesday at 20:00" "$WORK/out"

before=$(snapshot "$A")
refused 1 "^hearthctl: --template: .*no-such-template" --data-dir "$A" add --template no-such-template
refused 1 "^hearthctl: --time: " --data-dir "$A" add --template weekly-check-in --time 25:00
refused 1 "^hearthctl: --start: " --data-dir "$A" add --template weekly-check-in --start 1.6.2024
refused 2 "needs --template" --data-dir "$A" add
check "refused adds change nothing" test "$before" = "$(snapshot "$A")"

ok --data-dir "$A" --json add --template weekly-check-in --start 2024-06-01 --time 19:00
RID=$(json "d['id']")
check "add prints the new id" test -n "$RID"
ok --data-dir "$A" add --template date-night
ok --data-dir "$A" rituals --json
check "two rituals" test "$(json 'len(d)')" = 2
check "the check-in is on Wednesdays at 19:00 in Lisbon" test \
    "$(json "[r['schedule']['startLocal']+' '+r['schedule']['timeZone']+' '+r['scheduleText'] for r in d if r['id']=='$RID'][0]")" \
    = "2024-06-01T19:00 Europe/Lisbon Every Wednesday at 19:00"

# --- upcoming -------------------------------------------------------------------------------
ok --data-dir "$A" upcoming --json --days 14
check "two weeks hold two check-ins and two date nights" test "$(json 'len(d)')" = 4
LS=$(json "[i['localStart'] for i in d if i['ritualId']=='$RID'][0]")
LS2=$(json "[i['localStart'] for i in d if i['ritualId']=='$RID'][1]")
check "the first check-in is on Wednesday" test "$LS" = "2024-06-05T19:00"
check "my time and Jonas's differ" test \
    "$(json "[i['mine']['local']+' '+i['partner']['local']+' '+i['status'] for i in d if i['ritualId']=='$RID'][0]")" \
    = "2024-06-05T19:00 2024-06-05T14:00 due"
ok --data-dir "$A" upcoming
check "text shows both zones" grep -q "Jonas (America/Toronto)" "$WORK/out"
check "text shows the partner's time" grep -q "Wed 14:00" "$WORK/out"
refused 2 "whole number" --data-dir "$A" upcoming --days soon
refused 1 "--days" --data-dir "$A" upcoming --days 0

# --- done and skip --------------------------------------------------------------------------
before=$(snapshot "$A")
refused 1 "^hearthctl: --rating: " --data-dir "$A" done "$RID" "$LS" --rating 9
refused 1 "^hearthctl: --rating: " --data-dir "$A" done "$RID" "$LS" --rating 0
refused 2 "whole number" --data-dir "$A" done "$RID" "$LS" --rating four
refused 2 "missing arguments" --data-dir "$A" done "$RID"
refused 2 "too many arguments" --data-dir "$A" done "$RID" "$LS" extra
refused 1 "^hearthctl: LOCAL_START: .*Every Wednesday at 19:00" --data-dir "$A" done "$RID" 2024-06-06T19:00
refused 1 "^hearthctl: ritual: .*nope" --data-dir "$A" done nope "$LS"
refused 1 "^hearthctl: reason: " --data-dir "$A" skip "$RID" "$LS" --reason "$(printf 'x%.0s' $(seq 1 400))"
check "refused done and skip change nothing" test "$before" = "$(snapshot "$A")"

ok --data-dir "$A" done "${RID:0:6}" "$LS" --note "Lovely, and short." --rating 4
check "done confirms" grep -q "as done" "$WORK/out"
ok --data-dir "$A" skip "$RID" "${LS2/T/ }" --reason "Jonas is travelling"
ok --data-dir "$A" upcoming --json --days 14
check "the first check-in is done, the second skipped" test \
    "$(json "' '.join(i['status'] for i in d if i['ritualId']=='$RID')")" = "done skipped"

# --- demo -----------------------------------------------------------------------------------
before=$(snapshot "$A")
refused 1 "already holds a profile" --data-dir "$A" demo
check "demo refuses a profile with data and changes nothing" test "$before" = "$(snapshot "$A")"
refused 1 "--days" --data-dir "$WORK/never" demo --days -3
check "a refused demo creates nothing" test ! -e "$WORK/never"

ok --data-dir "$D" demo --days 30 --seed 3
check "demo names the couple" grep -q "Maya (Europe/Lisbon, this device) and Jonas (America/Toronto)" "$WORK/out"
ok --data-dir "$D" rituals --json
check "demo has seven rituals" test "$(json 'len(d)')" = 7
check "one of them paused" test "$(json "[r['status'] for r in d].count('paused')")" = 1
ok --data-dir "$D" upcoming --json --days 14
check "the demo's fortnight has a moved occurrence" test "$(json "sum(1 for i in d if i['moved'])")" = 1

# --- export-json and import-json ------------------------------------------------------------
ok --data-dir "$D" export-json "$WORK/d.json"
check "export-json reports what it wrote" grep -q "records" "$WORK/out"
check "the export is a Hearth export" python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
assert d['format']=='hearth.export' and d['formatVersion']==1, d['format']
assert len(d['data']['ritual'])==7 and len(d['data']['member'])==2
assert len(d['changes'])>len(d['data']['occurrence'])
" "$WORK/d.json"
ok --data-dir "$B" import-json "$WORK/d.json"
for listing in "rituals --json --all" "upcoming --json --days 30"; do
    # shellcheck disable=SC2086
    check "import gives the same: $listing" test \
        "$("$CTL" --data-dir "$D" $listing)" = "$("$CTL" --data-dir "$B" $listing)"
done
ok --data-dir "$B" export-json "$WORK/b.json"
check "exporting the import gives the same document" cmp -s "$WORK/d.json" "$WORK/b.json"

before=$(snapshot "$B")
refused 1 "already holds data" --data-dir "$B" import-json "$WORK/d.json"
check "a refused import changes nothing" test "$before" = "$(snapshot "$B")"
echo '{"format": "hearth.export", "formatVersion": 7, "changes": []}' >"$WORK/v7.json"
refused 1 "format version 7" --data-dir "$WORK/e" import-json "$WORK/v7.json"
echo '{"rituals": []}' >"$WORK/other.json"
refused 1 "not a Hearth export" --data-dir "$WORK/e" import-json "$WORK/other.json"
head -c 300 "$WORK/d.json" >"$WORK/cut.json"
refused 1 "not JSON" --data-dir "$WORK/e" import-json "$WORK/cut.json"
refused 1 "cannot read .*missing.json" --data-dir "$WORK/e" import-json "$WORK/missing.json"
check "refused imports leave no profile behind" test ! -e "$WORK/e"

# --- export-ics -----------------------------------------------------------------------------
ok --data-dir "$D" export-ics "$WORK/d.ics"
check "export-ics reports six rituals" grep -q "Wrote 6 rituals to" "$WORK/out"
for part in "BEGIN:VCALENDAR" "BEGIN:VTIMEZONE" "TZID:Europe/Lisbon" "BEGIN:VEVENT" "RRULE:FREQ=" \
    "DTSTART;TZID=Europe/Lisbon:" "BEGIN:VALARM" "EXDATE;TZID=Europe/Lisbon:" "RECURRENCE-ID;TZID="; do
    check "the calendar has $part" grep -q "^$part" "$WORK/d.ics"
done
check "calendar lines end in CRLF" test "$(head -1 "$WORK/d.ics" | od -c | grep -c '\\r')" = 1
# (VTIMEZONE has yearly rules of its own; the rituals' are daily, weekly or monthly.)
check "six active rituals, six series" test "$(grep -cE '^RRULE:FREQ=(DAILY|WEEKLY|MONTHLY)' "$WORK/d.ics")" = 6
ok --data-dir "$A" export-ics "$WORK/one.ics" "$RID"
check "export-ics reports one ritual" grep -q "Wrote 1 ritual to" "$WORK/out"
check "one ritual, one series" test "$(grep -c '^BEGIN:VEVENT' "$WORK/one.ics")" = 1
check "its skipped occurrence is an EXDATE" grep -q "^EXDATE;TZID=Europe/Lisbon:20240612T190000" "$WORK/one.ics"
refused 1 "^hearthctl: ritual: " --data-dir "$A" export-ics "$WORK/none.ics" ffffffffffffffff
check "a refused export writes no file" test ! -e "$WORK/none.ics"
refused 2 "missing arguments" --data-dir "$A" export-ics

# --- check-ins ------------------------------------------------------------------------------
# One device: what the partner would answer arrives by sync (tests/sync/tst_endtoend.cpp).
long() { printf "${2:-x}%.0s" $(seq 1 "$1"); } # long N [CHAR]: N characters
ok checkin-sets --json
check "three question sets" test "$(json "sorted(s['id'] for s in d)")" = \
    "['state-of-the-union', 'temperature', 'weekly']"
ok checkin-sets
check "checkin-sets text names the weekly check-in" grep -q "^weekly  *Weekly check-in" "$WORK/out"
ok --data-dir "$A" checkins
check "no check-ins yet says how to start one" grep -q "checkin-start SET" "$WORK/out"

before=$(snapshot "$A")
refused 1 '^hearthctl: SET: There is no check-in called "weekley" \(`hearthctl checkin-sets`' \
    --data-dir "$A" checkin-start weekley
refused 2 "give a question set" --data-dir "$A" checkin-start
refused 2 "--ritual and --at" --data-dir "$A" checkin-start weekly --ritual "$RID"
refused 1 '^hearthctl: --at: "2024-06-06T19:00" is not an occurrence of "Weekly check-in"' \
    --data-dir "$A" checkin-start --ritual "$RID" --at 2024-06-06T19:00
refused 1 "^hearthctl: ritual: No ritual has the id" --data-dir "$A" checkin-start --ritual nope --at "$LS"
check "refused check-in starts change nothing" test "$before" = "$(snapshot "$A")"

ok --data-dir "$A" --json checkin-start weekly
CID=$(json "d['id']")
check "checkin-start prints the id" test -n "$CID"
ok --data-dir "$A" --json checkins
check "a new check-in is my turn" test "$(json "[c['state'] for c in d if c['id']=='$CID']")" = "['yourTurn']"

before=$(snapshot "$A")
refused 1 '^hearthctl: mood: "How have you been feeling in yourself this week\?": choose a number from 1 to 5$' \
    --data-dir "$A" checkin-answer "$CID" mood 6
refused 1 "^hearthctl: mood: .*choose a number from 1 to 5" --data-dir "$A" checkin-answer "$CID" mood 0
refused 1 "^hearthctl: mood: .*choose a number from 1 to 5" --data-dir "$A" checkin-answer "$CID" mood lots
refused 1 "^hearthctl: felt-close: .*can be at most 1000 characters" \
    --data-dir "$A" checkin-answer "$CID" felt-close "$(long 1001)"
refused 1 "^hearthctl: needs: .*choose needs from the list" --data-dir "$A" checkin-answer "$CID" needs hugs
refused 1 "^hearthctl: needs: .*choose at most 3" --data-dir "$A" checkin-answer "$CID" needs rest,play help space
refused 1 '^hearthctl: QUESTION: "Weekly check-in" has no question "moood" \(its questions: mood, ' \
    --data-dir "$A" checkin-answer "$CID" moood 3
refused 1 '^hearthctl: checkin: No check-in has the id "nope" \(`hearthctl checkins` lists them\)' \
    --data-dir "$A" checkin-answer nope mood 3
refused 2 "missing arguments" --data-dir "$A" checkin-answer "$CID" mood
refused 2 "a scale takes one VALUE" --data-dir "$A" checkin-answer "$CID" mood 3 4
refused 2 "not both" --data-dir "$A" checkin-answer "$CID" mood 3 --json-value 3
refused 1 '^hearthctl: --json-value: "\{" is not JSON' --data-dir "$A" checkin-answer "$CID" mood --json-value '{'
refused 1 "^hearthctl: mood: .*needs an answer before you submit" --data-dir "$A" checkin-submit "$CID"
refused 1 "^hearthctl: checkin: Replies come once both answers are shown" \
    --data-dir "$A" checkin-reply "$CID" --to partner --question mood --thanks
refused 1 "^hearthctl: checkin: A check-in is finished once both answers are shown" \
    --data-dir "$A" checkin-finish "$CID"
refused 1 "^hearthctl: checkin: No check-in has the id" --data-dir "$A" checkin-show nope
refused 1 "^hearthctl: checkin: No check-in has the id" --data-dir "$A" checkin-submit nope
refused 2 "takes --thanks or --text" --data-dir "$A" checkin-reply "$CID" --to partner --question mood
refused 2 "--to takes me or partner" --data-dir "$A" checkin-reply "$CID" --to him --question mood --thanks
refused 2 "needs --to" --data-dir "$A" checkin-reply "$CID" --question mood --thanks
check "refused answers change nothing" test "$before" = "$(snapshot "$A")"

ok --data-dir "$A" checkin-answer "$CID" mood 4
check "an answer is kept as a draft" grep -q "as a draft" "$WORK/out"
ok --data-dir "$A" checkin-answer "$CID" closeness 5
ok --data-dir "$A" checkin-answer "${CID:0:6}" stress --json-value 2
ok --data-dir "$A" checkin-answer "$CID" felt-close "$(long 1000 é)"
ok --data-dir "$A" checkin-answer "$CID" felt-close "Our Sunday walk"
ok --data-dir "$A" checkin-answer "$CID" needs ""
# An empty required answer is kept as a draft, and blocks submitting.
before=$(snapshot "$A")
refused 1 '^hearthctl: needs: "What would help you most in the week ahead\?": this one needs an answer before you submit' \
    --data-dir "$A" checkin-submit "$CID"
check "a refused submit changes nothing" test "$before" = "$(snapshot "$A")"
ok --data-dir "$A" checkin-answer "$CID" needs "reassurance, rest"
ok --data-dir "$A" --json checkin-show "$CID"
check "the draft holds each answer in its shape" test \
    "$(json "[d['myDraft'][q] for q in ('mood','stress','needs','felt-close')]+[d['mineSubmitted']]")" \
    = "[4, 2, ['reassurance', 'rest'], 'Our Sunday walk', False]"
ok --data-dir "$A" checkin-submit "$CID"
check "submit says what Jonas sees" grep -q "Jonas sees that you have answered, not what" "$WORK/out"
ok --data-dir "$A" --json checkins
check "then it waits for Jonas" test "$(json "[c['state'] for c in d if c['id']=='$CID']")" = "['waiting']"
ok --data-dir "$A" checkin-show "$CID"
check "checkin-show: my answer" grep -q "Maya (you): Reassurance, Rest" "$WORK/out"
check "checkin-show: Jonas has not answered" grep -q "Jonas: not answered yet" "$WORK/out"
ok --data-dir "$A" checkins
check "checkins text: waiting for Jonas" grep -q "Weekly check-in  waiting for Jonas" "$WORK/out"
# Until Jonas answers, Maya may change hers.
ok --data-dir "$A" checkin-answer "$CID" mood 3
ok --data-dir "$A" --json checkin-show "$CID"
check "an edit after submitting is a draft" test "$(json "[d['myAnswers']['mood'], d['myDraft']['mood']]")" = "[4, 3]"
ok --data-dir "$A" checkin-submit "$CID"
ok --data-dir "$A" --json checkin-trends
check "trends: Maya's mood the week of Monday 27 May" test \
    "$(json "[(p['name'], p['mood'], p['needs'][0]['id']) for p in d['people']]")" \
    = "[('Maya', [{'answers': 1, 'average': 3.0, 'weekOf': '2024-05-27'}], 'reassurance')]"
ok --data-dir "$A" checkin-trends
check "trends text" grep -q "^2024-05-27  Maya  3 " "$WORK/out"

# From a ritual's occurrence: its own set, one check-in per occurrence.
ok --data-dir "$A" --json checkin-start --ritual "${RID:0:6}" --at "$LS"
check "a ritual's check-in takes its set and the occurrence's id" test \
    "$(json "[d['id'], d['setId'], d['existed']]")" = "['$RID@$LS', 'weekly', False]"
ok --data-dir "$A" --json checkin-start --ritual "$RID" --at "$LS"
check "starting it again gives the same one" test "$(json "[d['id'], d['existed']]")" = "['$RID@$LS', True]"

# The State of the Union: appreciations and a feeling statement.
ok --data-dir "$A" --json checkin-start state-of-the-union
SID=$(json "d['id']")
before=$(snapshot "$A")
refused 1 "^hearthctl: issue: .*give the parts as feel=" --data-dir "$A" checkin-answer "$SID" issue tired
refused 1 '^hearthctl: issue: .*has no part "want"' --data-dir "$A" checkin-answer "$SID" issue want=rest
refused 1 "^hearthctl: appreciations: .*at most 5 appreciations" --data-dir "$A" checkin-answer "$SID" appreciations a b c d e f
check "refused statements change nothing" test "$before" = "$(snapshot "$A")"
ok --data-dir "$A" checkin-answer "$SID" appreciations "You made tea" "You listened"
ok --data-dir "$A" checkin-answer "$SID" issue feel=tired "about=the plans" "need=a quiet evening"
ok --data-dir "$A" --json checkin-show "$SID"
check "appreciations and a statement as the content says" test \
    "$(json "[d['myDraft']['appreciations'], d['myDraft']['issue']]")" \
    = "[['You made tea', 'You listened'], {'about': 'the plans', 'feel': 'tired', 'need': 'a quiet evening'}]"
ok --data-dir "$A" checkin-show "$SID"
check "a statement reads as a sentence" grep -q "I feel tired, about the plans, I need a quiet evening (draft" "$WORK/out"

# --- repairs --------------------------------------------------------------------------------
ok --data-dir "$A" repairs
check "no repairs yet says how to start one" grep -q "repair-start --title" "$WORK/out"
before=$(snapshot "$A")
refused 1 "^hearthctl: --title: Give it a short name, up to 120 characters" \
    --data-dir "$A" repair-start --title "" --intensity 3
refused 1 "^hearthctl: --title: " --data-dir "$A" repair-start --title "$(long 121)" --intensity 3
refused 1 "^hearthctl: --intensity: How intense it felt is from 1 to 5" \
    --data-dir "$A" repair-start --title "Dishes" --intensity 6
refused 1 "^hearthctl: --intensity: " --data-dir "$A" repair-start --title "Dishes" --intensity 0
refused 2 "--intensity takes a whole number" --data-dir "$A" repair-start --title "Dishes" --intensity high
refused 2 "needs --intensity" --data-dir "$A" repair-start --title "Dishes"
refused 2 "needs --title" --data-dir "$A" repair-start --intensity 2
refused 1 "^hearthctl: --at: When it happened can't be in the future" \
    --data-dir "$A" repair-start --title "Dishes" --intensity 3 --at 2024-06-01T12:00
refused 1 "^hearthctl: --at: When it happened can't be in the future" \
    --data-dir "$A" repair-start --title "Dishes" --intensity 3 --at $((HEARTH_NOW + 3600000))
refused 1 '^hearthctl: --at: Give when it happened as YYYY-MM-DDTHH:MM' \
    --data-dir "$A" repair-start --title "Dishes" --intensity 3 --at yesterday
refused 1 '^hearthctl: --topic: There is no topic "weather"' \
    --data-dir "$A" repair-start --title "Dishes" --intensity 3 --topic weather
refused 1 "^hearthctl: --topic: Each topic once" \
    --data-dir "$A" repair-start --title "Dishes" --intensity 3 --topic chores --topic chores
refused 1 '^hearthctl: --guide: There is no guided repair called "repair-attempt"' \
    --data-dir "$A" repair-start --title "Dishes" --intensity 3 --guide repair-attempt
refused 1 "^hearthctl: --minutes: A break lasts from 20 minutes" --data-dir "$A" break --minutes 19
refused 1 '^hearthctl: repair: No repair has the id "nope" \(`hearthctl repairs` lists them\)' \
    --data-dir "$A" break --repair nope
refused 1 "^hearthctl: break: No break is in progress" --data-dir "$A" break-end
refused 1 "^hearthctl: repair: No repair has the id" --data-dir "$A" repair-show nope
refused 1 '^hearthctl: --status: Choose open, cooling, talking or repaired, not "closed"' \
    --data-dir "$A" repairs --status closed
refused 1 '^hearthctl: --topic: There is no topic "weather"' --data-dir "$A" repairs --topic weather
check "refused repairs change nothing" test "$before" = "$(snapshot "$A")"

ok --data-dir "$A" --json repair-start --title "The dishes, again" --intensity 3 --at 2024-06-01T09:30 \
    --topic chores --topic tone
RP=$(json "d['id']")
check "--at is in my time zone (09:30 in Lisbon)" test "$(json "d['happenedAt']")" = 1717230600000
ok --data-dir "$A" --json repair-start --title "Late again" --intensity 2 --at 1717000000000 --topic plans
ok --data-dir "$A" --json repairs
check "the log: newest conflict first, per month, none repaired" test \
    "$(json "[[r['title'] for r in d['repairs']], d['perMonth'], d['medianTimeToRepairMs']]")" \
    = "[['The dishes, again', 'Late again'], [{'count': 1, 'month': '2024-05'}, {'count': 1, 'month': '2024-06'}], 0]"
ok --data-dir "$A" --json repairs --topic chores --status open
check "filters by topic and status" test "$(json "[r['id'] for r in d['repairs']]")" = "['$RP']"
ok --data-dir "$A" --json repair-show "${RP:0:6}"
check "repair-show: twelve steps, open" test "$(json "[len(d['steps']), d['status'], d['steps'][0]['stepId']]")" \
    = "[12, 'open', 'calm']"

before=$(snapshot "$A")
refused 1 '^hearthctl: STEP: "Talking it through after a fight" has no step "calmness" \(its steps: calm, ' \
    --data-dir "$A" repair-step "$RP" calmness ready
refused 1 "^hearthctl: calm: .*choose one of the answers" --data-dir "$A" repair-step "$RP" calm maybe
refused 1 "^hearthctl: reality: .*at most 2000 characters" --data-dir "$A" repair-step "$RP" reality "$(long 2001)"
refused 1 "^hearthctl: feelings: .*choose from the list" --data-dir "$A" repair-step "$RP" feelings happy
refused 1 "^hearthctl: reality: .*write your answer first" --data-dir "$A" repair-submit "$RP" reality
refused 1 '^hearthctl: STEP: This repair has no step "nope"' --data-dir "$A" repair-submit "$RP" nope
refused 2 "a text step takes one VALUE" --data-dir "$A" repair-step "$RP" reality one two
refused 2 "CHOICE \[NOTE\]" --data-dir "$A" repair-step "$RP" acceptance accepted note more
check "refused steps change nothing" test "$before" = "$(snapshot "$A")"

ok --data-dir "$A" repair-step "$RP" calm ready
ok --data-dir "$A" repair-step "$RP" feelings hurt,stung
ok --data-dir "$A" repair-submit "$RP" calm
check "submitting a step says Jonas sees that I wrote it" grep -q "Jonas sees that you have written it, not what" "$WORK/out"
ok --data-dir "$A" --json repair-show "$RP"
check "a first step starts the talk; Jonas's part is not there" test \
    "$(json "[d['status'], d['steps'][0]['mine'], d['steps'][0]['partnerSubmitted'], d['steps'][0]['partner'], d['steps'][1]['myDraft'], d['steps'][1]['mineSubmitted']]")" \
    = "['talking', 'ready', False, None, ['hurt', 'stung'], False]"

ok --data-dir "$A" --json break --repair "${RP:0:6}" --minutes 20
BID=$(json "d['id']")
check "a 20-minute break ends at 11:20" test "$(json "[d['returnAt'], d['returnLocal']]")" \
    = "[$((HEARTH_NOW + 1200000)), '2024-06-01T11:20']"
ok --data-dir "$A" --json break-status
check "break-status: who and until when" test "$(json "[d['active'], d['calledByName'], d['minutesLeft'], d['repairTitle']]")" \
    = "[True, 'Maya', 20, 'The dishes, again']"
ok --data-dir "$A" break-status
check "break-status text" grep -q '^You called a break at 11:00 in "The dishes, again": back at 11:20 your time' "$WORK/out"
ok --data-dir "$A" --json repair-show "$RP"
check "a break cools the repair off" test "$(json "d['status']")" = cooling
HEARTH_NOW=$((HEARTH_NOW + 21 * 60000)) ok --data-dir "$A" --json break-status
check "a break is over at its return time" test "$(json "d['active']")" = False
ok --data-dir "$A" break-end "$BID"
refused 1 '^hearthctl: BREAK_ID: There is no such break' --data-dir "$A" break-end nope
ok --data-dir "$A" --json break --minutes 30
ok --data-dir "$A" break-end
ok --data-dir "$A" --json break-status
check "break-end ends the break in progress" test "$(json "d['active']")" = False

ok --data-dir "$A" repair-status "$RP" talking
ok --data-dir "$A" repair-step "$RP" plan "I will ask before I start the dishes."
ok --data-dir "$A" repair-submit "$RP" plan
before=$(snapshot "$A")
refused 1 '^hearthctl: STATUS: Choose cooling, talking or repaired, not "closed"' \
    --data-dir "$A" repair-status "$RP" closed
refused 1 "^hearthctl: repair: No repair has the id" --data-dir "$A" repair-status nope repaired
check "refused statuses change nothing" test "$before" = "$(snapshot "$A")"
HEARTH_NOW=$((HEARTH_NOW + 2 * 3600000)) ok --data-dir "$A" repair-status "$RP" repaired
check "repaired 3 h 30 min after it happened, one plan kept" \
    grep -q "is repaired, 3 h 30 min after it happened. 1 plan(s) kept" "$WORK/out"
before=$(snapshot "$A")
refused 1 '^hearthctl: STATUS: A repair can.t go from "repaired" to "talking"' \
    --data-dir "$A" repair-status "$RP" talking
refused 1 "^hearthctl: repair: This repair is done" --data-dir "$A" repair-step "$RP" reality "More"
refused 1 "^hearthctl: --repair: This repair is done" --data-dir "$A" break --repair "$RP"
check "a repaired repair stays as it is" test "$before" = "$(snapshot "$A")"
ok --data-dir "$A" --json commitments
check "the plan is kept as a commitment" test \
    "$(json "[(c['memberName'], c['text'], c['repairTitle'], c['status']) for c in d]")" \
    = "[('Maya', 'I will ask before I start the dishes.', 'The dishes, again', 'active')]"
ok --data-dir "$A" commitments
check "commitments text" grep -q "^Maya  I will ask before I start the dishes." "$WORK/out"
ok --data-dir "$A" --json repairs --status repaired
check "the median time to repair" test "$(json "[len(d['repairs']), d['medianTimeToRepairMs']]")" = "[1, 12600000]"
ok --data-dir "$A" repairs
check "repairs text: time to repair and the summary" grep -q "Median time to repair: 3 h 30 min." "$WORK/out"

# --- needs, moments and reflections ----------------------------------------------------------
N="$WORK/needs"
ok --data-dir "$N" init --name Maya --tz Europe/Lisbon --partner-name Jonas --partner-tz America/Toronto
ok --help
check "--help lists the needs commands" grep -q "need-add KIND TEXT" "$WORK/out"
ok --data-dir "$N" needs
check "an empty map says how to add to it" grep -q "need-add need TEXT" "$WORK/out"
before=$(snapshot "$N")
refused 1 "^hearthctl: KIND: An item is a need" --data-dir "$N" need-add wish "To be asked"
refused 1 "^hearthctl: KIND: An item is a need" --data-dir "$N" need-add Need "To be asked"
refused 1 "^hearthctl: --detail: Say what kind of trigger" --data-dir "$N" need-add trigger "A late reply"
refused 1 "^hearthctl: --detail: Say what kind of trigger" --data-dir "$N" need-add trigger "A late reply" --detail mood
refused 1 "^hearthctl: --detail: Only a trigger" --data-dir "$N" need-add need "To be asked" --detail situation
refused 1 "^hearthctl: TEXT: Write it in a few words, up to 200 characters" --data-dir "$N" need-add need "   "
refused 1 "^hearthctl: TEXT: " --data-dir "$N" need-add need "$(long 201)"
refused 1 "^hearthctl: --note: A note can be up to 1000 characters" \
    --data-dir "$N" need-add need "To be asked" --note "$(long 1001)"
refused 1 '^hearthctl: --suggestion: There is no suggestion "nope"' \
    --data-dir "$N" need-add need "To be asked" --suggestion nope
refused 1 '^hearthctl: --suggestion: There is no suggestion "reassurance"' \
    --data-dir "$N" need-add helps "A hug" --suggestion reassurance
refused 2 "missing arguments" --data-dir "$N" need-add need
refused 2 "takes no --partner" --data-dir "$N" need-add need "To be asked" --partner
refused 2 "--shared takes no value" --data-dir "$N" need-add need "To be asked" --shared=yes
refused 1 '^hearthctl: item: No item has the id "nope" \(`hearthctl needs` lists them\)' \
    --data-dir "$N" need-edit nope "To be asked"
refused 1 '^hearthctl: item: No item has the id "nope"' --data-dir "$N" need-share nope
refused 1 '^hearthctl: item: No item has the id "nope"' --data-dir "$N" need-unshare nope
refused 1 '^hearthctl: item: No item has the id "nope"' --data-dir "$N" need-remove nope
check "refused map edits change nothing" test "$before" = "$(snapshot "$N")"

ok --data-dir "$N" --json need-add need "To hear that we are okay" --suggestion reassurance
NEED=$(json "d['id']")
check "a need is private by default" test \
    "$(json "[d['kind'], d['suggestionId'], d['shared'], d['memberName']]")" = "['need', 'reassurance', False, 'Maya']"
# Each a minute later: items of a kind are listed oldest first.
HEARTH_NOW=$((HEARTH_NOW + 60000)) ok --data-dir "$N" need-add trigger "No word when he is late" \
    --detail situation --suggestion late-no-word --shared
check "need-add says who sees it" grep -q "shared: Jonas sees it once you sync" "$WORK/out"
HEARTH_NOW=$((HEARTH_NOW + 120000)) ok --data-dir "$N" need-add helps "A long hug" --note "Before we talk"
check "need-add says a private item stays here" grep -q "private: only your devices see it" "$WORK/out"
HEARTH_NOW=$((HEARTH_NOW + 180000)) ok --data-dir "$N" need-add trigger "I go quiet" --detail sign
ok --data-dir "$N" --json needs
check "needs: by kind, then oldest first" test \
    "$(json "[(i['kind'], i['detail'], i['text'], i['shared']) for i in d]")" \
    = "[('need', '', 'To hear that we are okay', False), ('trigger', 'situation', 'No word when he is late', True), ('trigger', 'sign', 'I go quiet', False), ('helps', '', 'A long hug', False)]"
ok --data-dir "$N" needs
check "needs text: the kind and who sees it" \
    grep -qE "trigger: situation +No word when he is late +shared with Jonas" "$WORK/out"

before=$(snapshot "$N")
refused 1 "^hearthctl: TEXT: " --data-dir "$N" need-edit "${NEED:0:6}" ""
refused 1 "^hearthctl: --note: " --data-dir "$N" need-edit "$NEED" "To be asked" --note "$(long 1001)"
check "refused edits change nothing" test "$before" = "$(snapshot "$N")"
ok --data-dir "$N" --json need-edit "${NEED:0:6}" "To hear we are okay" --note "After a fight most"
check "need-edit changes the words, not the kind or who sees it" test \
    "$(json "[d['id'] == '$NEED', d['kind'], d['text'], d['note'], d['shared']]")" \
    = "[True, 'need', 'To hear we are okay', 'After a fight most', False]"
ok --data-dir "$N" --json need-edit "$NEED" "To hear we are okay, often"
check "without --note the note stays" test "$(json "d['note']")" = "After a fight most"

ok --data-dir "$N" need-share "${NEED:0:6}"
check "need-share says when the partner sees it" \
    grep -q '^Shared "To hear we are okay, often" with Jonas: Jonas sees it once you sync.$' "$WORK/out"
ok --data-dir "$N" --json need-share "$NEED"
check "sharing keeps the id and the words" test \
    "$(json "[d['shared'], d['id'] == '$NEED', d['text'], d['note']]")" \
    = "[True, True, 'To hear we are okay, often', 'After a fight most']"
ok --data-dir "$N" need-share "$NEED"
check "sharing a shared item says so" grep -q "is shared already" "$WORK/out"
ok --data-dir "$N" --json needs
check "a shared item is listed once" test "$(json "len(d)")" = 4
ok --data-dir "$N" need-unshare "$NEED"
check "need-unshare: what the partner's devices do, and what can't be unsent" grep -q \
    "private again: once you sync, Jonas's devices forget it at their next sync. What they received before can't be unsent: Jonas may have read it, and the server keeps the sealed history, which Jonas's devices can still open." \
    "$WORK/out"
ok --data-dir "$N" --json needs
check "private again, under the same id" test "$(json "[d[0]['shared'], d[0]['id'] == '$NEED']")" = "[False, True]"
ok --data-dir "$N" need-remove "$NEED"
check "need-remove says what it removed" grep -q 'Removed "To hear we are okay, often" from your map' "$WORK/out"
ok --data-dir "$N" --json needs
check "three items left" test "$(json "len(d)")" = 3
ok --data-dir "$N" needs --partner
check "nothing from Jonas yet" grep -q "Jonas has not shared anything from their map yet" "$WORK/out"

ok --data-dir "$N" moments
check "no moments yet says how to note one" grep -q "moment-log --situation" "$WORK/out"
before=$(snapshot "$N")
refused 2 "needs --situation" --data-dir "$N" moment-log
refused 1 "^hearthctl: --situation: Say what happened" --data-dir "$N" moment-log --situation " "
refused 1 "^hearthctl: --situation: " --data-dir "$N" moment-log --situation "$(long 201)"
refused 1 "^hearthctl: --at: When it happened can.t be in the future" \
    --data-dir "$N" moment-log --situation "Late" --at 2024-06-01T12:30
refused 1 "^hearthctl: --at: When it happened must be a date from the year 2000 on" \
    --data-dir "$N" moment-log --situation "Late" --at 1999-12-31T23:00
refused 1 "^hearthctl: --at: Give when it happened" --data-dir "$N" moment-log --situation "Late" --at yesterday
refused 1 "^hearthctl: --intensity: How strong it was goes from 1 to 10" \
    --data-dir "$N" moment-log --situation "Late" --intensity 11
refused 1 "^hearthctl: --intensity: " --data-dir "$N" moment-log --situation "Late" --intensity 0
refused 2 "--intensity takes a whole number" --data-dir "$N" moment-log --situation "Late" --intensity strong
refused 1 "^hearthctl: --body: Name each body sensation once" \
    --data-dir "$N" moment-log --situation "Late" --body tight-chest,tight-chest
refused 1 "^hearthctl: --body: Each body sensation is a few words" \
    --data-dir "$N" moment-log --situation "Late" --body "tight-chest,,cold hands"
refused 1 "^hearthctl: --body: Choose up to 12 body sensations" \
    --data-dir "$N" moment-log --situation "Late" --body a,b,c,d,e,f,g,h,i,j,k,l,m
refused 1 "^hearthctl: --needed: Name each need once" \
    --data-dir "$N" moment-log --situation "Late" --needed reassurance,reassurance
refused 1 "^hearthctl: --emotion: " --data-dir "$N" moment-log --situation "Late" --emotion "$(long 201)"
refused 1 "^hearthctl: --did: What you did can be up to 200" --data-dir "$N" moment-log --situation "Late" --did "$(long 201)"
refused 1 "^hearthctl: --note: " --data-dir "$N" moment-log --situation "Late" --note "$(long 1001)"
refused 1 '^hearthctl: moment: No moment has the id "nope" \(`hearthctl moments` lists them\)' \
    --data-dir "$N" moment-share nope
refused 1 '^hearthctl: moment: No moment has the id "nope"' --data-dir "$N" moment-unshare nope
refused 1 '^hearthctl: moment: No moment has the id "nope"' --data-dir "$N" moment-remove nope
refused 1 "^hearthctl: --days: Choose from 1 to 3650 days" --data-dir "$N" patterns --days 0
refused 2 "--days takes a whole number" --data-dir "$N" patterns --days week
check "refused moments change nothing" test "$before" = "$(snapshot "$N")"

ok --data-dir "$N" --json moment-log --situation "He was late, no word" --at 2024-06-01T08:30 \
    --body tight-chest,racing-heart --emotion worried --intensity 7 --did "checked my phone" \
    --needed reassurance,closeness
M1=$(json "d['id']")
check "a moment is private by default, with what was said" test \
    "$(json "[d['shared'], d['happenedLocal'], d['body'], d['emotion'], d['intensity'], d['reaction'], d['needed']]")" \
    = "[False, '2024-06-01T08:30', ['tight-chest', 'racing-heart'], 'worried', 7, 'checked my phone', ['reassurance', 'closeness']]"
check "a kind word follows a moment" test -n "$(json "d['prompt']")"
ok --data-dir "$N" moment-log --situation "he was late, no word " --at 2024-05-31T21:10 --emotion scared --shared
M2=$(head -1 "$WORK/out" | sed -E 's/^Noted \(([0-9a-f]+)\).*/\1/')
check "moment-log: the id and who sees it, then a kind word" test \
    "$(head -1 "$WORK/out")|$(wc -l <"$WORK/out")" = "Noted ($M2), shared: Jonas sees it once you sync.|2"
ok --data-dir "$N" moment-log --situation "Plans changed" --at 2024-05-20T12:00 --intensity 3
ok --data-dir "$N" --json moments
check "moments: newest first; intensity 5 unless given" test \
    "$(json "[(m['id'] == '$M1', m['id'] == '$M2', m['intensity']) for m in d]")" \
    = "[(True, False, 7), (False, True, 5), (False, False, 3)]"
ok --data-dir "$N" moments
check "moments text: labels of feelings, body and needs" \
    grep -qE "Worried, 7 of 10 +A tight chest, A racing heart +Reassurance, Closeness +private" "$WORK/out"
ok --data-dir "$N" --json patterns
check "patterns: a situation counted by its words, in its latest spelling" test \
    "$(json "[d['count'], [(s['label'], s['count']) for s in d['situations']], d['averageIntensity']]")" \
    = "[3, [('He was late, no word', 2), ('Plans changed', 1)], 5.0]"
check "patterns: hours in Lisbon time, weekdays from Monday" test \
    "$(json "[d['byHour'][8], d['byHour'][21], d['byHour'][12], d['byWeekday']]")" = "[1, 1, 1, [1, 0, 0, 0, 1, 1, 0]]"
check "patterns: needs and body with their labels" test \
    "$(json "[(n['label'], n['count']) for n in d['needs']] + [(b['label'], b['count']) for b in d['body']]")" \
    = "[('Closeness', 1), ('Reassurance', 1), ('A racing heart', 1), ('A tight chest', 1)]"
ok --data-dir "$N" --json patterns --days 1
check "patterns --days: only the last N days" test "$(json "[d['count'], d['days']]")" = "[2, 1]"
ok --data-dir "$N" patterns
check "patterns text" grep -q "^3 moments, on average 5.0 of 10." "$WORK/out"

ok --data-dir "$N" --json moment-unshare "$M2"
check "moment-unshare: private again, under the same id" test \
    "$(json "[d['shared'], d['id'] == '$M2', d['situation']]")" = "[False, True, 'he was late, no word']"
ok --data-dir "$N" moment-unshare "${M2:0:6}"
check "unsharing a private moment says so" grep -q "private already" "$WORK/out"
ok --data-dir "$N" moment-share "$M2"
check "moment-share says when the partner sees it" \
    grep -q '^Shared the moment with Jonas: Jonas sees it once you sync.$' "$WORK/out"
ok --data-dir "$N" --json moments
check "moment-share: shared, under the same id, listed once" test \
    "$(json "[(m['id'], m['shared']) for m in d if m['id'] == '$M2']")" = "[('$M2', True)]"
ok --data-dir "$N" moment-unshare "$M2"
check "moment-unshare: what can't be unsent" grep -q "^The moment is private again: once you sync, Jonas's devices forget it at their next sync. What they received before can't be unsent" "$WORK/out"
ok --data-dir "$N" moment-share "$M2"
ok --data-dir "$N" moment-remove "${M1:0:6}"
ok --data-dir "$N" --json moments
check "moment-remove deletes it" test "$(json "[len(d), '$M1' in [m['id'] for m in d]]")" = "[2, False]"

ok --data-dir "$N" reflections
check "no reflections yet says how to keep one" grep -q "reflect CARD TEXT" "$WORK/out"
before=$(snapshot "$N")
refused 1 '^hearthctl: CARD: There is no card "nope" \(the cards: ' --data-dir "$N" reflect nope "Something"
refused 1 "^hearthctl: TEXT: A reflection can be up to 2000 characters" \
    --data-dir "$N" reflect reaching-harder "$(long 2001)"
refused 2 "missing arguments" --data-dir "$N" reflect reaching-harder
check "refused reflections change nothing" test "$before" = "$(snapshot "$N")"
ok --data-dir "$N" reflect reaching-harder "I recognise the phone-checking."
check "reflect says it stays private" grep -q "It is private: it stays on your devices and is never shared" "$WORK/out"
ok --data-dir "$N" --json reflections
check "reflections: the card and the words" test \
    "$(json "[(r['cardId'], r['text']) for r in d]")" = "[('reaching-harder', 'I recognise the phone-checking.')]"
ok --data-dir "$N" reflect reaching-harder ""
check "an empty reflection deletes it" grep -q "Deleted your reflection" "$WORK/out"
ok --data-dir "$N" --json reflections
check "no reflection left" test "$(json "len(d)")" = 0

# --- signals and agreements -----------------------------------------------------------------
# One profile is one partner: what needs the other (accepting, agreeing, answering) is refused
# here with its reason; tests/core/tst_signals.cpp runs both sides.
G="$WORK/signals"
ok --data-dir "$G" init --name Maya --tz Europe/Lisbon --partner-name Jonas --partner-tz America/Toronto
ok --data-dir "$G" signals
check "no signals yet says how to propose one" grep -q "signal-propose WORD MEANING" "$WORK/out"
ok --data-dir "$G" --json signal-propose "  Pineapple " "I'm flooded and need a break."
SG=$(json "d['id']")
check "signal-propose: trimmed, waiting for Jonas" test \
    "$(json "[d['word'], d['status'], d['waitingForMe'], d['proposedByName']]")" = "['Pineapple', 'proposed', False, 'Maya']"
ok --data-dir "$G" signal-kinds
check "signal-kinds lists the kinds and the replies" grep -q "^pause  *yes  *I'm flooded and pausing" "$WORK/out"
before=$(snapshot "$G")
refused 1 "^hearthctl: WORD: Give the signal a word" --data-dir "$G" signal-propose " " "A hug."
refused 1 "^hearthctl: WORD: Keep the word short: up to 40 characters" --data-dir "$G" signal-propose "$(long 41)" "A hug."
refused 1 "^hearthctl: MEANING: Say what it means in up to 200 characters" --data-dir "$G" signal-propose Kiwi "$(long 201)"
refused 1 '^hearthctl: WORD: You have a signal "Pineapple" already' --data-dir "$G" signal-propose PINEAPPLE "Again."
refused 2 "missing arguments" --data-dir "$G" signal-propose Kiwi
refused 1 "^hearthctl: ID: You proposed this one: it is your partner's to accept" --data-dir "$G" signal-accept "${SG:0:6}"
refused 1 '^hearthctl: ID: No signal has the id "nope" \(`hearthctl signals` lists them\)' \
    --data-dir "$G" signal-accept nope
refused 1 '^hearthctl: --signal: No signal has the id "nope"' --data-dir "$G" signal-send own --signal nope
refused 1 "^hearthctl: WORD: This text has characters that can't be read" \
    --data-dir "$G" signal-propose $'Kiwi\xff' "A hug."
refused 1 "^hearthctl: MEANING: This text has characters that can't be read" \
    --data-dir "$G" signal-change "$SG" Pineapple $'A \xc3 break'
refused 1 "^hearthctl: ACTION: This text has characters that can't be read" \
    --data-dir "$G" agreement-propose "When I'm late" $'I text\xe2\x82'
refused 1 '^hearthctl: KIND: There is no signal "wave" to send' --data-dir "$G" signal-send wave --until soon
refused 1 "^hearthctl: WORD: That is how the signal reads now" \
    --data-dir "$G" signal-change "$SG" Pineapple "I'm flooded and need a break."
refused 1 '^hearthctl: --signal: "Pineapple" can be sent once you have both agreed on it' \
    --data-dir "$G" signal-send own --signal "$SG"
refused 1 "^hearthctl: --signal: Choose which of your signals to send" --data-dir "$G" signal-send own
refused 2 "--signal goes with the kind own" --data-dir "$G" signal-send hug --signal "$SG"
refused 1 '^hearthctl: KIND: There is no signal "wave" to send' --data-dir "$G" signal-send wave
refused 1 "^hearthctl: --until: Say until when" --data-dir "$G" signal-send pause
refused 1 "^hearthctl: --until: Choose a time within the next 24 hours" \
    --data-dir "$G" signal-send pause --until 2024-06-03T10:00
refused 1 "^hearthctl: --until: Choose a time later than now" --data-dir "$G" signal-send pause --until 1717235000000
refused 1 '^hearthctl: --until: Give the time as HH:MM or YYYY-MM-DDTHH:MM in your time, not "soon"' \
    --data-dir "$G" signal-send pause --until soon
refused 2 "takes no --until" --data-dir "$G" signal-inbox --until 10:00
check "refused signals change nothing" test "$before" = "$(snapshot "$G")"

ok --data-dir "$G" --json signal-change "${SG:0:6}" Mango "Give me twenty minutes"
check "signal-change: the new words wait for Jonas" test \
    "$(json "[d['word'], d['meaning'], d['status']]")" = "['Mango', 'Give me twenty minutes', 'proposed']"
ok --data-dir "$G" signal-propose Kiwi "A hug, please"
check "signal-propose text" grep -q '^Proposed "Kiwi" (.*): A hug, please. Jonas is asked to accept it' "$WORK/out"
ok --data-dir "$G" signals
check "signals text: waiting for Jonas" grep -q "Mango  *waiting for Jonas  *Give me twenty minutes" "$WORK/out"
ok --data-dir "$G" signal-retire "$SG"
ok --data-dir "$G" --json signals
check "signals: retired last" test "$(json "[(s['word'], s['status']) for s in d]")" \
    = "[('Kiwi', 'proposed'), ('Mango', 'retired')]"

# 11:00 in Lisbon: --until 10:00 is tomorrow morning, 11:30 is in half an hour.
ok --data-dir "$G" --json signal-send pause --until 11:30
check "signal-send pause: until 11:30 Lisbon time" test \
    "$(json "[d['kind'], d['text'], d['untilAt'], d['answered']]")" = "['pause', \"I'm flooded and pausing\", 1717237800000, False]"
ok --data-dir "$G" signal-send pause --until 10:00
check "HH:MM already past today is tomorrow" grep -q "until Sun 10:00 your time (Sun 05:00 for Jonas)" "$WORK/out"
HEARTH_NOW=$((HEARTH_NOW + 60000)) ok --data-dir "$G" --json signal-send hug --until 11:30
MS=$(json "d['id']")
check "a kind that asks no time ignores --until" test "$(json "[d['text'], d['untilAt']]")" = "['I need a hug', 0]"
HEARTH_NOW=$((HEARTH_NOW + 120000)) ok --data-dir "$G" signal-send hug --until garbage
check "--until is not read for a kind that asks no time, and it says so" \
    grep -q '^Sent "I need a hug" to Jonas\. .*(--until left out: "I need a hug" names no time\.)$' "$WORK/out"
HEARTH_NOW=$((HEARTH_NOW + 180000)) ok --data-dir "$G" --json signal-send hug --until garbage
MS=$(json "d['id']")
ok --data-dir "$G" --json signal-messages
check "signal-messages: newest first" test "$(json "[m['id'] for m in d][0]")" = "$MS"
ok --data-dir "$G" signal-messages
check "signal-messages text" grep -q "I'm flooded and pausing, until 11:30  *not answered yet" "$WORK/out"
before=$(snapshot "$G")
refused 1 "^hearthctl: ID: You sent this one: it is your partner's to answer" --data-dir "$G" signal-reply "${MS:0:6}" thanks
refused 1 "^hearthctl: ID: You sent this one: only a signal to you can be put aside" --data-dir "$G" signal-dismiss "$MS"
refused 1 '^hearthctl: ID: No message has the id "nope"' --data-dir "$G" signal-reply nope thanks
refused 1 '^hearthctl: ID: No message has the id "nope"' --data-dir "$G" signal-dismiss nope
check "refused replies change nothing" test "$before" = "$(snapshot "$G")"
ok --data-dir "$G" signal-inbox
check "my own signals wait in no inbox of mine" grep -q "Nothing is waiting for your answer" "$WORK/out"
ok --data-dir "$G" --json signal-notices
check "what I sent is no news to me" test "$(json "len(d)")" = 0

ok --data-dir "$G" agreements
check "no agreements yet says how to propose one" grep -q "agreement-propose SITUATION ACTION" "$WORK/out"
ok --data-dir "$G" --json agreement-propose " When I'm running late" "I text you before six " --review 2024-06-15
AG=$(json "d['id']")
check "agreement-propose: trimmed, waiting for Jonas, a review date" test \
    "$(json "[d['situation'], d['action'], d['status'], d['reviewOn'], d['reviewDue']]")" \
    = "[\"When I'm running late\", 'I text you before six', 'proposed', '2024-06-15', False]"
before=$(snapshot "$G")
refused 1 "^hearthctl: SITUATION: Say when this applies" --data-dir "$G" agreement-propose "" "I text you"
refused 1 "^hearthctl: SITUATION: Keep the situation to 200 characters" --data-dir "$G" agreement-propose "$(long 201)" "I text"
refused 1 "^hearthctl: ACTION: Keep what you will do to 300 characters" --data-dir "$G" agreement-propose "When" "$(long 301)"
refused 1 "^hearthctl: --review: Choose a review date after today" \
    --data-dir "$G" agreement-propose "When" "Then" --review 2024-06-01
refused 1 "^hearthctl: --review: Give the review date as YYYY-MM-DD" \
    --data-dir "$G" agreement-propose "When" "Then" --review 2024-02-30
refused 1 '^hearthctl: --repair: No repair has the id "nope"' --data-dir "$G" agreement-propose "When" "Then" --repair nope
refused 1 "^hearthctl: ID: You proposed this one: it is your partner's to agree to" --data-dir "$G" agreement-agree "${AG:0:6}"
refused 1 "^hearthctl: STATUS: It counts once you have both agreed to it" --data-dir "$G" agreement-status "$AG" active
refused 1 '^hearthctl: STATUS: Choose active, revisit or retired, not "paused"' --data-dir "$G" agreement-status "$AG" paused
refused 1 "^hearthctl: DATE: Choose a review date after today" --data-dir "$G" agreement-review-date "$AG" 2024-05-31
refused 1 "^hearthctl: SITUATION: That is how it reads now" \
    --data-dir "$G" agreement-change "$AG" "When I'm running late" "I text you before six"
refused 1 '^hearthctl: ID: No agreement has the id "nope"' --data-dir "$G" agreement-agree nope
refused 1 '^hearthctl: ID: No agreement has the id "nope"' --data-dir "$G" agreement-status nope retired
refused 1 '^hearthctl: COMMITMENT_ID: No commitment has the id "nope"' --data-dir "$G" agreement-from-commitment nope
check "refused agreements change nothing" test "$before" = "$(snapshot "$G")"

ok --data-dir "$G" --json agreement-review-date "$AG" 2024-07-01
check "agreement-review-date sets the date" test "$(json "[d['reviewOn'], d['status']]")" = "['2024-07-01', 'proposed']"
ok --data-dir "$G" --json agreement-change "$AG" "When I'm running late" "I call you before six"
check "agreement-change keeps the review date" test "$(json "[d['action'], d['reviewOn'], d['status']]")" \
    = "['I call you before six', '2024-07-01', 'proposed']"
ok --data-dir "$G" --json agreement-review-date "$AG" none
check "agreement-review-date none removes it" test "$(json "d['reviewOn']")" = ""
ok --data-dir "$G" --json agreement-propose "When we travel" "We pack the night before"
AG2=$(json "d['id']")
ok --data-dir "$G" agreement-status "$AG2" retired
check "agreement-status retired" grep -q '"When we travel" -> "We pack the night before" is retired now.' "$WORK/out"
ok --data-dir "$G" agreements
check "agreements text" grep -q "waiting for Jonas  *-  *When I'm running late  *I call you before six" "$WORK/out"
ok --data-dir "$G" --json agreements
check "agreements: retired last" test "$(json "[a['id'] for a in d]")" = "['$AG', '$AG2']"
ok --data-dir "$G" agreement-notices
check "no review due" grep -q "No agreement is due for review" "$WORK/out"

# A finished repair's plan, proposed as an agreement.
ok --data-dir "$G" --json repair-start --title "The dishes, again" --intensity 3
GR=$(json "d['id']")
ok --data-dir "$G" repair-step "$GR" plan "Ask before assuming who does what."
ok --data-dir "$G" repair-submit "$GR" plan
ok --data-dir "$G" repair-status "$GR" repaired
ok --data-dir "$G" --json commitments
GC=$(json "d[0]['id']")
ok --data-dir "$G" --json agreement-from-commitment "$GC" --review 2024-09-01
check "agreement-from-commitment: the plan, the repair, the date" test \
    "$(json "[d['situation'], d['action'], d['repairId'], d['reviewOn'], d['status']]")" \
    = "['After: The dishes, again', 'Ask before assuming who does what.', '$GR', '2024-09-01', 'proposed']"

# --- damaged profile ------------------------------------------------------------------------
mkdir -p "$WORK/bad"
printf 'this is not a database, just some text that happens to be here\n' >"$WORK/bad/profile.db"
cp "$WORK/bad/profile.db" "$WORK/bad.copy"
refused 1 "damaged or is not a Hearth database" --data-dir "$WORK/bad" rituals
refused 1 "damaged or is not a Hearth database" --data-dir "$WORK/bad" import-json "$WORK/d.json"
refused 1 "damaged or is not a Hearth database" --data-dir "$WORK/bad" init --name X --tz UTC \
    --partner-name Y --partner-tz UTC
check "the damaged file is left untouched" cmp -s "$WORK/bad/profile.db" "$WORK/bad.copy"

# --- sync, without a server ------------------------------------------------------------------
# (With a server: tests/sync/tst_endtoend.cpp.)
S="$WORK/syncless"
ok --data-dir "$S" init --name Ana --tz Europe/Lisbon --partner-name Ben --partner-tz Europe/Lisbon
ok --data-dir "$S" --json sync-status
check "sync-status says not paired" test "$(json 'd["paired"]')" = False
check "sync-status counts the changes written so far" test "$(json 'd["pending"]')" -gt 0
refused 1 "not connected to a server" --data-dir "$S" sync
refused 1 "not connected to a server" --data-dir "$S" invite
refused 1 "not connected to a server" --data-dir "$S" devices
refused 2 "needs --server" --data-dir "$S" create-space
refused 1 "as a URL" --data-dir "$S" create-space --server 127.0.0.1:8787
refused 1 "cannot reach the server" --data-dir "$S" create-space --server http://127.0.0.1:9
refused 1 "not an invite code" --data-dir "$S" join ABCD --server http://127.0.0.1:9
refused 2 "add --yes" --data-dir "$S" leave
refused 2 "takes no --device" --data-dir "$S" sync --device
refused 1 "there is no profile" --data-dir "$WORK/nobody" sync-status
ok --data-dir "$S" --json sync-status
check "a failed create-space leaves the profile unpaired" test "$(json 'd["paired"]')" = False

# --- care (issue 6), without a server ---------------------------------------------------------
# (Linking, accepting, assigning and unlinking with a server: tests/sync/tst_endtoend.cpp.)
ok --data-dir "$S" --json care-link
check "care-link says no therapist is linked" test "$(json 'd["linked"]')" = False
ok --data-dir "$S" assignments
check "assignments says nothing is assigned" grep -q "No therapist is linked" "$WORK/out"
refused 1 "not connected to a server" --data-dir "$S" therapist-invite
refused 1 "not connected to a server" --data-dir "$S" care-unlink
refused 1 "no therapist's policy to accept" --data-dir "$S" care-accept
refused 1 "say .on. or .off." --data-dir "$S" care-share-trends maybe
refused 2 "missing arguments" --data-dir "$S" assignment-done
refused 1 "no assignment has the id" --data-dir "$S" assignment-done abcd 1

P="$WORK/practice"
refused 1 "no practice in" --data-dir "$P" couples
check "a practice command on a missing folder creates nothing" test ! -e "$P"
refused 1 "not a time zone" --data-dir "$P" practice-init --name "Dr. Ana Ruiz" --tz Mars/Olympus \
    --policy-kind no-secrets --policy-text "Everything either of you tells me, I may bring to both."
refused 1 "no-secrets or limited-secrets" --data-dir "$P" practice-init --name "Dr. Ana Ruiz" \
    --tz Europe/Lisbon --policy-kind some-secrets --policy-text "Hm."
refused 1 "policy" --data-dir "$P" practice-init --name "Dr. Ana Ruiz" --tz Europe/Lisbon \
    --policy-kind no-secrets --policy-text "  "
check "a refused practice-init creates nothing" test ! -e "$P"
refused 2 "needs --policy-text" --data-dir "$P" practice-init --name "Dr. Ana Ruiz" --tz Europe/Lisbon \
    --policy-kind no-secrets
ok --data-dir "$P" practice-init --name "Dr. Ana Ruiz" --tz Europe/Lisbon --policy-kind limited-secrets \
    --policy-text "What one of you tells me alone I may keep for a while, never against the other."
check "practice-init says who" grep -q "practice of Dr. Ana Ruiz" "$WORK/out"
refused 1 "practice of Dr. Ana Ruiz already" --data-dir "$P" practice-init --name X --tz UTC \
    --policy-kind no-secrets --policy-text "Y"
refused 1 "holds a couple's profile, not a practice" --data-dir "$S" couples
refused 1 "is a therapist's practice" --data-dir "$P" care-link
ok --data-dir "$P" couples
check "a new practice has no couples" grep -q "No couples yet" "$WORK/out"
refused 1 "not an invite code" --data-dir "$P" practice-link ABCD --server http://127.0.0.1:9
refused 1 "cannot reach the server" --data-dir "$P" practice-link \
    AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH --server http://127.0.0.1:9
check "a failed link leaves no couple folder behind" test -z "$(ls -A "$P/couples" 2>/dev/null)"
ok --data-dir "$P" --json exercises
check "exercises lists the library" test "$(json 'len([e for e in d if not e["custom"]])')" -ge 15
refused 1 "--purpose" --data-dir "$P" exercise-add --title "Walk and talk" --purpose "" --step "Walk" \
    --step "Talk" --prompt "How was it?"
refused 1 "--step" --data-dir "$P" exercise-add --title "Walk and talk" --purpose "Talking side by side"
ok --data-dir "$P" --json exercise-add --title "Walk and talk" --purpose "Talking side by side is easier." \
    --step "Walk for twenty minutes." --step "Each says one thing that went well." \
    --prompt "What was easier while walking?" --minutes 25
OWN=$(json 'd["id"]')
ok --data-dir "$P" --json exercises
check "exercises lists your own" test "$(json '[e["title"] for e in d if e["custom"]]')" = "['Walk and talk']"

Q="$WORK/practice-demo"
ok --data-dir "$Q" practice-demo
ok --data-dir "$Q" --json couples
check "the demo practice has three couples" test "$(json 'len(d)')" = 3
COUPLE=$(json '[c["space"] for c in d if c["name"] == "Maya & Jonas"][0]')
WAITING=$(json '[c["space"] for c in d if c["state"] == "awaiting-acceptance"][0]')
refused 1 "already holds a profile" --data-dir "$Q" practice-demo
ok --data-dir "$Q" --json couple-status --couple "$COUPLE"
check "couple-status shows done, to do and overdue" \
    test "$(json 'sorted(set(i["status"] for i in d))')" = "['done', 'overdue', 'todo']"
ok --data-dir "$Q" --json couple-reflections --couple "$COUPLE"
check "couple-reflections shows only shared ones" test "$(json 'all(r["shared"] for r in d) and len(d) > 0')" = True
cp -r "$Q" "$WORK/practice-demo.before"
refused 1 "not a partner of this couple" --data-dir "$Q" assign --couple "$COUPLE" --exercise love-maps \
    --due 2024-06-10 --to Bob
refused 1 "real date" --data-dir "$Q" assign --couple "$COUPLE" --exercise love-maps --due 2024-02-30
refused 1 "no exercise has the id" --data-dir "$Q" assign --couple "$COUPLE" --exercise nope --due 2024-06-10
refused 2 "--every and --times go together" --data-dir "$Q" assign --couple "$COUPLE" \
    --exercise love-maps --due 2024-06-10 --every 7
refused 1 "repeat it 1 to" --data-dir "$Q" assign --couple "$COUPLE" --exercise love-maps \
    --due 2024-06-10 --every 7 --times 99
refused 1 "accepted your policy" --data-dir "$Q" assign --couple "$WAITING" --exercise love-maps \
    --due 2024-06-10
refused 1 "no couple has the id" --data-dir "$Q" assign --couple zzzz --exercise love-maps --due 2024-06-10
check "refused assignments change no couple" \
    test "$("$CTL" --data-dir "$Q" --json couple-status --couple "$COUPLE")" = \
         "$("$CTL" --data-dir "$WORK/practice-demo.before" --json couple-status --couple "$COUPLE")"
ok --data-dir "$Q" --json assign --couple "$COUPLE" --exercise love-maps --to maya --due 2024-05-30
check "assign --to takes a partner's name" test "$(json 'd["assignee"] != ""')" = True
ok --data-dir "$Q" assign --couple "${COUPLE:0:6}" --exercise appreciation-with-a-reason --due 2024-06-05 \
    --every 7 --times 4 --note "One thing a day, said out loud."
check "assign says when it repeats" grep -q "every 7 days, 4 times" "$WORK/out"
ok --data-dir "$Q" --json couple-status --couple "$COUPLE"
check "the new assignments show for the couple" \
    test "$(json 'sum(1 for i in d if i["title"].startswith("Love maps") and i["dueOn"] == "2024-05-30")')" = 1
ok --data-dir "$Q" couple-export --couple "$COUPLE" --out "$WORK/summary.html"
check "couple-export writes an HTML document" grep -q "<html" "$WORK/summary.html"
ok --data-dir "$Q" --json practice-sync
check "a demo practice has nothing to sync" test "$(json 'set(c["state"] for c in d)')" = "{'offline'}"

# --- default folder -------------------------------------------------------------------------
ok init --name Ana --tz Asia/Tokyo --partner-name Ben --partner-tz Asia/Tokyo
check "XDG_DATA_HOME/hearth is the default folder" test -s "$XDG_DATA_HOME/hearth/profile.db"
ok upcoming
env -u XDG_DATA_HOME HOME="$WORK/home" "$CTL" demo --days 3 >/dev/null
check "~/.local/share/hearth without XDG_DATA_HOME" test -s "$WORK/home/.local/share/hearth/profile.db"

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
