#!/bin/sh
# shouhu new and shouhu init (issue 15, point 3): a page from the site's
# archetype, the theme's and the built-in one, with a fixed clock in the
# site's time zone; every refusal with its message and status, writing
# nothing; a new site that builds with the installed theme and no ledger,
# leaving out the draft `new` made; the installed themes in the no-change
# stamp; and a real `make install PREFIX=...` whose program finds its theme
# with no repository around.
. "$(dirname "$0")/lib/common.sh"

top=$(pwd)
cd "$T"

# A data folder laid out as make install lays it out, with the theme of
# the repository; $SHOUHU_DATADIR points at it.
mkdir -p data/themes
cp -R "$top/themes/default" data/themes/
SHOUHU_DATADIR=$T/data
export SHOUHU_DATADIR
theme=$T/data/themes/default
# the folder compiled into the test build (datadir.h, from the Makefile)
builtin=$(sed -n 's/^#define SHOUHU_DATADIR "\(.*\)"$/\1/p' \
    "$top/build/tobj/gen/site/datadir.h")
[ -n "$builtin" ] || die "no SHOUHU_DATADIR in build/tobj/gen/site/datadir.h"

# fails STATUS WHAT ARGS...: shouhu ARGS must exit STATUS, print nothing
# on stdout and exactly the line WHAT on stderr
fails() {
	st=$1
	msg=$2
	shift 2
	expect "$st" "$SHOUHU" "$@"
	[ -s out ] && die "$*: printed on stdout: $(cat out)"
	printf '%s\n' "$msg" | same err
}

# ---- init: a new site ------------------------------------------------

expect 0 "$SHOUHU" init s
[ -s err ] && die "init printed on stderr: $(cat err)"
same out <<EOF
已新建网站 s：
  s/scripts/site.lua：网站的配置，先改 title、baseurl 和 hotlines
  s/content/：文章，每个文件夹是一个栏目
  s/archetypes/：shouhu new 新建文章时照着写的原型
  s/static/：原样发布的文件（图片、附件）
主题用安装好的 default：$theme/
接下来：
  shouhu new -C s fangpian/文章名.md：新建一篇文章（草稿）
  shouhu serve -C s：在浏览器里预览
  shouhu build -C s：生成网站，放在 s/public/
EOF
(cd s && find . | sort) >files
same files <<'EOF'
.
./archetypes
./archetypes/default.md
./content
./content/_index.md
./content/fangpian
./content/fangpian/_index.md
./content/fangpian/mianfei-tijian.md
./content/jubao.md
./content/tishi
./content/tishi/_index.md
./scripts
./scripts/site.lua
./static
EOF
[ -e s/themes ] && die "init copied a theme"
grep -qx '  theme = "default",' s/scripts/site.lua || die "site.lua: no theme"
grep -qx '  timezone = "+08:00",' s/scripts/site.lua || die "site.lua: no timezone"

# it builds, without a ledger, with the installed theme
build -C s || die "the new site does not build: $(cat "$T/stderr")"
# a new site's baseurl is the placeholder, and the build says so (only that)
cat >"$T/want.err" <<'EOF'
s/scripts/site.lua:13: 警告：baseurl 还是占位地址 https://example.gov.cn/，打印海报上的二维码和订阅（RSS/Atom）里的链接都指向不存在的网站；发布前请把这里的 baseurl 改成本站的真实网址，如 "https://网站域名/"
EOF
cmp -s "$T/want.err" "$T/stderr" || die "the build warned: $(cat "$T/stderr")"
same "$T/stdout" <<'EOF'
已生成 s/public：2 个页面，27 个文件（新写入 27，未变 0），用时 T 秒
EOF
cmp s/public/css/style.css "$theme/static/css/style.css" ||
    die "not the installed theme's style.css"
for f in index.html fangpian/index.html fangpian/mianfei-tijian/index.html \
    tishi/index.html jubao/index.html search/index.html; do
	[ -f "s/public/$f" ] || die "the new site has no $f"
done

# ---- init refuses ----------------------------------------------------

fails 1 's: 不是空文件夹，没有在这里新建网站：请给一个新的或空的文件夹名' init s
mkdir hidden && : >hidden/.keep
fails 1 'hidden: 不是空文件夹，没有在这里新建网站：请给一个新的或空的文件夹名' \
    init hidden
