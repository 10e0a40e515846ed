/*
 * fuzz_ingest: a libFuzzer target for ingesting bundles into the ledger,
 * what `shouhu ingest` does with every file that arrives.  The input is
 * the bundle file: ingest_bundle, in a batch of its own (ingest_begin,
 * ingest_commit), on a ledger made once in a temporary folder (on
 * /dev/shm if there is one) with units u001 and u002 registered and the
 * office key at hand, the keys forge makes: SHA-256 of the seeds
 * "unit-001", "unit-002" and "office" (forge batch, forge key), so that
 * bundles made by forge are accepted and the fuzzer mutates from there.
 * tests/fuzz/seed_ingest.sh writes the corpus with forge.
 *
 * An input that starts with '@' is a recipe instead, so that mutations
 * reach the checks of the forms' rows, the superseding and the writing,
 * which a zip's CRC, the manifest's SHA-256 and the signature would
 * otherwise stop:
 *
 *	@CODE PERIOD CREATED [FLAGS]
 *	%FORM VERSION ROWS
 *	CSV ...
 *	%FORM VERSION ROWS
 *	CSV ...
 *
 * It is made into a bundle by bundle_write, signed with the key of unit
 * CODE (u001, u002; any other code, or FLAGS holding 'x': a key no unit
 * is registered with) and with 's' in FLAGS sealed to the office.  Each
 * CSV runs from the line after its % line up to the next line starting
 * with '%' or the end.  A recipe bundle_write refuses is skipped.
 *
 * The ledger keeps what earlier inputs put in it (superseding needs
 * several bundles); it is made anew every RESET inputs, after a check of
 * the whole of it.  FUZZ_INGEST_FRESH=1 makes it anew before every input
 * (to reproduce a crash from one input), FUZZ_INGEST_VERBOSE=1 prints
 * what became of each input.
 *
 * Besides "no crash, no leak, no hang" it checks ingest's promises and
 * abort()s when one is broken: never INGEST_ERROR; exactly one line more
 * in ingest_log; a rejected bundle leaves bundles, parts and rows alone
 * and has a reason naming the file; an accepted, replacing or outdated
 * one adds exactly its bundle, an unchanged one nothing, with the status
 * its outcome says; and after every input, over the bundles of its unit
 * and period (over all of them every RESET inputs and at exit, with
 * PRAGMA integrity_check and foreign_key_check): every bundle has parts,
 * every part exactly its rows, every row its part, parts agree with their
 * bundle, the current part of each (unit, period, form) is its newest (by
 * created, then id) and every other points at a newer one, a bundle is
 * current exactly while one of its parts is, and has its ingest_log line.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "fuzz.h"
#include "bundle/bundle.h"
#include "forms/form.h"
#include "office/ingest.h"
#include "bundle/key.h"
#include "office/ledger.h"
#include "lib/util.h"

#define LABEL	"fuzz.zip"
#define RESET	1000		/* inputs between new ledgers */
#define NUNITS	2

/* The units, as forge batch makes them. */
static const char *const unit_codes[NUNITS] = { "u001", "u002" };
static const char *const unit_seeds[NUNITS] = { "unit-001", "unit-002" };
static const char *const unit_names[NUNITS] = { "测试单位001", "测试单位002" };

/* What the invariant queries count; each must be 0. */
static const char *const invariant_names[] = {
	"bundles without a part",
	"parts whose rows differ from the rows stored",
	"rows without their part",
	"parts whose unit, period or created differ from their bundle's",
	"current parts with a newer part of the same unit, period and form",
	"superseded parts not pointing at a newer part of theirs",
	"parts whose unit, period and form have no current part",
	"bundles current without a current part, or superseded with one",
	"bundles whose superseded_by disagrees with their status",
	"bundles whose forms disagree with their parts",
	"bundles without their line in ingest_log"
};
#define NINVARIANTS	(sizeof(invariant_names) / sizeof(invariant_names[0]))

