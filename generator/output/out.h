/*
 * out: writing the site.  New and changed files go into a temporary folder
 * beside the output folder; a file whose bytes equal the published one is
 * not written at all.  Only when the whole build has succeeded does
 * out_commit put the new site in place in one atomic step (publish.h:
 * unchanged files keep their bytes and mtimes); out_abort throws the
 * temporary folder away, leaving the previous output untouched.  A second
 * build of the same output is refused while one runs (OUT.shouhu-lock).
 */
#ifndef SHOUHU_OUT_H
#define SHOUHU_OUT_H

#include <stddef.h>

#include "lib/buf.h"

struct out_stats {
	long	 written;	/* files with new bytes */
	long	 kept;		/* files identical to the published ones */
};

struct out_log;

struct out {
	char		 *dir;		/* the output folder */
	char		 *tmp;		/* the folder being built */
	size_t		  tmplen;
	int		  have_old;	/* dir exists */
	int		  lockfd;
	int		  owns_tmp;	/* tmp was made by this build */
	struct out_stats *st;		/* shared with worker processes */
	struct out_log	 *log;		/* the files written, shared too */
	struct buf	  a, b, data;	/* scratch */
	/* if set, every file must pass it before it is written: it gets
	 * check_arg, the file's path in the output, the file it was made
	 * from (or NULL) and its bytes, and returns 1, or 0 with a message
	 * in the buffer */
	int		(*check)(void *arg, const char *rel, const char *src,
			    const void *p, size_t n, struct buf *err);
	void		 *check_arg;
	/* set when the check is the one the published files passed (same
	 * program, scripts, ledger and options): a file whose bytes equal
	 * the published one's is kept without checking it again */
	int		  trust_same;
};

int	out_begin(struct out *o, const char *dir, struct buf *err);
int	out_interrupted(const char *dir);
/*
 * Writes p[0..n) as file rel of the new output (src: the file it was made
 * from, for the check's messages, or NULL), unless the published file has
 * the same bytes.  Returns 1, or 0 with a message in err.
 */
int	out_write(struct out *o, const char *rel, const char *src,
	    const void *p, size_t n, struct buf *err);
int	out_copy(struct out *o, const char *rel, const char *src,
	    struct buf *err);
/*
 * Creates the folders leading to the file path (not the file itself);
 * path is changed and restored.  Returns 1, or 0 with errno set.
 */
int	out_mkparents(struct out *o, char *path);
/*
 * The files this build wrote into its folder, in any process, sorted and
 * each once, into *v[0..*n) (the caller frees each and *v): what the
 * publish moves in, without reading the folder back.  Returns 1, or 0 if
 * there were too many to record (then *v is NULL: list the folder).
 */
int	out_written(const struct out *o, char ***v, size_t *n);
int	out_commit(struct out *o, char **keep, size_t n, struct buf *err);
void	out_abort(struct out *o);
int	out_rmtree(const char *path);
/*
 * Puts in b what tells the folder path from any other: "dev:ino:ctime",
 * or "" if it is not there.  The change time tells a folder put in
 * path's place by hand (removed and copied back) from the one a build
 * left, though the new one may get the old one's inode number; it also
 * changes when a file is added or removed right in it.
 */
void	out_ident(struct buf *b, const char *path);

#endif
