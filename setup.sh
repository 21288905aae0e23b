#!/bin/sh
# Installs what disclose needs on Debian 12 (as root, or through sudo).
#   ./setup.sh          build libraries, fonts and the colour profile
#   ./setup.sh --test   also the tools the tests use to read the outputs
set -eu
run() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

packages="build-essential cmake pkg-config gettext
  libhpdf-dev libzip-dev libxml2-dev libicu-dev libssl-dev check libxlsxwriter-dev
  fonts-arphic-gbsn00lp fonts-arphic-gkai00mp fonts-wqy-zenhei fonts-liberation
  icc-profiles-free"
if [ "${1:-}" = "--test" ]; then
  packages="$packages python3 poppler-utils qpdf unzip libxml2-utils mupdf-tools
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
  libreoffice-writer-nogui libreoffice-calc-nogui pandoc python3-pikepdf
  python3-fonttools python3-openpyxl time clang
  python3-jsonschema"
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
