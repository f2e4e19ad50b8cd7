#!/usr/bin/env bash
# mutants.sh: error recovery must never crash: every line of two rich, valid services is
# deleted, or its value replaced by a list, a mapping, a number or an empty text, one at
# a time (about 450 broken files). Each must give exit status 1 or 0, nothing on standard
# error and no "(null)" in a message. Run under the sanitizers by `make test`, so a rule
# that reads a part cut out of a partly valid file is found here.
# Usage: tests/regress/mutants.sh path/to/loket
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1795824000
mkdir -p "$tmp/gemeente-regressie"
cp "$here/gemeente-regressie/agency.yaml" "$tmp/gemeente-regressie/"
n=0 fail=0
for src in "$here/gemeente-regressie/valid-service.yaml" \
           "$here/rules/gemeente-regels/acceptance-paspoort-justified.yaml"; do
  lines=$(wc -l < "$src")
  for i in $(seq 2 "$lines"); do
    for mode in del list map num empty; do
      case $mode in
        del) sed "${i}d" "$src" ;;
        list) sed -E "${i}s/: .+\$/: []/" "$src" ;;
        map) sed -E "${i}s/: .+\$/: {x: 1}/" "$src" ;;
        num) sed -E "${i}s/: .+\$/: 5/" "$src" ;;
        empty) sed -E "${i}s/: .+\$/: ''/" "$src" ;;
      esac > "$tmp/gemeente-regressie/m.yaml"
      n=$((n + 1))
      "$loket" check --color=never "$tmp/gemeente-regressie/m.yaml" > "$tmp/out" 2> "$tmp/err"
      rc=$?
      if [ "$rc" -gt 1 ] || [ -s "$tmp/err" ] || grep -q '(null)' "$tmp/out"; then
        fail=$((fail + 1))
        echo "FAIL: $(basename "$src") line $i, $mode: exit status $rc"
        head -5 "$tmp/err"
      fi
    done
  done
done
echo "mutants: $((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
