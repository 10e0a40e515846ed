-- draft that is not true or false
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
