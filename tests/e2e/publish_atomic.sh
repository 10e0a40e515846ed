#!/bin/sh
# Publishing is one atomic step (issue 13): a build killed at any moment
# leaves the whole old site or the whole new one, never a mix, and a
# rebuild right after the kill starts at once (the workers die with their
# build; the lock is the build's alone).  The kills are placed exactly
# with crash points (SHOUHU_TEST_CRASH=POINT:N):
#	pool-started:1		the build, while its workers render
#	out-write:N		a worker (or the build, for static files) at its
#				N-th file written
#	out-link:N		the build, linking its N-th unchanged file into
#				a whole new tree (an output with no state)
#	publish-catchup:N	the build, bringing OUT.shouhu-prev up to the
#				published site (the usual publish)
#	publish-move:N		the build, moving its N-th new file into it
#	out-exchange:1		the build, everything written, before the swap
#	out-exchanged:1		the build, just after the swap
# Part 1 publishes over an output copied by hand (no state: the whole new
# tree is linked); part 2 over a history of publishes (the previous site
# brought up to date in place).  After a publish the output, and the
# previous site kept beside it, equal fresh builds byte for byte, folders
# too.
# After each kill the output is compared, file by file (names and bytes),
# with the old site and with the new one, and must equal one of them.
# Unchanged files keep their mtimes across a published build; a
# permission error while publishing leaves the old site and says so.
. "$(dirname "$0")/lib/common.sh"
cd "$T"

# tree DIR: every file of DIR with its SHA-256, sorted
tree() {
	(cd "$1" && find . -type f -exec sha256sum {} + | sort -k2)
}

mksite site 150
build -C site -o ref-old -j 2 || die "old build: $(cat "$T/stderr")"
tree ref-old >old.txt
# the new site: every page changes (the template), one page goes, one comes
cp site/themes/t/layouts/single.html single.orig
sed -i 's|<h1>|<h1 class="new">|' site/themes/t/layouts/single.html
rm site/content/a/p3.md
printf -- '---\ntitle: 新的一篇\n---\n正文。\n' >site/content/b/new.md
build -C site -o ref-new -j 2 || die "new build: $(cat "$T/stderr")"
tree ref-new >new.txt
cmp -s old.txt new.txt && die "the old and the new site are the same"

# old: a fresh copy of the old site as the published output
old() {
	rm -rf out out.shouhu-*
	cp -a ref-old out
}

# kill POINT: the new build into out, killed at POINT; then out must be
# the whole old or the whole new site; prints which
kill_at() {
	old
	rc=0
	SHOUHU_TEST_CRASH=$1 "$SHOUHU" build -C site -o out -j 2 --force \
	    >stdout 2>stderr || rc=$?
	tree out >got.txt
	if cmp -s got.txt old.txt; then
		echo old
	elif cmp -s got.txt new.txt; then
		echo new
	else
		echo "mixed (exit $rc): $(diff old.txt got.txt | head -5)" >&2
		echo mixed
	fi
}

n=0
for p in pool-started:1 out-write:1 out-write:40 out-write:150 \
    out-link:1 out-link:2 out-exchange:1 out-exchanged:1; do
	what=$(kill_at "$p")
	case "$p:$what" in
	*:mixed)
		die "killed at $p: the output is neither the old nor the new site" ;;
	out-exchanged:1:old)
		die "killed after the swap, the old site is there" ;;
	out-exchange:1:new|pool-started:1:new|out-link:*:new)
		die "killed at $p before the swap, the new site is there" ;;
	esac
	echo "killed at $p: the $what site"
	# a rebuild right away is not refused, and publishes the new site
	build -C site -o out -j 2 ||
	    die "rebuild after a kill at $p: $(cat "$T/stderr")"
	tree out >got.txt
	cmp -s got.txt new.txt || die "rebuild after $p: $(diff new.txt got.txt | head)"
	no_tmp out
	n=$((n + 1))
done
# out-link happens only with unchanged files: the kill above must have
# met it (the static file and unchanged pages are linked)
[ "$n" -eq 8 ] || die "only $n kills"

# ---- part 2: the usual publish, over a history ---------------------------

# version N: the site as it is at version N (template class, pages)
version() {
	cp single.orig site/themes/t/layouts/single.html
	sed -i "s|<h1>|<h1 class=\"v$1\">|" site/themes/t/layouts/single.html
	rm -f site/content/b/new*.md
	case $1 in
	2|4) printf -- '---\ntitle: 第 %s 版新增\n---\n正文。\n' "$1" \
	    >"site/content/b/new$1.md" ;;
	esac
	rm -f site/content/a/p6.md
	[ "$1" -eq 3 ] || cp p6.orig site/content/a/p6.md
	return 0
}
# fresh N DIR: a fresh build of version N into DIR (its files and folders)
fresh() {
	version "$1"
	rm -rf "$2"
	build -C site -o "$2" -j 2 || die "fresh $1: $(cat "$T/stderr")"
	tree "$2" >"$2.files"
	(cd "$2" && find . -type d | sort) >"$2.dirs"
}
# is DIR N: DIR is exactly version N (files, bytes, folders)
is() {
	tree "$1" >got.txt
	(cd "$1" && find . -type d | sort) >gotd.txt
	cmp -s got.txt "v$2.files" && cmp -s gotd.txt "v$2.dirs"
}
cp site/content/a/p6.md p6.orig
for v in 1 2 3 4; do
	fresh "$v" "v$v"
