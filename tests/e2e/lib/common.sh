# Shared by the end-to-end tests (sourced, not run).  They get SHOUHU (the
# binary under test) and a fresh TMPDIR from tests/run.sh; they can also be
# run by hand:  SHOUHU=$PWD/build/test/shouhu sh tests/e2e/no_change.sh
set -eu

: "${SHOUHU:?set SHOUHU to the shouhu binary to test}"
T=$(mktemp -d "${TMPDIR:-/tmp}/e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
SOURCE_DATE_EPOCH=1700000000
export SOURCE_DATE_EPOCH

die() {
	echo "FAIL: $*" >&2
	exit 1
}

# mksite DIR N: a site with N pages over three sections, tags, an alias, a
# theme with a static file.  Titles and summaries show in lists and feeds;
# the body after the summary shows only on the page itself.
mksite() {
	mkdir -p "$1/scripts" "$1/themes/t/layouts" "$1/themes/t/static" \
	    "$1/content/a" "$1/content/b" "$1/content/c/d"
	cat >"$1/scripts/site.lua" <<'LUA'
return {
  title = "端到端",
  baseurl = "https://example.org/",
  theme = "t",
  paginate = 5,
  summary_length = 20,
  taxonomies = { tags = "标签" },
}
LUA
	cat >"$1/themes/t/layouts/single.html" <<'TMPL'
<h1>{{ page.title }}</h1>
{{& page.content }}
<p>{% for _, t in ipairs(page:terms("tags")) do %}<a href="{{ t.url }}">{{ t.title }}</a> {% end %}</p>
TMPL
	cat >"$1/themes/t/layouts/list.html" <<'TMPL'
<h1>{{ page.title }}</h1>
{%- for _, p in ipairs(pager.pages) do %}
<a href="{{ p.url }}">{{ p.title }}</a> {{ p.summary }}
{%- end %}
<p>{{ pager.number }}/{{ pager.total }} {{ pager.prev }} {{ pager.next }}</p>
TMPL
	printf 'body { color: black; }\n' >"$1/themes/t/static/style.css"
	i=1
	while [ "$i" -le "$2" ]; do
		case $((i % 3)) in
		0) sec=a ;;
		1) sec=b ;;
		*) sec=c/d ;;
		esac
		day=$((i % 28 + 1))
		cat >"$1/content/$sec/p$i.md" <<MD
---
title: 第 $i 篇
date: 2023-02-$(printf %02d "$day")T$(printf %02d $((i % 24))):00:00+08:00
tags: [标签$((i % 4)), 共同]
summary: 第 $i 篇的摘要
---
第 $i 篇的正文，只在它自己的页面上。

## 小标题 $i

| 列 | 值 |
|---|---|
| i | $i |
MD
		i=$((i + 1))
	done
	cat >"$1/content/a/moved.md" <<'MD'
---
title: 搬过家的页面
date: 2022-01-01
aliases: [/old/moved/]
summary: 旧地址会跳转到这里
---
正文。
MD
}

# snapshot DIR: every file of DIR with its size and mtime (nanoseconds),
# sorted, paths relative to DIR.
snapshot() {
	(cd "$1" && find . -type f -exec stat -c '%n %s %y' {} + | sort)
}

# build ARGS...: runs shouhu build, stdout in $T/stdout, stderr in
# $T/stderr; returns its status.
build() {
	"$SHOUHU" build "$@" >"$T/stdout" 2>"$T/stderr"
}

# no_tmp DIR: fails if a temporary output folder was left beside DIR.
no_tmp() {
	for x in "$1".shouhu-tmp*; do
		[ -e "$x" ] && die "left behind: $x"
	done
	return 0
}

# expect STATUS CMD...: runs CMD, which must exit STATUS; its output is in
# ./out and ./err
expect() {
	want=$1
	shift
	set +e
	"$@" >out 2>err
	rc=$?
	set -e
	[ "$rc" -eq "$want" ] || die "$*: exit $rc, expected $want: $(cat err out)"
}

# same FILE: FILE must equal the text on stdin, where the time taken is
# written 用时 T 秒
same() {
	cat >want
	sed 's/用时 [0-9.]* 秒/用时 T 秒/' "$1" >got
	diff -u want got >changes || die "unexpected $1: $(cat changes)"
}

# count SQL: the answer of ./ledger.db (sqlite3, from scripts/deps.sh)
count() {
	sqlite3 ledger.db "$1"
}
