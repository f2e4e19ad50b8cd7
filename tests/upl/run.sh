#!/usr/bin/env bash
# run.sh: the UPL product list end to end, through the command line:
#   1. `loket check --products UPL-actueel.csv catalogue/`: works, and every product of
#      the sample catalogue is on the UPL (no VOC001, no VOC003; the same diagnostics as
#      with the built-in vocabulary);
#   2. products only the UPL knows (tests/upl/catalogue/): by name and by URI, VOC003 from
#      the UPL's layers, VOC001 with the nearest of the 1017 names;
#   3. `loket vocab import-upl`: 1017 products, a YAML vocabulary that loket reads back
#      (--schema-dir) with the same result, Annex II codes kept from the built-in list;
#   4. broken lists: each a positioned error (file:line:col, SCM005/SCM006) and exit
#      status 2 for check --products (1 for import-upl), 3 when the file cannot be read.
# Uses ../shared/data/upl/ (skipped with a message where it is absent); the malformed
# files of part 4 are written here with printf.
# Usage: tests/upl/run.sh path/to/loket        Exit status 0 only if all pass.
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$root/../shared/data/upl
export SOURCE_DATE_EPOCH=1795824000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# expect DESCRIPTION WANTED-STATUS COMMAND...: runs it (stdout and stderr to $tmp/out)
expect() {
  local what=$1 want=$2 got
  shift 2
  "$@" > "$tmp/out" 2>&1
  got=$?
  if [ "$got" = "$want" ]; then ok; else bad "$what: exit status $got, not $want"; sed 's/^/  /' "$tmp/out" | head -10; fi
}
# has DESCRIPTION TEXT: $tmp/out contains TEXT (a fixed string)
has() { if grep -qF -- "$2" "$tmp/out"; then ok; else bad "$1: no '$2'"; sed 's/^/  /' "$tmp/out" | head -10; fi; }
hasnt() { if grep -qF -- "$2" "$tmp/out"; then bad "$1: '$2'"; grep -F -- "$2" "$tmp/out" | head -5; else ok; fi; }

if [ ! -f "$data/UPL-actueel.csv" ]; then
  echo "SKIP: $data is absent: the UPL tests need ../shared/data/upl/ beside the repository"
  exit 0
fi
upl=$data/UPL-actueel.csv

# ---- 1. the sample catalogue against the UPL ----
expect "check --products UPL-actueel.csv catalogue/" 0 "$loket" check --color=never --products "$upl" catalogue/
cp "$tmp/out" "$tmp/with-upl"
hasnt "sample catalogue with the UPL" "[VOC001]"
hasnt "sample catalogue with the UPL" "[VOC003]"
"$loket" check --color=never catalogue/ > "$tmp/builtin" 2>&1
if cmp -s "$tmp/builtin" "$tmp/with-upl"; then ok; else
  bad "the sample catalogue gives other diagnostics with the UPL than with the built-in list"
  diff "$tmp/builtin" "$tmp/with-upl" | head -10
fi

# ---- 2. products that only the UPL knows ----
expect "tests/upl/catalogue without --products" 1 "$loket" check --color=never tests/upl/catalogue
has "without --products" "the product 'aanleunwoning' is not in the product vocabulary [VOC001]"
expect "tests/upl/catalogue with --products" 1 "$loket" check --color=never --products "$upl" tests/upl/catalogue
hasnt "a UPL product by name" "aanleunwoning-aanvragen.yaml:4"
hasnt "a UPL product by URI" "aanleunwoning-uri.yaml:4"
has "VOC003 from the UPL layers" \
  "accijns-betalen.yaml:4:10: warning: the product list does not name Gemeente among the layers that offer 'accijns' (it names: Rijk) [VOC003]"
has "VOC001 with 1017 products" "paspoord-aanvragen.yaml:4:10: error: the product 'paspoord' is not in the product vocabulary [VOC001]"
has "VOC001 suggests the nearest UPL names" "hint: Did you mean 'paspoort'"
has "the summary" "1 error, 1 warning in 5 files"
expect "report --products" 0 "$loket" report --format=csv --products "$upl" tests/upl/catalogue
expect "build --products" 1 "$loket" build -q --format=json --products "$upl" -o "$tmp/build" tests/upl/catalogue

