#!/usr/bin/env python3
"""The checker knows tables only through their layouts.

usage: generality.py DISCLOSE SAMPLE LAYOUTS WORKDIR

1. A 12th table no C code names: a table-12.xml declaring its arithmetic in
   a copy of the layouts (DISCLOSE_LAYOUTS), and a cross-table identity for
   it in the copy's identities.xml (表12 货物 合计 = 表7 资本性支出 合计);
   a 表12 section with one wrong cell and a 货物 total that disagrees with
   表7 in a copy of the sample.  `check` reports both cells, and every other
   finding of the sample stays where it was.
2. A renumbered template: 表8 and 表9 swap numbers, places and titles (the
   layouts say so, the document follows).  `check` gives the sample's
   findings, at the same cells (moved with their sections)."""
import json
import os
import re
import shutil
import subprocess
import sys

disclose, sample, layouts, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def findings(src, lay):
    env = dict(os.environ, DISCLOSE_LAYOUTS=lay, LANGUAGE="en", LC_ALL="C")
    p = subprocess.run([disclose, "check", "--json", src], capture_output=True,
                       text=True, env=env)
    check(p.returncode in (0, 1), "%s: check ran (status %d: %s)"
          % (src, p.returncode, p.stderr.strip()[:300]))
    try:
        data = json.loads(p.stdout or "[]")
        # an array of findings, or an object holding them
        return data["findings"] if isinstance(data, dict) else data
    except (ValueError, KeyError):
        check(False, "%s: JSON output" % src)
        return []


def cells(fs, move=lambda line: line):
    """The findings as (line, col, rules), lines mapped by `move`."""
    return sorted((move(f["line"]), f["col"], ",".join(f.get("rules") or
                                                      [f["rule"]]))
                  for f in fs)


with open(sample, encoding="utf-8") as fh:
    text = fh.read().split("\n")
base = findings(sample, layouts)
check(len(base) > 50, "the sample has its findings (%d)" % len(base))

# ---- 1. a 12th table ----
lay12 = os.path.join(work, "layouts-12")
shutil.rmtree(lay12, ignore_errors=True)
shutil.copytree(layouts, lay12)
with open(os.path.join(lay12, "table-12.xml"), "w", encoding="utf-8") as fh:
    fh.write("""<?xml version="1.0" encoding="UTF-8"?>
<table number="12" role="assets" orientation="portrait" font-size="105">
  <match>新增资产配置预算表</match>
  <columns>
    <col key="item" role="text" width="600"/>
    <col key="all" role="amount" width="200"/>
    <col key="goods" role="amount" width="200"/>
    <col key="services" role="amount" width="200"/>
  </columns>
  <header>
    <row>
      <cell>项目</cell>
      <cell>合计</cell>
      <cell>货物</cell>
      <cell>服务</cell>
    </row>
  </header>
  <arithmetic>
    <sum total="all" parts="goods services"/>
    <total-row/>
  </arithmetic>
</table>
""")
# its identity with 表7, by role and column key (the vote blames 表12: of
# two figures that disagree, the one listed later)
ids = os.path.join(lay12, "identities.xml")
with open(ids, encoding="utf-8") as fh:
    xml = fh.read()
xml = xml.replace("</identities>", """  <role name="assets"/>
  <vote rule="x-project" by="total">
    <figure table="project" column="capital"/>
    <figure table="assets" column="goods"/>
  </vote>
</identities>""")
with open(ids, "w", encoding="utf-8") as fh:
    fh.write(xml)
part3 = next(i for i, l in enumerate(text) if l.strip().startswith("第三部分"))
section = ["表12", "新增资产配置预算表",
           "编制部门：昌吉高新技术产业开发区管理委员会      单位：万元",
           "\t项目", "\t合计", "\t货物", "\t服务", "",
           "\t办公设备", "\t30", "\t20", "\t10", "",
           "\t车辆", "\t55", "\t40", "\t10", "",   # 合计 55: 40 + 10 is 50
           "\t合计", "\t85", "\t60", "\t20", ""]
