#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/period.h"

/* Days since 1970-01-01, computed independently (Python's datetime). */
#define D2022_05_23	19135
#define D2022_05_29	19141
#define D2020_12_28	18624
#define D2021_01_03	18630
#define D2022_01_03	18995
#define D2022_05_01	19113
#define D2022_05_31	19143
#define D2019_12_30	18260
#define D2000_01_03	10959
#define D2000_01_01	10957

static void
parse_bad(const char *s)
{
	struct period p;

	memset(&p, 0x5a, sizeof(p));
	assert_int_equal(period_parse(s, &p), 0);
	assert_int_equal(p.year, 0x5a5a5a5a);
}

static void
same(const struct period *p, const struct period *q)
{
	assert_int_equal(p->year, q->year);
	assert_int_equal(p->week, q->week);
	assert_int_equal(p->month, q->month);
	assert_int_equal(p->first_day, q->first_day);
	assert_int_equal(p->last_day, q->last_day);
}

static void
round_trip(const char *s)
{
	struct period p;
	char	 b[16];

	assert_int_equal(period_parse(s, &p), 1);
	period_format(&p, b, sizeof(b));
	assert_string_equal(b, s);
}

static void
test_week_21(void **state)
{
	struct period p;

	assert_int_equal(period_parse("2022-W21", &p), 1);
	assert_int_equal(p.year, 2022);
	assert_int_equal(p.week, 21);
	assert_int_equal(p.month, 0);
	assert_int_equal(p.first_day, D2022_05_23);
	assert_int_equal(p.last_day, D2022_05_29);
}

static void
test_week_1(void **state)
{
	struct period p;

	/* 2022 starts on a Saturday: week 1 starts on 3 January */
	assert_int_equal(period_parse("2022-W01", &p), 1);
	assert_int_equal(p.first_day, D2022_01_03);
	/* 2020 starts on a Wednesday: week 1 starts in 2019 */
	assert_int_equal(period_parse("2020-W01", &p), 1);
	assert_int_equal(p.first_day, D2019_12_30);
	assert_int_equal(period_parse("2000-W01", &p), 1);
	assert_int_equal(p.first_day, D2000_01_03);
}

static void
test_week_53(void **state)
{
	static const int long_years[] = { 2004, 2009, 2015, 2020, 2026, 2032,
	    2037, 2043, 2048, 2054, 2060, 2065, 2071, 2076, 2082, 2088, 2093,
	    2099 };
	struct period p;
	char	 s[16];
	size_t	 i = 0;
	int	 y, want;

	assert_int_equal(period_parse("2020-W53", &p), 1);
	assert_int_equal(p.first_day, D2020_12_28);
	assert_int_equal(p.last_day, D2021_01_03);
	parse_bad("2021-W53");
	for (y = 2000; y <= 2100; y++) {
		want = i < sizeof(long_years) / sizeof(long_years[0]) &&
		    long_years[i] == y;
		if (want)
			i++;
		snprintf(s, sizeof(s), "%d-W53", y);
		assert_int_equal(period_parse(s, &p), want);
		snprintf(s, sizeof(s), "%d-W52", y);
		assert_int_equal(period_parse(s, &p), 1);
	}
}

static void
test_month(void **state)
{
	struct period p;

	assert_int_equal(period_parse("2022-05", &p), 1);
	assert_int_equal(p.year, 2022);
	assert_int_equal(p.month, 5);
	assert_int_equal(p.week, 0);
	assert_int_equal(p.first_day, D2022_05_01);
	assert_int_equal(p.last_day, D2022_05_31);
	assert_int_equal(period_parse("2024-02", &p), 1);
	assert_int_equal(p.last_day - p.first_day, 28);
	assert_int_equal(period_parse("2023-02", &p), 1);
	assert_int_equal(p.last_day - p.first_day, 27);
	assert_int_equal(period_parse("2100-02", &p), 1);
	assert_int_equal(p.last_day - p.first_day, 27);
	assert_int_equal(period_parse("2000-02", &p), 1);
	assert_int_equal(p.last_day - p.first_day, 28);
	assert_int_equal(period_parse("2022-12", &p), 1);
	assert_int_equal(p.last_day - p.first_day, 30);
}

