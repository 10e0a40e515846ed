/*
 * value: reading the values people type into cells, as the validator
 * accepts them (see check.h): numbers with grouping and full-width digits,
 * money in cents, dates in the forms Chinese offices write them and Excel
 * serial days, phone numbers, ID-card numbers (GB 11643) and unified
 * social credit codes (GB 32100), the numbering of list lines; and what a
 * spreadsheet made of digits typed into a number cell (the digits it
 * shows, or the E notation left when it has lost some).
 */
#ifndef SHOUHU_VALUE_H
#define SHOUHU_VALUE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

#define NUM_DIGITS	15		/* integer digits a number may have */
#define NUM_LARGEST	"999999999999999"
#define NUM_CHARS	64		/* longest number text read */
#define SHEET_DIGITS	15		/* significant digits a spreadsheet keeps */

/*
 * What value_parse_number, value_sheet_number, value_parse_date and the
 * code checks found.
 */
enum { NUM_OK, NUM_BAD, NUM_BIG };
enum { DATE_OK, DATE_BAD, DATE_NODAY };
enum { CODE_OK, CODE_LEN, CODE_CHAR, CODE_BIRTH, CODE_CHECK };

int64_t	value_cents(const char *s);
void	value_code_norm(struct buf *b, const char *s);
int	value_e_notation(const char *s, size_t n);
const char *value_fmt_num(char *s, size_t size, double d);
int	value_idcard_problem(const char *s);
size_t	value_list_numbering(const char *s, size_t n);
int	value_parse_date(const char *s, size_t n, int64_t *day);
int	value_parse_number(const char *s, size_t n, int places, struct buf *out, int *neg);
int	value_parse_serial(const char *s, int date1904, int64_t *day);
int	value_phone_norm(const char *s, struct buf *out);
void	value_put_cents(struct buf *b, int64_t v);
int	value_sheet_number(const char *s, size_t n, struct buf *out);
int	value_uscc_problem(const char *s, size_t *bad);

#endif
