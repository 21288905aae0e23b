#!/usr/bin/env python3
"""Mutation run: how many single mistakes does `disclose check` catch?

usage: bench/mutate.py [-n 200] [--seed 2025] SAMPLE REPAIR_SED DISCLOSE...

Starts from the repaired sample (SAMPLE with REPAIR_SED applied, which checks
without errors) and makes N mutants, each with one mistake: half change one
figure of a table (a cell of 表1–表11 or of a form that holds a number), half
one number of the text of part three (an amount before 万元/元/个/辆/台 or a
percentage).  The change is what a typist does: one digit replaced, two
neighbouring digits swapped, a digit dropped or doubled, or the value moved
by 1.  A mutant is caught when `check` reports an error it does not report
on the repaired sample; it is located when one of those errors is on the
mutated line; flagged when there is a new error or a new warning (a share
off by up to 0.05 points is a warning by design).  With MUTATE_MISSED=1 in
the environment it lists each mutant without a new error: its line, the
text around the change before and after, and whether a warning flagged it.  Each DISCLOSE binary (say, before and after a change) checks
the same mutants; the figures are printed per binary and per kind.
Deterministic for a given seed."""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("-n", type=int, default=200)
ap.add_argument("--seed", type=int, default=2025)
ap.add_argument("sample")
ap.add_argument("repair")
ap.add_argument("disclose", nargs="+")
a = ap.parse_args()

base = subprocess.run(["sed", "-f", a.repair, a.sample], capture_output=True,
                      check=True, text=True).stdout.split("\n")


def part_start(k):
    for i, l in enumerate(base):
        if re.match(r"^\s*（?第%s部分" % "一二三四"[k - 1], l):
            return i
    return len(base)


p2, p3, p4 = part_start(2), part_start(3), part_start(4)
NUM = re.compile(r"\d+(?:\.\d+)?")
# a figure of a table: a cell line holding only a number
cells = [i for i in range(p2, p4)
         if base[i].startswith("\t") and re.fullmatch(r"\t[\s\u3000]*\d+(\.\d+)?[\s\u3000]*", base[i])
         and not re.fullmatch(r"\t\s*(19|20)\d\d\s*", base[i])
         and float(NUM.search(base[i]).group()) != 0]
# a number of the text of part three: amounts and rates
TEXTNUM = re.compile(r"(\d+(?:\.\d+)?)\s*(?=万元|元|%|％|个|辆|台|人)")
texts = [(i, m.start(1), m.end(1)) for i in range(p3, p4)
         if not base[i].startswith("\t")
         for m in TEXTNUM.finditer(base[i])
         if not re.match(r"(19|20)\d\d$", m.group(1))]


def typo(s, rnd):
    """One typist's slip in the digits of s (never the same value)."""
    for _ in range(20):
        digits = [k for k, ch in enumerate(s) if ch.isdigit()]
        kind = rnd.choice(["digit", "swap", "drop", "double", "plus", "minus"])
        k = rnd.choice(digits)
        if kind == "digit":
            t = s[:k] + rnd.choice([d for d in "0123456789" if d != s[k]]) + s[k + 1:]
        elif kind == "swap" and k + 1 < len(s) and s[k + 1].isdigit() and s[k] != s[k + 1]:
            t = s[:k] + s[k + 1] + s[k] + s[k + 2:]
        elif kind == "drop" and len(digits) > 1:
            t = s[:k] + s[k + 1:]
        elif kind == "double":
            t = s[:k] + s[k] + s[k:]
        elif kind in ("plus", "minus"):
            m = NUM.search(s)
            v = m.group()
            scale = len(v.split(".")[1]) if "." in v else 0
            units = int(v.replace(".", "")) + (1 if kind == "plus" else -1)
            if units < 0:
                continue
            w = str(units).rjust(scale + 1, "0")
            w = w[:-scale] + "." + w[-scale:] if scale else w
            t = s[:m.start()] + w + s[m.end():]
        else:
            continue
        t = re.sub(r"^(\D*)0+(\d)", r"\1\2", t)  # no leading zeros
        if NUM.search(t) and NUM.search(t).group() != NUM.search(s).group():
            return t
    return None


