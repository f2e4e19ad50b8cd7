#!/usr/bin/env bash
# run.sh: loket check's output, byte for byte, against what the loket before streaming printed
# (issue 18): every catalogue below, in every format, with -j 1, 2 and 4.
#   catalogues: the sample catalogue; a generated one (tests/bench/gen.c, 300 services, with
#     errors injected and a third agency split off); and small hand-made layouts that a
#     streaming order can get wrong: a folder doc beside doc-a.yaml and doc.yaml ('-' and '.'
#     sort before '/'), names with a space and with bytes above 0x7f, nested agency folders
#     with and without agency.yaml (CON004), a folder too deep, duplicate ids in one folder and
#     across folders, one product twice in an agency (CON001), an agency.yaml with errors, an
#     agency id in three folders, file names that differ from the id, links to a file, a
#     folder, nothing and an agency.yaml (SYS002), folders and a file without permission (as
#     root: loket runs as nobody through setpriv, or the case is skipped), a FIFO named
#     x.yaml, empty files, YAML syntax errors, a file over 1 MiB, one nested too deep, a BOM,
#     invalid UTF-8, named files out of order overlapping a folder argument, several folder
#     arguments out of order (one twice, one as ./), single files (the agency.yaml beside
#     them is read too), and no path at all (catalogue/);
#   formats: text, -q, --max-diagnostics=2, json, sarif, github, junit, gitlab, -W,
#     --color=always, --lang=nl, and text and json written with -o FILE.
# expected/sums holds, per catalogue, a digest of its input (so a changed generator or sample
# is told apart from a changed loket), and per case the exit status, the size and SHA-256 of
# stdout and the SHA-256 of stderr; expected/CATALOGUE/FORMAT.out holds the whole stdout of
# every catalogue but the generated one, so that a failure shows a diff. -j 1, 2 and 4 must all
# give those bytes.
# Peak memory: `check -q -j 2` on 3,000 generated services (and on one service, the floor) must
# stay at or below STREAM_MAX_RSS_KB KiB (default 49152, 48 MiB: the floor, two threads' trees
# and 3,000 summaries, with room; set it empty for no bound, as the sanitizer pass does), and
# grow by at most 8 MiB over the floor: memory flat in the catalogue's size. The loket before
# streaming grew with the catalogue (130 MiB at 3,000, 54 at 1,000, a floor of 17).
# Usage: tests/stream/run.sh [--record] path/to/loket     (--record: rewrite expected/ from
# this loket; only with the reference loket). Exit status 0 only if all pass.
# STREAM_KEEP=DIR keeps the catalogues in DIR (run loket there, as the script does, to debug).
record=0
if [ "${1:-}" = --record ]; then
  record=1
  shift
fi
. "$(dirname "$0")/../lib.sh" "$@"
chmod 755 "$tmp" # the unreadable case runs loket as nobody
export LANGUAGE=en LC_ALL=C.UTF-8 NO_COLOR=1 TERM=dumb
unset COLUMNS LANG LC_MESSAGES
exp=$here/expected
formats=(text quiet max2 json sarif github junit gitlab werror color nl otext ojson)
# The o* formats write with -o into a folder anyone can write (the unreadable case runs as
# nobody); what loket wrote there is appended to the recorded stdout.
declare -A fmt_args=([text]="" [quiet]="-q" [max2]="--max-diagnostics=2" [json]="--format=json"
  [sarif]="--format=sarif" [github]="--format=github" [junit]="--format=junit"
  [gitlab]="--format=gitlab" [werror]="-W" [color]="--color=always" [nl]="--lang=nl"
  [otext]="-o @REPORT@" [ojson]="--format=json -o @REPORT@")
cases=$tmp/cases # every catalogue is a folder here; loket runs here, so paths are relative
mkdir -p "$cases" "$tmp/w" && chmod 777 "$tmp/w"

