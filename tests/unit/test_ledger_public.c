/*
 * The public copy of the ledger (ledger_public.h) and the check of the
 * built site (scan.h).  One ledger is built from signed bundles whose
 * private fields hold unique markers; its public copy is then queried with
 * SQLite directly:
 *   - private columns are absent (a query naming one does not prepare, and
 *     says why, exactly), no private value is in any cell;
 *   - masked fields are masked only where the form says (mask_if), free
 *     text is scrubbed, superseded rows and disclosures not yet approved
 *     are gone; without a ledger every table is there, empty;
 *   - the copy is read-only: no ATTACH, PRAGMA, writes, VACUUM INTO;
 *   - identifying values a unit typed into public text (an informant's
 *     name in a case's facts, numbers in any spelling) are masked there,
 *     each with one exact warning naming unit, period, form, record and
 *     field;
 *   - the identifying values are exactly those of fields with a mask
 *     (history, list lines, masked names, unpublished parties; not
 *     placeholders, short ones, or businesses a published name holds);
 *   - scan_file reports where with the exact message, reads files by
 *     what they are (markup decoded, JSON strings, CSV cells, binary
 *     files not at all), honours privacy.allow, and leaves hotlines,
 *     landlines and dates alone.
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
#include "forms/form.h"
#include "office/ingest.h"
#include "bundle/key.h"
#include "office/ledger.h"
#include "office/cases.h"
#include "office/ledger_public.h"
#include "office/privacy.h"
#include "office/pscan.h"
#include "output/scan.h"

/* ---- the fixture ---------------------------------------------------- */

/* the ends of the output check's messages */
#define NUM_HINT "。如果它确实可以公开（如单位的办公电话），把它写进 " \
	"scripts/site.lua 的 privacy.allow"
#define NUM_MSG "：个人的号码不能出现在网站上；请删去它"
#define ID_MSG "：能认出个人或被查处前的经营者的信息不能出现在网站上；请删去它。" \
	"如果它确实可以公开（如地名、单位名），把它写进 scripts/site.lua 的 " \
	"privacy.allow"

#define CS_HEAD "clue_id,registered_date,source,domain,subject,content," \
	"informant_name,informant_phone,handling_unit,handler\n"
static const char case_source[] = CS_HEAD
    "YZ2022-001,2022-05-23,12315,涉老食品保健品,MARKER-CS-SUBJECT-1,"
    "MARKER-CS-CONTENT-1,MARKER-INFORMANT-7f3a,13812345678,新兖镇,"
    "MARKER-HANDLER-9b2e\n"
    "YZ2022-002,2022-05-24,投诉举报,网络空间,某某保健品,"
    "MARKER-CS-CONTENT-2,李秀英,,一号所,王\n"
    "YZ2022-003,2022-05-25,投诉举报,网络空间,匿名,"
    "MARKER-CS-CONTENT-3,匿名,,一号所,待定\n";

#define HAZ_HEAD "department,domain,focus,date,method,hazards,grade," \
	"handling,status,town,subject\n"
static const char hazard_u1[] = HAZ_HEAD
    "民政局,网络空间,虚假宣传,2022-05-23,自行摸排,\"MARKER-HAZ-1\n诱导囤货\","
    "A,责令整改,正在整治,新兖镇,MARKER-HAZ-SUBJECT-1\n"
    "民政局,涉老食品保健品,违法广告,2022-05-24,镇街上报,MARKER-HAZ-2,B,"
    "立案调查,整治完成,酒仙桥街道,MARKER-HAZ-SUBJECT-2\n";
/* U2 sends two rows, then corrects to the second one only */
#define HAZ_U2_OLD "民政局,网络空间,虚假宣传,2022-05-23,自行摸排," \
	"MARKER-HAZ-U2,C,责令整改,正在整治,旧镇OLDTOWN,MARKER-OLD-SUBJECT\n"
#define HAZ_U2_KEPT "民政局,网络空间,虚假宣传,2022-05-25,自行摸排," \
	"MARKER-HAZ-U2,C,责令整改,整治完成,二号镇,MARKER-U2-SUBJECT\n"
static const char hazard_u2_old[] = HAZ_HEAD HAZ_U2_OLD HAZ_U2_KEPT;
static const char hazard_u2_new[] = HAZ_HEAD HAZ_U2_KEPT;

static const char stats[] = "police_letters,procuratorate_suggestions,"
    "court_suggestions,supervision_suggestions,clues_collected,"
    "clues_handled,incidents_defused,local_regulations,government_rules,"
    "normative_documents,industry_standards,key_areas,key_areas_doing,"
    "key_areas_done\n"
    "3,1,0,0,5,4,1,0,0,1,0,\"MARKER-AREA-1\n新兖镇\",1,1\n";

#define FACTS "经举报人李秀英反映，当事人在店内举办健康讲座，联系电话13812345678，" \
	"身份证号11010519491231002X。"
static const char disclosure[] = "title,scheme,party,party_type,facts,"
    "basis,penalty,decision_no,authority,decision_date,recovered,victims,"
    "reviewer,approval\n"
    "保健品讲座虚假宣传案,销售养老产品,张三,个人," FACTS ",《广告法》第五十五条,"
    "罚款 5 万元,兖市监处罚〔2022〕15号,兖州区市场监督管理局,2022-05-30,"
    "1000,3,MARKER-REVIEWER-1,已批准\n"
    "某公司虚假宣传案,销售养老产品,某某保健品有限公司,单位,"
    "虚假宣传，销售员电话 139.1234.5678。,"
    "《广告法》,罚款 1 万元,兖市监处罚〔2022〕16号,兖州区市场监督管理局,"
    "2022-05-31,,,MARKER-REVIEWER-1,已批准\n"
    "PENDING-TITLE-5e1c,其他,李四,个人,尚未审核。,《广告法》,罚款,"
    "兖市监处罚〔2022〕17号,兖州区市场监督管理局,2022-05-31,,,,待审核\n";

static const char institution[] = "name,uscc,authority,registration,"
    "residents,prepaid,assessment,level,measures\n"
    "MARKER-INST-NAME,91350100M000100Y43,民政局,已登记,30,50000,"
    "MARKER-ASSESS,黄,\"约谈负责人\n责令整改\"\n"
    "康乐&福寿养老院,,民政局,未登记,12,0,MARKER-ASSESS-2,绿,\n";

/*
 * Every value of a private field, which no cell of the public copy may
 * hold (list lines one by one, history included), and the person's names
 * behind 张某某 and in the facts (李秀英, the informant of YZ2022-002).
 */
