/*
 * fuzz_table: a libFuzzer target for the readers of filled forms.  The
 * first byte of the input, modulo 3, chooses what the rest is:
 *
 *	0 ('0')	a CSV file, for csv_parse;
 *	1 ('1')	an .xlsx file, for xlsx_read_mem;
 *	2 ('2')	the parts of an .xlsx file, each "@@@NAME\n" and its bytes,
 *		zipped here (stored, with right CRCs) for xlsx_read_mem, so
 *		that mutations reach the XML instead of breaking the zip.
 *
 * Besides "no crash, no leak, no hang" it checks the promises of the
 * contracts and abort()s when one is broken: a message exactly when the
 * read fails, and then an empty table; every row ncols cells of valid
 * UTF-8, none of them all empty; row numbers increasing; the table
 * written with csv_row reads back the same.  With $FUZZ_TABLE_VERBOSE set
 * it prints what each input gave.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "lib/buf.h"
#include "fuzz.h"
#include "forms/csv.h"
#include "forms/table.h"
#include "forms/xlsx.h"

#define SEP	"@@@"
#define SEPLEN	(sizeof(SEP) - 1)

static int	verbose = -1;

static int
utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t	 cp;
	size_t		 len, k;

	while (*s != '\0') {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if (*s >= 0xc2 && *s <= 0xdf) {
			len = 2;
			cp = *s & 0x1f;
		} else if (*s >= 0xe0 && *s <= 0xef) {
			len = 3;
			cp = *s & 0x0f;
		} else if (*s >= 0xf0 && *s <= 0xf4) {
			len = 4;
			cp = *s & 0x07;
		} else
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		s += len;
	}
	return 1;
}

static void
check_row(const struct cell *row, size_t ncols, int csv)
{
	size_t	 j;
	int	 nonempty = 0;

	CHECK(row != NULL);
	for (j = 0; j < ncols; j++) {
		CHECK(row[j].s != NULL);
		CHECK(utf8_valid(row[j].s));
		CHECK(row[j].kind == CELL_TEXT || row[j].kind == CELL_NUMBER ||
		    row[j].kind == CELL_BOOL);
		CHECK(!csv || row[j].kind == CELL_TEXT);
		if (row[j].s[0] != '\0')
			nonempty = 1;
		else
			CHECK(row[j].kind == CELL_TEXT);
		if (row[j].kind == CELL_BOOL)
			CHECK(strcmp(row[j].s, "0") == 0 ||
			    strcmp(row[j].s, "1") == 0);
	}
	CHECK(nonempty);
}

static void
check_table(const struct table *t, int csv)
{
	size_t	 i;

	if (t->header == NULL) {
		CHECK(t->nrows == 0 && t->ncols == 0);
		return;
	}
	CHECK(t->ncols >= 1 && t->ncols <= CSV_MAX_COLS &&
	    t->ncols <= XLSX_MAX_COLS);
	CHECK(t->header_line >= 1);
	check_row(t->header, t->ncols, csv);
	for (i = 0; i < t->nrows; i++) {
		CHECK(t->lines[i] > (i ? t->lines[i - 1] : t->header_line));
		check_row(t->rows[i], t->ncols, csv);
	}
}

static int
same_cell(const char *orig, const char *back)
{
	/* CSV turns line breaks in cells into "\n" */
	for (; *orig != '\0'; orig++, back++) {
		if (*orig == '\r') {
			if (orig[1] == '\n')
				orig++;
			if (*back != '\n')
				return 0;
		} else if (*orig != *back)
			return 0;
	}
	return *back == '\0';
}

/* Writes t as CSV, reads it back: the same cells. */
static void
round_trip(const struct table *t)
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	struct table	 back;
	const char	**cells;
	const char	*enc;
	size_t		 i, j;

	if (t->header == NULL)
		return;
	cells = calloc(t->ncols, sizeof(*cells));
	CHECK(cells != NULL);
	for (i = 0; i <= t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			cells[j] = (i ? t->rows[i - 1] : t->header)[j].s;
		csv_row(&out, cells, t->ncols, 0);
	}
	free(cells);
	if (!csv_parse(out.ptr, out.len, "back.csv", &back, &enc, &err)) {
		fprintf(stderr, "round trip: %s\n", err.ptr);
		CHECK(!"the written CSV does not read back");
	}
	CHECK(strcmp(enc, "UTF-8") == 0);
	CHECK(back.ncols == t->ncols && back.nrows == t->nrows);
	for (i = 0; i <= t->nrows; i++)
		for (j = 0; j < t->ncols; j++)
			CHECK(same_cell((i ? t->rows[i - 1] : t->header)[j].s,
			    (i ? back.rows[i - 1] : back.header)[j].s));
	table_free(&back);
	buf_free(&out);
	buf_free(&err);
}