rnd = random.Random(a.seed)
mutants = []
while len(mutants) < a.n:
    if len(mutants) % 2 == 0:
        i = rnd.choice(cells)
        t = typo(base[i], rnd)
        if t:
            mutants.append(("cell", i, t))
    else:
        i, s, e = rnd.choice(texts)
        t = typo(base[i][s:e], rnd)
        if t:
            mutants.append(("text", i, base[i][:s] + t + base[i][e:]))


LANG = {}


def errors(disclose, path):
    if disclose not in LANG:  # a binary older than --lang speaks English
        p = subprocess.run([disclose, "check", "--lang", "en", path],
                           capture_output=True, text=True)
        LANG[disclose] = ["--lang", "en"] if p.returncode != 2 else []
    p = subprocess.run([disclose, "check"] + LANG[disclose] + [path],
                       capture_output=True, text=True,
                       env=dict(os.environ, LANG="C", LC_ALL="C"))
    out = set()
    for l in p.stdout.splitlines():
        m = re.match(r"^.*?:(\d+):(\d+): (error|warning): (\[[^\]]*\] .*)$", l)
        if m:
            out.add((int(m.group(1)), m.group(3), m.group(4)))
    return out


tmp = tempfile.mkdtemp(prefix="mutate-")
path = os.path.join(tmp, "m.txt")
print("mutants: %d (seed %d): %d of a table's figure, %d of a number in the "
      "text" % (len(mutants), a.seed, sum(k == "cell" for k, _, _ in mutants),
                sum(k == "text" for k, _, _ in mutants)))
for disclose in a.disclose:
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(base))
    clean = errors(disclose, path)
    probe = subprocess.run([disclose, "check"] + LANG[disclose] + [path],
                           capture_output=True, text=True)
    if probe.returncode > 1:
        sys.exit("%s cannot check the repaired sample: %s" %
                 (disclose, probe.stderr.strip()[:300]))
    stats = {"cell": [0, 0, 0, 0], "text": [0, 0, 0, 0]}
    missed = []
    for kind, i, line in mutants:
        m = list(base)
        m[i] = line
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(m))
        found = errors(disclose, path) - clean
        new = {f for f in found if f[1] == "error"}
        st = stats[kind]
        st[0] += 1
        if new:
            st[1] += 1
        if any(ln == i + 1 for ln, _, _ in new):
            st[2] += 1
        if found:
            st[3] += 1
        if not new:
            # where the lines differ, with some context either side
            a = 0
            while a < min(len(line), len(base[i])) and line[a] == base[i][a]:
                a += 1
            lo = max(0, a - 24)
            missed.append((kind, i + 1, base[i][lo:a + 16].strip(),
                           line[lo:a + 16].strip(),
                           " (a warning)" if found else ""))
    tot = [sum(stats[k][j] for k in stats) for j in range(4)]
    print("%s: errors on the repaired sample %d; caught (a new error) "
          "%d/%d (%.1f%%), located on the mutated line %d (%.1f%%), flagged "
          "(a new error or warning) %d (%.1f%%); table figures %d/%d caught, "
          "text numbers %d/%d caught" %
          (disclose, sum(1 for f in clean if f[1] == "error"), tot[1], tot[0],
           100.0 * tot[1] / tot[0], tot[2], 100.0 * tot[2] / tot[0], tot[3],
           100.0 * tot[3] / tot[0], stats["cell"][1], stats["cell"][0],
           stats["text"][1], stats["text"][0]))
    if os.environ.get("MUTATE_MISSED"):
        for x in missed:
            print("  missed %s line %d: %r -> %r%s" % x)
os.remove(path)
os.rmdir(tmp)
