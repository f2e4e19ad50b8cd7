# loket.fish: fish completion for loket (installed as
# $(PREFIX)/share/fish/vendor_completions.d/loket.fish): commands, options, option values,
# diagnostic codes for `loket explain`, file names.
set -l cmds check report explain build schema vocab lsp serve import migrate
complete -c loket -f
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a check -d 'validate and run the rules'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a report -d 'the digital-readiness report'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a explain -d 'explain a diagnostic code'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a build -d 'render portal, JSON, leaflets, feeds'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a schema -d 'export or validate with a schema'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a vocab -d 'UPL as the product vocabulary'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a lsp -d 'language server'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a serve -d 'live preview'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -a import -d 'import a Samenwerkende Catalogi feed'
complete -c loket -n "not __fish_seen_subcommand_from $cmds" -l version -d 'print the version'
complete -c loket -l help -s h -d 'print the help'
complete -c loket -l lang -x -a 'nl en' -d 'language of messages'

set -l pipe check report build serve
complete -c loket -n "__fish_seen_subcommand_from $pipe" -F
complete -c loket -n "__fish_seen_subcommand_from $pipe" -l products -r -F -d 'UPL CSV as the product list'
complete -c loket -n "__fish_seen_subcommand_from $pipe" -l policy -r -F -d 'local policy'
complete -c loket -n "__fish_seen_subcommand_from $pipe" -l color -x -a 'auto always never' -d 'colour'
complete -c loket -n "__fish_seen_subcommand_from $pipe" -s W -l werror -d 'warnings as errors'
complete -c loket -n "__fish_seen_subcommand_from $pipe" -s q -l quiet -d 'only the summary line'
complete -c loket -n "__fish_seen_subcommand_from $pipe" -l max-diagnostics -x -d 'at most N per file'
complete -c loket -n "__fish_seen_subcommand_from $pipe" -s j -l jobs -x -d 'threads'
complete -c loket -n "__fish_seen_subcommand_from $pipe" -l schema-dir -x -a '(__fish_complete_directories)' -d 'the standard in DIR'
complete -c loket -n "__fish_seen_subcommand_from check" -l format -x -a 'text json sarif github junit gitlab' -d 'output format'
complete -c loket -n "__fish_seen_subcommand_from report" -l format -x -a 'text json csv html' -d 'output format'
complete -c loket -n "__fish_seen_subcommand_from build" -l format -x -a 'html json pdf sc html,json,pdf,sc' -d 'formats'
complete -c loket -n "__fish_seen_subcommand_from report build" -l diagnostics -x -a 'text json sarif github junit gitlab' -d 'diagnostics format'
complete -c loket -n "__fish_seen_subcommand_from check report build" -s o -l output -r -F -d 'output file or folder'
complete -c loket -n "__fish_seen_subcommand_from build" -l base-url -x -d 'base URL'
complete -c loket -n "__fish_seen_subcommand_from build" -l paper -x -a 'a4 a5' -d 'paper size'
complete -c loket -n "__fish_seen_subcommand_from build" -l strict -d 'any error and nothing changes'
complete -c loket -n "__fish_seen_subcommand_from build" -l replace -d 'the paths are the whole site'
complete -c loket -n "__fish_seen_subcommand_from build" -l no-wait -d 'exit 3 when locked'
complete -c loket -n "__fish_seen_subcommand_from serve" -l port -x -d 'port'
complete -c loket -n "__fish_seen_subcommand_from serve" -l bind -x -d 'address'
complete -c loket -n "__fish_seen_subcommand_from explain" -l list -d 'list every code'
complete -c loket -n "__fish_seen_subcommand_from explain" -l policy -r -F -d 'local policy'
complete -c loket -n "__fish_seen_subcommand_from explain" -x -a '(loket explain --list 2>/dev/null | string match -r "^[A-Z]+[0-9]+")'
complete -c loket -n "__fish_seen_subcommand_from schema; and not __fish_seen_subcommand_from export validate lint diff impact doc" -x -a 'export validate lint diff impact doc'
complete -c loket -n "__fish_seen_subcommand_from schema" -l json -d 'JSON output'
complete -c loket -n "__fish_seen_subcommand_from schema" -l kind -x -a 'service agency output output-service common' -d 'schema'
complete -c loket -n "__fish_seen_subcommand_from schema" -l standard -x -a '1.0' -d 'version'
complete -c loket -n "__fish_seen_subcommand_from schema" -l schema -r -F -d 'schema file'
complete -c loket -n "__fish_seen_subcommand_from validate" -F
complete -c loket -n "__fish_seen_subcommand_from vocab; and not __fish_seen_subcommand_from import-upl" -x -a import-upl
complete -c loket -n "__fish_seen_subcommand_from import-upl" -F
complete -c loket -n "__fish_seen_subcommand_from import-upl" -s o -r -F -d 'output file'
complete -c loket -n "__fish_seen_subcommand_from import; and not __fish_seen_subcommand_from sc" -x -a sc
complete -c loket -n "__fish_seen_subcommand_from sc" -F
complete -c loket -n "__fish_seen_subcommand_from sc" -s o -r -F -d 'output folder'
complete -c loket -n "__fish_seen_subcommand_from sc" -l force -d 'overwrite'
complete -c loket -n "__fish_seen_subcommand_from sc" -s q -d 'quiet'
