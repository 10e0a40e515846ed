-- the build function reads a file with loadfile
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    local f = loadfile("ledger.db")
  end,
}
