/*
 * utext: UTF-8 text as people type it into cells (see utext.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/utext.h"

/*
 * Decodes the UTF-8 character at *pp (before end) and advances past it;
 * an invalid byte is U+FFFD and one byte long.
 */
uint32_t
utext_next(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	uint32_t c, min;
	size_t	 k, i;

	if (p[0] < 0x80) {
		(*pp)++;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		k = 1;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		k = 2;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		k = 3;
		c = p[0] & 0x07;
		min = 0x10000;
	} else
		goto bad;
	if ((size_t)((const unsigned char *)end - p) <= k)
		goto bad;
	for (i = 1; i <= k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*pp += k + 1;
	return c;
bad:
	(*pp)++;
	return 0xfffd;
}

void
utext_put(struct buf *b, uint32_t c)
{
	char	 s[4];

	if (c < 0x80)
		buf_putc(b, (int)c);
	else if (c < 0x800) {
		s[0] = (char)(0xc0 | c >> 6);
		s[1] = (char)(0x80 | (c & 0x3f));
		buf_put(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | c >> 12);
		s[1] = (char)(0x80 | (c >> 6 & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		buf_put(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | c >> 18);
		s[1] = (char)(0x80 | (c >> 12 & 0x3f));
		s[2] = (char)(0x80 | (c >> 6 & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		buf_put(b, s, 4);
	}
}

/* White space as it turns up in cells: ASCII, no-break, ideographic, BOM. */
int
utext_is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0 ||
	    c == 0x3000 || c == 0xfeff || c == 0x200b;
}

/* Full-width ASCII forms (Ｂ, ３, （) as their ASCII characters. */
uint32_t
utext_halfwidth(uint32_t c)
{
	if (c >= 0xff01 && c <= 0xff5e)
		return c - 0xfee0;
	if (c == 0x3000)
		return ' ';
	if (c == 0x2212)	/* minus sign */
		return '-';
	return c;
}

/* Characters in s[0..n). */
size_t
utext_chars(const char *s, size_t n)
{
	const char *e = s + n;
	size_t	 k = 0;

	while (s < e) {
		utext_next(&s, e);
		k++;
	}
	return k;
}

/* Narrows s[0..*n) to its part without surrounding white space. */
const char *
utext_trim(const char *s, size_t *n)
{
	const char *p, *e = s + *n, *q;

	for (p = s; p < e; p = q) {
		q = p;
		if (!utext_is_space(utext_next(&q, e)))
			break;
	}
	s = p;
	while (e > s) {
		/* step back over one character */
		q = e - 1;
		while (q > s && ((unsigned char)*q & 0xc0) == 0x80 && e - q < 4)
			q--;
		p = q;
		if (!utext_is_space(utext_next(&p, e)) || p != e)
			break;
		e = q;
	}
	*n = (size_t)(e - s);
	return s;
}

/* Whether s[0..n) is nothing but white space. */
int
utext_blank(const char *s, size_t n)
{
	utext_trim(s, &n);
	return n == 0;
}

/*
 * Appends to b the form of s[0..n) used to compare loosely: full-width
 * characters as ASCII, no white space, ASCII letters in lower case.
 */
void
utext_fold(struct buf *b, const char *s, size_t n)
{
	const char *e = s + n;
	uint32_t c;

	while (s < e) {
		c = utext_halfwidth(utext_next(&s, e));
		if (utext_is_space(c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		utext_put(b, c);
	}
}

/* Appends s[0..n) with full-width forms as ASCII and no white space. */
void
utext_narrow(struct buf *b, const char *s, size_t n)
{
	const char *e = s + n;
	uint32_t c;

	while (s < e) {
		c = utext_halfwidth(utext_next(&s, e));
		if (!utext_is_space(c))
			utext_put(b, c);
	}
}

