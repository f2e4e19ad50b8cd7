#!/usr/bin/env bash
# run.sh: the tests of the printed leaflets (`loket build --format=pdf`), on the sample
# catalogue and on the cases in cases/ (a very long service, one with every optional field
# left out, a How-to-apply box taller than a page, hostile text and URLs, English):
#   1. files: a PDF per valid service and language, and one per agency with all its pages;
#   2. text (pdftotext -raw): the headings and key facts in the order of the uniform
#      presentation; hostile text arrives as text; absent sections are left out;
#   3. properties (pdfinfo, pdffonts): A4 and A5, page counts, title, author, subject,
#      dates from SOURCE_DATE_EPOCH, /Lang, DejaVu Sans embedded as a subset;
#   4. the QR code, decoded from the rendered page (pdftoppm -r 150, zbarimg), equals the
#      online channel's URL;
#   5. links: the URIs; a URL with ")" cannot add PDF syntax; qpdf --check (when present);
#   6. layout (pdftotext -bbox): no two words overlap, none leaves the margins; a list
#      item and the box are never split over pages (only a box taller than a page is);
#   7. two builds are byte-identical, also with -j 1;
#   8. tagged PDF, the PDF/UA-1 checks listed in README.md (pdfua.py: qpdf's JSON, pdfinfo
#      -struct-text, pdftotext -bbox-layout): structure tree, reading order, MarkInfo,
#      DisplayDocTitle, /Lang, XMP, /Alt, /Contents, /Tabs, artifacts, bookmarks.
# Usage: tests/leaflet/run.sh path/to/loket      Exit status 0 only if all pass.
# Needs poppler-utils (pdftotext, pdfinfo, pdftoppm, pdffonts) and zbar-tools (zbarimg);
# skips what it cannot check, with a message. qpdf and python3 are optional (without them the
# PDF/UA checks are skipped).
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export SOURCE_DATE_EPOCH=1795824000 TZ=UTC LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2

pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }
have() { command -v "$1" > /dev/null 2>&1; }

for tool in pdftotext pdfinfo pdftoppm pdffonts; do
  if ! have "$tool"; then
    echo "leaflet: SKIPPED: $tool is missing (apt-get install poppler-utils)"
    exit 0
  fi
done
have zbarimg || skip "QR codes: zbarimg is missing (apt-get install zbar-tools)"
have qpdf || skip "PDF structure: qpdf is missing (apt-get install qpdf)"

# ---- Build: the catalogue (twice), the cases on A4 and on A5.
build() { # build OUT [OPTIONS...] PATH
  local out=$1; shift
  "$loket" build -q --format=pdf -o "$out" "$@" > "$tmp/build.log" 2>&1
  local rc=$?
  [ $rc = 0 ] && ok || { bad "loket build $* exited $rc"; cat "$tmp/build.log"; }
}
build "$tmp/cat" catalogue/
build "$tmp/cat2" catalogue/
build "$tmp/cat-j1" -j 1 catalogue/
build "$tmp/cases" tests/leaflet/cases/
build "$tmp/a5" --paper=a5 tests/leaflet/cases/
build "$tmp/cat-a5" --paper=a5 catalogue/gemeente-voorbeeldstad