done
# history: out published as 1, 2; then 3 is killed, or goes through
history() {
	rm -rf out out.shouhu-*
	for v in 1 2; do
		version "$v"
		build -C site -o out -j 2 || die "publish $v: $(cat "$T/stderr")"
	done
	is out 2 || die "the history does not end at version 2: $(diff v2.files got.txt | head -5)$(diff v2.dirs gotd.txt | head -5)"
	version 3
}
for p in pool-started:1 publish-catchup:1 publish-catchup:3 \
    publish-move:1 publish-move:5 out-exchange:1 out-exchanged:1; do
	history
	rc=0
	SHOUHU_TEST_CRASH=$p "$SHOUHU" build -C site -o out -j 2 \
	    >stdout 2>stderr || rc=$?
	[ "$rc" -eq 137 ] || die "$p: not killed (exit $rc): $(cat stderr)"
	if is out 2; then
		what=old
	elif is out 3; then
		what=new
	else
		die "killed at $p: out is neither version 2 nor 3: $(diff v3.files got.txt | head -5)"
	fi
	[ "$p:$what" = out-exchanged:1:old ] && die "$p: old after the swap"
	case "$p" in
	out-exchanged*) ;;
	*) [ "$what" = old ] || die "$p: new before the swap" ;;
	esac
	echo "killed at $p: the $what site"
	build -C site -o out -j 2 || die "rebuild after $p: $(cat "$T/stderr")"
	is out 3 || die "rebuild after $p: not version 3: $(diff v3.files got.txt | head -5)"
	no_tmp out
done
# publishes one after another: each is the fresh build, and the previous
# site kept beside it is the fresh build of the one before
history
for v in 3 4 1 2 3; do
	version "$v"
	build -C site -o out -j 2 || die "publish $v: $(cat "$T/stderr")"
	is out "$v" || die "publish $v: out differs: $(diff "v$v.files" got.txt | head -5)$(diff "v$v.dirs" gotd.txt | head -5)"
done
is out.shouhu-prev 2 || die "the previous site is not version 2: $(diff v2.files got.txt | head -5)"
# an output changed by hand: a file the last publish wrote is deleted (the
# state still names the folders), or the folder is put back from an old
# copy (which may get the old folder's inode number): the state no longer
# describes OUT, and the publish is a whole one
rm out/a/p9/index.html
version 4
build -C site -o out -j 2 || die "publish over a deleted file: $(cat "$T/stderr")"
is out 4 || die "publish over a deleted file: $(diff v4.files got.txt | head -5)"
for v in 1 2; do
	rm -rf out
	cp -R v2 out
	version "$v"
	build -C site -o out -j 2 || die "publish $v over a copy: $(cat "$T/stderr")"
	is out "$v" || die "publish $v over a copy: $(diff "v$v.files" got.txt | head -5)"
	version 3
	build -C site -o out -j 2 || die "publish 3 after a copy: $(cat "$T/stderr")"
	is out 3 || die "publish 3 after a copy: $(diff v3.files got.txt | head -5)"
done
version 1

# unchanged files keep bytes and mtimes through a published build
old
snapshot out >before.txt
build -C site -o out -j 2 || die "build: $(cat "$T/stderr")"
snapshot out >after.txt
# style.css and the alias page did not change: same line (size, mtime)
for f in ./style.css ./old/moved/index.html; do
	grep -F "$f " before.txt >b || die "$f missing before"
	grep -F "$f " after.txt >a || die "$f missing after"
	cmp -s a b || die "$f was rewritten: $(cat b a)"
done

# a permission error while publishing: the old site stays, and the
# message says so (run as an ordinary user: root ignores permissions)
old
chmod 000 out/a
if [ "$(id -u)" -eq 0 ]; then
	chmod 777 . && chmod -R a+rwX site out && chmod 000 out/a
	set +e
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$SHOUHU" build -C site -o out -j 2 >stdout 2>stderr
	rc=$?
	set -e
else
	set +e
	"$SHOUHU" build -C site -o out -j 2 >stdout 2>stderr
	rc=$?
	set -e
fi
chmod 755 out/a
[ "$rc" -eq 1 ] || die "a permission error: exit $rc: $(cat stderr)"
grep -q '^out/a/.*: 无法放进新的网站：没有权限（请检查文件和文件夹的权限，或换一个位置）$' stderr ||
    die "the message: $(cat stderr)"
grep -qx 'shouhu: 没有生成网站：out 保持原样' stderr || die "$(cat stderr)"
tree out >got.txt
cmp -s got.txt old.txt || die "a permission error left a changed site"
exit 0
