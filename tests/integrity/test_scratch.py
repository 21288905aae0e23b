#!/usr/bin/env python3
"""Scratch files, read from strace (issue 14).  What grows with the source
and is read back (the display list's finished pages, the PDF's deflated
page contents, the DOCX's word/document.xml) is held in a spillable buffer
(src/core/scratch.c): in memory up to its budget, then in an unnamed
scratch file beside the output.  So the sample's render --pdf --docx makes
no scratch file (no O_TMPFILE open, no positioned read or write of one),
while a source 10 times the sample (bench/gen_departments.py --scale 10,
its display list and document.xml past the budget) still makes them, in
the output's folder, and leaves nothing there but its outputs.

usage: test_scratch.py DISCLOSE SAMPLE GEN_DEPARTMENTS WORKDIR

Each check prints ok/FAIL; the last line counts them.  Exit 77 (skipped)
when strace is missing (./setup.sh --test installs it).
"""
import os
import re
import shutil
import subprocess
import sys

checks = []


def check(name, cond, detail=''):
    checks.append(bool(cond))
    print(f'{"ok" if cond else "FAIL"}: {name}{"" if cond else ": " + str(detail)[-800:]}')


def trace(log, *cmd):
    """Runs cmd under strace; returns (exit status, the trace's lines)."""
    env = dict(os.environ)  # LeakSanitizer cannot work under ptrace
    env['ASAN_OPTIONS'] = env.get('ASAN_OPTIONS', '') + ':detect_leaks=0'
    r = subprocess.run(['strace', '-f', '-y', '-qq', '-o', log, '-e',
                        'trace=openat,pread64,pwrite64,read,write', *cmd],
                       capture_output=True, text=True, timeout=600, env=env)
    return r.returncode, open(log, encoding='utf-8', errors='replace').read().splitlines()


def scratch_opens(lines):
    """The folders of the unnamed scratch files opened (O_TMPFILE)."""
    return [m.group(1) for m in (re.search(r'openat\(AT_FDCWD(?:<[^>]*>)?, "([^"]*)", [^)]*O_TMPFILE', l)
                                 for l in lines) if m]


def scratch_io(lines):
    """Reads and writes of an unnamed file (strace -y shows "#inode
    (deleted)" for one)."""
    return [l for l in lines if re.search(r'(pread64|pwrite64|read|write)\(\d+<[^>]*#\d+', l)]


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    disclose, sample, gen, work = sys.argv[1:]
    if not shutil.which('strace'):
        print('test_scratch: strace is not installed: skipped')
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    out = os.path.join(work, 'out1')
    rc, lines = trace(os.path.join(work, 'trace1'), disclose, 'render', '--pdf', '--docx', '-o', out, sample)
    check('the sample renders', rc == 0, rc)
    check('the sample: no scratch file opened', not scratch_opens(lines), scratch_opens(lines))
    check('the sample: no scratch file read or written', not scratch_io(lines), scratch_io(lines)[:5])
    check('the sample: its two outputs', sorted(os.listdir(out)) == ['changji-gxq-2025.docx', 'changji-gxq-2025.pdf'],
          os.listdir(out))

    big = os.path.join(work, 'x10.txt')
    subprocess.run([sys.executable, gen, '--scale', '10', sample, big, disclose], check=True)
    out = os.path.join(work, 'out10')
    rc, lines = trace(os.path.join(work, 'trace10'), disclose, 'render', '--pdf', '--docx', '-o', out, big)
    check('10x the sample renders', rc == 0, rc)
    opens = scratch_opens(lines)
    # the display list's pages and document.xml (the deflated pages, 1.3 MB,
    # stay within the budget)
    check('10x: two scratch files or more', len(opens) >= 2, opens)
    check('10x: in the output folder', opens and all(os.path.abspath(d) == os.path.abspath(out) for d in opens), opens)
    check('10x: written and read back', scratch_io(lines), len(lines))
    check('10x: nothing left but its outputs', sorted(os.listdir(out)) == ['x10.docx', 'x10.pdf'], os.listdir(out))

    print(f'{sum(checks)} of {len(checks)} checks passed')
    return 0 if all(checks) else 1


if __name__ == '__main__':
    sys.exit(main())
