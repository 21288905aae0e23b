#!/bin/sh
# One rule's case: `disclose check --lang en` on tests/check/RULE.txt gives
# exactly the findings tests/check/RULE.findings holds (reviewed by hand;
# never rewritten to pass).  The parser's warnings (stderr) are not part of
# the comparison.
#   run-case.sh DISCLOSE CASE_DIR RULE
set -u
disclose=$1 dir=$2 rule=$3
cd "$dir" || exit 2
out=$("$disclose" check --lang en "$rule.txt" 2>/dev/null)
rc=$?
if [ "$rc" -gt 1 ]; then
  echo "disclose check exited with $rc on $rule.txt"
  exit 1
fi
printf '%s\n' "$out" | diff -u "$rule.findings" - || exit 1
# the case trips its rule
grep -q "\[\([a-z0-9-]*,\)*$rule\(,[a-z0-9-]*\)*\]" "$rule.findings" || {
  echo "$rule.findings has no finding of rule $rule"
  exit 1
}
