#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "form.h"
#include "period.h"
#include "table.h"
#include "util.h"

#define NOCOL		SIZE_MAX	/* a problem with no cell: sorts last */
#define VALUE_SHOWN	40		/* characters of a cell in a message */
#define CHOICES_SHOWN	8
#define NUM_DIGITS	15		/* integer digits a number may have */
#define NUM_LARGEST	"999999999999999"
#define NUM_CHARS	64		/* longest number text read */

enum { NUM_OK, NUM_BAD, NUM_BIG };
enum { DATE_OK, DATE_BAD, DATE_NODAY };
enum { CODE_OK, CODE_LEN, CODE_CHAR, CODE_BIRTH, CODE_CHECK };

static const char MSG_REQUIRED[] = "必须填写";
static const char MSG_INT[] = "应当是整数，如 3";
static const char MSG_NEGATIVE[] = "不能是负数";
static const char MSG_DECIMAL[] = "应当是数字，如 1200.50";
static const char MSG_DATE[] = "日期格式不对，应写成 2022-05-09";
static const char MSG_NODAY[] = "没有这一天";
static const char MSG_PHONE[] = "电话号码不对：手机号是 11 位数字（如 "
    "13812345678），座机要带区号（如 0537-1234567）";

struct problem {
	size_t	 col;
	char	*text;
};

/* One run of check_table. */
struct run {
	const struct form  *f;
	const char	   *path;
	const struct table *t;
	int		    date1904;
	size_t		    n;		/* problems reported */
	long		   *col;	/* field -> column, or -1 */
	char		  **keys;	/* field -> folded name and label */
	struct problem	   *p;		/* problems of the current row */
	size_t		    np, capp;
	struct buf	    tmp;
};

/*
 * Decodes the UTF-8 character at *pp (before end) and advances past it;
 * an invalid byte is U+FFFD and one byte long.
 */
static uint32_t
next_char(const char **pp, const char *end)
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

static void
put_char(struct buf *b, uint32_t c)
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
static int
is_space(uint32_t c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0 ||
	    c == 0x3000 || c == 0xfeff || c == 0x200b;
}

/* Full-width ASCII forms (Ｂ, ３, （) as their ASCII characters. */
static uint32_t
halfwidth(uint32_t c)
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
static size_t
chars(const char *s, size_t n)
{
	const char *e = s + n;
	size_t	 k = 0;

	while (s < e) {
		next_char(&s, e);
		k++;
	}
	return k;
}

/* Narrows s[0..*n) to its part without surrounding white space. */
static const char *
trim(const char *s, size_t *n)
{
	const char *p, *e = s + *n, *q;

	for (p = s; p < e; p = q) {
		q = p;
		if (!is_space(next_char(&q, e)))
			break;
	}
	s = p;
	while (e > s) {
		/* step back over one character */
		q = e - 1;
		while (q > s && ((unsigned char)*q & 0xc0) == 0x80 && e - q < 4)
			q--;
		p = q;
		if (!is_space(next_char(&p, e)) || p != e)
			break;
		e = q;
	}
	*n = (size_t)(e - s);
	return s;
}

/* Whether s[0..n) is nothing but white space. */
static int
blank(const char *s, size_t n)
{
	trim(s, &n);
	return n == 0;
}

/*
 * Appends to b the form of s[0..n) used to compare loosely: full-width
 * characters as ASCII, no white space, ASCII letters in lower case.
 */
