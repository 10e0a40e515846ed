/*
 * The compact binary encoding of the caches (see pack.h).  A string is
 * packed as its length + 1 (0 for NULL), then its bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/pack.h"
#include "lib/util.h"

void
pack_u64(struct buf *b, uint64_t v)
{
	unsigned char	 c[10];
	size_t		 n = 0;

	do {
		c[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v != 0)
			c[n] |= 0x80;
		n++;
	} while (v != 0);
	buf_put(b, c, n);
}

void
pack_mem(struct buf *b, const void *s, size_t n)
{
	pack_u64(b, (uint64_t)n);
	if (n > 0)
		buf_put(b, s, n);
}

void
pack_str(struct buf *b, const char *s)
{
	size_t	 n;

	if (s == NULL) {
		pack_u64(b, 0);
		return;
	}
	n = strlen(s);
	pack_u64(b, (uint64_t)n + 1);
	buf_put(b, s, n);
}

void
unpack_init(struct unpack *u, const void *p, size_t n)
{
	u->p = p;
	u->end = u->p + n;
	u->bad = 0;
}

uint64_t
unpack_u64(struct unpack *u)
{
	uint64_t	 v = 0;
	unsigned	 shift = 0;
	unsigned char	 c;

	if (u->bad)
		return 0;
	do {
		if (u->p >= u->end || shift > 63) {
			u->bad = 1;
			return 0;
		}
		c = (unsigned char)*u->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return v;
}

uint64_t
unpack_max(struct unpack *u, uint64_t max)
{
	uint64_t	 v = unpack_u64(u);

	if (v > max) {
		u->bad = 1;
		return 0;
	}
	return v;
}

const char *
unpack_mem(struct unpack *u, size_t *n)
{
	uint64_t	 len = unpack_u64(u);
	const char	*s;

	*n = 0;
	if (u->bad || len > (uint64_t)(u->end - u->p)) {
		u->bad = 1;
		return NULL;
	}
	s = u->p;
	u->p += len;
	*n = (size_t)len;
	return s;
}

char *
unpack_str(struct unpack *u)
{
	uint64_t	 len = unpack_u64(u);
	char		*s;

	if (u->bad || len == 0)
		return NULL;
	if (len - 1 > (uint64_t)(u->end - u->p)) {
		u->bad = 1;
		return NULL;
	}
	s = xstrndup(u->p, (size_t)len - 1);
	u->p += len - 1;
	return s;
}
