#!/usr/bin/env python3
"""Malformed and worst-case inputs: each must end in a clear message and the
documented exit status, never a crash, a hang or a sanitizer report.

usage: run_cases.py DISCLOSE SAMPLE

The cases are made here, in a temporary folder, from the sample and from
fixed bytes, so that no binary junk lives in the repository.
"""
import os
import random
import re
import subprocess
import sys
import tempfile


def cases(sample_text):
    lines = sample_text.split('\n')
    t5 = next(i for i, l in enumerate(lines) if l.strip() == '表5')
    cut = '\n'.join(lines[:t5 + 120])  # stops inside 表5
    rnd = random.Random(20250210)
    garbage = bytes(rnd.randrange(256) for _ in range(4096))
    table3 = ('第一部分 2025年测试局概况\n第二部分 预算公开表\n表3\n部门支出总体情况表\n'
              '编制部门：测试局      单位：万元\n\t科目\n\t支出预算\n\n'
              '\t功能分类科目编码\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n'
              '\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n'
              '\t201\n\t\n\t\n\t一般公共服务支出\n\t100\n\t60\n\t40\n\t7\n\n')
    many_rows = ('第一部分 2025年测试局概况\n表3\n部门支出总体情况表\n'
                 '编制部门：测试局 单位：万元\n\t科目\n\t支出预算\n\n'
                 '\t编码\n\t名称\n\t合计\n\t基本\n\t项目\n\n\t类\n\t款\n\t项\n\t\n\t\n\t\n\t\n\n'
                 + ''.join(f'\t201\n\t03\n\t{i % 100:02d}\n\t行政运行{i}\n\t{i}\n\t{i}\n\t\n\n'
                           for i in range(10000)))
    # (name, bytes, expected exit status, regex that stderr must match)
    return [
        ('empty.txt', b'', 2, r'empty\.txt:1:1: error: empty file'),
        ('blank.txt', b'\n \n\t\n\r\n', 2, r'blank\.txt:1:1: error: .*only blank'),
        ('invalid-utf8.txt', '第一部分 概况\n一、主要职能\n职能是\xff'.encode('latin-1', 'ignore')
         if False else '第一部分 概况\n一、主要职能\n'.encode() + '职能是'.encode() + b'\xff\xfe' + '。\n'.encode(),
         2, r'invalid-utf8\.txt:3:4: error: invalid UTF-8'),
        ('latin1.txt', 'Budget für 2025\n'.encode('latin-1'), 2, r'latin1\.txt:1:9: error: invalid UTF-8'),
        ('garbage.bin', garbage, 2, r'garbage\.bin:1:\d+: error: '),
        ('nul.txt', '第一部分 概况\n'.encode() + b'\x00\x01abc\n', 2, r'nul\.txt:2:1: error: NUL byte'),
        ('words.txt', b'hello\nworld\n', 2, r'words\.txt:1:1: error: no budget disclosure'),
        ('truncated.txt', cut.encode(), 2, r'truncated\.txt:\d+:1: error: .*表6、表7、表8、表9、表10、表11: it looks cut off'),
        ('extra-cell.txt', table3.encode(), 2, r'extra-cell\.txt:30:1: error: 表3 row starting at line 23 has 8 cells, but its layout \(table-03\) allows 7'),
        ('crlf-bom.txt', b'\xef\xbb\xbf' + sample_text.replace('\n', '\r\n').encode(), 0, r'^(.*warning.*\n)*$'),
        ('long-line.txt', ('第一部分 概况\n' + '无' * 300000 + '\n').encode(), 2, r'long-line\.txt:\d+:1: error: .*cut off'),
        ('many-rows.txt', many_rows.encode(), 2, r'many-rows\.txt:\d+:1: error: .*cut off'),
        # fuzz_parse found check reading before a paragraph's text when a
        # goal count's clause opens the paragraph (no 、，； before it)
        ('perf-first-clause.txt',
         sample_text.replace('2025年，本部门预算绩效管理', '本部门预算绩效管理', 1).encode(),
         0, r'^(.*warning.*\n)*$'),
        # the same for '财政拨款项目' one byte into a paragraph: check looked
        # for '非' three bytes before it
        ('perf-project-start.txt',
         sample_text.replace('2025年，本部门预算绩效管理整体预算绩效目标1个，涉及金额90411万元；当年财政拨款项目',
                             '1财政拨款项目', 1).replace('具体情况见下表（按项目', '绩效情况见下表（按项目', 1).encode(),
         0, r'^(.*warning.*\n)*$'),
        ('tables-only.txt', ('表1\n部门收支总体情况表\n' * 3).encode(), 2, r'tables-only\.txt:1:1: error: 表1 has not even its header rows'),
    ]


