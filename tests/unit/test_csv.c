/*
 * test_csv: reading CSV as Excel and WPS save it (encodings, delimiters,
 * quoting, line ends, limits, messages) and writing it back.
 */
#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/util.h"
#include "forms/csv.h"
#include "forms/table.h"

/* Parses s[0..n) as "t.csv"; the parse must succeed. */
static void
parse_ok(const char *s, size_t n, struct table *t, const char *want_enc)
{
	struct buf	 err = BUF_INIT;
	const char	*enc = "unset";

	if (!csv_parse(s, n, "t.csv", t, &enc, &err))
		fail_msg("csv_parse failed: %s", err.ptr);
	assert_int_equal(err.len, 0);
	assert_string_equal(enc, want_enc);
	buf_free(&err);
}

/* Parses s[0..n) as "t.csv"; the parse must fail with exactly want. */
static void
parse_fails(const char *s, size_t n, const char *want)
{
	struct table	 t;
	struct buf	 err = BUF_INIT;
	const char	*enc = "unset";

	assert_int_equal(csv_parse(s, n, "t.csv", &t, &enc, &err), 0);
	assert_string_equal(err.ptr, want);
	assert_null(enc);
	assert_null(t.header);
	assert_int_equal(t.nrows, 0);
	assert_int_equal(t.ncols, 0);
	table_free(&t);
	buf_free(&err);
}

/*
 * Checks a table against want: rows separated by '|', cells by ';', the
 * header first, and the line of each row in lines (header first).
 */
static void
table_is(const struct table *t, const char *want, const int *lines)
{
	struct buf	 got = BUF_INIT;
	size_t		 i, j;

	assert_non_null(t->header);
	for (j = 0; j < t->ncols; j++)
		buf_printf(&got, "%s%s", j ? ";" : "", t->header[j].s);
	for (i = 0; i < t->nrows; i++) {
		buf_putc(&got, '|');
		for (j = 0; j < t->ncols; j++)
			buf_printf(&got, "%s%s", j ? ";" : "", t->rows[i][j].s);
	}
	assert_string_equal(got.ptr, want);
	assert_int_equal(t->header_line, lines[0]);
	for (i = 0; i < t->nrows; i++)
		assert_int_equal(t->lines[i], lines[i + 1]);
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++)
			assert_int_equal(t->rows[i][j].kind, CELL_TEXT);
	buf_free(&got);
}

#define PARSE(s, t, enc)	parse_ok((s), sizeof(s) - 1, (t), (enc))
#define FAILS(s, want)		parse_fails((s), sizeof(s) - 1, (want))

