#!/usr/bin/env bash
# run.sh: every schema `loket schema export --json` writes compiles in ajv's strict mode,
# the validator strict editors and tools use (ajv 8, draft 2020-12 through ajv/dist/2020,
# with ajv-formats; versions pinned in package.json and package-lock.json):
#   1. every kind of the standard (service, agency, output, output-service, common: one
#      per schemas/1.0/*.schema.yaml) compiles with strict: true;
#   2. the export is clean on its own: no x- keyword is left, and the x-hint of a field
#      is its description; a field named x-hint and data with an x-hint key stay as they are;
#   3. ajv agrees with loket on real data: json/catalogue.json and every per-service file
#      of a build of the sample catalogue are valid against the exported output schemas;
#   4. the check has teeth: strict mode refuses an x-hint keyword and a maxLength without
#      a type beside it.
# The npm packages are installed into tests/ajv/node_modules (npm ci) on the first run.
# Usage: tests/ajv/run.sh path/to/loket
#   AJV_REQUIRED=1  fail instead of skipping when Node.js or npm is missing or the
#                   packages cannot be installed (.ci/run sets it)
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000

unavailable() {
  if [ "${AJV_REQUIRED:-0}" = 1 ]; then
    echo "ajv: FAIL: $1 (AJV_REQUIRED=1)"
    exit 1
  fi
  echo "ajv: SKIP: $1; set AJV_REQUIRED=1 to make this a failure"
  exit 0
}
# Node.js and the pinned packages (package.json, package-lock.json), installed once with npm ci.
. "$here/../npm-pinned.sh"
npm_pinned "$here" unavailable

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# ---- 1. every kind compiles in strict mode ----
kinds=()
for f in schemas/1.0/*.schema.yaml; do
  k=${f##*/}
  kinds+=("${k%.schema.yaml}")
done
[ ${#kinds[@]} -ge 5 ] && ok || bad "only ${#kinds[@]} kinds in schemas/1.0/"
for k in "${kinds[@]}"; do
  if ! "$loket" schema export --json --kind="$k" > "$tmp/$k.json" 2> "$tmp/$k.err"; then
    bad "loket schema export --json --kind=$k failed"; head -3 "$tmp/$k.err"; continue
  fi
  if out=$(node "$here/strict.js" "$tmp/$k.json" 2>&1); then ok; else
    bad "kind $k does not compile in ajv's strict mode"; printf '%s\n' "$out" | head -5 | sed 's/^/  /'
  fi
done

# ---- 2. clean on its own ----
left=$(grep -h -o '"x-[a-z-]*":' "$tmp"/*.json | sort -u)
[ -z "$left" ] && ok || bad "x- keywords left in the export: $left"
# The x-hint follows the description after a blank line (every property has one: schema lint).
grep -q -F '"description": "The service'"'"'s title, 3 to 120 characters, such as '"'"'Paspoort aanvragen'"'"'.\n\nThe service'"'"'s title as plain text of 3 to 120 characters' "$tmp/service.json" \
  && ok || bad "the x-hint of title is not in its description in the export"

# The walk knows keywords from names and data: a field named x-hint (under properties) and
# data holding an x-hint key (const) are kept; an x- keyword of a field is left out.
cp -r schemas "$tmp/schemas"
sed -i 's/^properties:$/properties:\n  x-hint: {type: string, x-owner: standards team}\n  x-data: {const: {x-hint: data}}/' \
  "$tmp/schemas/1.0/service.schema.yaml"
if "$loket" schema export --json --schema-dir="$tmp/schemas" > "$tmp/named.json" 2> "$tmp/named.err" \
   && node -e '
     const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).properties;
     const ok = p["x-hint"] && p["x-hint"].type === "string" && !("x-owner" in p["x-hint"])
       && p["x-data"].const["x-hint"] === "data";
     process.exit(ok ? 0 : 1);' "$tmp/named.json" \
   && node "$here/strict.js" "$tmp/named.json" > "$tmp/named.out" 2>&1; then ok
else bad "a field named x-hint or data with an x-hint key was not exported as it is"; cat "$tmp/named.err" "$tmp/named.out" 2> /dev/null | head -5; fi

# ---- 3. ajv agrees with loket on the JSON output of the sample catalogue ----
"$loket" build -q --format=json -o "$tmp/site" catalogue > "$tmp/build.log" 2>&1
[ $? -le 1 ] || { bad "loket build failed"; tail -5 "$tmp/build.log"; }
mapfile -t per_service < <(find "$tmp/site/json/" -mindepth 2 -name '*.json' | LC_ALL=C sort)
[ ${#per_service[@]} -ge 40 ] && ok || bad "only ${#per_service[@]} per-service JSON files"
if out=$(node "$here/strict.js" "$tmp/output.json" "$tmp/site/json/catalogue.json" 2>&1); then ok
else bad "ajv: catalogue.json is not valid against the exported output schema"; printf '%s\n' "$out" | head -5; fi
if out=$(node "$here/strict.js" "$tmp/output-service.json" "${per_service[@]}" 2>&1); then ok
else bad "ajv: a per-service file is not valid against output-service"; printf '%s\n' "$out" | head -5; fi

# ---- 4. teeth ----
if out=$(node "$here/strict.js" --teeth "$tmp/service.json" 2>&1); then ok; else bad "$out"; fi

echo "ajv: $pass passed, $fail failed"
[ "$fail" = 0 ]
