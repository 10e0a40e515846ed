/*
 * The office's approval of case disclosures (see cases.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "forms/form.h"
#include "office/cases.h"
#include "office/ledger.h"
#include "office/ledger_impl.h"
#include "office/ledger_public.h"
#include "lib/util.h"

/* The state of a current case row, as cases list shows it. */
enum state {
	ST_UNASKED,		/* the unit did not ask (公开审核 待审核) */
	ST_PENDING,		/* asked, no decision on this content */
	ST_CHANGED,		/* asked, changed since the office approved */
	ST_APPROVED,		/* approved as it is: published */
	ST_WITHDRAWN		/* withdrawn as it is */
};

static const char *const state_names[] = {
	[ST_UNASKED] = "未申请", [ST_PENDING] = "待批准",
	[ST_CHANGED] = "待批准（批准后单位报送了改动）",
	[ST_APPROVED] = "已批准", [ST_WITHDRAWN] = "已撤下"
};

/* The form of the disclosures (built in: its absence is a bug). */
static const struct form *
case_form(void)
{
	const struct form *f = form_find(CASES_FORM);

	if (f == NULL)
		abort();
	return f;
}

/*
 * Appends to sql the content of the row alias of the view CASES_FORM: a
 * JSON array of its public fields in the form's order.
 */
static void
content_sql(struct buf *sql, const char *alias)
{
	const struct form *f = case_form();
	size_t	 j;
	int	 first = 1;

	buf_puts(sql, "json_array(");
	for (j = 0; j < f->nfields; j++) {
		if (!f->fields[j].public)
			continue;
		buf_printf(sql, "%s\"%s\".\"%s\"", first ? "" : ", ", alias,
		    f->fields[j].name);
		first = 0;
	}
	buf_puts(sql, ")");
}

void
cases_published_sql(const char *alias, struct buf *sql)
{
	buf_printf(sql, "EXISTS (SELECT 1 FROM parts p JOIN cases c ON c.unit "
	    "= p.unit AND c.period = p.period JOIN case_decisions d ON "
	    "d.case_id = c.id WHERE p.bundle = \"%s\"._bundle AND p.form = '"
	    CASES_FORM "' AND p.superseded_by IS NULL AND c.decision_no = "
	    "\"%s\".decision_no AND d.id = (SELECT max(id) FROM "
	    "case_decisions WHERE case_id = c.id) AND d.action = 'approved' "
	    "AND d.content = ", alias, alias);
	content_sql(sql, alias);
	buf_puts(sql, ")");
}

/* Numbers the current cases the ledger l has not seen yet. */
static int
number_cases(struct ledger *l, struct buf *err)
{
	sqlite3_stmt	*st;
	char		 now[32];
	int		 ok;

	ledger_now(now);
	if (sqlite3_prepare_v2(l->db, "INSERT OR IGNORE INTO cases (unit, "
	    "period, decision_no, first_seen) SELECT _unit, _period, "
	    "decision_no, ?1 FROM " CASES_FORM " ORDER BY _unit, _period, _row",
	    -1, &st, NULL) != SQLITE_OK)
		return ledger_fail(l, err, "无法给案例编号");
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok ? 1 : ledger_fail(l, err, "无法给案例编号");
}

/* A current case row, with the office's latest decision on the case. */
struct row {
	long long	 id, row;
	char		*unit, *period, *decision_no;
	int		 asked;		/* 公开审核 = the publish_if value */
	char		*content;
	char		*action, *decided, *at, *reason;	/* or NULL */
	char		*wat, *wreason;	/* the withdrawal before, or NULL */
	enum state	 state;
};

/* Column i of the row of st, copied (NULL for NULL). */
static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

/* Frees what row_read put in r. */
static void
row_free(struct row *r)
{
	free(r->unit);
	free(r->period);
	free(r->decision_no);
	free(r->content);
	free(r->action);
	free(r->decided);
	free(r->at);
	free(r->reason);
	free(r->wat);
	free(r->wreason);
	memset(r, 0, sizeof(*r));
}

/*
 * Prepares the query of the current case rows with their latest
 * decision and the last withdrawal before it, of the case id ?1 (or
 * every case for ?1 NULL), by id and row.
 */
