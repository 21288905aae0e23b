#!/usr/bin/env python3
"""GB/T 9704's grid in the rendered PDF: lines of 三号 (16 pt) text set in
Chinese alone hold at most 28 characters and the full ones exactly 28 (the
156 mm line with page.xml's tracking), and no page holds more than 22 of
them.  Reads pdftotext -bbox: a 16 pt word's box is 16-18 pt high; table
text is smaller."""
import collections
import re
import subprocess
import sys


def main():
    pdf = sys.argv[1]
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    bad = []
    full = 0
    for pno, page in enumerate(out.split("<page ")[1:], 1):
        words = []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                             r'xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                             page):
            y0, y1 = float(m.group(2)), float(m.group(3))
            if 15.5 < y1 - y0 < 18.5:  # 三号
                words.append((y0, m.group(4)))
        # a line: words whose tops lie within 8 pt of its first (digits
        # and Chinese in one line have tops a few points apart)
        lines = collections.defaultdict(str)
        top = None
        for y0, t in words:
            if top is None or abs(y0 - top) > 8:
                top = y0
            lines[top] += t
        body = [t for t in lines.values() if t and not re.search(r"[\x00-\x7f—]", t)]
        if len(lines) > 22:
            bad.append("page %d: %d lines of 三号" % (pno, len(lines)))
        for t in body:
            if len(t) > 28:
                bad.append("page %d: %d characters: %s" % (pno, len(t), t))
            full += len(t) == 28
    if full < 40:
        bad.append("only %d lines of 28 characters" % full)
    for b in bad:
        print(b)
    print("%d lines of 28 characters" % full)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
