/*
 * value: the values of cells (see value.h).
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "lib/calendar.h"
#include "lib/utext.h"
#include "forms/value.h"

/* A number for a message (see value.h). */
const char *
value_fmt_num(char *s, size_t size, double d)
{
	size_t	 n;

	assert(size >= VALUE_NUM_SIZE && d >= -1e15 && d <= 1e15);
	snprintf(s, size, "%.2f", d);
	n = strlen(s);
	while (n > 0 && s[n - 1] == '0')
		s[--n] = '\0';
	if (n > 0 && s[n - 1] == '.')
		s[--n] = '\0';
	if (strcmp(s, "-0") == 0)
		strcpy(s, "0");
	return s;
}

/* Adds one to the decimal digits d[0..n); returns the carry out. */
static int
increment(char *d, size_t n)
{
	while (n > 0) {
		if (d[n - 1] != '9') {
			d[n - 1]++;
			return 0;
		}
		d[--n] = '0';
	}
	return 1;
}

/*
 * A number being read: its value is d[0..point).d[point..nd), negative if
 * neg; point may be below 0 or above nd (zeros implied).
 */
struct num {
	char	 d[2 * NUM_CHARS + 8];
	size_t	 nd;
	long	 point;
	int	 neg;
};

/*
 * Reads s[0..n), as value_parse_number takes it, into *x: the digits as
 * written (grouping gone), point from the integer digits and the
 * exponent, neg from the sign.  Returns NUM_OK or NUM_BAD.
 */
static enum value_num
num_scan(const char *s, size_t n, struct num *x)
{
	char	 a[NUM_CHARS + 1];
	const char *p, *e = s + n;
	size_t	 k = 0, g, i, nint;
	long	 exp = 0;
	int	 expneg = 0, grouped = 0;
	uint32_t c;

	x->nd = 0;
	x->neg = 0;
	for (p = s; p < e; ) {
		c = utext_halfwidth(utext_next(&p, e));
		if (c >= 0x80 || k == NUM_CHARS)
			return NUM_BAD;
		a[k++] = (char)c;
	}
	a[k] = '\0';
	p = a;
	if (*p == '+' || *p == '-')
		x->neg = *p++ == '-';
	/* integer digits, grouped in threes if there is any comma */
	for (g = 0; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			if (g == 0 || (grouped && g != 3) || g > 3)
				return NUM_BAD;
			grouped = 1;
			g = 0;
			continue;
		}
		x->d[x->nd++] = *p;
		g++;
	}
	if (grouped && g != 3)
		return NUM_BAD;
	nint = x->nd;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			x->d[x->nd++] = *p;
	if (x->nd == 0)
		return NUM_BAD;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			expneg = *p++ == '-';
		if (*p < '0' || *p > '9')
			return NUM_BAD;
		for (i = 0; *p >= '0' && *p <= '9'; p++, i++) {
			if (i == 3)
				return NUM_BAD;
			exp = exp * 10 + (*p - '0');
		}
	}
	if (*p != '\0')
		return NUM_BAD;
	x->point = (long)nint + (expneg ? -exp : exp);
	return NUM_OK;
}

/*
 * Rounds the number *x (as num_scan reads it) to places decimals and lays
 * it out: no leading or trailing zeros in d but those of its integer part
 * d[0..point) and 0 <= point <= nd, or nd 0 for zero.  Returns NUM_OK, or
 * NUM_BIG if it has more than NUM_DIGITS integer digits.
 */
