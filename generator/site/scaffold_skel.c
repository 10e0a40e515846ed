/*
 * scaffold_skel: the text of what `shouhu init` writes into a new site,
 * and the built-in archetype of `shouhu new` (scaffold.h).  Data only.
 */
#include <stddef.h>

#include "site/scaffold.h"

/* scripts/site.lua: every setting of shouhu-site(5), CONFIGURATION. */
static const char site_lua[] =
"-- 网站的配置。改完保存，再运行 shouhu build 就生效。\n"
"-- 每一项都可以不写，不写就用括号里的默认值；详见 man shouhu-site\n"
"-- （CONFIGURATION 一节）。以 -- 开头的行是说明，不起作用。\n"
"return {\n"
"  -- 网站名称，显示在每页的顶部和浏览器标签上（默认 \"未命名网站\"）\n"
"  title = \"守护：防范养老诈骗\",\n"
"\n"
"  -- 一句话介绍本站，用在首页和订阅（RSS）里（默认空）\n"
"  description = \"打击整治养老诈骗专项行动：防骗知识、风险提示和举报方式。\",\n"
"\n"
"  -- 网站发布后的地址，以 https:// 开头、以 / 结尾。请改成本站真实的\n"
"  -- 域名：订阅和站点地图要用完整的地址（默认 \"/\"）\n"
"  baseurl = \"https://example.gov.cn/\",\n"
"\n"
"  -- 网页的语言（默认 \"zh-CN\"）\n"
"  language = \"zh-CN\",\n"
"\n"
"  -- 主题：先找本网站的 themes/ 文件夹，再找安装好的主题；\n"
"  -- \"default\" 是随 shouhu 安装的适老化主题（默认 \"default\"）\n"
"  theme = \"default\",\n"
"\n"
"  -- 时区：没写时区的日期按它算，shouhu new 也按它写日期\n"
"  -- （默认 \"+08:00\"，北京时间）\n"
"  timezone = \"+08:00\",\n"
"\n"
"  -- 栏目列表每页列出多少篇文章（1 到 1000，默认 20）\n"
"  paginate = 20,\n"
"\n"
"  -- 自动摘要取文章开头多少个字（0 到 10000，默认 120）\n"
"  summary_length = 120,\n"
"\n"
"  -- 订阅（RSS、Atom）里最多放多少篇；0 表示全部（默认 20）\n"
"  rss_limit = 20,\n"
"\n"
"  -- 生成一个页面（或运行下面的 build 函数）最多用多少秒（1 到 3600，\n"
"  -- 默认 60）\n"
"  timeout = 60,\n"
"\n"
"  -- 是否生成站内搜索的索引（search/）；搜索页由下面的 build 函数添加\n"
"  -- （默认 false）\n"
"  search = true,\n"
"\n"
"  -- 是否保留 Markdown 里直接写的 HTML 和各种协议的链接；为了安全，\n"
"  -- 一般不要打开（默认 false）\n"
"  raw_html = false,\n"
"\n"
"  -- 分类方式：文章开头写 tags: [旅游, 保健品] 就归到这些标签下\n"
"  -- （默认 { tags = \"标签\", categories = \"分类\" }）\n"
"  taxonomies = { tags = \"标签\", categories = \"分类\" },\n"
"\n"
"  -- 发布前的隐私检查会拦住像手机号、身份证号那样的文字；确实可以公开的\n"
"  -- （如单位的办公电话），写在 allow 里\n"
"  privacy = { allow = {} },\n"
"\n"
"  -- 顶部的导航菜单：name 是显示的文字，url 是地址\n"
"  menus = {\n"
"    main = {\n"
"      { name = \"首页\", url = \"/\" },\n"
"      { name = \"防骗知识\", url = \"/fangpian/\" },\n"
"      { name = \"风险提示\", url = \"/tishi/\" },\n"
"      { name = \"标签\", url = \"/tags/\" },\n"
"      { name = \"如何举报\", url = \"/jubao/\" },\n"
"      { name = \"搜索\", url = \"/search/\" },\n"
"    },\n"
"  },\n"
"\n"
"  -- 每页底部和海报上列出的电话：请改成本地的号码\n"
"  hotlines = {\n"
"    { name = \"政务服务便民热线\", number = \"12345\" },\n"
"    { name = \"报警\", number = \"110\" },\n"
"  },\n"
"\n"
"  -- 给自己的模板用的其他设置（主题里写作 site.params.名字）\n"
"  params = {},\n"
"\n"
"  -- 所有文章读进来以后、生成页面以前运行：用 site.page{} 添加页面。\n"
"  -- 有了账本（ledger.db）以后，可以在这里用 require 加载 scripts/ 里\n"
"  -- 的脚本，生成典型案例、统计等数据页面（见 man shouhu-site）\n"
"  build = function(site)\n"
"    site.page{ path = \"search/\", template = \"search.html\", title = \"搜索\" }\n"
"  end,\n"
"}\n";

