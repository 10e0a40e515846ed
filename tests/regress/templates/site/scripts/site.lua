-- templates: extends, blocks, include, partial(), layouts, trimming.
function greet(name)
  return "你好，" .. name
end

return {
  title = "模板",
  baseurl = "https://example.org/",
  theme = "t",
  taxonomies = { tags = "标签" },
  params = { },
  build = function(site)
    site.params.article_count = #site.pages
  end,
}
