/*
 * template: blank templates of a form for field units: an .xlsx workbook
 * (libxlsxwriter) or a CSV file.
 */
#ifndef SHOUHU_TEMPLATE_H
#define SHOUHU_TEMPLATE_H

struct buf;
struct form;

/* Rows of the data sheet that get drop-downs and checks. */
#define TEMPLATE_ROWS	20000

/*
 * Write the blank template of form f to path (an existing path is refused
 * unless replace: it may be a filled workbook).  Return 1, or 0 with a
 * message in err and nothing written.
 */
int	template_xlsx(const struct form *f, const char *path, int replace,
	    struct buf *err);
int	template_csv(const struct form *f, const char *path, int replace,
	    struct buf *err);

#endif
