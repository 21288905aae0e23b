#!/usr/bin/env python3
"""Golden test of the DOCX writer's parts.

Writes a synthetic document with the test driver, takes word/document.xml
and word/styles.xml out of the package, pretty-prints them and compares
them with the reviewed files in tests/golden/docx-<case>/.  Run with
DC_REGEN_GOLDEN=1 (or --regen) to rewrite the golden files after a reviewed
change; then read `git diff tests/golden/` like code.
"""
import argparse
import difflib
import os
import subprocess
import sys
import zipfile
from xml.dom import minidom

PARTS = ["word/document.xml", "word/styles.xml"]


def strip_ws(node):
    """Drops whitespace-only text nodes, so pretty-printing is stable."""
    for child in list(node.childNodes):
        if child.nodeType == child.TEXT_NODE and not child.data.strip():
            node.removeChild(child)
        elif child.hasChildNodes():
            strip_ws(child)


def pretty(data):
    dom = minidom.parseString(data)
    strip_ws(dom)
    return dom.toprettyxml(indent="  ", encoding="UTF-8").decode("utf-8")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--driver", required=True)
    ap.add_argument("--case", required=True, choices=["small", "fallback"])
    ap.add_argument("--golden", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--regen", action="store_true")
    a = ap.parse_args()
    regen = a.regen or os.environ.get("DC_REGEN_GOLDEN") == "1"

    os.makedirs(a.work, exist_ok=True)
    out = os.path.join(a.work, "synth.docx")
    cmd = [a.driver, "--synthetic", "-o", out]
    if a.case == "fallback":
        cmd.insert(2, "--no-layout")
    subprocess.run(cmd, check=True)

    failed = 0
    with zipfile.ZipFile(out) as z:
        for part in PARTS:
            got = pretty(z.read(part))
            name = os.path.join(a.golden, os.path.basename(part))
            if regen:
                os.makedirs(a.golden, exist_ok=True)
                with open(name, "w", encoding="utf-8") as f:
                    f.write(got)
                print(f"rewrote {name}")
                continue
            with open(name, encoding="utf-8") as f:
                want = pretty(f.read().encode("utf-8"))
            if got != want:
                failed += 1
                sys.stdout.writelines(difflib.unified_diff(
                    want.splitlines(True), got.splitlines(True),
                    name, part + " (written)"))
    print(f"{len(PARTS) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
