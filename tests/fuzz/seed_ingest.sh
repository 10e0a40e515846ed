#!/bin/sh
# Writes the seeds of tests/fuzz/corpus_ingest/ for fuzz_ingest (see
# tests/fuzz/fuzz_ingest.c), made with forge, whose keys are those the
# target registers: units u001 and u002 from the seeds "unit-001" and
# "unit-002", the office from "office".
#
#   sealed_u001_w01.zip  forge batch --sealed: u001, 2022-W01, 3 rows
#   valid.zip            forge valid: u001, 2022-W01, 3 other rows, created
#                        in the same second: it and the sealed one
#                        supersede by id, whichever comes second
#   KIND.zip             every other kind of forge, u001, 2022-W21
#   forged.zip           forge valid for u001 signed with a stranger's key
#   recipe_1_first       a recipe (see fuzz_ingest.c): u001, 2022-W30
#   recipe_2_newer_sealed  a newer one for the same week, sealed, with a
#                        campaign_stats part too: it replaces the first
#   recipe_3_older       an older one with other rows: outdated
#
# All but sealed_u001_w01.zip come out the same every run (sealing is
# random).
#
# Usage: sh tests/fuzz/seed_ingest.sh [FORGE]   (from the top of the
# repository, after make build/test/forge; FORGE defaults to that)
set -eu
FORGE=${1:-build/test/forge}
OUT=tests/fuzz/corpus_ingest
KINDS="traversal absolute symlink duplicate bomb lying-size huge
zip-encrypted flipped bad-row wrong-version unknown-form rows-mismatch
wrong-period-kind"

[ -x "$FORGE" ] || { echo "seed_ingest.sh: no $FORGE: make build/test/forge" >&2; exit 2; }
[ -d tests/fuzz ] || { echo "seed_ingest.sh: run me from the top of the repository" >&2; exit 2; }
t=$(mktemp -d "${TMPDIR:-/tmp}/seed_ingest.XXXXXX")
trap 'rm -rf "$t"' EXIT
rm -rf "$OUT"
mkdir -p "$OUT"

"$FORGE" batch "$t/s" 1 3 1 --sealed >/dev/null
cp "$t/s/bundles/000000.zip" "$OUT/sealed_u001_w01.zip"
K=$t/s/keys/u001.key
"$FORGE" valid "$K" u001 2022-W01 "$OUT/valid.zip" >/dev/null
for k in $KINDS; do
	"$FORGE" "$k" "$K" u001 2022-W21 "$OUT/$k.zip" >/dev/null
done
"$FORGE" key fuzz-stranger 陌生单位 "$t/x" >/dev/null
"$FORGE" valid "$t/x.key" u001 2022-W22 "$OUT/forged.zip" >/dev/null

# the recipes' rows: forge's valid rows for 2022-W30, of u001 and of u002
"$FORGE" valid "$K" u001 2022-W30 "$t/a.zip" >/dev/null
"$FORGE" valid "$K" u002 2022-W30 "$t/b.zip" >/dev/null
unzip -p "$t/a.zip" data/hazard_ledger.csv >"$t/a.csv"
unzip -p "$t/b.zip" data/hazard_ledger.csv >"$t/b.csv"
{
	printf '@u001 2022-W30 2023-01-01T00:00:00Z\n%%hazard_ledger 1 3\n'
	cat "$t/a.csv"
} >"$OUT/recipe_1_first"
{
	printf '@u001 2022-W30 2023-02-01T00:00:00Z s\n%%campaign_stats 1 1\n'
	printf 'police_letters,procuratorate_suggestions,court_suggestions,'
	printf 'supervision_suggestions,clues_collected,clues_handled,'
	printf 'incidents_defused,local_regulations,government_rules,'
	printf 'normative_documents,industry_standards,key_areas\n'
	printf '3,1,0,0,12,10,1,0,0,2,0,新兖镇\n'
	printf '%%hazard_ledger 1 3\n'
	cat "$t/a.csv"
} >"$OUT/recipe_2_newer_sealed"
{
	printf '@u001 2022-W30 2022-12-01T00:00:00Z\n%%hazard_ledger 1 3\n'
	cat "$t/b.csv"
} >"$OUT/recipe_3_older"
echo "seed_ingest.sh: $(ls "$OUT" | wc -l) seeds in $OUT"
