#!/usr/bin/env python3
"""Writes the per-rule cases tests/check/<rule>.txt from the 2025 sample.

usage: make-cases.py SAMPLE REPAIR_SED LAYOUTS OUTDIR [RULE...]

Each case is a small source cut from the repaired sample (the sample with
tests/check/repair-sample.sed applied, which checks clean): the part title of
the tables, the tables the rule reads (the coded ones cut down to a few
classes, their 合计 row added up again), the lines of part three it reads,
and the signature; then one edit that trips the rule.  Edits address lines
of the repaired sample.  The expected findings beside each case,
<rule>.findings, are written by hand after reading what `disclose check`
says (tests/check/run-case.sh prints it); this script never writes them."""
import os
import re
import subprocess
import sys
from decimal import Decimal

sample, repair, layouts, outdir = sys.argv[1:5]
only = set(sys.argv[5:])
lines = subprocess.run(["sed", "-f", repair, sample], capture_output=True,
                       check=True, text=True).stdout.split("\n")

SIGNATURE = ["", "                  昌吉高新技术产业开发区管理委员会",
             "                          2025年2月10日", ""]


def keys(n):
    xml = open(os.path.join(layouts, "table-%02d.xml" % n), encoding="utf-8").read()
    return re.findall(r'<col key="([a-z_]+)" role="([a-z]+)"', xml)


def nheader(n):
    xml = open(os.path.join(layouts, "table-%02d.xml" % n), encoding="utf-8").read()
    hdr = xml[xml.index("<header>"):xml.index("</header>")]
    return hdr.count("<row>") + hdr.count("<row ")


def table_starts(ls):
    """Line index of each 表N label of part two."""
    out = {}
    for i, l in enumerate(ls):
        m = re.match(r"^\s*表(\d+)\s*$", l)
        if m and int(m.group(1)) not in out:
            out[int(m.group(1))] = i
    return out


def part_line(ls, k):
    for i, l in enumerate(ls):
        if re.match(r"^\s*（?第%s部分" % "一二三四"[k - 1], l):
            return i
    raise SystemExit("no part %d" % k)


def table_lines(ls, n):
    st = table_starts(ls)
    a = st[n]
    b = st.get(n + 1, part_line(ls, 3))
    return ls[a:b]


def split_rows(tl, ncols=0):
    """(pre, rows): the lines before the first row, and the rows as lists
    of cells, each cell a list of lines (TAB removed from the first).  A
    coded row with fewer than `ncols` cells goes on across a blank line
    (Word left one inside the row)."""
    i = 0
    while i < len(tl) and not tl[i].startswith("\t"):
        i += 1
    pre, rows, cur = tl[:i], [], None
    for l in tl[i:]:
        if l.startswith("\t"):
            if cur is None:
                cur = []
                rows.append(cur)
            cur.append([l[1:]])
        elif l.strip() == "":
            if cur and len(cur) < ncols and re.fullmatch(
                    r"\d{3,4}|", cur[0][0].strip()) and any(
                    re.fullmatch(r"\d{2,4}", c[0].strip()) for c in cur[:3]):
                continue
            cur = None
        elif cur:
            cur[-1].append(l)
    return pre, rows


def join_rows(pre, rows):
    out = list(pre)
    for r in rows:
        for c in r:
            out.append("\t" + c[0])
            out.extend(c[1:])
        out.append("")
    return out


def num(s):
    s = s.replace("\u3000", "").strip()
    try:
        return Decimal(s) if s else None
    except Exception:
        return None


def cut_table(ls, n, classes):
    """Table n with only the rows of `classes` (3-digit codes) and its 合计
    row added up again over the kept 类 rows; None keeps it whole.  What
    comes before the first coded row (title, 编制部门, header) is kept as
    it is."""
    tl = table_lines(ls, n)
    if classes is None:
        return tl
    pre, rows = split_rows(tl, len(keys(n)))
    first = next(i for i, r in enumerate(rows)
                 if re.fullmatch(r"\d{3,4}", r[0][0].strip()))
    # the lines up to that row, verbatim
    starts, inrow = [], False
    for k, l in enumerate(tl):
        if l.startswith("\t"):
            if not inrow:
                starts.append(k)
            inrow = True
        elif l.strip() == "":
            inrow = False
    head_lines = tl[:starts[first]]
    body = rows[first:]
    cols = keys(n)
    kept, cls, total = [], "", None
    for r in body:
        c0 = r[0][0].strip()
        if re.fullmatch(r"\d{3,4}", c0):
            cls = c0[:3]
        elif c0 == "" and len(r) > 1 and re.fullmatch(r"\d{2}", r[1][0].strip()):
            pass  # 表6: the 类 is carried down
        elif re.search(r"合\s*计|总\s*计", "".join(c[0] for c in r)):
            total = r
            continue
        else:
            cls = ""
        if cls in classes:
            kept.append(r)
    sums = {}
    for r in kept:
        if not re.fullmatch(r"\d{3,4}", r[0][0].strip()) or (
                len(r) > 1 and re.fullmatch(r"\d{2}", r[1][0].strip())):
            continue  # 类 rows only
        for k, (key, role) in enumerate(cols):
            if role == "amount" and k < len(r):
                v = num(r[k][0])
                if v is not None:
                    sums[k] = sums.get(k, Decimal(0)) + v
    rows_out = kept
    if total is not None:
        total = [list(c) for c in total]
        for k, (key, role) in enumerate(cols):
            if role == "amount" and k < len(total):
                total[k] = [str(sums[k]) if k in sums else ""]
        rows_out = kept + [total]
    return head_lines + join_rows([], rows_out)[0:]


