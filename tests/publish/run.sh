#!/usr/bin/env bash
# run.sh: publishing as a transaction (README, "Publishing"), on a copy of the sample
# catalogue:
#   1. a build publishes one complete generation (tests/publish/verify.py: the manifest
#      names every file with its SHA-256, links resolve), the manifest follows
#      schemas/manifest.schema.yaml, a rebuild of unchanged input renders nothing, -j 1 = -j 2;
#   2. a broken agency.yaml: its pages stay, named as kept with their date, stale in the
#      JSON, exit 1; a broken service never published is absent; --strict: nothing changes;
#   3. a one-file build into the full output removes nothing; --replace makes it the site;
#      a removed source file removes its page; a damaged or tampered manifest: a full build;
#   4. the lock: --no-wait exits 3 at once, a second build waits and says so; two builds
#      at once, 10 times: never an incomplete output;
#   5. a kill -9 at 10 random moments of a build over a previous one: always one complete
#      generation published; the next build removes what the killed one left;
#   6. a full disk (a tmpfs 256 KiB larger than one build): exit 3, the published generation intact (skipped with
#      a message where mounting is not allowed);
#   7. incremental = clean: after each of a series of edits, additions, a rename, removals
#      and an agency change, the incremental build equals a clean build byte for byte;
#   8. a description saved while the build runs (between its check and its leaflet): named,
#      exit 3, the published generation unchanged; the next build publishes it.
# Usage: tests/publish/run.sh path/to/loket            Exit status 0 only if all pass.
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000
tmp=$(mktemp -d)
mnt=""
trap '[ -n "$mnt" ] && umount "$mnt" 2> /dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 2

pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }
expect() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
verify() { # verify WHAT OUT: one complete generation is published in OUT
  local msgs
  if msgs=$(python3 "$here/verify.py" "$2" 2>&1); then ok; else bad "$1: $msgs"; fi
}
# tree OUT: every published file with its checksum, and the generation (to compare).
tree() { (cd "$1" && readlink current && find -L html json leaflets sc -type f 2> /dev/null | LC_ALL=C sort | xargs md5sum); }
pages() { find -L "$1/html" -name '*.html' | wc -l; }
cp -R "$root/catalogue" cat
b() { "$loket" build -q --color=never "$@"; }

# ---- 1. one complete generation ----
b -o out cat > build1.log 2>&1
expect "first build" $? 0
verify "first build" out
if "$loket" schema validate --schema="$root/schemas/manifest.schema.yaml" out/current/.loket/manifest.json > /dev/null 2>&1; then ok; else
  bad "the manifest does not follow schemas/manifest.schema.yaml"; fi
all=$(pages out)
expect "html, json and leaflets are links through current" "$(readlink out/html) $(readlink out/json) $(readlink out/leaflets)" \
  "current/html current/json current/leaflets"
"$loket" build --color=never -o out cat > /dev/null 2> again.err
if grep -q "49 services of 4 agencies .*: 0 rendered, 49 unchanged" again.err; then ok; else bad "a rebuild rendered again: $(tail -1 again.err)"; fi
expect "generations kept" "$(ls out/.loket | tr '\n' ' ')" "gen-2 lock "
# --format adds to the published formats; with --replace it is the whole output.
b --format=html -o out cat > /dev/null 2>&1
expect "--format=html over all formats keeps them" "$(grep -A5 '^  "formats"' out/current/.loket/manifest.json | tr -d ' \n')" '"formats":["html","json","pdf","sc"],'
b --format=html,json -o j0 cat > /dev/null 2>&1
b --format=html --replace -o j0 cat > /dev/null 2>&1
expect "--format=html --replace" "$(ls j0 | tr '\n' ' ')" "current html "

b -j 1 --format=html,json -o j1 cat > /dev/null 2>&1
b -j 2 --format=html,json -o j2 cat > /dev/null 2>&1
expect "-j 1 and -j 2 differ" "$(diff -r j1/current/ j2/current/ 2>&1 | head -3)" ""

# ---- 2. last known good, --strict ----
cp cat/gemeente-voorbeeldstad/agency.yaml agency.good
echo "name: [not closed" >> cat/gemeente-voorbeeldstad/agency.yaml
b -o out cat > broken.out 2> broken.err
expect "a broken agency.yaml: exit status" $? 1
expect "a broken agency.yaml: pages" "$(pages out)" "$all"
[ -f out/html/gemeente-voorbeeldstad/paspoort-aanvragen.html ] && [ -f out/html/gemeente-voorbeeldstad/index.html ] &&
  [ -f out/leaflets/gemeente-voorbeeldstad.pdf ] && ok || bad "the broken agency's pages, index or booklet are gone"
