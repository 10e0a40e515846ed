#!/bin/sh
# A unit's kit without typing (issue 18, point 2): shouhu-collect inside a
# kit (collector/bundle/kitconf.h) packs the files dropped on it, or all of
# 填好的表格/, into 待发送/UNIT-PERIOD.zip, choosing the period from the
# China clock (SOURCE_DATE_EPOCH here) and asking when it is not clear;
# problems go to the console and 问题清单.html, and nothing is packed.  The
# bundles verify and ingest at the office.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
: "${FILL:?set FILL to the fill test tool}"
FIX=$(cd "$(dirname "$0")/../fixtures/kit" && pwd)
cd "$T"
export SHOUHU_NO_OPEN=1
unset SHOUHU_KIT || :

K=$T/城关镇工具包
P=$K/程序文件
mkdir -p "$P" "$K/填好的表格" "$K/待发送" "$K/空白表格" office
(cd office && "$COLLECT" keygen 专项办 >/dev/null)
(cd "$P" && "$COLLECT" keygen 新兖镇市场监管所 >/dev/null &&
    mv 新兖镇市场监管所.key 单位.key && mv 新兖镇市场监管所.pub 单位.pub &&
    cp ../../office/专项办.pub .)
# a kit's settings (the windows and linux-static comparisons use them too)
cp "$FIX/kit.json" "$P/kit.json"
# the program in the kit finds the kit from where it is
cp "$COLLECT" "$P/shouhu-collect"
KC=$P/shouhu-collect
"$FILL" hazard_ledger 30 "$K/填好的表格/台账.xlsx"
"$FILL" campaign_stats 1 "$K/填好的表格/战果.xlsx"

# kit AT [ARGS...]: runs the kit's program at Unix time AT, stdin from
# $T/answer (empty unless set), output in $T/out; its status in $rc
kit() {
	at=$1
	shift
	set +e
	SOURCE_DATE_EPOCH=$at "$KC" "$@" <"$T/answer" >"$T/out" 2>&1
	rc=$?
	set -e
}
: >"$T/answer"
outbox() { (cd "$K/待发送" && ls); }
same() {	# same WHAT FILE: $T/out must be FILE's text
	diff -u "$2" "$T/out" >"$T/diff" || die "$1: output differs:
$(cat "$T/diff")"
}

# 1. double-click on Monday 2023-11-13 16:00: the week of the 16th's deadline
kit 1699862400
[ "$rc" -eq 0 ] || die "double-click: exit $rc: $(cat "$T/out")"
cat >want <<'EOF'
单位：新兖镇市场监管所（代码 370812001）
已打包：待发送/新兖镇市场监管所-2023年第46周.zip
  风险隐患排查化解台账 30 行（台账.xlsx）
  进展战果统计表 1 行（战果.xlsx）
下一步：把“待发送”文件夹里的 新兖镇市场监管所-2023年第46周.zip 用电子邮件发给兖州区专项办。
EOF
same double-click want
B=$K/待发送/新兖镇市场监管所-2023年第46周.zip
"$COLLECT" verify "$B" --pub "$P/单位.pub" >vout 2>&1 || die "verify: $(cat vout)"
grep -q '2023-W46' vout || die "verify: no period: $(cat vout)"
grep -q '370812001' vout || die "verify: no unit: $(cat vout)"
unzip -l "$B" | grep -q 'data/hazard_ledger.csv.sealed' ||
    die "the bundle is not sealed to the office"
# the office ingests it
"$SHOUHU" units add --ledger l.db 370812001 新兖镇市场监管所 "$P/单位.pub" \
    >/dev/null 2>&1 || die "units add"
"$SHOUHU" ingest --ledger l.db --key office/专项办.key "$B" >iout 2>&1 ||
    die "ingest: $(cat iout)"
[ ! -e "$K/问题清单.html" ] || die "a problems page after a clean pack"

