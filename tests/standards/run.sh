#!/usr/bin/env bash
# run.sh: the standards team's tools through the command line (issue 15):
#   1. loket schema lint: the built-in standard passes; tests/standards/lint/bad has one
#      mistake of every kind, each found with its line and code;
#   2. loket schema diff: schema pairs in tests/standards/pairs/ (breaking and compatible
#      changes of every kind), each change found with its rule; exit status; JSON and
#      Markdown; side by side with npm json-schema-diff (tests/standards/json-schema-diff.sh);
#   3. deprecated: true gives SCH015 where a description uses the field;
#   4. loket.yaml: found walking up, --config, unknown keys, command line wins.
# Usage: tests/standards/run.sh path/to/loket        Exit status 0 only if all pass.
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect DESCRIPTION WANTED-STATUS COMMAND...: runs it (stdout and stderr to $tmp/out)
expect() {
  local what=$1 want=$2 got
  shift 2
  "$@" > "$tmp/out" 2>&1
  got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit status $got, not $want"; sed 's/^/  /' "$tmp/out" | head -10; fi
}
# has DESCRIPTION TEXT: $tmp/out contains TEXT (a fixed string)
has() { if grep -qF -- "$2" "$tmp/out"; then ok; else bad "$1: no '$2'"; sed 's/^/  /' "$tmp/out" | head -20; fi; }
hasnt() { if grep -qF -- "$2" "$tmp/out"; then bad "$1: '$2'"; grep -F -- "$2" "$tmp/out" | head -5; else ok; fi; }

# ---- 1. schema lint ----
expect "lint of the built-in standard" 0 "$loket" schema lint
has "lint of the built-in standard" "0 errors, 0 warnings in 5 files"
expect "lint of a copy of schemas/" 0 "$loket" schema lint --schema-dir=schemas
L=tests/standards/lint/bad/1.0/service.schema.yaml
expect "lint of a bad standard" 1 "$loket" schema lint --schema-dir=tests/standards/lint/bad
has "catastrophic pattern" "$L:15:14: error: pattern '^(a+)+\$' hits the matching limit"
has "duplicate enum value" "$L:20:22: error: the value 'one' appears twice in this list [LNT003]"
has "no Dutch description" "$L:21:3: error: property '/properties/size' has no Dutch description [LNT001]"
has "invalid example" "$L:25:19: error: this example does not follow its schema"
has "no description" "$L:26:3: error: property '/properties/note' has no description [LNT001]"
has "typo in a keyword" "$L:28:16: error: schema keyword 'maxLenght' is not supported by loket [SCM001]"
has "did you mean" "hint: Did you mean 'maxLength'?"
has "unknown code in x-rules" "$L:19:23: error: x-rules names 'XYZ999', which is not a code loket knows [LNT006]"
has "unused definition" "$L:34:3: warning: the definition '/\$defs/unused' is not used by any \$ref [LNT004]"
has "unresolved ref" "$L:32:11: error: cannot resolve \$ref 'https://loket.example/standard/1.0/common#/\$defs/nowhere' [SCM003]"
has "the count" "8 errors, 1 warning in 1 file"
expect "lint as JSON" 1 "$loket" schema lint --schema-dir=tests/standards/lint/bad --format=json
has "lint as JSON" '"code": "LNT002"'
expect "lint: unknown option" 2 "$loket" schema lint --frobnicate