enum { Q_COUNTS, Q_LOCAL, Q_GLOBAL, Q_BUNDLE, Q__MAX };

static struct key	 units[NUNITS], office, stranger;
static struct ledger	 ledger;
static struct ingest	*in;
static sqlite3_stmt	*q[Q__MAX];
static char		*dir, *ledger_path, *recipe_path;
static int		 verbose, fresh, have_ledger;
static unsigned long	 since_reset;

/* Dies with the message m (and err, if any). */
static void
die(const char *m, const struct buf *err)
{
	fprintf(stderr, "fuzz_ingest: %s%s%s\n", m, err && err->len ? ": " : "",
	    err ? err->ptr : "");
	abort();
}

/* The key named name from SHA-256(seed), as forge makes it. */
static void
seeded_key(const char *seed, const char *name, struct key *k)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	struct buf	 err = BUF_INIT;

	crypto_hash_sha256(h, (const unsigned char *)seed, strlen(seed));
	if (!key_from_seed(h, name, k, &err))
		die("key_from_seed", &err);
}

/*
 * The invariants (see invariant_names) as one SELECT, over the bundles of
 * unit ?1 and period ?2 if local, else over all.
 */
static char *
invariants_sql(int local)
{
	struct buf	 s = BUF_INIT;
	const struct form *f;
	const char	*bw, *pw, *aw, *newer;
	size_t		 i;

	bw = local ? "b.unit = ?1 AND b.period = ?2" : "1";
	pw = local ? "p.bundle IN (SELECT id FROM bundles WHERE unit = ?1 "
	    "AND period = ?2)" : "1";
	aw = local ? "a._bundle IN (SELECT id FROM bundles WHERE unit = ?1 "
	    "AND period = ?2)" : "1";
	/* q is a part of p's unit, period and form */
	newer = "q.bundle IN (SELECT id FROM bundles WHERE unit = p.unit AND "
	    "period = p.period) AND q.form = p.form";

	buf_printf(&s, "SELECT (SELECT count(*) FROM bundles b WHERE %s AND "
	    "NOT EXISTS (SELECT 1 FROM parts p WHERE p.bundle = b.id))", bw);
	buf_printf(&s, ", (SELECT count(*) FROM parts p WHERE %s AND p.rows "
	    "IS NOT CASE p.form", pw);
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		buf_printf(&s, " WHEN '%s' THEN (SELECT count(*) FROM \"%s_all\" "
		    "a WHERE a._bundle = p.bundle)", f->id, f->id);
	}
	buf_puts(&s, " END)");
	buf_puts(&s, ", (0");
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		buf_printf(&s, " + (SELECT count(*) FROM \"%s_all\" a WHERE %s "
		    "AND NOT EXISTS (SELECT 1 FROM parts p WHERE p.bundle = "
		    "a._bundle AND p.form = '%s'))", f->id, aw, f->id);
	}
	buf_puts(&s, ")");
	buf_printf(&s, ", (SELECT count(*) FROM parts p JOIN bundles b ON "
	    "b.id = p.bundle WHERE %s AND (p.unit IS NOT b.unit OR p.period "
	    "IS NOT b.period OR p.created IS NOT b.created))", pw);
	buf_printf(&s, ", (SELECT count(*) FROM parts p WHERE %s AND "
	    "p.superseded_by IS NULL AND EXISTS (SELECT 1 FROM parts q WHERE "
	    "%s AND (q.created > p.created OR (q.created = p.created AND "
	    "q.bundle > p.bundle))))", pw, newer);
	buf_printf(&s, ", (SELECT count(*) FROM parts p WHERE %s AND "
	    "p.superseded_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM parts q "
	    "WHERE %s AND q.bundle = p.superseded_by AND (q.created > "
	    "p.created OR (q.created = p.created AND q.bundle > p.bundle))))",
	    pw, newer);
	buf_printf(&s, ", (SELECT count(*) FROM parts p WHERE %s AND NOT "
	    "EXISTS (SELECT 1 FROM parts q WHERE %s AND q.superseded_by IS "
	    "NULL))", pw, newer);
	buf_printf(&s, ", (SELECT count(*) FROM bundles b WHERE %s AND "
	    "(b.status = 'current') IS NOT EXISTS (SELECT 1 FROM parts p WHERE "
	    "p.bundle = b.id AND p.superseded_by IS NULL))", bw);
	buf_printf(&s, ", (SELECT count(*) FROM bundles b WHERE %s AND "
	    "(b.status = 'superseded') IS NOT (b.superseded_by IS NOT NULL))",
	    bw);
	buf_printf(&s, ", (SELECT count(*) FROM bundles b WHERE %s AND "
	    "b.forms IS NOT (SELECT group_concat(form, ',') FROM (SELECT form "
	    "FROM parts WHERE bundle = b.id ORDER BY form)))", bw);
	buf_printf(&s, ", (SELECT count(*) FROM bundles b WHERE %s AND NOT "
	    "EXISTS (SELECT 1 FROM ingest_log l WHERE l.bundle = b.id AND "
	    "l.outcome IN ('accepted', 'replaced', 'outdated')))", bw);
	return buf_detach(&s);
}

