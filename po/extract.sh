#!/bin/sh
# Extracts every translatable message of disclose (_("…"), N_("…"),
# P_("…", "…", n) in src/) into the template OUT: one place for the
# xgettext arguments, used by `--target pot` and the catalog test.
#   po/extract.sh OUT.pot
set -eu
out=$1
here=$(cd "$(dirname "$0")/.." && pwd)
list=$(mktemp)
trap 'rm -f "$list"' EXIT
(cd "$here" && find src -name '*.[ch]' | LC_ALL=C sort) > "$list"
cd "$here"
xgettext --language=C --from-code=UTF-8 -k --keyword=_ --keyword=N_ \
  --keyword=P_:1,2 --add-comments=TRANSLATORS: --package-name=disclose \
  --sort-by-file --force-po --no-wrap -f "$list" -o "$out"