: >file
fails 1 'file: 已经存在，而且不是文件夹：请给一个新的文件夹名' init file
fails 2 'shouhu: 写法：shouhu init 新网站目录，如 shouhu init 网站（文件夹不存在或是空的）' init
[ "$(ls -A hidden)" = .keep ] && [ ! -s file ] || die "a refused init wrote"
mkdir empty
expect 0 "$SHOUHU" init empty/
[ -f empty/scripts/site.lua ] || die "init into an empty folder"
expect 0 "$SHOUHU" init deep/er/site
[ -f deep/er/site/content/_index.md ] || die "init into a new nested folder"

# ---- new: the site's archetypes ----------------------------------------

date=2023-11-15T06:13:20+08:00		# SOURCE_DATE_EPOCH=1700000000
expect 0 "$SHOUHU" new -C s fangpian/标题.md
[ -s err ] && die "new printed on stderr: $(cat err)"
same out <<'EOF'
已新建 s/content/fangpian/标题.md（照 s/archetypes/default.md 写成；是草稿：写好后把 draft: true 删掉再发布）
EOF
same s/content/fangpian/标题.md <<EOF
---
title: "标题"
date: $date
draft: true
tags: []
---
正文写在这里。写好以后，把上面的 draft: true 这一行删掉，文章才会发布。
EOF

# a section's archetype wins over default.md; {{ section }}; the test
# clock SHOUHU_NOW; a leading content/; the section folder is made
cat >s/archetypes/gongzuo.md <<'EOF'
---
title: "{{title}}"
date: {{ date }}
categories: [{{ section }}]
---
# {{ title }}
EOF
expect 0 env -u SOURCE_DATE_EPOCH SHOUHU_NOW=1690000000 \
    "$SHOUHU" new -C s content/gongzuo/yue-du_zongjie.md
same out <<'EOF'
已新建 s/content/gongzuo/yue-du_zongjie.md（照 s/archetypes/gongzuo.md 写成）
EOF
same s/content/gongzuo/yue-du_zongjie.md <<'EOF'
---
title: "yue du zongjie"
date: 2023-07-22T12:26:40+08:00
categories: [gongzuo]
---
# yue du zongjie
EOF

# the site's time zone
sed -i 's/timezone = "+08:00"/timezone = "-05:30"/' s/scripts/site.lua
expect 0 "$SHOUHU" new -C s tishi/时区.md
grep -qx 'date: 2023-11-14T16:43:20-05:30' s/content/tishi/时区.md ||
    die "not in the site's time zone: $(cat s/content/tishi/时区.md)"
sed -i 's/timezone = "-05:30"/timezone = "+08:00"/' s/scripts/site.lua

# ---- new: the theme's archetypes, then the built-in one -----------------

rm s/archetypes/default.md
expect 0 "$SHOUHU" new -C s fangpian/主题原型.md
same out <<EOF
已新建 s/content/fangpian/主题原型.md（照 $theme/archetypes/fangpian.md 写成；是草稿：写好后把 draft: true 删掉再发布）
EOF
sed "s/{{ title }}/主题原型/; s/{{ date }}/$date/" \
    "$theme/archetypes/fangpian.md" >want.md
cmp want.md s/content/fangpian/主题原型.md ||
    die "not the theme's fangpian.md: $(cat s/content/fangpian/主题原型.md)"
expect 0 "$SHOUHU" new -C s tishi/默认.md
sed "s/{{ title }}/默认/; s/{{ date }}/$date/" \
    "$theme/archetypes/default.md" >want.md
cmp want.md s/content/tishi/默认.md || die "not the theme's default.md"
# --kind picks one by name
expect 0 "$SHOUHU" new -C s --kind fangpian 指定.md
grep -qx 'categories: \[防骗知识\]' s/content/指定.md || die "--kind fangpian"

mkdir -p data/themes/bare/layouts
sed -i 's/theme = "default"/theme = "bare"/' s/scripts/site.lua
expect 0 "$SHOUHU" new -C s tishi/内置.md
same out <<'EOF'
已新建 s/content/tishi/内置.md（照内置的原型写成；是草稿：写好后把 draft: true 删掉再发布）
EOF
same s/content/tishi/内置.md <<EOF
---
title: "内置"
date: $date
draft: true
---
EOF
sed -i 's/theme = "bare"/theme = "default"/' s/scripts/site.lua

