/*
 * The ledger: opening, the schema and its migrations, the tables made
 * from the form definitions, and the unit registry (see ledger.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "forms/form.h"
#include "bundle/keys.h"
#include "office/ledger.h"
#include "lib/util.h"

#define BUSY_MS	30000

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
};

static const char *const sql_types[] = {
	[FT_TEXT] = "TEXT", [FT_INT] = "INTEGER", [FT_DECIMAL] = "REAL",
	[FT_DATE] = "TEXT", [FT_CHOICE] = "TEXT", [FT_LIST] = "TEXT"
};

/* The SQLite column type of a field of type t (an enum field_type). */
const char *
ledger_sql_type(int t)
{
	return sql_types[t];
}

/* Appends "PATH: what：why" for the last error of l to err; returns 0. */
/*
 * What the last error of db means, in Chinese and with what to do: busy,
 * disk full, a file that is no ledger, damage, no permission, a read or
 * write error (its system error); else SQLite's own text.  The string is
 * static or db's, valid until db's next call.
 */
const char *
ledger_errtext(sqlite3 *db)
{
	int	 rc = db ? sqlite3_errcode(db) : SQLITE_ERROR;
	int	 e = db ? sqlite3_system_errno(db) : 0;

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "账本正被另一个 shouhu 程序使用，等了 30 秒仍未释放；请等"
		    "它结束后再试";
	case SQLITE_FULL:
		return "磁盘已满（请腾出空间后再试；账本没有改动）";
	case SQLITE_NOTADB:
		return "这不是 Shouhu 账本（不是 SQLite 数据库）；请检查 --ledger "
		    "指定的文件";
	case SQLITE_CORRUPT:
		return "账本文件已损坏；请用备份恢复（见 README 的“账本的备份与"
		    "恢复”）";
	case SQLITE_IOERR:
		return e ? util_strerror(e) : "读写出错（磁盘可能有问题）";
	case SQLITE_READONLY:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return e ? util_strerror(e) : "没有权限（请检查文件和所在文件夹的"
		    "权限）";
	default:
		return db ? sqlite3_errmsg(db) : "无法打开";
	}
}

static int
lfail(struct ledger *l, struct buf *err, const char *what)
{
	buf_printf(err, "%s: %s：%s", l->path, what, ledger_errtext(l->db));
	return 0;
}

/*
 * Runs the SQL statements sql on l.  Returns 1, or 0 with a message in
 * err.
 */
