#!/usr/bin/env bash
# run.sh: `make bench`. Measures loket side by side with its floors (cat, libyaml) and its peers
# (ajv-cli, Hugo, WeasyPrint) on synthetic catalogues, prints one table, then the incremental
# builds and the language server's latency. `make bench` then runs search-index.sh and, last,
# targets.sh (the scaling table and issue 18's targets).
#
# usage: tests/bench/run.sh    (from anywhere; installs what is missing when root)
#
# Environment (defaults in brackets): BENCH_SIZES ["1000 10000"] catalogue sizes for check and
# build; BENCH_RUNS [5] timed runs per measurement; BENCH_PDF_SERVICES [250] and BENCH_PDF_RUNS
# [3] for the leaflets; BENCH_JOBS [all cores] loket's -j; and those of lib.sh: LOKET [./loket], CC,
# BENCH_SEED, BENCH_NO_HYPERFINE; BENCH_OUT [a folder on /dev/shm, else build/out] where the
# measured commands write. The table is also written to data/results.md.
# Exit status: 0 done, 1 failure.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES=${BENCH_SIZES:-"1000 10000"}
PDF_N=${BENCH_PDF_SERVICES:-250}
PDF_RUNS=${BENCH_PDF_RUNS:-3}
J=${BENCH_JOBS:-$JOBS}
# What the timed commands write, removed before each run: on tmpfs when there is one, so that
# the file system's inode allocation after the removal does not swamp what the tools do.
OUT=${BENCH_OUT:-$BUILD/out}
[[ -n ${BENCH_OUT:-} || ! -w /dev/shm || $(stat -f -c %T /dev/shm) != tmpfs ]] || OUT=/dev/shm/loket-bench-out.$$
trap 'rm -rf -- "$OUT"' EXIT

