#!/bin/sh
# A page that never finishes, among many rendered by several workers, is
# stopped by the wall clock (timeout = 1 in site.lua) even though it is
# stuck inside one C function (string.find): the build fails naming the
# page and its template, leaves the previous output alone and no temporary
# folder, and no worker process is left running.
. "$(dirname "$0")/lib/common.sh"

mksite "$T/site" 40
out=$T/out
build -C "$T/site" -o "$out" -j 4 || die "good build failed: $(cat "$T/stderr")"
snapshot "$out" >"$T/snap"

sed -i 's/^  theme = "t",$/  theme = "t",\n  timeout = 1,/' "$T/site/scripts/site.lua"
grep -q 'timeout = 1' "$T/site/scripts/site.lua" || die "site.lua not changed"
single=$T/site/themes/t/layouts/single.html
cp "$single" "$T/single.orig"
# hours of backtracking in one call, for one page only
printf '{%% if page.params.slow then %%}{{ ("a"):rep(50000):find(".-.-.-.-.-b") }}{%% end %%}\n' \
    >>"$single"
sed -i 's/^title: 第 29 篇$/title: 第 29 篇\nslow: true/' "$T/site/content/c/d/p29.md"
grep -q '^slow: true' "$T/site/content/c/d/p29.md" || die "p29.md not changed"

set +e
build -C "$T/site" -o "$out" -j 4
rc=$?
set -e
[ "$rc" -eq 1 ] || die "exit status $rc, expected 1: $(cat "$T/stderr")"
cat >"$T/want" <<MSG
$T/site/themes/t/layouts/single.html: 生成 $T/site/content/c/d/p29.md 用了超过 1 秒，已停止：这个模板（或它引入的模板、调用的函数）里可能有死循环或太慢的计算，如复杂的 string.find 模式；请检查它们，或在 $T/site/scripts/site.lua 里把 timeout 调大（现在是 1 秒）
shouhu: 没有生成网站：$out 保持原样
MSG
diff -u "$T/want" "$T/stderr" || die "unexpected message"
snapshot "$out" >"$T/snap2"
cmp -s "$T/snap" "$T/snap2" || die "files of the output were touched"
no_tmp "$out"
# every process of this build has ended: none has $T in its command line
for f in /proc/[0-9]*/cmdline; do
	if tr '\0' ' ' 2>/dev/null <"$f" | grep -qF "$T/site"; then
		die "a process of the build is still running: $f: $(tr '\0' ' ' <"$f")"
	fi
done

# fixed: the build works again
cp "$T/single.orig" "$single"
build -C "$T/site" -o "$out" -j 4 || die "the fixed build failed: $(cat "$T/stderr")"
no_tmp "$out"
exit 0
