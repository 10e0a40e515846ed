#!/bin/sh
# Faults speak Chinese (issue 13): a full disk, a read-only disk, no
# permission and a missing folder, in every command that writes, each get a
# Chinese message that names the file and says what to do; nothing is left
# half written and no system or library error leaks in English.
#
# The full and the read-only disk are a tiny tmpfs mounted in a mount
# namespace of this test's own (unshare -rm: no root needed where user
# namespaces are allowed); no permission is an ordinary user (setpriv, when
# the test runs as root, who ignores permissions).
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
: "${FORGE:?set FORGE to the forge test tool}"
cd "$T"
S=$SHOUHU
C=$COLLECT
FULL='磁盘已满（请腾出空间后再试）'
RO='所在的磁盘是只读的（请换一个可以写入的位置）'
PERM='没有权限（请检查文件和文件夹的权限，或换一个位置）'
GONE='文件或文件夹不存在'

unshare -rm true 2>/dev/null ||
    die "unshare -rm does not work here: this test needs mount namespaces"

# what a site, a ledger, keys and bundles the commands need
"$FORGE" batch d 4 3 2 >/dev/null 2>err || die "forge: $(cat err)"
# more bundles, of which the last 60 are new to the ledger
"$FORGE" batch e 64 40 2 >/dev/null 2>err || die "forge: $(cat err)"
while IFS='	' read -r code name pub; do
	expect 0 "$S" units add "$code" "$name" "$pub"
done <d/units.txt
expect 0 "$S" ingest -q d/bundles
mksite site 5
"$FILL" hazard_ledger 3 h.csv >/dev/null
expect 0 "$C" keygen u1

# on DISK (full or ro) CMD...: runs CMD in a namespace where disk/ is a
# 256 KiB tmpfs holding a copy of ledger.db, filled up (full) or read-only
# (ro); stdout in out, stderr in err, the status in rc
on() {
	how=$1
	shift
	mkdir -p disk
	cat >ns.sh <<'EOF'
how=$1
shift
mount -t tmpfs -o size=256k tmpfs disk || exit 97
if [ "$how" = full ]; then
	cp ledger.db disk/ledger.db 2>/dev/null || exit 98
	dd if=/dev/zero of=disk/fill bs=4k 2>/dev/null
else
	cp ledger.db disk/ledger.db || exit 98
	mount -o remount,ro disk || exit 97
fi
"$@"
EOF
	set +e
	unshare -rm sh ns.sh "$how" "$@" >out 2>err
	rc=$?
	set -e
	[ "$rc" -lt 97 ] || die "the namespace could not be set up ($rc): $(cat err)"
}

# says WHAT TEXT: the last command failed, and its stderr has TEXT and no
# English error text
says() {
	[ "$rc" -ne 0 ] || die "$1: exit 0"
	grep -qF -- "$2" err || die "$1: $(cat err)"
	if grep -qiE 'error|denied|no such|no space|read-only|not permitted|\[ERROR\]' err; then
		die "$1: English in the message: $(cat err)"
	fi
}

for how in full ro; do
	[ "$how" = full ] && want=$FULL || want=$RO
	on "$how" "$C" template hazard_ledger -o disk/t.xlsx
	says "template on a $how disk" "disk/t.xlsx: 无法写入"
	grep -qF "$want" err || die "template, $how: $(cat err)"
	on "$how" "$C" template hazard_ledger -o disk/t.csv
	says "csv template on a $how disk" "$want"
	on "$how" "$C" pack --unit u001 --period 2022-W21 --key u1.key \
	    hazard_ledger=h.csv -o disk/b.zip
	says "pack on a $how disk" "$want"
	on "$how" "$S" report --period 2023-W45 -o disk/r.xlsx
	says "report on a $how disk" "$want"
	on "$how" "$S" ledger backup disk/b.db
	says "backup on a $how disk" "$want"
	on "$how" "$S" build -C site -o disk/out
	says "build on a $how disk" "$want"
	grep -q 'shouhu: 没有生成网站：disk/out 保持原样' err ||
	    die "build, $how: $(cat err)"
	on "$how" "$S" ingest --ledger disk/ledger.db e/bundles
	says "ingest on a $how disk" "disk/ledger.db: "
	grep -qF "$want" err || die "ingest, $how: $(cat err)"
done
ls disk | grep -q . && die "the tmpfs leaked out of its namespace"

# a missing folder
expect 1 "$C" template hazard_ledger -o nope/t.xlsx
says "template into a missing folder" "nope/t.xlsx: 无法写入：$GONE"
expect 1 "$S" report --period 2023-W45 -o nope/r.xlsx
says "report into a missing folder" "$GONE"

# no permission
mkdir locked
chmod 555 locked
if [ "$(id -u)" -eq 0 ]; then
	chmod -R a+rX . 2>/dev/null || true
	run_as() {
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	}
else
	run_as() {
		"$@"
	}
fi
set +e
run_as "$C" template hazard_ledger -o locked/t.xlsx >out 2>err
rc=$?
set -e
says "template into a folder without permission" "locked/t.xlsx: 无法写入：$PERM"
set +e
run_as "$S" report --period 2023-W45 -o locked/r.xlsx >out 2>err
rc=$?
set -e
says "report without permission" "$PERM"
[ -z "$(ls locked)" ] || die "something was left in locked/: $(ls locked)"
exit 0
