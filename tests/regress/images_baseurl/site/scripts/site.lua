-- images_baseurl: relative pictures and links on a site published below a
-- path get the path too.
return {
  title = "子路径的图片",
  baseurl = "https://example.org/sub/",
  theme = "p",
  taxonomies = {},
}
