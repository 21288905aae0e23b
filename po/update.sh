#!/bin/sh
# Brings every po/*.po up to date with the messages in src/: new messages
# arrive untranslated (changed ones fuzzy), gone ones are dropped.  Then
# translate the new entries; the test i18n_catalog fails until every one is.
#   po/update.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
"$here/extract.sh" "$pot"
for po in "$here"/*.po; do
  msgmerge --quiet --update --backup=none --no-wrap --no-location \
    --sort-output "$po" "$pot"
  msgattrib --no-obsolete --no-wrap --sort-output -o "$po" "$po"
  # a date that changes on every merge only makes merge conflicts
  sed -i '/^"POT-Creation-Date:/d' "$po"
done
