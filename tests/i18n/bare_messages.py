#!/usr/bin/env python3
"""No user-facing message outside the catalog: every string literal with
words in it that src/ hands to a printing or reporting call (fprintf,
printf, fputs, puts, dc_diag_report, dc_usage_error, dc_args_error and the
folders' own report helpers) is inside _(), N_() or P_().  What is not a
message is listed below with the reason (environment variable names, the
display-list dump and the debug tree checker, JSON/SARIF syntax).

usage: bare_messages.py SOURCE_DIR
"""
import glob
import os
import re
import sys

CALLS = ('fprintf|printf|fputs|puts|dc_diag_report|dc_diag_vreport|'
         'dc_usage_error|dc_args_error|problem|bad|report')
# file: why its bare literals are not messages
NOT_MESSAGES = {
    'src/cli/main.c': 'environment variable names and "help [COMMAND]" in --help',
    'src/layout/displaylist.c': 'the display-list dump (a debugging format)',
    'src/model/node.c': "the debug builds' tree invariant checker",
}


def literals(args):
    """String literals of a call's arguments that are not inside _(),
    N_() or P_() (adjacent literals joined)."""
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"', args):
        pre = args[:m.start()].rstrip()
        if re.search(r'\b(_|N_|P_)\($', pre) or pre.endswith('"'):
            continue
        yield m.group(1)


def calls(text):
    for m in re.finditer(r'\b(' + CALLS + r')\s*\(', text):
        i = j = m.end()
        depth = 1
        while depth and j < len(text):
            c = text[j]
            if c in '"\'':
                j += 1
                while text[j] != c:
                    j += 2 if text[j] == '\\' else 1
            elif c == '(':
                depth += 1
            elif c == ')':
                depth -= 1
            j += 1
        yield text.count('\n', 0, m.start()) + 1, m.group(1), text[i:j - 1]


def main():
    src = sys.argv[1]
    bad = []
    for path in sorted(glob.glob(os.path.join(src, 'src', '*', '*.c'))):
        rel = os.path.relpath(path, src)
        if rel in NOT_MESSAGES:
            continue
        text = open(path, encoding='utf-8').read()
        for line, fn, args in calls(text):
            for lit in literals(args):
                words = re.findall(r'[A-Za-z]{2,}', lit)
                json = '\\"' in lit and ('{' in lit or '\\":' in lit)
                if len(words) >= 2 and not json:
                    bad.append(f'{rel}:{line}: {fn}: "{lit}" is not in the catalog')
    for b in bad:
        print(b)
    print(f'{len(bad)} messages outside the catalog')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