# ---------------------------------------------------------------- building the catalogues
src=catalogue/gemeente-zuiderwaard
# svc FILE ID [PRODUCT [TEMPLATE]]: a copy of a sample service (TEMPLATE, a name in $src;
# default paspoort-aanvragen, which has one warning) with its id and product replaced.
svc() {
  mkdir -p "$(dirname "$1")"
  sed -e "s/^id: .*/id: $2/" ${3:+-e "s/^product: .*/product: $3/"} "$src/${4:-paspoort-aanvragen}.yaml" > "$1"
}
# faulty FILE ID: a service with a schema error (title is a number) and an unknown field.
faulty() {
  svc "$1" "$2" "" uittreksel-brp
  sed -i -e 's/^title: .*/title: 12/' "$1"
  printf 'titel: Uittreksel\n' >> "$1"
}
# agency DIR ID: the sample agency.yaml with its id replaced.
agency() {
  mkdir -p "$1"
  sed "s/^id: .*/id: $2/" "$src/agency.yaml" > "$1/agency.yaml"
}

# Each mk_NAME builds $cases/NAME and sets args (what loket check is given), as (a command
# prefix, for the case that must not run as root) and cwd (where loket runs; $cases if unset). Cases that need what this machine lacks
# set skip_why to the reason.
mk_sample() { cp -r catalogue "$cases/sample/"; args=(sample/); }

mk_generated() {
  local d=$cases/generated files i f
  "${CC:-cc}" -std=c11 -O2 -o "$tmp/gen" tests/bench/gen.c || return 1
  "$tmp/gen" "$d" 300 1 > /dev/null || return 1
  # A third agency: every 40th service of the first moves to a folder of its own.
  mapfile -t files < <(cd "$d" && find . -name '*.yaml' ! -name agency.yaml | LC_ALL=C sort)
  agency "$d/waterschap-extra" waterschap-extra
  for i in "${!files[@]}"; do
    f=$d/${files[i]#./}
    case $((i % 40)) in 7) mv "$f" "$d/waterschap-extra/" ;; esac
  done
  inject_errors "$d" # errors of every stage, spread over the catalogue
  args=(generated/)
}

mk_order() { # path order is not walk order: '-' and '.' sort before '/'
  local d=$cases/order
  agency "$d/gem-a" gem-a
  svc "$d/gem-a/doc-a.yaml" doc-a
  faulty "$d/gem-a/doc.yaml" doc
  svc "$d/gem-a/doc/svc.yaml" svc # a folder without agency.yaml inside an agency: CON004
  faulty "$d/gem-a/doc/tst.yaml" doc # the id of gem-a/doc.yaml again
  svc "$d/gem-a/doc0.yaml" doc0
  svc "$d/gem-a/Doc.yaml" Doc
  svc "$d/gem-a/doc_b.yaml" doc_b
  svc "$d/gem-a/doc.yml" doc # the same id, the other extension
  svc "$d/gem-a/doc-b.yaml" doc-b identiteitskaart
  svc "$d/gem-a/doc/doc-c.yaml" doc-c identiteitskaart # the product of doc-b.yaml again
  agency "$d/doc" doc
  svc "$d/doc/svc.yaml" svc
  agency "$d/doc-a" doc-a
  faulty "$d/doc-a/svc.yaml" svc
  agency "$d/doc.d" doc.d
  svc "$d/doc.d/svc.yaml" svc
  svc "$d/doc.yaml" doc # a service at the top, beside agency folders
  svc "$d/gem-a/Ã©n.yaml" een # bytes above 0x7f sort after z (unsigned)
  svc "$d/gem-a/zzz.yaml" zzz
  svc "$d/gem-a/met spatie.yaml" met-spatie
  args=(order/)
}

mk_nested() {
  local d=$cases/nested deep i
  agency "$d/gem-g" gem-g
  svc "$d/gem-g/svc-1.yaml" svc-1
  faulty "$d/gem-g/sub/svc-2.yaml" svc-2 # no agency.yaml: CON004
  svc "$d/gem-g/sub/svc-3.yaml" svc-3
  agency "$d/gem-g/sub2" sub2
  svc "$d/gem-g/sub2/svc-4.yaml" svc-4
  svc "$d/gem-g/sub2/deeper/svc-5.yaml" svc-5
  svc "$d/gem-g/zzz.yaml" svc-1 # the id of svc-1.yaml, after the subfolders
  svc "$d/gem-g/aaa.yaml" svc-4 # the id of one in sub2, before them
  deep=$d/gem-h
  agency "$deep" gem-h
  for i in $(seq 17); do deep=$deep/$i; done
  svc "$deep/svc.yaml" svc # SYS001: nested too deep
  svc "$d/gem-h/1/2/svc-6.yaml" svc-6
  svc "$d/gem-h0/svc-7.yaml" svc-7
  args=(nested/)
}

