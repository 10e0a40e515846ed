/*
 * date: calendar dates without the C library's time zone machinery, so that
 * output never depends on TZ.  A time is Unix seconds; an offset is minutes
 * east of UTC (+480 for China Standard Time).
 */
#ifndef SHOUHU_DATE_H
#define SHOUHU_DATE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

int	 date_parse(const char *s, size_t n, int defoff, int64_t *t);
int	 date_parse_offset(const char *s, int *off);
void	 date_format(struct buf *b, const char *fmt, int64_t t, int off);
void	 date_rfc822(struct buf *b, int64_t t, int off);
void	 date_rfc3339(struct buf *b, int64_t t, int off);

#endif
