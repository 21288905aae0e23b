#!/usr/bin/env python3
"""`disclose check` on the 2025 sample and on a repaired copy of it.

usage: check_sample.py DISCLOSE SAMPLE REPAIR_SED WORKDIR

The sample has real mistakes: the checker must find the two the issue names,
each at the line of the wrong cell, must not report an arithmetic error inside
a table that adds up (表4's rows, 表9, 表10), and must pass (exit 0, no error)
once repair-sample.sed has repaired every real mistake."""
import json
import os
import re
import subprocess
import sys

disclose, sample, repair, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args):
    p = subprocess.run([disclose, "check", *args], capture_output=True,
                       text=True)
    return p.returncode, p.stdout, p.stderr


# text output: one line per wrong cell, FILE:LINE:COL: severity: [rules] message
rc, out, err = run(sample)
check(rc == 1, "sample: exit status 1 (got %d)" % rc)
line_re = re.compile(r"^(.*):(\d+):(\d+): (error|warning|note): \[([a-z0-9-]+(,[a-z0-9-]+)*)\] (.+)$")
lines = out.splitlines()
check(lines and all(line_re.match(l) for l in lines),
      "sample: every line is FILE:LINE:COL: severity: [rule] message")
rc2, out2, _ = run(sample)
check(out == out2, "sample: the same findings in the same order twice")

# JSON: the same findings
rc, js, err = run("--json", sample)
check(rc == 1, "sample --json: exit status 1")
try:
    findings = json.loads(js)["findings"]
except ValueError as e:
    findings = []
    check(False, "sample --json: valid JSON (%s)" % e)
check(len(findings) == len(lines), "--json has as many findings as the text")
for f in findings:
    for k in ("rule", "rules", "severity", "table", "row", "row_name",
              "column", "column_header", "expected", "found", "line", "col",
              "file", "message"):
        if k not in f:
            check(False, "--json object lacks %r" % k)
            break


def has(rule, line, table=None):
    return any(rule in f["rules"] and f["line"] == line and f["severity"] == "error"
               and (table is None or f["table"] == table) for f in findings)


# one finding per wrong cell
cells = [(f["line"], f["col"]) for f in findings]
check(len(cells) == len(set(cells)), "one finding per cell")


# the two mistakes, each at the line of the wrong cell
check(has("row-sum", 2473, 3), "表3 201 合计 3197 ≠ 2525 + 667 at line 2473")
m = [f for f in findings if f["line"] == 2473 and "row-sum" in f["rules"]]
check(m and m[0]["expected"] == "3192" and m[0]["found"] == "3197",
      "表3 201: expected 3192, found 3197")
check(m and m[0]["message"].startswith(
          "表3 [201 一般公共服务支出] 合计: expected 3192, found 3197 ("),
      "表3 201 named as a clerk reads it: %r" % (m and m[0]["message"]))
check(has("row-sum", 4980, 6), "表6 维修(护)费 合计 72 ≠ 公用经费 73 at line 4980")
m = [f for f in findings if f["line"] == 4980 and "row-sum" in f["rules"]]
check(m and m[0]["expected"] == "73" and m[0]["found"] == "72",
      "表6 维修(护)费: expected 73, found 72")

# X10: the vehicles' counts (19 + 0 + 19 ≠ 28) and the SME reservations
# (小微 413 > 中小企业 380); X9: 22 forms where the text counts 27, which the
# text explains (未做项目绩效目标表), so a warning, not an error
check(has("text-list", 7007), "车辆28辆 ≠ 19 + 0 + 19 at line 7007")
check(has("text-sme", 7003), "小微 413 > 中小企业 380 at line 7003")
m = [f for f in findings if "perf-count" in f["rules"]]
check(len(m) == 1 and m[0]["severity"] == "warning" and m[0]["line"] == 7014,
      "perf-count: one warning at line 7014 (22 forms, 27 in the text)")
check(not any(set(f["rules"]) & {"perf-funds", "perf-cost", "perf-weight"}
              for f in findings),
      "no perf-funds, perf-cost or perf-weight finding: the sample's forms "
      "add up")


def at(rule, line, sev="error"):
    return any(rule in f["rules"] and f["line"] == line and f["severity"] == sev
               for f in findings)


# what a reviewer finds besides: project 7's 206 against 表7's 186 (the names
# only partly agree), the projects listed (47862) against 表7's 合计 (47705);
# 表11's 合计 and 小计 left blank while 项目支出 holds the money; the
# editor's note "（将名词解释全部保留。）"; the issuing unit named
# four ways (表7, the forms, the signature against the other tables)
check(at("text-project", 6872), "project 7: 206 where 表7 2110301 has 186")
check(at("text-project", 6827), "the projects add up to more than 表7's 合计")
check(at("empty-column", 6547) and at("empty-column", 6548),
      "表11 合计 and 小计 blank in every row")
check(at("leftover", 10203), "（将名词解释全部保留。） at 10203")
# "WW经费" (项目 15) is Xinjiang's way of writing 维稳经费, a real item
# whose 200万元 adds up with the others to the project's 901: not a placeholder
check(not any("leftover" in f["rules"] and f["line"] in (6925, 6929)
              for f in findings), "WW经费 at 6925, 6929 is a name, no leftover")
check(at("unit-name", 5136, "warning") and at("unit-name", 7098, "warning")
      and at("unit-name", 10207, "warning"),
      "the issuing unit named otherwise in 表7, the forms and the signature")
m = [f for f in findings if "unit-name" in f["rules"] and f["line"] == 5136]
check(m and "昌吉高新技术产业开发区管理委员会" in m[0]["message"]
      and "表1:26" in m[0]["message"],
      "unit-name lists the other names and where they occur")

# no finding on a cell that is right: 表2 216's 一般 (228, as its 款 rows
# give) where the empty 上级 beside it is the mistake (reported at 1597);
# 表2's 22302 and 2230299, which 表9 confirms, where 表3 mistyped them
# (reported at 3222, 3231)
check(not any(f["line"] in (1596, 1828, 1845) for f in findings),
      "no finding at 1596, 1828, 1845 (right cells beside the wrong ones)")
check(at("empty-cell", 1597) and at("x-codes", 3222) and at("x-codes", 3231),
      "the wrong cells: 1597 (empty 上级), 3222 and 3231 (表3's codes)")

# no arithmetic error inside a table that adds up
inside = {"hier", "row-sum", "total-row", "side-sum", "balance", "sangong-sum"}
for f in findings:
    if set(f["rules"]) & inside and f["severity"] == "error" and f["table"] in (4, 9, 10):
        check(False, "false error inside 表%d: %s" % (f["table"], f["message"]))

# a correct document: the sample with its real mistakes repaired
fixed = os.path.join(work, "changji-gxq-2025-repaired.txt")
with open(fixed, "wb") as o:
    subprocess.run(["sed", "-f", repair, sample], stdout=o, check=True)
rc, out, err = run(fixed)
errors = [l for l in out.splitlines() if ": error: " in l]
check(rc == 0, "repaired copy: exit status 0 (got %d)" % rc)
check(not errors, "repaired copy: no error\n  " + "\n  ".join(errors))

# usage errors and unreadable input: 2
rc, _, _ = run()
check(rc == 2, "no SOURCE: exit status 2")
rc, _, _ = run("--bogus", sample)
check(rc == 2, "unknown option: exit status 2")
rc, _, _ = run(os.path.join(work, "no-such-file.txt"))
check(rc == 2, "unreadable SOURCE: exit status 2")
rc, out, _ = run("--help")
check(rc == 0 and "row-sum" in out, "--help lists the rules")

print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)
