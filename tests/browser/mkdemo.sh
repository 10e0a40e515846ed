#!/bin/sh
# Builds the demo site for the browser test, the way scripts/demo.sh does
# (steps 1, 2, 3 and 5: keys, bundles, ledger, site) but in a folder of its
# own and with the given binaries (by default the test builds, with ASan):
#
#   sh tests/browser/mkdemo.sh DIR
#
# from the top of the repository.  DIR (made if missing, must be empty) gets
#   DIR/site/         copies of scripts/, content/ and themes/, and two
#                     pages of its own: content/tishi/qige-lie.md (a table
#                     of seven columns) and content/fangpian/hen-chang.md (a
#                     very long article with key points for its poster)
#   DIR/keys/         the units' and the office's keys
#   DIR/bundles/      every bundle of scripts/demo/bundles.txt, sealed
#   DIR/ledger.db     the units registered, the bundles ingested and the
#                     case disclosures approved
#   DIR/site/public/  the built site
#
# Environment: SHOUHU, COLLECT (default build/test/shouhu, shouhu-collect).
# Quiet unless something fails: then a message on stderr and exit status 1.
set -eu

die() {
	echo "mkdemo: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: sh tests/browser/mkdemo.sh DIR"
[ -f tests/browser/mkdemo.sh ] || die "run me from the top of the repository"
R=$(pwd)
D=$R/scripts/demo
SHOUHU=${SHOUHU:-$R/build/test/shouhu}
COLLECT=${COLLECT:-$R/build/test/shouhu-collect}
[ -x "$SHOUHU" ] || die "$SHOUHU is missing: make build/test/shouhu"
[ -x "$COLLECT" ] || die "$COLLECT is missing: make build/test/shouhu-collect"

mkdir -p "$1"
W=$(cd "$1" && pwd)
[ -z "$(ls -A "$W")" ] || die "$W is not empty"
KEYS=$W/keys
LEDGER=$W/ledger.db
SITE=$W/site
LOG=$W/log

# run CMD...: runs a command, its output into $LOG, shown if it fails.
run() {
	if ! "$@" </dev/null >"$LOG" 2>&1; then
		echo "mkdemo: failed: $*" >&2
		sed -n '1,40s/^/    /p' "$LOG" >&2
		exit 1
	fi
}

lines() {
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$1"
}

# ---- the site --------------------------------------------------------------
mkdir -p "$SITE" "$KEYS" "$W/bundles"
cp -R "$R/scripts" "$R/content" "$R/themes" "$SITE/"

# Two pages only the browser test has (check.mjs): a table of seven columns
# (it must scroll in its own box on a phone, not the page) and a very long
# article with eight long key points for its poster (still one A4 page).
cat >"$SITE/content/tishi/qige-lie.md" <<'MD'
---
title: 七列表格测试页
date: 2022-01-03T09:00:00+08:00
summary: 一张七列的表格，在手机上只能在自己的框里左右滚动。
---
各镇街上半年的排查情况如下。

| 镇街 | 排查场所 | 发现隐患 | 已经整改 | 正在整改 | 移送公安 | 挽回损失（元） |
|---|---:|---:|---:|---:|---:|---:|
| 新兖镇 | 128 | 17 | 12 | 5 | 2 | 356000 |
| 漕河镇 | 96 | 9 | 9 | 0 | 1 | 48000 |
| 大安镇 | 143 | 22 | 15 | 7 | 3 | 1203500 |
| 鼓楼街道 | 210 | 31 | 25 | 6 | 4 | 2750000 |

表格后面的一段文字。
MD
{
	cat <<'MD'
---
title: 很长的文章：打印出来仍然只有一张海报，标题也很长很长很长很长很长很长很长很长很长很长
date: 2022-01-02T09:00:00+08:00
summary: 这篇文章很长，用来检查打印海报：无论正文多长，海报都只有一张 A4 纸。
poster:
  - 陌生人打电话说您的医保卡被冻结、要您转账“解冻”的，一定是骗子，请马上挂断电话。
  - 所谓“以房养老”“高息理财”，承诺每月返利、保本保息的，都可能是非法集资。
  - 免费体检、免费旅游、免费领鸡蛋，最后都要您掏钱买高价保健品。
  - 自称公检法工作人员、要您把钱转到“安全账户”的，全是诈骗。
  - 直播间里的“神药”“特效药”不能代替正规治疗，有病请到正规医院。
  - 遇到拿不准的事，先和子女、社区工作人员商量，不要一个人做决定。
  - 第七条：这一条和下一条不印在海报上，海报最多六条。
  - 第八条：同上。
---
MD
	i=1
	while [ "$i" -le 60 ]; do
		printf '## 第 %d 节

' "$i"
		printf '这是很长的文章的第 %d 段。老年人遇到陌生人推销保健品、理财产品、养老床位时，要多问几个为什么，多和家人商量，不要轻信“免费”“高回报”的说法。发现可疑情况，请拨打举报电话。

' "$i"
		i=$((i + 1))
	done
} >"$SITE/content/fangpian/hen-chang.md"

# ---- 1. keys ---------------------------------------------------------------
for code in office $(lines "$D/units.txt" | awk '{ print $1 }'); do
	(cd "$KEYS" && run "$COLLECT" keygen "$code")
done

# ---- 2. bundles, each made at its time of bundles.txt (China time) ---------
lines "$D/bundles.txt" | awk '
function days(y, m, d,   era, yoe, doy) {	# days since 1970-01-01
	y -= m <= 2
	era = int(y / 400)
	yoe = y - era * 400
	doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
	return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
}
{
	split($3, t, /[-T:]/)
	e = days(t[1] + 0, t[2] + 0, t[3] + 0) * 86400 + t[4] * 3600 + t[5] * 60 - 8 * 3600
	printf "%s %s %d\n", $1, $2, e
}' >"$W/bundles.list"
while read -r unit period epoch; do
	set --
	for f in "$D/$unit-$period"-*.csv; do
		[ -f "$f" ] || die "bundles.txt: no file $D/$unit-$period-FORM.csv"
		form=${f##*-}
		set -- "$@" "${form%.csv}=$f"
	done
	run env SOURCE_DATE_EPOCH="$epoch" "$COLLECT" pack --unit "$unit" \
	    --period "$period" --key "$KEYS/$unit.key" --to "$KEYS/office.pub" \
	    "$@" -o "$W/bundles/$unit-$period.zip"
done <"$W/bundles.list"

# ---- 3. the ledger ---------------------------------------------------------
lines "$D/units.txt" >"$W/units.list"
while read -r code name; do
	run "$SHOUHU" units add --ledger "$LEDGER" "$code" "$name" \
	    "$KEYS/$code.pub"
done <"$W/units.list"
run "$SHOUHU" ingest --ledger "$LEDGER" --key "$KEYS/office.key" "$W/bundles"
# the office approves the case disclosures the units ask for (as demo.sh)
"$SHOUHU" cases list --ledger "$LEDGER" --pending >"$W/pending.list" ||
    die "shouhu cases list failed"
pending=$(cut -f 1 "$W/pending.list" | grep '^[0-9][0-9]*$' || true)
# shellcheck disable=SC2086 # one id a word
[ -z "$pending" ] || run "$SHOUHU" cases approve --ledger "$LEDGER" $pending

# ---- 5. the site -----------------------------------------------------------
run "$SHOUHU" build -q -C "$SITE" -o "$SITE/public" --ledger "$LEDGER"
rm -f "$LOG"
