#!/usr/bin/env python3
"""Checks `disclose dump` on a source, independently of the parser's code.

usage: dump_check.py DISCLOSE SOURCE LAYOUTS_DIR [--tables N --forms N]

1. Nothing lost: the multiset of digit sequences and of Han characters in
   the dump's text (element text plus the numbering attributes) equals that
   of the source, Word artefacts ([bookmark: …]) aside.
2. Every numbered table has as many body rows as the source has: counted
   here from the cells of the table's stretch of source, minus the header
   cells of its layout and the cells of its title and 编制部门 rows, divided
   by its number of columns (a short last row counts as a row).
3. The counts of numbered tables and forms, when given.
"""
import collections
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

HAN = re.compile(r'[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]')
DIGITS = re.compile(r'[0-9]+')
ARTEFACT = re.compile(r'\[bookmark:[^\]]*\]')


def tokens(text):
    return collections.Counter(DIGITS.findall(text)) + collections.Counter(HAN.findall(text))


def dump_text(root):
    parts = []
    for el in root.iter():
        if el.text:
            parts.append(el.text)
        for a in ('numbering', 'label'):
            if a in el.attrib:
                parts.append(el.attrib[a])
        parts.append('\n')
    return '\n'.join(parts)


def layout_shapes(layouts):
    """{number: (ncols, header cell count)} from the table descriptions."""
    import glob, os
    shapes = {}
    for f in sorted(glob.glob(os.path.join(layouts, 'table-*.xml'))):
        t = ET.parse(f).getroot()
        ncols = len(t.find('columns').findall('col'))
        hcells = sum(len(r.findall('cell')) for r in t.find('header').findall('row'))
        shapes[int(t.get('number'))] = (ncols, hcells)
    return shapes


def source_body_rows(lines, shapes):
    """Body rows per table counted from raw cells, by a method of its own."""
    starts = [(i, int(m.group(1))) for i, l in enumerate(lines)
              if (m := re.fullmatch(r'\s*表(\d+)\s*', l))]
    counts = {}
    for k, (start, num) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        # the stretch ends at the next part title or form title
        for j in range(start + 1, end):
            s = re.sub(r'\s', '', lines[j])
            if re.match(r'[（(]?第[一二三四五六七八九十]+部分', s) or '绩效目标' in s:
                end = j
                break
        cells = []  # first line text of every cell
        inside = False
        for j in range(start + 1, end):
            l = lines[j]
            if l.startswith('\t'):
                cells.append(l[1:])
                inside = True
            elif l.strip(' \t\r') == '':
                continue
            elif inside:
                cells[-1] += l  # continuation
        ncols, hcells = shapes[num]
        # title and 编制部门 rows written as cells (表5 … 表7)
        pre = 0
        for c in cells:
            s = re.sub(r'\s', '', c)
            if pre == 0 and s and '表' not in s and ('情况' in s or '支出' in s) and len(cells) and not s.startswith('编制'):
                pre = 1
                continue
            break
        skip = pre
        # the 编制部门 row: from its cell to the one holding 单位
        if any(re.sub(r'\s', '', c).startswith('编制部门') for c in cells[:8]):
            i0 = next(i for i, c in enumerate(cells[:8]) if re.sub(r'\s', '', c).startswith('编制部门'))
            i1 = next((i for i in range(i0, min(i0 + 8, len(cells))) if '单位' in cells[i]), i0)
            skip = i1 + 1
        body = len(cells) - skip - hcells
        counts[num] = -(-body // ncols)
    return counts


def main():
    disclose, source, layouts = sys.argv[1:4]
    want_tables = want_forms = None
    if '--tables' in sys.argv:
        want_tables = int(sys.argv[sys.argv.index('--tables') + 1])
    if '--forms' in sys.argv:
        want_forms = int(sys.argv[sys.argv.index('--forms') + 1])
    out = subprocess.run([disclose, 'dump', source], capture_output=True)
    if out.returncode != 0:
        print(f'FAIL: dump exited {out.returncode}: {out.stderr.decode()}')
        return 1
    root = ET.fromstring(out.stdout)
    src = open(source, encoding='utf-8-sig').read()
    src_clean = ARTEFACT.sub('', src)
    failures = 0

    have, want = tokens(dump_text(root)), tokens(src_clean)
    if have != want:
        lost = want - have
        extra = have - want
        print(f'FAIL: text differs; lost {sum(lost.values())} '
              f'{list(lost.items())[:10]}, extra {sum(extra.values())} {list(extra.items())[:10]}')
        failures += 1
    else:
        print(f'ok: {sum(want.values())} digit sequences and Han characters, same multiset')

    tables = [t for t in root.iter('table') if t.get('kind') == 'numbered']
    forms = [t for t in root.iter('table') if t.get('kind') != 'numbered']
    if want_tables is not None and len(tables) != want_tables:
        print(f'FAIL: {len(tables)} numbered tables, want {want_tables}')
        failures += 1
    if want_forms is not None and len(forms) != want_forms:
        print(f'FAIL: {len(forms)} forms, want {want_forms}')
        failures += 1
    print(f'ok: {len(tables)} numbered tables, {len(forms)} forms')

    counts = source_body_rows(src.split('\n'), layout_shapes(layouts))
    for t in tables:
        n = int(t.get('number'))
        body = sum(1 for r in t.findall('row') if r.get('kind') != 'header')
        if counts.get(n) != body:
            print(f'FAIL: 表{n}: {body} body rows in the dump, {counts.get(n)} in the source')
            failures += 1
        else:
            print(f'ok: 表{n}: {body} body rows')
    checks = 2 + len(tables)
    print(f'{checks - failures} passed, {failures} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
