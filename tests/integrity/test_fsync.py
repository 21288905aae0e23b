#!/usr/bin/env python3
"""The order of a render's writes on disk, read from strace: for each
output, its temporary is fsync'd before it is renamed into place; with
several outputs, a journal is written and fsync'd, and the folder (opened
with O_DIRECTORY) fsync'd, before the first rename; the folder is fsync'd
again after the last rename, and only then is the journal removed.  A single
output needs no journal.  The same for a batch's manifest and for the files
one revision adds to an archive (its journal in the archive's top folder).
A batch's worker fsyncs a document's outputs on a thread other than the
one that renders, and the batch writes the document's record (a line of
the manifest's journal) only after the folder's fsync that follows the
renames, from hashes the worker sent: the batch reads no output back (but
those it copies into the archive).

usage: test_fsync.py DISCLOSE SAMPLE WORKDIR

Each check prints ok/FAIL; the last line counts them.  Exit 77 (skipped)
when strace is missing (./setup.sh --test installs it).
"""
import os
import re
import shutil
import subprocess
import sys

checks = []
PIDS = []  # the thread of each event of the last trace()


def check(name, cond, detail=''):
    checks.append(bool(cond))
    print(f'{"ok" if cond else "FAIL"}: {name}{"" if cond else ": " + str(detail)[-800:]}')


LINE = re.compile(r'^(\d+) +(.*)$')
CALL = re.compile(r'^(\w+)\((.*)$')


def trace(log, *cmd):
    """Runs cmd under strace; returns its events in the order they
    completed: (syscall, args, result), a call strace saw interrupted by
    another thread counted where it resumed."""
    # LeakSanitizer cannot work under ptrace: in the ASan build it would
    # fail every traced run at exit
    env = dict(os.environ)
    env['ASAN_OPTIONS'] = env.get('ASAN_OPTIONS', '') + ':detect_leaks=0'
    r = subprocess.run(['strace', '-f', '-y', '-qq', '-s', '4096', '-o', log, '-e',
                        'trace=openat,write,fsync,fdatasync,rename,renameat,renameat2,unlink,unlinkat',
                        *cmd], capture_output=True, text=True, timeout=300, env=env)
    events, pending = [], {}
    del PIDS[:]
    for raw in open(log, encoding='utf-8', errors='replace'):
        m = LINE.match(raw.rstrip('\n'))
        if not m:
            continue
        pid, text = m.groups()
        if text.endswith('<unfinished ...>'):
            pending[pid] = text[:-len('<unfinished ...>')]
            continue
        r2 = re.match(r'^<\.\.\. (\w+) resumed>(.*)$', text)
        if r2:
            text = pending.pop(pid, r2.group(1) + '(') + r2.group(2)
        c = CALL.match(text)
        if not c:
            continue
        name, rest = c.groups()
        m = re.match(r'^(.*)\)\s+=\s+(.*)$', rest)
        if m:
            events.append((name, m.group(1), m.group(2).strip()))
            PIDS.append(int(pid))
    return r, events


def fd_path(arg):
    """'3</a/b>' -> '/a/b'"""
    m = re.match(r'\d+<(.*?)>', arg)
    return m.group(1) if m else None


def first(events, pred, start=0):
    for i in range(start, len(events)):
        if pred(events[i]):
            return i
    return None


def is_fsync(path):
    return lambda e: e[0] in ('fsync', 'fdatasync') and fd_path(e[1]) == path and e[2] == '0'


def renames(events):
    out = []
    for i, (name, args, res) in enumerate(events):
        if name in ('rename', 'renameat', 'renameat2') and res == '0':
            paths = re.findall(r'"([^"]*)"', args)
            if len(paths) == 2:
                out.append((i, paths[0], paths[1]))
    return out