static void
test_bad(void **state)
{
	parse_bad("2022-13");
	parse_bad("2022-00");
	parse_bad("2022-W00");
	parse_bad("2022-W54");
	parse_bad("2022-W5");
	parse_bad("2022-w21");
	parse_bad("2022-5");
	parse_bad("2022-05-01");
	parse_bad("2022-W21 ");
	parse_bad(" 2022-W21");
	parse_bad("1999-12");
	parse_bad("2101-01");
	parse_bad("1999-W10");
	parse_bad("22-05");
	parse_bad("2022/05");
	parse_bad("");
	parse_bad("2022-");
	parse_bad("2022-W");
	parse_bad("２０２２-05");
}

static void
test_of_date(void **state)
{
	struct period p;
	char	 b[16];

	assert_int_equal(period_of_date(D2022_05_23, 1, &p), 1);
	period_format(&p, b, sizeof(b));
	assert_string_equal(b, "2022-W21");
	assert_int_equal(p.first_day, D2022_05_23);
	assert_int_equal(period_of_date(D2022_05_29, 1, &p), 1);
	assert_int_equal(p.week, 21);
	assert_int_equal(period_of_date(D2022_05_29, 0, &p), 1);
	period_format(&p, b, sizeof(b));
	assert_string_equal(b, "2022-05");
	assert_int_equal(p.first_day, D2022_05_01);
	assert_int_equal(p.last_day, D2022_05_31);
}

static void
test_year_boundaries(void **state)
{
	struct period p;
	char	 b[16];

	/* 2021-01-03 is a Sunday in the last week of 2020 */
	assert_int_equal(period_of_date(D2021_01_03, 1, &p), 1);
	assert_int_equal(p.year, 2020);
	assert_int_equal(p.week, 53);
	assert_int_equal(p.first_day, D2020_12_28);
	period_format(&p, b, sizeof(b));
	assert_string_equal(b, "2020-W53");
	/* but in the month January 2021 */
	assert_int_equal(period_of_date(D2021_01_03, 0, &p), 1);
	period_format(&p, b, sizeof(b));
	assert_string_equal(b, "2021-01");
	/* 2019-12-30 is in week 1 of 2020 */
	assert_int_equal(period_of_date(D2019_12_30, 1, &p), 1);
	period_format(&p, b, sizeof(b));
	assert_string_equal(b, "2020-W01");
	/* 2000-01-01 is in 1999-W52, outside the years accepted */
	assert_int_equal(period_of_date(D2000_01_01, 1, &p), 0);
	assert_int_equal(period_of_date(D2000_01_01, 0, &p), 1);
	assert_int_equal(period_of_date(-1, 0, &p), 0);
	assert_int_equal(period_of_date(INT64_MAX, 1, &p), 0);
	assert_int_equal(period_of_date(INT64_MIN, 1, &p), 0);
}

static void
test_round_trips(void **state)
{
	struct period p, q;
	char	 b[16];
	int64_t	 d;

	/* every day of 2000..2100 lies in the period that contains it */
	assert_int_equal(period_parse("2000-01", &p), 1);
	for (d = p.first_day; d < p.first_day + 101 * 366; d++) {
		if (period_of_date(d, 1, &p)) {
			assert_true(p.first_day <= d && d <= p.last_day);
			assert_int_equal(p.last_day - p.first_day, 6);
			period_format(&p, b, sizeof(b));
			assert_int_equal(period_parse(b, &q), 1);
			same(&p, &q);
		}
		if (period_of_date(d, 0, &p)) {
			assert_true(p.first_day <= d && d <= p.last_day);
			period_format(&p, b, sizeof(b));
			assert_int_equal(period_parse(b, &q), 1);
			same(&p, &q);
		}
	}
	round_trip("2022-W05");
	round_trip("2022-05");
	round_trip("2100-12");
	round_trip("2099-W53");
}

static void
test_format_small(void **state)
{
	struct period p;
	char	 b[5];

	assert_int_equal(period_parse("2022-W05", &p), 1);
	period_format(&p, b, sizeof(b));
	assert_string_equal(b, "2022");
	period_format(&p, b, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week_21),
		cmocka_unit_test(test_week_1),
		cmocka_unit_test(test_week_53),
		cmocka_unit_test(test_month),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_of_date),
		cmocka_unit_test(test_year_boundaries),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_format_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
