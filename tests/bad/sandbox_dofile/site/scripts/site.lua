-- site.lua runs another file with dofile
local data = dofile("scripts/data.lua")
return {
  title = "坏输入",
  theme = "b",
}
