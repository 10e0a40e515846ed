#!/bin/sh
# shouhu serve over loopback: pages under the base path with the reload
# script, MIME types, folders and the site's 404 page, paths that try to
# leave the output refused, GET and HEAD only; an edit served after the
# build it starts (waited for with the long poll, never a sleep); a broken
# template and a broken front matter shown as an error page with their
# path:line: messages while the assets stay; fixed, the page is back;
# shouhu build never has the script; SIGINT stops it with status 0 and
# nothing left: no private folder in TMPDIR, no public/ or build/ in the
# site.  The reload script itself runs under node (serve_reload.mjs).  Prints the measured edit-to-served latency (not asserted).
. "$(dirname "$0")/lib/common.sh"

here=$(cd "$(dirname "$0")" && pwd)
cd "$T"
mksite site 6
sed -i 's|baseurl = "https://example.org/"|baseurl = "https://example.org/sub/"|' \
    site/scripts/site.lua
printf '<html><body><p>这里没有这个网页</p></body></html>\n' \
    >site/themes/t/layouts/404.html
mkdir site/static
printf '<svg xmlns="http://www.w3.org/2000/svg"/>\n' >site/static/logo.svg
single=site/themes/t/layouts/single.html
cp "$single" single.orig
cp site/content/a/p3.md p3.orig

# The options are checked before anything starts.
expect 2 "$SHOUHU" serve --bind localhost
[ "$(cat err)" = "shouhu: --bind 后面应当是 IP 地址，如 127.0.0.1 或 ::1，不是“localhost”" ] ||
    die "--bind localhost: $(cat err)"
expect 2 "$SHOUHU" serve --port 65536
[ "$(cat err)" = "shouhu: --port 后面应当是 1 到 65535 之间的端口号（0 表示自动选一个空闲端口），不是“65536”" ] ||
    die "--port 65536: $(cat err)"
expect 2 "$SHOUHU" serve -C site extra
grep -q '^shouhu: serve 后面不接文件名（“extra”）' err || die "operand: $(cat err)"

# start OUT: starts serve -C site --port 0 in the background (its stdout in
# OUT.out, stderr in OUT.err) and waits for its address line (polling, 60 s
# at most); sets pid, port and U
start() {
	"$SHOUHU" serve -C site --port 0 >"$1.out" 2>"$1.err" &
	pid=$!
	i=0
	until grep -q '^正在预览：' "$1.out" 2>/dev/null; do
		kill -0 "$pid" 2>/dev/null || die "serve exited: $(cat "$1.err")"
		i=$((i + 1))
		[ "$i" -le 600 ] || die "no address line: $(cat "$1.out" "$1.err")"
		sleep 0.1
	done
	port=$(sed -n 's|^正在预览：http://127\.0\.0\.1:\([0-9]*\)/.*（按 Ctrl-C 停止）$|\1|p' "$1.out")
	[ -n "$port" ] || die "the address line: $(cat "$1.out")"
	U=http://127.0.0.1:$port
}
# stop SIGNAL OUT: stops serve with SIGNAL: it exits 0 and says so
stop() {
	kill -"$1" "$pid"
	set +e
	wait "$pid"
	rc=$?
	set -e
	[ "$rc" = 0 ] || die "SIG$1: exit $rc: $(cat "$2.err")"
	[ "$(tail -n 1 "$2.out")" = '已停止预览，临时文件已删除' ] ||
	    die "the last line: $(cat "$2.out")"
}

trap 'kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT
start serve
grep -qx "正在预览：$U/sub/（按 Ctrl-C 停止）" serve.out ||
    die "the address line: $(cat serve.out)"

# It listens on the loopback address only (/proc/net/tcp: 0100007F).
hexport=$(printf '%04X' "$port")
awk -v p=":$hexport" '$4 == "0A" && substr($2, length($2) - 4) == p { print $2 }' \
    /proc/net/tcp /proc/net/tcp6 >listen
[ "$(cat listen)" = "0100007F:$hexport" ] || die "listening on: $(cat listen)"

# get PATH [CURL-OPTIONS]: the status in ./code, headers in ./head, body in
# ./body
get() {
	p=$1
	shift
	curl -sS --max-time 30 "$@" -D head -o body -w '%{http_code}' "$U$p" \
	    >code || die "curl $p failed"
}
# header NAME: the value of header NAME in ./head
header() {
	tr -d '\r' <head | sed -n "s/^$1: //Ip"
}
# is PATH CODE TYPE: PATH answers CODE with Content-Type TYPE
is() {
	get "$1"
	[ "$(cat code)" = "$2" ] || die "$1: status $(cat code), expected $2"
	[ "$(header Content-Type)" = "$3" ] ||
	    die "$1: type $(header Content-Type), expected $3"
	[ "$(header Cache-Control)" = no-store ] || die "$1: no Cache-Control"
}
script='<script src="/__shouhu/reload.js" data-gen="1"></script>'

