#!/usr/bin/env bash
# Runs statectl's libFuzzer targets (tests/fuzz), each for SECONDS (default
# 60), from its committed corpus plus, for json, 2000 texts judged by Python.
#   scripts/fuzz.sh [TARGET|all] [SECONDS]
# Builds a clang ASan+UBSan tree with the fuzz targets in build-fuzz/ (or
# $STATECTL_FUZZ_BUILD_DIR, which scripts/test.sh points at its sanitizer
# tree) unless it is there. New inputs go to a temp dir that is removed; an
# input that breaks a property is saved as tests/fuzz/crash-TARGET-* and the
# script exits 1: fix the bug, then move the file into
# tests/fuzz/corpus/TARGET/ so every build replays it. Prints one line per
# target: executions, executions per second, corpus size. STATECTL_FUZZ_FLAGS
# adds libFuzzer flags (e.g. "-runs=10000000 -detect_leaks=0" for a long run:
# leaks are checked in the bounded runs, and a run without them is faster).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
targets=(json dump_line dump_reader db_url object_names json_pointer master_cfg fast_json_check)
which=${1:-all}
seconds=${2:-60}
build=${STATECTL_FUZZ_BUILD_DIR:-$root/build-fuzz}
if [ "$which" != all ]; then
  case " ${targets[*]} " in
    *" $which "*) targets=("$which") ;;
    *) echo "fuzz.sh: no target '$which' (one of: ${targets[*]}, all)" >&2; exit 2 ;;
  esac
fi
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;; esac

if [ ! -x "$build/tests/fuzz_${targets[0]}" ]; then
  "$root/scripts/install-deps.sh" clang
  cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSTATECTL_SANITIZE=ON -DSTATECTL_FUZZ=ON >/dev/null
  for t in "${targets[@]}"; do cmake --build "$build" -j "$(nproc)" --target "fuzz_$t" >/dev/null; done
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/statectl-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0
for t in "${targets[@]}"; do
  seeds=("$root/tests/fuzz/corpus/$t")
  if [ "$t" = json ]; then
    # The JSON test corpus as one file per text.
    mkdir -p "$work/json-seeds"
    /usr/bin/python3 "$root/tests/tools/gen_json_corpus.py" "$work/json-corpus.txt" 2000 >/dev/null
    /usr/bin/python3 - "$work/json-corpus.txt" "$work/json-seeds" <<'PY'
import sys
for i, line in enumerate(open(sys.argv[1])):
    open(f"{sys.argv[2]}/{i}", "wb").write(bytes.fromhex(line.split("\t")[0]))
PY
    seeds+=("$work/json-seeds")
  fi
  mkdir -p "$work/$t"
  log="$work/$t.log"
  if ASAN_OPTIONS=detect_leaks=1 "$build/tests/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
       -rss_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$root/tests/fuzz/crash-$t-" ${STATECTL_FUZZ_FLAGS:-} \
       "$work/$t" "${seeds[@]}" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    corpus=$(find "$work/$t" "${seeds[@]}" -type f | wc -l)
    printf 'fuzz %-13s %12s executions %8s/s  %6s inputs  clean\n' "$t" "$execs" "$rate" "$corpus"
  else
    status=1
    echo "fuzz $t: FAILED; its output:" >&2
    tail -40 "$log" >&2
  fi
done
exit $status
