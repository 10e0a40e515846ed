#!/bin/sh
# make bench: build speed and memory against Hugo on the 10,000-page corpus
# of ../shared/bench (median of several runs; user and system time), the
# cost of a rebuild with nothing changed and of one with one article edited
# (incremental), the floor (only writing the same files, in Hugo's run:
# scripts/bench-floor.sh), the search index against Pagefind, the full build at
# several sizes, the collector checking and packing a 10,000-row ledger, and
# the office ingesting 10,000 bundles of 20 rows, plain and sealed.
# Usage: scripts/bench.sh [N]   (run from the project root after make)
#   N              pages of the build and search benchmarks (BENCH_PAGES in make)
#   BENCH_RUNS     runs of vs-hugo.sh for the median, and builds of shouhu
#                  with and without its search index, 3 unless set
#   BENCH_SCALE    the sizes of the scale section, "1000 10000 50000"
#                  unless set ("1000 10000": without the 50,000 pages,
#                  which take minutes and some 4 GB of disk)
#   BENCH_BUNDLES  bundles of the ingest benchmark, 10000 unless set
#   BENCH_ONLY     some of "build search scale collect ingest": only those
#                  sections
set -eu
N=${1:-10000}
NB=${BENCH_BUNDLES:-10000}
RUNS=${BENCH_RUNS:-3}
SCALE=${BENCH_SCALE-1000 10000 50000}
ONLY=${BENCH_ONLY:-build search scale collect ingest}
BENCH=${SHOUHU_BENCH_DIR:-../shared/bench}

# want SECTION: whether BENCH_ONLY asks for it
want() {
	case " $ONLY " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

[ -x bin/shouhu ] || { echo "bench.sh: run make first" >&2; exit 2; }
if { want build || want search || want scale; } && [ ! -f "$BENCH/vs-hugo.sh" ]; then
	echo "bench.sh: $BENCH/vs-hugo.sh not found" >&2
	exit 2
fi
if want build && [ ! -x build/floor ]; then
	echo "bench.sh: build/floor is missing: make build/floor" >&2
	exit 2
fi
if want ingest && [ ! -x build/forge ]; then
	echo "bench.sh: build/forge is missing: make build/forge" >&2
	exit 2
fi
sh scripts/deps.sh bench
t() { /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -n 1; }
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)," \
    "$(free -g | awk '$1 == "Mem:" { print $2 }') GB; $(date -u '+%Y-%m-%d %H:%M UTC')"
SINCE=${TMPDIR:-/tmp}/shouhu-bench-since
touch "$SINCE"
echo

if want build; then
	sh scripts/bench-full.sh "$N" "$RUNS"
	echo
	sh scripts/bench-floor.sh "$N" "$RUNS"
	full=$(awk '$1 == "shouhu" { print $2 }' "${TMPDIR:-/tmp}/shouhu-vs-hugo-$N/full.txt")

	W=${TMPDIR:-/tmp}/shouhu-vs-hugo-$N/shouhu
	echo
	echo "== rebuilds of the same site (output $W/public)"
	same=$(t bin/shouhu build -C "$W" -o "$W/public")
	force=$(t bin/shouhu build -C "$W" -o "$W/public" --force)
	echo "no change        $same  (wall s, peak KB)"
	echo "--force, same bytes $force  (renders everything, writes nothing)"
	echo "$full $same" | awk '{ printf "no-change rebuild / full build: %.3f (target < 0.1)\n", $2 / $1 }'

	# one article edited, five times: the incremental rebuild (median).
	# Every build compared runs at one fixed time (SOURCE_DATE_EPOCH): an
	# empty list's feed shows the time of its build.  The first, untimed,
	# takes the new option.
	SOURCE_DATE_EPOCH=$(date +%s)
	export SOURCE_DATE_EPOCH
	bin/shouhu build -C "$W" -o "$W/public" -q
	art=$(find "$W/content" -name '*.md' ! -name '_index.md' | sort | sed -n 400p)
	[ -n "$art" ] || { echo "bench.sh: no article in $W/content" >&2; exit 1; }
	cp "$art" "$W/article.orig"
	: >"$W/edits"
	for i in 1 2 3 4 5; do
		printf '\n第 %s 次修改：补充一句。\n' "$i" >>"$art"
		t bin/shouhu build -C "$W" -o "$W/public" >>"$W/edits"
	done
	edit=$(sort -n "$W/edits" | sed -n 3p)
	echo "one article edited $edit  (wall s, peak KB; median of 5: ${art#"$W"/})"
	echo "$full $edit" | awk '{ printf "one-article rebuild / full build: %.3f (target <= 0.1)\n", $2 / $1 }'
	rm -rf "$W/whole"
	bin/shouhu build -C "$W" -o "$W/whole" --force -q
	if diff -r -q "$W/public" "$W/whole" >/dev/null; then
		echo "incremental output = whole build output: yes"
	else
		echo "incremental output = whole build output: NO"
	fi
	rm -rf "$W/whole"
	cp "$W/article.orig" "$art"
	bin/shouhu build -C "$W" -o "$W/public" -q
	unset SOURCE_DATE_EPOCH
	echo
