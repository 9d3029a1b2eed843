#!/usr/bin/env bash
# hearth-server end to end: the real binary on a free loopback port, a temporary data directory
# (SQLite) or a PostgreSQL database, driven with curl.
# Usage: server_http_test.sh path/to/hearth-server [--db postgresql://...]
# With HEARTH_TEST_BACKEND=postgres and no --db, the server runs on a fresh schema (made with psql,
# dropped at the end) of the cluster whose admin URI is in the file $HEARTH_TEST_POSTGRES_FILE
# (ctest's server_http_pg; tests/sync/pgtest.h).
set -Eeuo pipefail

usage="usage: server_http_test.sh path/to/hearth-server [--db postgresql://...]"
bin=${1:?$usage}
db=""
if [[ $# -ge 2 ]]; then
  [[ $2 == --db && $# -eq 3 && -n $3 ]] || { echo "$usage" >&2; exit 2; }
  db=$3
fi
tmp=$(mktemp -d)
server_pid=""
schema=""
admin=""

cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  if [[ -n $schema ]]; then
    psql -qAt "$admin" -c "SET client_min_messages = warning" -c "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 \
      || echo "warning: schema $schema not dropped" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [[ -z $db && ${HEARTH_TEST_BACKEND:-} == postgres ]]; then
  [[ -s ${HEARTH_TEST_POSTGRES_FILE:-} ]] \
    || { echo "HEARTH_TEST_BACKEND=postgres needs HEARTH_TEST_POSTGRES_FILE, a file holding an admin URI" >&2; exit 1; }
  admin=$(head -n 1 "$HEARTH_TEST_POSTGRES_FILE")
  schema="h_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  psql -qAt -v ON_ERROR_STOP=1 "$admin" -c "CREATE SCHEMA $schema" >/dev/null
  sep='?'; [[ $admin == *\?* ]] && sep='&'
  db="$admin${sep}options=-csearch_path%3D$schema&application_name=$schema"
fi
if [[ -n $db ]]; then
  echo "server_http: on PostgreSQL${schema:+, schema $schema}"
  storage_flags=(--db "$db")
else
  storage_flags=(--data-dir "$tmp/data")
fi

fail() {
  echo "FAIL: $*" >&2
  if [[ -f $tmp/stderr ]]; then
    echo "--- server log (last lines) ---" >&2
    tail -n 20 "$tmp/stderr" >&2
  fi
  exit 1
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Any command that fails stops the test with the server's log, not only a checked expectation.
trap 'fail "line $LINENO: a command failed (exit $?)"' ERR

# start_server [FLAG...]: the flags are added to the command line; $files_limit, when set, is
# the server's open-file limit (soft and hard).
start_server() {
  # Emptied here, not by the server's redirection: the loop below must not find the line an
  # earlier server printed before the new one has started.
  : >"$tmp/stdout"
  (
    if [[ -n ${files_limit:-} ]]; then ulimit -n "$files_limit"; fi
    exec "$bin" --port 0 "${storage_flags[@]}" "$@"
  ) >"$tmp/stdout" 2>>"$tmp/stderr" &
  server_pid=$!
  for _ in $(seq 50); do
    if grep -q '^listening on ' "$tmp/stdout" 2>/dev/null; then
      base="http://$(sed -n 's/^listening on //p' "$tmp/stdout")"
      return
    fi
    sleep 0.1
  done
  fail "the server did not print 'listening on ADDR:PORT' within 5 s"
}

# request METHOD PATH [TOKEN] [BODY]: the status on stdout, the body in $tmp/body.
request() {
  local method=$1 path=$2 token=${3:-} body=${4:-}
  local args=(-sS -o "$tmp/body" -w '%{http_code}' -X "$method")
  [[ -n $token ]] && args+=(-H "Authorization: Bearer $token")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "$base$path"
}

# expect STATUS METHOD PATH [TOKEN] [BODY]
expect() {
  local want=$1
  shift
  local got
  got=$(request "$@")
  [[ $got == "$want" ]] || fail "$1 $2 gave $got, not $want: $(cat "$tmp/body")"
}

field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$tmp/body"; }
number() { sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p" "$tmp/body"; }

space=5ace5ace5ace5ace
key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
nonce=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
envelope() { # envelope ID DEVICE SEQ
  echo "{\"id\":\"$1\",\"space\":\"$space\",\"scope\":\"couple\",\"device\":\"$2\",\"seq\":$3,\"epoch\":1,\"nonce\":\"$nonce\",\"ciphertext\":\"c2VhbGVkLWJ5dGVz\"}"
}

start_server
expect 200 GET /healthz

# Maya creates the space, invites Sam, Sam joins.
expect 201 POST /v1/spaces "" "{\"space\":\"$space\",\"device\":{\"id\":\"a1a1a1a1a1a1a1a1\",\"member\":\"a0a0a0a0a0a0a0a0\",\"public_key\":\"$key\",\"name\":\"Maya's laptop\"}}"
maya=$(field token)
[[ -n $maya ]] || fail "no token in the create answer"
invite=$(printf '1%.0s' $(seq 64))
expect 201 POST "/v1/spaces/$space/invites" "$maya" "{\"invite\":\"$invite\",\"role\":\"partner\",\"member\":\"b0b0b0b0b0b0b0b0\",\"bundle\":\"c2VhbGVkLWtleXM\",\"expires_in\":600}"
expect 201 POST /v1/join "" "{\"invite\":\"$invite\",\"device\":{\"id\":\"b1b1b1b1b1b1b1b1\",\"public_key\":\"$key\",\"name\":\"Sam's phone\"}}"
sam=$(field token)
[[ $(field bundle) == c2VhbGVkLWtleXM ]] || fail "the join answer does not carry the bundle"
expect 409 POST /v1/join "" "{\"invite\":\"$invite\",\"device\":{\"id\":\"b2b2b2b2b2b2b2b2\",\"public_key\":\"$key\"}}"

# Push and pull.
id1=11111111111111111111111111111111
expect 200 POST "/v1/spaces/$space/envelopes" "$maya" "{\"envelopes\":[$(envelope $id1 a1a1a1a1a1a1a1a1 1)]}"
grep -q '"stored":true' "$tmp/body" || fail "the first push was not stored: $(cat "$tmp/body")"
expect 200 GET "/v1/spaces/$space/envelopes?after=0" "$sam"
grep -q "\"id\":\"$id1\"" "$tmp/body" || fail "Sam's pull lacks the envelope: $(cat "$tmp/body")"
next=$(number next)

# A long poll returns when another client's push lands.
id2=22222222222222222222222222222222
started=$(now_ms)
curl -sS -H "Authorization: Bearer $sam" "$base/v1/spaces/$space/envelopes?after=$next&wait=10" >"$tmp/poll" &
poll_pid=$!
sleep 0.3
expect 200 POST "/v1/spaces/$space/envelopes" "$maya" "{\"envelopes\":[$(envelope $id2 a1a1a1a1a1a1a1a1 2)]}"
wait "$poll_pid" || fail "the long poll failed"
elapsed=$(( $(now_ms) - started ))
(( elapsed < 2000 )) || fail "the long poll took ${elapsed} ms to see the push"
grep -q "\"id\":\"$id2\"" "$tmp/poll" || fail "the long poll did not return the pushed envelope: $(cat "$tmp/poll")"
next=$(sed -n 's/.*"next":\([0-9]*\).*/\1/p' "$tmp/poll")

# A long poll with nothing new answers an empty page after its wait.
started=$(now_ms)
expect 200 GET "/v1/spaces/$space/envelopes?after=$next&wait=1" "$sam"
elapsed=$(( $(now_ms) - started ))
(( elapsed >= 900 && elapsed < 3000 )) || fail "wait=1 answered after ${elapsed} ms"
grep -q '"envelopes":\[\]' "$tmp/body" || fail "wait=1 did not give an empty page: $(cat "$tmp/body")"

# Errors are JSON with the right status.
expect 400 POST "/v1/spaces/$space/envelopes" "$maya" '{"envelopes": [ '
grep -q '"code":"malformed_json"' "$tmp/body" || fail "a malformed body did not give malformed_json"
expect 401 GET "/v1/spaces/$space/envelopes" "bm90LWEtdG9rZW4"
expect 404 GET /v1/nowhere
expect 415 POST /v1/join "" ""
status=$(curl -sS -o "$tmp/body" -w '%{http_code}' -X POST -H 'Content-Type: text/plain' --data 'x' "$base/v1/join")
[[ $status == 415 ]] || fail "a text/plain body gave $status, not 415"

# Metrics.
expect 200 GET /metrics
grep -q 'hearth_requests_total{route="/v1/spaces/:space/envelopes",status="200"}' "$tmp/body" \
  || fail "/metrics lacks hearth_requests_total"
grep -q '^hearth_envelopes_stored_total 2$' "$tmp/body" || fail "/metrics does not count 2 stored envelopes"
grep -q 'hearth_request_duration_seconds_bucket' "$tmp/body" || fail "/metrics lacks the duration histogram"
grep -q '^hearth_long_polls_open 0$' "$tmp/body" || fail "/metrics lacks the long-poll gauge"

# The log is JSON lines and holds no token.
grep -q '"route":"/v1/spaces/:space/envelopes"' "$tmp/stderr" || fail "the log lacks request lines"
if grep -q -e "$maya" -e "$sam" -e c2VhbGVkLWJ5dGVz -e c2VhbGVkLWtleXM "$tmp/stderr"; then
  fail "the log holds a token, a bundle or ciphertext"
fi

# The open-file limit is raised and logged at start.
grep -q '"msg":"open-file limit ' "$tmp/stderr" || fail "the log does not give the open-file limit"

# A large body without a valid token is refused on its header: 401, and the body never reaches
# the service (the log line says bytes_in 0). Once with curl's "Expect: 100-continue", once without.
head -c $((16 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$tmp/big"
for expect_header in "X-Nothing: 1" "Expect:"; do
  status=$(curl -sS -o "$tmp/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "$expect_header" -H "Authorization: Bearer bm90LWEtdG9rZW4" --data-binary @"$tmp/big" \
    "$base/v1/spaces/$space/envelopes" 2>"$tmp/curl_err" || true)
  [[ $status == 401 ]] || fail "a 16 MiB body with an unknown token gave $status, not 401 ($expect_header): $(cat "$tmp/curl_err")"
  grep -q '"code":"unauthorized"' "$tmp/body" || fail "the 401 lacks its JSON error: $(cat "$tmp/body")"
done
[[ $(grep -c '"method":"POST","status":401,"ms":[0-9.]*,"bytes_in":0,' "$tmp/stderr") == 2 ]] \
  || fail "the refused bodies were read: $(grep '"status":401' "$tmp/stderr" | tail -n 2)"
expect 200 GET /healthz # and the server is fine

# The routes without a token take at most 16 KiB.
pad=$(head -c 20000 /dev/zero | tr '\0' ' ')
expect 413 POST /v1/join "" "{\"invite\":\"$invite\",\"pad\":\"$pad\"}"
grep -q '"code":"body_too_large"' "$tmp/body" || fail "a 20 KB join did not give body_too_large"

# A long poll whose client hangs up is closed at once, not at its timeout.
curl -sS --max-time 1 -H "Authorization: Bearer $sam" \
  "$base/v1/spaces/$space/envelopes?after=$next&wait=25" >/dev/null 2>&1 || true
sleep 0.3
expect 200 GET /metrics
grep -q '^hearth_long_polls_open 0$' "$tmp/body" || fail "the abandoned long poll is still open: $(grep long_polls "$tmp/body")"

# SIGTERM with a long poll open: the poll answers, the server exits 0.
curl -sS -o "$tmp/poll" -w '%{http_code}' -H "Authorization: Bearer $sam" \
  "$base/v1/spaces/$space/envelopes?after=$next&wait=25" >"$tmp/poll_status" &
poll_pid=$!
sleep 0.5
expect 200 GET /metrics
grep -q '^hearth_long_polls_open 1$' "$tmp/body" || fail "the open long poll is not counted"
started=$(now_ms)
kill -TERM "$server_pid"
wait "$poll_pid" || fail "the long poll failed at shutdown"
[[ $(cat "$tmp/poll_status") == 200 ]] || fail "the long poll answered $(cat "$tmp/poll_status") at shutdown"
grep -q '"envelopes":\[\]' "$tmp/poll" || fail "the long poll did not answer an empty page: $(cat "$tmp/poll")"
server_status=0
wait "$server_pid" || server_status=$?
server_pid=""
(( server_status == 0 )) || fail "the server exited with $server_status after SIGTERM"
elapsed=$(( $(now_ms) - started ))
(( elapsed < 3000 )) || fail "shutting down took ${elapsed} ms"

# The database opens again, whole.
if [[ -n $db ]]; then
  [[ $(psql -qAt "$db" -c 'SELECT count(*) FROM envelopes') == 2 ]] || fail "the database lost envelopes"
elif command -v sqlite3 >/dev/null; then
  file="$tmp/data/hearth-server.sqlite3"
  [[ $(sqlite3 "$file" 'PRAGMA integrity_check') == ok ]] || fail "the database is damaged"
  [[ $(sqlite3 "$file" 'SELECT count(*) FROM envelopes') == 2 ]] || fail "the database lost envelopes"
fi
start_server
expect 200 GET "/v1/spaces/$space/envelopes?after=0" "$sam"
grep -q "\"id\":\"$id2\"" "$tmp/body" || fail "after a restart the envelopes are gone"
kill -TERM "$server_pid"
wait "$server_pid" || fail "the restarted server did not exit cleanly"
server_pid=""

# The connection cap and the header timeout: a server serving two connections, allowing 1 s for a
# header. Two connections hold it (one silent, one with half a header); a third is answered 503.
start_server --max-connections 2 --header-timeout 1
port=${base##*:}
exec 3<>"/dev/tcp/127.0.0.1/$port"
exec 4<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n' >&4
sleep 0.2
status=$(curl -sS -o "$tmp/body" -w '%{http_code}' "$base/healthz" 2>"$tmp/curl_err" || true)
[[ $status == 503 ]] || fail "a connection over the cap gave $status, not 503: $(cat "$tmp/curl_err")"
grep -q '"code":"too_many_connections"' "$tmp/body" || fail "the 503 lacks its JSON error: $(cat "$tmp/body")"
started=$(now_ms)
timeout 5 cat <&3 >/dev/null || fail "a silent connection was not closed after the header timeout"
timeout 5 cat <&4 >/dev/null || fail "a connection with half a header was not closed after the header timeout"
elapsed=$(( $(now_ms) - started ))
(( elapsed < 3000 )) || fail "the header timeout of 1 s closed the connections after ${elapsed} ms"
exec 3<&- 4<&-
expect 200 GET /healthz
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server with a connection cap did not exit cleanly"
server_pid=""

# Out of file descriptors, the server pauses accepting instead of spinning: with a limit of 40
# and 60 connections open, it spends little CPU, and serves again once they close. Not under the
# sanitizers: UBSan checks memory through a pipe, and without descriptors it reports false errors.
# (ldd's output is read whole: with pipefail, `grep -q` quitting early would fail the pipeline
# with ldd's SIGPIPE, now and then, and the check would run under the sanitizers after all.)
linked=$(ldd "$bin")
if [[ $linked == *libasan* || $linked == *libubsan* ]]; then
  echo "server_http: all checks passed (the file-descriptor check skipped: sanitizer build)"
  exit 0
fi
files_limit=40 start_server --header-timeout 20
port=${base##*:}
fds=()
for _ in $(seq 60); do
  exec {fd}<>"/dev/tcp/127.0.0.1/$port"
  fds+=("$fd")
done
sleep 0.5
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
before=$(cpu_ticks)
sleep 1
used=$(( $(cpu_ticks) - before ))
(( used < 30 )) || fail "out of file descriptors, the server used ${used} ticks of CPU in 1 s (spinning)"
grep -q '"msg":"cannot accept connections' "$tmp/stderr" || fail "the log does not say the server cannot accept"
for fd in "${fds[@]}"; do exec {fd}<&-; done
sleep 0.5
expect 200 GET /healthz
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server out of file descriptors did not exit cleanly"
server_pid=""

echo "server_http: all checks passed"
