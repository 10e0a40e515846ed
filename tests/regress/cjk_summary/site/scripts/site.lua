-- cjk_summary: automatic summaries of Chinese text, 20 characters.
return {
  title = "摘要",
  baseurl = "https://example.org/",
  theme = "c",
  summary_length = 20,
}
