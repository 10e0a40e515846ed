-- escaping: hostile text in front matter and Markdown, and the helpers.
return {
  title = "站名 <i>&</i> \"引号\"",
  description = "描述 <script>",
  baseurl = "https://example.org/",
  theme = "e",
  taxonomies = { tags = "标签" },
  params = { note = "<b>粗体</b>" },
}
