#!/usr/bin/env bash
# stream.sh: the streaming build against the whole pipeline (issue 18, item 2). `loket build`
# with only html and json runs on the streaming check; LOKET_BUILD_WHOLE=1 takes the whole
# pipeline (tests/publish/run.sh). Both must give the same bytes. The same sequence of builds
# (always --format=html,json) runs on two output folders, one per path, and after every step
# they are compared: exit status, stdout, stderr (the output folder's name replaced), the
# published tree (current, html and json with every file's checksum, following the links),
# the manifest and the snapshots (current/.loket/). The steps, on a copy of catalogue/:
#    1. a clean build;  2. a rebuild of unchanged input (nothing rendered);
#    3. -j 1 and -j 4 into fresh folders (both paths: all four equal);
#    4. a broken agency.yaml: its services kept with their date;
#    5. a service with a schema error: kept;  6. a broken service never published: absent;
#    7. --strict with an error: nothing changes;
#    8. a one-file build into the full output: the others carried;
#    9. --replace with one agency folder;  10. a source file removed;
#   11. an agency renamed (folder and id) and an agency folder removed;
#   12. English lists (a separate copy without English): none; a translation en-GB only;
#       a service in English (language: en); that one broken (kept); both gone;
#   13. every diagnostics format, -W and --max-diagnostics=2 on a catalogue with errors;
#   14. a generated catalogue (tests/bench/gen.c, 600 services, errors injected), a clean
#       build and an incremental one with new errors and fixes, -j 2;
#   15. an I/O failure while publishing: a full tmpfs (where mounting is allowed) and a
#       read-only .loket (as nobody through setpriv when run as root): both paths exit 3,
#       say why, and leave the published generation as it was;
#   16. files that decide about each other (duplicate ids, a product twice, an agency id
#       twice, no agency.yaml, a service at the top, a link); named paths out of order;
#       --lang=nl with a new base URL; -q;
#   18. every format (pdf and sc: an agency at a time, its descriptions read again): clean,
#       unchanged, an edit and a broken service kept in its booklet, fixed, one agency named;
#   19. nothing valid at all: exit 1 and an empty generation, both paths;
#   17. (the stream alone) kill -9 at 6 random moments of a streaming build over a published
#       one: always one complete generation (verify.py); the next build cleans up.
# Then peak memory (/usr/bin/time, -j 2): the streaming build of 3,000 generated services may use
# at most STREAM_BUILD_GROWTH_KB KiB (default 16384) more than that of 300 (set it empty to
# leave this out, as the sanitizer pass does); the whole pipeline's figures are printed beside it.
# PUBLISH_KEEP=DIR keeps the folders and logs (log/: each build's rc, out, err, tree) in DIR.
# Usage: tests/publish/stream.sh path/to/loket            Exit status 0 only if all pass.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh" "$@"
chmod 755 "$tmp" # the read-only case runs loket as nobody
export LANGUAGE=en LC_ALL=C.UTF-8 NO_COLOR=1 TERM=dumb
unset COLUMNS LANG LC_MESSAGES LOKET_BUILD_WHOLE
mnt=()
cleanup() { # lib.sh's, after the tmpfs mounts of step 15
  local m
  for m in "${mnt[@]}"; do umount "$m" 2> /dev/null; done
  chmod -R u+rwx "$tmp" 2> /dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 2
cp -R "$root/catalogue" cat

expect() { if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', want '$3'"; fi; }
# tree OUT: what is published in OUT, to compare: the links, the folders, every file of html/,
# json/ and current/.loket/ (the manifest, the snapshots) with its checksum.
tree() {
  (
    cd "$1" 2> /dev/null || exit 0
    echo "current -> $(readlink current) html -> $(readlink html) json -> $(readlink json)"
    echo "top: $(ls -A | tr '\n' ' ') .loket: $(ls -A .loket 2> /dev/null | tr '\n' ' ')"
    find -L html json leaflets sc current/.loket -type f 2> /dev/null | LC_ALL=C sort | xargs -r md5sum
  )
}
pages() { find -L "$1/html" -name '*.html' 2> /dev/null | wc -l; }
# build MODE OUT ARGS...: loket build --format=html,json -o OUT ARGS by the stream (MODE s)
# or the whole pipeline (w); its exit status, stdout and stderr (with OUT replaced by "OUT")
# into log/KEY.rc, .out and .err (KEY: OUT with % for /).
key() { printf 'log/%s' "${1//\//%}"; }
build() {
  local mode=$1 out=$2 k
  k=$(key "$2")
  shift 2
  mkdir -p "$(dirname "$out")" log
  (
    [ "$mode" = s ] || export LOKET_BUILD_WHOLE=1
    exec "${as[@]}" "$loket" build --color=never --format=html,json -o "$out" "$@"
  ) > "$k.stdout" 2> "$k.stderr"
  echo $? > "$k.rc"
  sed "s|$out|OUT|g" "$k.stdout" > "$k.out" # a SYS001 names the output folder on stdout
  sed "s|$out|OUT|g" "$k.stderr" > "$k.err" # (OUT: a name found nowhere else, no dots)
}
# differ WHAT A B: counts a pass when files A and B are equal, else a failure with the diff.
differ() {
  if cmp -s "$2" "$3"; then ok; else
    bad "$1 (< stream, > whole):"
    diff "$2" "$3" | head -12 | sed 's/^/    /'
  fi
}
# same STEP A B: the builds into A and B gave the same status, stdout, stderr and tree
# (stdout and stderr through the sed script $ignore first, when it is set).
ignore=""
same() {
  local a b f
  a=$(key "$2") b=$(key "$3")
  differ "$1: exit status" "$a.rc" "$b.rc"
  for f in out err; do
    sed "${ignore:-p;d}" "$a.$f" > "$a.$f.cmp"
    sed "${ignore:-p;d}" "$b.$f" > "$b.$f.cmp"
  done
  differ "$1: stdout" "$a.out.cmp" "$b.out.cmp"
  differ "$1: stderr" "$a.err.cmp" "$b.err.cmp"
  tree "$2" > "$a.tree"
  tree "$3" > "$b.tree"
  differ "$1: published tree" "$a.tree" "$b.tree"
}
# pair STEP OUT ARGS...: the same build into OUT_stream and OUT_whole at once, compared.
pair() {
  local step=$1 out=$2
  shift 2
  build s "${out}_stream" "$@" &
  build w "${out}_whole" "$@" &
  wait
  same "$step" "${out}_stream" "${out}_whole"
}
as=()
st() { cat log/site_stream.rc; }   # the exit status of the last step on site
err() { cat log/site_stream.err; } # its stderr

# ---- 1-3: clean, unchanged, -j ----
pair "1. a clean build" site cat
expect "1. a clean build: exit status" "$(st)" 0
all=$(pages site_stream)
pair "2. a rebuild of unchanged input" site cat
err | grep -q "49 services of 4 agencies .*: 0 rendered, 49 unchanged" && ok || bad "2. a rebuild rendered again: $(err | tail -1)"
for j in 1 4; do
  build s "j${j}_stream" -j $j cat &
  build w "j${j}_whole" -j $j cat &
done
wait
same "3. -j 1" j1_stream j1_whole
same "3. -j 4 (stream) against -j 1" j4_stream j1_stream
same "3. -j 4 (whole) against -j 1" j4_whole j1_whole

# ---- 4-7: last known good, never published, --strict ----
cp cat/gemeente-voorbeeldstad/agency.yaml agency.good
echo "name: [not closed" >> cat/gemeente-voorbeeldstad/agency.yaml
pair "4. a broken agency.yaml" site cat
expect "4. a broken agency.yaml: exit status" "$(st)" 1
err | grep -q "gemeente-voorbeeldstad/paspoort-aanvragen.yaml: kept the version published on 2026-11-28" && ok ||
  bad "4. the broken agency's services are not kept with their date"
expect "4. a broken agency.yaml: pages" "$(pages site_stream)" "$all"
cp agency.good cat/gemeente-voorbeeldstad/agency.yaml
cp cat/gemeente-zuiderwaard/uittreksel-brp.yaml service.good
sed -i 's/^title: .*/title: 12/' cat/gemeente-zuiderwaard/uittreksel-brp.yaml
pair "5. a service with a schema error" site cat
err | grep -q "gemeente-zuiderwaard/uittreksel-brp.yaml: kept the version published on" && ok ||
  bad "5. the broken service is not kept"
sed 's/^id: .*/id: nieuw-kapot/; s/^title: .*/title: [kapot/' cat/gemeente-zuiderwaard/paspoort-aanvragen.yaml \
  > cat/gemeente-zuiderwaard/nieuw-kapot.yaml
pair "6. a broken service never published" site cat
[ ! -e site_stream/html/gemeente-zuiderwaard/nieuw-kapot.html ] && err | grep -q "nieuw-kapot.yaml: not published" && ok ||
  bad "6. a broken service never published is rendered or not named"
before=$(tree site_stream)
pair "7. --strict with an error" site --strict cat
expect "7. --strict: exit status" "$(st)" 1
expect "7. --strict: the output changed" "$(tree site_stream)" "$before"
rm cat/gemeente-zuiderwaard/nieuw-kapot.yaml
cp service.good cat/gemeente-zuiderwaard/uittreksel-brp.yaml

# ---- 8-11: subsets, --replace, removals, agencies ----
pair "8. the catalogue fixed" site cat
sed -i 's/^title: .*/title: Paspoort aanvragen (gewijzigd)/' cat/gemeente-zuiderwaard/paspoort-aanvragen.yaml
pair "8. a one-file build" site cat/gemeente-zuiderwaard/paspoort-aanvragen.yaml
err | grep -q "published 49 services .*: 1 rendered, 48 unchanged, 48 from earlier builds" && ok ||
  bad "8. a one-file build did not carry the others: $(err | tail -1)"
cp -R site_stream replace_stream
cp -R site_whole replace_whole
pair "9. --replace with one agency folder" replace --replace cat/dienst-wegverkeer
expect "9. --replace: the agencies" "$(cd replace_stream/html/ && find . -mindepth 1 -maxdepth 1 -type d ! -name assets)" ./dienst-wegverkeer
mv cat/dienst-wegverkeer/kenteken-schorsen.yaml kenteken-schorsen.yaml
pair "10. a source file removed" site cat
expect "10. pages after a removal" "$(pages site_stream)" $((all - 1))
mv cat/gemeente-zuiderwaard cat/gemeente-zuiderwaard-nieuw
sed -i 's/^id: .*/id: gemeente-zuiderwaard-nieuw/' cat/gemeente-zuiderwaard-nieuw/agency.yaml
pair "11. an agency renamed" site cat
[ -d site_stream/html/gemeente-zuiderwaard-nieuw ] && [ ! -e site_stream/html/gemeente-zuiderwaard ] && ok ||
  bad "11. the renamed agency's pages are not under its new id alone"
rm -rf cat/waterschap-groene-delta
pair "11. an agency folder removed" site cat
[ ! -e site_stream/html/waterschap-groene-delta ] && ok || bad "11. a removed agency's pages stay"

# ---- 12. the English lists ----
# A copy without English: no translations at all, and no service in English.
cp -R "$root/catalogue" en
for f in en/*/*.yaml; do
  awk '/^translations:/ { skip = 1; next } /^[^ #-]/ { skip = 0 } !skip' "$f" > f.tmp && mv f.tmp "$f"
done
# lists OUT: how many English lists OUT has, and how many pages link the English A-Z.
lists() { printf '%s %s' "$(find -L "$1/html/" -maxdepth 1 -name '*.en.html' | wc -l)" "$(grep -l 'a-z\.en\.html' -r "$1/html/" | wc -l)"; }
pair "12. no English" en en
expect "12. no English: English lists, pages linking them" "$(lists en_stream)" "0 0"
g=en/gemeente-zuiderwaard/verhuizing-doorgeven.yaml
printf 'translations:\n  en-GB:\n    title: Report a change of address\n    summary: Tell us your new address. You can do this online.\n' >> $g
pair "12. a translation en-GB only" en en
[ "$(lists en_stream)" != "0 0" ] && ok || bad "12. a translation en-GB makes no English lists"
e=en/gemeente-voorbeeldstad/uittreksel-brp.yaml
sed -i 's/^title: /language: en\ntitle: /' $e
pair "12. a service in English (language: en)" en en
pair "12. language: en, one-file build" en $e
sed -i 's/^title: .*/title: 12/' $e
pair "12. the English service broken (kept)" en en
head -n -4 $g > f.tmp && mv f.tmp $g
pair "12. the English service kept, the translation gone" en en
sed -i '/^language: en$/d' $e
sed -i 's/^title: 12$/title: Uittreksel BRP/' $e
pair "12. no English again" en en
expect "12. no English again: English lists, pages linking them" "$(lists en_stream)" "0 0"

# ---- 13. diagnostics formats ----
sed 's/^id: .*/id: nieuw-kapot/; s/^title: .*/title: 12/' cat/dienst-wegverkeer/kenteken-overschrijven.yaml \
  > cat/dienst-wegverkeer/nieuw-kapot.yaml
printf 'titel: x\n' >> cat/gemeente-voorbeeldstad/paspoort-aanvragen.yaml
# (Under UBSan this step found a memcpy from NULL in msg_format.c's keep_nofile, fixed.)
for opt in --diagnostics=text --diagnostics=sarif --diagnostics=junit --diagnostics=json --diagnostics=github \
  --diagnostics=gitlab -W --max-diagnostics=2; do
  pair "13. $opt" diag "$opt" cat
  [ -s log/diag_stream.out ] && ok || bad "13. $opt: nothing on stdout"
done
rm cat/dienst-wegverkeer/nieuw-kapot.yaml
sed -i '/^titel: x$/d' cat/gemeente-voorbeeldstad/paspoort-aanvragen.yaml

# ---- 14. a generated catalogue ----
"${CC:-cc}" -std=c11 -O2 -o gen "$root/tests/bench/gen.c" || exit 2
./gen generated 600 1 > /dev/null
inject_errors generated 0
pair "14. a generated catalogue" gen -j 2 generated
./gen generated 600 1 > /dev/null # the errors fixed, other ones made
inject_errors generated 5
pair "14. the generated catalogue again, other errors" gen -j 2 generated
err=$(cat log/gen_stream.err)
case $err in *"kept the version published on"*"not published"* | *"not published"*"kept the version published on"*) ok ;;
  *) bad "14. the second build has no kept and never-published services" ;; esac

