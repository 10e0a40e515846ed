/*
 * files: whole files in and out.
 *
 * Reading goes through one open descriptor, so what is checked (a regular
 * file, its size) is what is read.  Writing is the one atomic writer of
 * Shouhu: the bytes go to a temporary file beside the target
 * ("<path>.tmp-XXXXXX", mode 0600 while it is written), which is synced
 * and then renamed over the target, or linked to it where the target must
 * not be replaced, and the folder is synced: the target has its old bytes
 * (or nothing) or all the new ones, also after a power cut.  Messages say
 * "path: what went wrong" in Chinese (util_strerror).
 */
#ifndef SHOUHU_FILES_H
#define SHOUHU_FILES_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct buf;

/* What files_load did. */
enum files_got {
	FILES_GOT,		/* b holds the file */
	FILES_NO_OPEN,		/* it could not be opened: errno says why */
	FILES_NO_READ,		/* it could not be read: errno says why */
	FILES_NOT_REGULAR,	/* FILES_REGULAR was asked, and it is not */
	FILES_TOO_BIG		/* it has more than max bytes */
};

#define FILES_REGULAR	0x1	/* files_load: only a regular file */

/*
 * Replaces the contents of b with the file at path: at most max bytes (0
 * for no limit; a file that grows past it while read is too big as well),
 * a regular file read up to the size it had when opened.  The status of
 * the open file goes in *st unless st is NULL.  Returns FILES_GOT, or
 * what went wrong with b empty (its memory freed).
 */
enum files_got files_load(struct buf *b, const char *path, size_t max,
	    int flags, struct stat *st);

/* files_load without limits: returns 1, or 0 with errno set. */
int	files_read(struct buf *b, const char *path);

/*
 * Whether path may be written: always with replace, else only if there
 * is nothing at path.  Returns 1, or 0 with a message in err.  (Writers
 * ask first, to fail before the work; files_commit checks again.)
 */
int	files_may_write(const char *path, int replace, struct buf *err);

/*
 * Makes a new empty file "<path>.tmp-XXXXXX<suffix>" (mode 0600) beside
 * path and puts its name in tmp, for a writer that can only write to a
 * named file and then calls files_commit.  Returns 1, or 0 with a message
 * in err.
 */
int	files_temp(struct buf *tmp, const char *path, const char *suffix,
	    struct buf *err);

/*
 * Writes p[0..n) into a new temporary file beside path (as files_temp)
 * and puts its name in tmp.  Returns 1, or 0 with errno set and nothing
 * left behind.
 */
int	files_write_temp(struct buf *tmp, const char *path, const void *p,
	    size_t n);

/*
 * Gives the finished temporary file tmp the name path, with the
 * permissions mode less the umask: tmp is synced first and the folder
 * after.  With replace, an existing path is replaced (rename); without,
 * it stays and the call fails with EEXIST (link(2), or a rename that does
 * not replace where the file system has no hard links).  Returns 1, or 0
 * with errno set; tmp is gone either way.
 */
int	files_place(const char *tmp, const char *path, mode_t mode,
	    int replace);

/* files_place with the message in err: "path: 无法写入：…" or "已经存在". */
int	files_commit(const char *tmp, const char *path, mode_t mode,
	    int replace, struct buf *err);

/*
 * Writes p[0..n) to path atomically (files_write_temp, files_commit).
 * Returns 1, or 0 with "path: message" in err and nothing left behind.
 */
int	files_write(const char *path, const void *p, size_t n, mode_t mode,
	    int replace, struct buf *err);

/*
 * Writes p[0..n) to path atomically (a reader sees the old file or the
 * new, whole), replacing it, but without waiting for the disk: for a
 * cache, which a crash may take back to its old bytes or leave out, never
 * half written (the caller checks what it reads).  Returns 1, or 0 with
 * errno set and nothing left behind.
 */
int	files_write_cache(const char *path, const void *p, size_t n);

#endif
