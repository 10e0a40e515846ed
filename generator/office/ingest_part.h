/*
 * ingest_part: one part of a bundle checked against its form, as ingest
 * does before it writes anything: the form and its version, the period
 * (week or month), the CSV, its header, every row (check.h) and the
 * manifest's row count.
 */
#ifndef SHOUHU_INGEST_PART_H
#define SHOUHU_INGEST_PART_H

struct buf;
struct bundle;
struct bundle_part;
struct checked;
struct form;

/*
 * Checks part p of bundle b (the file path, for messages) against its
 * form.  Returns the form with the rows in ck (checked_free), or NULL with
 * the reason in why, "path: message" in Chinese.
 */
const struct form *ingest_part_check(const struct bundle *b,
	    const struct bundle_part *p, const char *path, struct checked *ck,
	    struct buf *why);

#endif
