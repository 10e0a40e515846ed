/*
 * ledger_public: what of the ledger the public site may see, and nothing
 * else.
 *
 * ledger_public_open copies the public part of the ledger into a new
 * in-memory database: for each form F a table F of its current rows with
 * _unit, _period, _row and only the fields marked public (only the rows
 * the form publishes; case disclosures only as the office approved them,
 * cases.h; a form with a field town has a column town_canonical too:
 * towns_publish), a table units (code, name) and a table towns (name,
 * pos), the office's list.  Private fields are never copied, so no query can
 * reach them.  A public field with a mask is masked as the form says (a
 * mask_if mask only in the rows it names); in every other public text, the
 * row's own masked values are masked too (张三 in the facts of 张三's
 * case), and so is every identifying value of the ledger (ident.h: an
 * informant's name that a unit typed into the facts) and every personal
 * number (privacy.h) — each of these last two a warning for the office,
 * since a unit put it where it does not belong.  A unit's data never
 * stops the build: it is masked.  The copy is then made read-only, and an
 * authorizer refuses everything but reading (no ATTACH, no PRAGMA, no
 * writes, only plain SQL functions), so a script cannot open the ledger
 * file itself.
 */
#ifndef SHOUHU_LEDGER_PUBLIC_H
#define SHOUHU_LEDGER_PUBLIC_H

#include <stddef.h>

#include "lib/buf.h"

struct pscan;
typedef struct sqlite3 sqlite3;

struct ledger_public {
	sqlite3		*db;		/* the public copy, read-only */
	struct pscan	*ident;		/* the identifying values (ident.h),
					   for the check of the output */
	struct buf	 warnings;	/* a line for each public value that
					   was masked (a unit's slip) */
	size_t		 nwarnings;
};

/*
 * Makes the public copy of the ledger file path (NULL: no ledger yet, the
 * tables are made empty) into *pub.  Returns 1 (release with
 * ledger_public_close), or 0 with a message in err (*pub then empty).
 */
int	 ledger_public_open(const char *path, struct ledger_public *pub,
	    struct buf *err);

/*
 * ledger_public_open, but with every current row of every form, masked as
 * if it were published (the case disclosures the office has not approved
 * yet, for shouhu cases list).  Never for the site.
 */
int	 ledger_public_preview(const char *path, struct ledger_public *pub,
	    struct buf *err);

/* Frees what ledger_public_open made. */
void	 ledger_public_close(struct ledger_public *pub);

/*
 * Explains the error msg of the query sql on the public copy db, when it
 * is the attempt to read a private field or a table that is not public:
 * returns 1 with the explanation appended to out, or 0.
 */
int	 ledger_public_explain(sqlite3 *db, const char *sql, const char *msg,
	    struct buf *out);

#endif
