-- the build function goes for the SQLite handle of ledger.query with debug
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    local _, db = debug.getupvalue(ledger.query, 1)
  end,
}
