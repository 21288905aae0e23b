#!/bin/sh
# Every message the sources mark for translation has a (non-fuzzy) Chinese
# translation in po/zh_CN.po, and each catalog compiles with `msgfmt -c`
# (format directives agree between msgid and msgstr).
#   tests/i18n/catalog.sh SOURCE_DIR
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$src/po/extract.sh" "$tmp/disclose.pot"
status=0
for po in "$src"/po/*.po; do
  msgfmt -c --statistics -o "$tmp/out.mo" "$po" || status=1
  # msgcmp counts untranslated and fuzzy entries as missing
  msgcmp "$po" "$tmp/disclose.pot" || status=1
done
exit $status
