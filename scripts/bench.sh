#!/bin/sh
# make bench: build speed and memory against Hugo on the 10,000-page corpus
# of ../shared/bench, the cost of a rebuild with nothing changed, and the
# collector checking and packing a 10,000-row ledger.
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

echo
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
