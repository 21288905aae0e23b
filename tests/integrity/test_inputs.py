#!/usr/bin/env python3
"""What a clumsy operator or a hostile input does to disclose: FIFOs and
devices as sources, layouts and fonts; sources over --max-size; a layout that
cannot be read; two sources with one stem; a full disk; a manifest that
cannot be written; stale temporaries; a render killed between writing and
renaming (with strace); a title longer than a page.  Nothing may hang, exhaust memory,
half-write an output or exit 0 after an error.

usage: test_inputs.py DISCLOSE SAMPLE LAYOUTS FONTMAP WORKDIR

Each check prints ok/FAIL (or skip); the last line counts them.
"""
import fcntl
import os
import shutil
import subprocess
import sys
import time

checks = []


def check(name, cond, detail=''):
    checks.append(bool(cond))
    print(f'{"ok" if cond else "FAIL"}: {name}{"" if cond else ": " + str(detail)[-600:]}')


def run(*args, env=None, timeout=60):
    """Runs disclose; a hang shows as exit status 'timeout'."""
    e = dict(os.environ)
    e.update(env or {})
    t0 = time.monotonic()
    try:
        r = subprocess.run(list(args), capture_output=True, text=True,
                           timeout=timeout, env=e)
        r.seconds = time.monotonic() - t0
        return r
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 'timeout', '', 'timed out')


def hidden(d):
    return sorted(f for f in os.listdir(d) if f.startswith('.'))


def mount_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    return subprocess.run(['mount', '-t', 'tmpfs', '-o', f'size={size}', 'tmpfs', path],
                          capture_output=True).returncode == 0


def read_pair(d, stem='dept'):
    return {e: open(os.path.join(d, f'{stem}.{e}'), 'rb').read() for e in ('pdf', 'docx')}


def strace_kill(nth, *cmd):
    """Runs cmd under strace, SIGKILLing the process at its nth rename."""
    return run('strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=rename,renameat,renameat2',
               '-e', f'inject=rename,renameat,renameat2:error=EIO:signal=KILL:when={nth}', *cmd)


