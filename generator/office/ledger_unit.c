/*
 * The ledger's unit registry (see ledger.h): who may send bundles, with
 * which public key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "bundle/key.h"
#include "office/ledger.h"
#include "office/ledger_impl.h"
#include "lib/util.h"

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
	    "INSERT INTO units (code, name, pubkey, key_id, added, updated, "
	    "pos) VALUES (?1, ?2, ?3, ?4, ?5, ?5, (SELECT coalesce(max(pos), 0)"
	    " + 1 FROM units))", -1, &st, NULL) != SQLITE_OK)
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
	ledger_fail(l, err, "无法登记单位");
fail:
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(st);
	free(oldname);
	return r;
}

/*
 * The codes of the units of l in their order into a new array *codes of
 * *n (free each and the array).  Returns 1, or 0 (a database error).
 */
static int
codes_in_order(struct ledger *l, char ***codes, size_t *n)
{
	sqlite3_stmt	*st;
	int		 rc;

	*codes = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(l->db, "SELECT code FROM units ORDER BY pos, "
	    "rowid", -1, &st, NULL) != SQLITE_OK)
		return 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*codes = xreallocarray(*codes, *n + 1, sizeof(**codes));
		(*codes)[(*n)++] = xstrdup((const char *)
		    sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

/* The index of the code s among v[0..n), or n if it is not there. */
static size_t
code_index(char *const *v, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			break;
	return i;
}

int
ledger_unit_order(struct ledger *l, char *const *codes, size_t n,
    struct buf *err)
{
	sqlite3_stmt	*st = NULL;
	char		**have = NULL;
	unsigned char	*named = NULL;
	size_t		 nhave = 0, i, k, bad = 0, pos = 0;
	int		 ok = 0;

	if (!ledger_exec(l, "BEGIN IMMEDIATE", err))
		return 0;
	if (!codes_in_order(l, &have, &nhave))
		goto sqlfail;
	named = xcalloc(nhave + 1, 1);
	for (i = 0; i < n; i++) {
		if ((k = code_index(have, nhave, codes[i])) == nhave) {
			buf_printf(err, "shouhu: 没有登记代码为“%s”的单位：用 "
			    "shouhu units list 查看已登记的单位和代码\n",
			    codes[i]);
			bad++;
		} else if (named[k]++ == 1) {
			buf_printf(err, "shouhu: 单位 %s 写了两次：每个单位只"
			    "写一次\n", codes[i]);
			bad++;
		}
	}
	if (bad > 0) {
		buf_printf(err, "shouhu: 单位的顺序没有改动；改正后再运行一次");
		goto fail;
	}
	/* pos is UNIQUE: out of the way first, then 1, 2, ... */
	if (!ledger_exec(l, "UPDATE units SET pos = -pos", err))
		goto fail;
	if (sqlite3_prepare_v2(l->db, "UPDATE units SET pos = ?2 WHERE code = "
	    "?1", -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	for (i = 0; i < n + nhave; i++) {
		if (i >= n && named[i - n])
			continue;
		sqlite3_bind_text(st, 1, i < n ? codes[i] : have[i - n], -1,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)++pos);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto sqlfail;
		sqlite3_reset(st);
	}
	if (!ledger_exec(l, "COMMIT", err))
		goto fail;
	ok = 1;
	goto out;
sqlfail:
	ledger_fail(l, err, "无法改动单位的顺序");
fail:
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(st);
	for (i = 0; i < nhave; i++)
		free(have[i]);
	free(have);
	free(named);
	return ok;
}

/* A copy of column i of the row st, or NULL for NULL. */
static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

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
	    "u.key_id, u.added, count(b.id), max(b.received), u.pos FROM "
	    "units u LEFT JOIN bundles b ON b.unit = u.code GROUP BY u.code "
	    "ORDER BY u.pos, u.rowid", -1, &st, NULL) != SQLITE_OK)
		return ledger_fail(l, err, "无法读取单位名单");
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
		x->pos = sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ledger_units_free(u, nu);
		return ledger_fail(l, err, "无法读取单位名单");
	}
	*out = u;
	*n = nu;
	return 1;
}

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
