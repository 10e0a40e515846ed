/*
 * xlsx: reading the first data sheet of an Office Open XML workbook (.xlsx,
 * as saved by Excel, WPS and LibreOffice) with libzip and expat: shared and
 * inline strings, numbers, booleans, formulas' cached values, empty cells
 * and rows.  Dates come as the numbers Excel stores (serial days); the
 * validator converts them where the form expects a date.  The workbook's
 * custom properties name the form a Shouhu template was made for.
 */
#ifndef SHOUHU_XLSX_H
#define SHOUHU_XLSX_H

#include <stddef.h>

struct buf;
struct table;

/* Hostile-input limits, counted on bytes actually decompressed. */
#define XLSX_MAX_ENTRIES	10000
#define XLSX_MAX_ENTRY		((size_t)256 << 20)	/* one part */
#define XLSX_MAX_TOTAL		((size_t)512 << 20)	/* everything read */
#define XLSX_MAX_RATIO		200	/* decompressed / compressed, for big parts */
#define XLSX_MAX_COLS		1024
#define XLSX_MAX_ROWS		1000000
#define XLSX_MAX_TEXT		((size_t)256 << 20)	/* all cell text kept */

struct xlsx_info {
	char	*form;		/* custom property "shouhu.form", or NULL */
	char	*version;	/* custom property "shouhu.version", or NULL */
	char	*unit;		/* custom property "shouhu.unit" (a kit's
				   template: the unit's code), or NULL */
	char	*sheet;		/* name of the sheet read */
	int	 date1904;	/* the workbook counts days from 1904 */
};

int	xlsx_read(const char *path, struct table *t, struct xlsx_info *info,
	    struct buf *err);
int	xlsx_read_mem(const void *data, size_t n, const char *path,
	    struct table *t, struct xlsx_info *info, struct buf *err);
void	xlsx_info_free(struct xlsx_info *info);

#endif
