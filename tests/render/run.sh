#!/usr/bin/env bash
# run.sh: the tests of `loket build --format=html,json` on the regression services in
# tests/render/catalogue/ (fully online, a passport with a justified visit, offline,
# form download only, translations in full, in part and from English, only required
# fields, empty optional fields, and hostile ones, rendered and refused):
#   1. golden tree: the whole output (html/, json/ and the diagnostics) is compared
#      with tests/render/expected/ byte for byte; the assets must equal compiler/assets/
#      (they are not copied into expected/). REGEN=1 rewrites expected/ instead;
#   2. reproducible: a second build, into a folder of another name, is identical
#      (diff -r), and a build without --base-url has no canonical or base URLs (its
#      linked-data ids are below the agency's website);
#   3. every HTML page parses with libxml2's HTML parser without a single message
#      (xmllint --html: loket writes HTML 4 elements with ARIA roles, no HTML5 ones),
#      and every relative link points at a file of the build;
#   4. every JSON file follows schemas/1.0/output.schema.yaml (kinds output and
#      output-service), the linked data follows tests/render/jsonld.schema.yaml, all
#      through `loket schema validate` with the working copy of schemas/; costs have
#      no total, and their range is the lowest and the highest item;
#   5. hostile text comes out inert: only loket's own script elements, no event
#      handler or style attributes, no dangerous elements, every href and src an
#      allowed URL, the hostile text present but escaped, no raw < in JSON;
#   6. the output folder: a stale file of an earlier build does not survive a build,
#      a file beside html/ and json/ does; a build that fails half-way (a file size
#      limit) or cannot start (-o below a file) exits 3 and leaves the previous
#      output exactly as it was, with no new generation or temporary file behind.
# Usage: tests/render/run.sh path/to/loket          Exit status 0 only if all pass.
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2> /dev/null; rm -rf "$tmp"' EXIT
cd "$root" || exit 2

pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }
# check DESCRIPTION OUTPUT: passes when OUTPUT is empty, else prints its first lines.
check() {
  if [ -z "$2" ]; then ok; else bad "$1"; printf '%s\n' "$2" | head -"${3:-10}" | sed 's/^/  /'; fi
}

catalogue=tests/render/catalogue
base_url=https://portaal.proefstad.example
# build OUT [OPTIONS...]: build the regression catalogue into OUT; the diagnostics go to
# OUT.out (stdout) and OUT.err (stderr), the path OUT replaced by the word OUT; returns
# loket's status.
build() {
  local out=$1 rc
  shift
  "$loket" build --color=never --format=html,json "$@" -o "$out" "$catalogue" > "$out.out" 2> "$out.err"
  rc=$?
  sed -i "s|$out|OUT|g" "$out.out" "$out.err"
  return $rc
}

