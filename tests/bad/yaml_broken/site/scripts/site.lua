-- front matter that is not YAML (a colon inside an unquoted value)
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
