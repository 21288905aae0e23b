#!/usr/bin/env python3
"""Reads a disclose workbook back with readers no one here wrote and compares
it with the document model (`disclose dump`):

- LibreOffice (headless) turns every sheet into CSV, as shown: every cell of
  every table reads exactly as the source wrote it (79.5 stays 79.5, 90411
  has no .00, 款 "03" keeps its zero, an empty cell is empty), and every
  digit sequence and Han character of the tables (titles, 编制部门 lines,
  cells) reaches the workbook;
- openpyxl: one sheet per table in document order (表1 … 表11, then the
  forms), numbers stored as numbers with the exact value and a number format
  with the source's decimals, codes as text, the merges of the layout and no
  other, header rows frozen and repeated on every printed page, A4 in the
  table's orientation, one page wide, a page number in the footer, the
  workbook's title, author and created date, and no formula anywhere.

usage: check_xlsx.py --xlsx FILE --dump DUMP.xml --layouts DIR --work DIR
Exit status 0 all agree, 1 a difference (each one printed), 2 usage or a
reader that failed.
"""
import argparse
import collections
import csv
import datetime
import glob
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

DIGITS = re.compile(r"[0-9]+|[\uFF10-\uFF19]+")
HAN = re.compile("[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF"
                 "\U00020000-\U0002A6DF\U0002A700-\U0002EBEF]")
CODE_ROLES = {"class", "kuan", "xiang"}

problems = []


def problem(msg):
    problems.append(msg)


def fail(msg):
    print(f"check_xlsx.py: {msg}", file=sys.stderr)
    sys.exit(2)


def col_letter(c):  # 1-based
    s = ""
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def roles(layouts, layout_id, ncols):
    path = os.path.join(layouts, layout_id + ".xml")
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        fail(f"{path}: {e}")
    cols = [c.get("role", "text") for c in root.iter("col")]
    return cols if len(cols) == ncols else ["text"] * ncols


def read_tables(dump, layouts):
    """The tables of the dump: attributes, texts above, rows of cells."""
    try:
        doc = ET.parse(dump).getroot()
    except (OSError, ET.ParseError) as e:
        fail(f"{dump}: {e}")
    tables = []
    for t in doc.iter("table"):
        ncols = int(t.get("cols"))
        tab = {
            "kind": t.get("kind"),
            "number": t.get("number"),
            "line": t.get("line"),
            "ncols": ncols,
            "nheader": int(t.get("header-rows", "0")),
            "orientation": t.get("orientation"),
            "roles": roles(layouts, t.get("layout"), ncols),
            "label": (t.findtext("label") or ""),
            "title": (t.findtext("title") or ""),
            "subtitle": (t.findtext("subtitle") or ""),
            "rows": [],
        }
        d = t.find("department")
        tab["dept"] = f"{d.get('label')}：{d.text or ''}" if d is not None else ""
        u = t.find("unit")
        tab["unit"] = f"{u.get('label')}：{u.text or ''}" if u is not None else ""
        for r in t.findall("row"):
            cells = []
            for c in r.findall("cell"):
                cells.append({
                    "line": c.get("line"),
                    "col": int(c.get("col")),
                    "colspan": int(c.get("colspan", "1")),
                    "rowspan": int(c.get("rowspan", "1")),
                    "cont": c.get("vmerge") == "continue",
                    "text": c.text or "",
                    "value": c.get("value"),
                    "scale": int(c.get("scale", "0")),
                })
            tab["rows"].append({"kind": r.get("kind"), "cells": cells})
        tables.append(tab)
    return doc, tables


