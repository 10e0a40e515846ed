/*
 * period: reporting periods, ISO weeks ("2022-W21") and months ("2022-05").
 */
#ifndef SHOUHU_PERIOD_H
#define SHOUHU_PERIOD_H

#include <stddef.h>
#include <stdint.h>

struct period {
	int	 year;
	int	 week;		/* 1..53, or 0 for a month */
	int	 month;		/* 1..12, or 0 for a week */
	int64_t	 first_day;	/* days since 1970-01-01 of its first day */
	int64_t	 last_day;	/* and of its last day */
};

/*
 * Parses an ISO week "2022-W21" or a month "2022-05" (years 2000 to 2100;
 * week 53 only in years that have one) into *p.  Returns 1, or 0 leaving
 * *p alone if s is not such a period.
 */
int	period_parse(const char *s, struct period *p);

/*
 * Fills *p with the ISO week (is_week) or the month holding day (days
 * since 1970-01-01).  Returns 1, or 0 leaving *p alone outside 2000..2100.
 */
int	period_of_date(int64_t day, int is_week, struct period *p);

/* Writes "2022-W05" or "2022-05" into buf of size bytes (11 suffice). */
void	period_format(const struct period *p, char *buf, size_t size);

#endif
