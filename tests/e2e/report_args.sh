#!/bin/sh
# shouhu report's --period and --deadline as the office writes them: a day
# for its week (and which week that is), a weekday by name; and the exact
# messages for what is not.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"

cd "$T"
"$COLLECT" keygen u1 >/dev/null 2>&1 || die "keygen failed"
"$SHOUHU" units add --ledger l.db u1 测试单位 u1.pub >/dev/null ||
    die "units add failed"

# run STATUS ARGS...: shouhu report with ARGS exits STATUS
run() {
	want=$1
	shift
	set +e
	"$SHOUHU" report --ledger l.db "$@" >out 2>err
	rc=$?
	set -e
	[ "$rc" -eq "$want" ] || die "report $*: exit $rc, expected $want: $(cat err out)"
}

# a day: its ISO week, said first, and how to ask for its month
run 0 --period 2023-11-09 -o a.xlsx
cat >want <<'TXT'
2023-11-09 在 2023 年第 45 周（11月6日—11月12日）；要 2023 年 11 月的月报表，写 --period 2023-11
已生成 2023-W45 的周报：a.xlsx（1 个单位，0 条风险隐患）
TXT
cmp -s want out || die "--period 2023-11-09 said: $(cat out)"
# the workbook's time is the report's (SOURCE_DATE_EPOCH), not the clock's,
# so the same ledger gives the same bytes
unzip -p a.xlsx docProps/core.xml | grep -q \
    '<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-14T22:13:20Z</dcterms:created>' ||
    die "the workbook's creation time is not SOURCE_DATE_EPOCH: $(unzip -p a.xlsx docProps/core.xml)"
# a Sunday belongs to the week before it; a new year's day to the last
# week of the old year
run 0 --period 2023-11-12 -o b.xlsx
grep -qx '2023-11-12 在 2023 年第 45 周（11月6日—11月12日）；要 2023 年 11 月的月报表，写 --period 2023-11' out ||
    die "--period 2023-11-12 said: $(cat out)"
run 0 --period 2023-01-01 -o c.xlsx
grep -qx '2023-01-01 在 2022 年第 52 周（12月26日—1月1日）；要 2023 年 1 月的月报表，写 --period 2023-01' out ||
    die "--period 2023-01-01 said: $(cat out)"

# the deadline by the weekday's name, with or without a space, : or ：
for d in "星期四 10:00" "周四10:00" "礼拜四 10：00" "4 10:00"; do
	run 0 --period 2023-W45 --deadline "$d" -o d.xlsx
done
cmp -s a.xlsx d.xlsx || die "the same deadline written four ways gave other workbooks"
run 0 --period 2023-W45 --deadline "星期日 23:59" -o e.xlsx
run 0 --period 2023-W45 --deadline "周天 8:00" -o f.xlsx

# what is not: exit 2, the exact message, no file
for d in "410:00" "星期八 10:00" "周四 25:00" "周四" "Thursday 10:00"; do
	run 2 --period 2023-W45 --deadline "$d" -o x.xlsx
	[ "$(cat err)" = "shouhu: --deadline “$d”不对：写成 星期几 时:分，如 \"星期四 10:00\" 或 \"4 10:00\"（周四上午 10 点，北京时间）" ] ||
	    die "--deadline $d: $(cat err)"
done
for p in 2023-13-01 2023-11-9 11-09 2023-W54 2023-13 2023-1; do
	run 2 --period "$p" -o x.xlsx
	[ "$(cat err)" = "shouhu: 报表期间“$p”不对：周报写成 2022-W21（第 21 周）或这一周里的一天，如 2022-05-26；月报表写成 2022-05" ] ||
	    die "--period $p: $(cat err)"
done
# a month: the monthly tables, which have no deadline
run 0 --period 2023-11 -o m.xlsx
[ "$(cat out)" = "已生成 2023-11 的月报表：m.xlsx（风险管控名单 0 家，其中红 0 家、橙 0 家，0 个单位已报送、1 个未报；登记线索 0 条；查办进度 0 条）" ] ||
    die "--period 2023-11: $(cat out)"
run 2 --period 2023-11 --deadline "星期四 10:00" -o x.xlsx
[ "$(cat err)" = "shouhu: --deadline 只用于周报；2023-11 是一个月，月报表没有截止时间，请去掉 --deadline" ] ||
    die "--period 2023-11 --deadline: $(cat err)"
[ ! -e x.xlsx ] || die "x.xlsx was written"
exit 0