static const char *const private_values[] = {
	"MARKER-CS-SUBJECT-1", "MARKER-CS-CONTENT-1", "MARKER-CS-CONTENT-2",
	"MARKER-CS-CONTENT-3", "MARKER-INFORMANT-7f3a", "MARKER-HANDLER-9b2e",
	"李秀英", "MARKER-HAZ-1", "诱导囤货", "MARKER-HAZ-2", "MARKER-HAZ-U2",
	"责令整改", "立案调查", "MARKER-HAZ-SUBJECT-1", "MARKER-HAZ-SUBJECT-2",
	"MARKER-OLD-SUBJECT", "MARKER-U2-SUBJECT", "MARKER-AREA-1",
	"MARKER-REVIEWER-1", "张三", "李四", "MARKER-INST-NAME",
	"91350100M000100Y43", "MARKER-ASSESS", "约谈负责人", "康乐&福寿养老院",
	"MARKER-ASSESS-2", "PENDING-TITLE-5e1c", "尚未审核。",
	"兖市监处罚〔2022〕17号", "13812345678", "13912345678", NULL
};

/*
 * The identifying values (ident.h), which the site may never publish: of
 * every field with a mask, in the rows where it is not published as it
 * is.  Not: 某某保健品 (a business the published party 某某保健品有限公司
 * holds), 匿名 and 待定 (placeholders), 王 (one character), private text
 * that identifies nobody (MARKER-CS-CONTENT-1, 约谈负责人...), and the
 * pending disclosure's title (no mask).
 */
static const char *const ident_values[] = {
	"MARKER-CS-SUBJECT-1", "MARKER-INFORMANT-7f3a", "13812345678",
	"MARKER-HANDLER-9b2e", "李秀英", "MARKER-HAZ-SUBJECT-1",
	"MARKER-HAZ-SUBJECT-2", "MARKER-OLD-SUBJECT", "MARKER-U2-SUBJECT",
	"张三", "李四", "MARKER-REVIEWER-1", "MARKER-INST-NAME",
	"康乐&福寿养老院", "91350100M000100Y43", NULL
};

static const unsigned char seed1[32] = "shouhu test ledger_public unit 1";
static const unsigned char seed2[32] = "shouhu test ledger_public unit 2";
static const unsigned char seedo[32] = "shouhu test ledger_public office";

static struct key k1, k2, ko;
static char	 dir[64], lpath[128];
static struct ledger_public lp;	/* the public copy of lpath */
static sqlite3	*pub;		/* its database */

static int
rm_cb(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * Packs a bundle of unit code (signed by key) holding the forms given as
 * NULL-terminated (form, csv, rows) triples and ingests it into in;
 * returns the outcome (-1 if the bundle could not be made).
 */
static int
send(struct ingest *in, const struct key *key, const char *code,
    const char *period, const char *created, ...)
{
	struct bundle	 b;
	struct ingest_result r;
	struct buf	 err = BUF_INIT, why = BUF_INIT, z = BUF_INIT;
	const char	*form, *csv;
	char		 path[128];
	size_t		 rows;
	va_list		 ap;
	int		 ok = 1, outcome = -1;

	memset(&r, 0, sizeof(r));
	bundle_init(&b);
	b.unit_code = strdup(code);
	b.period = strdup(period);
	b.created = strdup(created);
	va_start(ap, created);
	while ((form = va_arg(ap, const char *)) != NULL) {
		csv = va_arg(ap, const char *);
		rows = va_arg(ap, size_t);
		ok = ok && bundle_add(&b, form, form_find(form) ?
		    form_find(form)->version : 1, csv, strlen(csv), rows);
	}
	va_end(ap);
	snprintf(path, sizeof(path), "%s/b.zip", dir);
	if (ok && bundle_write(path, &b, key, NULL, &err) &&
	    files_read(&z, path) && ingest_begin(in, &err)) {
		ingest_bundle(in, z.ptr, z.len, "b.zip", &r, &why);
		if (r.outcome == INGEST_REJECTED)
			fprintf(stderr, "%s %s rejected: %s\n", code, period,
			    why.ptr);
		if (ingest_commit(in, &err))
			outcome = (int)r.outcome;
	}
	if (err.len)
		fprintf(stderr, "send %s %s: %s\n", code, period, err.ptr);
	unlink(path);
	ingest_result_free(&r);
	bundle_free(&b);
	buf_free(&err);
	buf_free(&why);
	buf_free(&z);
	return outcome;
}

static int
group_setup(void **state)
{
	static char *const approve[] = { "1", "2" };
	struct ledger	 l;
	struct ingest	*in;
	struct buf	 err = BUF_INIT, out = BUF_INIT;
	int		 ok;

	(void)state;
	strcpy(dir, "/tmp/test_ledger_public.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(lpath, sizeof(lpath), "%s/ledger.db", dir);
	ok = key_from_seed(seed1, "一号所", &k1, &err) &&
	    key_from_seed(seed2, "二号所", &k2, &err) &&
	    key_from_seed(seedo, "专项办", &ko, &err) &&
	    ledger_open(&l, lpath, LEDGER_CREATE, &err);
	if (!ok) {
		fprintf(stderr, "setup: %s\n", err.ptr);
		return -1;
	}
	ok = ledger_unit_add(&l, "U1", "一号所", &k1, 0, &err) ==
	    LEDGER_ADD_NEW &&
	    ledger_unit_add(&l, "U2", "二号所", &k2, 0, &err) ==
	    LEDGER_ADD_NEW &&
	    (in = ingest_new(&l, &ko, &err)) != NULL;
	if (ok) {
		ok = send(in, &k1, "U1", "2022-W21", "2022-05-27T08:00:00Z",
		    "case_source", case_source, (size_t)3,
		    "hazard_ledger", hazard_u1, (size_t)2,
		    "campaign_stats", stats, (size_t)1, NULL) ==
		    INGEST_ACCEPTED &&
		    send(in, &k1, "U1", "2022-05", "2022-05-31T08:00:00Z",
		    "case_disclosure", disclosure, (size_t)3,
		    "institution_risk", institution, (size_t)2, NULL) ==
		    INGEST_ACCEPTED &&
		    send(in, &k2, "U2", "2022-W21", "2022-05-27T08:00:00Z",
		    "hazard_ledger", hazard_u2_old, (size_t)2, NULL) ==
		    INGEST_ACCEPTED &&
		    send(in, &k2, "U2", "2022-W21", "2022-05-28T08:00:00Z",
		    "hazard_ledger", hazard_u2_new, (size_t)1, NULL) ==
		    INGEST_REPLACED;
		ingest_free(in);
	}
	ledger_close(&l);
	/* the office approves both cases U1 asks to publish (cases.h) */
	if (ok && cases_decide(lpath, approve, 2, NULL, &out, &err) !=
	    CASES_OK) {
		fprintf(stderr, "cases_decide: %s\n", err.ptr);
		ok = 0;
	}
	buf_free(&out);
	if (ok && !ledger_public_open(lpath, &lp, &err)) {
		fprintf(stderr, "ledger_public_open: %s\n", err.ptr);
		ok = 0;
	}
	pub = lp.db;
	buf_free(&err);
	return ok ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	ledger_public_close(&lp);
	key_free(&k1);
	key_free(&k2);
	key_free(&ko);
	return nftw(dir, rm_cb, 8, FTW_DEPTH | FTW_PHYS);
}

/* ---- helpers -------------------------------------------------------- */

/* The first column of each row of sql on db, joined by "|". */
static char *
rows(sqlite3 *db, const char *sql)
{
	struct buf	 b = BUF_INIT;
	sqlite3_stmt	*st;
	const unsigned char *v;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_text(st, 0);
		buf_printf(&b, "%s%s", b.len ? "|" : "",
		    v ? (const char *)v : "NULL");
	}
	sqlite3_finalize(st);
	buf_putc(&b, '\0');
	return buf_detach(&b);
}

static void
rows_are(sqlite3 *db, const char *sql, const char *want)
{
	char	*got = rows(db, sql);

	if (strcmp(got, want) != 0) {
		fprintf(stderr, "%s\n  got:  %s\n  want: %s\n", sql, got, want);
		free(got);
		fail();
	}
	free(got);
}

/* The columns of SELECT * FROM table on pub, joined by ",". */
static void
columns_are(const char *table, const char *want)
{
	struct buf	 b = BUF_INIT;
	sqlite3_stmt	*st;
	int		 i;

	buf_printf(&b, "SELECT * FROM %s", table);
	assert_int_equal(sqlite3_prepare_v2(pub, b.ptr, -1, &st, NULL),
	    SQLITE_OK);
	buf_clear(&b);
	for (i = 0; i < sqlite3_column_count(st); i++)
		buf_printf(&b, "%s%s", i ? "," : "", sqlite3_column_name(st, i));
	sqlite3_finalize(st);
	assert_string_equal(b.ptr, want);
	buf_free(&b);
}

/* sql must not prepare on db; returns SQLite's message. */
static const char *
refused(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		/* prepared: running it must fail too, and change nothing */
		int rc = st ? sqlite3_step(st) : SQLITE_DONE;

		sqlite3_finalize(st);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			fail_msg("not refused: %s", sql);
	}
	return sqlite3_errmsg(db);
}

