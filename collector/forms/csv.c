/*
 * csv: reading CSV files as Excel and WPS save them on Chinese Windows,
 * and the one CSV writer: the normalised CSV of bundles, the collector's
 * templates and the site's open data (shouhu.csv).
 */
#include <errno.h>
#ifdef _WIN32
#include <windows.h>
#else
#include <iconv.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/errs.h"
#include "forms/csv.h"
#include "lib/utf8.h"
#include "forms/table.h"
#include "lib/util.h"

struct csvp {
	const char	*path;
	struct buf	*err;
	const char	*p, *e;		/* what is left to read */
	int		 row;		/* of the record at p, 1-based: the row
					   number a spreadsheet shows, not the
					   physical line */
	char		 delim;
	int		 probe;		/* only count fields, store nothing */
	struct buf	 field;
	char		**cells;	/* the record being read */
	size_t		 ncells;	/* up to its last non-empty cell */
	size_t		 nraw;		/* fields read, empty ones included */
	int		 nonempty;
	int		 sawtab;	/* an unquoted tab in the record */
};

#ifdef _WIN32
/*
 * to_utf8 on Windows, which has no iconv: UTF-16 is taken as it is,
 * GB18030 is code page 54936, or 936 (GBK, what Excel and WPS write on
 * Chinese Windows) where 54936 is missing (wine).  The same contract.
 */
static int
to_utf8(const char *from, const char *in, size_t n, struct buf *out)
{
	wchar_t		*w = NULL;
	size_t		 i;
	int		 nw = 0, m, ok = 0;

	buf_clear(out);
	if (n == 0)
		return 1;
	if (n > INT_MAX / 2)
		return 0;
	if (strncmp(from, "UTF-16", 6) == 0) {
		if (n % 2 != 0 || (w = malloc(n)) == NULL)
			goto out;
		nw = (int)(n / 2);
		for (i = 0; i < (size_t)nw; i++)
			w[i] = from[6] == 'L' ?
			    (wchar_t)((unsigned char)in[2 * i] |
			    (unsigned char)in[2 * i + 1] << 8) :
			    (wchar_t)((unsigned char)in[2 * i] << 8 |
			    (unsigned char)in[2 * i + 1]);
	} else {
		UINT	 cp = 54936;

		if ((nw = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, in,
		    (int)n, NULL, 0)) == 0 &&
		    GetLastError() == ERROR_INVALID_PARAMETER) {
			cp = 936;
			nw = MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, in,
			    (int)n, NULL, 0);
		}
		if (nw <= 0 || (w = calloc((size_t)nw, sizeof(*w))) == NULL)
			goto out;
		MultiByteToWideChar(cp, MB_ERR_INVALID_CHARS, in, (int)n, w, nw);
	}
	if ((m = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, nw,
	    NULL, 0, NULL, NULL)) <= 0)
		goto out;
	buf_grow(out, (size_t)m + 1);
	WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, w, nw, out->ptr, m,
	    NULL, NULL);
	out->len = (size_t)m;
	out->ptr[m] = '\0';
	ok = 1;
out:
	free(w);
	return ok;
}
#else
/*
 * Whether the C library's iconv reads GB18030 as glibc's does (GB18030-2005).
 * musl's (the static build, make linux-static) does not: it reads the
 * four-byte sequences from 0x8336C739 (U+E76C) on, the supplementary
 * planes among them, as wrong characters or as nothing, without an
 * error, and some codes by GB18030-2000 (doc/kit-programs.md).  Asked once.
 */
static int
gb18030_as_glibc(void)
{
	static const char in[] = "\x90\x30\x81\x30\x84\x31\xa4\x39\xa6\xd9";
	static const char want[] = "\xf0\x90\x80\x80\xef\xbf\xbf\xef\xb8\x90";
	static int	 known = -1;
	char		 out[32], *ip = (char *)in, *op = out;
	size_t		 il = sizeof(in) - 1, ol = sizeof(out);
	iconv_t		 cd;

	if (known >= 0)
		return known;
	if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
		return known = 0;
	known = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0 &&
	    (size_t)(op - out) == sizeof(want) - 1 &&
	    memcmp(out, want, sizeof(want) - 1) == 0;
	iconv_close(cd);
	return known;
}

