-- layout naming a template that does not exist
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
