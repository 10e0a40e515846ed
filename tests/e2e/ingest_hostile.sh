#!/bin/sh
# shouhu ingest against crafted bundles: every defect build/test/forge can
# make (zip tricks: traversal, absolute paths, links, duplicates, bombs,
# lying sizes, huge entries, zip encryption, a flipped bit; content: a bad
# row, an ID-card number Excel had cut (E notation), a wrong form version,
# an unknown form, a wrong row count, a month for a weekly form), a bundle signed by a stranger's key, a bundle of an
# unregistered unit and a file that is not a zip.  Each one, alone, must be
# rejected with exit status 1 and its exact reason, copied byte for byte
# into quarantine/ with an exact .reason file, logged once in ingest_log,
# and must leave the ledger's data alone.  Nothing from any bundle may be
# written to disk.  The valid bundle goes in once; a renamed copy of it is
# unchanged.  Last, all of them at once in one folder, into a new ledger.
. "$(dirname "$0")/lib/common.sh"
: "${FORGE:?set FORGE to the forge test tool}"
cd "$T"
S=$SHOUHU

# quiet STATUS CMD...: expect STATUS CMD..., and CMD must print nothing
# on stderr (a sanitizer report would be there); output in out/err
quiet() {
	expect "$@"
	[ ! -s err ] || die "$*: printed on stderr: $(cat err)"
}
# state: everything in the ledger that a rejection must not change
state() {
	count "SELECT (SELECT count(*) FROM units) || ' ' ||
	    (SELECT count(*) FROM bundles) || ' ' ||
	    (SELECT count(*) FROM parts) || ' ' ||
	    (SELECT count(*) FROM hazard_ledger_all)"
}

ZIPKINDS="traversal absolute symlink duplicate bomb lying-size huge
zip-encrypted flipped"
DATAKINDS="bad-row excel-number wrong-version unknown-form rows-mismatch
wrong-period-kind"
HOSTILE="$ZIPKINDS $DATAKINDS wrong-key unknown-unit not-zip"

# keys, the same every run; the registry
"$FORGE" key unit-1 一号所 u1 >/dev/null
"$FORGE" key stranger 陌生人 stranger >/dev/null
"$FORGE" key office 专项办 office >/dev/null
quiet 0 "$S" units add U1 一号所 u1.pub
quiet 0 "$S" ledger backup backup.db	# no reminder in the summaries
id1=$(sed -n 's/^key: //p' u1.pub | base64 -d | sha256sum | cut -c1-16)

# the files
for k in valid $ZIPKINDS $DATAKINDS; do
	"$FORGE" "$k" u1.key U1 2023-W45 "$k.zip" >/dev/null
done
"$FORGE" valid stranger.key U1 2023-W45 wrong-key.zip >/dev/null
"$FORGE" valid u1.key U9 2023-W45 unknown-unit.zip >/dev/null
printf 'not a zip\n' >not-zip.zip