/*
 * Whether the GB18030 text in[0..n) has a code that an iconv unlike
 * glibc's would read otherwise (gb18030_as_glibc): a four-byte sequence
 * from 0x8336C739 on, 0x8135F437, 0x82359037-0x82359134, or one of the
 * two-byte codes GB18030-2005 moved out of the private use area.
 */
static int
gb18030_differs(const unsigned char *in, size_t n)
{
	static const unsigned short moved[] = {
		0xa6d9, 0xa6da, 0xa6db, 0xa6dc, 0xa6dd, 0xa6de, 0xa6df, 0xa6ec,
		0xa6ed, 0xa6f3, 0xa8bc, 0xfe51, 0xfe52, 0xfe53, 0xfe59, 0xfe61,
		0xfe66, 0xfe67, 0xfe6c, 0xfe6d, 0xfe76, 0xfe7e, 0xfe90, 0xfe91,
		0xfea0
	};
	size_t		 i = 0, j;
	uint32_t	 c;

	while (i < n) {
		if (in[i] < 0x80 || i + 1 >= n) {
			i++;
			continue;
		}
		if (in[i + 1] >= 0x30 && in[i + 1] <= 0x39 && i + 3 < n) {
			c = (uint32_t)in[i] << 24 | (uint32_t)in[i + 1] << 16 |
			    (uint32_t)in[i + 2] << 8 | in[i + 3];
			if (c >= 0x8336c739 || c == 0x8135f437 ||
			    (c >= 0x82359037 && c <= 0x82359134))
				return 1;
			i += 4;
			continue;
		}
		c = (uint32_t)in[i] << 8 | in[i + 1];
		for (j = 0; j < sizeof(moved) / sizeof(moved[0]); j++)
			if (c == moved[j])
				return 1;
		i += 2;
	}
	return 0;
}

/*
 * Converts in[0..n) from the encoding from to UTF-8 into out.  Returns 1,
 * or 0 if the bytes are not valid in that encoding, or GB18030 that this
 * iconv would read otherwise than glibc's.
 */
static int
to_utf8(const char *from, const char *in, size_t n, struct buf *out)
{
	iconv_t	 cd;
	char	*ip = (char *)in, *op;
	size_t	 il = n, ol, r;
	int	 ok = 0;

	buf_clear(out);
	if (strcmp(from, "GB18030") == 0 && !gb18030_as_glibc() &&
	    gb18030_differs((const unsigned char *)in, n))
		return 0;
	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1)
		fatal("iconv_open %s: %s", from, util_strerror(errno));
	buf_grow(out, n + n / 2 + 16);
	for (;;) {
		op = out->ptr + out->len;
		ol = out->cap - out->len - 1;
		r = iconv(cd, &ip, &il, &op, &ol);
		out->len = (size_t)(op - out->ptr);
		out->ptr[out->len] = '\0';
		if (r != (size_t)-1) {
			if (il == 0) {
				ok = 1;
				break;
			}
			continue;
		}
		if (errno != E2BIG)
			break;
		buf_grow(out, il * 2 + 16);
	}
	iconv_close(cd);
	return ok;
}
#endif

/* Ends the field in c->field: keeps it in the record. */
static int
end_field(struct csvp *c)
{
	size_t	 i;

	c->nraw++;
	if (c->field.len == 0)
		return 1;
	c->nonempty = 1;
	if (c->probe)
		return 1;
	if (c->nraw > CSV_MAX_COLS) {
		errs_add(c->err, NULL, c->path, c->row, "列太多：第 %d 行超过"
		    "了 %d 列，请删掉多余的列", c->row, CSV_MAX_COLS);
		return 0;
	}
	for (i = c->ncells; i + 1 < c->nraw; i++)
		c->cells[i] = NULL;
	c->cells[c->nraw - 1] = xstrndup(c->field.ptr, c->field.len);
	c->ncells = c->nraw;
	return 1;
}

