#!/bin/sh
# shouhu report: a ledger made from the bundles of tests/fixtures/report/
# (several units and weeks, a superseded bundle, a late one, a unit without
# campaign_stats, a unit that sends nothing, formula-like and <script> text,
# multi-line list cells, units registered out of code order), then the
# workbook read back with openpyxl, printed to PDF by LibreOffice and read
# back with pdftotext, and the HTML page parsed, every number compared with
# what report_check.py computes from the fixture CSV files themselves; a
# week without data, a later deadline, wrong command lines and a missing
# ledger.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
F=$(cd "$(dirname "$0")/../fixtures/report" && pwd)
CHECK=$(cd "$(dirname "$0")" && pwd)/report_check.py
PY=/usr/bin/python3
"$PY" -c 'import openpyxl' 2>/dev/null ||
    die "$PY cannot import openpyxl: install python3-openpyxl (scripts/deps.sh)"
command -v soffice >/dev/null 2>&1 ||
    die "soffice (LibreOffice) is missing: run sh scripts/deps.sh (libreoffice-calc-nogui)"
command -v pdftotext >/dev/null 2>&1 ||
    die "pdftotext is missing: run sh scripts/deps.sh (poppler-utils)"
cd "$T"
S=$SHOUHU
C=$COLLECT

# expect STATUS CMD...: runs CMD, which must exit STATUS; output in out/err
expect() {
	want=$1
	shift
	set +e
	"$@" </dev/null >out 2>err
	rc=$?
	set -e
	[ "$rc" -eq "$want" ] || die "$*: exit $rc, expected $want: $(cat err out)"
}
# epoch TIME: the Unix time of an RFC 3339 UTC time
epoch() {
	date -u -d "$1" +%s
}
# check PERIOD DEADLINE XLSX HTML [--text T]...: the report against the
# fixtures
check() {
	p=$1 d=$2 x=$3 h=$4
	shift 4
	"$PY" "$CHECK" --fixtures "$F" --period "$p" --deadline "$d" \
	    --made "$SOURCE_DATE_EPOCH" --xlsx "$x" --html "$h" "$@" ||
	    die "report_check.py: $p with deadline $d (above)"
}
# no_output: the report wrote nothing into this folder
no_output() {
	for x in *.xlsx *.html *.tmp-*; do
		[ -e "$x" ] && die "$*: left $x"
	done
	return 0
}

