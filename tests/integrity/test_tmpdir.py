#!/usr/bin/env python3
"""Where the workbook writer's temporary files go, and what happens when
they cannot go there.  libxlsxwriter makes one temporary file per sheet and
per part of the workbook (named tmp.XXXXXXXXXX, removed as soon as made);
the workbook itself is written straight into its temporary beside the
output.  Read from strace (the files libxlsxwriter creates) and from the
outputs:
- TMPDIR set: every temporary of libxlsxwriter in it, none elsewhere;
  nothing created outside it but in the output folder; the same bytes;
- TMPDIR unset: in /tmp when it is tmpfs, else in /dev/shm or
  $XDG_RUNTIME_DIR when tmpfs with room, else /tmp;
- TMPDIR missing or not a folder: exit 2, a message naming it, the old
  workbook kept, no temporary of ours left; a batch says it once and
  renders nothing (a batch of PDFs alone needs no TMPDIR);
- TMPDIR on a file system too small for them (a 64 KiB tmpfs, mounted in a
  mount namespace of our own): the same (libxlsxwriter itself would write a
  workbook of parts cut short, and no error);
- a umask of 0277 (as nobody when run as root): the workbook made, mode
  0400, the same bytes (libxlsxwriter reopens its read-only temporary);
- /dev/shm too small (the same way), TMPDIR unset: the temporaries go to
  /tmp, the same bytes; /dev/shm on disk and $XDG_RUNTIME_DIR a tmpfs:
  there.

usage: test_tmpdir.py DISCLOSE SAMPLE WORKDIR

Each check prints ok/FAIL; the last line counts them.  Exit 77 (skipped)
when strace is missing (./setup.sh --test installs it); the checks that
need a mount namespace (unshare, as root or with user namespaces) say
"skip" when the system allows none.
"""
import filecmp
import os
import re
import shutil
import subprocess
import sys

checks = []


def check(name, cond, detail=''):
    checks.append(bool(cond))
    print(f'{"ok" if cond else "FAIL"}: {name}{"" if cond else ": " + str(detail)[-800:]}')


def run(cmd, env_extra=None, unset=(), log=None):
    env = dict(os.environ)
    # LeakSanitizer cannot work under ptrace (the ASan build)
    env['ASAN_OPTIONS'] = env.get('ASAN_OPTIONS', '') + ':detect_leaks=0'
    for k in unset:
        env.pop(k, None)
    env.update(env_extra or {})
    if log:
        cmd = ['strace', '-f', '-qq', '-e', 'trace=openat,open,creat', '-o', log, *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)


def created(log):
    """The files created (O_CREAT) under strace, absolute paths."""
    out = []
    for line in open(log, encoding='utf-8', errors='replace'):
        m = re.search(r'open(?:at)?\((?:AT_FDCWD|\d+), "([^"]*)", ([A-Z_|]+)', line)
        if m and 'O_CREAT' in m.group(2) and ' = -1 ' not in line:
            out.append(os.path.normpath(os.path.join(cwd, m.group(1))))
    return out


def lxw_temporaries(paths):
    return [p for p in paths if re.fullmatch(r'tmp\.[A-Za-z0-9]{10}', os.path.basename(p))]


