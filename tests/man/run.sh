#!/usr/bin/env bash
# tests/man/run.sh LOKET: the manual pages in docs/man/ are clean in `mandoc -T lint`, and
# every option of `loket --help` is in loket(1) and every option in loket(1) is in --help
# (each missing one named, with where it is missing from).
set -euo pipefail
loket=$1
cd "$(dirname "$0")/../.."
command -v mandoc >/dev/null || { echo "man: mandoc is missing (make deps installs it)"; exit 1; }
fail=0
# mandoc checks .Xr against the installed manual pages only; our own pages are not
# installed while we test, so "referenced manual not found" for a loket page is checked
# here instead: the page must exist in docs/man/.
lint=$(mandoc -T lint docs/man/*.1 docs/man/*.5 2>&1 || true)
while IFS= read -r line; do
	[ -n "$line" ] || continue
	if [[ $line =~ referenced\ manual\ not\ found:\ Xr\ (loket[a-z-]*)\ ([0-9]) ]]; then
		page=docs/man/${BASH_REMATCH[1]}.${BASH_REMATCH[2]}
		[ -f "$page" ] && continue
		echo "man: $line (and $page does not exist)"
	else
		echo "man: $line"
	fi
	fail=1
done <<<"$lint"
[ $fail = 0 ] && echo "man: mandoc -T lint clean ($(ls docs/man | wc -l) pages)"

opts() { grep -oE '(^|[^A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[^-]*//' | LC_ALL=C sort -u; }
help_opts=$("$loket" --lang=en --help | opts)
man_opts=$(MANWIDTH=200 mandoc -T ascii -O width=200 docs/man/loket.1 | col -b | opts)
# Options of the commands and the global ones, as --help spells them; both lists must match.
only_help=$(LC_ALL=C comm -23 <(echo "$help_opts") <(echo "$man_opts"))
only_man=$(LC_ALL=C comm -13 <(echo "$help_opts") <(echo "$man_opts"))
for o in $only_help; do echo "man: option $o is in 'loket --help' but missing from docs/man/loket.1"; fail=1; done
for o in $only_man; do echo "man: option $o is in docs/man/loket.1 but missing from 'loket --help' (compiler/main.c)"; fail=1; done
# Every command of --help has its .It Cm entry in loket(1).
for c in $("$loket" --lang=en --help | sed -n '/^Commands:/,/^$/p' | grep -oE '^  [a-z]+' | sort -u); do
	grep -q "^\.It Cm $c" docs/man/loket.1 || { echo "man: command '$c' of 'loket --help' has no '.It Cm $c' in docs/man/loket.1"; fail=1; }
done
[ $fail = 0 ] && echo "man: --help and loket(1) list the same $(echo "$help_opts" | wc -l) options" || exit 1
