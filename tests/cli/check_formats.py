#!/usr/bin/env python3
"""`disclose check --format text|json|sarif`: the same findings three ways.

    check_formats.py DISCLOSE SAMPLE SCHEMA WORKDIR

JSON validates against docs/check-output.schema.json and holds what the text
holds (findings, parse diagnostics, the summary's counts) with the messages
in both languages; SARIF 2.1.0 has one result per finding, pointing at its
line and column; standard input gives the same findings as the file."""
import json
import os
import re
import subprocess
import sys

import jsonschema

exe, sample, schema_path, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
failures = []


def check(cond, what, detail=""):
    if not cond:
        failures.append(what)
        print("FAIL:", what, str(detail)[:500])


def run(*args, lang="C", stdin=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    return subprocess.run([exe, "check", *args], env=env, capture_output=True,
                          text=True, stdin=stdin)


schema = json.load(open(schema_path, encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
jsonschema.Draft202012Validator.check_schema(schema)


def valid(doc, what):
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    check(not errors, f"{what}: valid against the schema",
          "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:3]))


text = run(sample)
lines = text.stdout.splitlines()
summary = re.fullmatch(r"findings: (\d+) errors?, (\d+) warnings?",
                       text.stderr.splitlines()[-1])
check(summary, "text: a summary", text.stderr[-200:])

# JSON
j = run("--format", "json", sample)
check(j.returncode == text.returncode, "json: the same exit status")
doc = json.loads(j.stdout)
valid(doc, "json of the sample")
check(doc["schema"] == "disclose-check/1", "json: the schema version")
f = doc["findings"]
check(len(f) == len(lines) > 0, "json: as many findings as text lines",
      f"{len(f)} vs {len(lines)}")
line_re = re.compile(r"^(.*):(\d+):(\d+): (error|warning|note): \[([a-z0-9,-]+)\] (.+)$")
for x, l in zip(f, lines):
    m = line_re.match(l)
    if not (m and (m[1], int(m[2]), int(m[3]), m[4], m[6]) ==
            (x["file"], x["line"], x["col"], x["severity"], x["message"])):
        check(False, "json: each finding as the text says it", (l, x))
        break
check(summary and (doc["summary"]["errors"], doc["summary"]["warnings"]) ==
      (int(summary[1]), int(summary[2])), "json: the text summary's counts",
      doc["summary"])
diags = [l for l in text.stderr.splitlines()[:-1] if re.match(r".*:\d+:\d+: ", l)]
check(len(doc["diagnostics"]) == len(diags) > 0,
      "json: the parse diagnostics too", (doc["diagnostics"], diags))
named = [x for x in f if x["table"] == 3 and x["row"] == "201"]
check(named and named[0]["row_name"] == "一般公共服务支出" and
      named[0]["column_header"] and named[0]["column"],
      "json: a cell named by table, row code and name, column header and key",
      named[:1])
both = [x for x in f if x["expected"] and x["found"]]
check(both and all("应为" in x["message_zh"] and "expected" in x["message_en"]
                   for x in both),
      "json: messages in both languages", both[:1])
z = json.loads(run("--json", sample, lang="zh_CN.UTF-8").stdout)
valid(z, "json in Chinese")
check(z["language"] == "zh" and
      [x["message"] for x in z["findings"]] ==
      [x["message_zh"] for x in f], "json: message in the chosen language")

# standard input: the same findings
with open(sample) as fh:
    s = json.loads(run("--json", "--name", sample, "-", stdin=fh).stdout)
check(s["findings"] == f, "json of '-' = json of the file")

# a source that does not parse: still one valid document, exit 2
bad = os.path.join(work, "bad.txt")
with open(bad, "wb") as fh:
    fh.write(b"\xff\xfe not text\n")
b = run("--json", bad)
try:
    bd = json.loads(b.stdout)
    valid(bd, "json of a source that does not parse")
    check(b.returncode == 2 and not bd["findings"] and
          any(d["severity"] == "error" and d["file"] == bad
              for d in bd["diagnostics"]),
          "json: a parse error is a diagnostic, exit 2", bd)
except ValueError as e:
    check(False, "json of a source that does not parse is JSON", e)

# SARIF 2.1.0: one result per finding, at its line and column
sr = run("--format", "sarif", sample)
log = json.loads(sr.stdout)
check(log.get("version") == "2.1.0" and "sarif-2.1.0" in log.get("$schema", ""),
      "sarif: version 2.1.0")
runs = log.get("runs", [])
check(len(runs) == 1, "sarif: one run")
r = runs[0]
rules = r["tool"]["driver"]["rules"]
results = r["results"]
check(len(results) == len(f), "sarif: one result per finding",
      f"{len(results)} vs {len(f)}")
for res, x in zip(results, f):
    loc = res["locations"][0]["physicalLocation"]
    ok = (res["ruleId"] == x["rule"] and
          rules[res["ruleIndex"]]["id"] == x["rule"] and
          res["level"] == x["severity"] and
          res["message"]["text"] == x["message"] and
          loc["artifactLocation"]["uri"] == x["file"] and
          loc["region"] == {"startLine": x["line"], "startColumn": x["col"]})
    if not ok:
        check(False, "sarif: each result is its finding", (res, x))
        break
check(r.get("columnKind") == "unicodeCodePoints",
      "sarif: columns count characters")
notes = r["invocations"][0]["toolExecutionNotifications"]
check(len(notes) == len(doc["diagnostics"]),
      "sarif: the parse diagnostics as notifications")
check(all(x["level"] in ("error", "warning", "note") for x in results) and
      all(set(x) <= {"id", "shortDescription", "defaultConfiguration"}
          for x in rules), "sarif: levels and rule descriptors")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
