#!/bin/sh
# The public site and the ledger's private data (issue 5).  Two units send
# every form (tests/fixtures/privacy/bundles/: private fields hold unique
# MARKER-... strings, a person 张三丰, a mobile, an ID number, <script> and
# javascript: payloads, a disclosure not yet approved); the fixture site
# publishes every public field of every form as pages and CSV.  Then:
#  - the whole output, byte by byte, holds no private value, no raw number,
#    no unescaped payload, no unapproved disclosure; masked values are there
#  - counts by domain/grade/status/town and the sums of campaign_stats equal
#    numbers computed by hand from the fixture
#  - a correction that drops a row makes it disappear on the next build
#  - what a unit typed into a public field that identifies someone (the
#    mobile and ID number in a case's facts, a bank card in the penalty,
#    the person's own name in the facts, an informant's name) is masked,
#    and each is one exact warning naming unit, period, form, record and
#    field; the build goes on
#  - reading a private field, a page with an identifying value or with a
#    mobile number fail the build naming the content file and line,
#    leaving the output alone; a page with words that a unit also wrote in
#    private text that identifies nobody (约谈负责人) builds
#  - without a ledger the site still builds (ledger.available is false)
# Checks that fail because of a bug are counted (soft) and the rest still
# run, so that one bug does not hide another.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
F=$(cd "$(dirname "$0")/../fixtures/privacy" && pwd)
cd "$T"
LC_ALL=C
export LC_ALL

# pack UNIT PERIOD TAG EPOCH FORM...: signs the fixture forms
# bundles/unit-TAG-FORM.csv, made at time EPOCH, into in/UNIT-TAG.zip
pack() {
	u=$1 p=$2 tag=$3 e=$4
	shift 4
	args=
	for form in "$@"; do
		args="$args $form=$F/bundles/$(echo "$u" | tr U u)-$tag-$form.csv"
	done
	# shellcheck disable=SC2086
	SOURCE_DATE_EPOCH=$e expect 0 "$COLLECT" pack --unit "$u" --period \
	    "$p" --key "$u.key" $args -o "in/$u-$tag.zip"
}
# absent DIR STRING...: no file of DIR holds any STRING (bytes, any file)
absent() {
	d=$1
	shift
	for s in "$@"; do
		if grep -rlaF -e "$s" "$d" >hits; then
			die "\"$s\" published in: $(tr '\n' ' ' <hits)"
		fi
	done
}
# present DIR STRING...: some file of DIR holds each STRING
present() {
	d=$1
	shift
	for s in "$@"; do
		grep -rqaF -e "$s" "$d" || die "\"$s\" missing from $d"
	done
}
# soft CMD...: runs CMD (which may die); a failure is counted and reported
# but the test goes on, so that one bug does not hide the other checks
failures=0
soft() {
	if ! ("$@"); then
		failures=$((failures + 1))
	fi
}
# csv FILE: a CSV the site wrote, without the byte order mark and CRs,
# its lines sorted (the order of Chinese keys is not the point)
csv() {
	sed '1s/^\xef\xbb\xbf//' "$1" | tr -d '\r' | sort
}

# ---- the ledger ------------------------------------------------------

mkdir in
expect 0 "$COLLECT" keygen U1
expect 0 "$COLLECT" keygen U2
expect 0 "$SHOUHU" units add --ledger ledger.db U1 新兖镇市场监管所 U1.pub
expect 0 "$SHOUHU" units add --ledger ledger.db U2 大安镇市场监管所 U2.pub
pack U1 2022-W21 w21 1653638400 case_source hazard_ledger campaign_stats
pack U2 2022-W21 w21 1653638400 hazard_ledger campaign_stats
pack U1 2022-W22 w22 1654243200 hazard_ledger campaign_stats
pack U1 2022-05 2022-05 1654041600 case_disclosure institution_risk
expect 0 "$SHOUHU" ingest --ledger ledger.db in
grep -q '新接收 4 个' out || die "ingest: $(cat out)"
# the office approves every case the units ask to publish (shouhu cases)
"$SHOUHU" cases --ledger ledger.db list --pending | cut -f 1 >pending
# shellcheck disable=SC2046
expect 0 "$SHOUHU" cases --ledger ledger.db approve $(cat pending)

