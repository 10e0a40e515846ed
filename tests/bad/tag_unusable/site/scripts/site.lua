-- a tag with no characters usable in a URL
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