# reason KIND: the reason for rejecting KIND.zip, after "KIND.zip: "
Z='；这不是 shouhu-collect 生成的数据包，请勿打开，并与报送单位核实'
D=data/hazard_ledger.csv
reason() {
	case $1 in
	traversal | absolute)
		[ "$1" = traversal ] && p=../evil.csv || p=/etc/evil.csv
		echo "数据包可疑，已拒绝：不允许的文件名 $p（只能有 manifest.json、manifest.sig 和 data/表名.csv）$Z" ;;
	symlink) echo "数据包可疑，已拒绝：$D 是符号链接$Z" ;;
	duplicate) echo "数据包可疑，已拒绝：文件名 $D 出现了两次$Z" ;;
	bomb) echo "数据包可疑，已拒绝：条目 $D 与前一个条目的数据重叠（zip 炸弹的特征）$Z" ;;
	lying-size) echo "数据包可疑，已拒绝：$D 解压出的数据多于声明的 10 字节（声明的大小是假的）$Z" ;;
	huge) echo "数据包可疑，已拒绝：$D 解压后有 68157440 字节，超过上限 67108864 字节$Z" ;;
	zip-encrypted) echo "数据包可疑，已拒绝：条目 $D 用 zip 密码加密了$Z" ;;
	flipped) echo "数据包已损坏或被改动：$D 的 CRC 校验不符；请让报送单位重新打包发送" ;;
	bad-row)
		# row 2 is row 3 as a spreadsheet numbers it (the header is
		# row 1), though it starts on line 4: row 1 has cells of two lines
		echo "$D 有 2 个问题，整个数据包没有接收；请让报送单位改正后重新打包："
		echo "  $D:3:A(主管部门): 必须填写"
		echo "  $D:3:G(等级): 不是可选的值：请从下拉列表中选择（可选：A、B、C）（Z）" ;;
	excel-number)
		echo "$D 有 1 个问题，整个数据包没有接收；请让报送单位改正后重新打包："
		echo "  $D:3:K(检查单位): 这一格被 Excel 存成了数字（1.10101199001011E+17），后几位已经丢失：请把这一列设成“文本”格式后重新输入" ;;
	wrong-version) echo "风险隐患排查化解台账（hazard_ledger）是第 99 版，本程序用的是第 1 版；请让报送单位用最新的 shouhu-collect 和模板重新填报打包" ;;
	unknown-form) echo "数据包里的表单 no_such_form 本程序不认识；请升级 shouhu，或与报送单位核实" ;;
	rows-mismatch) echo "$D 有 3 行数据，清单上写的是 5 行；请让报送单位重新打包" ;;
	wrong-period-kind) echo "风险隐患排查化解台账按周报送，数据包的期间却是 2022-05；请让报送单位改正期间后重新打包" ;;
	wrong-key) echo "签名无效：这个数据包不是由该单位的密钥签名的，或在传送中被改动（数据包自称来自 U1 一号所，登记的公钥是 $id1）；请与该单位电话核实，不要接收" ;;
	unknown-unit) echo "单位代码 U9（数据包上写的名称：一号所）没有登记；如果是新的报送单位，先用 shouhu units add U9 名称 单位.pub 登记它的公钥，再接收" ;;
	not-zip) echo "不是 Shouhu 数据包：不是 zip 文件；请选择 shouhu-collect pack 生成的 .zip 文件" ;;
	*) die "no reason for $1" ;;
	esac
}

# what a bundle could write outside the test folder (those not there now)
outside=
for p in "$T/../evil.csv" "$T/../etc" "$T/../data" /etc/evil.csv; do
	[ -e "$p" ] || outside="$outside $p"
done

# the valid bundle first: the zip kinds keep its signed manifest, and
# wrong-key and rows-mismatch have its bundle id, so "seen this id before"
# must never let them through as unchanged
quiet 0 "$S" ingest valid.zip
same out <<'EOF'
接收完毕：1 个数据包，用时 T 秒
  新接收 1 个
EOF
cp valid.zip renamed.zip
quiet 0 "$S" ingest renamed.zip
same out <<'EOF'
接收完毕：1 个数据包，用时 T 秒
  新接收 0 个
  已接收过 1 个（内容相同，没有改动）
EOF
[ "$(state)" = "1 1 1 3" ] || die "ledger after valid.zip: $(state)"

# each hostile file on its own
for k in $HOSTILE; do
	f=$k.zip
	before=$(state)
	logs=$(count 'SELECT count(*) FROM ingest_log')
	quiet 1 "$S" ingest "$f"
	{
		echo '接收完毕：1 个数据包，用时 T 秒'
		echo '  新接收 0 个'
		echo '  拒收 1 个（已复制到 quarantine，原因写在同名的 .reason 文件里）：'
		printf '    %s: ' "$f"
		reason "$k" | sed '2,$s/^/    /'
	} | same out
	cmp "$f" "quarantine/$f" || die "quarantine/$f differs from $f"
	{
		echo "文件：$f"
		echo '时间：2023-11-14T22:13:20Z'
		echo "SHA-256：$(sha256sum "$f" | cut -d' ' -f1)"
		printf '原因：%s: ' "$f"
		reason "$k"
	} | same "quarantine/$f.reason"
	[ "$(state)" = "$before" ] || die "$f changed the ledger: $(state)"
	[ "$(count 'SELECT count(*) FROM ingest_log')" -eq $((logs + 1)) ] ||
	    die "$f: not one ingest_log row"
	[ "$(count "SELECT outcome || ' ' || file FROM ingest_log WHERE id = (SELECT max(id) FROM ingest_log)")" = "rejected $f" ] ||
	    die "$f: ingest_log: $(count 'SELECT * FROM ingest_log')"
