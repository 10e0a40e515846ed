/*
 * ledger_public: what of the ledger the public site may see, and nothing
 * else.
 *
 * ledger_public_open copies the public part of the ledger into a new
 * in-memory database: for each form F a table F of its current rows with
 * _unit, _period, _row and only the fields marked public, masked as the
 * form says (a mask_if mask only in the rows it names) and with free text
 * scrubbed of mobile, ID-card and bank-card numbers (privacy.h); and a
 * table units (code, name).  Private fields are never copied, so no query
 * can reach them.  The copy is then made read-only, and an authorizer
 * refuses everything but reading (no ATTACH, no PRAGMA, no writes, only
 * plain SQL functions), so a script cannot open the ledger file itself.
 *
 * ledger_private_values collects, for the check of the built site, every
 * value of a private field of the ledger (list fields line by line) that
 * is at least 4 bytes long and does not also occur as a public value.
 */
#ifndef SHOUHU_LEDGER_PUBLIC_H
#define SHOUHU_LEDGER_PUBLIC_H

struct buf;
struct pscan;
typedef struct sqlite3 sqlite3;

int	 ledger_public_open(const char *, sqlite3 **, struct buf *);
int	 ledger_public_explain(sqlite3 *, const char *, const char *,
	    struct buf *);
int	 ledger_private_values(const char *, sqlite3 *, struct pscan *,
	    struct buf *);

#endif
