#!/usr/bin/env python3
"""Writes N department documents made from the sample into DIR, each with its
own department name and its own numbers (every amount of three digits or
more is scaled by a per-document factor), for the batch benchmark.  With
--scale K, writes one document K times the sample instead: every paragraph
of prose and every table row holding a figure repeated K times, for the
scaling table.

usage: gen_departments.py SAMPLE DIR N
       gen_departments.py --scale K SAMPLE OUT.txt
"""
import os
import re
import sys

COUNTIES = '昌吉 呼图壁 玛纳斯 奇台 吉木萨尔 木垒 阜康 乌鲁木齐 米东 达坂城'.split()
OFFICES = '财政局 发改委 教育局 卫健委 民政局 水利局 交通局 住建局 农业农村局 应急管理局 自然资源局 生态环境局'.split()


NUMBER = re.compile(r'^-?[\d,]+(\.\d+)?%?$')
HEADING = re.compile(r'^(第.部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[、．.]|表\d|编制)')


def scale(k, sample, out):
    """Prose paragraphs (outside tables, not headings) and table rows with
    a figure in them, each repeated k times in place."""
    lines = open(sample, encoding='utf-8').read().split('\n')
    res, i = [], 0
    while i < len(lines):
        if lines[i].startswith('\t'):  # a row: up to the blank line
            j = i
            while j < len(lines) and (lines[j].startswith('\t') or lines[j].strip()):
                j += 1
            row = lines[i:j + 1]
            figure = any(NUMBER.match(l.strip().replace('\u3000', '')) for l in row)
            res += row * (k if figure else 1)
            i = j + 1
            continue
        l = lines[i]
        prose = len(l.strip()) > 40 and not HEADING.match(l.strip())
        res += [l] * (k if prose else 1)
        i += 1
    open(out, 'w', encoding='utf-8').write('\n'.join(res))


def main():
    if sys.argv[1] == '--scale':
        scale(int(sys.argv[2]), sys.argv[3], sys.argv[4])
        return
    sample, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    text = open(sample, encoding='utf-8').read()
    os.makedirs(out, exist_ok=True)
    for k in range(n):
        dept = COUNTIES[k % len(COUNTIES)] + OFFICES[k % len(OFFICES)] + ('' if k < 60 else str(k))
        factor = 1 + (k % 7) / 10
        t = text.replace('昌吉高新技术产业开发区管理委员会', dept)
        t = re.sub(r'(?<![\d.])(\d{3,})(?![\d.年月日号])', lambda m: str(int(int(m.group(1)) * factor)), t)
        open(os.path.join(out, f'dept{k:03d}.txt'), 'w', encoding='utf-8').write(t)


if __name__ == '__main__':
    main()
