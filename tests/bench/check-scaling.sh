#!/usr/bin/env bash
# check-scaling.sh: times `loket check -q` on synthetic catalogues of 1,000 and 10,000 services, beside cat and the libyaml floor.
#
# usage: tests/bench/check-scaling.sh        (from the repository root; `make bench` calls it)
#
# Environment:
#   LOKET         the loket binary (default: loket in the repository root)
#   CC            the C compiler for gen and yamlparse (default: cc)
#   BENCH_SIZES   catalogue sizes in services, smallest first (default: "1000 10000")
#   BENCH_RUNS    timed runs per measurement, after one warm-up run (default: 5)
#   BENCH_SEED    seed for gen (default: 1)
#   BENCH_NO_HYPERFINE=1   time with the shell even when hyperfine is installed
#
# Builds gen and yamlparse into tests/bench/build/, writes the catalogues into
# tests/bench/data/<size>/, then reports the median wall time of each command.
# loket may exit 0 or 1 (the synthetic data has warnings and errors); any other
# status aborts the benchmark. Exit status: 0 done, 1 failure.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/../.." && pwd)
BUILD=$BENCH/build
DATA=$BENCH/data
CC=${CC:-cc}
SIZES=${BENCH_SIZES:-"1000 10000"}
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-1}
LOKET=${LOKET:-$ROOT/loket}

die() {
	echo "check-scaling: $*" >&2
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

# ---------------------------------------------------------------- build
mkdir -p "$BUILD" "$DATA"
"$CC" -std=c11 -O2 -Wall -Wextra -Werror -o "$BUILD/gen" "$BENCH/gen.c"
if yaml_flags=$(pkg-config --cflags --libs yaml-0.1 2>/dev/null); then :; else yaml_flags=-lyaml; fi
# shellcheck disable=SC2086 # yaml_flags holds several words on purpose
"$CC" -std=c11 -O2 -Wall -Wextra -Werror -o "$BUILD/yamlparse" "$BENCH/yamlparse.c" $yaml_flags

# ---------------------------------------------------------------- timing
if [[ ${BENCH_NO_HYPERFINE:-} != 1 ]] && command -v hyperfine >/dev/null 2>&1; then
	METHOD=hyperfine
else
	METHOD=shell
fi

# now: the wall clock in seconds, with a fraction.
now() {
	if [[ -n ${EPOCHREALTIME:-} ]]; then
		printf '%s\n' "${EPOCHREALTIME/,/.}"
	else
		date +%s.%N
	fi
}

# run_checked MAXRC CMD: runs the shell command CMD with its output discarded;
# when it exits with a status above MAXRC, shows the end of its stderr and dies.
run_checked() {
	local maxrc=$1 cmd=$2 rc=0
	eval "$cmd" >/dev/null 2>"$BUILD/stderr.log" || rc=$?
	if ((rc > maxrc)); then
		tail -n 20 "$BUILD/stderr.log" >&2
		die "exit status $rc from: $cmd"
	fi
}

# measure MAXRC CMD: prints the median wall time of CMD in milliseconds, over
# RUNS runs after one warm-up run. MAXRC is the highest exit status accepted.
measure() {
	local maxrc=$1 cmd=$2
	if [[ $METHOD == hyperfine ]]; then
		local json=$BUILD/hyperfine.json log=$BUILD/hyperfine.log median
		local -a ignore=()
		((maxrc == 0)) || ignore=(--ignore-failure)
		run_checked "$maxrc" "$cmd" # hyperfine -i would also accept 2 and 3
		if ! hyperfine --warmup 1 --runs "$RUNS" --style none ${ignore[@]+"${ignore[@]}"} \
			--export-json "$json" "$cmd" >"$log" 2>&1; then
			cat "$log" >&2
			die "hyperfine failed on: $cmd"
		fi
		median=$(sed -n 's/.*"median": *\([0-9.eE+-]*\).*/\1/p' "$json" | head -n 1)
		[[ -n $median ]] || die "no median in $json"
		awk -v s="$median" 'BEGIN { printf "%.1f\n", s * 1000 }'
	else
		local i t0 t1
		local -a times=()
		run_checked "$maxrc" "$cmd"
		for ((i = 0; i < RUNS; i++)); do
			t0=$(now)
			run_checked "$maxrc" "$cmd"
			t1=$(now)
			times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')")
		done
		printf '%s\n' "${times[@]}" | sort -g |
			awk '{ t[NR] = $1 } END { m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.1f\n", m }'
	fi
}

q() { printf '%q' "$1"; }

# ---------------------------------------------------------------- run
echo "loket:   $LOKET"
echo "timing:  $METHOD, median of $RUNS runs after 1 warm-up"
declare -A CAT YAML CHECK FILES
for n in $SIZES; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_SIZES: '$n' is not a number of services"
	dir=$DATA/$n
	rm -rf -- "$dir"
	t0=$(now)
	"$BUILD/gen" "$dir" "$n" "$SEED"
	t1=$(now)
	list=$BUILD/files-$n.list
	find "$dir" -type f -name '*.yaml' -print0 >"$list"
	FILES[$n]=$(tr -cd '\0' <"$list" | wc -c | tr -d ' ')
	bytes=$(xargs -0 cat <"$list" | wc -c | tr -d ' ')
	awk -v n="$n" -v f="${FILES[$n]}" -v b="$bytes" -v a="$t0" -v z="$t1" 'BEGIN {
		printf "data:    %d services, %d files, %.1f MB, %.0f B per file, generated in %.0f ms\n",
			n, f, b / 1e6, b / f, (z - a) * 1000 }'

	CAT[$n]=$(measure 0 "xargs -0 cat < $(q "$list")")
	YAML[$n]=$(measure 0 "$(q "$BUILD/yamlparse") -q $(q "$dir")")
	CHECK[$n]=$(measure 1 "$(q "$LOKET") check -q $(q "$dir")")
done

echo
printf '%-10s %8s %10s %12s %14s %16s\n' services files "cat ms" "libyaml ms" "loket ms" "loket ms/1000"
for n in $SIZES; do
	printf '%-10s %8s %10s %12s %14s %16s\n' "$n" "${FILES[$n]}" "${CAT[$n]}" "${YAML[$n]}" "${CHECK[$n]}" \
		"$(awk -v t="${CHECK[$n]}" -v n="$n" 'BEGIN { printf "%.1f", t * 1000 / n }')"
done
read -r -a sizes <<<"$SIZES"
first=${sizes[0]}
last=${sizes[${#sizes[@]} - 1]}
if [[ $first != "$last" ]]; then
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else printf "-" }'; }
	printf '%-10s %8s %10s %12s %14s\n' "ratio" "$(ratio "${FILES[$first]}" "${FILES[$last]}")" \
		"$(ratio "${CAT[$first]}" "${CAT[$last]}")" "$(ratio "${YAML[$first]}" "${YAML[$last]}")" \
		"$(ratio "${CHECK[$first]}" "${CHECK[$last]}")"
	echo "(ratio = ${last}/${first} services; $(awk -v a="$first" -v b="$last" 'BEGIN { printf "%g", b / a }') means linear growth)"
fi
