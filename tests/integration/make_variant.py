#!/usr/bin/env python3
"""Makes another department's disclosure from the sample, in the same
flattened format but with other names, numbers and rows, so that tests can
show nothing in the parser is tied to the sample's particular rows.

usage: make_variant.py SAMPLE OUT

- the department is renamed everywhere;
- every number of four digits or more is changed (digits rotated);
- in 表2, 表3 and 表5 every third clean body row (a blank-delimited block of
  exactly one cell line per column, starting with a code) is removed, and in
  表6 every clean body row is written twice: fewer and more rows than the
  sample;
- the second half of the project forms is removed;
- the file is written with CRLF line ends and a BOM.
"""
import re
import sys

NCOLS = {2: 16, 3: 7, 5: 7, 6: 6}


def main():
    src, out = sys.argv[1], sys.argv[2]
    text = open(src, encoding='utf-8').read()
    text = text.replace('昌吉高新技术产业开发区管理委员会', '玛纳斯县发展和改革委员会')
    text = text.replace('昌吉高新区管委会', '玛纳斯县发改委')
    text = re.sub(r'(?<![\d.])(\d)(\d{3,})(?![\d.年月日号])',
                  lambda m: m.group(2) + m.group(1), text)
    lines = text.split('\n')
    table = 0
    result = []
    block = []
    seen = {}

    def flush():
        nonlocal block
        clean = (table in NCOLS and len(block) == NCOLS[table]
                 and all(l.startswith('\t') for l in block)
                 and re.fullmatch(r'\t\d{3}', block[0]))
        if clean:
            k = seen.get(table, 0)
            seen[table] = k + 1
            if table == 6:
                result.extend(block + [''] + block)
            elif k % 3 != 1:
                result.extend(block)
            else:
                result.pop()  # the blank line before the removed row
                result.append('')
                block = []
                return
        else:
            result.extend(block)
        block = []

    for l in lines:
        m = re.fullmatch(r'\s*表(\d+)\s*', l)
        if m:
            flush()
            table = int(m.group(1))
        if l == '':
            flush()
            result.append(l)
        else:
            block.append(l)
    flush()
    text = '\n'.join(result)
    forms = [m.start() for m in re.finditer(r'\n\t?项  目  支  出', text)]
    cut_from, cut_to = forms[len(forms) // 2], text.index('（4）')
    text = text[:cut_from] + '\n\n' + text[cut_to:]
    with open(out, 'w', encoding='utf-8-sig', newline='') as f:
        f.write(text.replace('\n', '\r\n'))


if __name__ == '__main__':
    main()
