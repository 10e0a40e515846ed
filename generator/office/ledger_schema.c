/*
 * The ledger's schema (see ledger.h): the migrations that bring it up to
 * date, and the row tables and views made from the form definitions.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "forms/form.h"
#include "office/ledger.h"
#include "office/ledger_impl.h"
#include "lib/util.h"

/*
 * Migrations: migrations[i] takes the schema from version i to i + 1.
 * Never edit one that has shipped; add the next.
 */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
	"CREATE TABLE units ("
	"  code TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  pubkey TEXT NOT NULL,"
	"  key_id TEXT NOT NULL,"
	"  added TEXT NOT NULL,"
	"  updated TEXT NOT NULL) STRICT;"
	"CREATE TABLE forms ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  version INTEGER NOT NULL,"
	"  period TEXT NOT NULL) STRICT;"
	"CREATE TABLE form_fields ("
	"  form TEXT NOT NULL REFERENCES forms(id),"
	"  pos INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  label TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  public INTEGER NOT NULL,"
	"  mask TEXT,"
	"  mask_if TEXT,"
	"  mask_if_value TEXT,"
	"  PRIMARY KEY (form, name)) STRICT;"
	"CREATE TABLE bundles ("
	"  id TEXT PRIMARY KEY,"
	"  unit TEXT NOT NULL REFERENCES units(code),"
	"  period TEXT NOT NULL,"
	"  forms TEXT NOT NULL,"
	"  created TEXT NOT NULL,"
	"  received TEXT NOT NULL,"
	"  file TEXT NOT NULL,"
	"  sealed INTEGER NOT NULL,"
	"  collector TEXT NOT NULL,"
	"  key_id TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),"
	"  superseded_by TEXT REFERENCES bundles(id),"
	"  manifest TEXT NOT NULL,"
	"  signature TEXT NOT NULL) STRICT;"
	"CREATE INDEX bundles_unit ON bundles(unit, period);"
	"CREATE TABLE parts ("
	"  bundle TEXT NOT NULL REFERENCES bundles(id),"
	"  form TEXT NOT NULL REFERENCES forms(id),"
	"  version INTEGER NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  created TEXT NOT NULL,"
	"  rows INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  superseded_by TEXT REFERENCES bundles(id),"
	"  PRIMARY KEY (bundle, form)) STRICT;"
	"CREATE UNIQUE INDEX parts_current ON parts(unit, period, form)"
	"  WHERE superseded_by IS NULL;"
	"CREATE INDEX parts_by ON parts(superseded_by);"
	"CREATE TABLE ingest_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  file TEXT NOT NULL,"
	"  file_sha256 TEXT,"
	"  bundle TEXT,"
	"  unit TEXT,"
	"  period TEXT,"
	"  outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'replaced',"
	"    'outdated', 'unchanged', 'rejected')),"
	"  reason TEXT) STRICT;"
	"CREATE INDEX ingest_log_bundle ON ingest_log(bundle);",
	/* 1 -> 2: the office's decisions on case disclosures (cases.h) */
	"CREATE TABLE cases ("
	"  id INTEGER PRIMARY KEY,"
	"  unit TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  decision_no TEXT NOT NULL,"
	"  first_seen TEXT NOT NULL,"
	"  UNIQUE (unit, period, decision_no)) STRICT;"
	"CREATE TABLE case_decisions ("
	"  id INTEGER PRIMARY KEY,"
	"  case_id INTEGER NOT NULL REFERENCES cases(id),"
	"  at TEXT NOT NULL,"
	"  action TEXT NOT NULL CHECK (action IN ('approved', 'withdrawn')),"
	"  content TEXT NOT NULL,"
	"  reason TEXT,"
	"  CHECK (action = 'approved' OR reason IS NOT NULL)) STRICT;"
	"CREATE INDEX case_decisions_case ON case_decisions(case_id);",
	/*
	 * 2 -> 3: campaign_stats version 2 counts 附件1 item 9's key areas
	 * by status (key_areas_doing, key_areas_done).  The forms are synced
	 * again, which adds the two columns to campaign_stats_all and its
	 * view; the rows of version 1 stay, with NULL there.
	 */
	"DELETE FROM meta WHERE key = 'forms';",
	/* 3 -> 4: the county's towns and their spellings (towns.h) */
	"CREATE TABLE towns ("
	"  name TEXT PRIMARY KEY,"
	"  pos INTEGER NOT NULL UNIQUE,"
	"  added TEXT NOT NULL) STRICT;"
	"CREATE TABLE town_names ("
	"  key TEXT PRIMARY KEY,"
	"  town TEXT NOT NULL REFERENCES towns(name),"
	"  spelling TEXT NOT NULL) STRICT;",
	/*
	 * 4 -> 5: the office's order of the units (shouhu units order); the
	 * units registered so far keep their registry (rowid) order
	 */
	"ALTER TABLE units ADD COLUMN pos INTEGER NOT NULL DEFAULT 0;"
	"UPDATE units SET pos = (SELECT count(*) FROM units u "
	"  WHERE u.rowid <= units.rowid);"
	"CREATE UNIQUE INDEX units_pos ON units(pos);",
};

