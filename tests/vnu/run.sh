#!/usr/bin/env bash
# run.sh: every page of the portal in the Nu Html Checker (vnu.jar, the W3C's HTML
# validator). Builds the sample catalogue (catalogue/) and the render regression catalogue
# (tests/render/catalogue/, with its hostile services) as HTML, then runs vnu once, in
# one Java process, over both html/ folders: zero errors required. Warnings are printed,
# not counted. A page with a known error must be caught (the test can fail).
# vnu.jar comes from the npm package vnu-jar (pinned in package.json and
# package-lock.json, installed into tests/vnu/node_modules with `npm ci --ignore-scripts`:
# its install script would download a Java runtime; Debian's default-jre-headless runs it).
#
# Usage: tests/vnu/run.sh path/to/loket
# Needs Java 11+ (Debian: default-jre-headless), Node.js and npm: it fails without them.
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000
fail() {
  echo "vnu: FAIL: $1"
  exit 1
}
command -v java > /dev/null || fail "java is missing (Debian: default-jre-headless; make deps installs it)"
jar=$here/node_modules/vnu-jar/build/dist/vnu.jar
. "$here/../npm-pinned.sh"
npm_pinned "$here" fail --ignore-scripts

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
loket_build_catalogues "$loket" "$tmp" html || exit 1
# A copy of one page with an error vnu must find (a duplicate id), checked in the same run.
mkdir -p "$tmp/broken"
sed '0,/<body>/s/<body>/<body><p id="x"><\/p><p id="x"><\/p>/' "$tmp/render/html/index.html" > "$tmp/broken/index.html"

pages=$(find "$tmp/sample/html/" "$tmp/render/html/" -name '*.html' | wc -l)
[ "$pages" -ge 40 ] || fail "only $pages pages were built"
java -Xss4m -jar "$jar" --skip-non-html --format gnu --exit-zero-always \
  "$tmp/sample/html" "$tmp/render/html" "$tmp/broken" > "$tmp/vnu.out" 2>&1
sed -i "s|^\"file:$tmp/||" "$tmp/vnu.out" # lines: "file:PATH":LINE.COL-LINE.COL: error: ...
errors=$(grep -v '^broken/' "$tmp/vnu.out" | grep -c ': error' || true)
fatal=$(grep -v '^broken/' "$tmp/vnu.out" | grep -ci 'fatal\|exception' || true)
warnings=$(grep -v '^broken/' "$tmp/vnu.out" | grep -c ': info warning' || true)
pass=0 failed=0
if [ "$errors" = 0 ] && [ "$fatal" = 0 ]; then pass=$((pass + 1)); else
  failed=$((failed + 1))
  echo "FAIL: the Nu Html Checker reports $errors errors on the portal's pages"
  grep -v '^broken/' "$tmp/vnu.out" | grep -i ': error\|fatal\|exception' | head -20 | sed 's/^/  /'
fi
if grep -q '^broken/index.html".*error: Duplicate ID' "$tmp/vnu.out"; then pass=$((pass + 1)); else
  failed=$((failed + 1))
  echo "FAIL: vnu did not report the duplicate id planted in a copy of a page"
fi
[ "$warnings" = 0 ] || { echo "vnu: $warnings warnings (not counted):"; grep ': info warning' "$tmp/vnu.out" | grep -v '^broken/' | head -5 | sed 's/^/  /'; }
echo "vnu: $pages pages checked, $errors errors"
echo "vnu: $pass passed, $failed failed"
[ "$failed" = 0 ]