is /sub/a/p3/ 200 'text/html; charset=utf-8'
grep -q '第 3 篇的正文' body || die "the page: $(cat body)"
[ "$(grep -c '__shouhu' body)" = 1 ] || die "one script tag: $(cat body)"
[ "$(tail -n 1 body)" = "$script" ] || die "the script, last: $(cat body)"
is /sub/ 200 'text/html; charset=utf-8'
grep -q '第 3 篇' body || die "the home page: $(cat body)"
is /sub/style.css 200 'text/css; charset=utf-8'
[ "$(cat body)" = 'body { color: black; }' ] || die "style.css: $(cat body)"
is /sub/logo.svg 200 'image/svg+xml'
cmp -s body site/static/logo.svg || die "logo.svg: $(cat body)"
is /sub/index.xml 200 'application/xml; charset=utf-8'
is /__shouhu/reload.js 200 'text/javascript; charset=utf-8'
grep -q 'location.reload()' body || die "reload.js: $(cat body)"
get /sub/style.css -I
[ "$(cat code)" = 200 ] && [ "$(header Content-Length)" = 23 ] ||
    die "HEAD: $(cat code) $(cat head body)"

# / goes to the base path, a folder without its slash to the folder.
is / 302 'text/plain; charset=utf-8'
[ "$(header Location)" = /sub/ ] || die "/ goes to $(header Location)"
is /sub/a/p3 301 'text/plain; charset=utf-8'
[ "$(header Location)" = /sub/a/p3/ ] || die "/sub/a/p3 goes to $(header Location)"
# with its query (a search typed without the slash keeps its words)
is '/sub/a/p3?q=%E8%8D%AF&x=a%2Fb' 301 'text/plain; charset=utf-8'
[ "$(header Location)" = '/sub/a/p3/?q=%E8%8D%AF&x=a%2Fb' ] ||
    die "/sub/a/p3?q=药 goes to $(header Location)"

# Missing: the site's 404 page, with its status and the script.
for p in /sub/nosuch/ /sub/nosuch.css /elsewhere/; do
	is "$p" 404 'text/html; charset=utf-8'
	[ "$(head -n 1 body)" = '<html><body><p>这里没有这个网页</p>'"$script" ] ||
	    die "$p: $(cat body)"
done

# Paths that would leave the output, and other methods.
for p in /sub/../../../etc/passwd /sub/%2e%2e/%2e%2e/etc/passwd \
    /sub/a/%2E%2E%2Fp3/ /sub/a%00/ /sub/./a/ '/sub/%zz/' '/sub/a\p3/'; do
	get "$p" --path-as-is
	[ "$(cat code)" = 400 ] || die "$p: status $(cat code), expected 400"
done
[ "$(cat body)" = '网址的路径不对：不能含 “.”或“..”一段、反斜杠或编码错误的字符' ] ||
    die "400: $(cat body)"
get /sub/ -X POST -d x=1
[ "$(cat code)" = 405 ] && [ "$(header Allow)" = 'GET, HEAD' ] ||
    die "POST: $(cat code) $(cat head)"
[ "$(cat body)" = '预览只能读取网页（GET 或 HEAD）' ] || die "405: $(cat body)"

# A second preview on the same port says so.
expect 1 "$SHOUHU" serve -C site --port "$port"
grep -q "^shouhu: 无法在 127.0.0.1 的端口 $port 上提供预览：.*；这个端口已被占用，请用 --port 换一个（--port 0 自动选一个空闲端口）$" err ||
    die "port in use: $(cat err)"

gen=$(curl -sS --max-time 30 "$U/__shouhu/reload?v=0")
[ "$gen" = 1 ] || die "first generation: $gen"

# until_page PATH TEXT: waits for builds (the long poll answers when one
# is done) until PATH has TEXT, 20 s at most; $gen is then the generation
until_page() {
	end=$(($(date +%s) + 20))
	while :; do
		curl -sS --max-time 30 -o page "$U$1"
		grep -qF "$2" page && return 0
		[ "$(date +%s)" -lt "$end" ] || die "$1 never had $2: $(cat page)"
		gen=$(curl -sS --max-time 30 "$U/__shouhu/reload?v=$gen")
	done
}

# An edit is served after the build it starts.
t0=$(date +%s%N)
sed -i 's/第 3 篇的正文/改过的正文/' site/content/a/p3.md
until_page /sub/a/p3/ '改过的正文'
t1=$(date +%s%N)
echo "serve: the edit was served $(((t1 - t0) / 1000000)) ms after it was saved"
grep -q "data-gen=\"$gen\"" page || die "the new page's generation: $(cat page)"
grep -q '^已重新生成（[0-9]* 个文件有变化，耗时 [0-9]* 毫秒）$' serve.out ||
    die "no rebuild line: $(cat serve.out)"