# 2. the same files again, for the next week: last week's forms
kit 1700467200
[ "$rc" -eq 1 ] || die "last week's files: exit $rc"
cat >want <<'EOF'
单位：新兖镇市场监管所（代码 370812001）
发现 2 个问题，没有打包：
1. 台账.xlsx：这个文件和2023年第46周打包过的一模一样（新兖镇市场监管所-2023年第46周.zip）。怎么改：这是上次的表格吗？请把这次的情况填进去，保存后再打包
2. 战果.xlsx：这个文件和2023年第46周打包过的一模一样（新兖镇市场监管所-2023年第46周.zip）。怎么改：这是上次的表格吗？请把这次的情况填进去，保存后再打包
问题清单也写在工具包的“问题清单.html”里，可以用浏览器打开。
请改好后保存，再打包。
EOF
same "last week" want
[ "$(outbox)" = "新兖镇市场监管所-2023年第46周.zip" ] ||
    die "something was packed: $(outbox)"

# 3. the week's deadline: before it, this week; in the day after it, a
# question (1: this week, late; 2: the next); after that day, the next
rm -f "$K/填好的表格/战果.xlsx"
"$FILL" campaign_stats 2 "$K/填好的表格/战果.xlsx"
mv "$K/填好的表格/台账.xlsx" 台账-旧.xlsx
kit 1700099940
[ "$rc" -eq 0 ] && grep -q '2023年第46周（2）.zip' "$T/out" ||
    die "Thursday 09:59: $(cat "$T/out")"
kit 1700100060
[ "$rc" -eq 1 ] || die "Thursday 10:01 without an answer: exit $rc"
cat >want <<'EOF'
单位：新兖镇市场监管所（代码 370812001）
现在是 11月16日 10:01，2023年第46周（11月13日—11月19日）的报送截止时间（星期四 10:00）已经过了。这次报的是哪一周？
  1  2023年第46周（11月13日—11月19日），迟报
  2  2023年第47周（11月20日—11月26日）
请输入 1 或 2，然后按回车：
没有得到回答，没有打包：请重新打包，并回答 1 或 2。
EOF
same "no answer" want
n=$(outbox | wc -l)
[ "$n" -eq 2 ] || die "no answer packed something: $(outbox)"
# fresh: a new week's file (the same bytes twice would be last week's)
fresh() {
	rm -f "$K/填好的表格/战果.xlsx"
	"$FILL" campaign_stats "$1" "$K/填好的表格/战果.xlsx"
}
fresh 3
printf 'x\n2\n' >"$T/answer"
kit 1700186340
[ "$rc" -eq 0 ] && grep -q '请输入 1 或 2，然后按回车：请输入 1 或 2' "$T/out" &&
    grep -q '已打包：待发送/新兖镇市场监管所-2023年第47周.zip' "$T/out" ||
    die "Friday 09:59, answer 2: $(cat "$T/out")"
: >"$T/answer"
fresh 4
kit 1700186460
[ "$rc" -eq 0 ] && grep -q '2023年第47周（2）.zip' "$T/out" &&
    ! grep -q '请输入' "$T/out" || die "Friday 10:01: $(cat "$T/out")"
# --period decides without a question
printf '1\n' >"$T/answer"
fresh 5
kit 1700100060 --period 2023-W48
[ "$rc" -eq 0 ] && grep -q '2023年第48周.zip' "$T/out" &&
    ! grep -q '请输入' "$T/out" || die "--period: $(cat "$T/out")"
: >"$T/answer"
rm -f "$K/填好的表格/"*

# 4. a monthly form: in a month's first days the question, later not
"$FILL" institution_risk 4 "$K/填好的表格/名单.xlsx"
printf '1\n' >"$T/answer"
kit 1701576000
[ "$rc" -eq 0 ] && grep -q '现在是 12月3日。这次报的月度表格是哪个月的？' "$T/out" &&
    grep -q '已打包：待发送/新兖镇市场监管所-2023年11月.zip' "$T/out" ||
    die "December 3rd: $(cat "$T/out")"
: >"$T/answer"
kit 1702180800
[ "$rc" -eq 1 ] && grep -q '和2023年11月打包过的一模一样' "$T/out" ||
    die "December 10th, November's file: $(cat "$T/out")"