static enum value_num
num_round(struct num *x, int places)
{
	char	*d = x->d;
	size_t	 i, len;

	for (i = 0; i < x->nd && d[i] == '0'; i++)
		x->point--;
	memmove(d, d + i, x->nd - i);
	x->nd -= i;
	while (x->nd > 0 && d[x->nd - 1] == '0')
		x->nd--;
	if (x->nd == 0 || x->point < -(long)places - 1) {
		x->nd = 0;
		x->point = 0;
		return NUM_OK;
	}
	if (x->point > NUM_DIGITS)
		return NUM_BIG;
	if (x->point < 0) {
		memmove(d + (size_t)-x->point, d, x->nd);
		memset(d, '0', (size_t)-x->point);
		x->nd += (size_t)-x->point;
		x->point = 0;
	}
	while ((long)x->nd < x->point)
		d[x->nd++] = '0';
	len = (size_t)x->point + (size_t)places;
	if (x->nd > len) {
		x->nd = len;
		if (d[len] >= '5' && increment(d, x->nd)) {
			memmove(d + 1, d, x->nd++);
			d[0] = '1';
			x->point++;
		}
	}
	if (x->point > NUM_DIGITS)
		return NUM_BIG;
	while (x->nd > (size_t)x->point && d[x->nd - 1] == '0')
		x->nd--;
	return NUM_OK;
}

/* Appends the number *x as num_round lays it out; zero has no sign. */
static void
num_put(struct buf *out, struct num *x)
{
	size_t	 i, point = (size_t)x->point;

	assert(x->point >= 0 && point <= x->nd);
	for (i = 0; i < point && x->d[i] == '0'; i++)
		;
	if (i == x->nd) {
		x->neg = 0;
		buf_putc(out, '0');
		return;
	}
	if (x->neg)
		buf_putc(out, '-');
	if (i == point)
		buf_putc(out, '0');
	else
		buf_put(out, x->d + i, point - i);
	if (x->nd > point) {
		buf_putc(out, '.');
		buf_put(out, x->d + point, x->nd - point);
	}
}

/* A number as people type it (see value.h). */
enum value_num
value_parse_number(const char *s, size_t n, int places, struct buf *out,
    int *neg)
{
	struct num x;
	enum value_num rc;

	assert(places >= 0 && places <= NUM_CHARS);
	buf_clear(out);
	if ((rc = num_scan(s, n, &x)) == NUM_OK &&
	    (rc = num_round(&x, places)) == NUM_OK)
		num_put(out, &x);
	*neg = x.neg;
	return rc;
}

/* A number cell as a spreadsheet shows it (see value.h). */
enum value_num
value_sheet_number(const char *s, size_t n, struct buf *out)
{
	char	 d[SHEET_DIGITS + 1];
	const char *p = s, *e = s + n;
	size_t	 nd = 0, i;
	long	 point = 0, exp = 0;
	int	 neg = 0, dot = 0, seen = 0, expneg = 0;

	buf_clear(out);
	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	/* the value is 0.d[0]d[1]... times ten to the power point */
	for (; p < e && ((*p >= '0' && *p <= '9') || (*p == '.' && !dot)); p++) {
		if (*p == '.') {
			dot = 1;
			continue;
		}
		seen = 1;
		if (nd == 0 && *p == '0') {
			point -= dot;
			continue;
		}
		point += !dot;
		if (nd < sizeof(d))
			d[nd++] = *p;
	}
	if (!seen)
		return NUM_BAD;
	if (p < e && (*p == 'e' || *p == 'E')) {
		if (++p < e && (*p == '+' || *p == '-'))
			expneg = *p++ == '-';
		for (i = 0; p < e && *p >= '0' && *p <= '9'; p++, i++) {
			if (i == 3)
				return NUM_BAD;
			exp = exp * 10 + (*p - '0');
		}
		if (i == 0)
			return NUM_BAD;
	}
	if (p != e)
		return NUM_BAD;
	point += expneg ? -exp : exp;
	if (nd > SHEET_DIGITS) {
		nd = SHEET_DIGITS;
		if (d[nd] >= '5' && increment(d, nd)) {
			d[0] = '1';
			nd = 1;
			point++;
		}
	}
	while (nd > 0 && d[nd - 1] == '0')
		nd--;
	if (nd == 0) {
		buf_putc(out, '0');
		return NUM_OK;
	}
	if (neg)
		buf_putc(out, '-');
	if (point > SHEET_DIGITS) {
		buf_putc(out, d[0]);
		if (nd > 1) {
			buf_putc(out, '.');
			buf_put(out, d + 1, nd - 1);
		}
		buf_printf(out, "E+%ld", point - 1);
		return NUM_BIG;
	}
	if (point <= 0) {
		buf_puts(out, "0.");
		for (; point < 0; point++)
			buf_putc(out, '0');
		buf_put(out, d, nd);
	} else if (nd <= (size_t)point) {
		buf_put(out, d, nd);
		for (i = nd; i < (size_t)point; i++)
			buf_putc(out, '0');
	} else {
		buf_put(out, d, (size_t)point);
		buf_putc(out, '.');
		buf_put(out, d + point, nd - (size_t)point);
	}
	return NUM_OK;
}

