/*
 * privacy: what keeps people's data off the public site.
 *
 *	privacy_find	the next personal number in a text: a mobile, ID-card
 *			or bank-card number, in any of the spellings people
 *			type (below)
 *	privacy_scrub	free text with every such number masked (mobile
 *			numbers 138****5678) or removed (ID and bank cards)
 *	privacy_mask	a field's value as the site may show it, by the
 *			field's mask: 张某某, 某某有限公司, 138****5678, numbers
 *			and codes removed, an address cut after its town
 *
 * Numbers are found on a normalised view of the text.  A digit is an
 * ASCII or full-width digit or a Chinese one (〇零一二三四五六七八九).
 * Digits next to each other form a group; groups joined by at most four
 * separators form one candidate: spaces of every kind (U+3000, NBSP, tabs,
 * line ends), zero-width characters, . / _ - — － – ‐ − ， , · and brackets.
 * Within a candidate, a number starts and ends at group boundaries and is:
 *
 *	mobile		11 digits 1[3-9]…, after an optional 86 or 0086, as
 *			one group or grouped 3-4-4, 3-8, 4-4-3, 4-7, 7-4 or
 *			digit by digit;
 *	ID card		15 digits, or 17 and a digit or X: as one group, or
 *			in any grouping when its date of birth is a date;
 *	bank card	16 to 19 digits: as one group, or starting 3, 4, 5, 6
 *			or 9 and grouped in fours or passing the Luhn check.
 *
 * Up to eight ASCII letters may be glued before a number (wx13812345678);
 * a letter right after it, or a digit before the letters, makes it part of
 * some other code and it is left alone.  Shorter numbers (dates, amounts,
 * landline and hotline numbers like 12315 0537-1234567) are never numbers
 * here.
 */
#ifndef SHOUHU_PRIVACY_H
#define SHOUHU_PRIVACY_H

#include <stddef.h>

#include "forms/form.h"

struct buf;

enum privacy_kind {
	PRIV_MOBILE,
	PRIV_IDCARD,
	PRIV_BANKCARD
};

struct privacy_hit {
	size_t			off;	/* byte offset of its first digit */
	size_t			len;	/* bytes, separators within included */
	enum privacy_kind	kind;
	char			digits[20];	/* its digits in ASCII (an ID's
						   X as 'X'), NUL-terminated;
						   no 86 prefix */
};

#define PRIV_IDCARD_GONE	"［身份证号已隐去］"
#define PRIV_BANKCARD_GONE	"［银行卡号已隐去］"
#define PRIV_CODE_GONE		"［代码已隐去］"

/*
 * Finds the first personal number of s[0..n) that starts at or after
 * byte from.  Returns 1 with it in *h, or 0 if there is none.  Never reads
 * outside s[0..n).
 */
int	 privacy_find(const char *s, size_t n, size_t from,
	    struct privacy_hit *h);

/*
 * Appends s[0..n) to out with every personal number masked (mobile
 * numbers as 138****5678, ID-card and bank-card numbers replaced by a
 * note that they were removed).  For each, appends to what (unless NULL)
 * "、" and its kind with the number partly masked: 手机号（138****5678）.
 * Returns how many were masked.
 */
size_t	 privacy_scrub(struct buf *out, const char *s, size_t n,
	    struct buf *what);

/*
 * Appends the value s[0..n) of a field with mask m as the public site may
 * show it (trimmed; empty stays empty).  FM_NONE: unchanged.
 */
void	 privacy_mask(struct buf *out, enum field_mask m, const char *s,
	    size_t n);

/*
 * Appends h's number partly masked, for a message that must let a person
 * find it without showing it whole: 138****5678, 370882********123X,
 * 6222********7890.
 */
void	 privacy_shown(struct buf *out, const struct privacy_hit *h);

/* The kind's name, for messages: "手机号", "身份证号", "银行卡号". */
const char *privacy_kind_name(enum privacy_kind k);

/*
 * Writes the digits of s[0..n) in every spelling privacy_find knows
 * (full-width, 〇一二…) as ASCII into dig, at most cap - 1 of them, and a
 * NUL.  Returns how many.
 */
size_t	 privacy_digits(const char *s, size_t n, char *dig, size_t cap);

#endif
