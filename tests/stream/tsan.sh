#!/usr/bin/env bash
# tsan.sh: the streaming check's threads under ThreadSanitizer: a generated catalogue of 600
# services (tests/bench/gen.c) and the sample, checked with -j 4 in the formats that stream
# (text) and that spool (sarif, junit), also with -o FILE; and the streaming build's (html,
# json: the render threads), a first build and a rebuild that reuses every file, with an edit
# in between, and a build whose writes fail on several threads at once. Any report of ThreadSanitizer fails, and the output (the report, the published
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
    edit=$(find "$tmp/$cat" -name '*.yaml' ! -name agency.yaml | LC_ALL=C sort | head -1)
    [ "$round" = edited ] && sed -i 's/^title: \(.*\)$/title: \1 (gewijzigd)/' "$edit"
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
# Writes failing on several render threads at once (an open() that says the disk is full for
# the snapshots and for half of the services' JSON): every thread reports to one queue.
cat > "$tmp/full.c" << 'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
static int full(const char *p)
{
	size_t n = strlen(p);
	if (!strstr(p, "/.loket/gen-"))
		return 0;
	if (strstr(p, "/.loket/src/"))
		return 1;
	return n > 6 && !strcmp(p + n - 5, ".json") && strstr(p, "/json/") && ((p[n - 6] - '0') & 1);
}
int open(const char *p, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	mode_t m = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		m = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	if ((flags & O_CREAT) && full(p)) {
		usleep(2000);
		errno = ENOSPC;
		return -1;
	}
	return real(p, flags, m);
}
EOF
if cc -shared -fPIC -o "$tmp/full.so" "$tmp/full.c" -ldl 2> /dev/null; then
  for round in 1 2; do
    (cd "$tmp" && LD_PRELOAD="$tmp/full.so" "$loket" build --color=never --format=html,json -j 4 -o "full-$round" gen600 \
      > /dev/null 2> "$tmp/err"; echo $? > "$tmp/rc")
    if grep -q "ThreadSanitizer" "$tmp/err"; then
      bad "build with failing writes ($round): ThreadSanitizer reports"; grep -A12 "WARNING: ThreadSanitizer" "$tmp/err" | head -30
    elif [ "$(cat "$tmp/rc")" != 3 ]; then
      bad "build with failing writes ($round): exit status $(cat "$tmp/rc"), want 3"
    else
      ok
    fi
  done
else
  skip "build with failing writes: cannot build the open() shim"
fi
summary tsan
