#!/usr/bin/python3
"""Does the 目录 of a disclose DOCX survive an update, are its page numbers
LibreOffice's own, and do the 绩效 forms reach the navigation pane?
LibreOffice (through python3-uno, with the fonts of tests/docx/fonts.conf)
loads the DOCX, reads the 目录 as written (the layout's entries and page
numbers), updates every index as Word's 更新域 would, reads it again, and
saves the updated document as PDF; then it reads the outline level of every
paragraph.

    toc_refresh.py DOCX PDF [KEEP.pdf]

Checks, with PDF the disclose PDF of the same source:
- the written 目录 is the PDF's: the same entries (text and level: a part,
  or a 表N or section under it), in order, with the same page numbers;
- after the update the 目录 is still the PDF's, entry by entry and level by
  level: the parts and part three's 一、 sections (outline levels 1-2, TOC
  \\o) and every 表N (its title's paragraph style, TOC \\t); no other
  heading (主要职能 and the like) and no 绩效 form joins them;
- LibreOffice's PDF of the updated DOCX has as many pages as the PDF, and
  each updated entry's page number is the page (its folio) where
  LibreOffice's PDF sets that heading, and the PDF's page for it;
- the first lines of part one's paragraphs are indented as far in
  LibreOffice's PDF as in the PDF (within half a point);
- every form title (部门整体绩效目标申报表, 项目支出绩效目标表) has an
  outline level, so the navigation pane lists it.
KEEP.pdf keeps LibreOffice's PDF of the updated DOCX, to look at.  Exit 0
when all hold, 1 when one does not, 77 when LibreOffice or
python3-uno is missing (a skip for CTest).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import uno
    from com.sun.star.beans import PropertyValue
except ImportError:
    print("toc_refresh: python3-uno is not installed: skipped")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, proc):
    """LibreOffice's context once it answers on its pipe: a first start
    with a new profile on a busy machine takes a minute or more."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            return resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError("LibreOffice exited with status %d"
                                   % proc.returncode)
            time.sleep(0.2)
    raise RuntimeError("LibreOffice did not answer on its pipe in 180 s")


def norm(s):
    return re.sub(r"[\s\u3000]+", "", s)


def toc_entries(toc):
    """(text, level, page) per entry paragraph of a LibreOffice index: the
    level from its paragraph style (Contents N, level N - 1), the page
    after the last tab (None when there is none)."""
    out = []
    paras = toc.getAnchor().createEnumeration()
    while paras.hasMoreElements():
        p = paras.nextElement()
        text = p.getString()
        m = re.match(r"^Contents (\d+)$", p.getPropertyValue("ParaStyleName"))
        if not m or not norm(text):
            continue
        page = None
        head, tab, tail = text.rpartition("\t")
        if tab and tail.strip().isdigit():
            text, page = head, int(tail)
        out.append((norm(text), int(m.group(1)) - 1, page))
    return out


def pdf_toc(pdf):
    """(text, level, page) per entry of the PDF's 目录: its pages up to the
    first numbered one, an entry ending in dot leaders and a page number (a
    long entry takes two lines); a part at the left edge is level 0, an
    indented entry level 1."""
    out = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "4", pdf,
                          "-"], capture_output=True, text=True).stdout
    res, pending, level = [], "", None
    for line in out.split("\n"):
        if re.match(r"^\s*—\s*\d+\s*—\s*$", line):
            break
        if not line.strip() or norm(line) == "目录":
            continue
        if level is None:
            level = 0 if not line[0].isspace() else 1
        m = re.match(r"^\s*(.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        if m:
            res.append((norm(pending + m.group(1)), level, int(m.group(2))))
            pending, level = "", None
        else:
            pending += line
    return res


def pdf_pages(pdf):
    """The text of each page of a PDF, whitespace removed, with its folio
    (— N —) or None."""
    info = subprocess.run(["pdfinfo", pdf], capture_output=True,
                          text=True).stdout
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"],
                          capture_output=True, text=True).stdout
    pages = []
    for page in text.split("\f")[:n]:
        folio = re.search(r"—\s*(\d+)\s*—", page)
        pages.append((norm(page), int(folio.group(1)) if folio else None))
    return pages


