#!/bin/sh
# The office approves case disclosures (issue 16, point 4).  A unit's
# 公开审核 = 已批准 only asks; the site publishes a current case only when
# the office approved it as it is now (shouhu cases, shouhu(1)).  On the
# demo fixtures (tests/fixtures/demo_data/bundles/: U1's 21号 and 25号 of
# September asked, 27号 not; U1's 33号 and 36号 of October asked; U2's
# 30号 asked):
#  - cases list numbers the cases (unit, period, row) and shows each one
#    line: id, decision number, unit, state, title, the text as published
#    (王建国 masked as 王某某; the company of a case the unit did not ask
#    to publish is an unpublished name, masked); --pending only the ones
#    waiting
#  - nothing is published before the office approves; approve publishes
#    exactly the approved cases at the next build
#  - withdraw --reason takes a case off the site at the next build, the
#    reason and time in the ledger; approve brings a withdrawn case back
#    (a new decision: the ledger keeps approved, withdrawn, approved) and
#    the next build publishes it again; cases list shows the withdrawal
#    before the approval now in force
#  - a newer bundle that changes an approved case (33号's penalty) makes
#    it pending again and unpublished; one that resends a case unchanged
#    keeps it approved
#  - wrong ids, approving what the unit did not ask for, withdraw without
#    --reason, a decision number sent twice in a month: exact messages,
#    exit 1 or 2, nothing recorded
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
R=$(cd "$(dirname "$0")/../.." && pwd)
F=$R/tests/fixtures/demo_data/bundles
cd "$T"

# pack ZIP UNIT PERIOD EPOCH CSV: signs the case_disclosure CSV, made at
# time EPOCH, into ZIP
pack() {
	SOURCE_DATE_EPOCH=$4 expect 0 "$COLLECT" pack --unit "$2" --period \
	    "$3" --key "$2.key" "case_disclosure=$5" -o "$1"
}
# cases ARGS...: shouhu cases ARGS on ./ledger.db
cases() {
	"$SHOUHU" cases --ledger ledger.db "$@"
}
# pages: the case pages of the build of ./site, sorted
pages() {
	for x in site/public/anli/*/index.html; do
		[ -f "$x" ] || continue
		x=${x%/index.html}
		echo "${x##*/}"
	done | { grep -v '^leixing$' || true; } | sort
}
# publish: builds ./site on ./ledger.db
publish() {
	expect 0 "$SHOUHU" build -C site --ledger ledger.db -q
}

mkdir in site
cp -R "$R/scripts" "$R/content" "$R/themes" site/
for u in U1 U2; do
	expect 0 "$COLLECT" keygen $u
done
expect 0 "$SHOUHU" units add --ledger ledger.db U1 新兖镇市场监管所 U1.pub
expect 0 "$SHOUHU" units add --ledger ledger.db U2 大安镇市场监管所 U2.pub
expect 0 cases list
same out <<'EOF'
账本里还没有典型案例
EOF
pack in/U1-09.zip U1 2023-09 1696003200 "$F/u1-2023-09-case_disclosure.csv"
pack in/U1-10.zip U1 2023-10 1698364800 "$F/u1-2023-10-case_disclosure.csv"
pack in/U2-10.zip U2 2023-10 1698364800 "$F/u2-2023-10-case_disclosure.csv"
expect 0 "$SHOUHU" ingest --ledger ledger.db -q in

# ---- the list ----------------------------------------------------------