static int
rows_query(struct ledger *l, sqlite3_stmt **st, struct buf *err)
{
	const struct form *f = case_form();
	struct buf	 sql = BUF_INIT;
	int		 ok;

	buf_puts(&sql, "SELECT c.id, v._row, v._unit, v._period, "
	    "v.decision_no, v.\"");
	buf_puts(&sql, f->fields[f->publish_if].name);
	buf_puts(&sql, "\" IS ?2, ");
	content_sql(&sql, "v");
	buf_puts(&sql, ", d.action, d.content, d.at, d.reason, w.at, w.reason "
	    "FROM " CASES_FORM " v JOIN cases c ON c.unit = v._unit AND "
	    "c.period = v._period AND c.decision_no = v.decision_no LEFT JOIN "
	    "case_decisions d ON d.id = (SELECT max(id) FROM case_decisions "
	    "WHERE case_id = c.id) LEFT JOIN case_decisions w ON w.id = "
	    "(SELECT max(id) FROM case_decisions WHERE case_id = c.id AND "
	    "action = 'withdrawn' AND id < d.id) WHERE ?1 IS NULL OR c.id = ?1 "
	    "ORDER BY c.id, v._row");
	ok = sqlite3_prepare_v2(l->db, sql.ptr, -1, st, NULL) == SQLITE_OK;
	buf_free(&sql);
	if (!ok)
		return ledger_fail(l, err, "无法读取典型案例");
	sqlite3_bind_text(*st, 2, f->publish_if_value, -1, SQLITE_STATIC);
	return 1;
}

/*
 * Column k of st, a UTC time as the ledger keeps it (2023-11-14T22:13:20Z),
 * as the office reads it: China time to the minute (2023-11-15 06:13), a
 * new string; NULL for NULL.
 */
static char *
china_time(sqlite3_stmt *st, int k)
{
	const char	*utc = (const char *)sqlite3_column_text(st, k);
	struct buf	 b = BUF_INIT;
	int64_t		 t;

	if (utc == NULL)
		return NULL;
	if (!date_parse(utc, strlen(utc), 0, &t))
		return xstrdup(utc);
	date_format(&b, "%F %H:%M", t, 480);
	return buf_detach(&b);
}

/* Reads the current row of st (rows_query) into r, with its state. */
static void
row_read(sqlite3_stmt *st, struct row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->row = sqlite3_column_int64(st, 1);
	r->unit = col_dup(st, 2);
	r->period = col_dup(st, 3);
	r->decision_no = col_dup(st, 4);
	r->asked = sqlite3_column_int(st, 5);
	r->content = col_dup(st, 6);
	r->action = col_dup(st, 7);
	r->decided = col_dup(st, 8);
	r->at = china_time(st, 9);
	r->reason = col_dup(st, 10);
	r->wat = china_time(st, 11);
	r->wreason = col_dup(st, 12);
	if (r->action != NULL && r->content != NULL &&
	    strcmp(r->decided, r->content) == 0)
		r->state = strcmp(r->action, "approved") == 0 ? ST_APPROVED :
		    ST_WITHDRAWN;
	else if (!r->asked)
		r->state = ST_UNASKED;
	else if (r->action != NULL && strcmp(r->action, "approved") == 0)
		r->state = ST_CHANGED;
	else
		r->state = ST_PENDING;
}

/* Appends s to b with every run of white space as one space. */
static void
put_flat(struct buf *b, const char *s)
{
	int	 space = 0;

	for (; s != NULL && *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			space = 1;
			continue;
		}
		if (space && b->len > 0 && b->ptr[b->len - 1] != '\t')
			buf_putc(b, ' ');
		space = 0;
		buf_putc(b, *s);
	}
}

/*
 * Appends the line of case row r to out: id, decision number, unit name,
 * state, then title and text from the preview pv (the row as published).
 */
