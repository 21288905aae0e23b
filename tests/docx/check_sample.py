#!/usr/bin/env python3
"""The sample rendered to DOCX and read back by every reader we have.

1. `disclose render --docx` writes <work>/<stem>.docx (until the command is
   built with the DOCX writer, the test driver docx_driver writes it, without
   layout decisions);
2. a second render gives the same bytes;
3. `unzip -t` passes and every part parses with libxml2 (xmllint);
4. nothing lost: tests/integration/roundtrip.py on the w:t text;
5. LibreOffice (headless, the fonts of tests/docx/fonts.conf) converts it to
   PDF, and that PDF's text still holds every number and Han character;
6. pandoc reads it, finds every table and every number and Han character
   (in its document tree: its plain writer cannot print merged cells).
Steps 5 and 6 are skipped when soffice or pandoc is missing, unless
DC_REQUIRE_READERS=1.  Prints one line per step and "N passed, N failed".
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROUNDTRIP = os.path.join(HERE, "..", "integration", "roundtrip.py")

results = []


def step(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok' if ok else 'FAIL'}: {name}{': ' + detail if detail else ''}")
    sys.stdout.flush()


def skip(name, why):
    if os.environ.get("DC_REQUIRE_READERS") == "1":
        step(name, False, why)
    else:
        print(f"skipped: {name}: {why}")


def render(a, outdir):
    os.makedirs(outdir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(a.source))[0]
    out = os.path.join(outdir, stem + ".docx")
    if os.path.exists(out):
        os.unlink(out)
    r = subprocess.run([a.disclose, "render", "--docx", "-o", outdir,
                        a.source], capture_output=True, text=True)
    if r.returncode == 0 and os.path.exists(out):
        return out, "disclose render --docx"
    subprocess.run([a.driver, "-o", out, a.source], check=True,
                   stderr=subprocess.DEVNULL)
    return out, "docx_driver (no layout: render has no DOCX writer yet)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--disclose", required=True)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.work, ignore_errors=True)

    t0 = time.monotonic()
    docx, how = render(a, os.path.join(a.work, "1"))
    t1 = time.monotonic()
    again, _ = render(a, os.path.join(a.work, "2"))
    step("render", True, f"{how}, {os.path.getsize(docx)} bytes, "
                         f"{t1 - t0:.2f} s")
    with open(docx, "rb") as f1, open(again, "rb") as f2:
        step("two renders are byte-identical", f1.read() == f2.read())

    r = subprocess.run(["unzip", "-t", docx], capture_output=True, text=True)
    step("unzip -t", r.returncode == 0, r.stdout.strip().splitlines()[-1])

    bad = []
    with zipfile.ZipFile(docx) as z:
        names = z.namelist()
        for n in names:
            r = subprocess.run(["xmllint", "--noout", "--nonet", "-"],
                               input=z.read(n), capture_output=True)
            if r.returncode != 0:
                bad.append(n)
        xml = z.read("word/document.xml").decode("utf-8")
    step("every part parses with libxml2", not bad,
         f"{len(names)} parts" + (f", bad: {bad}" if bad else ""))
    ntables = xml.count("<w:tbl>")

    r = subprocess.run([sys.executable, ROUNDTRIP, a.source, docx, "docx"],
                       capture_output=True, text=True)
    step("nothing lost in w:t", r.returncode == 0,
         " / ".join(r.stdout.strip().splitlines()[:4]))

    soffice = shutil.which("soffice")
    if soffice:
        env = dict(os.environ, FONTCONFIG_FILE=os.path.join(HERE, "fonts.conf"))
        profile = "file://" + os.path.abspath(os.path.join(a.work, "lo"))
        t0 = time.monotonic()
        r = subprocess.run([soffice, f"-env:UserInstallation={profile}",
                            "--headless", "--convert-to", "pdf", "--outdir",
                            a.work, docx], capture_output=True, text=True,
                           env=env, timeout=400)
        pdf = os.path.join(a.work, os.path.basename(docx)[:-5] + ".pdf")
        ok = r.returncode == 0 and os.path.exists(pdf)
        step("LibreOffice converts it to PDF", ok,
             f"{time.monotonic() - t0:.1f} s")
        if ok:
            r = subprocess.run([sys.executable, ROUNDTRIP, a.source, pdf,
                                "pdf"], capture_output=True, text=True)
            step("LibreOffice's PDF keeps every number and Han character",
                 r.returncode == 0,
                 " / ".join((r.stdout + r.stderr).strip().splitlines()[:6]))
    else:
        skip("LibreOffice", "soffice not installed (Debian libreoffice-writer)")

    pandoc = shutil.which("pandoc")
    if pandoc:
        r = subprocess.run([pandoc, "-f", "docx", "-t", "json", docx],
                           capture_output=True, text=True)
        found = 0
        if r.returncode == 0:
            def walk(x):
                nonlocal found
                if isinstance(x, dict):
                    if x.get("t") == "Table":
                        found += 1
                    for v in x.values():
                        walk(v)
                elif isinstance(x, list):
                    for v in x:
                        walk(v)
            walk(json.loads(r.stdout))
        step("pandoc reads every table", r.returncode == 0 and
             found == ntables, f"{found} of {ntables}")
        # pandoc's plain writer prints "[TABLE]" for tables with merged
        # cells, so the text comes from what its reader built: each
        # block's inline strings, one block per line
        lines = []

        def text_of(x, out):
            if isinstance(x, dict):
                t = x.get("t")
                if t == "Str":
                    out.append(x["c"])
                elif t in ("Space", "SoftBreak", "LineBreak"):
                    out.append(" ")
                elif t in ("Plain", "Para", "Header"):
                    inner = []
                    text_of(x.get("c"), inner)
                    lines.append("".join(inner))
                else:
                    text_of(x.get("c"), out)
            elif isinstance(x, list):
                for v in x:
                    text_of(v, out)

        if r.returncode == 0:
            text_of(json.loads(r.stdout)["blocks"], [])
        plain = os.path.join(a.work, "pandoc.txt")
        with open(plain, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        r3 = subprocess.run([sys.executable, ROUNDTRIP, a.source, plain],
                            capture_output=True, text=True)
        step("pandoc's reading keeps every number and Han character",
             r.returncode == 0 and r3.returncode == 0,
             " / ".join((r3.stdout + r3.stderr).strip().splitlines()[:4]))
    else:
        skip("pandoc", "pandoc not installed")

    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
