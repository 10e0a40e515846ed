#!/bin/sh
# shellcheck disable=SC2317 # functions run through soft
# The demo site's data pages (scripts/data.lua, shouhu-site(5) "THE DEFAULT
# THEME") on a ledger built from tests/fixtures/demo_data/bundles/: three
# units, weekly hazard_ledger and campaign_stats over 2023-W40..W42 (U1's
# W41 hazard_ledger corrected by a newer bundle), monthly case_disclosure
# (approved, pending, and one approved then withdrawn by a newer bundle that
# is ingested before the older one), institution_risk of two months of U1
# and one of U2.  Checked exactly against numbers computed by hand
# (tests/fixtures/demo_data/expected*/, a comment per number):
#  - every CSV the demo writes, byte for byte (BOM, CRLF)
#  - the tables of /gongzuo/ and /fengxian/ hold the same numbers
#  - /anli/ lists the approved current cases newest first, each with its
#    page; the person masked, companies named; pending and withdrawn cases
#    nowhere; the scheme pages with their counts
#  - one more bundle changes the numbers at the next build (no --force)
#  - without a ledger the pages say so and the CSVs have their headers
# Checks that fail are counted (soft) and the rest still run.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
R=$(cd "$(dirname "$0")/../.." && pwd)
F=$R/tests/fixtures/demo_data
cd "$T"

# pack ZIP UNIT PERIOD TAG EPOCH FORM...: signs the fixture forms
# bundles/unit-TAG-FORM.csv, made at time EPOCH, into ZIP
pack() {
	z=$1 u=$2 p=$3 tag=$4 e=$5
	shift 5
	args=
	for form in "$@"; do
		args="$args $form=$F/bundles/$(echo "$u" | tr U u)-$tag-$form.csv"
	done
	# shellcheck disable=SC2086
	SOURCE_DATE_EPOCH=$e expect 0 "$COLLECT" pack --unit "$u" --period \
	    "$p" --key "$u.key" $args -o "$z"
}
# site DIR: a copy of the repository's demo site
site() {
	mkdir "$1"
	cp -R "$R/scripts" "$R/content" "$R/themes" "$1/"
}
failures=0
soft() {
	if ! ("$@"); then
		failures=$((failures + 1))
	fi
}
# want FILE: the exact bytes the site must write for expected FILE (its
# lines but the # comments, with a byte order mark and CRLF)
want() {
	printf '\357\273\277'
	grep -v '^#' "$1" | awk '{ printf "%s\r\n", $0 }'
}
# data FILE: the data lines of expected FILE (no comments, no header)
data() {
	grep -v '^#' "$1" | sed 1d
}
# same NAME WANT GOT: files WANT and GOT are the same bytes
same() {
	cmp -s "$2" "$3" && return 0
	echo "FAIL: $1 differs (- expected, + written):" >&2
	diff -u "$2" "$3" | sed 's/\r$/\\r/' >&2
	return 1
}
# rows HTML: the rows of the tables of a page as CSV lines (row header,
# cells), tbody and tfoot, in page order
rows() {
	sed -n 's#.*<tr><th scope="row">\(.*\)</td></tr>.*#\1#p' "$1" |
	    sed -e 's#</th><td>#,#' -e 's#</td><td>#,#g'
}
# names DIR: the names in folder DIR, sorted
names() {
	for x in "$1"/*; do
		echo "${x##*/}"
	done | sort
}
# absent DIR STRING...: no file of DIR holds any STRING
absent() {
	d=$1
	shift
	for s in "$@"; do
		if grep -rlaF -e "$s" "$d" >hits; then
			die "\"$s\" published in: $(tr '\n' ' ' <hits)"
		fi
	done
}
# has FILE STRING...: FILE holds each STRING
has() {
	f=$1
	shift
	[ -f "$f" ] || die "no $f"
	for s in "$@"; do
		grep -qF -e "$s" "$f" || die "\"$s\" missing from $f"
	done
}
GONGZUO="lingyu dengji zhuangtai zhenjie qushi zhanguo"

