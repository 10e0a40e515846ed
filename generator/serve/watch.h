/*
 * watch: the inputs of a site, watched with inotify for `shouhu serve`:
 * the folders content/, scripts/, themes/, layouts/ and static/ with every
 * folder below them (new ones are added as they come), the site folder
 * itself for those five being made or removed, and the ledger file (its
 * folder, filtered by name: the file and its -wal and -journal).  Names
 * no build reads (starting with '.') and editors' scratch files (ending
 * in '~' or ".swp", vim's test file 4913) are no change.
 */
#ifndef SHOUHU_WATCH_H
#define SHOUHU_WATCH_H

#include <stddef.h>

struct buf;

struct watched;

struct watch {
	int		 fd;		/* the inotify descriptor, for poll */
	char		*ledger;	/* the ledger's name, or NULL */
	struct watched	*v;		/* the watches */
	size_t		 n;
};

/*
 * Starts watching the site at root ("" or ending in '/') and the ledger
 * file ledger (NULL for none).  Returns 1, or 0 with a message in err
 * (w is then closed).
 */
int	watch_open(struct watch *w, const char *root, const char *ledger,
	    struct buf *err);
/*
 * Reads the events waiting on w->fd (it does not block) and adds watches
 * for new folders.  Returns 1 if one of them may change the site, else 0.
 */
int	watch_read(struct watch *w);
/* Stops watching and frees what w holds; a closed w stays closed. */
void	watch_close(struct watch *w);

#endif
