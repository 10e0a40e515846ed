#!/bin/sh
# shouhu units order (issue 16, point 1): the office sets the order of the
# units; units list, the weekly report's 附件1 (read back with openpyxl),
# its 报送情况 and the --html page, and the monthly tables' 报送情况 follow
# it.  Units registered out of code order (U3, U1, U2) list in registry
# order; units order U2 puts U2 first and keeps U3, U1 after it; a unit
# added later goes last; unknown and repeated codes: exact messages, exit
# 1, nothing changed.  A ledger of schema 4 (no position yet) gets
# positions in its registry (rowid) order.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
PY=/usr/bin/python3
"$PY" -c 'import openpyxl' 2>/dev/null ||
    die "$PY cannot import openpyxl: install python3-openpyxl (scripts/deps.sh)"
cd "$T"
S=$SHOUHU

# sheet XLSX SHEET COL FIRST: the column COL (1 = A) of SHEET from row FIRST
# on, one value a line, up to the first empty one or the row of 合计
sheet() {
	"$PY" - "$@" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
for (v,) in ws.iter_rows(min_row=int(sys.argv[4]), min_col=int(sys.argv[3]),
                         max_col=int(sys.argv[3]), values_only=True):
    if v is None:
        break
    print(v)
    if v == "合计":
        break
PY
}

for u in U1 U2 U3 U4; do
	expect 0 "$COLLECT" keygen $u
done
# ---- usage and a missing ledger ---------------------------------------
expect 2 "$S" units order
same err <<'EOF'
shouhu: 写法：shouhu units add [--replace] 单位代码 单位名称 单位.pub，shouhu units list，shouhu units order 单位代码...，或 shouhu units kit --office 专项办.pub 单位代码 单位名称 -o 文件夹
EOF
expect 2 "$S" units order --replace U1
expect 1 "$S" units order U1
same err <<'EOF'
ledger.db: 找不到账本：文件或文件夹不存在；先用 shouhu units add 登记报送单位，账本会随之建立，或用 --ledger 指定账本文件
EOF

# ---- registry order, not by code --------------------------------------
expect 0 "$S" units add U3 新兖镇市场监管所 U3.pub
expect 0 "$S" units add U1 大安镇市场监管所 U1.pub
expect 0 "$S" units add U2 鼓楼街道市场监管所 U2.pub
expect 0 "$S" units list
cut -f 1,2 out >list
same list <<'EOF'
U3	新兖镇市场监管所
U1	大安镇市场监管所
U2	鼓楼街道市场监管所
EOF

# ---- units order -------------------------------------------------------
expect 0 "$S" units order U2
same out <<'EOF'
单位的顺序已改为（周报和 shouhu units list 按这个顺序列出）：
1	U2	鼓楼街道市场监管所
2	U3	新兖镇市场监管所
3	U1	大安镇市场监管所
没有写出的 2 个单位（U3、U1）保持原来的先后，排在后面
EOF
[ ! -s err ] || die "units order printed on stderr: $(cat err)"
expect 0 "$S" units list
cut -f 1 out | tr '\n' ' ' >list
echo >>list
same list <<'EOF'
U2 U3 U1 
EOF
# a unit added later goes last; replacing a unit's key keeps its place
expect 0 "$S" units add U4 小孟镇市场监管所 U4.pub
expect 0 "$S" units add --replace U3 新兖镇市场监管所 U4.pub
expect 0 "$S" units list
cut -f 1 out | tr '\n' ' ' >list
echo >>list
same list <<'EOF'
U2 U3 U1 U4 
EOF
# every unit named: no line about the others
expect 0 "$S" units order U1 U4 U3 U2
same out <<'EOF'
单位的顺序已改为（周报和 shouhu units list 按这个顺序列出）：
1	U1	大安镇市场监管所
2	U4	小孟镇市场监管所
3	U3	新兖镇市场监管所
4	U2	鼓楼街道市场监管所
EOF
expect 0 "$S" units order U4 U2
same out <<'EOF'
单位的顺序已改为（周报和 shouhu units list 按这个顺序列出）：
1	U4	小孟镇市场监管所
2	U2	鼓楼街道市场监管所
3	U1	大安镇市场监管所
4	U3	新兖镇市场监管所
没有写出的 2 个单位（U1、U3）保持原来的先后，排在后面
EOF
[ "$(count 'SELECT group_concat(code || pos, " ") FROM (SELECT * FROM
    units ORDER BY code)')" = "U13 U22 U34 U41" ] ||
    die "positions: $(count 'SELECT code, pos FROM units')"

