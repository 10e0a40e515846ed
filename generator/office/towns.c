/*
 * The county's list of towns (镇街) and the canonical name of each
 * spelling (see towns.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/utext.h"
#include "lib/utf8.h"
#include "forms/form.h"
#include "office/ledger.h"
#include "office/ledger_impl.h"
#include "office/towns.h"
#include "lib/util.h"

#define NAME_MAX_BYTES	100		/* a town's name or spelling */
#define IMPORT_MAX	(1 << 20)	/* bytes of an import file */
#define SUFFIX		"办事处"	/* dropped from the end of a key */

struct towns {
	char		**names;	/* in the list's order */
	size_t		 nnames;
	char		**keys, **of;	/* key -> town, sorted by key */
	size_t		 nkeys;
};

void
towns_key(struct buf *key, const char *s, size_t n)
{
	size_t	 start = key->len, sl = strlen(SUFFIX);

	utext_fold(key, s, n);
	if (key->len - start > sl &&
	    memcmp(key->ptr + key->len - sl, SUFFIX, sl) == 0) {
		key->len -= sl;
		key->ptr[key->len] = '\0';
	}
}

/* A copy of the text of column i of st ("" for NULL). */
static char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s ? (const char *)s : "");
}

struct towns *
towns_load(struct ledger *l, struct buf *err)
{
	struct towns	*t = xcalloc(1, sizeof(*t));
	sqlite3_stmt	*st = NULL;
	int		 rc;

	if (l == NULL)
		return t;
	/* a ledger of schema 1 opened for reading has no list yet */
	if ((rc = (int)ledger_int(l, "SELECT count(*) FROM sqlite_schema "
	    "WHERE type = 'table' AND name = 'towns'", err)) <= 0) {
		if (rc == 0)
			return t;
		towns_free(t);
		return NULL;
	}
	if (sqlite3_prepare_v2(l->db, "SELECT name FROM towns ORDER BY pos",
	    -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t->names = xreallocarray(t->names, t->nnames + 1,
		    sizeof(*t->names));
		t->names[t->nnames++] = col(st, 0);
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(l->db, "SELECT key, town FROM town_names "
	    "ORDER BY key", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t->keys = xreallocarray(t->keys, t->nkeys + 1,
		    sizeof(*t->keys));
		t->of = xreallocarray(t->of, t->nkeys + 1, sizeof(*t->of));
		t->keys[t->nkeys] = col(st, 0);
		t->of[t->nkeys++] = col(st, 1);
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return t;
fail:
	ledger_fail(l, err, "无法读取镇街名单");
	sqlite3_finalize(st);
	towns_free(t);
	return NULL;
}

void
towns_free(struct towns *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nnames; i++)
		free(t->names[i]);
	for (i = 0; i < t->nkeys; i++) {
		free(t->keys[i]);
		free(t->of[i]);
	}
	free(t->names);
	free(t->keys);
	free(t->of);
	free(t);
}

size_t
towns_count(const struct towns *t)
{
	return t->nnames;
}

const char *
towns_name(const struct towns *t, size_t i)
{
	return i < t->nnames ? t->names[i] : NULL;
}

/* The town of key (sorted as SQLite's BINARY, which is memcmp), or NULL. */
static const char *
lookup(const struct towns *t, const char *key)
{
	size_t	 lo = 0, hi = t->nkeys, mid;
	int	 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(key, t->keys[mid])) == 0)
			return t->of[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

enum towns_match
towns_canonical(const struct towns *t, const char *raw, struct buf *out)
{
	struct buf	 key = BUF_INIT;
	const char	*town;
	enum towns_match m;

	buf_clear(out);
	if (raw == NULL || utext_blank(raw, strlen(raw)))
		return TOWNS_BLANK;
	towns_key(&key, raw, strlen(raw));
	if ((town = lookup(t, key.ptr)) != NULL) {
		buf_puts(out, town);
		m = TOWNS_KNOWN;
	} else {
		utext_narrow(out, raw, strlen(raw));
		m = TOWNS_UNKNOWN;
	}
	buf_free(&key);
	return m;
}

/*
 * Checks the spelling s (a town's name or variant): appends to err, after
 * where, why it cannot be one.  Returns 1 if it can.
 */
static int
spelling_ok(const char *s, const char *where, struct buf *err)
{
	size_t	 n = strlen(s);

	if (utf8_valid(s, n, NULL) && n <= NAME_MAX_BYTES &&
	    strpbrk(s, "\t\r\n") == NULL && !utext_blank(s, n))
		return 1;
	buf_printf(err, "%s镇街名称或写法“%s”不可用：不能为空、不能含制表符或"
	    "换行，最长 %d 字节", where, s, NAME_MAX_BYTES);
	return 0;
}

/*
 * The town the spelling with key stands for, into town, and the spelling
 * as the office typed it into s unless s is NULL (both cleared first).
 * Returns 1 found, 0 none, -1 on a database error.
 */
static int
town_of(struct ledger *l, const char *key, struct buf *town, struct buf *s)
{
	sqlite3_stmt	*st;
	int		 rc;

	buf_clear(town);
	if (s != NULL)
		buf_clear(s);
	if (sqlite3_prepare_v2(l->db, "SELECT town, spelling FROM town_names "
	    "WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_puts(town, (const char *)sqlite3_column_text(st, 0));
		if (s != NULL)
			buf_puts(s, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Runs sql with the texts a, b, c bound (NULL: not bound).  Returns 1/0. */
static int
run3(struct ledger *l, const char *sql, const char *a, const char *b,
    const char *c)
{
	sqlite3_stmt	*st;
	int		 ok;

	if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (a != NULL)
		sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	if (c != NULL)
		sqlite3_bind_text(st, 3, c, -1, SQLITE_STATIC);
	ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok;
}

/*
 * Adds the spelling s of town (already on the list) unless it is there:
 * counts it in *a.  Returns 1, or 0 with a message after where in err.
 */
static int
add_spelling(struct ledger *l, const char *town, const char *s,
    struct towns_added *a, const char *where, struct buf *err)
{
	struct buf	 key = BUF_INIT, of = BUF_INIT;
	int		 ok = 0, found;

	if (!spelling_ok(s, where, err))
		goto out;
	towns_key(&key, s, strlen(s));
	if ((found = town_of(l, key.ptr, &of, NULL)) < 0) {
		ledger_fail(l, err, "无法读取镇街名单");
		goto out;
	}
	if (found && strcmp(of.ptr, town) != 0) {
		buf_printf(err, "%s“%s”已经是镇街 %s 的写法，不能再算作 %s；"
		    "请检查后重新运行（名单没有改动）", where, s, of.ptr, town);
		goto out;
	}
	if (!found) {
		if (!run3(l, "INSERT INTO town_names (key, town, spelling) "
		    "VALUES (?1, ?2, ?3)", key.ptr, town, s)) {
			ledger_fail(l, err, "无法更新镇街名单");
			goto out;
		}
		a->spellings++;
	}
	ok = 1;
out:
	buf_free(&key);
	buf_free(&of);
	return ok;
}

/* towns_add inside a transaction; where prefixes messages. */
static int
add_town(struct ledger *l, const char *name, char *const *v, size_t nv,
    struct towns_added *a, const char *where, struct buf *err)
{
	struct buf	 key = BUF_INIT, of = BUF_INIT;
	char		 now[32];
	size_t		 i;
	int		 ok = 0, found;

	if (!spelling_ok(name, where, err))
		goto out;
	towns_key(&key, name, strlen(name));
	if ((found = town_of(l, key.ptr, &of, NULL)) < 0) {
		ledger_fail(l, err, "无法读取镇街名单");
		goto out;
	}
	if (found && strcmp(of.ptr, name) != 0) {
		buf_printf(err, "%s“%s”已经是镇街 %s 的写法；要加上别的写法，用 "
		    "shouhu towns add %s 写法（名单没有改动）", where, name,
		    of.ptr, of.ptr);
		goto out;
	}
	if (!found) {
		ledger_now(now);
		if (!run3(l, "INSERT INTO towns (name, pos, added) VALUES (?1, "
		    "(SELECT coalesce(max(pos), 0) + 1 FROM towns), ?2)", name,
		    now, NULL) ||
		    !run3(l, "INSERT INTO town_names (key, town, spelling) "
		    "VALUES (?1, ?2, ?2)", key.ptr, name, NULL)) {
			ledger_fail(l, err, "无法更新镇街名单");
			goto out;
		}
		a->towns++;
	}
	for (i = 0; i < nv; i++)
		if (!add_spelling(l, name, v[i], a, where, err))
			goto out;
	ok = 1;
out:
	buf_free(&key);
	buf_free(&of);
	return ok;
}

int
towns_add(struct ledger *l, const char *name, char *const *v, size_t nv,
    struct towns_added *a, struct buf *err)
{
	memset(a, 0, sizeof(*a));
	if (!ledger_exec(l, "BEGIN IMMEDIATE", err))
		return 0;
	if (!add_town(l, name, v, nv, a, "shouhu: ", err) ||
	    !ledger_exec(l, "COMMIT", err)) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		memset(a, 0, sizeof(*a));
		return 0;
	}
	return 1;
}

/* Whether c separates the names of a line of an import file. */
static int
separator(uint32_t c)
{
	c = utext_halfwidth(c);
	return utext_is_space(c) || c == ',' || c == 0x3001;	/* 、 */
}

/*
 * Splits the line s[0..n) into its names (copies appended to *v, *nv).
 */
static void
split_line(const char *s, size_t n, char ***v, size_t *nv)
{
	const char	*e = s + n, *p, *start = NULL, *here;
	uint32_t	 c;

	for (p = s; ; ) {
		here = p;
		c = p < e ? utext_next(&p, e) : 0;
		if (c != 0 && !separator(c)) {
			if (start == NULL)
				start = here;
			continue;
		}
		if (start != NULL) {
			*v = xreallocarray(*v, *nv + 1, sizeof(**v));
			(*v)[(*nv)++] = xstrndup(start, (size_t)(here - start));
			start = NULL;
		}
		if (c == 0)
			break;
	}
}

/* Adds the lines of the text b of the file path; inside a transaction. */
static int
import_lines(struct ledger *l, const char *path, const struct buf *b,
    struct towns_added *a, struct buf *err)
{
	struct buf	 where = BUF_INIT;
	const char	*p = b->ptr, *e = b->ptr + b->len, *nl, *t;
	char		**v = NULL;
	size_t		 nv = 0, i, len, line = 0, bad;
	int		 ok = 0;

	if (!utf8_valid(b->ptr, b->len, &bad)) {
		for (i = 0, line = 1; i < bad; i++)
			line += b->ptr[i] == '\n';
		buf_printf(err, "%s:%zu: 不是 UTF-8 文本；请用记事本“另存为”"
		    "UTF-8 编码后重新导入（名单没有改动）", path, line);
		return 0;
	}
	for (; p < e; p = nl < e ? nl + 1 : e) {
		line++;
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		len = (size_t)(nl - p);
		t = utext_trim(p, &len);
		if (len == 0 || *t == '#')
			continue;
		split_line(t, len, &v, &nv);
		buf_clear(&where);
		buf_printf(&where, "%s:%zu: ", path, line);
		if (nv > 0 && !add_town(l, v[0], v + 1, nv - 1, a, where.ptr,
		    err))
			goto out;
		for (i = 0; i < nv; i++)
			free(v[i]);
		nv = 0;
	}
	ok = 1;
out:
	for (i = 0; i < nv; i++)
		free(v[i]);
	free(v);
	buf_free(&where);
	return ok;
}

int
towns_import(struct ledger *l, const char *path, struct towns_added *a,
    struct buf *err)
{
	struct buf	 b = BUF_INIT;
	enum files_got	 got;
	int		 ok = 0;

	memset(a, 0, sizeof(*a));
	if ((got = files_load(&b, path, IMPORT_MAX, FILES_REGULAR, NULL)) !=
	    FILES_GOT) {
		if (got == FILES_TOO_BIG)
			buf_printf(err, "%s: 文件太大（超过 1 MB），不像镇街名单；"
			    "请检查文件名", path);
		else if (got == FILES_NOT_REGULAR)
			buf_printf(err, "%s: 不是普通文件；请给出镇街名单的文本文件",
			    path);
		else
			buf_printf(err, "%s: 无法读取：%s；请检查文件名", path,
			    util_strerror(errno));
		goto out;
	}
	if (!ledger_exec(l, "BEGIN IMMEDIATE", err))
		goto out;
	if (!import_lines(l, path, &b, a, err) ||
	    !ledger_exec(l, "COMMIT", err)) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		memset(a, 0, sizeof(*a));
		goto out;
	}
	ok = 1;
out:
	buf_free(&b);
	return ok;
}

/*
 * Removes the town (with every spelling of it) at place pos of the list
 * of l, closing the gap (pos is UNIQUE: the ones after it go through
 * negative places).  Returns 1/0.
 */
static int
drop_town(struct ledger *l, const char *town, long long pos)
{
	char	 sql[160];

	snprintf(sql, sizeof(sql), "UPDATE towns SET pos = 1 - pos WHERE pos "
	    "> %lld; UPDATE towns SET pos = -pos WHERE pos < 0", pos);
	return run3(l, "DELETE FROM town_names WHERE town = ?1", town, NULL,
	    NULL) && run3(l, "DELETE FROM towns WHERE name = ?1", town, NULL,
	    NULL) && sqlite3_exec(l->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/*
 * The other spellings of town, split by 、, into b (cleared first), their
 * number in *n; and the town's place in *pos.  Returns 1/0.
 */
static int
spellings_of(struct ledger *l, const char *town, struct buf *b, size_t *n,
    long long *pos)
{
	sqlite3_stmt	*st;
	int		 rc;

	buf_clear(b);
	*n = 0;
	if (sqlite3_prepare_v2(l->db, "SELECT spelling, (SELECT pos FROM towns "
	    "WHERE name = ?1) FROM town_names WHERE town = ?1 ORDER BY "
	    "spelling <> ?1, rowid", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, town, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*pos = sqlite3_column_int64(st, 1);
		if (strcmp((const char *)sqlite3_column_text(st, 0), town) == 0)
			continue;
		buf_printf(b, "%s%s", (*n)++ > 0 ? "、" : "",
		    sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/*
 * Removes name from the list of l: the town it names (with its
 * spellings), or the one spelling it is; says what in out, or why not
 * in err.  Returns 1 removed, 0 not on the list, -1 database error.
 */
static int
remove_one(struct ledger *l, const char *name, struct buf *out,
    struct buf *err)
{
	struct buf	 key = BUF_INIT, town = BUF_INIT, tkey = BUF_INIT;
	struct buf	 other = BUF_INIT;
	size_t		 n;
	long long	 pos = 0;
	int		 r;

	towns_key(&key, name, strlen(name));
	if ((r = town_of(l, key.ptr, &town, &other)) <= 0) {
		if (r == 0)
			buf_printf(err, "shouhu: “%s”不是名单上的镇街，也不是哪个"
			    "镇街的写法：用 shouhu towns list 查看名单\n", name);
		goto out;
	}
	r = -1;
	towns_key(&tkey, town.ptr, town.len);
	if (strcmp(tkey.ptr, key.ptr) == 0) {
		if (!spellings_of(l, town.ptr, &other, &n, &pos) ||
		    !drop_town(l, town.ptr, pos))
			goto out;
		if (n > 0)
			buf_printf(out, "已删除镇街 %s 和它的 %zu 种其他写法（%s）\n",
			    town.ptr, n, other.ptr);
		else
			buf_printf(out, "已删除镇街 %s\n", town.ptr);
	} else {
		if (!run3(l, "DELETE FROM town_names WHERE key = ?1", key.ptr,
		    NULL, NULL))
			goto out;
		buf_printf(out, "已删除镇街 %s 的写法 %s\n", town.ptr, other.ptr);
	}
	r = 1;
out:
	buf_free(&key);
	buf_free(&town);
	buf_free(&tkey);
	buf_free(&other);
	return r;
}

int
towns_remove(struct ledger *l, char *const *names, size_t n,
    struct buf *out, struct buf *err)
{
	size_t	 i, bad = 0;
	int	 r;

	if (!ledger_exec(l, "BEGIN IMMEDIATE", err))
		return 0;
	for (i = 0; i < n; i++) {
		if ((r = remove_one(l, names[i], out, err)) < 0) {
			ledger_fail(l, err, "无法更新镇街名单");
			goto fail;
		}
		bad += r == 0;
	}
	if (bad > 0) {
		buf_puts(err, "shouhu: 名单没有改动；改正后再运行一次");
		goto fail;
	}
	if (!ledger_exec(l, "COMMIT", err))
		goto fail;
	return 1;
fail:
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	buf_clear(out);
	return 0;
}

/* A spelling not on the list, for towns_unknown. */
struct unknown {
	char		*text;		/* narrowed */
	size_t		 rows;
	char		*unit, *period;	/* its first row: unit, period, row */
	long long	 row;
	const char	*title;		/* of its form */
};

/* Orders unknown spellings by their first row. */
static int
by_first(const void *a, const void *b)
{
	const struct unknown *x = a, *y = b;
	int	 c;

	if ((c = strcmp(x->unit, y->unit)) != 0 ||
	    (c = strcmp(x->period, y->period)) != 0)
		return c;
	return (x->row > y->row) - (x->row < y->row);
}

/* Makes x's first row the current row of st (_unit, _period, _row). */
static void
set_first(struct unknown *x, sqlite3_stmt *st, const char *title)
{
	free(x->unit);
	free(x->period);
	x->unit = col(st, 1);
	x->period = col(st, 2);
	x->row = sqlite3_column_int64(st, 3);
	x->title = title;
}

/*
 * Collects in *u the unknown spellings of the field town of the current
 * rows of form f (of period, or all when NULL).  The rows are read in no
 * order (no sort of every row); each spelling keeps its first.  Returns 1,
 * or 0 with a message in err.
 */
static int
unknown_of(struct ledger *l, const struct towns *t, const struct form *f,
    const char *period, struct unknown **u, size_t *nu, struct buf *err)
{
	sqlite3_stmt	*st;
	struct buf	 sql = BUF_INIT, name = BUF_INIT;
	struct unknown	 here, *x;
	size_t		 i;
	int		 rc;

	buf_printf(&sql, "SELECT town, _unit, _period, _row FROM \"%s\" "
	    "WHERE (?1 IS NULL OR _period = ?1) AND town IS NOT NULL",
	    f->id);
	rc = sqlite3_prepare_v2(l->db, sql.ptr, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return ledger_fail(l, err, "无法读取镇街");
	if (period != NULL)
		sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (towns_canonical(t, (const char *)sqlite3_column_text(st, 0),
		    &name) != TOWNS_UNKNOWN)
			continue;
		for (i = 0; i < *nu && strcmp((*u)[i].text, name.ptr) != 0; i++)
			;
		if (i == *nu) {
			*u = xreallocarray(*u, *nu + 1, sizeof(**u));
			x = &(*u)[(*nu)++];
			memset(x, 0, sizeof(*x));
			x->text = xstrdup(name.ptr);
			set_first(x, st, f->title);
		} else {
			x = &(*u)[i];
			here.unit = (char *)sqlite3_column_text(st, 1);
			here.period = (char *)sqlite3_column_text(st, 2);
			here.row = sqlite3_column_int64(st, 3);
			if (by_first(&here, x) < 0)
				set_first(x, st, f->title);
		}
		x->rows++;
	}
	sqlite3_finalize(st);
	buf_free(&name);
	if (rc != SQLITE_DONE)
		return ledger_fail(l, err, "无法读取镇街");
	return 1;
}

int
towns_unknown(struct ledger *l, const struct towns *t, const char *period,
    struct buf *out, struct buf *err)
{
	const struct form *f;
	struct unknown	*u = NULL;
	size_t		 nu = 0, i;
	int		 ok = 1;

	if (towns_count(t) == 0)
		return 1;
	for (i = 0; ok && i < form_count(); i++)
		if (form_field(f = form_at(i), "town") >= 0)
			ok = unknown_of(l, t, f, period, &u, &nu, err);
	if (ok && nu > 0) {
		qsort(u, nu, sizeof(*u), by_first);
		buf_printf(out, "  镇街名单里没有的写法 %zu 个（网站的统计里各算一个"
		    "镇街）：\n", nu);
		for (i = 0; i < nu; i++)
			buf_printf(out, "    %s：%zu 条，如 %s %s “%s”第 %lld 条\n",
			    u[i].text, u[i].rows, u[i].unit, u[i].period,
			    u[i].title, u[i].row);
		buf_puts(out, "  请核对：是名单上镇街的另一种写法的，用 shouhu towns "
		    "add 镇街名 写法 加上；是新的镇街，用 shouhu towns add 镇街名 "
		    "加上\n");
	}
	for (i = 0; i < nu; i++) {
		free(u[i].text);
		free(u[i].unit);
		free(u[i].period);
	}
	free(u);
	return ok;
}

/* Fills the column town_canonical of the table tab of mem (town there). */
static int
publish_table(sqlite3 *mem, const struct towns *t, const char *tab)
{
	sqlite3_stmt	*st = NULL, *up = NULL;
	struct buf	 sql = BUF_INIT, name = BUF_INIT;
	char		**v = NULL;
	size_t		 nv = 0, i;
	int		 ok = 0, rc;

	buf_printf(&sql, "ALTER TABLE \"%s\" ADD COLUMN town_canonical TEXT",
	    tab);
	if (sqlite3_exec(mem, sql.ptr, NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	buf_clear(&sql);
	buf_printf(&sql, "SELECT DISTINCT town FROM \"%s\" WHERE town IS NOT "
	    "NULL", tab);
	if (sqlite3_prepare_v2(mem, sql.ptr, -1, &st, NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, nv + 1, sizeof(*v));
		v[nv++] = col(st, 0);
	}
	if (rc != SQLITE_DONE)
		goto out;
	buf_clear(&sql);
	buf_printf(&sql, "UPDATE \"%s\" SET town_canonical = ?1 WHERE town = "
	    "?2", tab);
	if (sqlite3_prepare_v2(mem, sql.ptr, -1, &up, NULL) != SQLITE_OK)
		goto out;
	for (i = 0; i < nv; i++) {
		if (towns_canonical(t, v[i], &name) == TOWNS_BLANK)
			continue;
		sqlite3_bind_text(up, 1, name.ptr, (int)name.len,
		    SQLITE_STATIC);
		sqlite3_bind_text(up, 2, v[i], -1, SQLITE_STATIC);
		if (sqlite3_step(up) != SQLITE_DONE)
			goto out;
		sqlite3_reset(up);
	}
	ok = 1;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	for (i = 0; i < nv; i++)
		free(v[i]);
	free(v);
	buf_free(&sql);
	buf_free(&name);
	return ok;
}

int
towns_publish(struct ledger *l, sqlite3 *mem, struct buf *err)
{
	const struct form *f;
	struct towns	*t;
	sqlite3_stmt	*put = NULL;
	size_t		 i;
	int		 ok = 0, j;

	if ((t = towns_load(l, err)) == NULL)
		return 0;
	if (sqlite3_exec(mem, "CREATE TABLE towns (name TEXT PRIMARY KEY, "
	    "pos INTEGER)", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(mem, "INSERT INTO towns VALUES (?1, ?2)", -1,
	    &put, NULL) != SQLITE_OK)
		goto fail;
	for (i = 0; i < t->nnames; i++) {
		sqlite3_bind_text(put, 1, t->names[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(put, 2, (sqlite3_int64)i + 1);
		if (sqlite3_step(put) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(put);
	}
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		if ((j = form_field(f, "town")) >= 0 && f->fields[j].public &&
		    !publish_table(mem, t, f->id))
			goto fail;
	}
	ok = 1;
	goto out;
fail:
	buf_printf(err, "内部错误：无法公开镇街名单：%s", sqlite3_errmsg(mem));
out:
	sqlite3_finalize(put);
	towns_free(t);
	return ok;
}
