#!/bin/sh
# Benchmark of `disclose batch` (not a test: prints figures, asserts nothing).
#   bench/batch.sh [BUILD_DIR] [N_LARGE] [ROUNDS]
# 1. 40 generated department documents (bench/gen_departments.py), PDF,
#    DOCX and XLSX, with -j1 and -j2 interleaved (ROUNDS runs of each,
#    default 5): the median wall and CPU time of each, the load average at
#    each run, and the speed-up (median -j1 over median -j2, and the median
#    of each round's ratio); then a run with nothing changed.  -j N means at
#    most N cores' worth of work: N worker processes, each rendering a
#    document on one thread, and the last document on two (the fonts, the
#    DOCX and the PDF's fonts and /ID beside the layout and painting) when
#    the other workers have nothing left.  So -j1 is one core's work (the
#    parent's bookkeeping and the worker's commit thread, which mostly
#    waits for the disk, aside) and -j2 against it is what a second core
#    gains.  A third run each round is the batch on one core
#    (taskset -c 0): the parent's bookkeeping shares that core too;
# 2. with N_LARGE (say 1000): that many documents in one run with -j2, one
#    of them (the middle one) made to crash its worker
#    (DISCLOSE_TEST_CRASH) and one cut short so that it does not parse: the
#    workers' resident memory sampled five times a second across the run,
#    printed at every tenth of the documents, and the largest worker's at
#    10 documents done against at the end (it must not grow: each worker
#    keeps its fonts and layouts and frees each document); the summary
#    must show exactly the two failures.
# The single document, LibreOffice beside it and the scaling table are
# bench/render.sh's.  Target (issue 14): -j2 >= 1.8x faster than -j1 on an
# otherwise idle 2-core machine; the load average is printed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
large=${2:-0}
rounds=${3:-5}
disclose=$build/disclose
sample=$here/../samples/changji-gxq-2025.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# What the cores can do, whatever our program: a loop of arithmetic (awk,
# no memory, no system call) timed on each core alone, then on every core
# at once.  On a virtual machine a core's speed is the host's to give: here
# the second core has run the same loop in the same time as the first at
# one hour and in twice it at another.  The ceiling is the work all the
# cores do at once against the fastest one alone: what -jN against -j1
# can reach at best at that moment.
calibrate() {
  n=$(nproc)
  spin="awk 'BEGIN { for (i = 0; i < 2e7; i++) s += i }'"
  alone="" best=""
  for c in $(seq 0 $((n - 1))); do
    /usr/bin/time -f "%e" -o "$work/cal$c" taskset -c "$c" sh -c "$spin"
    t=$(cat "$work/cal$c"); alone="$alone core $c ${t} s,"
    best=$(awk -v a="$t" -v b="${best:-$t}" 'BEGIN { print (a < b ? a : b) }')
  done
  for c in $(seq 0 $((n - 1))); do
    /usr/bin/time -f "%e" -o "$work/cal$c" taskset -c "$c" sh -c "$spin" &
  done
  wait
  together="" ceiling=0
  for c in $(seq 0 $((n - 1))); do
    t=$(cat "$work/cal$c"); together="$together core $c ${t} s,"
    ceiling=$(awk -v s="$ceiling" -v b="$best" -v t="$t" 'BEGIN { print s + b / t }')
  done
  echo "cores ($1): alone${alone%,}; at once${together%,}: ceiling $(awk -v c="$ceiling" 'BEGIN { printf "%.2f", c }')x one core's work"
}
calibrate before

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

python3 "$here/gen_departments.py" "$sample" "$work/src" 40
: > "$work/times"
for run in $(seq "$rounds"); do
  for j in 0 1 2; do
    rm -rf "$work/out"
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [ $j = 0 ]; then pin="taskset -c 0" jobs=1; else pin="" jobs=$j; fi
    /usr/bin/time -f "%e %U %S" -o "$work/t" $pin "$disclose" batch -o "$work/out" -j $jobs "$work/src" > "$work/log$j" 2>&1 || true
    echo "$run $j $(tail -1 "$work/t") $load" >> "$work/times"
  done
