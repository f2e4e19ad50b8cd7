#!/usr/bin/env bash
# incremental.sh: one changed service in N (default 10,000): `loket build --format=html,json`
# into an output that holds the previous build (the service's files rendered again, the
# others linked from the previous generation) beside a clean build into an empty folder.
# Target: the incremental build takes at most 5% of the clean one. Not a timed test.
#
# usage: tests/bench/incremental.sh      (run.sh calls it after its table)
# Environment: BENCH_INCREMENTAL (services; default 10000), BENCH_INCREMENTAL_RUNS (default 5),
# BENCH_JOBS (loket's -j; default: all cores), BENCH_OUT, and those of lib.sh.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N=${BENCH_INCREMENTAL:-10000}
RUNS=${BENCH_INCREMENTAL_RUNS:-5}
J=${BENCH_JOBS:-$JOBS}
OUT=${BENCH_OUT:-$BUILD/out}-incremental
[[ -n ${BENCH_OUT:-} || ! -w /dev/shm || $(stat -f -c %T /dev/shm) != tmpfs ]] || OUT=/dev/shm/loket-bench-incremental.$$
SRC=$BUILD/incremental-src
trap 'rm -rf -- "$OUT" "$SRC"' EXIT

build_tools
generate "$N"
rm -rf "$SRC" "$OUT"
cp -R "$DATA/$N" "$SRC"
one=$(find "$SRC" -name '*.yaml' ! -name agency.yaml | LC_ALL=C sort | sed -n 1p)
cmd="$(q "$LOKET") build -q --format=html,json -j $J -o $(q "$OUT") $(q "$SRC")"
echo "loket:   $LOKET (-j $J); output into $OUT; timing: $METHOD, median of $RUNS runs"
read -r clean clean_mem <<<"$(measure 1 "$cmd" "rm -rf $(q "$OUT")")"
# Each run: one more character in the title of one service, then the build over the previous one.
read -r inc inc_mem <<<"$(measure 1 "$cmd" "sed -i 's/^title: /title: x/' $(q "$one")")"
"$LOKET" build --format=html,json -j "$J" -o "$OUT" "$SRC" 2>&1 >/dev/null | tail -n 1 | sed 's/^/last:    /' || true
share=$(awk -v a="$inc" -v b="$clean" 'BEGIN { printf "%.1f", 100 * a / b }')
echo
echo "| html + json, $(fmt "$N") services | median time | peak memory |"
echo "|---|--:|--:|"
echo "| clean build (empty output folder) | $(fmt "$clean") ms | $(fmt "$clean_mem") MiB |"
echo "| one changed service, over the previous build | $(fmt "$inc") ms | $(fmt "$inc_mem") MiB |"
echo
echo "One changed service in $(fmt "$N"): the incremental build takes $share% of a clean build" \
	"(target ≤ 5%: $(awk -v s="$share" 'BEGIN { print s <= 5 ? "met" : "**missed**" }'))."
