/*
 * The public copy of the ledger, and the private values to look for in
 * the built site (see ledger_public.h).
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "forms/form.h"
#include "office/cases.h"
#include "office/ident.h"
#include "office/ledger.h"
#include "office/ledger_public.h"
#include "office/privacy.h"
#include "office/pscan.h"
#include "office/towns.h"
#include "lib/utext.h"
#include "lib/util.h"

/* The ledger tables a script might try, for ledger_public_explain. */
static const char *const internal[] = {
	"bundles", "parts", "ingest_log", "forms", "form_fields", "meta",
	"cases", "case_decisions", NULL
};

/*
 * The SQL functions scripts may call on the public copy: the harmless core
 * scalar, aggregate, date and time, JSON, window and math functions.  Not
 * load_extension, fts3_tokenizer (which hands out a library's address),
 * sqlite_compileoption_*, sqlite_offset and the like, nor anything an
 * extension adds.
 */
static const char *const sql_functions[] = {
	/* scalar */
	"abs", "char", "coalesce", "concat", "concat_ws", "format", "glob",
	"hex", "if", "ifnull", "iif", "instr", "length", "like", "likelihood",
	"likely", "lower", "ltrim", "max", "min", "nullif", "octet_length",
	"printf", "quote", "random", "randomblob", "replace", "round", "rtrim",
	"sign", "soundex", "substr", "substring", "trim", "typeof", "unhex",
	"unicode", "unlikely", "upper", "zeroblob",
	/* aggregate */
	"avg", "count", "group_concat", "string_agg", "sum", "total",
	/* date and time */
	"date", "time", "datetime", "julianday", "unixepoch", "strftime",
	"timediff", "current_date", "current_time", "current_timestamp",
	/* window */
	"row_number", "rank", "dense_rank", "percent_rank", "cume_dist",
	"ntile", "lag", "lead", "first_value", "last_value", "nth_value",
	/* JSON (the tables json_each and json_tree stay closed) */
	"json", "json_array", "json_array_length", "json_error_position",
	"json_extract", "json_insert", "json_object", "json_patch",
	"json_pretty", "json_quote", "json_remove", "json_replace", "json_set",
	"json_type", "json_valid", "json_group_array", "json_group_object",
	"jsonb", "jsonb_array", "jsonb_extract", "jsonb_insert", "jsonb_object",
	"jsonb_patch", "jsonb_remove", "jsonb_replace", "jsonb_set",
	"jsonb_group_array", "jsonb_group_object", "->", "->>",
	/* math */
	"acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil",
	"ceiling", "cos", "cosh", "degrees", "exp", "floor", "ln", "log",
	"log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh",
	"sqrt", "tan", "tanh", "trunc",
	NULL
};

/*
 * The authorizer of the public copy: reading, and the functions of
 * sql_functions only.  ATTACH (a way to the ledger file), PRAGMA and every
 * change are refused.
 */
