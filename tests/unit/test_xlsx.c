/*
 * test_xlsx: reading workbooks made by libxlsxwriter (at test time), saved
 * by LibreOffice and openpyxl (committed fixtures, see
 * tests/fixtures/xlsx/src/regen.sh), and hostile zips made here byte by
 * byte: every failure has its exact message, and nothing leaks.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <xlsxwriter.h>
#include <zlib.h>

#include "lib/buf.h"
#include "lib/util.h"
#include "forms/table.h"
#include "forms/xlsx.h"

#define FIX	"tests/fixtures/xlsx/"

static char	 tmpdir[] = "/tmp/test_xlsx.XXXXXX";

static const char corrupt_msg[] = "不是有效的 Excel 文件（.xlsx）：请用 Excel 或 "
    "WPS 打开后“另存为” .xlsx 工作簿";
static const char big_msg[] = "t.xlsx: 文件内容异常（解压后过大），不像是 Excel "
    "保存的工作簿";

static const char wb_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";
static const char wb_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas."
    "openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\""
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
#define SHEET_HEAD \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" \
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/" \
    "2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

static int
setup(void **state)
{
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *
tmppath(const char *name)
{
	static char	 path[256];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

/*
 * The table as text: the header and rows separated by '|', cells by ';',
 * numbers marked '#', booleans '!'.
 */
static void
dump(const struct table *t, struct buf *out)
{
	const struct cell *row;
	size_t		 i, j;

	buf_clear(out);
	if (t->header == NULL)
		return;
	for (i = 0; i <= t->nrows; i++) {
		row = i == 0 ? t->header : t->rows[i - 1];
		if (i > 0)
			buf_putc(out, '|');
		for (j = 0; j < t->ncols; j++) {
			if (j > 0)
				buf_putc(out, ';');
			if (row[j].kind == CELL_NUMBER)
				buf_putc(out, '#');
			else if (row[j].kind == CELL_BOOL)
				buf_putc(out, '!');
			buf_puts(out, row[j].s);
		}
	}
}

/* Checks t against want (see dump) and its row numbers (header first). */
static void
table_is(const struct table *t, const char *want, const int *lines,
    size_t nlines)
{
	struct buf	 got = BUF_INIT;
	size_t		 i;

	dump(t, &got);
	assert_string_equal(got.ptr, want);
	assert_int_equal(t->nrows + 1, nlines);
	assert_int_equal(t->header_line, lines[0]);
	for (i = 0; i < t->nrows; i++)
		assert_int_equal(t->lines[i], lines[i + 1]);
	buf_free(&got);
}

#define TABLE_IS(t, want, ...) do {					\
	static const int l_[] = { __VA_ARGS__ };			\
	table_is((t), (want), l_, sizeof(l_) / sizeof(l_[0]));		\
} while (0)

static void
read_ok(const char *path, struct table *t, struct xlsx_info *info)
{
	struct buf	 err = BUF_INIT;

	if (!xlsx_read(path, t, info, &err))
		fail_msg("xlsx_read %s: %s", path, err.ptr);
	assert_int_equal(err.len, 0);
	buf_free(&err);
}

static void
mem_ok(const struct buf *zip, struct table *t, struct xlsx_info *info)
{
	struct buf	 err = BUF_INIT;

	if (!xlsx_read_mem(zip->ptr, zip->len, "t.xlsx", t, info, &err))
		fail_msg("xlsx_read_mem: %s", err.ptr);
	assert_int_equal(err.len, 0);
	buf_free(&err);
}

static void
mem_fails(const void *data, size_t n, const char *want)
{
	struct table	 t;
	struct xlsx_info info;
	struct buf	 err = BUF_INIT;

	if (xlsx_read_mem(data, n, "t.xlsx", &t, &info, &err))
		fail_msg("xlsx_read_mem succeeded (%zu rows), wanted: %s",
		    t.nrows, want);
	assert_string_equal(err.ptr, want);
	assert_null(t.header);
	assert_null(t.rows);
	assert_int_equal(t.nrows, 0);
	assert_null(info.sheet);
	assert_null(info.form);
	assert_null(info.version);
	table_free(&t);
	xlsx_info_free(&info);
	buf_free(&err);
}

/* ---- zips made byte by byte ------------------------------------------ */

struct zent {
	const char	*name;
	const void	*data;		/* as stored in the zip */
	size_t		 len;
	uint32_t	 crc;
	size_t		 usize;		/* declared uncompressed size */
	int		 method;	/* 0 stored, 8 deflated */
	int		 flags;		/* general purpose bits */
	size_t		 cdusize;	/* if not 0: in the central directory */
};

static void
put16(struct buf *b, unsigned v)
{
	buf_putc(b, (int)(v & 0xff));
	buf_putc(b, (int)(v >> 8 & 0xff));
}

static void
put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xffff);
	put16(b, v >> 16);
}

/* Writes the zip of the n entries e into out. */
static void
zip_write(struct buf *out, const struct zent *e, size_t n)
{
	struct buf	 cd = BUF_INIT;
	uint32_t	*off;
	size_t		 i, nl;

	off = calloc(n ? n : 1, sizeof(*off));
	assert_non_null(off);
	buf_clear(out);
	for (i = 0; i < n; i++) {
		nl = strlen(e[i].name);
		off[i] = (uint32_t)out->len;
		put32(out, 0x04034b50);
		put16(out, 20);
		put16(out, (unsigned)e[i].flags | 0x800);
		put16(out, (unsigned)e[i].method);
		put16(out, 0);
		put16(out, 0x5821);
		put32(out, e[i].crc);
		put32(out, (uint32_t)e[i].len);
		put32(out, (uint32_t)e[i].usize);
		put16(out, (unsigned)nl);
		put16(out, 0);
		buf_put(out, e[i].name, nl);
		buf_put(out, e[i].data, e[i].len);

		put32(&cd, 0x02014b50);
		put16(&cd, 20);
		put16(&cd, 20);
		put16(&cd, (unsigned)e[i].flags | 0x800);
		put16(&cd, (unsigned)e[i].method);
		put16(&cd, 0);
		put16(&cd, 0x5821);
		put32(&cd, e[i].crc);
		put32(&cd, (uint32_t)e[i].len);
		put32(&cd, (uint32_t)(e[i].cdusize ? e[i].cdusize : e[i].usize));
		put16(&cd, (unsigned)nl);
		put16(&cd, 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put32(&cd, 0);
		put32(&cd, off[i]);
		buf_put(&cd, e[i].name, nl);
	}
	put32(&cd, 0x06054b50);
	put16(&cd, 0);
	put16(&cd, 0);
	put16(&cd, (unsigned)n);
	put16(&cd, (unsigned)n);
	put32(&cd, (uint32_t)(cd.len - 4 - 2 * 4));
	put32(&cd, (uint32_t)out->len);
	put16(&cd, 0);
	buf_put(out, cd.ptr, cd.len);
	buf_free(&cd);
	free(off);
}

/* Raw deflate of the parts p[0..np) one after another, at level. */
static void
deflate_parts(struct buf *out, const void *const *p, const size_t *len,
    size_t np, int level, uint32_t *crc, size_t *usize)
{
	z_stream	 z;
	size_t		 i;
	int		 r;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, -15, 9,
	    Z_DEFAULT_STRATEGY), Z_OK);
	buf_clear(out);
	*crc = (uint32_t)crc32(0, NULL, 0);
	*usize = 0;
	for (i = 0; i < np; i++) {
		*crc = (uint32_t)crc32(*crc, p[i], (uInt)len[i]);
		*usize += len[i];
		z.next_in = (Bytef *)(uintptr_t)p[i];
		z.avail_in = (uInt)len[i];
		do {
			buf_grow(out, 65536);
			z.next_out = (Bytef *)out->ptr + out->len;
			z.avail_out = (uInt)(out->cap - out->len - 1);
			r = deflate(&z, i + 1 == np ? Z_FINISH : Z_NO_FLUSH);
			assert_true(r == Z_OK || r == Z_STREAM_END);
			out->len = out->cap - 1 - z.avail_out;
		} while (z.avail_out == 0 || (i + 1 == np && r != Z_STREAM_END));
	}
	deflateEnd(&z);
}

