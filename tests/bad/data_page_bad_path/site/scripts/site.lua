-- site.page with a path that leaves the site
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    site.page{ path = "../etc/", template = "single.html" }
  end,
}
