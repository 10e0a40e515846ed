-- basic: the features every site uses.
return {
  title = "测试站 & Co",
  description = "基本功能的测试网站",
  baseurl = "https://example.org/",
  language = "zh-CN",
  theme = "mini",
  timezone = "+08:00",
  summary_length = 30,
  taxonomies = { tags = "标签", categories = "分类" },
  params = { footer = "页脚 <b>" },
}
