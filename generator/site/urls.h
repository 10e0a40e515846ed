/*
 * urls: every output file has one owner.
 */
#ifndef SHOUHU_URLS_H
#define SHOUHU_URLS_H

struct buf;
struct site;

void	urls_check(struct site *s, struct buf *err, int *nerr);

#endif