/* The numbers of log lines, bundles, parts and rows, as one SELECT. */
static char *
counts_sql(void)
{
	struct buf	 s = BUF_INIT;
	size_t		 i;

	buf_puts(&s, "SELECT (SELECT count(*) FROM ingest_log), (SELECT "
	    "count(*) FROM bundles), (SELECT count(*) FROM parts), (0");
	for (i = 0; i < form_count(); i++)
		buf_printf(&s, " + (SELECT count(*) FROM \"%s_all\")",
		    form_at(i)->id);
	buf_puts(&s, ")");
	return buf_detach(&s);
}

/* Prepares sql (which it frees) as the query k on the ledger. */
static void
prepare(int k, char *sql)
{
	if (sqlite3_prepare_v2(ledger.db, sql, -1, &q[k], NULL) != SQLITE_OK) {
		fprintf(stderr, "fuzz_ingest: %s\n%s\n",
		    sqlite3_errmsg(ledger.db), sql);
		abort();
	}
	free(sql);
}

/*
 * Runs the invariant query k, for unit and period if unit is not NULL;
 * aborts, naming every broken invariant, if one is.
 */
static void
invariants(int k, const char *unit, const char *period)
{
	sqlite3_stmt	*s = q[k];
	size_t		 i;
	int		 bad = 0;

	if (unit != NULL) {
		sqlite3_bind_text(s, 1, unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, period, -1, SQLITE_STATIC);
	}
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	for (i = 0; i < NINVARIANTS; i++)
		if (sqlite3_column_int64(s, (int)i) != 0) {
			fprintf(stderr, "fuzz_ingest: %lld %s (%s %s)\n",
			    sqlite3_column_int64(s, (int)i),
			    invariant_names[i], unit ? unit : "all",
			    period ? period : "");
			bad = 1;
		}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (bad)
		abort();
}

/* The answer of the one-row, one-column query sql, as text (freed). */
static char *
answer(const char *sql)
{
	sqlite3_stmt	*s;
	struct buf	 b = BUF_INIT;
	const char	*t;

	CHECK(sqlite3_prepare_v2(ledger.db, sql, -1, &s, NULL) == SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(s, 0);
		buf_printf(&b, "%s%s", b.len ? "\n" : "", t ? t : "NULL");
	}
	sqlite3_finalize(s);
	return buf_detach(&b);
}

/* Checks the whole ledger: the invariants, integrity and foreign keys. */
static void
check_all(void)
{
	char	*a;

	invariants(Q_GLOBAL, NULL, NULL);
	a = answer("PRAGMA integrity_check");
	if (strcmp(a, "ok") != 0) {
		fprintf(stderr, "fuzz_ingest: integrity_check: %s\n", a);
		abort();
	}
	free(a);
	a = answer("PRAGMA foreign_key_check");
	if (*a != '\0') {
		fprintf(stderr, "fuzz_ingest: foreign_key_check: %s\n", a);
		abort();
	}
	free(a);
}