# ---- 2. schema diff: one pair per kind of change (pairs/NAME/expect: "rule breaking|compatible") ----
for pair in tests/standards/pairs/*/; do
  pair=${pair%/}
  read -r rule kind < "$pair/expect"
  want=0; [ "$kind" = breaking ] && want=1
  expect "diff $(basename "$pair")" "$want" "$loket" schema diff "$pair/old" "$pair/new" --format=json
  has "diff $(basename "$pair") finds $rule" "\"rule\": \"$rule\""
  has "diff $(basename "$pair") says $kind" "\"breaking\": $([ "$kind" = breaking ] && echo true || echo false)"
  expect "diff $(basename "$pair") --allow-breaking" 0 "$loket" schema diff "$pair/old" "$pair/new" --allow-breaking
  expect "diff $(basename "$pair") with itself" 0 "$loket" schema diff "$pair/old" "$pair/old"
  has "diff $(basename "$pair") with itself" "0 breaking, 0 compatible changes"
done
P=tests/standards/pairs/required-added
expect "diff as text" 1 "$loket" schema diff $P/old $P/new
has "diff as text" "$P/new/1.0/service.schema.yaml:6:22: error: service#: 'count' becomes required [DIF001]"
has "diff as text: the rule" "hint: rule required-added: descriptions without it become invalid."
has "diff as text: the summary" "1 breaking, 0 compatible changes from $P/old to $P/new"
expect "diff as Markdown" 1 "$loket" schema diff $P/old $P/new --format=markdown
has "diff as Markdown" "- service#: 'count' becomes required (\`required-added\`)"
has "diff as Markdown" "### Compatible (0)"
expect "diff of the built-in standard with schemas/" 0 "$loket" schema diff 1.0 schemas
expect "diff: unknown version" 2 "$loket" schema diff 9.9 schemas
expect "diff: one argument" 2 "$loket" schema diff schemas

# json-schema-diff (npm, pinned in tests/standards/package.json + package-lock.json) on the same
# pairs, exported as JSON: where it finds a breaking change, loket finds one too; where it finds a
# compatible one, loket finds a change and calls none of them breaking. (json-schema-diff does
# not look at enum, const, pattern, format or uniqueItems: loket finds more.)
unavailable() {
  if [ "${JSD_REQUIRED:-0}" = 1 ]; then bad "json-schema-diff: $1"; else echo "standards: json-schema-diff skipped: $1"; fi
}
# shellcheck source=../npm-pinned.sh
. tests/npm-pinned.sh
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  unavailable "Node.js or npm is not installed (make deps-a11y)"
elif npm_pinned "$PWD/tests/standards" unavailable; then
  jsd=tests/standards/node_modules/.bin/json-schema-diff
  seen=0
  for pair in tests/standards/pairs/*/; do
    pair=${pair%/}
    for side in old new; do
      "$loket" schema export --json --kind=service --schema-dir="$pair/$side" > "$tmp/$side.json" &&
        node tests/standards/to-draft7.js "$tmp/$side.json" "$tmp/$side.7.json" || bad "export of $pair/$side"
    done
    "$jsd" "$tmp/old.7.json" "$tmp/new.7.json" > "$tmp/jsd" 2>&1
    "$loket" schema diff "$pair/old" "$pair/new" > "$tmp/loket" 2>&1
    lrc=$?
    if grep -q '^Breaking changes found' "$tmp/jsd"; then
      seen=$((seen + 1))
      [ "$lrc" = 1 ] && ok || bad "$pair: json-schema-diff finds a breaking change, loket does not"
    elif grep -q '^Non-breaking changes found' "$tmp/jsd"; then
      seen=$((seen + 1))
      [ "$lrc" = 0 ] && ! grep -q '^0 breaking, 0 compatible' "$tmp/loket" && ok ||
        bad "$pair: json-schema-diff finds a compatible change, loket finds $(tail -1 "$tmp/loket")"
    elif ! grep -q '^No differences found' "$tmp/jsd"; then
      bad "$pair: json-schema-diff failed: $(head -2 "$tmp/jsd")"
    fi
  done
  [ "$seen" -ge 12 ] && ok || bad "json-schema-diff found changes in only $seen pairs"
fi

# ---- 3. deprecated: true (with x-removed-in) in a copy of the standard: SCH015 where used ----
cp -r schemas "$tmp/dep"
sed -i 's/^  redress:$/  redress:\n    deprecated: true\n    x-removed-in: "2.0"/; s/^      appointment:$/      appointment:\n        deprecated: true/' \
  "$tmp/dep/1.0/service.schema.yaml"