/* Appends what deflate makes of n bytes at p with flush. */
static void
deflate_some(z_stream *z, struct buf *out, const void *p, size_t n, int flush)
{
	int	 r;

	z->next_in = (Bytef *)(uintptr_t)p;
	z->avail_in = (uInt)n;
	do {
		buf_grow(out, 65536);
		z->next_out = (Bytef *)out->ptr + out->len;
		z->avail_out = (uInt)(out->cap - out->len - 1);
		r = deflate(z, flush);
		assert_true(r == Z_OK || r == Z_STREAM_END || r == Z_BUF_ERROR);
		out->len = out->cap - 1 - z->avail_out;
	} while (z->avail_out == 0);
}

/*
 * Raw deflate of head and then block repeated n times, made fast: after a
 * full flush deflate forgets everything, so the bytes it makes of the
 * block are made once and copied.
 */
static void
deflate_repeat(struct buf *out, const char *head, const char *block,
    size_t blen, size_t n, uint32_t *crc, size_t *usize)
{
	z_stream	 z;
	size_t		 i, start, blocklen;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 1, Z_DEFLATED, -15, 9,
	    Z_DEFAULT_STRATEGY), Z_OK);
	buf_clear(out);
	deflate_some(&z, out, head, strlen(head), Z_FULL_FLUSH);
	start = out->len;
	deflate_some(&z, out, block, blen, Z_FULL_FLUSH);
	blocklen = out->len - start;
	deflate_some(&z, out, block, blen, Z_FULL_FLUSH);
	assert_memory_equal(out->ptr + start, out->ptr + start + blocklen,
	    blocklen);
	buf_grow(out, blocklen * n + 65536);
	for (i = 2; i < n; i++)
		buf_put(out, out->ptr + start, blocklen);
	deflate_some(&z, out, "", 0, Z_FINISH);
	deflateEnd(&z);
	*crc = (uint32_t)crc32(0, (const Bytef *)head, (uInt)strlen(head));
	for (i = 0; i < n; i++)
		*crc = (uint32_t)crc32(*crc, (const Bytef *)block, (uInt)blen);
	*usize = strlen(head) + n * blen;
}

/* An entry holding s deflated (into store, which must outlive it). */
static struct zent
zdeflate(const char *name, const char *s, size_t n, struct buf *store)
{
	struct zent	 e;
	const void	*p = s;

	memset(&e, 0, sizeof(e));
	e.name = name;
	e.method = 8;
	deflate_parts(store, &p, &n, 1, 6, &e.crc, &e.usize);
	e.data = store->ptr;
	e.len = store->len;
	return e;
}

static struct zent
zstored(const char *name, const char *s)
{
	struct zent	 e;

	memset(&e, 0, sizeof(e));
	e.name = name;
	e.data = s;
	e.len = e.usize = strlen(s);
	e.crc = (uint32_t)crc32(0, (const Bytef *)s, (uInt)e.len);
	return e;
}

/*
 * A workbook with one sheet "Sheet1" whose XML is sheet (deflated), the
 * shared strings sst (or none), and the workbook XML wb (or the usual).
 */
static void
book(struct buf *out, const char *wb, const char *sheet, const char *sst)
{
	struct buf	 s1 = BUF_INIT;
	struct zent	 e[4];
	size_t		 n = 0;

	e[n++] = zstored("xl/workbook.xml", wb ? wb : wb_xml);
	e[n++] = zstored("xl/_rels/workbook.xml.rels", wb_rels);
	e[n++] = zdeflate("xl/worksheets/sheet1.xml", sheet, strlen(sheet), &s1);
	if (sst != NULL)
		e[n++] = zstored("xl/sharedStrings.xml", sst);
	zip_write(out, e, n);
	buf_free(&s1);
}

/* ---- libxlsxwriter workbooks ------------------------------------------ */

/* Like tests/fixtures/xlsx/src/lxw_source.c. */
static void
make_basic(const char *path, int constant_memory)
{
	lxw_workbook_options opt = { .constant_memory = (uint8_t)constant_memory,
	    .tmpdir = tmpdir };
	lxw_workbook	*wb = workbook_new_opt(path, &opt);
	lxw_worksheet	*h, *s, *f;
	lxw_format	*df;
	lxw_datetime	 dt = { 2022, 5, 9, 0, 0, 0 };

	assert_non_null(wb);
	h = workbook_add_worksheet(wb, "隐藏");
	s = workbook_add_worksheet(wb, "说明");
	f = workbook_add_worksheet(wb, "填报");
	df = workbook_add_format(wb);
	format_set_num_format(df, "yyyy-mm-dd");
	worksheet_write_string(h, 0, 0, "hidden", NULL);
	worksheet_write_string(s, 0, 0, "请在“填报”表填写", NULL);
	worksheet_write_string(f, 0, 0, "主管部门", NULL);
	worksheet_write_string(f, 0, 1, "排查时间", NULL);
	worksheet_write_string(f, 0, 2, "数量", NULL);
	worksheet_write_string(f, 0, 3, "金额", NULL);
	worksheet_write_string(f, 0, 4, "是否", NULL);
	worksheet_write_string(f, 0, 5, "存在风险隐患", NULL);
	worksheet_write_string(f, 0, 6, "公式", NULL);
	worksheet_write_string(f, 1, 0, "县市场监管局", NULL);
	worksheet_write_datetime(f, 1, 1, &dt, df);
	worksheet_write_number(f, 1, 2, 3, NULL);
	worksheet_write_number(f, 1, 3, 12.5, NULL);
	worksheet_write_boolean(f, 1, 4, 1, NULL);
	worksheet_write_string(f, 1, 5, "1、虚假宣传\n2、违法广告", NULL);
	worksheet_write_formula_num(f, 1, 6, "=C2*2", NULL, 6);
	worksheet_write_string(f, 3, 0, "  前后空格  ", NULL);
	worksheet_write_blank(f, 3, 1, df);
	worksheet_write_number(f, 3, 2, 0.1, NULL);
	worksheet_write_boolean(f, 3, 4, 0, NULL);
	worksheet_write_string(f, 3, 5, "a_x000D_b", NULL);
	worksheet_write_formula_str(f, 3, 6, "=\"x\"&A4", NULL, "x  前后空格  ");
	worksheet_write_string(f, 5, 5, "只有F列", NULL);
	worksheet_write_number(f, 6, 0, -1234567.875, NULL);
	worksheet_write_number(f, 6, 1, 1e-7, NULL);
	worksheet_activate(f);
	worksheet_hide(h);
	workbook_set_custom_property_string(wb, "shouhu.form", "hazard_ledger");
	workbook_set_custom_property_integer(wb, "shouhu.version", 2);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
}