def dir_fsyncs(events, folder):
    """Indexes of fsyncs of `folder` through a descriptor opened with
    O_DIRECTORY."""
    opened, out = set(), []
    for i, (name, args, res) in enumerate(events):
        if name == 'openat' and f'"{folder}"' in args and 'O_DIRECTORY' in args:
            opened.add(res.split('<')[0])
        elif name in ('fsync', 'fdatasync') and fd_path(args) == folder and res == '0' and \
                args.split('<')[0] in opened:
            out.append(i)
    return out


def commit_order(label, events, outputs, journal_folder=None):
    """Asserts the order of one commit set: `outputs` the real names (their
    last renames), `journal_folder` where its journal goes (None: a single
    file, no journal)."""
    rn = {}
    for i, tmp, real in renames(events):
        if real in outputs:
            rn[real] = (i, tmp, real)
    check(f'{label}: each output renamed into place', sorted(rn) == sorted(outputs), sorted(rn))
    if len(rn) != len(outputs):
        return
    rn = sorted(rn.values())
    for i, tmp, real in rn:
        base = os.path.basename(real)
        check(f'{label}: {base}: renamed from a temporary of ours',
              os.path.basename(tmp).startswith(f'.{base}.dctmp-'), tmp)
        f = first(events, is_fsync(tmp))
        check(f'{label}: {base}: its temporary fsync\'d before the rename', f is not None and f < i,
              f'fsync at {f}, rename at {i}')
    first_rename, last_rename = rn[0][0], rn[-1][0]
    made = first(events, lambda e: e[0] == 'openat' and f'"{rn[0][1]}"' in e[1] and 'O_CREAT' in e[1])
    journals = [(i, re.search(r'"([^"]*)"', args).group(1))
                for i, (name, args, res) in enumerate(events)
                if name == 'openat' and '.dc-commit-' in args and 'O_CREAT' in args and
                made is not None and made < i < first_rename]
    folders = sorted({os.path.dirname(real) for _, _, real in rn})
    if journal_folder is None:
        check(f'{label}: one output, no journal', not journals, journals)
    else:
        check(f'{label}: one journal, in {journal_folder}', len(journals) == 1 and
              os.path.dirname(journals[0][1]) == journal_folder, journals)
        if len(journals) != 1:
            return
        ji, jpath = journals[0]
        w = first(events, lambda e: e[0] == 'write' and fd_path(e[1]) == jpath, ji)
        text = events[w][1] if w is not None else ''
        check(f'{label}: the journal names every temporary and ends with its checksum line',
              w is not None and all(f'{os.path.basename(t)} ' in text for _, t, _ in rn)
              and re.search(r'end \d+ [0-9a-f]{8}\\n', text), text[:400])
        jf = first(events, is_fsync(jpath), ji)
        check(f'{label}: the journal fsync\'d before the first rename',
              w is not None and jf is not None and w < jf < first_rename, f'{w} {jf} {first_rename}')
        for d in sorted({journal_folder} | set(folders)):
            check(f'{label}: {d} fsync\'d after the journal, before the first rename',
                  any(jf < k < first_rename for k in dir_fsyncs(events, d)), dir_fsyncs(events, d))
        gone = first(events, lambda e: e[0] in ('unlink', 'unlinkat') and f'"{jpath}"' in e[1], ji)
        synced = [min([k for k in dir_fsyncs(events, d) if k > last_rename], default=None) for d in folders]
        check(f'{label}: the journal removed after the folders\' fsync that follows the renames',
              gone is not None and None not in synced and max(synced) < gone, f'{gone} {synced}')
    for d in folders:
        check(f'{label}: {d} opened with O_DIRECTORY and fsync\'d after the last rename',
              any(k > last_rename for k in dir_fsyncs(events, d)), dir_fsyncs(events, d))


