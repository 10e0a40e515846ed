-- a Lua syntax error inside a template
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
