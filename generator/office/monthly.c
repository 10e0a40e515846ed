/*
 * The monthly tables: reading one month of the ledger (see monthly.h).
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "lib/period.h"
#include "lib/util.h"
#include "forms/form.h"
#include "forms/value.h"
#include "office/ledger.h"
#include "office/monthly.h"

const char *const monthly_level_name[ML__MAX] = { "红", "橙", "黄", "绿" };
const char *const monthly_level_list[ML__MAX] = { "红色名单", "橙色名单",
	"黄色名单", "绿色名单" };
const char *const monthly_status[MONTHLY_STATUSES] = { "核查中", "已立案",
	"已移送公安", "已办结", "不予立案", "未报进度" };

const char *const monthly_list_head[MONTHLY_LIST_COLS] = { "序号", "机构",
	"主管单位", "涉及人数资金状况", "风险研判", "等级", "处置措施" };
const char *const monthly_src_head[MONTHLY_SRC_COLS] = { "序号", "登记日期",
	"线索编号", "来源", "领域", "被反映对象", "线索内容", "承办单位",
	"承办人", "报送单位" };
const char *const monthly_clue_head[MONTHLY_CLUE_COLS] = { "序号",
	"线索编号", "报送单位", "登记日期", "来源", "领域", "承办单位", "状态",
	"办结日期", "处理结果", "挽回损失(元)", "涉及老年人数", "处罚决定书文号" };
const char *const monthly_sent_head[MONTHLY_SENT_COLS] = { "单位代码",
	"单位名称", "风险管控名单", "生成时间", "接收时间", "机构数(家)" };
const char *const monthly_extra_head[MONTHLY_EXTRA_COLS] = { "序号", "机构",
	"报送单位", "登记状态", "统一社会信用代码" };

/*
 * What the levels mean, from seed 004's 绿黄橙红 (the 说明 under the
 * list).
 */
const char monthly_list_note[] =
	"说明：1、红色名单：可能涉嫌非法集资、诈骗等犯罪，前期已经收取大额预付费"
	"且资不抵债、已经“爆雷”或引起不良影响、重大舆情的；2、橙色名单：主要负责"
	"人因经济犯罪被提起诉讼、被投诉举报、纳入黑名单的，或前期已经收取大额预付"
	"费资金使用不规范、但资可抵债运营比较平稳的；3、黄色名单：前期已经收取大额"
	"预付费但资金主要用于弥补设施建设资金不足，近年分支机构服务网点扩张过快，"
	"频繁变更法定代表人、登记注册地等，经营服务有潜在风险隐患的；4、绿色名单："
	"没有发现风险隐患的。";

const char monthly_src_note[] =
	"说明：本表列出登记日期在本月的全部案件线索，按登记日期排列；举报人的"
	"姓名和电话严格保密，不列入本表。";

/* followed by the month's count of each status */
const char monthly_clue_note[] =
	"说明：本表列出截至月底仍在查办的线索和本月办结（销号）的线索，状态取"
	"各单位截至月底最近一周报送的进度；“未报进度”是已经登记、还没有报送过"
	"进度的线索。本月：";

#define ST_CLOSED	3	/* 已办结 */
#define ST_DECLINED	4	/* 不予立案 */
#define ST_NONE		5	/* 未报进度 */

/* A row read, with what sorts it. */
struct keyed {
	char		*key;		/* unit "\037" clue, or NULL */
	size_t		 unit;		/* its unit's place in the order */
	int64_t		 day;		/* the first day of its week */
	long long	 row;		/* its _row */
	void		*v;		/* the row */
};

/* The rows read, to sort. */
struct rows {
	struct keyed	*v;
	size_t		 n;
};

/* What is read of the ledger for the month. */
struct load {
	struct monthly	*m;
	struct ledger	*l;
	struct buf	*err;
	struct rows	 rows;		/* of the query being read */
	char		 first[16];	/* the month's first day, 2023-11-01 */
	char		 last[16];	/* and its last, 2023-11-30 */
};

/* The place of unit code in the office's order (nunits: unregistered). */
static size_t
unit_at(const struct monthly *m, const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < m->nunits; i++)
		if (strcmp(m->units[i].code, code) == 0)
			return i;
	return m->nunits;
}