def main():
    disclose, sample, work = sys.argv[1:4]
    if not shutil.which('strace'):
        print('skip: strace not found (./setup.sh --test installs it): the order of fsyncs is not checked')
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out = os.path.join(work, 'out')
    log = os.path.join(work, 'trace')

    # a render of three outputs: one journal, every temporary fsync'd
    r, ev = trace(log, disclose, 'render', '-o', out, sample)
    check('render under strace: exit 0', r.returncode == 0, r.stderr[-300:])
    stem = os.path.splitext(os.path.basename(sample))[0]
    outputs = [os.path.join(out, f'{stem}.{e}') for e in ('pdf', 'docx', 'xlsx')]
    commit_order('render (PDF, DOCX, XLSX)', ev, outputs, out)

    # one output: no journal, the same order otherwise
    r, ev = trace(log, disclose, 'render', '--pdf', '-o', out, sample)
    check('render --pdf under strace: exit 0', r.returncode == 0, r.stderr[-300:])
    commit_order('render --pdf', ev, outputs[:1])

    # batch with an archive: each document's set as render's, the
    # manifest alone, the archived PDF, its .sha256 and archive.xml as one
    # set journaled in the archive's top folder
    bout, arch = os.path.join(work, 'bout'), os.path.join(work, 'archive')
    r, ev = trace(log, disclose, 'batch', '-j', '1', '-o', bout, '--archive', arch, sample)
    check('batch --archive under strace: exit 0', r.returncode == 0, r.stdout + r.stderr[-300:])
    commit_order('batch: the document', ev, [os.path.join(bout, f'{stem}.{e}') for e in ('pdf', 'docx', 'xlsx')],
                 bout)
    commit_order('batch: the manifest (its last write)', ev, [os.path.join(bout, 'manifest.xml')])
    # the worker commits a document on a thread of its own while it renders
    # the next; the batch records it only once it is durable, from the
    # hashes the worker sent: it reads none of the outputs back
    outs = [os.path.join(bout, f'{stem}.{e}') for e in ('pdf', 'docx', 'xlsx')]
    batch_pid = PIDS[0]
    render_tids = {PIDS[i] for i, (name, args, res) in enumerate(ev)
                   if name == 'openat' and f'"{sample}"' in args and PIDS[i] != batch_pid}
    out_fsyncs = [i for i, (name, args, res) in enumerate(ev)
                  if name in ('fsync', 'fdatasync') and '.dctmp-' in (fd_path(args) or '') and
                  any(os.path.basename(fd_path(args)).startswith(f'.{os.path.basename(o)}.dctmp-') for o in outs)]
    check('batch: a worker renders on one thread and fsyncs the outputs on another',
          render_tids and len(out_fsyncs) == 3 and not {PIDS[i] for i in out_fsyncs} & render_tids,
          f'{render_tids} {[PIDS[i] for i in out_fsyncs]}')
    # (the PDF and the workbook it opens to copy them into the archive)
    check('batch: the batch does not open the DOCX (its hash comes from the worker)',
          not [e for i, e in enumerate(ev) if PIDS[i] == batch_pid and e[0] == 'openat' and
               f'"{outs[1]}"' in e[1]])
    last_rename = max((i for i, tmp, real in renames(ev) if real in outs), default=None)
    synced = [k for k in dir_fsyncs(ev, bout) if last_rename is not None and k > last_rename and
              PIDS[k] != batch_pid]
    noted = first(ev, lambda e: e[0] == 'write' and (fd_path(e[1]) or '').endswith('/.manifest.xml.journal') and
                  f'stem={stem} ' in e[1])
    check('batch: the document\'s record written after its folder\'s fsync that follows its renames',
          synced and noted is not None and synced[0] < noted, f'{synced[:1]} {noted}')

    filed = [real for _, _, real in renames(ev) if real.startswith(arch + '/')]
    check('batch --archive: the PDF, its workbook, their .sha256 and archive.xml filed',
          len(filed) == 5 and os.path.join(arch, 'archive.xml') in filed, filed)
    if len(filed) == 5:
        commit_order('archive: one revision', ev, filed, arch)

    failed = checks.count(False)
    print(f'{len(checks) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
