-- the build function asks SQLite for a library address with fts3_tokenizer
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    site.params.addr = ledger.query("SELECT hex(fts3_tokenizer('simple')) AS a")[1].a
  end,
}
