/*
 * backup: consistent copies of the ledger, made with SQLite's online
 * backup API, so that one can be taken while shouhu ingest writes (the
 * copy is the ledger as of one moment, every bundle in it whole).  The
 * time of the last copy is kept in the ledger (meta 'last_backup'), so
 * that ingest can remind the office when it is old.
 */
#ifndef SHOUHU_BACKUP_H
#define SHOUHU_BACKUP_H

#include <stdint.h>

struct buf;
struct ledger;

#define BACKUP_WARN_DAYS	7	/* ingest reminds after this long */

/*
 * Copies the ledger file ledger to the new file dest (mode 0600; an
 * existing dest is refused unless force), checks the copy in full, and
 * records the time in the ledger.  The copy appears whole or not at all
 * (written beside dest, synced, renamed).  Returns 1, or 0 with a
 * message in err (nothing left at dest).
 */
int	backup_make(const char *ledger, const char *dest, int force,
	    struct buf *err);

/*
 * The time of the last backup of the open ledger l in *when (Unix
 * seconds), or 0 if it never had one.  Returns 1, or 0 with a message in
 * err.
 */
int	backup_last(struct ledger *l, int64_t *when, struct buf *err);

#endif