/* What ledger_public_explain says of the error of sql on pub. */
static void
explains(const char *sql, const char *want)
{
	struct buf	 b = BUF_INIT;
	const char	*msg = refused(pub, sql);

	if (want == NULL) {
		assert_int_equal(ledger_public_explain(pub, sql, msg, &b), 0);
		assert_int_equal(b.len, 0);
	} else {
		if (!ledger_public_explain(pub, sql, msg, &b))
			fail_msg("%s: not explained: %s", sql, msg);
		assert_string_equal(b.ptr, want);
	}
	buf_free(&b);
}

/* ---- the public copy ------------------------------------------------ */

/* Every private field of every form is missing from its table. */
static void
test_private_columns_absent(void **state)
{
	const struct form *f;
	struct buf	 sql = BUF_INIT;
	size_t		 i, j, nprivate = 0;

	(void)state;
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		for (j = 0; j < f->nfields; j++) {
			buf_clear(&sql);
			buf_printf(&sql, "SELECT [%s] FROM [%s]",
			    f->fields[j].name, f->id);
			if (f->fields[j].public) {
				free(rows(pub, sql.ptr));
				continue;
			}
			nprivate++;
			assert_non_null(strstr(refused(pub, sql.ptr),
			    "no such column"));
		}
		buf_clear(&sql);
		buf_printf(&sql, "SELECT _bundle FROM \"%s\"", f->id);
		refused(pub, sql.ptr);
	}
	assert_int_equal(nprivate, 19);
	/* the one the issue names, and SELECT * shows none */
	assert_non_null(strstr(refused(pub, "SELECT informant_name FROM "
	    "case_source"), "no such column: informant_name"));
	columns_are("case_source",
	    "_unit,_period,_row,clue_id,registered_date,source,domain");
	columns_are("case_disclosure", "_unit,_period,_row,title,scheme,party,"
	    "party_type,facts,basis,penalty,decision_no,authority,"
	    "decision_date,recovered,victims,approval");
	columns_are("units", "code,name");
	buf_free(&sql);
}

