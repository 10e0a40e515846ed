-- a page bundle (a folder with index.md) holding other Markdown pages
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
