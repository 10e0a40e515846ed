-- error() in site.lua
local t = { title = "坏输入", theme = "b" }
error("没有配置 baseurl")
return t
