#!/bin/sh
# The bash completion is valid bash and completes commands, options and
# files; bash-completion's helpers are stubbed, so it needs only bash.
#   tests/install/completion.sh COMPLETION_FILE
set -eu
file=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
bash -n "$file"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/a.txt" "$tmp/b.xml"
mkdir "$tmp/sub"
cd "$tmp"
bash -c '
  set -eu
  complete() { :; }
  _init_completion() {
    words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
    cur=${words[cword]} prev=${words[cword-1]}
  }
  _filedir() { # the part of bash-completion it relies on
    if [ "${1:-}" = -d ]; then COMPREPLY+=($(compgen -d -- "$cur"))
    else COMPREPLY+=($(compgen -f -X "!*.${1:-*}" -- "$cur") $(compgen -d -- "$cur")); fi
  }
  . "$1"
  try() { # EXPECTED WORD...
    want=$1; shift
    COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMPREPLY=()
    _disclose
    got=$(printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " ")
    [ "$got" = "$want " ] || { echo "completion of \"$*\": \"$got\", not \"$want\"" >&2; exit 1; }
  }
  try "render" disclose re
  try "batch" disclose --lang zh ba
  try "--docx" disclose render --do
  try "--json" disclose check --j
  try "--force" disclose batch --fo
  try "en zh" disclose --lang ""
  try "a.txt sub" disclose check ""
  try "sub" disclose render -o ""
  try "b.xml sub" disclose render --fontmap ""
' sh "$file"
echo "completion.sh: ok"
