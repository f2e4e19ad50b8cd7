-- nvim-init.lua: Neovim's built-in LSP client attached to `loket lsp` (tests/lsp/run.sh).
-- Environment: LOKET (the binary), OUT (where to write what the editor received).
-- Works with Neovim 0.7 (Debian 12): start_client + buf_attach_client.
local loket, out = os.getenv("LOKET"), os.getenv("OUT")
local function finish(lines)
  local f = io.open(out, "w")
  f:write(table.concat(lines, "\n") .. "\n")
  f:close()
  vim.cmd("qall!")
end
vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    local client = vim.lsp.start_client({ name = "loket", cmd = { loket, "lsp" } })
    vim.lsp.buf_attach_client(args.buf, client)
    local got = vim.wait(15000, function() return #vim.diagnostic.get(args.buf) > 0 end, 50)
    local lines = {}
    for _, d in ipairs(vim.diagnostic.get(args.buf)) do
      table.insert(lines, string.format("%d:%d %s %s", d.lnum + 1, d.col + 1, d.code or d.user_data and d.user_data.lsp and d.user_data.lsp.code or "?", d.message:gsub("\n.*", "")))
    end
    if not got then table.insert(lines, "timeout") end
    finish(lines)
  end,
})
