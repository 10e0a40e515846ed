-- drafts_on: the site of tests/regress/drafts, built with --drafts.  SOURCE_DATE_EPOCH=1700000000 is
-- 2023-11-15 06:13:20 +08:00.
return {
  title = "草稿",
  baseurl = "https://example.org/",
  theme = "d",
  taxonomies = { tags = "标签" },
}