# ---- new refuses, writing nothing --------------------------------------

printf '%s\n' --- 'title: "{{ title }}"' 'author: {{ author }}' --- \
    >s/archetypes/bad.md
printf '%s\n' --- 'title: "{{ title"' 'date: {{ date }}' --- >s/archetypes/open.md
snapshot s >before
fails 2 'shouhu: 新文章的路径“/tmp/x.md”是绝对路径：请写 content/ 里面的路径' \
    new -C s /tmp/x.md
fails 2 'shouhu: 新文章的路径“../x.md”含有 ..：新文章只能写在网站的 content/ 里' \
    new -C s ../x.md
fails 2 'shouhu: 新文章的路径“a/../../x.md”含有 ..：新文章只能写在网站的 content/ 里' \
    new -C s a/../../x.md
fails 2 'shouhu: 新文章的路径“fangpian/x.txt”不是 .md 文件：文章是 Markdown，文件名以 .md 结尾，如 fangpian/标题.md' \
    new -C s fangpian/x.txt
fails 2 'shouhu: 新文章的路径“fangpian/.md”有以 . 开头的名字：生成网站时会略过这样的文件和文件夹' \
    new -C s fangpian/.md
fails 2 'shouhu: 新文章的路径“a//x.md”有空的文件夹名（两个 / 连在一起，或以 / 结尾）' \
    new -C s a//x.md
fails 2 'shouhu: 新文章的路径“a"b.md”含有引号或反斜杠：文件名会成为网址和标题，请换掉它们' \
    new -C s 'a"b.md'
fails 2 'shouhu: 写法：shouhu new [-C 网站目录] [--kind 原型] 栏目/文章.md，路径从 content/ 算起，如 shouhu new fangpian/标题.md' \
    new -C s
fails 2 'shouhu: --kind 后面应当是原型的名字，即 archetypes/ 里的文件名去掉 .md（如 --kind fangpian），不是“../bad”' \
    new -C s --kind ../bad x.md
fails 1 's/content/fangpian/标题.md: 已经存在，没有改动它：新文章请换一个文件名' \
    new -C s fangpian/标题.md
fails 1 "shouhu: 找不到 --kind 指定的原型“nosuch”，找过：s/archetypes/nosuch.md、$theme/archetypes/nosuch.md；请检查名字，或在网站的 archetypes/ 里添加 nosuch.md" \
    new -C s --kind nosuch x.md
fails 1 's/archetypes/bad.md:3: 不认识的占位符“{{ author }}”：原型里只能用 {{ title }}、{{ date }} 和 {{ section }}' \
    new -C s --kind bad x.md
fails 1 's/archetypes/open.md:2: 不认识的占位符“{{ title"”：原型里只能用 {{ title }}、{{ date }} 和 {{ section }}' \
    new -C s --kind open x.md
fails 1 'nosite/scripts/site.lua: 找不到网站配置文件（文件或文件夹不存在）：Shouhu 网站的目录里应当有 scripts/site.lua、content/ 和 themes/；用 -C 指定网站目录' \
    new -C nosite x.md
snapshot s >after
cmp before after || die "a refused new changed the site: $(diff before after)"
[ -e x.md ] || [ -e s/content/x.md ] && die "a refused new wrote x.md"
rm s/archetypes/bad.md s/archetypes/open.md

# ---- drafts are left out, and built with --drafts ------------------------

build -C s || die "build: $(cat "$T/stderr")"
[ -e s/public/fangpian/标题 ] && die "the draft was published"
[ -f s/public/gongzuo/yue-du_zongjie/index.html ] ||
    die "the page without draft: true was left out"
build -C s --drafts -o drafts || die "build --drafts: $(cat "$T/stderr")"
grep -q '<h1[^>]*>标题</h1>' drafts/fangpian/标题/index.html ||
    die "--drafts: no draft page"

# ---- the theme is looked for in the site, $SHOUHU_DATADIR, DATADIR -----

