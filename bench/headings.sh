#!/bin/sh
# Layout time against runs of consecutive headings (keep-with-next), not a
# test: the sample with N headings in a row inserted into its part three,
# rendered to PDF; prints the time of the best of RUNS per N, beside the
# sample alone.  Aim: 20,000 headings under 2 s more than the sample.
# Prints CPU seconds (user + system), steadier than wall time on a shared
# machine, and the wall time beside them.
# usage: bench/headings.sh [BUILD_DIR] [RUNS] [N...]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
runs=${2:-3}
[ $# -ge 2 ] && shift 2 || shift $#
sizes=${*:-1000 10000 20000}
exe=$build/disclose
[ -x "$exe" ] || { echo "bench/headings.sh: no $exe (build first)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=$here/samples/changji-gxq-2025.txt

best() { # "wall cpu" seconds, the best of $runs renders of $1 (by CPU)
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -f '%e %U %S' -o "$work/time" \
            "$exe" render --pdf -o "$work/out" "$1" 2>/dev/null >/dev/null ||
            { echo "bench/headings.sh: render of $1 failed" >&2; exit 1; }
        cat "$work/time"
        i=$((i + 1))
    done | awk '{ cpu = $2 + $3; if (NR == 1 || cpu < best) { best = cpu; wall = $1 } }
                END { print wall, best }'
}

[ -x /usr/bin/time ] || { echo "bench/headings.sh: needs GNU time (Debian package time)" >&2; exit 2; }
base=$(best "$sample")
echo "$base" | awk '{ printf "sample alone:    CPU %6.2f s (wall %6.2f s)\n", $2, $1 }'

for n in $sizes; do
    src=$work/headings-$n.txt
    # before the first line of part three's text, n headings "（k）…" in a row
    # (numbered 1 to 99 over and over: the parser reads 1000 and up as text)
    awk -v n="$n" '
        !done && /^一、/ && part3 {
            for (k = 1; k <= n; k++) printf "（%d）第%d个标题\n", (k - 1) % 99 + 1, k
            done = 1 }
        /^ *第三部分/ { part3 = 1 }
        { print }' "$sample" > "$src"
    echo "$(best "$src") $base" | awk -v n="$n" '
        { printf "%6d headings: CPU %6.2f s (wall %6.2f s), %6.2f s CPU more than the sample\n",
                 n, $2, $1, $2 - $4 }'

done
echo "(user + system CPU of the best of $runs runs; the wall time counts whatever"
echo " else the machine runs: load average $(cut -d' ' -f1-3 /proc/loadavg))"
