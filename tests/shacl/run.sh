#!/usr/bin/env bash
# run.sh: loket's linked data against the official CPSV-AP 3.2 SHACL shapes. Builds the
# sample catalogue (catalogue/) and the render regression catalogue (tests/render/catalogue/)
# as JSON, each with and without --base-url, then validate.mjs reads
# each json/catalogue.jsonld with a JSON-LD processor (jsonld.js) and requires: no triple
# dropped (counted, and jsonld.js's safe mode), zero SHACL results with rdf-validate-shacl
# and ../shared/data/cpsv-ap/cpsv-ap-SHACL.ttl, CPSV-AP 3.2 terms only, absolute IRIs,
# language-tagged texts, and every service of catalogue.json with its titles in every
# language and its channels, costs and evidence. A deliberately broken copy must fail.
# The npm packages (pinned in package.json and package-lock.json) are installed into
# tests/shacl/node_modules with `npm ci` on the first run.
#
# Usage: tests/shacl/run.sh path/to/loket
# Skipped (exit 0, with a message) only when ../shared/data/cpsv-ap is absent; without
# Node.js 18+ and npm, or when the packages cannot be installed, it fails.
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000
cpsv=$root/../shared/data/cpsv-ap

if [ ! -f "$cpsv/cpsv-ap-SHACL.ttl" ] || [ ! -f "$cpsv/cpsv-ap.ttl" ]; then
  echo "shacl: SKIP: ../shared/data/cpsv-ap (the CPSV-AP 3.2 shapes) is absent"
  exit 0
fi
fail() {
  echo "shacl: FAIL: $1"
  exit 1
}
# The pinned packages, installed once (again when package.json asks for other versions).
. "$here/../npm-pinned.sh"
npm_pinned "$here" fail

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
mkdir -p "$tmp/plain" "$tmp/base"
loket_build_catalogues "$loket" "$tmp/plain" json || exit 1
loket_build_catalogues "$loket" "$tmp/base" json --base-url=https://portaal.proefstad.example || exit 1

pass=0 failed=0
if node "$here/validate.mjs" "$cpsv/cpsv-ap-SHACL.ttl" "$cpsv/cpsv-ap.ttl" \
  "$tmp/plain/sample/json" "$tmp/plain/render/json" "$tmp/base/sample/json" "$tmp/base/render/json"; then
  pass=$((pass + 1))
else
  failed=$((failed + 1))
  echo "FAIL: the linked data does not conform (above)"
fi

# The test must be able to fail: the linked data as before this test existed (a channel
# type as a plain string, a relative id, no identifier on a cost) must be refused.
mkdir -p "$tmp/broken/json"
cp "$tmp/plain/render/json/catalogue.json" "$tmp/broken/json/"
node -e '
  const fs = require("fs"), [src, dst] = process.argv.slice(1);
  const d = JSON.parse(fs.readFileSync(src, "utf8"));
  const s = d["@graph"].find((n) => n["@type"] === "cpsv:PublicService" && n["cv:hasCost"].length);
  s["cv:hasChannel"][0]["dct:type"] = "online";
  delete s["cv:hasCost"][0]["dct:identifier"];
  d["@graph"].find((n) => n["@type"] === "cv:PublicOrganisation")["@id"] = "agency/relative";
  fs.writeFileSync(dst, JSON.stringify(d));' "$tmp/plain/render/json/catalogue.jsonld" "$tmp/broken/json/catalogue.jsonld"
out=$(node "$here/validate.mjs" "$cpsv/cpsv-ap-SHACL.ttl" "$cpsv/cpsv-ap.ttl" "$tmp/broken/json" 2>&1)
if [ $? = 1 ] && grep -q 'dropped' <<< "$out" && grep -q 'identifier Less than 1' <<< "$out" &&
  grep -q 'terms/type' <<< "$out"; then
  pass=$((pass + 1))
else
  failed=$((failed + 1))
  echo "FAIL: a broken copy of the linked data was not refused for each of its faults"
  printf '%s\n' "$out" | head -20 | sed 's/^/  /'
fi
echo "shacl: $pass passed, $failed failed"
[ "$failed" = 0 ]
