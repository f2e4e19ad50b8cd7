#!/usr/bin/env bash
# targets.sh: the end of `make bench`: the scaling table of `loket check` (and of `build
# --format=html,json`) from 1,000 to 1,000,000 services, then the targets of issue 18, each
# printed as met or MISSED with its figure. One run gives both, so they agree.
#
# usage: tests/bench/targets.sh    (from anywhere; run.sh calls it last)
#
# Environment (defaults in brackets; see README.md): BENCH_SCALING ["1000 10000 100000"] sizes
# kept in data/N; BENCH_MILLION [1] also 1,000,000 services, generated into a temporary folder
# (about 4.1 GB; BENCH_TMP, below) and removed after, 0: not; BENCH_SCALING_RUNS [3] timed runs per
# measurement below 100,000 services (from 100,000: one); BENCH_BUILD_MAX [100000] largest size
# at which build --format=html,json is measured; BENCH_PAIRS [5] and BENCH_AJV_PAIRS [3]
# interleaved pairs for the time targets at 10,000 services; BENCH_MEM_CAP [8192] MiB of address
# space for each measured loket (ulimit -v), so that a loket whose memory grows with the
# catalogue fails alone instead of waking the OOM killer; BENCH_JOBS [all cores]; and those of
# lib.sh; BENCH_TMP [/dev/shm when it is tmpfs with 8 GiB free, else TMPDIR or /tmp] where the
# million and the build's output go. Writes the table to data/scaling.md and the targets to data/targets.md.
# loket may exit 0 or 1 (the synthetic data has warnings and errors); another status is shown
# as a failure of that measurement (and its target is missed), not the end of the run.
# Exit status: 0 done (whatever the targets), 1 failure of the benchmark itself.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES=${BENCH_SCALING-"1000 10000 100000"}
MILLION=${BENCH_MILLION:-1}
RUNS=${BENCH_SCALING_RUNS:-3}
BUILD_MAX=${BENCH_BUILD_MAX:-100000}
PAIRS=${BENCH_PAIRS:-5}
AJV_PAIRS=${BENCH_AJV_PAIRS:-3}
CAP=${BENCH_MEM_CAP:-8192}
J=${BENCH_JOBS:-$JOBS}
TN=10000 # the size of the time targets
for v in RUNS BUILD_MAX PAIRS AJV_PAIRS CAP; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive number"
done
[[ -x /usr/bin/time ]] || die "no /usr/bin/time for the peak memory; run: apt-get install time"
((MILLION == 0)) || SIZES="$SIZES 1000000"
# shellcheck disable=SC2086 # the sizes are words on purpose
SIZES=$(printf '%s\n' $SIZES | sort -n -u | tr '\n' ' ')

# Where the build writes (removed before each run) and the million (about 4.1 GB): on tmpfs when it
# has 8 GiB free, since on a busy disk removing a million files took over 20 minutes (and
# writing them back most of the minute gen took); else under TMPDIR. BENCH_TMP chooses.
TMP=${BENCH_TMP:-}
if [[ -z $TMP ]]; then
	TMP=${TMPDIR:-/tmp}
	[[ ! -w /dev/shm || $(stat -f -c %T /dev/shm) != tmpfs ||
		$(df -P -k /dev/shm | awk 'NR == 2 { print $4 }') -lt $((8 * 1048576)) ]] || TMP=/dev/shm
fi
TMP=$(mktemp -d "$TMP/loket-bench-targets.XXXXXX")
trap 'rm -rf -- "$TMP"' EXIT
OUT=$TMP/out
T_START=$(now)

build_tools
echo "loket:   $LOKET check -q -j $J; build -q --format=html,json -j $J (up to $(fmt "$BUILD_MAX") services)"
echo "timing:  wall time in the shell; below 100,000 services the median of $RUNS runs, from 100,000 one run;" \
	"peak memory (/usr/bin/time %M) the largest of the runs; each loket under ulimit -v $(fmt "$CAP") MiB"

