/*
 * owners: every output file has one owner: no two pages, sections,
 * taxonomy pages, aliases or files of content/ want the same output file.
 */
#ifndef SHOUHU_OWNERS_H
#define SHOUHU_OWNERS_H

struct buf;
struct site;

void	owners_check(struct site *s, struct buf *err, int *nerr);

#endif
