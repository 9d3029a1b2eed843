#!/usr/bin/env bash
# Cold start of the app to its first frame over a 5-year profile (DESIGN.md targets: under
# 500 ms, under 150 MB). Builds nothing: give it a build folder that has app/hearth and
# bench/hearth-bench-profile (a Release build, for figures worth recording).
#
#   bench/startup.sh [BUILD_DIR]        default build/release, relative to the repository
#
# Environment: RUNS (default 10), YEARS (default 5), TIMEOUT seconds per run (default 30),
# XVFB=0 to skip the runs under Xvfb.
#
# Each run is a new process (`hearth --data-dir DIR --quit-after-first-frame`, which quits on
# the window's first frameSwapped) under /usr/bin/time -f "%e %M"; the wall time printed is the
# median from process start to exit, measured in milliseconds around the process, and the peak
# RSS is the largest of the runs. The profile's pages stay in the OS cache between runs, as they
# would be on a phone or laptop that used the app recently; the first run is reported too.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(dirname "$here")"
runs="${RUNS:-10}"
years="${YEARS:-5}"
timeout_s="${TIMEOUT:-30}"

die() {
    echo "startup.sh: $*" >&2
    exit 1
}

# Internal: the measuring loop, run directly or inside xvfb-run. Prints one summary line.
if [[ "${1:-}" == "--measure" ]]; then
    hearth="$2" data="$3" label="$4"
    out="$(mktemp -d)"
    trap 'rm -rf "$out"' EXIT
    walls=() rss=()
    for ((i = 1; i <= runs; i++)); do
        t0=$(date +%s%N)
        status=0
        timeout "$timeout_s" /usr/bin/time -o "$out/time" -f "%e %M" \
            "$hearth" --data-dir "$data" --quit-after-first-frame \
            >"$out/stdout" 2>"$out/stderr" || status=$?
        t1=$(date +%s%N)
        if ((status != 0)); then
            echo "startup.sh: run $i ($label) failed with status $status" \
                "$( ((status == 124)) && echo "(no first frame within ${timeout_s}s)")" >&2
            sed 's/^/  hearth: /' "$out/stderr" | tail -20 >&2
            exit 1
        fi
        # /usr/bin/time may print "Command exited with non-zero status" first: take the last line.
        read -r _elapsed maxkb < <(tail -n 1 "$out/time")
        walls+=($(((t1 - t0) / 1000000)))
        rss+=("$maxkb")
    done
    sorted=($(printf '%s\n' "${walls[@]}" | sort -n))
    n=${#sorted[@]}
    if ((n % 2)); then
        median=${sorted[$((n / 2))]}
    else
        median=$(((sorted[n / 2 - 1] + sorted[n / 2]) / 2))
    fi
    peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)
    printf '%-10s start to first frame: median %d ms (min %d, max %d, first run %d; %d runs)   peak RSS %.1f MB\n' \
        "$label" "$median" "${sorted[0]}" "${sorted[$((n - 1))]}" "${walls[0]}" "$n" \
        "$(echo "$peak / 1024" | bc -l)"
    exit 0
fi

build="${1:-build/release}"
if [[ "$build" != /* && ! -d "$build" ]]; then
    build="$repo/$build"
fi
[[ -d "$build" ]] || die "no build folder '$build' (configure and build first, e.g. cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release && cmake --build build/release)"
build="$(cd "$build" && pwd)"
hearth="$build/app/hearth"
makeprofile="$build/bench/hearth-bench-profile"
[[ -x "$hearth" ]] || die "$hearth is missing or not executable: build the 'hearth' target (HEARTH_BUILD_APP=ON)"
[[ -x "$makeprofile" ]] || die "$makeprofile is missing: build the 'hearth-bench-profile' target (HEARTH_BUILD_BENCH=ON)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (apt-get install time)"
command -v bc >/dev/null || die "bc is missing (apt-get install bc)"

buildType="$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt" 2>/dev/null || true)"
[[ "$buildType" == "Release" ]] || echo "startup.sh: warning: $build is a '${buildType:-unknown}' build; record figures from a Release build" >&2

data="$(mktemp -d "${TMPDIR:-/tmp}/hearth-startup-XXXXXX")"
trap 'rm -rf "$data"' EXIT
"$makeprofile" "$data" "$years" >/dev/null || die "could not make the ${years}-year profile in $data"
size_mb="$(du -m "$data/profile.db" | cut -f1)"
echo "hearth: $hearth (${buildType:-unknown build type})"
echo "profile: ${years} years, ${size_mb} MB; $runs runs each; targets: < 500 ms, < 150 MB"

# Offscreen (software rendering, no display): what CI and the tests use.
QT_QPA_PLATFORM=offscreen "$BASH" "$0" --measure "$hearth" "$data" offscreen

# A real X display, for the xcb platform plugin and OpenGL (Mesa) as on a desktop.
if [[ "${XVFB:-1}" == "0" ]]; then
    echo "xvfb       skipped (XVFB=0)"
elif command -v xvfb-run >/dev/null; then
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \
        "$BASH" "$0" --measure "$hearth" "$data" xvfb
    # The same display with Qt Quick's software renderer: the difference to the line above is
    # what Mesa's llvmpipe (OpenGL in software, as Xvfb offers it) costs, not the app.
    QT_QPA_PLATFORM=xcb QT_QUICK_BACKEND=software xvfb-run -a -s "-screen 0 1280x800x24" \
        "$BASH" "$0" --measure "$hearth" "$data" xvfb-sw
else
    echo "xvfb       skipped: xvfb-run is not installed (apt-get install xvfb)"
fi
