/*
 * Finding personal numbers in any spelling (see privacy.h); masking
 * and scrubbing them is privacy_mask.c.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "forms/form.h"
#include "office/privacy.h"
#include "lib/utext.h"
#include "lib/util.h"

#define MAX_GROUPS	24	/* digit groups of one candidate */
#define MAX_GAP		4	/* separators between two groups */
#define MIN_DIGITS	11	/* the fewest of any number judge finds */
#define MAX_DIGITS	19	/* of any number looked for */
#define MAX_GLUED	8	/* letters that may be glued before one */

/* Character classes of the normalised view. */
enum cls { C_OTHER, C_DIGIT, C_GAP, C_ALPHA };

/* ASCII classes: digits, the ASCII separators, letters. */
static unsigned char ascii_cls[128];

/* Fills ascii_cls, once. */
static void
ascii_init(void)
{
	static const char gaps[] = " \t\n\r./_-,()[]";
	int	 c;

	if (ascii_cls['0'] == C_DIGIT)
		return;
	for (c = 'a'; c <= 'z'; c++)
		ascii_cls[c] = ascii_cls[c - 'a' + 'A'] = C_ALPHA;
	for (c = 0; gaps[c] != '\0'; c++)
		ascii_cls[(unsigned char)gaps[c]] = C_GAP;
	for (c = '0'; c <= '9'; c++)
		ascii_cls[c] = C_DIGIT;
}

/* The class of the non-ASCII character c; a digit's value in *d. */
static enum cls
wide_cls(uint32_t c, int *d)
{
	if (c >= 0xff10 && c <= 0xff19) {
		*d = (int)(c - 0xff10);
		return C_DIGIT;
	}
	switch (c) {			/* 〇零一二三四五六七八九 */
	case 0x3007: case 0x96f6: *d = 0; return C_DIGIT;
	case 0x4e00: *d = 1; return C_DIGIT;
	case 0x4e8c: *d = 2; return C_DIGIT;
	case 0x4e09: *d = 3; return C_DIGIT;
	case 0x56db: *d = 4; return C_DIGIT;
	case 0x4e94: *d = 5; return C_DIGIT;
	case 0x516d: *d = 6; return C_DIGIT;
	case 0x4e03: *d = 7; return C_DIGIT;
	case 0x516b: *d = 8; return C_DIGIT;
	case 0x4e5d: *d = 9; return C_DIGIT;
	}
	if ((c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a))
		return C_ALPHA;		/* full-width letters */
	switch (c) {
	case 0x00a0: case 0x00ad: case 0x00b7: case 0x1680: case 0x202f:
	case 0x205f: case 0x2060: case 0x2212: case 0x3000: case 0x3010:
	case 0x3011: case 0x30fb: case 0xfeff: case 0xff08: case 0xff09:
	case 0xff0c: case 0xff0d: case 0xff0e: case 0xff0f: case 0xff3b:
	case 0xff3d: case 0xff3f:
		return C_GAP;
	}
	if ((c >= 0x2000 && c <= 0x200d) || (c >= 0x2010 && c <= 0x2015))
		return C_GAP;		/* spaces, zero-width, dashes */
	return C_OTHER;
}

/*
 * The class of the character at s[i] (i < n), its bytes in *len and, for a
 * digit, its value in *d.
 */
static enum cls
cls_at(const char *s, size_t n, size_t i, size_t *len, int *d)
{
	const char	*p = s + i;
	unsigned char	 c = (unsigned char)s[i];
	uint32_t	 u;

	if (c < 0x80) {
		*len = 1;
		*d = c - '0';
		return (enum cls)ascii_cls[c];
	}
	u = utext_next(&p, s + n);
	*len = (size_t)(p - (s + i));
	return wide_cls(u, d);
}

/*
 * Whether the digit group starting at s[i] is glued to what is before it:
 * a digit (it is the middle of a run), or more than MAX_GLUED letters, or
 * letters with a digit before them (a code such as a hash).
 */
static int
glued_before(const char *s, size_t n, size_t i)
{
	size_t	 len, k = 0;
	int	 d;
	enum cls c;

	while (i > 0) {
		i = utf8_prev(s, i);
		c = cls_at(s, n, i, &len, &d);
		if (c == C_DIGIT)
			return 1;
		if (c != C_ALPHA)
			return 0;
		if (++k > MAX_GLUED)
			return 1;
	}
	return 0;
}

/* One group of digits of a candidate. */
struct group {
	size_t		 off, end;	/* bytes, end after an X */
	int		 nd;		/* digits (X not counted) */
	int		 x;		/* ends with an ID's X */
	char		 dig[MAX_DIGITS + 1];
};

