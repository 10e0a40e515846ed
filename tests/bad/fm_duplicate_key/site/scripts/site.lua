-- a front matter key given twice
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
