#!/bin/sh
# Builds disclose twice, plainly and with AddressSanitizer +
# UndefinedBehaviorSanitizer, and runs every test (unit, golden, malformed
# input, round trip) in both builds.  Exits non-zero when anything fails.
set -eu
cd "$(dirname "$0")"
jobs=$(nproc 2>/dev/null || echo 2)
status=0
for variant in plain asan; do
  dir=build-test-$variant
  flags=""
  [ $variant = asan ] && flags="-DDC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
  # shellcheck disable=SC2086
  cmake -S . -B $dir $flags >/dev/null
  cmake --build $dir -j "$jobs" >/dev/null
  echo "== tests: $variant build"
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    ctest --test-dir $dir --output-on-failure -j "$jobs" || status=1
done
exit $status
