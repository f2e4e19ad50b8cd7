#!/usr/bin/env bash
# run.sh LOKET: `loket serve` end to end (serve_test.py): a free port, a service page, a change
# seen within a second with only that service rendered again, a broken file shown as its
# diagnostics, 404s, loopback only, SIGTERM.
. "$(dirname "$0")/../lib.sh" "$@"

mkdir -p "$tmp/cat/gemeente-voorbeeldstad" "$tmp/run"
cp catalogue/gemeente-voorbeeldstad/agency.yaml catalogue/gemeente-voorbeeldstad/extra-afvalcontainer.yaml \
  catalogue/gemeente-voorbeeldstad/bijstandsuitkering-aanvragen.yaml "$tmp/cat/gemeente-voorbeeldstad/"
if timeout 300 python3 "$here/serve_test.py" "$loket" "$tmp/cat/gemeente-voorbeeldstad" "$tmp/run" > "$tmp/out" 2>&1; then
  ok
  grep -c '^ok ' "$tmp/out" | sed 's/^/serve: checks passed: /'
  grep '^rebuild-ms' "$tmp/out" | sed 's/^/serve: save to new page, /'
else
  bad "loket serve:"
  grep -v '^ok ' "$tmp/out"
fi
summary serve