# ---- bad codes: exact messages, nothing changed ------------------------
expect 1 "$S" units order U1 U9 U1 u2 U1
same err <<'EOF'
shouhu: 没有登记代码为“U9”的单位：用 shouhu units list 查看已登记的单位和代码
shouhu: 单位 U1 写了两次：每个单位只写一次
shouhu: 没有登记代码为“u2”的单位：用 shouhu units list 查看已登记的单位和代码
shouhu: 单位的顺序没有改动；改正后再运行一次
EOF
same out </dev/null
expect 0 "$S" units list
cut -f 1 out | tr '\n' ' ' >list
echo >>list
same list <<'EOF'
U4 U2 U1 U3 
EOF

# ---- the weekly report follows the order --------------------------------
expect 0 "$S" report --period 2023-W45 -o r.xlsx --html r.html
sheet r.xlsx 附件1 1 8 >rows
same rows <<'EOF'
小孟镇市场监管所
鼓楼街道市场监管所
大安镇市场监管所
新兖镇市场监管所
合计
EOF
sheet r.xlsx 附件1 2 8 >rows
same rows <<'EOF'
未报
未报
未报
未报
0
EOF
sheet r.xlsx 报送情况 1 3 >rows
same rows <<'EOF'
U4
U2
U1
U3
EOF
sheet r.xlsx 附件1补充 1 3 >rows
same rows <<'EOF'
小孟镇市场监管所
鼓楼街道市场监管所
大安镇市场监管所
新兖镇市场监管所
合计
EOF
# the page: 附件1 and the extra table, then 报送情况's codes
sed -n 's|.*<tr><th scope="row">\([^<]*\)</th><td colspan="20">.*|\1|p' \
    r.html >rows
same rows <<'EOF'
小孟镇市场监管所
鼓楼街道市场监管所
大安镇市场监管所
新兖镇市场监管所
EOF
sed -n 's|^<tr><td>\(U[0-9]\)</td>.*|\1|p' r.html >rows
same rows <<'EOF'
U4
U2
U1
U3
EOF

# the monthly tables' 报送情况 too (monthly.c reads ledger_units)
expect 0 "$S" report --period 2023-11 -o m.xlsx
sheet m.xlsx 报送情况 1 3 >rows
same rows <<'EOF'
U4
U2
U1
U3
EOF

# ---- a ledger of schema 4 (before positions) ---------------------------
# the same three units registered U3, U1, U2, then the position taken out
expect 0 "$S" units add --ledger old.db U3 新兖镇市场监管所 U3.pub
expect 0 "$S" units add --ledger old.db U1 大安镇市场监管所 U1.pub
expect 0 "$S" units add --ledger old.db U2 鼓楼街道市场监管所 U2.pub
sqlite3 old.db "DROP INDEX units_pos; ALTER TABLE units DROP COLUMN pos;
    PRAGMA user_version = 4"
# reading commands ask for the upgrade; a writing one migrates
expect 1 "$S" report --ledger old.db --period 2023-W45 -o old.xlsx
same err <<'EOF'
old.db: 账本结构版本是 4，本程序要 5；运行一次 shouhu ingest 或 shouhu units list 升级账本
EOF
expect 0 "$S" units list --ledger old.db
cut -f 1 out | tr '\n' ' ' >list
echo >>list
same list <<'EOF'
U3 U1 U2 
EOF
[ "$(sqlite3 old.db 'PRAGMA user_version')" -eq 5 ] || die "not migrated"
[ "$(sqlite3 old.db "SELECT group_concat(code || pos, ' ') FROM (SELECT *
    FROM units ORDER BY pos)")" = "U31 U12 U23" ] ||
    die "migrated positions: $(sqlite3 old.db 'SELECT code, pos FROM units')"
expect 0 "$S" units add --ledger old.db U4 小孟镇市场监管所 U4.pub
expect 0 "$S" units order --ledger old.db U2
same out <<'EOF'
单位的顺序已改为（周报和 shouhu units list 按这个顺序列出）：
1	U2	鼓楼街道市场监管所
2	U3	新兖镇市场监管所
3	U1	大安镇市场监管所
4	U4	小孟镇市场监管所
没有写出的 3 个单位（U3、U1、U4）保持原来的先后，排在后面
EOF
[ "$(sqlite3 old.db 'PRAGMA integrity_check')" = ok ] || die "integrity"
exit 0
