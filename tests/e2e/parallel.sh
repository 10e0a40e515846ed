#!/bin/sh
# One worker and three workers make byte-identical sites (60 pages, so the
# work really is split), and so do two three-worker builds.  The content
# files are parsed on three threads too: 300 summaries with strikethrough,
# autolinks and emphasis next to a tilde come out the same every time
# (cmark-gfm's extensions share global tables between parses).
. "$(dirname "$0")/lib/common.sh"

mksite "$T/site" 60
i=1
while [ "$i" -le 300 ]; do
	printf -- '---\ntitle: 删除线 %d\n---\n第 %d 篇 ~~删除的字~~ 见 www.example.org/%d 和 *强调~* 还有 a~b~c\n\n正文\n' \
	    "$i" "$i" "$i" >"$T/site/content/c/s$i.md"
	i=$((i + 1))
done
build -C "$T/site" -o "$T/j1" -j 1 || die "-j 1 failed: $(cat "$T/stderr")"
build -C "$T/site" -o "$T/j3" -j 3 || die "-j 3 failed: $(cat "$T/stderr")"
build -C "$T/site" -o "$T/j3b" -j 3 --force || die "second -j 3 failed: $(cat "$T/stderr")"
n=$(find "$T/j1" -type f | wc -l)
[ "$n" -gt 100 ] || die "only $n files in the output"
diff -r "$T/j1" "$T/j3" || die "-j 1 and -j 3 differ"
diff -r "$T/j3" "$T/j3b" || die "two -j 3 builds differ"
# the summaries are the text without the strikethrough's tildes
grep -rq '篇删除的字' "$T/j3" || die "no summary of the strikethrough pages"
grep -rq '~~删除' "$T/j3" && die "a summary with the tildes: $(grep -rho '[^>]*~~删除[^<]*' "$T/j3" | head -3)"
exit 0