expect "deprecated fields: warnings only" 0 "$loket" check --schema-dir="$tmp/dep" catalogue/dienst-wegverkeer
has "deprecated with its version" "catalogue/dienst-wegverkeer/apk-keuring-bezwaar.yaml:45:1: warning: 'redress' is deprecated and goes away in version 2.0 of the standard [SCH015]"
has "deprecated without a version" "individuele-goedkeuring-voertuig.yaml:72:5: warning: 'channels[1].appointment' is deprecated [SCH015]"
expect "deprecated fields with --werror" 1 "$loket" check -W --schema-dir="$tmp/dep" catalogue/dienst-wegverkeer
expect "no deprecation in the built-in standard" 0 "$loket" check catalogue/dienst-wegverkeer
hasnt "no deprecation in the built-in standard" "SCH015"
expect "lint accepts deprecated" 0 "$loket" schema lint --schema-dir="$tmp/dep"
expect "diff: deprecated is compatible" 0 "$loket" schema diff 1.0 "$tmp/dep"
has "diff: deprecated is compatible" "service#/properties/redress: 'redress' is deprecated [DIF002]"
sed -i 's/^    deprecated: true$/    deprecated: "yes"/' "$tmp/dep/1.0/service.schema.yaml"
expect "deprecated must be true or false" 1 "$loket" schema lint --schema-dir="$tmp/dep"
has "deprecated must be true or false" "schema keyword 'deprecated': must be true or false [SCM002]"

# ---- 6. schema doc: every field of the schema, every code, in Markdown and HTML ----
expect "schema doc" 0 "$loket" schema doc
cp "$tmp/out" "$tmp/ref.md"
for kind in service agency; do
  # every property name of the schema files is a field of the reference
  # (the names under $defs, at two spaces, are definitions, not fields)
  for name in $(awk '/^\$defs:/ { d = 1; next } d && /^  [a-z_]+:/ { next } /^ *[a-z_]+:( \{.*)?$/ { sub(/^ */, ""); sub(/:.*/, ""); print }' \
      "schemas/1.0/$kind.schema.yaml" | sort -u); do
    case $name in required|type|items|properties|description|additionalProperties|allOf|oneOf|anyOf|if|then|else) continue ;; esac
    grep -qE '^### `(.*\.)?'"$name"'`$' "$tmp/ref.md" && ok || bad "schema doc lacks the field $name ($kind)"
  done
done
for code in $("$loket" explain --list | awk '{print $1}' | grep -E '^[A-Z]{3}[0-9]{3}$'); do
  grep -q "^| $code | " "$tmp/ref.md" && ok || bad "schema doc lacks the code $code"
done
has "a field with its rules" "- Codes: SCH001, SCH002, SCH007, DIG001, DIG002, DIG005, DIG006"
has "Dutch descriptions" "*Nederlands:* De manieren om de dienst te gebruiken"
has "85 service fields" "## Service description, standard 1.0 (<service>.yaml): 85 fields"
expect "schema doc as HTML" 0 "$loket" schema doc --format=html -o "$tmp/ref.html"
if command -v xmllint > /dev/null; then
  xmllint --html --noout "$tmp/ref.html" 2> "$tmp/x" && [ ! -s "$tmp/x" ] && ok || { bad "schema doc HTML does not parse"; head -5 "$tmp/x"; }
fi
grep -q '<div class="field" id="service-channels\[\].opening_hours\[\].days">' "$tmp/ref.html" && ok || bad "schema doc HTML lacks a field"
expect "schema doc: unknown format" 2 "$loket" schema doc --format=pdf