done
for j in 0 1 2; do
  wall=$(awk -v j=$j '$2 == j { print $3 }' "$work/times" | median)
  cpu=$(awk -v j=$j '$2 == j { printf "%.2f\n", $4 + $5 }' "$work/times" | median)
  eval "wall_$j=$wall"
  what="-j$j"; [ $j = 0 ] && what="one core (taskset -c 0)"
  echo "batch of 40, $what: median ${wall} s wall, ${cpu} s CPU of $rounds runs ($(grep -E '^[0-9]+ rendered' "$work/log$j"))"
  awk -v j=$j '$2 == j { printf "  %s s wall, %.2f s CPU at load %s\n", $3, $4 + $5, $6 }' "$work/times"
done
pairs=$(awk '{ w[$1, $2] = $3 } END { for (r = 1; (r, 1) in w; r++) print w[r, 1] / w[r, 2] }' "$work/times" | median)
awk -v a="$wall_1" -v b="$wall_2" -v p="$pairs" 'BEGIN { printf "-j2 against -j1: %.2fx faster (medians); median of the rounds: %.2fx\n", a / b, p }'
pairs0=$(awk '{ w[$1, $2] = $3 } END { for (r = 1; (r, 0) in w; r++) print w[r, 0] / w[r, 2] }' "$work/times" | median)
awk -v a="$wall_0" -v b="$wall_2" -v p="$pairs0" 'BEGIN { printf "-j2 against one core: %.2fx faster (medians); median of the rounds: %.2fx\n", a / b, p }'
/usr/bin/time -f "%e" -o "$work/t" "$disclose" batch -o "$work/out" -j 2 "$work/src" > "$work/log" 2>&1 || true
echo "batch of 40, nothing changed: $(tail -1 "$work/t") s ($(grep -E '^[0-9]+ rendered' "$work/log"))"
calibrate after

if [ "$large" -gt 0 ]; then
  python3 "$here/gen_departments.py" "$sample" "$work/big" "$large"
  crash=$(ls "$work/big"/*.txt | sed -n "$((large / 2 + 1))p")
  broken=$(ls "$work/big"/*.txt | sed -n "$((large / 3 + 1))p")
  head -c 20000 "$broken" > "$work/cut" && mv "$work/cut" "$broken"
  rm -rf "$work/out"
  DISCLOSE_TEST_CRASH=$crash "$disclose" batch -o "$work/out" -j 2 "$work/big" > "$work/log" 2>&1 &
  pid=$!
  # five times a second: tenths of seconds since the start, documents
  # done, the workers' resident memory in KiB
  start=$(date +%s%N)
  while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -o rss= --ppid "$pid" 2>/dev/null | awk '{ s = s " " $1 } END { print s }')
    t=$(( ($(date +%s%N) - start) / 100000000 ))
    [ -n "$rss" ] && echo "$t $(grep -cE '^(rendered|FAILED)' "$work/log") $rss" >> "$work/rss"
    sleep 0.2
  done
  wait "$pid" || true
  echo "batch of $large, -j2, $(basename "$crash") crashing its worker, $(basename "$broken") cut short:"
  echo "  $(grep -E '^[0-9]+ rendered' "$work/log")"
  echo "  $(grep -E '^failed:' "$work/log" | tr '\n' ' ')"
  echo "workers' resident memory (MiB) across the run:"
  awk -v n="$large" '{ d = $2 } d >= next_at || NR == 1 {
      printf "  %5.1f s, %4d documents done:", $1 / 10, d
      for (i = 3; i <= NF; i++) printf " %.1f", $i / 1024
      printf "\n"; next_at = d + n / 10 }
      { last = $0 }
      END { split(last, f, " "); printf "  %5.1f s, %4d documents done:", f[1] / 10, f[2]
            for (i = 3; i in f; i++) printf " %.1f", f[i] / 1024; printf "\n" }' "$work/rss"
  awk '{ m = 0; for (i = 3; i <= NF; i++) if ($i > m) m = $i }
       !early && $2 >= 10 { early = m; at = $2 }
       { last = m; lastd = $2 }
       END { printf "largest worker: %.1f MiB at %d documents done, %.1f MiB at %d (%+.1f%%)\n",
             early / 1024, at, last / 1024, lastd, (last - early) * 100 / early }' "$work/rss"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