# ---- 1. golden tree ----
build "$tmp/a" --base-url=$base_url
rc=$?
# The catalogue holds two refused services: exit status 1 (errors), output written.
if [ $rc = 1 ]; then ok; else bad "loket build exited with $rc, not 1"; sed 's/^/  /' "$tmp/a.err" | head -10; fi
got=$tmp/got
mkdir -p "$got"
cp -RL "$tmp/a/html" "$tmp/a/json" "$got/" # html and json link into the published generation
cp "$tmp/a.out" "$got/build.out"
cp "$tmp/a.err" "$got/build.err"
for f in compiler/assets/*; do
  name=$(basename "$f")
  if cmp -s "$f" "$got/html/assets/$name"; then ok; else bad "html/assets/$name differs from $f"; fi
  rm -f "$got/html/assets/$name"
done
if [ -n "${REGEN:-}" ]; then
  rm -rf "$here/expected"
  cp -R "$got" "$here/expected"
  echo "render: tests/render/expected rewritten"
  git --no-pager diff --stat -- tests/render/expected
  git status --short -- tests/render/expected | grep -v '^ M' | head -20
else
  differ=$(diff -r -q "$here/expected" "$got" 2>&1)
  check "the build differs from tests/render/expected" "$differ" 20
  # A readable diff of the first files that differ: HTML split at tags.
  printf '%s\n' "$differ" | sed -n 's/^Files \(.*\) and \(.*\) differ$/\1 \2/p' | head -3 | while read -r want have; do
    echo "  --- $want"
    diff -u <(sed 's/></>\n</g' "$want") <(sed 's/></>\n</g' "$have") | sed -n '3,30p' | sed 's/^/  /'
  done
fi

# ---- 2. reproducible ----
build "$tmp/second-build" --base-url=$base_url
check "two builds differ" "$(diff -r "$tmp/a" "$tmp/second-build" 2>&1; diff "$tmp/a.out" "$tmp/second-build.out"; diff "$tmp/a.err" "$tmp/second-build.err")"
build "$tmp/nobase"
check "without --base-url the output still names a base URL" "$(grep -rl -e 'rel="canonical"' -e '"@base"' -e "$base_url" "$tmp/nobase")"
# ... and the linked data's ids are absolute all the same: below the agency's website.
check "without --base-url the linked-data ids are not below the agency's website" \
  "$(grep -c '"@id": "https://www.proefstad.example/id/service/gemeente-proefstad/vijandig"' "$tmp/nobase/json/catalogue.jsonld" | grep -vx 1)"
# A --base-url that cannot prefix ids (relative, a query, another scheme) is a usage error
# (status 2, nothing built); trailing slashes are dropped.
for u in portaal.proefstad.example 'https://portaal.proefstad.example/?taal=nl' 'javascript:alert(1)'; do
  "$loket" build --format=json --base-url="$u" -o "$tmp/bad-base" "$catalogue" > /dev/null 2> "$tmp/bad-base.err"
  rc=$?
  if [ $rc = 2 ] && grep -q -- "--base-url takes an absolute" "$tmp/bad-base.err" && [ ! -e "$tmp/bad-base" ]; then ok; else
    bad "--base-url=$u exited with $rc, not 2 (usage), or built"; head -3 "$tmp/bad-base.err" | sed 's/^/  /'; fi
done
build "$tmp/slash" --base-url=$base_url/
check "a --base-url with a trailing slash gives other output" "$(diff -r "$tmp/a" "$tmp/slash" 2>&1 | head -5)"

# ---- 3. HTML parses; relative links resolve ----
html=$tmp/a/html
mapfile -t pages < <(cd "$html" && find . -name '*.html' | LC_ALL=C sort)
if [ ${#pages[@]} -lt 20 ]; then bad "only ${#pages[@]} HTML pages were written"; else ok; fi
if command -v xmllint > /dev/null; then
  out=""
  for p in "${pages[@]}"; do
    msgs=$(xmllint --html --noout "$html/$p" 2>&1) || msgs="$msgs (exit status $?)"
    [ -n "$msgs" ] && out="$out$p: $msgs"$'\n'
  done
  check "xmllint --html reports problems" "$out" 20
else
  skip "HTML parsing: xmllint is not installed (Debian: libxml2-utils)"
fi
out=""
for p in "${pages[@]}"; do
  dir=$(dirname "$html/$p")
  while IFS= read -r u; do
    case $u in https://* | http://* | mailto:* | tel:* | '#'*) continue ;; esac
    [ -e "$dir/${u%%#*}" ] || out="$out$p: broken link $u"$'\n'
  done < <(grep -oE '(href|src)="[^"]*"' "$html/$p" | sed -E 's/^(href|src)="//; s/"$//')
done
check "relative links that point nowhere" "$out"

# ---- 4. JSON against the output schema, linked data against jsonld.schema.yaml ----
validate() { # validate WHAT ARGS...: loket schema validate with the working copy of schemas/
  local what=$1 out
  shift
  if out=$("$loket" schema validate --schema-dir="$root/schemas" "$@" 2>&1); then ok; else
    bad "$what"
    printf '%s\n' "$out" | head -12 | sed 's/^/  /'
  fi
}
validate "json/catalogue.json does not follow the output schema" --kind=output "$tmp/a/json/catalogue.json"
mapfile -t service_json < <(find "$tmp/a/json/" -mindepth 2 -name '*.json' | LC_ALL=C sort)
if [ ${#service_json[@]} = 9 ]; then ok; else bad "${#service_json[@]} per-service JSON files, not 9"; fi
validate "a per-service JSON file does not follow the output schema" --kind=output-service "${service_json[@]}"
validate "the golden catalogue.json does not follow the output schema" --kind=output "$here/expected/json/catalogue.json"
# A second opinion: the exported schema (loket schema export, bundled) in python's
# jsonschema, an independent validator, on catalogue.json (which holds every service);
# each per-service file must equal its entry there. Skipped without python3 or the module.
if command -v python3 > /dev/null && python3 -c 'import jsonschema' 2> /dev/null; then
  "$loket" schema export --json --kind=output --schema-dir="$root/schemas" > "$tmp/output.schema.json"
  if out=$(python3 - "$tmp/output.schema.json" "$tmp/a/json" 2>&1 <<'EOF'
import glob, json, os, sys, jsonschema
schema, folder = json.load(open(sys.argv[1])), sys.argv[2]
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
catalogue = json.load(open(os.path.join(folder, "catalogue.json"), encoding="utf-8"))
problems = ["catalogue.json: %s: %s" % ("/".join(map(str, e.path)) or "(top)", e.message[:160])
            for e in v.iter_errors(catalogue)]
entries = {(s["agency"], s["id"]): s for s in catalogue.get("services", [])}
files = sorted(glob.glob(os.path.join(folder, "*", "*.json")))
for f in files:
    key = (os.path.basename(os.path.dirname(f)), os.path.basename(f)[:-5])
    if json.load(open(f, encoding="utf-8")) != entries.get(key):
        problems.append("%s/%s.json differs from its entry in catalogue.json" % key)
if len(files) != len(entries):
    problems.append("%d per-service files, %d services in catalogue.json" % (len(files), len(entries)))
print("\n".join(problems[:10]))
sys.exit(1 if problems else 0)
EOF
  ); then ok; else bad "python jsonschema disagrees with the output schema, or the JSON files disagree"; printf '%s\n' "$out" | sed 's/^/  /' | head -12; fi
else
  skip "second opinion on the output schema: python3 with the jsonschema module is not available"
fi
# Costs are never added up (spec, costs): every service lists its items, has no total,
# and its range is exactly the lowest and the highest item (null when free or when the
# items mix currencies).
if command -v python3 > /dev/null; then
  out=$(python3 - "$tmp/a/json/catalogue.json" 2>&1 <<'EOF'
import json, sys
problems, ranges = [], 0
for s in json.load(open(sys.argv[1], encoding="utf-8"))["services"]:
    c = s["costs"]
    if "total" in c:
        problems.append("%s: costs have a total" % s["id"])
    amounts = [i["amount"] for i in c["items"]]
    currencies = {i["currency"] for i in c["items"]}
    want = None if c["free"] or not amounts or len(currencies) > 1 else \
        {"min": min(amounts), "max": max(amounts), "currency": currencies.pop()}
    if c["range"] != want:
        problems.append("%s: range %s, not %s" % (s["id"], c["range"], want))
    ranges += c["range"] is not None and c["range"]["min"] != c["range"]["max"]
if ranges == 0:
    problems.append("no service with a range of two different amounts: the test has no teeth")
print("\n".join(problems))
EOF
  )
  check "cost ranges in json/catalogue.json" "$out"
else
  skip "cost ranges: python3 is not available"
fi
mkdir -p "$tmp/ld"
for p in "${pages[@]}"; do
  grep -q '<script type="application/ld+json">' "$html/$p" || continue
  sed -n 's|.*<script type="application/ld+json">\([^<]*\)</script>.*|\1|p' "$html/$p" > "$tmp/ld/$(echo "$p" | tr / _).json"
done
mapfile -t ld < <(find "$tmp/ld" -name '*.json' | LC_ALL=C sort)
if [ ${#ld[@]} = 13 ]; then ok; else bad "${#ld[@]} service pages with JSON-LD, not 13"; fi
validate "linked data does not follow tests/render/jsonld.schema.yaml" --schema="$here/jsonld.schema.yaml" \
  "$tmp/a/json/catalogue.jsonld" "${ld[@]}"

# ---- 5. hostile text is inert ----
# Script elements: only loket's JSON-LD and its two search scripts.
check "a script element loket did not write" "$(grep -rhoiE '<script[^>]*>' "$html" | LC_ALL=C sort -u |
  grep -vxE '<script type="application/ld\+json">|<script src="(\.\./)?assets/search(-index)?\.js">')"
# Each JSON-LD block holds no < at all (so no </script> can end it early).
n_open=$(grep -rho '<script type="application/ld+json">' "$html" | wc -l)
n_clean=$(grep -rhoE '<script type="application/ld\+json">[^<]*</script>' "$html" | wc -l)
if [ "$n_open" = "$n_clean" ] && [ "$n_open" -gt 0 ]; then ok; else bad "a JSON-LD block holds a raw < ($n_clean of $n_open clean)"; fi
# Every start tag, with its attribute values emptied (agency text in a value is escaped,
# so a raw " only ever delimits a value): elements loket never writes, attributes that
# run script or style, values without double quotes.
tags=$(grep -rhoE '<[a-zA-Z][^>]*>' "$html" | sed -E 's/"[^"]*"/""/g' | LC_ALL=C sort -u)
check "a dangerous element in the HTML" "$(printf '%s\n' "$tags" | grep -iE '^<(img|svg|math|iframe|frame|frameset|object|embed|applet|base|style|textarea|select|video|audio|source|template)([[:space:]>/]|$)')"
# The only form is loket's search form (GET to its own search page), with one search box
# and its button.
check "a form, input or button other than the search form's" "$(grep -rhoE '<(form|input|button)[^>]*>' "$html" | grep -vE '^<form id="search-form" class="search" role="search" action="([a-z:/.]*/html/)?(\.\./)?search(\.en)?\.html" method="get">$|^<input type="search" id="search-q" name="q">$|^<button type="submit">$' | LC_ALL=C sort -u)"
check "an event handler or style attribute in the HTML" "$(printf '%s\n' "$tags" | grep -iE '[[:space:]](on[a-z]+|style|formaction|srcdoc|http-equiv)[[:space:]]*=')"
check "an attribute value without double quotes" "$(printf '%s\n' "$tags" | grep -E '=[[:space:]]*[^"[:space:]]')"
# Every URL in an attribute: http(s), mailto, tel, a fragment or a relative path.
check "an href or src that is not an allowed URL" "$(grep -rhoE '(href|src)="[^"]*"' "$html" | sed -E 's/^(href|src)="//; s/"$//' | LC_ALL=C sort -u |
  grep -vE '^(https?://[^[:space:]]+|mailto:[^[:space:]]+|tel:\+?[0-9]+|#[A-Za-z0-9_-]+|[A-Za-z0-9._/-]+(#[A-Za-z0-9_-]+)?)$')"