int
ledger_exec(struct ledger *l, const char *sql, struct buf *err)
{
	char	*msg = NULL;

	if (sqlite3_exec(l->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 1;
	sqlite3_free(msg);
	return lfail(l, err, "数据库操作失败");
}

/* The integer result of the one-row query sql, or -1 after a message. */
static long long
ledger_int(struct ledger *l, const char *sql, struct buf *err)
{
	sqlite3_stmt	*st;
	long long	 v = -1;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
		lfail(l, err, "无法读取账本");
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		lfail(l, err, "无法读取账本");
	sqlite3_finalize(st);
	return v;
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

/*
 * Whether the existing file path (st) can be a ledger: not empty, and a
 * SQLite database.  Otherwise a message in err, saying what to do; the
 * file is never touched.
 */
static int
looks_like_ledger(const char *path, const struct stat *st, struct buf *err)
{
	char	 head[16];
	int	 fd;
	ssize_t	 n;

	if (st->st_size == 0) {
		buf_printf(err, "%s: 账本文件是空的（0 字节），可能是复制或保存时"
		    "出了问题：请用备份恢复（见 README 的“账本的备份与恢复”）；"
		    "如果确实要从头开始，先删掉这个文件", path);
		return 0;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		buf_printf(err, "%s: 无法读取账本：%s", path, util_strerror(errno));
		return 0;
	}
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) ||
	    memcmp(head, "SQLite format 3", 16) != 0) {
		buf_printf(err, "%s: 这不是 Shouhu 账本（不是 SQLite 数据库）；"
		    "请检查 --ledger 指定的文件（它没有被改动）", path);
		return 0;
	}
	return 1;
}

/*
 * Whether the ledger file path, and the folder it is in (SQLite writes its
 * -wal and -shm files there), can be written.  Otherwise a message in err
 * saying why (a read-only disk, no permission).
 */
static int
writable(const char *path, struct buf *err)
{
	struct buf	 dir = BUF_INIT;
	const char	*slash = strrchr(path, '/');
	int		 ok;

	if (slash != NULL)
		buf_put(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		buf_puts(&dir, ".");
	ok = access(path, W_OK) == 0 && access(dir.ptr, W_OK) == 0;
	if (!ok)
		buf_printf(err, "%s: 无法写入账本：%s", path,
		    util_strerror(errno));
	buf_free(&dir);
	return ok;
}

/*
 * Checks the open ledger l: with full, SQLite's integrity_check and
 * foreign_key_check (every page, index and reference); else quick_check,
 * which reads every page once.  Returns 1 if it is sound, else 0 with
 * what SQLite found (at most a few lines) and what to do in err.
 */
int
ledger_check(struct ledger *l, int full, struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	struct buf	 found = BUF_INIT;
	const char	*v, *e;
	int		 rc, lines = 0, ok = 0;

	if (sqlite3_prepare_v2(l->db, full ? "PRAGMA integrity_check" :
	    "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
		buf_printf(&found, "%s", sqlite3_errmsg(l->db));
		goto bad;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(st, 0);
		if (v == NULL || strcmp(v, "ok") == 0)
			continue;
		/* a row may hold several lines, and a heading */
		for (; *v != '\0'; v = *e ? e + 1 : e) {
			if ((e = strchr(v, '\n')) == NULL)
				e = v + strlen(v);
			if (e == v || strncmp(v, "***", 3) == 0)
				continue;
			if (lines++ < 3)
				buf_printf(&found, "%s%.*s", found.len ? "；" :
				    "", (int)(e - v), v);
		}
	}
	if (rc != SQLITE_DONE)
		buf_printf(&found, "%s%s", found.len ? "；" : "",
		    sqlite3_errmsg(l->db));
	sqlite3_finalize(st);
	st = NULL;
	if (found.len == 0 && full) {
		if (sqlite3_prepare_v2(l->db, "PRAGMA foreign_key_check", -1,
		    &st, NULL) != SQLITE_OK ||
		    (rc = sqlite3_step(st)) == SQLITE_ROW)
			buf_printf(&found, "表 %s 有引用不存在的记录",
			    st ? (const char *)sqlite3_column_text(st, 0) : "?");
		sqlite3_finalize(st);
		st = NULL;
	}
	if (found.len == 0) {
		ok = 1;
		goto out;
	}
bad:
	buf_printf(err, "%s: 账本已损坏，没有读写它（SQLite 检查发现：%s）：请用"
	    "最近的备份恢复（见 README 的“账本的备份与恢复”），再重新接收"
	    "备份之后收到的数据包", l->path, found.ptr);
out:
	sqlite3_finalize(st);
	buf_free(&found);
	return ok;
}

/*
 * Opens (LEDGER_CREATE: creating, mode 0600) the ledger file path into l.
 * A ledger is created only where no file exists; an existing file must be
 * a Shouhu ledger (not empty, not another file or database) that passes
 * ledger_check's quick check, so nothing is ever read from or written to
 * a damaged ledger.  For writing, sets WAL and synchronous=FULL, migrates
 * an older schema and makes the form tables of the compiled-in forms.
 * Returns 1 (close with ledger_close), or 0 with a message in err (l is
 * then closed).
 */
int
ledger_open(struct ledger *l, const char *path, enum ledger_mode mode,
    struct buf *err)
{
	struct stat	 st;
	char		 sql[128];
	int		 fd, flags, fresh = 0;
	long long	 v;

	memset(l, 0, sizeof(*l));
	l->path = xstrdup(path);
	if (stat(path, &st) == -1) {
		if (errno != ENOENT || mode != LEDGER_CREATE) {
			buf_printf(err, "%s: 找不到账本：%s%s", path,
			    util_strerror(errno), errno == ENOENT ? "；先用 shouhu "
			    "units add 登记报送单位，账本会随之建立，或用 "
			    "--ledger 指定账本文件" : "");
			goto fail;
		}
		/* a ledger is made only where there is no file at all */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd == -1) {
			buf_printf(err, "%s: 无法建立账本：%s", path,
			    util_strerror(errno));
			goto fail;
		}
		close(fd);
		fresh = 1;
	} else if (!S_ISREG(st.st_mode)) {
		buf_printf(err, "%s: 不是普通文件，不能当账本", path);
		goto fail;
	} else if (!looks_like_ledger(path, &st, err))
		goto fail;
	else if (mode != LEDGER_READ && !writable(path, err))
		goto fail;
	flags = SQLITE_OPEN_NOMUTEX | (mode == LEDGER_READ ?
	    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
	if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
		lfail(l, err, "无法打开账本");
		goto fail;
	}
	sqlite3_extended_result_codes(l->db, 0);
	snprintf(sql, sizeof(sql), "PRAGMA busy_timeout = %d;"
	    "PRAGMA foreign_keys = ON", BUSY_MS);
	if (!ledger_exec(l, sql, err))
		goto fail;
	if (!fresh) {
		if ((v = ledger_int(l, "PRAGMA application_id", err)) < 0)
			goto fail;
		if (v != LEDGER_APPID) {
			buf_printf(err, "%s: 这不是 Shouhu 账本（是别的 SQLite 数据库）；"
			    "请检查 --ledger 指定的文件（它没有被改动）", path);
			goto fail;
		}
		if (!ledger_check(l, 0, err))
			goto fail;
	}
	if (mode == LEDGER_READ) {
		if ((v = ledger_int(l, "PRAGMA user_version", err)) < 0)
			goto fail;
		if (v != LEDGER_SCHEMA) {
			buf_printf(err, "%s: 账本结构版本是 %lld，本程序要 %d；%s",
			    path, v, LEDGER_SCHEMA, v < LEDGER_SCHEMA ?
			    "运行一次 shouhu ingest 或 shouhu units list 升级账本" :
			    "请升级 shouhu");
			goto fail;
		}
		return 1;
	}
	/* a large cache: a batch of bundles is written once, not spilled */
	if (!ledger_exec(l, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536", err) ||
	    !migrate(l, err) || !sync_builtin(l, err))
		goto fail;
	return 1;
fail:
	ledger_close(l);
	return 0;
}

/* Closes l (which may be closed already or never opened). */
void
ledger_close(struct ledger *l)
{
	if (l->db != NULL)
		sqlite3_close(l->db);
	free(l->path);
	memset(l, 0, sizeof(*l));
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

/* The declared type of column col of table tab, or NULL (freed by caller). */
static char *
column_type(struct ledger *l, const char *tab, const char *col, int *err)
{
	sqlite3_stmt	*st;
	char		*t = NULL;

	*err = sqlite3_prepare_v2(l->db, "SELECT type FROM "
	    "pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL) != SQLITE_OK;
	if (*err)
		return NULL;
	sqlite3_bind_text(st, 1, tab, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, col, -1, SQLITE_STATIC);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		t = xstrdup((const char *)sqlite3_column_text(st, 0));
		break;
	case SQLITE_DONE:
		break;
	default:
		*err = 1;
	}
	sqlite3_finalize(st);
	return t;
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
	size_t		 j;
	int		 ok = 0, e;

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
		type = column_type(l, tab.ptr, fd->name, &e);
		if (e) {
			lfail(l, err, "无法读取账本结构");
			goto out;
		}
		if (type != NULL && strcmp(type, sql_types[fd->type]) != 0) {
			buf_printf(err, "%s: 表单 %s 的字段 %s 在账本里是 %s 类型，"
			    "现在的定义是 %s：字段不能改类型，请在表单定义里给它"
			    "起个新名字", l->path, f->id, fd->name, type,
			    sql_types[fd->type]);
			free(type);
			goto out;
		}
		if (type == NULL) {
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
		lfail(l, err, "无法记录表单定义");
	sqlite3_finalize(st);
	return ok;
}

/*
 * Makes the ledger fit the form definitions fv[0..n): records them and
 * creates or extends each form's row table and view, in one transaction,
 * and only when they differ from what the ledger was last made for.
 * Returns 1, or 0 with a message in err (nothing changed).
 */
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
		lfail(l, err, "无法读取账本");
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
		lfail(l, err, "无法更新账本");
		goto fail;
	}
	sqlite3_bind_text(st, 1, sig.ptr, (int)sig.len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		lfail(l, err, "无法更新账本");
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

/* The Unix time t as "YYYY-MM-DDTHH:MM:SSZ" into s. */
void
ledger_time(char s[32], int64_t t)
{
	time_t	 tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(s, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Now (see date_now) as "YYYY-MM-DDTHH:MM:SSZ" into s. */
void
ledger_now(char s[32])
{
	ledger_time(s, util_now());
}

/*
 * Registers the unit code with the name and the public key of k.  A unit
 * already registered with another key or name is changed only if replace
 * is set (its bundles stay).  Returns what happened; LEDGER_ADD_FAIL with
 * a message in err.
 */
enum ledger_add
ledger_unit_add(struct ledger *l, const char *code, const char *name,
    const struct key *k, int replace, struct buf *err)
{
	char		 b64[sodium_base64_ENCODED_LEN(32,
			     sodium_base64_VARIANT_ORIGINAL)];
	char		 now[32];
	sqlite3_stmt	*st = NULL;
	enum ledger_add	 r = LEDGER_ADD_FAIL;
	int		 rc, same_key = 0, same_name = 0, exists = 0;
	char		*oldname = NULL;

	sodium_bin2base64(b64, sizeof(b64), k->pk, sizeof(k->pk),
	    sodium_base64_VARIANT_ORIGINAL);
	ledger_now(now);
	if (!ledger_exec(l, "BEGIN IMMEDIATE", err))
		return LEDGER_ADD_FAIL;
	if (sqlite3_prepare_v2(l->db, "SELECT pubkey = ?2, name = ?3, name "
	    "FROM units WHERE code = ?1", -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b64, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		exists = 1;
		same_key = sqlite3_column_int(st, 0);
		same_name = sqlite3_column_int(st, 1);
		oldname = xstrdup((const char *)sqlite3_column_text(st, 2));
	} else if (rc != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;
	if (exists && same_key && same_name) {
		r = LEDGER_ADD_SAME;
		goto commit;
	}
	if (exists && !replace) {
		buf_printf(err, "%s: 单位 %s 已经登记过（%s），%s不同；如果确实"
		    "要换成新的，加上 --replace 再运行（已接收的数据不受影响）",
		    l->path, code, oldname, !same_key ? "公钥" : "名称");
		goto fail;
	}
	if (sqlite3_prepare_v2(l->db, exists ? "UPDATE units SET name = ?2, "
	    "pubkey = ?3, key_id = ?4, updated = ?5 WHERE code = ?1" :
	    "INSERT INTO units (code, name, pubkey, key_id, added, updated) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?5)", -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, b64, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, k->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto sqlfail;
	r = exists ? LEDGER_ADD_REPLACED : LEDGER_ADD_NEW;
commit:
	if (!ledger_exec(l, "COMMIT", err)) {
		r = LEDGER_ADD_FAIL;
		goto fail;
	}
	goto out;
sqlfail:
	lfail(l, err, "无法登记单位");
fail:
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(st);
	free(oldname);
	return r;
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

/*
 * The registered units, ordered by code, with how many bundles came from
 * each and when the last one was received, into a new array *out of *n
 * (free with ledger_units_free).  Returns 1, or 0 with a message in err.
 */
int
ledger_units(struct ledger *l, struct ledger_unit **out, size_t *n,
    struct buf *err)
{
	sqlite3_stmt	*st;
	struct ledger_unit *u = NULL, *x;
	size_t		 nu = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(l->db, "SELECT u.code, u.name, u.pubkey, "
	    "u.key_id, u.added, count(b.id), max(b.received) FROM units u "
	    "LEFT JOIN bundles b ON b.unit = u.code GROUP BY u.code "
	    "ORDER BY u.code", -1, &st, NULL) != SQLITE_OK)
		return lfail(l, err, "无法读取单位名单");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		u = xreallocarray(u, nu + 1, sizeof(*u));
		x = &u[nu++];
		memset(x, 0, sizeof(*x));
		x->code = col_dup(st, 0);
		x->name = col_dup(st, 1);
		x->pubkey = col_dup(st, 2);
		snprintf(x->key_id, sizeof(x->key_id), "%s",
		    (const char *)sqlite3_column_text(st, 3));
		x->added = col_dup(st, 4);
		x->bundles = sqlite3_column_int64(st, 5);
		x->last = col_dup(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ledger_units_free(u, nu);
		return lfail(l, err, "无法读取单位名单");
	}
	*out = u;
	*n = nu;
	return 1;
}

/* Frees the n units of u (from ledger_units). */
void
ledger_units_free(struct ledger_unit *u, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(u[i].code);
		free(u[i].name);
		free(u[i].pubkey);
		free(u[i].added);
		free(u[i].last);
	}
	free(u);
}
