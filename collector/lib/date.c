#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/buf.h"
#include "lib/calendar.h"
#include "lib/date.h"

#define SECS_PER_DAY	86400
#define MAX_ZONE	(14 * 60)	/* largest offset accepted, in minutes */

/* A broken-down time in some offset; the year is not limited. */
struct civil {
	int64_t	 year;
	int	 mon;	/* 1..12 */
	int	 mday;	/* 1..31 */
	int	 hour;
	int	 min;
	int	 sec;
	int	 wday;	/* 0 = Sunday */
	int	 yday;	/* 0..365 */
};

static const char *const wday_abbr[] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
static const char *const wday_name[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
static const char *const wday_zh[] = {
	"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"
};
static const char *const mon_abbr[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
	"Nov", "Dec"
};
static const char *const mon_name[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* Breaks t down in offset off; safe for every int64_t and int. */
static void
breakdown(int64_t t, int off, struct civil *c)
{
	int64_t	 days, secs;

	days = cal_floordiv(t, SECS_PER_DAY);
	secs = cal_floormod(t, SECS_PER_DAY) + (int64_t)off * 60;
	days += cal_floordiv(secs, SECS_PER_DAY);
	secs = cal_floormod(secs, SECS_PER_DAY);
	cal_date(days, &c->year, &c->mon, &c->mday);
	c->hour = (int)(secs / 3600);
	c->min = (int)(secs / 60 % 60);
	c->sec = (int)(secs % 60);
	c->wday = cal_weekday(days) % 7;
	c->yday = (int)(days - cal_day(c->year, 1, 1));
}

static void
put_zone(struct buf *b, int off, int colon)
{
	int64_t	 a = off;

	if (a < 0)
		a = -a;
	buf_printf(b, "%c%02lld%s%02lld", off < 0 ? '-' : '+',
	    (long long)(a / 60), colon ? ":" : "", (long long)(a % 60));
}

/*
 * Appends t formatted by fmt in offset off (minutes east of UTC).  The
 * output never depends on the locale or TZ.  Conversions: %Y %m %d %e %H
 * %M %S %y %j %F %T %a %A %b %B %z (+0800) %Z (+08:00) %%, and %K
 * (星期一..星期日), %n (month without padding), %o (day without padding).
 * Other sequences, and a lone % at the end, are copied literally.
 */
void
date_format(struct buf *b, const char *fmt, int64_t t, int off)
{
	struct civil	 c;
	const char	*p, *run;

	breakdown(t, off, &c);
	for (run = p = fmt; *p != '\0'; p++) {
		if (*p != '%' || p[1] == '\0')
			continue;
		buf_put(b, run, (size_t)(p - run));
		run = p + 2;
		switch (*++p) {
		case 'Y':
			buf_printf(b, "%04lld", (long long)c.year);
			break;
		case 'm':
			buf_printf(b, "%02d", c.mon);
			break;
		case 'd':
			buf_printf(b, "%02d", c.mday);
			break;
		case 'e':
			buf_printf(b, "%2d", c.mday);
			break;
		case 'H':
			buf_printf(b, "%02d", c.hour);
			break;
		case 'M':
			buf_printf(b, "%02d", c.min);
			break;
		case 'S':
			buf_printf(b, "%02d", c.sec);
			break;
		case 'y':
			buf_printf(b, "%02lld", (long long)cal_floormod(c.year, 100));
			break;
		case 'j':
			buf_printf(b, "%03d", c.yday + 1);
			break;
		case 'F':
			buf_printf(b, "%04lld-%02d-%02d", (long long)c.year,
			    c.mon, c.mday);
			break;
		case 'T':
			buf_printf(b, "%02d:%02d:%02d", c.hour, c.min, c.sec);
			break;
		case 'a':
			buf_puts(b, wday_abbr[c.wday]);
			break;
		case 'A':
			buf_puts(b, wday_name[c.wday]);
			break;
		case 'b':
			buf_puts(b, mon_abbr[c.mon - 1]);
			break;
		case 'B':
			buf_puts(b, mon_name[c.mon - 1]);
			break;
		case 'z':
			put_zone(b, off, 0);
			break;
		case 'Z':
			put_zone(b, off, 1);
			break;
		case 'K':
			buf_puts(b, wday_zh[c.wday]);
			break;
		case 'n':
			buf_printf(b, "%d", c.mon);
			break;
		case 'o':
			buf_printf(b, "%d", c.mday);
			break;
		case '%':
			buf_putc(b, '%');
			break;
		default:
			run = p - 1;
			break;
		}
	}
	buf_puts(b, run);
}

/* Appends t in offset off as in RSS: "Mon, 09 May 2022 10:00:00 +0800". */
void
date_rfc822(struct buf *b, int64_t t, int off)
{
	date_format(b, "%a, %d %b %Y %H:%M:%S %z", t, off);
}

/* Appends t in offset off as in Atom: "2022-05-09T10:00:00+08:00". */
void
date_rfc3339(struct buf *b, int64_t t, int off)
{
	date_format(b, "%Y-%m-%dT%H:%M:%S%Z", t, off);
}

/* Reads exactly width digits at s[*i..n) into *v, advancing *i. */
static int
digits(const char *s, size_t n, size_t *i, int width, int *v)
{
	int	 k;

	if (n - *i < (size_t)width)
		return 0;
	for (*v = 0, k = 0; k < width; k++, (*i)++) {
		if (s[*i] < '0' || s[*i] > '9')
			return 0;
		*v = *v * 10 + (s[*i] - '0');
	}
	return 1;
}

static int
expect(const char *s, size_t n, size_t *i, char c)
{
	if (*i >= n || s[*i] != c)
		return 0;
	(*i)++;
	return 1;
}

/*
 * Parses the whole of s[0..n) as a zone: Z, +HH, +HHMM or +HH:MM (or -)
 * of at most 14:00, into minutes east of UTC.
 */
static int
parse_zone(const char *s, size_t n, int *off)
{
	size_t	 i;
	int	 h, m, neg;

	if (n == 1 && (s[0] == 'Z' || s[0] == 'z')) {
		*off = 0;
		return 1;
	}
	if (n == 0 || (s[0] != '+' && s[0] != '-'))
		return 0;
	neg = s[0] == '-';
	i = 1;
	if (!digits(s, n, &i, 2, &h))
		return 0;
	m = 0;
	if (i < n) {
		if (s[i] == ':')
			i++;
		if (!digits(s, n, &i, 2, &m))
			return 0;
	}
	if (i != n || m > 59 || h * 60 + m > MAX_ZONE)
		return 0;
	*off = neg ? -(h * 60 + m) : h * 60 + m;
	return 1;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/*
 * Parses the n bytes at s, surrounding ASCII whitespace ignored, as
 * YYYY-MM-DD optionally followed by T or a space and HH:MM, HH:MM:SS or
 * HH:MM:SS.fraction (ignored), then optionally a zone (Z, +HH:MM, +HHMM,
 * +HH, or -; a single space may precede a + or - zone).  Without a zone
 * the time is taken to be in offset defoff (minutes east of UTC).  Returns
 * 1 and sets *t to Unix seconds, or returns 0 if s is not such a date or
 * is out of range (second 60 is read as 59).
 */
int
date_parse(const char *s, size_t n, int defoff, int64_t *t)
{
	size_t	 i;
	int	 y, mo, d, h, mi, sec, off, dummy;

	while (n > 0 && is_space(s[n - 1]))
		n--;
	for (i = 0; i < n && is_space(s[i]); i++)
		continue;
	h = mi = sec = 0;
	off = defoff;
	if (!digits(s, n, &i, 4, &y) || !expect(s, n, &i, '-') ||
	    !digits(s, n, &i, 2, &mo) || !expect(s, n, &i, '-') ||
	    !digits(s, n, &i, 2, &d))
		return 0;
	if (i < n) {
		if (s[i] != 'T' && s[i] != ' ')
			return 0;
		i++;
		if (!digits(s, n, &i, 2, &h) || !expect(s, n, &i, ':') ||
		    !digits(s, n, &i, 2, &mi))
			return 0;
		if (expect(s, n, &i, ':')) {
			if (!digits(s, n, &i, 2, &sec))
				return 0;
			if (expect(s, n, &i, '.')) {
				if (!digits(s, n, &i, 1, &dummy))
					return 0;
				while (i < n && s[i] >= '0' && s[i] <= '9')
					i++;
			}
		}
		if (i + 1 < n && s[i] == ' ' &&
		    (s[i + 1] == '+' || s[i + 1] == '-'))
			i++;
		if (i < n && !parse_zone(s + i, n - i, &off))
			return 0;
	}
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > cal_month_days(y, mo) ||
	    h > 23 || mi > 59 || sec > 60)
		return 0;
	if (sec == 60)
		sec = 59;
	*t = cal_day(y, mo, d) * SECS_PER_DAY + h * 3600 + mi * 60 +
	    sec - (int64_t)off * 60;
	return 1;
}

/*
 * Parses the C string s, surrounding ASCII whitespace ignored, as a zone
 * offset: +08:00, -05:30, +0800, +08, Z or UTC (any case).  Returns 1 and
 * sets *off to minutes east of UTC, or 0 if s is not one (or beyond 14:00).
 */
int
date_parse_offset(const char *s, int *off)
{
	size_t	 n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n == 3 && strncasecmp(s, "UTC", 3) == 0) {
		*off = 0;
		return 1;
	}
	return parse_zone(s, n, off);
}


int
date_weekday(const char *s, size_t *len)
{
	static const char *const prefix[] = { "星期", "周", "礼拜" };
	static const char *const last = "一二三四五六日天";
	size_t	 i, k, n;

	if (s[0] >= '1' && s[0] <= '7') {
		*len = 1;
		return s[0] - '0';
	}
	for (i = 0; i < sizeof(prefix) / sizeof(prefix[0]); i++) {
		n = strlen(prefix[i]);
		if (strncmp(s, prefix[i], n) != 0)
			continue;
		/* each of last is 3 bytes of UTF-8; 日 and 天 are Sunday */
		for (k = 0; k < 8; k++)
			if (strncmp(s + n, last + 3 * k, 3) == 0) {
				*len = n + 3;
				return k < 7 ? (int)k + 1 : 7;
			}
	}
	return 0;
}