# ---- 17. kill -9 during a streaming build ----
# Render threads hold files of the new generation when the kill comes: what is published
# stays one complete generation (verify.py), and the next build removes what was left.
kills=""
for i in 1 2 3 4 5 6; do
  "$loket" build -q --color=never --format=html,json -j 2 --base-url="https://k$i.example" -o gen_stream generated \
    > /dev/null 2>&1 &
  pid=$!
  sleep "0.$((RANDOM % 900 + 50))"
  kill -9 $pid 2> /dev/null
  wait $pid 2> /dev/null
  python3 "$root/tests/publish/verify.py" gen_stream > kill.log 2>&1 || kills="$kills kill $i: $(head -2 kill.log | tr '\n' ' ');"
done
expect "17. a streaming build killed at 6 moments: one complete generation published" "$kills" ""
"$loket" build -q --color=never --format=html,json -o gen_stream generated > /dev/null 2>&1
expect "17. the next build removes what the killed ones left" "$(find gen_stream/.loket -maxdepth 1 -name 'gen-*' | wc -l)" 1

# ---- 15. an I/O failure while publishing ----
# keep OUT...: the tree of each OUT now (the published generation), for io.
keep() { for o in "$@"; do tree "$o" > "$(key "$o").before"; done; }
# io STEP A B REASON: the builds into A (stream) and B (whole) failed alike: exit 3, REASON
# said, the published generation as keep saw it.
io() {
  same "$1" "$2" "$3"
  local o k
  for o in "$2" "$3"; do
    k=$(key "$o")
    expect "$1 ($o): exit status" "$(cat "$k.rc")" 3
    grep -q "$4" "$k.err" "$k.out" && ok || bad "$1 ($o): '$4' is not said: $(head -2 "$k.err")"
    tree "$o" > "$k.after"
    differ "$1 ($o): the published generation changed" "$k.before" "$k.after"
  done
}
build s probe cat
size=$(($(du -sk probe | cut -f1) + 256)) # one build fits, a second one beside it does not
mkdir -p disk_s disk_w
if mount -t tmpfs -o size=${size}k tmpfs disk_s 2> /dev/null && mnt+=("$tmp/disk_s") &&
  mount -t tmpfs -o size=${size}k tmpfs disk_w 2> /dev/null && mnt+=("$tmp/disk_w"); then
  build s disk_s/out_stream cat &
  build w disk_w/out_whole cat &
  wait
  expect "15. a build that fits the small disk" "$(cat log/disk_s%out_stream.rc) $(cat log/disk_w%out_whole.rc)" "0 0"
  keep disk_s/out_stream disk_w/out_whole
  build s disk_s/out_stream --base-url=https://full.example cat &
  build w disk_w/out_whole --base-url=https://full.example cat &
  wait
  # Which file finds the disk full depends on the order of the writes and on the threads:
  # those lines and the count of errors are left out of the comparison.
  ignore='/No space left on device/d; /hint: Check the output folder/d; /^[0-9]* errors\?, /d'
  io "15. a full disk" disk_s/out_stream disk_w/out_whole "No space left on device"
  ignore=""
