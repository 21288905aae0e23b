#!/bin/sh
# cmake --install into a prefix, move the prefix, and run the installed
# program from / with a copy of the sample and no help from the source or
# build tree: it renders a valid PDF and DOCX, its version agrees with the
# PDF's Creator and the man page, and a missing data file or writer module
# is named in one line that says what to do.
#   tests/install/install.sh BUILD_DIR SAMPLE VERSION LIBDIR STALE_MODULE
set -eu
build=$1 sample=$2 version=$3 libdir=$4 stale=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "install.sh: $*" >&2; exit 1; }
# the installed program must find everything by itself
unset DISCLOSE_LAYOUTS DISCLOSE_FONTMAP DISCLOSE_LOCALEDIR DC_SOURCE_DIR

cmake --install "$build" --prefix "$tmp/first" >/dev/null
mv "$tmp/first" "$tmp/moved"
p=$tmp/moved
mods=$libdir/disclose
for f in bin/disclose share/disclose/layouts/table-01.xml \
         $mods/disclose-pdf.so $mods/disclose-docx.so $mods/disclose-xlsx.so \
         share/disclose/layouts/page.xml share/disclose/fonts/fontmap.xml \
         share/man/man1/disclose.1 share/bash-completion/completions/disclose \
         share/locale/zh_CN/LC_MESSAGES/disclose.mo share/doc/disclose/LICENSE; do
  [ -e "$p/$f" ] || fail "not installed: $f"
done
cp "$sample" "$tmp/budget.txt"

cd /
got=$("$p/bin/disclose" --version)
[ "$got" = "disclose $version" ] || fail "--version says '$got', not 'disclose $version'"
"$p/bin/disclose" render -o "$tmp/out" "$tmp/budget.txt" 2>"$tmp/render.err" ||
  { cat "$tmp/render.err" >&2; fail "the moved installation does not render"; }
qpdf --check "$tmp/out/budget.pdf" >/dev/null || fail "the PDF is not valid (qpdf --check)"
creator=$(pdfinfo "$tmp/out/budget.pdf" | sed -n 's/^Creator: *//p')
[ "$creator" = "disclose $version" ] || fail "the PDF's Creator is '$creator'"
unzip -tq "$tmp/out/budget.docx" >/dev/null || fail "the DOCX is not a valid zip"
unzip -p "$tmp/out/budget.docx" word/document.xml | xmllint --noout - ||
  fail "the DOCX's document.xml is not well-formed"
unzip -p "$tmp/out/budget.docx" word/document.xml | grep -q '一般公共服务支出' ||
  fail "the DOCX lacks the sample's text"
grep -q "^\.TH DISCLOSE 1 .*\"disclose $version\"" "$p/share/man/man1/disclose.1" ||
  fail "the man page does not carry version $version"
# the message catalog is found next to the program too
"$p/bin/disclose" --lang zh check "$tmp/budget.txt" >"$tmp/zh.out" 2>&1 || true
LC_ALL=C grep -q "$(printf '\345\220\210\350\256\241')" "$tmp/zh.out" ||
  fail "no Chinese from the installed catalog"

# a missing data file: one line with its path and what to do, exit 2
missing() { # FILE-TO-REMOVE WHAT-THE-LINE-MUST-SAY
  mv "$p/$1" "$tmp/aside"
  status=0
  "$p/bin/disclose" render -o "$tmp/out2" "$tmp/budget.txt" >/dev/null \
    2>"$tmp/err" || status=$?
  mv "$tmp/aside" "$p/$1"
  [ $status = 2 ] || fail "without $1: exit status $status, not 2"
  grep -v ': warning: ' "$tmp/err" >"$tmp/lines" || true
  [ "$(wc -l <"$tmp/lines")" = 1 ] || { cat "$tmp/err" >&2; fail "without $1: not one line"; }
  grep -q "^$p/$1: error: .*$2" "$tmp/lines" ||
    { cat "$tmp/lines" >&2; fail "without $1: the line does not name it or say '$2'"; }
  [ ! -e "$tmp/out2/budget.pdf" ] || fail "without $1: a PDF was written"
}
missing share/disclose/layouts/page.xml "is missing; reinstall disclose"
missing share/disclose/fonts/fontmap.xml "is missing; reinstall disclose"
missing share/disclose/layouts "is missing; reinstall disclose"
missing $mods/disclose-pdf.so "cannot load the PDF writer: .*No such file.*; reinstall disclose"
missing $mods/disclose-docx.so "cannot load the Word writer: .*; reinstall disclose"
missing $mods/disclose-xlsx.so "cannot load the workbook writer: .*; reinstall disclose"
# a module of another build, or not a module at all, is refused the same way
cp "$p/$mods/disclose-pdf.so" "$tmp/good.so"
refused() { # FILE-AS-THE-PDF-WRITER WHAT-THE-LINE-MUST-SAY
  cp "$1" "$p/$mods/disclose-pdf.so"
  status=0
  "$p/bin/disclose" render -o "$tmp/out3" "$tmp/budget.txt" >/dev/null \
    2>"$tmp/err" || status=$?
  [ $status = 2 ] || fail "with $1 as the PDF writer: exit status $status, not 2"
  grep -q "^$p/$mods/disclose-pdf.so: error: cannot load the PDF writer: $2" "$tmp/err" ||
    { cat "$tmp/err" >&2; fail "with $1 as the PDF writer: no line naming it that says '$2'"; }
  [ ! -e "$tmp/out3" ] || fail "with $1 as the PDF writer: the output folder was made"
}
refused "$stale" "it belongs to another build of disclose (0.0.0-stale, this program $version-[0-9a-f]*); reinstall disclose"
refused /etc/passwd ".*; reinstall disclose"
cp "$tmp/good.so" "$p/$mods/disclose-pdf.so"
# the commands that write nothing need no writer; batch stops before it starts
mv "$p/$mods" "$tmp/mods-aside"
"$p/bin/disclose" check "$tmp/budget.txt" >/dev/null 2>&1 ||
  [ $? = 1 ] || fail "check needs a writer module"
"$p/bin/disclose" dump "$tmp/budget.txt" >/dev/null || fail "dump needs a writer module"
status=0
"$p/bin/disclose" batch -o "$tmp/out4" "$tmp/budget.txt" >/dev/null 2>"$tmp/err" || status=$?
[ $status = 2 ] || fail "batch without its writers: exit status $status, not 2"
grep -q "disclose-pdf.so: error: cannot load the PDF writer" "$tmp/err" ||
  { cat "$tmp/err" >&2; fail "batch without its writers: no message"; }
[ ! -e "$tmp/out4" ] || fail "batch without its writers made its output folder"
mv "$tmp/mods-aside" "$p/$mods"
# the environment still overrides
DISCLOSE_LAYOUTS=$tmp/none "$p/bin/disclose" check "$tmp/budget.txt" \
  >/dev/null 2>"$tmp/err" && fail "DISCLOSE_LAYOUTS=missing folder passed"
grep -q "^$tmp/none: error: " "$tmp/err" || fail "DISCLOSE_LAYOUTS is not used"
echo "install.sh: installed, moved and ran from $p"