def kill_at_second_rename(disclose, work, src, src2):
    """A render killed between its PDF's rename and its DOCX's: the journal
    written before the first rename lets the next run finish the set (both
    new, the bytes of a fresh render); a journal cut short is discarded with
    its temporaries (both old).  The same for batch, whose parent finishes a
    killed worker's set."""
    fresh = os.path.join(work, 'fresh')
    r = run(disclose, 'render', '--pdf', '--docx', '-o', fresh, src2)
    new = read_pair(fresh)
    d = os.path.join(work, 'killed2')
    run(disclose, 'render', '--pdf', '--docx', '-o', d, src)
    old = read_pair(d)
    r = strace_kill(2, disclose, 'render', '--pdf', '--docx', '-o', d, src2)
    now = read_pair(d)
    check('killed at the second rename: the PDF is new, the DOCX not yet', r.returncode != 0 and
          now['pdf'] == new['pdf'] and now['docx'] == old['docx'], f'{r.returncode} {r.stderr[-300:]}')
    journals = [f for f in hidden(d) if f.startswith('.dc-commit-')]
    check('killed at the second rename: a journal is left', len(journals) == 1, hidden(d))
    # what a reader sees until the next run, and what the next run does
    r = run(disclose, 'render', '--pdf', '-o', d, os.path.join(work, 'fresh-other.txt'))
    now = read_pair(d)
    check('the next run (another source, same folder) finishes the set: both new, as a fresh render',
          now == new and hidden(d) == [] and 'interrupted' in r.stderr,
          f'{r.returncode} {hidden(d)} {r.stderr[-400:]}')

    # the journal cut short (as a power loss while writing it leaves it)
    run(disclose, 'render', '--pdf', '--docx', '-o', d, src)
    old = read_pair(d)
    r = strace_kill(1, disclose, 'render', '--pdf', '--docx', '-o', d, src2)
    journals = [f for f in hidden(d) if f.startswith('.dc-commit-')]
    check('killed at the first rename: the old pair, a journal and the temporaries left',
          read_pair(d) == old and len(journals) == 1 and len(hidden(d)) >= 3, hidden(d))
    if journals:
        j = os.path.join(d, journals[0])
        text = open(j, 'rb').read()
        open(j, 'wb').write(text[:len(text) * 2 // 3])
    r = run(disclose, 'render', '--pdf', '-o', d, os.path.join(work, 'fresh-other.txt'))
    check('a journal cut short: discarded with its temporaries, the old pair stays',
          read_pair(d) == old and hidden(d) == [] and 'discarded' in r.stderr,
          f'{hidden(d)} {r.stderr[-400:]}')

    # batch: strace kills each process at its second rename: the worker
    # between the PDF and the DOCX, the batch itself at its next (after it
    # finished the worker's set: its first), the manifest's; the next batch
    # renders the document again
    bo = os.path.join(work, 'killed-batch')
    os.makedirs(bo)
    run(disclose, 'batch', '--pdf', '--docx', '-j', '1', '-o', bo, src)
    old = read_pair(bo)
    r = strace_kill(2, disclose, 'batch', '--pdf', '--docx', '-j', '1', '-o', bo, src2)
    check('batch killed, its worker at the second rename: the pair is whole (new)',
          r.returncode != 0 and read_pair(bo) == new and 'interrupted' in r.stderr,
          f'{r.returncode} {hidden(bo)} {r.stdout} {r.stderr[-400:]}')
    r = run(disclose, 'batch', '--pdf', '--docx', '-j', '1', '-o', bo, src2)
    check('the next batch renders the document again: exit 0, the pair new, nothing hidden left',
          r.returncode == 0 and '1 rendered' in r.stdout and read_pair(bo) == new and
          hidden(bo) == [], f'{r.returncode} {hidden(bo)} {r.stdout} {r.stderr[-300:]}')


def main():
    disclose, sample, layouts, fontmap, work = sys.argv[1:6]
    if os.path.ismount(os.path.join(work, 'full')):
        subprocess.run(['umount', os.path.join(work, 'full')])
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    fifo = os.path.join(work, 'fifo.txt')
    os.mkfifo(fifo)
    out = os.path.join(work, 'out')

    # 1. a FIFO or a device as a source: refused at once, exit 2
    for cmd in (['check'], ['dump'], ['render', '-o', out]):
        for src in (fifo, '/dev/zero'):
            r = run(disclose, *cmd, src, timeout=20)
            check(f'{cmd[0]} {os.path.basename(src)}: exit 2 at once',
                  r.returncode == 2 and r.seconds < 5, f'{r.returncode} {r.stderr}')
            check(f'{cmd[0]} {os.path.basename(src)}: says why',
                  f'{src}: error: cannot read: a ' in r.stderr and 'not a regular file' in r.stderr, r.stderr)
    r = run(disclose, 'batch', '-o', out, fifo, '/dev/zero', timeout=30)
    check('batch of a FIFO and /dev/zero: both fail at once, exit 1',
          r.returncode == 1 and ' 2 failed' in r.stdout, f'{r.returncode} {r.stdout} {r.stderr}')

    # 2. --max-size, checked before reading
    r = run(disclose, 'check', '--max-size', '1k', sample)
    check('check over --max-size: exit 2, says the limit', r.returncode == 2 and
          'more than the limit of 1024 (--max-size)' in r.stderr, r.stderr)
    r = run(disclose, 'check', '--max-size=64M', sample)
    check('check within --max-size: read', r.returncode in (0, 1), r.stderr)
    r = run(disclose, 'check', '--max-size', 'lots', sample)
    check('--max-size that is not a size: exit 2', r.returncode == 2, r.stderr)
    r = run(disclose, 'batch', '-o', out, '--max-size', '1k', sample)
    check('batch over --max-size: the document fails', r.returncode == 1 and
          'more than the limit' in r.stderr, r.stderr)

    # 3. layouts: a FIFO, a file that is not XML -> exit 2 (it was 0)
    lay = os.path.join(work, 'layouts')
    shutil.copytree(layouts, lay)
    os.remove(os.path.join(lay, 'table-05.xml'))
    os.mkfifo(os.path.join(lay, 'table-05.xml'))
    r = run(disclose, 'render', '-o', out, sample, env={'DISCLOSE_LAYOUTS': lay}, timeout=20)
    check('a FIFO layout: exit 2 at once', r.returncode == 2 and 'table-05.xml: error: cannot read: a FIFO' in r.stderr,
          f'{r.returncode} {r.stderr}')
    os.remove(os.path.join(lay, 'table-05.xml'))
    os.symlink('/dev/zero', os.path.join(lay, 'table-05.xml'))
    r = run(disclose, 'check', sample, env={'DISCLOSE_LAYOUTS': lay}, timeout=20)
    check('a layout that is /dev/zero: exit 2 at once', r.returncode == 2 and r.seconds < 5 and
          'table-05.xml: error: cannot read: a device, not a regular file' in r.stderr,
          f'{r.returncode} {r.stderr}')
    os.remove(os.path.join(lay, 'table-05.xml'))
    shutil.copy(os.path.join(layouts, 'table-05.xml'), lay)
    # a layout the sample does not even use: still an error, still exit 2
    open(os.path.join(lay, 'table-12.xml'), 'w').write('<layout')
    for cmd in ('render', 'check'):
        r = run(disclose, cmd, *(['-o', out] if cmd == 'render' else []), sample, env={'DISCLOSE_LAYOUTS': lay})
        check(f'{cmd} with a broken layout: exit 2', r.returncode == 2 and 'table-12.xml' in r.stderr,
              f'{r.returncode} {r.stderr[-300:]}')

    # 4. a font file that is a FIFO
    fm = open(fontmap, encoding='utf-8').read()
    import re
    first = re.search(r'path="([^"]+)"', fm).group(1)
    ffifo = os.path.join(work, 'font.ttf')
    os.mkfifo(ffifo)
    badmap = os.path.join(work, 'fontmap.xml')
    open(badmap, 'w', encoding='utf-8').write(fm.replace(f'path="{first}"', f'path="{ffifo}"'))
    r = run(disclose, 'render', '-o', out, '--fontmap', badmap, sample, timeout=20)
    check('a FIFO font: exit 2 at once', r.returncode == 2 and 'not a regular file' in r.stderr,
          f'{r.returncode} {r.stderr}')
    open(badmap, 'w', encoding='utf-8').write(fm.replace(f'path="{first}"', 'path="/dev/zero"'))
    r = run(disclose, 'render', '-o', out, '--fontmap', badmap, sample, timeout=20)
    check('a font that is /dev/zero: exit 2 at once, the source it stopped named',
          r.returncode == 2 and r.seconds < 5 and "font file '/dev/zero'" in r.stderr and
          'not a regular file' in r.stderr and
          f'{sample}: error: not rendered: the fonts could not be loaded' in r.stderr,
          f'{r.returncode} {r.stderr}')

    # 4b. a part title longer than a page: whatever the outcome, no crash,
    # and every error names the source
    text = open(sample, encoding='utf-8').read()
    i = text.index('第一部分')
    j = text.index('\n', i)
    long_title = os.path.join(work, 'long-title.txt')
    open(long_title, 'w', encoding='utf-8').write(text[:j] + '长' * 30000 + text[j:])
    r = run(disclose, 'render', '--pdf', '-o', os.path.join(work, 'long'), long_title)
    errors = [l for l in r.stderr.splitlines() if ': error: ' in l]
    check('a part title of 30,000 characters: exit 0 or 2, each error names the source',
          r.returncode in (0, 2) and (r.returncode == 0 or errors) and
          all(l.startswith(long_title + ':') for l in errors), f'{r.returncode} {r.stderr[-600:]}')

    # 5. two sources with one stem in one render
    for d in ('a', 'b'):
        os.makedirs(os.path.join(work, d))
        shutil.copy(sample, os.path.join(work, d, 'dept.txt'))
    same = os.path.join(work, 'same')
    r = run(disclose, 'render', '-o', same, os.path.join(work, 'a', 'dept.txt'), os.path.join(work, 'b', 'dept.txt'))
    check('same stem twice: exit 2, nothing written', r.returncode == 2 and 'same name as' in r.stderr and
          not [f for f in os.listdir(same) if not f.startswith('.')], f'{r.returncode} {r.stderr}')

    # 6. a temporary left by a killed writer goes on the next run; ours stay
    stale = os.path.join(same, '.dept.pdf.dctmp-abcdefghijkl')
    open(stale, 'w').write('half')
    r = run(disclose, 'render', '--pdf', '-o', same, os.path.join(work, 'a', 'dept.txt'))
    check('render: exit 0, stale temporary removed', r.returncode == 0 and hidden(same) == [],
          f'{r.returncode} {hidden(same)} {r.stderr[-300:]}')

    # 6b. a render killed between writing its outputs and renaming them
    # (strace injects SIGKILL at the first rename): the old PDF and DOCX
    # stay, the temporaries are left, and the next run removes them
    if not shutil.which('strace'):
        print('skip: strace not found (./setup.sh --test installs it): kill test not run')
    else:
        killed = os.path.join(work, 'killed')
        src = os.path.join(work, 'a', 'dept.txt')
        r = run(disclose, 'render', '--pdf', '--docx', '-o', killed, src)
        old = {e: open(os.path.join(killed, f'dept.{e}'), 'rb').read() for e in ('pdf', 'docx')}
        src2 = os.path.join(work, 'killed-src', 'dept.txt')
        os.makedirs(os.path.dirname(src2))
        open(src2, 'w', encoding='utf-8').write(
            open(sample, encoding='utf-8').read().replace('昌吉高新技术产业开发区管理委员会', '某某县财政局'))
        shutil.copy(sample, os.path.join(work, 'fresh-other.txt'))
        r = run('strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=rename,renameat,renameat2',
                '-e', 'inject=rename,renameat,renameat2:error=EIO:signal=KILL',
                disclose, 'render', '--pdf', '--docx', '-o', killed, src2)
        now = {e: open(os.path.join(killed, f'dept.{e}'), 'rb').read() for e in ('pdf', 'docx')}
        check('killed at the rename: the old PDF and DOCX stay', r.returncode != 0 and now == old,
              f'{r.returncode} {r.stderr[-300:]}')
        check('killed at the rename: its temporaries are left', len(hidden(killed)) >= 2, hidden(killed))
        r = run(disclose, 'render', '--pdf', '--docx', '-o', killed, src2)
        now = {e: open(os.path.join(killed, f'dept.{e}'), 'rb').read() for e in ('pdf', 'docx')}
        check('the next run: new outputs, no temporary left', r.returncode == 0 and
              now['pdf'] != old['pdf'] and now['docx'] != old['docx'] and hidden(killed) == [],
              f'{r.returncode} {hidden(killed)} {r.stderr[-300:]}')
        kill_at_second_rename(disclose, work, src, src2)

    # 7. two batches at once on one OUT and archive: the second refuses, or
    # with --wait takes its turn; no record is lost, no revision doubled
    srcs = os.path.join(work, 'srcs')
    os.makedirs(srcs)
    text = open(sample, encoding='utf-8').read()
    for name, dept in (('east', '东县财政局'), ('west', '西县财政局')):
        open(os.path.join(srcs, f'{name}.txt'), 'w', encoding='utf-8').write(
            text.replace('昌吉高新技术产业开发区管理委员会', dept))
    bo, ba = os.path.join(work, 'two-out'), os.path.join(work, 'two-archive')
    cmd = [disclose, 'batch', '--pdf', '-j', '1', '-o', bo, '--archive', ba, srcs]
    r = run(*cmd)
    check('the first batch finished', r.returncode == 0, r.returncode)
    # a batch still writing holds the lock on OUT: hold it here as one does
    # (not a race against a first batch that a fast machine finishes first)
    held = os.open(bo, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(held, fcntl.LOCK_EX)
    r = run(*cmd)
    check('a second batch on one OUT refuses: exit 2, says why', r.returncode == 2 and
          'another disclose is writing here' in r.stderr, f'{r.returncode} {r.stderr}')
    p = subprocess.Popen(cmd + ['--force', '--wait'], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(1)
    check('--wait waits while OUT is locked', p.poll() is None, p.returncode)
    os.close(held)
    out, err = p.communicate(timeout=300)
    check('--wait goes on once the lock is free: exit 0, said it waited',
          p.returncode == 0 and 'waiting' in err, f'{p.returncode} {err}')
    ps = [subprocess.Popen(cmd + ['--force', '--wait'], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True) for _ in range(2)]
    res = [p.communicate(timeout=300) + (p.returncode,) for p in ps]
    check('two batches with --wait: both exit 0', all(x[2] == 0 for x in res), res)
    check('--wait says it waits', any('waiting' in x[1] for x in res), res)
    import xml.etree.ElementTree as ET
    recs = ET.parse(os.path.join(bo, 'manifest.xml')).getroot().findall('document')
    files = ET.parse(os.path.join(ba, 'archive.xml')).getroot().findall('file')
    check('manifest keeps both documents', sorted(d.get('stem') for d in recs) == ['east', 'west'], recs)
    check('archive: one entry per department, no second revision of the same bytes',
          sorted(f.get('path') for f in files) == ['2025/东县财政局.pdf', '2025/西县财政局.pdf'],
          [f.get('path') for f in files])
    r = run(disclose, 'verify', ba)
    check('verify after concurrent batches: exit 0', r.returncode == 0, r.stdout + r.stderr)

    # 8. a full disk: the old set of outputs stays, nothing half-written
    full = os.path.join(work, 'full')
    if os.geteuid() != 0 or not mount_tmpfs(full, '4m'):
        print('skip: cannot mount a tmpfs here (needs root): disk-full cases not run')
    else:
        try:
            src = os.path.join(work, 'a', 'dept.txt')
            r = run(disclose, 'render', '-o', full, src)
            old = {e: open(os.path.join(full, f'dept.{e}'), 'rb').read() for e in ('pdf', 'docx')}
            used = sum(len(v) for v in old.values())
            # the new PDF fits in what is left, the new DOCX does not
            subprocess.run(['mount', '-o', f'remount,size={used + len(old["pdf"]) + 16384}', full], check=True)
            text = open(sample, encoding='utf-8').read().replace('昌吉高新技术产业开发区管理委员会', '某某县财政局')
            open(src, 'w', encoding='utf-8').write(text)
            r = run(disclose, 'render', '-o', full, src)
            check('disk full: exit 2 and says so', r.returncode == 2 and 'No space left' in r.stderr,
                  f'{r.returncode} {r.stderr[-300:]}')
            now = {e: open(os.path.join(full, f'dept.{e}'), 'rb').read() for e in ('pdf', 'docx')}
            check('disk full: the old PDF and DOCX stay together', now == old)
            check('disk full: no temporary left', hidden(full) == [], hidden(full))
            # a manifest that cannot be replaced (a mount point: rename fails)
            bout = os.path.join(work, 'bout')
            os.makedirs(bout)
            r = run(disclose, 'batch', '--pdf', '-o', bout, src)
            keep = os.path.join(work, 'manifest-copy.xml')
            shutil.copy(os.path.join(bout, 'manifest.xml'), keep)
            subprocess.run(['mount', '--bind', keep, os.path.join(bout, 'manifest.xml')], check=True)
            try:
                r = run(disclose, 'batch', '--pdf', '--force', '-o', bout, src)
                check('manifest not written: exit 2, says so', r.returncode == 2 and
                      'manifest.xml' in r.stderr, f'{r.returncode} {r.stdout} {r.stderr[-300:]}')
            finally:
                subprocess.run(['umount', os.path.join(bout, 'manifest.xml')])
        finally:
            subprocess.run(['umount', full])

    failed = checks.count(False)
    print(f'{len(checks) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