def sheet_csvs(xlsx, work, names):
    """LibreOffice: one CSV per sheet, cells as shown; {sheet: rows}."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        fail("soffice not found (apt-get install libreoffice-calc-nogui)")
    out = os.path.join(work, "csv")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    profile = "file://" + os.path.abspath(os.path.join(work, "lo-profile"))
    # 44 comma, 34 quote, 76 UTF-8, …, true = contents as shown, -1 = every
    # sheet to its own file
    opts = "44,34,76,1,,0,false,true,true,false,false,-1"
    r = subprocess.run([soffice, f"-env:UserInstallation={profile}",
                        "--headless", "--convert-to",
                        f"csv:Text - txt - csv (StarCalc):{opts}",
                        "--outdir", out, xlsx],
                       capture_output=True, timeout=600)
    stem = os.path.splitext(os.path.basename(xlsx))[0]
    got = {}
    for name in names:
        path = os.path.join(out, f"{stem}-{name}.csv")
        if not os.path.exists(path):
            fail(f"LibreOffice wrote no CSV for sheet {name!r} "
                 f"(rc {r.returncode}: {r.stderr.decode(errors='replace')})")
        with open(path, encoding="utf-8", newline="") as f:
            got[name] = list(csv.reader(f))
    return got


def csv_cell(rows, r, c):  # 0-based
    if r < len(rows) and c < len(rows[r]):
        return rows[r][c]
    return ""


def numfmt(text, scale):
    base = "#,##0" if "," in text else "0"
    return base + ("." + "0" * scale if scale > 0 else "")


def expected_merges(tab, top):
    """Merged ranges of the grid, as the writer must make them."""
    nrows, ncols = len(tab["rows"]), tab["ncols"]
    covered = set()
    merges = set()
    for ri, row in enumerate(tab["rows"]):
        for cell in row["cells"]:
            c = cell["col"] - 1
            if cell["cont"] or (ri, c) in covered or not 0 <= c < ncols:
                continue
            rs = min(cell["rowspan"], nrows - ri)
            cs = min(cell["colspan"], ncols - c)
            for j in range(1, cs):
                if (ri, c + j) in covered:
                    cs = j
                    break
            for i in range(1, rs):
                if any((ri + i, c + j) in covered for j in range(cs)):
                    rs = i
                    break
            for i in range(rs):
                for j in range(cs):
                    covered.add((ri + i, c + j))
            if rs > 1 or cs > 1:
                merges.add(f"{col_letter(c + 1)}{top + ri + 1}:"
                           f"{col_letter(c + cs)}{top + ri + rs}")
    return merges


def check_table(tab, ws, rows, name):
    numbered = tab["kind"] == "numbered"
    top = 3 if numbered else 2
    where = f"{name} (table at line {tab['line']})"
    ncols = tab["ncols"]

    # the lines above the table
    above = []
    if numbered:
        above = [(0, 0, tab["label"] or f"表{tab['number']}"),
                 (1, 0, tab["title"]), (2, 0, tab["dept"]),
                 (2, ncols - 1, tab["unit"])] if ncols > 1 else \
                [(1, 0, tab["title"])]
    else:
        above = [(0, 0, tab["title"]), (1, 0, tab["subtitle"])]
    for r, c, want in above:
        if csv_cell(rows, r, c) != want:
            problem(f"{where}: {col_letter(c + 1)}{r + 1} reads "
                    f"{csv_cell(rows, r, c)!r}, not {want!r}")

    # every cell of the grid
    for ri, row in enumerate(tab["rows"]):
        for cell in row["cells"]:
            if cell["cont"]:
                continue
            c = cell["col"] - 1
            ref = f"{col_letter(c + 1)}{top + ri + 1}"
            cw = f"{where}: {ref} (source line {cell['line']})"
            shown = csv_cell(rows, top + ri, c)
            if shown != cell["text"]:
                problem(f"{cw}: LibreOffice shows {shown!r}, the source "
                        f"{cell['text']!r}")
            xc = ws[ref]
            code = tab["roles"][c] in CODE_ROLES
            if cell["text"] == "":
                if xc.value is not None:
                    problem(f"{cw}: holds {xc.value!r} where the source is "
                            f"empty")
            elif cell["value"] is not None and not code:
                if isinstance(xc.value, str) or xc.value is None:
                    problem(f"{cw}: {cell['text']} is not a number but "
                            f"{xc.value!r}")
                elif Decimal(repr(float(xc.value))) != Decimal(cell["value"]):
                    problem(f"{cw}: holds {xc.value!r}, the source "
                            f"{cell['value']}")
                want = numfmt(cell["text"], cell["scale"])
                if xc.number_format != want:
                    problem(f"{cw}: number format {xc.number_format!r}, not "
                            f"{want!r}")
            elif xc.value != cell["text"]:
                problem(f"{cw}: holds {xc.value!r}, not the text "
                        f"{cell['text']!r}")
            if code and xc.value is not None and not isinstance(xc.value, str):
                problem(f"{cw}: a code stored as a number")

    # the merges of the layout, and no other in the grid
    want = expected_merges(tab, top)
    got = set()
    for m in ws.merged_cells.ranges:
        if m.min_row > top:
            got.add(f"{col_letter(m.min_col)}{m.min_row}:"
                    f"{col_letter(m.max_col)}{m.max_row}")
    for m in sorted(want - got):
        problem(f"{where}: merge {m} of the layout is missing")
    for m in sorted(got - want):
        problem(f"{where}: merge {m} is not in the layout")

    # frozen header, print setup
    nh = tab["nheader"] if numbered else 0
    if nh:
        if ws.freeze_panes != f"A{top + nh + 1}":
            problem(f"{where}: panes frozen at {ws.freeze_panes}, not below "
                    f"the {nh} header rows")
        if ws.print_title_rows != f"${top + 1}:${top + nh}":
            problem(f"{where}: rows repeated on each page "
                    f"{ws.print_title_rows}, not ${top + 1}:${top + nh}")
    ps = ws.page_setup
    if str(ps.paperSize) != "9":
        problem(f"{where}: paper {ps.paperSize}, not A4 (9)")
    if ps.orientation != tab["orientation"]:
        problem(f"{where}: {ps.orientation}, the table is "
                f"{tab['orientation']}")
    if not ws.sheet_properties.pageSetUpPr.fitToPage or \
            str(ps.fitToWidth or 1) != "1" or str(ps.fitToHeight) != "0":
        problem(f"{where}: not fitted to one page wide")
    if "&P" not in (ws.oddFooter.center.text or ""):
        problem(f"{where}: no page number in the footer")
    for c in range(1, ncols + 1):
        d = ws.column_dimensions[col_letter(c)]
        if not d.width or d.width <= 0:
            problem(f"{where}: column {col_letter(c)} has no width")


def table_text(tab):
    parts = [tab["label"], tab["title"], tab["subtitle"], tab["dept"],
             tab["unit"]]
    for row in tab["rows"]:
        parts += [c["text"] for c in row["cells"]]
    return "\n".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--xlsx", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--layouts", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    try:
        import openpyxl
    except ImportError:
        fail("openpyxl not importable (apt-get install python3-openpyxl)")
    os.makedirs(a.work, exist_ok=True)
    doc, tables = read_tables(a.dump, a.layouts)

    wb = openpyxl.load_workbook(a.xlsx)
    names = wb.sheetnames
    if len(names) != len(tables):
        problem(f"{len(names)} sheets for {len(tables)} tables")
    for i, tab in enumerate(tables[:len(names)]):
        if tab["kind"] == "numbered" and names[i] != f"表{tab['number']}":
            problem(f"sheet {i + 1} is {names[i]!r}, the table 表{tab['number']}")
        if tab["kind"] == "form-project" and not names[i].startswith("项目"):
            problem(f"sheet {i + 1} is {names[i]!r}, a project form")

    # no formula anywhere: what a citizen sees is what was published
    with zipfile.ZipFile(a.xlsx) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/") and re.search(
                    rb"<f[ >]", z.read(n)):
                problem(f"{n} holds a formula")

    # workbook properties
    dept, year = doc.get("department") or "", doc.get("year") or ""
    p = wb.properties
    want_title = f"{dept}{year}年部门预算公开" if year else f"{dept}部门预算公开"
    if p.title != want_title:
        problem(f"title {p.title!r}, not {want_title!r}")
    if p.creator != dept:
        problem(f"author {p.creator!r}, not the department {dept!r}")
    m = re.match(r"(\d+)年(\d+)月(\d+)日", doc.get("date") or "")
    if m:
        want = datetime.datetime(*map(int, m.groups()))
        if p.created != want:
            problem(f"created {p.created}, not the document's date {want}")

    rows = sheet_csvs(a.xlsx, a.work, names)
    for i, tab in enumerate(tables[:len(names)]):
        check_table(tab, wb[names[i]], rows[names[i]], names[i])

    # nothing lost: every digit sequence and Han character of the tables
    want = collections.Counter()
    got = collections.Counter()
    for tab in tables:
        s = table_text(tab)
        want.update(DIGITS.findall(s))
        want.update(HAN.findall(s))
    for name in names:
        s = "\n".join(",".join(r) for r in rows[name])
        got.update(DIGITS.findall(s))
        got.update(HAN.findall(s))
    lost = want - got
    if lost:
        problem(f"lost in the workbook: {sum(lost.values())} of "
                f"{sum(want.values())} digit runs and Han characters, e.g. "
                f"{list(lost.items())[:10]}")

    for msg in problems[:60]:
        print(msg)
    if len(problems) > 60:
        print(f"… and {len(problems) - 60} more")
    ncells = sum(len(r["cells"]) for t in tables for r in t["rows"])
    print(f"check_xlsx.py: {len(names)} sheets, {ncells} cells, "
          f"{sum(want.values())} digit runs and Han characters: "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
