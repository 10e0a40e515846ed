-- bundles: a folder with an index.md is one page (a page bundle) with its
-- files beside it; _index.md folders stay sections.
return {
  title = "页面包",
  baseurl = "https://example.org/",
  theme = "p",
  taxonomies = {},
}
