#!/bin/sh
# shouhu towns (the county's list of towns, towns.h) and its use: exact
# messages of towns add / import / list and of bad input; ingest names the
# spellings not on the list in its summary; the public statistics
# (/gongzuo/zhenjie.csv) count one town for 新兴路街道, 新兴路 街道 (a
# space), 新兴路　街道 (a full-width space), 新兴路街道办事处 and the listed
# variant 新兴路, and the ledger keeps what the unit typed; towns remove
# takes a town (with its spellings) or one spelling off the list, exact
# messages, all or nothing, and a removed spelling counts as unknown
# again in ingest's summary and the statistics, the rows unchanged; a
# ledger of schema 3 gets the list at its first writing command.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
R=$(cd "$(dirname "$0")/../.." && pwd)
cd "$T"
S=$SHOUHU

# ---- usage and a missing ledger ---------------------------------------
expect 2 "$S" towns
same err <<'EOF'
shouhu: 写法：shouhu towns add 镇街名 [其他写法...]，shouhu towns import 名单.txt，shouhu towns remove 镇街名或写法...，或 shouhu towns list [--plain]
EOF
expect 2 "$S" towns add
expect 2 "$S" towns list extra
expect 2 "$S" towns import a.txt b.txt
expect 2 "$S" towns add --plain 鼓楼街道
expect 2 "$S" towns remove
expect 2 "$S" towns remove --plain 鼓楼街道
expect 1 "$S" towns remove 鼓楼街道
same err <<'EOF'
ledger.db: 找不到账本：文件或文件夹不存在；先用 shouhu units add 登记报送单位，账本会随之建立，或用 --ledger 指定账本文件
EOF
[ ! -e ledger.db ] || die "towns remove made a ledger"
expect 1 "$S" towns list
same err <<'EOF'
ledger.db: 找不到账本：文件或文件夹不存在；先用 shouhu units add 登记报送单位，账本会随之建立，或用 --ledger 指定账本文件
EOF

expect 0 "$COLLECT" keygen U1
expect 0 "$S" units add U1 新兴路街道市场监管所 U1.pub

# ---- the list ---------------------------------------------------------
expect 0 "$S" towns list
same out <<'EOF'
镇街名单还是空的：用 shouhu towns add 镇街名 [其他写法...] 或 shouhu towns import 名单.txt 加上
EOF
expect 0 "$S" towns list --plain
[ ! -s out ] || die "an empty list --plain printed: $(cat out)"

expect 0 "$S" towns add 新兴路街道 新兴路
same out <<'EOF'
已加上镇街 新兴路街道 和它的 1 种其他写法
EOF
expect 0 "$S" towns add 新兴路街道 新兴路 "新兴路 街道" 新兴路街道办事处
same out <<'EOF'
镇街 新兴路街道 和这些写法早已在名单里，没有改动
EOF
expect 1 "$S" towns add 新兴路
same err <<'EOF'
shouhu: “新兴路”已经是镇街 新兴路街道 的写法；要加上别的写法，用 shouhu towns add 新兴路街道 写法（名单没有改动）
EOF
expect 1 "$S" towns add 鼓楼街道 鼓楼 新兴路
same err <<'EOF'
shouhu: “新兴路”已经是镇街 新兴路街道 的写法，不能再算作 鼓楼街道；请检查后重新运行（名单没有改动）
EOF
expect 1 "$S" towns add "  "
same err <<'EOF'
shouhu: 镇街名称或写法“  ”不可用：不能为空、不能含制表符或换行，最长 100 字节
EOF
expect 1 "$S" towns add 鼓楼街道 "鼓楼	街道"
same err <<'EOF'
shouhu: 镇街名称或写法“鼓楼	街道”不可用：不能为空、不能含制表符或换行，最长 100 字节
EOF
expect 0 "$S" towns list
same out <<'EOF'
1	新兴路街道	新兴路
EOF

