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
#define VALUE_NUM_SIZE	32		/* room value_fmt_num needs */

/* What value_parse_number and value_sheet_number found. */
enum value_num {
	NUM_OK,			/* a number */
	NUM_BAD,		/* not a number */
	NUM_BIG			/* a number with too many integer digits */
};

/* What value_parse_date and value_parse_serial found. */
enum value_date {
	DATE_OK,		/* a day that exists */
	DATE_BAD,		/* not a date */
	DATE_NODAY		/* well written, but no such day (2022-02-30) */
};

/* What the checks of ID-card numbers and credit codes found. */
enum value_code {
	CODE_OK,		/* a valid code */
	CODE_LEN,		/* not 18 characters */
	CODE_CHAR,		/* a character that cannot be there */
	CODE_BIRTH,		/* an ID card's birth date does not exist */
	CODE_CHECK		/* the check character is wrong */
};

/*
 * Parses s[0..n), a number as people type it or Excel stores it: an
 * optional sign, digits (full-width too), "," or "，" grouping in threes,
 * a decimal point (. or ．), an exponent (1.5E-3).  Writes it to out
 * (cleared first) rounded to places decimals (0 <= places <= NUM_CHARS)
 * in canonical form: no sign for zero, no leading zeros, no grouping, no
 * trailing zeros after the point, no point without decimals.  Sets *neg
 * for a negative number.  Returns NUM_OK; NUM_BIG with out empty for one
 * of more than NUM_DIGITS integer digits (*neg says which way); NUM_BAD
 * with out empty.
 */
enum value_num value_parse_number(const char *s, size_t n, int places,
	    struct buf *out, int *neg);
/*
 * Reads s[0..n) as a spreadsheet stores a number cell ("13812345678",
 * "1.3812345678E10", "0.30000000000000004") and writes to out (cleared
 * first) what Excel shows for it: rounded to SHEET_DIGITS significant
 * digits, in plain decimal ("13812345678", "0.3").  Spreadsheets keep
 * only that many digits of a number typed, so one of more integer digits
 * (an ID-card or bank-card number) has lost the rest: then out gets the E
 * notation Excel shows ("1.10101199001011E+17") and NUM_BIG is returned.
 * Returns NUM_OK, NUM_BIG, or NUM_BAD with out empty.
 */
enum value_num value_sheet_number(const char *s, size_t n, struct buf *out);
/*
 * Whether s[0..n) is a number in the E notation spreadsheets show and
 * write to CSV when a number is too long for its cell ("1.10101E+17",
 * "1.5E-07"): what is left in a text field of a number that lost digits.
 */
int	value_e_notation(const char *s, size_t n);
/*
 * Formats d (|d| <= 1e15, as a field's limits are) for a message with at
 * most two decimals and no trailing zeros (10000, 1200.5) into s[0..size),
 * size at least VALUE_NUM_SIZE; returns s.
 */
const char *value_fmt_num(char *s, size_t size, double d);
/*
 * The canonical number s (as value_parse_number writes it, at most two
 * decimals used) times 100, for exact comparisons and sums.
 */
int64_t	value_cents(const char *s);
/* Appends v cents as a canonical decimal: "12", "12.5", "-0.05". */
void	value_put_cents(struct buf *b, int64_t v);
/*
 * The length in bytes of the numbering at the start of the line s[0..n)
 * of a list cell ("1、", "1.", "1）", "（1）", "①", "一、", "（一）"), 0 if
 * there is none.
 */
size_t	value_list_numbering(const char *s, size_t n);
/*
 * Parses a date as written in a cell, s[0..n) trimmed: 2022-05-09,
 * 2022/5/9 or 2022.5.9 (each optionally followed by a time, ignored), or
 * 2022年5月9日 (or 9号); full-width digits too.  Returns DATE_OK with *day
 * (days since 1970-01-01), DATE_BAD, or DATE_NODAY; *day is set only with
 * DATE_OK.
 */
enum value_date value_parse_date(const char *s, size_t n, int64_t *day);
/*
 * Reads the Excel serial date s (a number as a number cell holds it; a
 * fraction, the time of day, is ignored): days since 1899-12-31 with
 * Excel's 1900-02-29 (serial 60: DATE_NODAY), or since 1904-01-01 in a
 * workbook with date1904.  Returns DATE_OK with *day (days since
 * 1970-01-01), DATE_BAD or DATE_NODAY.
 */
enum value_date value_parse_serial(const char *s, int date1904,
	    int64_t *day);
/*
 * Writes the phone number s in canonical form to out (cleared first): a
 * mobile as 11 digits, a landline as AREA-NUMBER, a 400/800 number as
 * 400-123-4567.  Full-width digits, spaces, "-", parentheses and a
 * leading +86 are allowed.  Returns 1, or 0 if s is not a phone number.
 */
int	value_phone_norm(const char *s, struct buf *out);
/*
 * Writes s to b (cleared first) as codes are compared: full-width forms as
 * ASCII, no white space, ASCII letters in upper case.
 */
void	value_code_norm(struct buf *b, const char *s);
/*
 * Checks the citizen ID number s (GB 11643), as value_code_norm writes
 * it: 17 digits, the 7th to the 14th a birth date since 1800, and the
 * check character.
 */
enum value_code value_idcard_problem(const char *s);
/*
 * Checks the unified social credit code s (GB 32100), as value_code_norm
 * writes it: 18 characters from 0-9 and A-Y without I, O, S, V, Z, the
 * last the check character.  With CODE_CHAR, *bad (if bad is not NULL)
 * is the index of the first character that cannot be there.
 */
enum value_code value_uscc_problem(const char *s, size_t *bad);

#endif
