/*
 * scan: the check of every file the build writes, before anything is
 * published: no text output may hold a mobile, ID-card or bank-card
 * number that scrubbing would change (privacy_find), nor any value of a
 * private field of the ledger (ledger_private_values).  A hit fails the
 * build with "OUT/FILE:LINE: what was found" and what to do.  Text the
 * site's privacy.allow lists (a place name that is also a private value,
 * a published number) is not a hit.
 */
#ifndef SHOUHU_SCAN_H
#define SHOUHU_SCAN_H

#include <stddef.h>

struct buf;
struct pscan;
typedef struct sqlite3 sqlite3;

struct scan {
	struct pscan	*priv;		/* private values of the ledger */
	char		*outdir;	/* the output folder, for messages */
	char		**allow;	/* text the site says may be published */
	size_t		 nallow;
};

int	scan_init(struct scan *, const char *, const char *, sqlite3 *,
	    struct buf *);
int	scan_file(void *, const char *, const void *, size_t, struct buf *);
void	scan_allow(struct scan *, const char *, size_t);
void	scan_free(struct scan *);

#endif
