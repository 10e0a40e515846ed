#!/bin/sh
# Privacy that holds both ways (issue 12): the leaks and the false alarms
# of careless units and writers, each a scenario.
#
#  1. A unit types a phone, ID and bank number in every spelling people use
#     into public fields of a case (facts, penalty), and the informant of a
#     clue by name into the facts ("经举报人李秀英反映。").  The site builds
#     (a unit's data never stops it), no published byte holds any of those
#     numbers in any spelling (checked independently: every file's digits,
#     full-width and Chinese ones too, with everything else removed) nor the
#     informant's name, and the office gets one warning per field naming
#     unit, period, form, record and field.  A penalty with "138  1234  5678"
#     (two spaces), which a summary collapses, is masked as well.
#  2. An article with phrases a unit also wrote in a hazard's private
#     处理情况 ("工作人员已约谈负责人。") builds: ordinary words are no
#     secret.
#  3. Files published from content/ are checked by what they hold, not by
#     their names: an ID and a phone in decision.yaml, in decision.doc (a
#     text file) and in a file without extension each stop the build,
#     naming the file and line; a PNG is listed as not checked.
#  4. An article with a number spelled 一三八一二三四五六七八 stops the
#     build, naming content/….md and its line.
. "$(dirname "$0")/lib/common.sh"
: "${COLLECT:?set COLLECT to the shouhu-collect binary}"
F=$(cd "$(dirname "$0")/../fixtures/privacy" && pwd)
cd "$T"

# every spelling of the issue, of 138 1234 5678, 370882 19900101 123X and
# 6222 0212 3456 7890
SPELLINGS='138.1234.5678；138/1234/5678；138_1234_5678；138，1234，5678；(138)12345678；138—1234—5678；1 3 8 1 2 3 4 5 6 7 8；138　1234　5678；138 1234 5678；138​12345678；１３８－１２３４－５６７８；一三八一二三四五六七八；wx13812345678；+86 138 1234 5678；370882-1990-0101-123X；370882.19900101.123X；6222.0212.3456.7890；138  1234  5678'

mkdir in
expect 0 "$COLLECT" keygen U1
expect 0 "$SHOUHU" units add --ledger ledger.db U1 新兖镇市场监管所 U1.pub
cat >cs.csv <<'EOF'
clue_id,registered_date,source,domain,subject,content,informant_name,informant_phone,handling_unit,handler
YZ2022-001,2022-05-23,12315,涉老食品保健品,某某健康咨询有限公司,以免费体检为名推销保健品,李秀英,0537-7654321,综合执法大队,王建国
EOF
cat >hz.csv <<'EOF'
department,domain,focus,date,method,hazards,grade,handling,status,town,subject
民政局,涉老食品保健品,虚假宣传,2022-05-23,自行摸排,讲座夸大功效,B,"工作人员已约谈负责人。
执法人员已责令停止经营。",正在整治,新兖镇,某某保健品店
EOF
{
	echo 'title,scheme,party,party_type,facts,basis,penalty,decision_no,authority,decision_date,recovered,victims,reviewer,approval'
	printf '讲座案,销售养老产品,某某保健品店,单位,"经举报人李秀英反映。%s",《广告法》,罚款 5 万元，联系 138  1234  5678,兖市监处罚〔2022〕15号,兖州区市场监督管理局,2022-05-30,,,赵审核,已批准\n' \
	    "$SPELLINGS"
} >cd.csv
SOURCE_DATE_EPOCH=1653638400 expect 0 "$COLLECT" pack --unit U1 --period \
    2022-W21 --key U1.key case_source=cs.csv hazard_ledger=hz.csv \
    -o in/w21.zip
SOURCE_DATE_EPOCH=1654041600 expect 0 "$COLLECT" pack --unit U1 --period \
    2022-05 --key U1.key case_disclosure=cd.csv -o in/m05.zip
expect 0 "$SHOUHU" ingest --ledger ledger.db in
# the office approves every case the units ask to publish (shouhu cases)
"$SHOUHU" cases --ledger ledger.db list --pending | cut -f 1 >pending
# shellcheck disable=SC2046
expect 0 "$SHOUHU" cases --ledger ledger.db approve $(cat pending)

# ---- 1. a unit's slips: masked, warned, the site builds ------------------

