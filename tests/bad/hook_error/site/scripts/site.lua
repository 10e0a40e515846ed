-- an error in the build function of site.lua
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    site.params.first = site.pages[1].params.missing.x
  end,
}
