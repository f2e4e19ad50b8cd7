#!/usr/bin/env bash
# run.sh: every hostile input must end within 2 seconds, with exit status 1, a
# positioned error of the expected code, nothing on stderr, and no crash.
# Usage: tests/hostile/run.sh path/to/loket GENERATED-DIR
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
gen=$2
mkdir -p "$gen"
gen=$(realpath "$gen")
[ -e "$gen/symlink/outside.yaml" ] && [ -e "$gen/unknown-fields-30000.yaml" ] || "$here/make-inputs.sh" "$gen" || exit 2
pass=0 fail=0
while read -r file code schema; do
  case "$file" in ''|'#'*) continue ;; esac
  path=${file/#GEN/$gen}
  [[ $file == GEN/* ]] || path="$here/$file"
  start=$(date +%s%N)
  if [ -n "$schema" ]; then  # a hostile schema: validate the file against it
    out=$(timeout 10 "$loket" schema validate --schema="$here/$schema" "$path" 2>/tmp/loket-hostile-err.$$)
  else
    out=$(timeout 10 "$loket" check --color=never "$path" 2>/tmp/loket-hostile-err.$$)
  fi
  status=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  err=$(cat /tmp/loket-hostile-err.$$)
  why=""
  [ "$status" = 1 ] || why="exit status $status, not 1"
  # Positioned as file:line:col; a problem of a whole path (SYS) as path: error.
  grep -qE "^[^ ]+(:[0-9]+:[0-9]+)?: error: .*\[$code" <<< "$out" || why="$why; no $code error"
  [ "$ms" -lt 2000 ] || why="$why; took $ms ms"
  [ -z "$err" ] || why="$why; stderr: $(head -c 300 <<< "$err")"
  if [ -z "$why" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $file: $why"
    head -5 <<< "$out"
  fi
done < "$here/expect"
rm -f /tmp/loket-hostile-err.$$
echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