static int
list_line(struct buf *out, const struct row *r, sqlite3 *pv,
    struct buf *err)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(pv, "SELECT (SELECT name FROM units WHERE "
	    "code = v._unit), v.title, v.party, v.facts, v.penalty FROM "
	    CASES_FORM " v WHERE v._unit = ?1 AND v._period = ?2 AND v._row "
	    "= ?3", -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：%s", sqlite3_errmsg(pv));
		return 0;
	}
	sqlite3_bind_text(st, 1, r->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->period, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->row);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		buf_printf(err, "内部错误：公开数据里没有案例 %lld", r->id);
		sqlite3_finalize(st);
		return 0;
	}
	buf_printf(out, "%lld\t", r->id);
	put_flat(out, r->decision_no);
	buf_putc(out, '\t');
	put_flat(out, sqlite3_column_type(st, 0) == SQLITE_NULL ? r->unit :
	    (const char *)sqlite3_column_text(st, 0));
	buf_printf(out, "（%s %s 第 %lld 条）\t%s", r->unit, r->period, r->row,
	    state_names[r->state]);
	if (r->state == ST_APPROVED && r->wat != NULL) {
		buf_printf(out, "（%s 重新批准；此前于 %s 撤下，原因：", r->at,
		    r->wat);
		put_flat(out, r->wreason);
		buf_puts(out, "）");
	} else if (r->state == ST_APPROVED)
		buf_printf(out, "（%s）", r->at);
	else if (r->state == ST_WITHDRAWN) {
		buf_printf(out, "（%s，原因：", r->at);
		put_flat(out, r->reason);
		buf_puts(out, "）");
	}
	buf_putc(out, '\t');
	put_flat(out, (const char *)sqlite3_column_text(st, 1));
	buf_puts(out, "\t当事人：");
	put_flat(out, (const char *)sqlite3_column_text(st, 2));
	buf_puts(out, "；违法事实：");
	put_flat(out, (const char *)sqlite3_column_text(st, 3));
	buf_puts(out, "；处罚结果：");
	put_flat(out, (const char *)sqlite3_column_text(st, 4));
	buf_putc(out, '\n');
	sqlite3_finalize(st);
	return 1;
}

enum cases_result
cases_list(const char *path, int pending, struct buf *out, struct buf *err)
{
	struct ledger	 l;
	struct ledger_public pv;
	struct row	 r;
	sqlite3_stmt	*st = NULL;
	size_t		 n = 0;
	int		 rc, ok = 0, opened = 0, copied = 0;

	if (!ledger_open(&l, path, LEDGER_WRITE, err))
		return CASES_FAIL;
	opened = 1;
	if (!number_cases(&l, err))
		goto out;
	if (!ledger_public_preview(path, &pv, err))
		goto out;
	copied = 1;
	if (!rows_query(&l, &st, err))
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &r);
		if (!pending || r.state == ST_PENDING ||
		    r.state == ST_CHANGED) {
			n++;
			if (!list_line(out, &r, pv.db, err)) {
				row_free(&r);
				goto out;
			}
		}
		row_free(&r);
	}
	if (rc != SQLITE_DONE) {
		ledger_fail(&l, err, "无法读取典型案例");
		goto out;
	}
	if (n == 0)
		buf_printf(out, "%s\n", pending ? "没有待批准的典型案例" :
		    "账本里还没有典型案例");
	ok = 1;
out:
	sqlite3_finalize(st);
	if (copied)
		ledger_public_close(&pv);
	if (opened)
		ledger_close(&l);
	return ok ? CASES_OK : CASES_FAIL;
}

/* The case id s (digits) into *id; 0 if it is none. */
static int
parse_id(const char *s, long long *id)
{
	char	*end;

	if (*s < '0' || *s > '9')
		return 0;
	*id = strtoll(s, &end, 10);
	return *end == '\0' && *id > 0;
}

/*
 * Decides on the case s for reason (NULL: approve) in l: checks it,
 * records the decision, and appends a line to out; or appends why not
 * to err.  Returns 1, or 0 (refused or failed).
 */
static int
decide_one(struct ledger *l, const char *s, const char *reason,
    struct buf *out, struct buf *err)
{
	sqlite3_stmt	*st = NULL, *put = NULL;
	struct row	 r, first;
	long long	 id, nrows = 0;
	char		 now[32];
	int		 rc, ok = 0;

