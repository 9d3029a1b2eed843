#!/usr/bin/env bash
# hearth-server under wrk, side by side with a bare Beast hello-world (DESIGN.md targets: an
# authenticated empty pull at 50%+ of the hello-world's request rate; p99 under 10 ms at 64
# connections).
#
#   bench/server_load.sh [BUILD_DIR]        default build-bench, relative to the repository
#
# Environment: DURATION (wrk seconds, default 10), ROUNDS (alternating runs of each, default 3;
# the medians are the figures), CONNECTIONS (default 64), THREADS (wrk
# threads, default 2), SERVER_THREADS (hearth-server --threads, default 1), LOG=0 to send
# hearth-server's request log (a JSON line per request on stderr) to /dev/null instead of a file.
#
# Builds nothing: BUILD_DIR needs sync/hearth-server and bench/beast_hello (a Release build for
# figures worth recording). Both servers run on one event-loop thread on 127.0.0.1, and wrk runs
# on the same machine, so the two share its two cores with wrk alike.
#
# The pull: a space is created with curl (one device, a bearer token), one envelope is pushed,
# then wrk asks GET /v1/spaces/SPACE/envelopes?after=LATEST with the token: authenticated, rate
# limited (--rate set high enough never to refuse), and empty. wrk's "Non-2xx" count must be 0.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
serverThreads="${SERVER_THREADS:-1}"
rounds="${ROUNDS:-3}"

die() {
    echo "server_load.sh: $*" >&2
    exit 1
}

