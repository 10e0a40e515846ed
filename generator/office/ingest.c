/*
 * Ingesting one bundle into the ledger (see ingest.h).
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "bundle/bundle.h"
#include "forms/check.h"
#include "lib/crash.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "office/ingest.h"
#include "office/ingest_part.h"
#include "bundle/key.h"
#include "office/ledger.h"
#include "forms/table.h"
#include "lib/util.h"

#define FUTURE_SLACK	86400		/* seconds a unit's clock may be ahead */

struct iunit {
	char		*code;
	char		*name;
	struct key	 key;
};

/* The prepared statements, see stmt_sql. */
enum {
	S_EXISTS, S_CURRENT, S_SUPERSEDE_PART, S_INSERT_BUNDLE, S_INSERT_PART,
	S_RETIRE, S_STATUS, S_LOG, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
	S_RESEND, S_RESEND_PART, S_UNSUPERSEDE, S__MAX
};

static const char *const stmt_sql[S__MAX] = {
	[S_EXISTS] = "SELECT created FROM bundles WHERE id = ?1",
	[S_CURRENT] = "SELECT bundle, created FROM parts WHERE unit = ?1 AND "
	    "period = ?2 AND form = ?3 AND superseded_by IS NULL",
	[S_SUPERSEDE_PART] = "UPDATE parts SET superseded_by = ?3 WHERE "
	    "bundle = ?1 AND form = ?2",
	[S_INSERT_BUNDLE] = "INSERT INTO bundles (id, unit, period, forms, "
	    "created, received, file, sealed, collector, key_id, status, "
	    "manifest, signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	    "?10, 'current', ?11, ?12)",
	[S_INSERT_PART] = "INSERT INTO parts (bundle, form, version, unit, "
	    "period, created, rows, sha256, superseded_by) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8, ?9)",
	/* a bundle none of whose parts is current any more */
	[S_RETIRE] = "UPDATE bundles SET status = 'superseded', superseded_by "
	    "= ?2 WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM parts WHERE "
	    "bundle = ?1 AND superseded_by IS NULL)",
	[S_STATUS] = "SELECT status FROM bundles WHERE id = ?1",
	[S_LOG] = "INSERT INTO ingest_log (at, file, file_sha256, bundle, unit,"
	    " period, outcome, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_SAVEPOINT] = "SAVEPOINT bundle",
	[S_RELEASE] = "RELEASE bundle",
	[S_ROLLBACK_TO] = "ROLLBACK TO bundle",
	/* the same content sent again later: it counts from the new time */
	[S_RESEND] = "UPDATE bundles SET created = ?2, received = ?3, file = ?4,"
	    " manifest = ?5, signature = ?6, status = 'current', superseded_by ="
	    " NULL WHERE id = ?1",
	[S_RESEND_PART] = "UPDATE parts SET created = ?2, superseded_by = ?4 "
	    "WHERE bundle = ?1 AND form = ?3",
	[S_UNSUPERSEDE] = "UPDATE parts SET superseded_by = NULL WHERE bundle = "
	    "?1 AND form = ?2",
};

static const char *const outcome_names[] = {
	[INGEST_ACCEPTED] = "accepted", [INGEST_REPLACED] = "replaced",
	[INGEST_OUTDATED] = "outdated", [INGEST_UNCHANGED] = "unchanged",
	[INGEST_REJECTED] = "rejected", [INGEST_ERROR] = "rejected"
};

struct ingest {
	struct ledger	*l;
	const struct key *office;
	struct iunit	*units;		/* sorted by code */
	size_t		 nunits;
	sqlite3_stmt	*st[S__MAX];
	sqlite3_stmt	**rows;		/* per form (form_at order) */
	char		 now[32];
	char		 future[32];	/* created after this is refused */
	int		 batch;		/* between ingest_begin and its end */
	int		 failed;	/* INGEST_ERROR: only a rollback now */
};

/* The outcome of one part against the current part of its slot. */
struct slot {
	char		*current;	/* current bundle of (unit, period, form) */
	int		 newer;		/* the incoming part is newer than it */
};

static int
unit_cmp(const void *a, const void *b)
{
	return strcmp(((const struct iunit *)a)->code,
	    ((const struct iunit *)b)->code);
}

/* Reports a ledger failure of in; returns 0. */
static int
sqlerr(struct ingest *in, struct buf *err, const char *what)
{
	buf_printf(err, "%s: %s：%s", in->l->path, what,
	    ledger_errtext(in->l->db));
	return 0;
}