# a weekly and a monthly form together: a bundle for each period
rm -f "$K/填好的表格/"*
"$FILL" institution_risk 5 "$K/填好的表格/名单.xlsx"
"$FILL" hazard_ledger 4 "$K/填好的表格/台账.xlsx"
kit 1702180800
cat >want <<'EOF'
单位：新兖镇市场监管所（代码 370812001）
已打包：待发送/新兖镇市场监管所-2023年第50周.zip
  风险隐患排查化解台账 4 行（台账.xlsx）
下一步：把“待发送”文件夹里的 新兖镇市场监管所-2023年第50周.zip 用电子邮件发给兖州区专项办。
已打包：待发送/新兖镇市场监管所-2023年12月.zip
  养老机构风险管控名单 5 行（名单.xlsx）
下一步：把“待发送”文件夹里的 新兖镇市场监管所-2023年12月.zip 用电子邮件发给兖州区专项办。
EOF
[ "$rc" -eq 0 ] || die "weekly and monthly together: exit $rc: $(cat "$T/out")"
same "weekly and monthly together" want
rm -f "$K/填好的表格/"*

# 5. what people drop by mistake, each with one plain sentence, and the
# cells' problems with their row and column; nothing is packed
before=$(outbox)
printf '\320\317\021\340 an old workbook' >"$K/填好的表格/旧台账.xls"
{ printf '\320\317\021\340'; printf 'E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0'; } \
    >"$K/填好的表格/加密.xlsx"
"$FILL" case_source 2 "$K/填好的表格/线索.xlsx"
: >"$K/填好的表格/~\$线索.xlsx"
"$FILL" hazard_ledger 3 h.csv
python3 - "$K/填好的表格/台账.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open('h.csv', encoding='utf-8-sig')))
rows[2][3] = '2023-13-01'
rows[3][1] = ''
with open(sys.argv[1], 'w', encoding='utf-8-sig', newline='') as f:
    csv.writer(f).writerows(rows)
EOF
"$FILL" hazard_ledger 2 "$K/填好的表格/台账<第二份>.xlsx"
# a template of another unit's kit
"$FILL" case_progress 2 other.xlsx
python3 - other.xlsx "$K/填好的表格/进度.xlsx" <<'EOF'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as b:
    for i in a.infolist():
        data = a.read(i.filename)
        if i.filename == 'docProps/custom.xml':
            data = data.replace(b'</Properties>',
                b'<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="9" '
                b'name="shouhu.unit"><vt:lpwstr>370812099</vt:lpwstr></property></Properties>')
        b.writestr(i, data)
EOF
printf '姓名,电话\n张三,1\n' >"$K/填好的表格/通讯录.csv"
kit 1699862400
[ "$rc" -eq 1 ] || die "bad files: exit $rc: $(cat "$T/out")"
cat >want <<'EOF'
单位：新兖镇市场监管所（代码 370812001）
发现 9 个问题，没有打包：
1. 加密.xlsx：这个表格设了打开密码，程序打不开。怎么改：请在 Excel 或 WPS 里打开它，去掉密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存，再试
2. 台账.csv 第 3 行 D 列（排查时间）：没有这一天（2023-13-01）。怎么改：请写日历上有的日期，如 2023-11-08
3. 台账.csv 第 4 行 B 列（领域）：必须填写。怎么改：请填上这一格
4. 旧台账.xls：这是旧版 .xls 文件。怎么改：请在 Excel 里“另存为” → “Excel 工作簿（*.xlsx）”
5. 线索.xlsx：这个表格还在 Excel 或 WPS 里开着。怎么改：请先保存并关闭它，再打包
6. 进度.xlsx：这是另一个单位（代码 370812099）的模板，不是本单位（新兖镇市场监管所）的。怎么改：请用本工具包“空白表格”里的模板，把数据复制过去再保存
7. 通讯录.csv：认不出这是哪张表：第一行不是模板的列名。怎么改：请把数据复制到“空白表格”里同名的模板，保存到“填好的表格”，再打包
8. ~$线索.xlsx：这是 Excel 或 WPS 打开表格时临时生成的文件，不是表格。怎么改：不用管它：关掉表格后它会自己消失；请拖入表格本身
9. 台账<第二份>.xlsx：和“台账.csv”是同一张表（风险隐患排查化解台账）。怎么改：一次只能交一份：请把两份合成一个文件，或把不要的那份从“填好的表格”里移走
问题清单也写在工具包的“问题清单.html”里，可以用浏览器打开。
请改好后保存，再打包。
EOF
# (the lock file is listed only when dropped: double-click passes it over)
kit 1699862400 "$K/填好的表格/加密.xlsx" "$K/填好的表格/台账.csv" \
    "$K/填好的表格/旧台账.xls" "$K/填好的表格/线索.xlsx" \
    "$K/填好的表格/进度.xlsx" "$K/填好的表格/通讯录.csv" \
    "$K/填好的表格/~\$线索.xlsx" "$K/填好的表格/台账<第二份>.xlsx"
