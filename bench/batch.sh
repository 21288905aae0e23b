#!/bin/sh
# Benchmark of `disclose batch` (not a test: prints figures, asserts nothing).
#   bench/batch.sh [BUILD_DIR] [N_LARGE]
# 1. 40 generated department documents (bench/gen_departments.py), PDF and
#    DOCX, with -j1 and -j2 (median of 3 runs each), the speed-up, and a
#    run with nothing changed;
# 2. with N_LARGE (say 1000): that many documents in one run with -j2, the
#    workers' memory sampled every second across the run (it must not
#    grow: each worker keeps its fonts and layouts and frees each document).
# The single document, LibreOffice beside it and the scaling table are
# bench/render.sh's.  Target (issue 14): -j2 >= 1.8x faster than -j1 on an
# otherwise idle 2-core machine; the load average is printed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
large=${2:-0}
disclose=$build/disclose
sample=$here/../samples/changji-gxq-2025.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

python3 "$here/gen_departments.py" "$sample" "$work/src" 40
for j in 1 2; do
  : > "$work/times"
  for run in 1 2 3; do
    rm -rf "$work/out"
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$disclose" batch -o "$work/out" -j $j "$work/src" > "$work/log" 2>&1 || true
    tail -1 "$work/t" >> "$work/times"
  done
  wall=$(awk '{ print $1 }' "$work/times" | median)
  cpu=$(awk '{ printf "%.2f\n", $2 + $3 }' "$work/times" | median)
  eval "wall_$j=$wall"
  echo "batch of 40, -j$j: median ${wall} s wall, ${cpu} s CPU ($(grep -E '^[0-9]+ rendered' "$work/log"))"
done
awk -v a="$wall_1" -v b="$wall_2" 'BEGIN { printf "-j2 against -j1: %.2fx faster\n", a / b }'
/usr/bin/time -f "%e" -o "$work/t" "$disclose" batch -o "$work/out" -j 2 "$work/src" > "$work/log" 2>&1 || true
echo "batch of 40, nothing changed: $(tail -1 "$work/t") s ($(grep -E '^[0-9]+ rendered' "$work/log"))"

if [ "$large" -gt 0 ]; then
  python3 "$here/gen_departments.py" "$sample" "$work/big" "$large"
  rm -rf "$work/out"
  "$disclose" batch -o "$work/out" -j 2 "$work/big" > "$work/log" 2>&1 &
  pid=$!
  # every second: seconds, documents done, the workers' resident memory
  t=0
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -o rss= --ppid "$pid" 2>/dev/null | awk '{ s = s " " int($1 / 1024) } END { print s }')
    [ -n "$rss" ] && echo "$t $(grep -c '^rendered' "$work/log") $rss" >> "$work/rss"
    sleep 1
    t=$((t + 1))
  done
  wait "$pid" || true
  echo "batch of $large, -j2: $(grep -E '^[0-9]+ rendered' "$work/log")"
  echo "workers' resident memory (MiB) across the run:"
  awk -v n="$large" '{ d = $2 } d >= next_at || NR == 1 {
      printf "  %4d s, %4d documents done:", $1, d
      for (i = 3; i <= NF; i++) printf " %s", $i
      printf "\n"; next_at = d + n / 10 }
      { last = $0 }
      END { split(last, f, " "); printf "  %4d s, %4d documents done:", f[1], f[2]
            for (i = 3; i in f; i++) printf " %s", f[i]; printf "\n" }' "$work/rss"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
