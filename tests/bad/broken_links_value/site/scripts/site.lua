-- broken_links is neither "warning" nor "error"
return { title = "坏输入", baseurl = "https://example.org/", theme = "b",
  broken_links = "ignore" }
