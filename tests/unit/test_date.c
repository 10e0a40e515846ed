#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/date.h"

#define CST	480	/* China Standard Time, minutes east of UTC */

static int64_t
parse_ok(const char *s, int defoff)
{
	int64_t	 t = 12345;

	assert_int_equal(date_parse(s, strlen(s), defoff, &t), 1);
	return t;
}

static void
parse_bad(const char *s)
{
	int64_t	 t = 12345;

	assert_int_equal(date_parse(s, strlen(s), CST, &t), 0);
	assert_int_equal(t, 12345);
}

static void
fmt_eq(const char *fmt, int64_t t, int off, const char *want)
{
	struct buf	 b = BUF_INIT;

	date_format(&b, fmt, t, off);
	assert_string_equal(b.ptr, want);
	assert_int_equal(b.len, strlen(want));
	buf_free(&b);
}

static void
test_parse_date_only(void **state)
{
	assert_int_equal(parse_ok("2022-05-09", CST), 1652025600);
	assert_int_equal(parse_ok("2022-05-09", 0), 1652054400);
	assert_int_equal(parse_ok("  2022-05-09\n", CST), 1652025600);
	assert_int_equal(parse_ok("2020-02-29", 0), 1582934400);
	assert_int_equal(parse_ok("1970-01-01", 0), 0);
}

static void
test_parse_times(void **state)
{
	assert_int_equal(parse_ok("2022-05-09T10:00", CST), 1652061600);
	assert_int_equal(parse_ok("2022-05-09 10:00", CST), 1652061600);
	assert_int_equal(parse_ok("2022-05-09T10:00:00", CST), 1652061600);
	assert_int_equal(parse_ok("2022-05-09 10:00:07", CST), 1652061607);
	assert_int_equal(parse_ok("2022-05-09T10:00:07.123", CST),
	    1652061607);
	assert_int_equal(parse_ok("2022-05-09T10:00:07.5Z", CST),
	    1652090407);
	assert_int_equal(parse_ok("2016-12-31T23:59:60Z", CST), 1483228799);
}

static void
test_parse_zones(void **state)
{
	assert_int_equal(parse_ok("2020-01-01T00:00:00+08:00", 0),
	    1577808000);
	assert_int_equal(parse_ok("2020-01-01T00:00:00+0800", 0),
	    1577808000);
	assert_int_equal(parse_ok("2020-01-01T00:00:00+08", 0), 1577808000);
	assert_int_equal(parse_ok("2020-01-01 00:00:00 +0800", 0),
	    1577808000);
	assert_int_equal(parse_ok("2022-05-09T10:30Z", CST), 1652092200);
	assert_int_equal(parse_ok("2022-05-09T10:30:15-05:30", CST),
	    1652112015);
	assert_int_equal(parse_ok("2022-05-09T10:30+14:00", 0),
	    1652092200 - 14 * 3600);
}

static void
test_parse_old_dates(void **state)
{
	assert_int_equal(parse_ok("1969-07-20T20:17:40Z", CST), -14182940);
	assert_int_equal(parse_ok("1969-12-31T23:59:59Z", CST), -1);
	assert_int_equal(parse_ok("1900-01-01", 0), -2208988800LL);
	assert_int_equal(parse_ok("0001-01-01", 0), -62135596800LL);
	assert_int_equal(parse_ok("9999-12-31T23:59:59Z", 0), 253402300799LL);
}

static void
test_parse_bad(void **state)
{
	parse_bad("");
	parse_bad("   ");
	parse_bad("2021-02-29");
	parse_bad("1900-02-29");
	parse_bad("2022-13-01");
	parse_bad("2022-00-01");
	parse_bad("2022-04-31");
	parse_bad("2022-05-00");
	parse_bad("2022-05-09x");
	parse_bad("2022-05-9");
	parse_bad("22-05-09");
	parse_bad("0000-01-01");
	parse_bad("2022/05/09");
	parse_bad("2022-05-09T");
	parse_bad("2022-05-09T24:00");
	parse_bad("2022-05-09T10:60");
	parse_bad("2022-05-09T10:00:61");
	parse_bad("2022-05-09T10");
	parse_bad("2022-05-09T10:00:00.");
	parse_bad("2022-05-09T10:00+15:00");
	parse_bad("2022-05-09T10:00+14:01");
	parse_bad("2022-05-09T10:00+08:60");
	parse_bad("2022-05-09T10:00+8");
	parse_bad("2022-05-09T10:00+08:0");
	parse_bad("2022-05-09T10:00Zx");
	parse_bad("2022-05-09T10:00 Z");
	parse_bad("2022-05-09T10:00  +08:00");
	parse_bad("2022-05-09Z");
	parse_bad("２０２２-05-09");
	parse_bad("-2022-05-09");
}

