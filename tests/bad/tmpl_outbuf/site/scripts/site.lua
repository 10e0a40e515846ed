-- a template hands a page object to the writer of the template runtime
return {
  title = "坏输入",
  theme = "b",
}
