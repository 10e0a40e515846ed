-- a Markdown file saved as GBK
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
