#!/bin/sh
# Incremental builds: after each kind of edit, the output of a build that
# reuses the cache is byte for byte the output of a whole build (--force
# into a fresh folder), and it rendered exactly the jobs the edit touches.
# The site is the repository's own (scripts/, content/, themes/default),
# the templates people use.
. "$(dirname "$0")/lib/common.sh"

repo=$(cd "$(dirname "$0")/../.." && pwd)
S=$T/site
mkdir -p "$S"
cp -R "$repo/scripts" "$repo/content" "$repo/themes" "$S/"
out=$T/out
art=$S/content/fangpian/baojianpin-jiangzuo.md
[ -f "$art" ] || die "the demo article $art is missing"
# a page whose relative links point at another page and at a picture that
# is not there yet
cat >"$S/content/fangpian/lianjie.md" <<'MD'
---
title: 链接
date: 2021-01-01
summary: 链接的摘要
---
[讲座](baojianpin-jiangzuo.md) 和 ![海报](haibao.png)
MD

# build: the incremental build; $rendered is how many jobs it rendered.
build() {
	SHOUHU_TIMING=jobs "$SHOUHU" build -C "$S" -o "$out" -j 2 \
	    >"$T/stdout" 2>"$T/stderr" || die "build failed: $(cat "$T/stderr")"
	rendered=$(sed -n 's/^timing: \([0-9]*\) of [0-9]* jobs to render.*$/\1/p' \
	    "$T/stderr")
	total=$(sed -n 's/^timing: [0-9]* of \([0-9]*\) jobs to render.*$/\1/p' \
	    "$T/stderr")
}

# same WHAT: the output equals a whole build's.
same() {
	rm -rf "$T/fresh"
	"$SHOUHU" build -C "$S" -o "$T/fresh" -j 2 --force -q \
	    2>"$T/fresh.err" || die "$1: whole build failed: $(cat "$T/fresh.err")"
	diff -r "$out" "$T/fresh" >"$T/diff" ||
	    die "$1: the incremental output differs from a whole build: $(head -30 "$T/diff")"
}

# step WHAT N: build, the output is right and N jobs were rendered.
step() {
	build
	[ -n "$rendered" ] || die "$1: no job count: $(cat "$T/stderr")"
	same "$1"
	[ "$rendered" = "$2" ] ||
	    die "$1: rendered $rendered of $total jobs, expected $2: $(sed -n 's/^timing: render \([^ ]*\)$/\1/p' "$T/stderr" | tr '\n' ' ')"
}

build
[ -n "$rendered" ] && [ "$rendered" = "$total" ] ||
    die "first build rendered $rendered of $total"
all=$total
same "first build"

# nothing changed: the no-change stamp answers
build
grep -q '已是最新' "$T/stdout" || die "second build: $(cat "$T/stdout")"

# the body of one article whose summary is in its front matter: its page
# (and the sitemap and robots.txt, always made)
printf '\n补充一句：遇到推销先挂电话。\n' >>"$art"
step "body" 3

# the same edit again, same size, at once: still seen
sed -i 's/先挂电话/再挂电话/' "$art"
step "same size" 3

# its title: its page, its neighbours (prev/next links), the lists, feeds
# and terms that name it
sed -i 's/^title: .*/title: 保健品讲座的新标题/' "$art"
step "title" 13

# its date: the page, its old and new neighbours, the lists it moves in,
# the feeds and terms (not the whole site: the build function reads only
# the sections' paths)
sed -i 's/^date: .*/date: 2023-06-01T10:00:00+08:00/' "$art"
step "date" 17

# the picture appears: the page that shows it now links it (with the
# sitemap and robots.txt)
printf 'png' >"$S/content/fangpian/haibao.png"
step "picture added" 3

# the page it links to moves (a slug): the link follows; the page, its
# neighbours, the lists and feeds that name it render again
sed -i 's/^title: .*/&\nslug: jiangzuo/' "$art"
step "linked page moved" 16

# a new page, then that page gone: the page, its neighbour, the lists,
# feeds and terms that hold it (site.lua's build function reads only the
# sections' paths, not the date the new page gives its section)
cat >"$S/content/fangpian/xin.md" <<'MD'
---
title: 新文章
date: 2023-10-01
tags: [保健品]
---
新的正文。
MD
step "new page" 12
rm "$S/content/fangpian/xin.md"
step "page removed" 11

# a template: every page
sed -i 's|^</article>|</article><!-- 改过 -->|' "$S/themes/default/layouts/single.html"
grep -q '改过' "$S/themes/default/layouts/single.html" || die "single.html not changed"
step "template" "$all"

# site.lua: every page
sed -i 's/^  summary_length = 120,/  summary_length = 100,/' "$S/scripts/site.lua"
step "site.lua" "$all"

# a static file: no page (the sitemap and robots.txt are always made)
mkdir -p "$S/static/css"
cp "$S/themes/default/static/css/style.css" "$S/static/css/style.css"
printf '/* 改过 */\n' >>"$S/static/css/style.css"
step "static file" 2

# a page removed from the output by hand is made again by the next build
# (and stays there in the builds after it)
rm "$out/jubao/index.html"
printf '\n又补充一句。\n' >>"$art"
step "output file removed" 4
[ -f "$out/jubao/index.html" ] || die "jubao/index.html did not come back"

# a damaged cache is a whole build, not a wrong one
for f in "$S"/build/*.incr; do
	printf 'garbage' | dd of="$f" bs=1 seek=40 conv=notrunc 2>/dev/null
done
printf '\n再补充一句。\n' >>"$art"
step "damaged cache" "$all"

exit 0