/* Loads the unit registry of l into in. */
static int
load_units(struct ingest *in, struct buf *err)
{
	struct ledger_unit *u;
	struct iunit	*x;
	size_t		 n, i, len;
	int		 ok = 0;

	if (!ledger_units(in->l, &u, &n, err))
		return 0;
	in->units = xcalloc(n ? n : 1, sizeof(*in->units));
	for (i = 0; i < n; i++) {
		x = &in->units[in->nunits];
		if (sodium_base642bin(x->key.pk, sizeof(x->key.pk), u[i].pubkey,
		    strlen(u[i].pubkey), NULL, &len, NULL,
		    sodium_base64_VARIANT_ORIGINAL) != 0 || len != 32) {
			buf_printf(err, "%s: 单位 %s 登记的公钥已损坏；请用 "
			    "shouhu units add --replace 重新登记", in->l->path,
			    u[i].code);
			goto out;
		}
		snprintf(x->key.id, sizeof(x->key.id), "%s", u[i].key_id);
		x->code = xstrdup(u[i].code);
		x->name = xstrdup(u[i].name);
		in->nunits++;
	}
	qsort(in->units, in->nunits, sizeof(*in->units), unit_cmp);
	ok = 1;
out:
	ledger_units_free(u, n);
	return ok;
}

/*
 * A new ingester writing to the open ledger l, opening sealed bundles with
 * office (NULL: sealed bundles are refused), which must outlive it.  The
 * unit registry is read once, here.  Returns NULL with a message in err.
 */
struct ingest *
ingest_new(struct ledger *l, const struct key *office, struct buf *err)
{
	struct ingest	*in;
	struct buf	 sql = BUF_INIT;
	const struct form *f;
	size_t		 i, j;

	if (!key_crypto_init(err))
		return NULL;
	in = xcalloc(1, sizeof(*in));
	in->l = l;
	in->office = office;
	ledger_time(in->now, util_now());
	ledger_time(in->future, util_now() + FUTURE_SLACK);
	if (!load_units(in, err))
		goto fail;
	for (i = 0; i < S__MAX; i++)
		if (sqlite3_prepare_v3(l->db, stmt_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &in->st[i], NULL) != SQLITE_OK) {
			sqlerr(in, err, "账本结构不对");
			goto fail;
		}
	in->rows = xcalloc(form_count() ? form_count() : 1,
	    sizeof(*in->rows));
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		buf_clear(&sql);
		buf_printf(&sql, "INSERT INTO \"%s_all\" (_bundle, _row", f->id);
		for (j = 0; j < f->nfields; j++)
			buf_printf(&sql, ", \"%s\"", f->fields[j].name);
		buf_puts(&sql, ") VALUES (?, ?");
		for (j = 0; j < f->nfields; j++)
			buf_puts(&sql, ", ?");
		buf_puts(&sql, ")");
		if (sqlite3_prepare_v3(l->db, sql.ptr, -1,
		    SQLITE_PREPARE_PERSISTENT, &in->rows[i], NULL) != SQLITE_OK) {
			sqlerr(in, err, "账本结构不对");
			goto fail;
		}
	}
	buf_free(&sql);
	return in;
fail:
	buf_free(&sql);
	ingest_free(in);
	return NULL;
}

/* Frees in (NULL is fine); the ledger stays open. */
void
ingest_free(struct ingest *in)
{
	size_t	 i;

	if (in == NULL)
		return;
	for (i = 0; i < in->nunits; i++) {
		free(in->units[i].code);
		free(in->units[i].name);
	}
	free(in->units);
	for (i = 0; i < S__MAX; i++)
		sqlite3_finalize(in->st[i]);
	if (in->rows != NULL)
		for (i = 0; i < form_count(); i++)
			sqlite3_finalize(in->rows[i]);
	free(in->rows);
	free(in);
}

/* Starts a batch of bundles (one write transaction).  Returns 1, or 0. */
int
ingest_begin(struct ingest *in, struct buf *err)
{
	assert(!in->batch);
	if (!ledger_exec(in->l, "BEGIN IMMEDIATE", err))
		return 0;
	in->batch = 1;
	in->failed = 0;
	return 1;
}