	memset(&first, 0, sizeof(first));
	if (!parse_id(s, &id)) {
		buf_printf(err, "shouhu: 没有编号为“%s”的案例：编号是 shouhu "
		    "cases list 每行开头的数字\n", s);
		return 0;
	}
	if (!rows_query(l, &st, err))
		return 0;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_read(st, &r);
		if (nrows++ == 0)
			first = r;
		else
			row_free(&r);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ledger_fail(l, err, "无法读取典型案例");
		goto out;
	}
	if (nrows == 0) {
		buf_printf(err, "shouhu: 没有编号为 %lld 的现行案例：用 shouhu "
		    "cases list 查看案例和编号（单位报送的新版本里没有了的案例不再"
		    "列出）\n", id);
		goto out;
	}
	if (nrows > 1) {
		buf_printf(err, "shouhu: 案例 %lld（%s）在 %s %s 的报送里有 %lld "
		    "条，不知道批准或撤下哪一条：请单位改正决定书文号后重新报送\n",
		    id, first.decision_no, first.unit, first.period, nrows);
		goto out;
	}
	if (reason == NULL && (first.state == ST_UNASKED ||
	    (first.state == ST_WITHDRAWN && !first.asked))) {
		buf_printf(err, "shouhu: 案例 %lld（%s）单位没有申请公开（公开审核"
		    "不是“%s”）：单位改为申请公开并重新报送后才能批准\n", id,
		    first.decision_no, case_form()->publish_if_value);
		goto out;
	}
	if (first.state == (reason == NULL ? ST_APPROVED : ST_WITHDRAWN)) {
		buf_printf(out, "案例 %lld（%s）早已%s，没有改动\n", id,
		    first.decision_no, reason == NULL ? "批准" : "撤下");
		ok = 1;
		goto out;
	}
	ledger_now(now);
	if (sqlite3_prepare_v2(l->db, "INSERT INTO case_decisions (case_id, "
	    "at, action, content, reason) VALUES (?1, ?2, ?3, ?4, ?5)", -1,
	    &put, NULL) != SQLITE_OK) {
		ledger_fail(l, err, "无法记录决定");
		goto out;
	}
	sqlite3_bind_int64(put, 1, id);
	sqlite3_bind_text(put, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 3, reason == NULL ? "approved" : "withdrawn",
	    -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 4, first.content, -1, SQLITE_STATIC);
	sqlite3_bind_text(put, 5, reason, -1, SQLITE_STATIC);
	if (sqlite3_step(put) != SQLITE_DONE) {
		ledger_fail(l, err, "无法记录决定");
		goto out;
	}
	if (reason == NULL && first.action != NULL &&
	    strcmp(first.action, "withdrawn") == 0) {
		buf_printf(out, "已重新批准案例 %lld（%s）：下次生成网站时重新公布"
		    "（此前于 %s 撤下，原因：", id, first.decision_no, first.at);
		put_flat(out, first.reason);
		buf_puts(out, "）\n");
	} else if (reason == NULL)
		buf_printf(out, "已批准案例 %lld（%s）：下次生成网站时公布\n", id,
		    first.decision_no);
	else
		buf_printf(out, "已撤下案例 %lld（%s）：下次生成网站时不再公布\n",
		    id, first.decision_no);
	ok = 1;
out:
	sqlite3_finalize(put);
	row_free(&first);
	return ok;
}

enum cases_result
cases_decide(const char *path, char *const *ids, size_t n,
    const char *reason, struct buf *out, struct buf *err)
{
	struct ledger	 l;
	size_t		 i, bad = 0;

	if (!ledger_open(&l, path, LEDGER_WRITE, err))
		return CASES_FAIL;
	if (!ledger_exec(&l, "BEGIN IMMEDIATE", err) ||
	    !number_cases(&l, err))
		goto fail;
	for (i = 0; i < n; i++)
		if (!decide_one(&l, ids[i], reason, out, err))
			bad++;
	if (bad > 0) {
		buf_printf(err, "shouhu: %zu 个案例有问题，什么都没有记录；"
		    "改正后再运行一次\n", bad);
		goto fail;
	}
	if (!ledger_exec(&l, "COMMIT", err))
		goto fail;
	ledger_close(&l);
	return CASES_OK;
fail:
	sqlite3_exec(l.db, "ROLLBACK", NULL, NULL, NULL);
	ledger_close(&l);
	buf_clear(out);
	return CASES_FAIL;
}
