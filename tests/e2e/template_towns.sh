#!/bin/sh
# shouhu-collect template --towns: the county's towns, as the office lists
# them (shouhu towns list --plain), in a drop-down of hazard_ledger's
# 涉及镇街 (towns = true): the names on the hidden sheet lists, the column's
# check pointing at them and only warning (a town not on the list, or an
# empty cell, may stay); exact messages for bad towns files, with nothing
# written; the CSV template and a form without a town field say the list
# was not used; the template's identity is the same with and without the
# list, and both, filled (with a town not on the list), check clean, pack
# into the same bundle and are ingested by the office.  LibreOffice opens
# the template and keeps the drop-down.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
cd "$T"
S=$SHOUHU
C=$COLLECT
PY=/usr/bin/python3

# ---- the office's list, as the office makes it -----------------------
expect 0 "$C" keygen U1
expect 0 "$S" units add U1 新兴路街道市场监管所 U1.pub
printf '新兴路街道\t新兴路\n鼓楼街道，鼓楼\n小孟镇\n' >import.txt
expect 0 "$S" towns import import.txt
"$S" towns list --plain >镇街.txt

# ---- the template with the list ---------------------------------------
expect 0 "$C" template hazard_ledger -o t.xlsx --towns 镇街.txt
same out <<'EOF'
已写入 t.xlsx：风险隐患排查化解台账 的填报模板（第 1 版）
填镇街的列有下拉列表：3 个镇街（来自 镇街.txt）
EOF
[ ! -s err ] || die "template --towns wrote to stderr: $(cat err)"
expect 0 "$C" template hazard_ledger -o plain.xlsx

# sheets, the hidden list, every check of the data sheet (only 涉及镇街's
# changes with the list), and what 填写说明 says of 涉及镇街
cat >show.py <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets:", " ".join("%s(%s)" % (n, wb[n].sheet_state)
                          for n in wb.sheetnames))
ws = wb["填报"]
col = [c.value for c in ws[1]].index("涉及镇街") + 1
letter = openpyxl.utils.get_column_letter(col)
for dv in ws.data_validations.dataValidation:
    if not str(dv.sqref).startswith(letter + "2:"):
        continue
    print("check:", dv.sqref, dv.type, dv.formula1, dv.errorStyle,
          "blank ok" if dv.allow_blank else "blank refused",
          "drop-down hidden" if dv.showDropDown else "drop-down shown",
          "error shown" if dv.showErrorMessage else "error not shown")
    print("error:", dv.errorTitle, dv.error)
    print("input:", dv.promptTitle, dv.prompt)
lists = wb["lists"]
if lists.max_column >= 6:
    print("lists F:", [c.value for c in lists["F"] if c.value is not None])
print("other checks:", len(ws.data_validations.dataValidation) - 1)
for row in wb["填写说明"].iter_rows(values_only=True):
    if row[1] == "涉及镇街":
        print("help:", row[0], row[4])
PY
$PY show.py t.xlsx >shown
same shown <<'EOF'
sheets: 填报(visible) 填写说明(visible) lists(hidden)
check: J2:J20001 list lists!$F$1:$F$3 warning blank ok drop-down shown error shown
error: 不在全县镇街名单里 填的名称不在全县镇街名单里。请核对写法：名单里有的，从下拉列表中选择；确实是名单里没有的镇街，点“是”保留，专项办会核对。
input: 涉及镇街 隐患所在的镇或街道，如 新兴路街道；不涉及具体镇街的（如网络空间）可不填。
lists F: ['新兴路街道', '鼓楼街道', '小孟镇']
other checks: 10
help: J 最多 50 个字；可从下拉列表选择全县镇街名单里的 3 个镇街，名单里没有的照实填写
EOF
$PY show.py plain.xlsx >shown
same shown <<'EOF'
sheets: 填报(visible) 填写说明(visible) lists(hidden)
check: J2:J20001 textLength 50 warning blank ok drop-down shown error shown
error: 内容太长 超过了这一列允许的字数。
input: 涉及镇街 隐患所在的镇或街道，如 新兴路街道；不涉及具体镇街的（如网络空间）可不填。
other checks: 10
help: J 最多 50 个字
EOF
# the other columns' checks are the same with and without the list
cat >checks.py <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["填报"]
for dv in ws.data_validations.dataValidation:
    if not str(dv.sqref).startswith("J"):
        print(dv.sqref, dv.type, dv.formula1, dv.errorStyle, dv.errorTitle)