static void
test_parse_embedded_nul(void **state)
{
	int64_t	 t = 7;

	assert_int_equal(date_parse("2022-05-09\0", 11, 0, &t), 0);
	assert_int_equal(date_parse("2022-05-09\0junk", 10, 0, &t), 1);
	assert_int_equal(t, 1652054400);
}

static void
test_parse_offset(void **state)
{
	int	 off = 99;

	assert_int_equal(date_parse_offset("+08:00", &off), 1);
	assert_int_equal(off, 480);
	assert_int_equal(date_parse_offset("-05:30", &off), 1);
	assert_int_equal(off, -330);
	assert_int_equal(date_parse_offset("+0800", &off), 1);
	assert_int_equal(off, 480);
	assert_int_equal(date_parse_offset("+09", &off), 1);
	assert_int_equal(off, 540);
	assert_int_equal(date_parse_offset("Z", &off), 1);
	assert_int_equal(off, 0);
	off = 5;
	assert_int_equal(date_parse_offset("UTC", &off), 1);
	assert_int_equal(off, 0);
	off = 77;
	assert_int_equal(date_parse_offset("", &off), 0);
	assert_int_equal(date_parse_offset("08:00", &off), 0);
	assert_int_equal(date_parse_offset("+8:00", &off), 0);
	assert_int_equal(date_parse_offset("+15:00", &off), 0);
	assert_int_equal(date_parse_offset("+08:00x", &off), 0);
	assert_int_equal(date_parse_offset("CST", &off), 0);
	assert_int_equal(off, 77);
}

static void
test_format_basic(void **state)
{
	/* 2022-05-09 10:00:00 +08:00, a Monday, day 129 */
	fmt_eq("%Y-%m-%d %H:%M", 1652061600, CST, "2022-05-09 10:00");
	fmt_eq("%F %T", 1652061607, CST, "2022-05-09 10:00:07");
	fmt_eq("%F %T", 1652061600, 0, "2022-05-09 02:00:00");
	fmt_eq("%F %T", 1652061600, -330, "2022-05-08 20:30:00");
	fmt_eq("%y|%j|%e|%a|%A|%b|%B", 1652061600, CST,
	    "22|129| 9|Mon|Monday|May|May");
	fmt_eq("%z %Z", 0, CST, "+0800 +08:00");
	fmt_eq("%z %Z", 0, -330, "-0530 -05:30");
	fmt_eq("%z %Z", 0, 0, "+0000 +00:00");
	fmt_eq("%B %e", 1735646400, 0, "December 31");
	fmt_eq("%j", 1735646400, 0, "366");
}

static void
test_format_chinese(void **state)
{
	fmt_eq("%K", 1652061600, CST, "星期一");
	fmt_eq("%K", 1652061600 - 86400, CST, "星期日");
	fmt_eq("%K", 1652061600 + 5 * 86400, CST, "星期六");
	fmt_eq("%n月%o日", 1652061600, CST, "5月9日");
	fmt_eq("%Y年%n月%o日 %K", 1735646400, 0, "2024年12月31日 星期二");
}

static void
test_format_literal(void **state)
{
	fmt_eq("100%%", 0, 0, "100%");
	fmt_eq("%q%Y", 0, 0, "%q1970");
	fmt_eq("end%", 0, 0, "end%");
	fmt_eq("%", 0, 0, "%");
	fmt_eq("", 0, 0, "");
	fmt_eq("plain", 0, 0, "plain");
	fmt_eq("%%%", 0, 0, "%%");
}

