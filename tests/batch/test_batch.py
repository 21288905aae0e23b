#!/usr/bin/env python3
"""`disclose batch`, `verify` and `diff` on small inputs made from the sample.

usage: test_batch.py DISCLOSE SAMPLE WORKDIR

Each check prints ok/FAIL; the last line counts them.
"""
import glob
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import xml.etree.ElementTree as ET
import zlib

checks = []


def check(name, cond, detail=''):
    checks.append(bool(cond))
    print(f'{"ok" if cond else "FAIL"}: {name}{"" if cond else ": " + detail}')


def run(*args, **kw):
    return subprocess.run(list(args), capture_output=True, text=True, **kw)


def leftovers(out):
    return [f for f in os.listdir(out) if '.dctmp-' in f or '.tmp-' in f]


def records(out):
    """The manifest as the next batch reads it: manifest.xml, then the
    records of its journal (.manifest.xml.journal) when the journal extends
    this manifest.xml (its first line names the file's SHA-256, "-" for
    none), up to its first damaged line.  {stem: attributes}"""
    recs = {}
    path = os.path.join(out, 'manifest.xml')
    if os.path.exists(path):
        for d in ET.parse(path).getroot().findall('document'):
            recs[d.get('stem')] = dict(d.attrib)
    jpath = os.path.join(out, '.manifest.xml.journal')
    if not os.path.exists(jpath):
        return recs
    text = open(jpath, 'rb').read()
    want = hashlib.sha256(open(path, 'rb').read()).hexdigest() if os.path.exists(path) else '-'
    lines = text.split(b'\n')
    if lines[0] != b'disclose-records-journal 1 ' + want.encode():
        return recs
    for line in lines[1:-1]:
        body, _, crc = line.rpartition(b' ')
        if not body.startswith(b'record') or f'{zlib.crc32(body):08x}'.encode() != crc:
            break
        rec = {}
        for field in body.split(b' ')[1:]:
            k, _, v = urllib.parse.unquote_to_bytes(field).decode().partition('=')
            rec[k] = v
        recs[rec['stem']] = rec
    return recs


def manifest_true(out):
    """Every document the manifest (and its journal) calls ok has outputs
    with those hashes."""
    for stem, d in records(out).items():
        if d.get('status') != 'ok':
            continue
        for ext in ('pdf', 'docx', 'xlsx'):
            want = d.get(f'{ext}-sha256')
            if not want:
                continue
            p = os.path.join(out, f'{stem}.{ext}')
            if not os.path.exists(p) or hashlib.sha256(open(p, 'rb').read()).hexdigest() != want:
                return False
    return True


def gone(pid):
    """Whether process `pid` has exited (no longer there, or a zombie: its
    descriptors, and so the folder's flock it inherited, are released)."""
    try:
        return open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[0] == 'Z'
    except OSError:
        return True


def kill_batch(p):
    """SIGKILL the batch and its workers (their own process groups), as a
    power cut would stop them all.  The batch is stopped first, so that it
    starts no worker between the reading of its children and its death,
    and the workers are waited for: each holds the output folder's flock
    until it is gone, and a killed process takes a moment to go."""
    os.kill(p.pid, signal.SIGSTOP)
    kids = []
    for t in os.listdir(f'/proc/{p.pid}/task'):
        try:
            kids += open(f'/proc/{p.pid}/task/{t}/children').read().split()
        except OSError:
            pass
    p.kill()
    for k in kids:
        try:
            os.kill(int(k), signal.SIGKILL)
        except ProcessLookupError:
            pass
    p.wait()
    deadline = time.monotonic() + 10
    while not all(gone(k) for k in kids) and time.monotonic() < deadline:
        time.sleep(0.01)


