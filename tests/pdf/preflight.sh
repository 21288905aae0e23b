#!/bin/sh
# PDFBox Preflight (Debian libpdfbox2-java + libactivation-java +
# libjaxb-api-java, Java 17) on one PDF: exit 0 when it says "valid PDF/A-1b",
# 1 when not, 77 (skipped) when Java or the jars are missing.
# usage: preflight.sh FILE.pdf
set -u
[ $# -eq 1 ] || { echo "usage: preflight.sh FILE.pdf" >&2; exit 2; }
J=/usr/share/java
CP=
for jar in preflight pdfbox2 fontbox2 xmpbox commons-logging javax.activation jaxb-api; do
    if [ ! -r "$J/$jar.jar" ]; then
        echo "preflight.sh: $J/$jar.jar missing: install libpdfbox2-java libactivation-java libjaxb-api-java; skipped"
        exit 77
    fi
    CP="$CP${CP:+:}$J/$jar.jar"
done
command -v java >/dev/null 2>&1 || { echo "preflight.sh: no java; skipped"; exit 77; }
out=$(java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b "$1" 2>&1)
echo "$out" | head -50
case "$out" in
*"is a valid PDF/A-1b file"*) exit 0 ;;
*) exit 1 ;;
esac
