#!/usr/bin/env python3
"""One command-line grammar for every command of disclose.

    grammar.py DISCLOSE SAMPLE SOURCE_DIR WORKDIR

Every command answers -h, --help, -V, --version with exit 0; a usage mistake
is one line on stderr naming it and pointing to --help, exit 2; --opt=value
equals --opt value; '-' is standard input; the top-level help lists every
option of every command and every environment variable the program reads;
check ends with a summary of the counts, in the chosen language."""
import glob
import os
import re
import subprocess
import sys

exe, sample, srcdir, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
failures = []
COMMANDS = ["render", "check", "dump", "batch", "verify", "diff"]


def check(cond, what, detail=""):
    if not cond:
        failures.append(what)
        print("FAIL:", what, detail[:600] if detail else "")


def run(*args, lang="C", stdin=None, env=None):
    e = {k: v for k, v in os.environ.items()
         if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    e["LANG"] = lang
    e.update(env or {})
    return subprocess.run([exe, *args], env=e, capture_output=True,
                          stdin=stdin, text=True)


# 1. help and version everywhere
version = run("--version").stdout
check(re.fullmatch(r"disclose \d+\.\d+\.\d+\S*\n", version),
      "--version prints 'disclose X.Y.Z'", version)
for cmd in [None] + COMMANDS:
    for opt in ("-h", "--help", "-V", "--version"):
        args = [opt] if cmd is None else [cmd, opt]
        p = run(*args)
        check(p.returncode == 0 and p.stdout and not p.stderr,
              f"{' '.join(args)}: exit 0, output on stdout only",
              f"{p.returncode} {p.stderr}")
        if opt in ("-V", "--version"):
            check(p.stdout == version, f"{' '.join(args)} prints the version")
    if cmd:
        h = run(cmd, "--help").stdout
        check(h.startswith(f"usage: disclose {cmd} "),
              f"{cmd} --help starts with its usage", h[:100])
        check(run("help", cmd).stdout == h, f"disclose help {cmd} = "
              f"disclose {cmd} --help")

# 2. usage mistakes: one line naming it, a pointer to --help, exit 2
out = os.path.join(work, "out")
mistakes = [
    (["frobnicate"], "frobnicate"),
    ([], "no command"),
    (["--bogus"], "--bogus"),
    (["check", "--bogus", sample], "--bogus"),
    (["check", "-x", sample], "-x"),
    (["check", "--format", "xml", sample], "xml"),
    (["check", "--format"], "--format"),
    (["check", "--json=yes", sample], "--json"),
    (["check"], "SOURCE"),
    (["check", "-", "-"], "'-'"),
    (["render", "-o", "-", sample], "-o"),
    (["render", "-", "-o", out], "--name"),
    (["render", "--name", "a/b", sample], "--name"),
    (["render", "--pdf=1", sample], "--pdf"),
    (["dump"], "SOURCE"),
    (["dump", sample, sample], sample),
    (["diff", sample], "OLD NEW"),
    (["batch", sample], "-o DIR"),
    (["batch", "-o", out, "-j", "0", sample], "-j"),
    (["batch", "-o", out, "--jobs=many", sample], "--jobs"),
    (["batch", "-o", "-", sample], "standard output"),
    (["batch", "-o", out, "-"], "standard input"),
    (["verify"], "ARCHIVE"),
    (["verify", "-"], "standard input"),
    (["help", "frobnicate"], "frobnicate"),
    (["--lang=xx", "check", sample], "xx"),
]
for args, named in mistakes:
    p = run(*args)
    lines = p.stderr.splitlines()
    check(p.returncode == 2 and len(lines) == 1 and named in lines[0] and
          "--help" in lines[0] and not p.stdout,
          f"usage mistake {args}: one line naming {named!r}, --help, exit 2",
          f"{p.returncode} {p.stderr!r}")
check(not os.path.exists("-"), "-o - made no folder named '-'")

# 3. --opt=value, --opt value, options before the command, --json alias
a = run("check", "--format=json", sample).stdout
check(a and a == run("check", "--format", "json", sample).stdout,
      "--format=json equals --format json")
check(a == run("check", "--json", sample).stdout, "--json is --format json")
check(run("-q", "check", sample).stderr == run("check", "-q", sample).stderr,
      "common options before the command count")

# 4. standard input: the same findings as the file
with open(sample, "rb") as f:
    p = subprocess.run([exe, "check", "-", "--name", sample], stdin=f,
                       capture_output=True, env={**os.environ, "LANG": "C"})
q = run("check", sample)
check(p.stdout.decode() == q.stdout and p.returncode == q.returncode,
      "check - --name FILE < FILE = check FILE")
with open(sample) as f:
    p = run("check", "-", stdin=f)
check(p.stdout.replace("<stdin>:", sample + ":") == q.stdout,
      "check - < FILE: the same findings, named <stdin>")
with open(sample) as f:
    p = run("dump", "--name", sample, "-", stdin=f)
check(p.returncode == 0 and p.stdout == run("dump", sample).stdout,
      "dump --name FILE - < FILE = dump FILE")
# the dump goes out as it is written (issue 12: no copy of it in memory);
# a full disk is exit 2 and our one message, in the reader's language, not
# libxml2's English "I/O error"
if os.path.exists("/dev/full"):
    with open("/dev/full", "w") as full:
        p = subprocess.run([exe, "--lang", "zh", "dump", sample],
                           stdout=full, stderr=subprocess.PIPE, text=True)
    last = p.stderr.strip().split("\n")[-1]
    check(p.returncode == 2 and "I/O error" not in p.stderr and
          last.startswith("disclose") and re.search(r"[\u4e00-\u9fff]", last),
          "dump to a full disk: exit 2, one line of ours", p.stderr)
with open(sample) as f:
    p = run("render", "--pdf", "-o", out, "--name", "from-stdin", "-",
            stdin=f)
check(p.returncode == 0 and
      os.path.getsize(os.path.join(out, "from-stdin.pdf")) > 10000,
      "render --name STEM - < FILE writes STEM.pdf", p.stderr)

# 5. check's summary, in the reader's language
q = run("check", sample)
errors = len(re.findall(r": error: ", q.stdout + q.stderr))
warnings = len(re.findall(r": warning: ", q.stdout + q.stderr))
last = q.stderr.splitlines()[-1] if q.stderr else ""
m = re.fullmatch(r"findings: (\d+) errors?, (\d+) warnings?", last)
check(m and (int(m[1]), int(m[2])) == (errors, warnings),
      f"check ends with 'findings: {errors} errors, {warnings} warnings' "
      "on stderr", last)
z = run("check", sample, lang="zh_CN.UTF-8")
last = z.stderr.splitlines()[-1] if z.stderr else ""
check(re.fullmatch(rf"共 {errors} 处错误、{warnings} 处警告", last),
      "LANG=zh_CN.UTF-8: 共 N 处错误、M 处警告", last)
check(run("check", "--lang", "en", sample, lang="zh_CN.UTF-8").stderr ==
      q.stderr, "--lang en overrides LANG=zh_CN.UTF-8")
quiet = run("check", "-q", sample)
check("findings:" not in quiet.stderr and ": warning: " not in quiet.stderr,
      "-q: no summary, no warnings of the parser", quiet.stderr[-300:])
check(quiet.stdout.splitlines() ==
      [l for l in q.stdout.splitlines() if ": error: " in l] and quiet.stdout,
      "-q: the errors only")

# 6. batch counts each document's warnings; -v shows them
bout = os.path.join(work, "batch")
alone = [l for l in run("render", "--pdf", "-o", bout, sample).stderr
         .splitlines() if ": warning: " in l]
check(alone, "render warns about the sample")
p = run("batch", "--pdf", "-j1", "-o", bout, "--force", sample)
stem = os.path.splitext(os.path.basename(sample))[0]
n = len(alone)
check(p.returncode == 0 and re.search(
      rf"^rendered\s+{re.escape(stem)} \([\d.]+ s, {n} warnings?\)$",
      p.stdout, re.M) and ": warning: " not in p.stderr,
      f"batch: the document's {n} warnings counted, not shown",
      p.stdout + p.stderr)
p = run("batch", "--pdf", "-v", "-o", bout, "--force", sample)
check(p.returncode == 0 and
      [l[2:] for l in p.stderr.splitlines() if l.startswith("  ")] == alone,
      "batch -v: the warnings' lines shown", p.stderr)

# 7. the top-level help names every option and environment variable
top = run("--help").stdout
opts = set()
for path in glob.glob(os.path.join(srcdir, "src", "cli", "*.c")):
    text = open(path, encoding="utf-8").read()
    for table in re.findall(r"struct dc_opt \w+\[\] = \{(.*?)\{0,", text,
                            re.S):
        opts.update(re.findall(r'\{\s*[\w\']+,\s*"([a-z0-9-]+)"', table))
check(len(opts) > 10, "option tables found", str(opts))
completion = open(os.path.join(srcdir, "docs", "disclose.bash-completion"),
                  encoding="utf-8").read()
man = open(os.path.join(srcdir, "docs", "disclose.1.in"),
           encoding="utf-8").read().replace("\\-", "-")
for o in sorted(opts):
    check(f"--{o}" in top, f"top-level help lists --{o}")
    check(f"--{o}" in completion, f"the bash completion knows --{o}")
    check(f"--{o}" in man, f"the man page names --{o}")
env = set()
for path in glob.glob(os.path.join(srcdir, "src", "*", "*.c")):
    text = open(path, encoding="utf-8").read()
    env.update(re.findall(r'getenv\("([A-Z_]+)"\)', text))
    # the libraries take options; only the command line reads the environment
    if os.path.basename(os.path.dirname(path)) != "cli":
        check(not re.search(r"\bgetenv\s*\(", text),
              f"{os.path.relpath(path, srcdir)}: only src/cli reads the environment")
check("DISCLOSE_LAYOUTS" in env, "getenv calls found", str(env))
for v in sorted(env):
    if not v.startswith("DISCLOSE_TEST_"):  # hooks of the tests only
        check(v in top, f"top-level help lists {v}")

print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