static const char home[] =
"---\n"
"title: 守护：防范养老诈骗\n"
"---\n"
"守住老人的钱袋子。遇到可疑的讲座、推销和投资，先问子女，再打热线。\n"
"\n"
"被骗了或者发现骗局，请看[如何举报](/jubao/)。\n";

static const char fangpian[] =
"---\n"
"title: 防骗知识\n"
"weight: 1\n"
"---\n"
"常见的养老诈骗套路和识别方法。\n";

static const char tishi[] =
"---\n"
"title: 风险提示\n"
"weight: 2\n"
"---\n"
"近期需要注意的养老骗局，短小好记。\n";

static const char example[] =
"---\n"
"title: 免费体检、免费讲座，小心是推销的开头\n"
"date: 2022-05-10T09:00:00+08:00\n"
"tags: [保健品, 讲座]\n"
"categories: [防骗知识]\n"
"summary: 打着“免费”旗号的体检和讲座，常常是推销保健品的第一步。\n"
"---\n"
"这是一篇示例文章：照着它的样子写，或者用 shouhu new fangpian/文章名.md\n"
"新建一篇。开头两条 --- 之间是文章的信息（标题、日期、标签），下面是\n"
"正文。\n"
"\n"
"## 骗局是怎么发生的\n"
"\n"
"有人在小区门口发传单，说可以免费体检、免费听健康讲座，还送鸡蛋。\n"
"去了几次以后，“专家”说您的身体有问题，要买他们的保健品才能好。\n"
"\n"
"## 怎么防范\n"
"\n"
"- 不贪小便宜，免费的礼品往往是诱饵\n"
"- 身体不舒服去正规医院，不信“专家”推销\n"
"- 买贵重东西之前，先和子女商量\n";

static const char jubao[] =
"---\n"
"title: 如何举报\n"
"date: 2022-05-10T09:00:00+08:00\n"
"summary: 遇到养老诈骗怎么报警、怎么举报。\n"
"---\n"
"钱已经转出去，或者骗子正在和您联系，请马上拨打 110。\n"
"\n"
"发现可疑的讲座、推销、投资项目，可以拨打页面底部的电话举报。\n";

static const char site_archetype[] =
"---\n"
"title: \"{{ title }}\"\n"
"date: {{ date }}\n"
"draft: true\n"
"tags: []\n"
"---\n"
"正文写在这里。写好以后，把上面的 draft: true 这一行删掉，文章才会发布。\n";

const char scaffold_archetype[] =
"---\n"
"title: \"{{ title }}\"\n"
"date: {{ date }}\n"
"draft: true\n"
"---\n";

const struct scaffold_file scaffold_skel[] = {
	{ "scripts/site.lua", site_lua },
	{ "content/_index.md", home },
	{ "content/fangpian/_index.md", fangpian },
	{ "content/fangpian/mianfei-tijian.md", example },
	{ "content/tishi/_index.md", tishi },
	{ "content/jubao.md", jubao },
	{ "archetypes/default.md", site_archetype },
	{ "static", NULL },
	{ NULL, NULL }
};
