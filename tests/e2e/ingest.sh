#!/bin/sh
# shouhu units and shouhu ingest from the command line: registering units,
# a first ingest, the same bundles again, a correction that supersedes, a
# late older bundle, sealed bundles with and without the office key,
# strangers, folders, the quarantine folder and its .reason files, exact
# summaries and exit statuses, and row counts in the ledger.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
: "${FILL:?set FILL to the fill test tool}"
cd "$T"
S=$SHOUHU
C=$COLLECT


for k in u1 u2 stranger office; do
	expect 0 "$C" keygen $k
done
"$FILL" hazard_ledger 5 h5.csv >/dev/null
"$FILL" hazard_ledger 3 h3.csv >/dev/null
"$FILL" campaign_stats 1 c1.csv >/dev/null

# usage errors
expect 2 "$S" ingest
expect 2 "$S" units
expect 2 "$S" units add U1 名称
expect 2 "$S" units add "U 1" 名称 u1.pub
grep -q "单位代码“U 1”不可用" err || die "bad code message: $(cat err)"

# no ledger yet
mkdir in
expect 1 "$S" ingest in
same err <<'EOF'
ledger.db: 找不到账本：文件或文件夹不存在；先用 shouhu units add 登记报送单位，账本会随之建立，或用 --ledger 指定账本文件
EOF
[ ! -e ledger.db ] || die "ingest created a ledger"

# the registry
expect 1 "$S" units list --ledger ledger.db
expect 0 "$S" units add U1 一号所 u1.pub
[ "$(stat -c %a ledger.db)" = 600 ] || die "ledger.db is not mode 600"
id1=$(sed -n 's/^key: //p' u1.pub | base64 -d | sha256sum | cut -c1-16)
same out <<EOF
已登记 U1 一号所（公钥 $id1）
EOF
expect 0 "$S" units add U1 一号所 u1.pub
same out <<EOF
U1 一号所 早已登记，公钥相同（$id1），没有改动
EOF
expect 1 "$S" units add U1 一号所 stranger.pub
same err <<'EOF'
ledger.db: 单位 U1 已经登记过（一号所），公钥不同；如果确实要换成新的，加上 --replace 再运行（已接收的数据不受影响）
EOF
expect 0 "$S" units add U2 二号所 u2.pub
expect 0 "$S" units list
[ "$(wc -l <out)" -eq 2 ] || die "units list: $(cat out)"
grep -q "^U1	一号所	公钥 $id1	登记于 2023-11-14T22:13:20Z	数据包 0 个$" out ||
    die "units list: $(cat out)"

# bundles, created at fixed times
pack() {	# EPOCH ARGS...
	e=$1
	shift
	SOURCE_DATE_EPOCH=$e "$C" pack "$@" >/dev/null 2>err ||
	    die "pack $*: $(cat err)"
}
pack 1699990000 --unit U1 --period 2023-W45 --key u1.key \
    hazard_ledger=h5.csv campaign_stats=c1.csv -o in/a-u1.zip
pack 1699990000 --unit U2 --period 2023-W45 --key u2.key --to office.pub \
    hazard_ledger=h3.csv -o in/b-u2-sealed.zip
mkdir in/sub in/.hidden
pack 1699990000 --unit U2 --period 2023-W44 --key u2.key \
    hazard_ledger=h5.csv -o in/sub/c-u2.zip
cp in/a-u1.zip in/.hidden/skipped.zip

# without the office key the sealed one waits, and is not quarantined
expect 1 "$S" ingest in
same out <<'EOF'
接收完毕：3 个数据包，用时 T 秒
  新接收 2 个
  拒收 1 个：
    in/b-u2-sealed.zip: 数据包是加密的，需要专项办的私钥：加上 --key 专项办.key 再运行
提醒：这个账本还没有备份过；请备份一次：shouhu ledger backup --ledger ledger.db 账本备份-2023-11-15.db（备份放在另一块磁盘或 U 盘上更稳妥）
EOF
[ ! -e quarantine ] || die "quarantine made for a missing key"
# once backed up, the reminder comes back only after a week
expect 0 "$S" ledger backup 账本备份-2023-11-15.db
same out <<'EOF'
已备份 ledger.db 到 账本备份-2023-11-15.db（已完整检查备份）
EOF
[ "$(count 'SELECT count(*) FROM hazard_ledger')" -eq 10 ] || die "rows"

# with the key: the sealed one goes in, the others are unchanged
expect 0 "$S" ingest --key office.key -v in
same out <<'EOF'
in/a-u1.zip: 以前接收过，没有改动：U1 一号所，2023-W45，campaign_stats 1 行、hazard_ledger 5 行
in/b-u2-sealed.zip: 新接收：U2 二号所，2023-W45，hazard_ledger 3 行
in/sub/c-u2.zip: 以前接收过，没有改动：U2 二号所，2023-W44，hazard_ledger 5 行
接收完毕：3 个数据包，用时 T 秒
  新接收 1 个
  已接收过 2 个（内容相同，没有改动）
EOF
[ "$(count 'SELECT count(*) FROM hazard_ledger')" -eq 13 ] || die "rows"
[ "$(count 'SELECT count(*) FROM bundles')" -eq 3 ] || die "bundles"

