#!/usr/bin/env python3
"""Writes N department documents made from the sample into DIR, each with its
own department name and its own numbers (every amount of three digits or
more is scaled by a per-document factor), for the batch benchmark.  With
--scale K, writes one document K times the sample instead, for the scaling
and memory benchmarks: every paragraph of prose repeated K times, and every
table body row holding a figure followed by K - 1 copies without its
classification code; header rows, totals, labels and titles once.  The
rows are found as the parser reads them (`disclose dump`'s row lines: a
row may span blank lines), so the K-times document has the sample's
tables and no structural warning the sample has not, and its findings
are the sample's with the repeated prose's and rows' own repeated (at
10x, 290 where the sample has 99).  (Until 2026-11-28 a "row" was any
block from a tab line to a blank line holding a number: table labels and
header rows were repeated with it, and a 10x document had 9,141 findings
and "表2 appears a second time".)

usage: gen_departments.py SAMPLE DIR N
       gen_departments.py --scale K SAMPLE OUT.txt [DISCLOSE]
DISCLOSE is the program whose `dump` finds the rows (default build/disclose).
"""
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

COUNTIES = '昌吉 呼图壁 玛纳斯 奇台 吉木萨尔 木垒 阜康 乌鲁木齐 米东 达坂城'.split()
OFFICES = '财政局 发改委 教育局 卫健委 民政局 水利局 交通局 住建局 农业农村局 应急管理局 自然资源局 生态环境局'.split()


NUMBER = re.compile(r'^-?[\d,]+(\.\d+)?%?$')
HEADING = re.compile(r'^(第.部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[、．.]|表\d|编制)')
# lines that end a cell (parse/lex.c's is_structural): a part title, a table
# label, the 编制部门 line; any other line under a cell continues it
STRUCTURAL = re.compile(r'^([（(]?第[一二三四五六七八九十]+部分|表 *\d|编制(部门|单位))')
CODE_CELL = re.compile(r'^\t[\d\u3000 ]*$')          # a 类/款/项 code, or empty
CODE_PREFIX = re.compile(r'^\t\d{3,7}[ \u3000]+(?=\S)')  # 表1's "201 一般公共服务支出"


def blank(line):
    """A blank line between rows (a cell's line starts with a tab)."""
    return not line.startswith('\t') and not line.strip()


def body_rows(disclose, sample):
    """The body rows as the parser reads them (a row may span blank lines:
    parse_table.c fills a row to its layout's count of cells): a list of
    (first line, line after its last cell line), 0-based."""
    xml = subprocess.run([disclose, 'dump', sample], capture_output=True,
                         check=True).stdout
    lines = open(sample, encoding='utf-8').read().split('\n')
    rows = []
    for table in ET.fromstring(xml).iter('table'):
        starts = [(int(r.get('line')) - 1, r.get('kind')) for r in table.iter('row')]
        for n, (first, kind) in enumerate(starts):
            if n + 1 < len(starts):  # up to the next row
                j = starts[n + 1][0]
            else:  # the table's last row: to a blank line not followed by a cell
                j = first + 1
                while j < len(lines) and not STRUCTURAL.match(lines[j].strip()):
                    if blank(lines[j]) and not ''.join(lines[j + 1:j + 2]).startswith('\t'):
                        break
                    j += 1
            while blank(lines[j - 1]):
                j -= 1
            if kind == 'body':
                rows.append((first, j))
    return rows


def uncoded(row):
    """A copy of a row without its classification code (the code cells
    left empty, a code before a name dropped): a second row of a code is a
    finding of its own (code-dup) and would upset the sums by code."""
    out, lead = [], True
    for line in row:
        if line.startswith('\t') and lead and CODE_CELL.match(line):
            out.append('\t')
            continue
        if line.startswith('\t'):
            lead = False
            line = CODE_PREFIX.sub('\t', line)
        out.append(line)
    return out


def scale(k, sample, out, disclose):
    """Prose paragraphs (outside tables, not headings) repeated k times in
    place, and each table body row holding a figure followed by k - 1
    copies of it without its code: the same tables, k times the rows, and
    about k times the findings of the sample (its prose's findings
    repeated, the copies' sums sound: a copy names no code)."""
    lines = open(sample, encoding='utf-8').read().split('\n')
    rows = {first: stop for first, stop in body_rows(disclose, sample)}
    res, i = [], 0
    while i < len(lines):
        if i in rows:
            row = lines[i:rows[i]]
            res += row
            if any(NUMBER.match(l.strip().replace('\u3000', '')) for l in row if l.startswith('\t')):
                res += ([''] + uncoded(row)) * (k - 1)
            i = rows[i]
            continue
        l = lines[i]
        prose = not l.startswith('\t') and len(l.strip()) > 40 and not HEADING.match(l.strip())
        res += [l] * (k if prose else 1)
        i += 1
    open(out, 'w', encoding='utf-8').write('\n'.join(res))


def main():
    if sys.argv[1] == '--scale':
        here = os.path.dirname(os.path.abspath(__file__))
        disclose = sys.argv[5] if len(sys.argv) > 5 else os.path.join(here, '..', 'build', 'disclose')
        scale(int(sys.argv[2]), sys.argv[3], sys.argv[4], disclose)
        return
    sample, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    text = open(sample, encoding='utf-8').read()
    os.makedirs(out, exist_ok=True)
    for k in range(n):
        dept = COUNTIES[k % len(COUNTIES)] + OFFICES[k % len(OFFICES)] + ('' if k < 60 else str(k))
        factor = 1 + (k % 7) / 10
        t = text.replace('昌吉高新技术产业开发区管理委员会', dept)
        t = re.sub(r'(?<![\d.])(\d{3,})(?![\d.年月日号])', lambda m: str(int(int(m.group(1)) * factor)), t)
        open(os.path.join(out, f'dept{k:03d}.txt'), 'w', encoding='utf-8').write(t)


if __name__ == '__main__':
    main()