/* Converts the UTF-8 string s to encoding to, into out. */
static void
convert(const char *to, const char *s, struct buf *out)
{
	iconv_t	 cd;
	char	*ip = (char *)s, *op;
	size_t	 il = strlen(s), ol;

	cd = iconv_open(to, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	buf_grow(out, il * 4 + 4);
	op = out->ptr + out->len;
	ol = out->cap - out->len - 1;
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	out->len = (size_t)(op - out->ptr);
	out->ptr[out->len] = '\0';
	iconv_close(cd);
}

static void
test_simple(void **state)
{
	struct table	 t;
	static const int lines[] = { 1, 2, 3 };

	PARSE("名称,数量,备注\n张三,3,无\n李四,4,\n", &t, "UTF-8");
	assert_int_equal(t.ncols, 3);
	assert_int_equal(t.nrows, 2);
	table_is(&t, "名称;数量;备注|张三;3;无|李四;4;", lines);
	table_free(&t);
	assert_null(t.header);
	table_free(&t);
}

static void
test_no_final_newline(void **state)
{
	struct table	 t;
	static const int lines[] = { 1, 2 };

	PARSE("a,b\n1,2", &t, "UTF-8");
	table_is(&t, "a;b|1;2", lines);
	table_free(&t);
}

static void
test_bom(void **state)
{
	struct table	 t;
	static const int lines[] = { 1, 2 };

	PARSE("\xef\xbb\xbf标题,名称\r\n1,2\r\n", &t, "UTF-8");
	table_is(&t, "标题;名称|1;2", lines);
	assert_string_equal(t.header[0].s, "标题");
	table_free(&t);
	/* a BOM with bytes that are not UTF-8 after it */
	FAILS("\xef\xbb\xbf\xb1\xea\xcc\xe2,x\n", "t.csv: 文件编码无法识别：请在 "
	    "Excel 里“另存为” → “CSV UTF-8（逗号分隔）”");
}

static void
test_gbk(void **state)
{
	struct table	 t;
	struct buf	 b = BUF_INIT;
	static const int lines[] = { 1 };
	static const int lines2[] = { 1, 2, 3 };

	/* 标题 in GBK, as Excel saves "CSV (逗号分隔)" on Chinese Windows */
	PARSE("\xb1\xea\xcc\xe2,x\n", &t, "GB18030");
	table_is(&t, "标题;x", lines);
	table_free(&t);

	convert("GB18030", "主管部门,领域,存在风险隐患\r\n市场监管局,涉老食品保健品,"
	    "\"1、虚假宣传\r\n2、价格欺诈\"\r\n县民政局,养老服务机构/场所,𠀀㐀€\r\n",
	    &b);
	assert_true(b.len > 0);
	parse_ok(b.ptr, b.len, &t, "GB18030");
	table_is(&t, "主管部门;领域;存在风险隐患|市场监管局;涉老食品保健品;"
	    "1、虚假宣传\n2、价格欺诈|县民政局;养老服务机构/场所;𠀀㐀€", lines2);
	table_free(&t);
	buf_free(&b);
}

static void
test_bad_encoding(void **state)
{
	static const char want[] = "t.csv: 文件编码无法识别：请在 Excel 里“另存为”"
	    " → “CSV UTF-8（逗号分隔）”";

	FAILS("a,b\n\xff\xfe\xff,1\n", want);
	/* a GBK lead byte cut off at the end of the file */
	FAILS("a,b\n\xb1\xea\xcc", want);
	FAILS("\x80", want);
}

static void
test_utf16(void **state)
{
	struct table	 t;
	struct buf	 b = BUF_INIT;
	static const int lines[] = { 1, 2, 3 };
	static const char text[] = "名称\t数量\t备注\r\n张三\t3\t\"含,逗号\"\r\n"
	    "李四\t4\t\"两\r\n行\"\r\n";

	/* Excel's "Unicode 文本": UTF-16LE with a BOM, tab separated */
	buf_put(&b, "\xff\xfe", 2);
	convert("UTF-16LE", text, &b);
	parse_ok(b.ptr, b.len, &t, "UTF-16");
	table_is(&t, "名称;数量;备注|张三;3;含,逗号|李四;4;两\n行", lines);
	table_free(&t);

	buf_clear(&b);
	buf_put(&b, "\xfe\xff", 2);
	convert("UTF-16BE", text, &b);
	parse_ok(b.ptr, b.len, &t, "UTF-16");
	table_is(&t, "名称;数量;备注|张三;3;含,逗号|李四;4;两\n行", lines);
	table_free(&t);

	/* an odd number of bytes is not UTF-16 */
	buf_clear(&b);
	buf_put(&b, "\xff\xfe" "a\0b", 5);
	parse_fails(b.ptr, b.len, "t.csv: 文件编码无法识别：请在 Excel 里“另存为”"
	    " → “CSV UTF-8（逗号分隔）”");
	buf_free(&b);
}

static void
test_delimiter(void **state)
{
	struct table	 t;
	static const int l12[] = { 1, 2 };
	static const int l3[] = { 3 };

	PARSE("a\tb\n1\t2\n", &t, "UTF-8");
	table_is(&t, "a;b|1;2", l12);
	table_free(&t);
	/* a comma in the header line: commas, the tab is data */
	PARSE("a\tb,c\n1,2\n", &t, "UTF-8");
	table_is(&t, "a\tb;c|1;2", l12);
	table_free(&t);
	/* a comma inside quotes does not count */
	PARSE("\"x,y\"\tb\n1\t2\n", &t, "UTF-8");
	table_is(&t, "x,y;b|1;2", l12);
	table_free(&t);
	/* a tab inside quotes does not count either */
	PARSE("\"x\ty\"\n1\t2\n", &t, "UTF-8");
	table_is(&t, "x\ty|1\t2", l12);
	table_free(&t);
	/* the header is the first line that is not empty */
	PARSE("\n\na\tb\tc\n", &t, "UTF-8");
	table_is(&t, "a;b;c", l3);
	table_free(&t);
}

static void
test_quotes(void **state)
{
	struct table	 t;
	/* rows as spreadsheets number them: a cell's line breaks do not count */
	static const int lines[] = { 1, 2, 3, 4, 5 };

	PARSE("a,b\n"
	    "\"x,y\",\"say \"\"hi\"\"\"\n"
	    "\"1、第一行\n2、第二行\n3、第三行\",z\n"
	    "last,\"\"\n"
	    "\"\",\"\"\"\"\n", &t, "UTF-8");
	table_is(&t, "a;b|x,y;say \"hi\"|1、第一行\n2、第二行\n3、第三行;z|last;"
	    "|;\"", lines);
	table_free(&t);
}

static void
test_quote_inside_field(void **state)
{
	struct table	 t;
	static const int lines[] = { 1, 2, 3 };

	/* as Excel reads them: a quote not at the start is a character */
	PARSE("a,b\n5\" disk,x\"y\"\n\"abc\"def,\"q\" \n", &t, "UTF-8");
	table_is(&t, "a;b|5\" disk;x\"y\"|abcdef;q ", lines);
	table_free(&t);
}

static void
test_line_ends(void **state)
{
	static const char *const texts[] = {
		"a,b\n1,\"x\ny\"\n\n2,3\n",
		"a,b\r\n1,\"x\r\ny\"\r\n\r\n2,3\r\n",
		"a,b\r1,\"x\ry\"\r\r2,3\r",
		"a,b\r\n1,\"x\ny\"\r\n\n2,3",
	};
	/* row 3 is blank: Excel shows it, so it counts */
	static const int lines[] = { 1, 2, 4 };
	struct table	 t;
	size_t		 i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		parse_ok(texts[i], strlen(texts[i]), &t, "UTF-8");
		table_is(&t, "a;b|1;x\ny|2;3", lines);
		table_free(&t);
	}
}