def form_lines(ls, which):
    """The lines of the performance forms: "dept" or project form i."""
    a3, a4 = part_line(ls, 3), part_line(ls, 4)
    starts = []
    for i in range(a3, a4):
        t = re.sub(r"\s", "", ls[i])
        if ls[i].startswith("\t") and t in ("部门整体绩效目标申报表", "项目支出绩效目标表"):
            starts.append((i, t))
    out = []
    for j, (i, t) in enumerate(starts):
        e = starts[j + 1][0] if j + 1 < len(starts) else a4
        k = -1 if t == "部门整体绩效目标申报表" else j - 1
        if which == "dept" and k == -1 or which == k:
            out = ls[i:e]
    while out and not out[-1].startswith("\t") and out[-1].strip():
        out.pop()  # text after the last form
    return out + [""]


def build(spec):
    ls = list(lines) if spec.get("source") != "sample" else open(
        sample, encoding="utf-8").read().split("\n")
    for ln, old, new in spec.get("edits", []):
        if old not in ls[ln - 1]:
            raise SystemExit("edit %d: %r not in %r" % (ln, old, ls[ln - 1]))
        ls[ln - 1] = ls[ln - 1].replace(old, new, 1)
    out = []
    if spec.get("tables"):
        out += [ls[part_line(ls, 2)], ""]
        for n, classes in spec["tables"]:
            out += cut_table(ls, n, classes) + [""]
    # part three's title also ends the last table (a signature right after
    # a table's short last row would read as more of its cells)
    out += [ls[part_line(ls, 3)]]
    if spec.get("text") or spec.get("forms"):
        for a, b in spec.get("text", []):
            out += ls[a - 1:b] + [""]
        for f in spec.get("forms", []):
            out += form_lines(ls, f)
    text = "\n".join(out)
    for old, new in spec.get("after", []):
        if old not in text:
            raise SystemExit("after: %r not in the case" % old)
        text = text.replace(old, new, 1)
    out = text.split("\n")
    sig = list(SIGNATURE)
    if spec.get("signature"):
        sig[1] = "                  " + spec["signature"]
    return "\n".join(out + sig)


def row_of(ls, n, code):
    """1-based line of the first cell of table n's row with `code` (the 类
    carried down where 表6 leaves it blank)."""
    tl0 = table_starts(ls)[n]
    tl = table_lines(ls, n)
    ncode = sum(1 for k, role in keys(n) if role in ("class", "kuan", "xiang"))
    i, cls = 0, ""
    while i < len(tl):
        if not tl[i].startswith("\t"):
            i += 1
            continue
        j, cells = i, []
        while j < len(tl) and (tl[j].startswith("\t") or tl[j].strip()):
            if tl[j].startswith("\t"):
                cells.append(tl[j][1:].strip())
            j += 1
        parts = cells[:ncode]
        if parts and re.fullmatch(r"\d{3,4}", parts[0]):
            cls = parts[0]
        elif parts and parts[0] == "" and len(parts) > 1 and parts[1]:
            parts = [cls] + parts[1:]
        if "".join(parts) == code:
            return tl0 + i + 1
        i = j
    raise SystemExit("表%d has no row %s" % (n, code))


def cell(n, code, col):
    """The line of cell `col` (0-based) of table n's row with `code`."""
    i = row_of(lines, n, code) - 1
    k = -1
    while True:
        if lines[i].startswith("\t"):
            k += 1
            if k == col:
                return i + 1
        i += 1


P3 = (6743, 6743)  # the title of part three, for headings to count


def c(n, code, col):
    return cell(n, code, col)


