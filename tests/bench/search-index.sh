#!/usr/bin/env bash
# search-index.sh: the size of the portal's search index (html/assets/search-index.js)
# on a synthetic catalogue (default 10,000 services), raw and gzipped, and the time of
# the HTML build that writes it. Part of `make bench`, not of `make test`.
# Environment: BENCH_SEARCH (services; default 10000), and those of lib.sh.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
n=${BENCH_SEARCH:-10000}
build_tools
generate "$n"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s.%N)
"$LOKET" build -q --format=html -o "$out" "$DATA/$n" >/dev/null 2>&1 || [[ $? == 1 ]]
end=$(date +%s.%N)
idx=$out/html/assets/search-index.js
raw=$(wc -c <"$idx")
gz=$(gzip -9 -c "$idx" | wc -c)
pages=$(find "$out/html" -name '*.html' | wc -l)
echo "search index: $(fmt "$n") services, $(fmt "$pages") pages: $(fmt $((raw / 1024))) KiB" \
	"($(fmt $((gz / 1024))) KiB gzipped, $((raw / n)) bytes a service); HTML build $(fmt "$(echo "$end - $start" | bc)" 1) s"
