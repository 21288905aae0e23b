#!/usr/bin/env python3
"""What readers see in a PDF written by disclose.

usage: check_pdf.py PDF [--source SOURCE] [--min-pages N]

- `qpdf --check` finds no error and no warning;
- `pdffonts`: every font embedded, subset, with a ToUnicode map, and no
  base-14 (unembedded) font;
- `pdftotext` prints no warning (a broken ToUnicode CMap makes poppler warn);
- with --source, nothing is lost: tests/integration/roundtrip.py in pdf mode;
- with pikepdf (Debian python3-pikepdf), the PDF/A-1b structure that
  PDFBox Preflight does not look at closely (shared/notes/libharu-2.3.0.md
  §4): version 1.4, a trailer /ID, unfiltered /Metadata with pdfaid 1/B and
  dc:title = /Title, a GTS_PDFA1 OutputIntent, per font FontFile2, CapHeight,
  CIDSet and /W arrays of at most 8191 entries, a font program whose
  tables are all there with right checksums, a ToUnicode with bfrange and
  no cidrange, no JavaScript, no encryption, and bookmarks whose titles
  carry Chinese text.
Exit status 0 all good, 1 a check failed, 2 usage.
"""
import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROUNDTRIP = os.path.join(HERE, "..", "integration", "roundtrip.py")
HAN = re.compile("[\u4e00-\u9fff]")

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print(f"FAIL: {what}")
    return ok


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        print(f"check_pdf.py: cannot run {cmd[0]}: {e.strerror}",
              file=sys.stderr)
        sys.exit(2)


def check_tools(pdf, source, min_pages):
    r = run(["qpdf", "--check", pdf])
    check(r.returncode == 0, f"qpdf --check exit {r.returncode}: "
          f"{r.stdout[-500:]}{r.stderr[-500:]}")
    check("No syntax or stream encoding errors" in r.stdout,
          "qpdf --check reports problems")
    check("WARNING" not in (r.stdout + r.stderr).upper(),
          "qpdf --check warns")

    r = run(["pdffonts", pdf])
    check(r.returncode == 0 and not r.stderr.strip(),
          f"pdffonts: {r.stderr.strip()}")
    rows = r.stdout.splitlines()[2:]
    check(len(rows) >= 1, "pdffonts lists no font")
    for row in rows:
        cols = row.split()
        # name type... encoding emb sub uni objnum gen
        emb, sub, uni = cols[-5], cols[-4], cols[-3]
        check(emb == "yes" and sub == "yes" and uni == "yes",
              f"font not embedded+subset+ToUnicode: {row}")
        check(re.match(r"[A-Z]{6}\+", cols[0]) is not None,
              f"font name without subset tag: {cols[0]}")

    r = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    check(r.returncode == 0, f"pdftotext exit {r.returncode}")
    check(not r.stderr.strip(), f"pdftotext warns: {r.stderr.strip()[:500]}")
    check(len(HAN.findall(r.stdout)) > 0, "no Chinese text extracted")

    r = run(["pdfinfo", pdf])
    m = re.search(r"^Pages:\s+(\d+)", r.stdout, re.M)
    check(m and int(m.group(1)) >= min_pages,
          f"fewer than {min_pages} pages")

    if source:
        r = run([sys.executable, ROUNDTRIP, source, pdf, "pdf"])
        print(r.stdout, end="")
        check(r.returncode == 0, "round trip: something is lost\n"
              + r.stderr)


