#!/usr/bin/env bash
# run.sh: the Samenwerkende Catalogi 4.0 back-end (build --format=sc) and import (import sc):
# every exported feed validates against the official XSD (offline), the output is the same for
# any -j, export then import reproduces every field SC carries and exports the same feed again,
# the real feeds of ../shared/data/sc-samples import with only the placeholders missing, and
# import never overwrites without --force.
# Usage: tests/sc/run.sh path/to/loket
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data
xsd=$data/sc-xsd/standaarden.overheid.nl/sc/4.0/xsd/sc.xsd
samples=$data/sc-samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1795824000
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# Validate feeds against the official SC 4.0 schema with libxml2, offline (--nonet: the
# schemas' includes are relative paths inside ../shared/data/sc-xsd).
validate() {
  if [ ! -f "$xsd" ]; then return 0; fi
  if xmllint --noout --nonet --schema "$xsd" "$@" > "$tmp/xsd.log" 2>&1; then ok; else
    bad "XSD validation: $(grep -v ' validates$' "$tmp/xsd.log" | head -3)"; fi
}
[ -f "$xsd" ] || echo "SKIP: $xsd is absent: no XSD validation (needs ../shared/data/sc-xsd beside the repository)"

cd "$root"
# 1. Export the sample catalogue and the awkward test catalogue; one feed per agency; valid.
for pair in catalogue:catalogue tests/sc/catalogue:sc; do
  cat=${pair%%:*} name=${pair#*:}
  out=$tmp/export-$name
  "$loket" build -q -j 2 --format=sc,json -o "$out" "$cat" > /dev/null 2>&1 || bad "build --format=sc $cat: status $?"
  agencies=$(find "$cat" -name agency.yaml | wc -l)
  feeds=$(find "$out/sc/" -name '*.xml' | wc -l)
  [ "$agencies" = "$feeds" ] && ok || bad "$cat: $feeds feeds for $agencies agencies"
  validate "$out"/sc/*.xml
  # The same bytes with -j 1.
  "$loket" build -q -j 1 --format=sc -o "$tmp/j1-$name" "$cat" > /dev/null 2>&1
  diff -r "$out/sc" "$tmp/j1-$name/sc" > /dev/null && ok || bad "$cat: -j 1 and -j 2 differ"
done
# What the feed says for known services (the mapping of the README).
feed=$tmp/export-catalogue/sc/gemeente-voorbeeldstad.xml
python3 - "$feed" <<'PY' && ok || bad "field mapping in $feed"
import sys, xml.etree.ElementTree as ET
ns = {"p": "http://standaarden.overheid.nl/product/terms/", "dc": "http://purl.org/dc/terms/",
      "o": "http://standaarden.overheid.nl/owms/terms/"}
root = ET.parse(sys.argv[1]).getroot()
products = {p.find("p:meta/p:scmeta/p:productID", ns).text: p for p in root.findall("p:scproduct", ns)}
p = products["paspoort-aanvragen"]
get = lambda path: p.find(path, ns)
assert get("p:meta/p:owmskern/dc:title").text == "Paspoort aanvragen"
assert get("p:meta/p:owmskern/dc:identifier").text == "html/gemeente-voorbeeldstad/paspoort-aanvragen.html"
assert get("p:meta/p:owmskern/o:authority").get("scheme") == "overheid:Gemeente"
assert get("p:meta/p:scmeta/p:onlineAanvragen").text == "digid"
assert get("p:meta/p:scmeta/p:aanvraagURL").get("resourceIdentifier") == "https://www.voorbeeldstad.nl/afspraak/paspoort"
assert get("p:meta/p:scmeta/p:uniformeProductnaam").text == "paspoort"
assert [a.text for a in p.findall("p:meta/p:owmsmantel/dc:audience", ns)] == ["particulier"]
assert get("p:body/p:productHTML").text.startswith("<p>Met een paspoort")
nee = [k for k, q in products.items() if q.find("p:meta/p:scmeta/p:onlineAanvragen", ns).text == "nee"]
assert nee and all(products[k].find("p:meta/p:scmeta/p:aanvraagURL", ns) is None for k in nee)
PY
# --base-url makes the identifier absolute.
"$loket" build -q --format=sc --base-url=https://loket.example.nl -o "$tmp/base" tests/sc/catalogue > /dev/null 2>&1
grep -q '<dcterms:identifier>https://loket.example.nl/html/stichting-proef/grofvuil-proef.html</dcterms:identifier>' \
  "$tmp/base/sc/stichting-proef.xml" && ok || bad "--base-url: no absolute identifier"

# Text XML 1.0 cannot hold (U+FFFE, U+FFFF: the YAML loader lets them through) becomes U+FFFD:
# the feed stays well-formed.
cp -r tests/sc/catalogue "$tmp/nonchar"
sed -i 's/^title: Bulky waste collection/title: "Bulky \\uFFFE waste \\uFFFF collection"/' "$tmp/nonchar/stichting-proef/grofvuil-proef.yaml"
"$loket" build -q --format=sc -o "$tmp/nonchar-out" "$tmp/nonchar" > /dev/null 2>&1
xmllint --noout "$tmp/nonchar-out/sc/stichting-proef.xml" > /dev/null 2>&1 &&
  grep -q $'<dcterms:title>Bulky \xef\xbf\xbd waste \xef\xbf\xbd collection</dcterms:title>' "$tmp/nonchar-out/sc/stichting-proef.xml" &&
  ok || bad "a title with U+FFFE and U+FFFF: the feed is not well-formed or lost the text"

# 2. Round trip: import every exported feed, fill what SC cannot carry, export again.
for name in catalogue sc; do
  src=$tmp/export-$name
  rt=$tmp/roundtrip-$name
  for feed in "$src"/sc/*.xml; do
    agency=$(basename "$feed" .xml)
    "$loket" import sc -q "$feed" -o "$rt/$agency" > "$tmp/import.out" 2>&1 || bad "import $feed: $(head -3 "$tmp/import.out")"
  done
  # Before filling: check reports only placeholders ("missing"), nothing else.
  "$loket" check --color=never "$rt" > "$tmp/check.out" 2>&1
  others=$(grep -E ': (error|warning): ' "$tmp/check.out" | grep -v "is missing: its value is empty \[SCH001\]")
  [ -z "$others" ] && ok || bad "import of $name: more than placeholders: $(head -2 <<< "$others")"
  python3 "$here/fill-placeholders.py" "$rt" || bad "fill $rt"
  "$loket" build -q --format=sc,json -o "$tmp/again-$name" "$rt" > "$tmp/build.out" 2>&1 ||
    bad "build of the imported $name: $(grep error "$tmp/build.out" | head -3)"
  diff -r "$src/sc" "$tmp/again-$name/sc" > "$tmp/diff.out" && ok || bad "$name: the feed changed: $(head -5 "$tmp/diff.out")"
  python3 "$here/compare-fields.py" "$src/json/catalogue.json" "$tmp/again-$name/json/catalogue.json" > "$tmp/cmp.out" &&
    ok || bad "$(cat "$tmp/cmp.out")"
done

# 2b. Edge cases (tests/sc/feeds): the imported files are exactly tests/sc/expected
# (REGEN=1 rewrites them: review the diff); then check finds only the placeholders.
for feed in "$here"/feeds/*.xml; do
  agency=$(basename "$feed" .xml)
  "$loket" import sc -q "$feed" -o "$tmp/golden/$agency" > "$tmp/import.out" 2>&1 || bad "import $feed: $(head -3 "$tmp/import.out")"
  if [ "${REGEN:-0}" = 1 ]; then rm -rf "$here/expected/$agency" && cp -r "$tmp/golden/$agency" "$here/expected/"; fi
  diff -ru "$here/expected/$agency" "$tmp/golden/$agency" > "$tmp/diff.out" && ok || bad "import of $feed differs: $(head -20 "$tmp/diff.out")"
  "$loket" check --color=never "$tmp/golden/$agency" > "$tmp/check.out" 2>&1
  others=$(grep -E ': (error|warning): ' "$tmp/check.out" | grep -v "is missing: its value is empty \[SCH001\]")
  [ -z "$others" ] && ok || bad "import of $feed: more than placeholders: $(head -2 <<< "$others")"
done

# 3. The real feeds: import, check (only the placeholders missing), export again, validate.
if [ -d "$samples" ]; then
  for feed in "$samples"/*.xml; do
    dir=$tmp/real/$(basename "$feed" .xml | tr 'A-Z_.' 'a-z--')/gemeente-buren
    "$loket" import sc "$feed" -o "$dir" > "$tmp/import.out" 2>&1 && ok || bad "import $feed: $(head -3 "$tmp/import.out")"
    "$loket" check --color=never "$dir" > "$tmp/check.out" 2>&1
    status=$?
    missing=$(grep -c "is missing: its value is empty \[SCH001\]" "$tmp/check.out")
    others=$(grep -E ': (error|warning): ' "$tmp/check.out" | grep -vc "is missing: its value is empty \[SCH001\]")
    # agency: website, contact; service: product, description, costs, channels.
    [ "$status" = 1 ] && [ "$missing" = 6 ] && [ "$others" = 0 ] && ok ||
      bad "$feed: check status $status, $missing placeholders, $others other problems"
    grep -q '^title: Test PDC item$' "$dir/test-pdc-item.yaml" && grep -q '^modified: "2018-04-16"$' "$dir/test-pdc-item.yaml" &&
      grep -q '^audience: \[citizen, business\]$' "$dir/test-pdc-item.yaml" && grep -q '^type: municipality$' "$dir/agency.yaml" &&
      grep -q '^uri: "http://standaarden.overheid.nl/owms/terms/Buren_(gemeente)"$' "$dir/agency.yaml" && ok ||
      bad "$feed: fields not imported as expected"
    python3 "$here/fill-placeholders.py" "$dir" || bad "fill $dir"
    "$loket" build -q --format=sc -o "$dir.out" "$dir" > /dev/null 2>&1 || bad "build of the imported $feed"
    validate "$dir.out"/sc/*.xml
  done
  # Existing files are not overwritten without --force; an existing agency.yaml is kept.
  dir=$tmp/force/gemeente-buren
  "$loket" import sc -q "$samples/frameless-readme-example.xml" -o "$dir" > /dev/null 2>&1
  echo "# edited" >> "$dir/test-pdc-item.yaml"
  echo "# edited" >> "$dir/agency.yaml"
  "$loket" import sc --color=never "$samples/frameless-readme-example.xml" -o "$dir" > "$tmp/out" 2>&1
  status=$?
  [ "$status" = 1 ] && grep -q 'test-pdc-item.yaml.* exists and is not overwritten \[IMP001\]' "$tmp/out" &&
    grep -q '^# edited' "$dir/test-pdc-item.yaml" && ok || bad "import over an existing file: status $status"
  "$loket" import sc -q --force "$samples/frameless-readme-example.xml" -o "$dir" > /dev/null 2>&1 &&
    ! grep -q '^# edited' "$dir/test-pdc-item.yaml" && grep -q '^# edited' "$dir/agency.yaml" && ok ||
    bad "import --force: not overwritten, or agency.yaml replaced"
else
  echo "SKIP: $samples is absent: the real SC feeds are not imported (needs ../shared/data/sc-samples)"
fi

# 4. Usage: a folder that is not an agency id, no -o, an unknown option: status 2.
for args in "sc feed.xml -o $tmp/Not_An_Id" "sc feed.xml" "sc feed.xml -o $tmp/abc --unknown" "xml feed.xml -o $tmp/abc"; do
  # shellcheck disable=SC2086
  "$loket" import $args > /dev/null 2>&1
  [ $? = 2 ] && ok || bad "import $args: not a usage error"
done
"$loket" import sc "$tmp/absent.xml" -o "$tmp/abc" > /dev/null 2>&1
[ $? = 3 ] && ok || bad "import of an absent file: not status 3"

echo "sc: $pass passed, $fail failed"
[ "$fail" = 0 ]
