#!/usr/bin/env bash
# run.sh: the tests of `loket report`.
#   1. golden files: the report of the sample catalogue in every format
#      (catalogue.txt, .json, .csv, .html), regenerated into a temporary folder
#      and compared byte for byte; REGEN=1 rewrites the golden files instead;
#   2. the JSON follows report.schema.yaml (with python3 and its jsonschema and
#      yaml modules; skipped with a message when they are missing: loket has no
#      command that validates a file against a schema);
#   3. the numbers agree across the formats and inside each one (python3);
#   4. the HTML parses (xmllint --html, when xmllint exists).
# Checks 2-4 also run on a few regression folders (without golden files): they
# have invalid files, missing agencies, waivers and every digital level.
# Usage: tests/report/run.sh path/to/loket        Exit status 0 only if all pass.
set -u
loket=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# The report's date, so the golden files do not change from day to day.
export SOURCE_DATE_EPOCH=1795824000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root" || exit 2

pass=0 fail=0 skipped=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "SKIP: $*"; }

formats="text:txt json:json csv:csv html:html"

# report NAME PATHS...: write every format of the report on PATHS to $tmp/NAME.EXT
report() {
  local name=$1 f ext rc
  shift
  for fe in $formats; do
    f=${fe%%:*} ext=${fe##*:}
    "$loket" report --format="$f" "$@" > "$tmp/$name.$ext" 2> "$tmp/$name.$ext.err"
    rc=$?
    if [ $rc != 0 ]; then
      bad "loket report --format=$f $* exited with $rc"
      sed 's/^/  /' "$tmp/$name.$ext.err" | head -10
    else
      ok
    fi
  done
}

# ---- 1. golden files ----
report catalogue catalogue
for fe in $formats; do
  ext=${fe##*:}
  if [ -n "${REGEN:-}" ]; then
    cp "$tmp/catalogue.$ext" "$here/catalogue.$ext"
  elif cmp -s "$here/catalogue.$ext" "$tmp/catalogue.$ext"; then
    ok
  else
    bad "catalogue.$ext differs from loket report --format=${fe%%:*} catalogue"
    diff -u "$here/catalogue.$ext" "$tmp/catalogue.$ext" | head -30
  fi
done
[ -n "${REGEN:-}" ] && echo "report: golden files rewritten"

# The same output twice, and with -o FILE as on stdout.
"$loket" report --format=json catalogue > "$tmp/again.json" 2> /dev/null
"$loket" report --format=json -o "$tmp/out.json" catalogue 2> /dev/null
if cmp -s "$tmp/catalogue.json" "$tmp/again.json" && cmp -s "$tmp/catalogue.json" "$tmp/out.json"; then
  ok
else
  bad "loket report --format=json is not deterministic, or -o FILE differs from stdout"
fi

# Extra inputs: checked for schema, numbers and HTML, not against golden files.
extras="regress-rules:tests/regress/rules/gemeente-regels
regress-catalogues:tests/regress/catalogues/no-agency,tests/regress/catalogues/invalid-agency,tests/regress/catalogues/mixed-errors,tests/regress/catalogues/valid-mini"
names="catalogue"
while IFS= read -r line; do
  name=${line%%:*} paths=${line#*:}
  ok_paths=()
  IFS=, read -r -a list <<< "$paths"
  for p in "${list[@]}"; do [ -e "$p" ] && ok_paths+=("$p"); done
  [ ${#ok_paths[@]} = 0 ] && continue
  report "$name" "${ok_paths[@]}"
  names="$names $name"
done <<< "$extras"

# ---- 2. the JSON against report.schema.yaml ----
if command -v python3 > /dev/null && python3 -c 'import jsonschema, yaml' 2> /dev/null; then
  for n in golden $names; do
    if [ $n = golden ]; then file="$here/catalogue.json"; else file="$tmp/$n.json"; fi
    if out=$(python3 - "$here/report.schema.yaml" "$file" 2>&1 <<'EOF'
import json, sys, yaml, jsonschema
schema = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
errors = sorted(v.iter_errors(json.load(open(sys.argv[2], encoding="utf-8"))), key=lambda e: list(e.path))
for e in errors[:10]:
    print("  %s: %s" % ("/".join(map(str, e.path)) or "(top)", e.message[:200]))
sys.exit(1 if errors else 0)
EOF
    ); then ok; else bad "$n: the JSON report does not follow report.schema.yaml"; printf '%s\n' "$out"; fi
  done
else
  skip "JSON schema check: python3 with the jsonschema and yaml modules is not available"
fi

# ---- 3. the numbers agree across formats (the golden files and every fresh report) ----
if command -v python3 > /dev/null; then
  for n in golden $names; do
    if [ $n = golden ]; then base="$here/catalogue"; else base="$tmp/$n"; fi
    if out=$(python3 - "$base" 2>&1 <<'EOF'
import csv, io, json, os, re, sys
from html.parser import HTMLParser

base = sys.argv[1]
read = lambda ext: open(base + "." + ext, encoding="utf-8").read()
J = json.loads(read("json"))
problems = []
def check(cond, what):
    if not cond:
        problems.append(what)

LEVELS = ["fully-online", "partly-online", "form-download-only", "offline"]
KEYS = ["services", "digital_only", "sdg_not_fully_online", "waivers", "invalid"]
T, A, S = J["total"], J["agencies"], J["services"]
pct = lambda fo, n: (int((100.0 * fo / n) * 10 + 0.5) / 10) if n else 0
# Text and HTML print the percentage with one decimal, JSON as a number.
fmt_pct = lambda x: "%.1f" % x

# -- JSON inside: total = sum of agencies = what the services say
for k in KEYS:
    check(T[k] == sum(a[k] for a in A), "json: total.%s != sum over agencies" % k)
for l in LEVELS:
    check(T["levels"][l] == sum(a["levels"][l] for a in A), "json: total.levels.%s != sum over agencies" % l)
for x in [T] + A:
    check(sum(x["levels"].values()) == x["services"], "json: levels do not add up to services (%s)" % x.get("folder", "total"))
    check(x["fully_online_percent"] == pct(x["levels"]["fully-online"], x["services"]),
          "json: fully_online_percent %s (%s)" % (x["fully_online_percent"], x.get("folder", "total")))
check(len(S) == T["services"], "json: %d services listed, total.services %d" % (len(S), T["services"]))
not_fully = lambda s: s["level"] != "fully-online"
sdg = lambda s: s["sdg_annex_ii"] is not None and not_fully(s)
for l in LEVELS:
    check(sum(s["level"] == l for s in S) == T["levels"][l], "json: services with level %s != total" % l)
check(sum(s["digital_only"] for s in S) == T["digital_only"], "json: digital_only services != total")
check(sum(map(sdg, S)) == T["sdg_not_fully_online"], "json: SDG services not fully online != total")
check(sum(len(s["waivers"]) for s in S) == T["waivers"], "json: waivers != total")
for s in S:
    check((s["level"] == "fully-online") == (len(s["missing"]) == 0), "json: %s: level and missing disagree" % s["file"])
for a in A:
    mine = [s for s in S if os.path.dirname(s["file"]) == a["folder"]]
    check(len(mine) == a["services"], "json: %s: %d services listed, %d counted" % (a["folder"], len(mine), a["services"]))
    for l in LEVELS:
        check(sum(s["level"] == l for s in mine) == a["levels"][l], "json: %s: level %s" % (a["folder"], l))
    check(sum(s["digital_only"] for s in mine) == a["digital_only"], "json: %s: digital_only" % a["folder"])
    check(sum(map(sdg, mine)) == a["sdg_not_fully_online"], "json: %s: sdg_not_fully_online" % a["folder"])
    check(sum(len(s["waivers"]) for s in mine) == a["waivers"], "json: %s: waivers" % a["folder"])
check([a["folder"] for a in A] == sorted(a["folder"] for a in A), "json: agencies not sorted by folder")
check([s["file"] for s in S] == sorted(s["file"] for s in S), "json: services not sorted by file")

# -- CSV: one row per service, the same values as the JSON
rows = list(csv.reader(io.StringIO(read("csv"), newline="")))
head = ["agency", "file", "id", "product", "title", "level", "digital_only", "sdg_annex_ii", "missing", "waivers",
        "readability_min", "readability_field"]
check(rows[:1] == [head], "csv: header %s" % rows[:1])
rows = [dict(zip(head, r)) for r in rows[1:]]
check(len(rows) == T["services"], "csv: %d rows, json total.services %d" % (len(rows), T["services"]))
for l in LEVELS:
    n = sum(r["level"] == l for r in rows)
    check(n == T["levels"][l], "csv: %d rows %s, json %d" % (n, l, T["levels"][l]))
check(sum(r["digital_only"] == "yes" for r in rows) == T["digital_only"], "csv: digital_only rows != json total")
check(all(r["digital_only"] in ("yes", "no") for r in rows), "csv: digital_only not yes/no")
check(sum(r["sdg_annex_ii"] != "" and r["level"] != "fully-online" for r in rows) == T["sdg_not_fully_online"],
      "csv: SDG rows not fully online != json total")
for a in A:
    mine = [r for r in rows if os.path.dirname(r["file"]) == a["folder"]]
    for l in LEVELS:
        check(sum(r["level"] == l for r in mine) == a["levels"][l], "csv: %s: rows %s != json" % (a["folder"], l))
    check(all(r["agency"] == a.get("id", "") for r in mine), "csv: %s: agency column != json id" % a["folder"])
def cell(v):  # what write_csv makes of a value: formulas neutralised with a quote
    v = v or ""
    return "'" + v if v[:1] in ("=", "+", "-", "@") else v
for r, s in zip(rows, S):
    want = {"file": s["file"], "id": s["id"], "product": s["product"], "title": s["title"], "level": s["level"],
            "digital_only": "yes" if s["digital_only"] else "no", "sdg_annex_ii": s["sdg_annex_ii"] or "",
            "missing": "; ".join(s["missing"]),
            "waivers": "; ".join("%s: %s" % (w["rule"], w["reason"]) for w in s["waivers"]),
            "readability_min": "" if s["readability_min"] is None else "%.1f" % s["readability_min"],
            "readability_field": "" if s["readability_field"] is None else
                                 "%s (%s)" % (s["readability_field"], s["readability_language"])}
    for k, v in want.items():
        check(r[k] == cell(v), "csv: %s: %s is %r, json %r" % (s["file"], k, r[k][:80], v[:80]))

# -- text: the table, and the lists under it
text = read("txt").splitlines()
row_re = re.compile(r"^(.{28}) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +([\d.]+)% +(\d+) +(\d+)$")
table = {}
for line in text:
    m = row_re.match(line)
    if m:
        table[m.group(1).rstrip()] = m.groups()[1:]
def want_row(x):
    l = x["levels"]
    return (str(x["services"]), str(l["fully-online"]), str(l["partly-online"]), str(l["form-download-only"]),
            str(l["offline"]), fmt_pct(x["fully_online_percent"]), str(x["digital_only"]), str(x["invalid"]))
check(table.get("total") == want_row(T), "text: total line %s, json %s" % (table.get("total"), want_row(T)))
for a in A:
    label = (a.get("id") or os.path.basename(a["folder"]))[:28]
    check(table.get(label) == want_row(a), "text: row %s: %s, json %s" % (label, table.get(label), want_row(a)))
check(len(table) == len(A) + 1, "text: %d table rows, json %d agencies + total" % (len(table), len(A)))
def section(title):
    try:
        i = text.index(title)
    except ValueError:
        problems.append("text: no section %r" % title)
        return []
    out = []
    for line in text[i + 1:]:
        if not line.startswith("  "):
            break
        out.append(line)
    return out
nf = [l for l in section("Not fully online, with what is missing:") if not l.startswith("    ")]
check(len(nf) == len(S) - T["levels"]["fully-online"], "text: %d services not fully online, json %d" %
      (len(nf), len(S) - T["levels"]["fully-online"]))
for l in LEVELS[1:]:
    check(sum(x.endswith("[%s]" % l) for x in nf) == T["levels"][l], "text: services [%s] != json" % l)
gaps = [l for l in section("Not fully online, with what is missing:") if l.startswith("    - ")]
check(len(gaps) == sum(len(s["missing"]) for s in S), "text: %d gap lines, json %d" % (len(gaps), sum(len(s["missing"]) for s in S)))
check(len(section("Digital-only (no assisted channel can submit):")) == T["digital_only"], "text: digital-only list != json total")
check(len(section("SDG Annex II procedures not fully online:")) == T["sdg_not_fully_online"], "text: SDG list != json total")
check(len(section("Waivers:")) == T["waivers"], "text: waiver list != json total")
check(text[0] == "Digital readiness report, " + J["date"], "text: date line %r" % text[0])
# -- the hardest texts: the lowest of the services' scores, in the text as in the JSON
H = J["hardest_to_read"]
check(len(H) == min(10, len(H)) and [h["score"] for h in H] == sorted(h["score"] for h in H), "json: hardest_to_read not the lowest first")
mins = sorted(s["readability_min"] for s in S if s["readability_min"] is not None)
check(not H or not mins or H[0]["score"] == mins[0], "json: hardest_to_read[0] %s, lowest readability_min %s" % (H[0]["score"] if H else None, mins[:1]))
hard = [l for l in section(next((t for t in text if t.startswith("Hardest to read")), "Hardest to read:"))]
check(hard == ["  %s: %s (%s): %.1f" % (h["file"], h["field"], h["language"], h["score"]) for h in H], "text: hardest list != json")

# -- HTML: the table's rows, the summary paragraph, and the lists
class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.row, self.cell, self.h2, self.lists, self.depth, self.p = [], None, None, None, {}, 0, []
        self.in_table = self.in_p = False
        self.text = ""
    def handle_starttag(self, tag, attrs):
        if tag == "table": self.in_table = True
        elif tag == "tr" and self.in_table: self.row = []
        elif tag in ("td", "th") and self.row is not None: self.cell = ""
        elif tag == "h2": self.h2 = ""
        elif tag == "p": self.in_p = True; self.p.append("")
        elif tag == "ul": self.depth += 1
        elif tag == "li" and self.depth == 1 and self.cur is not None: self.lists[self.cur].append("")
    cur = None
    def handle_endtag(self, tag):
        if tag == "table": self.in_table = False
        elif tag == "tr" and self.row is not None: self.rows.append(self.row); self.row = None
        elif tag in ("td", "th") and self.cell is not None: self.row.append(self.cell.strip()); self.cell = None
        elif tag == "h2": self.cur = self.h2.strip(); self.lists[self.cur] = []; self.h2 = None
        elif tag == "p": self.in_p = False
        elif tag == "ul": self.depth -= 1
    def handle_data(self, d):
        if self.cell is not None: self.cell += d
        if self.h2 is not None: self.h2 += d
        if self.in_p: self.p[-1] += d
        if self.depth == 1 and self.cur in self.lists and self.lists[self.cur]: self.lists[self.cur][-1] += d
page = Page()
page.feed(read("html"))
body = {r[0]: tuple(r[1:]) for r in page.rows[1:]}
def want_html(x):
    l = x["levels"]
    return (str(x["services"]), str(l["fully-online"]), str(l["partly-online"]), str(l["form-download-only"]),
            str(l["offline"]), fmt_pct(x["fully_online_percent"]) + "%", str(x["digital_only"]),
            str(x["sdg_not_fully_online"]), str(x["invalid"]))
check(body.get("Total") == want_html(T), "html: total row %s, json %s" % (body.get("Total"), want_html(T)))
for a in A:
    label = a.get("name") or a.get("id") or os.path.basename(a["folder"])
    check(body.get(label) == want_html(a), "html: row %s: %s, json %s" % (label, body.get(label), want_html(a)))
check(len(page.rows) == len(A) + 2, "html: %d table rows, json %d agencies + header + total" % (len(page.rows), len(A)))
summary = next((p for p in page.p if p.startswith("Date:")), "")
m = re.match(r"Date: (\S+)\. (\d+) services checked; ([\d.]+)% fully online; (\d+) digital-only; (\d+) SDG procedures "
             r"not fully online; (\d+) with errors", summary)
check(m is not None, "html: summary paragraph %r" % summary[:120])
if m:
    check(m.groups() == (J["date"], str(T["services"]), fmt_pct(T["fully_online_percent"]), str(T["digital_only"]),
                         str(T["sdg_not_fully_online"]), str(T["invalid"])), "html: summary %s != json" % (m.groups(),))
def items(h2):
    got = page.lists.get(h2)
    if got is None:
        problems.append("html: no list %r" % h2)
        return 0
    return 0 if got == ["None."] else len(got)
check(items("Not fully online, with what is missing") == len(S) - T["levels"]["fully-online"], "html: not-fully-online list != json")
check(items("Digital-only: no assisted channel can submit") == T["digital_only"], "html: digital-only list != json")
check(items("SDG Annex II procedures not fully online") == T["sdg_not_fully_online"], "html: SDG list != json")
check(items("Waivers") == T["waivers"], "html: waiver list != json")

for p in problems[:30]:
    print("  " + p)
sys.exit(1 if problems else 0)
EOF
    ); then ok; else bad "$n: the formats disagree"; printf '%s\n' "$out"; fi
  done
else
  skip "cross-format checks: python3 is not available"
fi

# ---- 4. the HTML parses ----
# libxml2's HTML parser knows HTML 4 only: it calls HTML5 and inline-SVG elements
# "invalid" (and keeps them). Those are accepted; every other complaint fails.
html5_svg="main|section|article|nav|header|footer|figure|figcaption|svg|g|defs|desc|title|pattern|rect|path|circle|line|polyline|polygon|text|tspan|use|symbol"
if command -v xmllint > /dev/null; then
  for n in golden $names; do
    if [ $n = golden ]; then file="$here/catalogue.html"; else file="$tmp/$n.html"; fi
    xmllint --html --noout "$file" > "$tmp/xmllint.out" 2>&1
    rc=$?
    errors=$(grep -E '(parser|namespace) (error|warning)' "$tmp/xmllint.out" | grep -vE "HTML parser error : Tag ($html5_svg) invalid$")
    if [ $rc = 0 ] && [ -z "$errors" ]; then
      ok
    else
      bad "$n: xmllint --html: exit status $rc"
      printf '%s\n' "$errors" | head -10
    fi
  done
else
  skip "HTML check: xmllint is not installed"
fi

echo "report: $pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
