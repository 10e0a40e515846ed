#!/bin/sh
# A page dated ahead is left out; the no-change fast path holds until its
# date comes, then the next build puts it in.  The clock is SHOUHU_NOW (a
# test clock that stands for the real one: unlike SOURCE_DATE_EPOCH it is
# not part of what a build records), so the test never waits and never
# depends on how fast the machine is.
. "$(dirname "$0")/lib/common.sh"
unset SOURCE_DATE_EPOCH

now=1700000000			# 2023-11-14T22:13:20Z
due=$((now + 3600))
mksite "$T/site" 3
cat >"$T/site/content/a/soon.md" <<MD
---
title: 马上发布
date: $(date -u -d "@$due" +%Y-%m-%dT%H:%M:%SZ)
---
MD
out=$T/out

# at NOW: build; prints the first line of stdout
at() {
	SHOUHU_NOW=$1 build -C "$T/site" -o "$out" -j 1 ||
	    die "build at $1 failed: $(cat "$T/stderr")"
	head -n 1 "$T/stdout"
}

at $now | grep -q '已生成' || die "first build: $(cat "$T/stdout")"
[ -e "$out/a/soon" ] && die "the future page is already in the output"

# before the date: nothing to do, however often it is asked
for t in $((now + 1)) $((due - 1)); do
	at $t | grep -q '已是最新' || die "build at due - $((due - t)) s:" \
	    "$(cat "$T/stdout")"
	[ -e "$out/a/soon" ] && die "the future page is in the output at $t"
done

# the moment it comes due: a real build, with the page
at $due | grep -q '已生成' ||
    die "no build once the page was due: $(cat "$T/stdout")"
[ -f "$out/a/soon/index.html" ] || die "the page that came due is not in the output"
grep -q '马上发布' "$out/a/index.html" || die "the section list does not show it"

# and after that, nothing new again
at $((due + 60)) | grep -q '已是最新' || die "build after the date:" \
    "$(cat "$T/stdout")"
exit 0
