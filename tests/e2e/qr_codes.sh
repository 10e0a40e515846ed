#!/bin/sh
# The QR codes of a site's pages, as a reader sees them: 48 pages whose
# addresses are 26 to 457 bytes long (ASCII names and percent-encoded
# Chinese ones, so the codes have many lengths, versions and masks), each
# page's SVG drawn by an independent renderer (rsvg-convert) and read by
# zbarimg: every code must give back exactly its page's address.  The codes'
# mask is chosen once per length of text in each worker process (qr.c), so
# one worker and two workers, and a second build, must make the same bytes.
. "$(dirname "$0")/lib/common.sh"
command -v rsvg-convert >/dev/null 2>&1 ||
    die "rsvg-convert is missing: run sh scripts/deps.sh (librsvg2-bin)"
command -v zbarimg >/dev/null 2>&1 ||
    die "zbarimg is missing: run sh scripts/deps.sh (zbar-tools)"

S=$T/site
mkdir -p "$S/scripts" "$S/themes/t/layouts" "$S/content/a"
cat >"$S/scripts/site.lua" <<'LUA'
return { title = "二维码", baseurl = "https://example.org/", theme = "t" }
LUA
cat >"$S/themes/t/layouts/single.html" <<'TMPL'
<p id="u">{{ site.baseurl .. urlencode(page.path) }}</p>
{{& qr(site.baseurl .. urlencode(page.path)) }}
TMPL
printf '<h1>{{ page.title }}</h1>\n' >"$S/themes/t/layouts/list.html"
# page i: an ASCII name two bytes longer than the one before, or (every
# third page) a Chinese one of i characters, 9 bytes each in the address
i=1
name=p
while [ "$i" -le 48 ]; do
	if [ $((i % 3)) -eq 0 ]; then
		n=$(printf '案%.0s' $(seq 1 "$i"))
		f="$n$i"
	else
		name="${name}x$((i % 10))"
		f="$name"
	fi
	printf -- '---\ntitle: 第 %d 篇\ndate: 2023-01-01\n---\n正文。\n' "$i" \
	    >"$S/content/a/$f.md"
	i=$((i + 1))
done

build -C "$S" -o "$T/j1" -j 1 || die "-j 1 failed: $(cat "$T/stderr")"
build -C "$S" -o "$T/j2" -j 2 || die "-j 2 failed: $(cat "$T/stderr")"
build -C "$S" -o "$T/j2b" -j 2 --force ||
    die "second -j 2 failed: $(cat "$T/stderr")"
diff -r "$T/j1" "$T/j2" >/dev/null || die "-j 1 and -j 2 differ"
diff -r "$T/j2" "$T/j2b" >/dev/null || die "two -j 2 builds differ"

# every page: its address in want, its code drawn 8 pixels a module
mkdir "$T/png"
: >"$T/want"
k=0
for p in "$T"/j1/a/*/index.html; do
	k=$((k + 1))
	sed -n 's|^<p id="u">\(.*\)</p>$|\1|p' "$p" >>"$T/want"
	grep -o '<svg class="qr".*</svg>' "$p" >"$T/png/$k.svg" ||
	    die "no QR code in $p"
	rsvg-convert -z 8 -b white -o "$T/png/$(printf %03d $k).png" \
	    "$T/png/$k.svg" 2>/dev/null || die "rsvg-convert failed on $p"
done
[ "$k" -eq 48 ] || die "$k pages instead of 48"
[ "$(wc -l <"$T/want")" -eq 48 ] || die "an address is missing: $(cat "$T/want")"
min=$(awk '{ print length($0) }' "$T/want" | sort -n | head -n 1)
max=$(awk '{ print length($0) }' "$T/want" | sort -n | tail -n 1)
[ "$min" -le 40 ] && [ "$max" -ge 400 ] ||
    die "addresses $min to $max bytes long: not the range meant"
# one zbarimg for all, in order: a code it cannot read shifts every line
# after it, or leaves one out
zbarimg --quiet --raw "$T"/png/*.png >"$T/got" 2>/dev/null ||
    die "zbarimg could not read every code"
diff "$T/want" "$T/got" || die "the codes do not decode to their addresses"
exit 0