# import: a town and its spellings a line, split by tabs, spaces, commas
# or 、; all or nothing
cat >bad.txt <<'EOF'
# 全县镇街名单
鼓楼街道	鼓楼
小孟镇，新兴路
EOF
expect 1 "$S" towns import bad.txt
same err <<'EOF'
bad.txt:3: “新兴路”已经是镇街 新兴路街道 的写法，不能再算作 小孟镇；请检查后重新运行（名单没有改动）
EOF
printf '鼓楼街道\n小孟\377镇\n' >notutf8.txt
expect 1 "$S" towns import notutf8.txt
same err <<'EOF'
notutf8.txt:2: 不是 UTF-8 文本；请用记事本“另存为”UTF-8 编码后重新导入（名单没有改动）
EOF
expect 1 "$S" towns import missing.txt
same err <<'EOF'
missing.txt: 无法读取：文件或文件夹不存在；请检查文件名
EOF
expect 0 "$S" towns list --plain
same out <<'EOF'
新兴路街道
EOF
printf '# 全县镇街名单：一行一个镇街，后面是其他写法\r\n\r\n鼓楼街道\t鼓楼\r\n新兴路街道，新兴路\r\n小孟镇 、 小孟、小孟镇人民政府\r\n' >镇街.txt
expect 0 "$S" towns import 镇街.txt
same out <<'EOF'
已从 镇街.txt 导入镇街名单：新镇街 2 个，新写法 3 种（已有的没有改动）
EOF
expect 0 "$S" towns list
same out <<'EOF'
1	新兴路街道	新兴路
2	鼓楼街道	鼓楼
3	小孟镇	小孟、小孟镇人民政府
EOF
expect 0 "$S" towns list --plain
same out <<'EOF'
新兴路街道
鼓楼街道
小孟镇
EOF
[ "$(count 'SELECT count(*) FROM towns')" -eq 3 ] || die "towns"

# ---- ingest: the spellings not on the list -----------------------------
h='department,domain,focus,date,method,hazards,grade,handling,status,town,subject'
r='新兴所,涉老食品保健品,虚假宣传,2023-11-07,镇街上报,讲座推销保健品,C,已风险提示,整治完成'
{
	echo "$h"
	echo "$r,新兴路街道,甲店"
	echo "$r,新兴路 街道,乙店"
	echo "$r,新兴路　街道,丙店"
	echo "$r,新兴路街道办事处,丁店"
	echo "$r,新兴路,戊店"
	echo "$r,新兴街道,己店"
	echo "$r,,庚店"
	echo "$r,大安镇,辛店"
	echo "$r,大安　镇,壬店"
	echo "$r,ＧＬ街道,癸店"
} >h.csv
cp "$R/tests/fixtures/demo_data/bundles/u1-w40-campaign_stats.csv" c.csv
SOURCE_DATE_EPOCH=1699990000 expect 0 "$COLLECT" pack --unit U1 \
    --period 2023-W45 --key U1.key hazard_ledger=h.csv campaign_stats=c.csv \
    -o u1.zip
expect 0 "$S" ingest u1.zip
same out <<'EOF'
接收完毕：1 个数据包，用时 T 秒
  新接收 1 个
  镇街名单里没有的写法 3 个（网站的统计里各算一个镇街）：
    新兴街道：1 条，如 U1 2023-W45 “风险隐患排查化解台账”第 6 条
    大安镇：2 条，如 U1 2023-W45 “风险隐患排查化解台账”第 8 条
    GL街道：1 条，如 U1 2023-W45 “风险隐患排查化解台账”第 10 条
  请核对：是名单上镇街的另一种写法的，用 shouhu towns add 镇街名 写法 加上；是新的镇街，用 shouhu towns add 镇街名 加上
提醒：这个账本还没有备份过；请备份一次：shouhu ledger backup --ledger ledger.db 账本备份-2023-11-15.db（备份放在另一块磁盘或 U 盘上更稳妥）
EOF
# no value is changed: the ledger keeps what the unit typed
count "SELECT town FROM hazard_ledger ORDER BY _row" >got.towns
cat >want.towns <<'EOF'
新兴路街道
新兴路 街道
新兴路　街道
新兴路街道办事处
新兴路
新兴街道

大安镇
大安　镇
ＧＬ街道
EOF
diff -u want.towns got.towns || die "the ledger's towns changed"

