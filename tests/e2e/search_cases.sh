#!/bin/sh
# Pages of scripts in the search index, single characters, the feed of
# cases (issue 15, point 7): site.page{ searchable = true } puts the text
# of the page's rendered <main> into the search index (inline tags join,
# entities decoded, scripts, the menu and the footer left out), a page
# without it stays out; every CJK character is a token (药, 税); a page
# with feed = { pages } gets RSS and Atom of them, newest date first;
# wrong options fail with a message naming site.lua and its line; the
# index passes the output check like the pages: a phone number that only
# the index would spell whole (split by <span>s in the page) fails the
# build.
. "$(dirname "$0")/lib/common.sh"
cd "$T"

mkdir -p s/scripts s/themes/t/layouts s/content/posts
cat >s/scripts/site.lua <<'LUA'
return {
  title = "案例站", baseurl = "https://example.org/", theme = "t", search = true,
  build = function(site)
    local a = site.page{ path = "anli/a/", template = "case.html",
      title = "卖假药案", summary = "罚款 1 万元。", searchable = true,
      date = "2023-03-01", data = { text = "当事人销售<em>假</em>药&amp;保健品。" } }
    local b = site.page{ path = "anli/b/", template = "case.html",
      title = "“保本”<投资>案", summary = "责令改正 & 罚款。", searchable = true,
      date = "2023-05-20", data = { text = "以<a href=\"/x/\">养老</a>项目为名集资。" } }
    site.page{ path = "tongji/", template = "case.html", title = "统计",
      data = { text = "不进索引的隐藏词。" } }
    site.page{ path = "anli/", template = "case.html", title = "典型案例",
      summary = "查处的典型案例。", feed = { a, b }, data = { text = "列表" } }
  end,
}
LUA
cat >s/themes/t/layouts/case.html <<'TMPL'
<!doctype html><title>{{ page.title }}</title><nav>菜单药</nav>
<main><h1>{{ page.title }}</h1><p>{{& page.data.text }}</p><script>var x = "脚本药";</script></main>
<footer>页脚药</footer>
TMPL
printf '<main><h1>{{ page.title }}</h1>{{& page.content }}</main>\n' \
    >s/themes/t/layouts/single.html
printf '<main><h1>{{ page.title }}</h1></main>\n' >s/themes/t/layouts/list.html
cat >s/content/posts/shui.md <<'MD'
---
title: 个人所得税
date: 2023-01-02
summary: 退税诈骗
---
冒充税务局的短信。
MD
build -C s -o pub || die "build failed: $(cat "$T/stderr")"

# the pages: the Markdown page, then the searchable pages in their order
same pub/search/d/0.json <<'EOF'
[["/posts/shui/","个人所得税","退税诈骗"],["/anli/a/","卖假药案","罚款 1 万元。"],["/anli/b/","“保本”<投资>案","责令改正 & 罚款。"]]
EOF
# 药: in the title of 卖假药案 (doc 1) and twice in its <main>: b (1), k
# (8 + 2); 税 in the title and body of the article (a, k); nothing of the
# menu, the footer, the script or the page left out (菜单 页脚 脚本 隐藏);
# <em>假</em>药 joins (假药), &amp; separates (no 药保)
same pub/search/s/0.json <<'EOF'
{"万":"bb","万元":"bb","个":"ai","个人":"ai","为":"cb","为名":"cb","事":"bb","事人":"bb","人":"aiab","人所":"ai","人销":"bb","令":"cb","令改":"cb","以":"cb","以养":"cb","保":"bbaj","保健":"bb","保本":"cj","信":"ab","假":"bk","假药":"bk","健":"bb","健品":"bb","元":"bb","充":"ab","充税":"ab","养":"cb","养老":"cb","冒":"ab","冒充":"ab","务":"ab","务局":"ab","卖":"bj","卖假":"bj","名":"cb","名集":"cb","品":"bb","售":"bb","售假":"bb","局":"ab","局的":"ab","当":"bb","当事":"bb","得":"ai","得税":"ai","所":"ai","所得":"ai","投":"cj","投资":"cj","改":"cb","改正":"cb","本":"cj","案":"bjaj","款":"bbab","正":"cb","的":"ab","的短":"ab","目":"cb","目为":"cb","短":"ab","短信":"ab","税":"ak","税务":"ab","税诈":"ab","罚":"bbab","罚款":"bbab","老":"cb","老项":"cb","药":"bk","药案":"bj","诈":"ab","诈骗":"ab","责":"cb","责令":"cb","资":"ck","退":"ab","退税":"ab","销":"bb","销售":"bb","集":"cb","集资":"cb","项":"cb","项目":"cb","骗":"ab"}
EOF

