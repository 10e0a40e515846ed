/*
 * Ingesting bundles into the ledger: outcomes, supersede rules with exact
 * row counts, and every rejection with its exact reason.
 */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "bundle/bundle.h"
#include "office/ingest.h"
#include "bundle/key.h"
#include "forms/form.h"
#include "office/ledger.h"

#define HAZ_HEAD "department,domain,focus,date,method,hazards,grade," \
	"handling,status,town,subject\n"
#define HAZ_ROW(d, g, s) "民政局,网络空间,虚假宣传," d ",自行摸排,\"直播间夸大" \
	"功效\n诱导囤货\"," g ",责令整改," s ",新兖镇,某某公司\n"
#define STATS_HEAD "police_letters,procuratorate_suggestions," \
	"court_suggestions,supervision_suggestions,clues_collected," \
	"clues_handled,incidents_defused,local_regulations,government_rules," \
	"normative_documents,industry_standards,key_areas,key_areas_doing," \
	"key_areas_done\n"

static const char haz2[] = HAZ_HEAD
    HAZ_ROW("2022-05-23", "A", "正在整治")
    HAZ_ROW("2022-05-24", "B", "整治完成");
static const char haz3[] = HAZ_HEAD
    HAZ_ROW("2022-05-23", "A", "正在整治")
    HAZ_ROW("2022-05-24", "C", "正在整治")
    HAZ_ROW("2022-05-25", "C", "整治完成");
static const char stats1[] = STATS_HEAD "3,1,0,0,5,4,1,0,0,1,0,新兖镇,1,0\n";

static const unsigned char seed1[32] = "shouhu test ingest unit one 0001";
static const unsigned char seed2[32] = "shouhu test ingest unit two 0002";
static const unsigned char seedx[32] = "shouhu test ingest stranger 0003";
static const unsigned char seedo[32] = "shouhu test ingest office 000004";
static const unsigned char seedo2[32] = "shouhu test ingest office2 00005";

static struct key k1, k2, kx, ko, ko2;
static char dir[64];