if grep -q "gemeente-voorbeeldstad/paspoort-aanvragen.yaml: kept the version published on 2026-11-28" broken.err; then ok; else
  bad "the kept services are not named with their date"; head -3 broken.err; fi
expect "stale services in catalogue.json" "$(grep -c '"stale": "2026-11-28"' out/json/catalogue.json)" 18
expect "stale in the service's JSON" "$(grep -c '"stale"' out/json/gemeente-voorbeeldstad/paspoort-aanvragen.json)" 1
"$loket" schema validate --kind=output out/json/catalogue.json > /dev/null 2>&1 && ok || bad "catalogue.json with stale services does not follow the output schema"
verify "a broken agency.yaml" out
before=$(tree out)
b --strict -o out cat > /dev/null 2> strict.err
expect "--strict with errors: exit status" $? 1
expect "--strict with errors: the output changed" "$(tree out)" "$before"
grep -q -- "--strict" strict.err && ok || bad "--strict does not say that nothing was published"
cp agency.good cat/gemeente-voorbeeldstad/agency.yaml
# A broken service that was never published is absent.
sed 's/^id: .*/id: nieuw-kapot/; s/^title: .*/title: [kapot/' cat/gemeente-zuiderwaard/paspoort-aanvragen.yaml > cat/gemeente-zuiderwaard/nieuw-kapot.yaml
b -o out cat > /dev/null 2> never.err
expect "a new broken service: exit status" $? 1
[ ! -e out/html/gemeente-zuiderwaard/nieuw-kapot.html ] && ok || bad "a broken service that was never published was rendered"
grep -q "nieuw-kapot.yaml: not published" never.err && ok || bad "a never-published broken service is not named"
expect "stale services after the fix" "$(grep -c '"stale"' out/json/catalogue.json)" 0
rm cat/gemeente-zuiderwaard/nieuw-kapot.yaml

# ---- 3. subset builds, --replace, removal ----
b -o out cat > /dev/null 2>&1
before=$(tree out | sed 1d)
b -o out cat/gemeente-zuiderwaard/paspoort-aanvragen.yaml > one.log 2>&1
expect "a one-file build: exit status" $? 0
expect "a one-file build changed the rest of the portal" "$(tree out | sed 1d)" "$before"
verify "a one-file build" out
b -o out cat/dienst-wegverkeer > /dev/null 2>&1
expect "an agency-folder build changed the rest" "$(tree out | sed 1d)" "$before"
cp -R out out-replace
b --replace -o out-replace cat/gemeente-zuiderwaard/paspoort-aanvragen.yaml > /dev/null 2>&1
expect "--replace: the site is the one service" "$(cd out-replace/html && find . -name '*.html' -path './*/*' | LC_ALL=C sort | tr '\n' ' ')" \
  "./gemeente-zuiderwaard/index.html ./gemeente-zuiderwaard/paspoort-aanvragen.html "
verify "--replace" out-replace
mv cat/dienst-wegverkeer/kenteken-schorsen.yaml kenteken-schorsen.yaml
b -o out cat/dienst-wegverkeer > /dev/null 2>&1
[ ! -e out/html/dienst-wegverkeer/kenteken-schorsen.html ] && ! grep -q kenteken-schorsen out/html/a-z.html && ok ||
  bad "a removed source file left its page or list entry"
expect "pages after one removal" "$(pages out)" $((all - 1))
mv kenteken-schorsen.yaml cat/dienst-wegverkeer/
b -o out cat > /dev/null 2>&1

# A damaged manifest, or one whose paths leave the generation: a full build, said on stderr.
b -o tamper cat > /dev/null 2>&1
m=tamper/current/.loket/manifest.json
sed -i '0,/"path": "html\//s//"path": "html\/..\/..\/..\//' "$m"
b -o tamper cat > /dev/null 2> tamper.err
expect "a manifest with a path out of the generation: exit status" $? 0
grep -q "manifest .* cannot be read" tamper.err && ok || bad "a tampered manifest is not reported"
[ ! -e tamper/.loket/html ] && [ ! -e tamper/html/../../../index.html ] && ok || bad "a tampered manifest linked a file outside the generation"
verify "after a tampered manifest" tamper
head -c 100 tamper/current/.loket/manifest.json > m.tmp && cp m.tmp tamper/current/.loket/manifest.json
b -o tamper cat > /dev/null 2> damaged.err
expect "a damaged manifest: exit status" $? 0
grep -q "manifest .* cannot be read" damaged.err && ok || bad "a damaged manifest is not reported"
verify "after a damaged manifest" tamper

