/*
 * ledger: the office's SQLite ledger of everything the units reported.
 *
 * One file (ledger.db by default), in WAL mode with synchronous=FULL,
 * foreign keys on and a busy timeout, marked with application_id "SHXU"
 * and a schema version in user_version.  Opening it for writing creates
 * it (mode 0600: it holds private data) and brings an older schema up to
 * date with the migrations in ledger.c, one transaction each.
 *
 * Tables (see ledger.c for the exact SQL):
 *	units		the unit registry: code, name, public key, pos (the
 *			office's order: 1, 2, ...; see ledger_unit_order)
 *	bundles		every bundle ever ingested: id, unit, period, forms,
 *			created, received, status (current/superseded),
 *			superseded_by, manifest and signature
 *	parts		one row per (bundle, form): the rows it brought and
 *			superseded_by (NULL while it is the current part of
 *			its unit, period and form)
 *	ingest_log	every ingest attempt and its outcome
 *	forms, form_fields	the form definitions the ledger was made for
 *	cases, case_decisions	the office's approvals and withdrawals of
 *			case disclosures (cases.h)
 *	towns, town_names	the county's towns and their spellings (towns.h)
 * and for each form F a STRICT table F_all (every row ever ingested:
 * _bundle, _row, then one typed column per field) and a view F of the
 * current rows only (_unit, _period, _bundle, _row, the fields).
 */
#ifndef SHOUHU_LEDGER_H
#define SHOUHU_LEDGER_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct form;
struct key;
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

#define LEDGER_SCHEMA	5		/* PRAGMA user_version */
#define LEDGER_APPID	0x53485855	/* "SHXU" */

enum ledger_mode {
	LEDGER_READ,		/* read-only, must exist */
	LEDGER_WRITE,		/* read-write, must exist */
	LEDGER_CREATE		/* read-write, created if missing */
};

struct ledger {
	sqlite3		*db;
	char		*path;
};

/* A registered unit, from ledger_units. */
struct ledger_unit {
	char		*code;
	char		*name;
	char		*pubkey;	/* base64 of the 32-byte public key */
	char		 key_id[17];
	char		*added;		/* RFC 3339 UTC */
	long long	 bundles;	/* bundles ingested from it */
	char		*last;		/* received time of the newest, or NULL */
	long long	 pos;		/* its place in the office's order */
};

enum ledger_add {
	LEDGER_ADD_FAIL,	/* error in err */
	LEDGER_ADD_NEW,		/* a new unit */
	LEDGER_ADD_SAME,	/* already registered exactly so */
	LEDGER_ADD_REPLACED	/* key or name replaced (replace was set) */
};

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
int	 ledger_open(struct ledger *l, const char *path, enum ledger_mode mode,
	    struct buf *err);

/* Closes l (which may be closed already or never opened). */
void	 ledger_close(struct ledger *l);

/*
 * Checks the open ledger l: with full, SQLite's integrity_check and
 * foreign_key_check (every page, index and reference); else quick_check,
 * which reads every page once.  Returns 1 if it is sound, else 0 with
 * what SQLite found (at most a few lines) and what to do in err.
 */
int	 ledger_check(struct ledger *l, int full, struct buf *err);

/*
 * What the last error of db means, in Chinese and with what to do: busy,
 * disk full, a file that is no ledger, damage, no permission, a read or
 * write error (its system error); else SQLite's own text.  The string is
 * static or db's, valid until db's next call.
 */
const char *ledger_errtext(sqlite3 *db);

/*
 * Makes the ledger fit the form definitions fv[0..n): records them and
 * creates or extends each form's row table and view, in one transaction,
 * and only when they differ from what the ledger was last made for.
 * Returns 1, or 0 with a message in err (nothing changed).
 */
int	 ledger_sync_forms(struct ledger *l, const struct form *const *fv,
	    size_t n, struct buf *err);

/*
 * Runs the SQL statements sql on l.  Returns 1, or 0 with a message in
 * err.
 */
int	 ledger_exec(struct ledger *l, const char *sql, struct buf *err);

/*
 * Registers the unit code with the name and the public key of k.  A unit
 * already registered with another key or name is changed only if replace
 * is set (its bundles stay).  Returns what happened; LEDGER_ADD_FAIL with
 * a message in err.
 */
enum ledger_add ledger_unit_add(struct ledger *l, const char *code,
	    const char *name, const struct key *k, int replace,
	    struct buf *err);

/*
 * Puts the units with the codes codes[0..n) first, in that order; the
 * others keep their order after them.  All or nothing: an unknown code
 * or a code given twice leaves the order as it was, with a line per
 * such code in err.  Returns 1, or 0 with the message in err.
 */
int	 ledger_unit_order(struct ledger *l, char *const *codes, size_t n,
	    struct buf *err);

/*
 * The registered units in the office's order (pos: registry order, then
 * as shouhu units order set it), with how many bundles came from
 * each and when the last one was received, into a new array *out of *n
 * (free with ledger_units_free).  Returns 1, or 0 with a message in err.
 */
int	 ledger_units(struct ledger *l, struct ledger_unit **out, size_t *n,
	    struct buf *err);

/* Frees the n units of u (from ledger_units). */
void	 ledger_units_free(struct ledger_unit *u, size_t n);

/* Now (util_now: SOURCE_DATE_EPOCH when set) as "YYYY-MM-DDTHH:MM:SSZ". */
void	 ledger_now(char s[32]);

/* The Unix time t as "YYYY-MM-DDTHH:MM:SSZ" into s. */
void	 ledger_time(char s[32], int64_t t);

/*
 * A copy of column i of the row st (the caller frees it), or NULL for
 * NULL; with empty set, "" for NULL.
 */
char	*ledger_column(sqlite3_stmt *st, int i, int empty);

/* The SQLite column type of a field of type t (an enum field_type). */
const char *ledger_sql_type(int t);

#endif
