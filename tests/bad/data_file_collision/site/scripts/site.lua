-- site.file on the name of a static file of the theme
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    site.file{ path = "b.txt", content = "x" }
  end,
}
