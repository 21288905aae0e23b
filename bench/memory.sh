#!/bin/sh
# Peak memory of check and render against the size of the source (issue 12:
# "memory proportional to the source, aim <= 10x the source size + fonts").
# Not a test: prints figures, asserts nothing.
#
# Sources: the sample 1x, 10x, 100x and 700x (bench/gen_departments.py
# --scale: its prose and its tables' body rows repeated, the same tables;
# 700x is about 49 MiB, under the 64 MiB --max-size default).  For each command and source: the
# wall time, the peak resident memory (GNU time's %M), and the memory per
# source byte beyond the 1x run (the slope: what the bound's "10x the
# source" means; the 1x run's peak is the fixed part, fonts and program).
# dump (parse alone) runs up to 700x; check up to CHECK_MAX (default 100:
# its name look-ups are indexed now, 100x took 6 s instead of 19 s on a
# loaded machine, but 700x is not measured yet);
# render (PDF, DOCX and XLSX) up to RENDER_MAX (default 100: 700x takes
# several GiB); each output alone at 1x and 10x.
# usage: bench/memory.sh [BUILD_DIR] [CHECK_MAX] [RENDER_MAX]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
check_max=${2:-100}
render_max=${3:-100}
exe=$build/disclose
sample=$here/samples/changji-gxq-2025.txt
[ -x "$exe" ] || { echo "bench/memory.sh: no $exe (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/memory.sh: needs GNU time (Debian package time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average $(cut -d' ' -f1-3 /proc/loadavg)"
cp "$sample" "$work/x1.txt"
for k in 10 100 700; do
    python3 "$here/bench/gen_departments.py" --scale $k "$sample" "$work/x$k.txt" "$exe"
done

# run LABEL SCALE COMMAND...: one line of figures; the 1x run sets the base
run() {
    label=$1 k=$2
    shift 2
    src=$work/x$k.txt
    bytes=$(wc -c < "$src")
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" "$src" >/dev/null 2>&1 || true
    # the last line: GNU time puts "Command exited with non-zero status"
    # (check's findings) above its figures
    secs=$(tail -1 "$work/t" | cut -d' ' -f1)
    kib=$(tail -1 "$work/t" | cut -d' ' -f2)
    if [ "$k" = 1 ]; then base_kib=$kib base_bytes=$bytes; fi
    awk -v l="$label" -v k="$k" -v b="$bytes" -v s="$secs" -v m="$kib" \
        -v bm="$base_kib" -v bb="$base_bytes" 'BEGIN {
        slope = (k == 1 || b == bb) ? "" : sprintf("%6.1f x", (m - bm) * 1024 / (b - bb))
        printf "%-16s %4sx %7.1f MiB source  %8.2f s  peak %7.1f MiB  %5.1f x the source  slope %s\n",
               l, k, b / 1048576, s, m / 1024, m * 1024 / b, slope }'
}

echo
echo "command          scale   source          wall        peak memory      peak/source  slope (extra memory per extra source byte)"
for k in 1 10 100 700; do run "dump" $k "$exe" dump; done
for k in 1 10 100 700; do
    [ "$k" -le "$check_max" ] || continue
    run "check" $k "$exe" check
done
for what in --pdf --docx --xlsx; do
    for k in 1 10; do run "render $what" $k "$exe" render $what -o "$work/out"; done
done
for k in 1 10 100 700; do
    [ "$k" -le "$render_max" ] || continue
    run "render (all)" $k "$exe" render -o "$work/out"
done
