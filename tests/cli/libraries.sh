#!/bin/sh
# Which shared libraries each command maps, from the dynamic loader's own
# account (LD_DEBUG=files): check, dump, diff, verify and --version none of
# the writers' (libharu, libzip, libxlsxwriter) and no libcrypto; render
# --pdf libharu through disclose-pdf.so and nothing of the DOCX's or the
# workbook's; render --docx and --xlsx their own; a batch of three sources
# on two workers loads each writer once, before the fork (issue 14).
#   tests/cli/libraries.sh DISCLOSE SAMPLE WORK
set -eu
exe=$1 sample=$2 work=$3
rm -rf "$work"
mkdir -p "$work/in"
fail() { echo "libraries.sh: $*" >&2; exit 1; }
heavy='libhpdf|libzip|libxlsxwriter|libcrypto'

# the files the loader opened running COMMAND..., one a line
maps() {
  rm -f "$work"/ld.*
  LD_DEBUG=files LD_DEBUG_OUTPUT="$work/ld" "$@" >/dev/null 2>&1 || true
  cat "$work"/ld.* | sed -n 's/.*file=\([^ ]*\) .*\[0\];  \(needed by\|dynamically loaded by\).*/\1/p'
}

for c in pdf docx xlsx; do cp "$sample" "$work/in/$c.txt"; done
"$exe" batch -q -o "$work/out" --archive "$work/archive" "$work/in" >/dev/null ||
  fail "the batch that makes the archive failed"

# the loader is heard at all (LD_DEBUG is not ignored here)
maps "$exe" --version | grep -q 'libc\.so' || fail "LD_DEBUG=files says nothing"

light() { # NAME COMMAND...
  name=$1
  shift
  got=$(maps "$@" | grep -E "$heavy|disclose-" || true)
  [ -z "$got" ] || fail "$name maps $(echo $got)"
}
light --version "$exe" --version
light check "$exe" check "$sample"
light dump "$exe" dump "$sample"
light diff "$exe" diff "$sample" "$work/in/pdf.txt"
light verify "$exe" verify "$work/archive"

has() { # WHAT PATTERN LIST
  echo "$3" | grep -qE "$2" || fail "$1 does not map $2"
}
hasnt() {
  if echo "$3" | grep -qE "$2"; then fail "$1 maps $2"; fi
}
list=$(maps "$exe" render -q --pdf -o "$work/r" "$sample")
has "render --pdf" 'disclose-pdf\.so' "$list"
has "render --pdf" libhpdf "$list"
hasnt "render --pdf" 'libzip|libxlsxwriter|libcrypto|disclose-(docx|xlsx)' "$list"
[ -s "$work/r/$(basename "$sample" .txt).pdf" ] || fail "render --pdf wrote no PDF"
list=$(maps "$exe" render -q --docx -o "$work/r" "$sample")
has "render --docx" 'disclose-docx\.so' "$list"
has "render --docx" libzip "$list"
hasnt "render --docx" 'libxlsxwriter|disclose-xlsx' "$list"
list=$(maps "$exe" render -q --xlsx -o "$work/r" "$sample")
has "render --xlsx" 'disclose-xlsx\.so' "$list"
has "render --xlsx" libxlsxwriter "$list"

# each writer loaded once in a batch of three on two workers
list=$(maps "$exe" batch -q -j2 --force -o "$work/out2" "$work/in")
for m in pdf docx xlsx; do
  n=$(echo "$list" | grep -c "disclose-$m\.so" || true)
  [ "$n" = 1 ] || fail "batch -j2 of 3 sources loads disclose-$m.so $n times"
done
[ -s "$work/out2/xlsx.xlsx" ] || fail "the batch wrote no workbook"
echo "libraries.sh: check, dump, diff, verify and --version map no writer"
