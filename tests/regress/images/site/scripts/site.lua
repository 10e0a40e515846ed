-- images: pictures and links written relative to the page's file in
-- content/ are published as absolute URLs of what they point at.
return {
  title = "图片",
  baseurl = "https://example.org/",
  theme = "p",
  summary_length = 60,
  taxonomies = {},
}