same pub/anli/index.xml <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>典型案例 - 案例站</title>
<link>https://example.org/anli/</link>
<description>案例站</description>
<language>zh-CN</language>
<lastBuildDate>Sat, 20 May 2023 00:00:00 +0800</lastBuildDate>
<atom:link href="https://example.org/anli/index.xml" rel="self" type="application/rss+xml"/>
<item>
<title>“保本”&amp;lt;投资&amp;gt;案</title>
<link>https://example.org/anli/b/</link>
<guid isPermaLink="true">https://example.org/anli/b/</guid>
<pubDate>Sat, 20 May 2023 00:00:00 +0800</pubDate>
<description>责令改正 &amp;amp; 罚款。</description>
</item>
<item>
<title>卖假药案</title>
<link>https://example.org/anli/a/</link>
<guid isPermaLink="true">https://example.org/anli/a/</guid>
<pubDate>Wed, 01 Mar 2023 00:00:00 +0800</pubDate>
<description>罚款 1 万元。</description>
</item>
</channel>
</rss>
EOF
same pub/anli/atom.xml <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<title type="text">典型案例 - 案例站</title>
<id>https://example.org/anli/</id>
<link href="https://example.org/anli/"/>
<link rel="self" href="https://example.org/anli/atom.xml"/>
<updated>2023-05-20T00:00:00+08:00</updated>
<author><name>案例站</name></author>
<entry>
<title type="text">“保本”&lt;投资&gt;案</title>
<id>https://example.org/anli/b/</id>
<link href="https://example.org/anli/b/"/>
<published>2023-05-20T00:00:00+08:00</published>
<updated>2023-05-20T00:00:00+08:00</updated>
<summary type="text">责令改正 &amp; 罚款。</summary>
</entry>
<entry>
<title type="text">卖假药案</title>
<id>https://example.org/anli/a/</id>
<link href="https://example.org/anli/a/"/>
<published>2023-03-01T00:00:00+08:00</published>
<updated>2023-03-01T00:00:00+08:00</updated>
<summary type="text">罚款 1 万元。</summary>
</entry>
</feed>
EOF

# wrong options: the message names site.lua and the line
opt() {
	rm -rf e epub
	cp -r s e
	sed "s|path = \"tongji/\",|path = \"tongji/\", $1,|" s/scripts/site.lua \
	    >e/scripts/site.lua
	expect 1 "$SHOUHU" build -C e -o epub -q
	same err
}
opt 'searchable = "yes"' <<'EOF'
e/scripts/site.lua:10: site.page：searchable 应当是 true（页面的文字进入全文搜索）或 false（在 site.lua 的 build 函数里）
shouhu: 没有生成网站：epub 保持原样
EOF
opt 'date = "昨天"' <<'EOF'
e/scripts/site.lua:10: site.page：date “昨天”不是日期：应当写成 "2022-06-30"（在 site.lua 的 build 函数里）
shouhu: 没有生成网站：epub 保持原样
EOF
opt 'feed = { 1 }' <<'EOF'
e/scripts/site.lua:10: site.page：feed 的第 1 项不是页面：应当是 site.page{} 返回的页面（在 site.lua 的 build 函数里）
shouhu: 没有生成网站：epub 保持原样
EOF
opt 'feed = "a"' <<'EOF'
e/scripts/site.lua:10: site.page：feed 应当是 site.page{} 返回的页面的列表（订阅里的条目）（在 site.lua 的 build 函数里）
shouhu: 没有生成网站：epub 保持原样
EOF

# the index is checked as the pages are: the page shows 138 0013 8000 in
# three <span>s, which pass; the index would hold the token 13800138000
rm -rf e epub
cp -r s e
sed 's|养老</a>项目为名集资。|养老</a><span>138</span><span>0013</span><span>8000</span>|' \
    s/scripts/site.lua >e/scripts/site.lua
grep -q '<span>138</span>' e/scripts/site.lua || die "site.lua was not changed"
expect 1 "$SHOUHU" build -C e -o epub -q
same err <<'EOF'
epub/search/s/0.json:1: 发现手机号（138****8000）：个人的号码不能出现在网站上；请删去它，或写成 138****8000。如果它确实可以公开（如单位的办公电话），把它写进 scripts/site.lua 的 privacy.allow
shouhu: 没有生成网站：epub 保持原样
EOF
[ ! -e epub ] || die "epub was written"
