#!/bin/sh
# A page dated a few seconds ahead is left out; the no-change fast path
# holds until its date comes, then the next build puts it in.  (Real time
# here: no SOURCE_DATE_EPOCH.)
. "$(dirname "$0")/lib/common.sh"
unset SOURCE_DATE_EPOCH

mksite "$T/site" 3
due=$(($(date +%s) + 3))
cat >"$T/site/content/a/soon.md" <<MD
---
title: 马上发布
date: $(date -d "@$due" +%Y-%m-%dT%H:%M:%S%:z)
---
MD
out=$T/out
build -C "$T/site" -o "$out" -j 1 || die "first build failed: $(cat "$T/stderr")"
[ -e "$out/a/soon" ] && die "the future page is already in the output"
if [ "$(date +%s)" -lt "$due" ]; then
	build -C "$T/site" -o "$out" -j 1 || die "second build failed: $(cat "$T/stderr")"
	grep -q '已是最新' "$T/stdout" ||
	    [ "$(date +%s)" -ge "$due" ] || die "second build: $(cat "$T/stdout")"
fi
while [ "$(date +%s)" -le "$due" ]; do
	sleep 0.2
done
build -C "$T/site" -o "$out" -j 1 || die "build after the date failed: $(cat "$T/stderr")"
grep -q '已生成' "$T/stdout" || die "no build once the page was due: $(cat "$T/stdout")"
[ -f "$out/a/soon/index.html" ] || die "the page that came due is not in the output"
exit 0
