#!/usr/bin/env bash
# tests/completion/run.sh LOKET: sources docs/completion/loket.bash (with bash-completion's
# helpers when installed, and without them) and checks what it offers for a few command
# lines; checks that the zsh and fish scripts parse.
set -uo pipefail
loket=$(realpath "$1")
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" && ln -s "$loket" "$tmp/bin/loket"

check_with() { # $1: "bash-completion" or "plain"
	bash --norc --noprofile -s "$1" "$tmp/bin" <<'EOS'
mode=$1
PATH=$2:$PATH
fail=0
if [ "$mode" = bash-completion ]; then
	source /usr/share/bash-completion/bash_completion || exit 1
fi
source docs/completion/loket.bash || exit 1
compopt() { :; } # only valid inside a completion run by readline
# complete LINE: what readline would offer at the end of LINE (split at spaces and at =
# as COMP_WORDBREAKS does).
complete_line() {
	COMP_LINE=$1 COMP_POINT=${#1}
	local l=${1//=/ = }
	read -ra COMP_WORDS <<<"$l"
	[[ $1 == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_loket
	printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}
expect() { # LINE EXPECTED (the sorted offers, space-separated)
	local got
	got=$(complete_line "$1")
	if [ "$got" != "$2" ]; then
		echo "completion ($mode): '$1' offered '$got', expected '$2'"
		fail=1
	fi
}
expect_has() { # LINE WORD: WORD is among the offers
	local got
	got=$(complete_line "$1")
	case " $got " in *" $2 "*) ;; *) echo "completion ($mode): '$1' offered '$got', without '$2'"; fail=1 ;; esac
}
expect "loket ch" "check"
expect "loket s" "schema serve"
expect "loket check --form" "--format="
expect "loket check --format=" "github gitlab json junit sarif text"
expect "loket check --format=s" "sarif"
expect "loket report --format=" "csv html json text"
expect "loket build --format=html,p" "html,pdf"
expect "loket check --lang=" "en nl"
expect "loket build --paper=" "a4 a5"
expect "loket check --color=n" "never"
expect "loket schema " "diff doc export impact lint validate"
expect "loket schema export --kind=output" "output output-service"
expect "loket explain DIG00" "DIG001 DIG002 DIG003 DIG004 DIG005 DIG006"
expect_has "loket explain YML" "YML001"
expect "loket check catalogue/gemeente-z" "catalogue/gemeente-zuiderwaard"
expect "loket build --strict --no-w" "--no-wait"
expect "loket check --policy=docs/examples/policy-s" "docs/examples/policy-strict.yaml"
expect "loket import " "sc"
exit $fail
EOS
}
fail=0
if [ -f /usr/share/bash-completion/bash_completion ]; then
	check_with bash-completion || fail=1
else
	echo "completion: bash-completion is not installed (make deps installs it); checked without it only"
fi
check_with plain || fail=1
if command -v zsh >/dev/null; then
	zsh -n docs/completion/_loket || { echo "completion: docs/completion/_loket does not parse in zsh"; fail=1; }
fi
if command -v fish >/dev/null; then
	fish -n docs/completion/loket.fish || { echo "completion: docs/completion/loket.fish does not parse in fish"; fail=1; }
	# fish completes a command line itself (complete -C): values and codes.
	fish_offers() { PATH=$tmp/bin:$PATH fish --no-config -c "source docs/completion/loket.fish; complete -C '$1'" | cut -f1 | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'; }
	got=$(fish_offers "loket report --format=")
	[ "$got" = "--format=csv --format=html --format=json --format=text" ] || { echo "completion (fish): 'loket report --format=' offered '$got'"; fail=1; }
	got=$(fish_offers "loket explain DIG00")
	[ "$got" = "DIG001 DIG002 DIG003 DIG004 DIG005 DIG006" ] || { echo "completion (fish): 'loket explain DIG00' offered '$got'"; fail=1; }
	got=$(fish_offers "loket ch")
	[ "$got" = "check" ] || { echo "completion (fish): 'loket ch' offered '$got'"; fail=1; }
fi
[ $fail = 0 ] && echo "completion: bash and fish complete commands, options, values, codes (and bash file names); zsh parses" || exit 1
