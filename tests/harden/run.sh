#!/usr/bin/env bash
# run.sh: loket on a hostile machine rather than hostile text (issue 11, item 7). Each
# check provokes one finding of the security review and fails on the old behaviour:
#   1. links: a linked agency.yaml (to /proc/self/environ, with a secret in the
#      environment) and a linked service named on the command line are SYS002, never read;
#   2. no hang: a FIFO and a device as input are SYS001 (exit 3) within 5 seconds; a
#      folder swapped for a link while loket reads (100 runs against a swapping loop):
#      the file it leads to is never read (the inode differs from the listing's);
#   3. -o: a character device and a FIFO stay what they are (a device made with mknod in
#      a temporary folder, never /dev itself; skipped where mknod is not allowed), a FIFO
#      without a reader fails at once, one with a reader gets the report, a link to a
#      file stays a link, a link to /proc/self/fd/1 (as /dev/stdout, but in the temporary
#      folder: never the machine's own) into a pipe works and stays a link;
#   4. checked writes: schema export, explain --list and check into a full device exit 3
#      with a message; a closed pipe (report | head -1) and the file size limit
#      (ulimit -f) exit 3 with a message instead of dying by SIGPIPE (141) or SIGXFSZ (153);
#   5. the walk goes on past a folder it cannot read: one too deep (ELOOP), and one
#      without permission (chmod 000: as root, loket runs as nobody through setpriv,
#      skipped when that is not possible) are SYS001, and the folders after them are
#      still checked;
#   6. a bidirectional control character (U+202E, raw) is YML010;
#   7. --max-diagnostics: a file with 2,000 problems on one long line shows 50, a LIM001
#      line with the number not shown, a summary that counts all; source lines are an
#      80-column window; 0 shows all; a bad value is a usage error;
#   8. a CSV cell that starts with a TAB is neutralised like one that starts with =;
#   9. schema validate: check's limits (1 MiB, 64 levels); --schema-dir at a missing
#      folder names it cleanly (it printed freed memory).
# Usage: tests/harden/run.sh path/to/loket          Exit status 0 only if all pass.
. "$(dirname "$0")/../lib.sh" "$@"
chmod 755 "$tmp" # loket runs as nobody below

# expect DESCRIPTION WANT-STATUS GOT-STATUS OUTPUT PATTERN...: the status, and every
# extended regular expression PATTERN found in OUTPUT (a leading ! : not found).
expect() {
  local what=$1 want=$2 got=$3 out=$4 why=""
  shift 4
  [ "$got" = "$want" ] || why="exit status $got, not $want"
  for p in "$@"; do
    if [[ $p == '!'* ]]; then
      ! grep -qE -- "${p#!}" <<< "$out" || why="$why; has /${p#!}/"
    else
      grep -qE -- "$p" <<< "$out" || why="$why; lacks /$p/"
    fi
  done
  if [ -z "$why" ]; then ok; else bad "$what: $why"; printf '%s\n' "$out" | head -8 | sed 's/^/  /'; fi
}
run() { out=$(timeout 10 "$loket" "$@" 2>&1); status=$?; }

# A small catalogue: one agency, one valid service.
svc=catalogue/gemeente-zuiderwaard/paspoort-aanvragen.yaml
mkcat() { # mkcat DIR: DIR/gemeente-zuiderwaard with agency.yaml and the service
  mkdir -p "$1/gemeente-zuiderwaard"
  cp catalogue/gemeente-zuiderwaard/agency.yaml "$svc" "$1/gemeente-zuiderwaard/"
}

# 1. Links.
mkcat "$tmp/link"
rm "$tmp/link/gemeente-zuiderwaard/agency.yaml"
ln -s /proc/self/environ "$tmp/link/gemeente-zuiderwaard/agency.yaml"
out=$(LOKET_TEST_SECRET=hunter2-harden timeout 10 "$loket" check --color=never "$tmp/link" 2>&1); status=$?
expect "a linked agency.yaml in a folder" 1 $status "$out" "agency.yaml' is a symbolic link.*\[SYS002\]" '!hunter2' '!YML010' '!CON004'
out=$(LOKET_TEST_SECRET=hunter2-harden timeout 10 "$loket" check --color=never \
  "$tmp/link/gemeente-zuiderwaard/paspoort-aanvragen.yaml" 2>&1); status=$?
