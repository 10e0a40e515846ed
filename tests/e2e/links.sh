#!/bin/sh
# Links and images of content/ that point at nothing are warnings on
# stderr with the file and the line in it (front matter lines counted,
# the line of the link inside a long paragraph, a list, a quote, a table
# cell), and the build still makes the site; the summary line says how
# many drafts and future pages were left out.
. "$(dirname "$0")/lib/common.sh"
cd "$T"

mksite "$T/site" 3
cat >"$T/site/content/a/x.md" <<'MD'
---
title: 坏链接
date: 2023-02-01
---
第一段。

第二段的第一行，
第二行有![不存在的图](nope.png)，
第三行有[不存在的文章](../b/nope.md#x)。

- 列表里 [站内](/b/p1/) 好的
- 列表里 [站内坏的](/b/p9/)

> 引用里 ![图](../c/d/gone.png)

| 表 | 格 |
|---|---|
| [格子里](zz.md) | 好 |
| 好 | 第二格 ![图](gone2.png) |

[好的链接](../b/p1.md)，[本栏目](./)，[外面](https://example.com/nope.png)。
MD
cat >"$T/site/content/a/draft.md" <<'MD'
---
title: 草稿
draft: true
---
MD
for d in 2024-01-05 2024-01-02; do
	cat >"$T/site/content/b/future-$d.md" <<MD
---
title: 定时 $d
date: $d
---
MD
done

build -C "$T/site" -o "$T/out" -j 2 || die "build failed: $(cat "$T/stderr")"
same "$T/stderr" <<EOF
$T/site/content/a/x.md:8: 图片“nope.png”找不到：$T/site/content/a/nope.png 不存在；请把图片放在文章旁边，或改正文件名
$T/site/content/a/x.md:9: 链接“../b/nope.md#x”找不到：$T/site/content/b/nope.md 不存在；请改正链接里的文件名，或删掉这个链接
$T/site/content/a/x.md:12: 链接“/b/p9/”找不到：网站里没有这个页面或文件；请改正地址（static/img/a.png 的地址是 /img/a.png，content/a/b.md 的是 /a/b/）
$T/site/content/a/x.md:14: 图片“../c/d/gone.png”找不到：$T/site/content/c/d/gone.png 不存在；请把图片放在文章旁边，或改正文件名
$T/site/content/a/x.md:18: 链接“zz.md”找不到：$T/site/content/a/zz.md 不存在；请改正链接里的文件名，或删掉这个链接
$T/site/content/a/x.md:19: 图片“gone2.png”找不到：$T/site/content/a/gone2.png 不存在；请把图片放在文章旁边，或改正文件名
EOF
same "$T/stdout" <<EOF
已生成 $T/out：5 个页面，29 个文件（新写入 29，未变 0），用时 T 秒；未发布：1 篇草稿（用 --drafts 预览）、2 篇定时发布（最早一篇 2024-01-02 起）
EOF
grep -q 'src="nope.png"' "$T/out/a/x/index.html" ||
    die "a picture that is not there is not left as written"
grep -q 'href="/b/p1/">好的链接' "$T/out/a/x/index.html" ||
    die "the link to ../b/p1.md is not /b/p1/"

# --drafts: nothing left out, nothing said about it
build -C "$T/site" -o "$T/out" -j 2 --drafts || die "--drafts: $(cat "$T/stderr")"
grep -q '未发布' "$T/stdout" && die "--drafts still says 未发布: $(cat "$T/stdout")"

# -q: the warnings are not shown either
build -C "$T/site" -o "$T/out2" -j 2 -q || die "-q: $(cat "$T/stderr")"
[ -s "$T/stderr" ] && die "-q printed: $(cat "$T/stderr")"
exit 0
