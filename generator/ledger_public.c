/*
 * The public copy of the ledger, and the private values to look for in
 * the built site (see ledger_public.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "form.h"
#include "ledger.h"
#include "ledger_public.h"
#include "privacy.h"
#include "utext.h"
#include "util.h"

static const char *const sql_types[] = {
	[FT_TEXT] = "TEXT", [FT_INT] = "INTEGER", [FT_DECIMAL] = "REAL",
	[FT_DATE] = "TEXT", [FT_CHOICE] = "TEXT", [FT_LIST] = "TEXT"
};

/* The ledger tables a script might try, for ledger_public_explain. */
static const char *const internal[] = {
	"bundles", "parts", "ingest_log", "forms", "form_fields", "meta", NULL
};

/*
 * The authorizer of the public copy: reading and plain functions only.
 * ATTACH (a way to the ledger file), PRAGMA and every change are refused.
 */
static int
authorize(void *arg, int action, const char *a, const char *b,
    const char *db, const char *view)
{
	(void)arg;
	(void)b;
	(void)view;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		return strcmp(b, "load_extension") == 0 ? SQLITE_DENY :
		    SQLITE_OK;
	default:
		(void)a;
		(void)db;
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
	v = sqlite3_column_text(st, col[fd->mask_if]);
	return v != NULL && strcmp((const char *)v, fd->mask_if_value) == 0;
}

/*
 * Copies the current rows of form f from the ledger l (NULL: none) into
 * the table f->id of mem, public fields only, masked and scrubbed.
 */
static int
copy_form(sqlite3 *mem, struct ledger *l, const struct form *f,
    struct buf *err)
{
	struct buf	 sql = BUF_INIT, ins = BUF_INIT, v = BUF_INIT;
	sqlite3_stmt	*sel = NULL, *put = NULL;
	const struct field *fd;
	const char	*s;
	int		*col, ncol = 3, k, rc, ok = 0;
	size_t		 j;

	col = xcalloc(f->nfields, sizeof(*col));
	buf_printf(&sql, "CREATE TABLE \"%s\" (_unit TEXT, _period TEXT, "
	    "_row INTEGER", f->id);
	buf_printf(&ins, "INSERT INTO \"%s\" VALUES (?, ?, ?", f->id);
	for (j = 0; j < f->nfields; j++) {
		col[j] = -1;
		if (!f->fields[j].public)
			continue;
		buf_printf(&sql, ", \"%s\" %s", f->fields[j].name,
		    sql_types[f->fields[j].type]);
		buf_puts(&ins, ", ?");
	}
	buf_puts(&sql, ")");
	buf_puts(&ins, ")");
	if (sqlite3_exec(mem, sql.ptr, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(mem, ins.ptr, -1, &put, NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：无法建立公开数据表 %s：%s", f->id,
		    sqlite3_errmsg(mem));
		goto out;
	}
	if (l == NULL) {
		ok = 1;
		goto out;
	}
	/* every field that is public, or decides whether one is masked */
	buf_clear(&sql);
	buf_puts(&sql, "SELECT _unit, _period, _row");
	for (j = 0; j < f->nfields; j++)
		if (f->fields[j].public)
			col[j] = ncol++;
	for (j = 0; j < f->nfields; j++)
		if (f->fields[j].mask_if >= 0 && f->fields[j].public &&
		    col[f->fields[j].mask_if] < 0)
			col[f->fields[j].mask_if] = ncol++;
	for (k = 3; k < ncol; k++)
		for (j = 0; j < f->nfields; j++)
			if (col[j] == k)
				buf_printf(&sql, ", \"%s\"", f->fields[j].name);
	buf_printf(&sql, " FROM \"%s\" ORDER BY _unit, _period, _row", f->id);
	if (sqlite3_prepare_v2(l->db, sql.ptr, -1, &sel, NULL) != SQLITE_OK) {
		buf_printf(err, "%s: 无法读取表单 %s：%s", l->path, f->id,
		    sqlite3_errmsg(l->db));
		goto out;
	}
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		for (k = 0; k < 3; k++)
			sqlite3_bind_value(put, k + 1, sqlite3_column_value(sel,
			    k));
		for (j = 0, k = 4; j < f->nfields; j++) {
			fd = &f->fields[j];
			if (!fd->public)
				continue;
			s = (const char *)sqlite3_column_text(sel, col[j]);
			if (s == NULL || (fd->type != FT_TEXT &&
			    fd->type != FT_LIST)) {
				sqlite3_bind_value(put, k++,
				    sqlite3_column_value(sel, col[j]));
				continue;
			}
			buf_clear(&v);
			if (masked(f, j, sel, col))
				privacy_mask(&v, fd->mask, s, strlen(s));
			else
				privacy_scrub(&v, s, strlen(s));
			sqlite3_bind_text(put, k++, v.ptr, (int)v.len,
			    SQLITE_TRANSIENT);
		}
		if (sqlite3_step(put) != SQLITE_DONE) {
			buf_printf(err, "内部错误：无法复制公开数据 %s：%s",
			    f->id, sqlite3_errmsg(mem));
			goto out;
		}
		sqlite3_reset(put);
	}
	if (rc != SQLITE_DONE) {
		buf_printf(err, "%s: 无法读取表单 %s：%s", l->path, f->id,
		    sqlite3_errmsg(l->db));
		goto out;
	}
	ok = 1;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(put);
	free(col);
	buf_free(&sql);
	buf_free(&ins);
	buf_free(&v);
	return ok;
}

