#!/usr/bin/env python3
"""Writes the fuzz seed corpus into DIR: tests/fuzz/corpus, the malformed
cases of tests/malformed (those under MAX bytes), and slices of the sample
(its opening, each table with the lines around it, part three).

usage: seeds.py SAMPLE DIR [MAX]
"""
import os
import shutil
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', 'malformed'))
import run_cases  # noqa: E402


def main():
    sample, out = sys.argv[1:3]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 16384
    os.makedirs(out, exist_ok=True)
    n = 0

    def put(name, data):
        nonlocal n
        if len(data) <= limit:
            open(os.path.join(out, name), 'wb').write(data)
            n += 1

    for f in sorted(os.listdir(os.path.join(here, 'corpus'))):
        shutil.copy(os.path.join(here, 'corpus', f), os.path.join(out, f))
        n += 1
    text = open(sample, encoding='utf-8').read()
    for name, data, _status, _pattern in run_cases.cases(text):
        put('malformed-' + name, data)
    lines = text.split('\n')
    starts = [i for i, l in enumerate(lines) if l.strip().startswith('表') and len(l.strip()) <= 4]
    starts += [i for i, l in enumerate(lines) if '第三部分' in l]
    put('sample-head.txt', '\n'.join(lines[:60]).encode())
    for i in starts:
        chunk = '\n'.join(lines[max(0, i - 3):i + 150]).encode()
        while len(chunk) > limit:
            chunk = chunk[:len(chunk) * 3 // 4]
            chunk = chunk[:chunk.rfind(b'\n') + 1]
        put(f'sample-{i + 1}.txt', chunk)
    print(f'seeds.py: {n} seeds in {out}')


if __name__ == '__main__':
    main()
