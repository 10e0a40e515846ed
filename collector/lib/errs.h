/*
 * errs: the one way Shouhu lists problems found in files: each message a
 * line of its own, "path:line: message", or "path: message" when there is
 * no line.  A caller that may find many problems counts them and lists the
 * first ERRS_MAX; errs_end then says how many more there were.
 */
#ifndef SHOUHU_ERRS_H
#define SHOUHU_ERRS_H

#include <stdarg.h>

struct buf;

/* Problems listed before the rest are only counted. */
#define ERRS_MAX	50

void	 errs_add(struct buf *err, int *nerr, const char *path, int line,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	 errs_vadd(struct buf *err, int *nerr, const char *path, int line,
	    const char *fmt, va_list ap);
void	 errs_end(struct buf *err, int nerr);

#endif
