/*
 * out: writing the site.  New and changed files go into a temporary folder
 * beside the output folder; a file whose bytes equal the published one is
 * not written at all, so it keeps its mtime.  Only when the whole build has
 * succeeded does out_commit move the new files into place (a rename each)
 * and delete published files the build no longer makes; out_abort throws
 * the temporary folder away, leaving the previous output untouched.
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
	size_t		  tmplen;
	int		  have_old;	/* dir exists */
	int		  lockfd;
	int		  owns_tmp;	/* tmp was made by this build */
	struct out_stats *st;		/* shared with worker processes */
	struct buf	  a, b, data;	/* scratch */
	/* if set, every file must pass it before it is written */
	int		(*check)(void *, const char *, const void *, size_t,
			    struct buf *);
	void		 *check_arg;
};

int	out_begin(struct out *, const char *, struct buf *);
int	out_write(struct out *, const char *, const void *, size_t, struct buf *);
int	out_copy(struct out *, const char *, const char *, struct buf *);
int	out_commit(struct out *, char **, size_t, struct buf *);
void	out_abort(struct out *);
int	out_rmtree(const char *);

#endif