cp -R "$F/site" site
expect 0 "$SHOUHU" build -C site --ledger ledger.db -j 2
P=site/public
# the unit's slips, masked and named for the office; nothing else
cat >want <<'EOF'
提示：新兖镇市场监管所（U1）2022-05 报送的“典型案例”第 1 条记录的“违法事实”里写有手机号（139****5678）、身份证号（110105********002X），网站上已隐去；请提醒该单位更正后重新报送
提示：新兖镇市场监管所（U1）2022-05 报送的“典型案例”第 2 条记录的“处罚结果”里写有银行卡号（6222********1234），网站上已隐去；请提醒该单位更正后重新报送
EOF
diff -u want err >d.out || die "the build's warnings: $(cat d.out)"
[ "$(cat "$P"/available.txt)" = true ] || die "ledger.available: $(cat "$P"/available.txt)"

# ---- nothing private is published ------------------------------------

for f in data/case_source/index.html data/case_source.csv sitemap.xml; do
	[ -f "$P"/$f ] || die "no $f in the output: $(find "$P")"
done
# every private value of the fixture, every person's name, raw numbers
absent "$P" MARKER 张三丰 13800001111 13912345678 11010519491231002X \
    6222020200001234 91350100M000100Y43
# the disclosure still 待审核: nothing of it
soft absent "$P" PENDING-TITLE-3f9a PENDING-PARTY-3f9b PENDING-FACTS-3f9c 待审核
# payloads: escaped or dropped in HTML and XML; javascript: links emptied
# (a CSV is data for a spreadsheet, not markup: it holds the text as it is)
find "$P" -type f ! -name '*.csv' -exec grep -laF -e '<script>alert' \
    -e 'href="javascript:' -e "href='javascript:" {} + >hits || true
[ ! -s hits ] || die "a payload is published in: $(cat hits)"
# what is public is there, masked where the form says
present "$P" 张某某 139****5678 '［身份证号已隐去］' '［银行卡号已隐去］' \
    兖州康乐保健品有限公司 新兖镇市场监管所 大安镇市场监管所 \
    '&lt;script&gt;alert(1)&lt;/script&gt;' '>点我</a>' YZ2022-001 颜店镇
present "$P"/data/case_disclosure.csv \
    '当事人在社区举办健康讲座<script>alert(1)</script>，[点我](javascript:alert(1))，联系电话139****5678，身份证号［身份证号已隐去］。'
# only public columns in the open data
head -n 1 "$P"/data/case_source.csv | tr -d '\r' | sed 's/^\xef\xbb\xbf//' >got
echo '_unit,_period,_row,clue_id,registered_date,source,domain' >want
cmp -s want got || die "case_source.csv columns: $(cat got)"

# ---- exact aggregates, computed by hand from the fixture ---------------

# hazard rows: U1 W21 (1) 网络空间 A 正在整治 新兖镇 (2) 网络空间 B 整治完成
# 新兖镇 (3) 涉老食品保健品 C 整治完成 大安镇 (4) 涉老健康医疗 B 正在整治 新兖镇;
# U2 W21 (5) 涉老食品保健品 A 正在整治 大安镇 (6) 涉老食品保健品 C 整治完成
# 大安镇 (7) 网络空间 C 整治完成 颜店镇; U1 W22 (8) 涉老非法集资 A 正在整治 新兖镇
sort >want <<'EOF'
by,key,n
domain,网络空间,3
domain,涉老食品保健品,3
domain,涉老健康医疗,1
domain,涉老非法集资,1
grade,A,3
grade,B,2
grade,C,3
status,正在整治,4
status,整治完成,4
town,新兖镇,4
town,大安镇,3
town,颜店镇,1
EOF
csv "$P"/agg/hazard_counts.csv >got
diff -u want got >d.out || die "hazard counts: $(cat d.out)"
# campaign_stats: U1 W21 3,1,0,0,5,4,1,0,0,1,0 + U2 W21 2,0,1,0,7,3,0,1,0,0,2
# + U1 W22 1,1,1,1,2,2,0,0,1,0,0
sort >want <<'EOF'
police_letters,procuratorate_suggestions,court_suggestions,supervision_suggestions,clues_collected,clues_handled,incidents_defused,local_regulations,government_rules,normative_documents,industry_standards
6,2,2,1,14,9,1,1,1,1,2
EOF
csv "$P"/agg/stats_sums.csv >got
diff -u want got >d.out || die "campaign_stats sums: $(cat d.out)"
present "$P"/stats/index.html '<desc id="towns-d">大安镇 3个；新兖镇 4个；颜店镇 1个</desc>'