mk_dups() {
  local d=$cases/dups
  agency "$d/gem-a" gem-a
  svc "$d/gem-a/pas-1.yaml" pas-1 paspoort
  svc "$d/gem-a/pas-1-kopie.yaml" pas-1 paspoort # id in two files, name is not the id, product twice
  svc "$d/gem-a/pas-2.yaml" pas-2 paspoort       # the product a third time
  svc "$d/gem-a/pas-3.yaml" pas-3 identiteitskaart
  svc "$d/gem-a/pas-4.yaml" pas-4 identiteitskaart
  agency "$d/gem-b" gem-a # the agency id of gem-a/ again
  svc "$d/gem-b/pas-1.yaml" pas-1 paspoort
  svc "$d/gem-b/pas-5.yaml" pas-5 identiteitskaart
  agency "$d/gem-c" gem-c
  svc "$d/gem-c/pas-1.yaml" pas-1 # the same id in another agency
  svc "$d/gem-c/qqq.yaml" rrr
  svc "$d/gem-c/rrr.yaml" rrr
  agency "$d/gem-d" gem-a # a third time
  args=(dups/)
}

mk_badagency() {
  local d=$cases/badagency
  agency "$d/gem-a" gem-a
  sed -i -e 's/^type: .*/type: gemeente/' -e 's/^name: .*/name: 12/' "$d/gem-a/agency.yaml"
  printf 'naam: x\n' >> "$d/gem-a/agency.yaml"
  svc "$d/gem-a/svc.yaml" svc
  faulty "$d/gem-a/tst.yaml" tst
  agency "$d/gem-b" gem-b
  printf 'contact: [\n' >> "$d/gem-b/agency.yaml" # a YAML syntax error
  svc "$d/gem-b/svc.yaml" svc
  mkdir -p "$d/gem-c" && : > "$d/gem-c/agency.yaml" # empty
  svc "$d/gem-c/svc.yaml" svc
  mkdir -p "$d/gem-d" && printf -- '- a list\n' > "$d/gem-d/agency.yaml"
  svc "$d/gem-d/svc.yaml" svc
  args=(badagency/)
}

mk_links() {
  local d=$cases/links
  agency "$d/gem-a" gem-a
  svc "$d/gem-a/svc.yaml" svc
  ln -s svc.yaml "$d/gem-a/link.yaml"
  mkdir -p "$d/gem-b"
  ln -s ../gem-a/agency.yaml "$d/gem-b/agency.yaml"
  svc "$d/gem-b/tst.yaml" tst
  ln -s gem-a "$d/gem-c"                    # a link to a folder
  ln -s ../nowhere "$d/gem-a/dangling.yaml" # and to nothing
  svc "$d/gem-d/uuu.yaml" uuu
  ln -s ../gem-a/agency.yaml "$d/gem-d/agency.yaml"
  args=(links/ links/gem-a/link.yaml)
}

mk_unreadable() {
  local d=$cases/unreadable
  as=()
  if [ "$(id -u)" = 0 ]; then
    if setpriv --reuid=nobody --regid=nogroup --clear-groups true 2> /dev/null; then
      as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    else
      skip_why="running as root without setpriv"
      return 0
    fi
  fi
  agency "$d/gem-a" gem-a
  svc "$d/gem-a/svc.yaml" svc
  agency "$d/gem-a0" gem-a0
  svc "$d/gem-a0/svc.yaml" svc
  agency "$d/gem-b" gem-b
  faulty "$d/gem-b/svc.yaml" svc
  svc "$d/gem-b/tst.yaml" tst
  mkdir -p "$d/gem-b/dicht"
  svc "$d/gem-b/dicht/uuu.yaml" uuu
  svc "$d/gem-b/geheim.yaml" geheim
  chmod -R a+rX "$d"
  lock=("$d/gem-a0" "$d/gem-b/dicht" "$d/gem-b/geheim.yaml") # made unreadable after the digest
  args=(unreadable/)
}

