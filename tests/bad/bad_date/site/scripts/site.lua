-- a date that does not exist
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
