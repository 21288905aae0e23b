#!/bin/sh
# The man page renders without a groff warning, and it names every option
# that `disclose CMD --help` lists and every variable the program reads.
#   tests/install/manpage.sh DISCLOSE MAN_PAGE SOURCE_DIR
set -eu
disclose=$1 page=$2 src=$3
status=0
out=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1)
[ -z "$out" ] || { echo "groff: $out"; status=1; }
text=$(sed 's/\\-/-/g' "$page")
has() { printf '%s\n' "$text" | grep -q -- "$1"; }
for cmd in "" render check dump batch verify diff; do
  # shellcheck disable=SC2086
  for opt in $("$disclose" $cmd --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    has "$opt" || { echo "disclose.1 lacks $opt (disclose $cmd --help)"; status=1; }
  done
done
for var in $(grep -rhoE 'getenv\("[A-Z_]+"\)' "$src/src" | sed 's/getenv("//;s/")//' | sort -u); do
  case $var in DISCLOSE_TEST_*) continue ;; esac # the tests' hooks
  has "$var" || { echo "disclose.1 lacks the variable $var"; status=1; }
done
exit $status
