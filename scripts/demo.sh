#!/bin/sh
# make demo: the whole flow of the campaign on the demo data of scripts/demo/
# (fictional units, four weeks of 2023), after the build:
#
#   1. keys        build/demo/keys/CODE.key, .pub for every unit of
#                  scripts/demo/units.txt, and office.key, .pub for the office
#   2. bundles     every bundle of scripts/demo/bundles.txt packed with
#                  shouhu-collect, sealed to the office, signed, created at its
#                  time (SOURCE_DATE_EPOCH): build/demo/bundles/UNIT-PERIOD.zip
#   3. ledger      the units registered and the bundles ingested into ledger.db;
#                  the office approves the case disclosures units ask for
#   4. report      the weekly report of the last demo week and the monthly
#                  tables of the last demo month: build/demo/周报-WEEK.xlsx
#                  and .html, build/demo/月报-MONTH.xlsx and .html
#   5. site        public/ from the site and the ledger
#
# Run again, it changes nothing: the keys are kept, the bundles come out the
# same (same content, same time: same bundle id), the units are already
# registered and the bundles already ingested.
set -eu
cd "$(dirname "$0")/.."
R=$(pwd)
D=scripts/demo
B=build/demo
KEYS=$B/keys
LEDGER=ledger.db
COLLECT=$R/bin/shouhu-collect
SHOUHU=$R/bin/shouhu
# Real time for everything (units added, bundles received, the site built)
# but the packs, which are made at their time of bundles.txt.
unset SOURCE_DATE_EPOCH

die() {
	echo "demo: $*" >&2
	exit 1
}

# The lines of a list file without comments and blank lines.
lines() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1"
}

# ---- 1. keys -------------------------------------------------------------
# keygen never overwrites a key: existing keys are used as they are.
mkdir -p "$KEYS"
for code in office $(lines "$D/units.txt" | awk '{ print $1 }'); do
	if [ -f "$KEYS/$code.key" ] && [ -f "$KEYS/$code.pub" ]; then
		continue
	fi
	(cd "$KEYS" && "$COLLECT" keygen "$code" >/dev/null)
done

# ---- 2. bundles ------------------------------------------------------------
# bundles.txt gives the creation time in China time; the epoch is worked out
# here (no date -d, which is not POSIX).
epochs() {
	lines "$D/bundles.txt" | awk '
	function days(y, m, d,   era, yoe, doy) {	# days since 1970-01-01
		y -= m <= 2
		era = int(y / 400)
		yoe = y - era * 400
		doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
		return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
	}
	{
		if (NF != 3 || $3 !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]$/) {
			print "demo: bundles.txt: not UNIT PERIOD YYYY-MM-DDTHH:MM: " $0 | "cat 1>&2"
			exit 1
		}
		split($3, t, /[-T:]/)
		e = days(t[1] + 0, t[2] + 0, t[3] + 0) * 86400 + t[4] * 3600 + t[5] * 60 - 8 * 3600
		printf "%s %s %d\n", $1, $2, e
	}'
}
rm -rf "$B/bundles.new"
mkdir -p "$B/bundles.new"
epochs >"$B/bundles.list"
nb=0
while read -r unit period epoch; do
	set --
	for f in "$D/$unit-$period"-*.csv; do
		[ -f "$f" ] || die "bundles.txt: no file $D/$unit-$period-FORM.csv"
		form=${f##*-}
		set -- "$@" "${form%.csv}=$f"
		echo "${f##*/}" >>"$B/bundles.new/.files"
	done
	SOURCE_DATE_EPOCH=$epoch "$COLLECT" pack --unit "$unit" \
	    --period "$period" --key "$KEYS/$unit.key" --to "$KEYS/office.pub" \
	    "$@" -o "$B/bundles.new/$unit-$period.zip" >/dev/null
	nb=$((nb + 1))
done <"$B/bundles.list"
# every form file belongs to a bundle
for f in "$D"/*.csv; do
	grep -qxF "${f##*/}" "$B/bundles.new/.files" ||
	    die "$f: in no bundle of $D/bundles.txt"
done
rm -f "$B/bundles.new/.files" "$B/bundles.list"
rm -rf "$B/bundles"
mv "$B/bundles.new" "$B/bundles"

# ---- 3. the ledger ---------------------------------------------------------
# --replace: after make clean the keys are new, and the units of an earlier
# demo ledger take them (a unit with the same key and name is unchanged).
nu=0
while read -r code name; do
	"$SHOUHU" units add --ledger "$LEDGER" --replace "$code" "$name" \
	    "$KEYS/$code.pub" >/dev/null
	nu=$((nu + 1))
done <<EOF
$(lines "$D/units.txt")
EOF
# Quiet unless something is wrong: ingest exits 1 if any bundle is rejected.
# A bundle whose content changed keeps its creation time, so it may count as
# older than what the ledger has (the larger bundle id wins a tie).
if ! out=$("$SHOUHU" ingest --ledger "$LEDGER" --key "$KEYS/office.key" \
    "$B/bundles"); then
	echo "$out" >&2
	die "$LEDGER: some bundles were rejected (see above)"
fi
case $out in
*过时*)
	echo "$out"
	echo "demo: $D 的数据改过了，账本里仍是旧的：删掉 $LEDGER* 后再运行 make demo"
	echo "demo: the demo data changed but the ledger keeps the old bundles: rm $LEDGER* and run make demo again"
	;;
esac

# The office approves every case disclosure the units ask to publish (in
# real use it reads them first: shouhu cases list --pending).
pending=$("$SHOUHU" cases list --ledger "$LEDGER" --pending | cut -f 1 |
    grep '^[0-9][0-9]*$' || true)
if [ -n "$pending" ]; then
	# shellcheck disable=SC2086 # one id a word
	"$SHOUHU" cases approve --ledger "$LEDGER" $pending >/dev/null
fi

# ---- 4. the weekly report of the last week ---------------------------------
WEEK=$(lines "$D/bundles.txt" | awk '$2 ~ /-W/ { print $2 }' | sort | tail -n 1)
XLSX=$B/周报-$WEEK.xlsx
HTML=$B/周报-$WEEK.html
"$SHOUHU" report --period "$WEEK" --ledger "$LEDGER" -o "$XLSX" --html "$HTML" \
    >/dev/null
MONTH=$(lines "$D/bundles.txt" | awk '$2 ~ /^[0-9]+-[0-9]+$/ { print $2 }' |
    sort | tail -n 1)
MXLSX=$B/月报-$MONTH.xlsx
MHTML=$B/月报-$MONTH.html
"$SHOUHU" report --period "$MONTH" --ledger "$LEDGER" -o "$MXLSX" \
    --html "$MHTML" >/dev/null

# ---- 5. the site -------------------------------------------------------------
"$SHOUHU" build -q -o public --ledger "$LEDGER"

echo "演示完成：$nu 个单位，$nb 个数据包 / demo ready: $nu units, $nb bundles"
echo "  网站 site:       $R/public/；预览 preview: bin/shouhu serve -C $R"
echo "                   （再用浏览器打开它显示的网址 / then open the address it prints）"
echo "  周报 report:     $R/$XLSX"
echo "                   $R/$HTML"
echo "  月报 monthly:    $R/$MXLSX"
echo "                   $R/$MHTML"
echo "  账本 ledger:     $R/$LEDGER"
echo "  数据包 bundles:  $R/$B/bundles/（密钥 keys: $R/$KEYS/）"
