#!/usr/bin/env python3
"""The README's rule table agrees with the checker's rule table.

usage: readme_rules.py DISCLOSE README CASES_DIR

Every rule `disclose check --help` lists has a row in the README's table
with the same severity ("graded" stands for a rule that grades its own),
the README names no rule the code lacks, and every rule has its case
(CASES_DIR/<rule>.txt and <rule>.findings)."""
import os
import re
import subprocess
import sys

disclose, readme, cases = sys.argv[1:4]
env = dict(os.environ, LANG="C", LC_ALL="C", LANGUAGE="")
out = subprocess.run([disclose, "check", "--help"], capture_output=True,
                     text=True, env=env).stdout
code = {}
for line in out.splitlines():
    m = re.match(r"^  ([a-z][a-z0-9-]+) +(error|warning|note) +\S", line)
    if m:
        code[m.group(1)] = m.group(2)
text = open(readme, encoding="utf-8").read()
table = text[text.index("<!-- checks:begin -->"):text.index("<!-- checks:end -->")]
doc = {}
for line in table.splitlines():
    m = re.match(r"^\| `([a-z0-9-]+)` \| (error|warning|graded) \|", line)
    if m:
        doc[m.group(1)] = m.group(2)
failures = []
if len(code) < 10:
    failures.append("check --help lists only %d rules" % len(code))
for r, sev in code.items():
    if r not in doc:
        failures.append("README lacks rule %s" % r)
    elif doc[r] != sev and doc[r] != "graded":
        failures.append("README gives %s as %s, the code as %s" % (r, doc[r], sev))
    for ext in (".txt", ".findings"):
        if not os.path.exists(os.path.join(cases, r + ext)):
            failures.append("rule %s has no case %s%s" % (r, r, ext))
for r in doc:
    if r not in code:
        failures.append("README names rule %s, which the code lacks" % r)
for f in failures:
    print("FAIL:", f)
print("%d rules, %d failure(s)" % (len(code), len(failures)))
sys.exit(1 if failures else 0)
