-- a page whose URL is the list of a taxonomy
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
