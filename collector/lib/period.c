#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lib/calendar.h"
#include "lib/period.h"

#define YEAR_MIN	2000
#define YEAR_MAX	2100

/* The Monday of ISO week 1 of year y: the week holding 4 January. */
static int64_t
week1_monday(int y)
{
	int64_t	 jan4;

	jan4 = cal_day(y, 1, 4);
	return jan4 - (cal_weekday(jan4) - 1);
}

static int
weeks_in_year(int y)
{
	return (int)((week1_monday(y + 1) - week1_monday((int)y)) / 7);
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
		q.first_day = cal_day(q.year, n, 1);
		q.last_day = q.first_day + cal_month_days(q.year, n) - 1;
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
	int64_t	 y;
	int	 m, d;

	if (day < cal_day(YEAR_MIN - 1, 1, 1) ||
	    day > cal_day(YEAR_MAX + 1, 12, 31))
		return 0;
	memset(&q, 0, sizeof(q));
	if (is_week) {
		/* the ISO year is the year of the week's Thursday */
		q.first_day = day - (cal_weekday(day) - 1);
		cal_date(q.first_day + 3, &y, &m, &d);
		q.year = (int)y;
		q.week = (int)((q.first_day - week1_monday((int)y)) / 7) + 1;
		q.last_day = q.first_day + 6;
	} else {
		cal_date(day, &y, &m, &d);
		q.year = (int)y;
		q.month = m;
		q.first_day = day - (d - 1);
		q.last_day = q.first_day + cal_month_days(y, m) - 1;
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
