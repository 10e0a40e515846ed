/*
 * terms: the taxonomies of a site and their terms, as pages.
 */
#ifndef SHOUHU_TERMS_H
#define SHOUHU_TERMS_H

struct buf;
struct site;

/*
 * Makes a PK_TAXONOMY page for every taxonomy of s and a PK_TERM page for
 * every term the pages of s->pages name in its front matter key, each
 * term listing its pages in site order; fills each page's terms.  A term
 * that is not text, or has nothing to make a URL of, is a
 * "path:line: message" appended to err (errs_add, counted in *nerr).
 */
void	terms_build(struct site *s, struct buf *err, int *nerr);

#endif