# ---- a correction drops a row: gone on the next build ------------------

mkdir fix
pack U2 2022-W21 w21fix 1653724800 hazard_ledger
mv in/U2-w21fix.zip fix/
expect 0 "$SHOUHU" ingest --ledger ledger.db fix
grep -q '替换' out || die "the correction did not replace: $(cat out)"
# no file of the site changed: the new ledger alone makes it build again
expect 0 "$SHOUHU" build -C site --ledger ledger.db -j 2
absent "$P" 颜店镇 MARKER
# row (7) is gone: 网络空间 2, C 2, 整治完成 3, no 颜店镇
sort >want <<'EOF'
by,key,n
domain,网络空间,2
domain,涉老食品保健品,3
domain,涉老健康医疗,1
domain,涉老非法集资,1
grade,A,3
grade,B,2
grade,C,2
status,正在整治,4
status,整治完成,3
town,新兖镇,4
town,大安镇,3
EOF
csv "$P"/agg/hazard_counts.csv >got
diff -u want got >d.out || die "hazard counts after the correction: $(cat d.out)"
cp -R "$P" good

# ---- failures leave the output alone -----------------------------------

# shellcheck disable=SC2317
# fails WHAT: the last build failed with status 1, left site/public alone
# and its first line of stderr after the warnings (提示：) is the content of
# file want
fails() {
	[ "$rc" -eq 1 ] || die "$1: exit $rc, expected 1: $(cat err)"
	grep -v '^提示：' err >msgs || true
	head -n 1 msgs >got
	diff -u want got >d.out || die "$1: $(cat d.out)"
	sed -n 2p msgs | grep -qx 'shouhu: 没有生成网站：.*public 保持原样' ||
	    die "$1: $(cat err)"
	diff -r good "$P" >/dev/null || die "$1: the output changed"
	snapshot "$P" >snap2
	cmp -s snap snap2 || die "$1: files of the output were touched"
	no_tmp "$P"
}
# rebuild: builds site (from inside it, so messages say public/...) over
# a fresh copy of the good output
rebuild() {
	rm -rf "$P"
	cp -R good "$P"
	snapshot "$P" >snap
	set +e
	(cd site && "$SHOUHU" build --ledger ../ledger.db -j 2 --force) >out 2>err
	rc=$?
	set -e
}

# (a) the build function reads a private field
cp site/scripts/site.lua site.lua.orig
sed -i 's/^  build = function(site)$/&\n    ledger.query("select informant_name from case_source")/' \
    site/scripts/site.lua
rebuild
printf '%s\n' 'scripts/site.lua:64: ledger.query：informant_name 是不公开的字段（case_source 的“举报人姓名”）：网站的脚本和模板读不到不公开的字段（SQL：select informant_name from case_source）（在 site.lua 的 build 函数里）' >want
soft fails "a private field in site.lua"
cp site.lua.orig site/scripts/site.lua

# (a') a template reads one
cp site/themes/t/layouts/single.html single.orig
printf '%s\n' '{% local r = ledger.query("select handler from case_source") %}' \
    >>site/themes/t/layouts/single.html
mkdir -p site/content/a
printf -- '---\ntitle: 页面\nsummary: 摘要\n---\n正文。\n' >site/content/a/p.md
rebuild
printf '%s\n' 'themes/t/layouts/single.html:5: ledger.query：handler 是不公开的字段（case_source 的“承办人”）：网站的脚本和模板读不到不公开的字段（SQL：select handler from case_source）（正在生成 content/a/p.md）' >want
soft fails "a private field in a template"
cp single.orig site/themes/t/layouts/single.html

# (b) a page that holds an identifying value of the ledger (an informant)
printf -- '---\ntitle: 页面\nsummary: 摘要\n---\n第一段。\n\n举报人 MARKER-INFORMANT-7f3a 来电。\n' \
    >site/content/a/p.md
rebuild
printf '%s\n' 'content/a/p.md:7（在 public/a/p/index.html 里）: 发现账本里的举报人姓名（M＊＊＊＊＊…）：能认出个人或被查处前的经营者的信息不能出现在网站上；请删去它。如果它确实可以公开（如地名、单位名），把它写进 scripts/site.lua 的 privacy.allow' >want
soft fails "an informant in a page"

