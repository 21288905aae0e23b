#!/bin/sh
# Time and peak memory of `disclose render --pdf` on the sample (not a test).
# usage: bench/render.sh [BUILD_DIR] [SOURCE] [RUNS]
# Aim: under 250 ms and 64 MiB on a 2-core machine (Release or
# RelWithDebInfo build, not the sanitizer one).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
source=${2:-$here/samples/changji-gxq-2025.txt}
runs=${3:-5}
exe=$build/disclose
[ -x "$exe" ] || { echo "bench/render.sh: no $exe (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/render.sh: needs GNU time (Debian package time)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
stem=$(basename "$source"); stem=${stem%.*}

"$exe" render --pdf -o "$out" "$source" 2>/dev/null   # warm the page cache
i=0
while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -v -o "$out/time.$i" "$exe" render --pdf -o "$out" "$source" 2>/dev/null
    i=$((i + 1))
done
# per run: wall clock (m:ss.ss), user + system CPU seconds, peak RSS (KiB)
for f in "$out"/time.*; do
    wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$f")
    usr=$(sed -n 's/.*User time (seconds): //p' "$f")
    sys=$(sed -n 's/.*System time (seconds): //p' "$f")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$f")
    echo "$wall $usr $sys $rss"
done | awk -v runs="$runs" '
    { split($1, t, ":"); ms = (t[1] * 60 + t[2]) * 1000; cpu = ($2 + $3) * 1000
      s += ms; c += cpu
      if (NR == 1 || ms < best) best = ms
      if (NR == 1 || cpu < cbest) cbest = cpu
      if ($4 > rss) rss = $4 }
    END { printf "render --pdf: wall best %.0f ms (mean %.0f), CPU best %.0f ms (mean %.0f), %d runs\n",
                 best, s / NR, cbest, c / NR, runs
          printf "peak memory: %.1f MiB\n", rss / 1024 }'
size=$(wc -c < "$out/$stem.pdf")
pages=$(pdfinfo "$out/$stem.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
echo "output: $size bytes, ${pages:-?} pages ($source)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# The workbook (render --xlsx): the writer alone, timed inside one process
# over many runs (parse and layout excluded), and its size.  Aim: under
# 30 ms and 100 KB.
driver=$build/tests/xlsx_driver
if [ -x "$driver" ]; then
    "$driver" --time --runs 15 -o "$out/$stem.xlsx" "$source" 2>/dev/null
    echo "workbook: $(wc -c < "$out/$stem.xlsx") bytes, $(unzip -l "$out/$stem.xlsx" 2>/dev/null | grep -c 'xl/worksheets/sheet') sheets"
else
    echo "workbook: no $driver (build with tests)"
fi
