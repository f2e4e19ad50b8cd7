#!/usr/bin/env bash
# check-scaling.sh: does `loket check` grow linearly? Times it and its peak memory on synthetic
# catalogues (default 1,000, 10,000 and 100,000 services) beside cat and the libyaml floor.
#
# usage: tests/bench/check-scaling.sh    (from anywhere; run.sh calls it after its table)
#
# Environment: BENCH_SCALING (sizes in services, smallest first; default "1000 10000 100000"),
# BENCH_SCALING_RUNS (timed runs per measurement; default 3), BENCH_JOBS (loket's -j; default:
# all cores), and those of lib.sh: LOKET, CC, BENCH_SEED, BENCH_NO_HYPERFINE.
# loket may exit 0 or 1 (the synthetic data has warnings and errors); any other status aborts.
# Exit status: 0 done, 1 failure.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIZES=${BENCH_SCALING:-"1000 10000 100000"}
RUNS=${BENCH_SCALING_RUNS:-3}
J=${BENCH_JOBS:-$JOBS}

build_tools
echo "loket:   $LOKET check -q -j $J"
echo "timing:  $METHOD, median of $RUNS runs after a warm-up run, which gives the peak memory"
declare -A FILES CAT YAML CHECK MEM
for n in $SIZES; do
	generate "$n"
	dir=$DATA/$n
	list=$BUILD/files-$n.list
	find "$dir" -type f -name '*.yaml' -print0 >"$list"
	FILES[$n]=$(tr -cd '\0' <"$list" | wc -c | tr -d ' ')
	r=$(measure 0 "xargs -0 cat < $(q "$list")")
	read -r "CAT[$n]" _ <<<"$r"
	r=$(measure 0 "$(q "$BUILD/yamlparse") -q -t $(q "$dir")")
	read -r "YAML[$n]" _ <<<"$r"
	r=$(measure 1 "$(q "$LOKET") check -q -j $J $(q "$dir")")
	read -r "CHECK[$n]" "MEM[$n]" <<<"$r"
done

echo
row() { printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b != "-") printf "%.2f", b / a; else printf "-" }'; }
row services files "cat" "libyaml trees, 1 core" "loket check -j $J" "loket per 1,000 services" "loket peak memory"
row "---:" "---:" "---:" "---:" "---:" "---:" "---:"
for n in $SIZES; do
	row "$(fmt "$n")" "$(fmt "${FILES[$n]}")" "$(fmt "${CAT[$n]}") ms" "$(fmt "${YAML[$n]}") ms" \
		"$(fmt "${CHECK[$n]}") ms" "$(fmt "$(awk -v t="${CHECK[$n]}" -v n="$n" 'BEGIN { print t * 1000 / n }')") ms" \
		"$(fmt "${MEM[$n]}") MiB"
done
read -r -a sizes <<<"$SIZES"
first=${sizes[0]}
for n in "${sizes[@]:1}"; do
	row "ratio $(fmt "$n")/$(fmt "$first")" "$(ratio "${FILES[$first]}" "${FILES[$n]}")" \
		"$(ratio "${CAT[$first]}" "${CAT[$n]}")" "$(ratio "${YAML[$first]}" "${YAML[$n]}")" \
		"$(ratio "${CHECK[$first]}" "${CHECK[$n]}")" "" "$(ratio "${MEM[$first]}" "${MEM[$n]}")"
done
echo
echo "(A ratio row divides by the first size: when it stays near the ratio of the numbers of services, the cost grows linearly.)"
