/*
 * test_table: the header, empty rows, padding and widening of tables, and
 * spreadsheet column letters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "forms/table.h"
#include "lib/util.h"

/* Adds a row of the cells in s, separated by ';' ("" is one empty cell). */
static void
add(struct table *t, int line, const char *s)
{
	char		*cells[64];
	const char	*p = s, *semi;
	size_t		 n = 0;

	for (;;) {
		semi = strchr(p, ';');
		cells[n++] = xstrndup(p, semi ? (size_t)(semi - p) : strlen(p));
		if (semi == NULL)
			break;
		p = semi + 1;
	}
	table_add_row(t, line, cells, NULL, n);
}

static void
row_is(const struct cell *row, size_t n, const char *want)
{
	char	 got[256] = "";
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (i)
			strcat(got, ";");
		strcat(got, row[i].s);
	}
	assert_string_equal(got, want);
}

static void
test_column_name(void **state)
{
	static const struct {
		size_t		 col;
		const char	*name;
	} cases[] = {
		{ 0, "A" }, { 1, "B" }, { 25, "Z" }, { 26, "AA" }, { 27, "AB" },
		{ 51, "AZ" }, { 52, "BA" }, { 701, "ZZ" }, { 702, "AAA" },
		{ 1023, "AMJ" }, { 16383, "XFD" }, { 18277, "ZZZ" },
		{ 18278, "AAAA" }, { 8353082581ULL, "ZZZZZZZ" },
		{ 8353082582ULL, "?" }, { SIZE_MAX, "?" },
	};
	char	 out[8];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'x', sizeof(out));
		table_column_name(out, cases[i].col);
		assert_string_equal(out, cases[i].name);
	}
}

static void
test_header_and_rows(void **state)
{
	struct table	 t;

	table_init(&t);
	add(&t, 1, "");
	add(&t, 2, ";;");
	assert_null(t.header);
	add(&t, 3, "a;b");
	assert_non_null(t.header);
	assert_int_equal(t.header_line, 3);
	assert_int_equal(t.ncols, 2);
	add(&t, 4, "1;2");
	add(&t, 6, ";");
	add(&t, 7, " ;");
	assert_int_equal(t.nrows, 2);
	assert_int_equal(t.lines[0], 4);
	assert_int_equal(t.lines[1], 7);
	row_is(t.header, t.ncols, "a;b");
	row_is(t.rows[0], t.ncols, "1;2");
	row_is(t.rows[1], t.ncols, " ;");
	table_free(&t);
	assert_null(t.header);
	assert_int_equal(t.nrows, 0);
	assert_int_equal(t.ncols, 0);
}

static void
test_widen(void **state)
{
	struct table	 t;
	size_t		 i;

	table_init(&t);
	add(&t, 1, "h");
	add(&t, 2, "1");
	add(&t, 3, "1;2;3");
	assert_int_equal(t.ncols, 3);
	row_is(t.header, 3, "h;;");
	row_is(t.rows[0], 3, "1;;");
	add(&t, 4, "x");
	row_is(t.rows[2], 3, "x;;");
	/* wider again, past the first capacity of the rows */
	add(&t, 5, "1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20");
	assert_int_equal(t.ncols, 20);
	row_is(t.header, 20, "h;;;;;;;;;;;;;;;;;;;");
	row_is(t.rows[0], 20, "1;;;;;;;;;;;;;;;;;;;");
	row_is(t.rows[1], 20, "1;2;3;;;;;;;;;;;;;;;;;");
	for (i = 0; i < 100; i++)
		add(&t, (int)i + 6, "r");
	assert_int_equal(t.nrows, 104);
	assert_int_equal(t.lines[103], 105);
	row_is(t.rows[103], 20, "r;;;;;;;;;;;;;;;;;;;");
	for (i = 0; i < t.nrows; i++)
		assert_int_equal(t.rows[i][19].kind, CELL_TEXT);
	table_free(&t);
}

static void
test_kinds_and_null(void **state)
{
	struct table	 t;
	char		*cells[4];
	enum cell_kind	 kinds[4] = { CELL_NUMBER, CELL_BOOL, CELL_NUMBER,
	    CELL_TEXT };

	table_init(&t);
	cells[0] = xstrdup("h");
	table_add_row(&t, 1, cells, NULL, 1);
	cells[0] = xstrdup("12.5");
	cells[1] = xstrdup("1");
	cells[2] = NULL;
	cells[3] = xstrdup("");
	table_add_row(&t, 2, cells, kinds, 4);
	assert_int_equal(t.ncols, 4);
	assert_int_equal(t.rows[0][0].kind, CELL_NUMBER);
	assert_int_equal(t.rows[0][1].kind, CELL_BOOL);
	/* empty cells are text whatever the kind given */
	assert_int_equal(t.rows[0][2].kind, CELL_TEXT);
	assert_string_equal(t.rows[0][2].s, "");
	assert_int_equal(t.rows[0][3].kind, CELL_TEXT);
	assert_int_equal(t.header[0].kind, CELL_TEXT);
	/* a dropped row's strings are freed (checked by the leak checker) */
	cells[0] = xstrdup("");
	cells[1] = NULL;
	table_add_row(&t, 3, cells, kinds, 2);
	assert_int_equal(t.nrows, 1);
	table_free(&t);
}

static void
test_fits(void **state)
{
	struct table	 t;

	table_init(&t);
	assert_true(table_fits(&t, 0));
	assert_true(table_fits(&t, TABLE_MAX_CELLS / 2));
	assert_false(table_fits(&t, TABLE_MAX_CELLS));
	t.ncols = 1024;
	t.nrows = TABLE_MAX_CELLS / 1024 - 2;
	assert_true(table_fits(&t, 10));
	assert_false(table_fits(&t, 1025));
	t.nrows++;
	assert_false(table_fits(&t, 10));
	t.ncols = 1;
	t.nrows = TABLE_MAX_CELLS - 2;
	assert_true(table_fits(&t, 1));
	assert_false(table_fits(&t, 2));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_column_name),
		cmocka_unit_test(test_header_and_rows),
		cmocka_unit_test(test_widen),
		cmocka_unit_test(test_kinds_and_null),
		cmocka_unit_test(test_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
