#!/bin/sh
# A build that fails, at any stage, leaves the previous output exactly as
# it was (bytes and mtimes) and no temporary folder behind.
. "$(dirname "$0")/lib/common.sh"

mksite "$T/site" 30
out=$T/out
build -C "$T/site" -o "$out" -j 2 || die "good build failed: $(cat "$T/stderr")"
cp -R "$out" "$T/ref"
snapshot "$out" >"$T/snap"
single=$T/site/themes/t/layouts/single.html
cp "$single" "$T/single.orig"

# fails WHAT: the build must fail with status 1 and leave the output alone.
fails() {
	set +e
	build -C "$T/site" -o "$out" -j 2
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || die "$1: exit status $rc, expected 1"
	grep -q '没有生成网站' "$T/stderr" || die "$1: stderr: $(cat "$T/stderr")"
	diff -r "$T/ref" "$out" >/dev/null || die "$1: the output changed"
	snapshot "$out" >"$T/snap2"
	cmp -s "$T/snap" "$T/snap2" || die "$1: files of the output were touched"
	no_tmp "$out"
}

# 1. A template that fails while the pages render (in a worker).
printf '{{ page.params.nosuch.x }}\n' >>"$single"
fails "Lua error while rendering"
grep -q 'single.html:4: attempt to index a nil value' "$T/stderr" ||
    die "the message does not name the template line: $(cat "$T/stderr")"

# 2. A template that does not compile.
cp "$T/single.orig" "$single"
printf '{%% if page.title %%}\n' >>"$single"
fails "template syntax error"

# 3. A content error, found before anything is written.
cp "$T/single.orig" "$single"
sed -i 's/^date: .*/date: 2023-02-30/' "$T/site/content/b/p4.md"
fails "bad date"
grep -q 'p4.md:3: 日期“2023-02-30”格式不对' "$T/stderr" ||
    die "the bad date message: $(cat "$T/stderr")"
sed -i 's/^date: .*/date: 2023-02-05/' "$T/site/content/b/p4.md"

# 4. Fixed: the build works again and replaces the output.
build -C "$T/site" -o "$out" -j 2 || die "the fixed build failed: $(cat "$T/stderr")"
no_tmp "$out"
[ -f "$out/b/p4/index.html" ] || die "the fixed build is incomplete"
exit 0
