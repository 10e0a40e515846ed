#!/bin/sh
# One worker and three workers make byte-identical sites (60 pages, so the
# work really is split), and so do two three-worker builds.
. "$(dirname "$0")/lib/common.sh"

mksite "$T/site" 60
build -C "$T/site" -o "$T/j1" -j 1 || die "-j 1 failed: $(cat "$T/stderr")"
build -C "$T/site" -o "$T/j3" -j 3 || die "-j 3 failed: $(cat "$T/stderr")"
build -C "$T/site" -o "$T/j3b" -j 3 --force || die "second -j 3 failed: $(cat "$T/stderr")"
n=$(find "$T/j1" -type f | wc -l)
[ "$n" -gt 100 ] || die "only $n files in the output"
diff -r "$T/j1" "$T/j3" || die "-j 1 and -j 3 differ"
diff -r "$T/j3" "$T/j3b" || die "two -j 3 builds differ"
exit 0
