#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

const char *util_progname = "shouhu";

/* Like malloc(3), but never returns NULL: aborts on exhaustion. */
void *
xmalloc(size_t n)
{
	void	*p;

	if ((p = malloc(n ? n : 1)) == NULL)
		fatal("out of memory");
	return p;
}

/* Like calloc(3), but never returns NULL. */
void *
xcalloc(size_t n, size_t sz)
{
	void	*p;

	if ((p = calloc(n ? n : 1, sz ? sz : 1)) == NULL)
		fatal("out of memory");
	return p;
}

/* Like realloc(3), but never returns NULL. */
void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		fatal("out of memory");
	return p;
}

/* realloc(p, n * sz) with overflow checking; never returns NULL. */
void *
xreallocarray(void *p, size_t n, size_t sz)
{
	if (sz && n > SIZE_MAX / sz)
		fatal("out of memory");
	return xrealloc(p, n * sz);
}

/* Returns a malloc'd copy of s owned by the caller. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Returns a malloc'd NUL-terminated copy of the first n bytes of s. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void
vwarn_(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", util_progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/* Prints "prog: message" to stderr and exits with status 1. */
void
fatal(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarn_(fmt, ap);
	va_end(ap);
	exit(1);
}

/* Prints "prog: message" to stderr. */
void
warnx_(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vwarn_(fmt, ap);
	va_end(ap);
}

/*
 * Now, in Unix seconds: SOURCE_DATE_EPOCH if it is set (to a number), so
 * that builds, bundles and tests are reproducible, else the clock.
 */
int64_t
util_now(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char	*end;
	long long v;

	if (e != NULL && *e != '\0') {
		errno = 0;
		v = strtoll(e, &end, 10);
		if (*end == '\0' && errno == 0)
			return v;
	}
	return (int64_t)time(NULL);
}