# check_numbers P AFTER TOTAL: the CSVs and the tables of /gongzuo/ and
# /fengxian/ in output P equal expected/ (AFTER: expected-after/ where it
# has the file); /gongzuo/ says TOTAL hazards
check_numbers() {
	: >want.rows
	for n in $GONGZUO; do
		e=$F/expected/$n.csv
		[ -n "$2" ] && [ -f "$F/expected-after/$n.csv" ] &&
		    e=$F/expected-after/$n.csv
		want "$e" >want.csv
		soft same "gongzuo/$n.csv" want.csv "$1/gongzuo/$n.csv"
		data "$e" >>want.rows
	done
	rows "$1/gongzuo/index.html" >got.rows
	soft same "the tables of /gongzuo/" want.rows got.rows
	soft has "$1/gongzuo/index.html" \
	    "各单位共排查出风险隐患 <strong>$3</strong> 个。" \
	    'href="/gongzuo/lingyu.csv" download>' \
	    'href="/gongzuo/zhanguo.csv" download>'
	want "$F/expected/fengxian.csv" >want.csv
	soft same fengxian/fengxian.csv want.csv "$1/fengxian/fengxian.csv"
	# by level (the 合计 column), by registration (the 合计 row), then
	# level x registration with its 合计 row
	data "$F/expected/fengxian.csv" | awk -F, '
	    $1 != "合计" { lv[++n] = $1 "," $4 }
	    $1 == "合计" { r1 = "已登记," $2; r2 = "未登记," $3 }
	    { all[++m] = $0 }
	    END { for (i = 1; i <= n; i++) print lv[i]; print r1; print r2
		  for (i = 1; i <= m; i++) print all[i] }' >want.rows
	rows "$1/fengxian/index.html" >got.rows
	soft same "the tables of /fengxian/" want.rows got.rows
	soft has "$1/fengxian/index.html" '共研判养老机构 <strong>7</strong> 家。'
}

# ---- the ledger ------------------------------------------------------

mkdir in
for u in U1 U2 U3; do
	expect 0 "$COLLECT" keygen $u
done
expect 0 "$SHOUHU" units add --ledger ledger.db U1 新兖镇市场监管所 U1.pub
expect 0 "$SHOUHU" units add --ledger ledger.db U2 大安镇市场监管所 U2.pub
expect 0 "$SHOUHU" units add --ledger ledger.db U3 颜店镇市场监管所 U3.pub
pack in/U1-w40.zip U1 2023-W40 w40 1696579200 hazard_ledger campaign_stats
pack in/U2-w40.zip U2 2023-W40 w40 1696579200 hazard_ledger campaign_stats
pack in/U1-w41.zip U1 2023-W41 w41 1697184000 hazard_ledger campaign_stats
pack in/U3-w41.zip U3 2023-W41 w41 1697184000 hazard_ledger campaign_stats
# U1 corrects its W41 hazards a day later (ingested after the original)
pack in/U1-w41fix.zip U1 2023-W41 w41fix 1697270400 hazard_ledger
pack in/U2-w42.zip U2 2023-W42 w42 1697788800 hazard_ledger campaign_stats
pack in/U1-2023-09.zip U1 2023-09 2023-09 1696003200 case_disclosure \
    institution_risk
pack in/U2-2023-09.zip U2 2023-09 2023-09 1696003200 institution_risk
pack in/U1-2023-10.zip U1 2023-10 2023-10 1698364800 case_disclosure \
    institution_risk
pack in/U2-2023-10.zip U2 2023-10 2023-10 1698364800 case_disclosure
# U1 withdraws 36号 four days later; this bundle is ingested first (names
# are taken in order), yet the newer one wins
pack in/0-U1-2023-10fix.zip U1 2023-10 2023-10fix 1698710400 case_disclosure
expect 0 "$SHOUHU" ingest --ledger ledger.db in
if ! grep -q '接收完毕：11 个数据包' out ||
    ! grep -q '新接收 11 个（其中 1 个替换' out; then
	die "ingest: $(cat out)"
fi
# the office approves every case the units ask to publish (shouhu cases)
"$SHOUHU" cases --ledger ledger.db list --pending | cut -f 1 >pending
# shellcheck disable=SC2046
expect 0 "$SHOUHU" cases --ledger ledger.db approve $(cat pending)