static void
test_empty_lines(void **state)
{
	struct table	 t;
	static const int lines[] = { 3, 5, 9 };

	PARSE("\n\r\na,b\n\n1,2\n,\n,,,\n\n3,4\n\n\n", &t, "UTF-8");
	table_is(&t, "a;b|1;2|3;4", lines);
	assert_int_equal(t.ncols, 2);
	table_free(&t);

	/* spaces are not empty */
	PARSE("a\n \n", &t, "UTF-8");
	assert_int_equal(t.nrows, 1);
	assert_string_equal(t.rows[0][0].s, " ");
	table_free(&t);

	/* nothing at all: no header */
	PARSE("\n\n,,\n", &t, "UTF-8");
	assert_null(t.header);
	assert_int_equal(t.nrows, 0);
	table_free(&t);
	PARSE("", &t, "UTF-8");
	assert_null(t.header);
	table_free(&t);
	parse_ok(NULL, 0, &t, "UTF-8");
	assert_null(t.header);
	table_free(&t);
}

static void
test_ragged(void **state)
{
	struct table	 t;
	static const int lines[] = { 1, 2, 3, 4 };

	PARSE("a,b,c\n1\n1,2,3,4\n,,,,,,\"\",x,,,\n", &t, "UTF-8");
	assert_int_equal(t.ncols, 8);
	table_is(&t, "a;b;c;;;;;|1;;;;;;;|1;2;3;4;;;;|;;;;;;;x", lines);
	table_free(&t);
}

static void
test_unterminated(void **state)
{
	FAILS("a,b\n1,\"abc\ndef\n", "t.csv:2: 引号没有配对：第 2 行开始的单元格少了"
	    "一个结尾的引号 \"");
	FAILS("a,b\n\"x\ny\",2\n3,\"\"\"\n", "t.csv:3: 引号没有配对：第 3 行开始的"
	    "单元格少了一个结尾的引号 \"");
	FAILS("\"", "t.csv:1: 引号没有配对：第 1 行开始的单元格少了一个结尾的引号 \"");
}

static void
test_nul(void **state)
{
	FAILS("a,b\n1\0,2\n", "t.csv: 文件里有 NUL 字符：这不是文本文件，请用模板"
	    "另存为 CSV");
}

static void
test_too_many_columns(void **state)
{
	struct table	 t;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	buf_puts(&b, "a\n");
	for (i = 0; i < CSV_MAX_COLS; i++)
		buf_puts(&b, "x,");
	/* empty cells past the limit carry nothing and are allowed */
	buf_puts(&b, ",,\n");
	parse_ok(b.ptr, b.len, &t, "UTF-8");
	assert_int_equal(t.ncols, CSV_MAX_COLS);
	table_free(&t);

	buf_puts(&b, "\n1");
	for (i = 0; i < CSV_MAX_COLS; i++)
		buf_puts(&b, ",y");
	parse_fails(b.ptr, b.len, "t.csv:4: 列太多：第 4 行超过了 1024 列，"
	    "请删掉多余的列");
	buf_free(&b);
}