/* Rows carry no private value: the whole copy, every cell, searched. */
static void
test_no_private_value_anywhere(void **state)
{
	const struct form *f;
	struct buf	 sql = BUF_INIT;
	sqlite3_stmt	*st;
	const char	*v;
	size_t		 i, k, cells = 0;
	int		 c;

	(void)state;
	for (i = 0; i <= form_count(); i++) {
		f = i < form_count() ? form_at(i) : NULL;
		buf_clear(&sql);
		buf_printf(&sql, "SELECT * FROM \"%s\"", f ? f->id : "units");
		assert_int_equal(sqlite3_prepare_v2(pub, sql.ptr, -1, &st,
		    NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			for (c = 0; c < sqlite3_column_count(st); c++) {
				v = (const char *)sqlite3_column_text(st, c);
				cells++;
				for (k = 0; v && private_values[k]; k++)
					if (strstr(v, private_values[k]))
						fail_msg("%s has %s: %s",
						    sql.ptr, private_values[k],
						    v);
				assert_null(v ? strstr(v, "MARKER") : NULL);
			}
		sqlite3_finalize(st);
	}
	assert_true(cells > 50);
	buf_free(&sql);
}

/* A person's name is masked (mask_if party_type 个人), a company's not. */
static void
test_masked(void **state)
{
	(void)state;
	rows_are(pub, "SELECT party || ' ' || party_type FROM case_disclosure "
	    "WHERE _row <= 2 ORDER BY _row", "张某某 个人|某某保健品有限公司 单位");
	rows_are(pub, "SELECT count(*) FROM case_disclosure WHERE party "
	    "LIKE '%张三%'", "0");
}

/*
 * Published free text is scrubbed: the informant's name a unit typed into
 * the facts is masked, the mobile masked (in any spelling), the ID number
 * removed.
 */
static void
test_scrubbed(void **state)
{
	(void)state;
	rows_are(pub, "SELECT facts FROM case_disclosure WHERE _row = 1",
	    "经举报人李某某反映，当事人在店内举办健康讲座，联系电话138****5678，"
	    "身份证号" PRIV_IDCARD_GONE "。");
	rows_are(pub, "SELECT facts FROM case_disclosure WHERE _row = 2",
	    "虚假宣传，销售员电话 139****5678。");
	/* numbers that are no personal data stay */
	rows_are(pub, "SELECT penalty || ' ' || decision_no || ' ' || "
	    "recovered || ' ' || victims FROM case_disclosure WHERE _row = 1",
	    "罚款 5 万元 兖市监处罚〔2022〕15号 1000.0 3");
}

/* Each value masked in public text is a warning for the office, exactly. */
static void
test_warnings(void **state)
{
	(void)state;
	assert_int_equal(lp.nwarnings, 2);
	assert_string_equal(lp.warnings.ptr,
	    "提示：一号所（U1）2022-05 报送的“典型案例”第 1 条记录的“违法事实”"
	    "里写有举报人姓名（李某某）、举报人电话（138****5678）、身份证号"
	    "（110105********002X），网站上已隐去；请提醒该单位更正后重新报送\n"
	    "提示：一号所（U1）2022-05 报送的“典型案例”第 2 条记录的“违法事实”"
	    "里写有手机号（139****5678），网站上已隐去；请提醒该单位更正后重新"
	    "报送\n");
}

/* A disclosure whose 公开审核 is 待审核 is not in the copy at all. */
static void
test_unapproved_absent(void **state)
{
	(void)state;
	rows_are(pub, "SELECT group_concat(title, ',') FROM case_disclosure",
	    "保健品讲座虚假宣传案,某公司虚假宣传案");
	rows_are(pub, "SELECT count(*) FROM case_disclosure WHERE approval "
	    "<> '已批准'", "0");
}

/* Only current rows: the row U2 dropped in its correction is gone. */
static void
test_current_only(void **state)
{
	(void)state;
	rows_are(pub, "SELECT _unit || ' ' || _period || ' ' || town || ' ' "
	    "|| status FROM hazard_ledger ORDER BY _unit, _row",
	    "U1 2022-W21 新兖镇 正在整治|U1 2022-W21 酒仙桥街道 整治完成|"
	    "U2 2022-W21 二号镇 整治完成");
	rows_are(pub, "SELECT count(*) FROM hazard_ledger WHERE town = "
	    "'旧镇OLDTOWN'", "0");
	rows_are(pub, "SELECT domain || ':' || count(*) FROM hazard_ledger "
	    "GROUP BY domain ORDER BY domain", "涉老食品保健品:1|网络空间:2");
	rows_are(pub, "SELECT sum(police_letters) || ' ' || "
	    "sum(clues_collected) FROM campaign_stats", "3 5");
	rows_are(pub, "SELECT code || ' ' || name FROM units ORDER BY code",
	    "U1 一号所|U2 二号所");
}

/* Without a ledger every table is there, empty. */
static void
test_no_ledger(void **state)
{
	struct buf	 err = BUF_INIT, sql = BUF_INIT;
	struct ledger_public p;
	sqlite3		*db;
	size_t		 i;

	(void)state;
	assert_true(ledger_public_open(NULL, &p, &err));
	db = p.db;
	assert_int_equal(p.nwarnings, 0);
	assert_int_equal(pscan_count(p.ident), 0);
	for (i = 0; i < form_count(); i++) {
		buf_clear(&sql);
		buf_printf(&sql, "SELECT count(*) FROM \"%s\"",
		    form_at(i)->id);
		rows_are(db, sql.ptr, "0");
	}
	rows_are(db, "SELECT count(*) FROM units", "0");
	rows_are(db, "SELECT count(title) FROM case_disclosure", "0");
	assert_non_null(strstr(refused(db, "SELECT informant_name FROM "
	    "case_source"), "no such column"));
	refused(db, "INSERT INTO units VALUES ('X', 'Y')");
	ledger_public_close(&p);
	buf_free(&err);
	buf_free(&sql);
}

/* A ledger that is not there is an error, not an empty copy. */
static void
test_missing_ledger(void **state)
{
	struct buf	 err = BUF_INIT, path = BUF_INIT;
	struct ledger_public p;

	(void)state;
	buf_printf(&path, "%s/nosuch.db", dir);
	assert_false(ledger_public_open(path.ptr, &p, &err));
	assert_null(p.db);
	assert_null(p.ident);
	assert_true(err.len > 0);
	assert_int_equal(access(path.ptr, F_OK), -1);
	buf_free(&err);
	buf_free(&path);
}

/* Reading only: no ATTACH, PRAGMA, writes, schema changes, extensions. */
static void
test_authorizer(void **state)
{
	struct buf	 sql = BUF_INIT;
	static const char *const bad[] = {
		"INSERT INTO units VALUES ('U9', 'x')",
		"UPDATE case_disclosure SET party = 'x'",
		"DELETE FROM hazard_ledger",
		"CREATE TABLE t (x)",
		"CREATE TEMP TABLE t (x)",
		"DROP TABLE units",
		"PRAGMA query_only = 0",
		"PRAGMA table_info(units)",
		"SELECT load_extension('libx')",
		"BEGIN",
		NULL
	};
	size_t	 i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		refused(pub, bad[i]);
	buf_printf(&sql, "ATTACH '%s' AS l", lpath);
	refused(pub, sql.ptr);
	buf_clear(&sql);
	buf_printf(&sql, "VACUUM INTO '%s/copy.db'", dir);
	refused(pub, sql.ptr);
	assert_int_equal(access(sql.ptr + strlen("VACUUM INTO '"), F_OK), -1);
	explains("ATTACH 'ledger.db' AS l", "网站只能读数据（SELECT），不能改动、"
	    "附加数据库或使用 PRAGMA");
	explains("PRAGMA query_only = 0", "网站只能读数据（SELECT），不能改动、"
	    "附加数据库或使用 PRAGMA");
	explains("INSERT INTO units VALUES ('U9', 'x')", "网站只能读数据"
	    "（SELECT），不能改动、附加数据库或使用 PRAGMA");
	/* nothing changed */
	rows_are(pub, "SELECT count(*) FROM units", "2");
	rows_are(pub, "SELECT count(*) FROM hazard_ledger", "3");
	/* reading still works, with plain functions, CTEs and joins */
	rows_are(pub, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	    "FROM n WHERE i < 3) SELECT sum(i) FROM n", "6");
	rows_are(pub, "SELECT group_concat(u.name || ':' || h.town, ',') FROM "
	    "hazard_ledger h JOIN units u ON u.code = h._unit WHERE h._row = 1",
	    "一号所:新兖镇,二号所:二号镇");
	buf_free(&sql);
}

/* The exact explanations of reading what is not public. */
static void
test_explain(void **state)
{
	(void)state;
	explains("SELECT informant_name FROM case_source",
	    "informant_name 是不公开的字段（case_source 的“举报人姓名”）："
	    "网站的脚本和模板读不到不公开的字段");
	explains("SELECT c.informant_phone FROM case_source c",
	    "informant_phone 是不公开的字段（case_source 的“举报人电话”）："
	    "网站的脚本和模板读不到不公开的字段");
	explains("SELECT reviewer FROM case_disclosure",
	    "reviewer 是不公开的字段（case_disclosure 的“审核人”）："
	    "网站的脚本和模板读不到不公开的字段");
	explains("SELECT * FROM bundles", "bundles 不是公开数据：网站只能读各"
	    "表单的现行公开数据（如 hazard_ledger）和 units");
	explains("SELECT * FROM main.ingest_log", "ingest_log 不是公开数据："
	    "网站只能读各表单的现行公开数据（如 hazard_ledger）和 units");
	explains("SELECT * FROM hazard_ledger_all", "hazard_ledger_all 不是"
	    "公开数据：网站只能读各表单的现行公开数据（如 hazard_ledger）和 "
	    "units");
	/* plain mistakes keep SQLite's own message */
	explains("SELECT nosuch FROM hazard_ledger", NULL);
	explains("SELECT * FROM nosuch", NULL);
	explains("SELEC 1", NULL);
}

/*
 * A field that is private in several forms is named in the form the query
 * read: subject is 检查单位 of hazard_ledger (and 被反映对象 of case_source).
 */
static void
test_explain_names_the_queried_form(void **state)
{
	(void)state;
	explains("SELECT subject FROM hazard_ledger",
	    "subject 是不公开的字段（hazard_ledger 的“检查单位”）："
	    "网站的脚本和模板读不到不公开的字段");
}

/*
 * A private column named in double quotes is an error too, not the
 * string "informant_name" (SQLite's double-quoted string literals).
 */
static void
test_quoted_private_column(void **state)
{
	(void)state;
	explains("SELECT \"informant_name\" FROM case_source",
	    "informant_name 是不公开的字段（case_source 的“举报人姓名”）："
	    "网站的脚本和模板读不到不公开的字段");
}

#define FN_WHY "不能用：网站的查询只能用常用的计算、汇总、日期、JSON、" \
	"窗口和数学函数（如 count、sum、strftime、json_extract），别的函数可能" \
	"泄露程序内部的信息"

/*
 * The functions the public copy allows: ledger_public.c's list, written
 * again as the specification (others_refused fails if the two differ on a
 * function this SQLite has).
 */
static const char *const allowed[] = {
	"abs", "char", "coalesce", "concat", "concat_ws", "format", "glob",
	"hex", "if", "ifnull", "iif", "instr", "length", "like", "likelihood",
	"likely", "lower", "ltrim", "max", "min", "nullif", "octet_length",
	"printf", "quote", "random", "randomblob", "replace", "round", "rtrim",
	"sign", "soundex", "substr", "substring", "trim", "typeof", "unhex",
	"unicode", "unlikely", "upper", "zeroblob", "avg", "count",
	"group_concat", "string_agg", "sum", "total", "date", "time",
	"datetime", "julianday", "unixepoch", "strftime", "timediff",
	"current_date", "current_time", "current_timestamp", "row_number",
	"rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag",
	"lead", "first_value", "last_value", "nth_value", "json", "json_array",
	"json_array_length", "json_error_position", "json_extract",
	"json_insert", "json_object", "json_patch", "json_pretty", "json_quote",
	"json_remove", "json_replace", "json_set", "json_type", "json_valid",
	"json_group_array", "json_group_object", "jsonb", "jsonb_array",
	"jsonb_extract", "jsonb_insert", "jsonb_object", "jsonb_patch",
	"jsonb_remove", "jsonb_replace", "jsonb_set", "jsonb_group_array",
	"jsonb_group_object", "->", "->>", "acos", "acosh", "asin", "asinh",
	"atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees",
	"exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow",
	"power", "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc", NULL
};

/*
 * Every function this SQLite has beyond the list is refused on the public
 * copy, named in SQLite's message: listed from a plain database, called
 * with as many arguments as it takes.
 */
static void
others_refused(void)
{
	sqlite3		*db;
	sqlite3_stmt	*st;
	struct buf	 sql = BUF_INIT, want = BUF_INIT;
	const char	*name;
	size_t		 i, n = 0;
	int		 narg, k;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT DISTINCT name, narg "
	    "FROM pragma_function_list ORDER BY name, narg", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		narg = sqlite3_column_int(st, 1);
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], name) == 0)
				break;
		if (allowed[i] != NULL)
			continue;
		buf_clear(&sql);
		buf_printf(&sql, "SELECT %s(", name);
		for (k = 0; k < (narg < 0 ? 1 : narg); k++)
			buf_puts(&sql, k ? ", 1" : "1");
		buf_puts(&sql, ") FROM units");
		buf_clear(&want);
		buf_printf(&want, "not authorized to use function: %s", name);
		assert_string_equal(refused(pub, sql.ptr), want.ptr);
		n++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* load_extension, fts3_tokenizer, sqlite_version... at least */
	assert_true(n >= 3);
	buf_free(&sql);
	buf_free(&want);
}

