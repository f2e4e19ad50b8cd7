#!/usr/bin/env bash
# run.sh: loket's SARIF is valid SARIF 2.1.0, and the CI formats keep the promises that a
# golden file (tests/regress/formats/) cannot show.
#   1. `loket check --format=sarif` (and build and report with --diagnostics=sarif) on the
#      sample catalogue, the regression cases and a catalogue with a symbolic link and a
#      missing path validates against sarif-2.1.0.schema.yaml (the SARIF 2.1.0 schema,
#      transcribed) with loket's own validator: `loket schema validate`;
#   2. the schema has teeth: mutated logs (a wrong level, columnKind or version, line 0, an
#      unknown property, a message without text, a ruleIndex below -1) are refused;
#   3. Microsoft's SARIF Multitool validates the same logs, with GitHub's ingestion rules,
#      when it can run (npx, and the npm registry or its cache); otherwise SKIP.
#      LOKET_SARIF_MULTITOOL=0 skips it, =1 fails when it cannot run;
#   4. --output FILE: the file holds the report, stdout the summary line, same exit status;
#   5. fingerprints (gitlab, sarif): unchanged by an edit above the problem, unique in a report;
#   6. paths: absolute paths under the working directory become relative, others file:// URIs;
#      odd file names (: , % & < and invalid UTF-8) are escaped in every format; JUnit is
#      well-formed XML (xmllint, when present) and GitLab's report is a JSON array;
#   7. the five folders of tests/regress/formats/ hold the same catalogue;
#   8. JUnit is valid against the schema of Jenkins' xUnit plugin
#      (../shared/data/ci-formats/junit-10.xsd, xmllint --schema): the sample catalogue,
#      with -W, the odd catalogue and the golden cases; a test case with a file attribute
#      (what the schema refuses) is refused. SKIP only when ../shared is absent;
#   9. SARIF links to the documentation: informationUri on the driver, a helpUri on every
#      rule (#rules for rule codes, #diagnostic-codes for the others).
# Usage: tests/sarif/run.sh path/to/loket        Exit status 0 only if all pass.
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
schema=$here/sarif-2.1.0.schema.yaml
export SOURCE_DATE_EPOCH=1795824000
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "kept: $tmp" || trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2

pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }

# valid FILE...: every file follows the SARIF schema
valid() {
  local out
  if out=$("$loket" schema validate --schema="$schema" "$@" 2>&1); then ok; else
    bad "not valid SARIF: $*"
    printf '%s\n' "$out" | head -20 | sed 's/^/  /'
  fi
}

# ---- a catalogue with what the regression folders cannot hold: a symbolic link,
# a file name with : , % & < and a byte that is not UTF-8 ----
odd=$tmp/odd
mkdir -p "$odd/gemeente-formaten"
cp tests/regress/formats/sarif/gemeente-formaten/{agency,fouten,ankers}.yaml "$odd/gemeente-formaten/"
cp tests/regress/formats/sarif/gemeente-formaten/fouten.yaml "$odd/gemeente-formaten/a,b:c%d&e<f.yaml"
cp tests/regress/formats/sarif/gemeente-formaten/fouten.yaml "$odd/gemeente-formaten/$(printf 'bad\377name.yaml')"
ln -s ../gemeente-formaten/fouten.yaml "$odd/gemeente-formaten/link.yaml"

# ---- 1. valid SARIF ----
logs=()
sarif() { # sarif NAME ARGS...: loket check --format=sarif ARGS > $tmp/NAME.sarif
  local name=$1
  shift
  "$loket" check --format=sarif "$@" > "$tmp/$name.sarif" 2> "$tmp/$name.err"
  logs+=("$tmp/$name.sarif")
}
sarif catalogue catalogue
sarif werror -W catalogue
sarif formats tests/regress/formats/sarif
sarif regress tests/regress/gemeente-regressie
sarif catalogues tests/regress/catalogues
sarif odd "$odd" "$tmp/does-not-exist"
"$loket" build --diagnostics=sarif -o "$tmp/site" catalogue > "$tmp/build.sarif" 2> /dev/null
"$loket" report --format=json -o "$tmp/report.json" --diagnostics=sarif catalogue > "$tmp/report.sarif" 2> /dev/null
logs+=("$tmp/build.sarif" "$tmp/report.sarif")
valid "${logs[@]}"
# the symbolic link and the missing path have no place: notifications, not results
if grep -q '"toolExecutionNotifications"' "$tmp/odd.sarif" && grep -q '"executionSuccessful": false' "$tmp/odd.sarif" \
   && ! grep -q 'does-not-exist",$' "$tmp/odd.sarif"; then ok; else bad "odd.sarif: no notifications for SYS001/SYS002"; fi