static void
test_too_many_rows(void **state)
{
	struct table	 t;
	struct buf	 b = BUF_INIT, err = BUF_INIT;
	size_t		 i;

	buf_grow(&b, (size_t)CSV_MAX_ROWS * 2 + 8);
	buf_puts(&b, "a\n");
	for (i = 0; i < CSV_MAX_ROWS; i++)
		buf_put(&b, "1\n", 2);
	parse_ok(b.ptr, b.len, &t, "UTF-8");
	assert_int_equal(t.nrows, CSV_MAX_ROWS);
	table_free(&t);
	buf_puts(&b, "\n2\n");
	parse_fails(b.ptr, b.len, "t.csv:1000003: 行太多：超过了 1000000 行，"
	    "请把数据分成几个文件");

	/* the byte limit is checked before anything is read */
	assert_int_equal(csv_parse("", CSV_MAX_BYTES + 1, "big.csv", &t, NULL,
	    &err), 0);
	assert_string_equal(err.ptr, "big.csv: 文件太大（超过 256 MB）："
	    "请把数据分成几个文件");
	buf_free(&err);
	buf_free(&b);
}

static void
test_read_file(void **state)
{
	struct table	 t;
	struct buf	 err = BUF_INIT;
	const char	*enc;
	char		 dir[] = "/tmp/test_csv.XXXXXX", path[64];
	FILE		*f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.csv", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("\xb1\xea\xcc\xe2\r\n1\r\n", f);
	fclose(f);
	assert_int_equal(csv_read(path, &t, &enc, &err), 1);
	assert_string_equal(enc, "GB18030");
	assert_string_equal(t.header[0].s, "标题");
	assert_int_equal(t.lines[0], 2);
	table_free(&t);

	assert_int_equal(csv_read(dir, &t, &enc, &err), 0);
	assert_null(enc);
	buf_printf(&err, "|");
	assert_int_equal(csv_read("/nonexistent/x.csv", &t, NULL, &err), 0);
	assert_null(t.header);
	{
		struct buf want = BUF_INIT;

		buf_printf(&want, "%s: 无法读取：%s|\n/nonexistent/x.csv: "
		    "无法读取：%s", dir, util_strerror(EISDIR), util_strerror(ENOENT));
		assert_string_equal(err.ptr, want.ptr);
		buf_free(&want);
	}
	/* a file too big is refused before it is read (a sparse file) */
	assert_int_equal(truncate(path, (off_t)CSV_MAX_BYTES + 1), 0);
	buf_clear(&err);
	assert_int_equal(csv_read(path, &t, &enc, &err), 0);
	{
		struct buf want = BUF_INIT;

		buf_printf(&want, "%s: 文件太大（超过 256 MB）：请把数据分成几个"
		    "文件", path);
		assert_string_equal(err.ptr, want.ptr);
		buf_free(&want);
	}
	unlink(path);
	rmdir(dir);
	buf_free(&err);
}

static void
test_cell_quoting(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "中文", "中文" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "cr\r", "\"cr\r\"" },
		{ "tab\there", "\"tab\there\"" },
		{ " lead", "\" lead\"" },
		{ "trail ", "\"trail \"" },
		{ "in side", "in side" },
		{ "5\" disk", "\"5\"\" disk\"" },
		{ "\xef\xbb\xbf" "bom", "\"\xef\xbb\xbf" "bom\"" },
		{ "=1+1", "=1+1" },
	};
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_clear(&b);
		csv_cell(&b, cases[i].in, strlen(cases[i].in), 0);
		assert_string_equal(b.ptr, cases[i].out);
	}
	buf_clear(&b);
	buf_puts(&b, ">");
	csv_cell(&b, "a,b", 1, 0);
	assert_string_equal(b.ptr, ">a");
	buf_free(&b);
}

static void
test_row(void **state)
{
	static const char *const cells[] = { "a", "", "b,c", "" };
	struct buf	 b = BUF_INIT;

	csv_row(&b, cells, 4, 0);
	assert_string_equal(b.ptr, "a,,\"b,c\",\n");
	csv_row(&b, cells, 0, 0);
	assert_string_equal(b.ptr, "a,,\"b,c\",\n\n");
	buf_clear(&b);
	csv_row(&b, cells, 4, CSV_CRLF);
	assert_string_equal(b.ptr, "a,,\"b,c\",\r\n");
	buf_free(&b);
}