/*
 * SQL functions: an explicit list.  fts3_tokenizer (which hands out a
 * library's address) and the rest are refused, saying which; the usual
 * scalar, aggregate, date, JSON, window and math functions work.
 */
static void
test_sql_functions(void **state)
{
	static const char *const works[][2] = {
		{ "SELECT count(*) || sum(_row) || max(town) FROM hazard_ledger",
		    "34酒仙桥街道" },
		{ "SELECT group_concat(DISTINCT upper(grade)) || round(avg(_row),"
		    " 1) || total(_row) FROM hazard_ledger", "A,B,C1.34.0" },
		{ "SELECT abs(-2) || coalesce(NULL, 'x') || substr('abc', 2) || "
		    "length('保健品') || typeof(1.5) || iif(1, 'y', 'n') || "
		    "printf('%05d', 42) || replace('a-b', '-', '+') || "
		    "instr('abc', 'c') || trim(' t ') || hex('a')",
		    "2xbc3realy00042a+b3t61" },
		{ "SELECT strftime('%Y年%m月', '2022-05-09') || date('2022-05-09',"
		    " '+1 month') || (julianday('2022-05-09') - "
		    "julianday('2022-05-01')) || unixepoch('1970-01-02') || "
		    "length(current_date)", "2022年05月2022-06-098.08640010" },
		{ "SELECT json_extract('{\"a\":[1,2]}', '$.a[1]') || "
		    "('{\"b\":3}' ->> 'b') || json_array_length('[1,2,3]') || "
		    "json_group_array(code) FROM units", "233[\"U1\",\"U2\"]" },
		{ "SELECT group_concat(r, ',') FROM (SELECT row_number() OVER "
		    "(ORDER BY code DESC) || rank() OVER (ORDER BY 1) AS r FROM "
		    "units)", "11,21" },
		{ "SELECT sqrt(16) || pow(2, 10) || floor(2.5) || (pi() > 3)",
		    "4.01024.02.01" },
	};
	size_t	 i;

	(void)state;
	explains("SELECT hex(fts3_tokenizer('simple'))",
	    "SQL 函数 fts3_tokenizer " FN_WHY);
	explains("SELECT FTS3_Tokenizer('simple')",
	    "SQL 函数 FTS3_Tokenizer " FN_WHY);
	explains("SELECT sqlite_compileoption_get(0)",
	    "SQL 函数 sqlite_compileoption_get " FN_WHY);
	explains("SELECT load_extension('libx')",
	    "SQL 函数 load_extension " FN_WHY);
	explains("SELECT count(*) FROM units WHERE sqlite_version() > ''",
	    "SQL 函数 sqlite_version " FN_WHY);
	others_refused();
	for (i = 0; i < sizeof(works) / sizeof(works[0]); i++)
		rows_are(pub, works[i][0], works[i][1]);
}

