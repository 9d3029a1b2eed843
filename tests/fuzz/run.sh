#!/usr/bin/env bash
# Builds the fuzz targets with clang, libFuzzer, ASan and UBSan, and runs each for a while over a
# temporary copy of its seed corpus (README.md).
#
#   tests/fuzz/run.sh [seconds-per-target]      (default 20)
#
# Environment: FUZZ_BUILD_DIR (default build/fuzz), FUZZ_TARGETS (default all three),
# FUZZ_MERGE=1 to merge the inputs that add coverage back into tests/fuzz/corpus afterwards
# (locally, never in CI). Exits non-zero when a target fails, naming the input that made it fail;
# those inputs are kept in $FUZZ_BUILD_DIR/artifacts/<target>/.
set -euo pipefail

seconds="${1:-20}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: $0 [seconds-per-target]" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build/fuzz}"
targets=(${FUZZ_TARGETS:-fuzz_envelope fuzz_request fuzz_client_decode})
corpus_root="$root/tests/fuzz/corpus"

generator=()
if command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$root" -B "$build" "${generator[@]}" \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHEARTH_FUZZ=ON -DHEARTH_BUILD_APP=OFF -DHEARTH_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

work="$(mktemp -d "${TMPDIR:-/tmp}/hearth-fuzz-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
failed=0
for target in "${targets[@]}"; do
  binary="$build/tests/fuzz/$target"
  corpus="$work/$target/corpus"
  artifacts="$build/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  # A copy: the fuzzer writes what it finds into its first corpus directory.
  cp "$corpus_root/$target"/* "$corpus"/
  log="$work/$target/log"
  echo "== $target: ${seconds} s over $(ls "$corpus" | wc -l) seeds"
  status=0
  "$binary" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$root/tests/fuzz/json.dict" -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || status=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
  echo "   ${runs:-?} runs, ${rate:-?} exec/s, corpus $(ls "$corpus" | wc -l) files"
  if [ "$status" -ne 0 ]; then
    failed=1
    echo "   FAILED (exit $status); the last lines of its log:" >&2
    tail -n 60 "$log" >&2
    input="$(sed -n "s/.*Test unit written to \(.*\)$/\1/p" "$log" | tail -n 1)"
    echo "   crash input: ${input:-none written (see the log above)}" >&2
    echo "   reproduce: $binary ${input:-<input>}" >&2
    continue
  fi
  if [ "${FUZZ_MERGE:-0}" = "1" ]; then
    before="$(ls "$corpus_root/$target" | wc -l)"
    # Edges only (no hit counts): an input is kept for reaching code no other input reaches.
    "$binary" -merge=1 -use_counters=0 "$corpus_root/$target" "$corpus" >"$work/$target/merge.log" 2>&1
    echo "   merged: $(( $(ls "$corpus_root/$target" | wc -l) - before )) new files in tests/fuzz/corpus/$target"
  fi
done
exit "$failed"