def first_line_indent(pdf, pages, folios):
    """The first-line indent (pt) of the text on the pages numbered
    `folios`: the commonest distance, over a point, from a page's left text
    edge to where one of its lines starts."""
    counts = {}
    for i, (_, folio) in enumerate(pages):
        if folio not in folios:
            continue
        xml = subprocess.run(["pdftotext", "-bbox-layout", "-f", str(i + 1),
                              "-l", str(i + 1), pdf, "-"],
                             capture_output=True, text=True).stdout
        xs = [float(x) for x in re.findall(r'<line xMin="([0-9.]+)"', xml)]
        for x in xs:
            d = round(x - min(xs), 1)
            if d > 1:
                counts[d] = counts.get(d, 0) + 1
    return max(counts, key=counts.get) if counts else None


def heading_pages(entries, pages):
    """The folio of the page where each entry's heading is set: the first
    numbered page, from the previous entry's on, whose text holds it."""
    found, at = [], 0
    for text, _, _ in entries:
        hit = None
        for i in range(at, len(pages)):
            if pages[i][1] is not None and text in pages[i][0]:
                hit = i
                break
        found.append(pages[hit][1] if hit is not None else None)
        if hit is not None:
            at = hit
    return found


def compare(name, want, got):
    """Failures (0 or 1) where the entries `got` differ from `want` in
    text or level, each difference printed."""
    if [(e[0], e[1]) for e in want] == [(e[0], e[1]) for e in got]:
        print("%s: the PDF's %d entries (text and level)" % (name, len(want)))
        return 0
    print("  %s: %d entries, the PDF's 目录 has %d:" % (name, len(got),
                                                       len(want)))
    for i in range(max(len(want), len(got))):
        a = want[i][:2] if i < len(want) else None
        b = got[i][:2] if i < len(got) else None
        if a != b:
            print("    PDF %s / DOCX %s" % (a, b))
    return 1


def forms_outlined(doc):
    """(form titles, those with an outline level)"""
    forms = outlined = 0
    paras = doc.getText().createEnumeration()
    while paras.hasMoreElements():
        p = paras.nextElement()
        if not p.supportsService("com.sun.star.text.Paragraph"):
            continue
        if norm(p.getString()) in ("部门整体绩效目标申报表", "项目支出绩效目标表"):
            forms += 1
            if p.getPropertyValue("OutlineLevel") > 0:
                outlined += 1
    return forms, outlined