# ------------------------------------------------------------ measuring
# run_capped CMD: runs CMD once, its output discarded, under /usr/bin/time and the memory cap;
# prints "MILLISECONDS PEAK-MiB STATUS" and leaves CMD's stderr in build/stderr.log.
run_capped() {
	local t0 t1 rc=0 peak
	rm -f "$BUILD/peak.kb"
	t0=$(now)
	(
		ulimit -v $((CAP * 1024))
		exec /usr/bin/time -f %M -o "$BUILD/peak.kb" sh -c "$1"
	) >/dev/null 2>"$BUILD/stderr.log" || rc=$?
	t1=$(now)
	peak=$(awk '/^[0-9]+$/ { p = $1 } END { printf "%.1f", p / 1024 }' "$BUILD/peak.kb" 2>/dev/null) || peak=-
	awk -v a="$t0" -v b="$t1" -v p="$peak" -v r="$rc" 'BEGIN { printf "%.1f %s %d\n", (b - a) * 1000, p, r }'
}

# wall CMD: CMD's wall time in milliseconds (output discarded; it must exit 0 or 1).
wall() {
	local t0 t1 rc=0
	t0=$(now)
	eval "$1" >/dev/null 2>"$BUILD/stderr.log" || rc=$?
	t1=$(now)
	((rc <= 1)) || { tail -n 5 "$BUILD/stderr.log" >&2; die "exit status $rc from: $1"; }
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
}

median() { sort -g | awk '{ t[NR] = $1 } END { if (!NR) { print "-"; exit }
	printf "%.3f", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }

# series KEY N PREPARE CMD: runs CMD (after the untimed PREPARE each time) as often as size N
# asks; sets T[KEY] (median ms), M[KEY] (largest peak MiB), and FAIL[KEY] when loket failed
# (then the remaining runs are skipped).
declare -A T M FAIL
series() {
	local key=$1 n=$2 runs=$RUNS i t p rc times=() peak=0
	((n < 100000)) || runs=1
	for ((i = 0; i < runs; i++)); do
		eval "$3"
		read -r t p rc <<<"$(run_capped "$4")"
		if ((rc > 1)); then
			FAIL[$key]="exit status $rc under ulimit -v $(fmt "$CAP") MiB, peak $(fmt "$p" 1) MiB: $(tail -n 1 "$BUILD/stderr.log" | cut -c1-120)"
			echo "failed:  ${FAIL[$key]}" >&2
			return
		fi
		times+=("$t")
		peak=$(awk -v a="$peak" -v b="$p" 'BEGIN { print (b > a) ? b : a }')
	done
	T[$key]=$(printf '%s\n' "${times[@]}" | median)
	M[$key]=$peak
}

# catalogue N: the folder of N services: data/N (kept and reused, lib.sh's generate) up to
# 100,000; above, generated into the temporary folder, timed, removed when the script ends.
declare -A DIR FILES MB GEN
catalogue() {
	local n=$1 t0 t1
	if ((n <= 100000)); then
		generate "$n"
		DIR[$n]=$DATA/$n
	else
		DIR[$n]=$TMP/$n
		t0=$(now)
		"$BUILD/gen" "${DIR[$n]}" "$n" "$SEED"
		t1=$(now)
		GEN[$n]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	fi
	FILES[$n]=$(find "${DIR[$n]}" -type f -name '*.yaml' | wc -l)
	MB[$n]=$(du -s -B1 --apparent-size "${DIR[$n]}" | awk '{ printf "%.1f", $1 / 1e6 }')
	[[ -z ${GEN[$n]:-} ]] || echo "data:    $(fmt "$n") services generated in ${GEN[$n]} s into ${DIR[$n]}" \
		"($(fmt "${FILES[$n]}") files, $(fmt "${MB[$n]}" 1) MB), removed at the end"
}

