#!/bin/sh
# Crash safety of shouhu ingest: kill -9 at any moment leaves the ledger
# consistent, every bundle in it whole or absent, and running ingest again
# finishes the job.
#
# FORGE makes NB bundles of 20 rows from 10 units (every bundle its own
# unit and week: nothing supersedes anything).  A reference ledger gets
# them in one uninterrupted ingest, which is timed.  Then a fresh ledger
# with the same units is ingested into again and again, each run killed
# with SIGKILL after a delay that is a fixed fraction of the reference
# time (so the kills spread over the run on a fast or a slow machine),
# and after each kill:
#	PRAGMA integrity_check is ok and foreign_key_check is empty;
#	every bundle is whole: it has a part, every part has exactly as
#	many rows in hazard_ledger_all as it says, no row lacks its part,
#	and every bundle has its line in ingest_log (same savepoint);
#	no bundle was ever accepted twice, nothing was rejected;
#	the number of bundles never goes down.
# Ingest commits at most every second, so kills late enough land after a
# commit and in the middle of the next batch: at least one kill must
# leave a partial ledger (0 < bundles < NB).  Last, ingest runs to the
# end (exit 0) and the ledger must hold exactly what the reference holds:
# the same current bundles and the same rows, NB bundles.
. "$(dirname "$0")/lib/common.sh"
: "${FORGE:?set FORGE to the forge test tool}"
cd "$T"
S=$SHOUHU
NB=900		# about 2.5 s of the ASan build on the 2-core machine
# the kills, in thousandths of the reference run's time: rising slowly,
# since a run after a partial one goes faster over the bundles it finds
# already in (unchanged)
FRACTIONS="50 150 250 350 420 490 560 630 700 770 840 910"

# sql LEDGER SQL: the answer of the ledger
sql() {
	sqlite3 "$1" "$2"
}

# register LEDGER: a ledger with every unit of d/units.txt
register() {
	while IFS='	' read -r code name pub; do
		"$S" units add --ledger "$1" "$code" "$name" "$pub" \
		    >/dev/null 2>err || die "units add $code: $(cat err)"
	done <d/units.txt
}

