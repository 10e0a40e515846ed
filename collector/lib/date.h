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
/*
 * Reads a weekday at the start of s: a digit 1-7 (ISO: 1 Monday .. 7
 * Sunday), or 星期X, 周X or 礼拜X with X one of 一二三四五六日天.  Returns
 * the weekday 1..7 with its length in bytes in *len, or 0 if s does not
 * start with one.
 */
int	 date_weekday(const char *s, size_t *len);

#endif