/* ---- identifying values and the output check ------------------------ */

static void
test_ident_values(void **state)
{
	struct pscan	*p = lp.ident;
	const char	*s;
	size_t		 i, k, n, want = 0, bad = 0, on = 0;

	(void)state;
	for (i = 0; ident_values[i] != NULL; i++, want++)
		if (!pscan_has(p, ident_values[i], strlen(ident_values[i]))) {
			fprintf(stderr, "  not looked for: %s\n",
			    ident_values[i]);
			bad++;
		}
	/* nothing else is looked for */
	for (i = 0; i < pscan_count(p); i++) {
		s = pscan_string(p, i, &n);
		if (!pscan_has(p, s, n))
			continue;
		on++;
		for (k = 0; ident_values[k] != NULL; k++)
			if (strlen(ident_values[k]) == n &&
			    memcmp(ident_values[k], s, n) == 0)
				break;
		if (ident_values[k] == NULL) {
			fprintf(stderr, "  looked for: %.*s\n", (int)n, s);
			bad++;
		}
	}
	if (bad > 0)
		fail_msg("%zu identifying values, expected %zu", on, want);
	assert_false(pscan_has(p, "某某保健品", strlen("某某保健品")));
	assert_false(pscan_has(p, "匿名", strlen("匿名")));
	assert_false(pscan_has(p, "待定", strlen("待定")));
	assert_false(pscan_has(p, "约谈负责人", strlen("约谈负责人")));
	assert_false(pscan_has(p, "新兖镇", strlen("新兖镇")));
}

/*
 * A string just added is looked for (every one: the first, after the
 * array of strings grows, after the buckets are rehashed).
 */
static void
test_pscan_added_is_found(void **state)
{
	struct pscan	*p = pscan_new();
	char		 s[32];
	size_t		 i, off, id, missing = 0;

	(void)state;
	for (i = 0; i < 300; i++) {
		snprintf(s, sizeof(s), "PRIVATE-%03zu", i);
		assert_int_equal(pscan_add(p, s, strlen(s), 0), 1);
	}
	for (i = 0; i < 300; i++) {
		snprintf(s, sizeof(s), "PRIVATE-%03zu", i);
		if (!pscan_has(p, s, strlen(s)) ||
		    !pscan_find(p, s, strlen(s), 0, &off, &id))
			missing++;
	}
	pscan_free(p);
	assert_int_equal(missing, 0);
}

/* Runs scan_file on n bytes of text as file rel made from src; returns
 * its messages ("" if clean). */
static char *
scan_bytes(struct scan *sc, const char *rel, const char *src,
    const char *text, size_t n)
{
	struct buf	 err = BUF_INIT;
	int		 ok;

	ok = scan_file(sc, rel, src, text, n, &err);
	assert_int_equal(ok, err.len == 0);
	buf_putc(&err, '\0');
	return buf_detach(&err);
}

static char *
scan_text(struct scan *sc, const char *rel, const char *text)
{
	return scan_bytes(sc, rel, NULL, text, strlen(text));
}

static void
scan_is(struct scan *sc, const char *rel, const char *text, const char *want)
{
	char	*got = scan_text(sc, rel, text);

	assert_string_equal(got, want);
	free(got);
}