/*
 * Spreadsheet cells (CSV_GUARD): the formula starts of OWASP's CSV
 * injection guidance get a ' inside the cell, inside the quotes when the
 * cell is quoted, so no line of the file starts a formula and no comma of
 * a cell makes a column; plain decimal numbers stay numbers.
 */
static void
test_cell_guard(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "", "" },
		{ "中文", "中文" },
		{ "=1+1", "'=1+1" },
		{ "+1", "'+1" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "-x", "'-x" },
		{ "+1,伪造镇,999", "\"'+1,伪造镇,999\"" },
		{ "-x\n=cmd|' /C calc'!A0", "\"'-x\n=cmd|' /C calc'!A0\"" },
		{ "=HYPERLINK(\"http://x\",\"点\")",
		    "\"'=HYPERLINK(\"\"http://x\"\",\"\"点\"\")\"" },
		{ "\t=1", "\"'\t=1\"" },
		{ "\r=1", "\"'\r=1\"" },
		{ "=a\r\n=b", "\"'=a\r\n=b\"" },
		/* plain decimal numbers: -?[0-9]+(.[0-9]+)? */
		{ "-5", "-5" },
		{ "-0.25", "-0.25" },
		{ "12", "12" },
		{ "3.50", "3.50" },
		{ "-5.", "'-5." },
		{ "-.5", "'-.5" },
		{ "-", "'-" },
		{ "--5", "'--5" },
		{ "+5", "'+5" },
		{ "-1e5", "'-1e5" },
		{ "-5-1", "'-5-1" },
		{ "-1,5", "\"'-1,5\"" },
		/* what does not start a formula stays as it is */
		{ "1-2", "1-2" },
		{ "'=1", "'=1" },
		{ " =1", "\" =1\"" },
		{ "\n=1", "\"\n=1\"" },
		{ "a=1", "a=1" },
		{ "＝1+1", "＝1+1" },
	};
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_clear(&b);
		csv_cell(&b, cases[i].in, strlen(cases[i].in), CSV_GUARD);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("cell %zu: got [%s], want [%s]", i, b.ptr,
			    cases[i].out);
	}
	/* only the n bytes count: "-5" of "-5x" is a number */
	buf_clear(&b);
	csv_cell(&b, "-5x", 2, CSV_GUARD);
	assert_string_equal(b.ptr, "-5");
	buf_clear(&b);
	csv_cell(&b, "=1", 0, CSV_GUARD);
	assert_string_equal(b.ptr, "");
	/* a record for spreadsheets: guarded cells, CRLF */
	buf_clear(&b);
	csv_row(&b, (const char *const[]){ "镇", "=1", "-3", "a,b", "" }, 5,
	    CSV_SHEET);
	assert_string_equal(b.ptr, "镇,'=1,-3,\"a,b\",\r\n");
	buf_free(&b);
}

/*
 * Guarded cells read back as one cell each, with the same text after the
 * ', however many commas, quotes and line breaks they hold (LF here: the
 * reader makes every line break LF).
 */
static void
test_guard_round_trip(void **state)
{
	static const char *const rows[][3] = {
		{ "镇", "数量", "说明" },
		{ "-x\n=cmd|' /C calc'!A0", "-5", "+1,伪造镇,999" },
		{ "@x\n\"y\"", "3.5", "=\"a\",\"b\"" },
		{ "\t", "-", "普通" },
	};
	static const int guarded[][3] = {
		{ 0, 0, 0 }, { 1, 0, 1 }, { 1, 0, 1 }, { 1, 1, 0 },
	};
	struct buf	 b = BUF_INIT, want = BUF_INIT;
	struct table	 t;
	size_t		 i, j, n = sizeof(rows) / sizeof(rows[0]);

	buf_puts(&b, CSV_BOM);
	for (i = 0; i < n; i++)
		csv_row(&b, rows[i], 3, CSV_SHEET);
	parse_ok(b.ptr, b.len, &t, "UTF-8");
	assert_int_equal(t.ncols, 3);
	assert_int_equal(t.nrows, n - 1);
	for (i = 0; i < n; i++)
		for (j = 0; j < 3; j++) {
			buf_clear(&want);
			if (guarded[i][j])
				buf_putc(&want, '\'');
			buf_puts(&want, rows[i][j]);
			assert_string_equal(i ? t.rows[i - 1][j].s :
			    t.header[j].s, want.ptr);
		}
	table_free(&t);
	buf_free(&b);
	buf_free(&want);
}