/*
 * Reads one record, which starts at c->p and is row c->row, into
 * c->cells; counts the row.  Returns 1, or 0 with a message in c->err.
 */
static int
read_record(struct csvp *c)
{
	const char	*s;

	c->ncells = c->nraw = 0;
	c->nonempty = c->sawtab = 0;
	for (;;) {
		buf_clear(&c->field);
		if (c->p < c->e && *c->p == '"') {
			c->p++;
			for (;;) {
				for (s = c->p; s < c->e && *s != '"' &&
				    *s != '\r' && *s != '\n'; s++)
					continue;
				buf_put(&c->field, c->p, (size_t)(s - c->p));
				c->p = s;
				if (s == c->e) {
					if (!c->probe)
						errs_add(c->err, NULL, c->path,
						    c->row, "引号没有配对：第 %d 行开始"
						    "的单元格少了一个结尾的引号 \"",
						    c->row);
					return 0;
				}
				c->p++;
				if (*s == '"') {
					if (c->p < c->e && *c->p == '"') {
						buf_putc(&c->field, '"');
						c->p++;
						continue;
					}
					break;
				}
				/* in a cell, any line break becomes "\n" */
				if (*s == '\r' && c->p < c->e && *c->p == '\n')
					c->p++;
				buf_putc(&c->field, '\n');
			}
		}
		/* unquoted, or what follows a closing quote: taken as is */
		for (s = c->p; s < c->e && *s != c->delim && *s != '\n' &&
		    *s != '\r'; s++)
			if (*s == '\t')
				c->sawtab = 1;
		buf_put(&c->field, c->p, (size_t)(s - c->p));
		c->p = s;
		if (!end_field(c))
			return 0;
		if (c->p == c->e)
			return 1;
		if (*c->p == c->delim) {
			c->p++;
			continue;
		}
		if (*c->p++ == '\r' && c->p < c->e && *c->p == '\n')
			c->p++;
		c->row++;
		return 1;
	}
}

static void
drop_record(struct csvp *c)
{
	size_t	 i;

	for (i = 0; i < c->ncells; i++)
		free(c->cells[i]);
	c->ncells = 0;
}

/*
 * The delimiter: a tab when the first non-empty record, read as comma
 * separated, has an unquoted tab and no unquoted comma.
 */
static char
sniff(const char *s, size_t n)
{
	struct csvp	 c;
	char		 d = ',';

	memset(&c, 0, sizeof(c));
	buf_init(&c.field);
	c.p = s;
	c.e = s + n;
	c.delim = ',';
	c.probe = 1;
	while (c.p < c.e && read_record(&c)) {
		if (c.nonempty) {
			if (c.nraw == 1 && c.sawtab)
				d = '\t';
			break;
		}
	}
	buf_free(&c.field);
	return d;
}

static int
parse_text(const char *s, size_t n, const char *path, struct table *t,
    struct buf *err)
{
	struct csvp	 c;
	int		 start, ok = 0;

	memset(&c, 0, sizeof(c));
	c.path = path;
	c.err = err;
	c.p = s;
	c.e = s + n;
	c.row = 1;
	c.delim = sniff(s, n);
	buf_init(&c.field);
	c.cells = xreallocarray(NULL, CSV_MAX_COLS, sizeof(*c.cells));
	while (c.p < c.e) {
		start = c.row;
		if (!read_record(&c))
			goto out;
		if (c.ncells == 0)
			continue;
		if (t->header != NULL && t->nrows >= CSV_MAX_ROWS) {
			errs_add(err, NULL, path, start, "行太多：超过了 %d 行，"
			    "请把数据分成几个文件", CSV_MAX_ROWS);
			goto out;
		}
		if (!table_fits(t, c.ncells)) {
			errs_add(err, NULL, path, start, "表格太大：行数乘列数超过"
			    "了 %zu 个单元格，请删掉多余的行或列，或把数据分成几个"
			    "文件", TABLE_MAX_CELLS);
			goto out;
		}
		table_add_row(t, start, c.cells, NULL, c.ncells);
		c.ncells = 0;
	}
	ok = 1;
out:
	drop_record(&c);
	free(c.cells);
	buf_free(&c.field);
	return ok;
}