if grep -q '"columnKind": "unicodeCodePoints"' "$tmp/formats.sarif" && grep -q '"startColumn": 18' "$tmp/formats.sarif"; then ok
else bad "formats.sarif: columns are not counted in code points"; fi

# ---- 2. the schema refuses what SARIF refuses ----
mutate() { # mutate NAME SED-SCRIPT: a log changed by SED-SCRIPT must be refused
  sed "$2" "$tmp/formats.sarif" > "$tmp/m-$1.sarif"
  if cmp -s "$tmp/formats.sarif" "$tmp/m-$1.sarif"; then bad "mutation $1 changed nothing"; return; fi
  if "$loket" schema validate --schema="$schema" "$tmp/m-$1.sarif" > "$tmp/m-$1.out" 2>&1; then
    bad "mutation $1 was accepted"
  else ok; fi
}
mutate level '0,/"level": "warning",/s//"level": "fatal",/'
mutate rule-level '0,/"level": "error"$/s//"level": "fatal"/'
mutate column-kind 's/"columnKind": "unicodeCodePoints"/"columnKind": "bytes"/'
mutate version 's/"version": "2.1.0"/"version": "2.2.0"/'
mutate line-zero '0,/"startLine": [0-9]*/s//"startLine": 0/'
mutate unknown-property '0,/"ruleId"/s//"ruleID"/'
mutate no-text "0,/\"text\": \"anchor '/s//\"markdown\": \"anchor '/"
mutate rule-index '0,/"ruleIndex": [0-9]*/s//"ruleIndex": -2/'
mutate no-driver-name '0,/"name": "loket",/s///'

# ---- 3. Microsoft's SARIF Multitool ----
mt=${LOKET_SARIF_MULTITOOL:-auto}
if [ "$mt" = 0 ]; then
  skip "SARIF Multitool (LOKET_SARIF_MULTITOOL=0)"
elif ! command -v npx > /dev/null; then
  if [ "$mt" = 1 ]; then bad "SARIF Multitool: npx not found"; else skip "SARIF Multitool: npx not found"; fi
else
  # npx runs the tool through a shell: the ; of the rule kinds needs its own quotes.
  # Gh: GitHub's ingestion rules (every result a location with a line, rules with
  # descriptions and help); Sarif: the SARIF rules of good practice.
  (cd "$tmp" && timeout 900 npx --yes @microsoft/sarif-multitool validate --rule-kind '"Gh;Sarif"' \
    "${logs[@]##*/}") > "$tmp/multitool.out" 2>&1
  if ! grep -q '^Done\. [0-9]* files scanned' "$tmp/multitool.out"; then
    if [ "$mt" = 1 ]; then bad "SARIF Multitool did not run"; else skip "SARIF Multitool did not run (no registry?)"; fi
    tail -5 "$tmp/multitool.out" | sed 's/^/  /'
  else
    problems=$(grep -E ': (error|warning) [A-Z]+[0-9]+: ' "$tmp/multitool.out")
    if [ -z "$problems" ]; then ok; else bad "SARIF Multitool:"; printf '%s\n' "$problems" | head -20 | sed 's/^/  /'; fi
  fi
fi

