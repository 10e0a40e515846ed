/*
 * check: validating the rows of a table against a form, with one message
 * per problem, in Chinese, of the form
 *
 *	FILE:ROW:COLUMN(LABEL): what is wrong（the value）
 *
 * where ROW is the spreadsheet row number and COLUMN the spreadsheet column
 * letter, so a field worker can find the cell in Excel.  Every problem is
 * reported, not just the first.  Valid rows are also normalised for the
 * bundle: dates as YYYY-MM-DD (Excel serial numbers converted), numbers
 * without grouping or trailing zeros, list cells as lines joined by "\n"
 * without their "1、" numbering, surrounding white space trimmed.
 */
#ifndef SHOUHU_CHECK_H
#define SHOUHU_CHECK_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct form;
struct table;

struct checked {
	char		***rows;	/* nrows x form->nfields normalised values */
	size_t		  nrows;
	size_t		  nfields;
};

size_t	check_table(const struct form *f, const char *path,
	    const struct table *t, int date1904, struct checked *checked,
	    struct buf *out);
void	checked_free(struct checked *c);
int	check_phone(const char *s);
int	check_idcard(const char *s);
int	check_uscc(const char *s);
int	check_date(const char *s, int64_t *day);

#endif
