/*
 * pack: the one compact binary encoding of Shouhu's own caches (the
 * incremental build's): unsigned numbers as LEB128 varints, byte strings
 * as their length and bytes.  A reader never reads past its end: a short
 * or damaged input sets bad and yields zeros and empty strings, so a
 * caller checks once, at the end.
 */
#ifndef SHOUHU_PACK_H
#define SHOUHU_PACK_H

#include <stddef.h>
#include <stdint.h>

struct buf;

struct unpack {
	const char	*p;		/* next byte */
	const char	*end;		/* one past the last byte */
	int		 bad;		/* set once the input was short or wrong */
};

/* Appends v to b. */
void		 pack_u64(struct buf *b, uint64_t v);
/* Appends s[0..n) to b; s may be NULL when n is 0. */
void		 pack_mem(struct buf *b, const void *s, size_t n);
/* Appends the string s (NULL and "" are told apart: see unpack_str). */
void		 pack_str(struct buf *b, const char *s);

/* Starts reading p[0..n). */
void		 unpack_init(struct unpack *u, const void *p, size_t n);
/* The next number (0 once bad). */
uint64_t	 unpack_u64(struct unpack *u);
/* The next number if it is at most max, else 0 and bad. */
uint64_t	 unpack_max(struct unpack *u, uint64_t max);
/*
 * The next byte string, pointing into the input (not NUL-terminated),
 * its length in *n; NULL with *n 0 once bad.
 */
const char	*unpack_mem(struct unpack *u, size_t *n);
/*
 * The next string of pack_str as a new NUL-terminated copy (the caller
 * frees it), or NULL for a NULL string or once bad.
 */
char		*unpack_str(struct unpack *u);

#endif
