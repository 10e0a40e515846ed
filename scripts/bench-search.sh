#!/bin/sh
# make bench, the search index against Pagefind (issue 17, point 4), run by
# scripts/bench.sh: on the N-page corpus of ../shared/bench/vs-hugo.sh (its
# outputs in ${TMPDIR:-/tmp}/shouhu-vs-hugo-N; vs-hugo.sh runs first if they
# are not there), in one run:
#   - Pagefind (bench/pagefind, pinned; its own binary) over Hugo's output:
#     the N article pages (--glob '*/page-*/index.html'), each page's
#     <article> (--root-selector article: title, date, tags and text, what
#     shouhu indexes of a page, without the header and footer every page
#     has), timed by /usr/bin/time: wall, user, system seconds, peak memory;
#   - shouhu's index: the search phase of a full build (SHOUHU_TIMING=1: it
#     is made in memory there, its files written with the others), and the
#     full build with `search = true` and with `search = false` in
#     site.lua, RUNS times each, alternately (medians): the difference is
#     what the index costs, in time and memory;
#   - bench/pagefind/search.mjs: each index's files and bytes, and the bytes
#     a browser fetches for a query of two characters (养老), a long one (the
#     first 12 characters of the middle page's text) and one that finds
#     nothing (鲸鱼), each tool in headless Chromium.
# Then the ratios the issue asks for (shouhu at least 20x less time and
# memory than Pagefind, at most half its bytes).
# Usage: scripts/bench-search.sh N RUNS   (from the project root, after make)
set -eu
N=${1:-10000}
RUNS=${2:-3}
BENCH=${SHOUHU_BENCH_DIR:-../shared/bench}
W=${TMPDIR:-/tmp}/shouhu-vs-hugo-$N
P=bench/pagefind

[ -x bin/shouhu ] || { echo "bench-search.sh: run make first" >&2; exit 2; }
if [ ! -d "$P/node_modules" ] || [ ! -d tests/browser/node_modules ]; then
	echo "bench-search.sh: Pagefind or playwright-core is missing: sh scripts/deps.sh bench" >&2
	exit 2
fi
if [ ! -f "$W/hugo/public/index.html" ] || [ ! -f "$W/shouhu/public/search/meta.json" ]; then
	sh "$BENCH/vs-hugo.sh" "$N" >/dev/null