# An email address may hold ? & # and %: in a mailto: link they must be percent-encoded, or
# "info?bcc=spion@..." adds a recipient the agency never wrote (RFC 6068).
check "a mailto: link with a raw ?, # or & (adds headers or recipients)" "$(grep -rhoE 'href="mailto:[^"]*"' "$html" |
  sed -e "s/&#39;/'/g" -e 's/&quot;/"/g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g' | grep -E '^href="mailto:.*[?#&]' | LC_ALL=C sort -u)"
check "a javascript:, data: or vbscript: URL in an href or src" "$(grep -rnoiE '(href|src)="[[:space:]]*(javascript|data|vbscript):' "$html")"
# Escaped once, not twice: an entity written by loket shows as an entity, never as text
# such as "&euro;" (only the hostile pages have agency text that looks like an entity).
check "a character reference escaped twice (it shows as text)" "$(grep -roE '&amp;[a-zA-Z]+;|&amp;#[0-9xX]+;' "$html" --exclude='vijandig*' | LC_ALL=C sort | uniq -c)"
# The hostile service is rendered, its text present and escaped; the refused ones are not.
hostile=$html/gemeente-proefstad/vijandig.html
for want in '<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>' '<title>&lt;script&gt;alert(1)&lt;/script&gt; – Gemeente Proefstad</title>' \
  '&lt;img src=x onerror=alert(1)&gt;' \
  'Een &quot;samenvatting&quot; met &#39;quotes&#39; &amp; een &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; erin.' \
  '<p>javascript:alert(1)</p>' '<li>JavaScript gemengd</li>' \
  '<a href="https://wetten.example/regeling?a=1&amp;b=2">'; do
  if grep -qF -- "$want" "$hostile"; then ok; else bad "vijandig.html lacks: $want"; fi