static void
test_scan_file(void **state)
{
	struct scan	 sc;
	const char	*all = "<p>电话 13912345678</p>\n<p>身份证 "
	    "11010519491231002X</p>\n<td>MARKER-INFORMANT-7f3a</td>\n";

	(void)state;
	scan_init(&sc, "public", lp.ident);
	scan_is(&sc, "anli/x/index.html", "<p>一\n二 139 1234 5678</p>\n",
	    "public/anli/x/index.html:2: 发现手机号（139****5678）" NUM_MSG
	    "，或写成 139****5678" NUM_HINT);
	scan_is(&sc, "data/a.csv", "\xef\xbb\xbf" "a,b\r\n"
	    "1,11010519491231002X\r\n",
	    "public/data/a.csv:2: 发现身份证号（110105********002X）" NUM_MSG
	    NUM_HINT);
	scan_is(&sc, "a/index.html", "x\ny\n<td>MARKER-INFORMANT-7f3a</td>",
	    "public/a/index.html:3: 发现账本里的举报人姓名（M＊＊＊＊＊…）"
	    ID_MSG);
	scan_is(&sc, "a/index.html", "<p>李秀英说</p>",
	    "public/a/index.html:1: 发现账本里的举报人姓名（李＊＊）" ID_MSG);
	/* every kind in one file: one line each, in order of the text */
	scan_is(&sc, "s.xml", all,
	    "public/s.xml:1: 发现手机号（139****5678）" NUM_MSG "，或写成 "
	    "139****5678" NUM_HINT "\n"
	    "public/s.xml:2: 发现身份证号（110105********002X）" NUM_MSG
	    NUM_HINT "\n"
	    "public/s.xml:3: 发现账本里的举报人姓名（M＊＊＊＊＊…）" ID_MSG);
	/* clean text, masked values, hotlines and dates pass; and private
	 * text that identifies nobody is no secret */
	scan_is(&sc, "ok/index.html", "张某某 138****5678，12315，0537-1234567，"
	    "2022-05-09 " PRIV_IDCARD_GONE " 某某保健品有限公司 新兖镇 "
	    "工作人员已约谈负责人，责令整改。MARKER-ASSESS-2", "");
	/* files are read by what they are, not by their names */
	scan_is(&sc, "x.png", all,
	    "public/x.png:1: 发现手机号（139****5678）" NUM_MSG "，或写成 "
	    "139****5678" NUM_HINT "\n"
	    "public/x.png:2: 发现身份证号（110105********002X）" NUM_MSG
	    NUM_HINT "\n"
	    "public/x.png:3: 发现账本里的举报人姓名（M＊＊＊＊＊…）" ID_MSG);
	scan_is(&sc, "decision.yaml", "编号: 1\n电话: 138-1234-5678\n",
	    "public/decision.yaml:2: 发现手机号（138****5678）" NUM_MSG
	    "，或写成 138****5678" NUM_HINT);
	scan_is(&sc, "noext", "contact 6222 0212 3456 7890",
	    "public/noext:1: 发现银行卡号（6222********7890）" NUM_MSG NUM_HINT);
	assert_int_equal(sc.nunchecked, 0);
	scan_free(&sc);

	/* without a ledger numbers are still found */
	scan_init(&sc, "out", NULL);
	scan_is(&sc, "index.html", "MARKER-INFORMANT-7f3a", "");
	scan_is(&sc, "index.html", "6222 0202 0000 1234",
	    "out/index.html:1: 发现银行卡号（6222********1234）" NUM_MSG
	    NUM_HINT);
	scan_free(&sc);
}

/*
 * Markup is read as a browser shows it: character references decoded (a
 * zero-width space or U+3000 written as a reference), attribute values
 * percent-decoded; machine formats as their values: a list of numbers in
 * JSON or cells of CSV side by side are not one number.
 */
/* The message for 139 1234 5678 at where ("public/a/index.html:1"). */
#define MOBILE_AT(where)	where ": 发现手机号（139****5678）" NUM_MSG \
	"，或写成 139****5678" NUM_HINT

static void
test_scan_formats(void **state)
{
	struct scan	 sc;

	(void)state;
	scan_init(&sc, "public", lp.ident);
	scan_is(&sc, "a/index.html", "<p>138&#x200b;1234&#12288;5678</p>",
	    "public/a/index.html:1: 发现手机号（138****5678）" NUM_MSG
	    "，或写成 138****5678" NUM_HINT);
	scan_is(&sc, "a/index.html", "<p>康乐&amp;福寿养老院</p>",
	    "public/a/index.html:1: 发现账本里的机构名称（康＊＊＊＊＊…）"
	    ID_MSG);
	/* what scripts, styles, comments and CDATA hold is read too, their
	 * ends found in any case; what follows them is markup again */
	scan_is(&sc, "a/index.html", "<script>var t='13912345678';</SCRIPT>"
	    "<p>x</p>", MOBILE_AT("public/a/index.html:1"));
	scan_is(&sc, "a/index.html", "<style>a{}</StYlE>\n"
	    "<p>139&#32;1234&#32;5678</p>", MOBILE_AT("public/a/index.html:2"));
	scan_is(&sc, "a/index.html", "<!-- - -- 13912345678 -->",
	    MOBILE_AT("public/a/index.html:1"));
	scan_is(&sc, "a/index.html", "<!-- x -->\n<p>139&#32;1234&#32;5678</p>",
	    MOBILE_AT("public/a/index.html:2"));
	scan_is(&sc, "a.svg", "<svg><![CDATA[ ] ]] 13912345678 ]]></svg>",
	    MOBILE_AT("public/a.svg:1"));
	scan_is(&sc, "a/index.html", "<script>x</scrip 13912345678",
	    MOBILE_AT("public/a/index.html:1"));
	scan_is(&sc, "a/index.html", "<script></script>", "");
	/* an RSS feed escapes text twice (康乐&amp;amp;福寿养老院) */
	scan_is(&sc, "index.xml", "<rss>\n<title>康乐&amp;amp;福寿养老院</title>",
	    "public/index.xml:2: 发现账本里的机构名称（康＊＊＊＊＊…）" ID_MSG);
	scan_is(&sc, "a/index.html", "<a href=\"/s/?q=%E6%9D%8E%E7%A7%80%E8%8B%B1"
	    "\">搜</a>",
	    "public/a/index.html:1: 发现账本里的举报人姓名（李＊＊）" ID_MSG);
	scan_is(&sc, "a/index.html", "<a title=\"138 1234 5678\">x</a>",
	    "public/a/index.html:1: 发现手机号（138****5678）" NUM_MSG
	    "，或写成 138****5678" NUM_HINT);
	scan_is(&sc, "s/x.json", "{\"d\":[138,1234,5678,13,5,2,0,1,7,3,2,1,0],"
	    "\"t\":\"\\u674e\\u79c0\\u82f1\"}",
	    "public/s/x.json:1: 发现账本里的举报人姓名（李＊＊）" ID_MSG);
	scan_is(&sc, "s/x.json", "[\"138 1234 5678\"]",
	    "public/s/x.json:1: 发现手机号（138****5678）" NUM_MSG
	    "，或写成 138****5678" NUM_HINT);
	scan_is(&sc, "d/a.csv", "镇,a,b,c\r\n新兖镇,138,1234,5678\r\n", "");
	scan_is(&sc, "d/a.csv", "镇,说明\r\n新兖镇,\"电话\n138,1234,5678\"\r\n",
	    "public/d/a.csv:3: 发现手机号（138****5678）" NUM_MSG
	    "，或写成 138****5678" NUM_HINT);
	scan_is(&sc, "a.css", "a{margin:0 1px 3px 8px;color:rgba(1,3,8,1)}", "");
	scan_free(&sc);
}

