-- a template slips code out of its function that loops when the template loads; timeout = 1
return {
  title = "坏输入",
  theme = "b",
timeout = 1,
}
