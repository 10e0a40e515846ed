-- broken_links = "error": a picture, a link and a site path that point at
-- nothing stop the build
return { title = "坏输入", baseurl = "https://example.org/", theme = "b",
  broken_links = "error" }
