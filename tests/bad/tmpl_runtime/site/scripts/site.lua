-- a Lua error while rendering a page
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