CASES = {
    # ---- within one table ----
    "hier": {"tables": [(3, {"201"})],
             "edits": [(c(3, "2010301", 4), "1514", "1524"),
                       (c(3, "2010301", 5), "1514", "1524")]},
    "hier-orphan": {"tables": [(3, {"201"})],
                    "edits": [(c(3, "20104", 1), "04", "98")]},
    "row-sum": {"tables": [(6, {"302"})],
                "edits": [(c(6, "30213", 3), "73", "72")]},
    "total-row": {"tables": [(3, {"201", "204"})],
                  "after": [("\t3245", "\t3246")]},
    "side-sum": {"tables": [(1, None)], "edits": [(44, "51436", "51437")]},
    "balance": {"tables": [(1, None)], "edits": [(191, "90411", "90412")]},
    "sangong-sum": {"tables": [(10, None)], "edits": [(6488, "79.5", "80.5")]},
    "not-number": {"tables": [(3, {"201"})],
                   "edits": [(c(3, "20103", 5), "1564", "1564元")]},
    "code-malformed": {"tables": [(3, {"208"})],
                       "edits": [(c(3, "2080502", 0), "208", "2085")]},
    "code-dup": {"tables": [(8, {"212"})]},
    "empty-column": {"source": "sample", "tables": [(11, None)]},
    "empty-cell": {"tables": [(3, {"201"})],
                   "after": [("\t3192\n\t2846\n\t346", "\t3192\n\t\n\t346")]},
    # ---- across tables ----
    "x-class": {"tables": [(2, {"201"}), (3, {"201"})],
                "edits": [(c(3, "201", 4), "3192", "3202"),
                          (c(3, "201", 5), "2846", "2856")]},
    # 216: 表2's 上级 left empty while 一般 agrees with its 款 rows: the
    # empty 上级 is blamed, not 一般
    "x-general": {"tables": [(2, {"201", "216"}), (5, {"201", "216"})],
                  "edits": [(c(5, "201", 4), "3192", "3202"),
                            (c(5, "201", 5), "2846", "2856"),
                            (c(2, "216", 7), "1000", "")]},
    "x-fund": {"tables": [(2, {"232"}), (8, {"232"})],
               "edits": [(c(8, "232", 4), "1422", "1432"),
                         (c(8, "232", 7), "1422", "1432")]},
    "x-soe": {"tables": [(2, {"223"}), (9, {"223"})],
              "edits": [(c(9, "223", 4), "70", "60"),
                        (c(9, "223", 7), "70", "60")]},
    "x-basic": {"tables": [(5, None), (6, None)],
                "after": [("\t5182\n\t3156\n\t2026", "\t5183\n\t3157\n\t2026")]},
    "x-project": {"tables": [(5, {"232"}), (7, {"232"})],
                  "edits": [(c(7, "232", 5), "355", "365"),
                            (c(7, "232", 9), "355", "365")]},
    "x-split": {"tables": [(3, {"201"}), (5, {"201"})],
                "edits": [(c(3, "201", 5), "2846", "2836"),
                          (c(3, "201", 6), "346", "356")]},
    "x-income": {"tables": [(1, None), (4, None)],
                 "edits": [(3582, "52887", "52888")]},
    "x-carry": {"tables": [(1, None), (11, None)],
                "edits": [(6738, "27766", "27767"), (6739, "27766", "27767"),
                          (6742, "27766", "27767")]},
    "x-sangong": {"tables": [(6, {"302"}), (10, None)],
                  "edits": [(6500, "21", "12"), (6501, "21", "12")],
                  "after": [("\t79.5\n\t79.5", "\t70.5\n\t70.5")]},
    # 表5 lists 表2's code too: the mistake is 表3's alone, reported there
    "x-codes": {"tables": [(2, {"201"}), (3, {"201"}), (5, {"201"})],
                "edits": [(c(3, "2010301", 2), "01", "09")]},
    # 30212 printed 30210, after 30211
    # and 表9, whose 223 row follows its 230 row (a warning: 表2 and 表4
    # give both codes)
    "code-order": {"tables": [(4, None), (6, {"302"}), (9, None)],
                   "edits": [(c(6, "30212", 1), "12", "10")]},
    "code-name": {"tables": [(2, {"201"}), (3, {"201"})],
                  "edits": [(c(3, "20103", 3), "政府办公厅", "政府办")]},
    "unit-name": {"tables": [(3, {"201"}), (5, {"201"})],
                  "edits": [(3838, "昌吉高新技术产业开发区管理委员会",
                             "昌吉高新区管委会")]},
    # ---- the text of part three ----
    # also 表11's items in the section numbered "11、" (十一、 meant), one
    # named only partly as its row ("提前下达2022年昌吉服务业发展资金" for
    # "提前下达2022年服务业发展资金昌州财建[2024]135号"); its 主要用于
    # amount names no row and is not compared
    # and a 项 chain whose 款 the text names only partly (支持中小企业发展
    # 管理 for 表5's 支持中小企业发展盒管理支出)
    "text-amount": {"tables": [(5, None), (6, None), (11, None)],
                    "text": [(6766, 6766), (6830, 6830), (6850, 6852),
                             (6999, 7008)],
                    "edits": [(6851, "人员经费3156万元", "人员经费3165万元"),
                              (7008, "发展资金228万元", "发展资金238万元"),
                              (7000, "财政拨款27766万元", "财政拨款27756万元"),
                              (6830, "预算数为4000万元", "预算数为4007万元")]},
    "text-sangong": {"tables": [(10, None)], "text": [(6996, 6997)],
                     "edits": [(6997, "公务用车运行费54万元", "公务用车运行费45万元")]},
    "text-share": {"text": [(6748, 6750)],
                   "edits": [(6750, "占 56.91%", "占 56.19%")]},
    "text-growth": {"text": [(6748, 6750)],
                    "edits": [(6750, "增长 17.41%", "增长 17.14%")]},
    "text-direction": {"text": [(6748, 6750)],
                       "edits": [(6750, "增长 17.41%", "下降 17.41%")]},
    "unit-slip": {"text": [(6748, 6750)],
                  "edits": [(6750, "增加7627万元", "增加7627元")]},
    "heading-year": {"text": [(6748, 6750)],
                     "edits": [(6748, "2025年", "2024年")]},
    "numbering": {"text": [(6744, 6744), (6748, 6749), (6756, 6757)],
                  "edits": [(6756, "三、", "四、")]},
    # project 4 by its name, project 7 by the part of its name it shares
    # with 表7's "143号2024年自治区…奖补资金等" (196 where the row has 186),
    # and the three listed (3330 + 196 + 420) more than 表7's 合计 (3909);
    # their 资金分配情况 give 表7's figures, so text-alloc stays silent
    "text-project": {"signature": "昌吉高新区管理委员会",
                     "tables": [(7, {"205", "211"})],
                     "text": [(6853, 6853), (6868, 6873), (6889, 6894),
                              (6896, 6901)],
                     "edits": [(6870, "3303万元", "3330万元"),
                               (6891, "186万元", "196万元")]},
    # projects 5 (one item changed), 11 (2000 = 650 + 500 + 850 by chance:
    # the items still add up to the 规模) and 17 (5.67 + 4.94 makes 11 at
    # the 规模's whole 万元)
    "text-alloc": {"text": [(6853, 6853), (6875, 6880), (6917, 6922),
                            (6958, 6962)],
                   "edits": [(6879, "产业提质增效1400万元", "产业提质增效1480万元")]},
    # and 9 pieces of equipment worth 100万元 or more among 6 worth 50万元
    # or more
    "text-list": {"text": [(7020, 7021), (7029, 7029)],
                  "edits": [(7021, "服务预算 370 万元", "服务预算 360 万元"),
                            (7029, "大型设备2台", "大型设备9台")]},
    "text-sme": {"text": [(7020, 7022)],
                 "edits": [(7022, "预算金额   380万元", "预算金额   480万元")]},
    # project 15's "WW经费" (维稳经费, as Xinjiang writes it) is a name and
    # stays silent
    "leftover": {"text": [(6748, 6750), (6944, 6948)],
                 "edits": [(6749, "其中：", "其中（此处填写主要来源）："),
                           (6750, "主要原因是", "主要原因是××待补充，")]},
    # ---- the performance forms ----
    # also: the department's own goal names another amount than 表1's
    # budget, and 0 non-fiscal projects cover 5万元
    "perf-count": {"signature": "昌吉市高新技术产业开发区", "tables": [(1, None)],
                   "text": [(7032, 7033)], "forms": [0],
                   "edits": [(7033, "涉及金额90411万元", "涉及金额90441万元"),
                             (7033, "项目0个，涉及预算金额0万元",
                              "项目0个，涉及预算金额5万元")]},
    "perf-funds": {"signature": "昌吉市高新技术产业开发区", "forms": [0], "edits": [(7128, "182", "180")]},
    "perf-cost": {"signature": "昌吉市高新技术产业开发区", "forms": [0], "edits": [(7188, "<=182万元", "<=192万元")]},
    "perf-weight": {"signature": "昌吉市高新技术产业开发区", "forms": [0], "edits": [(7151, "10", "15")]},
    # with the text, which counts 2 department-wide goals (perf-count; its
    # count of project forms left out)
    "perf-dept": {"tables": [(1, None)], "forms": ["dept"],
                  "text": [(7032, 7033)],
                  "edits": [(7033, "整体预算绩效目标1个", "整体预算绩效目标2个"),
                            (7033, "当年财政拨款项目27个，涉及预算金额1562.12万元；", "")]},
}


def main():
    os.makedirs(outdir, exist_ok=True)
    for rule, spec in CASES.items():
        if only and rule not in only:
            continue
        with open(os.path.join(outdir, rule + ".txt"), "w", encoding="utf-8") as f:
            f.write(build(spec))


main()
