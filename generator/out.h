/*
 * out: writing the site.  Everything goes into a temporary folder beside
 * the output folder; a file whose bytes equal the one already published is
 * hard-linked rather than written, so it keeps its mtime.  out_commit swaps
 * the new folder into place in one step; out_abort throws it away, leaving
 * the previous output untouched.
 */
#ifndef SHOUHU_OUT_H
#define SHOUHU_OUT_H

#include <stddef.h>

#include "buf.h"

struct out_stats {
	long	 written;	/* files with new bytes */
	long	 kept;		/* files identical to the published ones */
};

struct out {
	char		 *dir;		/* the output folder */
	char		 *tmp;		/* the folder being built */
	int		  have_old;	/* dir exists */
	int		  lockfd;
	int		  owns_tmp;	/* tmp was made by this build */
	struct out_stats *st;		/* shared with worker processes */
	struct buf	  a, b, data;	/* scratch */
};

int	out_begin(struct out *, const char *, struct buf *);
int	out_write(struct out *, const char *, const void *, size_t, struct buf *);
int	out_copy(struct out *, const char *, const char *, struct buf *);
int	out_exists(struct out *, const char *);
int	out_commit(struct out *, struct buf *);
void	out_abort(struct out *);
int	out_rmtree(const char *);

#endif