static int
authorize(void *arg, int action, const char *a, const char *b,
    const char *db, const char *view)
{
	size_t	 i;

	(void)arg;
	(void)a;
	(void)db;
	(void)view;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		for (i = 0; b != NULL && sql_functions[i] != NULL; i++)
			if (sqlite3_stricmp(b, sql_functions[i]) == 0)
				return SQLITE_OK;
		return SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

/* Whether field j of f is to be masked in the current row of st. */
static int
masked(const struct form *f, size_t j, sqlite3_stmt *st, const int *col)
{
	const struct field *fd = &f->fields[j];
	const unsigned char *v;

	if (fd->mask == FM_NONE)
		return 0;
	if (fd->mask_if < 0)
		return 1;
	/* select_sql reads the field that decides, for public fields */
	assert(fd->public && col[fd->mask_if] >= 0);
	v = sqlite3_column_text(st, col[fd->mask_if]);
	return v != NULL && strcmp((const char *)v, fd->mask_if_value) == 0;
}

#define MAX_PAIRS	8	/* masked fields of one form */

/*
 * Copies s to t with every occurrence of raw[i] replaced by masks[i]: a
 * person's name masked in the party field is masked in the facts too.
 */
static void
mask_in_text(struct buf *t, const char *s, const char *const *raw,
    const struct buf *masks, size_t n)
{
	const char	*best, *p;
	size_t		 i, k = 0, len;

	buf_clear(t);
	for (;;) {
		best = NULL;
		for (i = 0; i < n; i++) {
			len = strlen(raw[i]);
			if (len < 2)
				continue;
			p = strstr(s, raw[i]);
			if (p != NULL && (best == NULL || p < best)) {
				best = p;
				k = i;
			}
		}
		if (best == NULL)
			break;
		buf_put(t, s, (size_t)(best - s));
		buf_put(t, masks[k].ptr, masks[k].len);
		s = best + strlen(raw[k]);
	}
	buf_puts(t, s);
}

/* What the copy needs besides the form: the ledger, the public copy. */
struct copy {
	struct ledger	*l;		/* NULL: no ledger */
	sqlite3		*mem;
	struct ledger_public *pub;	/* ident and warnings */
	char		**codes, **names;	/* the units */
	size_t		 nunits;
	int		 preview;	/* every current row, as if published */
};

/* The name of the unit code, or the code. */
static const char *
unit_name(const struct copy *c, const char *code)
{
	size_t	 i;

	for (i = 0; i < c->nunits; i++)
		if (strcmp(c->codes[i], code) == 0)
			return c->names[i];
	return code;
}

/*
 * Adds the warning that the public value of field fd in the current row
 * of sel (_unit, _period, _row first) of form f had identifying data in
 * it, listed in what, which the copy masked.
 */
static void
warn(struct copy *c, const struct form *f, const struct field *fd,
    sqlite3_stmt *sel, const struct buf *what)
{
	static const char sep[] = "、";
	const char	*unit = (const char *)sqlite3_column_text(sel, 0);
	const char	*p, *e, *q, *qe;
	struct buf	 list = BUF_INIT;
	size_t		 len, times;

	/* each thing once, with how many times it was there */
	for (p = what->ptr; *p != '\0'; p = *e ? e + strlen(sep) : e) {
		if ((e = strstr(p, sep)) == NULL)
			e = p + strlen(p);
		len = (size_t)(e - p);
		for (q = what->ptr, times = 0; q < p; q = *qe ? qe +
		    strlen(sep) : qe) {
			if ((qe = strstr(q, sep)) == NULL)
				qe = q + strlen(q);
			if ((size_t)(qe - q) == len && memcmp(q, p, len) == 0)
				break;
		}
		if (q < p)
			continue;		/* listed before */
		for (q = p; *q != '\0'; q = *qe ? qe + strlen(sep) : qe) {
			if ((qe = strstr(q, sep)) == NULL)
				qe = q + strlen(q);
			times += (size_t)(qe - q) == len &&
			    memcmp(q, p, len) == 0;
		}
		if (list.len > 0)
			buf_puts(&list, sep);
		buf_put(&list, p, len);
		if (times > 1)
			buf_printf(&list, "×%zu", times);
	}
	buf_printf(&c->pub->warnings, "提示：%s（%s）%s 报送的“%s”第 %lld 条"
	    "记录的“%s”里写有%s，网站上已隐去；请提醒该单位更正后重新报送\n",
	    unit_name(c, unit), unit, sqlite3_column_text(sel, 1), f->title,
	    (long long)sqlite3_column_int64(sel, 2), fd->label, list.ptr);
	c->pub->nwarnings++;
	buf_free(&list);
}

/* The copy of one form's rows: the statements and the row's buffers. */
struct rows {
	const struct form *f;
	int		*col;		/* column in sel of field j, or -1 */
	sqlite3_stmt	*sel;		/* the rows, from the ledger */
	sqlite3_stmt	*put;		/* into the public copy */
	const char	*raw[MAX_PAIRS];	/* the row's masked values */
	struct buf	 masks[MAX_PAIRS];	/* and their masks */
	size_t		 npairs;
	struct buf	 v, t, u, what;		/* a value being made */
};

/*
 * Creates the table f->id of the public copy (_unit, _period, _row, then
 * the public fields) and prepares r->put, its INSERT.  Returns 1, or 0
 * with a message in err.
 */
static int
make_table(sqlite3 *mem, struct rows *r, struct buf *err)
{
	const struct form *f = r->f;
	struct buf	 sql = BUF_INIT, ins = BUF_INIT;
	size_t		 j;
	int		 ok = 1;

	buf_printf(&sql, "CREATE TABLE \"%s\" (_unit TEXT, _period TEXT, "
	    "_row INTEGER", f->id);
	buf_printf(&ins, "INSERT INTO \"%s\" VALUES (?, ?, ?", f->id);
	for (j = 0; j < f->nfields; j++) {
		if (!f->fields[j].public)
			continue;
		buf_printf(&sql, ", \"%s\" %s", f->fields[j].name,
		    ledger_sql_type(f->fields[j].type));
		buf_puts(&ins, ", ?");
	}
	buf_puts(&sql, ")");
	buf_puts(&ins, ")");
	if (sqlite3_exec(mem, sql.ptr, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(mem, ins.ptr, -1, &r->put, NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：无法建立公开数据表 %s：%s", f->id,
		    sqlite3_errmsg(mem));
		ok = 0;
	}
	buf_free(&sql);
	buf_free(&ins);
	return ok;
}

/*
 * Appends to sql the query of the current rows of r->f: _unit, _period,
 * _row, every public field, and every field that decides whether a public
 * one is masked; only the rows the form publishes (case disclosures: only
 * those the office approved, cases.h), or every row for a preview.  Sets
 * r->col.
 */
static void
select_sql(const struct copy *c, struct buf *sql, struct rows *r)
{
	const struct form *f = r->f;
	char		*cond;
	size_t		 j;
	int		 k, ncol = 3;

	for (j = 0; j < f->nfields; j++)
		r->col[j] = f->fields[j].public ? ncol++ : -1;
	for (j = 0; j < f->nfields; j++)
		if (f->fields[j].mask_if >= 0 && f->fields[j].public &&
		    r->col[f->fields[j].mask_if] < 0)
			r->col[f->fields[j].mask_if] = ncol++;
	buf_puts(sql, "SELECT _unit, _period, _row");
	for (k = 3; k < ncol; k++)
		for (j = 0; j < f->nfields; j++)
			if (r->col[j] == k)
				buf_printf(sql, ", \"%s\"", f->fields[j].name);
	buf_printf(sql, " FROM \"%s\"", f->id);
	if (f->publish_if >= 0 && !c->preview) {
		cond = sqlite3_mprintf(" WHERE \"%s\" = %Q",
		    f->fields[f->publish_if].name, f->publish_if_value);
		buf_puts(sql, cond);
		sqlite3_free(cond);
		if (strcmp(f->id, CASES_FORM) == 0) {
			buf_puts(sql, " AND ");
			cases_published_sql(f->id, sql);
		}
	}
	buf_puts(sql, " ORDER BY _unit, _period, _row");
}

/*
 * Collects the masked values of the current row of r->sel and their masks
 * (at most MAX_PAIRS), to mask in the row's free text.
 */
static void
row_masks(struct rows *r)
{
	const struct form *f = r->f;
	const char	*s;
	size_t		 j;

	r->npairs = 0;
	for (j = 0; j < f->nfields && r->npairs < MAX_PAIRS; j++) {
		if (!f->fields[j].public || !masked(f, j, r->sel, r->col) ||
		    (s = (const char *)sqlite3_column_text(r->sel,
		    r->col[j])) == NULL)
			continue;
		r->raw[r->npairs] = s;
		buf_clear(&r->masks[r->npairs]);
		privacy_mask(&r->masks[r->npairs], f->fields[j].mask, s,
		    strlen(s));
		r->npairs++;
	}
}

/*
 * Binds the public value of field j of the current row to parameter k of
 * r->put: numbers and dates as they are; text masked by its mask, or with
 * the row's masked values, the ledger's identifying values and personal
 * numbers masked in it (a warning for the last two).
 */
static void
bind_public(struct copy *c, struct rows *r, size_t j, int k)
{
	const struct field *fd = &r->f->fields[j];
	const char	*s;

	s = (const char *)sqlite3_column_text(r->sel, r->col[j]);
	if (s == NULL || (fd->type != FT_TEXT && fd->type != FT_LIST)) {
		sqlite3_bind_value(r->put, k, sqlite3_column_value(r->sel,
		    r->col[j]));
		return;
	}
	buf_clear(&r->v);
	if (masked(r->f, j, r->sel, r->col))
		privacy_mask(&r->v, fd->mask, s, strlen(s));
	else {
		mask_in_text(&r->t, s, r->raw, r->masks, r->npairs);
		buf_clear(&r->u);
		buf_clear(&r->what);
		ident_mask(&r->u, c->pub->ident, r->t.ptr, r->t.len, &r->what);
		privacy_scrub(&r->v, r->u.ptr, r->u.len, &r->what);
		if (r->what.len > 0)
			warn(c, r->f, fd, r->sel, &r->what);
	}
	sqlite3_bind_text(r->put, k, r->v.ptr, (int)r->v.len,
	    SQLITE_TRANSIENT);
}

/*
 * Copies the current row of r->sel into the public copy.  Returns 1, or 0
 * with a message in err.
 */
static int
copy_row(struct copy *c, struct rows *r, struct buf *err)
{
	size_t	 j;
	int	 k;

	for (k = 0; k < 3; k++)
		sqlite3_bind_value(r->put, k + 1, sqlite3_column_value(r->sel,
		    k));
	row_masks(r);
	for (j = 0, k = 4; j < r->f->nfields; j++)
		if (r->f->fields[j].public)
			bind_public(c, r, j, k++);
	assert(k - 1 == sqlite3_bind_parameter_count(r->put));
	if (sqlite3_step(r->put) != SQLITE_DONE) {
		buf_printf(err, "内部错误：无法复制公开数据 %s：%s", r->f->id,
		    sqlite3_errmsg(c->mem));
		return 0;
	}
	sqlite3_reset(r->put);
	return 1;
}

/*
 * Copies the current rows of form f from the ledger into the table f->id
 * of the public copy, public fields only: masked by their masks, and
 * their free text with the row's own masked values masked, every
 * identifying value of the ledger masked and personal numbers scrubbed
 * (each of these two a warning).  Without a ledger the table is empty.
 * Returns 1, or 0 with a message in err.
 */
static int
copy_form(struct copy *c, const struct form *f, struct buf *err)
{
	struct ledger	*l = c->l;
	struct rows	 r;
	struct buf	 sql = BUF_INIT;
	size_t		 j;
	int		 rc, ok = 0;

	memset(&r, 0, sizeof(r));
	r.f = f;
	r.col = xcalloc(f->nfields ? f->nfields : 1, sizeof(*r.col));
	for (j = 0; j < MAX_PAIRS; j++)
		buf_init(&r.masks[j]);
	buf_init(&r.v);
	buf_init(&r.t);
	buf_init(&r.u);
	buf_init(&r.what);
	if (!make_table(c->mem, &r, err))
		goto out;
	if (l == NULL) {
		ok = 1;
		goto out;
	}
	select_sql(c, &sql, &r);
	if (sqlite3_prepare_v2(l->db, sql.ptr, -1, &r.sel, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(r.sel)) == SQLITE_ROW)
		if (!copy_row(c, &r, err))
			goto out;
	if (rc != SQLITE_DONE)
		goto fail;
	ok = 1;
	goto out;
fail:
	buf_printf(err, "%s: 无法读取表单 %s：%s", l->path, f->id,
	    sqlite3_errmsg(l->db));
out:
	sqlite3_finalize(r.sel);
	sqlite3_finalize(r.put);
	free(r.col);
	buf_free(&sql);
	buf_free(&r.v);
	buf_free(&r.t);
	buf_free(&r.u);
	buf_free(&r.what);
	for (j = 0; j < MAX_PAIRS; j++)
		buf_free(&r.masks[j]);
	return ok;
}

/*
 * Copies the unit registry's codes and names (public: office names) and
 * keeps them in c for warnings.
 */
static int
copy_units(struct copy *c, struct buf *err)
{
	sqlite3_stmt	*sel = NULL, *put = NULL;
	int		 ok = 0, rc;

	if (sqlite3_exec(c->mem, "CREATE TABLE units (code TEXT PRIMARY KEY, "
	    "name TEXT)", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->mem, "INSERT INTO units VALUES (?, ?)", -1,
	    &put, NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：%s", sqlite3_errmsg(c->mem));
		goto out;
	}
	if (c->l == NULL) {
		ok = 1;
		goto out;
	}
	if (sqlite3_prepare_v2(c->l->db, "SELECT code, name FROM units", -1,
	    &sel, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: 无法读取单位名单：%s", c->l->path,
		    sqlite3_errmsg(c->l->db));
		goto out;
	}
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		sqlite3_bind_value(put, 1, sqlite3_column_value(sel, 0));
		sqlite3_bind_value(put, 2, sqlite3_column_value(sel, 1));
		if (sqlite3_step(put) != SQLITE_DONE)
			goto out;
		sqlite3_reset(put);
		c->codes = xreallocarray(c->codes, c->nunits + 1,
		    sizeof(*c->codes));
		c->names = xreallocarray(c->names, c->nunits + 1,
		    sizeof(*c->names));
		c->codes[c->nunits] = xstrdup((const char *)
		    sqlite3_column_text(sel, 0));
		c->names[c->nunits++] = xstrdup((const char *)
		    sqlite3_column_text(sel, 1));
	}
	ok = rc == SQLITE_DONE;
	if (!ok)
		buf_printf(err, "%s: 无法读取单位名单：%s", c->l->path,
		    sqlite3_errmsg(c->l->db));
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(put);
	return ok;
}

/* ledger_public_open, or with preview ledger_public_preview. */
static int
open_copy(const char *path, int preview, struct ledger_public *pub,
    struct buf *err)
{
	struct ledger	 l;
	struct copy	 c;
	size_t		 i;
	int		 ok = 0, opened = 0;

	memset(pub, 0, sizeof(*pub));
	memset(&c, 0, sizeof(c));
	c.preview = preview;
	buf_init(&pub->warnings);
	pub->ident = pscan_new();
	c.pub = pub;
	if (path != NULL) {
		if (!ledger_open(&l, path, LEDGER_READ, err))
			goto out;
		opened = 1;
		c.l = &l;
		/* one snapshot of the ledger, even while ingest runs */
		if (!ledger_exec(&l, "BEGIN", err) ||
		    !ident_collect(&l, pub->ident, preview, err))
			goto out;
	}
	if (sqlite3_open_v2(":memory:", &c.mem, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(c.mem, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：无法建立内存数据库");
		goto out;
	}
	if (!copy_units(&c, err))
		goto out;
	for (i = 0; i < form_count(); i++)
		if (!copy_form(&c, form_at(i), err))
			goto out;
	if (!towns_publish(c.l, c.mem, err))
		goto out;
	if (sqlite3_exec(c.mem, "COMMIT; PRAGMA query_only = 1", NULL, NULL,
	    NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：%s", sqlite3_errmsg(c.mem));
		goto out;
	}
	/* "informant_name" is a column (an error here), never a string */
	sqlite3_db_config(c.mem, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(c.mem, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	sqlite3_limit(c.mem, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(c.mem, SQLITE_LIMIT_LENGTH, 64 << 20);
	sqlite3_set_authorizer(c.mem, authorize, NULL);
	pub->db = c.mem;
	c.mem = NULL;
	ok = 1;
out:
	if (c.mem != NULL)
		sqlite3_close(c.mem);
	if (opened)
		ledger_close(&l);
	for (i = 0; i < c.nunits; i++) {
		free(c.codes[i]);
		free(c.names[i]);
	}
	free(c.codes);
	free(c.names);
	if (!ok)
		ledger_public_close(pub);
	return ok;
}

int
ledger_public_open(const char *path, struct ledger_public *pub,
    struct buf *err)
{
	return open_copy(path, 0, pub, err);
}

int
ledger_public_preview(const char *path, struct ledger_public *pub,
    struct buf *err)
{
	return open_copy(path, 1, pub, err);
}

void
ledger_public_close(struct ledger_public *pub)
{
	if (pub->db != NULL)
		sqlite3_close(pub->db);
	pscan_free(pub->ident);
	buf_free(&pub->warnings);
	memset(pub, 0, sizeof(*pub));
}

/* Whether the SQL text sql names the table id (as a whole word). */
static int
names_table(const char *sql, const char *id)
{
	const char	*p;
	size_t		 n = strlen(id);

	for (p = sql; (p = strstr(p, id)) != NULL; p += n)
		if ((p == sql || !(isalnum((unsigned char)p[-1]) ||
		    p[-1] == '_')) && !(isalnum((unsigned char)p[n]) ||
		    p[n] == '_'))
			return 1;
	return 0;
}

/*
 * The form and field called name, if it is a private field: of a form the
 * query sql names if there is one, else of any form.  NULL if none.
 */
static const struct field *
private_field(const char *sql, const char *name, const struct form **fp)
{
	const struct form *f;
	size_t	 i;
	int	 j, pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < form_count(); i++) {
			f = form_at(i);
			if (pass == 0 && !names_table(sql, f->id))
				continue;
			if ((j = form_field(f, name)) >= 0 &&
			    !f->fields[j].public) {
				*fp = f;
				return &f->fields[j];
			}
		}
	return NULL;
}

/*
 * Explains the error msg of the query sql on the public copy, when it is
 * the attempt to read a private field or a table that is not public.
 * Returns 1 with the explanation appended to out, or 0.
 */
int
ledger_public_explain(sqlite3 *mem, const char *sql, const char *msg,
    struct buf *out)
{
	const struct form *f;
	const struct field *fd;
	const char	*p;
	size_t		 i;

	(void)mem;
	if ((p = strstr(msg, "no such column: ")) != NULL) {
		p += strlen("no such column: ");
		if (strchr(p, '.') != NULL)
			p = strrchr(p, '.') + 1;
		if ((fd = private_field(sql, p, &f)) != NULL) {
			buf_printf(out, "%s 是不公开的字段（%s 的“%s”）：网站的"
			    "脚本和模板读不到不公开的字段", p, f->id, fd->label);
			return 1;
		}
		return 0;
	}
	if ((p = strstr(msg, "no such table: ")) != NULL) {
		p += strlen("no such table: ");
		if (strchr(p, '.') != NULL)
			p = strrchr(p, '.') + 1;
		for (i = 0; internal[i] != NULL; i++)
			if (strcmp(p, internal[i]) == 0)
				break;
		if (internal[i] != NULL || (strlen(p) > 4 &&
		    strcmp(p + strlen(p) - 4, "_all") == 0)) {
			buf_printf(out, "%s 不是公开数据：网站只能读各表单的"
			    "现行公开数据（如 hazard_ledger）和 units", p);
			return 1;
		}
		return 0;
	}
	if ((p = strstr(msg, "not authorized to use function: ")) != NULL) {
		buf_printf(out, "SQL 函数 %s 不能用：网站的查询只能用常用的计算、"
		    "汇总、日期、JSON、窗口和数学函数（如 count、sum、strftime、"
		    "json_extract），别的函数可能泄露程序内部的信息",
		    p + strlen("not authorized to use function: "));
		return 1;
	}
	if (strstr(msg, "not authorized") != NULL) {
		buf_puts(out, "网站只能读数据（SELECT），不能改动、附加数据库或"
		    "使用 PRAGMA");
		return 1;
	}
	return 0;
}