[ "$rc" -eq 1 ] || die "dropped bad files: exit $rc"
same "dropped bad files" want
[ "$(outbox)" = "$before" ] || die "bad files packed something: $(outbox)"
page=$K/问题清单.html
grep -q '<title>还没有打包：表格里有 9 个问题</title>' "$page" || die "page title"
grep -q '<td class="f">台账&lt;第二份&gt;.xlsx</td>' "$page" || die "page: name not escaped"
! grep -q '<第二份>' "$page" || die "page: raw < in the page"
grep -q '<td class="n">3</td><td class="n">D 列（排查时间）</td><td>没有这一天（2023-13-01）</td><td>请写日历上有的日期，如 2023-11-08</td>' \
    "$page" || die "page: the cell's row"
[ "$(grep -c '^<tr><td class="n">' "$page")" -eq 9 ] || die "page: not 9 rows"

# 6. nothing to pack; a kit whose settings were damaged
rm -f "$K/填好的表格/"*
kit 1699862400
[ "$rc" -eq 1 ] && grep -q '“填好的表格”文件夹里没有表格' "$T/out" ||
    die "empty folder: $(cat "$T/out")"
cp "$P/kit.json" kit.json.good
echo '{"format": "shouhu-kit/9"}' >"$P/kit.json"
"$FILL" campaign_stats 1 "$K/填好的表格/战果.xlsx"
kit 1699862400
[ "$rc" -eq 1 ] && grep -q 'kit.json: 设置文件的格式不是本程序认识的' "$T/out" &&
    grep -q '请向专项办重新要一份工具包' "$T/out" || die "bad kit.json: $(cat "$T/out")"
cp kit.json.good "$P/kit.json"

# a key readable by all is refused where modes say who may read it, not
# where they say nothing (a USB stick's FAT: SHOUHU_TEST_NO_MODES)
chmod 644 "$P/单位.key"
kit 1699862400
[ "$rc" -eq 1 ] && grep -q '单位.key: 私钥文件的权限是 0644' "$T/out" ||
    die "key 0644: $(cat "$T/out")"
SHOUHU_TEST_NO_MODES=1 kit 1699862400
[ "$rc" -eq 0 ] && grep -q '^已打包' "$T/out" ||
    die "key 0644 on FAT: $(cat "$T/out")"
unset SHOUHU_TEST_NO_MODES || :	# dash keeps a function's assignments
chmod 600 "$P/单位.key"
rm -f "$K/填好的表格/"*
"$FILL" campaign_stats 6 "$K/填好的表格/战果.xlsx"

# 7. SHOUHU_KIT names a kit for a program elsewhere; outside a kit a file
# is no command
SHOUHU_KIT=$K SOURCE_DATE_EPOCH=1701072000 "$COLLECT" >"$T/out" 2>&1 ||
    die "SHOUHU_KIT: $(cat "$T/out")"
grep -q '已打包：待发送/新兖镇市场监管所-2023年第48周（2）.zip' "$T/out" ||
    die "SHOUHU_KIT: $(cat "$T/out")"
# a folder dropped: the forms in it, as a double-click takes 填好的表格's
rm -f "$K/填好的表格/"*
"$FILL" campaign_stats 7 "$K/填好的表格/战果.xlsx"
kit 1701072000 "$K/填好的表格"
[ "$rc" -eq 0 ] && grep -q '已打包：待发送/新兖镇市场监管所-2023年第48周（3）.zip' "$T/out" &&
    grep -q '^  进展战果统计表 7 行（战果.xlsx）$' "$T/out" ||
    die "a dropped folder: $(cat "$T/out")"