# schema doc, diff and lint of hostile standards end within 2 s: a definition that contains itself,
# and definitions that multiply (3^12 paths), cut at 5000 fields (DOC001)
R=tests/standards/recursive
expect "doc of a recursive standard" 0 timeout 2 "$loket" schema doc --schema-dir=$R
has "doc of a recursive standard" "- Recursive: yes: it holds the fields listed above again"
expect "diff of a recursive standard" 0 timeout 2 "$loket" schema diff $R $R
expect "lint of a recursive standard" 0 timeout 2 "$loket" schema lint --schema-dir=$R
mkdir -p "$tmp/dag/1.0"
{
  printf '$schema: https://json-schema.org/draft/2020-12/schema\n$id: https://loket.example/standard/1.0/service\n'
  printf 'type: object\nproperties:\n  standard: {const: "1.0"}\n  top: {$ref: "#/$defs/d0"}\n$defs:\n'
  for i in $(seq 0 11); do
    printf '  d%d:\n    type: object\n    properties:\n' "$i"
    for p in a b c; do printf '      %s: {$ref: "#/$defs/d%d"}\n' "$p" $((i + 1)); done
  done
  printf '  d12: {type: string}\n'
} > "$tmp/dag/1.0/service.schema.yaml"
expect "doc of multiplying definitions" 0 timeout 2 "$loket" schema doc --schema-dir="$tmp/dag"
has "doc of multiplying definitions" "warning: the reference stops at 5000 fields [DOC001]"
expect "diff of multiplying definitions" 0 timeout 2 "$loket" schema diff "$tmp/dag" "$tmp/dag"

# ---- 5. schema impact: a draft that makes redress and legal_basis required, on the sample catalogue ----
cp -r schemas "$tmp/draft"
sed -i 's/^required: \[standard, id, product, title, summary, description, audience, costs, channels, modified\]$/&/; s/channels, modified\]$/channels, modified, redress, legal_basis]/' \
  "$tmp/draft/1.0/service.schema.yaml"
expect "impact of a breaking draft" 1 "$loket" schema impact --schema-dir="$tmp/draft" catalogue
sed "s|$tmp/draft|DRAFT|" "$tmp/out" > "$tmp/impact.txt"
if diff -u tests/standards/impact.golden.txt "$tmp/impact.txt" > "$tmp/d"; then ok; else bad "impact differs from tests/standards/impact.golden.txt"; head -30 "$tmp/d"; fi
[ "${REGEN:-0}" = 1 ] && cp "$tmp/impact.txt" tests/standards/impact.golden.txt
expect "impact as JSON" 1 "$loket" schema impact --schema-dir="$tmp/draft" --format=json catalogue/waterschap-groene-delta
has "impact as JSON" '"would_stop_being_valid": 2'
has "impact as JSON: the first new error" '"message": "required field '"'"'legal_basis'"'"' is missing"'
has "impact as JSON: levels after" '"invalid": 2'
expect "impact of the standard on itself" 0 "$loket" schema impact --schema-dir=schemas catalogue
has "impact of the standard on itself" "on 53 descriptions: 0 would stop being valid"
expect "impact: -j 1 and -j 4 agree" 1 "$loket" schema impact -j 1 --schema-dir="$tmp/draft" catalogue
cp "$tmp/out" "$tmp/j1"
expect "impact: -j 4" 1 "$loket" schema impact -j 4 --schema-dir="$tmp/draft" catalogue
cmp -s "$tmp/out" "$tmp/j1" && ok || bad "impact differs between -j 1 and -j 4"
expect "impact without a draft" 2 "$loket" schema impact catalogue

# ---- 7. migrate: the sample catalogue from 1.0 to a 1.1 made by tests/standards/migrate/make-1.1.sh ----
cp -r schemas "$tmp/std" && tests/standards/migrate/make-1.1.sh "$tmp/std"
expect "the 1.1 test standard passes lint" 0 "$loket" schema lint --schema-dir="$tmp/std"
expect "diff of two versions in one folder" 1 "$loket" schema diff --schema-dir="$tmp/std" 1.0 1.1 --format=json
for r in property-removed property-added required-added enum-value-removed enum-value-added const-changed; do
  has "diff 1.0 1.1: $r" "\"rule\": \"$r\""
