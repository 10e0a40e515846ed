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

/*
 * Checks every row of table t (read from the file path; date1904: its
 * serial dates count from 1904) against form f.  Appends one line per
 * problem to out, "PATH:ROW:COL(LABEL): MESSAGE（VALUE）\n", header
 * problems first, then rows in order and each row's problems in column
 * order.  Rows that are entirely blank are skipped; a table with no rows
 * (or no header at all: an empty file) has no problems.  If checked is
 * not NULL it receives the normalised values of every non-blank row, valid
 * or not (the caller refuses to pack when there are problems), and must be
 * freed with checked_free.  Returns the number of problems.
 */
size_t	check_table(const struct form *f, const char *path,
	    const struct table *t, int date1904, struct checked *checked,
	    struct buf *out);
/*
 * How many of form f's fields the header of table t names (by label or
 * field name, as check_table maps columns): what tells a CSV file's form
 * when it carries no identity.  0 without a header.
 */
size_t	check_header_fields(const struct form *f, const struct table *t);
/* Frees the normalised rows of *c and leaves it empty. */
void	checked_free(struct checked *c);
/*
 * Whether s is a phone number: a mobile number (11 digits, +86 allowed), a
 * landline with its area code (0537-1234567, 010-12345678), or a 400/800
 * number.  Full-width digits, spaces, "-" and parentheses are allowed.
 */
int	check_phone(const char *s);
/*
 * Whether s is a valid citizen ID number (GB 11643): 17 digits with a
 * birth date that exists, then the check character (x may be lower case).
 */
int	check_idcard(const char *s);
/*
 * Whether s is a valid unified social credit code (GB 32100): 18
 * characters from 0-9 and A-Y without I, O, S, V, Z, the last one the
 * check character.
 */
int	check_uscc(const char *s);
/*
 * Parses a date written 2022-05-09, 2022/5/9, 2022.5.9 or 2022年5月9日
 * (full-width digits too; a time after the first three is ignored) into
 * *day, days since 1970-01-01.  Returns 1, or 0 leaving *day alone if s is
 * not a date or names a day that does not exist.
 */
int	check_date(const char *s, int64_t *day);

#endif