/* A chain of groups joined by separators. */
struct chain {
	struct group	 g[MAX_GROUPS];
	int		 ng;
	int		 glued_after;	/* a letter right after the last */
	size_t		 next;		/* where to go on if nothing is found */
};

/* Whether s[i] is an X or x that no letter or digit follows. */
static int
lone_x(const char *s, size_t n, size_t i)
{
	size_t	 len;
	int	 d;
	enum cls c;

	if (i >= n || (s[i] != 'X' && s[i] != 'x'))
		return 0;
	if (i + 1 >= n)
		return 1;
	c = cls_at(s, n, i + 1, &len, &d);
	return c != C_ALPHA && c != C_DIGIT;
}

/*
 * Reads the group at s[i] (a digit) into g; returns 0 if it is longer
 * than any number (then g->end is its end).
 */
static int
read_group(const char *s, size_t n, size_t i, struct group *g)
{
	size_t	 len;
	int	 d;

	g->off = i;
	g->nd = 0;
	g->x = 0;
	while (i < n && cls_at(s, n, i, &len, &d) == C_DIGIT) {
		if (g->nd < MAX_DIGITS)
			g->dig[g->nd] = (char)('0' + d);
		g->nd++;
		i += len;
	}
	g->end = i;
	if (g->nd > MAX_DIGITS)
		return 0;
	g->dig[g->nd] = '\0';
	/* an ID's final X, not followed by a letter or digit */
	if (lone_x(s, n, i)) {
		g->x = 1;
		g->end = i + 1;
	}
	return 1;
}

/*
 * Reads the chain of groups that starts with the digit at s[i].  Sets
 * c->next past what was read.
 */
static void
read_chain(const char *s, size_t n, size_t i, struct chain *c)
{
	struct group	*g;
	size_t		 j, len;
	int		 k, d;

	c->ng = 0;
	c->glued_after = 0;
	for (;;) {
		g = &c->g[c->ng];
		if (!read_group(s, n, i, g)) {
			/* too long to be a number: the chain ends before it */
			if (c->ng == 0)
				c->next = g->end;
			return;
		}
		c->ng++;
		c->next = g->end;
		if (g->x || c->ng == MAX_GROUPS)
			return;
		for (j = g->end, k = 0; j < n && k < MAX_GAP &&
		    cls_at(s, n, j, &len, &d) == C_GAP; j += len)
			k++;
		if (j >= n)
			return;
		if (k > 0 && lone_x(s, n, j)) {
			/* an ID's X spelled apart: 3 7 0 … 3 X */
			g = &c->g[c->ng++];
			g->off = j;
			g->end = j + 1;
			g->nd = 0;
			g->x = 1;
			g->dig[0] = '\0';
			c->next = g->end;
			return;
		}
		if (cls_at(s, n, j, &len, &d) != C_DIGIT || k == 0) {
			c->glued_after = k == 0 &&
			    cls_at(s, n, j, &len, &d) == C_ALPHA;
			return;
		}
		i = j;
	}
}

