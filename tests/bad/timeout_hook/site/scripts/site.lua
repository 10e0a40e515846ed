-- the build function of site.lua never ends; timeout = 1
return {
  title = "坏输入",
  theme = "b",
timeout = 1,
  build = function(site)
    while true do end
  end,
}
