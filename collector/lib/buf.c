#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/util.h"

char buf__empty[1];

/*
 * The invariant of buf.h: an unallocated buffer is empty, pointing at the
 * shared "" (which nobody may have written into) or, zeroed, at NULL; an
 * allocated one has room for its bytes and the NUL.  (Writers that fill
 * ptr directly, such as read(2) or iconv(3) into the room buf_grow made,
 * put the NUL back when they set len.)
 */
#define BUF_ASSERT(b)	assert(buf__empty[0] == '\0' && ((b)->cap == 0 ? \
	    (b)->len == 0 && ((b)->ptr == buf__empty || (b)->ptr == NULL) : \
	    (b)->ptr != NULL && (b)->len < (b)->cap))

/* Makes b an empty buffer.  Does not free anything b held before. */
void
buf_init(struct buf *b)
{
	b->ptr = buf__empty;
	b->len = b->cap = 0;
}

/* Frees what b holds and leaves it empty and reusable. */
void
buf_free(struct buf *b)
{
	BUF_ASSERT(b);
	if (b->cap)
		free(b->ptr);
	buf_init(b);
}

/* Empties b, keeping its allocation. */
void
buf_clear(struct buf *b)
{
	buf_truncate(b, 0);
}

/* Shortens b to n bytes; does nothing if it is not longer. */
void
buf_truncate(struct buf *b, size_t n)
{
	BUF_ASSERT(b);
	if (n >= b->len)
		return;
	b->len = n;
	b->ptr[n] = '\0';
}

/* Makes room for at least extra more bytes (plus the NUL). */
void
buf_grow(struct buf *b, size_t extra)
{
	size_t	 need, cap;
	char	*p;

	BUF_ASSERT(b);
	if (extra > SIZE_MAX / 2 - b->len)
		fatal("buffer too large");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap += cap / 2;
	p = xrealloc(b->cap ? b->ptr : NULL, cap);
	if (b->cap == 0)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	BUF_ASSERT(b);
}

/* Appends n bytes from p. */
void
buf_put(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

/* Appends the C string s. */
void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* Appends one byte. */
void
buf_putc(struct buf *b, int c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = (char)c;
	b->ptr[b->len] = '\0';
}

/* Replaces the contents of b with n bytes from p. */
void
buf_set(struct buf *b, const void *p, size_t n)
{
	buf_clear(b);
	buf_put(b, p, n);
}

/* Appends printf-style formatted text. */
void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(b->ptr + b->len, b->cap ? b->cap - b->len : 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		fatal("vsnprintf failed");
	if (b->cap == 0 || (size_t)n >= b->cap - b->len) {
		/* the text did not fit: undo the part that was written */
		if (b->cap != 0)
			b->ptr[b->len] = '\0';
		buf_grow(b, (size_t)n);
		vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

/*
 * Returns the contents as a malloc'd string owned by the caller, and leaves
 * b empty.  Never returns NULL.
 */
char *
buf_detach(struct buf *b)
{
	char	*p;

	BUF_ASSERT(b);
	p = b->cap ? b->ptr : xstrdup("");
	buf_init(b);
	return p;
}
