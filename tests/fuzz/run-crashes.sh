#!/usr/bin/env bash
# run-crashes.sh: every input a fuzzer once crashed on (tests/fuzz/crashes/) goes through the
# whole pipeline again: check, report and build of a catalogue holding it must end with exit
# status 0 or 1, without a sanitizer report.
# Usage: tests/fuzz/run-crashes.sh path/to/loket
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for input in "$here"/crashes/*; do
  [ -f "$input" ] || continue
  rm -rf "$tmp/cat" "$tmp/out"
  mkdir -p "$tmp/cat/gemeente-fuzz"
  printf 'standard: "1.0"\nid: gemeente-fuzz\nname: Gemeente Fuzz\ntype: municipality\nlanguage: nl\nwebsite: https://www.fuzz.example\ncontact: {phone: "14 020"}\n' > "$tmp/cat/gemeente-fuzz/agency.yaml"
  cp "$input" "$tmp/cat/gemeente-fuzz/fuzz.yaml"
  why=""
  for cmd in "check" "report --format=html" "build -o $tmp/out"; do
    # shellcheck disable=SC2086
    timeout 60 "$loket" $cmd "$tmp/cat" > "$tmp/stdout" 2> "$tmp/stderr"
    status=$?
    [ "$status" -le 1 ] || why="$why; $cmd: exit status $status"
    if grep -qE "runtime error|AddressSanitizer|LeakSanitizer" "$tmp/stderr"; then why="$why; $cmd: sanitizer report"; fi
  done
  if [ -z "$why" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $(basename "$input")$why"; fi
done
echo "fuzz crashes: $pass passed, $fail failed"
[ "$fail" = 0 ]