sed -i 's/theme = "default"/theme = "nosuch"/' s/scripts/site.lua
build -C s && die "a missing theme built"
same "$T/stderr" <<EOF
s/scripts/site.lua: 配置项 theme 指向的主题“nosuch”不存在，找过：s/themes/nosuch/、$T/data/themes/nosuch/、$builtin/themes/nosuch/；请检查主题的名字，或把主题放进网站的 themes/ 文件夹
shouhu: 没有生成网站：s/public 保持原样
EOF
sed -i 's/theme = "nosuch"/theme = "default"/' s/scripts/site.lua
# the site's own themes/default wins over the installed one
mkdir -p s/themes/default
cp -R "$theme/layouts" "$theme/static" s/themes/default/
printf '/* site */\n' >>s/themes/default/static/css/style.css
build -C s || die "build with the site's theme: $(cat "$T/stderr")"
grep -q '^/\* site \*/$' s/public/css/style.css || die "not the site's theme"
rm -r s/themes

# ---- the installed theme is in the no-change stamp -------------------

build -C s || die "build: $(cat "$T/stderr")"
build -C s || die "build: $(cat "$T/stderr")"
grep -q '已是最新' "$T/stdout" || die "not fresh: $(cat "$T/stdout")"
printf '/* changed */\n' >>"$theme/static/css/style.css"
build -C s || die "build: $(cat "$T/stderr")"
grep -q '已是最新' "$T/stdout" && die "a changed installed theme was not seen"
grep -q '^/\* changed \*/$' s/public/css/style.css || die "old style.css"

# ---- make install: the installed program finds its theme ---------------

# A release build of its own (about 10 s on 2 cores), so that the
# programs of the repository are left alone.
(cd "$top" && make -s -j"$(nproc)" install PREFIX="$T/p" OBJDIR="$T/obj" \
    BIN="$T/bin") >make.log 2>&1 || die "make install: $(cat make.log)"
[ -x p/bin/shouhu ] && [ -x p/bin/shouhu-collect ] &&
    [ -f p/share/man/man1/shouhu.1 ] && [ -f p/share/man/man5/shouhu-site.5 ] ||
    die "make install: $(find p)"
cmp -s p/share/shouhu/themes/default/archetypes/default.md \
    "$top/themes/default/archetypes/default.md" || die "no archetypes installed"
# the forms are compiled in: nothing reads a forms folder
[ -e p/share/shouhu/forms ] && die "make install copied the forms"
printf '/* installed */\n' >>p/share/shouhu/themes/default/static/css/style.css
mkdir away
(
	cd away
	unset SHOUHU_DATADIR
	"$T/p/bin/shouhu" init site >../out 2>../err || exit 1
	"$T/p/bin/shouhu" new -C site fangpian/新文章.md >>../out 2>>../err ||
	    exit 1
	"$T/p/bin/shouhu" build -C site --drafts >>../out 2>>../err
) || die "the installed shouhu: $(cat err)"
sed 's|^s/|site/|' "$T/want.err" | cmp -s - err ||
    die "the installed shouhu warned: $(cat err)"
grep -qx "主题用安装好的 default：$T/p/share/shouhu/themes/default/" out ||
    die "the installed shouhu did not find its theme: $(cat out)"
grep -q '^/\* installed \*/$' away/site/public/css/style.css ||
    die "the site was not built with the installed theme"
grep -qx 'categories: \[防骗知识\]' away/site/content/fangpian/新文章.md &&
    die "the site's archetypes/default.md should win over the theme's"
[ -f away/site/public/fangpian/新文章/index.html ] || die "no draft page"

# Installing again with another PREFIX compiles site.c again, and only it
# (datadir.h changed), and the program finds the theme there.
(cd "$top" && make -s install PREFIX="$T/p2" OBJDIR="$T/obj" BIN="$T/bin") \
    >make.log 2>&1 || die "make install again: $(cat make.log)"
grep '^CC ' make.log >cc.log || true
same cc.log <<'EOF'
CC generator/site/site.c
EOF
(
	cd away
	unset SHOUHU_DATADIR
	"$T/p2/bin/shouhu" init site2 >../out 2>../err
) || die "the installed shouhu: $(cat err)"
grep -qx "主题用安装好的 default：$T/p2/share/shouhu/themes/default/" out ||
    die "the program of the second install: $(cat out)"
exit 0
