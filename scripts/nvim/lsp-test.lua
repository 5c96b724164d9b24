-- A real editor on `sfcheck server`: Neovim's own LSP client opens a copy of a fixture,
-- waits for the diagnostics and checks them, runs "Fix all sfcheck findings"
-- (source.fixAll.sfcheck), writes the buffer and checks the file on disk. Exits 0 when
-- all holds, 1 otherwise. SFCHECK_BIN and SFCHECK_FILE name the binary and the file.

local bin = assert(os.getenv("SFCHECK_BIN"), "SFCHECK_BIN is not set")
local file = assert(os.getenv("SFCHECK_FILE"), "SFCHECK_FILE is not set")
local TIMEOUT = 60000

local function check(cond, what)
  if not cond then
    error(what, 0)
  end
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function run()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local config = { name = "sfcheck", cmd = { bin, "server" }, root_dir = vim.fn.fnamemodify(file, ":h") }
  local id
  if vim.lsp.start then
    id = vim.lsp.start(config)
  else
    -- Neovim before 0.8 (Debian 12's 0.7) has no vim.lsp.start.
    id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, id)
  end
  check(id, "the client did not start")

  check(vim.wait(TIMEOUT, function() return #vim.diagnostic.get(buf) > 0 end, 50), "no diagnostics")
  local found = vim.diagnostic.get(buf)
  check(#found == 1, "expected 1 diagnostic, got " .. #found)
  local d = found[1]
  local seen = string.format("%s@%d:%d-%d:%d/%d", code_of(d), d.lnum, d.col, d.end_lnum, d.end_col, d.severity)
  check(seen == "SF205@14:12-14:16/1", "unexpected diagnostic " .. seen)
  check(d.source == "sfcheck", "unexpected source " .. tostring(d.source))

  local client = vim.lsp.get_client_by_id(id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
    context = { diagnostics = {}, only = { "source.fixAll.sfcheck" } },
  }
  local response = client.request_sync("textDocument/codeAction", params, TIMEOUT, buf)
  check(response and response.result, "no answer to textDocument/codeAction")
  local actions = response.result
  check(#actions == 1, "expected 1 fix-all action, got " .. #actions)
  check(actions[1].kind == "source.fixAll.sfcheck", "unexpected kind " .. tostring(actions[1].kind))
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding or "utf-16")
  vim.cmd("write")

  local text = table.concat(vim.fn.readfile(file), "\n")
  check(text:find("\n    device: false\n", 1, true), "the file on disk is not fixed")
  check(not text:find("device: true", 1, true), "the file on disk still ticks the device flow")
  check(vim.wait(TIMEOUT, function() return #vim.diagnostic.get(buf) == 0 end, 50), "the diagnostic stayed after the fix")
end

local ok, err = pcall(run)
if ok then
  io.stdout:write("nvim-test: ok\n")
  vim.cmd("qall!")
else
  io.stderr:write("nvim-test: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
