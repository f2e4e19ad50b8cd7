#!/usr/bin/env bash
# run.sh: the portal's search and the files for publishers.
#  1. The search-quality test: the sample catalogue is built, then every query of
#     queries.tsv (at least 60, Dutch and English, written before the search was tuned)
#     is typed into search.html?q= in headless Chromium; at least 90% must find their
#     service in the top 3 (quality.js). Needs Chromium, Node.js and the packages of
#     tests/a11y (installed by tests/a11y/run.sh, which make test runs first); skips
#     without them unless SEARCH_REQUIRED=1 (or A11Y_REQUIRED=1, as in .ci/run).
#  2. sitemap.xml against the sitemaps.org 0.9 XSD, feed.xml against the Atom RELAX NG
#     schema (RFC 4287, atom.rnc as RELAX NG XML: tests/search/atom.rng), robots.txt and
#     404.html; with xmllint, nothing fetched from the network.
#  3. The same catalogue built twice (-j1, -j4): byte-identical search index, sitemap, feed.
# Usage: tests/search/run.sh path/to/loket
. "$(dirname "$0")/../lib.sh" "$@"

base=https://loket.example.nl
"$loket" build -q --color=never --format=html --base-url "$base" -o "$tmp/a" catalogue > "$tmp/a.log" 2>&1
rc=$?; [ $rc -le 1 ] && ok "build with --base-url" || { bad "build exited $rc"; cat "$tmp/a.log"; }
html=$tmp/a/html

# sitemap.xml and robots.txt
if xmllint --noout --schema "$here/sitemap.xsd" "$html/sitemap.xml" 2> "$tmp/x.log"; then ok "sitemap.xml is valid against the sitemaps.org 0.9 XSD"
else bad "sitemap.xml: $(head -3 "$tmp/x.log")"; fi
n_pages=$(cd "$html" && find . -name '*.html' ! -name 404.html | wc -l)
n_locs=$(grep -c '<loc>' "$html/sitemap.xml")
[ "$n_pages" = "$n_locs" ] && ok "sitemap lists every page ($n_locs)" || bad "sitemap lists $n_locs of $n_pages pages"
grep -q "<loc>$base/html/gemeente-voorbeeldstad/paspoort-aanvragen.en.html</loc>" "$html/sitemap.xml" \
  && ok "sitemap has a translated page" || bad "sitemap lacks paspoort-aanvragen.en.html"
grep -qx "Sitemap: $base/html/sitemap.xml" "$html/robots.txt" && ok "robots.txt names the sitemap" || bad "robots.txt: $(cat "$html/robots.txt")"

# feed.xml
if xmllint --noout --relaxng "$here/atom.rng" "$html/feed.xml" 2> "$tmp/x.log"; then ok "feed.xml is valid Atom (RELAX NG of RFC 4287)"
else bad "feed.xml: $(head -3 "$tmp/x.log")"; fi
first=$(xmllint --xpath 'string(//*[local-name()="entry"][1]/*[local-name()="updated"])' "$html/feed.xml")
last=$(xmllint --xpath 'string(//*[local-name()="entry"][last()]/*[local-name()="updated"])' "$html/feed.xml")
[[ "$first" > "$last" || "$first" == "$last" ]] && ok "feed: newest first ($first .. $last)" || bad "feed order: $first before $last"

# Without --base-url: no sitemap, no robots.txt; the feed still valid (urn: ids).
"$loket" build -q --color=never --format=html -o "$tmp/b" catalogue > /dev/null 2>&1
[ ! -e "$tmp/b/html/sitemap.xml" ] && [ ! -e "$tmp/b/html/robots.txt" ] && ok "no sitemap without --base-url" || bad "sitemap without --base-url"
xmllint --noout --relaxng "$here/atom.rng" "$tmp/b/html/feed.xml" 2> /dev/null && ok "feed without --base-url is valid Atom" || bad "feed without --base-url is not valid Atom"

# 404.html: absolute links with a base URL.
grep -q "href=\"$base/html/assets/loket.css\"" "$html/404.html" && grep -q 'name="robots" content="noindex"' "$html/404.html" \
  && ok "404.html: absolute links, noindex" || bad "404.html lacks absolute links or noindex"

# Reproducible for any -j.
"$loket" build -q --color=never --format=html -j1 --base-url "$base" -o "$tmp/j1" catalogue > /dev/null 2>&1
"$loket" build -q --color=never --format=html -j4 --base-url "$base" -o "$tmp/j4" catalogue > /dev/null 2>&1
if diff -r "$tmp/j1/html" "$tmp/j4/html" > /dev/null && cmp -s "$tmp/j1/html/assets/search-index.js" "$html/assets/search-index.js"; then
  ok "-j1 and -j4 give identical pages, index, sitemap and feed"
else bad "output differs between -j1 and -j4"; fi

# The search-quality test in a browser.
unavailable() {
  if [ "${SEARCH_REQUIRED:-${A11Y_REQUIRED:-0}}" = 1 ]; then bad "$1 (SEARCH_REQUIRED=1)"; else skip "search quality: $1"; fi
}
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then unavailable "$chromium is missing (Debian: chromium)"
elif ! command -v node > /dev/null || ! command -v npm > /dev/null; then unavailable "node or npm is missing"
elif [ ! -f "$here/../a11y/node_modules/playwright-core/package.json" ]; then
  # The packages of tests/a11y (playwright-core), which `make test` installs just before.
  unavailable "tests/a11y/node_modules has no playwright-core: run tests/a11y/run.sh first"
else
  if NODE_PATH="$here/../a11y/node_modules" node "$here/quality.js" "$html" "$here/queries.tsv" 90 > "$tmp/q.log" 2>&1; then
    ok
  else
    bad "search quality below 90%"
  fi
  sed 's/^/  /' "$tmp/q.log"
fi
summary search