# (b') the person behind 张某某 is private too
printf -- '---\ntitle: 页面\nsummary: 摘要\n---\n当事人张三丰。\n' >site/content/a/p.md
rebuild
printf '%s\n' 'content/a/p.md:5（在 public/a/p/index.html 里）: 发现账本里的当事人（张＊＊）：能认出个人或被查处前的经营者的信息不能出现在网站上；请删去它。如果它确实可以公开（如地名、单位名），把它写进 scripts/site.lua 的 privacy.allow' >want
soft fails "a masked name in a page"

# (c) a page with an unmasked mobile number, spelled as people do
printf -- '---\ntitle: 页面\nsummary: 摘要\n---\n联系\n\n电话 139.1234.5678。\n' \
    >site/content/a/p.md
rebuild
printf '%s\n' 'content/a/p.md:7（在 public/a/p/index.html 里）: 发现手机号（139****5678）：个人的号码不能出现在网站上；请删去它，或写成 139****5678。如果它确实可以公开（如单位的办公电话），把它写进 scripts/site.lua 的 privacy.allow' >want
soft fails "a mobile number in a page"

# (c') the same written plainly, with the search index on: its shards hold
# the number too, but the page's file and line are what the build names
# (the index's shards are written as they are made, and one the check
# refuses waits for the pages)
cp site/scripts/site.lua site.lua.orig
sed -i 's/^  theme = "t",$/&\n  search = true,/' site/scripts/site.lua
printf -- '---\ntitle: 页面\nsummary: 摘要\n---\n联系\n\n电话 13912345678。\n' \
    >site/content/a/p.md
rebuild
printf '%s\n' 'content/a/p.md:7（在 public/a/p/index.html 里）: 发现手机号（139****5678）：个人的号码不能出现在网站上；请删去它，或写成 139****5678。如果它确实可以公开（如单位的办公电话），把它写进 scripts/site.lua 的 privacy.allow' >want
soft fails "a mobile number in a page, with the search index"
cp site.lua.orig site/scripts/site.lua

# (d) words a unit also wrote in private text that identifies nobody (a
# hazard's 处理情况, a clue's content) are no secret: the page builds
words=MARKER-HANDLING-63	# u1-w21-hazard_ledger.csv, 处理情况
printf -- '---\ntitle: 页面\nsummary: 摘要\n---\n执法人员已%s。MARKER-CS-CONTENT-42\n' \
    "$words" >site/content/a/p.md
rebuild
[ "$rc" -eq 0 ] || die "private text that identifies nobody stopped the build: $(cat err)"
grep -qF "$words" "$P"/a/p/index.html || die "the page lacks $words"
rm -r site/content/a

# ---- without a ledger --------------------------------------------------

cp -R "$F/site" bare
expect 0 "$SHOUHU" build -C bare -j 2
[ "$(cat bare/public/available.txt)" = false ] || die "ledger.available without a ledger"
csv bare/public/agg/hazard_counts.csv >got
[ "$(cat got)" = by,key,n ] || die "counts without a ledger: $(cat got)"
present bare/public/stats/index.html '暂无数据'
absent bare/public MARKER
# SITE/ledger.db is the default
cp ledger.db bare/ledger.db
expect 0 "$SHOUHU" build -C bare -j 2
[ "$(cat bare/public/available.txt)" = true ] || die "SITE/ledger.db not read"

# ---- names in the published facts ---------------------------------------

# The decision's facts name the person whose party field shows 张某某, and
# the informant of a clue: neither is published, both are masked, the
# build goes on, and the informant (a slip) is a warning.
mkdir named
pack U1 2022-05 2022-05named 1654128000 case_disclosure
mv in/U1-2022-05named.zip named/
expect 0 "$SHOUHU" ingest --ledger ledger.db named
# the office approves every case the units ask to publish (shouhu cases)
"$SHOUHU" cases --ledger ledger.db list --pending | cut -f 1 >pending
# shellcheck disable=SC2046
expect 0 "$SHOUHU" cases --ledger ledger.db approve $(cat pending)
rebuild
[ "$rc" -eq 0 ] || die "the names in the facts stopped the build: $(cat err)"
soft absent "$P" 张三丰 MARKER-INFORMANT
soft present "$P" 当事人张某某在社区 经举报人M某某反映
grep -q '第 1 条记录的“违法事实”里写有举报人姓名（M某某）、手机号' err ||
    die "no warning of the informant's name: $(cat err)"
[ "$failures" -eq 0 ] || die "$failures of the checks above failed"
exit 0
