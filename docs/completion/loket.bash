# loket.bash: bash completion for loket (installed as
# $(PREFIX)/share/bash-completion/completions/loket): commands, options, option values,
# diagnostic codes for `loket explain` (from `loket explain --list`) and file names.

_loket_codes()
{
	"${1:-loket}" explain --list 2>/dev/null | while read -r code _; do
		[[ $code =~ ^[A-Z]+[0-9]+$ ]] && printf '%s\n' "$code"
	done
}

_loket()
{
	local cur prev words cword split=false
	if declare -F _init_completion >/dev/null; then
		# -s: --opt=value gives prev=--opt, cur=value, split=true; readline replaces
		# only what follows the =.
		_init_completion -s || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		if [[ $prev == = && $cword -ge 2 ]]; then
			prev=${words[cword - 2]} split=true
		elif [[ $cur == = ]]; then
			cur="" split=true
		fi
	fi
	local commands="check report explain build schema vocab lsp serve import migrate"
	local cmd="" sub="" i
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-* | =) ;;
		*)
			[[ ${words[i - 1]} == -o || ${words[i - 1]} == --output || ${words[i - 1]} == -j || ${words[i - 1]} == = ]] && continue
			if [[ -z $cmd ]]; then cmd=${words[i]}; elif [[ -z $sub ]]; then sub=${words[i]}; fi
			;;
		esac
	done

	local opt="" val=$cur
	if [[ $split == true ]]; then
		opt=$prev
	else
		case $prev in
		-o | --output) opt=$prev ;;
		-j | --jobs) return ;;
		esac
	fi
	if [[ -n $opt ]]; then
		local values=""
		case $opt in
		--format)
			case $cmd in
			report) values="text json csv html" ;;
			build | serve)
				# a comma-separated list: complete the last item
				local done_part=""
				[[ $val == *,* ]] && done_part=${val%,*},
				values=""
				for f in html json pdf sc; do values+=" $done_part$f"; done
				;;
			*) values="text json sarif github junit gitlab" ;;
			esac
			;;
		--diagnostics) values="text json sarif github junit gitlab" ;;
		--lang) values="nl en" ;;
		--color) values="auto always never" ;;
		--paper) values="a4 a5" ;;
		--kind) values="service agency output output-service common" ;;
		--standard) values="1.0" ;;
		--schema-dir)
			COMPREPLY=($(compgen -d -- "$val"))
			return
			;;
		--policy | --products | --schema | -o | --output)
			compopt -o filenames 2>/dev/null
			if [[ $opt == -o || $opt == --output ]] && [[ $cmd == build || $cmd == import ]]; then
				COMPREPLY=($(compgen -d -- "$val"))
			else
				COMPREPLY=($(compgen -f -- "$val"))
			fi
			return
			;;
		*) values="" ;;
		esac
		COMPREPLY=($(compgen -W "$values" -- "$val"))
		return
	fi

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$commands --help --version --lang=" -- "$cur"))
		return
	fi
	local common="--lang= --help"
	local pipeline="--products= --policy= --color= -W --werror -q --quiet --max-diagnostics= -j --jobs= --schema-dir="
	local opts=""
	case $cmd in
	check) opts="--format= -o --output= $pipeline" ;;
	report) opts="--format= -o --output= --diagnostics= $pipeline" ;;
	build) opts="--format= -o --output= --base-url= --paper= --diagnostics= --strict --replace --no-wait $pipeline" ;;
	serve) opts="--port= --bind= $pipeline" ;;
	explain) opts="--list --policy=" ;;
	migrate) opts="--to= --dry-run $pipeline" ;;
	schema)
		if [[ -z $sub ]]; then
			COMPREPLY=($(compgen -W "export validate lint diff impact doc" -- "$cur"))
			return
		fi
		opts="--json --kind= --standard= --schema= --schema-dir= --format= --allow-breaking -o"
		;;
	vocab)
		if [[ -z $sub ]]; then
			COMPREPLY=($(compgen -W "import-upl" -- "$cur"))
			return
		fi
		opts="-o"
		;;
	import)
		if [[ -z $sub ]]; then
			COMPREPLY=($(compgen -W "sc" -- "$cur"))
			return
		fi
		opts="-o --force -q"
		;;
	lsp) opts="" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts $common" -- "$cur"))
		[[ ${COMPREPLY[0]-} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	if [[ $cmd == explain ]]; then
		COMPREPLY=($(compgen -W "$(_loket_codes "${words[0]}")" -- "$cur"))
		return
	fi
	[[ $cmd == lsp ]] && return
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _loket loket