# ---- the weekly report: 涉及镇街 as the list names it, the unknown named -
expect 0 "$S" report --period 2023-W45 -o r.xlsx
same err <<'EOF'
  镇街名单里没有的写法 3 个（网站的统计里各算一个镇街）：
    新兴街道：1 条，如 U1 2023-W45 “风险隐患排查化解台账”第 6 条
    大安镇：2 条，如 U1 2023-W45 “风险隐患排查化解台账”第 8 条
    GL街道：1 条，如 U1 2023-W45 “风险隐患排查化解台账”第 10 条
  请核对：是名单上镇街的另一种写法的，用 shouhu towns add 镇街名 写法 加上；是新的镇街，用 shouhu towns add 镇街名 加上
EOF
/usr/bin/python3 - r.xlsx >got.report <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["附件2"]
for row in ws.iter_rows(min_row=5, max_col=8, values_only=True):
    if row[7] is not None:
        print(row[7])
PY
same got.report <<'EOF'
新兴路街道、甲店
新兴路街道、乙店
新兴路街道、丙店
新兴路街道、丁店
新兴路街道、戊店
新兴街道、己店
庚店
大安镇、辛店
大安　镇、壬店
ＧＬ街道、癸店
EOF

# ---- the public statistics --------------------------------------------
mkdir site
cp -R "$R/scripts" "$R/content" "$R/themes" site/
# zhenjie.csv: by count, then by the name's UTF-8 bytes
csv() {
	printf '\357\273\277'
	awk '{ printf "%s\r\n", $0 }'
}
expect 0 "$S" build -q -C site -o pub --ledger ledger.db
csv >want.csv <<'EOF'
镇街,数量
新兴路街道,5
大安镇,2
GL街道,1
新兴街道,1
未填写,1
EOF
cmp -s want.csv pub/gongzuo/zhenjie.csv ||
    die "zhenjie.csv: $(diff want.csv pub/gongzuo/zhenjie.csv)"

# the office adds what the summary named; the next build counts it (the
# rows ingested before included) and ingest names the rest
expect 0 "$S" towns add 新兴路街道 新兴街道
same out <<'EOF'
已给镇街 新兴路街道 加上 1 种写法
EOF
expect 0 "$S" towns add 大安镇
same out <<'EOF'
已加上镇街 大安镇
EOF
expect 0 "$S" ingest u1.zip
same out <<'EOF'
接收完毕：1 个数据包，用时 T 秒
  新接收 0 个
  已接收过 1 个（内容相同，没有改动）
  镇街名单里没有的写法 1 个（网站的统计里各算一个镇街）：
    GL街道：1 条，如 U1 2023-W45 “风险隐患排查化解台账”第 10 条
  请核对：是名单上镇街的另一种写法的，用 shouhu towns add 镇街名 写法 加上；是新的镇街，用 shouhu towns add 镇街名 加上
提醒：这个账本还没有备份过；请备份一次：shouhu ledger backup --ledger ledger.db 账本备份-2023-11-15.db（备份放在另一块磁盘或 U 盘上更稳妥）
EOF
expect 0 "$S" ingest -q u1.zip
[ ! -s out ] || die "ingest -q printed: $(cat out)"
expect 0 "$S" build -q -C site -o pub --ledger ledger.db
csv >want.csv <<'EOF'
镇街,数量
新兴路街道,6
大安镇,2
GL街道,1
未填写,1
EOF
cmp -s want.csv pub/gongzuo/zhenjie.csv ||
    die "zhenjie.csv after towns add: $(diff want.csv pub/gongzuo/zhenjie.csv)"
grep -q '<tr><th scope="row">新兴路街道</th><td>6</td></tr>' \
    pub/gongzuo/index.html || die "the /gongzuo/ table is not by town"

