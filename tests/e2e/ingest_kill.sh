#!/bin/sh
# Crash safety of shouhu ingest: a crash at any moment leaves the ledger
# consistent, every bundle in it whole or absent, and running ingest again
# finishes the job.  No timers: the crashes are placed exactly with crash
# points (SHOUHU_TEST_CRASH=POINT:N kills the program with SIGKILL the N-th
# time it passes POINT) and the commits with SHOUHU_TEST_BATCH=10 (a commit
# after every 10 bundles), so every run of this test does the same thing.
#
# FORGE makes NB bundles of 20 rows from 10 units (every bundle its own
# unit and week: nothing supersedes anything).  A reference ledger gets
# them in one uninterrupted ingest.  Then:
#
#  1. named points, each on a fresh ledger, with the exact number of
#     bundles that must be in it afterwards:
#	ingest-rows:25       the 25th bundle's rows written, not committed: 20
#	ingest-commit:3      about to commit the third batch: 20
#	ingest-committed:3   just after the third commit: 30
#	ingest-commit:1      before the first commit: 0
#     and each time ingest run again ends with the reference ledger;
#  2. SQLite's own writes: a kill before the K-th write to any file of the
#     ledger (database, WAL), for K = 1, 1 + STEP, 1 + 2 STEP, ... until a
#     run gets to the end, and before each sync: wherever a kill falls,
#     the ledger holds a whole number of batches (0, 10, 20, ... bundles);
#  3. one ledger killed again and again, each run a little further (kills
#     before write 40, 80, 120, ...): the bundles never go down, and the
#     last run ends with the reference ledger.
#
# After every kill:
#	PRAGMA integrity_check is ok and foreign_key_check is empty;
#	every bundle is whole: it has a part, every part has exactly as
#	many rows in hazard_ledger_all as it says, no row lacks its part,
#	and every bundle has its line in ingest_log (same savepoint);
#	no bundle was ever accepted twice, nothing was rejected.
. "$(dirname "$0")/lib/common.sh"
: "${FORGE:?set FORGE to the forge test tool}"
cd "$T"
S=$SHOUHU
NB=60
STEP=29
SHOUHU_TEST_BATCH=10
export SHOUHU_TEST_BATCH

# sql LEDGER SQL: the answer of the ledger
sql() {
	sqlite3 "$1" "$2"
}

# fresh LEDGER: a copy of the registered empty ledger
fresh() {
	rm -f "$1" "$1-wal" "$1-shm" "$1-journal"
	cp empty.db "$1"
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

# crash LEDGER POINT: ingest into LEDGER with SHOUHU_TEST_CRASH=POINT;
# prints 137 if it was killed, 0 if it got to the end; dies otherwise
crash() {
	rc=0
	SHOUHU_TEST_CRASH=$2 "$S" ingest -q --ledger "$1" d/bundles \
	    >out 2>err || rc=$?
	[ "$rc" -eq 137 ] || [ "$rc" -eq 0 ] ||
	    die "$2: ingest exited $rc: $(cat err out)"
	echo "$rc"
}

# finish LEDGER WHEN: ingest runs to the end and LEDGER equals the reference
finish() {
	"$S" ingest -q --ledger "$1" d/bundles >out 2>err ||
	    die "$2: ingest after the kill: $(cat err out)"
	[ "$(consistent "$1" "$2, then to the end")" -eq $NB ] ||
	    die "$2: not every bundle is in after the last run"
	[ "$(sql "$1" "SELECT count(DISTINCT bundle) FROM ingest_log WHERE
	    outcome = 'accepted'")" -eq $NB ] || die "$2: accepted log lines"
	snapshot "$1" final.txt
	cmp -s ref.txt final.txt || die "$2: the ledger differs from the" \
	    "reference: $(diff ref.txt final.txt | head -20)"
}

"$FORGE" batch d $NB 20 10 >/dev/null 2>err || die "forge: $(cat err)"
[ "$(ls d/bundles | wc -l)" -eq $NB ] || die "forge made $(ls d/bundles | wc -l)"
while IFS='	' read -r code name pub; do
	"$S" units add --ledger empty.db "$code" "$name" "$pub" \
	    >/dev/null 2>err || die "units add $code: $(cat err)"
done <d/units.txt
sql empty.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null

# the reference: one uninterrupted run
fresh ref.db
"$S" ingest -q --ledger ref.db d/bundles >out 2>err ||
    die "reference ingest: $(cat err out)"
[ "$(consistent ref.db reference)" -eq $NB ] || die "reference bundles"
[ "$(sql ref.db 'SELECT count(*) FROM hazard_ledger')" -eq $((NB * 20)) ] ||
    die "reference rows: $(sql ref.db 'SELECT count(*) FROM hazard_ledger')"
snapshot ref.db ref.txt

# 1. named points: exact outcomes
for x in ingest-rows:25=20 ingest-commit:3=20 ingest-committed:3=30 \
    ingest-commit:1=0; do
	point=${x%=*}
	want=${x#*=}
	fresh L.db
	[ "$(crash L.db "$point")" -eq 137 ] || die "$point: not killed"
	n=$(consistent L.db "$point") || exit 1
	[ "$n" -eq "$want" ] || die "$point: $n bundles, expected $want"
	finish L.db "$point"
	echo "$point: $n bundles, then all $NB"
done

# 2. a kill before every STEP-th write of SQLite, and before every sync
# kill_each POINT STEP: on a fresh ledger each time, a kill at the 1st,
# (1 + STEP)-th, ... passage of POINT, until a run gets to the end; each
# ledger left holds a whole number of batches.  Sets kills.
kill_each() {
	k=1
	kills=0
	while :; do
		fresh L.db
		rc=$(crash L.db "$1:$k")
		[ "$rc" -eq 0 ] && break
		n=$(consistent L.db "$1:$k") || exit 1
		[ $((n % 10)) -eq 0 ] || die "$1:$k: $n bundles, not a whole" \
		    "number of batches"
		finish L.db "$1:$k"
		kills=$((kills + 1))
		k=$((k + $2))
	done
	echo "$1: $kills kills, every $2 up to $k"
}
kill_each sqlite-write $STEP
[ "$kills" -ge 20 ] || die "only $kills writes to kill at: is the crash VFS" \
    "of build/test/shouhu there?"
kill_each sqlite-sync 1
[ "$kills" -gt $((NB / 10)) ] || die "only $kills syncs for $((NB / 10)) commits"

# 3. one ledger, killed again and again
fresh L.db
prev=0
k=40
while :; do
	rc=$(crash L.db "sqlite-write:$k")
	n=$(consistent L.db "run killed at write $k") || exit 1
	[ "$n" -ge "$prev" ] || die "write $k: bundles went from $prev to $n"
	prev=$n
	[ "$rc" -eq 0 ] && break
	k=$((k + 40))
done
[ "$n" -eq $NB ] || die "the last run ended with $n bundles"
finish L.db "killed again and again"
echo "killed again and again: the last run (kill at write $k) got to the end"
[ ! -e quarantine ] || die "something was quarantined: $(ls quarantine)"
exit 0
