/*
 * errs: messages about files, one a line (see errs.h).
 */
#include <stdarg.h>

#include "lib/buf.h"
#include "lib/errs.h"

/*
 * Appends the message fmt (printf-style, with ap) to err as a line of its
 * own: "path:line: message", or "path: message" when line is 0 or less; a
 * newline goes before it when err already holds something.  With nerr,
 * counts the message in *nerr, and past ERRS_MAX messages only counts it;
 * with nerr NULL, always appends.  err stays the caller's.
 */
void
errs_vadd(struct buf *err, int *nerr, const char *path, int line,
    const char *fmt, va_list ap)
{
	if (nerr != NULL && (*nerr)++ >= ERRS_MAX)
		return;
	if (err->len)
		buf_putc(err, '\n');
	if (line > 0)
		buf_printf(err, "%s:%d: ", path, line);
	else
		buf_printf(err, "%s: ", path);
	buf_vprintf(err, fmt, ap);
}

/* errs_vadd with the arguments of fmt given directly. */
void
errs_add(struct buf *err, int *nerr, const char *path, int line,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	errs_vadd(err, nerr, path, line, fmt, ap);
	va_end(ap);
}

/*
 * Once nerr problems were counted with errs_add: appends to err a line
 * saying how many were not listed, if ERRS_MAX left some out.
 */
void
errs_end(struct buf *err, int nerr)
{
	if (nerr > ERRS_MAX)
		buf_printf(err, "\n……还有 %d 个问题没有列出", nerr - ERRS_MAX);
}
