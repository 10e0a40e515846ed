-- a flow list in front matter without its ]
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
