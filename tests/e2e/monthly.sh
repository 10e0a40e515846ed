#!/bin/sh
# shouhu report --period 2023-11: the monthly tables of a ledger made from
# the bundles of tests/fixtures/monthly/ (institution lists of three units
# in all four levels, an older month, a correction, a unit without a list;
# clues registered in and around November over seven weeks, listed again
# in a later week, progress after the month's end, clues closed or
# declined before and in the month (a week counts in the month of its
# Thursday: W44 is November's), a clue registered after the month with
# progress in its last week, a clue never registered, one never
# progressed; informants' names and phones; formula-like and <script>
# text; units registered out of code order), the workbook read back with
# openpyxl, printed to PDF by LibreOffice and read back with pdftotext,
# the HTML page parsed, every number compared with what monthly_check.py
# computes from the fixture CSV files themselves; October and December of
# the same ledger, a month without data, identical bytes from two runs,
# the tables after shouhu units order, and nothing written when the
# report fails.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
F=$(cd "$(dirname "$0")/../fixtures/monthly" && pwd)
CHECK=$(cd "$(dirname "$0")" && pwd)/monthly_check.py
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
# check MONTH XLSX HTML [ARG]...: the tables against the fixtures
check() {
	mo=$1 x=$2 h=$3
	shift 3
	"$PY" "$CHECK" --fixtures "$F" --month "$mo" --made "$SOURCE_DATE_EPOCH" \
	    --xlsx "$x" --html "$h" "$@" ||
	    die "monthly_check.py: $mo (above)"
}
# no_output: the report wrote nothing into this folder
no_output() {
	for x in *.xlsx *.html *.tmp-* .*.tmp*; do
		[ -e "$x" ] && die "$*: left $x"
	done
	return 0
}

