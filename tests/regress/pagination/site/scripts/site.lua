-- pagination: 2 pages per pager page.
return {
  title = "分页",
  baseurl = "https://example.org/",
  theme = "p",
  paginate = 2,
  taxonomies = { tags = "标签" },
}
