#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/period.h"

#define YEAR_MIN	2000
#define YEAR_MAX	2100

/*
 * Returns the days since 1970-01-01 of the proleptic Gregorian date y-m-d
 * (m 1..12, d 1..31; not checked), after H. Hinnant's days_from_civil.
 */
int64_t
period_day(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of period_day: the date of day z (days since 1970-01-01). */
void
period_civil(int64_t z, int *y, int *m, int *d)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 for Monday .. 6 for Sunday; 1970-01-01 was a Thursday. */
static int
weekday(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* The Monday of ISO week 1 of year y: the week holding 4 January. */
static int64_t
week1_monday(int y)
{
	int64_t	 jan4;

	jan4 = period_day(y, 1, 4);
	return jan4 - weekday(jan4);
}

static int
weeks_in_year(int y)
{
	return (int)((week1_monday(y + 1) - week1_monday(y)) / 7);
}

/* Reads exactly n ASCII digits at s into *v. */
static int
digits(const char *s, int n, int *v)
{
	int	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/*
 * Parses a period written as an ISO week "2022-W21" or a month "2022-05"
 * (years 2000 to 2100; week 53 only in years that have one) into *p, with
 * its first and last day.  Returns 1, or 0 leaving *p alone if s is not
 * such a period.
 */
int
period_parse(const char *s, struct period *p)
{
	struct period q;
	int	 n;

	memset(&q, 0, sizeof(q));
	if (!digits(s, 4, &q.year) || s[4] != '-')
		return 0;
	if (q.year < YEAR_MIN || q.year > YEAR_MAX)
		return 0;
	if (s[5] == 'W') {
		if (!digits(s + 6, 2, &n) || s[8] != '\0')
			return 0;
		if (n < 1 || n > weeks_in_year(q.year))
			return 0;
		q.week = n;
		q.first_day = week1_monday(q.year) + (int64_t)(n - 1) * 7;
		q.last_day = q.first_day + 6;
	} else {
		if (!digits(s + 5, 2, &n) || s[7] != '\0')
			return 0;
		if (n < 1 || n > 12)
			return 0;
		q.month = n;
		q.first_day = period_day(q.year, n, 1);
		q.last_day = q.first_day + month_days(q.year, n) - 1;
	}
	*p = q;
	return 1;
}

/*
 * Fills *p with the ISO week (is_week) or the month holding day (days since
 * 1970-01-01).  Returns 1, or 0 leaving *p alone if that period's year is
 * outside 2000 to 2100.
 */
int
period_of_date(int64_t day, int is_week, struct period *p)
{
	struct period q;
	int	 y, m, d;

	if (day < period_day(YEAR_MIN - 1, 1, 1) ||
	    day > period_day(YEAR_MAX + 1, 12, 31))
		return 0;
	memset(&q, 0, sizeof(q));
	if (is_week) {
		/* the ISO year is the year of the week's Thursday */
		q.first_day = day - weekday(day);
		period_civil(q.first_day + 3, &y, &m, &d);
		q.year = y;
		q.week = (int)((q.first_day - week1_monday(y)) / 7) + 1;
		q.last_day = q.first_day + 6;
	} else {
		period_civil(day, &y, &m, &d);
		q.year = y;
		q.month = m;
		q.first_day = day - (d - 1);
		q.last_day = q.first_day + month_days(y, m) - 1;
	}
	if (q.year < YEAR_MIN || q.year > YEAR_MAX)
		return 0;
	*p = q;
	return 1;
}

/*
 * Writes the canonical text of *p ("2022-W05" or "2022-05") into buf of
 * size bytes (11 are always enough), truncated and NUL-terminated if
 * size is smaller.
 */
void
period_format(const struct period *p, char *buf, size_t size)
{
	if (size == 0)
		return;
	if (p->week)
		snprintf(buf, size, "%04d-W%02d", p->year, p->week);
	else
		snprintf(buf, size, "%04d-%02d", p->year, p->month);
}
