-- the build function calls an SQL function that is not on the list
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    ledger.query("SELECT sqlite_compileoption_get(0) AS o")
  end,
}
