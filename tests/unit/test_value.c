#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "forms/value.h"

/* Expects value_sheet_number to read s as want, with result rc. */
static void
sheet(const char *s, int rc, const char *want)
{
	struct buf	 out = BUF_INIT;

	buf_puts(&out, "junk");
	assert_int_equal(value_sheet_number(s, strlen(s), &out), rc);
	assert_string_equal(out.ptr != NULL ? out.ptr : "", want);
	buf_free(&out);
}

/* Numbers that can be what was typed: the digits Excel shows. */
static void
test_sheet_number_kept(void **state)
{
	(void)state;
	/* as Excel, WPS and LibreOffice write them */
	sheet("13812345678", NUM_OK, "13812345678");
	sheet("1.3812345678E10", NUM_OK, "13812345678");
	sheet("2022001", NUM_OK, "2022001");
	sheet("12", NUM_OK, "12");
	sheet("0", NUM_OK, "0");
	sheet("-5", NUM_OK, "-5");
	sheet("-0", NUM_OK, "0");
	sheet("0.045", NUM_OK, "0.045");
	sheet("4.4999999999999998E-2", NUM_OK, "0.045");
	sheet("0.30000000000000004", NUM_OK, "0.3");
	sheet("3.1", NUM_OK, "3.1");
	sheet("1E+5", NUM_OK, "100000");
	/* a float where an integer was typed */
	sheet("13812345678.0", NUM_OK, "13812345678");
	sheet("+42.000", NUM_OK, "42");
	sheet("007", NUM_OK, "7");
	/* openpyxl writes Python's repr */
	sheet("1.5e-07", NUM_OK, "0.00000015");
	/* fifteen integer digits are kept exactly */
	sheet("123456789012345", NUM_OK, "123456789012345");
	sheet("999999999999999", NUM_OK, "999999999999999");
	sheet("999999999999999.4", NUM_OK, "999999999999999");
	sheet("99999999999999.94", NUM_OK, "99999999999999.9");
	sheet(".5", NUM_OK, "0.5");
	sheet("5.", NUM_OK, "5");
	sheet("1E-20", NUM_OK, "0.00000000000000000001");
}

/* Numbers of more than 15 integer digits: the last ones are lost. */
static void
test_sheet_number_lost(void **state)
{
	(void)state;
	/* an 18-digit ID card number: LibreOffice, Excel, openpyxl */
	sheet("1.10101199001011E+017", NUM_BIG, "1.10101199001011E+17");
	sheet("1.1010119900101101E+17", NUM_BIG, "1.10101199001011E+17");
	sheet("1.101011990010112e+17", NUM_BIG, "1.10101199001011E+17");
	sheet("110101199001011232", NUM_BIG, "1.10101199001011E+17");
	/* LibreOffice writes a 16-digit number in full, its last digit 0 */
	sheet("1234567890123460", NUM_BIG, "1.23456789012346E+15");
	sheet("9.11100001E+017", NUM_BIG, "9.11100001E+17");
	sheet("1000000000000000", NUM_BIG, "1E+15");
	sheet("-1E+20", NUM_BIG, "-1E+20");
	/* rounding to 15 digits can carry into a 16th integer digit */
	sheet("9999999999999999", NUM_BIG, "1E+16");
	sheet("999999999999999.6", NUM_BIG, "1E+15");
}

static void
test_sheet_number_bad(void **state)
{
	(void)state;
	sheet("", NUM_BAD, "");
	sheet("-", NUM_BAD, "");
	sheet(".", NUM_BAD, "");
	sheet("abc", NUM_BAD, "");
	sheet("1,000", NUM_BAD, "");
	sheet("1.2.3", NUM_BAD, "");
	sheet("1E", NUM_BAD, "");
	sheet("1E+", NUM_BAD, "");
	sheet("1E+1000", NUM_BAD, "");
	sheet("1 ", NUM_BAD, "");
	sheet("１２", NUM_BAD, "");
}

static void
test_e_notation(void **state)
{
	static const char *const yes[] = { "1.10101E+17",
	    "1.10101199001011E+017", "1.5E-07", "1E+17", "1.38123E+10",
	    "-1.2e+05", "+3.E+2" };
	static const char *const no[] = { "", "E+17", "1E17", "1e5",
	    "1.10101E+", "1.10101E+17 ", "型号 1.5E+3", "1.5E+3号", "1,000E+3",
	    "0x1E+5", "110101199001011234", "13812345678", "XS-1E+2",
	    "1.000000000000000000000000000000000000000000000000000000000000000E+1" };
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(value_e_notation(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(value_e_notation(no[i], strlen(no[i])));
	/* only the n bytes given */
	assert_true(value_e_notation("1.5E+3号", 6));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet_number_kept),
		cmocka_unit_test(test_sheet_number_lost),
		cmocka_unit_test(test_sheet_number_bad),
		cmocka_unit_test(test_e_notation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
