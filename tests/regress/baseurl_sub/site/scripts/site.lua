-- baseurl_sub: a site published below a path (no trailing slash here:
-- Shouhu adds it).
return {
  title = "子路径",
  baseurl = "https://example.org/sub",
  theme = "b",
  paginate = 1,
  taxonomies = { tags = "标签" },
}
