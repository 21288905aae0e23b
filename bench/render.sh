#!/bin/sh
# Benchmark of one document (not a test: prints figures, asserts nothing).
# usage: bench/render.sh [BUILD_DIR] [SOURCE] [RUNS]
#   1. render --pdf, --docx, --pdf --docx (what the target is about),
#      --xlsx, all three (render without a flag) and check on SOURCE
#      (default the sample):
#      medians of RUNS runs (default 11) of the wall clock and of the CPU
#      time (user + system), to a tenth of a millisecond, and the peak
#      memory (largest of the runs), by bench/measure.py;
#   2. LibreOffice turning our DOCX of SOURCE into a PDF, the same way, and
#      the ratio of its time to ours (where soffice is installed);
#   3. the scaling table: sources 1x, 2x, 5x, 10x SOURCE (its prose and
#      table rows repeated, bench/gen_departments.py --scale), PDF + DOCX.
# Targets (issue 14, on a 2-core machine, Release or RelWithDebInfo build):
# sample PDF+DOCX <= 100 ms and 48 MiB, PDF alone <= 70 ms, check <= 30 ms;
# 10x in <= 11x the time and <= 4x the memory.  The machine may be shared:
# the load average is printed with the figures, and the CPU time is the
# steadier of the two times.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
source=${2:-$here/samples/changji-gxq-2025.txt}
runs=${3:-11}
exe=$build/disclose
[ -x "$exe" ] || { echo "bench/render.sh: no $exe (build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stem=$(basename "$source"); stem=${stem%.*}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL RUNS COMMAND...: one line "LABEL: wall W ms, cpu C ms, peak R MiB"
# (medians of RUNS runs to a tenth of a millisecond, largest peak: see
# bench/measure.py); sets $wall_ms, $cpu_ms and $rss_mib
measure() {
    python3 "$here/bench/measure.py" "$@" > "$work/m"
    cat "$work/m"
    set -- $(sed 's/.*wall *\([0-9.]*\) ms *cpu *\([0-9.]*\) ms *peak *\([0-9.]*\) MiB/\1 \2 \3/' "$work/m")
    wall_ms=$1 cpu_ms=$2 rss_mib=$3
}

echo
echo "$stem, medians of $runs runs:"
measure "render --pdf" "$runs" "$exe" render --pdf -o "$work/out" "$source"
measure "render --docx" "$runs" "$exe" render --docx -o "$work/out" "$source"
measure "render --pdf --docx" "$runs" "$exe" render --pdf --docx -o "$work/out" "$source"
ours_ms=$wall_ms ours_cpu=$cpu_ms
measure "render --xlsx" "$runs" "$exe" render --xlsx -o "$work/out" "$source"
measure "render (PDF + DOCX + XLSX)" "$runs" "$exe" render -o "$work/out" "$source"
measure "check" "$runs" "$exe" check "$source"
size=$(wc -c < "$work/out/$stem.pdf")
pages=$(pdfinfo "$work/out/$stem.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
echo "output: PDF $size bytes, ${pages:-?} pages; DOCX $(wc -c < "$work/out/$stem.docx") bytes"

echo
if command -v soffice >/dev/null 2>&1; then
    lo_runs=$(( runs < 3 ? runs : 3 ))
    measure "LibreOffice DOCX -> PDF" "$lo_runs" soffice --headless \
        -env:UserInstallation="file://$work/lo-profile" --convert-to pdf \
        --outdir "$work/lo" "$work/out/$stem.docx"
    awk -v lo="$wall_ms" -v ours="$ours_ms" -v loc="$cpu_ms" -v oc="$ours_cpu" 'BEGIN {
        printf "LibreOffice / disclose (PDF + DOCX): %.1fx the wall time, %.1fx the CPU time (medians of %d)\n",
               lo / ours, loc / oc, '"$lo_runs"' }'
else
    echo "LibreOffice: not installed (apt-get install libreoffice-writer-nogui)"
fi

echo
echo "scaling, PDF + DOCX, medians of $runs runs (x = source repeated):"
printf "%6s %8s %8s %8s %8s %8s %8s %8s\n" size lines pages wall_ms cpu_ms MiB "cpu/1x" "MiB/1x"
for k in 1 2 5 10; do
    python3 "$here/bench/gen_departments.py" --scale "$k" "$source" "$work/x$k.txt" "$exe"
    measure "x$k" "$runs" "$exe" render --pdf --docx -o "$work/sc" "$work/x$k.txt" > /dev/null
    [ "$k" = 1 ] && { base_cpu=$cpu_ms; base_rss=$rss_mib; }
    p=$(pdfinfo "$work/sc/x$k.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
    awk -v k="$k" -v l="$(wc -l < "$work/x$k.txt")" -v p="${p:-?}" -v w="$wall_ms" -v c="$cpu_ms" \
        -v m="$rss_mib" -v bc="$base_cpu" -v bm="$base_rss" 'BEGIN {
        printf "%5sx %8s %8s %8s %8s %8s %7.1fx %7.1fx\n", k, l, p, w, c, m, c / bc, m / bm }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# The workbook (render --xlsx): the writer alone, timed inside one process
# over many runs (parse and layout excluded), and its size.  Aim: under
# 30 ms and 100 KB.
echo
driver=$build/tests/xlsx_driver
if [ -x "$driver" ]; then
    "$driver" --time --runs 15 -o "$work/$stem.xlsx" "$source" 2>/dev/null
    echo "workbook: $(wc -c < "$work/$stem.xlsx") bytes, $(unzip -l "$work/$stem.xlsx" 2>/dev/null | grep -c 'xl/worksheets/sheet') sheets"
else
    echo "workbook: no $driver (build with tests)"
fi