# every fixture passes the collector's own check
for f in "$F"/*-hazard*.csv; do
	expect 0 "$C" check hazard_ledger "$f"
done
for f in "$F"/*-stats.csv; do
	expect 0 "$C" check campaign_stats "$f"
done

# the units, registered in the order of units.txt (not that of their
# codes): units list and the report keep the registry's order
grep -v '^#' "$F/units.txt" >units.list
while read -r code name; do
	expect 0 "$C" keygen "$code"
	expect 0 "$S" units add "$code" "$name" "$code.pub"
done <units.list
[ "$("$S" units list | cut -f2 | tr '\n' ' ')" = \
    "综合执法大队 食品流通科 药械科 +新兴市场监管所 " ] ||
    die "units list: $("$S" units list)"

# a bundle per line of bundles.txt, packed at its creation time and
# ingested alone at its reception time
grep -v '^#' "$F/bundles.txt" >bundles.list
n=0
while read -r unit period created received forms; do
	n=$((n + 1))
	set --
	for p in $forms; do
		set -- "$@" "${p%%=*}=$F/${p#*=}"
	done
	expect 0 env SOURCE_DATE_EPOCH="$(epoch "$created")" "$C" pack \
	    --unit "$unit" --period "$period" --key "$unit.key" "$@" \
	    -o "b$n.zip"
	expect 0 env SOURCE_DATE_EPOCH="$(epoch "$received")" "$S" ingest \
	    -v "b$n.zip"
done <bundles.list
# the correction went in first: of the older bundle only the hazards went
# to history (a check of the fixtures, not of the report)
[ "$(sqlite3 ledger.db "SELECT group_concat(unit || ' ' || period || ' ' || form, ',') FROM parts WHERE superseded_by IS NOT NULL")" = \
    "U1 2023-W45 hazard_ledger" ] ||
    die "superseded: $(sqlite3 ledger.db 'SELECT * FROM parts')"
mkdir week && cd week

# the week: three sheets, every number as the fixtures say
expect 0 "$S" report --period 2023-W45 --ledger ../ledger.db -o r.xlsx \
    --html r.html
[ "$(cat out)" = "已生成 2023-W45 的周报：r.xlsx、r.html（4 个单位，9 条风险隐患）" ] ||
    die "report said: $(cat out)"
[ ! -s err ] || die "report printed on stderr: $(cat err)"
# formula-like texts of the fixtures are text cells, exactly as written
# (the unit name, a department, a subject, a town, a key area)
check 2023-W45 "4 10:00" r.xlsx r.html "--text=+新兴市场监管所" \
    "--text==1+1" "--text=@SUM(A1)" "--text=-x" "--text=@外地、泗水县、兖州区"
# private data (检查单位): readable by its owner only, in both files
[ "$(stat -c %a r.xlsx)" = 600 ] || die "r.xlsx mode $(stat -c %a r.xlsx)"
[ "$(stat -c %a r.html)" = 600 ] || die "r.html mode $(stat -c %a r.html)"
[ "$(ls -A | tr '\n' ' ')" = "err out r.html r.xlsx " ] ||
    die "left beside the report: $(ls -A)"

# printed by LibreOffice (its own profile and HOME): A4 landscape, every
# line of every multi-line cell on the page
mkdir ../print ../lo ../home
HOME=$T/home soffice -env:UserInstallation="file://$T/lo" --headless \
    --convert-to pdf --outdir ../print r.xlsx >../print/lo.log 2>&1 ||
    die "soffice failed: $(cat ../print/lo.log)"
[ -f ../print/r.pdf ] || die "soffice wrote no pdf: $(cat ../print/lo.log)"
check 2023-W45 "4 10:00" r.xlsx r.html --pdf ../print/r.pdf

# a later deadline: the late unit is on time
expect 0 "$S" report --period 2023-W45 --ledger ../ledger.db \
    --deadline "5 18:00" -o d.xlsx --html d.html
check 2023-W45 "5 18:00" d.xlsx d.html

# a week without data: the tables all the same, zeros, nobody sent
expect 0 "$S" report --period 2023-W50 --ledger ../ledger.db -o e.xlsx \
    --html e.html
[ "$(cat out)" = "已生成 2023-W50 的周报：e.xlsx、e.html（4 个单位，0 条风险隐患）" ] ||
    die "report said: $(cat out)"
check 2023-W50 "4 10:00" e.xlsx e.html
# a week across the new year: 2026年第1周（12月29日—1月4日）
expect 0 "$S" report --period 2026-W01 --ledger ../ledger.db -o y.xlsx \
    --html y.html
check 2026-W01 "4 10:00" y.xlsx y.html
grep -q '2026年第1周（12月29日—1月4日）' y.html || die "2026-W01: $(cat y.html)"
cd .. && mkdir old && cd old

# a ledger of the shouhu before campaign_stats version 2 (schema 2: no key
# area counts), made from this one: the report asks for the upgrade, which
# keeps every row, its counts NULL
cp ../ledger.db old.db
"$PY" - old.db <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
view = db.execute("SELECT sql FROM sqlite_master WHERE name = "
                  "'campaign_stats'").fetchone()[0]
db.executescript(
    "DROP VIEW campaign_stats;"
    "ALTER TABLE campaign_stats_all DROP COLUMN key_areas_doing;"
    "ALTER TABLE campaign_stats_all DROP COLUMN key_areas_done;" +
    view.replace(', r."key_areas_doing", r."key_areas_done"', "") + ";"
    "DELETE FROM form_fields WHERE name LIKE 'key_areas_do%';"
    "UPDATE forms SET version = 1 WHERE id = 'campaign_stats';"
    "DROP TABLE town_names; DROP TABLE towns;"
    "DROP INDEX units_pos; ALTER TABLE units DROP COLUMN pos;"
    "PRAGMA user_version = 2;")
db.commit()
EOF
q() {
	sqlite3 old.db "$1"
}
rows="SELECT count(*), sum(police_letters), group_concat(key_areas, '|') FROM campaign_stats_all"
before=$(q "$rows")
expect 1 "$S" report --period 2023-W45 --ledger old.db -o r.xlsx
[ "$(cat err)" = "old.db: 账本结构版本是 2，本程序要 5；运行一次 shouhu ingest 或 shouhu units list 升级账本" ] ||
    die "report on a schema 2 ledger: $(cat err)"
no_output "report on a schema 2 ledger"
expect 0 "$S" units list --ledger old.db
[ "$(q 'PRAGMA user_version')" = 5 ] || die "not upgraded"
[ "$(q "SELECT version FROM forms WHERE id = 'campaign_stats'")" = 2 ] ||
    die "campaign_stats not at version 2"
[ "$(q "$rows")" = "$before" ] ||
    die "the upgrade changed the rows: $before, now $(q "$rows")"
[ "$(q 'SELECT count(key_areas_doing) + count(key_areas_done) FROM campaign_stats_all')" = 0 ] ||
    die "old rows have key area counts"
expect 0 "$S" report --period 2023-W45 --ledger old.db -o r.xlsx
# U1 (the second row): its old rows count no key areas by status
"$PY" -c 'import openpyxl, sys
ws = openpyxl.load_workbook("r.xlsx")["附件1"]
v = [ws.cell(9, c).value for c in (1, 2, 12, 13, 14, 15)]
print(v)
sys.exit(v != ["食品流通科", 2, 0, 0, 0, 7])' >py.out ||
    die "附件1 of the upgraded ledger: $(cat py.out)"
cd .. && mkdir bad && cd bad

# wrong command lines: exit 2, a message, no file
expect 2 "$S" report --period 2023-W60 --ledger ../ledger.db -o r.xlsx
grep -q '报表期间“2023-W60”不对' err || die "--period 2023-W60: $(cat err)"
no_output "--period 2023-W60"
expect 2 "$S" report --period 2023-W45 --ledger ../ledger.db \
    --deadline x -o r.xlsx
grep -q -- '--deadline “x”不对' err || die "--deadline x: $(cat err)"
no_output "--deadline x"
expect 2 "$S" report --period 2023-W45 --ledger ../ledger.db
no_output "no -o"
# the workbook goes only into a file named .xlsx (not xlsx bytes in m.csv)
expect 2 "$S" report --period 2023-W45 --ledger ../ledger.db -o m.csv
[ "$(cat err)" = 'shouhu: -o 的文件名应当以 .xlsx 结尾（“m.csv”）：报表是 Excel 工作簿，如 -o 周报.xlsx' ] ||
    die "-o m.csv: $(cat err)"
[ ! -e m.csv ] || die "m.csv was written"
expect 2 "$S" report --period 2023-W45 --ledger ../ledger.db -o r.xlsx \
    --html r.txt
grep -q -- '--html 的文件名应当以 .html 结尾（“r.txt”）' err ||
    die "--html r.txt: $(cat err)"
no_output "--html r.txt"

# no ledger: exit 1, the file named, nothing written, no ledger made
expect 1 "$S" report --period 2023-W45 --ledger nope.db -o r.xlsx \
    --html r.html
grep -q '^nope.db: ' err || die "missing ledger: $(cat err)"
[ ! -e nope.db ] || die "report made a ledger"
no_output "missing ledger"
exit 0
