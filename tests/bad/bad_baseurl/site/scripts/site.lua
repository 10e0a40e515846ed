-- baseurl with a scheme Shouhu cannot publish to
return { title = "坏输入", theme = "b", baseurl = "ftp://x" }