set +e
"$COLLECT" "$K/填好的表格/战果.xlsx" >"$T/out" 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q '没有“.*战果.xlsx”这个命令' "$T/out" ||
    die "outside a kit: exit $rc: $(cat "$T/out")"
# 8. a kit made by the office (shouhu units kit), its blank template
# filled the way Excel saves it (the template's identity kept), packed by
# double-click and taken in by the office; the other kit's template is
# refused by this one with the other unit's code
# (copies of the programs under test, so that the kit takes this
# collector, not a static or Windows one made earlier from older sources)
mkdir kbin
cp "$SHOUHU" kbin/shouhu
cp "$COLLECT" kbin/shouhu-collect
kbin/shouhu units kit --ledger k.db --office office/专项办.pub \
    --office-name 兖州区专项办 370812002 城关镇市场监管所 -o "$T/城关镇" \
    >kout 2>&1 || die "units kit: $(cat kout)"
kbin/shouhu units kit --ledger k.db --office office/专项办.pub \
    370812003 兴隆庄镇市场监管所 -o "$T/兴隆庄镇" >kout 2>&1 ||
    die "units kit 2: $(cat kout)"
cmp "$COLLECT" "$T/城关镇/程序文件/shouhu-collect" ||
    die "the kit's program is not the collector under test"
# fillin TEMPLATE CSV OUT: the CSV's data rows put into the template's
# sheet 填报 as text cells, every other part (its identity) as it was
fillin() {
	/usr/bin/python3 - "$@" <<'EOF'
import csv, sys, zipfile
from xml.sax.saxutils import escape
tpl, src, out = sys.argv[1:4]
rows = list(csv.reader(open(src, encoding='utf-8-sig')))[1:]
def col(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
xml = ''.join('<row r="%d">%s</row>' % (n + 2, ''.join(
    '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(i), n + 2, escape(v))
    for i, v in enumerate(r) if v)) for n, r in enumerate(rows))
with zipfile.ZipFile(tpl) as a, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as b:
    for i in a.infolist():
        data = a.read(i.filename)
        if i.filename == 'xl/worksheets/sheet1.xml':
            data = data.replace(b'</sheetData>', xml.encode() + b'</sheetData>')
        b.writestr(i, data)
EOF
}
"$FILL" hazard_ledger 5 h5.csv
fillin "$T/城关镇/空白表格/风险隐患排查化解台账.xlsx" h5.csv \
    "$T/城关镇/填好的表格/台账.xlsx"
SHOUHU_NO_OPEN=1 SOURCE_DATE_EPOCH=1699862400 \
    "$T/城关镇/程序文件/shouhu-collect" </dev/null >"$T/out" 2>&1 ||
    die "units kit's kit: $(cat "$T/out")"
cat >want <<'EOF'
单位：城关镇市场监管所（代码 370812002）
已打包：待发送/城关镇市场监管所-2023年第46周.zip
  风险隐患排查化解台账 5 行（台账.xlsx）
下一步：把“待发送”文件夹里的 城关镇市场监管所-2023年第46周.zip 用电子邮件发给兖州区专项办。
EOF
same "units kit's kit" want
"$SHOUHU" ingest --ledger k.db --key office/专项办.key \
    "$T/城关镇/待发送/城关镇市场监管所-2023年第46周.zip" >iout 2>&1 ||
    die "ingest of the kit's bundle: $(cat iout)"
fillin "$T/城关镇/空白表格/风险隐患排查化解台账.xlsx" h5.csv \
    "$T/兴隆庄镇/填好的表格/台账.xlsx"
set +e
SHOUHU_NO_OPEN=1 SOURCE_DATE_EPOCH=1699862400 \
    "$T/兴隆庄镇/程序文件/shouhu-collect" </dev/null >"$T/out" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q '^1. 台账.xlsx：这是另一个单位（代码 370812002）的模板，不是本单位（兴隆庄镇市场监管所）的。' "$T/out" ||
    die "another kit's template: exit $rc: $(cat "$T/out")"
echo "ok"
