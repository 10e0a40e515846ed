/*
 * buf: the one growable byte buffer used everywhere in Shouhu.
 *
 * The contents are always NUL-terminated and ptr is never NULL (an empty
 * buffer points at a shared static ""), so b->ptr can be handed to any C
 * string function at any time.  A zeroed struct buf (static, memset,
 * calloc) is empty too and every buf_ function takes it, but its ptr is
 * NULL until something is put: start with BUF_INIT or buf_init where ptr
 * may be read first.  Allocation failure aborts the program: nothing in
 * Shouhu can make progress without memory.
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

void	 buf_init(struct buf *b);
void	 buf_free(struct buf *b);
void	 buf_clear(struct buf *b);
void	 buf_truncate(struct buf *b, size_t n);
void	 buf_grow(struct buf *b, size_t extra);
void	 buf_put(struct buf *b, const void *p, size_t n);
void	 buf_puts(struct buf *b, const char *s);
void	 buf_putc(struct buf *b, int c);
void	 buf_printf(struct buf *b, const char *fmt,
	    ...) __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void	 buf_set(struct buf *b, const void *p, size_t n);
char	*buf_detach(struct buf *b);

#endif