/* Whether the digits d look like an ID card's: a date of birth inside. */
static int
id_date_ok(const char *d, int nd)
{
	int	 y, m, day;

	if (d[0] < '1' || d[0] > '9')
		return 0;
	if (nd == 18) {
		y = (d[6] - '0') * 1000 + (d[7] - '0') * 100 + (d[8] - '0') * 10 +
		    (d[9] - '0');
		m = (d[10] - '0') * 10 + (d[11] - '0');
		day = (d[12] - '0') * 10 + (d[13] - '0');
		if (y < 1850 || y > 2099)
			return 0;
	} else {
		m = (d[8] - '0') * 10 + (d[9] - '0');
		day = (d[10] - '0') * 10 + (d[11] - '0');
	}
	return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/* Whether the digits d pass the Luhn check of bank cards. */
static int
luhn_ok(const char *d, int nd)
{
	int	 i, sum = 0, v;

	for (i = 0; i < nd; i++) {
		v = d[nd - 1 - i] - '0';
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* The ways people group the 11 digits of a mobile number. */
static const unsigned char mobile_splits[][4] = {
	{ 11 }, { 3, 4, 4 }, { 3, 8 }, { 4, 4, 3 }, { 4, 7 }, { 7, 4 }
};

/* Whether sizes[0..k) is a way of grouping a mobile number. */
static int
mobile_split_ok(const int *sizes, int k)
{
	size_t	 i;
	int	 j, ones = 1;

	for (j = 0; j < k; j++)
		ones &= sizes[j] == 1;
	if (ones)
		return 1;
	for (i = 0; i < sizeof(mobile_splits) / sizeof(mobile_splits[0]);
	    i++) {
		for (j = 0; j < k && j < 4 && mobile_splits[i][j] == sizes[j];
		    j++)
			continue;
		if (j == k && (k == 4 || mobile_splits[i][k] == 0))
			return 1;
	}
	return 0;
}

/*
 * Whether groups a..b of c spell a personal number: if they do, returns 1
 * with it in h (its kind, digits and place), else 0.
 */
static int
judge(const char *s, size_t n, const struct chain *c, int a, int b,
    struct privacy_hit *h)
{
	char	 d[MAX_DIGITS * 2 + 2];
	int	 sizes[MAX_GROUPS], nd = 0, j, k, skip = 0, x, fours, one, ones;
	size_t	 off, len;
	int	 dv;

	assert(a >= 0 && a <= b && b < c->ng);
	for (j = a; j <= b; j++) {
		if (nd + c->g[j].nd > MAX_DIGITS + 4)
			return 0;
		if (c->g[j].x && j < b)
			return 0;
		memcpy(d + nd, c->g[j].dig, (size_t)c->g[j].nd);
		nd += c->g[j].nd;
		/* an X apart counts as a group of one */
		sizes[j - a] = c->g[j].nd > 0 ? c->g[j].nd : 1;
	}
	d[nd] = '\0';
	k = b - a + 1;
	x = c->g[b].x;
	one = k == 1;
	if (b == c->ng - 1 && c->glued_after)
		return 0;

	/* a mobile number, after 86 or 0086 */
	if (!x) {
		if (nd == 15 && memcmp(d, "0086", 4) == 0)
			skip = 4;
		else if (nd == 13 && memcmp(d, "86", 2) == 0)
			skip = 2;
		if (nd - skip == 11 && d[skip] == '1' && d[skip + 1] >= '3' &&
		    d[skip + 1] <= '9') {
			int	 rest[MAX_GROUPS], r = 0, drop = skip;

			for (j = 0; j < k; j++) {
				if (drop >= sizes[j]) {
					drop -= sizes[j];
					continue;
				}
				rest[r++] = sizes[j] - drop;
				drop = 0;
			}
			if (mobile_split_ok(rest, r)) {
				h->kind = PRIV_MOBILE;
				memcpy(h->digits, d + skip, 11);
				h->digits[11] = '\0';
				/* the hit starts at the first digit after the
				 * prefix */
				for (j = a, drop = skip; drop >= c->g[j].nd;
				    j++)
					drop -= c->g[j].nd;
				off = c->g[j].off;
				while (drop-- > 0) {
					(void)cls_at(s, n, off, &len, &dv);
					off += len;
				}
				h->off = off;
				h->len = c->g[b].end - off;
				return 1;
			}
		}
	}
	if (nd + x > MAX_DIGITS)
		return 0;
	h->off = c->g[a].off;
	h->len = c->g[b].end - c->g[a].off;
	memcpy(h->digits, d, (size_t)nd);
	if (x)
		h->digits[nd++] = 'X';
	h->digits[nd] = '\0';

	/* an ID card: split, it must start with the 6 digits of its region,
	 * or those and the date of birth (or be spelled digit by digit), and
	 * hold a date */
	for (j = 0, ones = 1; j < k; j++)
		ones &= sizes[j] == 1;
	if ((nd == 15 && !x) || nd == 18) {
		if (one || ((sizes[0] == 6 || sizes[0] == nd - 4 || ones) &&
		    id_date_ok(h->digits, nd))) {
			h->kind = PRIV_IDCARD;
			return 1;
		}
	}
	if (x)
		return 0;
	/* a bank card */
	if (nd >= 16 && nd <= 19) {
		for (j = 0, fours = 1; j < k - 1; j++)
			fours &= sizes[j] == 4;
		fours &= sizes[k - 1] >= 1 && sizes[k - 1] <= 4;
		if (one || (strchr("34569", d[0]) != NULL && (fours ||
		    ((sizes[0] >= 4 || ones) && luhn_ok(d, nd))))) {
			h->kind = PRIV_BANKCARD;
			return 1;
		}
	}
	return 0;
}

/*
 * The bytes a digit can start with: ASCII 0-9, and the first byte of the
 * UTF-8 of 〇 (E3), 一二三五七九 (E4), 四六八 (E5), 零 (E9) and the
 * full-width digits (EF).  No other byte, and no continuation byte, is
 * the start of a digit in any spelling wide_cls knows.
 */
static const unsigned char digit_lead[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	[0xe3] = 1, [0xe4] = 1, [0xe5] = 1, [0xe9] = 1, [0xef] = 1
};

/*
 * The bytes of the non-ASCII character at s[i] if, from its first two
 * bytes, it cannot be a digit (most Chinese text), else 0.  Only whole,
 * well-formed 3-byte characters are skipped this way.
 */
static size_t
no_digit(const char *s, size_t n, size_t i)
{
	const unsigned char *p = (const unsigned char *)s + i;
	int	 maybe;

	if (p[0] < 0xe0 || p[0] > 0xef || i + 2 >= n ||
	    (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
		return 0;
	switch (p[0]) {
	case 0xe3:			/* 〇 U+3007 */
		maybe = p[1] == 0x80;
		break;
	case 0xe4:			/* 一二三五七九 */
		maybe = p[1] >= 0xb8 && p[1] <= 0xba;
		break;
	case 0xe5:			/* 四六八 */
		maybe = p[1] == 0x85 || p[1] == 0x9b;
		break;
	case 0xe9:			/* 零 */
		maybe = p[1] == 0x9b;
		break;
	case 0xef:			/* full-width digits */
		maybe = p[1] == 0xbc;
		break;
	default:
		maybe = 0;
	}
	return maybe ? 0 : 3;
}

/*
 * The bytes of the run of ASCII digits at s[i] if it is alone and too
 * short to be a number (the ASCII character after it joins nothing), else
 * 0: most numbers of a page (dates, counts, CSS) end here.
 */
static size_t
short_run(const char *s, size_t n, size_t i)
{
	size_t	 j;

	for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
		continue;
	if (j - i >= 11 || j == i)
		return 0;
	if (j < n && ((unsigned char)s[j] >= 0x80 ||
	    ascii_cls[(unsigned char)s[j]] != C_OTHER))
		return 0;
	return j - i;
}

/*
 * The length of the span of ASCII digits and separators at s[i] when it
 * holds fewer digits than the shortest number judge knows (a mobile's
 * 11) and ends in an ASCII character that cannot go on with a number (a
 * letter other than an ID card's X, or anything else that is not a
 * separator), or at the end: no chain inside it can be a number, so it
 * is passed whole (an SVG path, a date, a page number).  Else 0.
 */
static size_t
short_span(const char *s, size_t n, size_t i)
{
	size_t	 j, nd = 0;
	unsigned char c;

	for (j = i; j < n; j++) {
		c = (unsigned char)s[j];
		if (c >= '0' && c <= '9') {
			if (++nd >= MIN_DIGITS)
				return 0;
		} else if (c >= 0x80 || ascii_cls[c] != C_GAP)
			break;
	}
	if (j == i || (j < n && ((unsigned char)s[j] >= 0x80 ||
	    (s[j] | 0x20) == 'x')))
		return 0;
	return j - i;
}

int
privacy_find(const char *s, size_t n, size_t from, struct privacy_hit *h)
{
	struct chain	 c;
	size_t		 i, len;
	int		 a, b, d;

	assert(s != NULL || n == 0);
	ascii_init();
	for (i = from; i < n; ) {
		/* only a byte that may start a digit matters here: the
		 * others (continuation bytes too) are passed one by one */
		if (!digit_lead[(unsigned char)s[i]]) {
			i++;
			continue;
		}
		if ((len = no_digit(s, n, i)) > 0 ||
		    (len = short_span(s, n, i)) > 0) {
			i += len;
			continue;
		}
		if ((len = short_run(s, n, i)) > 0) {
			i += len;
			continue;
		}
		if (cls_at(s, n, i, &len, &d) != C_DIGIT) {
			i += len;
			continue;
		}
		read_chain(s, n, i, &c);
		for (a = 0; a < c.ng; a++) {
			if (a == 0 && glued_before(s, n, c.g[0].off))
				continue;
			for (b = c.ng - 1; b >= a; b--)
				if (judge(s, n, &c, a, b, h))
					return 1;
		}
		i = c.next;
	}
	return 0;
}

const char *
privacy_kind_name(enum privacy_kind k)
{
	switch (k) {
	case PRIV_MOBILE:
		return "手机号";
	case PRIV_IDCARD:
		return "身份证号";
	case PRIV_BANKCARD:
		return "银行卡号";
	}
	return "号码";
}

size_t
privacy_digits(const char *s, size_t n, char *dig, size_t cap)
{
	size_t	 i, len, nd = 0;
	int	 d;

	ascii_init();
	for (i = 0; i < n; i += len)
		if (cls_at(s, n, i, &len, &d) == C_DIGIT && nd + 1 < cap)
			dig[nd++] = (char)('0' + d);
	dig[nd] = '\0';
	return nd;
}
