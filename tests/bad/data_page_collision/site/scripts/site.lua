-- site.page on the address of a content page
return {
  title = "坏输入",
  theme = "b",
  build = function(site)
    site.page{ path = "/sec/ok/", template = "single.html", title = "数据" }
  end,
}