site site
expect 0 "$SHOUHU" build -C site --ledger ledger.db
# the demo's baseurl is the placeholder example.gov.cn: that warning only
# (tests/e2e/baseurl_placeholder.sh checks its text)
grep -v '^site/scripts/site.lua:[0-9]*: 警告：baseurl 还是占位地址 https://example.gov.cn/，' err >err.other || true
[ ! -s err.other ] || die "the build printed on stderr: $(cat err.other)"
P=site/public

# ---- /gongzuo/, /fengxian/: CSVs and tables ----------------------------

check_numbers "$P" "" 12

# ---- /anli/ ------------------------------------------------------------

C=$F/expected/cases.txt
# the list, in order: address, title, date
grep -v '^#' "$C" | awk -F '	' '{ printf "/anli/%s/|%s|%s|%s\n", $1, $2, $7, $8 }' >want.list
sed -n 's#^<li><a href="\([^"]*\)">\([^<]*\)</a> <time datetime="\([^"]*\)">\([^<]*\)</time>$#\1|\2|\3|\4#p' \
    "$P"/anli/index.html >got.list
soft same "the cases of /anli/" want.list got.list
# the schemes with their counts, in order
grep -v '^#' "$F"/expected/leixing.txt | awk -F '	' '{ printf "<li><a href=\"/anli/leixing/%s/\">%s</a> <span>（%d 个）</span></li>\n", $1, $1, $2 }' >want.list
grep '^<li><a href="/anli/leixing/' "$P"/anli/index.html >got.list
soft same "the schemes of /anli/" want.list got.list
# a page per case and the feeds of the cases, nothing more
{
	echo atom.xml
	echo index.html
	echo index.xml
	echo leixing
	grep -v '^#' "$C" | cut -f 1
} | sort >want.list
names "$P"/anli >got.list
soft same "the files of anli/" want.list got.list
grep -v '^#' "$C" >cases
while IFS='	' read -r slug title scheme party no auth d cn; do
	soft has "$P/anli/$slug/index.html" "<h1>$title</h1>" \
	    "<dt>套路类型</dt><dd><a href=\"/anli/leixing/$scheme/\">$scheme</a></dd>" \
	    "<dt>当事人</dt><dd>$party</dd>" \
	    "<dt>决定书文号</dt><dd>$no</dd>" \
	    "<dt>决定机关</dt><dd>$auth</dd>" \
	    "<dt>决定日期</dt><dd><time datetime=\"$d\">$cn</time></dd>"
done <cases
# amounts as people read them, Markdown facts, the person masked in the
# facts and the penalty too (the fixture names 王建国 three times)
soft has "$P/anli/兖市监处罚-2023-21号/index.html" \
    '<dt>挽回损失(元)</dt><dd>120000</dd>' '<dt>受害老人数</dt><dd>8</dd>'
soft has "$P/anli/兖市监处罚-2023-25号/index.html" \
    '<dt>挽回损失(元)</dt><dd>35000.5</dd>' '当事人王某某自称养老公寓合伙人' \
    '经查，王某某共收取' '对王某某处以罚款 5 万元'
soft has "$P/anli/兖市监处罚-2023-30号/index.html" \
    '以<strong>免费体检</strong>为名' '<dt>受害老人数</dt><dd>20</dd>'
soft absent "$P" 王建国
# the scheme pages: count, and their cases in the order of /anli/
grep -v '^#' "$F"/expected/leixing.txt >schemes
while IFS='	' read -r s n; do
	f=$P/anli/leixing/$s/index.html
	# shellcheck disable=SC1111 # the quotes are the page's
	soft has "$f" "套路类型为“$s”的典型案例共 $n 个。"
	grep -v '^#' "$C" | awk -F '	' -v s="$s" '$3 == s { print $2 }' >want.list
	sed -n 's#^<li><a href="/anli/[^"]*">\([^<]*\)</a> <time.*#\1#p' "$f" >got.list
	soft same "the cases of anli/leixing/$s/" want.list got.list
