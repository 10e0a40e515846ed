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

struct walk_log;

struct stamp {
	char		*file;		/* where the stamp is kept */
	struct walk_log	*content;	/* the walk of content/, when it was
					   whole: a build reads it again */
	char		 hex[33];	/* fingerprint of the inputs, or ""
					   if they could not all be read */
	uint64_t	 code;		/* of the inputs every page depends on:
					   scripts, layouts, themes, the
					   installed themes, the program, the
					   options; 0 if not all read */
};

void	stamp_compute(struct stamp *st, const char *root,
	    const char *statedir, const char *out, const char *opts,
	    const char *const *extra);
int	stamp_fresh(const struct stamp *st, const char *out, int64_t now);
void	stamp_save(const struct stamp *st, const char *out, int64_t due);
void	stamp_free(struct stamp *st);

#endif
