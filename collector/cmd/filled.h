/*
 * filled: reading a filled form file as a field unit hands it in: an
 * .xlsx workbook (by its first bytes, whatever its name), a CSV file, or
 * what a person may drop instead (an old .xls, a workbook with an open
 * password), each refused with one plain sentence.  Shared by the
 * commands check and pack (collect.c) and the kit (kit.c).
 */
#ifndef SHOUHU_FILLED_H
#define SHOUHU_FILLED_H

#include "forms/table.h"
#include "forms/xlsx.h"

struct buf;
struct checked;
struct form;

enum filled_kind {
	FILLED_XLSX,		/* a workbook: t and info read */
	FILLED_CSV		/* a CSV file: t and enc read */
};

struct filled {
	enum filled_kind  kind;
	struct table	  t;
	struct xlsx_info  info;	/* a workbook's identity (form, version,
				   unit), all NULL for CSV */
	const char	 *enc;	/* a CSV file's encoding (static) */
};

/*
 * Reads the file path into *fl (free with filled_free, also after a
 * failure).  Returns 1, or 0 with one line in err, "path: what is wrong：
 * what to do" (an .xls, an encrypted workbook, an unreadable or malformed
 * file).
 */
int	filled_read(struct filled *fl, const char *path, struct buf *err);

/* Frees what filled_read put in fl. */
void	filled_free(struct filled *fl);

/*
 * Appends the bundle's CSV of the checked rows ck of form f to b: a
 * header of field names, then the normalised values.
 */
void	filled_csv(struct buf *b, const struct form *f,
	    const struct checked *ck);

#endif