wrong_line = part3 + section.index("\t55") + 1
goods_line = part3 + section.index("\t60") + 1
src12 = os.path.join(work, "sample-12.txt")
with open(src12, "w", encoding="utf-8") as fh:
    fh.write("\n".join(text[:part3] + section + text[part3:]))
got = findings(src12, lay12)
inside = [f for f in got if part3 < f["line"] <= part3 + len(section)]
hit = [f for f in inside if f["line"] == wrong_line and "row-sum" in
       (f.get("rules") or [f["rule"]])]
check(len(hit) == 1, "表12: row-sum at the wrong cell, line %d (got %s)"
      % (wrong_line, [(f["line"], f["rule"]) for f in inside]))
if hit:
    check((hit[0]["expected"], hit[0]["found"]) == ("50", "55"),
          "表12: expected 50, found 55 (got %s, %s)"
          % (hit[0]["expected"], hit[0]["found"]))
    check(hit[0]["table"] == 12, "表12: the finding names table 12")
cross = [f for f in inside if f["line"] == goods_line and "x-project" in
         (f.get("rules") or [f["rule"]])]
check(len(cross) == 1, "表12: its identity with 表7 (identities.xml) blames "
      "the 货物 total, line %d (got %s)"
      % (goods_line, [(f["line"], f["rules"]) for f in inside]))
if cross:
    check(cross[0]["found"] == "60" and cross[0]["column"] == "goods" and
          "disagrees with 表7 资本性支出" in cross[0]["message_en"],
          "表12: found 60 in 货物, against 表7 资本性支出 (got %s)"
          % cross[0]["message_en"])
outside = [f for f in got if f not in inside]
check(cells(outside) == cells(base, lambda l: l if l <= part3
                              else l + len(section)),
      "表12: the sample's findings elsewhere are unchanged")

# ---- 2. a renumbered template: 表8 and 表9 trade numbers and places ----
layr = os.path.join(work, "layouts-renumbered")
shutil.rmtree(layr, ignore_errors=True)
shutil.copytree(layouts, layr)
titles = {8: ("政府性基金预算支出情况表", "政府性基金预算支出表（按功能分类）"),
          9: ("国有资本经营预算支出情况表", "国有资本经营预算支出表（按功能分类）")}
for old, new in ((8, 9), (9, 8)):
    path = os.path.join(layouts, "table-%02d.xml" % old)
    with open(path, encoding="utf-8") as fh:
        xml = fh.read()
    xml = re.sub(r'<table number="%d"' % old, '<table number="%d"' % new, xml)
    xml = xml.replace("<match>%s</match>" % titles[old][0],
                      "<match>%s</match>" % titles[old][1])
    with open(os.path.join(layr, "table-%02d.xml" % new), "w",
              encoding="utf-8") as fh:
        fh.write(xml)
a0 = text.index("表8")
b0 = text.index("表9")
c0 = text.index("表10")
block8 = ["表9", titles[8][1]] + text[a0 + 2:b0]
block9 = ["表8", titles[9][1]] + text[b0 + 2:c0]
srcr = os.path.join(work, "sample-renumbered.txt")
with open(srcr, "w", encoding="utf-8") as fh:
    fh.write("\n".join(text[:a0] + block9 + block8 + text[c0:]))


def moved(line):
    i = line - 1  # 0-based
    if a0 <= i < b0:
        return line + (c0 - b0)
    if b0 <= i < c0:
        return line - (b0 - a0)
    return line


gotr = findings(srcr, layr)
check(cells(gotr) == cells(base, moved),
      "renumbered: the sample's findings at the same cells (%d and %d)"
      % (len(gotr), len(base)))
for x, y in zip(cells(gotr), cells(base, moved)):
    if x != y:
        print("first difference: renumbered %s, sample %s" % (x, y))
        break

print("%d failures" % len(failures))
sys.exit(1 if failures else 0)