def main():
    disclose, sample = sys.argv[1], sys.argv[2]
    sample_text = open(sample, encoding='utf-8').read()
    failures = passed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, data, status, pattern in cases(sample_text):
            path = os.path.join(tmp, name)
            with open(path, 'wb') as f:
                f.write(data)
            try:
                r = subprocess.run([disclose, 'dump', path], capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                print(f'FAIL {name}: no answer within 60 s')
                failures += 1
                continue
            err = r.stderr.decode('utf-8', 'replace')
            problems = []
            if r.returncode != status:
                problems.append(f'exit {r.returncode}, want {status}')
            if not re.search(pattern, err, re.M):
                problems.append(f'stderr does not match {pattern!r}')
            if 'Sanitizer' in err or 'runtime error' in err:
                problems.append('sanitizer report')
            if status != 0 and r.stdout:
                problems.append('wrote a half result to stdout')
            if problems:
                print(f'FAIL {name}: {"; ".join(problems)}\n  stderr: {err[:600]}')
                failures += 1
            else:
                print(f'ok {name}: exit {r.returncode}: {err.splitlines()[0] if err else "(no message)"}')
                passed += 1
            # check and render refuse the same inputs the same way, and a
            # refused render writes nothing
            for cmd in ('check', 'render'):
                outdir = os.path.join(tmp, 'out-' + name)
                args = [disclose, cmd, path] if cmd == 'check' else [disclose, 'render', '-o', outdir, path]
                try:
                    r = subprocess.run(args, capture_output=True, timeout=120)
                except subprocess.TimeoutExpired:
                    print(f'FAIL {cmd} {name}: no answer within 120 s')
                    failures += 1
                    continue
                err = r.stderr.decode('utf-8', 'replace')
                want = status if not (cmd == 'check' and status == 0) else 1  # the sample has findings
                problems = []
                if r.returncode != want:
                    problems.append(f'exit {r.returncode}, want {want}')
                if 'Sanitizer' in err or 'runtime error' in err:
                    problems.append('sanitizer report')
                if cmd == 'render':
                    made = sorted(os.listdir(outdir)) if os.path.isdir(outdir) else []
                    if status != 0 and made:
                        problems.append(f'wrote {made}')
                    kinds = {os.path.splitext(m)[1] for m in made}
                    # a PDF and a DOCX, and the workbook when xlsx is built
                    if status == 0 and not ({'.pdf', '.docx'} <= kinds <=
                                            {'.pdf', '.docx', '.xlsx'}) or \
                            status == 0 and len(made) != len(kinds):
                        problems.append(f'wrote {made}, want a PDF and a DOCX')
                if problems:
                    print(f'FAIL {cmd} {name}: {"; ".join(problems)}\n  stderr: {err[-600:]}')
                    failures += 1
                else:
                    passed += 1
        # the same document with CRLF and a BOM gives the same model
        a = subprocess.run([disclose, 'dump', sample], capture_output=True).stdout
        b = subprocess.run([disclose, 'dump', os.path.join(tmp, 'crlf-bom.txt')], capture_output=True).stdout
        strip = lambda x: re.sub(rb'source="[^"]*"', b'', x)
        if strip(a) != strip(b) or not a:
            print('FAIL crlf-bom: the model differs from the LF original')
            failures += 1
        else:
            print('ok crlf-bom: same model as the LF original')
            passed += 1
    for args, status in ((['dump'], 2), (['dump', '/nonexistent/x.txt'], 2), (['dump', '/'], 2),
                         (['nosuch'], 2), (['--version'], 0), (['--help'], 0)):
        r = subprocess.run([disclose] + args, capture_output=True)
        if r.returncode != status or 'Sanitizer' in r.stderr.decode('utf-8', 'replace'):
            print(f'FAIL disclose {" ".join(args)}: exit {r.returncode}, want {status}')
            failures += 1
        else:
            passed += 1
    print(f'{passed} passed, {failures} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