# now_ms: milliseconds since the epoch (GNU date)
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# consistent LEDGER WHEN: dies unless LEDGER is sound and every bundle in
# it whole; prints the number of bundles
consistent() {
	[ "$(sql "$1" 'PRAGMA integrity_check')" = ok ] ||
	    die "$2: integrity_check: $(sql "$1" 'PRAGMA integrity_check')"
	[ -z "$(sql "$1" 'PRAGMA foreign_key_check')" ] ||
	    die "$2: foreign_key_check: $(sql "$1" 'PRAGMA foreign_key_check')"
	bad=$(sql "$1" "
	    SELECT
	    (SELECT count(*) FROM bundles b WHERE NOT EXISTS
		(SELECT 1 FROM parts p WHERE p.bundle = b.id)) || ' ' ||
	    (SELECT count(*) FROM parts p WHERE p.rows !=
		(SELECT count(*) FROM hazard_ledger_all a
		 WHERE a._bundle = p.bundle)) || ' ' ||
	    (SELECT count(*) FROM hazard_ledger_all a WHERE NOT EXISTS
		(SELECT 1 FROM parts p WHERE p.bundle = a._bundle AND
		 p.form = 'hazard_ledger')) || ' ' ||
	    (SELECT count(*) FROM bundles b WHERE NOT EXISTS
		(SELECT 1 FROM ingest_log l WHERE l.bundle = b.id AND
		 l.outcome = 'accepted')) || ' ' ||
	    (SELECT count(*) FROM (SELECT bundle FROM ingest_log
		WHERE outcome = 'accepted' GROUP BY bundle
		HAVING count(*) > 1)) || ' ' ||
	    (SELECT count(*) FROM ingest_log WHERE outcome != 'accepted' AND
		outcome != 'unchanged')")
	[ "$bad" = "0 0 0 0 0 0" ] || die "$2: not whole (bundles without a" \
	    "part, parts with the wrong number of rows, rows without a part," \
	    "bundles without their log line, bundles accepted twice," \
	    "other outcomes): $bad"
	sql "$1" 'SELECT count(*) FROM bundles'
}

# snapshot LEDGER OUT: the current bundles and rows of LEDGER into OUT
snapshot() {
	sql "$1" "SELECT id, status, unit, period, forms, created FROM bundles
	    ORDER BY id" >"$2"
	sql "$1" "SELECT bundle, form, rows, sha256, superseded_by FROM parts
	    ORDER BY bundle, form" >>"$2"
	sql "$1" "SELECT * FROM hazard_ledger ORDER BY _bundle, _row" >>"$2"
}

"$FORGE" batch d $NB 20 10 >/dev/null 2>err || die "forge: $(cat err)"
[ "$(ls d/bundles | wc -l)" -eq $NB ] || die "forge made $(ls d/bundles | wc -l)"

# the reference: one uninterrupted run
register ref.db
t0=$(now_ms)
"$S" ingest -q --ledger ref.db d/bundles >out 2>err ||
    die "reference ingest: $(cat err out)"
ms=$(($(now_ms) - t0))
[ "$(consistent ref.db reference)" -eq $NB ] || die "reference bundles"
[ "$(sql ref.db 'SELECT count(*) FROM hazard_ledger')" -eq $((NB * 20)) ] ||
    die "reference rows: $(sql ref.db 'SELECT count(*) FROM hazard_ledger')"
snapshot ref.db ref.txt
echo "reference: $NB bundles in $ms ms"
[ "$ms" -ge 1500 ] || echo "note: the reference run took only $ms ms;" \
    "kills may find no commit to interrupt"

# kill -9 at fractions of that time, on a fresh ledger
register L.db
prev=0
partial=0
i=0
for f in $FRACTIONS; do
	i=$((i + 1))
	delay=$(awk -v ms="$ms" -v f="$f" 'BEGIN { printf "%.3f", ms * f / 1e6 }')
	"$S" ingest -q --ledger L.db d/bundles >out 2>err &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	rc=0
	wait "$pid" 2>/dev/null || rc=$?
	# 137: killed; 0: it finished before the kill
	[ "$rc" -eq 137 ] || [ "$rc" -eq 0 ] ||
	    die "kill $i: ingest exited $rc: $(cat err out)"
	n=$(consistent L.db "kill $i after $delay s") || exit 1
	echo "kill $i after $delay s (exit $rc): $n bundles"
	[ "$n" -ge "$prev" ] || die "kill $i: bundles went from $prev to $n"
	[ "$n" -gt 0 ] && [ "$n" -lt $NB ] && partial=$((partial + 1))
	prev=$n
done
[ "$partial" -gt 0 ] || die "no kill left a partial ledger (reference run" \
    "$ms ms): every kill came before the first commit or after the end"
[ ! -e quarantine ] || die "something was quarantined: $(ls quarantine)"

# running again finishes the job
"$S" ingest -q --ledger L.db d/bundles >out 2>err ||
    die "final ingest: $(cat err out)"
[ "$(consistent L.db final)" -eq $NB ] || die "final bundles"
[ "$(sql L.db 'SELECT count(*) FROM hazard_ledger')" -eq $((NB * 20)) ] ||
    die "final rows: $(sql L.db 'SELECT count(*) FROM hazard_ledger')"
[ "$(sql L.db 'SELECT count(DISTINCT bundle) FROM ingest_log WHERE
    outcome = '"'accepted'")" -eq $NB ] || die "final: accepted log lines"
snapshot L.db final.txt
cmp -s ref.txt final.txt || die "final ledger differs from the reference:
$(diff ref.txt final.txt | head -20)"
echo "$partial of $i kills left a partial ledger; the final one is whole"
exit 0
