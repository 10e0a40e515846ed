/*
 * The one calendar (see calendar.h).
 */
#include <assert.h>
#include <stdint.h>

#include "lib/calendar.h"

int64_t
cal_floordiv(int64_t a, int64_t b)
{
	int64_t	 q = a / b;

	assert(b != 0);
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t
cal_floormod(int64_t a, int64_t b)
{
	int64_t	 r = a % b;

	assert(b != 0);
	return (r != 0 && (r < 0) != (b < 0)) ? r + b : r;
}

int
cal_leap(int64_t y)
{
	return cal_floormod(y, 4) == 0 &&
	    (cal_floormod(y, 100) != 0 || cal_floormod(y, 400) == 0);
}

int
cal_month_days(int64_t y, int m)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	assert(m >= 1 && m <= 12);
	return m == 2 && cal_leap(y) ? 29 : mdays[m - 1];
}

int
cal_valid(int64_t y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= cal_month_days(y, m);
}

int64_t
cal_day(int64_t y, int m, int d)
{
	int64_t		 era;
	unsigned	 yoe, doy, doe, mp;

	if (m <= 2)
		y--;
	era = cal_floordiv(y, 400);
	yoe = (unsigned)(y - era * 400);
	mp = m > 2 ? (unsigned)m - 3 : (unsigned)m + 9;
	doy = (153 * mp + 2) / 5 + (unsigned)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
cal_date(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t		 era;
	unsigned	 doe, yoe, doy, mp;

	z += 719468;
	era = cal_floordiv(z, 146097);
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mp < 10 ? (int)mp + 3 : (int)mp - 9;
	*y = era * 400 + yoe + (*m <= 2);
}

int
cal_weekday(int64_t z)
{
	/* 1970-01-01 was a Thursday */
	return (int)cal_floormod(z + 3, 7) + 1;
}