/* Removes the ledger's files (it must be closed), if there are any. */
static void
remove_ledger(void)
{
	struct buf	 p = BUF_INIT;
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	size_t		 i;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		buf_clear(&p);
		buf_printf(&p, "%s%s", ledger_path, sfx[i]);
		if (unlink(p.ptr) == -1 && errno != ENOENT)
			die("unlink", NULL);
	}
	buf_free(&p);
}

/* Closes the ledger, if open. */
static void
close_ledger(void)
{
	size_t	 i;

	if (!have_ledger)
		return;
	for (i = 0; i < Q__MAX; i++) {
		sqlite3_finalize(q[i]);
		q[i] = NULL;
	}
	ingest_free(in);
	in = NULL;
	ledger_close(&ledger);
	have_ledger = 0;
}

/* Makes a new ledger with the units registered, and an ingester on it. */
static void
new_ledger(void)
{
	struct buf	 err = BUF_INIT;
	size_t		 i;

	close_ledger();
	remove_ledger();
	if (!ledger_open(&ledger, ledger_path, LEDGER_CREATE, &err))
		die("ledger_open", &err);
	have_ledger = 1;
	for (i = 0; i < NUNITS; i++)
		if (ledger_unit_add(&ledger, unit_codes[i], unit_names[i],
		    &units[i], 0, &err) != LEDGER_ADD_NEW)
			die("ledger_unit_add", &err);
	if ((in = ingest_new(&ledger, &office, &err)) == NULL)
		die("ingest_new", &err);
	prepare(Q_COUNTS, counts_sql());
	prepare(Q_LOCAL, invariants_sql(1));
	prepare(Q_GLOBAL, invariants_sql(0));
	prepare(Q_BUNDLE, xstrdup("SELECT unit IS ?2 AND period IS ?3, "
	    "status, (SELECT count(*) FROM parts WHERE superseded_by = ?1) "
	    "FROM bundles WHERE id = ?1"));
	since_reset = 0;
	buf_free(&err);
}

/* At exit: a last check of the whole ledger, then it goes. */
static void
cleanup(void)
{
	size_t	 i;

	if (have_ledger)
		check_all();
	close_ledger();
	remove_ledger();
	unlink(recipe_path);
	rmdir(dir);
	free(dir);
	free(ledger_path);
	free(recipe_path);
	for (i = 0; i < NUNITS; i++)
		key_free(&units[i]);
	key_free(&office);
	key_free(&stranger);
}

/* Makes the keys, the folder and the first ledger; reads the settings. */
static void
init(void)
{
	struct buf	 b = BUF_INIT;
	size_t		 i;

	if (!key_crypto_init(&b))
		die("key_crypto_init", &b);
	for (i = 0; i < NUNITS; i++)
		seeded_key(unit_seeds[i], unit_names[i], &units[i]);
	seeded_key("office", "测试专项办", &office);
	seeded_key("fuzz-stranger", "陌生单位", &stranger);
	verbose = getenv("FUZZ_INGEST_VERBOSE") != NULL;
	fresh = getenv("FUZZ_INGEST_FRESH") != NULL;
	buf_puts(&b, "/dev/shm/fuzz_ingest.XXXXXX");
	if (mkdtemp(b.ptr) == NULL) {
		buf_clear(&b);
		buf_puts(&b, "/tmp/fuzz_ingest.XXXXXX");
		if (mkdtemp(b.ptr) == NULL)
			die("mkdtemp", NULL);
	}
	dir = buf_detach(&b);
	buf_printf(&b, "%s/ledger.db", dir);
	ledger_path = buf_detach(&b);
	buf_printf(&b, "%s/recipe.zip", dir);
	recipe_path = buf_detach(&b);
	new_ledger();
	atexit(cleanup);
}