/* Whether s[0..n) is in E notation (see value.h). */
int
value_e_notation(const char *s, size_t n)
{
	const char *p = s, *e = s + n, *q;

	if (n > NUM_CHARS)
		return 0;
	if (p < e && (*p == '+' || *p == '-'))
		p++;
	for (q = p; p < e && *p >= '0' && *p <= '9'; p++)
		continue;
	if (p == q)
		return 0;
	if (p < e && *p == '.')
		for (p++; p < e && *p >= '0' && *p <= '9'; p++)
			continue;
	if (p == e || (*p != 'E' && *p != 'e'))
		return 0;
	if (++p == e || (*p != '+' && *p != '-'))
		return 0;
	for (q = ++p; p < e && *p >= '0' && *p <= '9'; p++)
		continue;
	return p > q && p == e;
}

static int
is_digit_char(uint32_t c)
{
	c = utext_halfwidth(c);
	return c >= '0' && c <= '9';
}

static int
is_cn_numeral(uint32_t c)
{
	static const uint32_t cn[] = { 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94,
	    0x516d, 0x4e03, 0x516b, 0x4e5d, 0x5341 };	/* 一 .. 十 */
	size_t	 i;

	for (i = 0; i < sizeof(cn) / sizeof(cn[0]); i++)
		if (c == cn[i])
			return 1;
	return 0;
}

/* The numbering of a line of a list cell (see value.h). */
size_t
value_list_numbering(const char *s, size_t n)
{
	const char *p = s, *e = s + n, *q;
	uint32_t c;
	int	 paren = 0, k = 0, cn;

	assert(s != NULL || n == 0);
	c = utext_next(&p, e);
	if (c >= 0x2460 && c <= 0x2473)		/* ① .. ⑳ */
		return (size_t)(p - s);
	if (c == '(' || c == 0xff08) {
		paren = 1;
		c = p < e ? utext_next(&p, e) : 0;
	}
	cn = is_cn_numeral(c);
	while (k < 3 && (cn ? is_cn_numeral(c) : is_digit_char(c))) {
		c = p < e ? utext_next(&p, e) : 0;
		k++;
	}
	if (k == 0)
		return 0;
	if (c == ')' || c == 0xff09)		/* ) ） */
		return paren || !cn ? (size_t)(p - s) : 0;
	if (paren)
		return 0;
	if (c == 0x3001)			/* 、 */
		return (size_t)(p - s);
	if (!cn && (c == '.' || c == 0xff0e)) {
		/* 1.5 is a number, not numbering */
		q = p;
		if (p < e && is_digit_char(utext_next(&q, e)))
			return 0;
		return (size_t)(p - s);
	}
	return 0;
}

/* The canonical number s times 100 (see value.h). */
int64_t
value_cents(const char *s)
{
	int64_t	 v = 0;
	int	 neg = 0, frac = -1;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; *s != '\0' && frac < 2; s++) {
		if (*s == '.') {
			frac = 0;
			continue;
		}
		v = v * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (frac = frac < 0 ? 0 : frac; frac < 2; frac++)
		v *= 10;
	return neg ? -v : v;
}

