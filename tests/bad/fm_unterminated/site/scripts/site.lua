-- front matter without its closing ---
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