def pdf_toc_lines(pdf):
    """Each entry of the PDF's 目录 as its lines (the last without its
    leaders and page number)."""
    out = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "4", pdf,
                          "-"], capture_output=True, text=True).stdout
    res, pending = [], []
    for line in out.split("\n"):
        if re.match(r"^\s*—\s*\d+\s*—\s*$", line):
            break
        if not line.strip() or norm(line) == "目录":
            continue
        m = re.match(r"^\s*(.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        pending.append(norm(m.group(1) if m else line))
        if m:
            res.append(pending)
            pending = []
    return res


def written_lines(toc):
    """Each entry paragraph of the written 目录 as its lines (split at its
    line breaks, the tab and page number left out)."""
    out = []
    paras = toc.getAnchor().createEnumeration()
    while paras.hasMoreElements():
        p = paras.nextElement()
        if not re.match(r"^Contents \d+$", p.getPropertyValue("ParaStyleName")):
            continue
        text = p.getString().rpartition("\t")[0] or p.getString()
        lines = [norm(x) for x in re.split(r"[\n\r\u2028]", text)]
        if any(lines):
            out.append(lines)
    return out


def check(doc, pdf, lopdf):
    bad = 0
    want = pdf_toc(pdf)
    indexes = doc.getDocumentIndexes()
    if indexes.getCount() != 1:
        print("expected one index (the 目录), found %d" % indexes.getCount())
        return 1
    toc = indexes.getByIndex(0)
    written = toc_entries(toc)
    bad += compare("the written 目录", want, written)
    wrong = [(w[0], a[2], w[2]) for a, w in zip(want, written)
             if a[0] == w[0] and a[2] != w[2]]
    for name, a, b in wrong:
        print("  written page: %s PDF %s, DOCX %s" % (name, a, b))
    bad += 1 if wrong else 0
    # a long entry breaks where the PDF's does (no character left alone)
    split = [(a, b) for a, b in zip(pdf_toc_lines(pdf), written_lines(toc))
             if a != b]
    for a, b in split:
        print("  written lines: PDF %s, DOCX %s" % ("/".join(a), "/".join(b)))
    if split:
        bad += 1
    else:
        print("every written entry breaks its lines where the PDF's does")

    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    updated = toc_entries(toc)
    bad += compare("after LibreOffice's update", want, updated)

    doc.storeToURL(uno.systemPathToFileUrl(lopdf),
                   (prop("FilterName", "writer_pdf_Export"),))
    pages = pdf_pages(lopdf)
    npdf = len(pdf_pages(pdf))
    print("LibreOffice's PDF of the updated DOCX: %d pages, the PDF %d"
          % (len(pages), npdf))
    if len(pages) != npdf:
        bad += 1
    at = heading_pages(updated, pages)
    moved = [(e[0], e[2], p) for e, p in zip(updated, at) if e[2] != p]
    for name, a, b in moved:
        print("  page: %s updated 目录 %s, LibreOffice's PDF %s"
              % (name, a, b))
    if moved or not updated:
        bad += 1
    else:
        print("every updated entry's page is its heading's page in "
              "LibreOffice's PDF")
    off = [(e[0], a[2], e[2]) for a, e in zip(want, updated)
           if a[0] == e[0] and a[2] != e[2]]
    for name, a, b in off:
        print("  page: %s PDF %s, updated 目录 %s" % (name, a, b))
    bad += 1 if off else 0

    # part one is text: its paragraphs' first lines stand in as the PDF's
    folios = range(want[0][2], want[1][2]) if len(want) > 1 else []
    a = first_line_indent(pdf, pdf_pages(pdf), folios)
    b = first_line_indent(lopdf, pages, folios)
    print("first-line indent of part one's text: PDF %s pt, LibreOffice %s pt"
          % (a, b))
    if a is None or b is None or abs(a - b) > 0.5:
        bad += 1

    forms, outlined = forms_outlined(doc)
    print("绩效 forms with an outline level: %d of %d" % (outlined, forms))
    if forms == 0 or outlined != forms:
        bad += 1
    return bad


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__)
        return 2
    docx = os.path.abspath(sys.argv[1])
    pdf = os.path.abspath(sys.argv[2])
    soffice = shutil.which("soffice")
    if not soffice:
        print("toc_refresh: soffice is not installed: skipped")
        return 77
    work = tempfile.mkdtemp(prefix="dc-toc-")
    pipe = "dctoc%d" % os.getpid()
    env = dict(os.environ,
               FONTCONFIG_FILE=os.path.join(HERE, "fonts.conf"))
    proc = subprocess.Popen(
        [soffice, "-env:UserInstallation=" +
         uno.systemPathToFileUrl(os.path.join(work, "profile")),
         "--headless", "--invisible", "--norestore", "--nologo",
         "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    desktop = None
    try:
        ctx = connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(docx), "_blank", 0,
            (prop("Hidden", True),))
        lopdf = (os.path.abspath(sys.argv[3]) if len(sys.argv) > 3
                 else os.path.join(work, "updated.pdf"))
        bad = check(doc, pdf, lopdf)
        doc.close(True)
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