mk_fifo() {
  local d=$cases/fifo
  agency "$d/gem-a" gem-a
  svc "$d/gem-a/svc.yaml" svc
  mkfifo "$d/gem-a/x.yaml"
  faulty "$d/gem-a/yyy.yaml" yyy
  agency "$d/gem-b" gem-b
  mkfifo "$d/gem-b/agency.yaml.yaml"
  svc "$d/gem-b/tst.yaml" tst
  args=(fifo/)
}

mk_broken() {
  local d=$cases/broken
  agency "$d/gem-a" gem-a
  : > "$d/gem-a/empty.yaml"
  printf '\n\n# only a comment\n' > "$d/gem-a/comment.yaml"
  svc "$d/gem-a/syntax.yaml" syntax
  sed -i 's/^summary: /summary: "never closed /' "$d/gem-a/syntax.yaml"
  printf 'id: tab\n\ttitle: x\n' > "$d/gem-a/tab.yaml"
  printf -- '- a\n- list\n' > "$d/gem-a/list.yaml"
  printf 'just text\n' > "$d/gem-a/scalar.yaml"
  printf '{"id": "json", "title": 1}\n' > "$d/gem-a/json.yaml"
  svc "$d/gem-a/oke.yml" oke
  printf 'not yaml' > "$d/gem-a/notes.txt"
  printf 'id: [a, b\n' > "$d/gem-a/zz.yaml"
  { printf 'id: groot\n'; yes '# a comment that makes the file larger than the limit of 1 MiB' | head -c 1100000; } > "$d/gem-a/groot.yaml"
  { printf 'id: diep\nx: '; for i in $(seq 70); do printf '['; done; echo; } > "$d/gem-a/diep.yaml"
  { printf '\xef\xbb\xbf'; cat "$src/paspoort-aanvragen.yaml"; } > "$d/gem-a/bom.yaml"
  sed 's/^title: .*/title: Pasp\xe9\xe9rt/' "$src/paspoort-aanvragen.yaml" > "$d/gem-a/latin1.yaml"
  args=(broken/)
}

mk_named() { # named files out of order, overlapping a folder argument
  local d=$cases/named
  agency "$d/gem-a" gem-a
  svc "$d/gem-a/mmm.yaml" mmm
  faulty "$d/gem-a/ccc.yaml" ccc
  svc "$d/gem-a/sub/nnn.yaml" nnn
  agency "$d/gem-b" gem-b
  faulty "$d/gem-b/zzz.yaml" zzz
  svc "$d/gem-b/aaa.yaml" mmm
  svc "$d/gem-b/qqq.yaml" qqq
  args=(named/gem-b/zzz.yaml named/gem-a/ named/gem-a/mmm.yaml named/gem-b/aaa.yaml
    named/gem-a/agency.yaml named/gem-a/sub/nnn.yaml named/gem-a/ccc.yaml)
}

mk_multi() { # several folder arguments, out of order, one inside another
  local d=$cases/multi
  agency "$d/gem-a" gem-a
  faulty "$d/gem-a/svc.yaml" svc
  agency "$d/gem-b" gem-b
  svc "$d/gem-b/svc.yaml" svc
  svc "$d/gem-b/x/tst.yaml" tst
  agency "$d/gem-c" gem-c
  faulty "$d/gem-c/uuu.yaml" svc
  args=(multi/gem-c/ multi/gem-a multi/gem-b/x multi/gem-b/ multi/gem-a/ ./multi/gem-c)
}

mk_single() { # single files: the agency.yaml beside each is read too
  local d=$cases/single
  agency "$d/gem-a" gem-a
  sed -i 's/^type: .*/type: gemeente/' "$d/gem-a/agency.yaml"
  svc "$d/gem-a/svc.yaml" svc
  svc "$d/gem-a/tst.yaml" svc
  faulty "$d/gem-b/tst.yaml" tst # no agency.yaml
  args=(single/gem-b/tst.yaml single/gem-a/svc.yaml)
}

mk_default() { # no path: catalogue/ in the current folder
  local d=$cases/default/catalogue
  agency "$d/gem-a" gem-a
  svc "$d/gem-a/svc.yaml" svc
  faulty "$d/gem-a/tst.yaml" tst
  agency "$d/gem-b" gem-b
  svc "$d/gem-b/uuu.yaml" svc
  cwd=$cases/default args=()
}