done
[ "$(stat -c %a quarantine)" = 700 ] || die "quarantine is not mode 700"

# the ledger holds the valid bundle only, and is sound
[ "$(count 'SELECT count(*) FROM bundles')" -eq 1 ] || die "bundles"
[ "$(count 'SELECT count(*) FROM hazard_ledger')" -eq 3 ] || die "rows"
[ "$(count 'PRAGMA integrity_check')" = ok ] || die "integrity"
[ -z "$(count 'PRAGMA foreign_key_check')" ] || die "foreign keys"
[ "$(count "SELECT group_concat(outcome) FROM (SELECT outcome FROM ingest_log ORDER BY id)")" = \
    "accepted,unchanged$(for k in $HOSTILE; do printf ,rejected; done)" ] ||
    die "ingest_log: $(count 'SELECT outcome, file FROM ingest_log')"

# all at once, in name order, into a new ledger: the valid one goes in
mkdir all
for k in valid $HOSTILE; do
	cp "$k.zip" all/
done
quiet 0 "$S" units add --ledger all.db U1 一号所 u1.pub
quiet 0 "$S" ledger backup --ledger all.db all-backup.db
quiet 1 "$S" ingest --ledger all.db --quarantine allq all/
n=0
for k in $HOSTILE; do
	n=$((n + 1))
done
{
	echo "接收完毕：$((n + 1)) 个数据包，用时 T 秒"
	echo '  新接收 1 个'
	echo "  拒收 $n 个（已复制到 allq，原因写在同名的 .reason 文件里）："
	# shellcheck disable=SC2086 # the words of $HOSTILE, sorted
	for k in $(printf '%s\n' $HOSTILE | LC_ALL=C sort); do
		printf '    all/%s.zip: ' "$k"
		reason "$k" | sed '2,$s/^/    /'
	done
} | same out
for k in $HOSTILE; do
	cmp "$k.zip" "allq/$k.zip" || die "allq/$k.zip differs"
	grep -q "^原因：all/$k.zip: " "allq/$k.zip.reason" ||
	    die "allq/$k.zip.reason: $(cat "allq/$k.zip.reason")"
done
[ "$(sqlite3 all.db 'SELECT count(*) FROM bundles')" -eq 1 ] || die "all.db bundles"
[ "$(sqlite3 all.db 'SELECT count(*) FROM hazard_ledger')" -eq 3 ] || die "all.db rows"
[ "$(sqlite3 all.db 'PRAGMA integrity_check')" = ok ] || die "all.db integrity"

# nothing was written but the ledgers and the quarantine copies: every
# path under the test folder is one the test expects
{
	echo .
	for d in all quarantine allq; do
		echo "./$d"
	done
	for k in valid $HOSTILE; do
		echo "./$k.zip"
		echo "./all/$k.zip"
	done
	for k in $HOSTILE; do
		for q in quarantine allq; do
			echo "./$q/$k.zip"
			echo "./$q/$k.zip.reason"
		done
	done
	for f in renamed.zip u1.key u1.pub stranger.key stranger.pub \
	    office.key office.pub ledger.db all.db backup.db all-backup.db out err want got changes \
	    paths found; do
		echo "./$f"
	done
} | LC_ALL=C sort >paths
# "found" itself is listed whether or not find sees it (the shell makes it
# while find runs)
{ find .; echo ./found; } | grep -v '^\./\(ledger\|all\)\.db-\(wal\|shm\)$' |
    LC_ALL=C sort -u >found
diff -u paths found >changes || die "unexpected files: $(cat changes)"
for p in $outside; do
	[ ! -e "$p" ] || die "ingest wrote $p"
done
exit 0