cp -R "$F/site" site
# the summary of the penalty, as a case page shows it
cat >>site/themes/t/layouts/data.html <<'EOF'
{% for _, r in ipairs(page.data.rows) do if r.penalty then %}<p>{{ shouhu.summary(r.penalty, 40) }}</p>{% end end %}
EOF
expect 0 "$SHOUHU" build -C site --ledger ledger.db -j 2
cat >want <<'EOF'
提示：新兖镇市场监管所（U1）2022-05 报送的“典型案例”第 1 条记录的“违法事实”里写有举报人姓名（李某某）、手机号（138****5678）×15、身份证号（370882********123X）×2、银行卡号（6222********7890），网站上已隐去；请提醒该单位更正后重新报送
提示：新兖镇市场监管所（U1）2022-05 报送的“典型案例”第 1 条记录的“处罚结果”里写有手机号（138****5678），网站上已隐去；请提醒该单位更正后重新报送
EOF
diff -u want err >d.out || die "warnings: $(cat d.out)"
grep -q '经举报人李某某反映。' site/public/data/case_disclosure.csv ||
    die "the facts are not published masked: $(cat site/public/data/case_disclosure.csv)"
# independently of the product: no file's digits hold the numbers
python3 - site/public <<'EOF' || die "a number is published"
import os, re, sys
cn = dict(zip("〇零一二三四五六七八九", "0012345678" "9"))
bad = 0
for root, dirs, files in os.walk(sys.argv[1]):
    for f in files:
        p = os.path.join(root, f)
        t = open(p, "rb").read().decode("utf-8", "replace")
        t = "".join(cn.get(c, chr(ord(c) - 0xfee0) if "０" <= c <= "９" else c)
                    for c in t)
        d = re.sub(r"[^0-9]", "", t)
        for n in ("13812345678", "37088219900101123", "6222021234567890",
                  "05377654321"):
            if n in d:
                print("%s: %s" % (p, n))
                bad += 1
        if "李秀英" in t:
            print("%s: 李秀英" % p)
            bad += 1
sys.exit(1 if bad else 0)
EOF

# ---- 2. ordinary words of private text are no secret -------------------

mkdir -p site/content/news
printf -- '---\ntitle: 整治进展\n---\n工作人员已约谈负责人。执法人员已责令停止经营。\n' \
    >site/content/news/a.md
expect 0 "$SHOUHU" build -C site --ledger ledger.db -j 2
grep -q '工作人员已约谈负责人。执法人员已责令停止经营。' \
    site/public/news/a/index.html || die "the article is not published"

# ---- 3. files are checked by what they hold -----------------------------

cp -R site/public good
# fails FILE LINE: the build, from inside site, failed naming FILE:LINE,
# and left the output alone
fails() {
	set +e
	(cd site && "$SHOUHU" build --ledger ../ledger.db -j 2) >out 2>err
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || die "$1: exit $rc: $(cat err)"
	grep -v '^提示：' err | head -n 1 >got
	grep -q "^$1（在 public/" got || die "$1: $(cat got)"
	diff -r good site/public >/dev/null || die "$1: the output changed"
}
printf '编号: 15\n当事人电话: 139 1234 5678\n身份证: 370882199001011234\n' \
    >site/content/news/decision.yaml
fails content/news/decision.yaml:2
mv site/content/news/decision.yaml site/content/news/decision.doc
fails content/news/decision.doc:2
mv site/content/news/decision.doc site/content/news/decision
fails content/news/decision:2
rm site/content/news/decision
printf '\211PNG\r\n\032\n 13912345678' >site/content/news/photo.png
expect 0 "$SHOUHU" build -C site --ledger ledger.db -j 2
grep -q '^另有 1 个文件不是文字，没有检查其中有没有个人信息，发布前请自己看一遍：news/photo.png（PNG 图片）$' out ||
    die "the PNG is not listed: $(cat out)"
cp -R site/public good2
rm -r good
mv good2 good

# ---- 4. an article with a number spelled in Chinese digits ---------------

printf -- '---\ntitle: 提醒\n---\n第一段。\n\n如有疑问请拨打一三八一二三四五六七八。\n' \
    >site/content/news/b.md
fails content/news/b.md:6
grep -q '发现手机号（138\*\*\*\*5678）' got || die "message: $(cat got)"
exit 0
