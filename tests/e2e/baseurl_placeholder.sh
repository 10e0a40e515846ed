#!/bin/sh
# The build warns while baseurl is a placeholder (issue 15, point 5): a
# poster's QR code and the feeds would point at a site nobody can open.
# One warning on stderr naming scripts/site.lua and the line of baseurl,
# for example hosts and this computer's addresses; none for a real host,
# for example.org (the test sites' host), for a relative baseurl (which has
# its own hint) or with -q.
. "$(dirname "$0")/lib/common.sh"
cd "$T"

mksite s 2
# site URL: s/scripts/site.lua gets baseurl = "URL" on its line 3
with() {
	sed -i "s|^  baseurl = .*|  baseurl = \"$1\",|" s/scripts/site.lua
	grep -nxF "  baseurl = \"$1\"," s/scripts/site.lua | grep -q '^3:' ||
	    die "site.lua does not set baseurl on line 3: $(cat s/scripts/site.lua)"
}
warning() {
	printf '%s\n' "s/scripts/site.lua:3: 警告：baseurl 还是占位地址 $1，打印海报上的二维码和订阅（RSS/Atom）里的链接都指向不存在的网站；发布前请把这里的 baseurl 改成本站的真实网址，如 \"https://网站域名/\""
}

for url in https://example.gov.cn/ http://www.example.com/sub/ \
    https://EXAMPLE.CN/ https://shouhu.example/ http://localhost:1313/ \
    http://127.0.0.1:8080/ "http://[::1]/" http://0.0.0.0/ \
    https://x.localhost/; do
	with "$url"
	build -C s -o pub || die "$url: build failed: $(cat "$T/stderr")"
	warning "$url" | same "$T/stderr"
	grep -q '^已生成 pub：' "$T/stdout" || die "$url: stdout: $(cat "$T/stdout")"
done

# a baseurl without a trailing slash is shown as the build uses it
with https://example.gov.cn/sub
build -C s -o pub || die "build failed: $(cat "$T/stderr")"
warning https://example.gov.cn/sub/ | same "$T/stderr"

# quiet: no summary, no warning
with https://example.gov.cn/
build -q -C s -o pub || die "-q: build failed: $(cat "$T/stderr")"
[ ! -s "$T/stderr" ] || die "-q: stderr: $(cat "$T/stderr")"

# real hosts (a name that merely contains "example" too) and example.org
for url in https://www.gov.cn/ https://fanzha.xinyan.gov.cn/sub/ \
    https://myexample.cn/ https://example-town.gov.cn/ https://example.org/ \
    http://127.example-town.cn/; do
	with "$url"
	build -C s -o pub || die "$url: build failed: $(cat "$T/stderr")"
	[ ! -s "$T/stderr" ] || die "$url: a warning for a real host: $(cat "$T/stderr")"
done

# a relative baseurl gets its own hint, not this warning
with /
build -C s -o pub || die "/: build failed: $(cat "$T/stderr")"
printf '%s\n' 's/scripts/site.lua: 提示：baseurl 不是完整网址，订阅（RSS/Atom）和站点地图里的链接不完整；发布前请写成 "https://网站域名/"' |
    same "$T/stderr"
