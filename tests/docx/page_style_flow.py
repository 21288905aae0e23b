#!/usr/bin/env python3
"""One edit in layouts/page.xml changes both outputs: renders the sample
with the shipped layouts and with a copy whose body style has another size
and leading, whose <table> another leading and cell padding across, and
whose <folio> another gap, and checks in each that the DOCX (docDefaults'
w:sz, Body Text's exact w:line, the document grid's pitch, Table Text's
line, every w:tblCellMar's left and right, every section's footer distance)
and the PDF's body text (the most used type size of 14 pt and up: tables
and captions are smaller) carry page.xml's values.

  page_style_flow.py DISCLOSE SOURCE LAYOUTS WORK SIZE LEADING TABLE_LEADING
                     PAD_X FOLIO_GAP
"""
import collections
import glob
import os
import re
import shutil
import subprocess
import sys
import zipfile

BODY = re.compile(r'(<style\s+name="body"[^>]*?)\bsize="\d+"\s+leading="\d+"')
TABLE = re.compile(r'(<table\s[^>]*?)\bleading="\d+"')
PAD_X = re.compile(r'(<table\s[^>]*?)\bpad-x="\d+"')
FOLIO = re.compile(r'(<folio\s[^>]*?)\bgap="\d+"')


def attr(page_xml, element, name):
    """An integer attribute of the first <element> (or <style name=…>)."""
    m = re.search(r'<%s(?=[\s/>])[^>]*>' % element, page_xml)
    return int(re.search(r'\b%s="(-?\d+)"' % name, m.group(0)).group(1))


def twips(tenths_mm):
    """page.xml's tenths of a millimetre as the DOCX writer rounds them:
    to millipoints, then to twips."""
    mpt = (tenths_mm * 2834646 + 5000) // 10000
    return (mpt + 25) // 50


def body_of(page_xml):
    m = re.search(r'<style\s+name="body"[^>]*>', page_xml)
    size = int(re.search(r'\bsize="(\d+)"', m.group(0)).group(1))
    leading = int(re.search(r'\bleading="(\d+)"', m.group(0)).group(1))
    return size, leading


def table_leading(page_xml):
    m = re.search(r'<table\s[^>]*>', page_xml)
    return int(re.search(r'\bleading="(\d+)"', m.group(0)).group(1))


def render(disclose, source, layouts, out):
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, DISCLOSE_LAYOUTS=layouts)
    subprocess.run([disclose, "render", "--pdf", "--docx", "-o", out, source],
                   check=True, env=env, stderr=subprocess.DEVNULL)
    return glob.glob(os.path.join(out, "*.docx"))[0], \
        glob.glob(os.path.join(out, "*.pdf"))[0]


def check(name, layouts, docx, pdf, work):
    with open(os.path.join(layouts, "page.xml"), encoding="utf-8") as f:
        text = f.read()
    size, leading = body_of(text)
    cell = table_leading(text)
    pad_x = twips(attr(text, "table", "pad-x"))
    folio_line = attr(text, 'style\\s+name="folio"', "leading") * 2
    gap = twips(attr(text, "folio", "gap"))
    bad = []
    with zipfile.ZipFile(docx) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S)
    sz = re.search(r'<w:sz w:val="(\d+)"', defaults.group(0))
    if not sz or int(sz.group(1)) != size // 5:
        bad.append("docDefaults w:sz %s, page.xml's body %d half-points"
                   % (sz and sz.group(1), size // 5))
    body = re.search(r'w:styleId="BodyText".*?</w:style>', styles, re.S)
    line = re.search(r'w:line="(\d+)" w:lineRule="exact"', body.group(0))
    if not line or int(line.group(1)) != leading * 2:
        bad.append("Body Text w:line %s, page.xml's body leading %d twips"
                   % (line and line.group(1), leading * 2))
    table = re.search(r'w:styleId="TableText".*?</w:style>', styles, re.S)
    line = re.search(r'w:line="(\d+)" w:lineRule="auto"', table.group(0))
    if not line or int(line.group(1)) != 240 * cell // 100:
        bad.append("Table Text w:line %s, page.xml's <table leading> %d%%"
                   % (line and line.group(1), cell))
    pitches = set(re.findall(r'w:linePitch="(\d+)"', document))
    if pitches != {str(leading * 2)}:
        bad.append("w:docGrid w:linePitch %s, page.xml's body leading %d"
                   % (sorted(pitches), leading * 2))
    sides = set(re.findall(r'<w:(?:left|right) w:w="(\d+)" w:type="dxa"/>',
                           "".join(re.findall(r"<w:tblCellMar>.*?</w:tblCellMar>",
                                              styles + document, re.S))))
    if sides != {str(pad_x)}:
        bad.append("w:tblCellMar left/right %s, page.xml's pad-x %d twips"
                   % (sorted(sides), pad_x))
    for mar in re.findall(r"<w:pgMar [^>]*>", document):
        bottom = int(re.search(r'w:bottom="(\d+)"', mar).group(1))
        footer = int(re.search(r'w:footer="(\d+)"', mar).group(1))
        if footer != max(284, bottom - gap - folio_line):
            bad.append("w:footer %d with w:bottom %d: page.xml's folio gap %d "
                       "and folio line %d twips give %d" % (
                           footer, bottom, gap, folio_line,
                           bottom - gap - folio_line))
    qdf = os.path.join(work, name + ".qdf.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, qdf],
                   check=True)
    with open(qdf, "rb") as f:
        sizes = collections.Counter(
            float(m) for m in re.findall(rb" ([\d.]+) Tf\b", f.read()))
    text = {s: n for s, n in sizes.items() if s >= 14}
    mode = max(text, key=text.get) if text else None
    if mode != size / 10:
        bad.append("PDF: body text (the most used size of 14 pt and up) "
                   "at %s pt, page.xml's body %s pt (sizes: %s)"
                   % (mode, size / 10, dict(sizes)))
    for b in bad:
        print("%s: %s" % (name, b))
    print("%s: body %d/%d, table leading %d, pad-x %d, folio gap %d twips: %s"
          % (name, size, leading, cell, pad_x, gap,
             "ok" if not bad else "FAILED"))
    return not bad


def main():
    disclose, source, layouts, work, size, leading, cell, pad_x, gap = \
        sys.argv[1:10]
    os.makedirs(work, exist_ok=True)
    changed = os.path.join(work, "layouts")
    shutil.rmtree(changed, ignore_errors=True)
    shutil.copytree(layouts, changed)
    page = os.path.join(changed, "page.xml")
    with open(page, encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(layouts, "page.xml"), encoding="utf-8") as f:
        shipped = f.read()
    text, n = BODY.subn(r'\1size="%s" leading="%s"' % (size, leading), text)
    text, m = TABLE.subn(r'\1leading="%s"' % cell, text)
    text, p = PAD_X.subn(r'\1pad-x="%s"' % pad_x, text)
    text, q = FOLIO.subn(r'\1gap="%s"' % gap, text)
    if (n, m, p, q) != (1, 1, 1, 1) or body_of(text) == body_of(shipped) or \
            table_leading(text) == table_leading(shipped) or \
            attr(text, "table", "pad-x") == attr(shipped, "table", "pad-x") or \
            attr(text, "folio", "gap") == attr(shipped, "folio", "gap"):
        print("cannot change the body style in %s" % page)
        return 1
    with open(page, "w", encoding="utf-8") as f:
        f.write(text)
    ok = True
    for name, lay in (("shipped", layouts), ("changed", changed)):
        docx, pdf = render(disclose, source, lay, os.path.join(work, name))
        ok = check(name, lay, docx, pdf, work) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