# Links planted in the output are never followed: .loket elsewhere, a generation elsewhere.
mkdir -p planted/out elsewhere
ln -s "$tmp/elsewhere" planted/out/.loket
b -o planted/out cat > /dev/null 2> planted.err
expect "a planted .loket link: exit status" $? 3
expect "a planted .loket link: written through it" "$(ls -A elsewhere)" ""
rm planted/out/.loket
b --format=html -o planted/out cat > /dev/null 2>&1
mv planted/out/.loket/gen-1 planted/gen-real
ln -s "$tmp/planted/gen-real" planted/out/.loket/gen-1
b --format=html -o planted/out cat > /dev/null 2>&1
expect "a planted generation link: exit status" $? 0
[ -d planted/gen-real/html ] && [ ! -L planted/out/.loket/gen-1 ] && ok || bad "a planted generation link was followed or kept"
verify "after a planted generation link" planted/out

# ---- 4. the lock ----
if command -v flock > /dev/null; then
  flock out/.loket/lock sleep 3 &
  holder=$!
  sleep 0.5
  start=$(date +%s%N)
  b --no-wait -o out cat > /dev/null 2> nowait.err
  rc=$?
  took=$((($(date +%s%N) - start) / 1000000))
  expect "--no-wait on a locked output: exit status" $rc 3
  [ $took -lt 2000 ] && ok || bad "--no-wait took $took ms"
  grep -q "no-wait" nowait.err && ok || bad "--no-wait does not say why it gave up"
  b -o out cat > /dev/null 2> wait.err
  expect "a build after waiting: exit status" $? 0
  grep -q "waiting for another build" wait.err && ok || bad "a waiting build does not say that it waits"
  wait $holder
else
  skip "the lock: flock(1) is not installed"
fi
bad_runs=""
for i in 1 2 3 4 5 6 7 8 9 10; do
  b --format=html,json --base-url=https://a.example -o out cat > /dev/null 2>&1 &
  p1=$!
  b --format=html,json --base-url=https://b.example -o out cat > /dev/null 2>&1 &
  p2=$!
  wait $p1; r1=$?
  wait $p2; r2=$?
  [ $r1 = 0 ] && [ $r2 = 0 ] || bad_runs="$bad_runs run $i: exit $r1 $r2;"
  python3 "$here/verify.py" out > /dev/null || bad_runs="$bad_runs run $i: incomplete;"
  [ "$(pages out)" = "$all" ] || bad_runs="$bad_runs run $i: $(pages out) pages;"
done
expect "two builds at once, 10 times" "$bad_runs" ""

# ---- 5. kill -9 at random moments ----
b -o out cat > /dev/null 2>&1
bad_runs=""
for i in 1 2 3 4 5 6 7 8 9 10; do
  "$loket" build -q --base-url="https://k$i.example" -o out cat > /dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 900 + 50))"
  kill -9 $pid 2> /dev/null
  wait $pid 2> /dev/null
  python3 "$here/verify.py" out > kill.log 2>&1 || bad_runs="$bad_runs kill $i: $(head -2 kill.log | tr '\n' ' ');"
  [ "$(pages out)" = "$all" ] || bad_runs="$bad_runs kill $i: $(pages out) pages;"
  base=$(grep -o '"base_url": [^,]*' out/current/.loket/manifest.json)
  case $base in *null* | *k[0-9]*.example*) ;; *) bad_runs="$bad_runs kill $i: base $base;" ;; esac
done
expect "a kill at 10 moments" "$bad_runs" ""
b -o out cat > /dev/null 2>&1
expect "the next build removes what killed builds left" "$(ls -A out | tr '\n' ' ')|$(ls out/.loket | wc -l)" ".loket current html json leaflets sc |2"
verify "after the kills" out

# ---- 6. a full disk ----
mkdir disk
b -o probe cat > /dev/null 2>&1
size=$(($(du -sk probe | cut -f1) + 256)) # the first build fits, a second one beside it does not
if mount -t tmpfs -o size=${size}k tmpfs disk 2> /dev/null; then
  mnt=$tmp/disk
  b -o disk/out cat > /dev/null 2>&1
  expect "a build that fits the small disk" $? 0
  before=$(tree disk/out)
  "$loket" build --color=never --base-url=https://full.example -o disk/out cat > full.out 2> full.err
  expect "a build on a full disk: exit status" $? 3
  grep -q "No space left on device" full.out full.err && ok || bad "a full disk is not named"
  expect "a full disk changed the published output" "$(tree disk/out)" "$before"
  expect "a full disk left a generation behind" "$(ls disk/out/.loket | tr '\n' ' ')" "gen-1 lock "
  umount disk && mnt=""
else
  skip "full disk: mounting a tmpfs is not allowed here (run as root)"