# ---- towns remove -----------------------------------------------------
expect 0 "$S" towns list
same out <<'EOF'
1	新兴路街道	新兴路、新兴街道
2	鼓楼街道	鼓楼
3	小孟镇	小孟、小孟镇人民政府
4	大安镇
EOF
# a name that is neither a town nor a spelling: nothing removed
expect 1 "$S" towns remove 新兴街道 大兴镇 "  " 小孟镇
same err <<'EOF'
shouhu: “大兴镇”不是名单上的镇街，也不是哪个镇街的写法：用 shouhu towns list 查看名单
shouhu: “  ”不是名单上的镇街，也不是哪个镇街的写法：用 shouhu towns list 查看名单
shouhu: 名单没有改动；改正后再运行一次
EOF
same out </dev/null
[ "$(count 'SELECT count(*) FROM towns')/$(count 'SELECT count(*) FROM
    town_names')" = 4/9 ] || die "a refused remove changed the list"
# a spelling removes only itself; a town (here by a loose form of its
# name) removes it and its spellings, the towns after it move up
expect 0 "$S" towns remove 新兴街道 "小孟 镇办事处"
same out <<'EOF'
已删除镇街 新兴路街道 的写法 新兴街道
已删除镇街 小孟镇 和它的 2 种其他写法（小孟、小孟镇人民政府）
账本里已有的记录没有改动：删掉的镇街名和写法以后算作名单里没有的写法
EOF
expect 0 "$S" towns list
same out <<'EOF'
1	新兴路街道	新兴路
2	鼓楼街道	鼓楼
3	大安镇
EOF
count "SELECT pos, name FROM towns ORDER BY pos" >list
same list <<'EOF'
1|新兴路街道
2|鼓楼街道
3|大安镇
EOF
count "SELECT spelling FROM town_names ORDER BY rowid" >list
same list <<'EOF'
新兴路街道
新兴路
鼓楼街道
鼓楼
大安镇
EOF
# a spelling of a town removed in the same command is refused
expect 1 "$S" towns remove 鼓楼街道 鼓楼
same err <<'EOF'
shouhu: “鼓楼”不是名单上的镇街，也不是哪个镇街的写法：用 shouhu towns list 查看名单
shouhu: 名单没有改动；改正后再运行一次
EOF
expect 0 "$S" towns remove 大安镇
same out <<'EOF'
已删除镇街 大安镇
账本里已有的记录没有改动：删掉的镇街名和写法以后算作名单里没有的写法
EOF
# a town added now goes last
expect 0 "$S" towns add 小孟镇
count "SELECT pos, name FROM towns ORDER BY pos" >list
same list <<'EOF'
1|新兴路街道
2|鼓楼街道
3|小孟镇
EOF
# the rows are as the units typed them; what was removed is unknown again
expect 0 "$S" ingest u1.zip
same out <<'EOF'
接收完毕：1 个数据包，用时 T 秒
  新接收 0 个
  已接收过 1 个（内容相同，没有改动）
  镇街名单里没有的写法 3 个（网站的统计里各算一个镇街）：
    新兴街道：1 条，如 U1 2023-W45 “风险隐患排查化解台账”第 6 条
    大安镇：2 条，如 U1 2023-W45 “风险隐患排查化解台账”第 8 条
    GL街道：1 条，如 U1 2023-W45 “风险隐患排查化解台账”第 10 条
  请核对：是名单上镇街的另一种写法的，用 shouhu towns add 镇街名 写法 加上；是新的镇街，用 shouhu towns add 镇街名 加上
提醒：这个账本还没有备份过；请备份一次：shouhu ledger backup --ledger ledger.db 账本备份-2023-11-15.db（备份放在另一块磁盘或 U 盘上更稳妥）
EOF
count "SELECT town FROM hazard_ledger ORDER BY _row" >got.towns
diff -u want.towns got.towns || die "towns remove changed the ledger's rows"
expect 0 "$S" build -q -C site -o pub --ledger ledger.db
csv >want.csv <<'EOF'
镇街,数量
新兴路街道,5
大安镇,2
GL街道,1
新兴街道,1
未填写,1
EOF
cmp -s want.csv pub/gongzuo/zhenjie.csv ||
    die "zhenjie.csv after towns remove: $(diff want.csv pub/gongzuo/zhenjie.csv)"

# ---- a ledger of schema 3 (before the list) is brought up to date -----
expect 0 "$S" units add --ledger old.db U1 新兴路街道市场监管所 U1.pub
# (and before the units' positions of schema 5)
sqlite3 old.db "DROP TABLE town_names; DROP TABLE towns; DROP INDEX units_pos;
    ALTER TABLE units DROP COLUMN pos; PRAGMA user_version = 3"
expect 0 "$S" towns list --ledger old.db
same out <<'EOF'
镇街名单还是空的：用 shouhu towns add 镇街名 [其他写法...] 或 shouhu towns import 名单.txt 加上
EOF
[ "$(sqlite3 old.db 'PRAGMA user_version')" -eq 5 ] || die "not migrated"
expect 0 "$S" towns add --ledger old.db 鼓楼街道
same out <<'EOF'
已加上镇街 鼓楼街道
EOF