# every fixture passes the collector's own check
for f in "$F"/*-inst*.csv; do
	expect 0 "$C" check institution_risk "$f"
done
for f in "$F"/*-source.csv; do
	expect 0 "$C" check case_source "$f"
done
for f in "$F"/*-progress.csv; do
	expect 0 "$C" check case_progress "$f"
done

# the units, registered in the order of units.txt (not that of their
# codes): the office's order, which the tables keep
grep -v '^#' "$F/units.txt" >units.list
while read -r code name; do
	expect 0 "$C" keygen "$code"
	expect 0 "$S" units add "$code" "$name" "$code.pub"
done <units.list

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
# U1's first November list went to history (a check of the fixtures, not
# of the tables)
[ "$(sqlite3 ledger.db "SELECT group_concat(unit || ' ' || period || ' ' || form, ',') FROM parts WHERE superseded_by IS NOT NULL")" = \
    "U1 2023-11 institution_risk" ] ||
    die "superseded: $(sqlite3 ledger.db 'SELECT * FROM parts')"
# the informants are in the ledger (so that their absence from the tables
# means something)
[ "$(sqlite3 ledger.db "SELECT count(*) FROM case_source WHERE informant_name = '李桂兰' AND informant_phone = '0537-3412345'")" -ge 1 ] ||
    die "no informant in the ledger: $(sqlite3 ledger.db 'SELECT * FROM case_source')"
mkdir month && cd month

# made on 1 December 00:30 China time (30 November in UTC): the tables say
# 2023 年 12 月 1 日
SOURCE_DATE_EPOCH=$(epoch 2023-11-30T16:30:00Z)
expect 0 "$S" report --period 2023-11 --ledger ../ledger.db -o m.xlsx \
    --html m.html
[ ! -s err ] || die "report printed on stderr: $(cat err)"
[ "$(cat out)" = "已生成 2023-11 的月报表：m.xlsx、m.html（风险管控名单 11 家，其中红 4 家、橙 2 家，3 个单位已报送、1 个未报；登记线索 9 条；查办进度 13 条）" ] ||
    die "report said: $(cat out)"
# formula-like texts of the fixtures are text cells, exactly as written
# (an institution, its 主管单位 and 风险研判, a 被反映对象, a unit's name)
check 2023-11 m.xlsx m.html --said out "--text==1+1" "--text=+x" \
    "--text=@SUM(A1)" "--text=-x投资公司" "--text=+新兴市场监管所"
# private data: readable by its owner only, in both files
[ "$(stat -c %a m.xlsx)" = 600 ] || die "m.xlsx mode $(stat -c %a m.xlsx)"
[ "$(stat -c %a m.html)" = 600 ] || die "m.html mode $(stat -c %a m.html)"
[ "$(ls -A | tr '\n' ' ')" = "err m.html m.xlsx out " ] ||
    die "left beside the tables: $(ls -A)"
# the <script> texts of the fixtures, escaped
grep -q '预付费，&lt;script&gt;alert(1)&lt;/script&gt;</td>' m.html ||
    die "m.html: the <script> of 风险研判 is not escaped text"
grep -q '集资，&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td>' m.html ||
    die "m.html: the <script> of 线索内容 is not escaped text"

# the same ledger and time give the same bytes
expect 0 "$S" report --period 2023-11 --ledger ../ledger.db -o m2.xlsx \
    --html m2.html
cmp -s m.xlsx m2.xlsx || die "two runs, two workbooks"
cmp -s m.html m2.html || die "two runs, two pages"
rm m2.xlsx m2.html

# a month without data: every table empty, with its line, still printed
expect 0 "$S" report --period 2023-09 --ledger ../ledger.db -o e.xlsx \
    --html e.html
[ "$(cat out)" = "已生成 2023-09 的月报表：e.xlsx、e.html（风险管控名单 0 家，其中红 0 家、橙 0 家，0 个单位已报送、4 个未报；登记线索 0 条；查办进度 0 条）" ] ||
    die "report said: $(cat out)"
check 2023-09 e.xlsx e.html --said out

# printed by LibreOffice (its own profile and HOME): A4 landscape, one page
# wide, every line of every multi-line cell on the page, no informant
mkdir ../print ../lo ../home
HOME=$T/home soffice -env:UserInstallation="file://$T/lo" --headless \
    --convert-to pdf --outdir ../print m.xlsx e.xlsx >../print/lo.log 2>&1 ||
    die "soffice failed: $(cat ../print/lo.log)"
for x in m e; do
	[ -f ../print/$x.pdf ] ||
	    die "soffice wrote no $x.pdf: $(cat ../print/lo.log)"
done
check 2023-11 m.xlsx m.html --pdf ../print/m.pdf
check 2023-09 e.xlsx e.html --pdf ../print/e.pdf

# the months around it, from the same ledger: October (U1's October list,
# the clues closed and declined in October are on it), December (what was
# open at November's end, the progress after it)
for mo in 2023-10 2023-12; do
	expect 0 "$S" report --period $mo --ledger ../ledger.db -o $mo.xlsx \
	    --html $mo.html
	check $mo $mo.xlsx $mo.html --said out
done

# the office puts U3 and U4 first (shouhu units order): every table
# follows, U2 and U1 after them as registered
expect 0 "$S" units order --ledger ../ledger.db U3 U4
expect 0 "$S" report --period 2023-11 --ledger ../ledger.db -o o.xlsx \
    --html o.html
check 2023-11 o.xlsx o.html --said out --first U3,U4
cd .. && mkdir bad && cd bad

# no ledger: exit 1, the file named, nothing written, no ledger made
expect 1 "$S" report --period 2023-11 --ledger nope.db -o m.xlsx \
    --html m.html
grep -q '^nope.db: ' err || die "missing ledger: $(cat err)"
[ ! -s out ] || die "missing ledger: printed $(cat out)"
[ ! -e nope.db ] || die "report made a ledger"
no_output "missing ledger"

# an output folder that cannot be written (missing; a file, not a folder):
# exit 1, a message naming it, nothing written anywhere
: >file
for o in missing/m.xlsx file/m.xlsx; do
	expect 1 "$S" report --period 2023-11 --ledger ../ledger.db -o "$o" \
	    --html m.html
	grep -q "$o" err || die "-o $o: $(cat err)"
	[ ! -s out ] || die "-o $o: printed $(cat out)"
	no_output "-o $o"
	[ ! -e missing ] || die "-o $o: made the folder missing"
	[ ! -s file ] || die "-o $o: wrote into file"
done
# the page's folder cannot be written: the workbook is not left behind
expect 1 "$S" report --period 2023-11 --ledger ../ledger.db -o m.xlsx \
    --html missing/m.html
grep -q 'missing/m.html' err || die "--html missing/m.html: $(cat err)"
[ ! -s out ] || die "--html missing/m.html: printed $(cat out)"
no_output "--html missing/m.html"
[ "$(ls -A | tr '\n' ' ')" = "err file out " ] ||
    die "left after the failures: $(ls -A)"
exit 0
