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

# --- default folder -------------------------------------------------------------------------
ok init --name Ana --tz Asia/Tokyo --partner-name Ben --partner-tz Asia/Tokyo
check "XDG_DATA_HOME/hearth is the default folder" test -s "$XDG_DATA_HOME/hearth/profile.db"
ok upcoming
env -u XDG_DATA_HOME HOME="$WORK/home" "$CTL" demo --days 3 >/dev/null
check "~/.local/share/hearth without XDG_DATA_HOME" test -s "$WORK/home/.local/share/hearth/profile.db"

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
