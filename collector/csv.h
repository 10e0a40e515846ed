/*
 * csv: reading and writing CSV (RFC 4180).  Reading accepts what Excel and
 * WPS save on Chinese Windows: UTF-8 with or without a byte order mark, and
 * GBK/GB18030, converted to UTF-8 with iconv; comma, or tab for "Unicode
 * text"; CRLF, LF or CR line ends; quoted cells with "" and line breaks.
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

int	csv_read(const char *, struct table *, const char **, struct buf *);
int	csv_parse(const char *, size_t, const char *, struct table *,
	    const char **, struct buf *);
void	csv_cell(struct buf *, const char *, size_t);
void	csv_row(struct buf *, const char *const *, size_t);

#endif