_Static_assert(sizeof(migrations) / sizeof(migrations[0]) == LEDGER_SCHEMA,
    "a migration for every schema version");

static const char *const sql_types[] = {
	[FT_TEXT] = "TEXT", [FT_INT] = "INTEGER", [FT_DECIMAL] = "REAL",
	[FT_DATE] = "TEXT", [FT_CHOICE] = "TEXT", [FT_LIST] = "TEXT"
};

const char *
ledger_sql_type(int t)
{
	assert(t >= 0 && (size_t)t < sizeof(sql_types) / sizeof(sql_types[0]) &&
	    sql_types[t] != NULL);
	return sql_types[t];
}

/* Brings the schema to LEDGER_SCHEMA, one migration per transaction. */
static int
migrate(struct ledger *l, struct buf *err)
{
	long long	 v, appid, tables;
	char		 sql[96];

	for (;;) {
		if (!ledger_exec(l, "BEGIN IMMEDIATE", err))
			return 0;
		if ((v = ledger_int(l, "PRAGMA user_version", err)) < 0 ||
		    (appid = ledger_int(l, "PRAGMA application_id", err)) < 0 ||
		    (tables = ledger_int(l, "SELECT count(*) FROM sqlite_schema",
		    err)) < 0)
			goto fail;
		if (appid != LEDGER_APPID && (appid != 0 || tables != 0)) {
			buf_printf(err, "%s: 这不是 Shouhu 账本（是别的 SQLite "
			    "数据库）；请检查 --ledger 指定的文件", l->path);
			goto fail;
		}
		if (v > LEDGER_SCHEMA) {
			buf_printf(err, "%s: 账本是较新版本的 shouhu 建立的（结构"
			    "版本 %lld，本程序只认识到 %d）；请升级 shouhu",
			    l->path, v, LEDGER_SCHEMA);
			goto fail;
		}
		if (v == LEDGER_SCHEMA)
			return ledger_exec(l, "COMMIT", err);
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d;"
		    "PRAGMA user_version = %lld", LEDGER_APPID, v + 1);
		if (!ledger_exec(l, migrations[v], err) ||
		    !ledger_exec(l, sql, err) ||
		    !ledger_exec(l, "COMMIT", err))
			goto fail;
	}
fail:
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return 0;
}

/* The compiled-in forms, as an array for ledger_sync_forms. */
static int
sync_builtin(struct ledger *l, struct buf *err)
{
	const struct form **fv;
	size_t	 i, n = form_count();
	int	 ok;

	fv = xcalloc(n ? n : 1, sizeof(*fv));
	for (i = 0; i < n; i++)
		fv[i] = form_at(i);
	ok = ledger_sync_forms(l, fv, n, err);
	free(fv);
	return ok;
}

