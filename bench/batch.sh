#!/bin/sh
# Benchmark (not a test): prints figures, asserts nothing.
#   bench/batch.sh [BUILD_DIR]
# 1. the sample alone, PDF and DOCX: median wall time of 7 runs, peak memory;
# 2. a batch of 40 generated department documents with -j1 and -j2, and a
#    third run with nothing changed;
# 3. where LibreOffice is installed, LibreOffice turning the same DOCX into a
#    PDF, side by side.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
disclose=$build/disclose
sample=$here/../samples/changji-gxq-2025.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for what in "--pdf" "--docx" ""; do
  label=${what:-both}
  times=""
  for i in 1 2 3 4 5 6 7; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$disclose" render $what -o "$work/one" "$sample" 2>/dev/null
    times="$times$(cat "$work/t")
"
  done
  t=$(printf "%s" "$times" | awk '{print $1}' | median)
  m=$(printf "%s" "$times" | awk '{print $2}' | sort -n | tail -1)
  echo "sample alone, ${label#--}: median ${t} s wall, peak $((m / 1024)) MiB"
done

python3 "$here/gen_departments.py" "$sample" "$work/src" 40
for j in 1 2; do
  rm -rf "$work/out"
  /usr/bin/time -f "%e" -o "$work/t" "$disclose" batch -o "$work/out" -j $j "$work/src" > "$work/log" 2>&1 || true
  echo "batch of 40, -j$j: $(cat "$work/t") s ($(tail -1 "$work/log"))"
done
/usr/bin/time -f "%e" -o "$work/t" "$disclose" batch -o "$work/out" -j 2 "$work/src" > "$work/log" 2>&1 || true
echo "batch of 40, nothing changed: $(cat "$work/t") s ($(head -1 "$work/log"))"

if command -v soffice >/dev/null 2>&1; then
  "$disclose" render --docx -o "$work/one" "$sample" 2>/dev/null
  /usr/bin/time -f "%e %M" -o "$work/t" soffice --headless --convert-to pdf --outdir "$work/lo" "$work/one/changji-gxq-2025.docx" >/dev/null 2>&1 || true
  echo "LibreOffice, the same DOCX to PDF: $(awk '{printf "%s s wall, peak %d MiB", $1, $2/1024}' "$work/t")"
else
  echo "LibreOffice: not installed (apt-get install libreoffice-writer-nogui)"
fi