PY
$PY checks.py t.xlsx >with
$PY checks.py plain.xlsx >without
cmp -s with without || die "other checks changed: $(diff without with)"
[ "$(wc -l <with)" -eq 10 ] || die "checks: $(cat with)"
# the identity: the same form and version
unzip -p t.xlsx docProps/custom.xml >with
unzip -p plain.xlsx docProps/custom.xml >without
cmp -s with without || die "the list changed the template's identity"
grep -q 'hazard_ledger' with || die "custom.xml: $(cat with)"

# blank lines, comments, a byte order mark, CRLF, white space around a
# name and a name twice are all fine; the list keeps the file's order
printf '\357\273\277# 全县镇街\r\n\r\n  鼓楼街道 \r\n小孟镇\r\n鼓楼街道\r\n   \r\n大安　镇\r\n' >crlf.txt
expect 0 "$C" template hazard_ledger -o crlf.xlsx --towns crlf.txt
same out <<'EOF'
已写入 crlf.xlsx：风险隐患排查化解台账 的填报模板（第 1 版）
填镇街的列有下拉列表：3 个镇街（来自 crlf.txt）
EOF
$PY show.py crlf.xlsx | grep '^lists F:' >shown
same shown <<'EOF'
lists F: ['鼓楼街道', '小孟镇', '大安\u3000镇']
EOF

# ---- bad towns files: every problem named, nothing written ------------
long=$(printf '镇%.0s' $(seq 34))
printf '鼓楼街道\n小孟\377镇\n新兴\t街道\n%s\n%s\n' "$long" \
    "$(printf '镇%.0s' $(seq 33))" >bad.txt
expect 1 "$C" template hazard_ledger -o b.xlsx --towns bad.txt
same err <<'EOF'
bad.txt:2: 不是 UTF-8 文本；请用记事本“另存为”UTF-8 编码后重试（模板没有写出）
bad.txt:3: “新兴	街道”含制表符或控制字符，不像一个镇街名称；名单应当一行一个镇街名称，可以用 shouhu towns list --plain > 镇街.txt 生成（模板没有写出）
bad.txt:4: 镇街名称太长（102 字节，最长 100 字节，约 33 个汉字）；名单应当一行一个镇街名称，可以用 shouhu towns list --plain > 镇街.txt 生成（模板没有写出）
EOF
[ ! -s out ] || die "a refused template printed: $(cat out)"
printf '# 还没有镇街\n\n \n' >empty.txt
expect 1 "$C" template hazard_ledger -o b.xlsx --towns empty.txt
same err <<'EOF'
empty.txt: 里面没有镇街名称（空行和 # 开头的行不算）；名单应当一行一个镇街名称，可以用 shouhu towns list --plain > 镇街.txt 生成（模板没有写出）
EOF
expect 1 "$C" template hazard_ledger -o b.csv --towns nosuch.txt
same err <<'EOF'
nosuch.txt: 无法读取：文件或文件夹不存在；请检查文件名（模板没有写出）
EOF
mkdir adir
expect 1 "$C" template hazard_ledger -o b.xlsx --towns adir
same err <<'EOF'
adir: 不是普通文件；请给出镇街名单的文本文件（模板没有写出）
EOF
head -c 1048577 /dev/zero | tr '\0' 'a' >big.txt
expect 1 "$C" template hazard_ledger -o b.xlsx --towns big.txt
same err <<'EOF'
big.txt: 文件太大（超过 1 MB），不像镇街名单；请检查文件名（模板没有写出）
EOF
expect 2 "$C" template hazard_ledger -o b.xlsx --towns
same err <<'EOF'
shouhu-collect: 写法：template 表单 -o 文件.xlsx [--force] [--towns 镇街.txt]
（用法见 shouhu-collect --help）
EOF
for x in b.xlsx b.csv b.xlsx.tmp* b.csv.tmp*; do
	[ -e "$x" ] && die "a refused template left $x"
done

# ---- where the list has no use ----------------------------------------
expect 0 "$C" template hazard_ledger -o t.csv --towns 镇街.txt
same out <<'EOF'
已写入 t.csv：风险隐患排查化解台账 的填报模板（第 1 版）
注意：CSV 模板没有下拉列表，没有用到 镇街.txt 里的镇街名单；要镇街的下拉列表，请写 .xlsx 模板
EOF
expect 0 "$C" template hazard_ledger -o plain.csv
cmp -s t.csv plain.csv || die "the list changed the CSV template"
expect 0 "$C" template case_source -o cs.xlsx --towns 镇街.txt
same out <<'EOF'
已写入 cs.xlsx：案件来源登记表 的填报模板（第 1 版）
注意：案件来源登记表 没有填镇街的列，没有用到 镇街.txt 里的镇街名单
EOF