/* Commits the batch: its bundles are now durable.  Returns 1, or 0. */
int
ingest_commit(struct ingest *in, struct buf *err)
{
	int	 ok;

	assert(in->batch && !in->failed);
	crash_point("ingest-commit");
	ok = ledger_exec(in->l, "COMMIT", err);
	crash_point("ingest-committed");
	/* a failed COMMIT leaves the batch open, for ingest_rollback */
	in->batch = !ok;
	in->failed = !ok;
	return ok;
}

/* Abandons the batch: none of its bundles is in the ledger. */
void
ingest_rollback(struct ingest *in)
{
	sqlite3_exec(in->l->db, "ROLLBACK", NULL, NULL, NULL);
	in->batch = in->failed = 0;
}

/* Frees what ingest_bundle put in r. */
void
ingest_result_free(struct ingest_result *r)
{
	free(r->unit);
	free(r->unit_name);
	free(r->period);
	free(r->forms);
	free(r->replaced);
	memset(r, 0, sizeof(*r));
}

/* Runs the statement s (reset before and after); returns its result code. */
static int
step(sqlite3_stmt *s)
{
	int	 rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc;
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static const struct iunit *
find_unit(const struct ingest *in, const char *code)
{
	struct iunit	 k;

	k.code = (char *)code;
	return bsearch(&k, in->units, in->nunits, sizeof(*in->units),
	    unit_cmp);
}


/* Binds the normalised value v of field fd to parameter i of s. */
static void
bind_value(sqlite3_stmt *s, int i, const struct field *fd, const char *v)
{
	char	*end;
	long long n;
	double	 d;

	if (v == NULL || *v == '\0') {
		sqlite3_bind_null(s, i);
		return;
	}
	if (fd->type == FT_INT) {
		n = strtoll(v, &end, 10);
		if (*end == '\0') {
			sqlite3_bind_int64(s, i, n);
			return;
		}
	} else if (fd->type == FT_DECIMAL) {
		d = strtod(v, &end);
		if (*end == '\0') {
			sqlite3_bind_double(s, i, d);
			return;
		}
	}
	sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* Inserts the rows ck of form f for bundle id. */
static int
insert_rows(struct ingest *in, const struct form *f, const char *id,
    const struct checked *ck)
{
	sqlite3_stmt	*s = NULL;
	size_t		 i, j;

	for (i = 0; i < form_count(); i++)
		if (form_at(i) == f)
			s = in->rows[i];
	if (s == NULL)
		return 0;
	for (i = 0; i < ck->nrows; i++) {
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)i + 1);
		for (j = 0; j < f->nfields; j++)
			bind_value(s, (int)j + 3, &f->fields[j], ck->rows[i][j]);
		if (step(s) != SQLITE_DONE)
			return 0;
	}
	sqlite3_clear_bindings(s);
	return 1;
}

/*
 * Finds the current part of b's unit, period and form of part p and
 * decides which of the two is newer (created, then id).
 */