done
if grep -qF '<h1>&lt;script&gt;alert(&quot;en&quot;)&lt;/script&gt;</h1>' "$html/gemeente-proefstad/vijandig.en.html"; then ok; else
  bad "vijandig.en.html lacks its escaped title"; fi
for refused in vijandig-geweigerd vijandig-spatie; do
  if [ -e "$html/gemeente-proefstad/$refused.html" ] || [ -e "$tmp/a/json/gemeente-proefstad/$refused.json" ] ||
    grep -rqF "$refused" "$tmp/a/html" "$tmp/a/json"; then
    bad "$refused (an error) was rendered"
  else ok; fi
done
# JSON escapes <, > and & everywhere (so any JSON may sit inside a script element).
check "a raw < or > in the JSON output or the search index" "$(grep -rlE '[<>]' "$tmp/a/json" "$html/assets/search-index.js")"
if grep -qF '"title": "\u003cscript\u003ealert(1)\u003c/script\u003e"' "$tmp/a/json/gemeente-proefstad/vijandig.json"; then ok; else
  bad "vijandig.json lacks its escaped title"; fi

# ---- 6. the output folder: stale files, failures ----
out=$tmp/a
echo stale > "$out/html/stale.html"
echo stale > "$out/json/gemeente-proefstad/removed-service.json"
mkdir -p "$out/.loket-staging-1/html"  # left by an interrupted build
echo keep > "$out/README.txt"           # not loket's: beside html/ and json/
build "$out" --base-url=$base_url
check "a rebuild left stale files, or lost a file beside html/ and json/" "$(
  [ -e "$out/html/stale.html" ] && echo "html/stale.html survived"
  [ -e "$out/json/gemeente-proefstad/removed-service.json" ] && echo "json/.../removed-service.json survived"
  [ -e "$out/.loket-staging-1" ] && echo ".loket-staging-1 survived"
  [ "$(cat "$out/README.txt" 2> /dev/null)" = keep ] || echo "README.txt beside html/ was lost"
  diff -r "$tmp/second-build/html/" "$out/html/"; diff -r "$tmp/second-build/json/" "$out/json/")"
