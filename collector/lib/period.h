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

int	period_parse(const char *s, struct period *p);
int	period_of_date(int64_t day, int is_week, struct period *p);
void	period_format(const struct period *p, char *buf, size_t size);

/* Calendar days (proleptic Gregorian, no time zone), shared with check.c. */
int64_t	period_day(int64_t y, int m, int d);
void	period_civil(int64_t z, int *y, int *m, int *d);

#endif
