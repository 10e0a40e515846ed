-- a script asks the ledger for a private field
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    ledger.query("SELECT informant_phone FROM case_source")
  end,
}
