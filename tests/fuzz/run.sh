#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan, undefined behaviour
# fatal, asserts on) in build-fuzz and runs each for SECONDS (default 60)
# from the seed corpus (tests/fuzz/seeds.py); prints runs, exec/s and
# coverage per target.  A crash leaves its input as build-fuzz/crash-* and
# fails the run: make it a regression case (tests/fuzz/corpus or
# tests/malformed) before fixing it.
#   tests/fuzz/run.sh [SECONDS]        short run (run-tests.sh: 60)
#   nice -n 19 tests/fuzz/run.sh 720   the long run on a shared machine (12
#                                     minutes a target; 3600: an hour)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-60}
build=$here/build-fuzz
command -v clang >/dev/null || { echo "fuzz: clang not found (./setup.sh --test)" >&2; exit 2; }
cmake -S "$here" -B "$build" -DDC_FUZZ=ON -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target fuzz_parse fuzz_render >/dev/null
status=0
for t in fuzz_parse fuzz_render; do
  seeds=$build/seeds-$t corpus=$build/corpus-$t
  max=65536
  [ $t = fuzz_render ] && max=16384
  rm -rf "$seeds"
  python3 "$here/tests/fuzz/seeds.py" "$here/samples/changji-gxq-2025.txt" "$seeds" $max >/dev/null
  mkdir -p "$corpus"
  log=$build/$t.log
  if ! (cd "$build" && DISCLOSE_LAYOUTS=$here/layouts \
        ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$build/tests/$t" -max_total_time="$secs" -max_len=$max -timeout=20 \
          -rss_limit_mb=2048 -print_final_stats=1 "$corpus" "$seeds" >"$log" 2>&1); then
    echo "fuzz: $t FAILED (see $log):" >&2
    grep -E 'ERROR|runtime error|Assertion|SUMMARY|Test unit written' "$log" | head -20 >&2
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).* corp: \([0-9]*\).*/\1 edges, \2 features, \3 inputs in the corpus/p')
  echo "fuzz: $t: ${runs:-?} runs in $secs s, ${speed:-?} exec/s, coverage ${cov:-?}"
done
exit $status