# ------------------------------------------------------------ what the benchmark needs
py_with_weasyprint() { local p; for p in /usr/bin/python3 python3; do
	"$p" -c 'import weasyprint' 2>/dev/null && { echo "$p"; return; }; done; }
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v hugo >/dev/null || need+=(hugo)
[[ -n $(py_with_weasyprint) ]] || need+=(weasyprint)
[[ -x /usr/bin/time ]] || need+=(time)
command -v npm >/dev/null || need+=(npm)
if ((${#need[@]})); then
	[[ $(id -u) == 0 ]] || die "missing: ${need[*]}; run: sudo apt-get install -y --no-install-recommends ${need[*]}"
	echo "install: ${need[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
if [[ ${BENCH_NO_HYPERFINE:-} != 1 ]] && command -v hyperfine >/dev/null; then METHOD=hyperfine; fi
PY=$(py_with_weasyprint)
build_tools
ajv_setup || die "$AJV_ERROR"

# ------------------------------------------------------------ measuring
declare -A T M LABEL REF PAGES
KEYS=()
# bench KEY REF TASK TOOL DATA MAXRC CMD [RUNS]: times CMD (into an empty $OUT) and its peak memory;
# REF is the key of the loket row this row is compared with (empty for loket's own rows).
bench() {
	echo "measure: $4, $5" >&2
	local r
	r=$(measure "$6" "$7" "rm -rf $(q "$OUT")" "${8:-}")
	read -r "T[$1]" "M[$1]" <<<"$r"
	LABEL[$1]="$3|$4|$5"
	REF[$1]=$2
	KEYS+=("$1")
}
pdf_pages() { "$PY" "$BENCH/peers.py" pages "$1" | awk '{ print $3 }'; }

START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "loket:   $LOKET (-j $J); output into $OUT"
echo "timing:  $METHOD, median of $RUNS runs (leaflets: $PDF_RUNS) after a warm-up run, which gives the peak memory"
for n in $SIZES; do
	generate "$n"
	generate "$n" --json
	y=$DATA/$n js=$DATA/$n-json d="$(fmt "$n") services"
	find "$y" -type f -name '*.yaml' -print0 >"$BUILD/files-$n.list"
	bench "cat$n" "checkN$n" floor "cat" "$d" 0 "xargs -0 cat < $(q "$BUILD/files-$n.list")"
	bench "events$n" "checkN$n" floor "libyaml events, 1 core" "$d" 0 "$(q "$BUILD/yamlparse") -q $(q "$y")"
	bench "trees$n" "checkN$n" floor "libyaml trees, 1 core" "$d" 0 "$(q "$BUILD/yamlparse") -q -t $(q "$y")"
	[[ $J == 1 ]] || bench "check1$n" "" check "**loket check -j 1**" "$d" 1 "$(q "$LOKET") check -q -j 1 $(q "$y")"
	bench "checkN$n" "" check "**loket check -j $J**" "$d" 1 "$(q "$LOKET") check -q -j $J $(q "$y")"
	bench "ajvy$n" "checkN$n" check "ajv-cli, YAML" "$d" 1 "$AJV_CMD -d $(q "$y/*/*-*.yaml")"
	bench "ajvj$n" "checkN$n" check "ajv-cli, JSON" "$d" 1 "$AJV_CMD -d $(q "$js/*/*-*.json")"
	eval "$AJV_CMD -d $(q "$y/*/*-*.yaml")" 2>/dev/null | grep -c ' invalid$' >"$BUILD/ajv-invalid-$n" || true
	"$PY" "$BENCH/peers.py" hugo "$js" "$DATA/$n-hugo"
	bench "build$n" "" "html + json" "**loket build -j $J**" "$d" 1 \
		"$(q "$LOKET") build -q --format=html,json -j $J -o $(q "$OUT") $(q "$y")"
	find -H "$OUT/html" -mindepth 2 -name '*.html' ! -name index.html -printf '%s\n' >"$BUILD/pages-loket-$n"
	bench "hugo$n" "build$n" "html + json" "hugo" "$d" 0 "hugo --quiet -s $(q "$DATA/$n-hugo") -d $(q "$OUT")"
	find "$OUT" -mindepth 2 -name '*-*.html' ! -path "$OUT/life_events/*" ! -path "$OUT/audience/*" -printf '%s\n' \
		>"$BUILD/pages-hugo-$n"
done

# Leaflets: loket's PDF back-end, when this loket has one, against WeasyPrint on one HTML leaflet per
# service and translation, all printed by one Python process (peers.py weasyprint).
rm -rf "$BUILD/one" "$OUT"
"$BUILD/gen" "$BUILD/one" 1 "$SEED"
rc=0
"$LOKET" build -q --format=pdf -o "$OUT" "$BUILD/one" >/dev/null 2>&1 || rc=$?
if ((rc == 2)); then
	echo "leaflets: $LOKET has no PDF back-end (--format=pdf); leaflets not measured" >&2
else
	generate "$PDF_N"
	generate "$PDF_N" --json
	"$PY" "$BENCH/peers.py" leaflets "$DATA/$PDF_N-json" "$DATA/$PDF_N-leaflets"
	d="$(fmt "$PDF_N") services"
	for jj in $J $([[ $J == 1 ]] || echo 1); do
		bench "pdf$jj" "" leaflets "**loket build --format=pdf -j $jj**" "$d" 1 \
			"$(q "$LOKET") build -q --format=pdf -j $jj -o $(q "$OUT") $(q "$DATA/$PDF_N")" "$PDF_RUNS"
		PAGES[pdf$jj]=$(pdf_pages "$OUT/leaflets")
	done
	bench weasy "pdf$J" leaflets "WeasyPrint $("$PY" -c 'import weasyprint; print(weasyprint.__version__)')" "$d" 0 \
		"$(q "$PY") $(q "$BENCH/peers.py") weasyprint $(q "$DATA/$PDF_N-leaflets") $(q "$OUT")" "$PDF_RUNS"
	PAGES[weasy]=$(pdf_pages "$OUT")
fi

# ------------------------------------------------------------ the table
div() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.*f", d, a / b; else print "-" }'; }
per() { if [[ -n ${PAGES[$1]:-} ]]; then div "${T[$1]}" "${PAGES[$1]}" 3; else echo "${T[$1]}"; fi; } # ms per page
avg() { awk '{ s += $1 } END { if (NR) printf "%d %.1f", NR, s / NR / 1000 }' "$1" | { read -r n kb; echo "$(fmt "$n") pages of $kb KB"; }; }
{
	echo "Measured $(date +%F) on $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")."
	echo "Load average before: $START_LOAD; after: $(cut -d' ' -f1-3 /proc/loadavg). Median of $RUNS runs (leaflets: $PDF_RUNS) after a warm-up run, with $METHOD; peak memory (largest process) of the warm-up run; output written to $(stat -f -c %T "${OUT%/*}")."
	echo "$("$LOKET" --version); hyperfine $(hyperfine --version | cut -d' ' -f2); ajv-cli $(node -p "require('$BENCH/node_modules/ajv-cli/package.json').version") with ajv $(node -p "require('$BENCH/node_modules/ajv/package.json').version"), node $(node --version); $(hugo version | cut -d' ' -f1-2)."
	echo
	echo "| task | tool | data | median time | peak memory | loket ÷ tool: time | loket ÷ tool: memory |"
	echo "|---|---|---|--:|--:|--:|--:|"
	for k in "${KEYS[@]}"; do
		IFS='|' read -r task tool data <<<"${LABEL[$k]}"
		t="$(fmt "${T[$k]}") ms"
		[[ -z ${PAGES[$k]:-} ]] || { data="$data: ${PAGES[$k]} pages"; t="$t ($(fmt "$(per "$k")" 1) ms/page)"; }
		r=${REF[$k]} rt='' rm=''
		[[ -z $r ]] || { rt=$(div "$(per "$r")" "$(per "$k")"); rm=$(div "${M[$r]}" "${M[$k]}"); }
		echo "| $task | $tool | $data | $t | $(fmt "${M[$k]}") MiB | $rt | $rm |"
	done
	echo
	L=${SIZES##* }
	echo "Targets at $(fmt "$L") services (loket ÷ tool, time; below 1 loket is faster):"
	echo
	target() { local r; r=$(div "$(per "$2")" "$(per "$3")"); [[ $r == - ]] && { echo "| $1 | not measured | |"; return; }
		echo "| $1 | $r ($(awk -v r="$r" 'BEGIN { printf r <= 1 ? "%.1f times as fast" : "%.1f times as slow", r <= 1 ? 1 / r : r }')) |" \
			"$(awk -v r="$r" -v m="$4" 'BEGIN { print r <= m ? "met" : "**missed**" }') |"; }
	echo "| target | measured | |"
	echo "|---|--:|---|"
	target "loket check -j $J takes no longer than libyaml building the trees on 1 core (≤ 1)" "checkN$L" "trees$L" 1
	target "loket check -j $J at least 4 times as fast as ajv-cli on YAML (≤ 0.25)" "checkN$L" "ajvy$L" 0.25
	target "loket build --format=html,json at least 4 times as fast as Hugo (≤ 0.25)" "build$L" "hugo$L" 0.25
	target "leaflets at least 10 times as fast per page as WeasyPrint (≤ 0.1)" "pdf$J" weasy 0.1
	echo
	echo "Same work: loket's portal has $(avg "$BUILD/pages-loket-$L") for services and translations, Hugo's $(avg "$BUILD/pages-hugo-$L");" \
		"ajv-cli found $(cat "$BUILD/ajv-invalid-$L") of the YAML services invalid. loket also runs the rules, computes the digital level and" \
		"writes linked data, and its leaflets include one printable file per agency besides one per service; WeasyPrint runs on one core."
} | tee "$DATA/results.md"

# ------------------------------------------------------------ incremental builds
echo
"$BENCH/incremental.sh" | tee "$DATA/incremental.md"

# ------------------------------------------------------------ lsp
echo
python3 "$BENCH/lsp-latency.py" "$LOKET" | tee "$DATA/lsp.md"
