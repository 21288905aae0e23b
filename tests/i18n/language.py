#!/usr/bin/env python3
"""The language of disclose's messages: --lang, else the environment
(GNU gettext's rule), and Chinese also where glibc has no zh_CN locale.

    language.py DISCLOSE SAMPLE
"""
import os
import subprocess
import sys

exe, sample = sys.argv[1], sys.argv[2]
failures = []


def run(env, *args):
    base = {k: v for k, v in os.environ.items()
            if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    base.update(env)
    return subprocess.run([exe, *args], env=base, capture_output=True,
                          text=True)


def expect(what, env, args, lang, stream="stdout", code=None):
    p = run(env, *args)
    out = p.stdout if stream == "stdout" else p.stderr
    zh = "用法" in out or "未知" in out
    en = "usage:" in out or "unknown" in out
    got = "zh" if zh and not en else "en" if en and not zh else "?"
    if got != lang or (code is not None and p.returncode != code):
        failures.append(f"{what}: wanted {lang} (exit {code}), got {got} "
                        f"(exit {p.returncode}):\n{out[:300]}")


# Whether glibc has a zh_CN locale here: the point of the first case.
have = subprocess.run(["locale", "-a"], capture_output=True, text=True)
generated = any(l.lower().startswith("zh_cn") for l in have.stdout.split())
print("zh_CN locale generated:", generated)

expect("LANG=zh_CN.UTF-8", {"LANG": "zh_CN.UTF-8"}, ["--help"], "zh")
expect("LANG=zh_CN", {"LANG": "zh_CN"}, ["--help"], "zh")
expect("LANG=C", {"LANG": "C"}, ["--help"], "en")
expect("no locale variables", {}, ["--help"], "en")
expect("LC_ALL=C over LANG", {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"},
       ["--help"], "en")
expect("LC_MESSAGES", {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "C.UTF-8"},
       ["--help"], "zh")
expect("LANGUAGE first", {"LANG": "en_US.UTF-8", "LANGUAGE": "fr:zh_CN:en"},
       ["--help"], "zh")
expect("LANGUAGE English", {"LANG": "zh_CN.UTF-8", "LANGUAGE": "en"},
       ["--help"], "en")
expect("LANGUAGE ignored in the C locale", {"LANG": "C", "LANGUAGE": "zh_CN"},
       ["--help"], "en")
expect("--lang zh over LANG=C", {"LANG": "C"}, ["--lang", "zh", "--help"],
       "zh")
expect("--lang=en over LANG=zh_CN", {"LANG": "zh_CN.UTF-8"},
       ["--lang=en", "--help"], "en")
expect("--lang after the command", {"LANG": "C"},
       ["nosuchcommand", "--lang", "zh"], "zh", "stderr", 2)
expect("usage error in Chinese", {"LANG": "zh_CN.UTF-8"}, ["nosuchcommand"],
       "zh", "stderr", 2)
expect("bad --lang", {"LANG": "C"}, ["--lang=xx", "--help"], "en", "stderr",
       2)

# A missing catalog says so and falls back to English.
p = run({"LANG": "zh_CN.UTF-8", "DISCLOSE_LOCALEDIR": "/nonexistent"},
        "--help")
if "usage:" not in p.stdout or "/nonexistent" not in p.stderr:
    failures.append("missing catalog: " + p.stdout[:100] + p.stderr)

# The C library's own texts (strerror) reach a Chinese reader as UTF-8, not
# as question marks (glibc converts them to the LC_CTYPE charset otherwise).
p = run({"LANG": "zh_CN.UTF-8"}, "check", "/nonexistent/budget.txt")
if "?" in p.stderr or p.returncode != 2:
    failures.append("strerror in Chinese: " + p.stderr)

for f in failures:
    print("FAIL", f)
sys.exit(1 if failures else 0)