/* The next space-separated word of s[0..n) from *at, copied, or NULL. */
static char *
word(const char *s, size_t n, size_t *at)
{
	size_t	 start;

	while (*at < n && s[*at] == ' ')
		(*at)++;
	start = *at;
	while (*at < n && s[*at] != ' ')
		(*at)++;
	return *at > start ? xstrndup(s + start, *at - start) : NULL;
}

/* The decimal number s, from lo to hi, into *v; 0 if it is not one. */
static int
number(const char *s, long lo, long hi, long *v)
{
	char	*end;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	errno = 0;
	*v = strtol(s, &end, 10);
	return *end == '\0' && errno == 0 && *v >= lo && *v <= hi;
}

/*
 * Adds to b the part of the recipe r[0..n) at *pos: a % line and its CSV,
 * moving *pos past it.  Returns 1, or 0 if it is not one bundle_add takes.
 */
static int
recipe_part(struct bundle *b, const char *r, size_t n, size_t *pos)
{
	const char	*nl, *next;
	char		*form, *ver, *rows;
	size_t		 at = *pos + 1, le, csv, end;
	long		 v, nrows;
	int		 ok;

	if (r[*pos] != '%')
		return 0;
	nl = memchr(r + *pos, '\n', n - *pos);
	le = nl ? (size_t)(nl - r) : n;
	form = word(r, le, &at);
	ver = word(r, le, &at);
	rows = word(r, le, &at);
	csv = nl ? le + 1 : n;
	if (csv < n && r[csv] == '%')
		end = csv;
	else if ((next = memmem(r + csv, n - csv, "\n%", 2)) != NULL)
		end = (size_t)(next - r) + 1;
	else
		end = n;
	ok = form != NULL && number(ver, 1, 1000000, &v) &&
	    number(rows, 0, 1000000000, &nrows) &&
	    bundle_add(b, form, (int)v, r + csv, end - csv, (size_t)nrows);
	free(form);
	free(ver);
	free(rows);
	*pos = end;
	return ok;
}

/*
 * Makes the recipe r[0..n) (see the top) into the bundle file z.  Returns
 * 1, or 0 if it is not one bundle_write makes.
 */
static int
recipe(const char *r, size_t n, struct buf *z)
{
	struct bundle	 b;
	struct buf	 err = BUF_INIT;
	const struct key *k = &stranger;
	const char	*nl;
	char		*flags;
	size_t		 at = 1, ln, pos, i;
	int		 ok = 0, sealed = 0;

	bundle_init(&b);
	nl = memchr(r, '\n', n);
	ln = nl ? (size_t)(nl - r) : n;
	b.unit_code = word(r, ln, &at);
	b.period = word(r, ln, &at);
	b.created = word(r, ln, &at);
	if ((flags = word(r, ln, &at)) != NULL) {
		sealed = strchr(flags, 's') != NULL;
		if (strchr(flags, 'x') != NULL)
			k = NULL;
	}
	if (b.unit_code == NULL || b.period == NULL || b.created == NULL)
		goto out;
	for (i = 0; k != NULL && i < NUNITS; i++)
		if (strcmp(b.unit_code, unit_codes[i]) == 0)
			k = &units[i];
	if (k == NULL)
		k = &stranger;
	for (pos = ln + 1; pos < n; )
		if (!recipe_part(&b, r, n, &pos))
			goto out;
	if (!bundle_write(recipe_path, &b, k, sealed ? &office : NULL, &err))
		goto out;
	buf_clear(z);
	if (!files_read(z, recipe_path))
		die("reading the recipe's bundle", NULL);
	ok = 1;
out:
	if (!ok && verbose)
		fprintf(stderr, "recipe skipped%s%s\n", err.len ? ": " : "",
		    err.ptr);
	free(flags);
	bundle_free(&b);
	buf_free(&err);
	return ok;
}