/* The name of the unit at place i, or code for an unregistered one. */
static char *
unit_name(const struct monthly *m, size_t i, const char *code)
{
	return xstrdup(i < m->nunits ? m->units[i].name : code ? code : "");
}

/* Appends "PATH: 无法读取账本：why" for the last error; returns 0. */
static int
read_failed(struct load *ld)
{
	buf_printf(ld->err, "%s: 无法读取账本：%s", ld->l->path,
	    ledger_errtext(ld->l->db));
	return 0;
}

/* Takes one row of a query (see each_row). */
typedef void (*row_fn)(struct load *ld, sqlite3_stmt *st);

/*
 * Runs sql on the ledger with the month's period ("2023-11") bound to ?1
 * if it has it, calling fn for each row.  Returns 1, or 0 with a message
 * in the error.
 */
static int
each_row(struct load *ld, const char *sql, row_fn fn)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(ld->l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return read_failed(ld);
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_text(st, 1, ld->m->period, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(ld, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return read_failed(ld);
	return 1;
}

/*
 * 涉及人数资金状况 as the list shows it: "收住老人 45 人，预收费 350000
 * 元" from the row's residents and prepaid (columns i and i + 1).
 */
static char *
situation(sqlite3_stmt *st, int i)
{
	struct buf	 b = BUF_INIT;
	char		 num[VALUE_NUM_SIZE];

	if (sqlite3_column_type(st, i) != SQLITE_NULL)
		buf_printf(&b, "收住老人 %lld 人", (long long)
		    sqlite3_column_int64(st, i));
	if (sqlite3_column_type(st, i + 1) != SQLITE_NULL)
		buf_printf(&b, "%s预收费 %s 元", b.len ? "，" : "",
		    value_fmt_num(num, sizeof(num),
		    sqlite3_column_double(st, i + 1)));
	if (b.len == 0)
		return xstrdup("");
	return buf_detach(&b);
}


/* Adds a row to ld's rows; returns it to fill. */
static struct keyed *
add_row(struct load *ld)
{
	struct rows	*rs = &ld->rows;
	struct keyed	*k;

	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof(*rs->v));
	k = &rs->v[rs->n++];
	memset(k, 0, sizeof(*k));
	return k;
}

/* An institution: level, then unit, then the unit's row. */
static int
cmp_inst(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	const struct monthly_inst *p = x->v, *q = y->v;

	if (p->level != q->level)
		return p->level < q->level ? -1 : 1;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* A row_fn: an institution of the month (unit, _row, fields...). */
static void
inst_row(struct load *ld, sqlite3_stmt *st)
{
	struct monthly_inst *in;
	struct keyed	*k;
	const char	*code = (const char *)sqlite3_column_text(st, 0);
	const char	*lv = (const char *)sqlite3_column_text(st, 9);
	int		 j;

	in = xcalloc(1, sizeof(*in));
	in->level = ML_GREEN;
	for (j = 0; j < ML__MAX; j++)
		if (lv != NULL && strcmp(lv, monthly_level_name[j]) == 0)
			in->level = (enum monthly_level)j;
	k = add_row(ld);
	k->unit = unit_at(ld->m, code);
	k->row = sqlite3_column_int64(st, 1);
	k->v = in;
	in->name = ledger_column(st, 2, 1);
	in->uscc = ledger_column(st, 3, 1);
	in->authority = ledger_column(st, 4, 1);
	in->registration = ledger_column(st, 5, 1);
	in->situation = situation(st, 6);
	in->assessment = ledger_column(st, 8, 1);
	in->measures = ledger_column(st, 10, 1);
	in->unit = unit_name(ld->m, k->unit, code);
	if (k->unit < ld->m->nunits)
		ld->m->units[k->unit].ninst++;
}

/* The month's institutions, red first. */
static int
load_inst(struct load *ld)
{
	struct monthly	*m = ld->m;
	struct rows	*rs = &ld->rows;
	size_t		 i;
	int		 ok;

	ok = each_row(ld, "SELECT _unit, _row, name, uscc, authority, "
	    "registration, residents, prepaid, assessment, level, measures "
	    "FROM institution_risk WHERE _period = ?1", inst_row);
	if (rs->n > 0)
		qsort(rs->v, rs->n, sizeof(*rs->v), cmp_inst);
	m->inst = xcalloc(rs->n ? rs->n : 1, sizeof(*m->inst));
	for (i = 0; i < rs->n; i++) {
		m->inst[i] = *(struct monthly_inst *)rs->v[i].v;
		m->nlevel[m->inst[i].level]++;
		free(rs->v[i].v);
	}
	m->ninst = rs->n;
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
	return ok;
}

/* A row_fn: what a unit sent for the month (unit, created, received). */
static void
sent_row(struct load *ld, sqlite3_stmt *st)
{
	size_t	 i = unit_at(ld->m, (const char *)sqlite3_column_text(st, 0));

	if (i == ld->m->nunits)
		return;
	ld->m->units[i].sent = 1;
	ld->m->units[i].created = ledger_column(st, 1, 0);
	ld->m->units[i].received = ledger_column(st, 2, 0);
}

/* Who sent an institution list for the month, and when. */
static int
load_sent(struct load *ld)
{
	return each_row(ld, "SELECT unit, min(created), min(received) FROM "
	    "bundles WHERE period = ?1 AND ',' || forms || ',' LIKE "
	    "'%,institution_risk,%' GROUP BY unit", sent_row);
}

/* The key of a clue of unit code: "code\037clue". */
static char *
clue_key(const char *code, const char *clue)
{
	struct buf	 b = BUF_INIT;

	buf_printf(&b, "%s\037%s", code ? code : "", clue ? clue : "");
	return buf_detach(&b);
}

/* Clues: by key, then the newest last (week, row). */
static int
cmp_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int	 c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/*
 * Fills a keyed row of a clue from columns 0.. (unit, _period, _row,
 * clue_id) of st, its day the Thursday of its week: a week belongs to the
 * month that holds its Thursday, as ISO 8601 counts weeks in months.
 * With upto, a week of a later month is not taken: returns NULL.
 */
static struct keyed *
clue_row(struct load *ld, sqlite3_stmt *st, int upto)
{
	struct period	 p;
	struct keyed	*k;
	const char	*code = (const char *)sqlite3_column_text(st, 0);
	const char	*per = (const char *)sqlite3_column_text(st, 1);

	if (per == NULL || !period_parse(per, &p))
		p.first_day = 0;
	if (p.week != 0)
		p.first_day += 3;		/* its Thursday */
	if (upto && p.first_day > ld->m->last_day)
		return NULL;
	k = add_row(ld);
	k->key = clue_key(code, (const char *)sqlite3_column_text(st, 3));
	k->unit = unit_at(ld->m, code);
	k->day = p.first_day;
	k->row = sqlite3_column_int64(st, 2);
	return k;
}

/* A row_fn: a case_source row (unit, _period, _row, clue_id, ...). */
static void
source_row(struct load *ld, sqlite3_stmt *st)
{
	struct monthly_source *s;
	struct keyed	*k = clue_row(ld, st, 0);

	k->v = s = xcalloc(1, sizeof(*s));
	s->clue = ledger_column(st, 3, 1);
	s->date = ledger_column(st, 4, 1);
	s->source = ledger_column(st, 5, 1);
	s->domain = ledger_column(st, 6, 1);
	s->subject = ledger_column(st, 7, 1);
	s->content = ledger_column(st, 8, 1);
	s->handling = ledger_column(st, 9, 1);
	s->handler = ledger_column(st, 10, 1);
	s->unit = unit_name(ld->m, k->unit, (const char *)
	    sqlite3_column_text(st, 0));
}

/* A row_fn: a case_progress row (unit, _period, _row, clue_id, ...). */
static void
progress_row(struct load *ld, sqlite3_stmt *st)
{
	struct monthly_clue *c;
	struct keyed	*k;
	char		 num[VALUE_NUM_SIZE];

	if ((k = clue_row(ld, st, 1)) == NULL)
		return;
	k->v = c = xcalloc(1, sizeof(*c));
	c->clue = ledger_column(st, 3, 1);
	c->status = ledger_column(st, 4, 1);
	c->closed = ledger_column(st, 5, 1);
	c->result = ledger_column(st, 6, 1);
	c->recovered = xstrdup(sqlite3_column_type(st, 7) == SQLITE_NULL ?
	    "" : value_fmt_num(num, sizeof(num), sqlite3_column_double(st, 7)));
	c->elderly = ledger_column(st, 8, 1);
	c->decision = ledger_column(st, 9, 1);
	c->week = ledger_column(st, 1, 1);
	c->unit = unit_name(ld->m, k->unit, (const char *)
	    sqlite3_column_text(st, 0));
}

/* Frees a monthly_source. */
static void
source_free(struct monthly_source *s)
{
	free(s->date);
	free(s->clue);
	free(s->source);
	free(s->domain);
	free(s->subject);
	free(s->content);
	free(s->handling);
	free(s->handler);
	free(s->unit);
}

/* Frees a monthly_clue. */
static void
clue_free(struct monthly_clue *c)
{
	free(c->clue);
	free(c->unit);
	free(c->date);
	free(c->source);
	free(c->domain);
	free(c->handling);
	free(c->status);
	free(c->closed);
	free(c->result);
	free(c->recovered);
	free(c->elderly);
	free(c->decision);
	free(c->week);
}

/*
 * Sorts the rows read by key, newest last, and keeps the newest of each
 * clue (a clue listed again in a later week is that later row), dropping
 * the others with fr.  Moves them into *out.
 */
static void
newest(struct load *ld, struct rows *out, void (*fr)(void *))
{
	struct rows	*rs = &ld->rows;
	size_t		 i, n = 0;

	if (rs->n > 0)
		qsort(rs->v, rs->n, sizeof(*rs->v), cmp_key);
	for (i = 0; i < rs->n; i++) {
		if (i + 1 < rs->n && strcmp(rs->v[i].key, rs->v[i + 1].key) ==
		    0) {
			fr(rs->v[i].v);
			free(rs->v[i].key);
			continue;
		}
		rs->v[n++] = rs->v[i];
	}
	rs->n = n;
	*out = *rs;
	memset(rs, 0, sizeof(*rs));
}

/* Frees a monthly_source row and what it holds (newest). */
static void
source_drop(void *p)
{
	source_free(p);
	free(p);
}

/* Frees a monthly_clue row and what it holds. */
static void
clue_drop(void *p)
{
	clue_free(p);
	free(p);
}

/* Sources of the month: by date, unit, clue. */
static int
cmp_source(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	const struct monthly_source *p = x->v, *q = y->v;
	int	 c;

	if ((c = strcmp(p->date, q->date)) != 0)
		return c;
	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	return strcmp(p->clue, q->clue);
}

/* Clues of the progress table: unit, registered (unknown last), clue. */
static int
cmp_clue(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	const struct monthly_clue *p = x->v, *q = y->v;
	int	 c;

	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	if ((*p->date == '\0') != (*q->date == '\0'))
		return *p->date == '\0' ? 1 : -1;
	if ((c = strcmp(p->date, q->date)) != 0)
		return c;
	return strcmp(p->clue, q->clue);
}

/* The index of status s in monthly_status, or -1. */
static int
status_at(const char *s)
{
	int	 i;

	for (i = 0; i < MONTHLY_STATUSES; i++)
		if (strcmp(s, monthly_status[i]) == 0)
			return i;
	return -1;
}

/*
 * Whether the clue c (its newest progress as of the month's end, of the
 * week whose Thursday is day) is on the month's progress table: open, or
 * ended in the month (by its 办结日期, else by its week).
 */
static int
on_table(const struct load *ld, const struct monthly_clue *c, int64_t day)
{
	int	 st = status_at(c->status);

	if (st == ST_CLOSED && *c->closed != '\0')
		return strcmp(c->closed, ld->first) >= 0;
	if (st == ST_CLOSED || st == ST_DECLINED)
		return day >= ld->m->first_day;
	return 1;
}

/* Fills the progress clue c with what the case_source row s says. */
static void
take_source(struct monthly_clue *c, const struct monthly_source *s)
{
	free(c->date);
	free(c->source);
	free(c->domain);
	free(c->handling);
	c->date = xstrdup(s ? s->date : "");
	c->source = xstrdup(s ? s->source : "");
	c->domain = xstrdup(s ? s->domain : "");
	c->handling = xstrdup(s ? s->handling : "");
}

/* Adds the clue c (unit place u) to the progress table and its sums. */
static void
put_clue(struct load *ld, struct rows *tab, struct monthly_clue *c,
    size_t u)
{
	struct keyed	*k;
	int		 st = status_at(c->status);

	tab->v = xreallocarray(tab->v, tab->n + 1, sizeof(*tab->v));
	k = &tab->v[tab->n++];
	memset(k, 0, sizeof(*k));
	k->unit = u;
	k->v = c;
	if (st >= 0)
		ld->m->nstatus[st]++;
	if (*c->recovered != '\0')
		ld->m->recovered += value_cents(c->recovered);
	if (*c->elderly != '\0')
		ld->m->elderly += strtoll(c->elderly, NULL, 10);
}

/*
 * The month's 案件来源登记表 and 案件查办进度表: the newest row of every
 * clue in each form, matched by unit and 线索编号.
 */
static int
load_clues(struct load *ld)
{
	struct monthly	*m = ld->m;
	struct rows	 src = { NULL, 0 }, prog = { NULL, 0 };
	struct rows	 tab = { NULL, 0 }, reg = { NULL, 0 };
	struct monthly_source *s;
	struct monthly_clue *c;
	size_t		 i, j;
	int		 ok, cmp;

	ok = each_row(ld, "SELECT _unit, _period, _row, clue_id, "
	    "registered_date, source, domain, subject, content, handling_unit, "
	    "handler FROM case_source", source_row);
	newest(ld, &src, source_drop);
	ok = ok && each_row(ld, "SELECT _unit, _period, _row, clue_id, "
	    "status, closed_date, result, recovered, elderly, decision_no "
	    "FROM case_progress", progress_row);
	newest(ld, &prog, clue_drop);
	/* both by key: walk them together */
	for (i = j = 0; ok && (i < src.n || j < prog.n); ) {
		if (i == src.n)
			cmp = 1;
		else if (j == prog.n)
			cmp = -1;
		else
			cmp = strcmp(src.v[i].key, prog.v[j].key);
		s = cmp <= 0 ? src.v[i].v : NULL;
		if (s != NULL && strcmp(s->date, ld->first) >= 0 &&
		    strcmp(s->date, ld->last) <= 0) {
			reg.v = xreallocarray(reg.v, reg.n + 1,
			    sizeof(*reg.v));
			reg.v[reg.n++] = src.v[i];
		}
		if (cmp >= 0) {
			c = prog.v[j].v;
			take_source(c, s);
			/* a clue registered after the month was not there yet */
			if ((s == NULL || strcmp(s->date, ld->last) <= 0) &&
			    on_table(ld, c, prog.v[j].day))
				put_clue(ld, &tab, c, prog.v[j].unit);
			else
				clue_drop(c);
		} else if (strcmp(s->date, ld->last) <= 0) {
			/* registered, no progress reported yet */
			c = xcalloc(1, sizeof(*c));
			c->clue = xstrdup(s->clue);
			c->unit = xstrdup(s->unit);
			c->status = xstrdup(monthly_status[ST_NONE]);
			c->closed = xstrdup("");
			c->result = xstrdup("");
			c->recovered = xstrdup("");
			c->elderly = xstrdup("");
			c->decision = xstrdup("");
			c->week = xstrdup("");
			take_source(c, s);
			put_clue(ld, &tab, c, src.v[i].unit);
		}
		if (cmp <= 0)
			i++;
		if (cmp >= 0)
			j++;
	}
	if (reg.n > 0)
		qsort(reg.v, reg.n, sizeof(*reg.v), cmp_source);
	m->src = xcalloc(reg.n ? reg.n : 1, sizeof(*m->src));
	for (i = 0; i < reg.n; i++) {
		s = reg.v[i].v;
		m->src[i] = *s;
		memset(s, 0, sizeof(*s));
	}
	m->nsrc = reg.n;
	if (tab.n > 0)
		qsort(tab.v, tab.n, sizeof(*tab.v), cmp_clue);
	m->clue = xcalloc(tab.n ? tab.n : 1, sizeof(*m->clue));
	for (i = 0; i < tab.n; i++) {
		m->clue[i] = *(struct monthly_clue *)tab.v[i].v;
		free(tab.v[i].v);
	}
	m->nclue = tab.n;
	for (i = 0; i < src.n; i++) {
		source_drop(src.v[i].v);	/* those moved out are zeroed */
		free(src.v[i].key);
	}
	for (i = 0; i < prog.n; i++)
		free(prog.v[i].key);
	if (!ok)	/* the clues read so far that the loop did not take */
		for (i = j; i < prog.n; i++)
			clue_drop(prog.v[i].v);
	free(src.v);
	free(prog.v);
	free(reg.v);
	free(tab.v);
	return ok;
}

/* The day (days since 1970-01-01) as "2023-11-30" into s. */
static void
day_text(char s[16], int64_t day)
{
	struct buf	 b = BUF_INIT;

	date_format(&b, "%F", day * 86400, 0);
	assert(b.len < 16);
	memcpy(s, b.ptr, b.len + 1);
	buf_free(&b);
}

void
monthly_month_text(struct buf *b, const struct monthly *m)
{
	buf_printf(b, "%d年%d月", m->year, m->month);
}

/*
 * Whether the choices of field name of form id are, in some order, the n
 * names v (the levels and statuses the tables name).
 */
static int
same_choices(const char *id, const char *name, const char *const *v,
    size_t n)
{
	const struct form *f = form_find(id);
	const struct field *fd;
	size_t		 i;
	int		 j;

	if (f == NULL || (j = form_field(f, name)) < 0)
		return 0;
	fd = &f->fields[j];
	for (i = 0; i < n; i++)
		if (form_choice(fd, v[i]) < 0)
			return 0;
	return fd->nchoices == n;
}

int
monthly_load(struct monthly *m, const char *path, const char *period,
    struct buf *err)
{
	struct ledger	 l;
	struct ledger_unit *u = NULL;
	struct load	 ld;
	struct period	 p;
	size_t		 nu = 0, i;
	int		 ok = 0;

	assert(same_choices("institution_risk", "level", monthly_level_name,
	    ML__MAX));
	assert(same_choices("case_progress", "status", monthly_status,
	    MONTHLY_STATUSES - 1));
	memset(m, 0, sizeof(*m));
	if (!period_parse(period, &p) || p.month == 0) {
		buf_printf(err, "shouhu: 报表期间“%s”不对：月报表写成 2023-11"
		    "（2023 年 11 月）", period);
		return 0;
	}
	period_format(&p, m->period, sizeof(m->period));
	m->year = p.year;
	m->month = p.month;
	m->first_day = p.first_day;
	m->last_day = p.last_day;
	m->made = util_now();
	memset(&ld, 0, sizeof(ld));
	ld.m = m;
	ld.l = &l;
	ld.err = err;
	day_text(ld.first, p.first_day);
	day_text(ld.last, p.last_day);
	if (!ledger_open(&l, path, LEDGER_READ, err))
		return 0;
	/* one snapshot of the ledger for every table */
	if (!ledger_exec(&l, "BEGIN", err) || !ledger_units(&l, &u, &nu, err))
		goto out;
	m->units = xcalloc(nu ? nu : 1, sizeof(*m->units));
	for (i = 0; i < nu; i++) {
		m->units[i].code = xstrdup(u[i].code);
		m->units[i].name = xstrdup(u[i].name);
	}
	m->nunits = nu;
	if (!load_inst(&ld) || !load_sent(&ld) || !load_clues(&ld))
		goto out;
	ok = 1;
out:
	ledger_units_free(u, nu);
	ledger_close(&l);
	if (!ok)
		monthly_free(m);
	return ok;
}

void
monthly_free(struct monthly *m)
{
	size_t	 i;

	for (i = 0; i < m->nunits; i++) {
		free(m->units[i].code);
		free(m->units[i].name);
		free(m->units[i].created);
		free(m->units[i].received);
	}
	free(m->units);
	for (i = 0; i < m->ninst; i++) {
		free(m->inst[i].name);
		free(m->inst[i].uscc);
		free(m->inst[i].authority);
		free(m->inst[i].registration);
		free(m->inst[i].situation);
		free(m->inst[i].assessment);
		free(m->inst[i].measures);
		free(m->inst[i].unit);
	}
	free(m->inst);
	for (i = 0; i < m->nsrc; i++)
		source_free(&m->src[i]);
	free(m->src);
	for (i = 0; i < m->nclue; i++)
		clue_free(&m->clue[i]);
	free(m->clue);
	memset(m, 0, sizeof(*m));
}