struct fx {
	struct ledger	 l;
	struct ingest	*in;
	struct ingest_result r;
	struct buf	 why;
	struct buf	 z;
};

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
group_setup(void **state)
{
	struct buf	 err = BUF_INIT;
	int		 ok;

	(void)state;
	ok = key_from_seed(seed1, "一号所", &k1, &err) &&
	    key_from_seed(seed2, "二号所", &k2, &err) &&
	    key_from_seed(seedx, "冒充者", &kx, &err) &&
	    key_from_seed(seedo, "专项办", &ko, &err) &&
	    key_from_seed(seedo2, "别的专项办", &ko2, &err);
	buf_free(&err);
	strcpy(dir, "/tmp/test_ingest.XXXXXX");
	return ok && mkdtemp(dir) != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	key_free(&k1);
	key_free(&k2);
	key_free(&kx);
	key_free(&ko);
	key_free(&ko2);
	return nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

/* A fresh ledger with units U1 (k1) and U2 (k2), and an ingester. */
static int
setup(void **state)
{
	static int	 n;
	struct fx	*f = calloc(1, sizeof(*f));
	struct buf	 err = BUF_INIT;
	char		 path[128];

	snprintf(path, sizeof(path), "%s/ledger%d.db", dir, ++n);
	if (!ledger_open(&f->l, path, LEDGER_CREATE, &err) ||
	    ledger_unit_add(&f->l, "U1", "一号所", &k1, 0, &err) !=
	    LEDGER_ADD_NEW ||
	    ledger_unit_add(&f->l, "U2", "二号所", &k2, 0, &err) !=
	    LEDGER_ADD_NEW ||
	    (f->in = ingest_new(&f->l, &ko, &err)) == NULL) {
		fprintf(stderr, "setup: %s\n", err.ptr);
		return -1;
	}
	buf_free(&err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*f = *state;

	ingest_free(f->in);
	ledger_close(&f->l);
	ingest_result_free(&f->r);
	buf_free(&f->why);
	buf_free(&f->z);
	free(f);
	return 0;
}

/*
 * Writes a bundle of unit code signed by key (sealed to to, if not NULL)
 * holding the forms given as NULL-terminated (form, csv, rows) triples,
 * into f->z.
 */
static void
make(struct fx *f, const struct key *key, const char *code,
    const char *period, const char *created, const struct key *to, ...)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT;
	const char	*form, *csv;
	char		 path[128];
	va_list		 ap;

	bundle_init(&b);
	b.unit_code = strdup(code);
	b.period = strdup(period);
	b.created = strdup(created);
	va_start(ap, to);
	while ((form = va_arg(ap, const char *)) != NULL) {
		csv = va_arg(ap, const char *);
		/* the version of the compiled-in form (1 for an unknown one) */
		assert_true(bundle_add(&b, form, form_find(form) ?
		    form_find(form)->version : 1, csv, strlen(csv),
		    va_arg(ap, size_t)));
	}
	va_end(ap);
	snprintf(path, sizeof(path), "%s/b.zip", dir);
	if (!bundle_write(path, &b, key, to, &err))
		fail_msg("bundle_write: %s", err.ptr);
	assert_int_equal(files_read(&f->z, path), 1);
	unlink(path);
	bundle_free(&b);
	buf_free(&err);
}

/* Ingests f->z as one batch; returns the outcome. */
static enum ingest_outcome
ingest(struct fx *f)
{
	struct buf	 err = BUF_INIT;

	ingest_result_free(&f->r);
	buf_clear(&f->why);
	assert_true(ingest_begin(f->in, &err));
	ingest_bundle(f->in, f->z.ptr, f->z.len, "b.zip", &f->r, &f->why);
	assert_int_not_equal(f->r.outcome, INGEST_ERROR);
	assert_true(ingest_commit(f->in, &err));
	buf_free(&err);
	return f->r.outcome;
}

/* The integer result of sql on f's ledger. */
static long long
q(struct fx *f, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v;

	assert_int_equal(sqlite3_prepare_v2(f->l.db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void
test_accept_and_duplicate(void **state)
{
	struct fx	*f = *state;

	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, "campaign_stats", stats1,
	    (size_t)1, NULL);
	assert_int_equal(ingest(f), INGEST_ACCEPTED);
	assert_string_equal(f->r.unit_name, "一号所");
	assert_string_equal(f->r.forms, "campaign_stats 1 行、hazard_ledger 2 行");
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM campaign_stats"), 1);
	assert_int_equal(q(f, "SELECT clues_collected FROM campaign_stats"), 5);
	assert_int_equal(q(f, "SELECT typeof(clues_collected) = 'integer' "
	    "FROM campaign_stats"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger WHERE "
	    "_unit = 'U1' AND _period = '2022-W21' AND hazards = "
	    "'直播间夸大功效' || char(10) || '诱导囤货' AND grade = 'A' AND "
	    "_row = 1"), 1);

	/* the same bundle again: nothing changes */
	assert_int_equal(ingest(f), INGEST_UNCHANGED);
	assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger_all"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM ingest_log"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM ingest_log WHERE outcome "
	    "= 'unchanged'"), 1);

	/* packed again later with the same content: same id, unchanged */
	make(f, &k1, "U1", "2022-W21", "2022-05-28T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, "campaign_stats", stats1,
	    (size_t)1, NULL);
	assert_int_equal(ingest(f), INGEST_UNCHANGED);
	assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 1);
}

