#!/usr/bin/env bash
# run.sh: the regression cases: each X.lint beside X.yaml (one file) or X/ (a
# catalogue folder) holds the exact output of `loket check` on it, then its exit
# status. An optional X.args adds options. REGEN=1 rewrites the expectations.
# X.nl.lint beside X.lint: the same case in Dutch (--lang=nl).
# X.cmd instead of an input: one line of loket arguments (after optional NAME=value
# environment words) run in place of `check`; stderr is part of the output.
# Usage: tests/regress/run.sh path/to/loket [SUBFOLDER]   (only the cases under SUBFOLDER)
set -u
loket=$(realpath "$1")
# A fixed "today" (2026-11-28), so date checks give the same output every day.
export SOURCE_DATE_EPOCH=1795824000
# English unless a case asks for Dutch, whatever the language of this machine.
unset LANGUAGE LC_ALL LC_MESSAGES LANG
cd "$(dirname "$0")" || exit 2
pass=0 fail=0
while IFS= read -r lint; do
  base=${lint%.lint}
  lang=()
  case $base in *.nl) base=${base%.nl}; lang=(--lang=nl) ;; esac
  if [ -f "$base.yaml" ]; then target="$base.yaml"; else target="$base"; fi
  args=()
  [ -f "$base.args" ] && read -r -a args < "$base.args"
  if [ -f "$base.cmd" ]; then
    target=$base.cmd
    read -r -a words < "$base.cmd"
    envs=()
    while [ ${#words[@]} -gt 0 ] && [[ ${words[0]} == [A-Z]*=* ]]; do envs+=("${words[0]}"); words=("${words[@]:1}"); done
    got=$(env "${envs[@]}" "$loket" "${lang[@]}" "${words[@]}" 2>&1; echo "exit status: $?")
    # --version names the commit in a git checkout ("loket 0.1.0 (a858f3b)"), not in a tarball.
    got=$(printf '%s\n' "$got" | sed -E '1s/^(loket [0-9.]+) \([^)]*\)$/\1/')
    err=
  else
    got=$("$loket" check --color=never "${lang[@]}" "${args[@]}" "$target" 2>/tmp/loket-regress-err.$$; echo "exit status: $?")
    err=$(cat /tmp/loket-regress-err.$$)
  fi
  if [ -n "${REGEN:-}" ]; then
    printf '%s\n' "$got" > "$lint"
    continue
  fi
  if [ "$got" == "$(cat "$lint")" ] && [ -z "$err" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $lint ($target)"
    diff <(cat "$lint") <(printf '%s\n' "$got") | head -20
    [ -n "$err" ] && printf 'stderr:\n%s\n' "$err" | head -30
  fi
done < <(find "${2:-.}" -name '*.lint' | sed 's|^\./||' | LC_ALL=C sort)
rm -f /tmp/loket-regress-err.$$
[ -n "${REGEN:-}" ] && { echo "regress: expectations rewritten"; exit 0; }
echo "regress: $pass passed, $fail failed"
[ "$fail" = 0 ]
