#!/usr/bin/env python3
"""`disclose render` as a user meets it: options, exit status, the output
folder, and nothing left behind on failure.

usage: render_cases.py DISCLOSE SAMPLE WORKDIR
"""
import os
import shutil
import subprocess
import sys

failures = []


def run(args, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run(args, capture_output=True, text=True, env=e,
                          timeout=300)


def expect(name, r, status, out_has=None, err_has=None):
    ok = r.returncode == status
    if out_has and out_has not in r.stdout:
        ok = False
    if err_has and err_has not in r.stderr:
        ok = False
    print(f"{'ok  ' if ok else 'FAIL'} {name}: exit {r.returncode}")
    if not ok:
        failures.append(name)
        print(f"  wanted exit {status}"
              + (f", stdout with {out_has!r}" if out_has else "")
              + (f", stderr with {err_has!r}" if err_has else ""))
        print("  stdout: " + r.stdout[-800:].replace("\n", "\n  "))
        print("  stderr: " + r.stderr[-800:].replace("\n", "\n  "))


def files(d):
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def expect_files(name, d, want):
    got = files(d)
    ok = got == sorted(want)
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {got}")
    if not ok:
        failures.append(name)


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    exe, sample, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    stem = os.path.splitext(os.path.basename(sample))[0]

    expect("--help", run([exe, "render", "--help"]), 0,
           out_has="usage: disclose render")
    expect("no source", run([exe, "render"]), 2, err_has="SOURCE")
    expect("unknown option", run([exe, "render", "--bogus", sample]), 2,
           err_has="unknown option")
    expect("-o without a folder", run([exe, "render", sample, "-o"]), 2)

    d = os.path.join(work, "missing")
    expect("unreadable source",
           run([exe, "render", "--pdf", "-o", d,
                os.path.join(work, "no-such.txt")]), 2)
    expect_files("nothing written for an unreadable source", d, [])

    bad = os.path.join(work, "bad.txt")
    with open(bad, "wb") as f:
        f.write(b"\xff\xfe not UTF-8 \xc3\x28\n")
    d = os.path.join(work, "bad")
    expect("unparsable source", run([exe, "render", "--pdf", "-o", d, bad]),
           2)
    expect_files("nothing written for an unparsable source", d, [])

    notdir = os.path.join(work, "file")
    open(notdir, "w").close()
    expect("-o names a file", run([exe, "render", "--pdf", "-o", notdir,
                                   sample]), 2)

    badmap = os.path.join(work, "fontmap.xml")
    with open(badmap, "w") as f:
        f.write("<fontmap>\n  <role name=\"song\">\n</fontmap>\n")
    d = os.path.join(work, "badmap")
    expect("broken font map (--fontmap)",
           run([exe, "render", "--pdf", "--fontmap", badmap, "-o", d,
                sample]), 2, err_has=badmap + ":")
    expect_files("nothing written with a broken font map", d, [])

    nofont = os.path.join(work, "nofont.xml")
    with open(nofont, "w") as f:
        f.write("<fontmap>\n"
                "<role name=\"song\"><file path=\"/no/song.ttf\"/></role>\n"
                "<role name=\"hei\"><file path=\"/no/hei.ttf\"/></role>\n"
                "<role name=\"kai\"><file path=\"/no/kai.ttf\"/></role>\n"
                "<role name=\"latin\"><file path=\"/no/l.ttf\"/></role>\n"
                "</fontmap>\n")
    expect("no font file ($DISCLOSE_FONTMAP)",
           run([exe, "render", "--pdf", "-o", d, sample],
               env={"DISCLOSE_FONTMAP": nofont}), 2,
           err_has="/no/song.ttf")
    expect_files("nothing written without fonts", d, [])

    junk = os.path.join(work, "junk.ttf")
    with open(junk, "wb") as f:
        f.write(b"not a font at all\n" * 64)
    junkmap = os.path.join(work, "junkmap.xml")
    with open(junkmap, "w") as f:
        f.write("<fontmap>\n"
                f"<role name=\"song\"><file path=\"{junk}\"/></role>\n"
                "<role name=\"hei\"><file path=\"/usr/share/fonts/truetype/"
                "wqy/wqy-zenhei.ttc\" index=\"9\"/></role>\n"
                "<role name=\"kai\"><file path=\"/no/kai.ttf\"/></role>\n"
                "<role name=\"latin\"><file path=\"/no/l.ttf\"/></role>\n"
                "</fontmap>\n")
    d = os.path.join(work, "junkfont")
    r = run([exe, "render", "--pdf", "--fontmap", junkmap, "-o", d, sample])
    expect("a file libharu cannot read as a font", r, 2,
           err_has=junkmap + ":2: error: libharu cannot load font")
    expect("... and the source it stopped is named", r, 2,
           err_has=sample + ": error: not rendered: the fonts could not be "
                            "loaded")
    expect_files("nothing written with an unreadable font", d, [])

    d = os.path.join(work, "deep", "er", "out")
    expect("render --pdf into a new folder",
           run([exe, "render", "--pdf", "-o", d, sample]), 0)
    expect_files("only the PDF, no temporary", d, [stem + ".pdf"])
    with open(os.path.join(d, stem + ".pdf"), "rb") as f:
        head = f.read(8)
    print(f"{'ok  ' if head == b'%PDF-1.4' else 'FAIL'} PDF header {head!r}")
    if head != b"%PDF-1.4":
        failures.append("header")

    # options after the source, and -oDIR glued
    d2 = os.path.join(work, "glued")
    expect("-oDIR after the source",
           run([exe, "render", sample, "--pdf", "-o" + d2]), 0)
    expect_files("glued -o", d2, [stem + ".pdf"])

    # no signature date: $SOURCE_DATE_EPOCH (read by the command, handed to
    # the PDF writer) dates the PDF in China Standard Time; without it, no
    # date at all (never the clock)
    lines = open(sample, encoding="utf-8").read().rstrip().split("\n")
    nodate = os.path.join(work, "nodate.txt")
    with open(nodate, "w", encoding="utf-8") as f:
        f.write("\n".join(lines[:-1]) + "\n")  # the signature's date gone
    for epoch, want in (("1739131200", b"/CreationDate (D:20250210000000+08'00')"),
                        (None, None)):
        d = os.path.join(work, "epoch-" + str(epoch))
        env = {"SOURCE_DATE_EPOCH": epoch or ""}  # "" as unset
        expect(f"undated source, SOURCE_DATE_EPOCH={epoch}",
               run([exe, "render", "--pdf", "-o", d, nodate], env=env), 0)
        with open(os.path.join(d, "nodate.pdf"), "rb") as f:
            data = f.read()
        ok = (want in data) if want else (b"/CreationDate" not in data)
        print(f"{'ok  ' if ok else 'FAIL'} its date: {want or 'none'}")
        if not ok:
            failures.append(f"SOURCE_DATE_EPOCH={epoch}")

    if failures:
        print(f"{len(failures)} case(s) failed")
        sys.exit(1)
    print("all cases passed")


if __name__ == "__main__":
    main()