/*
 * Reads the CSV file data[0..n) into t (initialised here), naming the file
 * path in messages.  Sets *encoding (if encoding is not NULL) to the
 * encoding found: "UTF-8", "GB18030" or "UTF-16" (a static string).  Cells
 * are UTF-8; line breaks inside quoted cells become "\n"; row numbers are
 * the ones Excel, WPS and LibreOffice show: the number of the record
 * (blank lines count, a cell's line breaks do not), not the physical
 * line.  Returns 1, or 0 with a message
 * appended to err and t left empty.
 */
int
csv_parse(const char *data, size_t n, const char *path, struct table *t,
    const char **encoding, struct buf *err)
{
	static const char ole_magic[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
	static const char ods[] = "opendocument.spreadsheet";
	static const char bad_enc[] = "文件编码无法识别：请在 Excel 里“另存为”"
	    " → “CSV UTF-8（逗号分隔）”";
	struct buf	 conv = BUF_INIT;
	const char	*enc, *text = data;
	size_t		 len = n;
	int		 ok = 0;

	table_init(t);
	if (encoding != NULL)
		*encoding = NULL;
	if (n > CSV_MAX_BYTES) {
		errs_add(err, NULL, path, 0, "文件太大（超过 %zu MB）：请把数据"
		    "分成几个文件", CSV_MAX_BYTES >> 20);
		return 0;
	}
	if (n == 0)
		text = data = "";
	/* a real zip or OLE file has NUL bytes in its first header */
	if (n >= 8 && memchr(data, '\0', n) != NULL &&
	    memcmp(data, "PK\3\4", 4) == 0) {
		/* OpenDocument stores its mimetype first, uncompressed */
		if (memmem(data, n < 128 ? n : 128, ods, sizeof(ods) - 1))
			errs_add(err, NULL, path, 0, "这是 OpenDocument 表格"
			    "（.ods），不是 CSV 文件：请在 WPS 或 LibreOffice 里"
			    "“另存为” → “Excel 工作簿（*.xlsx）”");
		else
			errs_add(err, NULL, path, 0, "这是 Excel 工作簿（.xlsx），"
			    "不是 CSV 文件：请把文件名改成以 .xlsx 结尾，或在 Excel"
			    " 里“另存为” → “CSV UTF-8（逗号分隔）”");
		return 0;
	}
	if (n >= 8 && memcmp(data, ole_magic, 8) == 0 &&
	    memchr(data, '\0', n) != NULL) {
		errs_add(err, NULL, path, 0, "这是旧版 Excel 文件（.xls），不是 "
		    "CSV 文件：请在 Excel 里“另存为” → “CSV UTF-8（逗号分隔）”");
		return 0;
	}
	if (n >= 3 && memcmp(data, CSV_BOM, 3) == 0) {
		enc = "UTF-8";
		text += 3;
		len -= 3;
		if (!utf8_valid(text, len, NULL)) {
			errs_add(err, NULL, path, 0, "%s", bad_enc);
			goto out;
		}
	} else if (n >= 2 && (memcmp(data, "\xff\xfe", 2) == 0 ||
	    memcmp(data, "\xfe\xff", 2) == 0)) {
		enc = "UTF-16";
		if (!to_utf8(data[0] == '\xff' ? "UTF-16LE" : "UTF-16BE",
		    data + 2, n - 2, &conv)) {
			errs_add(err, NULL, path, 0, "%s", bad_enc);
			goto out;
		}
		text = conv.ptr;
		len = conv.len;
	} else if (utf8_valid(data, n, NULL))
		enc = "UTF-8";
	else {
		enc = "GB18030";
		if (!to_utf8("GB18030", data, n, &conv)) {
			errs_add(err, NULL, path, 0, "%s", bad_enc);
			goto out;
		}
		text = conv.ptr;
		len = conv.len;
	}
	if (memchr(text, '\0', len) != NULL) {
		errs_add(err, NULL, path, 0, "文件里有 NUL 字符：这不是文本文件，"
		    "请用模板另存为 CSV");
		goto out;
	}
	if (!parse_text(text, len, path, t, err))
		goto out;
	if (encoding != NULL)
		*encoding = enc;
	ok = 1;
out:
	if (!ok)
		table_free(t);
	buf_free(&conv);
	return ok;
}

/*
 * Reads the CSV file at path into t, as csv_parse does.  Returns 1, or 0
 * with a message appended to err (a file that cannot be read included).
 */
int
csv_read(const char *path, struct table *t, const char **encoding,
    struct buf *err)
{
	struct buf	 data = BUF_INIT;
	int		 ok;

	table_init(t);
	if (encoding != NULL)
		*encoding = NULL;
	switch (files_load(&data, path, CSV_MAX_BYTES, 0, NULL)) {
	case FILES_GOT:
		break;
	case FILES_TOO_BIG:
		errs_add(err, NULL, path, 0, "文件太大（超过 %zu MB）：请把数据分成几个"
		    "文件", CSV_MAX_BYTES >> 20);
		return 0;
	default:
		errs_add(err, NULL, path, 0, "无法读取：%s", util_strerror(errno));
		return 0;
	}
	ok = csv_parse(data.ptr, data.len, path, t, encoding, err);
	buf_free(&data);
	return ok;
}

/*
 * Whether s[0..n) is a plain decimal number, -?[0-9]+(.[0-9]+)?: no
 * spreadsheet takes it for a formula, so the guard leaves "-5" a number.
 */
static int
plain_number(const char *s, size_t n)
{
	size_t	 i = 0, digits;

	if (i < n && s[i] == '-')
		i++;
	for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits == 0)
		return 0;
	if (i == n)
		return 1;
	if (s[i++] != '.')
		return 0;
	for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	return digits > 0 && i == n;
}