fi

if want search; then
	sh scripts/bench-search.sh "$N" "$RUNS"
	echo
fi

if want scale && [ -n "$SCALE" ]; then
	# shellcheck disable=SC2086
	BENCH_SINCE=$SINCE sh scripts/bench-scale.sh $SCALE
	echo
fi
rm -f "$SINCE"

if want collect; then
	echo "== shouhu-collect: a 10,000-row hazard_ledger .xlsx"
	C=${TMPDIR:-/tmp}/shouhu-bench-collect
	rm -rf "$C"
	mkdir -p "$C"
	build/fill hazard_ledger 10000 "$C/ledger.xlsx"
	P=$(pwd)
	(cd "$C" && "$P/bin/shouhu-collect" keygen bench >/dev/null)
	ls -l "$C/ledger.xlsx" | awk '{ printf "file: %d bytes\n", $5 }'
	chk=$(t bin/shouhu-collect check hazard_ledger "$C/ledger.xlsx")
	pck=$(t bin/shouhu-collect pack --unit bench --period 2022-W21 --key "$C/bench.key" \
	    --to "$C/bench.pub" hazard_ledger="$C/ledger.xlsx" -o "$C/bundle.zip")
	echo "check            $chk  (wall s, peak KB)"
	echo "check + pack     $pck  (wall s, peak KB, sealed)"
	echo "$pck" | awk '{ printf "check + pack under a second: %s\n", $1 < 1 ? "yes" : "NO" }'
	# a unit's kit (kitconf.h): a 1,000-row workbook dropped on its
	# program, to the sealed bundle in 待发送/ (median of 5)
	K=$C/kit
	mkdir -p "$K/程序文件" "$K/待发送"
	(cd "$K/程序文件" && "$P/bin/shouhu-collect" keygen 单位 >/dev/null &&
	    cp "$C/bench.pub" 专项办.pub && cp "$P/bin/shouhu-collect" .)
	printf '{"format": "shouhu-kit/1", "unit": {"code": "bench", "name": "单位"}, "office": "专项办", "deadline": {"weekday": 4, "hour": 10, "minute": 0}, "forms": ["hazard_ledger"]}\n' \
	    >"$K/程序文件/kit.json"
	build/fill hazard_ledger 1000 "$C/1000.xlsx"
	for i in 1 2 3 4 5; do
		rm -f "$K/待发送/"* "$K/程序文件/已打包.txt"
		SHOUHU_NO_OPEN=1 t "$K/程序文件/shouhu-collect" --period 2023-W45 "$C/1000.xlsx"
	done | sort -n | sed -n 3p | awk '{ printf "kit, drop to bundle, 1,000 rows: %s s, %s KB (median of 5)\n", $1, $2 }'
	[ -f "$K/待发送/单位-2023年第45周.zip" ] || { echo "bench.sh: the kit packed nothing" >&2; exit 1; }
	echo