# ---- 3. vocab import-upl ----
expect "vocab import-upl to stdout" 0 "$loket" vocab import-upl "$upl"
n=$(grep -c '^  - name: ' "$tmp/out")
if [ "$n" = 1017 ]; then ok; else bad "import-upl wrote $n products, not 1017"; fi
has "import-upl keeps Annex II codes of the built-in vocabulary" "annex_ii: \"W1\""
cp -r schemas "$tmp/schemas"
expect "vocab import-upl -o" 0 "$loket" vocab import-upl "$upl" -o "$tmp/schemas/vocabularies/products.yaml"
has "import-upl -o says what it wrote" "1017 products from 1121 rows"
expect "check with the imported vocabulary" 0 "$loket" check --color=never --schema-dir="$tmp/schemas" catalogue/
if cmp -s "$tmp/builtin" "$tmp/out"; then ok; else
  bad "the imported vocabulary gives other diagnostics than the built-in one"
  diff "$tmp/builtin" "$tmp/out" | head -10
fi
expect "the small UPL" 0 "$loket" vocab import-upl "$data/small/UPL-actueel.small.csv"
expect "the small UPL with an extra empty column" 0 "$loket" vocab import-upl "$data/small/UPL-actueel-without-adoptie.small.csv"
expect "open-product upl.csv" 0 "$loket" vocab import-upl "$data/open-product-tests/upl.csv"
expect "vocab without a command" 2 "$loket" vocab
expect "import-upl without a file" 2 "$loket" vocab import-upl

# ---- 4. broken lists ----
f=$data/open-product-tests/upl-missing-columns.csv
expect "missing column" 2 "$loket" check --products "$f" catalogue/
has "missing column" "$f:1:21: error: the product list has no column 'URI' [SCM006]"
has "missing column: the near miss" "hint: Is 'url' meant? Name that column 'URI'."
has "missing column: why it stops" "loket: the product list $f cannot be used"
f=$data/open-product-tests/upl-empty-data.csv
expect "empty required value" 2 "$loket" check --products "$f" catalogue/
has "empty required value" "$f:2:29: error: this product has no URI (column 'URI') [SCM006]"
expect "import-upl of a broken list" 1 "$loket" vocab import-upl "$f"
f=$data/small/SDG-Informatiegebieden.small.csv
expect "not a product list" 2 "$loket" check --products "$f" catalogue/
has "not a product list" "$f:1:1: error: the product list has no column 'UniformeProductnaam' [SCM006]"
expect "a list that does not exist" 3 "$loket" check --products "$tmp/none.csv" catalogue/
has "a list that does not exist" "cannot read"

head='UniformeProductnaam,URI,Rijk,Provincie,Waterschap,Gemeente\r\n'
printf '' > "$tmp/empty.csv"
printf "$head" > "$tmp/header-only.csv"
printf "${head}paspoort,\"http://x/p,X,,,X\r\n" > "$tmp/open-quote.csv"
printf "${head}pas\"poort,http://x/p,X,,,X\r\n" > "$tmp/bare-quote.csv"
printf "${head}\"pas\"poort,http://x/p,X,,,X\r\n" > "$tmp/after-quote.csv"
printf "${head}paspoort,http://x/p,X\r\n" > "$tmp/fields.csv"
printf "${head}caf\xe9,http://x/c,X,,,X\r\n" > "$tmp/latin1.csv"
printf "\xef\xbb\xbf${head}paspoort,http://standaarden.overheid.nl/owms/terms/paspoort,X,,,X\r\n" > "$tmp/bom.csv"
for c in "empty:1:1: error: the product list is empty [SCM006]" \
         "header-only:2:1: error: the product list has a header but no products [SCM006]" \
         "open-quote:2:10: error: a quoted field without its closing quote [SCM005]" \
         "bare-quote:2:4: error: a quote inside a field without quotes [SCM005]" \
         "after-quote:2:6: error: text after the closing quote of a field [SCM005]" \
         "fields:2:1: error: this row has 3 fields; the header has 6 [SCM005]" \
         "latin1:2:4: error: invalid UTF-8 byte 0xE9 [SCM005]"; do
  name=${c%%:*}
  expect "$name.csv" 2 "$loket" check --products "$tmp/$name.csv" catalogue/
  has "$name.csv" "$tmp/$name.csv:${c#*:}"
done
expect "a BOM and CRLF" 0 "$loket" check -q --products "$tmp/bom.csv" catalogue/gemeente-voorbeeldstad/paspoort-aanvragen.yaml

echo "upl: $pass passed, $fail failed"
[ "$fail" = 0 ]