expect 0 cases list
same out <<'EOF'
1	兖市监处罚〔2023〕21号	新兖镇市场监管所（U1 2023-09 第 1 条）	待批准	兖州福寿康养老服务有限公司以健康讲座为名虚假宣传案	当事人：兖州福寿康养老服务有限公司；违法事实：当事人在社区活动室举办健康讲座，宣称其销售的“福寿康”牌压片糖果能治疗高血压、糖尿病，向老年人销售共计 12 万元。；处罚结果：责令停止发布违法广告，罚款 20 万元。
2	兖市监处罚〔2023〕25号	新兖镇市场监管所（U1 2023-09 第 2 条）	待批准	个人以投资养老公寓为名非法吸收老年人资金案	当事人：王某某；违法事实：当事人王某某自称养老公寓合伙人，以每年 15% 的回报诱骗老年人投资。经查，王某某共收取 6 名老年人资金。；处罚结果：对王某某处以罚款 5 万元，责令退还全部款项。
3	兖市监处罚〔2023〕27号	新兖镇市场监管所（U1 2023-09 第 3 条）	未申请	尚待审核的安居房产以房养老抵押借款案	当事人：某某有限公司；违法事实：尚待审核案例的违法事实：诱骗老人抵押房产。；处罚结果：尚待审核案例的处罚结果。
4	兖市监处罚〔2023〕33号	新兖镇市场监管所（U1 2023-10 第 1 条）	待批准	冒充社保工作人员代办养老保险收费案	当事人：兖州惠民人力资源咨询有限公司；违法事实：当事人以“补缴养老保险”为名，向老年人收取所谓代办费。；处罚结果：没收违法所得，罚款 10 万元。
5	兖市监处罚〔2023〕36号	新兖镇市场监管所（U1 2023-10 第 2 条）	待批准	已撤回的夕阳红旅行社低价游购物案	当事人：兖州夕阳红旅行社有限公司；违法事实：已撤回案例的违法事实：组织老年人低价游并强制购物。；处罚结果：已撤回案例的处罚结果。
6	兖市监处罚〔2023〕30号	大安镇市场监管所（U2 2023-10 第 1 条）	待批准	济宁颐康生物科技有限公司以免费体检为名推销保健品案	当事人：济宁颐康生物科技有限公司；违法事实：当事人以**免费体检**为名招揽老年人，体检后推销保健品。；处罚结果：没收违法所得，罚款 8 万元。
EOF
[ ! -s err ] || die "cases list printed on stderr: $(cat err)"
# the private fields are nowhere in the list (the reviewer, the raw name)
if grep -q -e 审核人 -e 王建国 out; then
	die "private data in cases list: $(cat out)"
fi
expect 0 cases list --pending
cut -f 1,4 out >list
same list <<'EOF'
1	待批准
2	待批准
4	待批准
5	待批准
6	待批准
EOF

# ---- nothing is published before the office approves --------------------

publish
pages >list
same list </dev/null
if grep -q '兖市监处罚' site/public/anli/index.html; then
	die "an unapproved case is listed on /anli/"
fi

# ---- wrong commands: exact messages, nothing recorded --------------------

expect 1 cases approve 6 3 99 x
same err <<'EOF'
shouhu: 案例 3（兖市监处罚〔2023〕27号）单位没有申请公开（公开审核不是“已批准”）：单位改为申请公开并重新报送后才能批准
shouhu: 没有编号为 99 的现行案例：用 shouhu cases list 查看案例和编号（单位报送的新版本里没有了的案例不再列出）
shouhu: 没有编号为“x”的案例：编号是 shouhu cases list 每行开头的数字
shouhu: 3 个案例有问题，什么都没有记录；改正后再运行一次
EOF
same out </dev/null
[ "$(count 'SELECT count(*) FROM case_decisions')" = 0 ] ||
    die "a refused approve recorded a decision"
expect 2 cases withdraw 1
same err <<'EOF'
shouhu: 撤下案例要写明原因（记入账本）：shouhu cases withdraw 编号... --reason 原因
EOF
expect 2 cases withdraw 1 --reason " "
expect 2 cases approve 1 --reason 不用
same err <<'EOF'
shouhu: 批准不用写原因（--reason 是撤下用的）：shouhu cases approve 编号...
EOF
expect 2 cases approve
expect 2 cases list --reason x
expect 2 cases approve --pending 1

# ---- approve: published at the next build --------------------------------