/* Binary files are recognised by their bytes and listed, not read. */
static void
test_scan_binary(void **state)
{
	struct scan	 sc;
	static const char png[] = "\x89PNG\r\n\x1a\n 13812345678";
	static const char bin[] = "GARBAGE\0 13812345678";
	char		*got;

	(void)state;
	scan_init(&sc, "public", lp.ident);
	got = scan_bytes(&sc, "a.png", NULL, png, sizeof(png) - 1);
	assert_string_equal(got, "");
	free(got);
	got = scan_bytes(&sc, "b.dat", NULL, bin, sizeof(bin) - 1);
	assert_string_equal(got, "");
	free(got);
	got = scan_bytes(&sc, "c.pdf", NULL, "%PDF-1.4 /Filter /FlateDecode x",
	    31);
	assert_string_equal(got, "");
	free(got);
	assert_int_equal(sc.nunchecked, 3);
	assert_string_equal(sc.unchecked.ptr, "a.png（PNG 图片）、b.dat（二进制"
	    "文件）、c.pdf（PDF（内容经过压缩））");
	/* a PDF without compressed streams is read */
	got = scan_bytes(&sc, "d.pdf", NULL, "%PDF-1.4 (13812345678)", 22);
	assert_non_null(strstr(got, "public/d.pdf:1: 发现手机号"));
	free(got);
	scan_free(&sc);
}

/*
 * A hit names where the text came from: the page's content file and
 * line, else the template or script that holds it, else the output file
 * and what it was made from.
 */
static void
test_scan_source(void **state)
{
	struct scan	 sc;
	char		 md[160], tmpl[160];
	FILE		*f;

	(void)state;
	snprintf(md, sizeof(md), "%s/x.md", dir);
	snprintf(tmpl, sizeof(tmpl), "%s/single.html", dir);
	f = fopen(md, "w");
	fputs("---\ntitle: x\n---\n第一段\n\n联系 138 1234 5678\n", f);
	fclose(f);
	f = fopen(tmpl, "w");
	fputs("<h1>{{ page.title }}</h1>\n<footer>李秀英</footer>\n", f);
	fclose(f);
	scan_init(&sc, "public", lp.ident);
	scan_source(&sc, tmpl);
	{
		const char *html = "<h1>x</h1>\n<p>联系 138 1234 5678</p>\n"
		    "<footer>李秀英</footer>";
		char	*got = scan_bytes(&sc, "x/index.html", md, html,
		    strlen(html));
		char	 want[1024];

		snprintf(want, sizeof(want), "%s:6（在 public/x/index.html 里）: "
		    "发现手机号（138****5678）" NUM_MSG "，或写成 138****5678"
		    NUM_HINT "\n%s:2（在 public/x/index.html 里）: 发现账本里的"
		    "举报人姓名（李＊＊）" ID_MSG, md, tmpl);
		assert_string_equal(got, want);
		free(got);
	}
	/* found in no source: the output file, and what it was made from */
	scan_is(&sc, "y/index.html", "<p>13912345678</p>",
	    "public/y/index.html:1: 发现手机号（139****5678）" NUM_MSG
	    "，或写成 139****5678" NUM_HINT);
	scan_free(&sc);
	unlink(md);
	unlink(tmpl);
}

/* privacy.allow: text the site may publish although the ledger has it */
static void
test_scan_allow(void **state)
{
	struct scan	 sc;
	char		*got;

	(void)state;
	scan_init(&sc, "public", lp.ident);
	scan_allow(&sc, "重点地区：MARKER-INST-NAME", strlen("重点地区："
	    "MARKER-INST-NAME"));
	scan_allow(&sc, "专线 139-1234-5678", strlen("专线 139-1234-5678"));
	scan_is(&sc, "a/index.html", "<p>MARKER-INST-NAME 13912345678</p>", "");
	/* what is not allowed is still found */
	got = scan_text(&sc, "a/index.html", "<p>13912345679 "
	    "MARKER-REVIEWER-1</p>");
	assert_non_null(strstr(got, "public/a/index.html:1: 发现手机号"
	    "（139****5679）"));
	assert_non_null(strstr(got, "public/a/index.html:1: 发现账本里的审核人"
	    "（M＊＊＊＊＊…）"));
	free(got);
	scan_free(&sc);
}

/*
 * Hotlines, landlines and dates next to each other, as a contact page
 * writes them, are no card or ID number: README says such numbers are
 * never touched, so they must neither fail the build nor be scrubbed.
 */
static void
test_scan_numbers_side_by_side(void **state)
{
	struct scan	 sc;
	struct buf	 b = BUF_INIT;
	static const char *const ok[] = {
		"<p>投诉举报电话 12315 0537-1234567</p>",
		"<p>值班电话 0537-1234567 2022-05-09 起启用</p>",
		"<p>12345 12315 12337 热线</p>",
		"<p>12315，0537-1234567，12345</p>",
		"<p>值班电话 0537-1234567 2022-05-09 至 2022-11-09</p>",
		NULL
	};
	size_t	 i, bad = 0;
	char	*got;

	(void)state;
	scan_init(&sc, "public", NULL);
	for (i = 0; ok[i] != NULL; i++) {
		got = scan_text(&sc, "lianxi/index.html", ok[i]);
		buf_clear(&b);
		privacy_scrub(&b, ok[i], strlen(ok[i]), NULL);
		if (*got != '\0' || strcmp(b.ptr, ok[i]) != 0) {
			fprintf(stderr, "%s\n  check: %s\n  scrubbed: %s\n",
			    ok[i], got, b.ptr);
			bad++;
		}
		free(got);
	}
	scan_free(&sc);
	buf_free(&b);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_private_columns_absent),
		cmocka_unit_test(test_no_private_value_anywhere),
		cmocka_unit_test(test_masked),
		cmocka_unit_test(test_scrubbed),
		cmocka_unit_test(test_unapproved_absent),
		cmocka_unit_test(test_current_only),
		cmocka_unit_test(test_no_ledger),
		cmocka_unit_test(test_missing_ledger),
		cmocka_unit_test(test_authorizer),
		cmocka_unit_test(test_explain),
		cmocka_unit_test(test_explain_names_the_queried_form),
		cmocka_unit_test(test_quoted_private_column),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_sql_functions),
		cmocka_unit_test(test_pscan_added_is_found),
		cmocka_unit_test(test_ident_values),
		cmocka_unit_test(test_scan_file),
		cmocka_unit_test(test_scan_formats),
		cmocka_unit_test(test_scan_binary),
		cmocka_unit_test(test_scan_source),
		cmocka_unit_test(test_scan_allow),
		cmocka_unit_test(test_scan_numbers_side_by_side),
	};

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