fi
version=$(cd "$P" && npx --no-install pagefind --version)
# the binary itself, not the npm wrapper: node's start is not Pagefind's cost
pf=$(cd "$P" && node --input-type=module -e "
import { resolveBinaryPath } from './node_modules/pagefind/lib/resolveBinary.js';
console.log(resolveBinaryPath(['pagefind_extended', 'pagefind']));")
[ -x "$pf" ] || { echo "bench-search.sh: no Pagefind binary: $pf" >&2; exit 1; }

# timed CMD...: runs CMD under /usr/bin/time: "WALL USER SYS KB"; its
# stderr kept in $W/err
timed() {
	if ! /usr/bin/time -o "$W/time" -f "%e %U %S %M" "$@" >"$W/out" 2>"$W/err"; then
		echo "bench-search.sh: failed: $*" >&2
		sed -n '1,20p' "$W/out" "$W/err" >&2
		exit 1
	fi
	tail -n 1 "$W/time"
}

# median COLUMN FILE: the median of the COLUMNth numbers of FILE's lines
median() {
	cut -d' ' -f"$1" "$2" | sort -n | awk '{ v[NR] = $1 } END {
	    if (NR % 2) print v[(NR + 1) / 2];
	    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "== search index, $N pages: shouhu vs $version over Hugo's output of the same corpus"
rm -rf "$W/hugo/public/pagefind"
p=$(timed "$pf" --site "$W/hugo/public" --glob '*/page-*/index.html' --root-selector article)
indexed=$(sed -n 's/.*Indexed \([0-9]*\) pages.*/\1/p' "$W/out")
[ "$indexed" = "$N" ] || { echo "bench-search.sh: Pagefind indexed ${indexed:-no} pages, not $N" >&2; exit 1; }

# the site without its index: the same sources, search = false
rm -rf "$W/nosearch"
mkdir -p "$W/nosearch"
cp -r "$W/shouhu/content" "$W/shouhu/themes" "$W/shouhu/scripts" "$W/nosearch/"
sed -i 's/^\([ 	]*search[ 	]*=[ 	]*\)true,/\1false,/' "$W/nosearch/scripts/site.lua"
grep -q '^[ 	]*search[ 	]*=[ 	]*false,' "$W/nosearch/scripts/site.lua" ||
    { echo "bench-search.sh: no 'search = true,' in scripts/site.lua to turn off" >&2; exit 1; }
: >"$W/on"
: >"$W/off"
: >"$W/phase"
i=1
while [ "$i" -le "$RUNS" ]; do
	rm -rf "$W/on.out" "$W/on.out.shouhu-"* "$W/shouhu/build"
	timed env SHOUHU_TIMING=1 bin/shouhu build -C "$W/shouhu" -o "$W/on.out" >>"$W/on"
	sed -n 's/^timing: search *\([0-9.]*\) s$/\1/p' "$W/err" >>"$W/phase"
	rm -rf "$W/off.out" "$W/off.out.shouhu-"* "$W/nosearch/build"
	timed bin/shouhu build -C "$W/nosearch" -o "$W/off.out" >>"$W/off"
	i=$((i + 1))
done
[ "$(wc -l <"$W/phase")" -eq "$RUNS" ] ||
    { echo "bench-search.sh: SHOUHU_TIMING printed no search phase" >&2; exit 1; }
if [ ! -f "$W/on.out/search/meta.json" ] || [ -e "$W/off.out/search/meta.json" ]; then
	echo "bench-search.sh: search = true/false did not turn the index on and off" >&2
	exit 1
fi
on="$(median 1 "$W/on") $(median 2 "$W/on") $(median 3 "$W/on") $(median 4 "$W/on")"
off="$(median 1 "$W/off") $(median 2 "$W/off") $(median 3 "$W/off") $(median 4 "$W/off")"
ph=$(median 1 "$W/phase")
echo "$p|$on|$off|$ph" | awk -F'|' -v runs="$RUNS" '{
	split($1, p, " "); split($2, a, " "); split($3, b, " "); ph = $4;
	printf "indexing                              wall s   user s    sys s     peak KB\n";
	printf "  Pagefind (one run)                %8.2f %8.2f %8.2f %11d\n", p[1], p[2], p[3], p[4];
	printf "  shouhu build, search on           %8.2f %8.2f %8.2f %11d\n", a[1], a[2], a[3], a[4];
	printf "  shouhu build, search off          %8.2f %8.2f %8.2f %11d\n", b[1], b[2], b[3], b[4];
	printf "  shouhu index: on - off            %8.2f %8.2f %8.2f %11d\n", a[1] - b[1], a[2] - b[2], a[3] - b[3], a[4] - b[4];
	printf "  shouhu search phase (SHOUHU_TIMING) %6.3f\n", ph;
	printf "(shouhu: medians of %d builds each, alternately; the difference of two noisy builds is rough)\n", runs;
	cpu = (a[2] + a[3]) - (b[2] + b[3]);
	wall = a[1] - b[1];
	printf "Pagefind/shouhu, time: wall %.0fx the search phase, %s; CPU (user+sys) %s (target >= 20)\n",
	    p[1] / ph,
	    (wall > 0 ? sprintf("%.0fx the wall difference", p[1] / wall) : "the wall difference is noise (<= 0)"),
	    (cpu > 0 ? sprintf("%.0fx the difference", (p[2] + p[3]) / cpu) : "-: no difference measured");
	printf "Pagefind/shouhu, peak memory: %.0fx the difference, %.0fx the whole build with search (target >= 20)\n",
	    (a[4] - b[4] > 0 ? p[4] / (a[4] - b[4]) : 0), p[4] / a[4];
}'
rm -rf "$W/on.out" "$W/on.out.shouhu-"* "$W/off.out" "$W/off.out.shouhu-"* "$W/nosearch" \
    "$W/on" "$W/off" "$W/phase" "$W/time" "$W/out" "$W/err"
echo

# the queries: two characters, a long phrase of the corpus, no hits
long=$(python3 - "$W/corpus" "$((N / 2))" <<'EOF'
import glob, re, sys
f = glob.glob("%s/*/page-%s.md" % (sys.argv[1], sys.argv[2]))[0]
text = open(f, encoding="utf-8").read().split("\n---\n", 1)[1]
for line in text.split("\n"):
    line = line.replace("**", "")
    if line and not line.startswith(("#", "-", "|")):
        print(re.match(r"[\u4e00-\u9fff]+", line).group(0)[:12])
        break
EOF
)
[ "$(printf '%s' "$long" | wc -m)" -eq 12 ] || { echo "bench-search.sh: no phrase of 12 characters in page-$((N / 2))" >&2; exit 1; }
echo "queries in headless Chromium (shouhu: $W/shouhu/public; Pagefind: $W/hugo/public)"
node "$P/search.mjs" "$W/shouhu/public" "$W/hugo/public" 养老 "$long" 鲸鱼
