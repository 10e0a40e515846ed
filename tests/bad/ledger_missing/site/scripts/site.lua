-- --ledger names a file that is not there
return {
  title = "坏输入",
  theme = "b",
}
