#!/usr/bin/env bash
# run.sh: the accessibility audit of the portal in a real browser. Builds the sample
# catalogue (catalogue/) and the render regression catalogue (tests/render/catalogue/,
# with its hostile services) into a temporary folder, then audit.js opens pages from
# file:// URLs in headless Chromium (playwright-core) and requires, on every page:
#   - zero axe-core violations of WCAG 2.0 and 2.1, levels A and AA;
#   - no dialog (no script from agency text runs), no script error, no failed request,
#     no link with another scheme than http(s), mailto or tel;
#   - no sideways scrolling at 320 CSS pixels (WCAG 1.4.10 Reflow);
#   - the skip link as the first Tab stop, visible when focused;
#   - on the home pages, a working search whose results keep agency text as text.
# The npm packages (versions pinned in package.json and package-lock.json) are installed
# into tests/a11y/node_modules (npm ci) on the first run.
#
# Usage: tests/a11y/run.sh path/to/loket
#   A11Y_REQUIRED=1  fail (exit 1) instead of skipping (exit 0) when Chromium, Node.js 18+
#                    or npm is missing, or the packages cannot be installed
#   A11Y_ALL=1       audit every page of both builds, not the chosen ones (slower)
#   SCREENSHOTS=1    also write docs/portal-{home,az,service,search}-{1280,320}.png (the
#                    sample catalogue's home page, A to Z, passport page and a search)
#   CHROMIUM=PATH    another Chromium than /usr/bin/chromium
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000
chromium=${CHROMIUM:-/usr/bin/chromium}

unavailable() {
  if [ "${A11Y_REQUIRED:-0}" = 1 ]; then
    echo "a11y: FAIL: $1 (A11Y_REQUIRED=1)"
    exit 1
  fi
  echo "a11y: SKIP: $1; set A11Y_REQUIRED=1 to make this a failure"
  exit 0
}
[ -x "$chromium" ] || unavailable "$chromium is missing (Debian: chromium)"
# The pinned packages, installed once (again when package.json asks for other versions).
. "$here/../npm-pinned.sh"
npm_pinned "$here" unavailable

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
loket_build_catalogues "$loket" "$tmp" html || exit 1

pages() { # pages DIR: every page of a build, as a comma-separated list
  (cd "$1" && find . -name '*.html' | sed 's|^\./||' | LC_ALL=C sort | paste -sd, -)
}
if [ "${A11Y_ALL:-0}" = 1 ]; then
  sample_pages=$(pages "$tmp/sample/html")
  render_pages=$(pages "$tmp/render/html")
else
  # The home page and every index; an agency; service pages: the passport (a visit in
  # person), its English translation, a partial German translation, an offline service.
  sample_pages=index.html,a-z.html,agencies.html,levels.html,life-events.html,audience.html
sample_pages=$sample_pages,search.html,a-z.en.html,life-events.en.html,search.en.html,404.html
  sample_pages=$sample_pages,gemeente-voorbeeldstad/index.html
  sample_pages=$sample_pages,gemeente-voorbeeldstad/paspoort-aanvragen.html,gemeente-voorbeeldstad/paspoort-aanvragen.en.html
  sample_pages=$sample_pages,gemeente-zuiderwaard/verhuizing-doorgeven.de.html,gemeente-zuiderwaard/overlijden-aangeven.html
  # The regression services: the hostile one in both languages, a partial translation,
  # a service in English, empty and absent optional fields, form download only.
  p=gemeente-proefstad
  render_pages=index.html,search.html,$p/index.html,$p/vijandig.html,$p/vijandig.en.html,$p/parkeervergunning-bewoners.fy.html
  render_pages=$render_pages,$p/registratie-niet-ingezetene.html,$p/afvalcontainer-leeg.html,$p/grofvuil-minimaal.html
  render_pages=$render_pages,$p/hondenbelasting-aanmelden.html
fi
shots=()
[ "${SCREENSHOTS:-0}" = 1 ] && shots=(--shots "$root/docs" --shot-base "$tmp/sample/html")

CHROMIUM=$chromium node "$here/audit.js" --base "$tmp/sample/html" --pages "$sample_pages" \
  --base "$tmp/render/html" --pages "$render_pages" "${shots[@]}"