expect "a linked agency.yaml beside a named service" 1 $status "$out" "agency.yaml' is a symbolic link.*\[SYS002\]" '!hunter2'
ln -s /etc/passwd "$tmp/link/gemeente-zuiderwaard/wachtwoord.yaml"
run check --color=never "$tmp/link/gemeente-zuiderwaard/wachtwoord.yaml"
expect "a linked service named on the command line" 1 $status "$out" "wachtwoord.yaml' is a symbolic link.*\[SYS002\]" '!root:'

# 2. No hang on a FIFO or a device.
mkcat "$tmp/fifo"
mkfifo "$tmp/fifo/gemeente-zuiderwaard/pijp.yaml"
run check --color=never "$tmp/fifo/gemeente-zuiderwaard/pijp.yaml"
expect "a FIFO named on the command line" 3 $status "$out" "pijp.yaml: error: cannot read: not a regular file.*\[SYS001\]"
run check --color=never "$tmp/fifo"
expect "a FIFO in a folder" 3 $status "$out" "pijp.yaml: error: cannot read: not a regular file.*\[SYS001\]" "in 2 files"
run check --color=never /dev/zero
expect "a device as input" 3 $status "$out" "/dev/zero: error: cannot read: not a regular file.*\[SYS001\]"

# A folder swapped for a link to another one while loket reads (a race a test cannot
# time, so it is run 100 times): the other folder's files are never read.
mkcat "$tmp/race"
mkdir -p "$tmp/elders"
printf 'geheim: hunter3-race\n' > "$tmp/elders/paspoort-aanvragen.yaml"
cp "$tmp/elders/paspoort-aanvragen.yaml" "$tmp/elders/agency.yaml"
( cd "$tmp/race" && while [ -e "$tmp/race" ]; do
    mv gemeente-zuiderwaard echt && ln -s "$tmp/elders" gemeente-zuiderwaard
    rm gemeente-zuiderwaard && mv echt gemeente-zuiderwaard
  done 2> /dev/null ) &
swapper=$!
leaked=0
for i in $(seq 100); do
  "$loket" check --color=never "$tmp/race" 2>&1 | grep -q hunter3 && leaked=$((leaked + 1))
done
kill $swapper 2> /dev/null; wait $swapper 2> /dev/null
[ "$leaked" = 0 ] && ok || bad "a folder swapped for a link: the other folder was read in $leaked of 100 runs"

# 3. -o FILE.
if mknod "$tmp/full" c 1 7 2> /dev/null && mknod "$tmp/null" c 1 3 2> /dev/null; then
  run check -q -o "$tmp/full" catalogue/
  [ -c "$tmp/full" ] || bad "-o a full device: the device was replaced"
  expect "-o a full device" 3 $status "$out" "cannot write .*full: No space left on device"
  run check -q -o "$tmp/null" catalogue/
  [ -c "$tmp/null" ] || bad "-o a null device: the device was replaced"
  expect "-o a null device" 0 $status "$out" "^0 errors"
else
  skip "-o a device: mknod is not allowed here"
