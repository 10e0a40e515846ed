/*
 * ledger_impl: what the files of the ledger share: ledger.c (opening),
 * ledger_schema.c (migrations and form tables) and ledger_unit.c (the unit
 * registry).  Not for other modules.
 */
#ifndef SHOUHU_LEDGER_IMPL_H
#define SHOUHU_LEDGER_IMPL_H

struct buf;
struct ledger;

/*
 * Appends "PATH: what：why" to err, why being the last error of l in
 * Chinese (ledger_errtext).  Returns 0, for `return ledger_fail(...)`.
 */
int	 ledger_fail(struct ledger *l, struct buf *err, const char *what);

/*
 * The integer in the first column of the first row of the query sql on l
 * (a PRAGMA, a count), or -1 with a message in err.
 */
long long ledger_int(struct ledger *l, const char *sql, struct buf *err);

/*
 * Brings the schema of l, open for writing, to LEDGER_SCHEMA, one
 * migration per transaction, and makes the tables of the compiled-in
 * forms.  Returns 1, or 0 with a message in err (the migration that
 * failed rolled back).  Refuses a database that is not a ledger, or a
 * newer ledger.
 */
int	 ledger_upgrade(struct ledger *l, struct buf *err);

#endif
