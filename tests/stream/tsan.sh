#!/usr/bin/env bash
# tsan.sh: the streaming check's threads under ThreadSanitizer: a generated catalogue of 600
# services (tests/bench/gen.c) and the sample, checked with -j 4 in the formats that stream
# (text) and that spool (sarif, junit), also with -o FILE; and the streaming build's (html,
# json: the render threads), a first build and a rebuild that reuses every file, with an edit
# in between. Any report of ThreadSanitizer fails, and the output (the report, the published
# files, the manifest) must equal the same loket's with -j 1.
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
# The streaming build: -j 4 against -j 1, into fresh folders, then again over them.
export SOURCE_DATE_EPOCH=1795824000
published() { (cd "$1" && readlink current && find -L html json current/.loket -type f | LC_ALL=C sort | xargs md5sum); }
for cat in gen600 sample; do
  for round in first edited; do
    [ "$round" = edited ] && sed -i 's/^title: \(.*\)$/title: \1 (gewijzigd)/' "$tmp/$cat"/*/"$(ls "$tmp/$cat"/*/ | grep -v agency | head -1)" 2> /dev/null
    for j in 4 1; do
      (cd "$tmp" && "$loket" build --color=never --format=html,json -j $j -o "out-$cat-$j" "$cat" > "$tmp/b$j" 2> "$tmp/err$j"
        echo "status $?" >> "$tmp/b$j")
      sed "s/out-$cat-$j/OUT/" "$tmp/err$j" | grep -v ThreadSanitizer >> "$tmp/b$j"
      published "$tmp/out-$cat-$j" >> "$tmp/b$j"
    done
    if grep -q "ThreadSanitizer" "$tmp/err4"; then
      bad "build $cat ($round): ThreadSanitizer reports"; head -30 "$tmp/err4"
    elif ! cmp -s "$tmp/b1" "$tmp/b4"; then
      bad "build $cat ($round): -j 4 differs from -j 1"; diff "$tmp/b1" "$tmp/b4" | head -5
    else
      ok
    fi
  done
done
summary tsan