expect 0 cases approve 1 2 4
same out <<'EOF'
已批准案例 1（兖市监处罚〔2023〕21号）：下次生成网站时公布
已批准案例 2（兖市监处罚〔2023〕25号）：下次生成网站时公布
已批准案例 4（兖市监处罚〔2023〕33号）：下次生成网站时公布
EOF
expect 0 cases approve 1
same out <<'EOF'
案例 1（兖市监处罚〔2023〕21号）早已批准，没有改动
EOF
expect 0 cases list
cut -f 1,4 out >list
same list <<'EOF'
1	已批准（2023-11-15 06:13）
2	已批准（2023-11-15 06:13）
3	未申请
4	已批准（2023-11-15 06:13）
5	待批准
6	待批准
EOF
expect 0 cases list --pending
cut -f 1 out >list
same list <<'EOF'
5
6
EOF
publish
pages >list
same list <<'EOF'
兖市监处罚-2023-21号
兖市监处罚-2023-25号
兖市监处罚-2023-33号
EOF
grep -q '<h1>冒充社保工作人员代办养老保险收费案</h1>' \
    site/public/anli/兖市监处罚-2023-33号/index.html ||
    die "the page of 33号 has no title"
grep -q '王某某' site/public/anli/兖市监处罚-2023-25号/index.html ||
    die "25号 is not masked"
if grep -rqF '王建国' site/public; then
	die "王建国 published"
fi
# the cases still waiting are nowhere: pages, lists, feeds, search index
for s in 兖市监处罚〔2023〕30号 济宁颐康生物科技 兖市监处罚〔2023〕36号 \
    兖州夕阳红旅行社; do
	if grep -rlF "$s" site/public >hits; then
		die "pending case \"$s\" published in: $(tr '\n' ' ' <hits)"
	fi
done

# ---- withdraw: gone at the next build, the reason in the ledger ----------

SOURCE_DATE_EPOCH=1700003600 expect 0 cases withdraw 2 \
    --reason 当事人已申请行政复议
same out <<'EOF'
已撤下案例 2（兖市监处罚〔2023〕25号）：下次生成网站时不再公布
EOF
count "SELECT c.decision_no, d.action, d.at, d.reason FROM case_decisions d
    JOIN cases c ON c.id = d.case_id ORDER BY d.id" >list
same list <<'EOF'
兖市监处罚〔2023〕21号|approved|2023-11-14T22:13:20Z|
兖市监处罚〔2023〕25号|approved|2023-11-14T22:13:20Z|
兖市监处罚〔2023〕33号|approved|2023-11-14T22:13:20Z|
兖市监处罚〔2023〕25号|withdrawn|2023-11-14T23:13:20Z|当事人已申请行政复议
EOF
publish
pages >list
same list <<'EOF'
兖市监处罚-2023-21号
兖市监处罚-2023-33号
EOF
# the list shows titles (the decision number is on the case's own page)
if grep -q '个人以投资养老公寓为名非法吸收老年人资金案' \
    site/public/anli/index.html; then
	die "withdrawn 25号 still listed on /anli/"
fi
expect 0 cases list
grep '^2	' out | cut -f 4 >list
same list <<'EOF'
已撤下（2023-11-15 07:13，原因：当事人已申请行政复议）
EOF
expect 0 cases withdraw 2 --reason 再撤一次
same out <<'EOF'
案例 2（兖市监处罚〔2023〕25号）早已撤下，没有改动
EOF

# ---- a wrongly withdrawn case approved again: published again -----------

SOURCE_DATE_EPOCH=1700007200 expect 0 cases approve 2
same out <<'EOF'
已重新批准案例 2（兖市监处罚〔2023〕25号）：下次生成网站时重新公布（此前于 2023-11-15 07:13 撤下，原因：当事人已申请行政复议）
EOF
[ ! -s err ] || die "re-approve printed on stderr: $(cat err)"
count "SELECT d.action, d.at, d.reason FROM case_decisions d JOIN cases c
    ON c.id = d.case_id WHERE c.id = 2 ORDER BY d.id" >list
