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

int	template_xlsx(const struct form *, const char *, struct buf *);
int	template_csv(const struct form *, const char *, struct buf *);

#endif
