/*
 * privacy: what keeps people's data off the public site.
 *
 *	privacy_mask	a field's value as the site may show it, by the
 *			field's mask: 张某某, 138****1234, ID-card and bank-card
 *			numbers removed, an address cut after its town
 *	privacy_scrub	free text with every mobile number masked and every
 *			ID-card or bank-card number removed
 *	privacy_find	the next number in a text that scrubbing would change:
 *			what the check of the built site looks for
 *	pscan		a set of literal strings (the values of private
 *			columns) searched for in a text all at once
 *
 * Numbers are runs of ASCII or full-width digits; a run may be written in
 * groups joined by single spaces or hyphens ("6222 0202 0000 1234").  A
 * run of exactly 11 digits starting 13..19 is a mobile number; 15 digits,
 * or 17 digits and a digit or X, an ID-card number; any other run of 15 to
 * 19 digits a bank-card number.  Runs that touch letters or other digits
 * are part of something else and are left alone, and shorter runs (dates,
 * amounts, landline and hotline numbers) are never touched.
 */
#ifndef SHOUHU_PRIVACY_H
#define SHOUHU_PRIVACY_H

#include <stddef.h>

struct buf;

enum privacy_kind {
	PRIV_MOBILE,
	PRIV_IDCARD,
	PRIV_BANKCARD
};

struct privacy_hit {
	size_t			off;	/* byte offset of the number */
	size_t			len;	/* bytes, separators included */
	enum privacy_kind	kind;
};

#define PRIV_IDCARD_GONE	"［身份证号已隐去］"
#define PRIV_BANKCARD_GONE	"［银行卡号已隐去］"

void	 privacy_mask(struct buf *, int, const char *, size_t);
size_t	 privacy_scrub(struct buf *, const char *, size_t);
int	 privacy_find(const char *, size_t, size_t, struct privacy_hit *);
const char *privacy_kind_name(enum privacy_kind);

struct pscan;
struct pscan	*pscan_new(void);
void		 pscan_free(struct pscan *);
int		 pscan_add(struct pscan *, const char *, size_t);
int		 pscan_has(const struct pscan *, const char *, size_t);
size_t		 pscan_disable_within(struct pscan *, const char *, size_t);
size_t		 pscan_count(const struct pscan *);
int		 pscan_find(const struct pscan *, const char *, size_t, size_t,
		    size_t *, size_t *);
const char	*pscan_string(const struct pscan *, size_t, size_t *);

#endif
