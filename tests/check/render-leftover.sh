#!/bin/sh
# One rule serves both: every leftover `disclose check` reports as an error
# in tests/check/leftover.txt (leftover.findings), `disclose render` reports
# as a warning at the same line and column, prints the document anyway
# (exit 0, the PDF written), and warns about nothing else of the kind (the
# case's "WW经费" is a name).
#   render-leftover.sh DISCLOSE CASE_DIR
set -u
disclose=$1 dir=$2
out=$(mktemp -d) || exit 2
trap 'rm -rf "$out"' EXIT
cd "$dir" || exit 2
"$disclose" render --lang en --pdf -o "$out" leftover.txt 2>"$out/err"
rc=$?
[ "$rc" -eq 0 ] || { echo "render exited with $rc"; cat "$out/err"; exit 1; }
[ -s "$out/leftover.pdf" ] || { echo "no PDF written"; exit 1; }
want=$(grep '\[leftover\]' leftover.findings | sed 's/: error: /: warning: /')
got=$(grep '\[leftover\]' "$out/err")
[ -n "$want" ] || { echo "leftover.findings has no leftover"; exit 1; }
if [ "$want" != "$got" ]; then
  echo "render's leftover warnings differ from check's findings:"
  printf 'want:\n%s\ngot:\n%s\n' "$want" "$got"
  exit 1
fi