catalogues=(sample generated order nested dups badagency links unreadable fifo broken named multi single default)
kept() { [ "$1" != generated ]; } # whole outputs kept: all but the generated (0.5 to 1.2 MB each)

# digest DIR: one SHA-256 over the names, kinds and contents of everything in DIR.
digest() {
  (cd "$cases" && find "$1" -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
    if [ -L "$f" ]; then
      printf 'L %s %s\n' "$f" "$(readlink "$f")"
    elif [ -f "$f" ]; then printf 'F %s %s\n' "$f" "$(sha256sum < "$f" | cut -c1-64)"; else
      printf '%s %s\n' "$(stat -c %F "$f")" "$f"
    fi
  done) | sha256sum | cut -c1-64
}

# ---------------------------------------------------------------- running and comparing
sums=$tmp/sums
: > "$sums"
shown=0 # diffs shown so far: the first few mismatches only
# show WHAT WANT-FILE GOT-FILE: a unified diff of the first mismatches.
show() {
  shown=$((shown + 1))
  [ $shown -le 3 ] || return 0
  echo "  diff for $1 (expected, then this loket):"
  diff -u "$2" "$3" | head -40 | sed 's/^/  /'
}

# differs GOT-LINE WANT-LINE: what differs between two lines of sums, in words.
differs() {
  local g w
  read -r -a g <<< "$1"
  read -r -a w <<< "$2"
  [ ${#w[@]} = 6 ] || { echo "not recorded"; return; }
  printf 'status %s, %s bytes (expected status %s, %s bytes)' "${g[2]}" "${g[3]}" "${w[2]}" "${w[3]}"
  [ "${g[4]}" = "${w[4]}" ] || printf '; stdout differs'
  [ "${g[5]}" = "${w[5]}" ] || printf '; stderr differs'
  echo
}

# run_j FMT J: loket check with -j J into $tmp/out.J, err.J and its status into st.J.
run_j() {
  local j=$2 report=$tmp/w/report.$2 out=$tmp/out.$2 opts=${fmt_args[$1]}
  # shellcheck disable=SC2086 # opts holds options, split on purpose
  (cd "$cwd" && timeout 60 "${as[@]}" "$loket" check --color=never -j "$j" ${opts//@REPORT@/$report} "${args[@]}" > "$out" 2> "$tmp/err.$j")
  echo $? > "$tmp/st.$j"
  if [[ $1 == o* ]]; then
    printf '== what -o wrote:\n' >> "$out"
    cat "$report" >> "$out" 2> /dev/null || printf '(nothing)\n' >> "$out"
    rm -f "$report"
  fi
}

# check_case CAT FMT: runs it with -j 1, 2 and 4 (at the same time: the test's own time is
# mostly loket's start); records or compares.
check_case() {
  local cat=$1 fmt=$2 j out err st line want first=""
  for j in 1 2 4; do run_j "$fmt" $j & done
  wait
  for j in 1 2 4; do
    out=$tmp/out.$j err=$tmp/err.$j st=$(cat "$tmp/st.$j")
    line="$cat $fmt $st $(wc -c < "$out") $(sha256sum < "$out" | cut -c1-64) $(sha256sum < "$err" | cut -c1-64)"
    if [ $j = 1 ]; then
      first=$line
      [ $record = 0 ] || printf '%s\n' "$line" >> "$sums"
      if [ $record = 1 ] && kept "$cat"; then
        mkdir -p "$exp/$cat"
        cp "$out" "$exp/$cat/$fmt.out"
        if [ -s "$err" ]; then cp "$err" "$exp/$cat/$fmt.err"; else rm -f "$exp/$cat/$fmt.err"; fi
      fi
    fi
    if [ $record = 1 ]; then
      if [ "$line" = "$first" ]; then ok; else
        bad "$cat $fmt: -j $j differs from -j 1 in the reference loket"
        show "$cat $fmt -j $j" "$tmp/out.1" "$out"
      fi
      continue
    fi
    want=$(grep -m1 "^$cat $fmt " "$exp/sums")
    if [ "$line" = "$want" ]; then ok; else
      bad "$cat $fmt -j $j: $(differs "$line" "$want")"
      if [ -f "$exp/$cat/$fmt.out" ]; then
        show "$cat $fmt -j $j, stdout" "$exp/$cat/$fmt.out" "$out"
        [ ! -f "$exp/$cat/$fmt.err" ] || show "$cat $fmt -j $j, stderr" "$exp/$cat/$fmt.err" "$err"
      elif [ $j != 1 ]; then
        show "$cat $fmt -j $j against -j 1" "$tmp/out.1" "$out"
      fi
      [ -s "$err" ] && head -3 "$err" | sed 's/^/  stderr: /'
    fi
  done
}

for cat in "${catalogues[@]}"; do
  args=() as=() lock=() skip_why="" cwd=$cases
  "mk_$cat" || { bad "$cat: could not build the catalogue"; continue; }
  if [ -n "$skip_why" ]; then
    skip "$cat: $skip_why"
    [ $record = 0 ] || grep "^$cat \|^input $cat " "$exp/sums" >> "$sums" 2> /dev/null
    continue
  fi
  d=$(digest "$cat")
  [ ${#lock[@]} = 0 ] || chmod 000 "${lock[@]}"
  if [ $record = 1 ]; then
    printf 'input %s %s %s\n' "$cat" "$d" "${args[*]}" >> "$sums"
  elif ! grep -Fqx "input $cat $d ${args[*]}" "$exp/sums"; then
    bad "$cat: its input is not the one recorded (tests/bench/gen.c, catalogue/ or this script changed: record again with the reference loket)"
    continue
  fi
  for fmt in "${formats[@]}"; do check_case "$cat" "$fmt"; done
done
[ $record = 0 ] || { mkdir -p "$exp" && cp "$sums" "$exp/sums" && echo "recorded into ${exp#"$root"/}"; }
if [ -n "${STREAM_KEEP:-}" ]; then # the catalogues, to run loket on by hand (from that folder)
  rm -rf "$STREAM_KEEP" && cp -a "$cases" "$STREAM_KEEP" && echo "stream: the catalogues are in $STREAM_KEEP"
fi

# ---------------------------------------------------------------- peak memory
if [ -x /usr/bin/time ] && [ -x "$tmp/gen" ]; then
  "$tmp/gen" "$tmp/big" 3000 1 > /dev/null
  # peak CMD...: the peak memory of CMD in KiB (the last line: time may say the status first).
  peak() { (cd "$tmp" && /usr/bin/time -f %M -o "$tmp/rss" "$@" > /dev/null 2>&1); tail -1 "$tmp/rss"; }
  floor=$(peak "$loket" check -q -j 2 "$root/$src/paspoort-aanvragen.yaml")
  kib=$(peak "$loket" check -q -j 2 big)
  bound=${STREAM_MAX_RSS_KB-49152}
  echo "stream: peak memory of check -q -j 2 on 3,000 services: $kib KiB (on one: $floor KiB)${bound:+; bound $bound KiB}"
  if [ -n "$bound" ]; then
    if [ "$kib" -le "$bound" ]; then ok; else
      bad "peak memory $kib KiB is above STREAM_MAX_RSS_KB=$bound"
    fi
    if [ "$((kib - floor))" -le 8192 ]; then ok; else
      bad "peak memory grows by $((kib - floor)) KiB from one service to 3,000 (at most 8192)"
    fi
  fi
  # A check killed while it streams a report into -o FILE leaves FILE as it was (the report
  # goes to an unlinked temporary file first), or, when it finished first, the whole report.
  (cd "$tmp" && "$loket" check --format=sarif -j 2 -o "$tmp/whole.sarif" big > /dev/null 2>&1)
  for delay in 0.05 0.1 0.2 0.4; do
    echo old > "$tmp/killed.sarif"
    (cd "$tmp" && exec "$loket" check --format=sarif -j 2 -o "$tmp/killed.sarif" big > /dev/null 2>&1) &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    if [ "$(cat "$tmp/killed.sarif")" = old ] || cmp -s "$tmp/killed.sarif" "$tmp/whole.sarif"; then ok; else
      bad "check -o killed after ${delay}s left a partial report"
    fi
  done
else
  skip "peak memory: no /usr/bin/time or no generator"
fi
[ "$fail" = 0 ] || echo "stream: STREAM_KEEP=DIR keeps the catalogues, to run loket on by hand in DIR"
summary stream
