-- site.page with a template that does not exist
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    site.page{ path = "gongzuo/", template = "stats.html" }
  end,
}
