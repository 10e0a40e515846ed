/*
 * buf: the one growable byte buffer used everywhere in Shouhu.
 *
 * The contents are always NUL-terminated and ptr is never NULL (an empty
 * buffer points at a shared static ""), so b->ptr can be handed to any C
 * string function at any time.  Allocation failure aborts the program:
 * nothing in Shouhu can make progress without memory.
 */
#ifndef SHOUHU_BUF_H
#define SHOUHU_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

struct buf {
	char	*ptr;	/* contents, NUL-terminated, never NULL */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated; 0 while ptr is the static "" */
};

extern char buf__empty[1];
#define BUF_INIT { buf__empty, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_clear(struct buf *);
void	 buf_truncate(struct buf *, size_t);
void	 buf_grow(struct buf *, size_t);
void	 buf_put(struct buf *, const void *, size_t);
void	 buf_puts(struct buf *, const char *);
void	 buf_putc(struct buf *, int);
void	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list);
void	 buf_set(struct buf *, const void *, size_t);
char	*buf_detach(struct buf *);
int	 buf_read_file(struct buf *, const char *);
int	 buf_write_file(const char *, const void *, size_t, struct buf *);
int	 buf_write_file_mode(const char *, const void *, size_t, mode_t,
	    struct buf *);

#endif
