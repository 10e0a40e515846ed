-- a static file where a page goes
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
