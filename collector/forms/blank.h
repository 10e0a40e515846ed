/*
 * blank: the blank form a field unit fills (what `shouhu-collect template`
 * writes): an .xlsx workbook (libxlsxwriter) with drop-downs and checks,
 * or a CSV file.  (The site's HTML templates are site/tmpl.c.)
 */
#ifndef SHOUHU_BLANK_H
#define SHOUHU_BLANK_H

struct buf;
struct form;
struct townlist;

/* Rows of the data sheet that get drop-downs and checks. */
#define BLANK_ROWS	20000

/*
 * Write the blank template of form f to path (an existing path is refused
 * unless replace: it may be a filled workbook).  The .xlsx template's town
 * fields (towns = true) offer the towns tl in a drop-down that only warns
 * about other names; tl NULL: they are plain text.  The list changes
 * nothing of the template's identity (form id and version).  unit (NULL:
 * none) is the code of the unit whose kit holds the template (the custom
 * property shouhu.unit, xlsx.h), so that the kit knows a template of
 * another unit's.  Return 1, or 0 with a message in err and nothing
 * written.
 */
int	blank_xlsx(const struct form *f, const struct townlist *tl,
	    const char *unit, const char *path, int replace, struct buf *err);
int	blank_csv(const struct form *f, const char *path, int replace,
	    struct buf *err);

#endif