# ---- 4. --output FILE ----
summary=$("$loket" check -q --color=never catalogue 2>&1)
for f in text json sarif github junit gitlab; do
  "$loket" check --format=$f catalogue > "$tmp/stdout.$f" 2>&1
  want=$?
  "$loket" check --color=never --format=$f --output "$tmp/out.$f" catalogue > "$tmp/summary.$f" 2>&1
  got=$?
  if [ $got = $want ] && cmp -s "$tmp/stdout.$f" "$tmp/out.$f" && [ "$(cat "$tmp/summary.$f")" = "$summary" ]
  then ok; else bad "--format=$f --output: exit $got (want $want), or the file or the summary differ"; fi
done
"$loket" check --format=sarif --output "$tmp/no/such/dir/x.sarif" catalogue > /dev/null 2>&1
[ $? = 3 ] && ok || bad "--output into a missing folder does not exit with 3"

# ---- 5. fingerprints ----
fp() { grep -o '"fingerprint": "[0-9a-f]*"' "$1" | sort; }
mkdir -p "$tmp/fp/gemeente-formaten"
cp tests/regress/formats/gitlab/gemeente-formaten/{agency,fouten,ankers}.yaml "$tmp/fp/gemeente-formaten/"
(cd "$tmp" && "$loket" check --format=gitlab fp > before.json)
sed -i '1i # an unrelated edit above every problem' "$tmp"/fp/gemeente-formaten/{fouten,ankers}.yaml
(cd "$tmp" && "$loket" check --format=gitlab fp > after.json)
if [ -n "$(fp "$tmp/before.json")" ] && [ "$(fp "$tmp/before.json")" = "$(fp "$tmp/after.json")" ] \
   && ! cmp -s "$tmp/before.json" "$tmp/after.json"; then ok; else bad "fingerprints moved with the lines"; fi
for f in before.json formats.sarif catalogue.sarif; do
  dups=$(grep -o -E '"(fingerprint|loket/v1)": "[0-9a-f]*"' "$tmp/$f" | sort | uniq -d)
  [ -z "$dups" ] && ok || bad "$f: fingerprints not unique: $dups"
done
# the two identical anchors of ankers.yaml have two fingerprints
[ "$(grep -c '"check_name": "YML003"' "$tmp/before.json")" = 2 ] && ok || bad "ankers.yaml: not two YML003"

# ---- 6. paths and escaping ----
(cd "$tmp" && "$loket" check --format=github "$tmp/odd" > odd.github 2>&1)
if grep -q '^::error file=odd/gemeente-formaten/a%2Cb%3Ac%25d&e<f.yaml,line=' "$tmp/odd.github"; then ok
else bad "github: an absolute path is not relative, or : , % are not escaped"; fi
grep -q '^::error title=SYS002::' "$tmp/odd.github" && ok || bad "github: the symbolic link has no annotation"
if grep -q '"uri": "file:///.*gemeente-formaten/a%2Cb%3Ac%25d%26e%3Cf.yaml"' "$tmp/odd.sarif" \
   && grep -q '"uri": "file:///.*gemeente-formaten/bad%FFname.yaml"' "$tmp/odd.sarif"; then ok
else bad "sarif: a path outside the working directory is not an escaped file:// URI"; fi
(cd "$tmp/odd" && "$loket" check --format=sarif gemeente-formaten > ../odd-rel.sarif 2>/dev/null)
grep -q '"uri": "gemeente-formaten/a%2Cb%3Ac%25d%26e%3Cf.yaml",' "$tmp/odd-rel.sarif" && ok || bad "sarif: relative uri not escaped"
for f in junit gitlab json; do
  "$loket" check --format=$f "$odd" "$tmp/does-not-exist" > "$tmp/odd.$f" 2>&1
done
if command -v xmllint > /dev/null; then
  for f in "$tmp/odd.junit" "$tmp/out.junit"; do
    xmllint --noout "$f" 2> "$tmp/xmllint.err" && ok || { bad "not well-formed XML: $f"; head -5 "$tmp/xmllint.err"; }
  done
else
  skip "xmllint not found: JUnit XML not parsed"
