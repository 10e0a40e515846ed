#!/bin/sh
# The ledger refuses damage (issue 13): a damaged ledger is neither read
# nor written by any command, an empty or foreign file is never turned
# into a ledger, a backup taken while another program writes is the
# committed state and passes the full check, the README's way of restoring
# gives back the ledger, and ingest reminds the office of an old backup.
. "$(dirname "$0")/lib/common.sh"
: "${FORGE:?set FORGE to the forge test tool}"
cd "$T"
S=$SHOUHU

"$FORGE" batch d 30 5 3 >/dev/null 2>err || die "forge: $(cat err)"
while IFS='	' read -r code name pub; do
	expect 0 "$S" units add "$code" "$name" "$pub"
done <d/units.txt
expect 0 "$S" ledger backup good.db
expect 0 "$S" ingest -q d/bundles
sqlite3 ledger.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
sqlite3 ledger.db 'SELECT * FROM hazard_ledger ORDER BY _bundle, _row' >ref.txt
expect 0 "$S" ledger check
same out <<'EOF'
ledger.db：账本完好（完整检查了每一页、每个索引和引用）
EOF
mkdir site site/scripts site/content site/themes site/themes/t \
    site/themes/t/layouts
printf 'return { theme = "t" }\n' >site/scripts/site.lua
printf '{{ page.title }}\n' >site/themes/t/layouts/single.html
cp site/themes/t/layouts/single.html site/themes/t/layouts/list.html

# refused FILE WHAT ARGS...: the command fails with the message of file
# want on stderr, and FILE keeps its bytes
refused() {
	f=$1
	what=$2
	shift 2
	sum=$(sha256sum "$f")
	set +e
	"$@" >out 2>err
	rc=$?
	set -e
	[ "$rc" -ne 0 ] || die "$what: exit 0: $(cat out)"
	grep -v '^shouhu: 没有生成网站' err >got || true
	diff -u want got >d.out || die "$what: $(cat d.out)"
	[ "$(sha256sum "$f")" = "$sum" ] || die "$what: $f was changed"
}

# ---- a damaged ledger: every command refuses it -------------------------

cp ledger.db keep.db
printf '%*s' 8192 '' | tr ' ' Z |
    dd of=ledger.db bs=4096 seek=6 conv=notrunc 2>/dev/null
for cmd in "ingest d/bundles" "units list" "units add u9 九号 d/keys/u001.pub" \
    "ledger check" "report --period 2023-W45 -o r.xlsx" \
    "build -C site --ledger ledger.db" "ledger backup copy.db"; do
	# shellcheck disable=SC2086
	set +e
	"$S" $cmd >out 2>err
	rc=$?
	set -e
	[ "$rc" -ne 0 ] || die "$cmd: a damaged ledger, exit 0"
	grep -q '^ledger.db: 账本已损坏，没有读写它（SQLite 检查发现：.*）：请用最近的备份恢复（见 README 的“账本的备份与恢复”），再重新接收备份之后收到的数据包$' err ||
	    die "$cmd: $(cat err)"
done
[ ! -e r.xlsx ] && [ ! -e copy.db ] && [ ! -e site/public ] ||
    die "something was written from a damaged ledger"

# ---- restoring as README says --------------------------------------------

rm -f ledger.db ledger.db-wal ledger.db-shm
cp good.db ledger.db
expect 0 "$S" ledger check
expect 0 "$S" ingest -q d/bundles
sqlite3 ledger.db 'SELECT * FROM hazard_ledger ORDER BY _bundle, _row' >got.txt
cmp -s ref.txt got.txt || die "the restored ledger differs"

# ---- an empty file, a text file, another program's database --------------

: >empty.db
cat >want <<'EOF'
empty.db: 账本文件是空的（0 字节），可能是复制或保存时出了问题：请用备份恢复（见 README 的“账本的备份与恢复”）；如果确实要从头开始，先删掉这个文件
EOF
refused empty.db "units list on an empty file" "$S" units list --ledger empty.db
refused empty.db "ingest into an empty file" "$S" ingest --ledger empty.db d/bundles
refused empty.db "units add to an empty file" "$S" units add --ledger empty.db \
    u9 九号 d/keys/u001.pub
[ ! -s empty.db ] || die "the empty file was written"
sqlite3 other.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1)'
cat >want <<'EOF'
other.db: 这不是 Shouhu 账本（是别的 SQLite 数据库）；请检查 --ledger 指定的文件（它没有被改动）
EOF
refused other.db "units add to another database" "$S" units add --ledger \
    other.db u9 九号 d/keys/u001.pub

# ---- a backup while another program writes --------------------------------

# a writer holds an open transaction with a row not committed; the copy
# (WAL: a reader) goes through and holds the committed state only; then
# the backup waits to record its time until the writer commits
mkfifo to from
sqlite3 ledger.db <to >from 2>&1 &
writer=$!
exec 3>to
printf "BEGIN IMMEDIATE;\nINSERT INTO meta VALUES ('uncommitted', 'x');\n.print ready\n" >&3
read -r line <from
[ "$line" = ready ] || die "the writer said: $line"
"$S" ledger backup during.db >out 2>err &
backup=$!
# the copy is in place before the backup records its time (an event, not
# a time: the loop ends when the file appears or the backup has ended)
while [ ! -e during.db ] && kill -0 "$backup" 2>/dev/null; do
	sleep 0.05
done
[ -e during.db ] || die "no copy: $(cat err)"
printf 'COMMIT;\n' >&3
exec 3>&-
wait "$writer"
rc=0
wait "$backup" || rc=$?
[ "$rc" -eq 0 ] || die "backup: exit $rc: $(cat err)"
same out <<'EOF'
已备份 ledger.db 到 during.db（已完整检查备份）
EOF
[ "$(stat -c %a during.db)" = 600 ] || die "the backup is not mode 600"
[ ! -e during.db-wal ] || die "the backup has a WAL beside it"
[ "$(sqlite3 during.db "SELECT count(*) FROM meta WHERE key = 'uncommitted'")" = 0 ] ||
    die "the backup holds an uncommitted row"
sqlite3 during.db 'SELECT * FROM hazard_ledger ORDER BY _bundle, _row' >got.txt
cmp -s ref.txt got.txt || die "the backup differs from the ledger"
expect 0 "$S" ledger check --ledger during.db
# an existing file is not overwritten without --force
cat >want <<'EOF'
during.db: 这个文件已经存在，没有覆盖它：请换一个文件名，或加 --force 覆盖
EOF
refused during.db "a backup over a file" "$S" ledger backup during.db
expect 0 "$S" ledger backup --force during.db

# ---- the reminder: after a week ------------------------------------------

SOURCE_DATE_EPOCH=$((1700000000 + 6 * 86400)) expect 0 "$S" ingest d/bundles
grep -q '^提醒' out && die "a reminder after 6 days: $(cat out)"
SOURCE_DATE_EPOCH=$((1700000000 + 8 * 86400)) expect 0 "$S" ingest d/bundles
grep -qx '提醒：账本上次备份是 8 天前；请备份一次：shouhu ledger backup --ledger ledger.db 账本备份-2023-11-23.db（备份放在另一块磁盘或 U 盘上更稳妥）' out ||
    die "no reminder after 8 days: $(cat out)"
exit 0