static void
report(int ok, const struct table *t, const struct buf *err)
{
	if (!verbose)
		return;
	if (ok)
		fprintf(stderr, "ok: %zu columns, header line %d, %zu rows\n",
		    t->ncols, t->header_line, t->nrows);
	else
		fprintf(stderr, "error: %s\n", err->ptr);
}

static void
fuzz_csv(const char *s, size_t n)
{
	struct table	 t;
	struct buf	 err = BUF_INIT;
	const char	*enc = "unset";
	int		 ok;

	ok = csv_parse(s, n, "f.csv", &t, &enc, &err);
	report(ok, &t, &err);
	if (ok) {
		CHECK(err.len == 0);
		CHECK(enc != NULL && (strcmp(enc, "UTF-8") == 0 ||
		    strcmp(enc, "GB18030") == 0 || strcmp(enc, "UTF-16") == 0));
		check_table(&t, 1);
		round_trip(&t);
	} else {
		CHECK(err.len > 0 && utf8_valid(err.ptr));
		CHECK(enc == NULL);
		CHECK(t.header == NULL && t.nrows == 0 && t.ncols == 0);
	}
	table_free(&t);
	buf_free(&err);
}

static void
fuzz_xlsx(const void *p, size_t n)
{
	struct table	 t;
	struct xlsx_info info;
	struct buf	 err = BUF_INIT;
	int		 ok;

	ok = xlsx_read_mem(p, n, "f.xlsx", &t, &info, &err);
	report(ok, &t, &err);
	if (ok) {
		CHECK(err.len == 0);
		CHECK(info.sheet != NULL && utf8_valid(info.sheet));
		CHECK(info.form == NULL || utf8_valid(info.form));
		CHECK(info.version == NULL || utf8_valid(info.version));
		check_table(&t, 0);
		round_trip(&t);
	} else {
		CHECK(err.len > 0 && utf8_valid(err.ptr));
		CHECK(t.header == NULL && t.nrows == 0 && t.ncols == 0);
		CHECK(info.sheet == NULL && info.form == NULL &&
		    info.version == NULL);
	}
	table_free(&t);
	xlsx_info_free(&info);
	buf_free(&err);
}

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

/* Zips the parts of s[0..n), stored, into out. */
static void
zip_parts(const char *s, size_t n, struct buf *out)
{
	struct buf	 cd = BUF_INIT;
	const char	*e = s + n, *p, *nl, *next;
	size_t		 count = 0, nlen, len;
	uint32_t	 crc, off;

	for (p = memmem(s, n, SEP, SEPLEN); p != NULL && count < 0xffff;
	    p = next) {
		p += SEPLEN;
		next = memmem(p, (size_t)(e - p), SEP, SEPLEN);
		if ((nl = memchr(p, '\n', (size_t)((next ? next : e) - p))) ==
		    NULL)
			continue;
		nlen = (size_t)(nl - p);
		len = (size_t)((next ? next : e) - nl - 1);
		if (nlen > 0xffff)
			continue;
		crc = (uint32_t)crc32(0, (const Bytef *)nl + 1, (uInt)len);
		off = (uint32_t)out->len;
		put32(out, 0x04034b50);
		put16(out, 20);
		put16(out, 0x800);
		put16(out, 0);
		put32(out, 0);
		put32(out, crc);
		put32(out, (uint32_t)len);
		put32(out, (uint32_t)len);
		put16(out, (unsigned)nlen);
		put16(out, 0);
		buf_put(out, p, nlen);
		buf_put(out, nl + 1, len);

		put32(&cd, 0x02014b50);
		put16(&cd, 20);
		put16(&cd, 20);
		put16(&cd, 0x800);
		put16(&cd, 0);
		put32(&cd, 0);
		put32(&cd, crc);
		put32(&cd, (uint32_t)len);
		put32(&cd, (uint32_t)len);
		put16(&cd, (unsigned)nlen);
		put32(&cd, 0);
		put32(&cd, 0);
		put32(&cd, 0);
		put32(&cd, off);
		buf_put(&cd, p, nlen);
		count++;
	}
	off = (uint32_t)out->len;
	put32(&cd, 0x06054b50);
	put32(&cd, 0);
	put16(&cd, (unsigned)count);
	put16(&cd, (unsigned)count);
	put32(&cd, (uint32_t)(cd.len - 12));
	put32(&cd, off);
	put16(&cd, 0);
	buf_put(out, cd.ptr, cd.len);
	buf_free(&cd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 zip = BUF_INIT;
	const char	*s = (const char *)data + 1;

	if (verbose == -1)
		verbose = getenv("FUZZ_TABLE_VERBOSE") != NULL;
	if (size == 0)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_csv(s, size - 1);
		break;
	case 1:
		fuzz_xlsx(s, size - 1);
		break;
	default:
		zip_parts(s, size - 1, &zip);
		fuzz_xlsx(zip.ptr, zip.len);
		buf_free(&zip);
		break;
	}
	return 0;
}
