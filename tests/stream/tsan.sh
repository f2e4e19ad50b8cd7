#!/usr/bin/env bash
# tsan.sh: the streaming check's threads under ThreadSanitizer: a generated catalogue of 600
# services (tests/bench/gen.c) and the sample, checked with -j 4 in the formats that stream
# (text) and that spool (sarif, junit), also with -o FILE; any report of ThreadSanitizer fails,
# and the output must equal the same loket's with -j 1.
# Usage: tests/stream/tsan.sh path/to/loket-built-with-tsan     (make test-tsan builds it)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh" "$@"
cc -std=c11 -O2 -o "$tmp/gen" "$root/tests/bench/gen.c" || { echo "tsan: cannot build gen"; exit 1; }
"$tmp/gen" "$tmp/gen600" 600 7 > /dev/null
cp -r "$root/catalogue" "$tmp/sample"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
for cat in gen600 sample; do
  for fmt in text sarif junit; do
    for out in "" "-o $tmp/report"; do
      # shellcheck disable=SC2086 # out is one option and its file, or nothing
      (cd "$tmp" && "$loket" check --color=never --format=$fmt -j 4 $out "$cat" > "$tmp/j4" 2> "$tmp/err"; echo "status $?" >> "$tmp/j4")
      [ -n "$out" ] && cat "$tmp/report" >> "$tmp/j4"
      # shellcheck disable=SC2086
      (cd "$tmp" && "$loket" check --color=never --format=$fmt -j 1 $out "$cat" > "$tmp/j1" 2> /dev/null; echo "status $?" >> "$tmp/j1")
      [ -n "$out" ] && cat "$tmp/report" >> "$tmp/j1"
      if grep -q "ThreadSanitizer" "$tmp/err"; then
        bad "$cat $fmt ${out:+-o}: ThreadSanitizer reports"; head -30 "$tmp/err"
      elif ! cmp -s "$tmp/j1" "$tmp/j4"; then
        bad "$cat $fmt ${out:+-o}: -j 4 differs from -j 1"
      else
        ok
      fi
    done
  done
done
summary tsan
