# shellcheck shell=bash
# lib.sh: what run.sh, targets.sh and incremental.sh share: paths, the loket binary, building gen
# and yamlparse, ajv-cli, generating catalogues, and timing (median wall time, peak memory).
# Sourced, not run.
#
# Environment (see README.md): LOKET, CC, BENCH_RUNS, BENCH_SEED, BENCH_NO_HYPERFINE.

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/../.." && pwd)
BUILD=$BENCH/build
DATA=$BENCH/data
CC=${CC:-cc}
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-1}
LOKET=${LOKET:-$ROOT/loket}
# shellcheck disable=SC2034 # used by the scripts that source this
JOBS=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# A LOKET with a slash is a path (relative to where we were started); a bare
# name is looked up in PATH.
case $LOKET in
*/*) [[ $LOKET == /* ]] || LOKET=$PWD/$LOKET ;;
*) LOKET=$(type -P -- "$LOKET") || die "LOKET=$LOKET: not found in PATH" ;;
esac
[[ -x $LOKET && ! -d $LOKET ]] || die "$LOKET: not an executable (build it with make, or set LOKET)"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive number"

if [[ ${BENCH_NO_HYPERFINE:-} != 1 ]] && command -v hyperfine >/dev/null 2>&1; then
	METHOD=hyperfine
else
	METHOD=shell
fi

q() { printf '%q' "$1"; }

# fmt NUMBER [DECIMALS]: the number with thousands separators (1,234.5); "-" stays "-".
fmt() { awk -v x="$1" -v d="${2:-0}" 'BEGIN { if (x == "-" || x == "") { print "-"; exit } s = sprintf("%.*f", d, x);
	i = index(s, "."); w = i ? substr(s, 1, i - 1) : s; f = i ? substr(s, i) : "";
	g = ""; while (w ~ /[0-9][0-9][0-9][0-9]$/) { n = length(w); g = "," substr(w, n - 2) g; w = substr(w, 1, n - 3) }
	print w g f }'; }

# build_tools: gen and yamlparse into build/.
build_tools() {
	local yaml_flags
	mkdir -p "$BUILD" "$DATA"
	"$CC" -std=c11 -O2 -Wall -Wextra -Werror -o "$BUILD/gen" "$BENCH/gen.c"
	yaml_flags=$(pkg-config --cflags --libs yaml-0.1 2>/dev/null) || yaml_flags=-lyaml
	# shellcheck disable=SC2086 # yaml_flags holds several words on purpose
	"$CC" -std=c11 -O2 -Wall -Wextra -Werror -o "$BUILD/yamlparse" "$BENCH/yamlparse.c" $yaml_flags
}

# ajv_setup: ajv-cli from npm into node_modules/ (npm ci, when it is not there) and loket's schema
# for it: 2020-12 with formats, in strict mode (the export needs no declared keyword). Sets AJV
# (the binary) and AJV_CMD (ajv validate with its options, before -d). Returns 1 with the reason
# in AJV_ERROR when that fails. Needs build_tools first (for build/).
# shellcheck disable=SC2034 # AJV_CMD and AJV_ERROR are for the scripts that source this
ajv_setup() {
	local opts
	AJV=$BENCH/node_modules/.bin/ajv
	if [[ ! -x $AJV ]]; then
		command -v npm >/dev/null || { AJV_ERROR="no npm to install ajv-cli"; return 1; }
		(cd "$BENCH" && npm ci --no-audit --no-fund --loglevel=error) || { AJV_ERROR="npm ci failed"; return 1; }
	fi
	"$LOKET" schema export --json >"$BUILD/service.schema.json" ||
		{ AJV_ERROR="$LOKET schema export --json failed"; return 1; }
	opts="--spec=draft2020 -c ajv-formats -s $(q "$BUILD/service.schema.json")"
	eval "$(q "$AJV") compile $opts" >"$BUILD/ajv.log" 2>&1 ||
		{ cat "$BUILD/ajv.log" >&2; AJV_ERROR="ajv does not compile loket's schema"; return 1; }
	AJV_CMD="$(q "$AJV") validate $opts"
}

# generate N [--json]: the catalogue of N services in data/N/ (YAML) or data/N-json/,
# unless it is there already from the same gen and seed. Prints a line about it.
generate() {
	local n=$1 json=${2:-} dir=$DATA/$1 stamp files bytes
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "'$n' is not a number of services"
	[[ -z $json ]] || dir=$DATA/$n-json
	stamp="$(cksum <"$BUILD/gen") seed $SEED $json"
	if [[ ! -f $dir/.stamp || $(cat "$dir/.stamp") != "$stamp" ]]; then
		rm -rf -- "$dir"
		"$BUILD/gen" ${json:+"$json"} "$dir" "$n" "$SEED"
		printf '%s\n' "$stamp" >"$dir/.stamp"
	fi
	files=$(find "$dir" -type f ! -name .stamp | wc -l)
	bytes=$(find "$dir" -type f ! -name .stamp -printf '%s\n' | awk '{ s += $1 } END { print s }')
	awk -v n="$n" -v f="$files" -v b="$bytes" -v d="${dir#"$ROOT"/}" 'BEGIN {
		printf "data:    %s: %d services, %d files, %.1f MB, %.0f B per file\n", d, n, f, b / 1e6, b / f }'
}

# run_checked MAXRC CMD [PEAKFILE]: runs the shell command CMD with its output discarded (with
# PEAKFILE: under /usr/bin/time, when there is one, which writes the peak memory in KiB there);
# when CMD exits with a status above MAXRC, shows the end of its stderr and dies.
run_checked() {
	local maxrc=$1 cmd=$2 rc=0
	[[ -z ${3:-} || ! -x /usr/bin/time ]] || cmd="/usr/bin/time -f %M -o $(q "$3") sh -c $(q "$cmd")"
	eval "$cmd" >/dev/null 2>"$BUILD/stderr.log" || rc=$?
	if ((rc > maxrc)); then
		tail -n 20 "$BUILD/stderr.log" >&2
		die "exit status $rc from: $2"
	fi
}

now() { printf '%s\n' "${EPOCHREALTIME/,/.}"; }

# measure MAXRC CMD [PREPARE [RUNS]]: prints the median wall time of CMD in milliseconds over
# RUNS runs (default BENCH_RUNS), then its peak resident memory in MiB (the largest process of
# CMD; "-" without /usr/bin/time), on one line. A first, untimed run checks the exit status (at
# most MAXRC), warms up and gives the peak memory. The untimed command PREPARE runs before each.
measure() {
	local maxrc=$1 cmd=$2 prep=${3:-true} runs=${4:-$RUNS} i t0 t1 median peak=-
	[[ -n $prep ]] || prep=true
	rm -f "$BUILD/peak.kb"
	eval "$prep"
	run_checked "$maxrc" "$cmd" "$BUILD/peak.kb"
	[[ ! -f $BUILD/peak.kb ]] || peak=$(awk '/^[0-9]+$/ { printf "%.1f", $1 / 1024 }' "$BUILD/peak.kb")
	if [[ $METHOD == hyperfine ]]; then
		local json=$BUILD/hyperfine.json
		local -a ignore=()
		((maxrc == 0)) || ignore=(--ignore-failure) # checked above: hyperfine -i would also accept 2 and 3
		hyperfine --runs "$runs" --style none --prepare "$prep" ${ignore[@]+"${ignore[@]}"} \
			--export-json "$json" "$cmd" >"$BUILD/hyperfine.log" 2>&1 ||
			{ cat "$BUILD/hyperfine.log" >&2; die "hyperfine failed on: $cmd"; }
		median=$(sed -n 's/.*"median": *\([0-9.eE+-]*\).*/\1/p' "$json" | head -n 1)
		[[ -n $median ]] || die "no median in $json"
		median=$(awk -v s="$median" 'BEGIN { printf "%.1f", s * 1000 }')
	else
		median=$(for ((i = 0; i < runs; i++)); do
			eval "$prep"
			t0=$(now)
			run_checked "$maxrc" "$cmd"
			t1=$(now)
			awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
		done | sort -g |
			awk '{ t[NR] = $1 } END { m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.1f", m }')
	fi
	echo "$median $peak"
}