fi

# ---- 7. incremental = clean ----
rm -rf inc && cp -R "$root/catalogue" src
b --format=html,json -o inc src > /dev/null 2>&1
step() { # step NAME: build incrementally and clean, compare
  local rc_inc rc_clean
  b --format=html,json -o inc src > /dev/null 2>&1; rc_inc=$?
  rm -rf clean
  b --format=html,json -o clean src > /dev/null 2>&1; rc_clean=$?
  expect "$1: exit status" "$rc_inc" "$rc_clean"
  local d
  d=$(diff -r inc/html/ clean/html/ 2>&1; diff -r inc/json/ clean/json/ 2>&1)
  expect "$1: the incremental build differs from a clean one" "$(printf '%s' "$d" | head -3)" ""
  verify "$1" inc
}
sed -i 's/^title: .*/title: Paspoort aanvragen (gewijzigd)/' src/gemeente-voorbeeldstad/paspoort-aanvragen.yaml
step "an edited title"
sed 's/^id: .*/id: paspoort-spoed/; s/^title: .*/title: Paspoort met spoed/' src/gemeente-zuiderwaard/paspoort-aanvragen.yaml > src/gemeente-zuiderwaard/paspoort-spoed.yaml
step "an added service"
sed 's/^id: .*/id: kenteken-tijdelijk-schorsen/' src/dienst-wegverkeer/kenteken-schorsen.yaml > src/dienst-wegverkeer/kenteken-tijdelijk-schorsen.yaml
rm src/dienst-wegverkeer/kenteken-schorsen.yaml
step "a renamed service"
rm src/waterschap-groene-delta/watermelding-doen.yaml src/gemeente-voorbeeldstad/geboorteakte-opvragen.yaml
step "two removed services"
sed -i 's/^name: .*/name: Gemeente Zuiderwaard (nieuw)/' src/gemeente-zuiderwaard/agency.yaml
step "an agency renamed"
rm -rf src/waterschap-groene-delta
step "an agency removed"
n=$(grep -o '[0-9]* rendered' <(b -o inc --format=html,json src 2>&1; "$loket" build --color=never --format=html,json -o inc src 2>&1) | tail -1)
expect "nothing rendered when nothing changed" "$n" "0 rendered"

# ---- 8. a description changed while the build ran ----
# The streaming build reads a fresh description again for its leaflet and feed, and checks
# that the bytes are those it checked. A shim for open() appends a comment to the file named
# in CHANGE_FILE (as the build names it) the second time the build opens it, as an editor saving at that moment would.
cat > change.c << 'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int open(const char *p, int flags, ...)
{
	static int (*real)(const char *, int, ...);
	static int seen;
	if (!real)
		real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	mode_t m = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		m = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	const char *want = getenv("CHANGE_FILE");
	if (want && !(flags & O_CREAT) && !strcmp(p, want) && ++seen == 2) {
		int fd = real(p, O_WRONLY | O_APPEND);
		if (fd >= 0) {
			(void)!write(fd, "# saved by an editor\n", 21);
			close(fd);
		}
	}
	return real(p, flags, m);
}
EOF
if cc -shared -fPIC -o change.so change.c -ldl 2> /dev/null; then
  rm -rf chg chgout && cp -R "$root/catalogue" chg
  b -o chgout chg > /dev/null 2>&1
  before=$(tree chgout)
  sed -i 's/^title: .*/title: Paspoort aanvragen (nieuw)/' chg/gemeente-voorbeeldstad/paspoort-aanvragen.yaml
  # a sanitizer build wants its runtime first; the shim only wraps open()
  CHANGE_FILE=chg/gemeente-voorbeeldstad/paspoort-aanvragen.yaml LD_PRELOAD=$tmp/change.so \
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$loket" build --color=never -o chgout chg > chg.out 2> chg.err
  expect "a description changed while the build ran: exit status" $? 3
  grep -q "paspoort-aanvragen.yaml changed while the build ran" chg.out chg.err && ok ||
    bad "a description changed while the build ran is not named: $(head -3 chg.err)"
  expect "a description changed while the build ran changed the published output" "$(tree chgout)" "$before"
  b -o chgout chg > /dev/null 2>&1
  expect "the next build publishes the saved description" $? 0
  grep -q "Paspoort aanvragen (nieuw)" chgout/html/gemeente-voorbeeldstad/paspoort-aanvragen.html && ok ||
    bad "the next build did not publish the saved description"
  verify "after a description changed while the build ran" chgout
else
  skip "a description changed while the build ran: cannot build the open() shim"
fi

echo "publish: $pass passed, $fail failed, $skipped skipped"
[ $fail = 0 ]
