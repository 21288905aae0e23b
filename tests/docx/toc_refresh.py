#!/usr/bin/python3
"""Does the 目录 of a disclose DOCX survive an update, and do the 绩效
forms reach the navigation pane?  LibreOffice (through python3-uno) loads
the DOCX, reads the 目录 as written (the layout's entries and page numbers),
updates every index as Word's 更新域 would, and reads it again; then it
reads the outline level of every paragraph.

    toc_refresh.py DOCX [PDF]

Checks, with PDF the disclose PDF of the same source:
- the written 目录 has the PDF's entries, in its order;
- after the update, the entries LibreOffice makes from outline levels
  (parts, part three's 一、 sections) are the written ones, in order, and no
  other heading (主要职能 and the like) joins them;
- each 表N entry of the written 目录 has its TC field: a content index mark
  at level 2 whose text is the entry (表N　title), which Word's update
  (TOC \f) lists.  LibreOffice 7.4 imports the mark but its update leaves
  marks out of an imported 目录 (even one inserted through its API), so
  there the 表N entries are gone after an update;
- every form title (部门整体绩效目标申报表, 项目支出绩效目标表) has an
  outline level, so the navigation pane lists it.
Page numbers that LibreOffice's update gives otherwise than the written
ones are listed (they are where LibreOffice's own layout puts the
headings); with --pages they count as failures.  Exit 0 when all hold, 1
when one does not, 77 when LibreOffice or python3-uno is missing (a skip
for CTest).
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


def entries(text):
    """(entry, page) per line of a 目录: dot leaders and tabs dropped."""
    out = []
    for line in text.replace("\r", "\n").split("\n"):
        line = line.strip()
        if not line or norm(line) == "目录":
            continue
        m = re.match(r"^(.*?)[\s.·…]*(\d+)$", line)
        if m:
            out.append((norm(m.group(1)), int(m.group(2))))
        else:
            out.append((norm(line), None))
    return out


def norm(s):
    return re.sub(r"[\s\u3000]+", "", s)


def index_marks(doc):
    """Texts of the level-2 content index marks (TC fields) of the body."""
    found = set()
    paras = doc.getText().createEnumeration()
    while paras.hasMoreElements():
        p = paras.nextElement()
        if not p.supportsService("com.sun.star.text.Paragraph"):
            continue
        portions = p.createEnumeration()
        while portions.hasMoreElements():
            tp = portions.nextElement()
            if tp.getPropertyValue("TextPortionType") != "DocumentIndexMark":
                continue
            m = tp.getPropertyValue("DocumentIndexMark")
            if (m.supportsService("com.sun.star.text.ContentIndexMark") and
                    m.getPropertyValue("Level") == 2):
                found.add(norm(m.getPropertyValue("AlternativeText")))
    return found


def pdf_toc(pdf):
    """The entries of the PDF's 目录: its pages up to the first numbered
    one, an entry ending in dot leaders and a page number (a long entry
    takes two lines)."""
    out = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "4", pdf,
                          "-"], capture_output=True, text=True).stdout
    res, pending = [], ""
    for line in out.split("\n"):
        if re.match(r"^\s*—\s*\d+\s*—\s*$", line):
            break
        if not line.strip() or norm(line) == "目录":
            continue
        m = re.match(r"^\s*(.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        if m:
            res.append(norm(pending + m.group(1)))
            pending = ""
        else:
            pending += line
    return res


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    args = [a for a in sys.argv[1:] if a != "--pages"]
    strict_pages = "--pages" in sys.argv[1:]
    docx = os.path.abspath(args[0])
    pdf = args[1] if len(args) > 1 else None
    soffice = shutil.which("soffice")
    if not soffice:
        print("toc_refresh: soffice is not installed: skipped")
        return 77
    profile = tempfile.mkdtemp(prefix="dc-toc-")
    pipe = "dctoc%d" % os.getpid()
    proc = subprocess.Popen(
        [soffice, "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
         "--headless", "--invisible", "--norestore", "--nologo",
         "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    bad = 0
    desktop = None
    try:
        ctx = connect(pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(docx), "_blank", 0,
            (prop("Hidden", True),))
        indexes = doc.getDocumentIndexes()
        if indexes.getCount() != 1:
            print("expected one index (the 目录), found %d"
                  % indexes.getCount())
            return 1
        toc = indexes.getByIndex(0)
        written = entries(toc.getAnchor().getString())
        marks = index_marks(doc)
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        updated = entries(toc.getAnchor().getString())
        print("目录 as written: %d entries; after LibreOffice's update: %d"
              % (len(written), len(updated)))
        if pdf:
            want = pdf_toc(pdf)
            if want != [e[0] for e in written]:
                bad += 1
                print("  the written 目录 is not the PDF's:")
                for a, b in zip(want, [e[0] for e in written]):
                    if a != b:
                        print("    PDF %s / DOCX %s" % (a, b))
            else:
                print("the written 目录 has the PDF's %d entries" % len(want))
        tables = [e for e in written if re.match(r"^表\d+", e[0])]
        outlined = [e for e in written if not re.match(r"^表\d+", e[0])]
        if [e[0] for e in updated] != [e[0] for e in outlined]:
            bad += 1
            print("  the update lists other headings:")
            print("    written %s" % [e[0] for e in outlined])
            print("    updated %s" % [e[0] for e in updated])
        else:
            print("after the update: the same %d part and section entries"
                  % len(updated))
        moved = [(w[0], w[1], u[1]) for w, u in zip(outlined, updated)
                 if w[0] == u[0] and w[1] != u[1]]
        for name, a, b in moved:
            print("  page: %s written %s, LibreOffice %s" % (name, a, b))
        if strict_pages:
            bad += len(moved)
        missing = [e[0] for e in tables if e[0] not in marks]
        print("表N entries with their TC mark (level 2): %d of %d%s"
              % (len(tables) - len(missing), len(tables),
                 "" if not missing else "; missing " + " ".join(missing)))
        if missing or not tables:
            bad += 1
        # the navigation pane: outline levels of the form titles
        forms = outlined = 0
        paras = doc.getText().createEnumeration()
        while paras.hasMoreElements():
            p = paras.nextElement()
            if not p.supportsService("com.sun.star.text.Paragraph"):
                continue
            s = norm(p.getString())
            if s in ("部门整体绩效目标申报表", "项目支出绩效目标表"):
                forms += 1
                if p.getPropertyValue("OutlineLevel") > 0:
                    outlined += 1
        print("绩效 forms with an outline level: %d of %d" % (outlined, forms))
        if forms == 0 or outlined != forms:
            bad += 1
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
        shutil.rmtree(profile, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