static void
test_format_old(void **state)
{
	fmt_eq("%F %T %a", -14182940, 0, "1969-07-20 20:17:40 Sun");
	fmt_eq("%F %T", -1, 0, "1969-12-31 23:59:59");
	fmt_eq("%F %a", -62135596800LL, 0, "0001-01-01 Mon");
	fmt_eq("%F %T", 253402300799LL, 0, "9999-12-31 23:59:59");
	fmt_eq("%F", 0, -1, "1969-12-31");
}

static void
test_format_extreme(void **state)
{
	struct buf	 b = BUF_INIT;

	/* Must not crash or trip UBSan; the exact text does not matter. */
	date_format(&b, "%F %T %z %Z %j %y %K", INT64_MAX, 2147483647);
	date_format(&b, "%F %T %z %Z %j %y %K", INT64_MIN, -2147483647 - 1);
	date_rfc822(&b, INT64_MIN, 0);
	date_rfc3339(&b, INT64_MAX, 0);
	assert_true(b.len > 0);
	buf_free(&b);
}

static void
test_rfc(void **state)
{
	struct buf	 b = BUF_INIT;

	date_rfc822(&b, 1652061600, CST);
	assert_string_equal(b.ptr, "Mon, 09 May 2022 10:00:00 +0800");
	buf_clear(&b);
	date_rfc822(&b, 1652061600, 0);
	assert_string_equal(b.ptr, "Mon, 09 May 2022 02:00:00 +0000");
	buf_clear(&b);
	date_rfc3339(&b, 1652061600, CST);
	assert_string_equal(b.ptr, "2022-05-09T10:00:00+08:00");
	buf_clear(&b);
	date_rfc3339(&b, 1652061600, 0);
	assert_string_equal(b.ptr, "2022-05-09T02:00:00+00:00");
	buf_clear(&b);
	date_rfc3339(&b, -1, -330);
	assert_string_equal(b.ptr, "1969-12-31T18:29:59-05:30");
	buf_clear(&b);
	buf_puts(&b, "x");
	date_rfc3339(&b, 0, 0);
	assert_string_equal(b.ptr, "x1970-01-01T00:00:00+00:00");
	buf_free(&b);
}

static void
test_roundtrip(void **state)
{
	struct buf	 b = BUF_INIT;
	int64_t		 t, u;

	/* Every day from 1600 to 2400 formats and parses back. */
	for (t = -11676096000LL; t < 13569465600LL; t += 86400 + 3661) {
		buf_clear(&b);
		date_rfc3339(&b, t, CST);
		assert_int_equal(date_parse(b.ptr, b.len, 0, &u), 1);
		assert_int_equal(u, t);
	}
	buf_free(&b);
}

static void
test_weekday(void **state)
{
	static const struct {
		const char	*s;
		int		 wday;
		size_t		 len;
	} t[] = {
		{ "1", 1, 1 }, { "7 10:00", 7, 1 }, { "0", 0, 0 }, { "8", 0, 0 },
		{ "星期一", 1, 9 }, { "星期四 10:00", 4, 9 }, { "星期日", 7, 9 },
		{ "星期天", 7, 9 }, { "周三", 3, 6 }, { "周日", 7, 6 },
		{ "礼拜五", 5, 9 }, { "星期八", 0, 0 }, { "周", 0, 0 },
		{ "Thursday", 0, 0 }, { "", 0, 0 },
	};
	size_t	 i, len;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		len = 99;
		assert_int_equal(date_weekday(t[i].s, &len), t[i].wday);
		if (t[i].wday != 0)
			assert_int_equal(len, t[i].len);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_date_only),
		cmocka_unit_test(test_parse_times),
		cmocka_unit_test(test_parse_zones),
		cmocka_unit_test(test_parse_old_dates),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_embedded_nul),
		cmocka_unit_test(test_parse_offset),
		cmocka_unit_test(test_format_basic),
		cmocka_unit_test(test_format_chinese),
		cmocka_unit_test(test_format_literal),
		cmocka_unit_test(test_format_old),
		cmocka_unit_test(test_format_extreme),
		cmocka_unit_test(test_rfc),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_weekday),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
