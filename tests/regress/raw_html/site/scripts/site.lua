-- raw_html: the site trusts the HTML written in its Markdown.
return {
  title = "原始 HTML",
  baseurl = "https://example.org/",
  theme = "r",
  raw_html = true,
}
