#!/usr/bin/env bash
# run.sh: every hostile SC feed must be refused by loket import sc within 2 seconds, with exit
# status 1, an error of the expected code at the expected line:column, nothing on stderr, and no
# folder written. With strace (TRACE=1, the default when strace is installed) each import also
# runs traced: it must open no socket and no file but the feed and its own libraries.
# Usage: tests/hostile/xml/run.sh path/to/loket GENERATED-DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
loket=$(realpath "$1") && gen=$(mkdir -p "$2" && realpath "$2") || exit 2
[ -e "$gen/huge-body.xml" ] || "$here/make-inputs.sh" "$gen" || exit 2
trace=${TRACE:-1}
command -v strace > /dev/null || { [ "$trace" = 1 ] && echo "hostile xml: strace not installed: no check of opened files and sockets"; trace=0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while read -r file code at _; do
  case "$file" in ''|'#'*) continue ;; esac
  path=${file/#GEN/$gen}
  [[ $file == GEN/* ]] || path="$here/$file"
  out_dir="$tmp/out/agency-hostile"
  start=$(date +%s%N)
  out=$(timeout 10 "$loket" import sc --color=never "$path" -o "$out_dir" 2> "$tmp/err")
  status=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  why=""
  [ "$status" = 1 ] || why="exit status $status, not 1"
  grep -qE "^[^ ]+:$at: error: .*\[$code" <<< "$out" || why="$why; no $code error at $at"
  [ "$ms" -lt 2000 ] || why="$why; took $ms ms"
  [ -s "$tmp/err" ] && why="$why; stderr: $(head -c 300 "$tmp/err")"
  [ -e "$out_dir" ] && why="$why; wrote $out_dir"
  if [ "$trace" = 1 ]; then
    strace -f -qq -e trace=open,openat,creat,connect,socket -o "$tmp/trace" \
      "$loket" import sc --color=never "$path" -o "$out_dir" > /dev/null 2>&1
    bad=$(grep -E 'socket\(|connect\(' "$tmp/trace")
    [ -n "$bad" ] && why="$why; network: $(head -1 <<< "$bad")"
    opened=$(grep -E 'open(at)?\(|creat\(' "$tmp/trace" | grep -vF "\"$path\"" |
      grep -vE '\.so(\.[0-9a-z]+)*"|"/etc/ld\.so\.|"/proc/|"/usr/lib/locale|"/usr/share/locale|gconv')
    [ -n "$opened" ] && why="$why; opened: $(head -1 <<< "$opened")"
  fi
  [ -z "$why" ] && { pass=$((pass + 1)); continue; }
  fail=$((fail + 1))
  printf 'FAIL: %s: %s\n%s\n' "$file" "$why" "$(head -3 <<< "$out")"
done < "$here/expect"
echo "hostile xml: $pass passed, $fail failed"
[ "$fail" = 0 ]