done
has "diff 1.0 1.1: the value none" "the value 'none' is no longer allowed"
"$loket" migrate --to=1.1 --schema-dir="$tmp/std" --dry-run catalogue > "$tmp/mig.diff" 2> "$tmp/mig.err"
[ $? = 0 ] && ok || { bad "migrate --dry-run: exit status"; head -5 "$tmp/mig.err"; }
grep -qF "would migrate 53 descriptions from 1.0 to 1.1 (195 edits)" "$tmp/mig.err" && ok || bad "migrate --dry-run: $(cat "$tmp/mig.err")"
[ "${REGEN:-0}" = 1 ] && cp "$tmp/mig.diff" tests/standards/migrate.golden.diff
if diff -u tests/standards/migrate.golden.diff "$tmp/mig.diff" > "$tmp/d"; then ok; else bad "the dry-run diff differs from tests/standards/migrate.golden.diff"; head -20 "$tmp/d"; fi
git -C "$root" diff --quiet -- catalogue && ok || bad "--dry-run changed the catalogue"
mkdir "$tmp/migrated" "$tmp/patched"
cp -r catalogue "$tmp/migrated/" && cp -r catalogue "$tmp/patched/"
cd "$tmp/migrated" && expect "migrate" 0 "$loket" migrate --to=1.1 --schema-dir="$tmp/std" catalogue; cd "$root" || exit 2
has "migrate" "migrated 53 descriptions from 1.0 to 1.1 (195 edits)"
expect "the migrated catalogue is valid 1.1" 0 "$loket" check -q --schema-dir="$tmp/std" --config=none "$tmp/migrated/catalogue"
has "the migrated catalogue is valid 1.1" "0 errors"
[ "$(grep -l '^standard: "1.1"$' "$tmp"/migrated/catalogue/*/*.yaml | wc -l)" = 53 ] && ok || bad "not every file says standard 1.1"
for f in catalogue/*/*.yaml; do # comments and the lines around the edits are kept
  [ "$(grep -c '^ *#' "$f")" = "$(grep -c '^ *#' "$tmp/migrated/$f")" ] || bad "migrate lost a comment of $f"
done
ok
if command -v git > /dev/null; then # the dry-run diff, applied as a patch, gives the same files
  (cd "$tmp/patched" && git apply -p0 "$tmp/mig.diff") && ok || bad "git apply of the dry-run diff failed"
  diff -r "$tmp/migrated/catalogue" "$tmp/patched/catalogue" > /dev/null && ok || bad "the dry-run diff differs from the migration"
fi
cd "$tmp/migrated" && expect "migrate twice: nothing left" 0 "$loket" migrate --to=1.1 --schema-dir="$tmp/std" catalogue; cd "$root" || exit 2
has "migrate twice: nothing left" "migrated 0 descriptions"
cp catalogue/gemeente-voorbeeldstad/paspoort-aanvragen.yaml "$tmp/patched/clash.yaml"
printf 'legislation: []\n' >> "$tmp/patched/clash.yaml"
expect "a rename onto a field that exists" 1 "$loket" migrate --to=1.1 --schema-dir="$tmp/std" --dry-run "$tmp/patched/clash.yaml"
has "a rename onto a field that exists" "warning: 'legal_basis' cannot be renamed to 'legislation': that field is there already [MIG002]"
sed 's/$/\r/' catalogue/gemeente-voorbeeldstad/paspoort-aanvragen.yaml > "$tmp/patched/crlf.yaml"
expect "migrate a file with CR LF line ends" 0 "$loket" migrate --to=1.1 --schema-dir="$tmp/std" "$tmp/patched/crlf.yaml"
[ "$(grep -c $'\r$' "$tmp/patched/crlf.yaml")" = "$(wc -l < "$tmp/patched/crlf.yaml")" ] && ok || bad "migrate mixed line ends"
tail -1 "$tmp/patched/crlf.yaml" | grep -q $'^publication: public\r$' && ok || bad "the default line lacks its CR LF"
printf 'from: "1.0"\nchanges:\n  - rename: {path: x}\n' > "$tmp/std/1.1/migration.yaml"
expect "a broken migration file" 1 "$loket" migrate --to=1.1 --schema-dir="$tmp/std" --dry-run catalogue
has "a broken migration file" "$tmp/std/1.1/migration.yaml:3:5: error: migration file: each change is one of rename"
expect "migrate to a version without a migration" 2 "$loket" migrate --to=1.0 --schema-dir="$tmp/std" --dry-run catalogue
expect "migrate without --to" 2 "$loket" migrate catalogue

# ---- 8. new fields reach every output: a copy of the standard with two fields the model does not
# know, one placed in the costs section (x-section, x-label), one in none; a description using both ----
cp -r schemas "$tmp/new"
sed -i 's/^  modified:$/  reduction:\n    description: "Who pays less."\n    x-description-nl: "Wie minder betaalt."\n    x-section: costs\n    x-label: {nl: Korting, en: Reduction}\n    type: string\n  parking_zones:\n    description: "Where the permit is valid."\n    x-description-nl: "Waar de vergunning geldt."\n    x-label: {nl: Parkeerzones, en: Parking zones}\n    type: array\n    items: {type: string}\n  modified:/' \
  "$tmp/new/1.0/service.schema.yaml"
mkdir "$tmp/newcat" && cp -r catalogue/gemeente-zuiderwaard "$tmp/newcat/"
S=$tmp/newcat/gemeente-zuiderwaard/parkeervergunning-aanvragen.yaml
printf 'reduction: Met een ooievaarspas betaalt u de helft.\nparking_zones: [Centrum, Haven]\n' >> "$S"
expect "new fields: check" 0 "$loket" check -q --schema-dir="$tmp/new" "$tmp/newcat"
expect "new fields: the built-in standard refuses them" 1 "$loket" check -q "$tmp/newcat"
expect "new fields: build" 0 "$loket" build -q --schema-dir="$tmp/new" -o "$tmp/newout" "$tmp/newcat"
J=$tmp/newout/json/gemeente-zuiderwaard/parkeervergunning-aanvragen.json
node_ok=0; command -v node > /dev/null && node_ok=1
if [ $node_ok = 1 ]; then
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const f = s.fields;
    if (s.standard !== "1.0") throw "standard " + s.standard;
    if (f.reduction.value !== "Met een ooievaarspas betaalt u de helft." || f.reduction.section !== "costs" ||
        f.reduction.label_nl !== "Korting" || f.reduction.label_en !== "Reduction") throw "reduction";
    if (JSON.stringify(f.parking_zones.value) !== "[\"Centrum\",\"Haven\"]" || f.parking_zones.section !== null) throw "zones";
  ' "$J" && ok || bad "new fields are not in the JSON output as written"
fi
expect "new fields: the JSON output follows the output schema" 0 "$loket" schema validate --kind=output-service --schema-dir="$tmp/new" "$J"
H=$tmp/newout/html/gemeente-zuiderwaard/parkeervergunning-aanvragen.html
grep -q '<h2 id="costs">.*<h3>Korting</h3><p>Met een ooievaarspas betaalt u de helft.</p><h2 id="how-long">' "$H" && ok ||
  bad "the HTML page lacks the field in its section (costs)"
grep -q '<h2 id="more-information">Meer informatie</h2><h3>Parkeerzones</h3><ul><li>Centrum</li><li>Haven</li></ul>' "$H" && ok ||
  bad "the HTML page lacks the field without a section"
if command -v pdftotext > /dev/null; then
  pdftotext "$tmp/newout/leaflets/gemeente-zuiderwaard/parkeervergunning-aanvragen.pdf" "$tmp/leaflet.txt"
  for w in Korting "Met een ooievaarspas betaalt u de helft." Parkeerzones "• Centrum" "• Haven" "Meer informatie"; do
    grep -qF -- "$w" "$tmp/leaflet.txt" && ok || bad "the leaflet lacks '$w'"
  done
fi
grep -q '"fields": {}' "$tmp/newout/json/gemeente-zuiderwaard/grofvuil-laten-ophalen.json" && ok || bad "a service without new fields has fields: {}"

# ---- 4. loket.yaml: the project file, found walking up; --config; the command line wins ----
proj=$tmp/project
mkdir -p "$proj/sub/deeper" "$proj/policy"
cp -r catalogue/waterschap-groene-delta "$proj/sub/waterschap-groene-delta"
cat > "$proj/policy/strict.yaml" <<'YAML'
rules:
  DIG005: error
YAML
cat > "$proj/loket.yaml" <<'YAML'
# The project file of an agency's repository (tests/standards/run.sh).
policy: policy/strict.yaml
standard: "1.0"
diagnostics: text
jobs: 2
YAML
cd "$proj/sub/deeper" && expect "loket.yaml found two folders up" 1 "$loket" check ../waterschap-groene-delta; cd "$root" || exit 2
has "the policy of loket.yaml applies" "error: digital-only"
cd "$proj/sub/deeper" && expect "--config=none: no project file" 0 "$loket" check --config=none ../waterschap-groene-delta; cd "$root" || exit 2
hasnt "--config=none: no project file" "error: digital-only"
printf 'rules:\n  DIG005: warning\n' > "$proj/policy/mild.yaml"
cd "$proj/sub" && expect "the command line wins" 0 "$loket" check --policy="$proj/policy/mild.yaml" waterschap-groene-delta; cd "$root" || exit 2
cd / && expect "--config=FILE" 1 "$loket" check --config="$proj/loket.yaml" "$proj/sub/waterschap-groene-delta"; cd "$root" || exit 2
has "--config=FILE" "error: digital-only"
printf 'policy: policy/strict.yaml\nwerorr: true\n' > "$proj/loket.yaml"
cd "$proj/sub" && expect "unknown key" 2 "$loket" check waterschap-groene-delta; cd "$root" || exit 2
has "unknown key with its line" "$proj/loket.yaml:2:1: error: unknown key 'werorr' in the project file [CFG001]"
has "unknown key: did you mean" "hint: Did you mean 'werror'?"
printf 'jobs: many\n' > "$proj/loket.yaml"
cd "$proj/sub" && expect "wrong value" 2 "$loket" check waterschap-groene-delta; cd "$root" || exit 2
has "wrong value with its line" "$proj/loket.yaml:1:7: error: 'jobs' in the project file must be a number of threads from 1 to 256 [CFG001]"
printf 'standard: "9.9"\n' > "$proj/loket.yaml"
cd "$proj/sub" && expect "a version loket does not know" 2 "$loket" check waterschap-groene-delta; cd "$root" || exit 2
has "a version loket does not know" "the project file pins the standard '9.9', which this loket does not know (it knows: 1.0)"
printf 'werror: true\nschema-dir: standard\n' > "$proj/loket.yaml"
cp -r schemas "$proj/standard"
cd "$proj/sub" && expect "werror and schema-dir from loket.yaml" 1 "$loket" check waterschap-groene-delta; cd "$root" || exit 2
has "werror from loket.yaml" "error: digital-only"
cd "$proj/sub" && expect "schema lint reads schema-dir from loket.yaml" 0 "$loket" schema lint; cd "$root" || exit 2
sed -i '0,/x-description-nl/{/x-description-nl/d}' "$proj/standard/1.0/agency.schema.yaml"
cd "$proj/sub" && expect "schema lint of the pinned standard" 1 "$loket" schema lint; cd "$root" || exit 2
has "schema lint of the pinned standard" "$proj/standard/1.0/agency.schema.yaml:9:3: error: property '/properties/standard' has no Dutch description [LNT001]"
printf 'diagnostics: github\n' > "$proj/loket.yaml"
cd "$proj/sub" && expect "diagnostics from loket.yaml: check" 0 "$loket" check waterschap-groene-delta; cd "$root" || exit 2
has "diagnostics from loket.yaml: check" "::warning file=waterschap-groene-delta/watermelding-doen.yaml,line=41"
cd "$proj/sub" && expect "--format wins over loket.yaml" 0 "$loket" check --format=text waterschap-groene-delta; cd "$root" || exit 2
has "--format wins over loket.yaml" "waterschap-groene-delta/watermelding-doen.yaml:41:3: warning: digital-only"
printf 'policy: [a, b]\n' > "$proj/loket.yaml"
cd "$proj/sub" && expect "a list where a path is expected" 2 "$loket" check waterschap-groene-delta; cd "$root" || exit 2

echo "standards: $pass passed, $fail failed"
[ "$fail" = 0 ]