# The output as it is now, to compare after the failed builds.
# (html/ and json/ only: the output folder itself changes while a build stages its files.)
snapshot() { (cd "$out" && find html/ json/ -print0 | LC_ALL=C sort -z | xargs -0 ls -ld --time-style=+%s.%N &&
  find html/ json/ -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum); }
before=$(snapshot)
# A build that fails half-way: no file may be larger than 8 KiB, so writing the larger
# pages and catalogue.json fails (EFBIG, SIGXFSZ ignored). Its messages go through a
# pipe, which the limit does not touch.
(
  trap '' XFSZ
  ulimit -f 8
  exec "$loket" build --color=never --format=html,json -o "$out" "$catalogue"
) 2>&1 | cat > "$tmp/fsize.log"
rc=${PIPESTATUS[0]}
if [ "$rc" = 3 ]; then ok; else bad "a build that cannot write its files exited with $rc, not 3"; fi
if grep -q 'File too large.*\[SYS001\]' "$tmp/fsize.log"; then ok; else
  bad "a build that cannot write its files does not say why (SYS001)"; grep -m3 SYS "$tmp/fsize.log"; fi
check "a failed build changed the previous output" "$(diff <(printf '%s\n' "$before") <(snapshot) | head -10)"
check "a failed build left files in the output folder" "$(cd "$out" && find . -name '.loket-staging-*' -o -name '.loket-tmp-*' -o -name '*.tmp.*'
  [ "$(ls .loket | grep -c '^gen-')" = 1 ] || echo "more than one generation: $(ls .loket)")"
# -o below a regular file: the output folder cannot be made.
echo "not a folder" > "$tmp/file"
"$loket" build --color=never --format=html,json -o "$tmp/file/out" "$catalogue" > "$tmp/file.out" 2> "$tmp/file.err"
rc=$?
if [ $rc = 3 ]; then ok; else bad "-o below a file exited with $rc, not 3"; fi
if grep -q 'Not a directory' "$tmp/file.out" "$tmp/file.err"; then ok; else bad "-o below a file: the reason is not given"; fi
if [ "$(cat "$tmp/file")" = "not a folder" ]; then ok; else bad "-o below a file changed the file"; fi
# -o naming a regular file.
"$loket" build --color=never --format=html,json -o "$tmp/file" "$catalogue" > /dev/null 2>&1
rc=$?
if [ $rc = 3 ] && [ "$(cat "$tmp/file")" = "not a folder" ]; then ok; else bad "-o naming a file exited with $rc, not 3, or changed it"; fi

echo "render: $pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
