-- Site configuration of the demo site: 打击整治养老诈骗 public information.
-- See shouhu-site(5) (man/shouhu-site.5), CONFIGURATION, for every key.
return {
  title = "守护：防范养老诈骗",
  description = "打击整治养老诈骗专项行动：防骗知识、风险提示、典型案例和举报方式。",
  baseurl = "https://example.gov.cn/",
  language = "zh-CN",
  theme = "default",
  timezone = "+08:00",
  paginate = 20,
  summary_length = 120,
  taxonomies = { tags = "标签", categories = "分类" },
  menus = {
    main = {
      { name = "首页", url = "/" },
      { name = "防骗知识", url = "/fangpian/" },
      { name = "风险提示", url = "/tishi/" },
      { name = "工作进展", url = "/gongzuo/" },
      { name = "典型案例", url = "/anli/" },
      { name = "机构风险", url = "/fengxian/" },
      { name = "标签", url = "/tags/" },
      { name = "如何举报", url = "/jubao/" },
      { name = "搜索", url = "/search/" },
    },
  },
  hotlines = {
    { name = "政务服务便民热线", number = "12345" },
    { name = "市场监管投诉举报", number = "12315" },
    { name = "打击整治养老诈骗举报", number = "12337" },
    { name = "报警", number = "110" },
    { name = "本站专项办举报电话", number = "0537-3516315" },
  },
  search = true,                        -- write the search index (search/)
  -- the search page, and the data pages (工作进展, 典型案例, 机构风险) from
  -- the ledger: scripts/data.lua
  build = function(site)
    site.page{ path = "search/", template = "search.html", title = "搜索" }
    require("data")(site)
  end,
}
