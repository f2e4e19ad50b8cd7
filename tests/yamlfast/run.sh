#!/usr/bin/env bash
# run.sh: the YAML fast path against libyaml (make test-yaml-fast), with tests/yamlfast/diff.c
# built as BIN (build/yamlfast-diff): the sample catalogue and a generated one (tests/bench/gen.c,
# 200 services, seed 7) must be taken by the fast path as they are; the regression cases, the
# standard's schemas and the fuzzers' findings may be declined. All of them, and the inputs one
# mutation away from them, must give libyaml's tree or be declined. The first differences are
# saved in BIN's folder as yamlfast/diff-K.yaml; the generated catalogue stays in
# yamlfast-generated/ beside them (reproduce: BIN FILE).
#
#   tests/yamlfast/run.sh BIN
#
# YAMLFAST_NO_COVERAGE=1: do not require the fast path to take the descriptions and a fifth of
# the mutations (for a fast path still in the making). YAMLFAST_EVERY=N: one mutation in N.
set -u
bin=$(realpath "$1")
out=$(dirname "$bin")/yamlfast
gen=$(dirname "$bin")/yamlfast-generated
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${CC:-cc}" -std=c11 -O2 -o "$tmp/gen" tests/bench/gen.c || { echo "yamlfast: cannot build tests/bench/gen.c"; exit 2; }
rm -rf "$out" "$gen" && mkdir -p "$out" || exit 2
"$tmp/gen" "$gen" 200 7 > /dev/null || { echo "yamlfast: tests/bench/gen.c failed"; exit 2; }
mapfile -t must < <({ find catalogue "$gen" -name '*.yaml'; } | LC_ALL=C sort)
mapfile -t may < <({ find tests/regress schemas -name '*.yaml'; find tests/fuzz/crashes -type f; } | LC_ALL=C sort)
start=$(date +%s)
"$bin" --mutate --save "$out" --must-take "${must[@]}" --may-decline "${may[@]}"
status=$?
echo "yamlfast: $(($(date +%s) - start)) s"
[ "$status" = 0 ] && rmdir "$out" 2> /dev/null
exit "$status"
