#!/bin/sh
# make bench, the floor of the full build (issue 17, point 1): RUNS runs of
# vs-hugo.sh's steps (delete the last run's folders, copy the corpus into
# a Hugo site and a shouhu site, build with Hugo) where, in shouhu's place,
# build/floor only writes the files of shouhu's output for the N pages
# (kept from scripts/bench-full.sh), as shouhu writes them, with nothing
# computed.  Hugo's time over the floor's is the highest speed ratio any
# program writing these files could reach in that run, on this file system
# as the benchmark leaves it.
# Usage: scripts/bench-floor.sh N RUNS   (from the project root, after
# make build/floor and scripts/bench-full.sh N)
set -eu
N=${1:-10000}
RUNS=${2:-3}
BENCH=${SHOUHU_BENCH_DIR:-../shared/bench}
W=${TMPDIR:-/tmp}/shouhu-vs-hugo-$N
F=${TMPDIR:-/tmp}/shouhu-floor-$N

[ -x build/floor ] || { echo "bench-floor.sh: make build/floor first" >&2; exit 2; }
[ -d "$W/shouhu/public" ] || { echo "bench-floor.sh: run scripts/bench-full.sh $N first" >&2; exit 2; }
case $RUNS in
'' | *[!0-9]* | 0) echo "bench-floor.sh: RUNS must be a number of runs, 1 or more: $RUNS" >&2; exit 2 ;;
esac

echo "== the floor: only writing shouhu's $N-page site in vs-hugo.sh's place ($RUNS runs, $(nproc) processes)"
rm -rf "$F"
mkdir -p "$F"
cp -r "$W/shouhu/public" "$F/site"
: >"$F/ratios"
i=1
while [ "$i" -le "$RUNS" ]; do
	rm -rf "$F/hugo" "$F/shouhu"
	mkdir -p "$F/hugo" "$F/shouhu"
	cp -r "$BENCH/hugo-site/." "$F/hugo/"
	cp -r "$W/corpus" "$F/hugo/content"
	cp -r themes scripts "$F/shouhu/"
	cp -r "$W/corpus" "$F/shouhu/content"
	h=$(cd "$F/hugo" && /usr/bin/time -f "%e" hugo --quiet 2>&1 >/dev/null | tail -n 1)
	f=$(build/floor -j "$(nproc)" "$F/site" "$F/shouhu/public")
	echo "$h $f" | awk -v i="$i" '{ printf "run %d: hugo %.2f s, writing %d files (%d bytes) %.2f s: hugo/floor %.2f\n",
	    i, $1, $3, $5, $7, $1 / $7 }'
	echo "$h $f" | awk '{ printf "%.2f\n", $1 / $7 }' >>"$F/ratios"
	i=$((i + 1))
done
echo "hugo/floor: $(paste -sd' ' "$F/ratios")   median $(sort -n "$F/ratios" | awk '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')" \
    "(the speed ratio of a program that only wrote the files; shouhu's target: 5)"
rm -rf "$F"
