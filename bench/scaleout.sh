#!/usr/bin/env bash
# The same load against three set-ups of hearth-server on this machine, side by side (issue 7):
#
#   sqlite   one process, SQLite in a fresh --data-dir
#   pg1      one process, --db postgresql://... (a fresh database)
#   pg2      two processes on one fresh database; the load is split over both ports
#
#   bench/scaleout.sh [BUILD_DIR]        default build-bench, relative to the repository
#
# For each it runs bench/server_scaleout (see there for the load: many spaces pushing at once,
# devices catching up in pages, idle devices long-polling, long polls woken by pushes; with two
# processes every pull reads what was pushed through the other one, and every wake crosses from
# one process to the other) and prints a table: ingest (envelopes/s stored and acknowledged) and
# push latency, pull (envelopes/s) and page latency, idle long-poll cycles/s (256 devices with
# wait=1) and their time past the wait, long-poll wake latency, and the CPU seconds spent by the
# hearth-server processes, by PostgreSQL and by the load generator. Latencies are those of a
# closed loop at full load: each of the connections sends its next request as soon as it has the
# answer, so p50 is about connections x the time a request holds the server.
#
# It starts a throwaway PostgreSQL cluster (scripts/pg-cluster: initdb in a temporary folder,
# default settings but max_connections, fsync on, synchronous_commit on) and stops it at the end.
#
# Environment: ONLY="sqlite pg1 pg2" (which set-ups, in this order), DRIVER_ARGS (extra options
# for server_scaleout, e.g. "--per-push 100"), SERVER_THREADS (hearth-server --threads, default 1).
#
# Builds nothing: BUILD_DIR needs sync/hearth-server and bench/server_scaleout, a Release build
# for figures worth recording. The servers, PostgreSQL and the load generator share this
# machine's cores.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
only="${ONLY:-sqlite pg1 pg2}"
serverThreads="${SERVER_THREADS:-1}"
read -r -a driverArgs <<<"${DRIVER_ARGS:-}"

die() {
    echo "scaleout.sh: $*" >&2
    exit 1
}