/* Copies the unit registry's codes and names (public: office names). */
static int
copy_units(sqlite3 *mem, struct ledger *l, struct buf *err)
{
	sqlite3_stmt	*sel = NULL, *put = NULL;
	int		 ok = 0, rc;

	if (sqlite3_exec(mem, "CREATE TABLE units (code TEXT PRIMARY KEY, "
	    "name TEXT)", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(mem, "INSERT INTO units VALUES (?, ?)", -1, &put,
	    NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：%s", sqlite3_errmsg(mem));
		goto out;
	}
	if (l == NULL) {
		ok = 1;
		goto out;
	}
	if (sqlite3_prepare_v2(l->db, "SELECT code, name FROM units", -1, &sel,
	    NULL) != SQLITE_OK) {
		buf_printf(err, "%s: 无法读取单位名单：%s", l->path,
		    sqlite3_errmsg(l->db));
		goto out;
	}
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		sqlite3_bind_value(put, 1, sqlite3_column_value(sel, 0));
		sqlite3_bind_value(put, 2, sqlite3_column_value(sel, 1));
		if (sqlite3_step(put) != SQLITE_DONE)
			goto out;
		sqlite3_reset(put);
	}
	ok = rc == SQLITE_DONE;
	if (!ok)
		buf_printf(err, "%s: 无法读取单位名单：%s", l->path,
		    sqlite3_errmsg(l->db));
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(put);
	return ok;
}

/*
 * Makes the public copy of the ledger file path (NULL: no ledger yet, the
 * tables are made empty) as a new in-memory database *out, read-only and
 * with the authorizer in place.  Returns 1 (close *out with
 * sqlite3_close), or 0 with a message in err.
 */
int
ledger_public_open(const char *path, sqlite3 **out, struct buf *err)
{
	struct ledger	 l;
	sqlite3		*mem = NULL;
	size_t		 i;
	int		 ok = 0, opened = 0;

	*out = NULL;
	if (path != NULL) {
		if (!ledger_open(&l, path, LEDGER_READ, err))
			return 0;
		opened = 1;
		/* one snapshot of the ledger, even while ingest runs */
		if (!ledger_exec(&l, "BEGIN", err))
			goto out;
	}
	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(mem, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：无法建立内存数据库");
		goto out;
	}
	for (i = 0; i < forms_count(); i++)
		if (!copy_form(mem, opened ? &l : NULL, forms_get(i), err))
			goto out;
	if (!copy_units(mem, opened ? &l : NULL, err))
		goto out;
	if (sqlite3_exec(mem, "COMMIT; PRAGMA query_only = 1", NULL, NULL,
	    NULL) != SQLITE_OK) {
		buf_printf(err, "内部错误：%s", sqlite3_errmsg(mem));
		goto out;
	}
	sqlite3_limit(mem, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_limit(mem, SQLITE_LIMIT_LENGTH, 64 << 20);
	sqlite3_set_authorizer(mem, authorize, NULL);
	*out = mem;
	mem = NULL;
	ok = 1;
out:
	if (mem != NULL)
		sqlite3_close(mem);
	if (opened)
		ledger_close(&l);
	return ok;
}

/* The form and field called name, if it is a private field; else NULL. */
static const struct field *
private_field(const char *name, const struct form **fp)
{
	const struct form *f;
	size_t	 i;
	int	 j;

	for (i = 0; i < forms_count(); i++) {
		f = forms_get(i);
		if ((j = form_field(f, name)) >= 0 && !f->fields[j].public) {
			*fp = f;
			return &f->fields[j];
		}
	}
	return NULL;
}

/*
 * Explains the error msg of a query on the public copy, when it is the
 * attempt to read a private field or a table that is not public.
 * Returns 1 with the explanation appended to out, or 0.
 */
int
ledger_public_explain(sqlite3 *mem, const char *msg, struct buf *out)
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
		if ((fd = private_field(p, &f)) != NULL) {
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
	if (strstr(msg, "not authorized") != NULL) {
		buf_puts(out, "网站只能读数据（SELECT），不能改动、附加数据库或"
		    "使用 PRAGMA");
		return 1;
	}
	return 0;
}

/* Adds each trimmed line of s to p. */
static void
add_lines(struct pscan *p, const char *s)
{
	const char	*e, *t;
	size_t		 n;

	for (; *s != '\0'; s = *e ? e + 1 : e) {
		e = strchr(s, '\n');
		if (e == NULL)
			e = s + strlen(s);
		n = (size_t)(e - s);
		t = utext_trim(s, &n);
		pscan_add(p, t, n);
	}
}

/*
 * Adds to p every value of a private field of the ledger file path, ever
 * ingested (history too), and the unmasked values of masked fields, line
 * by line; then disables in p every one that occurs within a public value
 * (a town named both in a private and a public field, or inside a public
 * authority's name, is not a secret).  Returns 1, or 0 with a message in
 * err.
 */
int
ledger_private_values(const char *path, struct pscan *p, struct buf *err)
{
	struct ledger	 l;
	struct buf	 sql = BUF_INIT;
	sqlite3_stmt	*st = NULL;
	const struct form *f;
	const struct field *fd;
	const char	*s;
	size_t		 i, j;
	char		*cond;
	int		 ok = 0, rc, pass;

	if (!ledger_open(&l, path, LEDGER_READ, err))
		goto out;
	/* pass 0: private values into p; pass 1: public ones disable them */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < forms_count(); i++) {
			f = forms_get(i);
			for (j = 0; j < f->nfields; j++) {
				fd = &f->fields[j];
				if (fd->type != FT_TEXT && fd->type != FT_LIST &&
				    pass == 0)
					continue;
				buf_clear(&sql);
				buf_printf(&sql, "SELECT DISTINCT \"%s\" FROM "
				    "\"%s_all\" WHERE \"%s\" IS NOT NULL",
				    fd->name, f->id, fd->name);
				if (!fd->public ||
				    (fd->mask != FM_NONE && fd->mask_if < 0)) {
					if (pass == 1)
						continue;
				} else if (fd->mask != FM_NONE) {
					/* masked in some rows only */
					cond = sqlite3_mprintf(" AND %s\"%s\" = "
					    "%Q", pass ? "NOT " : "",
					    f->fields[fd->mask_if].name,
					    fd->mask_if_value);
					buf_puts(&sql, cond);
					sqlite3_free(cond);
				} else if (pass == 0)
					continue;
				if (sqlite3_prepare_v2(l.db, sql.ptr, -1, &st,
				    NULL) != SQLITE_OK)
					goto fail;
				while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
					s = (const char *)
					    sqlite3_column_text(st, 0);
					if (pass == 0)
						add_lines(p, s);
					else
						pscan_disable_within(p, s,
						    strlen(s));
				}
				sqlite3_finalize(st);
				st = NULL;
				if (rc != SQLITE_DONE)
					goto fail;
			}
		}
	/* the units' names are published too */
	if (sqlite3_prepare_v2(l.db, "SELECT name FROM units", -1, &st, NULL) !=
	    SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s = (const char *)sqlite3_column_text(st, 0);
		pscan_disable_within(p, s, strlen(s));
	}
	if (rc != SQLITE_DONE)
		goto fail;
	ok = 1;
	goto out;
fail:
	buf_printf(err, "%s: 无法读取账本：%s", path, sqlite3_errmsg(l.db));
out:
	sqlite3_finalize(st);
	if (l.db != NULL)
		ledger_close(&l);
	buf_free(&sql);
	return ok;
}
