/*
 * The one calendar: day numbers checked against values computed apart
 * (Python's datetime.date.toordinal() - 719163), every day of 800 000
 * both ways, leap years, month lengths and weekdays.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lib/calendar.h"

static void
test_floor(void **state)
{
	(void)state;
	assert_int_equal(cal_floordiv(7, 2), 3);
	assert_int_equal(cal_floordiv(-7, 2), -4);
	assert_int_equal(cal_floordiv(-8, 2), -4);
	assert_int_equal(cal_floordiv(7, -2), -4);
	assert_int_equal(cal_floormod(-7, 2), 1);
	assert_int_equal(cal_floormod(-1, 86400), 86399);
	assert_int_equal(cal_floormod(7, -2), -1);
	assert_int_equal(cal_floormod(86400, 86400), 0);
}

static void
test_leap(void **state)
{
	(void)state;
	assert_true(cal_leap(2000));
	assert_false(cal_leap(2100));
	assert_false(cal_leap(1900));
	assert_true(cal_leap(2024));
	assert_false(cal_leap(2026));
	assert_true(cal_leap(0));
	assert_true(cal_leap(-4));
	assert_false(cal_leap(-100));
	assert_true(cal_leap(-400));
	assert_int_equal(cal_month_days(2024, 2), 29);
	assert_int_equal(cal_month_days(2100, 2), 28);
	assert_int_equal(cal_month_days(2026, 4), 30);
	assert_int_equal(cal_month_days(2026, 12), 31);
}

static void
test_valid(void **state)
{
	(void)state;
	assert_true(cal_valid(2024, 2, 29));
	assert_false(cal_valid(2026, 2, 29));
	assert_false(cal_valid(2100, 2, 29));
	assert_true(cal_valid(2000, 2, 29));
	assert_false(cal_valid(2026, 4, 31));
	assert_true(cal_valid(2026, 12, 31));
	assert_false(cal_valid(2026, 0, 1));
	assert_false(cal_valid(2026, 13, 1));
	assert_false(cal_valid(2026, 1, 0));
	assert_false(cal_valid(2026, 1, 32));
}

static void
test_days(void **state)
{
	int64_t	 d, y;
	int	 m, dd, n;

	(void)state;
	assert_int_equal(cal_day(1970, 1, 1), 0);
	assert_int_equal(cal_day(2022, 5, 9), 19121);
	assert_int_equal(cal_day(2022, 5, 23), 19135);
	assert_int_equal(cal_day(1969, 12, 31), -1);
	assert_int_equal(cal_day(1899, 12, 30), -25569);	/* Excel's 0 */
	assert_int_equal(cal_day(1904, 1, 1), -24107);		/* Mac Excel */
	assert_int_equal(cal_day(2026, 12, 4), 20791);
	assert_int_equal(cal_day(1, 1, 1), -719162);
	assert_int_equal(cal_day(9999, 12, 31), 2932896);
	assert_int_equal(cal_day(2000, 3, 1) - cal_day(2000, 2, 28), 2);
	assert_int_equal(cal_day(2100, 3, 1) - cal_day(2100, 2, 28), 1);
	/* every day of 800 000 each side of 1970, and nothing skipped */
	for (d = -800000; d < 800000; d++) {
		cal_date(d, &y, &m, &dd);
		assert_true(cal_valid(y, m, dd));
		if (cal_day(y, m, dd) != d)
			fail_msg("day %lld", (long long)d);
	}
	cal_date(19121, &y, &m, &dd);
	assert_int_equal(y, 2022);
	assert_int_equal(m, 5);
	assert_int_equal(dd, 9);
	cal_date(-719162, &y, &m, &dd);
	assert_int_equal(y, 1);
	assert_int_equal(m, 1);
	assert_int_equal(dd, 1);
	/* a year has 365 or 366 days, as cal_leap says */
	for (y = 1900; y <= 2200; y++) {
		n = (int)(cal_day(y + 1, 1, 1) - cal_day(y, 1, 1));
		assert_int_equal(n, cal_leap(y) ? 366 : 365);
	}
}

static void
test_weekday(void **state)
{
	(void)state;
	assert_int_equal(cal_weekday(0), 4);			/* Thursday */
	assert_int_equal(cal_weekday(-1), 3);
	assert_int_equal(cal_weekday(cal_day(2022, 5, 23)), 1);	/* Monday */
	assert_int_equal(cal_weekday(cal_day(2022, 5, 29)), 7);	/* Sunday */
	assert_int_equal(cal_weekday(cal_day(2026, 12, 4)), 5);	/* Friday */
	assert_int_equal(cal_weekday(cal_day(1899, 12, 30)), 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_floor),
		cmocka_unit_test(test_leap),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_weekday),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
