#!/bin/sh
# make bench, the full build against Hugo (issue 17, points 1 and 3), run by
# scripts/bench.sh and scripts/bench-scale.sh:
#   1. RUNS runs of ../shared/bench/vs-hugo.sh N, each printed as it is, then
#      its speed and memory ratios (hugo/shouhu) one by one and their medians
#      (of an even number of runs, the mean of the middle two);
#   2. one more full build of each, from nothing (no output, no cache), timed
#      by /usr/bin/time: wall, user and system seconds and the peak memory
#      (max RSS of the largest process), so that it shows which side, the
#      program's or the kernel's, to work on.  The figures are also written
#      to ${TMPDIR:-/tmp}/shouhu-vs-hugo-N/full.txt, one line per tool:
#      "hugo|shouhu WALL USER SYS KB FILES" (bench-scale.sh reads it).
# Usage: scripts/bench-full.sh N RUNS   (from the project root, after make)
set -eu
N=${1:-10000}
RUNS=${2:-3}
BENCH=${SHOUHU_BENCH_DIR:-../shared/bench}
W=${TMPDIR:-/tmp}/shouhu-vs-hugo-$N

[ -x bin/shouhu ] || { echo "bench-full.sh: run make first" >&2; exit 2; }
[ -f "$BENCH/vs-hugo.sh" ] || { echo "bench-full.sh: $BENCH/vs-hugo.sh not found" >&2; exit 2; }
case $RUNS in
'' | *[!0-9]* | 0) echo "bench-full.sh: RUNS must be a number of runs, 1 or more: $RUNS" >&2; exit 2 ;;
esac

# median: the median of the numbers on stdin, one a line
median() {
	sort -n | awk '{ v[NR] = $1 } END {
	    if (NR % 2) print v[(NR + 1) / 2];
	    else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "== full build, shouhu vs Hugo, $N pages: $RUNS run(s) of vs-hugo.sh ($(nproc) cores)"
R=${TMPDIR:-/tmp}/shouhu-bench-ratios-$N
: >"$R"
i=1
while [ "$i" -le "$RUNS" ]; do
	out=$(sh "$BENCH/vs-hugo.sh" "$N")
	echo "$out" | sed "s/^/run $i: /"
	echo "$out" | awk '/^speed ratio/ { print $4, $8 }' >>"$R"
	i=$((i + 1))
done
[ "$(wc -l <"$R")" -eq "$RUNS" ] || { echo "bench-full.sh: vs-hugo.sh printed no ratio" >&2; exit 1; }
echo "speed ratios hugo/shouhu:  $(cut -d' ' -f1 "$R" | paste -sd' ' -)   median $(cut -d' ' -f1 "$R" | median)  (target >= 5, aim 7)"
echo "memory ratios hugo/shouhu: $(cut -d' ' -f2 "$R" | paste -sd' ' -)   median $(cut -d' ' -f2 "$R" | median)  (target >= 20)"
rm -f "$R"

# timed DIR CMD...: runs CMD in DIR under /usr/bin/time: "WALL USER SYS KB"
# (shouhu runs from here, as vs-hugo.sh runs it: its build cache knows the
# output folder as seen from the folder it ran in)
timed() {
	d=$1
	shift
	if ! (cd "$d" && /usr/bin/time -o "$W/time" -f "%e %U %S %M" "$@" >"$W/out" 2>&1); then
		echo "bench-full.sh: failed in $d: $*" >&2
		sed -n '1,20p' "$W/out" >&2
		exit 1
	fi
	tail -n 1 "$W/time"
}

# the same two builds again, from nothing, as vs-hugo.sh makes them
rm -rf "$W/hugo/public" "$W/hugo/resources"
h=$(timed "$W/hugo" hugo --quiet)
rm -rf "$W/shouhu/public" "$W/shouhu/public.shouhu-"* "$W/shouhu/build"
s=$(timed . bin/shouhu build -C "$W/shouhu" -o "$W/shouhu/public")
{
	echo "hugo $h $(find "$W/hugo/public" -type f | wc -l)"
	echo "shouhu $s $(find "$W/shouhu/public" -type f | wc -l)"
} >"$W/full.txt"
rm -f "$W/time" "$W/out"
echo
echo "== full build, $N pages, where the time goes: one more build of each from nothing (/usr/bin/time)"
awk '{ printf "%-12s %8.2f %8.2f %8.2f %11d %7d\n", $1, $2, $3, $4, $5, $6;
    w[NR] = $2; u[NR] = $3; s[NR] = $4; m[NR] = $5; c[NR] = $3 + $4 }
    BEGIN { printf "%-12s %8s %8s %8s %11s %7s\n", "", "wall s", "user s", "sys s", "peak KB", "files" }
    END {
	printf "%-12s %8.2f %8.2f %8.2f %11.1f\n", "hugo/shouhu", w[1] / w[2], u[1] / u[2], s[1] / s[2], m[1] / m[2];
	printf "shouhu: %.2f s of CPU (user %.2f + system %.2f) in %.2f s: system %.0f %% of its CPU, user %.0f %%\n",
	    c[2], u[2], s[2], w[2], 100 * s[2] / c[2], 100 * u[2] / c[2];
	printf "hugo:   %.2f s of CPU (user %.2f + system %.2f) in %.2f s: system %.0f %% of its CPU, user %.0f %%\n",
	    c[1], u[1], s[1], w[1], 100 * s[1] / c[1], 100 * u[1] / c[1];
    }' "$W/full.txt"
