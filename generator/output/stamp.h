/*
 * stamp: the no-change fast path.  A fingerprint of every input (file
 * names, sizes, mtimes, inodes; the shouhu binary; the build options) is
 * kept after a successful build.  When the next build finds the same
 * fingerprint, the same output folder, and no left-out future page whose
 * date has come, there is nothing to do.
 */
#ifndef SHOUHU_STAMP_H
#define SHOUHU_STAMP_H

#include <stdint.h>

struct buf;

struct stamp {
	char		*file;		/* where the stamp is kept */
	char		 hex[33];	/* fingerprint of the inputs */
};

void	stamp_compute(struct stamp *, const char *, const char *, const char *);
int	stamp_fresh(const struct stamp *, const char *, int64_t);
void	stamp_save(const struct stamp *, const char *, int64_t);
void	stamp_free(struct stamp *);

#endif