static const char basic_table[] =
    "主管部门;排查时间;数量;金额;是否;存在风险隐患;公式|"
    "县市场监管局;#44690;#3;#12.5;!1;1、虚假宣传\n2、违法广告;#6|"
    "  前后空格  ;;#0.1;;!0;a\rb;x  前后空格  |"
    ";;;;;只有F列;|"
    "#-1234567.875;#1E-07;;;;;";

static void
test_libxlsxwriter(void **state)
{
	struct table	 t;
	struct xlsx_info info;

	make_basic(tmppath("basic.xlsx"), 0);
	read_ok(tmppath("basic.xlsx"), &t, &info);
	assert_string_equal(info.sheet, "填报");
	assert_string_equal(info.form, "hazard_ledger");
	assert_string_equal(info.version, "2");
	assert_int_equal(info.date1904, 0);
	TABLE_IS(&t, basic_table, 1, 2, 4, 6, 7);
	table_free(&t);
	xlsx_info_free(&info);
	assert_null(info.sheet);
	xlsx_info_free(&info);
}

static void
test_libxlsxwriter_inline(void **state)
{
	struct table	 t;
	struct xlsx_info info;
	struct buf	 err = BUF_INIT;

	/* constant_memory: strings are written inline (<is><t>) */
	make_basic(tmppath("inline.xlsx"), 1);
	read_ok(tmppath("inline.xlsx"), &t, &info);
	assert_string_equal(info.sheet, "填报");
	TABLE_IS(&t, basic_table, 1, 2, 4, 6, 7);
	table_free(&t);
	xlsx_info_free(&info);
	buf_free(&err);
}

static void
test_sheet_choice(void **state)
{
	struct table	 t;
	struct xlsx_info info;
	lxw_workbook	*wb;
	lxw_worksheet	*a, *b, *c;

	/* no "填报": the first visible sheet */
	wb = workbook_new(tmppath("choice1.xlsx"));
	a = workbook_add_worksheet(wb, "隐藏");
	b = workbook_add_worksheet(wb, "说明");
	c = workbook_add_worksheet(wb, "其他");
	worksheet_write_string(a, 0, 0, "a", NULL);
	worksheet_write_string(b, 0, 0, "b", NULL);
	worksheet_write_string(c, 0, 0, "c", NULL);
	worksheet_activate(c);
	worksheet_hide(a);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	read_ok(tmppath("choice1.xlsx"), &t, &info);
	assert_string_equal(info.sheet, "说明");
	assert_null(info.form);
	assert_null(info.version);
	TABLE_IS(&t, "b", 1);
	table_free(&t);
	xlsx_info_free(&info);

	/* a hidden "填报" is not read */
	wb = workbook_new(tmppath("choice2.xlsx"));
	a = workbook_add_worksheet(wb, "Sheet1");
	b = workbook_add_worksheet(wb, "填报");
	worksheet_write_string(a, 4, 2, "a", NULL);
	worksheet_write_string(b, 0, 0, "b", NULL);
	worksheet_hide(b);
	workbook_set_custom_property_string(wb, "shouhu.version", "1");
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	read_ok(tmppath("choice2.xlsx"), &t, &info);
	assert_string_equal(info.sheet, "Sheet1");
	assert_null(info.form);
	assert_string_equal(info.version, "1");
	TABLE_IS(&t, ";;a", 5);
	table_free(&t);
	xlsx_info_free(&info);
}

