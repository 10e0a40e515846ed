-- site.page called while pages render
return {
  title = "坏输入",
  theme = "b",
}