static void
test_round_trip(void **state)
{
	static const char *const rows[][4] = {
		{ "name", "说明", "x", "\"quoted\"" },
		{ "a,b", "say \"hi\"", "1、一\n2、二\n3、三", " both " },
		{ "", "\t", "\"", "," },
		{ "\xef\xbb\xbf", "a\"b\"c", "\n", "" },
		{ "", "", "", "last" },
		{ "=SUM(A1)", "'", "  ", "中,文\"\n" },
	};
	struct buf	 b = BUF_INIT;
	struct table	 t;
	size_t		 i, j, n = sizeof(rows) / sizeof(rows[0]);

	for (i = 0; i < n; i++)
		csv_row(&b, rows[i], 4, 0);
	parse_ok(b.ptr, b.len, &t, "UTF-8");
	assert_int_equal(t.ncols, 4);
	assert_int_equal(t.nrows, n - 1);
	for (j = 0; j < 4; j++)
		assert_string_equal(t.header[j].s, rows[0][j]);
	for (i = 1; i < n; i++)
		for (j = 0; j < 4; j++)
			assert_string_equal(t.rows[i - 1][j].s, rows[i][j]);
	/* rows are records, whatever line breaks the cells before them have */
	for (i = 0; i < n - 1; i++)
		assert_int_equal(t.lines[i], (int)i + 2);
	table_free(&t);

	/* a header of one cell with a tab stays one cell */
	buf_clear(&b);
	csv_row(&b, (const char *const[]){ "a\tb" }, 1, 0);
	csv_row(&b, (const char *const[]){ "1\t2" }, 1, 0);
	parse_ok(b.ptr, b.len, &t, "UTF-8");
	assert_int_equal(t.ncols, 1);
	assert_string_equal(t.header[0].s, "a\tb");
	assert_string_equal(t.rows[0][0].s, "1\t2");
	table_free(&t);
	buf_free(&b);
}

static void
test_spreadsheets(void **state)
{
	struct buf	 b = BUF_INIT;

	FAILS("PK\3\4\24\0\0\0", "t.csv: 这是 Excel 工作簿（.xlsx），不是 CSV 文件："
	    "请把文件名改成以 .xlsx 结尾，或在 Excel 里“另存为” → "
	    "“CSV UTF-8（逗号分隔）”");
	assert_int_equal(files_read(&b, "tests/fixtures/xlsx/libreoffice.ods"),
	    1);
	parse_fails(b.ptr, b.len, "t.csv: 这是 OpenDocument 表格（.ods），不是 CSV "
	    "文件：请在 WPS 或 LibreOffice 里“另存为” → “Excel 工作簿"
	    "（*.xlsx）”");
	buf_free(&b);
	FAILS("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0", "t.csv: 这是旧版 Excel 文件"
	    "（.xls），不是 CSV 文件：请在 Excel 里“另存为” → “CSV UTF-8"
	    "（逗号分隔）”");
	/* text that happens to start so is read as text */
	{
		struct table	 t;

		PARSE("PK\3\4a,b\n", &t, "UTF-8");
		assert_string_equal(t.header[0].s, "PK\3\4a");
		table_free(&t);
	}
}

static void
test_err_appends(void **state)
{
	struct table	 t;
	struct buf	 err = BUF_INIT;

	buf_puts(&err, "before");
	assert_int_equal(csv_parse("\"", 1, "x.csv", &t, NULL, &err), 0);
	assert_string_equal(err.ptr, "before\nx.csv:1: 引号没有配对：第 1 行开始的"
	    "单元格少了一个结尾的引号 \"");
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_gbk),
		cmocka_unit_test(test_bad_encoding),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_delimiter),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_quote_inside_field),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_empty_lines),
		cmocka_unit_test(test_ragged),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_too_many_columns),
		cmocka_unit_test(test_too_many_rows),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_cell_quoting),
		cmocka_unit_test(test_row),
		cmocka_unit_test(test_cell_guard),
		cmocka_unit_test(test_guard_round_trip),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_spreadsheets),
		cmocka_unit_test(test_err_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
