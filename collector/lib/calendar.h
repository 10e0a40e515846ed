/*
 * calendar: the one proleptic Gregorian calendar of Shouhu, for every
 * year an int64_t holds.  Days are counted from 1970-01-01 (day 0), after
 * Howard Hinnant's days_from_civil: years start on March 1 so that the
 * leap day is last, and 400-year eras have exactly 146097 days.
 */
#ifndef SHOUHU_CALENDAR_H
#define SHOUHU_CALENDAR_H

#include <stdint.h>

/* a divided by b rounded down, and the remainder that goes with it
 * (0 <= remainder < b for b > 0) */
int64_t	 cal_floordiv(int64_t a, int64_t b);
int64_t	 cal_floormod(int64_t a, int64_t b);

/* Whether y is a leap year. */
int	 cal_leap(int64_t y);

/* The days of month m (1..12) of year y. */
int	 cal_month_days(int64_t y, int m);

/* Whether y-m-d is a date (m 1..12, d 1..the month's days). */
int	 cal_valid(int64_t y, int m, int d);

/* The day number of y-m-d (m 1..12, d 1..31; not checked). */
int64_t	 cal_day(int64_t y, int m, int d);

/* The date of day z: the inverse of cal_day. */
void	 cal_date(int64_t z, int64_t *y, int *m, int *d);

/* The weekday of day z: 1 for Monday .. 7 for Sunday (ISO 8601). */
int	 cal_weekday(int64_t z);

#endif