build="${1:-build-bench}"
[[ "$build" == /* || -d "$build" ]] || build="$repo/$build"
[[ -d "$build" ]] || die "no build folder '$build' (cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench --target hearth-server beast_hello)"
build="$(cd "$build" && pwd)"
server="$build/sync/hearth-server"
hello="$build/bench/beast_hello"
[[ -x "$server" ]] || die "$server is missing: build the 'hearth-server' target"
[[ -x "$hello" ]] || die "$hello is missing: build the 'beast_hello' target"
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
buildType="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || true)"
[[ "$buildType" == "Release" ]] || echo "server_load.sh: warning: $build is a '${buildType:-unknown}' build; record figures from a Release build" >&2

tmp="$(mktemp -d "${TMPDIR:-/tmp}/hearth-load-XXXXXX")"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME COMMAND...: runs it with stdout in $tmp/NAME.out and sets $base from its
# "listening on ADDR:PORT" line.
start() {
    local name=$1
    shift
    "$@" >"$tmp/$name.out" 2>>"${logTo:-$tmp/$name.log}" &
    pids+=($!)
    for _ in $(seq 100); do
        if grep -q '^listening on ' "$tmp/$name.out" 2>/dev/null; then
            base="http://$(sed -n 's/^listening on //p' "$tmp/$name.out")"
            return
        fi
        sleep 0.05
    done
    die "$name did not print 'listening on ADDR:PORT' within 5 s"
}

# post PATH TOKEN BODY: the answer's body on stdout; fails unless the status is 2xx.
post() {
    local args=(-sS --fail-with-body -X POST -H 'Content-Type: application/json' --data-binary "$3")
    [[ -n $2 ]] && args+=(-H "Authorization: Bearer $2")
    curl "${args[@]}" "$base$1"
}

field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
number() { sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p"; }

# wrk_run LABEL URL [HEADER]: runs wrk and prints one summary line; sets $rps and $p99ms.
# Both servers stay up for the whole script; the one not under wrk is idle.
wrk_run() {
    local label=$1 url=$2 header=${3:-}
    local args=(-t"$threads" -c"$connections" -d"${duration}s" --latency)
    [[ -n $header ]] && args+=(-H "$header")
    wrk "${args[@]}" "$url" >"$tmp/wrk.txt" 2>&1 || die "wrk failed: $(cat "$tmp/wrk.txt")"
    rps="$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt")"
    local p50 p99 errors non2xx
    p50="$(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt")"
    p99="$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")"
    errors="$(sed -n 's/^ *Socket errors: //p' "$tmp/wrk.txt")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$tmp/wrk.txt")"
    p99ms="$(to_ms "$p99")"
    printf '%-22s %10.0f requests/s   p50 %8s   p99 %8s   (non-2xx: %s%s)\n' \
        "$label" "$rps" "$p50" "$p99" "${non2xx:-0}" "${errors:+; socket errors: $errors}"
    [[ -z $non2xx ]] || die "$label: $non2xx answers were not 2xx (rate limited?); see wrk's output: $(cat "$tmp/wrk.txt")"
}

# wrk prints latencies as 812.00us, 1.23ms or 1.01s.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 }
        else if (v ~ /m$/) { sub(/m$/, "", v); print v * 60000 }
        else { sub(/s$/, "", v); print v * 1000 } }'
}

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

echo "build: $build (${buildType:-unknown}); request log: $([[ "${LOG:-1}" == "0" ]] && echo /dev/null || echo file); wrk -t$threads -c$connections -d${duration}s --latency; $(nproc) cores"

# --- hearth-server, prepared for an authenticated empty pull -------------------------------------
logTo=""
[[ "${LOG:-1}" == "0" ]] && logTo=/dev/null
start server "$server" --port 0 --data-dir "$tmp/data" --rate 1000000 --threads "$serverThreads"
logTo=""
serverBase=$base
space=5ace5ace5ace5ace
device=a1a1a1a1a1a1a1a1
token="$(post /v1/spaces "" "{\"space\":\"$space\",\"device\":{\"id\":\"$device\",\"member\":\"a0a0a0a0a0a0a0a0\",\"public_key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"name\":\"load\"}}" | field token)"
[[ -n $token ]] || die "creating the space gave no token"
envelope="{\"id\":\"e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0\",\"space\":\"$space\",\"scope\":\"couple\",\"device\":\"$device\",\"seq\":1,\"epoch\":1,\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"ciphertext\":\"c2VhbGVkLWJ5dGVz\"}"
latest="$(post "/v1/spaces/$space/envelopes" "$token" "{\"envelopes\":[$envelope]}" | number cursor)"
[[ -n $latest ]] || die "the push gave no cursor"
pullUrl="$serverBase/v1/spaces/$space/envelopes?after=$latest"
answer="$(curl -sS --fail-with-body -H "Authorization: Bearer $token" "$pullUrl")"
[[ "$answer" == *'"envelopes":[]'* ]] || die "the pull is not empty: $answer"
echo "pull: GET /v1/spaces/$space/envelopes?after=$latest -> $answer (${#answer} bytes)"

# --- the bare Beast hello-world, idle while the other is measured -------------------------------
start hello "$hello" --port 0
helloUrl="$base/"
helloAnswer="$(curl -sS "$helloUrl")"
[[ "$helloAnswer" == hello ]] || die "beast_hello answered '$helloAnswer'"

# Alternating runs, so that a change in the machine's load touches both sides alike; the figures
# are the medians, the ratio theirs.
pullRates=() pullP99s=() helloRates=() helloP99s=()
for ((round = 1; round <= rounds; round++)); do
    wrk_run "hearth-server pull" "$pullUrl" "Authorization: Bearer $token"
    pullRates+=("$rps") pullP99s+=("$p99ms")
    wrk_run "beast_hello" "$helloUrl"
    helloRates+=("$rps") helloP99s+=("$p99ms")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
pullRps=$(median "${pullRates[@]}") pullP99=$(median "${pullP99s[@]}")
helloRps=$(median "${helloRates[@]}") helloP99=$(median "${helloP99s[@]}")
awk -v p="$pullRps" -v h="$helloRps" -v pp="$pullP99" -v hp="$helloP99" -v n="$rounds" 'BEGIN {
    printf "median of %d: hearth-server pull %.0f requests/s, p99 %.2f ms; beast_hello %.0f requests/s, p99 %.2f ms\n", n, p, pp, h, hp
    printf "ratio pull / hello     %.2f (target >= 0.50)   pull p99 %.2f ms (target < 10 ms)\n", p / h, pp }'
