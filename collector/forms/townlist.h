/*
 * townlist: the county's towns (镇街) a blank template offers in the
 * drop-down of its town fields (`shouhu-collect template --towns FILE`):
 * a UTF-8 text file, one town a line, as `shouhu towns list --plain`
 * prints it.  The list only helps the unit pick a name: check and the
 * office accept any town (the office maps spellings, towns.h).
 */
#ifndef SHOUHU_TOWNLIST_H
#define SHOUHU_TOWNLIST_H

#include <stddef.h>

struct buf;

/* Longest town name, in bytes (the office's limit too). */
#define TOWNLIST_NAME_MAX	100
/* Largest towns file, in bytes. */
#define TOWNLIST_FILE_MAX	(1 << 20)

struct townlist {
	char	**names;	/* in the file's order, no two the same */
	size_t	  n;
};

/*
 * Reads the towns file path into *tl (empty on entry): blank lines and
 * lines starting with # are skipped, each name trimmed of white space
 * (a byte order mark too), a name repeated kept once.  Returns 1 (free
 * *tl with townlist_free), or 0 with *tl empty and every problem in err,
 * one a line ("path:line: message" in Chinese): not UTF-8, a tab or
 * control character, a name over TOWNLIST_NAME_MAX bytes, no name at
 * all, an unreadable or too big file.
 */
int	townlist_read(struct townlist *tl, const char *path, struct buf *err);

/* Frees what *tl holds and leaves it empty. */
void	townlist_free(struct townlist *tl);

#endif
