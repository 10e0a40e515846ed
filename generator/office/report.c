/*
 * The weekly report: reading one week of the ledger (see report.h).
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "forms/form.h"
#include "office/ledger.h"
#include "lib/period.h"
#include "office/report.h"
#include "office/towns.h"
#include "lib/util.h"

/* The forms every unit is expected to send each week. */
static const char *const expected[] = { "hazard_ledger", "campaign_stats",
	NULL };

/* The campaign_stats columns summed into 附件1, with their columns. */
static const struct {
	const char	*field;
	enum report_col	 col;
} sums[] = {
	{ "police_letters", RC_POLICE },
	{ "procuratorate_suggestions", RC_PROCURATORATE },
	{ "court_suggestions", RC_COURT },
	{ "supervision_suggestions", RC_SUPERVISION },
	{ "key_areas_doing", RC_AREAS_DOING },	/* NULL (version 1): 0 */
	{ "key_areas_done", RC_AREAS_DONE },
	{ "clues_collected", RC_CLUES },
	{ "clues_handled", RC_HANDLED },
	{ "incidents_defused", RC_DEFUSED },
	{ "local_regulations", RC_LOCAL_REGS },
	{ "government_rules", RC_GOV_RULES },
	{ "normative_documents", RC_NORMATIVE },
	{ "industry_standards", RC_STANDARDS },
};

const char *const report_hazard_head[REPORT_HAZARD_HEADS] = {
	"主管部门", "排查重点", "排查时间", "排查方式", "存在风险隐患", "等级",
	"处理情况", "涉及镇街、检查单位"
};

const char *const report_extra_head[REPORT_EXTRA_HEADS] = {
	"序号", "主管部门", "排查重点", "领域", "整治状态", "报送单位"
};

const enum report_col report_sheet1_col[REPORT_SHEET1_COLS] = {
	RC_DOING, RC_DONE, RC_TOTAL, RC_GRADE_C, RC_GRADE_B, RC_GRADE_A,
	RC_POLICE, RC_PROCURATORATE, RC_COURT, RC_SUPERVISION,
	RC_AREAS_DOING, RC_AREAS_DONE, RC_AREAS_SUM,
	RC_CLUES, RC_HANDLED, RC_DEFUSED,
	RC_LOCAL_REGS, RC_GOV_RULES, RC_NORMATIVE, RC_STANDARDS
};

const char *const report_sheet1_head[REPORT_SHEET1_COLS] = {
	"正在整治", "整治完成", "总计", "存在的苗头性问题",
	"存在明显问题但不构成犯罪的", "对涉嫌犯罪移送司法机关依法打击的问题",
	"接收公安提示函", "接收检察建议书", "接收司法建议书", "接收监察建议书",
	"正在整治", "整治完成", "总计",
	"收集线索(条)", "妥善处置涉稳线索(条)", "防范化解群体性事件(起)",
	"制订或打算制订的地方性法规(个)", "制订或打算制订的政府规章(个)",
	"制订或打算制订的规范性文件(个)", "制订或打算制订的行业标准规范(个)"
};

const char report_domains_line[] =
	"1、网络空间领域涉养老诈骗问题(由区委宣传部研判报送); "
	"2、提供养老服务活动、场所等涉养老诈骗问题(由区民政局研判报送); "
	"3、以养老服务设施用地为名变相开发房地产等问题(由区自然资源局会同区"
	"综合行政执法局研判报送); "
	"4、以养老名义销售商品房等虚假宣传(由区住建局会同区综合行政执法局研判"
	"报送); "
	"5、涉老旅游及艺术品经营(由区文化旅游局研判报送); "
	"6、涉老健康医疗等涉养老诈骗问题(由区卫健局研判报送); "
	"7、涉老“食品”“保健品”等诈骗问题(由区市场监管局研判报送); "
	"8、涉老非法集资(由区地方金融监管局会同兖州银保监管组研判报送)。";

const char report_sheet1_note[] =
	"备注: 1-8 项由相关成员单位按照各自职责分别填报, 9、10 项由区委政法委"
	"负责填报, 11 项由各镇街、各成员单位负责填报";

