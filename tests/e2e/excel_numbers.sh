#!/bin/sh
# Digits typed into cells that a spreadsheet stored as numbers (issue 13,
# point 3), in files really saved by LibreOffice and openpyxl
# (tests/fixtures/lo/numbers/, remade by make.sh there).  check and pack
# refuse a text, phone or credit-code cell whose digits are lost (more
# than 15 digits, E notation in a CSV saved by a spreadsheet, the 0 of a
# landline), with exact messages, and pack writes nothing.  Numbers that
# keep every digit (a clue id, a mobile number, 15 digits) are packed as
# the digits Excel shows, the same bundle as the CSV typed by hand.  The
# blank templates format every column but numbers and dates as text ("@"),
# so a unit that fills them cannot get there: read back with openpyxl.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
FIX=$(cd "$(dirname "$0")/../fixtures/lo/numbers" && pwd)
PY=/usr/bin/python3
"$PY" -c 'import openpyxl' 2>/dev/null ||
    die "$PY cannot import openpyxl: run sh scripts/deps.sh (python3-openpyxl)"
cd "$T"
C=$COLLECT
cp "$FIX"/*.xlsx "$FIX"/*.csv .

N='这一格被 Excel 存成了数字'
L='，后几位已经丢失：请把这一列设成“文本”格式后重新输入'

expect 1 "$C" check case_source case_source.xlsx
same err <<EOF
case_source.xlsx:3:E(被反映对象): $N（1.10101199001011E+17）$L
case_source.xlsx:4:F(线索内容): $N（1.23456789012346E+15）$L
case_source.xlsx:4:H(举报人电话): $N（5371234567），开头的 0 已经丢失：请把这一列设成“文本”格式后重新输入
EOF
same out <<'EOF'
case_source.xlsx: 发现 3 个问题，请改正后再检查
EOF

# the same saved again as CSV by LibreOffice: E notation; its 16-digit
# number is written in full (1234567890123460) and cannot be told from
# digits typed
expect 1 "$C" check case_source case_source-saved.csv
same err <<EOF
case_source-saved.csv:3:E(被反映对象): $N（1.10101199001011E+017）$L
case_source-saved.csv:4:H(举报人电话): 电话号码不对：手机号是 11 位数字（如 13812345678），座机要带区号（如 0537-1234567）（5371234567）
EOF

expect 1 "$C" check institution_risk institution_risk.xlsx
same err <<EOF
institution_risk.xlsx:2:B(统一社会信用代码): $N（9.13708001E+17）$L
EOF

# Python floats: 13812345678.0 is the number typed, 1.101011990010112e+17
# is not
expect 1 "$C" check case_source openpyxl.xlsx
same err <<EOF
openpyxl.xlsx:3:E(被反映对象): $N（1.10101199001011E+17）$L
EOF

# pack refuses, and writes nothing
"$C" keygen unit1 >/dev/null 2>&1 || die "keygen failed"
expect 1 "$C" pack --unit u1 --period 2022-W21 --key unit1.key \
    case_source=case_source.xlsx -o b.zip
same err <<EOF
case_source.xlsx:3:E(被反映对象): $N（1.10101199001011E+17）$L
case_source.xlsx:4:F(线索内容): $N（1.23456789012346E+15）$L
case_source.xlsx:4:H(举报人电话): $N（5371234567），开头的 0 已经丢失：请把这一列设成“文本”格式后重新输入
shouhu-collect: 发现 3 个问题，没有打包：请改正后再打包
EOF
for f in b.zip*; do
	[ ! -e "$f" ] || die "a refused pack left $f"
done

# what keeps every digit is packed as typed
expect 0 "$C" check case_source case_source.csv
expect 0 "$C" pack --unit u1 --period 2022-W21 --key unit1.key \
    case_source=ok.xlsx -o ok.zip
unzip -p ok.zip data/case_source.csv >ok-data.csv
same ok-data.csv <<'EOF'
clue_id,registered_date,source,domain,subject,content,informant_name,informant_phone,handling_unit,handler
2022001,2022-05-09,12345,网络空间,某某保健品公司,直播间夸大功效,张三,13812345678,新兖镇市场监管所,
2022002,2022-05-10,12315,涉老食品保健品,123456789012345,上门推销保健品,李四,0537-1234567,新兖镇市场监管所,
EOF
expect 0 "$C" pack --unit u1 --period 2022-W21 --key unit1.key \
    case_source=ok.csv -o ok-csv.zip
id() {
	unzip -p "$1" manifest.json | sed -n 's/.*"bundle_id": "\([0-9a-f]*\)".*/\1/p'
}
[ -n "$(id ok.zip)" ] && [ "$(id ok.zip)" = "$(id ok-csv.zip)" ] ||
    die "ok.xlsx and ok.csv pack differently"

# every column of every template that is not a number or a date is text
for f in $("$C" forms | awk '{ print $1 }'); do
	expect 0 "$C" template "$f" -o "t-$f.xlsx"
	"$PY" - "t-$f.xlsx" 2>pyerr <<'EOF' || die "template $f: $(cat pyerr)"
import re, sys
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
data, doc = wb["填报"], wb["填写说明"]
want = {"整数": "0", "数字": "0.00", "日期": "yyyy-mm-dd"}
types = {}
for row in doc.iter_rows(values_only=True):
    if row and row[0] and re.fullmatch("[A-Z]+", str(row[0])):
        types[row[0]] = row[3]
n = 0
for col, dim in data.column_dimensions.items():
    if col not in types:
        continue
    fmt, need = dim.number_format, want.get(types[col], "@")
    if fmt != need:
        sys.exit("%s column %s (%s): format %r, want %r" %
                 (sys.argv[1], col, types[col], fmt, need))
    n += 1
if n != len(types) or n == 0:
    sys.exit("%s: %d columns formatted of %d" % (sys.argv[1], n, len(types)))
EOF
done
exit 0
