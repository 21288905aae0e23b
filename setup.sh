#!/bin/sh
# Installs what disclose needs on Debian 12 (as root, or through sudo).
#   ./setup.sh          build libraries, fonts and the colour profile
#   ./setup.sh --test   also the tools the tests use to read the outputs
#   ./setup.sh --list [--test]   only print the package names
# Without recommended packages, and each test tool chosen for what it pulls
# in: .ci/setup-size prints what each command installs on a fresh Debian 12.
set -eu
run() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
test=0 list=0
for arg in "$@"; do
  case $arg in
  --test) test=1 ;;
  --list) list=1 ;;
  *) echo "usage: ./setup.sh [--test] [--list]" >&2; exit 2 ;;
  esac
done

packages="build-essential cmake pkg-config gettext
  libhpdf-dev zlib1g-dev libdeflate-dev libzip-dev libxml2-dev libicu-dev nettle-dev check libxlsxwriter-dev
  fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-zenhei fonts-liberation
  icc-profiles-free"
# The readers the tests check the outputs with: poppler, qpdf, pikepdf
# (PDF), PDFBox Preflight on a headless JRE (PDF/A), LibreOffice and pandoc
# (DOCX, XLSX), python3-uno (the DOCX 目录 updated in LibreOffice), openpyxl (XLSX), jsonschema (check's JSON), xmllint, unzip;
# clang for the CI build, groff for the man page, GNU time for the benchmarks,
# strace to kill a writer between writing and renaming (tests/integrity).
if [ $test = 1 ]; then
  packages="$packages python3 poppler-utils qpdf unzip libxml2-utils
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
  libreoffice-writer-nogui libreoffice-calc-nogui pandoc python3-pikepdf python3-uno
  python3-openpyxl python3-jsonschema time clang groff-base strace"
fi
if [ $list = 1 ]; then
  echo $packages
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
run apt-get update -qq
# shellcheck disable=SC2086
run apt-get install -y -qq --no-install-recommends $packages >/dev/null
# LibreOffice and other desktop programs find 宋体/黑体/楷体 (the names a
# disclose DOCX asks for) in the free fonts that serve them in the PDF.
here=$(cd "$(dirname "$0")" && pwd)
if [ -d /etc/fonts/conf.d ]; then
  sed '/<include /d' "$here/tests/docx/fonts.conf" > "${TMPDIR:-/tmp}/65-disclose-cjk.conf"
  run install -m 644 "${TMPDIR:-/tmp}/65-disclose-cjk.conf" /etc/fonts/conf.d/65-disclose-cjk.conf
  rm -f "${TMPDIR:-/tmp}/65-disclose-cjk.conf"
fi
echo "setup: installed $(echo $packages | wc -w) packages"