const char report_sheet2_note[] =
	"说明：1、此表由行业主管部门负责汇总填报；2、“排查重点”根据专项行动"
	"工作方案梳理填写，内容可根据实际情况增加；3、“排查方式”分为自行摸排、"
	"镇街上报；4、“存在风险隐患”要简明扼要写清具体问题；5、“等级”分为 A、"
	"B、C 三个等级，其中，A 级代表涉嫌犯罪需移交司法机关的，B 级代表存在"
	"明显问题但尚不构成犯罪需责令其立即整改的，C 级代表存在苗头性问题需进行"
	"风险提示提醒的。";

const char *const report_sent_head[REPORT_SENT_HEADS] = {
	"单位代码", "单位名称", "报送情况", "生成时间", "接收时间", "是否按时",
	"缺少的表"
};

int
report_deadline_parse(const char *s, int *wday, int *hour, int *min)
{
	size_t	 n;
	char	 c;

	if ((*wday = date_weekday(s, &n)) == 0)
		return 0;
	/* "4 10:00" needs its space; "星期四10:00" does not */
	if (n == 1 && s[1] != ' ')
		return 0;
	for (s += n; *s == ' '; s++)
		;
	if (*s < '0' || *s > '9')
		return 0;
	if (sscanf(s, "%d:%d%c", hour, min, &c) != 2 &&
	    (sscanf(s, "%d：%d%c", hour, min, &c) != 2))
		return 0;
	return *hour >= 0 && *hour <= 23 && *min >= 0 && *min <= 59;
}

void
report_time_text(char s[64], int64_t t)
{
	struct buf	 b = BUF_INIT;

	date_format(&b, "%F %K %H:%M", t, REPORT_ZONE);
	snprintf(s, 64, "%s", b.ptr);
	buf_free(&b);
}

int64_t
report_utc(const char *utc)
{
	int64_t	 t;

	if (utc == NULL || !date_parse(utc, strlen(utc), 0, &t))
		return -1;
	return t;
}

void
report_numbered(struct buf *b, const char *s, const char *sep)
{
	const char	*e;
	int		 n = 0;

	for (; *s != '\0'; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		if (e == s)
			continue;
		buf_printf(b, "%s%d、", n ? sep : "", n + 1);
		buf_put(b, s, (size_t)(e - s));
		n++;
	}
}

void
report_week_text(struct buf *b, const struct report *r)
{
	buf_printf(b, "%d年第%d周（", r->year, r->week);
	date_format(b, "%n月%o日—", r->first_day * 86400, 0);
	date_format(b, "%n月%o日）", r->last_day * 86400, 0);
}

void
report_date_text(struct buf *b, int64_t t)
{
	date_format(b, "%Y 年 %n 月 %o 日", t, REPORT_ZONE);
}

/* The registered unit code of r, or NULL. */
static struct report_unit *
find_unit(struct report *r, const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < r->nunits; i++)
		if (strcmp(r->units[i].code, code) == 0)
			return &r->units[i];
	return NULL;
}

/* Appends "PATH: 无法读取账本：why" for the last error of l; returns 0. */
static int
read_failed(struct ledger *l, struct buf *err)
{
	buf_printf(err, "%s: 无法读取账本：%s", l->path, ledger_errtext(l->db));
	return 0;
}

/* Takes one row of a query of the week (see each_row). */
typedef void (*row_fn)(struct report *r, sqlite3_stmt *st, void *arg);

/*
 * Runs the query sql on l with the week's period bound to ?1, calling
 * fn(r, st, arg) for each row.  Returns 1, or 0 with a message in err
 * (after the rows read so far).
 */