static void
fold(struct buf *b, const char *s, size_t n)
{
	const char *e = s + n;
	uint32_t c;

	while (s < e) {
		c = halfwidth(next_char(&s, e));
		if (is_space(c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		put_char(b, c);
	}
}

/* Appends s[0..n) with full-width forms as ASCII and no white space. */
static void
narrow(struct buf *b, const char *s, size_t n)
{
	const char *e = s + n;
	uint32_t c;

	while (s < e) {
		c = halfwidth(next_char(&s, e));
		if (!is_space(c))
			put_char(b, c);
	}
}

/*
 * Appends the cell text s as messages show it: trimmed, line breaks and
 * other control characters as spaces, cut to VALUE_SHOWN characters with
 * "…".  Returns whether anything was appended.
 */
static int
put_shown(struct buf *b, const char *s)
{
	const char *p, *e, *q;
	size_t	 n = strlen(s), k = 0;
	uint32_t c;

	p = trim(s, &n);
	e = p + n;
	while (p < e) {
		if (k++ == VALUE_SHOWN) {
			buf_puts(b, "…");
			break;
		}
		q = p;
		c = next_char(&p, e);
		if (c == '\r' && p < e && *p == '\n')
			p++;
		if (c < 0x20 || c == 0x7f)
			buf_putc(b, ' ');
		else if (c == 0xfffd && p - q == 1)
			buf_puts(b, "\xef\xbf\xbd");
		else
			buf_put(b, q, (size_t)(p - q));
	}
	return n > 0;
}

/* Appends "（VALUE）" for the cell text s; nothing when it is empty. */
static void
put_value(struct buf *b, const char *s)
{
	size_t	 n = b->len;

	buf_puts(b, "（");
	if (!put_shown(b, s))
		buf_truncate(b, n);
	else
		buf_puts(b, "）");
}

/*
 * Records a problem: "PATH:LINE[:COL][(LABEL)]: MESSAGE[（VALUE）]".
 * col is NOCOL for none, fi -1 for no field, value NULL for none.
 */
static void
report(struct run *r, int line, size_t col, int fi, const char *value,
    const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	char	 name[8];
	va_list	 ap;

	buf_printf(&b, "%s:%d", r->path, line);
	if (col != NOCOL) {
		table_column_name(name, col);
		buf_printf(&b, ":%s", name);
	}
	if (fi >= 0)
		buf_printf(&b, "(%s)", r->f->fields[fi].label);
	buf_puts(&b, ": ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (value != NULL)
		put_value(&b, value);
	buf_putc(&b, '\n');
	if (r->np == r->capp) {
		r->capp = r->capp ? r->capp * 2 : 8;
		r->p = xreallocarray(r->p, r->capp, sizeof(*r->p));
	}
	r->p[r->np].col = col;
	r->p[r->np].text = buf_detach(&b);
	r->np++;
	r->n++;
}

/* Writes the problems of one row in column order (stable). */
static void
flush(struct run *r, struct buf *out)
{
	struct problem p;
	size_t	 i, j;

	for (i = 1; i < r->np; i++) {
		p = r->p[i];
		for (j = i; j > 0 && r->p[j - 1].col > p.col; j--)
			r->p[j] = r->p[j - 1];
		r->p[j] = p;
	}
	for (i = 0; i < r->np; i++) {
		buf_puts(out, r->p[i].text);
		free(r->p[i].text);
	}
	r->np = 0;
}

/* A number for a message: 10000, 1200.5. */
static const char *
fmt_num(char *s, size_t size, double d)
{
	size_t	 n;

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
 * Parses a number as people type it or Excel stores it: optional sign,
 * digits (full-width too), "," or "，" grouping in threes, a decimal point
 * (. or ．), an exponent (1.5E-3).  Writes it rounded to places decimals
 * to out in canonical form: no sign for zero, no leading zeros, no
 * grouping, no trailing zeros after the point, no point without
 * decimals.  Sets *neg for a negative number.  Returns NUM_OK, NUM_BAD or
 * NUM_BIG (more than NUM_DIGITS integer digits).
 */
static int
parse_number(const char *s, size_t n, int places, struct buf *out, int *neg)
{
	char	 a[NUM_CHARS + 1], d[2 * NUM_CHARS + 8];
	const char *p, *e = s + n;
	size_t	 k = 0, nd = 0, nint = 0, g, i, len;
	long	 point, exp = 0;
	int	 expneg = 0, grouped = 0, carry;
	uint32_t c;

	buf_clear(out);
	*neg = 0;
	for (p = s; p < e; ) {
		c = halfwidth(next_char(&p, e));
		if (c >= 0x80 || k == NUM_CHARS)
			return NUM_BAD;
		a[k++] = (char)c;
	}
	a[k] = '\0';
	p = a;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	/* integer digits, grouped in threes if there is any comma */
	for (g = 0; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			if (g == 0 || (grouped && g != 3) || g > 3)
				return NUM_BAD;
			grouped = 1;
			g = 0;
			continue;
		}
		d[nd++] = *p;
		g++;
	}
	if (grouped && g != 3)
		return NUM_BAD;
	nint = nd;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			d[nd++] = *p;
	if (nd == 0)
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

	point = (long)nint + (expneg ? -exp : exp);
	for (i = 0; i < nd && d[i] == '0'; i++)
		point--;
	memmove(d, d + i, nd - i);
	nd -= i;
	while (nd > 0 && d[nd - 1] == '0')
		nd--;
	if (nd == 0 || point < -(long)places - 1) {
		*neg = 0;
		buf_putc(out, '0');
		return NUM_OK;
	}
	if (point > NUM_DIGITS)
		return NUM_BIG;
	/* lay the digits out as integer part and places decimals */
	if (point < 0) {
		memmove(d + (size_t)-point, d, nd);
		memset(d, '0', (size_t)-point);
		nd += (size_t)-point;
		point = 0;
	}
	while ((long)nd < point)
		d[nd++] = '0';
	len = (size_t)point + (size_t)places;
	if (nd > len) {
		carry = d[len] >= '5';
		nd = len;
		if (carry && increment(d, nd)) {
			memmove(d + 1, d, nd++);
			d[0] = '1';
			point++;
		}
	}
	if (point > NUM_DIGITS)
		return NUM_BIG;
	while (nd > (size_t)point && d[nd - 1] == '0')
		nd--;
	for (i = 0; i < (size_t)point && d[i] == '0'; i++)
		;
	if (i == nd) {
		*neg = 0;
		buf_putc(out, '0');
		return NUM_OK;
	}
	if (*neg)
		buf_putc(out, '-');
	if (i == (size_t)point)
		buf_putc(out, '0');
	else
		buf_put(out, d + i, (size_t)point - i);
	if (nd > (size_t)point) {
		buf_putc(out, '.');
		buf_put(out, d + point, nd - (size_t)point);
	}
	return NUM_OK;
}

/* The canonical number s times 100, for exact comparisons and sums. */
static int64_t
cents(const char *s)
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

static void
put_cents(struct buf *b, int64_t v)
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

static int
valid_date(int y, int m, int d)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	return m != 2 || d < 29 ||
	    ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
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

/*
 * Parses a date as written in a cell: 2022-05-09, 2022/5/9, 2022.5.9 (each
 * optionally followed by a time, ignored) or 2022年5月9日 (or 9号).
 * Returns DATE_OK with *day, DATE_BAD, or DATE_NODAY for a date that is
 * well written but does not exist (2022-02-30).
 */
static int
parse_date(const char *s, size_t n, int64_t *day)
{
	struct buf b = BUF_INIT;
	const char *p, *e;
	char	 sep;
	int	 y, m, d, h, mi, sec, r = DATE_BAD;

	s = trim(s, &n);
	/* full-width digits and punctuation as ASCII, spaces kept */
	for (p = s, e = s + n; p < e; )
		put_char(&b, halfwidth(next_char(&p, e)));
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
	if (!valid_date(y, m, d)) {
		r = DATE_NODAY;
		goto out;
	}
	*day = period_day(y, m, d);
	r = DATE_OK;
out:
	buf_free(&b);
	return r;
}

/*
 * An Excel serial date: days since 1899-12-31 with Excel's 1900-02-29
 * (serial 60, which never existed), or since 1904-01-01 in 1904 workbooks.
 * A fraction is the time of day and ignored.
 */
static int
parse_serial(const char *s, int date1904, int64_t *day)
{
	char	*end;
	double	 v;
	int64_t	 n;

	v = strtod(s, &end);
	if (end == s || *end != '\0' || !(v >= 0 && v < 2958466))
		return DATE_BAD;
	n = (int64_t)v;
	if (date1904) {
		*day = n + period_day(1904, 1, 1);
		return DATE_OK;
	}
	if (n == 0)
		return DATE_BAD;
	if (n == 60)
		return DATE_NODAY;
	*day = n + period_day(1899, 12, n < 60 ? 31 : 30);
	return DATE_OK;
}

static void
put_day(struct buf *b, int64_t day)
{
	int	 y, m, d;

	period_civil(day, &y, &m, &d);
	buf_printf(b, "%04d-%02d-%02d", y, m, d);
}

/*
 * Writes the phone number s in canonical form to out: a mobile as 11
 * digits, a landline as AREA-NUMBER, a 400/800 number as 400-123-4567.
 * Returns 1, or 0 if s is not a phone number.
 */
static int
phone_norm(const char *s, struct buf *out)
{
	struct buf b = BUF_INIT;
	char	 d[20];
	size_t	 n = 0, i, area;
	int	 ok = 0;

	narrow(&b, s, strlen(s));
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

/*
 * Checks a citizen ID number (GB 11643), already narrowed and upper-case:
 * 17 digits and a check character over them.
 */
static int
idcard_problem(const char *s)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
	    5, 8, 4, 2 };
	int	 i, sum = 0, y, m, d;

	if (chars(s, strlen(s)) != 18)
		return CODE_LEN;
	for (i = 0; i < 17; i++)
		if (s[i] < '0' || s[i] > '9')
			return CODE_CHAR;
	if (!((s[17] >= '0' && s[17] <= '9') || s[17] == 'X'))
		return CODE_CHAR;
	sscanf(s + 6, "%4d%2d%2d", &y, &m, &d);
	if (y < 1800 || !valid_date(y, m, d))
		return CODE_BIRTH;
	for (i = 0; i < 17; i++)
		sum += (s[i] - '0') * w[i];
	return "10X98765432"[sum % 11] == s[17] ? CODE_OK : CODE_CHECK;
}

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/*
 * Checks a unified social credit code (GB 32100), already narrowed and
 * upper-case; *bad is the index of a character that cannot appear.
 */
static int
uscc_problem(const char *s, size_t *bad)
{
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25,
	    13, 8, 24, 10, 30, 28 };
	int	 i, sum = 0, check;

	if (chars(s, strlen(s)) != 18)
		return CODE_LEN;
	for (i = 0; i < 18; i++)
		if (s[i] == '\0' || strchr(uscc_chars, s[i]) == NULL) {
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

/* Appends s narrowed, without spaces, ASCII letters in upper case. */
static void
code_norm(struct buf *b, const char *s)
{
	size_t	 i;

	buf_clear(b);
	narrow(b, s, strlen(s));
	for (i = 0; i < b->len; i++)
		if (b->ptr[i] >= 'a' && b->ptr[i] <= 'z')
			b->ptr[i] -= 'a' - 'A';
}

/*
 * Returns the index of the choice of fd that s[0..n) names: exactly, or
 * else the only one it matches loosely (full-width forms, white space,
 * case); -1 if none.
 */
static int
match_choice(const struct field *fd, const char *s, size_t n, struct buf *tmp)
{
	size_t	 i, key;
	int	 found = -1;

	for (i = 0; i < fd->nchoices; i++)
		if (strlen(fd->choices[i]) == n &&
		    memcmp(fd->choices[i], s, n) == 0)
			return (int)i;
	buf_clear(tmp);
	fold(tmp, s, n);
	key = tmp->len;
	for (i = 0; i < fd->nchoices; i++) {
		buf_truncate(tmp, key);
		fold(tmp, fd->choices[i], strlen(fd->choices[i]));
		if (tmp->len - key == key &&
		    memcmp(tmp->ptr, tmp->ptr + key, key) == 0) {
			if (found >= 0)
				return -1;
			found = (int)i;
		}
	}
	return found;
}

/* "（可选：X、Y、Z）" with at most CHOICES_SHOWN choices, then "等". */
static const char *
choices_text(struct buf *b, const struct field *fd)
{
	size_t	 i;

	buf_clear(b);
	buf_puts(b, "（可选：");
	for (i = 0; i < fd->nchoices && i < CHOICES_SHOWN; i++) {
		if (i > 0)
			buf_puts(b, "、");
		buf_puts(b, fd->choices[i]);
	}
	if (fd->nchoices > CHOICES_SHOWN)
		buf_puts(b, "等");
	buf_puts(b, "）");
	return b->ptr;
}

static int
is_digit_char(uint32_t c)
{
	c = halfwidth(c);
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

/*
 * The length of the numbering at the start of the list line s[0..n):
 * "1、", "1.", "1．", "1）", "1)", "（1）", "(1)", "①", "一、", "（一）";
 * 0 if there is none.
 */
static size_t
numbering(const char *s, size_t n)
{
	const char *p = s, *e = s + n, *q;
	uint32_t c;
	int	 paren = 0, k = 0, cn;

	c = next_char(&p, e);
	if (c >= 0x2460 && c <= 0x2473)		/* ① .. ⑳ */
		return (size_t)(p - s);
	if (c == '(' || c == 0xff08) {
		paren = 1;
		c = p < e ? next_char(&p, e) : 0;
	}
	cn = is_cn_numeral(c);
	while (k < 3 && (cn ? is_cn_numeral(c) : is_digit_char(c))) {
		c = p < e ? next_char(&p, e) : 0;
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
		if (p < e && is_digit_char(next_char(&q, e)))
			return 0;
		return (size_t)(p - s);
	}
	return 0;
}

/*
 * Checks a list cell: lines trimmed, numbering removed, empty lines
 * dropped, each line one of the choices if there are any.  Writes the
 * lines joined by "\n" to norm.  Returns 1, or 0 after reporting.
 */
static int
check_list(struct run *r, int line, size_t col, int fi, const char *s,
    struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	struct buf b = BUF_INIT;
	const char *p = s, *e = s + strlen(s), *l;
	size_t	 n, k, item = 0, total = 0;
	int	 c, ok = 1;

	buf_clear(norm);
	while (p < e && ok) {
		l = p;
		while (p < e && *p != '\n' && *p != '\r')
			p++;
		n = (size_t)(p - l);
		if (p < e && *p == '\r' && p + 1 < e && p[1] == '\n')
			p++;
		if (p < e)
			p++;
		l = trim(l, &n);
		k = numbering(l, n);
		l += k;
		n -= k;
		l = trim(l, &n);
		if (n == 0)
			continue;
		item++;
		if (fd->nchoices > 0) {
			if ((c = match_choice(fd, l, n, &r->tmp)) < 0) {
				report(r, line, col, fi, s, "第 %zu 条“%.*s”"
				    "不是可选的值：请从下拉列表中选择%s", item,
				    (int)n, l, choices_text(&b, fd));
				ok = 0;
				break;
			}
			l = fd->choices[c];
			n = strlen(l);
		}
		if (norm->len > 0)
			buf_putc(norm, '\n');
		buf_put(norm, l, n);
		total += chars(l, n);
	}
	if (ok && fd->max > 0 && total > (size_t)fd->max) {
		report(r, line, col, fi, s, "太长了：最多 %zu 个字，现在 %zu 个字",
		    (size_t)fd->max, total);
		ok = 0;
	}
	buf_free(&b);
	return ok;
}

/* Checks a number cell of an int or decimal field. */
static int
check_number(struct run *r, int line, size_t col, int fi, const char *s,
    const char *v, size_t n, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	char	 num[64];
	double	 d;
	int	 neg, rc, isint = fd->type == FT_INT;
	const char *bad = isint ? MSG_INT : MSG_DECIMAL;

	/* an int is read to 9 places so that 3.5 is caught, not rounded */
	rc = parse_number(v, n, isint ? 9 : 2, norm, &neg);
	if (rc == NUM_BAD || (rc == NUM_OK && isint &&
	    strchr(norm->ptr, '.') != NULL)) {
		report(r, line, col, fi, s, "%s", bad);
		return 0;
	}
	if (rc == NUM_BIG) {
		if (neg && fd->min >= 0)
			report(r, line, col, fi, s, "%s", MSG_NEGATIVE);
		else if (neg)
			report(r, line, col, fi, s, "不能小于 %s",
			    fmt_num(num, sizeof(num), fd->min));
		else
			report(r, line, col, fi, s, "不能大于 %s", fd->max > 0 ?
			    fmt_num(num, sizeof(num), fd->max) : NUM_LARGEST);
		return 0;
	}
	d = strtod(norm->ptr, NULL);
	if (d < fd->min) {
		if (fd->min == 0)
			report(r, line, col, fi, s, "%s", MSG_NEGATIVE);
		else
			report(r, line, col, fi, s, "不能小于 %s",
			    fmt_num(num, sizeof(num), fd->min));
		return 0;
	}
	if (fd->max > 0 && d > fd->max) {
		report(r, line, col, fi, s, "不能大于 %s",
		    fmt_num(num, sizeof(num), fd->max));
		return 0;
	}
	return 1;
}

/* Checks a text cell with a check (phone, idcard, uscc) in norm. */
static int
check_code(struct run *r, int line, size_t col, int fi, const char *s,
    struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	size_t	 bad = 0;
	int	 rc;

	switch (fd->check) {
	case FC_PHONE:
		if (phone_norm(norm->ptr, &r->tmp)) {
			buf_set(norm, r->tmp.ptr, r->tmp.len);
			return 1;
		}
		report(r, line, col, fi, s, "%s", MSG_PHONE);
		return 0;
	case FC_IDCARD:
		code_norm(&r->tmp, norm->ptr);
		rc = idcard_problem(r->tmp.ptr);
		if (rc == CODE_LEN)
			report(r, line, col, fi, s, "身份证号不对：应当是 18 位，"
			    "现在是 %zu 位", chars(r->tmp.ptr, r->tmp.len));
		else if (rc == CODE_CHAR)
			report(r, line, col, fi, s, "身份证号不对：前 17 位应当"
			    "是数字，最后一位是数字或 X");
		else if (rc == CODE_BIRTH)
			report(r, line, col, fi, s, "身份证号不对：出生日期 "
			    "%.8s 不存在", r->tmp.ptr + 6);
		else if (rc == CODE_CHECK)
			report(r, line, col, fi, s, "身份证号不对：最后一位校验"
			    "码不对，请逐位核对");
		break;
	case FC_USCC:
		code_norm(&r->tmp, norm->ptr);
		rc = uscc_problem(r->tmp.ptr, &bad);
		if (rc == CODE_LEN)
			report(r, line, col, fi, s, "统一社会信用代码不对：应当"
			    "是 18 位，现在是 %zu 位", chars(r->tmp.ptr,
			    r->tmp.len));
		else if (rc == CODE_CHAR) {
			const char *p = r->tmp.ptr + bad, *q = p;

			next_char(&q, r->tmp.ptr + r->tmp.len);
			report(r, line, col, fi, s, "统一社会信用代码不对：第 "
			    "%zu 位“%.*s”不能用（只能是数字和除 I、O、S、V、Z "
			    "以外的大写字母）", bad + 1, (int)(q - p), p);
		} else if (rc == CODE_CHECK)
			report(r, line, col, fi, s, "统一社会信用代码不对：最后"
			    "一位校验码不对，请逐位核对");
		break;
	default:
		return 1;
	}
	if (rc != CODE_OK)
		return 0;
	buf_set(norm, r->tmp.ptr, r->tmp.len);
	return 1;
}

/*
 * Checks the non-empty cell c of field fi (trimmed: v[0..n)) and writes
 * its normalised value to norm.  Returns 1, or 0 after reporting.
 */
static int
check_cell(struct run *r, int line, size_t col, int fi, const struct cell *c,
    const char *v, size_t n, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	struct buf b = BUF_INIT;
	const char *p;
	int64_t	 day;
	int	 rc, neg;

	buf_set(norm, v, n);
	/* Excel stores 13812345678 typed in a text column as 1.3812345678E10 */
	if (c->kind == CELL_NUMBER && fd->type != FT_INT &&
	    fd->type != FT_DECIMAL && fd->type != FT_DATE &&
	    strpbrk(norm->ptr, "eE") != NULL &&
	    parse_number(v, n, 9, &b, &neg) == NUM_OK)
		buf_set(norm, b.ptr, b.len);
	buf_free(&b);

	switch (fd->type) {
	case FT_TEXT:
		/* one kind of line break inside */
		buf_clear(&r->tmp);
		for (p = norm->ptr; *p != '\0'; p++)
			if (*p != '\r')
				buf_putc(&r->tmp, *p);
			else if (p[1] != '\n')
				buf_putc(&r->tmp, '\n');
		buf_set(norm, r->tmp.ptr, r->tmp.len);
		if (!check_code(r, line, col, fi, c->s, norm))
			return 0;
		if (fd->max > 0 && chars(norm->ptr, norm->len) > fd->max) {
			report(r, line, col, fi, c->s, "太长了：最多 %zu 个字，"
			    "现在 %zu 个字", (size_t)fd->max,
			    chars(norm->ptr, norm->len));
			return 0;
		}
		return 1;
	case FT_INT:
	case FT_DECIMAL:
		return check_number(r, line, col, fi, c->s, v, n, norm);
	case FT_DATE:
		if (c->kind == CELL_NUMBER)
			rc = parse_serial(norm->ptr, r->date1904, &day);
		else
			rc = parse_date(v, n, &day);
		if (rc != DATE_OK) {
			report(r, line, col, fi, c->s, "%s", rc == DATE_NODAY ?
			    MSG_NODAY : MSG_DATE);
			return 0;
		}
		buf_clear(norm);
		put_day(norm, day);
		return 1;
	case FT_CHOICE:
		if ((rc = match_choice(fd, norm->ptr, norm->len, &r->tmp)) < 0) {
			report(r, line, col, fi, c->s, "不是可选的值：请从下拉"
			    "列表中选择%s", choices_text(&b, fd));
			buf_free(&b);
			return 0;
		}
		buf_set(norm, fd->choices[rc], strlen(fd->choices[rc]));
		return 1;
	case FT_LIST:
		return check_list(r, line, col, fi, c->s, norm);
	}
	return 1;
}

/* The folded header cell: no trailing "*" (the template's required mark). */
static void
header_key(struct buf *b, const char *s)
{
	size_t	 n = strlen(s);

	buf_clear(b);
	s = trim(s, &n);
	if (n >= 1 && s[n - 1] == '*')
		n--;
	else if (n >= 3 && memcmp(s + n - 3, "＊", 3) == 0)
		n -= 3;
	fold(b, s, n);
}

/* Maps the header's columns to fields; reports header problems. */
static void
map_header(struct run *r, struct buf *out)
{
	const struct form *f = r->f;
	const struct table *t = r->t;
	struct buf key = BUF_INIT;
	char	 name[8];
	size_t	 c, i;
	int	 fi;

	for (c = 0; c < t->ncols; c++) {
		header_key(&key, t->header[c].s);
		if (key.len == 0) {
			for (i = 0; i < t->nrows; i++)
				if (!blank(t->rows[i][c].s,
				    strlen(t->rows[i][c].s)))
					break;
			if (i < t->nrows)
				report(r, t->header_line, c, -1, NULL, "这一列有"
				    "内容但没有列名：请使用本表的模板"
				    "（shouhu-collect template %s）", f->id);
			continue;
		}
		for (fi = 0; (size_t)fi < f->nfields; fi++)
			if (strcmp(key.ptr, r->keys[2 * fi]) == 0 ||
			    strcmp(key.ptr, r->keys[2 * fi + 1]) == 0)
				break;
		if ((size_t)fi == f->nfields) {
			buf_clear(&key);
			put_shown(&key, t->header[c].s);
			report(r, t->header_line, c, -1, NULL, "不认识的列“%s”："
			    "请使用本表的模板（shouhu-collect template %s）",
			    key.ptr, f->id);
		} else if (r->col[fi] >= 0) {
			table_column_name(name, (size_t)r->col[fi]);
			report(r, t->header_line, c, fi, NULL, "这一列重复了："
			    "%s 列已经是这一列，请删掉多余的一列", name);
		} else
			r->col[fi] = (long)c;
	}
	for (i = 0; i < f->nfields; i++)
		if (r->col[i] < 0 && f->fields[i].required)
			report(r, t->header_line, NOCOL, -1, NULL, "缺少必填列"
			    "“%s”：请使用本表的模板", f->fields[i].label);
	flush(r, out);
	buf_free(&key);
}

/* Where a rule's problem about field fi goes: its column, if it has one. */
static size_t
col_of(struct run *r, size_t fi)
{
	return r->col[fi] >= 0 ? (size_t)r->col[fi] : NOCOL;
}

/*
 * Checks the rules of the form on one row.  state[fi] is 1 for a valid
 * value, 0 for an empty cell, -1 for a cell with a problem; a rule is only
 * checked when the cells it compares are valid.
 */
static void
check_rules(struct run *r, int line, char **vals, const int *state)
{
	const struct form *f = r->f;
	const struct rule *ru;
	struct buf b = BUF_INIT;
	size_t	 i, k, a, c;
	int64_t	 x, sum;
	int	 ok;

	for (i = 0; i < f->nrules; i++) {
		ru = &f->rules[i];
		a = ru->fields[0];
		c = ru->nfields > 1 ? ru->fields[1] : a;
		switch (ru->kind) {
		case RULE_LE:
			if (state[a] != 1 || state[c] != 1)
				break;
			if (cents(vals[a]) > cents(vals[c]))
				report(r, line, col_of(r, a), (int)a, NULL,
				    "%s 不能大于 %s（%s 对 %s）",
				    f->fields[a].label, f->fields[c].label,
				    vals[a], vals[c]);
			break;
		case RULE_AFTER:
			if (state[a] != 1 || state[c] != 1)
				break;
			if (strcmp(vals[a], vals[c]) < 0)
				report(r, line, col_of(r, a), (int)a, NULL,
				    "%s 不能早于 %s（%s 对 %s）",
				    f->fields[a].label, f->fields[c].label,
				    vals[a], vals[c]);
			break;
		case RULE_SUM:
			if (state[a] != 1)
				break;
			ok = 1;
			sum = 0;
			buf_clear(&b);
			for (k = 1; k < ru->nfields; k++) {
				c = ru->fields[k];
				if (state[c] < 0)
					ok = 0;
				else if (state[c] == 1 &&
				    __builtin_add_overflow(sum, cents(vals[c]),
				    &sum))
					ok = 0;
				buf_printf(&b, "%s%s", k > 1 ? " + " : "",
				    f->fields[c].label);
			}
			x = cents(vals[a]);
			if (ok && x != sum) {
				buf_printf(&b, "（%s 对 ", vals[a]);
				put_cents(&b, sum);
				report(r, line, col_of(r, a), (int)a, NULL,
				    "%s 应当等于 %s）", f->fields[a].label,
				    b.ptr);
			}
			break;
		case RULE_REQUIRED_IF:
			if (state[a] != 0 || state[c] != 1 ||
			    strcmp(vals[c], ru->value) != 0)
				break;
			report(r, line, col_of(r, a), (int)a, NULL,
			    "%s 是“%s”时必须填写", f->fields[c].label,
			    ru->value);
			break;
		}
	}
	buf_free(&b);
}

/*
 * Checks every row of table t (read from the file path; date1904: its
 * serial dates count from 1904) against form f.  Appends one line per
 * problem to out, "PATH:ROW:COL(LABEL): MESSAGE（VALUE）\n", header
 * problems first, then rows in order and each row's problems in column
 * order.  Rows that are entirely blank are skipped; a table with no rows
 * (or no header at all: an empty file) has no problems.  If checked is
 * not NULL it receives the normalised values of every non-blank row, valid
 * or not (the caller refuses to pack when there are problems), and must be
 * freed with checked_free.  Returns the number of problems.
 */
size_t
check_table(const struct form *f, const char *path, const struct table *t,
    int date1904, struct checked *checked, struct buf *out)
{
	struct run r;
	struct buf norm = BUF_INIT;
	const struct cell *cell;
	const char *v;
	char	**vals = NULL;
	int	*state = NULL;
	size_t	 i, fi, c, n, cap = 0;
	int	 line;

	memset(&r, 0, sizeof(r));
	r.f = f;
	r.path = path;
	r.t = t;
	r.date1904 = date1904;
	buf_init(&r.tmp);
	if (checked != NULL) {
		memset(checked, 0, sizeof(*checked));
		checked->nfields = f->nfields;
	}
	if (t->header == NULL || t->ncols == 0)
		return 0;

	r.col = xcalloc(f->nfields, sizeof(*r.col));
	r.keys = xcalloc(2 * f->nfields, sizeof(*r.keys));
	for (fi = 0; fi < f->nfields; fi++) {
		r.col[fi] = -1;
		fold(&norm, f->fields[fi].name, strlen(f->fields[fi].name));
		r.keys[2 * fi] = buf_detach(&norm);
		fold(&norm, f->fields[fi].label, strlen(f->fields[fi].label));
		r.keys[2 * fi + 1] = buf_detach(&norm);
	}
	map_header(&r, out);

	state = xcalloc(f->nfields, sizeof(*state));
	for (i = 0; i < t->nrows; i++) {
		for (c = 0; c < t->ncols; c++)
			if (!blank(t->rows[i][c].s, strlen(t->rows[i][c].s)))
				break;
		if (c == t->ncols)
			continue;
		line = t->lines[i];
		vals = xcalloc(f->nfields, sizeof(*vals));
		for (fi = 0; fi < f->nfields; fi++) {
			state[fi] = 0;
			buf_clear(&norm);
			if (r.col[fi] < 0) {
				vals[fi] = xstrdup("");
				continue;
			}
			c = (size_t)r.col[fi];
			cell = &t->rows[i][c];
			n = strlen(cell->s);
			v = trim(cell->s, &n);
			if (n > 0) {
				state[fi] = check_cell(&r, line, c, (int)fi,
				    cell, v, n, &norm) ? 1 : -1;
				if (state[fi] < 0)
					buf_set(&norm, v, n);
			}
			/* a list of nothing but numbering is empty */
			if (state[fi] == 1 && norm.len == 0)
				state[fi] = 0;
			if (state[fi] == 0 && f->fields[fi].required)
				report(&r, line, c, (int)fi, NULL, "%s",
				    MSG_REQUIRED);
			vals[fi] = xstrndup(norm.ptr, norm.len);
		}
		check_rules(&r, line, vals, state);
		flush(&r, out);
		if (checked == NULL) {
			for (fi = 0; fi < f->nfields; fi++)
				free(vals[fi]);
			free(vals);
		} else {
			if (checked->nrows == cap) {
				cap = cap ? cap * 2 : 16;
				checked->rows = xreallocarray(checked->rows,
				    cap, sizeof(*checked->rows));
			}
			checked->rows[checked->nrows++] = vals;
		}
		vals = NULL;
	}

	for (fi = 0; fi < 2 * f->nfields; fi++)
		free(r.keys[fi]);
	free(r.keys);
	free(r.col);
	free(r.p);
	free(state);
	buf_free(&r.tmp);
	buf_free(&norm);
	return r.n;
}

/* Frees the normalised rows of *c and leaves it empty. */
void
checked_free(struct checked *c)
{
	size_t	 i, j;

	for (i = 0; i < c->nrows; i++) {
		for (j = 0; j < c->nfields; j++)
			free(c->rows[i][j]);
		free(c->rows[i]);
	}
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/*
 * Whether s is a phone number: a mobile number (11 digits, +86 allowed), a
 * landline with its area code (0537-1234567, 010-12345678), or a 400/800
 * number.  Full-width digits, spaces, "-" and parentheses are allowed.
 */
int
check_phone(const char *s)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	size_t	 n = strlen(s);
	int	 ok;

	s = trim(s, &n);
	buf_put(&b, s, n);
	ok = phone_norm(b.ptr, &out);
	buf_free(&b);
	buf_free(&out);
	return ok;
}

/*
 * Whether s is a valid citizen ID number (GB 11643): 17 digits with a
 * birth date that exists, then the check character (x may be lower case).
 */
int
check_idcard(const char *s)
{
	struct buf b = BUF_INIT;
	int	 ok;

	code_norm(&b, s);
	ok = idcard_problem(b.ptr) == CODE_OK;
	buf_free(&b);
	return ok;
}

/*
 * Whether s is a valid unified social credit code (GB 32100): 18
 * characters from 0-9 and A-Y without I, O, S, V, Z, the last one the
 * check character.
 */
int
check_uscc(const char *s)
{
	struct buf b = BUF_INIT;
	size_t	 bad;
	int	 ok;

	code_norm(&b, s);
	ok = uscc_problem(b.ptr, &bad) == CODE_OK;
	buf_free(&b);
	return ok;
}

/*
 * Parses a date written 2022-05-09, 2022/5/9, 2022.5.9 or 2022年5月9日
 * (full-width digits too; a time after the first three is ignored) into
 * *day, days since 1970-01-01.  Returns 1, or 0 leaving *day alone if s is
 * not a date or names a day that does not exist.
 */
int
check_date(const char *s, int64_t *day)
{
	int64_t	 d;

	if (parse_date(s, strlen(s), &d) != DATE_OK)
		return 0;
	*day = d;
	return 1;
}
