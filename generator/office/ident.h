/*
 * ident: the values of the ledger that identify someone, and their masking
 * wherever a unit typed them.
 *
 * A field with a mask (form.h) identifies someone: an informant's or a
 * handler's name, a phone number, a business under inspection, a credit
 * code.  Its values are identifying in every row where the site may not
 * show them as they are: for a private field every row ever ingested
 * (history too); for a public one the rows where it is masked (mask_if)
 * or that are not published (publish_if; case disclosures the office has
 * not approved, cases.h).  Placeholders (无, 匿名, 不详…)
 * and values shorter than two characters identify nobody and are left
 * out; a party (a business's name) stops being identifying once the site
 * publishes a name that holds it (the party of an approved disclosure) or
 * a unit's name holds it.  A person's name never does.
 *
 * The set is a pscan whose tags say where each value came from: the form's
 * index times IDENT_TAG_FORM plus the field's index (ident_field).
 */
#ifndef SHOUHU_IDENT_H
#define SHOUHU_IDENT_H

#include <stddef.h>

struct buf;
struct form;
struct field;
struct ledger;
struct pscan;

#define IDENT_TAG_FORM	256

/*
 * Adds to p every identifying value of the open ledger l (list fields line
 * by line, each trimmed).  A case disclosure is published once the office
 * approves it (cases.h); with asked, once its unit asks, as the preview
 * of what approving would publish.  Returns 1, or 0 with "path: message"
 * in err.
 */
int	 ident_collect(struct ledger *l, struct pscan *p, int asked,
	    struct buf *err);

/* The field (and in *f its form) that the identifying value with tag came
 * from. */
const struct field *ident_field(int tag, const struct form **f);

/*
 * Appends s[0..n) to out with every identifying value of p in it replaced
 * by its masked form (privacy_mask of its field's mask).  For each, appends
 * to what "、" and its field's label and the masked form in brackets
 * (举报人姓名（李某某）) unless what is NULL.  Returns how many it replaced.
 */
size_t	 ident_mask(struct buf *out, const struct pscan *p, const char *s,
	    size_t n, struct buf *what);

#endif
