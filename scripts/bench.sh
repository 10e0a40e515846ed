#!/bin/sh
# make bench: build speed and memory against Hugo on the 10,000-page corpus
# of ../shared/bench, and the cost of a rebuild with nothing changed.
# Usage: scripts/bench.sh [N]   (run from the project root after make)
set -eu
N=${1:-10000}
BENCH=${SHOUHU_BENCH_DIR:-../shared/bench}
[ -x bin/shouhu ] || { echo "bench.sh: run make first" >&2; exit 2; }
[ -f "$BENCH/vs-hugo.sh" ] || { echo "bench.sh: $BENCH/vs-hugo.sh not found" >&2; exit 2; }
sh scripts/deps.sh bench

echo "== full build, shouhu vs Hugo, $N pages (one run of vs-hugo.sh)"
out=$(sh "$BENCH/vs-hugo.sh" "$N")
echo "$out"
full=$(echo "$out" | awk '$1 == "shouhu" { print $2 }')

W=${TMPDIR:-/tmp}/shouhu-vs-hugo-$N/shouhu
t() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1; }
echo
echo "== rebuilds of the same site (output $W/public)"
same=$(t bin/shouhu build -C "$W" -o "$W/public")
force=$(t bin/shouhu build -C "$W" -o "$W/public" --force)
echo "no change        $same  (wall s, peak KB)"
echo "--force, same bytes $force  (renders everything, writes nothing)"
echo "$full $same" | awk '{ printf "no-change rebuild / full build: %.3f (target < 0.1)\n", $2 / $1 }'
