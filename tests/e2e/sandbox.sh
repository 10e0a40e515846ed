#!/bin/sh
# What the sandbox leaves to scripts and templates works in a real build:
# site.lua and templates require modules of scripts/ (lib.util is
# scripts/lib/util.lua), use os.date and load, and print goes to stderr
# with the file and line, never into the site or stdout.
. "$(dirname "$0")/lib/common.sh"

mksite "$T/site" 3
mkdir -p "$T/site/scripts/lib"
cat >"$T/site/scripts/lib/util.lua" <<'LUA'
local M = {}
function M.shout(s) return s .. "！" end
return M
LUA
cat >"$T/site/scripts/site.lua" <<'LUA'
local util = require "lib.util"
print("site.lua", util.shout("加载"))
return {
  title = "沙箱",
  baseurl = "https://example.org/",
  theme = "t",
  build = function(site)
    site.params.year = os.date("!%Y", 0)
    site.params.sum = load("return 1 + 2")()
    site.params.same = require("lib.util") == util
  end,
}
LUA
cat >"$T/site/themes/t/layouts/single.html" <<'TMPL'
<h1>{{ require("lib.util").shout(page.title) }}</h1>
<p>{{ site.params.year }} {{ site.params.sum }} {{ tostring(site.params.same) }}</p>
{%- if page.title == "第 2 篇" then print("模板", page.title) end %}
TMPL
out=$T/out
# from inside $T: Lua shortens long file names in its messages
cd "$T"
build -C site -o out -j 2 || die "build failed: $(cat "$T/stderr")"
cat >"$T/want" <<MSG
site/scripts/site.lua:2: print：site.lua	加载！
site/themes/t/layouts/single.html:3: print：模板	第 2 篇
MSG
diff -u "$T/want" "$T/stderr" || die "unexpected stderr"
grep -q '已生成' "$T/stdout" || die "stdout: $(cat "$T/stdout")"
grep -q 'print' "$T/stdout" && die "print went to stdout: $(cat "$T/stdout")"
grep -q '<h1>第 2 篇！</h1>' "$out/c/d/p2/index.html" ||
    die "the template's require: $(cat "$out/c/d/p2/index.html")"
grep -q '<p>1970 3 true</p>' "$out/c/d/p2/index.html" ||
    die "os.date, load, require: $(cat "$out/c/d/p2/index.html")"
grep -rq 'print' "$out" && die "print went into the site"
exit 0