done <schemes
grep -v '^#' "$F"/expected/leixing.txt | cut -f 1 | sort >want.list
names "$P"/anli/leixing >got.list
soft same "the files of anli/leixing/" want.list got.list
# the pending (27号) and the withdrawn (36号) case: nothing of them
soft absent "$P" 尚待审核的安居房产以房养老抵押借款案 安居房产 \
    兖市监处罚〔2023〕27号 兖市监处罚-2023-27号 宣称以房养老 \
    已撤回的夕阳红旅行社低价游购物案 夕阳红旅行社 兖市监处罚〔2023〕36号 \
    兖市监处罚-2023-36号 开展养老帮扶 待审核
# private fields: reviewers, hazards and handling, key areas, institutions
soft absent "$P" 审核人 'H6 公安机关已立案侦查' 'H12 某体验店' 重点地区 \
    颐寿园养老院 52370882MJD 'I7 已责令办理登记'

# ---- one more bundle: the next build follows ---------------------------

cp "$P"/anli/index.html anli.before
cp "$P"/fengxian/fengxian.csv fengxian.before
mkdir more
pack more/U3-w42.zip U3 2023-W42 w42 1699000000 hazard_ledger campaign_stats
expect 0 "$SHOUHU" ingest --ledger ledger.db more
grep -q '新接收 1 个' out || die "ingest of U3 W42: $(cat out)"
expect 0 "$SHOUHU" build -C site --ledger ledger.db
grep -v '^site/scripts/site.lua:[0-9]*: 警告：baseurl 还是占位地址 https://example.gov.cn/，' err >err.other || true
[ ! -s err.other ] || die "the rebuild printed on stderr: $(cat err.other)"
check_numbers "$P" after 14
soft same "anli/index.html after U3 W42" anli.before "$P"/anli/index.html
soft same "fengxian.csv after U3 W42" fengxian.before "$P"/fengxian/fengxian.csv

# ---- an edited article: the incremental build is the whole build ------

# (the build after an ingest may find the ledger's files touched by the
# last one: one more build, then the edit)
expect 0 "$SHOUHU" build -C site --ledger ledger.db --force -q
printf '\n补充一句：推销电话先挂断。\n' >>site/content/fangpian/baojianpin-jiangzuo.md
expect 0 env SHOUHU_TIMING=1 "$SHOUHU" build -C site --ledger ledger.db
grep -q '^timing: 3 of [0-9]* jobs to render$' err ||
    die "the edit did not render just its page: $(grep 'jobs to render' err)"
expect 0 "$SHOUHU" build -C site --ledger ledger.db -o whole --force -q
diff -r "$P" whole >diff.out ||
    die "after an edit, the incremental output is not the whole build's: $(head -c 2000 diff.out)"
grep -q '推销电话先挂断' "$P"/fangpian/baojianpin-jiangzuo/index.html ||
    die "the edit is not on the page"

# ---- without a ledger --------------------------------------------------

site bare
expect 0 "$SHOUHU" build -C bare
grep -v '^bare/scripts/site.lua:[0-9]*: 警告：baseurl 还是占位地址 https://example.gov.cn/，' err >err.other || true
[ ! -s err.other ] || die "the build without a ledger printed on stderr: $(cat err.other)"
B=bare/public
for p in gongzuo anli fengxian; do
	soft has "$B/$p/index.html" '<p class="nodata">暂无数据：尚未接收各单位报送的数据。</p>'
done
# each CSV: its header alone (no zeros that would look like counts)
for f in $GONGZUO fengxian; do
	case $f in
	fengxian) g=$B/fengxian/fengxian.csv e=$F/expected/fengxian.csv ;;
	*) g=$B/gongzuo/$f.csv e=$F/expected/$f.csv ;;
	esac
	want "$e" | head -n 1 >want.csv
	cp "$g" got.csv
	soft same "$g without a ledger (its header alone)" want.csv got.csv
done
names "$B"/anli >got.list
printf 'atom.xml\nindex.html\nindex.xml\n' >want.list
soft same "the files of anli/ without a ledger" want.list got.list

[ "$failures" -eq 0 ] || die "$failures of the checks above failed"
exit 0