static void
test_supersede(void **state)
{
	struct fx	*f = *state;
	char		 first[65], second[65];

	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, "campaign_stats", stats1,
	    (size_t)1, NULL);
	assert_int_equal(ingest(f), INGEST_ACCEPTED);
	memcpy(first, f->r.id, 65);

	/* a corrected ledger: replaces the hazard part only */
	make(f, &k1, "U1", "2022-W21", "2022-05-27T09:00:00Z", NULL,
	    "hazard_ledger", haz3, (size_t)3, NULL);
	assert_int_equal(ingest(f), INGEST_REPLACED);
	assert_string_equal(f->r.replaced, first);
	memcpy(second, f->r.id, 65);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger"), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger WHERE "
	    "grade = 'C'"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger_all"), 5);
	assert_int_equal(q(f, "SELECT count(*) FROM campaign_stats"), 1);
	/* the first bundle keeps a current part, so stays current */
	assert_int_equal(q(f, "SELECT count(*) FROM bundles WHERE status = "
	    "'current'"), 2);

	/* a newer stats part: the first bundle is now wholly superseded */
	make(f, &k1, "U1", "2022-W21", "2022-05-27T10:00:00Z", NULL,
	    "campaign_stats", STATS_HEAD "1,0,0,0,2,2,0,0,0,0,0,,,\n",
	    (size_t)1, NULL);
	assert_int_equal(ingest(f), INGEST_REPLACED);
	assert_int_equal(q(f, "SELECT clues_collected FROM campaign_stats"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM campaign_stats_all"), 2);
	assert_int_equal(q(f, "SELECT count(*) FROM bundles WHERE status = "
	    "'superseded'"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM parts WHERE superseded_by "
	    "IS NULL"), 2);

	/* an older bundle arriving late goes to history only */
	make(f, &k1, "U1", "2022-W21", "2022-05-26T08:00:00Z", NULL,
	    "hazard_ledger", HAZ_HEAD HAZ_ROW("2022-05-23", "B", "正在整治"),
	    (size_t)1, NULL);
	assert_int_equal(ingest(f), INGEST_OUTDATED);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger"), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger_all"), 6);
	assert_int_equal(q(f, "SELECT count(*) FROM bundles WHERE status = "
	    "'superseded'"), 2);

	/* other units and periods are separate slots */
	make(f, &k2, "U2", "2022-W21", "2022-05-20T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_ACCEPTED);
	make(f, &k1, "U1", "2022-W22", "2022-05-20T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_ACCEPTED);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger"), 7);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger WHERE "
	    "_unit = 'U1' AND _period = '2022-W21'"), 3);
	assert_int_equal(q(f, "SELECT count(*) FROM pragma_foreign_key_check"),
	    0);
	(void)second;
}

