#!/bin/sh
# What each command pays before its own work (not a test: prints figures,
# asserts nothing).  For --version, check, render --pdf and render --pdf
# --docx on SOURCE (default the sample): the shared objects the dynamic
# loader maps (LD_DEBUG=files, the writer modules and what they pull
# included), its symbol relocations (at exit: the modules' included), its
# relative relocations and its time in cycles before main
# (LD_DEBUG=statistics);
# then the medians of RUNS runs (default 21) of the wall clock and the CPU
# time by bench/measure.py, and /bin/true's for the floor.  Issue 14:
# check <= 30 ms, render --pdf <= 70 ms.
#   bench/startup.sh [BUILD_DIR] [SOURCE] [RUNS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
source=${2:-$here/samples/changji-gxq-2025.txt}
runs=${3:-21}
exe=$build/disclose
[ -x "$exe" ] || { echo "bench/startup.sh: no $exe (build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$exe links: $(ldd "$exe" | awk '$1 !~ /vdso|ld-linux/ {printf "%s ", $1}')"
echo
printf "%-22s %8s %8s %8s %12s\n" command objects relocs relative "loader cycles"
row() { # LABEL COMMAND...
    label=$1
    shift
    rm -f "$work"/ld.*
    LD_DEBUG=files,statistics LD_DEBUG_OUTPUT="$work/ld" "$@" >/dev/null 2>&1 || true
    cat "$work"/ld.* > "$work/all"
    objects=$(sed -n 's/.*file=\([^ ]*\) .*\[0\];  generating link map.*/\1/p' "$work/all" | sort -u | wc -l)
    relocs=$(sed -n 's/.*final number of relocations: *//p' "$work/all" | head -1)
    relative=$(sed -n 's/.*number of relative relocations: *//p' "$work/all" | head -1)
    cycles=$(sed -n 's/.*total startup time in dynamic loader: *\([0-9]*\).*/\1/p' "$work/all" | head -1)
    printf "%-22s %8s %8s %8s %12s\n" "$label" "$objects" "$relocs" "$relative" "$cycles"
}
row "--version" "$exe" --version
row "check" "$exe" check "$source"
row "render --pdf" "$exe" render --pdf -o "$work/out" "$source"
row "render --pdf --docx" "$exe" render --pdf --docx -o "$work/out" "$source"

echo
echo "medians of $runs runs:"
m() { python3 "$here/bench/measure.py" "$@"; }
m "/bin/true" "$runs" /bin/true
m "--version" "$runs" "$exe" --version
m "check" "$runs" "$exe" check "$source"
m "render --pdf" "$runs" "$exe" render --pdf -o "$work/out" "$source"
m "render --pdf --docx" "$runs" "$exe" render --pdf --docx -o "$work/out" "$source"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
