-- a content folder named like a taxonomy
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