/* The numbers of counts_sql into c. */
static void
counts(long long c[4])
{
	int	 i;

	CHECK(sqlite3_step(q[Q_COUNTS]) == SQLITE_ROW);
	for (i = 0; i < 4; i++)
		c[i] = sqlite3_column_int64(q[Q_COUNTS], i);
	sqlite3_reset(q[Q_COUNTS]);
}

static int
is_hex(const char *s, size_t n)
{
	size_t	 i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Checks the bundle of the taken (not rejected) result r in the ledger. */
static void
check_taken(const struct ingest_result *r)
{
	sqlite3_stmt	*s = q[Q_BUNDLE];
	const char	*status;
	long long	 nsup;

	CHECK(is_hex(r->id, 64));
	CHECK(r->unit != NULL && r->unit_name != NULL && r->period != NULL &&
	    r->forms != NULL);
	sqlite3_bind_text(s, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, r->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->period, -1, SQLITE_STATIC);
	CHECK(sqlite3_step(s) == SQLITE_ROW);
	CHECK(sqlite3_column_int(s, 0) == 1);
	status = (const char *)sqlite3_column_text(s, 1);
	nsup = sqlite3_column_int64(s, 2);
	switch (r->outcome) {
	case INGEST_ACCEPTED:
		CHECK(strcmp(status, "current") == 0);
		CHECK(nsup == 0 && r->replaced == NULL);
		break;
	case INGEST_REPLACED:
		CHECK(strcmp(status, "current") == 0);
		CHECK(nsup >= 1 && r->replaced != NULL);
		CHECK(is_hex(r->replaced, 64) && strcmp(r->replaced, r->id) != 0);
		break;
	case INGEST_OUTDATED:
		CHECK(strcmp(status, "superseded") == 0);
		CHECK(nsup == 0 && r->replaced == NULL);
		break;
	default:
		break;
	}
	CHECK(sqlite3_step(s) == SQLITE_DONE);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	invariants(Q_LOCAL, r->unit, r->period);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "accepted", "replaced",
	    "outdated", "unchanged", "rejected", "error" };
	static int	 inited;
	static struct buf z = BUF_INIT;
	struct ingest_result r;
	struct buf	 why = BUF_INIT, err = BUF_INIT;
	long long	 before[4], after[4];

	if (!inited) {
		init();
		inited = 1;
	}
	if (size > 0 && data[0] == '@') {
		if (!recipe((const char *)data, size, &z))
			return 0;
		data = (const uint8_t *)z.ptr;
		size = z.len;
	}
	if (fresh || since_reset >= RESET) {
		check_all();
		new_ledger();
	}
	since_reset++;
	counts(before);
	if (!ingest_begin(in, &err))
		die("ingest_begin", &err);
	ingest_bundle(in, data, size, LABEL, &r, &why);
	if (r.outcome == INGEST_ERROR)
		die("INGEST_ERROR", &why);
	if (!ingest_commit(in, &err))
		die("ingest_commit", &err);
	counts(after);
	if (verbose)
		fprintf(stderr, "%s %s %s %s%s%s\n", names[r.outcome],
		    r.id[0] ? r.id : "-", r.unit ? r.unit : "-",
		    r.period ? r.period : "-", why.len ? ": " : "", why.ptr);
	CHECK(after[0] == before[0] + 1);
	CHECK((r.outcome == INGEST_REJECTED) == (r.quarantine != 0));
	if (r.outcome == INGEST_REJECTED) {
		CHECK(why.len > strlen(LABEL ": "));
		CHECK(strncmp(why.ptr, LABEL ": ", strlen(LABEL ": ")) == 0);
		CHECK(strlen(why.ptr) == why.len);
	} else {
		CHECK(why.len == 0);
		check_taken(&r);
	}
	if (r.outcome == INGEST_REJECTED || r.outcome == INGEST_UNCHANGED)
		CHECK(after[1] == before[1] && after[2] == before[2] &&
		    after[3] == before[3]);
	else
		CHECK(after[1] == before[1] + 1 && after[2] > before[2]);
	ingest_result_free(&r);
	buf_free(&why);
	buf_free(&err);
	return 0;
}
