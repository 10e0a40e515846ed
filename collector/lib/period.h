/*
 * period: reporting periods, ISO weeks ("2022-W21") and months ("2022-05").
 */
#ifndef SHOUHU_PERIOD_H
#define SHOUHU_PERIOD_H

#include <stdint.h>

struct period {
	int	 year;
	int	 week;		/* 1..53, or 0 for a month */
	int	 month;		/* 1..12, or 0 for a week */
	int64_t	 first_day;	/* days since 1970-01-01 of its first day */
	int64_t	 last_day;	/* and of its last day */
};

int	period_parse(const char *, struct period *);
int	period_of_date(int64_t, int, struct period *);
void	period_format(const struct period *, char *, size_t);

/* Calendar days (proleptic Gregorian, no time zone), shared with check.c. */
int64_t	period_day(int64_t, int, int);
void	period_civil(int64_t, int *, int *, int *);

#endif
