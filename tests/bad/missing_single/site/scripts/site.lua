-- a theme without single.html
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