else
  skip "15. a full disk: mounting a tmpfs is not allowed here"
fi
# A read-only .loket: loket cannot make the next generation (as nobody, when run as root).
as=()
[ "$(id -u)" != 0 ] || as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
if [ ${#as[@]} != 0 ] && ! command -v setpriv > /dev/null; then
  skip "15. a read-only .loket: run as root, and no setpriv to run loket as nobody"
else
  mkdir ro && chmod 777 ro
  build s ro/out_stream cat &
  build w ro/out_whole cat &
  wait
  expect "15. a build into what becomes read-only" "$(cat log/ro%out_stream.rc) $(cat log/ro%out_whole.rc)" "0 0"
  chmod 555 ro/out_stream/.loket ro/out_whole/.loket
  keep ro/out_stream ro/out_whole
  sed -i 's/^title: .*/title: Paspoort aanvragen (nog eens)/' cat/gemeente-zuiderwaard-nieuw/paspoort-aanvragen.yaml
  build s ro/out_stream cat &
  build w ro/out_whole cat &
  wait
  # By design the stream writes publishing's SYS001 ("cannot make the generation folder ...")
  # after the files' diagnostics (they are written before it publishes), the whole pipeline
  # first, sorted as a diagnostic without a file: io checks that both say it, the comparison
  # leaves the line out.
  ignore='/Permission denied/d; /hint: Check the output folder/d'
  io "15. a read-only .loket" ro/out_stream ro/out_whole "Permission denied"
  ignore=""
  chmod 755 ro/out_stream/.loket ro/out_whole/.loket
fi
as=()

# ---- 16. what the stream's order can get wrong ----
# A catalogue where files decide about each other: an id in two files of a folder and in
# another agency (CON002), a product twice in an agency (CON001), an agency id in two folders,
# a folder without agency.yaml (CON004), agencies with errors, a service at the top, a link.
z=cat/gemeente-zuiderwaard-nieuw
svc() { mkdir -p "odd/$(dirname "$1")" && sed -e "s/^id: .*/id: $2/" ${3:+-e "s/^product: .*/product: $3/"} "$z/paspoort-aanvragen.yaml" > "odd/$1"; }
agency() { mkdir -p "odd/$1" && sed "s/^id: .*/id: $2/" "$z/agency.yaml" > "odd/$1/agency.yaml"; }
agency gem-a gem-a
svc gem-a/pas-1.yaml pas-1 paspoort
svc gem-a/pas-1-kopie.yaml pas-1 paspoort
svc gem-a/pas-2.yaml pas-2 paspoort
svc gem-a/pas-3.yaml pas-3 identiteitskaart
mkdir -p odd/gem-a/sub && svc gem-a/sub/pas-4.yaml pas-4 rijbewijs
agency gem-b gem-a
svc gem-b/pas-1.yaml pas-1 paspoort
agency gem-c gem-c
svc gem-c/pas-1.yaml pas-1
svc gem-c/qqq.yaml rrr identiteitskaart
svc gem-c/rrr.yaml rrr identiteitskaart
ln -s qqq.yaml odd/gem-c/link.yaml
agency gem-d gem-d
sed -i 's/^name: .*/name: 12/' odd/gem-d/agency.yaml
svc gem-d/svc.yaml svc
svc top.yaml top
pair "16. files that decide about each other" odd odd
pair "16. the same again" odd odd
rm odd/gem-a/pas-1-kopie.yaml odd/gem-b/agency.yaml odd/gem-c/rrr.yaml
sed -i 's/^name: 12$/name: Gemeente D/' odd/gem-d/agency.yaml
pair "16. the duplicates removed" odd odd
# Named paths out of order: "services not rendered because of errors" lists them in path
# order on both (the whole pipeline listed them in the order of the arguments: fixed).
pair "16. paths out of order, overlapping" odd odd/gem-c/qqq.yaml odd/gem-a odd/gem-a/pas-2.yaml odd/gem-c
pair "16. --lang=nl, a new base URL" site --lang=nl --base-url=https://example.org/ cat
pair "16. -q" site -q cat
echo "name: [not closed" >> cat/gemeente-voorbeeldstad/agency.yaml
pair "16. a one-file build in a broken agency" site cat/gemeente-voorbeeldstad/uittreksel-brp.yaml
pair "16. --replace with a broken agency" site --replace cat/gemeente-voorbeeldstad cat/dienst-wegverkeer
cp agency.good cat/gemeente-voorbeeldstad/agency.yaml
pair "16. the agency fixed" site cat/gemeente-voorbeeldstad

# ---- 19. nothing valid: an empty generation is published (it exited 3: no .loket/ in it) ----
mkdir -p none/gem && printf 'name: [not closed\n' > none/gem/agency.yaml
cp "$root/catalogue/gemeente-voorbeeldstad/paspoort-aanvragen.yaml" none/gem/
pair "19. nothing valid" none none
expect "19. nothing valid: exit status 1 (input errors), a generation published" \
  "$(cat log/none_stream.rc) $(readlink none_stream/current)" "1 .loket/gen-1"

# ---- 18. leaflets and feeds: an agency at a time, its descriptions read again ----
# (the later --format wins over build's --format=html,json)
pair "18. every format" all --format=html,json,pdf,sc cat
pair "18. every format, unchanged" all --format=html,json,pdf,sc cat
cp -R cat cat.before18
z=$(ls -d cat/gemeente-zuiderwaard* | head -1)
sed -i 's/^title: .*/title: Paspoort aanvragen, een andere titel/' "$z/paspoort-aanvragen.yaml"
k=$(find cat/dienst-wegverkeer -name '*.yaml' ! -name agency.yaml | LC_ALL=C sort | head -1)
echo "title: [not closed" >> "$k"
pair "18. every format, one edited, one broken (kept, in its agency's booklet)" all --format=html,json,pdf,sc cat
expect "18. a booklet and a feed per agency" "$(ls all_stream/leaflets/*.pdf all_stream/sc/*.xml | wc -l)" \
  "$((2 * $(find cat -name agency.yaml | wc -l)))"
cp "cat.before18/${k#cat/}" "$k"
pair "18. every format, fixed" all --format=html,json,pdf,sc cat
pair "18. every format, one agency named (the others carried)" all --format=html,json,pdf,sc cat/dienst-wegverkeer
pair "18. every format, -j 1" all1 -j 1 --format=html,json,pdf,sc cat
rm -rf cat && mv cat.before18 cat

# ---- peak memory ----
bound=${STREAM_BUILD_GROWTH_KB-16384}
if [ -z "$bound" ]; then
  skip "peak memory: STREAM_BUILD_GROWTH_KB is empty"
elif [ -x /usr/bin/time ]; then
  ./gen m300 300 1 > /dev/null
  ./gen m3000 3000 1 > /dev/null
  # peak MODE N: the peak memory in KiB of a clean build of N services by MODE (s or w).
  peak() {
    (
      [ "$1" = s ] || export LOKET_BUILD_WHOLE=1
      /usr/bin/time -f %M -o rss "$loket" build -q -j 2 --format=html,json -o "rss.$1$2" "m$2" > /dev/null 2>&1
    )
    tail -1 rss
  }
  s300=$(peak s 300) s3000=$(peak s 3000) w300=$(peak w 300) w3000=$(peak w 3000)
  echo "stream: peak memory of build --format=html,json, 300 -> 3,000 services: stream $s300 -> $s3000 KiB" \
    "(+$((s3000 - s300))), whole $w300 -> $w3000 KiB (+$((w3000 - w300)))"
  [ $((s3000 - s300)) -le "$bound" ] && ok ||
    bad "the streaming build's peak memory grows by $((s3000 - s300)) KiB from 300 to 3,000 services (at most $bound)"
else
  skip "peak memory: no /usr/bin/time"
fi
if [ -n "${PUBLISH_KEEP:-}" ]; then # the folders and logs, to look at by hand
  rm -rf "$PUBLISH_KEEP" && cp -a "$tmp" "$PUBLISH_KEEP" 2> /dev/null && echo "stream: the folders are in $PUBLISH_KEEP"
fi
summary "publish stream"
