#!/usr/bin/env bash
# lib.sh: what the test scripts share, sourced as `. tests/lib.sh "$@"` from a script in
# tests/NAME/: $loket (absolute), $here (the script's folder), $root (the repository, the
# current folder), $tmp (a temporary folder removed at exit, also when a test made parts
# of it unreadable), SOURCE_DATE_EPOCH, and the counters pass/fail/skipped with ok, bad
# MESSAGE, skip MESSAGE and summary NAME (prints them; fails when a test failed).
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2> /dev/null; rm -rf "$tmp"' EXIT
cd "$root" || exit 2
pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }
summary() {
  echo "$1: $pass passed, $fail failed, $skipped skipped"
  [ "$fail" = 0 ]
}

# inject_errors DIR [K]: errors of every stage in every 23rd service of a generated catalogue
# (tests/bench/gen.c) in DIR, from the K-th file on (default 0): SCH004, SCH001, a YAML syntax
# error, a duplicate id.
inject_errors() {
  local d=$1 k=${2:-0} i f first files
  mapfile -t files < <(cd "$d" && find . -name '*.yaml' ! -name agency.yaml | LC_ALL=C sort)
  first=$(basename "${files[0]}" .yaml)
  for i in "${!files[@]}"; do
    f=$d/${files[i]#./}
    case $(((i + k) % 23)) in
      3) printf 'titel: x\n' >> "$f" ;;                     # SCH004
      9) sed -i 's/^summary:/samenvatting:/' "$f" ;;        # SCH001 + SCH004
      14) sed -i '0,/^id: /s/^id: .*/id: "[broken/' "$f" ;; # YAML syntax error
      19) sed -i "0,/^id: /s/^id: .*/id: $first/" "$f" ;;    # a duplicate id
    esac
  done
}