def sfnt_problem(data):
    """What is wrong with a TrueType program, or None: the table directory,
    each table's checksum (head's with checkSumAdjustment as zero), the whole
    font's checksum, the tables a renderer needs, and loca's offsets."""
    import struct

    def checksum(b):
        b += b"\0" * (-len(b) % 4)
        return sum(struct.unpack(">%dI" % (len(b) // 4), b)) & 0xFFFFFFFF

    if len(data) < 12:
        return "shorter than an sfnt header"
    n = struct.unpack(">H", data[4:6])[0]
    if len(data) < 12 + 16 * n:
        return "table directory cut off"
    tables = {}
    for i in range(n):
        tag, cs, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tag = tag.decode("latin-1")
        if off + ln > len(data):
            return f"table {tag} runs past the end"
        body = data[off:off + ln]
        if tag == "head":
            if ln < 54:
                return "head is too short"
            body = body[:8] + b"\0\0\0\0" + body[12:]
        if checksum(body) != cs:
            return f"table {tag}: wrong checksum"
        tables[tag] = (off, ln)
    for tag in ("head", "hhea", "maxp", "loca", "glyf", "hmtx", "cmap"):
        if tag not in tables:
            return f"no {tag} table"
    head = data[tables["head"][0]:]
    adj = struct.unpack(">I", head[8:12])[0]
    whole = data[:tables["head"][0] + 8] + b"\0\0\0\0" + data[tables["head"][0] + 12:]
    if (0xB1B0AFBA - checksum(whole)) & 0xFFFFFFFF != adj:
        return "wrong checkSumAdjustment (whole-font checksum)"
    long_loca = struct.unpack(">h", head[50:52])[0] == 1
    glyphs = struct.unpack(">H", data[tables["maxp"][0] + 4:tables["maxp"][0] + 6])[0]
    off, ln = tables["loca"]
    fmt, size = (">%dI", 4) if long_loca else (">%dH", 2)
    if ln < (glyphs + 1) * size:
        return "loca shorter than maxp's glyph count"
    loca = struct.unpack(fmt % (glyphs + 1), data[off:off + (glyphs + 1) * size])
    scale = 1 if long_loca else 2
    if any(b < a for a, b in zip(loca, loca[1:])) or \
            loca[-1] * scale > tables["glyf"][1]:
        return "loca's offsets go backwards or past glyf"
    return None


def check_font_program(label, stream):
    """The embedded TrueType program is whole, with right checksums."""
    data = stream.read_bytes()
    check(int(stream.get("/Length1", -1)) == len(data),
          f"{label}: /Length1 is not the program's length")
    problem = sfnt_problem(data)
    check(problem is None, f"{label}: font program: {problem}")


def check_structure(pdf):
    try:
        import pikepdf
    except ImportError:
        print("note: pikepdf not importable here: PDF/A structure checks "
              "skipped (install python3-pikepdf)")
        return
    with open(pdf, "rb") as f:
        head = f.read(16)
    check(head.startswith(b"%PDF-1.4\n%"), "header is not %PDF-1.4 + binary")
    p = pikepdf.open(pdf)
    tr = p.trailer
    check("/ID" in tr and len(tr.ID) == 2 and
          len(bytes(tr.ID[0])) == 16 and bytes(tr.ID[0]) == bytes(tr.ID[1]),
          "trailer /ID missing or not two equal 16-byte strings")
    check("/Encrypt" not in tr, "encrypted")
    root = p.Root
    check("/Names" not in root or "/JavaScript" not in root.Names,
          "JavaScript")
    check("/OpenAction" not in root, "OpenAction")

    md = root.get("/Metadata")
    if check(md is not None, "no /Metadata"):
        check(md.get("/Type") == "/Metadata" and md.get("/Subtype") == "/XML",
              "/Metadata lacks /Type /Metadata /Subtype /XML")
        check("/Filter" not in md, "/Metadata is filtered")
        check("/SubType" not in md, "/Metadata has the /SubType typo")
        xmp = md.read_bytes().decode("utf-8")
        check('<pdfaid:part>1</pdfaid:part>' in xmp and
              '<pdfaid:conformance>B</pdfaid:conformance>' in xmp,
              "XMP lacks pdfaid part 1 / conformance B")
        with p.open_metadata(set_pikepdf_as_editor=False) as meta:
            title = meta.get("dc:title")
        info_title = str(p.docinfo.get("/Title", ""))
        check(title == info_title,
              f"dc:title {title!r} differs from /Title {info_title!r}")

    ois = root.get("/OutputIntents")
    check(ois is not None and any(
        oi.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in oi and
        int(oi.DestOutputProfile.get("/N", 0)) == 3 for oi in ois),
        "no GTS_PDFA1 OutputIntent with an RGB DestOutputProfile")

    seen = set()
    for page in p.pages:
        res = page.obj.get("/Resources", {})
        check("/ExtGState" not in res or all(
            "/SMask" not in g and float(g.get("/CA", 1)) == 1 and
            float(g.get("/ca", 1)) == 1 for g in res.ExtGState.values()),
            "transparency")
        for name, font in res.get("/Font", {}).items():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            label = str(font.get("/BaseFont"))
            check(font.get("/Subtype") == "/Type0",
                  f"{label}: not a Type0 font")
            tu = font.get("/ToUnicode")
            if check(tu is not None, f"{label}: no ToUnicode"):
                cmap = tu.read_bytes().decode("latin-1")
                check("begincidrange" not in cmap and "beginbfrange" in cmap,
                      f"{label}: ToUnicode is not a bfrange CMap")
            d = font.DescendantFonts[0]
            fd = d.FontDescriptor
            if check("/FontFile2" in fd, f"{label}: no FontFile2"):
                check_font_program(label, fd.FontFile2)
            check("/CapHeight" in fd, f"{label}: no CapHeight")
            check("/CIDSet" in fd, f"{label}: no CIDSet")
            w = d.get("/W", [])
            check(len(w) <= 8191, f"{label}: /W has {len(w)} entries")
            for x in w:
                if isinstance(x, pikepdf.Array):
                    check(len(x) <= 8191, f"{label}: /W run of {len(x)}")

    titles = []
    with p.open_outline() as ol:
        stack = list(ol.root)
        while stack:
            item = stack.pop(0)
            titles.append(item.title)
            stack[:0] = list(item.children)
    check(len(titles) > 0, "no bookmarks")
    check(any(HAN.search(t or "") for t in titles),
          "no bookmark title with Chinese text")
    check(all("\ufffd" not in (t or "") and "Ã" not in (t or "")
              for t in titles), "bookmark titles are mojibake")
    print(f"{len(p.pages)} pages, {len(seen)} fonts, {len(titles)} bookmarks"
          f" (first: {titles[0] if titles else ''})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("--source")
    ap.add_argument("--min-pages", type=int, default=1)
    a = ap.parse_args()
    if not os.path.isfile(a.pdf):
        print(f"check_pdf.py: {a.pdf}: no such file", file=sys.stderr)
        sys.exit(2)
    check_tools(a.pdf, a.source, a.min_pages)
    check_structure(a.pdf)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