# The script of a page polls with the page's generation and reloads the
# page when a build has finished (node runs it as the browser would).
curl -sS --max-time 30 -o reload.js "$U/__shouhu/reload.js"
timeout 60 node "$here/serve_reload.mjs" "$U" reload.js "$gen" >reload.log 2>&1 &
npid=$!
printf '\n' >>site/content/a/p3.md
wait "$npid" || die "the reload script: $(cat reload.log)"
[ "$(tail -n 1 reload.log)" = reload ] || die "no reload: $(cat reload.log)"
tail -n 2 reload.log | head -n 1 >lastpoll
grep -qx "v=$gen got=[0-9]*" lastpoll && ! grep -qx "v=$gen got=$gen" lastpoll ||
    die "reloaded without a new generation: $(cat reload.log)"
gen=$(sed 's/.*got=//' lastpoll)

# broken FILE MESSAGE: the pages are an error page with MESSAGE; the
# assets are still there
broken() {
	until_page /sub/a/p3/ "$2"
	get /sub/a/p3/
	[ "$(cat code)" = 500 ] || die "$1: status $(cat code)"
	grep -qxF "<pre>$2</pre>" body || die "$1: $(cat body)"
	grep -qF '上一次成功生成的网站仍在后台；改正后页面会自动刷新' body ||
	    die "$1: $(cat body)"
	grep -qF "<script src=\"/__shouhu/reload.js\" data-gen=\"$gen\"></script>" body ||
	    die "$1: no script: $(cat body)"
	is /sub/nosuch/ 500 'text/html; charset=utf-8'
	grep -qxF "<pre>$2</pre>" body || die "$1: missing page: $(cat body)"
	is /sub/style.css 200 'text/css; charset=utf-8'
	grep -qxF "$2" serve.err || die "$1: stderr: $(cat serve.err)"
}

printf '{{ oops\n' >>"$single"
broken template 'site/themes/t/layouts/single.html:4: 模板错误：{{ 没有对应的 }}'
cp single.orig "$single"
until_page /sub/a/p3/ '改过的正文'

sed -i '6d' site/content/a/p3.md
broken "front matter" 'site/content/a/p3.md:1: 文件头没有结束：请在文件头后加一行 ---'
cp p3.orig site/content/a/p3.md
until_page /sub/a/p3/ '第 3 篇的正文'
get /sub/a/p3/
[ "$(cat code)" = 200 ] || die "fixed: status $(cat code)"

# A script that never ends is stopped by its time limit, in the build's
# own process: the server goes on and shows why.
cp site/scripts/site.lua site.lua.orig
sed -i 's|^  theme = "t",$|  theme = "t", timeout = 1, build = function(site) while true do end end,|' \
    site/scripts/site.lua
msg='site/scripts/site.lua: build 函数运行超过了 1 秒，已停止：这里可能有死循环或太慢的计算；请检查 build 函数和它 require 的模块，或在 site.lua 里把 timeout 调大（现在是 1 秒）'
until_page /sub/a/p3/ "<pre>$msg"
grep -qxF "$msg" serve.err || die "time limit: stderr: $(cat serve.err)"
cp site.lua.orig site/scripts/site.lua
until_page /sub/a/p3/ '第 3 篇的正文'

# A folder moved into content/ is watched too: a file in it, then one
# added to it later.
mkdir e
sed 's/第 3 篇/新栏目的一篇/' p3.orig >e/n.md
mv e site/content/e
until_page /sub/e/n/ '新栏目的一篇的正文'
sed 's/第 3 篇/新栏目的第二篇/' p3.orig >site/content/e/m.md
until_page /sub/e/m/ '新栏目的第二篇的正文'

# The ledger is watched: one that is not a ledger fails the build; gone,
# the site is back.
sqlite3 site/ledger.db 'create table t(x)'
broken ledger 'site/ledger.db: 这不是 Shouhu 账本（是别的 SQLite 数据库）；请检查 --ledger 指定的文件（它没有被改动）'
rm site/ledger.db
until_page /sub/a/p3/ '第 3 篇的正文'
stop INT serve

# A site broken from the start: the error page at every page address, then
# the site once it is fixed.
printf '{{ oops\n' >>"$single"
gen=0
start serve2
get /sub/a/p3/
[ "$(cat code)" = 500 ] || die "broken from the start: $(cat code)"
grep -qxF '<pre>site/themes/t/layouts/single.html:4: 模板错误：{{ 没有对应的 }}</pre>' body ||
    die "broken from the start: $(cat body)"
get /
[ "$(cat code)" = 500 ] || die "broken from the start, /: $(cat code)"
cp single.orig "$single"
until_page /sub/a/p3/ '第 3 篇的正文'
stop TERM serve2
trap 'rm -rf "$T"' EXIT

! grep -l 'Sanitizer' serve.err serve2.err ||
    die "a sanitizer report: $(cat serve.err serve2.err)"
for x in "$TMPDIR"/shouhu-serve.*; do
	[ -e "$x" ] && die "left behind: $x"
done
[ ! -e site/public ] || die "site/public was made"
[ ! -e site/build ] || die "site/build was made"

# shouhu build never writes the script.
"$SHOUHU" build -C site -o built -q || die "build failed"
grep -q '第 3 篇的正文' built/a/p3/index.html || die "built: no page"
! grep -rl '__shouhu' built || die "the reload script in build output"
exit 0
