#!/usr/bin/env python3
"""Nothing lost: every digit sequence and every Han character of a source
appears in the text extracted from an output at least as often as in the
source.

usage: roundtrip.py SOURCE EXTRACTED [MODE] [--only digits|han] [--show N]

MODE says what EXTRACTED is:
  text  plain UTF-8 text already extracted (the default)
  pdf   a PDF: its text is taken with `pdftotext -layout -enc UTF-8`, and any
        message pdftotext prints (a broken ToUnicode CMap, say) fails the test
  docx  a Word document: the text of every <w:t> of word/document.xml,
        headers and footers; runs of one paragraph are joined, paragraphs
        end with a newline (so a number split over runs still counts)

A digit sequence is a maximal run of 0-9 (or of full-width ０-９); Han
characters are the CJK unified and compatibility ideographs.  Extra text in
the output (page numbers, a table of contents) is fine: only what is missing
counts.  Exit status 0 nothing lost, 1 something lost, 2 usage or
extraction error.
"""
import argparse
import collections
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

DIGITS = re.compile(r"[0-9]+|[\uFF10-\uFF19]+")
HAN = re.compile(
    "[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF"
    "\U00020000-\U0002A6DF\U0002A700-\U0002EBEF\U00030000-\U0003134F"
    "\U0002F800-\U0002FA1F]"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fail(msg):
    print(f"roundtrip.py: {msg}", file=sys.stderr)
    sys.exit(2)


def read_text(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        fail(f"{path}: {e.strerror}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{path}: not UTF-8 ({e})")


def pdf_text(path):
    try:
        r = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", path, "-"],
            capture_output=True,
        )
    except OSError as e:
        fail(f"pdftotext: {e.strerror} (install poppler-utils)")
    if r.returncode != 0:
        fail(f"pdftotext failed on {path}: {r.stderr.decode(errors='replace')}")
    if r.stderr.strip():
        print(f"roundtrip.py: pdftotext warns on {path}:\n"
              f"{r.stderr.decode(errors='replace')}", file=sys.stderr)
        sys.exit(1)
    return r.stdout.decode("utf-8", errors="replace")


def docx_text(path):
    out = []
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist()
                     if n == "word/document.xml"
                     or re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
            if "word/document.xml" not in names:
                fail(f"{path}: no word/document.xml")
            for name in sorted(names):
                root = ET.fromstring(z.read(name))
                for p in root.iter(W + "p"):
                    out.append("".join(t.text or "" for t in p.iter(W + "t")))
    except (OSError, zipfile.BadZipFile, ET.ParseError) as e:
        fail(f"{path}: {e}")
    return "\n".join(out) + "\n"


def first_lines(text, pattern):
    """token -> first source line (1-based) it occurs on."""
    where = {}
    for no, line in enumerate(text.split("\n"), 1):
        for m in pattern.finditer(line):
            where.setdefault(m.group(0), no)
    return where


def compare(kind, pattern, src, out, show, source_name):
    want = collections.Counter(pattern.findall(src))
    have = collections.Counter(pattern.findall(out))
    lost = {k: (n, have.get(k, 0)) for k, n in want.items() if have.get(k, 0) < n}
    total = sum(want.values())
    if not lost:
        print(f"{kind}: all {total} ({len(want)} distinct) found")
        return True
    where = first_lines(src, pattern)
    missing = sum(n - h for n, h in lost.values())
    print(f"{kind}: {missing} of {total} missing ({len(lost)} distinct)")
    for k in sorted(lost, key=lambda k: (where.get(k, 0), k))[:show]:
        n, h = lost[k]
        print(f"  {source_name}:{where.get(k, 0)}: '{k}' {n} in the source, "
              f"{h} in the output")
    if len(lost) > show:
        print(f"  … and {len(lost) - show} more")
    return False


def main():
    ap = argparse.ArgumentParser(
        description="Every digit sequence and Han character of SOURCE is "
                    "in EXTRACTED at least as often.")
    ap.add_argument("source")
    ap.add_argument("extracted")
    ap.add_argument("mode", nargs="?", default="text",
                    choices=["text", "pdf", "docx"])
    ap.add_argument("--only", choices=["digits", "han"])
    ap.add_argument("--show", type=int, default=20,
                    help="how many lost items to list (default 20)")
    a = ap.parse_args()

    src = read_text(a.source)
    if a.mode == "pdf":
        out = pdf_text(a.extracted)
    elif a.mode == "docx":
        out = docx_text(a.extracted)
    else:
        out = read_text(a.extracted)

    ok = True
    if a.only in (None, "digits"):
        ok &= compare("digit sequences", DIGITS, src, out, a.show, a.source)
    if a.only in (None, "han"):
        ok &= compare("Han characters", HAN, src, out, a.show, a.source)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
