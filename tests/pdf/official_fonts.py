#!/usr/bin/env python3
"""fonts/fontmap-official.xml, the map for the licensed fonts GB/T 9704
names, tried with free fonts copied under those names (each renamed inside,
so that the PDF tells them apart): every role lands on its text (仿宋 the
body, 方正小标宋 the part titles, 黑体 the 一、 headings, 楷体 the （一）
headings); and a missing file is one error naming it, and one naming the
source it stopped, with nothing written.

usage: official_fonts.py DISCLOSE SOURCE_DIR SAMPLE WORKDIR
"""
import os
import shutil
import subprocess
import sys

import pikepdf
from fontTools.ttLib import TTCollection, TTFont

FREE = {
    "SIMFANG.TTF": ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", None),
    "FZXBSJW.TTF": ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", None),
    "SIMHEI.TTF": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "SIMKAI.TTF": ("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", None),
    "TIMES.TTF": ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", None),
}
# the PostScript name each copy gets, by file
PSNAME = {f: "Test" + f.split(".")[0].title() for f in FREE}


def make_font(dst, src, index):
    font = TTCollection(src).fonts[index] if index is not None else TTFont(src)
    for rec in font["name"].names:
        if rec.nameID in (1, 4, 6, 16):
            rec.string = PSNAME[os.path.basename(dst)]
    font.save(dst)


def runs(pdf, page):
    """(BaseFont, text) for every text-showing operator of a page; the
    writer's CIDs are Unicode code points."""
    fonts = {}
    res = page.Resources.get("/Font", {})
    for name, f in res.items():
        fonts[name] = str(f.BaseFont).split("+")[-1]
    out, cur = [], None
    for operands, op in pikepdf.parse_content_stream(page):
        if op == pikepdf.Operator("Tf"):
            cur = fonts.get(str(operands[0]))
        elif op in (pikepdf.Operator("Tj"), pikepdf.Operator("TJ")):
            parts = operands[0] if op == pikepdf.Operator("TJ") else [operands[0]]
            b = b"".join(bytes(p) for p in parts if isinstance(p, pikepdf.String))
            out.append((cur, b.decode("utf-16-be", "replace")))
    return out


def main():
    exe, srcdir, sample, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    fdir = os.path.join(work, "fonts")
    os.makedirs(fdir)
    shutil.copy(os.path.join(srcdir, "fonts", "fontmap-official.xml"), fdir)
    for f, (src, idx) in FREE.items():
        if not os.path.exists(src):
            print("SKIP: no", src)
            sys.exit(77)
        make_font(os.path.join(fdir, f), src, idx)
    fmap = os.path.join(fdir, "fontmap-official.xml")
    out = os.path.join(work, "out")
    r = subprocess.run([exe, "render", "--pdf", "--fontmap", fmap, "-o", out,
                        sample], capture_output=True, text=True, timeout=300)
    failures = []
    if r.returncode != 0:
        print(r.stderr)
        sys.exit(1)
    stem = os.path.splitext(os.path.basename(sample))[0]
    pdf = pikepdf.open(os.path.join(out, stem + ".pdf"))
    want = {  # text that starts a line -> the font it must be set in
        "第一部分": "TestFzxbsjw", "第二部分": "TestFzxbsjw",
        "一、关于": "TestSimhei", "（一）": "TestSimkai",
        "一般公共服务支出（类）": "TestSimfang",
    }
    seen = {k: set() for k in want}
    for page in pdf.pages:
        rs = runs(pdf, page)
        if any(text.startswith("....") for _, text in rs):
            continue  # the 目录 sets its entries in its own styles
        for font, text in rs:
            for k in want:
                if text.startswith(k):
                    seen[k].add(font)
    for k, f in want.items():
        ok = seen[k] == {f}
        print(f"{'ok  ' if ok else 'FAIL'} {k}: {sorted(seen[k])} (want {f})")
        if not ok:
            failures.append(k)
    digits = {font for page in pdf.pages for font, text in runs(pdf, page)
              if text.isdigit()}
    ok = "TestTimes" in digits
    print(f"{'ok  ' if ok else 'FAIL'} digits: {sorted(digits)}")
    if not ok:
        failures.append("digits")

    # a licensed font missing: one error naming its file, nothing written
    os.remove(os.path.join(fdir, "SIMKAI.TTF"))
    out2 = os.path.join(work, "out2")
    r = subprocess.run([exe, "render", "--pdf", "--fontmap", fmap, "-o", out2,
                        sample], capture_output=True, text=True, timeout=300)
    errors = [l for l in r.stderr.splitlines() if ": error: " in l]
    # one error naming the font, one naming the source it stopped
    ok = (r.returncode == 2 and len(errors) == 2 and "SIMKAI.TTF" in errors[0]
          and errors[1] == f"{sample}: error: not rendered: the fonts could "
                           "not be loaded"
          and not (os.path.isdir(out2) and os.listdir(out2)))
    print(f"{'ok  ' if ok else 'FAIL'} missing SIMKAI.TTF: exit {r.returncode}, {errors}")
    if not ok:
        failures.append("missing font")
    if failures:
        print("FAILED:", ", ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
