-- the build function sets a __gc that would run outside every time limit
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    setmetatable({}, { __gc = function() while true do end end })
  end,
}