same list <<'EOF'
approved|2023-11-14T22:13:20Z|
withdrawn|2023-11-14T23:13:20Z|当事人已申请行政复议
approved|2023-11-15T00:13:20Z|
EOF
expect 0 cases list
grep '^2	' out | cut -f 4 >list
same list <<'EOF'
已批准（2023-11-15 08:13 重新批准；此前于 2023-11-15 07:13 撤下，原因：当事人已申请行政复议）
EOF
publish
pages >list
same list <<'EOF'
兖市监处罚-2023-21号
兖市监处罚-2023-25号
兖市监处罚-2023-33号
EOF
grep -q '个人以投资养老公寓为名非法吸收老年人资金案' \
    site/public/anli/index.html ||
    die "re-approved 25号 not listed on /anli/"
grep -q '<dd>兖市监处罚〔2023〕25号</dd>' \
    site/public/anli/兖市监处罚-2023-25号/index.html ||
    die "re-approved 25号's page has no decision number"
grep -q '王某某' site/public/anli/兖市监处罚-2023-25号/index.html ||
    die "re-approved 25号 is not masked"
# and withdrawn once more (the office changed its mind again): gone again
SOURCE_DATE_EPOCH=1700003600 expect 0 cases withdraw 2 \
    --reason 当事人已申请行政复议
publish
pages >list
same list <<'EOF'
兖市监处罚-2023-21号
兖市监处罚-2023-33号
EOF
if grep -q '个人以投资养老公寓为名非法吸收老年人资金案' \
    site/public/anli/index.html; then
	die "25号 withdrawn again still listed on /anli/"
fi

# ---- a newer bundle that changes an approved case: pending again ---------

# U1 resends October: 33号 with another penalty, 36号 unchanged; and
# September unchanged: 21号 stays approved
sed 's/罚款 10 万元/罚款 12 万元/' "$F/u1-2023-10-case_disclosure.csv" \
    >u1-10fix.csv
mkdir in2
pack in2/U1-10fix.zip U1 2023-10 1698710400 u1-10fix.csv
pack in2/U1-09again.zip U1 2023-09 1698710400 \
    "$F/u1-2023-09-case_disclosure.csv"
expect 0 "$SHOUHU" ingest --ledger ledger.db -q in2
expect 0 cases list
cut -f 1,4 out >list
same list <<'EOF'
1	已批准（2023-11-15 06:13）
2	已撤下（2023-11-15 07:13，原因：当事人已申请行政复议）
3	未申请
4	待批准（批准后单位报送了改动）
5	待批准
6	待批准
EOF
grep '^4	' out | grep -q '罚款 12 万元' || die "33号 is not the new version"
publish
pages >list
same list <<'EOF'
兖市监处罚-2023-21号
EOF
# approved again, the new version is published
expect 0 cases approve 4
publish
pages >list
same list <<'EOF'
兖市监处罚-2023-21号
兖市监处罚-2023-33号
EOF
grep -q '罚款 12 万元' site/public/anli/兖市监处罚-2023-33号/index.html ||
    die "33号 published without its new penalty"

# ---- one decision number twice in a month: refused -----------------------

{
	head -n 1 "$F/u2-2023-10-case_disclosure.csv"
	sed 1d "$F/u2-2023-10-case_disclosure.csv"
	sed 1d "$F/u2-2023-10-case_disclosure.csv" | sed 's/罚款 8 万元/罚款 9 万元/'
} >u2-11.csv
mkdir in3
pack in3/U2-11.zip U2 2023-11 1700000000 u2-11.csv
expect 0 "$SHOUHU" ingest --ledger ledger.db -q in3
expect 0 cases list --pending
cut -f 1,3 out >list
same list <<'EOF'
5	新兖镇市场监管所（U1 2023-10 第 2 条）
6	大安镇市场监管所（U2 2023-10 第 1 条）
7	大安镇市场监管所（U2 2023-11 第 1 条）
7	大安镇市场监管所（U2 2023-11 第 2 条）
EOF
expect 1 cases approve 7
same err <<'EOF'
shouhu: 案例 7（兖市监处罚〔2023〕30号）在 U2 2023-11 的报送里有 2 条，不知道批准或撤下哪一条：请单位改正决定书文号后重新报送
shouhu: 1 个案例有问题，什么都没有记录；改正后再运行一次
EOF
exit 0