/* The order bundles arrive in does not change what is current. */
static void
test_order_independent(void **state)
{
	struct fx	*f = *state;
	struct buf	 a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;

	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	buf_set(&a, f->z.ptr, f->z.len);
	make(f, &k1, "U1", "2022-W21", "2022-05-27T09:00:00Z", NULL,
	    "hazard_ledger", haz3, (size_t)3, NULL);
	buf_set(&b, f->z.ptr, f->z.len);
	/* same created second: the larger id wins, whatever the order */
	make(f, &k1, "U1", "2022-W21", "2022-05-27T09:00:00Z", NULL,
	    "hazard_ledger", HAZ_HEAD HAZ_ROW("2022-05-23", "B", "正在整治"),
	    (size_t)1, NULL);
	buf_set(&c, f->z.ptr, f->z.len);

	buf_set(&f->z, c.ptr, c.len);
	assert_int_equal(ingest(f), INGEST_ACCEPTED);
	buf_set(&f->z, a.ptr, a.len);
	assert_int_equal(ingest(f), INGEST_OUTDATED);
	buf_set(&f->z, b.ptr, b.len);
	ingest(f);
	assert_int_equal(q(f, "SELECT count(*) FROM parts WHERE superseded_by "
	    "IS NULL"), 1);
	assert_int_equal(q(f, "SELECT (SELECT rows FROM parts WHERE "
	    "superseded_by IS NULL) = (SELECT rows FROM parts WHERE bundle = "
	    "(SELECT max(bundle) FROM parts WHERE created = "
	    "'2022-05-27T09:00:00Z'))"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM bundles WHERE status = "
	    "'superseded'"), 2);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

/*
 * A unit goes back to what it sent first: the same content (same id) sent
 * again later is current again, whatever the order of arrival.
 */
static void
test_revert(void **state)
{
	struct fx	*f = *state;
	struct buf	 x1 = BUF_INIT, y = BUF_INIT, x3 = BUF_INIT;
	int		 order;

	make(f, &k1, "U1", "2022-W21", "2023-01-01T00:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	buf_set(&x1, f->z.ptr, f->z.len);
	make(f, &k1, "U1", "2022-W21", "2023-01-15T00:00:00Z", NULL,
	    "hazard_ledger", haz3, (size_t)3, NULL);
	buf_set(&y, f->z.ptr, f->z.len);
	make(f, &k1, "U1", "2022-W21", "2023-03-01T00:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	buf_set(&x3, f->z.ptr, f->z.len);
	for (order = 0; order < 2; order++) {
		assert_true(ledger_exec(&f->l, "DELETE FROM hazard_ledger_all; "
		    "DELETE FROM parts; DELETE FROM bundles", &f->why));
		buf_set(&f->z, order ? x3.ptr : x1.ptr, order ? x3.len : x1.len);
		assert_int_equal(ingest(f), INGEST_ACCEPTED);
		buf_set(&f->z, y.ptr, y.len);
		assert_int_equal(ingest(f), order ? INGEST_OUTDATED :
		    INGEST_REPLACED);
		buf_set(&f->z, order ? x1.ptr : x3.ptr, order ? x1.len : x3.len);
		assert_int_equal(ingest(f), order ? INGEST_UNCHANGED :
		    INGEST_REPLACED);
		assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger"), 2);
		assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 2);
		assert_int_equal(q(f, "SELECT count(*) FROM bundles WHERE "
		    "status = 'current' AND created = '2023-03-01T00:00:00Z'"),
		    1);
		assert_int_equal(q(f, "SELECT count(*) FROM parts WHERE "
		    "superseded_by IS NULL AND rows = 2"), 1);
		assert_int_equal(q(f, "SELECT count(*) FROM bundles WHERE "
		    "status = 'superseded' AND superseded_by IS NOT NULL"), 1);
	}
	buf_free(&x1);
	buf_free(&y);
	buf_free(&x3);
}

static void
test_sealed(void **state)
{
	struct fx	*f = *state;
	struct buf	 err = BUF_INIT;
	struct ingest	*nokey;

	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", &ko,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_ACCEPTED);
	assert_int_equal(q(f, "SELECT sealed FROM bundles"), 1);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger"), 2);

	/* without the office key: refused, and not for quarantine */
	nokey = ingest_new(&f->l, NULL, &err);
	assert_non_null(nokey);
	ingest_free(f->in);
	f->in = nokey;
	make(f, &k1, "U1", "2022-W22", "2022-05-27T08:00:00Z", &ko,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_int_equal(f->r.quarantine, 0);
	assert_string_equal(f->why.ptr, "b.zip: 数据包是加密的，需要专项办的私钥："
	    "加上 --key 专项办.key 再运行");
	buf_free(&err);
}

static void
test_sealed_other_office(void **state)
{
	struct fx	*f = *state;

	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", &ko2,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_int_equal(f->r.quarantine, 1);
	assert_non_null(strstr(f->why.ptr, "b.zip: 无法解密：这个数据包是加密给"
	    "另一个专项办密钥的"));
	assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 0);
}

static void
test_unknown_unit(void **state)
{
	struct fx	*f = *state;

	make(f, &kx, "U9", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_string_equal(f->why.ptr, "b.zip: 单位代码 U9（数据包上写的名称："
	    "冒充者）没有登记；如果是新的报送单位，先用 shouhu units add U9 "
	    "名称 单位.pub 登记它的公钥，再接收");
	assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM ingest_log WHERE outcome = "
	    "'rejected' AND unit = 'U9' AND reason LIKE '%没有登记%'"), 1);
}

static void
test_wrong_key(void **state)
{
	struct fx	*f = *state;
	struct buf	 want = BUF_INIT;

	make(f, &kx, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	buf_printf(&want, "b.zip: 签名无效：这个数据包不是由该单位的密钥签名的，"
	    "或在传送中被改动（数据包自称来自 U1 一号所，登记的公钥是 %s）；"
	    "请与该单位电话核实，不要接收", k1.id);
	assert_string_equal(f->why.ptr, want.ptr);
	assert_int_equal(q(f, "SELECT count(*) FROM hazard_ledger_all"), 0);
	buf_free(&want);
}

static void
test_bad_rows(void **state)
{
	struct fx	*f = *state;

	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", HAZ_HEAD HAZ_ROW("2022-05-23", "A", "正在整治")
	    HAZ_ROW("2022-05-24", "Z", "整治完成")
	    ",网络空间,虚假宣传,2022-05-23,自行摸排,x,A,y,正在整治,,\n",
	    (size_t)3, "campaign_stats", stats1, (size_t)1, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_string_equal(f->why.ptr, "b.zip: data/hazard_ledger.csv 有 2 个"
	    "问题，整个数据包没有接收；请让报送单位改正后重新打包：\n"
	    "  data/hazard_ledger.csv:3:G(等级): 不是可选的值：请从下拉列表中"
	    "选择（可选：A、B、C）（Z）\n"
	    "  data/hazard_ledger.csv:4:A(主管部门): 必须填写");
	/* whole or nothing: the valid stats part did not go in either */
	assert_int_equal(q(f, "SELECT count(*) FROM campaign_stats_all"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 0);
}

/*
 * A number Excel had cut to 15 digits, as an older collector packed it:
 * the text of its E notation in a text field.
 */
static void
test_excel_number(void **state)
{
	struct fx	*f = *state;

	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", HAZ_HEAD HAZ_ROW("2022-05-23", "A", "正在整治")
	    "民政局,网络空间,虚假宣传,2022-05-24,自行摸排,x,A,y,正在整治,新兖镇,"
	    "1.10101199001011E+17\n", (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_string_equal(f->why.ptr, "b.zip: data/hazard_ledger.csv 有 1 个"
	    "问题，整个数据包没有接收；请让报送单位改正后重新打包：\n"
	    "  data/hazard_ledger.csv:3:K(检查单位): 这一格被 Excel 存成了数字"
	    "（1.10101199001011E+17），后几位已经丢失：请把这一列设成“文本”"
	    "格式后重新输入");
	assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 0);
}

static void
test_rejections(void **state)
{
	struct fx	*f = *state;

	/* a weekly form for a month */
	make(f, &k1, "U1", "2022-05", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_string_equal(f->why.ptr, "b.zip: 风险隐患排查化解台账按周报送，"
	    "数据包的期间却是 2022-05；请让报送单位改正期间后重新打包");

	/* a form nobody knows */
	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "no_such_form", "a\n1\n", (size_t)1, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_string_equal(f->why.ptr, "b.zip: 数据包里的表单 no_such_form "
	    "本程序不认识；请升级 shouhu，或与报送单位核实");

	/* columns in another order than the form's */
	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "campaign_stats", "court_suggestions,police_letters\n1,2\n",
	    (size_t)1, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_string_equal(f->why.ptr, "b.zip: data/campaign_stats.csv 的标题"
	    "行不是 campaign_stats 第 2 版的字段名；请让报送单位用 "
	    "shouhu-collect 重新打包");

	/* a unit's clock far ahead */
	make(f, &k1, "U1", "2022-W21", "2099-01-01T00:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, NULL);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_string_equal(f->why.ptr, "b.zip: 数据包的生成时间 "
	    "2099-01-01T00:00:00Z 在将来；请让报送单位把电脑的日期和时间改正后"
	    "重新打包");

	/* not a bundle at all */
	buf_set(&f->z, "PK\3\4 not really", 16);
	assert_int_equal(ingest(f), INGEST_REJECTED);
	assert_int_equal(f->r.quarantine, 1);
	assert_int_equal(f->r.id[0], '\0');

	assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM ingest_log WHERE outcome = "
	    "'rejected'"), 5);
}

/* A ledger failure mid-bundle leaves nothing of it (the savepoint). */
static void
test_ledger_failure(void **state)
{
	struct fx	*f = *state;
	struct buf	 err = BUF_INIT;

	make(f, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z", NULL,
	    "hazard_ledger", haz2, (size_t)2, "campaign_stats", stats1,
	    (size_t)1, NULL);
	/* make the second part's rows fail to insert */
	assert_true(ledger_exec(&f->l, "CREATE TRIGGER t BEFORE INSERT ON "
	    "hazard_ledger_all BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
	    &err));
	ingest_free(f->in);
	f->in = ingest_new(&f->l, &ko, &err);
	assert_non_null(f->in);
	assert_true(ingest_begin(f->in, &err));
	ingest_bundle(f->in, f->z.ptr, f->z.len, "b.zip", &f->r, &f->why);
	assert_int_equal(f->r.outcome, INGEST_ERROR);
	assert_non_null(strstr(f->why.ptr, "写入账本失败：disk on fire"));
	ingest_rollback(f->in);
	assert_int_equal(q(f, "SELECT count(*) FROM bundles"), 0);
	assert_int_equal(q(f, "SELECT count(*) FROM campaign_stats_all"), 0);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_accept_and_duplicate,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_supersede, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_order_independent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_revert, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sealed_other_office,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_unit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_excel_number, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_rejections, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ledger_failure, setup,
		    teardown),
	};

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