static void
test_rich_string(void **state)
{
	struct table	 t;
	struct xlsx_info info;
	lxw_workbook	*wb;
	lxw_worksheet	*ws;
	lxw_format	*bold;
	lxw_rich_string_tuple r1, r2, r3;
	lxw_rich_string_tuple *runs[] = { &r1, &r2, &r3, NULL };

	wb = workbook_new(tmppath("rich.xlsx"));
	ws = workbook_add_worksheet(wb, "填报");
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	r1 = (lxw_rich_string_tuple){ NULL, "普通 " };
	r2 = (lxw_rich_string_tuple){ bold, "加粗" };
	r3 = (lxw_rich_string_tuple){ NULL, " 结尾\n第二行" };
	worksheet_write_string(ws, 0, 0, "标题", NULL);
	worksheet_write_rich_string(ws, 1, 0, runs, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	read_ok(tmppath("rich.xlsx"), &t, &info);
	TABLE_IS(&t, "标题|普通 加粗 结尾\n第二行", 1, 2);
	table_free(&t);
	xlsx_info_free(&info);
}

static void
test_big_table(void **state)
{
	struct table	 t;
	struct xlsx_info info;
	lxw_workbook	*wb;
	lxw_worksheet	*ws;
	char		 s[64];
	int		 r, c;

	wb = workbook_new(tmppath("big.xlsx"));
	ws = workbook_add_worksheet(wb, "填报");
	for (c = 0; c < 11; c++) {
		snprintf(s, sizeof(s), "字段%d", c + 1);
		worksheet_write_string(ws, 0, (lxw_col_t)c, s, NULL);
	}
	for (r = 1; r <= 10000; r++)
		for (c = 0; c < 11; c++) {
			if (c % 3 == 1)
				worksheet_write_number(ws, (lxw_row_t)r,
				    (lxw_col_t)c, r * 1.5 + c, NULL);
			else {
				snprintf(s, sizeof(s), "第%d行第%d列的内容",
				    r, c);
				worksheet_write_string(ws, (lxw_row_t)r,
				    (lxw_col_t)c, s, NULL);
			}
		}
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	/* how fast: make bench (collect), never here */
	read_ok(tmppath("big.xlsx"), &t, &info);
	assert_int_equal(t.nrows, 10000);
	assert_int_equal(t.ncols, 11);
	assert_string_equal(t.header[10].s, "字段11");
	assert_string_equal(t.rows[9999][0].s, "第10000行第0列的内容");
	assert_string_equal(t.rows[9999][1].s, "15001");
	assert_int_equal(t.rows[9999][1].kind, CELL_NUMBER);
	assert_string_equal(t.rows[4][4].s, "11.5");
	assert_int_equal(t.lines[9999], 10001);
	table_free(&t);
	xlsx_info_free(&info);
}

/* ---- files saved by other programs ------------------------------------ */

static void
test_libreoffice(void **state)
{
	struct table	 t;
	struct xlsx_info info;

	/*
	 * make_basic's workbook saved by LibreOffice 7.4: explicit t="n",
	 * rich-text runs, booleans as TRUE() formulas, "1E-007", the
	 * _x000D_ as a character reference, the version as vt:r8; its
	 * cached formula result lost the trailing spaces.
	 */
	read_ok(FIX "libreoffice.xlsx", &t, &info);
	assert_string_equal(info.sheet, "填报");
	assert_string_equal(info.form, "hazard_ledger");
	assert_string_equal(info.version, "2");
	assert_int_equal(info.date1904, 0);
	TABLE_IS(&t,
	    "主管部门;排查时间;数量;金额;是否;存在风险隐患;公式|"
	    "县市场监管局;#44690;#3;#12.5;!1;1、虚假宣传\n2、违法广告;#6|"
	    "  前后空格  ;;#0.1;;!0;a\rb;x  前后空格|"
	    ";;;;;只有F列;|"
	    "#-1234567.875;#1E-007;;;;;", 1, 2, 4, 6, 7);
	table_free(&t);
	xlsx_info_free(&info);
}

static void
test_libreoffice_csv(void **state)
{
	struct table	 t;
	struct xlsx_info info;

	/* cn.csv imported by LibreOffice: the date became a number */
	read_ok(FIX "libreoffice_csv.xlsx", &t, &info);
	assert_string_equal(info.sheet, "libreoffice_csv");
	assert_null(info.form);
	assert_null(info.version);
	TABLE_IS(&t,
	    "主管部门;领域;存在风险隐患;数量;日期|"
	    "县市场监管局;涉老食品保健品;1、虚假宣传\n2、违法广告;#3;#44690|"
	    "某某镇;网络空间;  前后空格 ;#12.5;", 1, 2, 4);
	table_free(&t);
	xlsx_info_free(&info);
}

static void
test_openpyxl(void **state)
{
	struct table	 t;
	struct xlsx_info info;

	/*
	 * openpyxl 3.0: inline strings with character references, absolute
	 * relationship targets, no shared strings, a formula with an empty
	 * cached value (read as empty: the row is dropped).
	 */
	read_ok(FIX "openpyxl.xlsx", &t, &info);
	assert_string_equal(info.sheet, "填报");
	assert_null(info.form);
	TABLE_IS(&t,
	    "线索编号;登记日期;来源;挽回损失(元);涉及老年人数;已办结;;|"
	    "XS-2022-001;#44690;12345;#15000.5;#3;!1;;|"
	    "XS-2022-002;#44691.60416666666;投诉举报\n（电话）;#0;;!0;;|"
	    ";;;;;;;稀疏", 1, 2, 4, 6);
	table_free(&t);
	xlsx_info_free(&info);
}

static void
test_other_formats(void **state)
{
	struct table	 t;
	struct xlsx_info info;
	struct buf	 err = BUF_INIT;

	assert_int_equal(xlsx_read(FIX "libreoffice.xls", &t, &info, &err), 0);
	assert_string_equal(err.ptr, FIX "libreoffice.xls: 这是旧版 .xls 文件：请在 "
	    "Excel 里“另存为” → “Excel 工作簿（*.xlsx）”");
	buf_clear(&err);
	assert_int_equal(xlsx_read(FIX "libreoffice.ods", &t, &info, &err), 0);
	assert_string_equal(err.ptr, FIX "libreoffice.ods: 这是 OpenDocument 表格"
	    "（.ods）：请在 WPS 或 LibreOffice 里“另存为” → “Excel 工作簿"
	    "（*.xlsx）”");
	buf_clear(&err);
	assert_int_equal(xlsx_read(FIX "src/cn.csv", &t, &info, &err), 0);
	assert_string_equal(err.ptr, FIX "src/cn.csv: 不是有效的 Excel 文件（.xlsx）："
	    "请用 Excel 或 WPS 打开后“另存为” .xlsx 工作簿");
	buf_clear(&err);
	assert_int_equal(xlsx_read("/nonexistent.xlsx", &t, &info, &err), 0);
	assert_int_equal(xlsx_read(tmpdir, &t, &info, &err), 0);
	{
		struct buf want = BUF_INIT;

		buf_printf(&want, "/nonexistent.xlsx: 无法读取：%s\n%s: 无法读取："
		    "%s", util_strerror(ENOENT), tmpdir, util_strerror(EISDIR));
		assert_string_equal(err.ptr, want.ptr);
		buf_free(&want);
	}
	assert_null(t.header);
	assert_null(info.sheet);

	/* a file too big is refused before it is read (a sparse file) */
	{
		struct buf want = BUF_INIT;
		FILE	*f = fopen(tmppath("huge.xlsx"), "w");

		assert_non_null(f);
		fclose(f);
		assert_int_equal(truncate(tmppath("huge.xlsx"),
		    (off_t)XLSX_MAX_TOTAL + 1), 0);
		buf_clear(&err);
		assert_int_equal(xlsx_read(tmppath("huge.xlsx"), &t, &info,
		    &err), 0);
		buf_printf(&want, "%s: 文件太大（超过 512 MB），不像是 Excel "
		    "保存的工作簿", tmppath("huge.xlsx"));
		assert_string_equal(err.ptr, want.ptr);
		buf_free(&want);
	}
	buf_free(&err);
}

/* ---- hand-made workbooks ---------------------------------------------- */

static void
test_minimal_and_escapes(void **state)
{
	struct buf	 z = BUF_INIT;
	struct table	 t;
	struct xlsx_info info;

	book(&z, NULL, SHEET_HEAD
	    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c>"
	    "<c r=\"B2\" t=\"inlineStr\"><is><t>_x000D_</t></is></c>"
	    "<c r=\"C2\" t=\"inlineStr\"><is><t>_x005F_x0041_</t></is></c>"
	    "<c r=\"D2\" t=\"inlineStr\"><is><t>_xD83D__xDE00_ _xd800_ "
	    "_x0000_ _x41_ _x0041</t></is></c></row>"
	    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c>"
	    "<c r=\"B3\" t=\"e\"><v>#N/A</v></c>"
	    "<c r=\"C3\" t=\"d\"><v>2022-05-09T00:00:00</v></c>"
	    "<c r=\"D3\" t=\"b\"><v>true</v></c>"
	    "<c r=\"E3\" t=\"str\"><f>A1</f><v>x_x000A_y</v></c>"
	    "<c r=\"F3\" t=\"s\"/><c r=\"G3\"><v/></c>"
	    "<c r=\"H3\" t=\"s\"><v>2</v></c>"
	    "<c r=\"I3\" t=\"inlineStr\"><v>in v</v></c></row>"
	    SHEET_TAIL,
	    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
	    "main\"><si><t xml:space=\"preserve\"> 标题 </t></si>"
	    "<si><r><t>日本</t></r><r><rPr><b/></rPr><t>語</t></r>"
	    "<rPh sb=\"0\" eb=\"2\"><t>ニホンゴ</t></rPh><phoneticPr fontId=\"1\"/>"
	    "</si><si><t/></si></sst>");
	mem_ok(&z, &t, &info);
	assert_string_equal(info.sheet, "Sheet1");
	TABLE_IS(&t, " 标题 ;\r;_x0041_;😀 \xef\xbf\xbd \xef\xbf\xbd _x41_ _x0041;;;;;|"
	    "日本語;#N/A;2022-05-09T00:00:00;!1;x\ny;;;;in v", 2, 3);
	table_free(&t);
	xlsx_info_free(&info);
	buf_free(&z);
}

static void
test_prefixes_and_missing_refs(void **state)
{
	static const char wb[] =
	    "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\" xmlns:rel=\"http://schemas.openxmlformats"
	    ".org/officeDocument/2006/relationships\"><x:workbookPr "
	    "date1904=\"1\"/><x:sheets><x:sheet name=\"图表\" sheetId=\"9\" "
	    "rel:id=\"rId9\"/><x:sheet name=\"Sheet1\" sheetId=\"1\" "
	    "rel:id=\"rId1\"/></x:sheets></x:workbook>";
	struct buf	 z = BUF_INIT;
	struct table	 t;
	struct xlsx_info info;

	/* rId9 is not in the relationships: that sheet is passed over */
	book(&z, wb,
	    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
	    "spreadsheetml/2006/main\"><x:sheetData>"
	    "<x:row><x:c t=\"inlineStr\"><x:is><x:t>a</x:t></x:is></x:c>"
	    "<x:c><x:v>1</x:v></x:c><x:c r=\"E1\"><x:v>5</x:v></x:c>"
	    "<x:c><x:v>6</x:v></x:c></x:row>"
	    "<x:row r=\"4\"><x:c r=\"C4\"><x:v>3</x:v></x:c>"
	    "<x:c r=\"A4\"><x:v>1</x:v></x:c></x:row>"
	    "<x:row><x:c r=\"B5\" t=\"b\"><x:v>0</x:v></x:c></x:row>"
	    "</x:sheetData></x:worksheet>", NULL);
	mem_ok(&z, &t, &info);
	assert_string_equal(info.sheet, "Sheet1");
	assert_int_equal(info.date1904, 1);
	TABLE_IS(&t, "a;#1;;;#5;#6|#1;;#3;;;|;!0;;;;", 1, 4, 5);
	table_free(&t);
	xlsx_info_free(&info);
	buf_free(&z);
}

static void
test_paths(void **state)
{
	static const char rels[] =
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	    "2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://"
	    "schemas.openxmlformats.org/officeDocument/2006/relationships/"
	    "officeDocument\" Target=\"/book/main.xml\"/><Relationship Id=\"r2\""
	    " Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
	    "relationships/custom-properties\" Target=\"props/c.xml\"/>"
	    "</Relationships>";
	static const char wbrels[] =
	    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/"
	    "2006/relationships\"><Relationship Id=\"a\" Type=\"http://purl.oclc"
	    ".org/ooxml/officeDocument/relationships/chartsheet\" Target=\""
	    "charts/c1.xml\"/><Relationship Id=\"b\" Type=\"http://purl.oclc.org"
	    "/ooxml/officeDocument/relationships/worksheet\" Target=\"./x/../"
	    "sheets/../../data/s.xml\"/><Relationship Id=\"c\" Type=\"http://"
	    "purl.oclc.org/ooxml/officeDocument/relationships/worksheet\" "
	    "Target=\"http://example.com/s.xml\" TargetMode=\"External\"/>"
	    "</Relationships>";
	static const char wb[] =
	    "<workbook xmlns:r=\"r\"><sheets><sheet name=\"图表\" r:id=\"a\"/>"
	    "<sheet name=\"外部\" r:id=\"c\"/><sheet name=\"数据\" r:id=\"b\"/>"
	    "<sheet name=\"无\"/></sheets></workbook>";
	static const char custom[] =
	    "<Properties xmlns:vt=\"v\"><property name=\"other\"><vt:lpwstr>x"
	    "</vt:lpwstr></property><property name=\"shouhu.form\">"
	    "<vt:lpwstr>case_source</vt:lpwstr></property><property name=\""
	    "shouhu.version\"><vt:r8>1.5</vt:r8></property><property name=\""
	    "shouhu.form\"><vt:lpwstr>second</vt:lpwstr></property></Properties>";
	struct zent	 e[5];
	struct buf	 z = BUF_INIT;
	struct table	 t;
	struct xlsx_info info;

	e[0] = zstored("_rels/.rels", rels);
	e[1] = zstored("BOOK/Main.xml", wb);
	e[2] = zstored("book/_rels/main.xml.rels", wbrels);
	e[3] = zstored("data/s.xml", "<worksheet><sheetData><row><c t=\"str\">"
	    "<v>ok</v></c></row></sheetData></worksheet>");
	e[4] = zstored("props/c.xml", custom);
	zip_write(&z, e, 5);
	mem_ok(&z, &t, &info);
	assert_string_equal(info.sheet, "数据");
	assert_string_equal(info.form, "case_source");
	assert_string_equal(info.version, "1.5");
	TABLE_IS(&t, "ok", 1);
	table_free(&t);
	xlsx_info_free(&info);
	buf_free(&z);
}

static void
test_empty_sheet(void **state)
{
	struct buf	 z = BUF_INIT;
	struct table	 t;
	struct xlsx_info info;

	book(&z, NULL, SHEET_HEAD "<row r=\"1\"><c r=\"A1\" s=\"1\"/></row>"
	    "<row r=\"2\"/>" SHEET_TAIL, NULL);
	mem_ok(&z, &t, &info);
	assert_null(t.header);
	assert_int_equal(t.ncols, 0);
	table_free(&t);
	xlsx_info_free(&info);
	buf_free(&z);
}

static void
test_not_a_workbook(void **state)
{
	static const char msg[] = "t.xlsx: 不是有效的 Excel 文件（.xlsx）：请用 "
	    "Excel 或 WPS 打开后“另存为” .xlsx 工作簿";
	struct buf	 z = BUF_INIT;
	struct zent	 e;

	mem_fails("hello", 5, msg);
	mem_fails("", 0, msg);
	mem_fails("PK\x03\x04 broken", 11, msg);
	/* a zip without a workbook */
	e = zstored("[Content_Types].xml", "<Types/>");
	zip_write(&z, &e, 1);
	mem_fails(z.ptr, z.len, "t.xlsx: 不是有效的 Excel 文件（.xlsx）：请用 Excel "
	    "或 WPS 打开后“另存为” .xlsx 工作簿（缺少 xl/workbook.xml）");
	/* cut short */
	book(&z, NULL, SHEET_HEAD SHEET_TAIL, NULL);
	mem_fails(z.ptr, z.len - 10, msg);
	buf_free(&z);
}

static void
test_old_and_encrypted(void **state)
{
	struct buf	 b = BUF_INIT, z = BUF_INIT;
	struct zent	 e[3];
	static const char enc[] = "t.xlsx: 这个工作簿设置了打开密码（已加密），无法"
	    "读取：请在 Excel 或 WPS 里去掉密码（“文件” → “信息” → “保护工作簿”"
	    " → “用密码进行加密”，清空密码），再保存为 .xlsx 工作簿";

	buf_put(&b, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	buf_put(&b, "\0\0\0\0\0\0\0\0W\0o\0r\0k\0b\0o\0o\0k\0", 24);
	mem_fails(b.ptr, b.len, "t.xlsx: 这是旧版 .xls 文件：请在 Excel 里“另存为”"
	    " → “Excel 工作簿（*.xlsx）”");
	/* Excel's password-protected workbook: an OLE file with EncryptionInfo */
	buf_put(&b, "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0\0\0", 30);
	mem_fails(b.ptr, b.len, enc);

	/* a zip whose entries are encrypted */
	e[0] = zstored("xl/workbook.xml", wb_xml);
	e[0].flags = 1;
	e[1] = zstored("xl/_rels/workbook.xml.rels", wb_rels);
	zip_write(&z, e, 2);
	mem_fails(z.ptr, z.len, enc);
	buf_free(&b);
	buf_free(&z);
}

static void
test_bomb_ratio(void **state)
{
	struct buf	 z = BUF_INIT, sheet = BUF_INIT, d1 = BUF_INIT;
	struct zent	 e[3];
	const void	*p[2];
	size_t		 len[2];
	char		*spaces;

	/* 20 MB of spaces in a valid start of a sheet: ratio about 1000 */
	spaces = malloc(20 << 20);
	assert_non_null(spaces);
	memset(spaces, ' ', 20 << 20);
	p[0] = SHEET_HEAD;
	len[0] = strlen(SHEET_HEAD);
	p[1] = spaces;
	len[1] = 20 << 20;
	e[0] = zstored("xl/workbook.xml", wb_xml);
	e[1] = zstored("xl/_rels/workbook.xml.rels", wb_rels);
	memset(&e[2], 0, sizeof(e[2]));
	e[2].name = "xl/worksheets/sheet1.xml";
	e[2].method = 8;
	deflate_parts(&sheet, p, len, 2, 9, &e[2].crc, &e[2].usize);
	e[2].data = sheet.ptr;
	e[2].len = sheet.len;
	assert_true(e[2].usize / e[2].len > 500);
	zip_write(&z, e, 3);
	mem_fails(z.ptr, z.len, big_msg);

	/* the same bytes stored are read whole */
	e[2] = zstored("xl/worksheets/sheet1.xml", SHEET_HEAD);
	buf_clear(&d1);
	buf_puts(&d1, SHEET_HEAD);
	buf_put(&d1, spaces, 20 << 20);
	buf_puts(&d1, SHEET_TAIL);
	e[2].data = d1.ptr;
	e[2].len = e[2].usize = d1.len;
	e[2].crc = (uint32_t)crc32(0, (const Bytef *)d1.ptr, (uInt)d1.len);
	zip_write(&z, e, 3);
	{
		struct table	 t;
		struct xlsx_info info;

		mem_ok(&z, &t, &info);
		assert_null(t.header);
		table_free(&t);
		xlsx_info_free(&info);
	}
	free(spaces);
	buf_free(&z);
	buf_free(&sheet);
	buf_free(&d1);
}

static void
test_bomb_size(void **state)
{
	struct buf	 z = BUF_INIT, sheet = BUF_INIT;
	struct zent	 e[3];
	size_t		 i;
	unsigned	 x = 1;
	char		*block;

	/*
	 * 300 MB, deflated to a ratio well under XLSX_MAX_RATIO (spaces
	 * with a letter here and there): only the cap on one part (256 MB)
	 * stops it.
	 */
	block = malloc(1 << 20);
	assert_non_null(block);
	memset(block, ' ', 1 << 20);
	for (i = 0; i < 1 << 20; i += 40) {
		x = x * 1103515245 + 12345;
		block[i + (x >> 16) % 40] = (char)('a' + (x >> 8) % 26);
	}
	e[0] = zstored("xl/workbook.xml", wb_xml);
	e[1] = zstored("xl/_rels/workbook.xml.rels", wb_rels);
	memset(&e[2], 0, sizeof(e[2]));
	e[2].name = "xl/worksheets/sheet1.xml";
	e[2].method = 8;
	deflate_repeat(&sheet, SHEET_HEAD, block, 1 << 20, 300, &e[2].crc,
	    &e[2].usize);
	e[2].data = sheet.ptr;
	e[2].len = sheet.len;
	assert_true(e[2].usize / e[2].len < XLSX_MAX_RATIO / 2);
	zip_write(&z, e, 3);
	mem_fails(z.ptr, z.len, big_msg);
	free(block);
	buf_free(&z);
	buf_free(&sheet);
}

static void
test_lying_sizes(void **state)
{
	struct buf	 z = BUF_INIT, s1 = BUF_INIT, want = BUF_INIT;
	struct zent	 e[3];
	struct table	 t;
	struct xlsx_info info;
	char		*spaces;
	static const char sheet[] = SHEET_HEAD "<row><c t=\"inlineStr\"><is><t>"
	    "真的内容比声明的长</t></is></c></row>" SHEET_TAIL;

	/*
	 * libzip inflates to the end of the stream whatever size is
	 * declared, and checks the CRC: what counts is what comes out.
	 */
	e[0] = zstored("xl/workbook.xml", wb_xml);
	e[1] = zstored("xl/_rels/workbook.xml.rels", wb_rels);
	e[2] = zdeflate("xl/worksheets/sheet1.xml", sheet, strlen(sheet), &s1);
	e[2].usize = 20;
	zip_write(&z, e, 3);
	mem_ok(&z, &t, &info);
	assert_string_equal(t.header[0].s, "真的内容比声明的长");
	table_free(&t);
	xlsx_info_free(&info);
	e[2].usize = 1 << 30;
	zip_write(&z, e, 3);
	mem_ok(&z, &t, &info);
	assert_string_equal(t.header[0].s, "真的内容比声明的长");
	table_free(&t);
	xlsx_info_free(&info);

	/* a bomb that declares 100 bytes is still stopped */
	spaces = malloc(8 << 20);
	assert_non_null(spaces);
	memset(spaces, ' ', 8 << 20);
	memcpy(spaces, SHEET_HEAD, strlen(SHEET_HEAD));
	e[2] = zdeflate("xl/worksheets/sheet1.xml", spaces, 8 << 20, &s1);
	e[2].usize = 100;
	free(spaces);
	zip_write(&z, e, 3);
	mem_fails(z.ptr, z.len, big_msg);

	/* the central directory and the local header disagree */
	e[2] = zdeflate("xl/worksheets/sheet1.xml", sheet, strlen(sheet), &s1);
	e[2].cdusize = e[2].usize + 1;
	zip_write(&z, e, 3);
	buf_printf(&want, "t.xlsx: %s", corrupt_msg);
	mem_fails(z.ptr, z.len, want.ptr);
	buf_clear(&want);

	/* a stored entry declared shorter: the data is cut, the CRC fails */
	e[2] = zstored("xl/worksheets/sheet1.xml", sheet);
	e[2].usize = e[2].len = 40;
	zip_write(&z, e, 3);
	buf_printf(&want, "t.xlsx: %s（xl/worksheets/sheet1.xml 的校验和不对）",
	    corrupt_msg);
	mem_fails(z.ptr, z.len, want.ptr);
	/* a wrong CRC */
	e[2] = zdeflate("xl/worksheets/sheet1.xml", sheet, strlen(sheet), &s1);
	e[2].crc ^= 1;
	zip_write(&z, e, 3);
	mem_fails(z.ptr, z.len, want.ptr);
	buf_free(&z);
	buf_free(&s1);
	buf_free(&want);
}

static void
test_too_many_entries(void **state)
{
	struct buf	 z = BUF_INIT;
	struct zent	*e;
	char		(*names)[16];
	size_t		 i, n = XLSX_MAX_ENTRIES + 1;

	e = calloc(n, sizeof(*e));
	names = calloc(n, sizeof(*names));
	assert_true(e && names);
	e[0] = zstored("xl/workbook.xml", wb_xml);
	for (i = 1; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "f/%zu", i);
		e[i] = zstored(names[i], "");
	}
	zip_write(&z, e, n);
	mem_fails(z.ptr, z.len, "t.xlsx: 文件内容异常（压缩包里的文件太多），不像是 "
	    "Excel 保存的工作簿");
	zip_write(&z, e, n - 1);
	mem_fails(z.ptr, z.len, "t.xlsx: 不是有效的 Excel 文件（.xlsx）：请用 Excel "
	    "或 WPS 打开后“另存为” .xlsx 工作簿（工作簿里没有工作表）");
	free(e);
	free(names);
	buf_free(&z);
}

static void
test_bad_xml(void **state)
{
	struct buf	 z = BUF_INIT, want = BUF_INIT;

	book(&z, NULL, SHEET_HEAD "<row><c><v>1</c></row>" SHEET_TAIL, NULL);
	buf_printf(&want, "t.xlsx: %s（xl/worksheets/sheet1.xml 第 2 行：XML 格式"
	    "错误（mismatched tag））", corrupt_msg);
	mem_fails(z.ptr, z.len, want.ptr);

	book(&z, NULL, SHEET_HEAD "<row><c><v>1</v></c></row>", NULL);
	buf_clear(&want);
	buf_printf(&want, "t.xlsx: %s（xl/worksheets/sheet1.xml 第 2 行：XML 格式"
	    "错误（no element found））", corrupt_msg);
	mem_fails(z.ptr, z.len, want.ptr);

	/* bytes that are not UTF-8 */
	book(&z, NULL, SHEET_HEAD "<row><c t=\"inlineStr\"><is><t>\xb1\xea"
	    "</t></is></c></row>" SHEET_TAIL, NULL);
	buf_clear(&want);
	buf_printf(&want, "t.xlsx: %s（xl/worksheets/sheet1.xml 第 2 行：XML 格式"
	    "错误（not well-formed (invalid token)））", corrupt_msg);
	mem_fails(z.ptr, z.len, want.ptr);

	book(&z, "<workbook><sheets>", SHEET_HEAD SHEET_TAIL, NULL);
	buf_clear(&want);
	buf_printf(&want, "t.xlsx: %s（xl/workbook.xml 第 1 行：XML 格式错误"
	    "（no element found））", corrupt_msg);
	mem_fails(z.ptr, z.len, want.ptr);
	buf_free(&z);
	buf_free(&want);
}

static void
test_doctype(void **state)
{
	struct buf	 z = BUF_INIT;
	static const char laughs[] =
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n"
	    " <!ENTITY lol \"lol\">\n"
	    " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
	    " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
	    "]>\n<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol3;"
	    "</t></is></c></row></sheetData></worksheet>";

	book(&z, NULL, laughs, NULL);
	mem_fails(z.ptr, z.len, "t.xlsx: 文件内容异常（xl/worksheets/sheet1.xml 里"
	    "有 DOCTYPE 声明），不像是 Excel 保存的工作簿");
	book(&z, "<!DOCTYPE workbook SYSTEM \"file:///etc/passwd\"><workbook/>",
	    SHEET_HEAD SHEET_TAIL, NULL);
	mem_fails(z.ptr, z.len, "t.xlsx: 文件内容异常（xl/workbook.xml 里有 DOCTYPE "
	    "声明），不像是 Excel 保存的工作簿");
	buf_free(&z);
}

static void
test_too_many_columns(void **state)
{
	struct buf	 z = BUF_INIT, sheet = BUF_INIT;
	struct table	 t;
	struct xlsx_info info;
	size_t		 i;

	buf_puts(&sheet, SHEET_HEAD "<row r=\"3\">");
	for (i = 0; i < 2000; i++)
		buf_puts(&sheet, "<c><v>1</v></c>");
	buf_puts(&sheet, "</row>" SHEET_TAIL);
	book(&z, NULL, sheet.ptr, NULL);
	mem_fails(z.ptr, z.len, "t.xlsx:3: 列太多：工作表“Sheet1”第 3 行用到了第 "
	    "1025 列（AMK 列），最多只能有 1024 列：请删掉多余的列");

	buf_clear(&sheet);
	buf_puts(&sheet, SHEET_HEAD "<row r=\"7\"><c r=\"XFD7\"><v>1</v></c></row>"
	    SHEET_TAIL);
	book(&z, NULL, sheet.ptr, NULL);
	mem_fails(z.ptr, z.len, "t.xlsx:7: 列太多：工作表“Sheet1”第 7 行用到了第 "
	    "16384 列（XFD 列），最多只能有 1024 列：请删掉多余的列");

	/* exactly 1024 columns, empty styled cells beyond are no matter */
	buf_clear(&sheet);
	buf_puts(&sheet, SHEET_HEAD "<row r=\"1\"><c r=\"AMJ1\"><v>1</v></c>"
	    "</row><row r=\"2\"><c r=\"A2\"><v>2</v></c><c r=\"AMK2\" s=\"3\"/>"
	    "</row>" SHEET_TAIL);
	book(&z, NULL, sheet.ptr, NULL);
	mem_ok(&z, &t, &info);
	assert_int_equal(t.ncols, 1024);
	assert_string_equal(t.header[1023].s, "1");
	assert_string_equal(t.rows[0][0].s, "2");
	table_free(&t);
	xlsx_info_free(&info);
	buf_free(&z);
	buf_free(&sheet);
}

static void
test_bad_references(void **state)
{
	static const struct {
		const char	*sheet;
		const char	*want;
	} cases[] = {
		{ "<row r=\"1\"><c r=\"ZZZZZ1\"><v>1</v></c></row>",
		  "工作表“Sheet1”里的单元格位置“ZZZZZ1”不正确" },
		{ "<row r=\"1\"><c r=\"A0\"><v>1</v></c></row>",
		  "工作表“Sheet1”里的单元格位置“A0”不正确" },
		{ "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>",
		  "工作表“Sheet1”里的单元格位置“XFE1”不正确" },
		{ "<row r=\"1\"><c r=\"A1048577\"><v>1</v></c></row>",
		  "工作表“Sheet1”里的单元格位置“A1048577”不正确" },
		{ "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>",
		  "工作表“Sheet1”里的单元格位置“1A”不正确" },
		{ "<row r=\"1\"><c r=\"\"><v>1</v></c></row>",
		  "工作表“Sheet1”里的单元格位置“”不正确" },
		{ "<row r=\"1\"><c r=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		  "AAAAAAAA1\"/></row>",
		  "工作表“Sheet1”里的单元格位置“AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		  "AAAAAAA…”不正确" },
		{ "<row r=\"0\"/>", "工作表“Sheet1”里的行号“0”不正确" },
		{ "<row r=\"-1\"/>", "工作表“Sheet1”里的行号“-1”不正确" },
		{ "<row r=\"1048577\"/>",
		  "工作表“Sheet1”里的行号“1048577”不正确" },
		{ "<row r=\"5\"/><row r=\"5\"/>",
		  "工作表“Sheet1”里第 5 行排在第 5 行后面" },
		{ "<row r=\"5\"/><row r=\"2\"/>",
		  "工作表“Sheet1”里第 2 行排在第 5 行后面" },
		{ "<row><c t=\"s\"><v>0</v></c></row>",
		  "工作表“Sheet1”里的共享字符串编号“0”不正确" },
		{ "<row><c t=\"s\"><v>x</v></c></row>",
		  "工作表“Sheet1”里的共享字符串编号“x”不正确" },
	};
	struct buf	 z = BUF_INIT, sheet = BUF_INIT, want = BUF_INIT;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_clear(&sheet);
		buf_printf(&sheet, "%s%s%s", SHEET_HEAD, cases[i].sheet,
		    SHEET_TAIL);
		book(&z, NULL, sheet.ptr, NULL);
		buf_clear(&want);
		buf_printf(&want, "t.xlsx: %s（%s）", corrupt_msg, cases[i].want);
		mem_fails(z.ptr, z.len, want.ptr);
	}
	/* a long name is cut between characters */
	book(&z, "<workbook xmlns:r=\"r\"><sheets><sheet name=\"一二三四五六七八"
	    "九十一二三四五六七八九十\" r:id=\"rId1\"/></sheets></workbook>",
	    SHEET_HEAD "<row r=\"0\"/>" SHEET_TAIL, NULL);
	buf_clear(&want);
	buf_printf(&want, "t.xlsx: %s（工作表“一二三四五六七八九十一二三…”里的"
	    "行号“0”不正确）", corrupt_msg);
	mem_fails(z.ptr, z.len, want.ptr);
	buf_free(&z);
	buf_free(&sheet);
	buf_free(&want);
}

static void
test_too_many_rows(void **state)
{
	struct buf	 z = BUF_INIT;

	book(&z, NULL, SHEET_HEAD "<row r=\"1\"><c><v>1</v></c></row>"
	    "<row r=\"1000001\"><c><v>1</v></c></row>" SHEET_TAIL, NULL);
	mem_fails(z.ptr, z.len, "t.xlsx: 行太多：工作表“Sheet1”用到了第 1000001 "
	    "行，最多只能有 1000000 行：请删掉多余的行，或把数据分成几个文件");
	buf_free(&z);
}

static void
test_hidden_and_missing(void **state)
{
	struct buf	 z = BUF_INIT;
	struct zent	 e[2];

	book(&z, "<workbook xmlns:r=\"r\"><sheets><sheet name=\"a\" "
	    "state=\"hidden\" r:id=\"rId1\"/><sheet name=\"b\" state=\""
	    "veryHidden\" r:id=\"rId1\"/></sheets></workbook>",
	    SHEET_HEAD SHEET_TAIL, NULL);
	mem_fails(z.ptr, z.len, "t.xlsx: 工作簿里没有可以读取的工作表（工作表都被隐藏"
	    "了）：请在 Excel 里右键点工作表标签 → “取消隐藏”，再保存");

	/* the sheet's part is missing */
	e[0] = zstored("xl/workbook.xml", wb_xml);
	e[1] = zstored("xl/_rels/workbook.xml.rels", wb_rels);
	zip_write(&z, e, 2);
	mem_fails(z.ptr, z.len, "t.xlsx: 不是有效的 Excel 文件（.xlsx）：请用 Excel "
	    "或 WPS 打开后“另存为” .xlsx 工作簿（缺少 xl/worksheets/sheet1.xml）");
	buf_free(&z);
}

static void
test_err_appends(void **state)
{
	struct table	 t;
	struct xlsx_info info;
	struct buf	 err = BUF_INIT;

	buf_puts(&err, "before");
	assert_int_equal(xlsx_read_mem("x", 1, "a.xlsx", &t, &info, &err), 0);
	assert_string_equal(err.ptr, "before\na.xlsx: 不是有效的 Excel 文件（.xlsx）"
	    "：请用 Excel 或 WPS 打开后“另存为” .xlsx 工作簿");
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libxlsxwriter),
		cmocka_unit_test(test_libxlsxwriter_inline),
		cmocka_unit_test(test_sheet_choice),
		cmocka_unit_test(test_rich_string),
		cmocka_unit_test(test_big_table),
		cmocka_unit_test(test_libreoffice),
		cmocka_unit_test(test_libreoffice_csv),
		cmocka_unit_test(test_openpyxl),
		cmocka_unit_test(test_other_formats),
		cmocka_unit_test(test_minimal_and_escapes),
		cmocka_unit_test(test_prefixes_and_missing_refs),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_empty_sheet),
		cmocka_unit_test(test_not_a_workbook),
		cmocka_unit_test(test_old_and_encrypted),
		cmocka_unit_test(test_bomb_ratio),
		cmocka_unit_test(test_bomb_size),
		cmocka_unit_test(test_lying_sizes),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_bad_xml),
		cmocka_unit_test(test_doctype),
		cmocka_unit_test(test_too_many_columns),
		cmocka_unit_test(test_bad_references),
		cmocka_unit_test(test_too_many_rows),
		cmocka_unit_test(test_hidden_and_missing),
		cmocka_unit_test(test_err_appends),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
