-- front matter that is a list, not key: value
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