# a correction supersedes; an older one arriving late goes to history
pack 1699995000 --unit U1 --period 2023-W45 --key u1.key \
    hazard_ledger=h3.csv -o fix.zip
pack 1699980000 --unit U1 --period 2023-W45 --key u1.key \
    hazard_ledger=h3.csv campaign_stats=c1.csv -o late.zip
"$FILL" hazard_ledger 4 h4.csv >/dev/null
pack 1699980000 --unit U1 --period 2023-W45 --key u1.key \
    hazard_ledger=h4.csv -o late.zip
expect 0 "$S" ingest -q fix.zip late.zip
[ ! -s out ] || die "-q printed: $(cat out)"
expect 0 "$S" ingest fix.zip late.zip
same out <<'EOF'
接收完毕：2 个数据包，用时 T 秒
  新接收 0 个
  已接收过 2 个（内容相同，没有改动）
EOF
[ "$(count "SELECT count(*) FROM hazard_ledger WHERE _unit = 'U1'")" -eq 3 ] ||
    die "U1 rows after the correction"
[ "$(count "SELECT count(*) FROM hazard_ledger_all")" -eq 20 ] ||
    die "history rows: $(count 'SELECT count(*) FROM hazard_ledger_all')"
[ "$(count "SELECT count(*) FROM campaign_stats")" -eq 1 ] || die "stats"
[ "$(count "SELECT group_concat(outcome) FROM (SELECT outcome FROM ingest_log WHERE file IN ('fix.zip', 'late.zip') ORDER BY id)")" = \
    "replaced,outdated,unchanged,unchanged" ] || die "log: $(count 'SELECT * FROM ingest_log')"

# strangers and damage: rejected, quarantined with a reason, exit 1
pack 1699990000 --unit U9 --period 2023-W45 --key stranger.key \
    hazard_ledger=h3.csv -o unknown.zip
pack 1699990000 --unit U1 --period 2023-W46 --key stranger.key \
    hazard_ledger=h3.csv -o forged.zip
cp in/a-u1.zip damaged.zip
printf 'XXXX' | dd of=damaged.zip bs=1 seek=200 conv=notrunc 2>/dev/null
printf 'not a zip\n' >notes.zip
expect 1 "$S" ingest damaged.zip forged.zip notes.zip unknown.zip
head -3 out >head
same head <<'EOF'
接收完毕：4 个数据包，用时 T 秒
  新接收 0 个
  拒收 4 个（已复制到 quarantine，原因写在同名的 .reason 文件里）：
EOF
grep -q "^    forged.zip: 签名无效：这个数据包不是由该单位的密钥签名的，或在传送中被改动（数据包自称来自 U1 一号所，登记的公钥是 $id1）；请与该单位电话核实，不要接收$" out ||
    die "forged: $(cat out)"
grep -q "^    unknown.zip: 单位代码 U9（数据包上写的名称：stranger）没有登记；" out ||
    die "unknown: $(cat out)"
grep -q "^    damaged.zip: 数据包已损坏或被改动：" out || die "damaged: $(cat out)"
grep -q "^    notes.zip: 不是 Shouhu 数据包：" out || die "notes: $(cat out)"
for f in damaged forged notes unknown; do
	cmp "$f.zip" "quarantine/$f.zip" || die "quarantine/$f.zip differs"
	grep -q "^文件：$f.zip$" "quarantine/$f.zip.reason" ||
	    die "$f.zip.reason: $(cat "quarantine/$f.zip.reason")"
	grep -q "^原因：$f.zip: " "quarantine/$f.zip.reason" ||
	    die "$f.zip.reason: $(cat "quarantine/$f.zip.reason")"
done
[ "$(stat -c %a quarantine)" = 700 ] || die "quarantine is not mode 700"
[ "$(count 'SELECT count(*) FROM bundles')" -eq 5 ] || die "bundles"

# the same rejected file again: one copy; another file of the same name:
# a second copy beside it
expect 1 "$S" ingest notes.zip
mkdir other
printf 'other notes\n' >other/notes.zip
expect 1 "$S" ingest other/notes.zip
[ "$(ls quarantine | grep -c '^notes.*zip$')" -eq 2 ] || die "$(ls quarantine)"
h=$(sha256sum other/notes.zip | cut -c1-12)
cmp other/notes.zip "quarantine/notes-$h.zip" || die "second notes copy"

# the quarantine folder itself is never ingested
expect 1 "$S" ingest --quarantine in/q notes.zip
[ -f in/q/notes.zip ] || die "no in/q/notes.zip"
expect 0 "$S" ingest --key office.key --quarantine in/q in
[ "$(count "SELECT count(*) FROM ingest_log WHERE file LIKE '%quarantine%'")" -eq 0 ] ||
    die "quarantine ingested"

# units list counts bundles
expect 0 "$S" units list
grep -q "^U1	一号所	公钥 $id1	登记于 2023-11-14T22:13:20Z	数据包 3 个，最近 2023-11-14T22:13:20Z$" out ||
    die "units list: $(cat out)"

# the ledger is sound
[ "$(count 'PRAGMA integrity_check')" = ok ] || die "integrity"
[ -z "$(count 'PRAGMA foreign_key_check')" ] || die "foreign keys"
exit 0
