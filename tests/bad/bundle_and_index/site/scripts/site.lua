-- a folder with both _index.md (a section) and index.md (a page bundle)
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
