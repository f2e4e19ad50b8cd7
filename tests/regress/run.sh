#!/usr/bin/env bash
# run.sh: the regression cases: each X.lint beside X.yaml (one file) or X/ (a
# catalogue folder) holds the exact output of `loket check` on it, then its exit
# status. An optional X.args adds options. REGEN=1 rewrites the expectations.
# Usage: tests/regress/run.sh path/to/loket [SUBFOLDER]   (only the cases under SUBFOLDER)
set -u
loket=$(realpath "$1")
# A fixed "today" (2026-11-28), so date checks give the same output every day.
export SOURCE_DATE_EPOCH=1795824000
cd "$(dirname "$0")" || exit 2
pass=0 fail=0
while IFS= read -r lint; do
  base=${lint%.lint}
  if [ -f "$base.yaml" ]; then target="$base.yaml"; else target="$base"; fi
  args=()
  [ -f "$base.args" ] && read -r -a args < "$base.args"
  got=$("$loket" check --color=never "${args[@]}" "$target" 2>/tmp/loket-regress-err.$$; echo "exit status: $?")
  err=$(cat /tmp/loket-regress-err.$$)
  if [ -n "${REGEN:-}" ]; then
    printf '%s\n' "$got" > "$lint"
    continue
  fi
  if [ "$got" == "$(cat "$lint")" ] && [ -z "$err" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $target"
    diff <(cat "$lint") <(printf '%s\n' "$got") | head -20
    [ -n "$err" ] && printf 'stderr:\n%s\n' "$err" | head -30
  fi
done < <(find "${2:-.}" -name '*.lint' | sed 's|^\./||' | LC_ALL=C sort)
rm -f /tmp/loket-regress-err.$$
[ -n "${REGEN:-}" ] && { echo "regress: expectations rewritten"; exit 0; }
echo "regress: $pass passed, $fail failed"
[ "$fail" = 0 ]