def main():
    disclose, sample, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    src, out, arch = (os.path.join(work, d) for d in ('src', 'out', 'archive'))
    os.makedirs(src)
    text = open(sample, encoding='utf-8').read()
    for name, dept in (('alpha', '甲'), ('beta', '乙'), ('gamma', '丙')):
        open(os.path.join(src, f'{name}.txt'), 'w', encoding='utf-8').write(
            text.replace('昌吉高新技术产业开发区管理委员会', f'{dept}县财政局'))
    open(os.path.join(src, 'broken.txt'), 'wb').write(b'\xef\xbb\xbf\xff\xfe not text\n')
    open(os.path.join(src, 'notes.md'), 'w').write('not a source\n')

    # 1. a broken source among good ones
    r = run(disclose, 'batch', '-o', out, '-j', '2', src)
    check('broken source: exit status 1', r.returncode == 1, f'{r.returncode} {r.stderr[-500:]}')
    check('broken source: its message is shown', 'broken.txt:1:' in r.stderr and 'UTF-8' in r.stderr, r.stderr[-500:])
    check('broken source: summary lists it', 'failed: ' in r.stdout and 'broken.txt' in r.stdout.split('failed:')[-1], r.stdout)
    made = sorted(os.listdir(out))
    check('good sources rendered', all(f'{n}.{e}' in made for n in ('alpha', 'beta', 'gamma') for e in ('pdf', 'docx')), made)
    check('nothing for the broken one, no temporary files',
          not any(f.startswith('broken.') for f in made) and not leftovers(out), made)
    check('manifest is true', manifest_true(out))
    os.remove(os.path.join(src, 'broken.txt'))

    # 1b. a document that crashes its worker fails alone: with one worker,
    # the documents after it are rendered by a new one, to the same bytes
    out1 = os.path.join(work, 'out-crash')
    env = dict(os.environ, DISCLOSE_TEST_CRASH=os.path.join(src, 'beta.txt'))
    r = run(disclose, 'batch', '-o', out1, '-j', '1', src, env=env)
    check('crashed worker: exit 1, only beta failed', r.returncode == 1 and
          re.search(r'^2 rendered, 0 up to date, 1 failed', r.stdout, re.M) and
          r.stdout.split('failed:')[-1].split() == [os.path.join(src, 'beta.txt')], r.stdout + r.stderr[-300:])
    check('crashed worker: the signal is named', 'beta.txt: error: renderer stopped by signal 6' in r.stderr, r.stderr[-300:])
    check('crashed worker: the others as rendered alone',
          all(open(os.path.join(out1, f), 'rb').read() == open(os.path.join(out, f), 'rb').read()
              for f in ('alpha.pdf', 'alpha.docx', 'gamma.pdf', 'gamma.docx')), sorted(os.listdir(out1)))
    check('crashed worker: nothing of beta, manifest true',
          not any(f.startswith('beta.') for f in os.listdir(out1)) and not leftovers(out1) and manifest_true(out1),
          sorted(os.listdir(out1)))

    # 1c. two workers on two cores render on one thread while documents
    # remain for the other, on two at the end (-j1: always on one): each
    # worker's writer switches between the two, to render's bytes
    same = os.path.join(work, 'same')
    os.makedirs(same)
    for n in range(5):
        shutil.copy(os.path.join(src, 'alpha.txt'), os.path.join(same, f's{n}.txt'))
    two = os.path.join(work, 'two')
    r = run(disclose, 'render', '-o', two, os.path.join(same, 's0.txt'))
    check('five copies: render', r.returncode == 0, r.stderr[-300:])
    cpus = sorted(os.sched_getaffinity(0))[:2]
    for j in ('1', '2'):
        o = os.path.join(work, f'same-j{j}')
        # (-o spelt with a trailing '/' once: the worker still finds each
        # output to hash)
        r = run(disclose, 'batch', '-o', o + '/' * (j == '2'), '-j', j, same,
                preexec_fn=lambda: os.sched_setaffinity(0, cpus))
        differ = [f's{n}.{e}' for n in range(5) for e in ('pdf', 'docx', 'xlsx')
                  if open(os.path.join(o, f's{n}.{e}'), 'rb').read() !=
                  open(os.path.join(two, f's0.{e}'), 'rb').read()]
        check(f'five copies, -j{j} on {len(cpus)} cores: render\'s bytes',
              r.returncode == 0 and not differ, differ or r.stderr[-300:])

    # 1d. killed at random moments (SIGKILL, the workers too), with each
    # commit slowed so that most kills find one between its staging and its
    # report: the manifest and its journal name only documents whose
    # outputs are in place with those hashes, and the next run keeps every
    # one they name and renders the rest
    rnd = random.Random(14)
    for n in range(8):
        o = os.path.join(work, f'killed{n}')
        p = subprocess.Popen([disclose, 'batch', '-o', o, '-j', str(1 + n % 2), same],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env=dict(os.environ, DISCLOSE_TEST_COMMIT_DELAY='150'))
        time.sleep(rnd.uniform(0.2, 0.9))
        kill_batch(p)
        kept = {s for s, d in records(o).items() if d.get('status') == 'ok'} if os.path.isdir(o) else set()
        check(f'killed batch {n}: every document recorded has its outputs in place, those hashes',
              not os.path.isdir(o) or manifest_true(o), str(sorted(kept)))
        r = run(disclose, 'batch', '-o', o, same)
        check(f'killed batch {n} ({len(kept)} recorded): the next run keeps those and renders the rest',
              r.returncode == 0 and
              re.search(rf'^{5 - len(kept)} rendered, {len(kept)} up to date, 0 failed', r.stdout, re.M) and
              manifest_true(o) and not leftovers(o) and
              sorted(records(o)) == [f's{k}' for k in range(5)] and
              not os.path.exists(os.path.join(o, '.manifest.xml.journal')),
              r.stdout + r.stderr[-300:])

    # 2. nothing changed: nothing rendered
    t0 = time.monotonic()
    r = run(disclose, 'batch', '-o', out, src)
    dt = time.monotonic() - t0
    check('second run: exit 0', r.returncode == 0, r.stderr[-300:])
    check('second run renders nothing', re.search(r'^0 rendered, 3 up to date, 0 failed', r.stdout, re.M), r.stdout)
    print(f'   (second run took {dt:.3f} s)')

    # 2b. the manifest's journal: a record in it counts when the journal
    # extends the manifest.xml on disk (its first line names the file's
    # SHA-256) and its line's CRC-32 holds; a stale or damaged one is
    # ignored, and the document rendered again
    mpath, jpath = os.path.join(out, 'manifest.xml'), os.path.join(out, '.manifest.xml.journal')
    tree = ET.parse(mpath)
    beta = next(d for d in tree.getroot().findall('document') if d.get('stem') == 'beta')
    line = b'record' + b''.join(b' ' + urllib.parse.quote_from_bytes(f'{k}={v}'.encode(), safe=bytes(
        c for c in range(0x21, 0x7f) if c != 0x25)).encode() for k, v in beta.attrib.items())
    for what, head, crc, want in (('a whole record', None, zlib.crc32(line), 0),
                                  ('a stale journal', '0' * 64, zlib.crc32(line), 1),
                                  ('a damaged line', None, zlib.crc32(line) ^ 1, 1)):
        tree = ET.parse(mpath)
        tree.getroot().remove(next(d for d in tree.getroot().findall('document') if d.get('stem') == 'beta'))
        tree.write(mpath, encoding='UTF-8', xml_declaration=True)
        head = head or hashlib.sha256(open(mpath, 'rb').read()).hexdigest()
        open(jpath, 'wb').write(b'disclose-records-journal 1 ' + head.encode() + b'\n' + line +
                                f' {crc:08x}\n'.encode())
        r = run(disclose, 'batch', '-o', out, src)
        check(f'the manifest\'s journal, {what}: beta {"rendered again" if want else "up to date"}',
              r.returncode == 0 and re.search(rf'^{want} rendered, {3 - want} up to date, 0 failed', r.stdout, re.M) and
              not os.path.exists(jpath) and manifest_true(out) and
              sorted(k for k, d in records(out).items() if d['status'] == 'ok') == ['alpha', 'beta', 'gamma'],
              r.stdout + r.stderr[-300:])

    # 3. one number edited: exactly that document, and diff names the cell
    shutil.copy(os.path.join(src, 'beta.txt'), os.path.join(work, 'beta-old.txt'))
    lines = open(os.path.join(src, 'beta.txt'), encoding='utf-8').read().split('\n')
    i = next(k for k, l in enumerate(lines) if l == '\t3197')
    lines[i] = '\t3192'
    open(os.path.join(src, 'beta.txt'), 'w', encoding='utf-8').write('\n'.join(lines))
    r = run(disclose, 'batch', '-o', out, src)
    check('after an edit: exactly one rendered', re.search(r'^1 rendered, 2 up to date, 0 failed', r.stdout, re.M), r.stdout)
    check('after an edit: it is beta', re.search(r'^rendered\s+beta ', r.stdout, re.M), r.stdout)
    r = run(disclose, 'diff', os.path.join(work, 'beta-old.txt'), os.path.join(src, 'beta.txt'))
    check('diff exit 1 and names the cell', r.returncode == 1 and
          re.search(rf'beta\.txt:{i + 1}: 表3 \[201 一般公共服务支出\] 合计: 3197 -> 3192', r.stdout), r.stdout)
    check('diff reports only that', r.stdout.strip().endswith('1 difference'), r.stdout)
    r = run(disclose, 'diff', os.path.join(src, 'beta.txt'), os.path.join(src, 'beta.txt'))
    check('diff of a file with itself: exit 0, silent', r.returncode == 0 and r.stdout == '', r.stdout)

    # 4. --force renders all; outputs are byte-identical to the first time
    before = {f: open(os.path.join(out, f), 'rb').read() for f in ('alpha.pdf', 'alpha.docx')}
    r = run(disclose, 'batch', '-o', out, '--force', src)
    check('--force renders all', re.search(r'^3 rendered, 0 up to date, 0 failed', r.stdout, re.M), r.stdout)
    check('same input, same bytes', all(open(os.path.join(out, f), 'rb').read() == b for f, b in before.items()))

    # 5. archive: store, re-issue as a revision, verify, detect a flipped byte
    r = run(disclose, 'batch', '-o', out, '--archive', arch, src)
    stored = sorted(glob.glob(os.path.join(arch, '2025', '*.pdf')))
    check('archive: three PDFs filed by year and department', len(stored) == 3 and
          os.path.exists(os.path.join(arch, '2025', '乙县财政局.pdf.sha256')), stored)
    # the workbook of the same render beside each PDF, in the PDF's entry
    books = sorted(glob.glob(os.path.join(arch, '2025', '*.xlsx')))
    check('archive: the workbooks beside the PDFs', [b[:-5] for b in books] == [s[:-4] for s in stored] and
          os.path.exists(os.path.join(arch, '2025', '乙县财政局.xlsx.sha256')), books)
    idx = ET.parse(os.path.join(arch, 'archive.xml')).getroot()
    e = [f for f in idx.findall('file') if f.get('department') == '甲县财政局']
    want = hashlib.sha256(open(os.path.join(out, 'alpha.xlsx'), 'rb').read()).hexdigest()
    check('archive: the workbook and its hash in the PDF\'s entry',
          len(e) == 1 and e[0].get('xlsx-path') == '2025/甲县财政局.xlsx' and e[0].get('xlsx-sha256') == want,
          [f.attrib for f in e])
    lines[i] = '\t3193'
    open(os.path.join(src, 'beta.txt'), 'w', encoding='utf-8').write('\n'.join(lines))
    first = open(os.path.join(arch, '2025', '乙县财政局.pdf'), 'rb').read()
    r = run(disclose, 'batch', '-o', out, '--archive', arch, src)
    check('re-issue stored as revision 2', os.path.exists(os.path.join(arch, '2025', '乙县财政局.r2.pdf')) and
          os.path.exists(os.path.join(arch, '2025', '乙县财政局.r2.xlsx')), r.stdout)
    check('the first issue is untouched', open(os.path.join(arch, '2025', '乙县财政局.pdf'), 'rb').read() == first)
    idx = ET.parse(os.path.join(arch, 'archive.xml')).getroot()
    cur = [f.get('path') for f in idx.findall('file') if f.get('department') == '乙县财政局' and f.get('current') == 'yes']
    check('the index marks revision 2 current', cur == ['2025/乙县财政局.r2.pdf'], cur)
    r = run(disclose, 'verify', arch)
    check('verify: all unchanged, exit 0', r.returncode == 0 and '8 archived files verified' in r.stdout, r.stdout + r.stderr)
    p = os.path.join(arch, '2025', '甲县财政局.pdf')
    good = open(p, 'rb').read()
    data = bytearray(good)
    data[len(data) // 2] ^= 0x01
    open(p, 'wb').write(data)
    r = run(disclose, 'verify', arch)
    check('verify: a flipped byte is reported', r.returncode == 1 and '甲县财政局.pdf: error: changed since it was archived' in r.stderr, r.stderr)
    open(p, 'wb').write(good)
    check('verify: the PDF put back, exit 0', run(disclose, 'verify', arch).returncode == 0)
    p = os.path.join(arch, '2025', '丙县财政局.xlsx')
    data = bytearray(open(p, 'rb').read())
    data[len(data) // 2] ^= 0x01
    open(p, 'wb').write(data)
    r = run(disclose, 'verify', arch)
    check('verify: a tampered workbook is reported, exit 1', r.returncode == 1 and
          '丙县财政局.xlsx: error: changed since it was archived' in r.stderr, r.stderr)

    # 6. Ctrl-C: no half-written file, a manifest that is still true
    for k in range(6):
        shutil.copy(os.path.join(src, 'alpha.txt'), os.path.join(src, f'extra{k}.txt'))
    p = subprocess.Popen([disclose, 'batch', '-o', out, '-j', '2', src],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the first document done: the batch is in its loop, its handler set
    # (a fixed sleep lost that race on a loaded machine)
    first = p.stdout.readline()
    p.send_signal(signal.SIGINT)
    so, se = p.communicate(timeout=120)
    so = first + so
    check('interrupted batch: exit 1 and says so', p.returncode == 1 and 'interrupted' in so, f'{p.returncode} {so}')
    check('interrupted batch: no temporary files', not leftovers(out), leftovers(out))
    check('interrupted batch: manifest still true', manifest_true(out))
    r = run(disclose, 'batch', '-o', out, src)
    check('the next run finishes the rest', r.returncode == 0 and ' 0 failed' in r.stdout, r.stdout)

    # 7. usage
    check('batch without -o: exit 2', run(disclose, 'batch', src).returncode == 2)
    check('batch of an empty folder: exit 2', run(disclose, 'batch', '-o', out, os.path.join(work, 'archive', '2025', 'none')).returncode == 2)
    failed = checks.count(False)
    print(f'{len(checks) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
