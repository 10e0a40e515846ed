/*
 * csv: reading and writing CSV (RFC 4180).  Reading accepts what Excel and
 * WPS save on Chinese Windows: UTF-8 with or without a byte order mark, and
 * GBK/GB18030, converted to UTF-8 with iconv; comma, or tab for "Unicode
 * text"; CRLF, LF or CR line ends; quoted cells with "" and line breaks.
 *
 * Writing is csv_cell and csv_row, the one CSV writer of both tools, in
 * two kinds: data that a program reads back byte for byte (the CSV of
 * bundles: flags 0, LF line ends, every cell exactly as it is), and files
 * that people open in Excel, WPS or LibreOffice (the collector's templates
 * and the site's open data: CSV_SHEET, after a CSV_BOM).
 */
#ifndef SHOUHU_CSV_H
#define SHOUHU_CSV_H

#include <stddef.h>

struct buf;
struct table;

/* Hostile-input limits. */
#define CSV_MAX_BYTES	((size_t)256 << 20)
#define CSV_MAX_COLS	1024
#define CSV_MAX_ROWS	1000000

/* What csv_cell and csv_row write, or-ed together. */
#define CSV_GUARD	0x1	/* a cell starting = + - @ tab CR gets a ' */
#define CSV_CRLF	0x2	/* records end in CRLF, not LF */
#define CSV_SHEET	(CSV_GUARD | CSV_CRLF)	/* for spreadsheets */

/* The UTF-8 byte order mark: Excel on Chinese Windows needs it. */
#define CSV_BOM		"\xef\xbb\xbf"

int	csv_read(const char *path, struct table *t, const char **encoding,
	    struct buf *err);
int	csv_parse(const char *data, size_t n, const char *path,
	    struct table *t, const char **encoding, struct buf *err);
void	csv_cell(struct buf *out, const char *s, size_t n, int flags);
void	csv_row(struct buf *out, const char *const *cells, size_t n,
	    int flags);

#endif