build="${1:-build-bench}"
[[ "$build" == /* || -d "$build" ]] || build="$repo/$build"
[[ -d "$build" ]] || die "no build folder '$build' (cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DHEARTH_BUILD_APP=OFF && cmake --build build-bench --target hearth-server server_scaleout)"
build="$(cd "$build" && pwd)"
server="$build/sync/hearth-server"
driver="$build/bench/server_scaleout"
[[ -x "$server" ]] || die "$server is missing: build the 'hearth-server' target"
[[ -x "$driver" ]] || die "$driver is missing: build the 'server_scaleout' target"
buildType="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || true)"
[[ "$buildType" == "Release" ]] || echo "scaleout.sh: warning: $build is a '${buildType:-unknown}' build; record figures from a Release build" >&2
if [[ " $only " == *" pg"* ]]; then
    command -v psql >/dev/null || die "psql is missing (scripts/install-deps installs PostgreSQL)"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/hearth-scaleout-XXXXXX")"
pgState="$tmp/pg"
pids=()
stopServers() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    pids=()
}
cleanup() {
    stopServers
    [[ -d "$pgState" ]] && "$repo/scripts/pg-cluster" stop "$pgState" || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# start NAME ARGS...: hearth-server with ARGS; appends its address to $addresses.
start() {
    local name=$1
    shift
    "$server" --port 0 --rate 1000000 --threads "$serverThreads" "$@" >"$tmp/$name.out" 2>"$tmp/$name.log" &
    pids+=($!)
    for _ in $(seq 200); do
        if grep -q '^listening on ' "$tmp/$name.out" 2>/dev/null; then
            local address
            address="$(sed -n 's/^listening on //p' "$tmp/$name.out")"
            addresses="${addresses:+$addresses,}$address"
            return
        fi
        kill -0 "${pids[-1]}" 2>/dev/null || die "$name stopped: $(tail -5 "$tmp/$name.log")"
        sleep 0.05
    done
    die "$name did not print 'listening on ADDR:PORT' within 10 s: $(tail -5 "$tmp/$name.log")"
}

# CPU seconds (user + system) of the given processes, from /proc/PID/stat; with "tree", the
# processes' reaped children too (PostgreSQL's postmaster and backends that ended).
cpuOf() {
    local mode=$1
    shift
    local ticks=0 pid
    for pid in "$@"; do
        [[ -r /proc/$pid/stat ]] || continue
        local fields
        fields="$(sed 's/^.*) //' "/proc/$pid/stat")"
        # Fields after the name start at 3: utime is 14, stime 15, cutime 16, cstime 17.
        ticks=$((ticks + $(awk -v tree="$mode" '{ t = $12 + $13; if (tree == "tree") t += $14 + $15; print t }' <<<"$fields")))
    done
    awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

postgresCpu() {
    [[ -f "$pgState/datadir" ]] || { echo 0; return; }
    local master
    master="$(head -1 "$(cat "$pgState/datadir")/postmaster.pid")"
    local children
    mapfile -t children < <(ps -o pid= --ppid "$master" | tr -d ' ')
    awk -v a="$(cpuOf tree "$master")" -v b="$(cpuOf self "${children[@]}")" 'BEGIN { printf "%.2f", a + b }'
}

# A fresh database on the cluster; prints its URI.
freshDatabase() {
    local name=$1 admin
    admin="$(cat "$pgState/conninfo")"
    psql "$admin" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name" >/dev/null
    echo "${admin%/*}/$name"
}

result() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<" $2"; }

echo "build: $build (${buildType:-unknown}); $(nproc) cores, shared by the servers, PostgreSQL and the load generator; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ " $only " == *" pg"* ]]; then
    "$repo/scripts/pg-cluster" start "$pgState"
fi

rows=()
for setup in $only; do
    addresses=""
    case "$setup" in
        sqlite) label="SQLite, 1 process"; start sqlite --data-dir "$tmp/sqlite" ;;
        pg1) label="PostgreSQL, 1 process"; uri="$(freshDatabase hearth_pg1)"; start pg1 --db "$uri" ;;
        pg2)
            label="PostgreSQL, 2 processes"
            uri="$(freshDatabase hearth_pg2)"
            start pg2a --db "$uri"
            start pg2b --db "$uri"
            ;;
        *) die "unknown set-up '$setup' in ONLY (sqlite, pg1, pg2)" ;;
    esac
    echo
    echo "== $label ($addresses); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    serverCpu0="$(cpuOf self "${pids[@]}")" pgCpu0="$(postgresCpu)"
    "$driver" --servers "$addresses" "${driverArgs[@]}" | tee "$tmp/$setup.result" \
        || die "server_scaleout failed against $label; server logs: $(tail -n 3 "$tmp"/*.log)"
    serverCpu="$(awk -v a="$(cpuOf self "${pids[@]}")" -v b="$serverCpu0" 'BEGIN { printf "%.1f", a - b }')"
    pgCpu="$(awk -v a="$(postgresCpu)" -v b="$pgCpu0" 'BEGIN { printf "%.1f", a - b }')"
    line="$(grep '^RESULT ' "$tmp/$setup.result")"
    rows+=("$(printf '%-25s %9s %8s / %-8s %9s %8s / %-8s %6s %8s / %-8s %7s / %-7s %6s / %6s / %5s' "$label" \
        "$(result ingest_eps "$line")" "$(result push_p50_ms "$line")" "$(result push_p99_ms "$line")" \
        "$(result pull_eps "$line")" "$(result pull_p50_ms "$line")" "$(result pull_p99_ms "$line")" \
        "$(result idle_cps "$line")" "$(result idle_p50_ms "$line")" "$(result idle_p99_ms "$line")" \
        "$(result wake_p50_ms "$line")" "$(result wake_p99_ms "$line")" \
        "$serverCpu" "$([[ $setup == sqlite ]] && echo - || echo "$pgCpu")" "$(result client_cpu_s "$line")")")
    stopServers
done

echo
printf '%-25s %9s %19s %9s %19s %6s %19s %17s %22s\n' "" "ingest" "push ms" "pull" "page ms" "idle" "idle: ms past wait" "wake ms" "CPU s"
printf '%-25s %9s %19s %9s %19s %6s %19s %17s %22s\n' "" "env/s" "p50 / p99" "env/s" "p50 / p99" "cyc/s" "p50 / p99" "p50 / p99" "server / pg / client"
for row in "${rows[@]}"; do
    echo "$row"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