fi

# The ingest benchmark.  build/forge writes NB valid signed bundles of 20
# hazard_ledger rows from 100 units (and again sealed to the office key)
# into $I; registering the units is setup, timed apart.  Then one ingest
# of the folder into a fresh ledger, timed (wall seconds and the peak
# RSS), the ledger checked to hold every bundle and row, and a second
# ingest of the same folder, where every bundle is unchanged.  $I is
# removed at the end (some 400 MB).

# timed WHAT CMD...: runs CMD under /usr/bin/time, printing "WALL KB";
# fails loudly, with CMD's output, if it fails
timed() {
	what=$1
	shift
	if ! /usr/bin/time -o "$I/time" -f "%e %M" "$@" >"$I/out" 2>&1; then
		echo "bench.sh: $what failed: $*" >&2
		sed -n '1,20p' "$I/out" >&2
		exit 1
	fi
	tail -n 1 "$I/time"
}

# fig "WALL KB": "5.3 s, 80 MB peak"
fig() {
	echo "$1" | awk '{ printf "%.1f s, %.0f MB peak", $1, $2 / 1024 }'
}

# expect LEDGER WHAT SQL WANT: the answer of the ledger must be WANT
expect() {
	got=$(sqlite3 "$1" "$3")
	if [ "$got" != "$4" ]; then
		echo "bench.sh: $2: the ledger has $got, expected $4 ($3)" >&2
		exit 1
	fi
}

# ingest_bench KIND [--sealed]: the benchmark of one kind of bundle
ingest_bench() {
	kind=$1
	shift
	D=$I/$kind
	L=$I/$kind.db
	key=
	label="$NB bundles × 20 rows ($((NB * 20)) rows), signatures checked"
	if [ "${1:-}" = --sealed ]; then
		key="--key $D/office.key"
		label="$label, sealed"
	fi
	f=$(timed "forge batch" build/forge batch "$D" "$NB" 20 100 "$@")
	# shellcheck disable=SC2016
	reg=$(timed "units add" sh -c 'while IFS="	" read -r c n p; do
	    bin/shouhu units add --ledger "$1" "$c" "$n" "$p" || exit 1
	    done <"$2"' sh "$L" "$D/units.txt")
	echo "setup, $kind: forge $(du -sm "$D/bundles" | cut -f1) MB of" \
	    "bundles in $(fig "$f" | cut -d, -f1); 100 units add in" \
	    "$(fig "$reg" | cut -d, -f1)"
	# shellcheck disable=SC2086
	first=$(timed "ingest" bin/shouhu ingest -q $key --ledger "$L" "$D/bundles")
	expect "$L" "$kind" "SELECT count(*) FROM bundles" "$NB"
	expect "$L" "$kind" "SELECT count(*) FROM bundles WHERE status = 'current'" "$NB"
	expect "$L" "$kind" "SELECT count(*) FROM hazard_ledger" "$((NB * 20))"
	echo "ingest: $label: $(fig "$first")"
	echo "$first $(stat -c %s "$L")" | awk '{ printf "  under 20 s: %s;" \
	    " ledger %.0f MB\n", $1 < 20 ? "yes" : "NO", $3 / 1048576 }'
	# shellcheck disable=SC2086
	again=$(timed "ingest again" bin/shouhu ingest -q $key --ledger "$L" "$D/bundles")
	expect "$L" "$kind, again" "SELECT count(*) FROM bundles" "$NB"
	expect "$L" "$kind, again" "SELECT count(*) FROM ingest_log WHERE outcome = 'unchanged'" "$NB"
	echo "  again, all $NB unchanged: $(fig "$again")"
}

if want ingest; then
	I=${TMPDIR:-/tmp}/shouhu-bench-ingest
	rm -rf "$I"
	mkdir -p "$I"
	echo "== shouhu ingest: $NB bundles of 20 hazard_ledger rows from 100 units" \
	    "($(nproc) cores)"
	ingest_bench plain
	ingest_bench sealed --sealed
	rm -rf "$I"
fi