def fs_type(path):
    r = subprocess.run(['stat', '-f', '-c', '%T', path], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else ''


def leftovers(folder):
    return [n for n in os.listdir(folder) if '.dctmp-' in n or n.startswith('.dc-commit-')]


def namespace_works():
    r = subprocess.run(['unshare', '-r', '-m', 'sh', '-c',
                        'mount -t tmpfs -o size=64k none /mnt 2>/dev/null || '
                        'mount -t tmpfs -o size=64k none /tmp'],
                       capture_output=True, text=True)
    return r.returncode == 0


def in_namespace(mounts, env_extra, cmd, unset=()):
    """`cmd` in a mount namespace of its own where each (size, folder) of
    `mounts` is a fresh tmpfs of that size, and each (None, (source,
    folder)) a folder bound over another."""
    script = ''.join(f'mount -t tmpfs -o size={size} none "{folder}" && ' if size else
                     f'mount --bind "{folder[0]}" "{folder[1]}" && '
                     for size, folder in mounts)
    script += 'exec "$@"'
    return run(['unshare', '-r', '-m', 'sh', '-c', script, 'sh', *cmd], env_extra, unset)


cwd = os.getcwd()


def main():
    disclose, sample, work = sys.argv[1:4]
    if not shutil.which('strace'):
        print('skip: strace not found (./setup.sh --test installs it)')
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    stem = os.path.splitext(os.path.basename(sample))[0]
    ref = os.path.join(work, 'ref')
    log = os.path.join(work, 'trace')

    # TMPDIR unset: where the choice falls
    r = run([disclose, 'render', '--xlsx', '-o', ref, sample], unset=('TMPDIR',), log=log)
    check('TMPDIR unset: exit 0', r.returncode == 0, r.stderr[-300:])
    book = os.path.join(ref, f'{stem}.xlsx')
    made = created(log)
    temps = lxw_temporaries(made)
    runtime = os.environ.get('XDG_RUNTIME_DIR', '')
    if fs_type('/tmp') == 'tmpfs':
        want = '/tmp'
    elif fs_type('/dev/shm') == 'tmpfs' and os.access('/dev/shm', os.W_OK | os.X_OK):
        want = '/dev/shm'
    elif runtime.startswith('/') and fs_type(runtime) == 'tmpfs' and os.access(runtime, os.W_OK):
        want = runtime
    else:
        want = '/tmp'
    check(f'TMPDIR unset: libxlsxwriter\'s temporaries ({len(temps)}) in {want}',
          len(temps) >= 20 and all(os.path.dirname(p) == want for p in temps),
          sorted({os.path.dirname(p) for p in temps}))

    # TMPDIR set: there and nowhere else; the workbook straight into its
    # temporary beside the output
    tmp = os.path.join(work, 'tmp')
    os.makedirs(tmp)
    out = os.path.join(work, 'out')
    r = run([disclose, 'render', '--xlsx', '-o', out, sample], {'TMPDIR': tmp}, log=log)
    check('TMPDIR set: exit 0', r.returncode == 0, r.stderr[-300:])
    made = created(log)
    temps = lxw_temporaries(made)
    check(f'TMPDIR set: libxlsxwriter\'s temporaries ({len(temps)}) all in it',
          len(temps) >= 20 and all(os.path.dirname(p) == tmp for p in temps), temps[:5])
    others = [p for p in made if os.path.dirname(p) not in (tmp, out) and not p.startswith('/proc/')]
    check('TMPDIR set: nothing else created outside the output folder (no copy of '
          'the workbook in /tmp)', not others, others)
    check('TMPDIR set: the workbook\'s bytes as with TMPDIR unset',
          filecmp.cmp(book, os.path.join(out, f'{stem}.xlsx'), shallow=False))
    check('TMPDIR set: nothing left in it', os.listdir(tmp) == [], os.listdir(tmp))

    # TMPDIR unusable: an error naming it, the old workbook kept
    keep = os.path.join(work, 'keep')
    shutil.copytree(ref, keep)
    with open(os.path.join(work, 'afile'), 'w') as f:
        f.write('x')
    for label, bad, why in (('missing', os.path.join(work, 'missing'), 'No such file'),
                            ('a file', os.path.join(work, 'afile'), 'Not a directory')):
        r = run([disclose, 'render', '--xlsx', '-o', keep, sample], {'TMPDIR': bad, 'LANGUAGE': 'C'})
        check(f'TMPDIR {label}: exit 2 and a message naming it',
              r.returncode == 2 and f'{bad}: error: TMPDIR' in r.stderr and why in r.stderr,
              f'{r.returncode} {r.stderr[-400:]}')
        check(f'TMPDIR {label}: the old workbook kept, no temporary left',
              filecmp.cmp(book, os.path.join(keep, f'{stem}.xlsx'), shallow=False)
              and not leftovers(keep), leftovers(keep))
    # ... and a batch says so once, before it renders anything (not once per
    # document, each rendered in vain)
    srcs = os.path.join(work, 'srcs')
    os.makedirs(srcs)
    for n in range(3):
        shutil.copy(sample, os.path.join(srcs, f'd{n}.txt'))
    bout = os.path.join(work, 'bout')
    bad = os.path.join(work, 'missing')
    r = run([disclose, 'batch', '-o', bout, srcs], {'TMPDIR': bad, 'LANGUAGE': 'C'})
    check('TMPDIR missing, batch: exit 2, the message once',
          r.returncode == 2 and r.stderr.count(f'{bad}: error: TMPDIR') == 1,
          f'{r.returncode} {r.stderr[-600:]}')
    check('TMPDIR missing, batch: nothing rendered, nothing written',
          not os.path.exists(bout) or os.listdir(bout) == [],
          os.listdir(bout) if os.path.exists(bout) else '')
    r = run([disclose, 'batch', '--pdf', '-o', bout, srcs], {'TMPDIR': bad, 'LANGUAGE': 'C'})
    check('TMPDIR missing, batch --pdf (no workbook, no temporaries): rendered',
          r.returncode == 0 and re.search(r'^3 rendered', r.stdout, re.M),
          f'{r.returncode} {r.stdout[-300:]} {r.stderr[-300:]}')

    # a umask that leaves the owner no write permission: the temporary
    # beside the output is created read-only, and libxlsxwriter opens it
    # again (through /proc/self/fd) to write: made writable for that, its
    # mode put back.  Not as root (root writes anyway): as nobody.
    who = []
    if os.geteuid() == 0 and shutil.which('setpriv'):
        who = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']
    if os.geteuid() == 0 and not who:
        print('skip: no setpriv: the umask without u+w is not tried')
    else:
        um = os.path.join(work, 'umask')
        os.makedirs(um)
        os.chmod(um, 0o777)
        os.chmod(work, 0o755)
        probe = subprocess.run([*who, disclose, 'dump', sample], capture_output=True)
        if probe.returncode != 0:
            print('skip: nobody cannot read the sample or the program: the umask without u+w '
                  'is not tried')
        else:
            r = subprocess.run([*who, 'sh', '-c', 'umask 0277 && exec "$@"', 'sh', disclose,
                                'render', '--xlsx', '-o', um, sample],
                               capture_output=True, text=True, timeout=300)
            made = os.path.join(um, f'{stem}.xlsx')
            check('umask 0277: the workbook made, read-only as the umask says, the same bytes',
                  r.returncode == 0 and os.path.exists(made) and
                  (os.stat(made).st_mode & 0o777) == 0o400 and
                  filecmp.cmp(book, made, shallow=False), f'{r.returncode} {r.stderr[-300:]}')

    if not namespace_works():
        print('skip: no mount namespace here (unshare -r -m): a full TMPDIR and a small '
              '/dev/shm are not tried')
    else:
        # TMPDIR full
        small = os.path.join(work, 'small')
        os.makedirs(small)
        r = in_namespace([('64k', small)], {'TMPDIR': small, 'LANGUAGE': 'C'},
                         [disclose, 'render', '--xlsx', '-o', keep, sample])
        check('TMPDIR on a 64 KiB tmpfs: exit 2, "no room" naming it',
              r.returncode == 2 and f'{small}: error: no room for the workbook\'s temporary files'
              in r.stderr, f'{r.returncode} {r.stderr[-400:]}')
        check('TMPDIR on a 64 KiB tmpfs: the old workbook kept, no temporary left',
              filecmp.cmp(book, os.path.join(keep, f'{stem}.xlsx'), shallow=False)
              and not leftovers(keep), leftovers(keep))
        # /dev/shm (and /tmp, when it is tmpfs) too small: the choice passes
        # them over (a /tmp on tmpfs is used whatever its room: it is the
        # system's)
        if fs_type('/tmp') != 'tmpfs':
            shm = os.path.join(work, 'shm')
            r = in_namespace([('1m', '/dev/shm')], {'LANGUAGE': 'C'},
                             ['strace', '-f', '-qq', '-e', 'trace=openat', '-o', log,
                              disclose, 'render', '--xlsx', '-o', shm, sample],
                             unset=('TMPDIR', 'XDG_RUNTIME_DIR'))
            temps = lxw_temporaries(created(log))
            check('a 1 MiB /dev/shm: exit 0, the temporaries in /tmp, no warning',
                  r.returncode == 0 and len(temps) >= 20 and
                  all(os.path.dirname(p) == '/tmp' for p in temps) and 'temporary' not in r.stderr,
                  f'{r.returncode} {sorted({os.path.dirname(p) for p in temps})} {r.stderr[-300:]}')
            check('a 1 MiB /dev/shm: the same bytes',
                  os.path.exists(os.path.join(shm, f'{stem}.xlsx')) and
                  filecmp.cmp(book, os.path.join(shm, f'{stem}.xlsx'), shallow=False))

        # /tmp and /dev/shm on disk (an ordinary folder bound over
        # /dev/shm), XDG_RUNTIME_DIR a tmpfs: there
        if fs_type('/tmp') != 'tmpfs':
            disk, run_dir, out2 = (os.path.join(work, n) for n in ('disk', 'run', 'xdg'))
            os.makedirs(disk)
            os.makedirs(run_dir)
            r = in_namespace([(None, (disk, '/dev/shm')), ('64m', run_dir)],
                             {'XDG_RUNTIME_DIR': run_dir},
                             ['strace', '-f', '-qq', '-e', 'trace=openat', '-o', log,
                              disclose, 'render', '--xlsx', '-o', out2, sample],
                             unset=('TMPDIR',))
            temps = lxw_temporaries(created(log))
            check('/dev/shm on disk: the temporaries in XDG_RUNTIME_DIR (tmpfs), the same bytes',
                  r.returncode == 0 and len(temps) >= 20 and
                  all(os.path.dirname(p) == run_dir for p in temps) and
                  filecmp.cmp(book, os.path.join(out2, f'{stem}.xlsx'), shallow=False),
                  f'{r.returncode} {sorted({os.path.dirname(p) for p in temps})} {r.stderr[-300:]}')

    failed = checks.count(False)
    print(f'{len(checks) - failed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
