-- the build function asks require for the real os library
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    require("os").execute("id")
  end,
}