static int
each_row(struct report *r, struct ledger *l, const char *sql, row_fn fn,
    void *arg, struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return read_failed(l, err);
	sqlite3_bind_text(st, 1, r->period, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(r, st, arg);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return read_failed(l, err);
	return 1;
}

/* The unit whose code is column 0 of the row st, or NULL (unregistered). */
static struct report_unit *
row_unit(struct report *r, sqlite3_stmt *st)
{
	return find_unit(r, (const char *)sqlite3_column_text(st, 0));
}

/* A row_fn: counts a group of hazards (unit, domain, status, grade, n). */
static void
hazard_counts(struct report *r, sqlite3_stmt *st, void *arg)
{
	struct report_unit *u;
	const char	*v;
	long long	 n;
	size_t		 d;

	(void)arg;
	if ((u = row_unit(r, st)) == NULL)
		return;
	n = sqlite3_column_int64(st, 4);
	v = (const char *)sqlite3_column_text(st, 1);
	for (d = 0; d < 8 && v != NULL; d++)
		if (r->domains[d] != NULL && strcmp(r->domains[d], v) == 0)
			u->n[RC_DOMAIN + d] += n;
	v = (const char *)sqlite3_column_text(st, 2);
	if (v != NULL && strcmp(v, "正在整治") == 0)
		u->n[RC_DOING] += n;
	else if (v != NULL && strcmp(v, "整治完成") == 0)
		u->n[RC_DONE] += n;
	u->n[RC_TOTAL] += n;
	v = (const char *)sqlite3_column_text(st, 3);
	if (v != NULL && strcmp(v, "A") == 0)
		u->n[RC_GRADE_A] += n;
	else if (v != NULL && strcmp(v, "B") == 0)
		u->n[RC_GRADE_B] += n;
	else if (v != NULL && strcmp(v, "C") == 0)
		u->n[RC_GRADE_C] += n;
}

/* Counts the week's current hazards of each unit. */
static int
load_hazards(struct report *r, struct ledger *l, struct buf *err)
{
	return each_row(r, l, "SELECT _unit, domain, status, grade, count(*) "
	    "FROM hazard_ledger WHERE _period = ?1 GROUP BY 1, 2, 3, 4",
	    hazard_counts, NULL, err);
}

/*
 * Adds each line of s that u does not have yet to its key areas: lines
 * (whole lines, "\n"-separated, for the comparison) and u->areas (joined
 * with "、", to show), counted in RC_AREAS; and each line not in all yet
 * to all, counted in *nall.
 */
static void
add_areas(struct report_unit *u, struct buf *lines, struct buf *all,
    long long *nall, const char *s)
{
	struct buf	 key = BUF_INIT, shown = BUF_INIT;
	const char	*e;

	if (lines->len == 0)
		buf_putc(lines, '\n');
	if (all->len == 0)
		buf_putc(all, '\n');
	buf_puts(&shown, u->areas);
	for (; s != NULL && *s != '\0'; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		if (e == s)
			continue;
		buf_clear(&key);
		buf_putc(&key, '\n');
		buf_put(&key, s, (size_t)(e - s));
		buf_putc(&key, '\n');
		if (strstr(all->ptr, key.ptr) == NULL) {
			/* the total counts an area once, whoever names it */
			buf_put(all, s, (size_t)(e - s));
			buf_putc(all, '\n');
			(*nall)++;
		}
		if (strstr(lines->ptr, key.ptr) != NULL)
			continue;
		buf_put(lines, s, (size_t)(e - s));
		buf_putc(lines, '\n');
		if (shown.len > 0)
			buf_puts(&shown, "、");
		buf_put(&shown, s, (size_t)(e - s));
		u->n[RC_AREAS]++;
	}
	free(u->areas);
	u->areas = buf_detach(&shown);
	buf_free(&key);
}

/* The key areas seen so far: each unit's, and all of them. */
struct areas {
	struct buf	*lines;		/* [nunits] */
	struct buf	 all;
};

/* A row_fn: sums a campaign_stats row (unit, key_areas, sums[]...). */
static void
stats_sums(struct report *r, sqlite3_stmt *st, void *arg)
{
	struct areas	*a = arg;
	struct report_unit *u;
	size_t		 i;

	assert((size_t)sqlite3_column_count(st) == 2 + sizeof(sums) /
	    sizeof(sums[0]));
	if ((u = row_unit(r, st)) == NULL)
		return;
	for (i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		u->n[sums[i].col] += sqlite3_column_int64(st, (int)i + 2);
	u->n[RC_AREAS_SUM] = u->n[RC_AREAS_DOING] + u->n[RC_AREAS_DONE];
	add_areas(u, &a->lines[u - r->units], &a->all, &r->areas_total,
	    (const char *)sqlite3_column_text(st, 1));
}

/* Sums the week's current campaign_stats of each unit. */
static int
load_stats(struct report *r, struct ledger *l, struct buf *err)
{
	struct buf	 sql = BUF_INIT;
	struct areas	 a;
	size_t		 i;
	int		 ok;

	a.lines = xcalloc(r->nunits ? r->nunits : 1, sizeof(*a.lines));
	for (i = 0; i < r->nunits; i++)
		buf_init(&a.lines[i]);
	buf_init(&a.all);
	buf_puts(&sql, "SELECT _unit, key_areas");
	for (i = 0; i < sizeof(sums) / sizeof(sums[0]); i++)
		buf_printf(&sql, ", \"%s\"", sums[i].field);
	buf_puts(&sql, " FROM campaign_stats WHERE _period = ?1 ORDER BY "
	    "_unit, _row");
	ok = each_row(r, l, sql.ptr, stats_sums, &a, err);
	buf_free(&sql);
	for (i = 0; i < r->nunits; i++)
		buf_free(&a.lines[i]);
	free(a.lines);
	buf_free(&a.all);
	return ok;
}

/*
 * Appends the titles of the expected forms that are not in sent (",a,b,":
 * the forms of a unit's bundles; NULL: none came), "、"-joined.
 */
static void
missing_forms(struct buf *b, const char *sent)
{
	const struct form *f;
	char		 pat[80];
	size_t		 k;

	for (k = 0; expected[k] != NULL; k++) {
		snprintf(pat, sizeof(pat), ",%s,", expected[k]);
		if (sent != NULL && strstr(sent, pat) != NULL)
			continue;
		f = form_find(expected[k]);
		buf_printf(b, "%s%s", b->len ? "、" : "", f ? f->title :
		    expected[k]);
	}
}

/* A row_fn: what a unit sent (unit, created, received, ",forms,"). */
static void
sent_row(struct report *r, sqlite3_stmt *st, void *arg)
{
	const char	*deadline = arg;	/* as the ledger keeps times */
	struct report_unit *u;
	struct buf	 miss = BUF_INIT;

	if ((u = row_unit(r, st)) == NULL)
		return;
	u->sent = 1;
	u->created = ledger_column(st, 1, 0);
	u->received = ledger_column(st, 2, 0);
	u->late = u->created != NULL && strcmp(u->created, deadline) > 0;
	missing_forms(&miss, (const char *)sqlite3_column_text(st, 3));
	free(u->missing);
	u->missing = buf_detach(&miss);
}

/* Who sent what for the week, when, and whether in time. */
static int
load_sent(struct report *r, struct ledger *l, struct buf *err)
{
	struct buf	 miss = BUF_INIT;
	char		 dl[32];
	size_t		 i;
	int		 ok;

	ledger_time(dl, r->deadline);
	ok = each_row(r, l, "SELECT unit, min(created), min(received), "
	    "',' || group_concat(forms, ',') || ',' FROM bundles WHERE "
	    "period = ?1 GROUP BY unit", sent_row, dl, err);
	for (i = 0; i < r->nunits; i++) {
		if (r->units[i].missing != NULL)
			continue;
		buf_clear(&miss);
		missing_forms(&miss, NULL);
		r->units[i].missing = xstrdup(miss.ptr);
	}
	buf_free(&miss);
	return ok;
}

/* A row_fn: keeps a hazard_ledger row of the week (REPORT_HAZARD_COLS). */
static void
hazard_row(struct report *r, sqlite3_stmt *st, void *arg)
{
	struct report_hazard *h;
	int		 k;

	(void)arg;
	assert(sqlite3_column_count(st) == REPORT_HAZARD_COLS);
	r->haz = xreallocarray(r->haz, r->nhaz + 1, sizeof(*r->haz));
	h = &r->haz[r->nhaz++];
	for (k = 0; k < REPORT_HAZARD_COLS; k++) {
		h->v[k] = ledger_column(st, k, 1);
	}
}

/* The week's current hazards, by department, for 附件2. */
static int
load_rows(struct report *r, struct ledger *l, struct buf *err)
{
	return each_row(r, l, "SELECT department, domain, focus, date, "
	    "method, hazards, grade, handling, status, town, subject, "
	    "coalesce(u.name, h._unit) FROM hazard_ledger h LEFT JOIN units u "
	    "ON u.code = h._unit WHERE h._period = ?1 ORDER BY department, "
	    "date, h._unit, h._row", hazard_row, NULL, err);
}

/*
 * 涉及镇街 of every hazard as the office's list names the town (a spelling
 * not on the list stays as typed), and the week's unknown spellings, for
 * the office to add (towns.h).
 */
static int
load_towns(struct report *r, struct ledger *l, struct buf *err)
{
	struct towns	*t;
	struct buf	 name = BUF_INIT, unknown = BUF_INIT;
	size_t		 i;
	int		 ok = 0;

	if ((t = towns_load(l, err)) == NULL)
		return 0;
	for (i = 0; i < r->nhaz; i++)
		if (towns_canonical(t, r->haz[i].v[REPORT_TOWN], &name) ==
		    TOWNS_KNOWN) {
			free(r->haz[i].v[REPORT_TOWN]);
			r->haz[i].v[REPORT_TOWN] = xstrdup(name.ptr);
		}
	if (!towns_unknown(l, t, r->period, &unknown, err))
		goto out;
	r->unknown_towns = xstrdup(unknown.len ? unknown.ptr : "");
	ok = 1;
out:
	towns_free(t);
	buf_free(&name);
	buf_free(&unknown);
	return ok;
}

int
report_load(struct report *r, const char *path, const char *period,
    int wday, int hour, int min, struct buf *err)
{
	struct ledger	 l;
	struct period	 p;
	sqlite3_stmt	*st = NULL;
	const struct form *f;
	struct report_unit *u;
	size_t		 i, k;
	int		 j, rc, ok = 0;

	memset(r, 0, sizeof(*r));
	if (!period_parse(period, &p) || p.week == 0) {
		buf_printf(err, "shouhu: 报表期间“%s”不对：报表按周生成，写成 "
		    "2022-W21（第 21 周）", period);
		return 0;
	}
	period_format(&p, r->period, sizeof(r->period));
	r->year = p.year;
	r->week = p.week;
	r->first_day = p.first_day;
	r->last_day = p.last_day;
	r->deadline = (p.first_day + wday - 1) * 86400 + hour * 3600 +
	    min * 60 - REPORT_ZONE * 60;
	r->made = util_now();
	if ((f = form_find("hazard_ledger")) != NULL &&
	    (j = form_field(f, "domain")) >= 0)
		for (k = 0; k < 8 && k < f->fields[j].nchoices; k++)
			r->domains[k] = f->fields[j].choices[k];
	if (!ledger_open(&l, path, LEDGER_READ, err))
		return 0;
	/* the office's order (ledger_units, shouhu units order) */
	if (sqlite3_prepare_v2(l.db, "SELECT code, name FROM units ORDER BY "
	    "pos, rowid", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r->units = xreallocarray(r->units, r->nunits + 1,
		    sizeof(*r->units));
		u = &r->units[r->nunits++];
		memset(u, 0, sizeof(*u));
		u->code = ledger_column(st, 0, 0);
		u->name = ledger_column(st, 1, 0);
		u->areas = xstrdup("");
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		goto fail;
	/* one snapshot of the ledger for every table */
	if (!ledger_exec(&l, "BEGIN", err) || !load_hazards(r, &l, err) ||
	    !load_stats(r, &l, err) || !load_sent(r, &l, err) ||
	    !load_rows(r, &l, err) || !load_towns(r, &l, err))
		goto out;
	for (i = 0; i < r->nunits; i++)
		for (k = 0; k < RC__MAX; k++)
			r->total[k] += r->units[i].n[k];	/* 未报: all 0 */
	r->total[RC_AREAS] = r->areas_total;
	ok = 1;
	goto out;
fail:
	buf_printf(err, "%s: 无法读取账本：%s", path, ledger_errtext(l.db));
out:
	sqlite3_finalize(st);
	ledger_close(&l);
	if (!ok)
		report_free(r);
	return ok;
}

void
report_free(struct report *r)
{
	size_t	 i, k;

	for (i = 0; i < r->nunits; i++) {
		free(r->units[i].code);
		free(r->units[i].name);
		free(r->units[i].areas);
		free(r->units[i].created);
		free(r->units[i].received);
		free(r->units[i].missing);
	}
	free(r->units);
	for (i = 0; i < r->nhaz; i++)
		for (k = 0; k < REPORT_HAZARD_COLS; k++)
			free(r->haz[i].v[k]);
	free(r->haz);
	free(r->unknown_towns);
	memset(r, 0, sizeof(*r));
}