# The text of a PDF (or of page $2), whitespace and no-break spaces folded to one space.
text() {
  if [ $# -gt 1 ]; then pdftotext -raw -f "$2" -l "$2" "$1" -; else pdftotext -raw "$1" -; fi |
    sed 's/\xc2\xa0/ /g' | tr '\n\f' '  ' | tr -s ' '
}
info() { pdfinfo -isodates "$1" | sed -n "s/^$2: *//p"; }
pages() { info "$1" Pages; }

# in_order FILE STRING...: every string occurs, each after the one before.
in_order() {
  local f=$1; shift
  local rest prev="(start)"
  rest=$(text "$f")
  for s in "$@"; do
    if [[ "$rest" != *"$s"* ]]; then
      bad "$(basename "$f"): '$s' missing or not after '$prev'"
      return
    fi
    rest=${rest#*"$s"}
    prev=$s
  done
  ok
}

# absent FILE STRING...: none of the strings occurs.
absent() {
  local f=$1; shift
  local t
  t=$(text "$f")
  for s in "$@"; do
    [[ "$t" == *"$s"* ]] && { bad "$(basename "$f"): '$s' should not be there"; return; }
  done
  ok
}

expect() { # expect WHAT GOT WANTED
  [ "$2" == "$3" ] && ok || bad "$1: got '$2', expected '$3'"
}

# ---- 1. Files.
for f in catalogue/*/*.yaml; do
  [ "$(basename "$f")" = agency.yaml ] && continue
  agency=$(basename "$(dirname "$f")") id=$(basename "$f" .yaml)
  [ -f "$tmp/cat/leaflets/$agency/$id.pdf" ] || bad "no leaflet for $f"
  # The languages of translations: the keys under "translations:".
  for lang in $(awk '/^translations:/ {t = 1; next} /^[^ #]/ {t = 0} t && /^  [a-z][a-z-]*:$/ {sub(/:$/, ""); print $1}' "$f"); do
    [ -f "$tmp/cat/leaflets/$agency/$id.$lang.pdf" ] || bad "no $lang leaflet for $f"
  done
done
ok
expected="alleen-verplicht.pdf grote-balie.pdf lange-tekst.pdf online-engels.pdf vreemde-tekens.en.pdf vreemde-tekens.pdf"
expect "case leaflets" "$(cd "$tmp/cases/leaflets/gemeente-folderstad" && echo *.pdf)" "$expected"
for dir in "$tmp/cat/leaflets" "$tmp/cases/leaflets"; do
  for agency_pdf in "$dir"/*.pdf; do
    sum=0
    for f in "${agency_pdf%.pdf}"/*.pdf; do sum=$((sum + $(pages "$f"))); done
    expect "pages of $(basename "$agency_pdf")" "$(pages "$agency_pdf")" "$sum"
  done
done
expect "agency file title" "$(info "$tmp/cases/leaflets/gemeente-folderstad.pdf" Title)" "Gemeente Folderstad: folders"
expect "agency file author" "$(info "$tmp/cases/leaflets/gemeente-folderstad.pdf" Author)" "Gemeente Folderstad"

# ---- 2. Text in the order of the uniform presentation.
pas=$tmp/cat/leaflets/gemeente-voorbeeldstad/paspoort-aanvragen.pdf
in_order "$pas" "Gemeente Voorbeeldstad" "Paspoort" "Paspoort aanvragen" "Vraag een nieuw paspoort aan." \
  "Zo vraagt u het aan" "Gedeeltelijk online" "Dit kan niet online:" "bewijsstukken aanleveren (Pasfoto, Huidig paspoort: alleen op papier of aan de balie)" \
  "U moet zelf langskomen voor: Kom naar het stadskantoor, Haal uw paspoort op." \
  "Online: www.voorbeeldstad.nl/afspraak/paspoort" "Inloggen met: DigiD, Europese inlogmiddelen (eIDAS)." \
  "Balie: Stadhuisplein 1, 4561 AB Voorbeeldstad" "Alleen op afspraak." \
  "Openingstijden: maandag t/m vrijdag 08:30‑16:30; donderdag 17:30‑20:00." "Telefoon: 14 0456" \
  "Stappen" "Maak een afspraak." "Wie kan het aanvragen" "Voor wie: Inwoners." "U heeft de Nederlandse nationaliteit." \
  "Wat heeft u nodig" "Pasfoto – alleen op papier of aan de balie" "Wat kost het" "Paspoort voor 18 jaar en ouder: € 84,10" \
  "Zo kunt u betalen: online, met de pinpas aan de balie." "Hoe lang duurt het" "Doorlooptijd: 5 dagen." \
  "Als u geen antwoord krijgt" "Wat krijgt u" "Bezwaar en beroep" "Wetten en regels" "Artikel 26 Paspoortwet" \
  "Contact" "E-mail: info@voorbeeldstad.nl"
# The footer of each page: the date of the last review, the page number, the source URL.
for p in 1 2; do
  [[ "$(text "$pas" $p)" == *"Laatst gecontroleerd: 30 september 2026 $p / 2 Meer informatie: www.voorbeeldstad.nl/afspraak/paspoort"* ]] &&
    ok || bad "footer of page $p of the passport"
done
# A translation: the labels and the translated fields in English, the rest in Dutch; the
# uniform product name is a name and stays as it is.
in_order "${pas%.pdf}.en.pdf" "Paspoort" "Apply for a passport" "How to apply" "Partly online" "Not possible online:" \
  "You must come in person for: Come to the city office, Collect your passport." "Steps" "Who can apply" "For whom: Residents." \
  "You have Dutch nationality." "What you need" "only on paper or at the counter" "Costs" "€84.10" "How to pay:" \
  "How long it takes" "Processing time: 5 days." "If you get no answer" "What you get" "Objection and appeal" \
  "Laws and rules" "Contact" "Last reviewed: 30 September 2026"
case=$tmp/cases/leaflets/gemeente-folderstad
in_order "$case/online-engels.pdf" "Parkeervergunning" "Apply for a residents' parking permit" "How to apply" \
  "✓ You can do this fully online" "Online: www.folderstad.nl/en/parking-permit" "Log in with: DigiD, European login (eIDAS)." \
  "Phone: 14 0123" "Opening hours: Monday to Friday 09:00‑17:00; Saturday 10:00‑12:00." "Steps" "Log in." \
  "Who can apply" "What you need" "Registration certificate" "Costs" "Permit for one year: €1,250.50" \
  "How to pay: online, by direct debit." "How long it takes" "Processing time: 2 weeks." "Tacit approval" \
  "What you get" "Objection and appeal" "Laws and rules" "Contact" "Last reviewed: 2 November 2026"
absent "$case/online-engels.pdf" "Not possible online" "Zo vraagt"
in_order "$case/alleen-verplicht.pdf" "Afvalcontainer" "Extra container aanvragen" "Zo vraagt u het aan" \
  "Niet online: kom naar de balie of bel ons" "E-mail: afval@folderstad.nl" "Hier kunt u: informatie krijgen." \
  "Wie kan het aanvragen" "Wat kost het" "Gratis" "Contact" "Telefoon: 14 0123" "Meer informatie: www.folderstad.nl"
absent "$case/alleen-verplicht.pdf" "Stappen" "Wat heeft u nodig" "Hoe lang duurt het" "Wat krijgt u" "Bezwaar en beroep" \
  "Wetten en regels" "Dit kan niet online"
in_order "$case/vreemde-tekens.pdf" "Terras <b>vergunning</b> & 'meer' \"meer\"" \
  "Tekst met <i>opmaak</i> &amp; %s %n \\ ' \" en een héél lang woord" \
  "Let op: 'quotes' \\ backslash </note>" "Balie: Raadhuisplein 1 & 2, 1234 AB Folderstad" \
  "Vul <form> in." "<span foreground='red'>Geen markup" "Súdwest-" "Fryslân" "Καλημέρα" \
  "Leges <terras>: € 0,05" "Doorlooptijd: 1 jaar, 2 maanden, 3 dagen en 4 uur." \
  "Bezwaar: <a href='javascript:alert(1)'>klik</a>"
in_order "$case/vreemde-tekens.en.pdf" "Terrace <b>permit</b>" "English text with <i>markup</i> & more" "How to apply" \
  "<span foreground='red'>Geen markup" "Objection and appeal" "Bezwaar: <a href="
in_order "$tmp/a5/leaflets/gemeente-folderstad/online-engels.pdf" "How to apply" "Who can apply" "Contact"

# ---- 3. Properties.
expect "A4 page size" "$(info "$pas" 'Page size')" "595.276 x 841.89 pts (A4)"
expect "A5 page size" "$(info "$tmp/cat-a5/leaflets/gemeente-voorbeeldstad/paspoort-aanvragen.pdf" 'Page size')" "419.528 x 595.276 pts"
expect "A5 case page size" "$(info "$tmp/a5/leaflets/gemeente-folderstad/lange-tekst.pdf" 'Page size')" "419.528 x 595.276 pts"
expect "passport pages" "$(pages "$pas")" 2
expect "online pages" "$(pages "$case/online-engels.pdf")" 1
expect "minimal pages" "$(pages "$case/alleen-verplicht.pdf")" 1
[ "$(pages "$case/lange-tekst.pdf")" -ge 4 ] && ok || bad "the long case has $(pages "$case/lange-tekst.pdf") pages"
[ "$(pages "$case/grote-balie.pdf")" -ge 2 ] && ok || bad "the big box has $(pages "$case/grote-balie.pdf") pages"
expect "title" "$(info "$pas" Title)" "Paspoort aanvragen"
expect "author" "$(info "$pas" Author)" "Gemeente Voorbeeldstad"
expect "subject" "$(info "$pas" Subject)" "Paspoort"
expect "English title" "$(info "${pas%.pdf}.en.pdf" Title)" "Apply for a passport"
expect "creation date" "$(info "$pas" CreationDate)" "2026-11-28T00:00:00Z"
expect "modification date" "$(info "$pas" ModDate)" "2026-11-28T00:00:00Z"
expect "hostile title" "$(info "$case/vreemde-tekens.pdf" Title)" "Terras <b>vergunning</b> & 'meer' \"meer\""
grep -aq '/Lang (nl)' "$pas" && ok || bad "no /Lang (nl) in the passport"
grep -aq '/Lang (en)' "${pas%.pdf}.en.pdf" && ok || bad "no /Lang (en) in the English passport"
grep -aq '/Lang (en)' "$case/online-engels.pdf" && ok || bad "no /Lang (en) in online-engels"
fonts=$(pdffonts "$pas" | tail -n +3)
if grep -q '+DejaVuSans ' <<< "$fonts" && grep -q '+DejaVuSans-Bold ' <<< "$fonts" &&
   awk '$(NF-4) != "yes" || $(NF-3) != "yes" { bad = 1 } END { exit bad }' <<< "$fonts"; then
  ok
else
  bad "fonts: not DejaVu Sans, or not embedded as a subset:"; echo "$fonts"
fi

# ---- 4. QR codes.
qr() { # qr PDF: the text of the first QR code in the leaflet ("" when none)
  local p n
  n=$(pages "$1")
  for ((p = 1; p <= n; p++)); do
    pdftoppm -r 150 -f $p -l $p -singlefile -png "$1" "$tmp/qr" && zbarimg -q --raw "$tmp/qr.png" 2> /dev/null && break
  done
  rm -f "$tmp/qr.png"
}
if have zbarimg; then
  expect "QR passport" "$(qr "$pas")" "https://www.voorbeeldstad.nl/afspraak/paspoort"
  expect "QR online" "$(qr "$case/online-engels.pdf")" "https://www.folderstad.nl/en/parking-permit"
  expect "QR hostile URL" "$(qr "$case/vreemde-tekens.pdf")" "https://www.folderstad.nl/terras/a'b)/S/JavaScript/JS(app.alert(1)?x=%27"
  expect "QR A5" "$(qr "$tmp/cat-a5/leaflets/gemeente-voorbeeldstad/paspoort-aanvragen.pdf")" "https://www.voorbeeldstad.nl/afspraak/paspoort"
  expect "QR of an offline service" "$(qr "$case/alleen-verplicht.pdf")" ""
fi

# ---- 5. Links.
uris() { grep -a -o '/URI (.*)$' "$1" | sort -u | tr '\n' ' '; }
expect "passport links" "$(uris "$pas")" "/URI (https://wetten.overheid.nl/BWBR0005212/) /URI (https://wetten.overheid.nl/jci1.3:c:BWBR0005212&hoofdstuk=IV&Paragraaf=1&artikel=26) /URI (https://www.voorbeeldstad.nl/afspraak/paspoort) /URI (https://www.voorbeeldstad.nl/contact) /URI (mailto:info@voorbeeldstad.nl) /URI (tel:140456) "
expect "hostile links" "$(uris "$case/vreemde-tekens.pdf")" "/URI (https://www.folderstad.nl/contact) /URI (https://www.folderstad.nl/terras/a'b%29/S/JavaScript/JS%28app.alert%281%29?x=%27) /URI (mailto:info@folderstad.nl) /URI (tel:140123) "
grep -aq 'JavaScript *(' "$case/vreemde-tekens.pdf" && bad "PDF syntax from a URL" || ok
if have qpdf; then
  for f in "$pas" "$case"/*.pdf "$tmp/cases/leaflets/gemeente-folderstad.pdf" "$tmp/a5/leaflets/gemeente-folderstad"/*.pdf; do
    out=$(qpdf --check "$f" 2>&1)
    [ $? = 0 ] && ! grep -q WARNING <<< "$out" && ok || { bad "qpdf --check $(basename "$f")"; echo "$out" | head -5; }
  done
fi

# ---- 6. Layout: no overlapping words, nothing outside the margins.
layout() { # layout PDF MARGIN
  pdftotext -bbox "$1" - | awk -v file="$(basename "$1")" -v margin="$2" '
    function check_page(   i, j) {
      for (i = 1; i <= n; i++) {
        if (x0[i] < margin - 1 || x1[i] > W - margin + 1 || y0[i] < 0 || y1[i] > H) {
          printf "%s page %d: \"%s\" outside the margins (%.1f %.1f %.1f %.1f)\n", file, page, w[i], x0[i], y0[i], x1[i], y1[i]; bad++
        }
        for (j = i + 1; j <= n; j++)
          if (x0[i] < x1[j] - 0.3 && x0[j] < x1[i] - 0.3 && y0[i] < y1[j] - 0.3 && y0[j] < y1[i] - 0.3) {
            printf "%s page %d: \"%s\" overlaps \"%s\"\n", file, page, w[i], w[j]; bad++
          }
      }
      n = 0
    }
    /<page / { if (page) check_page(); page++; match($0, /width="[0-9.]+"/); W = substr($0, RSTART + 7, RLENGTH - 8) + 0
               match($0, /height="[0-9.]+"/); H = substr($0, RSTART + 8, RLENGTH - 9) + 0 }
    /<word / { n++
      match($0, /xMin="[0-9.]+"/); x0[n] = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /yMin="[0-9.]+"/); y0[n] = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /xMax="[0-9.]+"/); x1[n] = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /yMax="[0-9.]+"/); y1[n] = substr($0, RSTART + 6, RLENGTH - 7) + 0
      t = $0; sub(/.*">/, "", t); sub(/<\/word>.*/, "", t); w[n] = t }
    END { if (page) check_page(); exit bad > 0 }'
}
for f in "$tmp/cat/leaflets"/*/*.pdf "$case"/*.pdf; do
  layout "$f" 40 || bad "layout of $f"
done
for f in "$tmp/a5/leaflets"/*/*.pdf "$tmp/cat-a5/leaflets"/*/*.pdf; do
  layout "$f" 34 || bad "layout of $f (A5)"
done
ok

# Never split: each list item of the long case (a condition, step, evidence) is whole on
# one page; so is the box; a paragraph may be split between lines.
on_one_page() { # on_one_page PDF STRING...: some page holds each string whole
  local f=$1 n p t s all
  shift
  n=$(pages "$f")
  for ((p = 1; p <= n; p++)); do
    t=$(text "$f" "$p") all=1
    for s in "$@"; do [[ "$t" == *"$s"* ]] || all=0; done
    [ $all = 1 ] && return 0
  done
  return 1
}
long=$case/lange-tekst.pdf
split=0
while IFS= read -r item; do
  on_one_page "$long" "$item" || { bad "list item split or missing: ${item:0:60}..."; split=1; }
done < <(sed -n 's/^  - \(Voorwaarde [0-9]*\. .*\)/\1/p' tests/leaflet/cases/gemeente-folderstad/lange-tekst.yaml)
for a4or5 in "$long" "$tmp/a5/leaflets/gemeente-folderstad/lange-tekst.pdf"; do
  for i in 1 5 9 13; do
    on_one_page "$a4or5" "Bewijsstuk $i – alleen op papier of aan de balie" || bad "evidence $i split: $a4or5"
  done
  for i in 1 6 12; do
    on_one_page "$a4or5" "Stap $i van het bouwproject." || bad "step $i split: $a4or5"
  done
done
# The box: on A4 its heading and the end of its last channel on one page. On A5 the box
# would leave more than half of the first page empty: it starts there and goes on.
on_one_page "$long" "Zo vraagt u het aan" "Openingstijden: maandag t/m vrijdag 08:00‑20:00. Hier kunt u: informatie krijgen." &&
  ok || bad "the box of the long case is split: $long"
long5=$tmp/a5/leaflets/gemeente-folderstad/lange-tekst.pdf
[[ "$(text "$long5" 1)" == *"Zo vraagt u het aan"* ]] && ok || bad "A5: the box of the long case does not start on page 1"
in_order "$long5" "Zo vraagt u het aan" "Openingstijden: maandag t/m vrijdag 08:00‑20:00. Hier kunt u: informatie krijgen."
# No heading ends a page or a column: every heading of the sample's leaflets is followed
# on its page by text (the trouwen leaflet left "Wat krijgt u" alone at the foot of page 1).
for f in "$tmp/cat/leaflets"/*/*.pdf "$tmp/cat-a5/leaflets"/*/*.pdf; do
  n=$(pages "$f")
  for ((p = 1; p <= n; p++)); do
    last=$(text "$f" "$p" | grep -v '^[[:space:]]*$' | grep -vE '^(Laatst gecontroleerd|Last reviewed|Meer informatie|More information|[0-9]+ / [0-9]+$)' | tail -1)
    case "$last" in
      "Wat kost het"|"Hoe lang duurt het"|"Wat krijgt u"|"Bezwaar en beroep"|"Wetten en regels"|"Contact"|"Stappen"|"Wie kan het aanvragen"|"Wat heeft u nodig")
        bad "a heading ends page $p of $f: $last" ;;
    esac
  done
done
ok
[ $split = 0 ] && ok
# The box taller than a page starts on page 1 and goes on; every channel is there once.
big=$case/grote-balie.pdf
in_order "$big" "Zo vraagt u het aan" "Online: www.folderstad.nl/markt" "Balie: Marktplein 1," "Balie: Marktplein 24," "Contact"
[[ "$(text "$big" 1)" == *"Zo vraagt u het aan"*"Balie: Marktplein 1,"* && "$(text "$big" 2)" == *"Balie: Marktplein"* ]] &&
  ok || bad "the big box should start on page 1 and go on on page 2"
expect "channels in the big box" "$(text "$big" | grep -o 'Balie: Marktplein [0-9]*,' | wc -l)" 24

# ---- 7. Reproducible: two builds, the same bytes.
if diff -r -q "$tmp/cat" "$tmp/cat2" > "$tmp/diff.log"; then ok; else bad "two builds differ:"; head "$tmp/diff.log"; fi
[ "$(find "$tmp/cat" -name '*.pdf' | wc -l)" -gt 60 ] && ok || bad "too few PDFs to compare"
if diff -r -q "$tmp/cat" "$tmp/cat-j1" > "$tmp/diff.log"; then ok; else bad "-j 1 gives other bytes:"; head "$tmp/diff.log"; fi

# ---- 8. Tagged PDF: the PDF/UA-1 checks of tests/leaflet/README.md, on every leaflet.
if have qpdf && have python3; then
  ua() { python3 "$here/pdfua.py" "$@" && ok || bad "PDF/UA checks (pdfua.py $1 ...)"; }
  ua --lang=auto:nl --whole-text "$tmp/cat/leaflets"/*/*.pdf
  ua --lang=nl --alt=https://www.voorbeeldstad.nl/afspraak/paspoort "$pas"
  ua --lang=en --alt=https://www.voorbeeldstad.nl/afspraak/paspoort "${pas%.pdf}.en.pdf"
  ua --lang=auto:nl "$case/alleen-verplicht.pdf" "$case/grote-balie.pdf" "$case/lange-tekst.pdf" \
    "$case"/vreemde-tekens*.pdf
  ua --lang=auto:nl "$tmp/a5/leaflets/gemeente-folderstad"/[!o]*.pdf
  ua --lang=en --alt=https://www.folderstad.nl/en/parking-permit "$case/online-engels.pdf" \
    "$tmp/a5/leaflets/gemeente-folderstad/online-engels.pdf"
  # An agency's file: one bookmark per service, at the page that shows it; each leaflet a
  # Sect in its language.
  for booklet in "$tmp/cat/leaflets"/*.pdf "$tmp/cases/leaflets"/*.pdf; do
    dir=${booklet%.pdf}
    services=$(find "$dir" -name '*.pdf' | grep -cv '\.[a-z][a-z]*\.pdf$')
    ua --lang=nl --outlines="$services" "$booklet"
    out=$(qpdf --check "$booklet" 2>&1)
    [ $? = 0 ] && ! grep -q WARNING <<< "$out" && ok || { bad "qpdf --check $(basename "$booklet")"; echo "$out" | head -5; }
  done
  # The structure tree in reading order, as a screen reader gets it: the box, the QR code
  # (its address), then the two columns one after the other.
  tree=$(pdfinfo -struct-text "$pas" | grep -A1 -E '^ *(H[1-3]|Figure)' | grep -v -- '^--' | tr '\n' ' ' | tr -s ' ')
  [[ "$tree" == *'H1 (block) "Paspoort" H2 (block) "Zo vraagt u het aan" Figure "" H2 (block) "Stappen" H2 (block) "Wie kan het aanvragen" H2 (block) "Wat heeft u nodig" H2 (block) "Wat kost het" H2 (block) "Hoe lang duurt het" H3 (block) "Als u geen antwoord krijgt" H2 (block) "Wat krijgt u" H2 (block) "Bezwaar en beroep" H2 (block) "Wetten en regels" H2 (block) "Contact"'* ]] &&
    ok || bad "structure tree of the passport: $tree"
  # Text of an element in one piece (show_run: no nested ActualText spans that cut it off).
  pdfinfo -struct-text "$pas" | grep -q '"Balie: Stadhuisplein 1, 4561 AB Voorbeeldstad Alleen op afspraak. Openingstijden:' &&
    ok || bad "the counter's paragraph is not whole in the structure tree"
  # A link: in a Link element, with its text, and /Contents naming it and its address.
  pdfinfo -struct-text "$pas" | grep -A3 'Link (inline)' | grep -q '"Artikel 26 Paspoortwet"' && ok || bad "no Link element with its text"
  qpdf --json --json-key=qpdf "$pas" | grep -q '"/Contents": "u:Artikel 26 Paspoortwet (https://wetten.overheid.nl/jci1.3:c:BWBR0005212&hoofdstuk=IV&Paragraaf=1&artikel=26)"' &&
    ok || bad "no /Contents on the law's link"
  # A change of language is declared: in the English passport, the Dutch names of the
  # evidence are Spans in Dutch, the notes (in Dutch) too.
  expect "Dutch elements in the English passport" \
    "$(pdfinfo -struct-text "${pas%.pdf}.en.pdf" | grep -c '"Pasfoto"\|"Huidig paspoort"')" 2
  [ "$(qpdf --json --json-key=qpdf "${pas%.pdf}.en.pdf" | grep -c '"/Lang": "u:nl"')" -ge 4 ] &&
    ok || bad "no elements with /Lang (nl) in the English passport"
  # A hostile title reaches the XMP as text, escaped.
  qpdf --show-object=$(qpdf --json --json-key=qpdf "$case/vreemde-tekens.pdf" | sed -n 's/.*"\/Metadata": "\([0-9]*\) 0 R".*/\1/p') \
    --raw-stream-data "$case/vreemde-tekens.pdf" | grep -qF '<rdf:li xml:lang="x-default">Terras &lt;b&gt;vergunning&lt;/b&gt; &amp; '"'meer' \"meer\"</rdf:li>" &&
    ok || bad "hostile title in the XMP"
else
  skip "PDF/UA checks: qpdf or python3 is missing"
fi

echo "leaflet: $pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
