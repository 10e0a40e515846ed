-- two pages asking for the same alias
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
