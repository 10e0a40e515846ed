-- a template opens the ledger file with io.open
return {
  title = "坏输入",
  theme = "b",
}
