-- the build function loads a hand-made binary chunk
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    local f = assert(load("\27Lua\84\0\25\147\r\n\26\n\4\8\8"))
    f()
  end,
}
