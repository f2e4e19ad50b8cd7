#!/usr/bin/env bash
# run.sh LOKET: `loket lsp` through a scripted client (client.py: initialize, didOpen with
# errors that must equal check's, didChange fixing them, hover, completion, codeAction,
# documentSymbol, malformed and huge messages, shutdown/exit) and through a real editor,
# Neovim's built-in LSP client, headless, receiving the diagnostics of a broken file.
. "$(dirname "$0")/../lib.sh" "$@"

dir=$tmp/gemeente-voorbeeldstad
mkdir -p "$dir"
cp catalogue/gemeente-voorbeeldstad/agency.yaml catalogue/gemeente-voorbeeldstad/extra-afvalcontainer.yaml "$dir"/

if ! command -v python3 > /dev/null; then
  bad "python3 is missing (make deps installs it)"
elif timeout 300 python3 "$here/client.py" "$loket" "$dir" > "$tmp/client.out" 2>&1; then
  ok
  grep -c '^ok ' "$tmp/client.out" | sed 's/^/lsp client: checks passed: /'
  grep '^latency-ms' "$tmp/client.out" | sed 's/^/lsp client: change to diagnostics, /'
else
  bad "the scripted LSP client:"
  grep -v '^ok ' "$tmp/client.out"
fi

# Neovim's own client: a broken sample file opened headless gets loket's diagnostics.
if command -v nvim > /dev/null; then
  sed 's/^title:/titel:/' catalogue/gemeente-voorbeeldstad/extra-afvalcontainer.yaml > "$dir/extra-afvalcontainer.yaml"
  LOKET=$loket OUT=$tmp/nvim.out timeout 60 nvim --headless --clean -u "$here/nvim-init.lua" "$dir/extra-afvalcontainer.yaml" > /dev/null 2>&1
  if grep -q "^5:1 SCH004 unknown field 'titel'" "$tmp/nvim.out" 2> /dev/null &&
    grep -q "^2:1 SCH001 required field 'title' is missing" "$tmp/nvim.out"; then
    ok
  else
    bad "Neovim did not receive loket's diagnostics: $(cat "$tmp/nvim.out" 2> /dev/null)"
  fi
elif [ "${LSP_REQUIRED:-0}" = 1 ]; then
  bad "nvim is missing (make deps installs neovim)"
else
  skip "Neovim test: nvim is missing (make deps installs neovim)"
fi

summary lsp
