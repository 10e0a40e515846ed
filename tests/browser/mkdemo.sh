#!/bin/sh
# Builds the demo site for the browser test, the way scripts/demo.sh does
# (steps 1, 2, 3 and 5: keys, bundles, ledger, site) but in a folder of its
# own and with the given binaries (by default the test builds, with ASan):
#
#   sh tests/browser/mkdemo.sh DIR
#
# from the top of the repository.  DIR (made if missing, must be empty) gets
#   DIR/site/         copies of scripts/, content/ and themes/
#   DIR/keys/         the units' and the office's keys
#   DIR/bundles/      every bundle of scripts/demo/bundles.txt, sealed
#   DIR/ledger.db     the units registered and the bundles ingested
#   DIR/site/public/  the built site
#
# Environment: SHOUHU, COLLECT (default build/test/shouhu, shouhu-collect).
# Quiet unless something fails: then a message on stderr and exit status 1.
set -eu

die() {
	echo "mkdemo: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: sh tests/browser/mkdemo.sh DIR"
[ -f tests/browser/mkdemo.sh ] || die "run me from the top of the repository"
R=$(pwd)
D=$R/scripts/demo
SHOUHU=${SHOUHU:-$R/build/test/shouhu}
COLLECT=${COLLECT:-$R/build/test/shouhu-collect}
[ -x "$SHOUHU" ] || die "$SHOUHU is missing: make build/test/shouhu"
[ -x "$COLLECT" ] || die "$COLLECT is missing: make build/test/shouhu-collect"

mkdir -p "$1"
W=$(cd "$1" && pwd)
[ -z "$(ls -A "$W")" ] || die "$W is not empty"
KEYS=$W/keys
LEDGER=$W/ledger.db
SITE=$W/site
LOG=$W/log

# run CMD...: runs a command, its output into $LOG, shown if it fails.
run() {
	if ! "$@" </dev/null >"$LOG" 2>&1; then
		echo "mkdemo: failed: $*" >&2
		sed -n '1,40s/^/    /p' "$LOG" >&2
		exit 1
	fi
}

lines() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1"
}

# ---- the site --------------------------------------------------------------
mkdir -p "$SITE" "$KEYS" "$W/bundles"
cp -R "$R/scripts" "$R/content" "$R/themes" "$SITE/"

# ---- 1. keys ---------------------------------------------------------------
for code in office $(lines "$D/units.txt" | awk '{ print $1 }'); do
	(cd "$KEYS" && run "$COLLECT" keygen "$code")
done

# ---- 2. bundles, each made at its time of bundles.txt (China time) ---------
lines "$D/bundles.txt" | awk '
function days(y, m, d,   era, yoe, doy) {	# days since 1970-01-01
	y -= m <= 2
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
}
{
	split($3, t, /[-T:]/)
	e = days(t[1] + 0, t[2] + 0, t[3] + 0) * 86400 + t[4] * 3600 + t[5] * 60 - 8 * 3600
	printf "%s %s %d\n", $1, $2, e
}' >"$W/bundles.list"
while read -r unit period epoch; do
	set --
	for f in "$D/$unit-$period"-*.csv; do
		[ -f "$f" ] || die "bundles.txt: no file $D/$unit-$period-FORM.csv"
		form=${f##*-}
		set -- "$@" "${form%.csv}=$f"
	done
	run env SOURCE_DATE_EPOCH="$epoch" "$COLLECT" pack --unit "$unit" \
	    --period "$period" --key "$KEYS/$unit.key" --to "$KEYS/office.pub" \
	    "$@" -o "$W/bundles/$unit-$period.zip"
done <"$W/bundles.list"

# ---- 3. the ledger ---------------------------------------------------------
lines "$D/units.txt" >"$W/units.list"
while read -r code name; do
	run "$SHOUHU" units add --ledger "$LEDGER" "$code" "$name" \
	    "$KEYS/$code.pub"
done <"$W/units.list"
run "$SHOUHU" ingest --ledger "$LEDGER" --key "$KEYS/office.key" "$W/bundles"

# ---- 5. the site -----------------------------------------------------------
run "$SHOUHU" build -q -C "$SITE" -o "$SITE/public" --ledger "$LEDGER"
rm -f "$LOG"
