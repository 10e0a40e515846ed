-- an alias that is the URL of another page
return { title = "坏输入", baseurl = "https://example.org/", theme = "b" }
