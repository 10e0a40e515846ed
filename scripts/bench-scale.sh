#!/bin/sh
# make bench, the full build at several sizes (issue 17, point 5), run by
# scripts/bench.sh: for each number of pages in SIZES, one run of
# ../shared/bench/vs-hugo.sh and one more build of each tool from nothing
# (scripts/bench-full.sh SIZE 1), then a table of the timed builds: wall,
# user and system seconds, peak memory and files of each tool, and the cost
# per page (wall ms, CPU ms, peak KB), so that the growth is visible.
#   SIZES       default "1000 10000 50000"; BENCH_SCALE in make bench
#   BENCH_SINCE a file: a size whose figures (full.txt) are newer than it is
#               not built again (bench.sh has just measured its own size)
# A size is skipped, and said so, when the free space of ${TMPDIR:-/tmp} is
# less than it needs: about 75 MB per 1,000 pages (the corpus, Hugo's and
# shouhu's outputs and copies, measured at 10,000 pages: 660 MB), doubled.
# Usage: scripts/bench-scale.sh [SIZE...]   (from the project root, after make)
set -eu
T=${TMPDIR:-/tmp}
[ $# -gt 0 ] || set -- 1000 10000 50000
for n in "$@"; do
	case $n in
	'' | *[!0-9]* | 0) echo "bench-scale.sh: not a number of pages: $n" >&2; exit 2 ;;
	esac
done

done_=
for n in "$@"; do
	W=$T/shouhu-vs-hugo-$n
	if [ -n "${BENCH_SINCE:-}" ] && [ -f "$W/full.txt" ] &&
	    [ -n "$(find "$W/full.txt" -newer "$BENCH_SINCE")" ]; then
		done_="$done_ $n"
		continue
	fi
	need=$((n * 150 / 1000))
	[ -d "$W" ] && need=0
	free=$(df -Pm "$T" | awk 'NR == 2 { print $4 }')
	if [ "$free" -lt "$need" ]; then
		echo "== scale: $n pages skipped: it needs about $need MB in $T, $free MB are free"
		echo
		continue
	fi
	sh scripts/bench-full.sh "$n" 1
	echo
	done_="$done_ $n"
done

echo "== scale: the full build from nothing ($(nproc) cores; per page: wall ms, CPU ms = user + system, peak KB)"
printf '%-7s %-7s %8s %8s %8s %10s %7s %8s %8s %8s\n' pages tool "wall s" "user s" "sys s" "peak KB" files \
    "wall/p" "CPU/p" "KB/p"
for n in $done_; do
	awk -v n="$n" '{ printf "%-7d %-7s %8.2f %8.2f %8.2f %10d %7d %8.3f %8.3f %8.1f\n",
	    n, $1, $2, $3, $4, $5, $6, 1000 * $2 / n, 1000 * ($3 + $4) / n, $5 / n }' \
	    "$T/shouhu-vs-hugo-$n/full.txt"
done
# growth: each size's cost per page against the smallest's
first=
for n in $done_; do
	f=$T/shouhu-vs-hugo-$n/full.txt
	if [ -z "$first" ]; then
		first=$n
		continue
	fi
	awk -v n="$n" -v m="$first" 'FNR == NR { w[$1] = $2 / m; c[$1] = ($3 + $4) / m; k[$1] = $5; next }
	    { printf "%s, %d pages against %d (%.0fx the pages): per page wall %.2fx, CPU %.2fx; peak memory %.2fx\n",
	    $1, n, m, n / m, ($2 / n) / w[$1], (($3 + $4) / n) / c[$1], $5 / k[$1] }' \
	    "$T/shouhu-vs-hugo-$first/full.txt" "$f"
done