/*
 * Appends s[0..n) to out as one CSV cell: quoted, with quotes doubled, if
 * it holds a comma, quote, tab or line break, begins or ends with a space
 * or tab, or begins with a byte order mark; as is otherwise.  With
 * CSV_GUARD in flags a cell that begins with = + - @ tab or CR (the
 * formula starts of OWASP's CSV injection guidance) and is not a plain
 * decimal number gets a ' in front, inside the quotes, so a spreadsheet
 * shows it as text and never runs it.  Returns nothing; out is the
 * caller's.
 */
void
csv_cell(struct buf *out, const char *s, size_t n, int flags)
{
	size_t	 i;
	int	 quote = 0, guard;

	guard = (flags & CSV_GUARD) && n > 0 &&
	    memchr("=+-@\t\r", s[0], 6) != NULL && !plain_number(s, n);
	if (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t' || (n >= 3 && memcmp(s, CSV_BOM, 3) == 0)))
		quote = 1;
	for (i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n' || s[i] == '\t')
			quote = 1;
	if (quote)
		buf_putc(out, '"');
	if (guard)
		buf_putc(out, '\'');
	if (!quote) {
		buf_put(out, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, s[i]);
	}
	buf_putc(out, '"');
}

/*
 * Appends the n cells (C strings) as one CSV record, cells written as
 * csv_cell does with flags, ending in CRLF with CSV_CRLF in flags and in
 * LF otherwise.  Returns nothing; out and cells are the caller's.
 */
void
csv_row(struct buf *out, const char *const *cells, size_t n, int flags)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(out, ',');
		csv_cell(out, cells[i], strlen(cells[i]), flags);
	}
	buf_puts(out, flags & CSV_CRLF ? "\r\n" : "\n");
}