fi
mkfifo "$tmp/out.fifo"
start=$(date +%s)
run check -q -o "$tmp/out.fifo" catalogue/
[ -p "$tmp/out.fifo" ] || bad "-o a FIFO: the FIFO was replaced"
[ $(($(date +%s) - start)) -lt 5 ] || bad "-o a FIFO without a reader waited"
expect "-o a FIFO without a reader" 3 $status "$out" "cannot write .*out.fifo"
cat "$tmp/out.fifo" > "$tmp/from-fifo" &
reader=$!
run check --format=json -o "$tmp/out.fifo" catalogue/
wait $reader
expect "-o a FIFO with a reader" 0 $status "$(cat "$tmp/from-fifo")" '"summary"'
printf 'old\n' > "$tmp/target.json"
ln -s target.json "$tmp/link.json"
run check --format=json -o "$tmp/link.json" catalogue/
[ -L "$tmp/link.json" ] || bad "-o a link: the link was replaced"
expect "-o a link to a file" 0 $status "$(cat "$tmp/target.json")" '"summary"'
# As -o /dev/stdout, but through a link of our own: a loket that replaces the link must
# not take the machine's /dev/stdout with it (an old loket run as root did).
ln -s /proc/self/fd/1 "$tmp/stdout"
out=$("$loket" check -q --format=json -o "$tmp/stdout" catalogue/ 2>&1 | cat); status=$?
[ -L "$tmp/stdout" ] || bad "-o a link to /proc/self/fd/1: the link was replaced"
expect "-o a link to /proc/self/fd/1 (as /dev/stdout) into a pipe" 0 $status "$out" '"summary"' '^0 errors'
run check -o "$tmp" catalogue/
expect "-o a folder" 3 $status "$out" "cannot write .*: Is a directory"

# 4. Checked writes and signals.
if [ -w /dev/full ]; then
  out=$("$loket" schema export --json 2>&1 > /dev/full); status=$?
  expect "schema export into a full disk" 3 $status "$out" "cannot write to standard output: No space left on device"
  out=$("$loket" explain --list 2>&1 > /dev/full); status=$?
  expect "explain --list into a full disk" 3 $status "$out" "cannot write to standard output: No space left on device"
  out=$("$loket" check catalogue/ 2>&1 > /dev/full); status=$?
  expect "check into a full disk" 3 $status "$out" "cannot write to standard output: No space left on device"
else
  skip "writes into a full disk: /dev/full is not writable"
fi
# A pipe whose reader is gone before loket writes (as report | head -1, without the race).
out=$(python3 -c 'import os, subprocess, sys
r, w = os.pipe(); os.close(r)
sys.exit(subprocess.call(sys.argv[1:], stdout=w))' "$loket" report catalogue/ 2>&1); status=$?
expect "report into a closed pipe" 3 $status "$out" "cannot write to standard output: Broken pipe"
out=$(ulimit -f 1; "$loket" schema export --json 2>&1 > "$tmp/big.json"); status=$?
expect "schema export beyond the file size limit" 3 $status "$out" "cannot write to standard output: File too large"
out=$(ulimit -f 1; "$loket" report --format=html -o "$tmp/big.html" catalogue/ 2>&1); status=$?
expect "report -o beyond the file size limit" 3 $status "$out" "cannot write .*big.html: File too large"

# 5. The walk goes on past a folder it cannot read.
mkcat "$tmp/walk/b"
sed 's/^title: .*/title: 12/' "$svc" > "$tmp/walk/b/gemeente-zuiderwaard/paspoort-aanvragen.yaml"
deep="$tmp/walk/a"
for i in $(seq 17); do deep="$deep/$i"; done
mkdir -p "$deep" && cp "$svc" "$deep/"
run check --color=never "$tmp/walk"
expect "a folder too deep" 3 $status "$out" "walk/a/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16': folders nested more than 16 deep \[SYS001\]" \
  "walk/b/gemeente-zuiderwaard/paspoort-aanvragen.yaml:[0-9]+:8: error: 'title' should be text"
mkdir -p "$tmp/walk/a0-dicht" && cp "$svc" "$tmp/walk/a0-dicht/" && chmod 000 "$tmp/walk/a0-dicht"
as_other=()
if [ "$(id -u)" = 0 ]; then
  if setpriv --reuid=nobody --regid=nogroup --clear-groups true 2> /dev/null; then
    as_other=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_other[@]} -gt 0 ]; then
  out=$(cd "$tmp" && timeout 10 "${as_other[@]}" "$loket" check --color=never walk 2>&1); status=$?
  expect "a folder without permission" 3 $status "$out" "walk/a0-dicht': Permission denied.*\[SYS001\]" \
    "walk/b/gemeente-zuiderwaard/paspoort-aanvragen.yaml:[0-9]+:8: error: 'title' should be text"