for n in $SIZES; do
	catalogue "$n"
	d=$(q "${DIR[$n]}")
	echo "measure: $(fmt "$n") services: libyaml trees, check, build" >&2
	series "yaml$n" "$n" true "$(q "$BUILD/yamlparse") -q -t $d"
	series "check$n" "$n" true "$(q "$LOKET") check -q -j $J $d"
	if ((n <= BUILD_MAX)); then
		series "build$n" "$n" "rm -rf $(q "$OUT")" "$(q "$LOKET") build -q --format=html,json -j $J -o $(q "$OUT") $d"
		# The same over the published output: nothing changed, every file reused (the
		# previous manifest is read whole).
		series "rebuild$n" "$n" true "$(q "$LOKET") build -q --format=html,json -j $J -o $(q "$OUT") $d"
		rm -rf "$OUT"
	fi
	if ((n > 100000)); then
		t0=$(now)
		rm -rf "${DIR[$n]}"
		echo "data:    $(fmt "$n") services removed in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s" >&2
	fi
done

# Time targets: interleaved pairs at 10,000 services, the order alternating within each pair so
# that a change in the machine's load falls on both sides; the median of the ratios.
echo "measure: $(fmt "$TN") services: $PAIRS pairs with libyaml trees, $AJV_PAIRS with ajv-cli" >&2
generate "$TN" >/dev/null
y=$(q "$DATA/$TN")
CHECK="$(q "$LOKET") check -q -j $J $y"
pairs() { # pairs COUNT OTHER-CMD: prints "other-ms check-ms" per pair
	local i a b
	for ((i = 0; i < $1; i++)); do
		if ((i % 2)); then
			b=$(wall "$CHECK")
			a=$(wall "$2")
		else
			a=$(wall "$2")
			b=$(wall "$CHECK")
		fi
		echo "$a $b"
	done
}
wall "$CHECK" >/dev/null # warm-up
LOAD_PAIRS=$(cut -d' ' -f1 /proc/loadavg)
pairs "$PAIRS" "$(q "$BUILD/yamlparse") -q -t $y" >"$BUILD/pairs-yaml"
R_YAML=$(awk '{ print $2 / $1 }' "$BUILD/pairs-yaml" | median)
AJV_NOTE=''
if ajv_setup 2>/dev/null; then
	pairs "$AJV_PAIRS" "$AJV_CMD -d $(q "$DATA/$TN/*/*-*.yaml")" >"$BUILD/pairs-ajv"
	R_AJV=$(awk '{ print $1 / $2 }' "$BUILD/pairs-ajv" | median)
else
	R_AJV=- AJV_NOTE=$AJV_ERROR
fi
col() { awk -v c="$1" '{ print $c }' "$2" | median; }

# ------------------------------------------------------------ the table
ms() { if [[ -n ${FAIL[$1]:-} ]]; then echo "failed"; elif [[ -n ${T[$1]:-} ]]; then echo "$(fmt "${T[$1]}") ms"; else echo "-"; fi; }
mib() { if [[ -n ${FAIL[$1]:-} ]]; then echo "failed"; elif [[ -n ${M[$1]:-} ]]; then echo "$(fmt "${M[$1]}" 1) MiB"; else echo "-"; fi; }
per1k() { [[ -n ${T[check$1]:-} && -z ${FAIL[check$1]:-} ]] && echo "$(fmt "$(awk -v t="${T[check$1]}" -v n="$1" 'BEGIN { print t * 1000 / n }')") ms" || echo "-"; }
{
	echo "Measured $(date +%F) on $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $("$LOKET" --version | head -n 1)."
	echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Wall time: the median of $RUNS runs below 100,000 services, one run from 100,000; peak memory: the largest resident size of the runs."
	echo
	echo "| services | files | YAML | libyaml trees, 1 core | loket check -j $J | per 1,000 services | check peak memory | build html,json -j $J | build peak memory | rebuild, unchanged | rebuild peak memory |"
	echo "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
	for n in $SIZES; do
		echo "| $(fmt "$n") | $(fmt "${FILES[$n]}") | $(fmt "${MB[$n]}" 1) MB | $(ms "yaml$n") | $(ms "check$n") | $(per1k "$n") | $(mib "check$n") | $(ms "build$n") | $(mib "build$n") | $(ms "rebuild$n") | $(mib "rebuild$n") |"
	done
	notes=$(for n in $SIZES; do
		[[ -z ${GEN[$n]:-} ]] || echo "Generating $(fmt "$n") services took ${GEN[$n]} s (in a temporary folder, removed after)."
		[[ -z ${FAIL[check$n]:-} ]] || echo "check at $(fmt "$n") services failed: ${FAIL[check$n]}."
		[[ -z ${FAIL[build$n]:-} ]] || echo "build at $(fmt "$n") services failed: ${FAIL[build$n]}."
		[[ -z ${FAIL[rebuild$n]:-} ]] || echo "rebuild at $(fmt "$n") services failed: ${FAIL[rebuild$n]}."
	done)
	[[ -z $notes ]] || printf '\n%s\n' "$notes"
} | tee "$DATA/scaling.md"

# ------------------------------------------------------------ the targets
# target WHAT FIGURE LIMIT OK: one line; OK is 1 (met), 0 (MISSED) or - (not measured).
target() { echo "target: $1 $2 ($3): $(case $4 in 1) echo met ;; 0) echo MISSED ;; *) echo "not measured" ;; esac)"; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "-" && a <= b) ? 1 : 0 }'; }
mem_target() { # mem_target KEY WHAT LIMIT-MiB
	if [[ -n ${FAIL[$1]:-} ]]; then
		target "$2" "failed (${FAIL[$1]})" "≤ $3 MiB" 0
	elif [[ -n ${M[$1]:-} ]]; then
		target "$2" "$(fmt "${M[$1]}" 1) MiB" "≤ $3 MiB" "$(le "${M[$1]}" "$3")"
	else
		target "$2" "-" "≤ $3 MiB" -
	fi
}
{
	echo
	P="$(fmt "$TN") services, median of $PAIRS interleaved pairs"
	F="$(printf '%.2f' "$R_YAML")× (check $(fmt "$(col 2 "$BUILD/pairs-yaml")") ms, libyaml $(fmt "$(col 1 "$BUILD/pairs-yaml")") ms)"
	target "check -j $J ÷ libyaml building its trees on 1 core, $P" "$F" "≤ 1.0×" "$(le "$R_YAML" 1.0)"
	target "stretch: check -j $J ÷ libyaml trees, the same pairs" "$(printf '%.2f' "$R_YAML")×" "≤ 0.5×" "$(le "$R_YAML" 0.5)"
	if [[ $R_AJV == - ]]; then
		target "check -j $J as fast as ajv-cli on the YAML, $(fmt "$TN") services" "- ($AJV_NOTE)" "≥ 3×" -
	else
		F="$(printf '%.2f' "$R_AJV")× (ajv-cli $(fmt "$(col 1 "$BUILD/pairs-ajv")") ms, check $(fmt "$(col 2 "$BUILD/pairs-ajv")") ms)"
		target "check -j $J as fast as ajv-cli on the YAML, $(fmt "$TN") services, median of $AJV_PAIRS pairs" "$F" "≥ 3×" \
			"$(awk -v r="$R_AJV" 'BEGIN { print (r >= 3) ? 1 : 0 }')"
	fi
	for n in 10000 100000 1000000; do
		mem_target "check$n" "check -j $J peak memory, $(fmt "$n") services" 128
	done
	mem_target build100000 "build --format=html,json -j $J peak memory, 100,000 services" 512
	echo
	echo "(Load average $LOAD_PAIRS when the pairs began: -j $J loses more than libyaml on 1 core when other work takes a core.)"
	echo "(targets.sh took $(awk -v a="$T_START" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }') s.)"
} | tee "$DATA/targets.md"
