-- a page whose URL is a section folder
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