else
  skip "a folder without permission: running as root without setpriv"
fi
chmod 755 "$tmp/walk/a0-dicht"

# 6. Bidirectional controls, raw in the file.
mkcat "$tmp/bidi"
sed $'s/^title: .*/title: Paspoort EUR \xe2\x80\xae0001/' "$svc" > "$tmp/bidi/gemeente-zuiderwaard/paspoort-aanvragen.yaml"
run check --color=never "$tmp/bidi"
expect "a right-to-left override in a title" 1 $status "$out" \
  "paspoort-aanvragen.yaml:5:21: error: forbidden character U\+202E \(a bidirectional control character\) \[YML010\]"

# 7. --max-diagnostics and the caret window.
mkcat "$tmp/many"
python3 -c 'import sys
print("{" + ", ".join("veld%d: %s" % (i, "x" * 30) for i in range(2000)) + "}")' \
  > "$tmp/many/gemeente-zuiderwaard/veel.yaml"
run check --color=never "$tmp/many"
shown=$(grep -c 'veel.yaml:1:[0-9]*: error' <<< "$out")
[ "$shown" = 50 ] || bad "--max-diagnostics default: $shown diagnostics shown, not 50"
longest=$(grep -E '^ +1 \| ' <<< "$out" | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
[ "$longest" -le 100 ] || bad "caret window: a source line of $longest columns"
expect "--max-diagnostics default" 1 $status "$out" \
  "veel.yaml: info: 1960 more diagnostics for this file are not shown \(errors: 1960, warnings: 0, notes: 0\) \[LIM001\]" \
  "^2010 errors, 1 warning in 3 files"
run check --color=never --max-diagnostics=3 --format=json "$tmp/many"
expect "--max-diagnostics=3, JSON" 1 $status "$out" '"code": "LIM001"' '"errors": 2010' \
  "2007 more diagnostics"
run check --color=never --max-diagnostics=0 "$tmp/many"
shown=$(grep -c 'veel.yaml:1:[0-9]*: error' <<< "$out")
[ "$shown" = 2010 ] || bad "--max-diagnostics=0: $shown diagnostics shown, not 2010"
run check --max-diagnostics=veel "$tmp/many"
expect "--max-diagnostics=veel" 2 $status "$out" "max-diagnostics takes a number"

# 8. CSV cells that a spreadsheet would run.
mkcat "$tmp/csv"
sed 's/^title: .*/title: "\\t=HYPERLINK(\\"https:\/\/example.org\\")"/' "$svc" > "$tmp/csv/gemeente-zuiderwaard/paspoort-aanvragen.yaml"
run report --format=csv "$tmp/csv"
expect "a CSV cell that starts with a TAB" 0 $status "$out" $'"\'\t=HYPERLINK' $'!"\t='

# 9. schema validate: check's limits; --schema-dir at a missing folder.
head -c 1100000 /dev/zero | tr '\0' 'a' | sed 's/^/x: /' > "$tmp/big.yaml"
run schema validate --kind=service "$tmp/big.yaml"
expect "schema validate of a 1.1 MB file" 1 $status "$out" "big.yaml:1:1: error: .*\[YML005\]"
{ printf 'a: '; printf '[%.0s' $(seq 100); printf ']%.0s' $(seq 100); printf '\n'; } > "$tmp/deep.yaml"
run schema validate --kind=service "$tmp/deep.yaml"
expect "schema validate of 100 levels" 1 $status "$out" "deep.yaml:1:[0-9]+: error: .*\[YML004\]"
run check --schema-dir="$tmp/no-such-folder" catalogue/
expect "--schema-dir at a missing folder" 3 $status "$out" \
  "^loket: error: cannot read '$tmp/no-such-folder': No such file or directory \[SYS001\]$"

summary harden
