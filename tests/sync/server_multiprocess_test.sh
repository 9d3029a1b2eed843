#!/usr/bin/env bash
# Several hearth-server processes on one PostgreSQL database, driven with curl: what one process
# stores, the others serve; invites, device removals and rate limits hold across them; a long poll
# on one wakes when a push lands on another (the wake latency is printed); they converge; each
# stops cleanly. Usage: server_multiprocess_test.sh path/to/hearth-server, with
# HEARTH_TEST_POSTGRES_FILE naming a file that holds an admin URI (scripts/pg-cluster writes one).
set -Eeuo pipefail

bin=${1:?usage: server_multiprocess_test.sh path/to/hearth-server}
conninfo_file=${HEARTH_TEST_POSTGRES_FILE:?set HEARTH_TEST_POSTGRES_FILE to a file holding an admin URI (scripts/pg-cluster start DIR writes DIR/conninfo)}
admin=$(head -n 1 "$conninfo_file")
[[ -n $admin ]] || { echo "FAIL: $conninfo_file holds no URI: is the cluster up?" >&2; exit 1; }
tmp=$(mktemp -d)
schema=h_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
declare -A pids=() # server name -> pid
declare -A bases=() # server name -> http://ADDR:PORT

cleanup() {
  for pid in "${pids[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  psql -q "$admin" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for name in "${!pids[@]}"; do
    echo "--- server $name log (last lines) ---" >&2
    tail -n 15 "$tmp/$name.stderr" >&2 || true
  done
  exit 1
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
trap 'fail "line $LINENO: a command failed (exit $?)"' ERR

psql -q -v ON_ERROR_STOP=1 "$admin" -c "CREATE SCHEMA $schema" >/dev/null
separator='?'
[[ $admin == *'?'* ]] && separator='&'
db="$admin${separator}options=-csearch_path%3D$schema"

# start_server NAME [FLAG...]: a server on the shared database, at ${bases[NAME]}.
start_server() {
  local name=$1
  shift
  "$bin" --port 0 --db "$db" "$@" >"$tmp/$name.stdout" 2>"$tmp/$name.stderr" &
  pids[$name]=$!
  for _ in $(seq 100); do
    if grep -q '^listening on ' "$tmp/$name.stdout" 2>/dev/null; then
      bases[$name]="http://$(sed -n 's/^listening on //p' "$tmp/$name.stdout")"
      return
    fi
    kill -0 "${pids[$name]}" 2>/dev/null || fail "server $name exited at start"
    sleep 0.1
  done
  fail "server $name did not print 'listening on ADDR:PORT' within 10 s"
}

# stop_server NAME: SIGTERM, and the exit status must be 0.
stop_server() {
  local name=$1 status=0
  kill -TERM "${pids[$name]}"
  wait "${pids[$name]}" || status=$?
  unset "pids[$name]"
  (( status == 0 )) || fail "server $name exited with $status after SIGTERM"
}

# request SERVER METHOD PATH [TOKEN] [BODY]: the status on stdout, the body in $tmp/body.
request() {
  local server=$1 method=$2 path=$3 token=${4:-} body=${5:-}
  local args=(-sS -o "$tmp/body" -w '%{http_code}' -X "$method")
  [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "${bases[$server]}$path"
}

# expect STATUS SERVER METHOD PATH [TOKEN] [BODY]
expect() {
  local want=$1
  shift
  local got
  got=$(request "$@")
  [[ $got == "$want" ]] || fail "$2 $3 on $1 gave $got, not $want: $(cat "$tmp/body")"
}

field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "${2:-$tmp/body}"; }
number() { sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p" "${2:-$tmp/body}"; }
hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

space=$(hex 8)
key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
nonce=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
envelope() { # envelope ID DEVICE SEQ
  echo "{\"id\":\"$1\",\"space\":\"$space\",\"scope\":\"couple\",\"device\":\"$2\",\"seq\":$3,\"epoch\":1,\"nonce\":\"$nonce\",\"ciphertext\":\"c2VhbGVkLWJ5dGVz\"}"
}
maya_laptop=a1a1a1a1a1a1a1a1
maya_phone=a2a2a2a2a2a2a2a2
sam_phone=b1b1b1b1b1b1b1b1

start_server A
start_server B
grep -q "data in PostgreSQL at " "$tmp/A.stderr" || fail "the startup log does not say the store is PostgreSQL"
expect 200 A GET /healthz
expect 200 B GET /healthz

# A space created on A is usable on B.
expect 201 A POST /v1/spaces "" "{\"space\":\"$space\",\"device\":{\"id\":\"$maya_laptop\",\"member\":\"a0a0a0a0a0a0a0a0\",\"public_key\":\"$key\",\"name\":\"Maya's laptop\"}}"
maya=$(field token)
[[ -n $maya ]] || fail "no token in the create answer"
expect 200 B GET "/v1/spaces/$space/devices" "$maya"
grep -q "\"id\":\"$maya_laptop\"" "$tmp/body" || fail "B does not list the device made on A: $(cat "$tmp/body")"
expect 409 B POST /v1/spaces "" "{\"space\":\"$space\",\"device\":{\"id\":\"c1c1c1c1c1c1c1c1\",\"member\":\"c0c0c0c0c0c0c0c0\",\"public_key\":\"$key\"}}"

# An invite made on A is redeemed on B, and cannot be redeemed again on A.
invite=$(hex 32)
expect 201 A POST "/v1/spaces/$space/invites" "$maya" "{\"invite\":\"$invite\",\"role\":\"partner\",\"member\":\"b0b0b0b0b0b0b0b0\",\"bundle\":\"c2VhbGVkLWtleXM\",\"expires_in\":600}"
expect 201 B POST /v1/join "" "{\"invite\":\"$invite\",\"device\":{\"id\":\"$sam_phone\",\"public_key\":\"$key\",\"name\":\"Sam's phone\"}}"
sam=$(field token)
[[ $(field bundle) == c2VhbGVkLWtleXM ]] || fail "the join on B does not carry the bundle stored on A"
expect 409 A POST /v1/join "" "{\"invite\":\"$invite\",\"device\":{\"id\":\"b2b2b2b2b2b2b2b2\",\"public_key\":\"$key\"}}"
grep -q '"code":"invite_used"' "$tmp/body" || fail "the second redemption is not invite_used: $(cat "$tmp/body")"

# A device removed through A is refused on B at once (B had just authenticated it).
phone_invite=$(hex 32)
expect 201 A POST "/v1/spaces/$space/invites" "$maya" "{\"invite\":\"$phone_invite\",\"role\":\"device\",\"member\":\"a0a0a0a0a0a0a0a0\",\"bundle\":\"c2VhbGVkLWtleXM\",\"expires_in\":600}"
expect 201 B POST /v1/join "" "{\"invite\":\"$phone_invite\",\"device\":{\"id\":\"$maya_phone\",\"public_key\":\"$key\",\"name\":\"Maya's phone\"}}"
phone=$(field token)
expect 200 B GET "/v1/spaces/$space/envelopes?after=0" "$phone"
expect 200 A DELETE "/v1/spaces/$space/devices/$maya_phone" "$maya"
expect 401 B GET "/v1/spaces/$space/envelopes?after=0" "$phone"
grep -q '"code":"device_removed"' "$tmp/body" || fail "B did not answer device_removed: $(cat "$tmp/body")"

# A long poll held on B wakes when a push lands on A. Five rounds; the figures are from the
# push's start to the push's answer and to the poll's answer.
seq=0
latencies=()
gaps=()
for round in 1 2 3 4 5; do
  expect 200 B GET "/v1/spaces/$space/envelopes?after=0&limit=1000" "$sam"
  next=$(number next)
  (
    curl -sS -H "Authorization: Bearer $sam" \
      "${bases[B]}/v1/spaces/$space/envelopes?after=$next&wait=20" >"$tmp/poll"
    date +%s%N >"$tmp/poll_end"
  ) &
  poll_pid=$!
  opened=0
  for _ in $(seq 100); do
    expect 200 B GET /metrics
    if grep -q '^hearth_long_polls_open 1$' "$tmp/body"; then opened=1; break; fi
    sleep 0.05
  done
  (( opened )) || fail "the long poll on B is not open after 5 s"
  if (( round == 1 )); then
    # A wake that brings nothing new (here a notification no push sent; in life a process's own
    # notification heard back, or every poll woken after a reconnect) does not end the poll
    # with an empty page: it waits on for the rest of its time.
    psql -q -v ON_ERROR_STOP=1 "$admin" -c "NOTIFY hearth_push, '$space'" >/dev/null
    sleep 0.5
    kill -0 "$poll_pid" 2>/dev/null \
      || fail "a wake with nothing new ended the long poll on B: $(cat "$tmp/poll")"
  fi
  seq=$((seq + 1))
  id=$(printf '%032x' "$((0x7000 + round))")
  started=$(date +%s%N)
  expect 200 A POST "/v1/spaces/$space/envelopes" "$maya" "{\"envelopes\":[$(envelope "$id" $maya_laptop $seq)]}"
  pushed=$(date +%s%N)
  wait "$poll_pid" || fail "the long poll on B failed"
  woke=$(cat "$tmp/poll_end")
  wake_ms=$(( (woke - started) / 1000000 ))
  (( wake_ms < 15000 )) || fail "the long poll on B returned after ${wake_ms} ms: at its timeout, not at the push on A"
  grep -q "\"id\":\"$id\"" "$tmp/poll" || fail "the long poll on B did not return the envelope pushed on A: $(cat "$tmp/poll")"
  latencies+=("$wake_ms")
  after_push=$(( (woke - pushed) / 1000000 ))
  gaps+=("$after_push")
  echo "round $round: push on A answered after $(( (pushed - started) / 1000000 )) ms; long poll on B answered after ${wake_ms} ms (${after_push} ms after the push's answer)"
done
sorted=$(printf '%s\n' "${latencies[@]}" | sort -n | tr '\n' ' ')
echo "cross-process wake latency, push start on A -> long poll answer on B, ms: $sorted"
sorted=$(printf '%s\n' "${gaps[@]}" | sort -n | tr '\n' ' ')
echo "long poll answer on B minus push answer on A, ms: $sorted"

# Pushes on both converge: pulls on A and on B answer the same envelopes with the same cursors.
for i in 1 2 3 4 5 6; do
  server=A
  token=$maya device=$maya_laptop
  if (( i % 2 == 0 )); then server=B token=$sam device=$sam_phone; fi
  if [[ $server == A ]]; then seq=$((seq + 1)); s=$seq; else s=$i; fi
  expect 200 "$server" POST "/v1/spaces/$space/envelopes" "$token" "{\"envelopes\":[$(envelope "$(printf '%032x' "$((0x8000 + i))")" $device $s)]}"
  grep -q '"stored":true' "$tmp/body" || fail "push $i on $server was not stored: $(cat "$tmp/body")"
done
expect 200 A GET "/v1/spaces/$space/envelopes?after=0&limit=1000" "$sam"
cp "$tmp/body" "$tmp/pull_A"
expect 200 B GET "/v1/spaces/$space/envelopes?after=0&limit=1000" "$sam"
cp "$tmp/body" "$tmp/pull_B"
cmp -s "$tmp/pull_A" "$tmp/pull_B" || fail "A and B answer different pulls: $(cat "$tmp/pull_A") vs $(cat "$tmp/pull_B")"
count=$(grep -o '"cursor":[0-9]*' "$tmp/pull_A" | wc -l)
(( count == 11 )) || fail "the pull holds $count envelopes, not 11: $(cat "$tmp/pull_A")"
cursors=$(grep -o '"cursor":[0-9]*' "$tmp/pull_A" | cut -d: -f2 | tr '\n' ' ')
[[ $(printf '%s\n' $cursors | sort -n | tr '\n' ' ') == "$cursors" ]] || fail "cursors are not ascending: $cursors"
[[ $(printf '%s\n' $cursors | sort -un | wc -l) == "$count" ]] || fail "cursors repeat: $cursors"

# Rate limits are shared: two more processes with --rate 1 (bursts of 3). Three requests with a
# made-up token on C empty its bucket; the next one, on D, is refused. With one bucket per
# process D would answer 401. The bucket refills at 1/s, so a round that took a second or more
# proves nothing and is run again after the bucket has refilled.
start_server C --rate 1
start_server D --rate 1
shared=0
for attempt in 1 2 3; do
  bogus=$(hex 24)
  started=$(now_ms)
  statuses=$(curl -sS -o /dev/null -o /dev/null -o /dev/null -w '%{http_code} ' -H "Authorization: Bearer $bogus" \
    "${bases[C]}/v1/spaces/$space/envelopes" "${bases[C]}/v1/spaces/$space/envelopes" \
    "${bases[C]}/v1/spaces/$space/envelopes")
  [[ $statuses == "401 401 401 " ]] || fail "three requests with a made-up token on C gave $statuses, not 401 401 401"
  status=$(request D GET "/v1/spaces/$space/envelopes" "$bogus")
  elapsed=$(( $(now_ms) - started ))
  if [[ $status == 429 ]]; then
    grep -q '"code":"rate_limited"' "$tmp/body" || fail "the 429 on D lacks rate_limited: $(cat "$tmp/body")"
    shared=1
    break
  fi
  (( elapsed >= 1000 )) || fail "the fourth request, on D, gave $status, not 429: the bucket is not shared"
  echo "rate-limit round $attempt took ${elapsed} ms (the bucket refilled meanwhile); again"
done
(( shared )) || fail "the shared rate limit could not be checked in three rounds"
stop_server C
stop_server D

# Both stop cleanly on SIGTERM, B with a long poll open.
(
  curl -sS -o "$tmp/poll" -w '%{http_code}' -H "Authorization: Bearer $sam" \
    "${bases[B]}/v1/spaces/$space/envelopes?after=1000000&wait=20" >"$tmp/poll_status"
) &
poll_pid=$!
for _ in $(seq 100); do
  expect 200 B GET /metrics
  grep -q '^hearth_long_polls_open 1$' "$tmp/body" && break
  sleep 0.05
done
stop_server A
stop_server B
wait "$poll_pid" || fail "the long poll failed at B's shutdown"
[[ $(cat "$tmp/poll_status") == 200 ]] || fail "the long poll answered $(cat "$tmp/poll_status") at B's shutdown"
if grep -q '"level":"error"' "$tmp/A.stderr" "$tmp/B.stderr"; then
  fail "a server logged an error: $(grep -h '"level":"error"' "$tmp/A.stderr" "$tmp/B.stderr" | head -n 3)"
fi

echo "server_multiprocess: all checks passed"
