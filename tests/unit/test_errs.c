/*
 * errs.c: "path:line: message" and "path: message" lines, one a line, and
 * the cap of ERRS_MAX with the line that counts the rest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/errs.h"

static void
test_line_and_no_line(void **state)
{
	struct buf	 err = BUF_INIT;

	errs_add(&err, NULL, "content/a.md", 3, "坏了：%s", "日期");
	assert_string_equal(err.ptr, "content/a.md:3: 坏了：日期");
	errs_add(&err, NULL, "content/b", 0, "无法读取");
	errs_add(&err, NULL, "x.csv", -1, "%d 行", 7);
	assert_string_equal(err.ptr, "content/a.md:3: 坏了：日期\n"
	    "content/b: 无法读取\nx.csv: 7 行");
	buf_free(&err);
}

static void
test_counted_and_capped(void **state)
{
	struct buf	 err = BUF_INIT, want = BUF_INIT;
	int		 nerr = 0, i;

	errs_end(&err, nerr);
	assert_int_equal(err.len, 0);
	for (i = 1; i <= ERRS_MAX + 3; i++)
		errs_add(&err, &nerr, "p", i, "m%d", i);
	assert_int_equal(nerr, ERRS_MAX + 3);
	for (i = 1; i <= ERRS_MAX; i++)
		buf_printf(&want, "%sp:%d: m%d", i > 1 ? "\n" : "", i, i);
	assert_string_equal(err.ptr, want.ptr);
	errs_end(&err, nerr);
	buf_puts(&want, "\n……还有 3 个问题没有列出");
	assert_string_equal(err.ptr, want.ptr);
	buf_free(&err);
	buf_free(&want);
}

static void
test_exactly_max(void **state)
{
	struct buf	 err = BUF_INIT;
	int		 nerr = 0, i;

	for (i = 0; i < ERRS_MAX; i++)
		errs_add(&err, &nerr, "p", 0, "m");
	errs_end(&err, nerr);
	assert_int_equal(nerr, ERRS_MAX);
	assert_null(strstr(err.ptr, "没有列出"));
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_and_no_line),
		cmocka_unit_test(test_counted_and_capped),
		cmocka_unit_test(test_exactly_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