/* The definitions of the forms fv[0..n) as one string, to spot changes. */
static void
forms_signature(struct buf *b, const struct form *const *fv, size_t n)
{
	const struct field *fd;
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		buf_printf(b, "%s %d %s %s\n", fv[i]->id, fv[i]->version,
		    fv[i]->period, fv[i]->title);
		for (j = 0; j < fv[i]->nfields; j++) {
			fd = &fv[i]->fields[j];
			buf_printf(b, "\t%s %s %d %d %s %s %s\n", fd->name,
			    form_type_name(fd->type), fd->public, (int)fd->mask,
			    fd->mask_if_field ? fd->mask_if_field : "-",
			    fd->mask_if_value ? fd->mask_if_value : "-",
			    fd->label);
		}
	}
}

/* What column_type found. */
enum column {
	COLUMN_ERROR,		/* the schema could not be read */
	COLUMN_NONE,		/* no such column */
	COLUMN_FOUND		/* *type is its declared type (caller frees) */
};

/* The declared type of column col of table tab into *type. */
static enum column
column_type(struct ledger *l, const char *tab, const char *col, char **type)
{
	sqlite3_stmt	*st;
	enum column	 r;

	*type = NULL;
	if (sqlite3_prepare_v2(l->db, "SELECT type FROM "
	    "pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) !=
	    SQLITE_OK)
		return COLUMN_ERROR;
	sqlite3_bind_text(st, 1, tab, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*type = xstrdup((const char *)sqlite3_column_text(st, 0));
		r = COLUMN_FOUND;
		break;
	case SQLITE_DONE:
		r = COLUMN_NONE;
		break;
	default:
		r = COLUMN_ERROR;
	}
	sqlite3_finalize(st);
	return r;
}

/*
 * Makes the row table F_all and the view F of one form: the table is
 * created, or given the columns of new fields (a field never changes its
 * type: a form that needs another type takes a new field name), and the
 * view is made again over every column of the form.
 */
static int
sync_form(struct ledger *l, const struct form *f, struct buf *err)
{
	struct buf	 sql = BUF_INIT, tab = BUF_INIT;
	const struct field *fd;
	char		*type;
	enum column	 found;
	size_t		 j;
	int		 ok = 0;

	buf_printf(&tab, "%s_all", f->id);
	buf_printf(&sql, "CREATE TABLE IF NOT EXISTS \"%s\" ("
	    "_bundle TEXT NOT NULL REFERENCES bundles(id), "
	    "_row INTEGER NOT NULL", tab.ptr);
	for (j = 0; j < f->nfields; j++)
		buf_printf(&sql, ", \"%s\" %s", f->fields[j].name,
		    sql_types[f->fields[j].type]);
	buf_puts(&sql, ", PRIMARY KEY (_bundle, _row)) STRICT");
	if (!ledger_exec(l, sql.ptr, err))
		goto out;
	for (j = 0; j < f->nfields; j++) {
		fd = &f->fields[j];
		if ((found = column_type(l, tab.ptr, fd->name, &type)) ==
		    COLUMN_ERROR) {
			ledger_fail(l, err, "无法读取账本结构");
			goto out;
		}
		if (found == COLUMN_FOUND &&
		    strcmp(type, sql_types[fd->type]) != 0) {
			buf_printf(err, "%s: 表单 %s 的字段 %s 在账本里是 %s 类型，"
			    "现在的定义是 %s：字段不能改类型，请在表单定义里给它"
			    "起个新名字", l->path, f->id, fd->name, type,
			    sql_types[fd->type]);
			free(type);
			goto out;
		}
		if (found == COLUMN_NONE) {
			buf_clear(&sql);
			buf_printf(&sql, "ALTER TABLE \"%s\" ADD COLUMN \"%s\" %s",
			    tab.ptr, fd->name, sql_types[fd->type]);
			if (!ledger_exec(l, sql.ptr, err))
				goto out;
		}
		free(type);
	}
	buf_clear(&sql);
	buf_printf(&sql, "DROP VIEW IF EXISTS \"%s\"; CREATE VIEW \"%s\" AS "
	    "SELECT p.unit AS _unit, p.period AS _period, r._bundle, r._row",
	    f->id, f->id);
	for (j = 0; j < f->nfields; j++)
		buf_printf(&sql, ", r.\"%s\"", f->fields[j].name);
	buf_printf(&sql, " FROM \"%s\" r JOIN parts p ON p.bundle = r._bundle "
	    "AND p.form = '%s' WHERE p.superseded_by IS NULL", tab.ptr, f->id);
	ok = ledger_exec(l, sql.ptr, err);
out:
	buf_free(&sql);
	buf_free(&tab);
	return ok;
}

/* Records the definition of f in forms and form_fields. */
static int
record_form(struct ledger *l, const struct form *f, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	const struct field *fd;
	size_t		 j;
	int		 ok = 0;

	if (sqlite3_prepare_v2(l->db, "INSERT INTO forms (id, title, version,"
	    " period) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET "
	    "title = ?2, version = ?3, period = ?4", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->title, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->version);
	sqlite3_bind_text(st, 4, f->period, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(l->db, "DELETE FROM form_fields WHERE form = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(l->db, "INSERT INTO form_fields (form, pos, "
	    "name, label, type, public, mask, mask_if, mask_if_value) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (j = 0; j < f->nfields; j++) {
		fd = &f->fields[j];
		sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)j + 1);
		sqlite3_bind_text(st, 3, fd->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, fd->label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, form_type_name(fd->type), -1,
		    SQLITE_STATIC);
		sqlite3_bind_int(st, 6, fd->public);
		sqlite3_bind_text(st, 7, form_mask_name(fd->mask), -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 8, fd->mask_if_field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, fd->mask_if_value, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
	}
	ok = 1;
fail:
	if (!ok)
		ledger_fail(l, err, "无法记录表单定义");
	sqlite3_finalize(st);
	return ok;
}

int
ledger_sync_forms(struct ledger *l, const struct form *const *fv, size_t n,
    struct buf *err)
{
	struct buf	 sig = BUF_INIT;
	sqlite3_stmt	*st = NULL;
	size_t		 i;
	int		 ok = 0, same;

	forms_signature(&sig, fv, n);
	if (!ledger_exec(l, "BEGIN IMMEDIATE", err))
		goto out;
	if (sqlite3_prepare_v2(l->db, "SELECT value = ?1 FROM meta WHERE key "
	    "= 'forms'", -1, &st, NULL) != SQLITE_OK) {
		ledger_fail(l, err, "无法读取账本");
		goto fail;
	}
	sqlite3_bind_text(st, 1, sig.ptr, (int)sig.len, SQLITE_STATIC);
	same = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (same) {
		ok = ledger_exec(l, "COMMIT", err);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (!record_form(l, fv[i], err) || !sync_form(l, fv[i], err))
			goto fail;
	if (sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO meta (key, value)"
	    " VALUES ('forms', ?1)", -1, &st, NULL) != SQLITE_OK) {
		ledger_fail(l, err, "无法更新账本");
		goto fail;
	}
	sqlite3_bind_text(st, 1, sig.ptr, (int)sig.len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		ledger_fail(l, err, "无法更新账本");
		goto fail;
	}
	if (!ledger_exec(l, "COMMIT", err))
		goto fail;
	ok = 1;
	goto out;
fail:
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(st);
	buf_free(&sig);
	return ok;
}

int
ledger_upgrade(struct ledger *l, struct buf *err)
{
	return migrate(l, err) && sync_builtin(l, err);
}
