/*
 * The one UTF-8 decoder and encoder (see utf8.h).
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/utf8.h"

size_t
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t	 len, i;

	if (n == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t
utf8_next(const char *s, size_t n, uint32_t *cp)
{
	size_t	 len;

	assert(n > 0);
	if ((len = utf8_decode(s, n, cp)) == 0) {
		*cp = 0xfffd;
		len = 1;
	}
	return len;
}

int
utf8_valid(const char *s, size_t n, size_t *bad)
{
	size_t	 i, len;
	uint32_t c;

	for (i = 0; i < n; i += len) {
		if ((unsigned char)s[i] < 0x80) {
			len = 1;
			continue;
		}
		if ((len = utf8_decode(s + i, n - i, &c)) == 0) {
			if (bad != NULL)
				*bad = i;
			return 0;
		}
	}
	return 1;
}

size_t
utf8_encode(char out[4], uint32_t cp)
{
	assert(cp <= 0x10ffff);
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

void
utf8_put(struct buf *b, uint32_t cp)
{
	char	 u[4];

	buf_put(b, u, utf8_encode(u, cp));
}

size_t
utf8_prev(const char *s, size_t i)
{
	size_t	 k;

	assert(i > 0);
	for (k = i - 1; k > 0 && i - k < 4 &&
	    ((unsigned char)s[k] & 0xc0) == 0x80; k--)
		continue;
	return k;
}

size_t
utf8_clip(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

size_t
utf8_chars(const char *s, size_t n)
{
	size_t	 i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			k++;
	return k;
}