/* Appends v cents as a canonical decimal: "12", "12.5", "-0.05". */
void
value_put_cents(struct buf *b, int64_t v)
{
	char	 s[32];
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	snprintf(s, sizeof(s), "%s%llu", v < 0 ? "-" : "",
	    (unsigned long long)(u / 100));
	buf_puts(b, s);
	if (u % 100 != 0) {
		snprintf(s, sizeof(s), ".%02u", (unsigned)(u % 100));
		if (s[2] == '0')
			s[2] = '\0';
		buf_puts(b, s);
	}
}

/* Reads 1 to max ASCII digits at *pp. */
static int
read_int(const char **pp, int min, int max, int *v)
{
	int	 n = 0;

	*v = 0;
	while (**pp >= '0' && **pp <= '9' && n < max) {
		*v = *v * 10 + (**pp - '0');
		(*pp)++;
		n++;
	}
	return n >= min && !(**pp >= '0' && **pp <= '9');
}

static void
skip_spaces(const char **pp)
{
	while (**pp == ' ')
		(*pp)++;
}

/* Skips the UTF-8 text word at *pp if it is there. */
static int
skip_word(const char **pp, const char *word)
{
	size_t	 n = strlen(word);

	if (strncmp(*pp, word, n) != 0)
		return 0;
	*pp += n;
	return 1;
}

/* A date as written in a cell (see value.h). */
enum value_date
value_parse_date(const char *s, size_t n, int64_t *day)
{
	struct buf b = BUF_INIT;
	const char *p, *e;
	char	 sep;
	enum value_date r = DATE_BAD;
	int	 y, m, d, h, mi, sec;

	s = utext_trim(s, &n);
	/* full-width digits and punctuation as ASCII, spaces kept */
	for (p = s, e = s + n; p < e; )
		utf8_put(&b, utext_halfwidth(utext_next(&p, e)));
	p = b.ptr;
	if (!read_int(&p, 4, 4, &y) || y < 1000)
		goto out;
	if (*p == '-' || *p == '/' || *p == '.') {
		sep = *p++;
		if (!read_int(&p, 1, 2, &m) || *p++ != sep ||
		    !read_int(&p, 1, 2, &d))
			goto out;
		if (*p == ' ' || *p == 'T') {
			p++;
			skip_spaces(&p);
			if (!read_int(&p, 1, 2, &h) || *p++ != ':' ||
			    !read_int(&p, 2, 2, &mi) || h > 23 || mi > 59)
				goto out;
			if (*p == ':' && (p++, !read_int(&p, 2, 2, &sec) ||
			    sec > 60))
				goto out;
		}
	} else {
		skip_spaces(&p);
		if (!skip_word(&p, "年"))
			goto out;
		skip_spaces(&p);
		if (!read_int(&p, 1, 2, &m))
			goto out;
		skip_spaces(&p);
		if (!skip_word(&p, "月"))
			goto out;
		skip_spaces(&p);
		if (!read_int(&p, 1, 2, &d))
			goto out;
		skip_spaces(&p);
		if (!skip_word(&p, "日") && !skip_word(&p, "号"))
			goto out;
	}
	if (*p != '\0')
		goto out;
	if (!cal_valid(y, m, d)) {
		r = DATE_NODAY;
		goto out;
	}
	*day = cal_day(y, m, d);
	r = DATE_OK;
out:
	buf_free(&b);
	return r;
}

/*
 * An Excel serial date (see value.h): serial 60 is Excel's 1900-02-29,
 * which never existed.
 */
enum value_date
value_parse_serial(const char *s, int date1904, int64_t *day)
{
	char	*end;
	double	 v;
	int64_t	 n;

	v = strtod(s, &end);
	if (end == s || *end != '\0' || !(v >= 0 && v < 2958466))
		return DATE_BAD;
	n = (int64_t)v;
	if (date1904) {
		*day = n + cal_day(1904, 1, 1);
		return DATE_OK;
	}
	if (n == 0)
		return DATE_BAD;
	if (n == 60)
		return DATE_NODAY;
	*day = n + cal_day(1899, 12, n < 60 ? 31 : 30);
	return DATE_OK;
}