fi
grep -q 'name="bad�name.yaml"' "$tmp/odd.junit" && ok || bad "junit: invalid UTF-8 is not replaced by U+FFFD"
grep -q 'name="a,b:c%d&amp;e&lt;f.yaml"' "$tmp/odd.junit" && ok || bad "junit: & < not escaped in attributes"
head -c 1 "$tmp/odd.gitlab" | grep -q '\[' && tail -c 2 "$tmp/odd.gitlab" | grep -q ']' && ok || bad "gitlab: not a JSON array"
grep -q '"path": ".",' "$tmp/odd.gitlab" && ok || bad "gitlab: a problem without a file has no path"

# ---- 7. the copies in tests/regress/formats are one catalogue ----
for c in github junit junit-werror gitlab; do
  diff -r tests/regress/formats/sarif "tests/regress/formats/$c" > /dev/null && ok || bad "tests/regress/formats/$c differs from sarif/"
done

# ---- 8. JUnit against junit-10.xsd (Jenkins xUnit) ----
xsd=$root/../shared/data/ci-formats/junit-10.xsd
if [ ! -f "$xsd" ]; then
  skip "JUnit schema: ../shared/data/ci-formats/junit-10.xsd is absent"
elif ! command -v xmllint > /dev/null; then
  bad "JUnit schema: xmllint not found (Debian: libxml2-utils)"
else
  "$loket" check --format=junit -W catalogue > "$tmp/werror.junit" 2> /dev/null
  (cd tests/regress && "$loket" check --format=junit formats/junit > "$tmp/formats.junit" 2> /dev/null)
  for f in "$tmp/out.junit" "$tmp/werror.junit" "$tmp/odd.junit" "$tmp/formats.junit"; do
    if xmllint --noout --nonet --schema "$xsd" "$f" > /dev/null 2> "$tmp/xsd.err"; then ok; else
      bad "not valid against junit-10.xsd: ${f##*/}"; head -5 "$tmp/xsd.err" | sed 's/^/  /'
    fi
  done
  # the check has teeth: a file attribute on a test case is what Jenkins refused
  sed '0,/<testcase name="/s//<testcase file="x.yaml" name="/' "$tmp/formats.junit" > "$tmp/m-file.junit"
  if ! cmp -s "$tmp/formats.junit" "$tmp/m-file.junit" \
     && ! xmllint --noout --nonet --schema "$xsd" "$tmp/m-file.junit" > /dev/null 2>&1; then ok
  else bad "junit-10.xsd accepts a test case with a file attribute"; fi
  # file and line where the schema allows them: the suite's file, the failure's message
  grep -q '<testsuite name="formats/junit/gemeente-formaten/fouten.yaml" .* file="formats/junit/gemeente-formaten/fouten.yaml">' \
    "$tmp/formats.junit" && ok || bad "junit: no file attribute on the test suite of a file"
  grep -q '<failure type="YML009" message="formats/junit/gemeente-formaten/richtlijn.yaml:2:1: error: ' \
    "$tmp/formats.junit" && ok || bad "junit: the failure's message does not start with file:line:col"
fi

# ---- 9. SARIF links to the documentation ----
python3 - "$tmp/catalogue.sarif" "$tmp/odd.sarif" > "$tmp/links.out" 2>&1 <<'EOF'
import json, sys
for f in sys.argv[1:]:
    run = json.load(open(f))["runs"][0]
    driver = run["tool"]["driver"]
    base = driver.get("informationUri", "")
    if not base.startswith("https://"):
        print("%s: informationUri %r" % (f, base))
    if not driver["rules"]:
        print("%s: no rules" % f)
    for r in driver["rules"]:
        want = base + ("#rules" if r["id"][:3] in ("DIG", "SDG", "VOC", "LNK", "PLN") or r["id"] in ("CON001", "CON003") else "#diagnostic-codes")
        if r.get("helpUri") != want:
            print("%s: %s: helpUri %r, not %r" % (f, r["id"], r.get("helpUri"), want))
EOF
[ -s "$tmp/links.out" ] && { bad "SARIF informationUri/helpUri"; head -5 "$tmp/links.out" | sed 's/^/  /'; } || ok

echo "sarif: $pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