static int
find_slot(struct ingest *in, const struct bundle *b,
    const struct bundle_part *p, struct slot *sl)
{
	sqlite3_stmt	*s = in->st[S_CURRENT];
	const char	*cur, *created;
	int		 rc, c;

	sl->current = NULL;
	sl->newer = 1;
	bind_text(s, 1, b->unit_code);
	bind_text(s, 2, b->period);
	bind_text(s, 3, p->form);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		cur = (const char *)sqlite3_column_text(s, 0);
		created = (const char *)sqlite3_column_text(s, 1);
		c = strcmp(b->created, created);
		sl->newer = c > 0 || (c == 0 && strcmp(b->id, cur) > 0);
		sl->current = xstrdup(cur);
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/*
 * Writes the checked bundle b (forms fv, rows ck) in the open savepoint:
 * the bundle, its parts with their place among the parts of the same
 * slot, and the rows.  Sets r->outcome.  Returns 0 on a ledger failure.
 */
static int
write_bundle(struct ingest *in, const struct bundle *b, const char *path,
    const struct form **fv, const struct checked *ck, struct ingest_result *r)
{
	struct slot	*sl;
	struct buf	 forms = BUF_INIT;
	char		 sig[sodium_base64_ENCODED_LEN(64,
			     sodium_base64_VARIANT_ORIGINAL)];
	sqlite3_stmt	*s;
	const char	*over = NULL;
	size_t		 i, nnew = 0, nreplaced = 0;
	int		 ok = 0;

	sl = xcalloc(b->nparts, sizeof(*sl));
	for (i = 0; i < b->nparts; i++)
		buf_printf(&forms, "%s%s", i ? "," : "", b->parts[i].form);
	sodium_bin2base64(sig, sizeof(sig), b->sig, sizeof(b->sig),
	    sodium_base64_VARIANT_ORIGINAL);
	s = in->st[S_INSERT_BUNDLE];
	bind_text(s, 1, b->id);
	bind_text(s, 2, b->unit_code);
	bind_text(s, 3, b->period);
	bind_text(s, 4, forms.ptr);
	bind_text(s, 5, b->created);
	bind_text(s, 6, in->now);
	bind_text(s, 7, path);
	sqlite3_bind_int(s, 8, b->sealed);
	bind_text(s, 9, b->collector);
	bind_text(s, 10, find_unit(in, b->unit_code)->key.id);
	sqlite3_bind_text(s, 11, b->manifest.ptr, (int)b->manifest.len,
	    SQLITE_STATIC);
	bind_text(s, 12, sig);
	if (step(s) != SQLITE_DONE)
		goto out;
	for (i = 0; i < b->nparts; i++) {
		if (!find_slot(in, b, &b->parts[i], &sl[i]))
			goto out;
		if (sl[i].current != NULL && sl[i].newer) {
			s = in->st[S_SUPERSEDE_PART];
			bind_text(s, 1, sl[i].current);
			bind_text(s, 2, b->parts[i].form);
			bind_text(s, 3, b->id);
			if (step(s) != SQLITE_DONE)
				goto out;
		}
		s = in->st[S_INSERT_PART];
		bind_text(s, 1, b->id);
		bind_text(s, 2, b->parts[i].form);
		sqlite3_bind_int(s, 3, b->parts[i].version);
		bind_text(s, 4, b->unit_code);
		bind_text(s, 5, b->period);
		bind_text(s, 6, b->created);
		sqlite3_bind_int64(s, 7, (sqlite3_int64)b->parts[i].rows);
		bind_text(s, 8, b->parts[i].sha256);
		bind_text(s, 9, sl[i].newer ? NULL : sl[i].current);
		if (step(s) != SQLITE_DONE)
			goto out;
		if (!insert_rows(in, fv[i], b->id, &ck[i]))
			goto out;
		if (sl[i].newer)
			nnew++;
		else
			over = sl[i].current;
		if (sl[i].current != NULL && sl[i].newer) {
			nreplaced++;
			s = in->st[S_RETIRE];
			bind_text(s, 1, sl[i].current);
			bind_text(s, 2, b->id);
			if (step(s) != SQLITE_DONE)
				goto out;
			if (r->replaced == NULL)
				r->replaced = xstrdup(sl[i].current);
		}
	}
	if (nnew == 0) {
		s = in->st[S_RETIRE];
		bind_text(s, 1, b->id);
		bind_text(s, 2, over);
		if (step(s) != SQLITE_DONE)
			goto out;
	}
	r->outcome = nnew == 0 ? INGEST_OUTDATED : nreplaced > 0 ?
	    INGEST_REPLACED : INGEST_ACCEPTED;
	ok = 1;
out:
	for (i = 0; i < b->nparts; i++)
		free(sl[i].current);
	free(sl);
	buf_free(&forms);
	return ok;
}

/*
 * The bundle b, ingested before with an older creation time, has been sent
 * again: it now counts from its new time, so each of its parts becomes
 * current again unless a newer one is.  This keeps "the newest bundle of a
 * slot is current" whatever the order bundles arrive in, even when a unit
 * goes back to what it sent before.  Sets r->outcome: INGEST_REPLACED if a
 * part became current, else INGEST_UNCHANGED.
 */
static int
resend_bundle(struct ingest *in, const struct bundle *b, const char *path,
    struct ingest_result *r)
{
	char		 sig[sodium_base64_ENCODED_LEN(64,
			     sodium_base64_VARIANT_ORIGINAL)];
	struct slot	 sl;
	sqlite3_stmt	*s;
	const char	*over = NULL;
	char		*keep = NULL;
	size_t		 i, nnew = 0;
	int		 ok = 0;

	sodium_bin2base64(sig, sizeof(sig), b->sig, sizeof(b->sig),
	    sodium_base64_VARIANT_ORIGINAL);
	s = in->st[S_RESEND];
	bind_text(s, 1, b->id);
	bind_text(s, 2, b->created);
	bind_text(s, 3, in->now);
	bind_text(s, 4, path);
	sqlite3_bind_text(s, 5, b->manifest.ptr, (int)b->manifest.len,
	    SQLITE_STATIC);
	bind_text(s, 6, sig);
	if (step(s) != SQLITE_DONE)
		return 0;
	for (i = 0; i < b->nparts; i++) {
		if (!find_slot(in, b, &b->parts[i], &sl))
			goto out;
		if (sl.current != NULL && strcmp(sl.current, b->id) == 0) {
			nnew++;
			free(sl.current);
			continue;
		}
		s = in->st[S_RESEND_PART];
		bind_text(s, 1, b->id);
		bind_text(s, 2, b->created);
		bind_text(s, 3, b->parts[i].form);
		bind_text(s, 4, sl.newer ? NULL : sl.current);
		if (sl.newer && sl.current != NULL) {
			/* the current part steps down first: one per slot */
			s = in->st[S_SUPERSEDE_PART];
			bind_text(s, 1, sl.current);
			bind_text(s, 2, b->parts[i].form);
			bind_text(s, 3, b->id);
			if (step(s) != SQLITE_DONE)
				goto out;
			s = in->st[S_RETIRE];
			bind_text(s, 1, sl.current);
			bind_text(s, 2, b->id);
			if (step(s) != SQLITE_DONE)
				goto out;
			if (r->replaced == NULL)
				r->replaced = xstrdup(sl.current);
		}
		if (step(in->st[S_RESEND_PART]) != SQLITE_DONE)
			goto out;
		if (sl.newer)
			nnew++;
		else {
			free(keep);
			keep = sl.current;
			sl.current = NULL;
			over = keep;
		}
		free(sl.current);
	}
	if (nnew < b->nparts || b->nparts == 0) {
		s = in->st[S_RETIRE];
		bind_text(s, 1, b->id);
		bind_text(s, 2, over);
		if (step(s) != SQLITE_DONE)
			goto out;
	}
	r->outcome = r->replaced != NULL ? INGEST_REPLACED : INGEST_UNCHANGED;
	ok = 1;
out:
	free(keep);
	return ok;
}

/* Records the attempt r on the file (with SHA-256 hex sha) in ingest_log. */
static int
log_attempt(struct ingest *in, const char *path, const char *sha,
    const struct ingest_result *r, const char *why)
{
	sqlite3_stmt	*s = in->st[S_LOG];

	bind_text(s, 1, in->now);
	bind_text(s, 2, path);
	bind_text(s, 3, sha);
	bind_text(s, 4, r->id[0] ? r->id : NULL);
	bind_text(s, 5, r->unit);
	bind_text(s, 6, r->period);
	bind_text(s, 7, outcome_names[r->outcome]);
	bind_text(s, 8, why);
	return step(s) == SQLITE_DONE;
}

/*
 * Records in the open batch that the file path was rejected before it
 * could be read as a bundle (unreadable, too big), for the reason why.
 * Sets r (free with ingest_result_free): INGEST_REJECTED, or INGEST_ERROR
 * if the ledger failed.
 */
void
ingest_reject(struct ingest *in, const char *path, const char *why,
    struct ingest_result *r)
{
	assert(in->batch && !in->failed);
	assert(!sqlite3_get_autocommit(in->l->db));
	memset(r, 0, sizeof(*r));
	r->outcome = INGEST_REJECTED;
	r->quarantine = 1;
	if (!log_attempt(in, path, NULL, r, why)) {
		r->outcome = INGEST_ERROR;
		in->failed = 1;
	}
}

/*
 * Ingests the bundle file data[0..n), read from path, in the open batch.
 * Fills r (free with ingest_result_free); for INGEST_REJECTED and
 * INGEST_ERROR the reason is appended to why.  Nothing of a rejected
 * bundle enters the ledger but its line in ingest_log.  After
 * INGEST_ERROR the caller must call ingest_rollback.
 */
void
ingest_bundle(struct ingest *in, const void *data, size_t n,
    const char *path, struct ingest_result *r, struct buf *why)
{
	struct bundle	 b;
	struct checked	*ck = NULL;
	const struct form **fv = NULL;
	const struct iunit *u;
	struct buf	 txt = BUF_INIT;
	sqlite3_stmt	*s;
	char		 sha[65];
	size_t		 i, np = 0;
	int		 rc, newer;

	assert(in->batch && !in->failed);
	assert(!sqlite3_get_autocommit(in->l->db));
	memset(r, 0, sizeof(*r));
	r->outcome = INGEST_REJECTED;
	r->quarantine = 1;
	key_sha256_hex(sha, data, n);
	if (!bundle_read_mem(data, n, path, &b, why))
		goto log;
	memcpy(r->id, b.id, sizeof(r->id));
	r->unit = xstrdup(b.unit_code);
	r->period = xstrdup(b.period);
	for (i = 0; i < b.nparts; i++)
		buf_printf(&txt, "%s%s %zu 行", i ? "、" : "", b.parts[i].form,
		    b.parts[i].rows);
	r->forms = buf_detach(&txt);
	if ((u = find_unit(in, b.unit_code)) == NULL) {
		buf_printf(why, "%s: 单位代码 %s（数据包上写的名称：%s）没有登记；"
		    "如果是新的报送单位，先用 shouhu units add %s 名称 单位.pub "
		    "登记它的公钥，再接收", path, b.unit_code, b.unit_name,
		    b.unit_code);
		goto log;
	}
	r->unit_name = xstrdup(u->name);
	if (!bundle_verify_sig(&b, &u->key, &txt)) {
		buf_printf(why, "%s: %s（数据包自称来自 %s %s，登记的公钥是 %s）；"
		    "请与该单位电话核实，不要接收", path, txt.ptr, b.unit_code,
		    u->name, u->key.id);
		goto log;
	}
	if (strcmp(b.created, in->future) > 0) {
		buf_printf(why, "%s: 数据包的生成时间 %s 在将来；请让报送单位把"
		    "电脑的日期和时间改正后重新打包", path, b.created);
		goto log;
	}
	if (b.sealed) {
		if (in->office == NULL) {
			buf_printf(why, "%s: 数据包是加密的，需要专项办的私钥："
			    "加上 --key 专项办.key 再运行", path);
			r->quarantine = 0;
			goto log;
		}
		buf_clear(&txt);
		if (!bundle_open_sealed(&b, in->office, &txt)) {
			buf_printf(why, "%s: %s", path, txt.ptr);
			goto log;
		}
	}
	fv = xcalloc(b.nparts, sizeof(*fv));
	ck = xcalloc(b.nparts, sizeof(*ck));
	for (np = 0; np < b.nparts; np++)
		if ((fv[np] = ingest_part_check(&b, &b.parts[np], path, &ck[np],
		    why)) == NULL)
			goto log;

	if (step(in->st[S_SAVEPOINT]) != SQLITE_DONE)
		goto dberr;
	s = in->st[S_EXISTS];
	sqlite3_bind_text(s, 1, b.id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	newer = rc == SQLITE_ROW && strcmp(b.created,
	    (const char *)sqlite3_column_text(s, 0)) > 0;
	sqlite3_reset(s);
	if (rc == SQLITE_ROW && !newer)
		r->outcome = INGEST_UNCHANGED;
	else if (rc == SQLITE_ROW) {
		if (!resend_bundle(in, &b, path, r))
			goto dbundo;
	} else if (rc != SQLITE_DONE ||
	    !write_bundle(in, &b, path, fv, ck, r))
		goto dbundo;
	crash_point("ingest-rows");
	if (!log_attempt(in, path, sha, r, NULL) ||
	    step(in->st[S_RELEASE]) != SQLITE_DONE)
		goto dbundo;
	r->quarantine = 0;
	goto out;
dbundo:
	buf_printf(why, "%s: 写入账本失败：%s", in->l->path,
	    ledger_errtext(in->l->db));
	step(in->st[S_ROLLBACK_TO]);
	step(in->st[S_RELEASE]);
	r->outcome = INGEST_ERROR;
	r->quarantine = 0;
	goto out;
dberr:
	buf_printf(why, "%s: 写入账本失败：%s", in->l->path,
	    ledger_errtext(in->l->db));
	r->outcome = INGEST_ERROR;
	r->quarantine = 0;
	goto out;
log:
	if (!log_attempt(in, path, sha, r, why->ptr)) {
		buf_printf(why, "\n%s: 写入账本失败：%s", in->l->path,
		    ledger_errtext(in->l->db));
		r->outcome = INGEST_ERROR;
	}
out:
	if (r->outcome == INGEST_ERROR)
		in->failed = 1;
	for (i = 0; ck != NULL && i < b.nparts; i++)
		checked_free(&ck[i]);
	free(ck);
	free(fv);
	buf_free(&txt);
	bundle_free(&b);
}
