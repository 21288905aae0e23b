#!/bin/sh
# Builds disclose twice, plainly and with AddressSanitizer +
# UndefinedBehaviorSanitizer, and runs every test (unit, golden, malformed
# input, round trip) in both builds.  Then builds (without running) the whole
# tree as a user would: Release with gcc, and with clang.  Warnings are
# errors in every build here (DC_WERROR).  Exits non-zero when anything fails.
set -eu
cd "$(dirname "$0")"
# The tests read the messages in English (each language test sets its own
# variables): a Chinese desktop's locale must not change what they compare.
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
jobs=$(nproc 2>/dev/null || echo 2)
status=0
for variant in plain asan; do
  dir=build-test-$variant
  flags="-DDC_WERROR=ON"
  [ $variant = asan ] && flags="$flags -DDC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug"
  # shellcheck disable=SC2086
  cmake -S . -B $dir $flags >/dev/null
  cmake --build $dir -j "$jobs" >/dev/null
  echo "== tests: $variant build"
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    ctest --test-dir $dir --output-on-failure -j "$jobs" || status=1
done
# Build only: other optimisers and compilers find other warnings.
for variant in release clang; do
  dir=build-test-$variant
  echo "== build: $variant"
  if [ $variant = clang ]; then
    if ! command -v clang >/dev/null; then
      echo "run-tests.sh: clang not found (./setup.sh --test installs it)" >&2
      status=1
      continue
    fi
    set -- -DCMAKE_C_COMPILER=clang
  else
    set -- -DCMAKE_BUILD_TYPE=Release
  fi
  if ! cmake -S . -B $dir -DDC_WERROR=ON "$@" >/dev/null ||
     ! cmake --build $dir -j "$jobs" >"$dir/build.log" 2>&1; then
    cat "$dir/build.log" >&2
    echo "run-tests.sh: the $variant build failed" >&2
    status=1
  fi
done
# A short fuzz run of every target (60 s each) where clang can build them.
if command -v clang >/dev/null; then
  echo "== fuzz"
  tests/fuzz/run.sh "${DC_FUZZ_SECONDS:-60}" || status=1
fi
exit $status
