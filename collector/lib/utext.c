/*
 * utext: UTF-8 text as people type it into cells (see utext.h).
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/utext.h"
#include "lib/utf8.h"

/*
 * Decodes the UTF-8 character at *pp (before end) and advances past it;
 * an invalid byte is U+FFFD and one byte long.
 */
uint32_t
utext_next(const char **pp, const char *end)
{
	uint32_t c;

	assert(*pp <= end);
	if (*pp >= end)
		return 0;		/* nothing left: no character */
	*pp += utf8_next(*pp, (size_t)(end - *pp), &c);
	return c;
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

/* Narrows s[0..*n) to its part without surrounding white space. */
const char *
utext_trim(const char *s, size_t *n)
{
	const char *p, *e = s + *n, *q;

	assert(s != NULL || *n == 0);
	for (p = s; p < e; p = q) {
		q = p;
		if (!utext_is_space(utext_next(&q, e)))
			break;
	}
	s = p;
	while (e > s) {
		/* step back over one character */
		q = s + utf8_prev(s, (size_t)(e - s));
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

/* Full-width forms as ASCII, no white space (see utext.h). */
void
utext_narrow(struct buf *b, const char *s, size_t n)
{
	const char *e = s + n;
	uint32_t c;

	assert(b != NULL && (s != NULL || n == 0));
	while (s < e) {
		c = utext_halfwidth(utext_next(&s, e));
		if (!utext_is_space(c))
			utf8_put(b, c);
	}
}

/* The form to compare loosely (see utext.h). */
void
utext_fold(struct buf *b, const char *s, size_t n)
{
	size_t	 i = b->len;

	utext_narrow(b, s, n);
	/* no byte of a longer UTF-8 sequence is ASCII */
	for (; i < b->len; i++)
		if (b->ptr[i] >= 'A' && b->ptr[i] <= 'Z')
			b->ptr[i] += 'a' - 'A';
}
