#!/bin/sh
# Rebuilds write nothing that did not change: the no-change fast path, then
# --force (same bytes, same mtimes), then one changed page, then a page
# removed.  The output folder is never missing while builds run.
. "$(dirname "$0")/lib/common.sh"

mksite "$T/site" 12
out=$T/out

# Watch the output folder in the background for the whole test.
: >"$T/missing"
(
	while [ ! -e "$T/stop" ]; do
		if [ -e "$T/started" ] && [ ! -d "$out" ]; then
			echo "output folder missing" >>"$T/missing"
		fi
		sleep 0.005
	done
) &
watcher=$!
stop_watcher() {
	: >"$T/stop"
	wait "$watcher" || true
}

build -C "$T/site" -o "$out" -j 2 || die "first build failed: $(cat "$T/stderr")"
grep -q '已生成' "$T/stdout" || die "first build said: $(cat "$T/stdout")"
[ -f "$out/a/moved/index.html" ] && [ -f "$out/old/moved/index.html" ] ||
    die "first build is incomplete"
: >"$T/started"
no_tmp "$out"
snapshot "$out" >"$T/snap1"

# 1. Nothing changed: the fast path, nothing touched.
sleep 1
build -C "$T/site" -o "$out" -j 2 || die "second build failed: $(cat "$T/stderr")"
grep -q '已是最新' "$T/stdout" || die "second build did not say 已是最新: $(cat "$T/stdout")"
[ -s "$T/stderr" ] && die "second build printed on stderr: $(cat "$T/stderr")"
snapshot "$out" >"$T/snap2"
cmp -s "$T/snap1" "$T/snap2" || die "the no-change build touched files: $(diff "$T/snap1" "$T/snap2")"
# The same folders named the same way from another working folder: the
# same stamp (it is the output folder's, not the working folder's)
(cd "$T/site/content" && build -C "$T/site" -o "$out" -j 2) ||
    die "build from content/ failed: $(cat "$T/stderr")"
grep -q '已是最新' "$T/stdout" ||
    die "a build from another working folder did not say 已是最新: $(cat "$T/stdout")"

# 2. --force: everything rendered again, nothing rewritten.
build -C "$T/site" -o "$out" -j 2 --force || die "--force build failed: $(cat "$T/stderr")"
grep -q '新写入 0，' "$T/stdout" || die "--force build wrote files: $(cat "$T/stdout")"
snapshot "$out" >"$T/snap3"
cmp -s "$T/snap1" "$T/snap3" || die "--force rewrote unchanged files: $(diff "$T/snap1" "$T/snap3")"

# 3. A file touched but not changed: a real build, still nothing rewritten.
touch "$T/site/content/a/p3.md"
build -C "$T/site" -o "$out" -j 2 || die "build after touch failed: $(cat "$T/stderr")"
grep -q '新写入 0，' "$T/stdout" || die "build after touch: $(cat "$T/stdout")"
snapshot "$out" >"$T/snap4"
cmp -s "$T/snap1" "$T/snap4" || die "touching a source rewrote files: $(diff "$T/snap1" "$T/snap4")"

# 4. The body of one page changed (not its title or summary): only that
#    page's file is new.
sed -i 's/第 3 篇的正文/第 3 篇改过的正文/' "$T/site/content/a/p3.md"
build -C "$T/site" -o "$out" -j 2 || die "build after an edit failed: $(cat "$T/stderr")"
grep -q '新写入 1，' "$T/stdout" || die "build after an edit: $(cat "$T/stdout")"
grep -q '改过的正文' "$out/a/p3/index.html" || die "the edit is not in a/p3/index.html"
snapshot "$out" >"$T/snap5"
diff "$T/snap4" "$T/snap5" | sed -n 's/^> \([^ ]*\) .*/\1/p' >"$T/changed"
printf '%s\n' ./a/p3/index.html >"$T/want"
cmp -s "$T/want" "$T/changed" || die "changed files: $(cat "$T/changed"), expected only ./a/p3/index.html"

# 5. The title of one page changed: that page and every list and feed that
#    shows it are new, nothing else.  p6 is in section a (p3, p6, p9,
#    p12, moved), and on the second pager page of tag 共同 (p12 to p8 are
#    newer, 5 a page).
sed -i 's/^title: 第 6 篇$/title: 第六篇/' "$T/site/content/a/p6.md"
build -C "$T/site" -o "$out" -j 2 || die "build after a new title failed: $(cat "$T/stderr")"
snapshot "$out" >"$T/snap6"
diff "$T/snap5" "$T/snap6" | sed -n 's/^> \([^ ]*\) .*/\1/p' | sort >"$T/changed"
sort >"$T/want" <<'LIST'
./a/p6/index.html
./a/index.html
./a/index.xml
./a/atom.xml
./index.html
./index.xml
./atom.xml
./tags/标签2/index.html
./tags/共同/page/2/index.html
LIST
cmp -s "$T/want" "$T/changed" || die "changed files after a new title:
$(cat "$T/changed")
expected:
$(cat "$T/want")"
grep -q '第六篇' "$out/a/index.html" || die "the section list does not show the new title"

# 6. A page removed: its folder (and its alias) are gone, the rest stays.
rm "$T/site/content/a/moved.md"
build -C "$T/site" -o "$out" -j 2 || die "build after a removal failed: $(cat "$T/stderr")"
[ -e "$out/a/moved" ] && die "a/moved/ is still in the output"
[ -e "$out/old" ] && die "the alias folder old/ is still in the output"
[ -f "$out/a/p3/index.html" ] || die "a/p3/index.html went missing"
no_tmp "$out"

# The result is what a fresh build makes.
build -C "$T/site" -o "$T/fresh" -j 1 || die "fresh build failed: $(cat "$T/stderr")"
diff -r "$T/fresh" "$out" || die "the rebuilt output differs from a fresh build"

stop_watcher
[ -s "$T/missing" ] && die "the output folder went missing during a build"

# 7. The output put back by hand from an old copy, into the same folder
#    (as a folder removed and copied back may get the old one's inode
#    number): not "up to date", built anew.
cp -a "$out" "$T/copy"
sed -i 's/^title: 第六篇$/title: 第 6 篇/' "$T/site/content/a/p6.md"
build -C "$T/site" -o "$out" -j 2 || die "build before the copy: $(cat "$T/stderr")"
rm -rf "$out"/* "$out".shouhu-*
cp -a "$T/copy"/. "$out"/
build -C "$T/site" -o "$out" -j 2 || die "build over the copy failed: $(cat "$T/stderr")"
grep -q '已是最新' "$T/stdout" && die "the copy was taken for the output just built"
grep -q '第 6 篇' "$out/a/index.html" || die "the build over the copy did not bring the new title"
exit 0