/* A phone number in canonical form (see value.h). */
int
value_phone_norm(const char *s, struct buf *out)
{
	struct buf b = BUF_INIT;
	char	 d[20];
	size_t	 n = 0, i, area;
	int	 ok = 0;

	utext_narrow(&b, s, strlen(s));
	for (i = 0; i < b.len; i++) {
		if (b.ptr[i] >= '0' && b.ptr[i] <= '9') {
			if (n == sizeof(d) - 1)
				goto out;
			d[n++] = b.ptr[i];
		} else if (strchr("-()+", b.ptr[i]) == NULL)
			goto out;
		else if (b.ptr[i] == '+' && i != 0)
			goto out;
	}
	d[n] = '\0';
	if (n < 7)
		goto out;
	if (b.ptr[0] == '+' && strncmp(d, "86", 2) != 0)
		goto out;
	if (n == 13 && strncmp(d, "86", 2) == 0) {
		memmove(d, d + 2, 12);
		n = 11;
	} else if (b.ptr[0] == '+')
		goto out;
	buf_clear(out);
	if (n == 11 && d[0] == '1' && d[1] >= '3') {
		buf_put(out, d, 11);
		ok = 1;
	} else if (n == 10 && (strncmp(d, "400", 3) == 0 ||
	    strncmp(d, "800", 3) == 0)) {
		buf_printf(out, "%.3s-%.3s-%.4s", d, d + 3, d + 6);
		ok = 1;
	} else if (d[0] == '0' && d[1] != '0') {
		/* 010 and 02x are the three-digit area codes */
		area = d[1] == '1' || d[1] == '2' ? 3 : 4;
		if (n >= area + 7 && n <= area + 8) {
			buf_printf(out, "%.*s-%s", (int)area, d, d + area);
			ok = 1;
		}
	}
out:
	buf_free(&b);
	return ok;
}

/* Checks a citizen ID number, GB 11643 (see value.h). */
enum value_code
value_idcard_problem(const char *s)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
	    5, 8, 4, 2 };
	int	 i, sum = 0, y, m, d;

	if (utf8_chars(s, strlen(s)) != 18)
		return CODE_LEN;
	for (i = 0; i < 17; i++)
		if (s[i] < '0' || s[i] > '9')
			return CODE_CHAR;
	if (!((s[17] >= '0' && s[17] <= '9') || s[17] == 'X'))
		return CODE_CHAR;
	sscanf(s + 6, "%4d%2d%2d", &y, &m, &d);
	if (y < 1800 || !cal_valid(y, m, d))
		return CODE_BIRTH;
	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * w[i];
	return "10X98765432"[sum % 11] == s[17] ? CODE_OK : CODE_CHECK;
}

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Checks a unified social credit code, GB 32100 (see value.h). */
enum value_code
value_uscc_problem(const char *s, size_t *bad)
{
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25,
	    13, 8, 24, 10, 30, 28 };
	int	 i, sum = 0, check;

	if (utf8_chars(s, strlen(s)) != 18)
		return CODE_LEN;
	for (i = 0; i < 18; i++)
		if (s[i] == '\0' || strchr(uscc_chars, s[i]) == NULL) {
			if (bad != NULL)
				*bad = (size_t)i;
			return CODE_CHAR;
		}
	for (i = 0; i < 17; i++)
		sum += (int)(strchr(uscc_chars, s[i]) - uscc_chars) * w[i];
	check = 31 - sum % 31;
	if (check == 31)
		check = 0;
	return uscc_chars[check] == s[17] ? CODE_OK : CODE_CHECK;
}

/* s as codes are compared (see value.h). */
void
value_code_norm(struct buf *b, const char *s)
{
	size_t	 i;

	buf_clear(b);
	utext_narrow(b, s, strlen(s));
	for (i = 0; i < b->len; i++)
		if (b->ptr[i] >= 'a' && b->ptr[i] <= 'z')
			b->ptr[i] -= 'a' - 'A';
}