# ---- filled, checked, packed and ingested ----------------------------
# the same rows in both templates, as a unit types them in Excel: a town
# from the list, one not on it, none
cat >fill.py <<'PY'
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["填报"]
base = ["新兴所", "涉老食品保健品", "虚假宣传", datetime.date(2023, 11, 7),
        "镇街上报", "讲座推销保健品", "C", "已风险提示", "整治完成"]
for i, (town, subject) in enumerate([("鼓楼街道", "甲店"),
                                     ("大安镇", "乙店"), (None, "丙店")]):
    for j, v in enumerate(base + [town, subject]):
        ws.cell(row=i + 2, column=j + 1, value=v)
for r in (2, 3, 4):
    ws.cell(row=r, column=4).number_format = "yyyy-mm-dd"
wb.save(sys.argv[2])
PY
$PY fill.py t.xlsx filled-towns.xlsx
$PY fill.py plain.xlsx filled-plain.xlsx
# the filled file keeps the drop-down
$PY show.py filled-towns.xlsx | grep '^check:' >shown
same shown <<'EOF'
check: J2:J20001 list lists!$F$1:$F$3 warning blank ok drop-down shown error shown
EOF
for f in filled-towns filled-plain; do
	expect 0 "$C" check hazard_ledger $f.xlsx
	grep -q '3 行' out || die "$f: check: $(cat out)"
done
bundle_id() {
	unzip -p "$1" manifest.json |
	    sed -n 's/.*"bundle_id": "\([0-9a-f]*\)".*/\1/p'
}
export SOURCE_DATE_EPOCH=1699990000
expect 0 "$C" pack --unit U1 --period 2023-W45 --key U1.key \
    hazard_ledger=filled-towns.xlsx -o towns-w45.zip
expect 0 "$C" pack --unit U1 --period 2023-W45 --key U1.key \
    hazard_ledger=filled-plain.xlsx -o plain-w45.zip
[ -n "$(bundle_id towns-w45.zip)" ] || die "no bundle id"
[ "$(bundle_id towns-w45.zip)" = "$(bundle_id plain-w45.zip)" ] ||
    die "the template with the list packs differently"
expect 0 "$C" pack --unit U1 --period 2023-W44 --key U1.key \
    hazard_ledger=filled-plain.xlsx -o plain-w44.zip
export SOURCE_DATE_EPOCH=1700000000
expect 0 "$S" ingest towns-w45.zip plain-w44.zip
same out <<'EOF'
接收完毕：2 个数据包，用时 T 秒
  新接收 2 个
  镇街名单里没有的写法 1 个（网站的统计里各算一个镇街）：
    大安镇：2 条，如 U1 2023-W44 “风险隐患排查化解台账”第 2 条
  请核对：是名单上镇街的另一种写法的，用 shouhu towns add 镇街名 写法 加上；是新的镇街，用 shouhu towns add 镇街名 加上
提醒：这个账本还没有备份过；请备份一次：shouhu ledger backup --ledger ledger.db 账本备份-2023-11-15.db（备份放在另一块磁盘或 U 盘上更稳妥）
EOF
count "SELECT p.period, r.town FROM hazard_ledger r JOIN parts p ON p.bundle = r._bundle ORDER BY p.period, r._row" >shown
same shown <<'EOF'
2023-W44|鼓楼街道
2023-W44|大安镇
2023-W44|
2023-W45|鼓楼街道
2023-W45|大安镇
2023-W45|
EOF

# ---- LibreOffice opens the template and keeps the drop-down -----------
mkdir lo home conv
HOME=$T/home soffice -env:UserInstallation="file://$T/lo" --headless \
    --convert-to xlsx --outdir conv t.xlsx >lo.log 2>&1 ||
    die "soffice failed: $(cat lo.log)"
[ -f conv/t.xlsx ] || die "soffice wrote nothing: $(cat lo.log)"
# (LibreOffice writes the check for fewer rows: J2:J1001)
$PY show.py conv/t.xlsx | grep -E '^(check|lists F):' |
    sed 's/J2:J[0-9]*/J2:J…/; s/\$//g' >shown
same shown <<'EOF'
check: J2:J… list lists!F1:F3 warning blank ok drop-down shown error shown
lists F: ['新兴路街道', '鼓楼街道', '小孟镇']
EOF
