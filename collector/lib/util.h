/*
 * util: allocation that cannot fail, fatal errors, and the program name
 * used in messages.
 */
#ifndef SHOUHU_UTIL_H
#define SHOUHU_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

extern const char *util_progname;

void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t sz);
void	*xrealloc(void *p, size_t n);
void	*xreallocarray(void *p, size_t n, size_t sz);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
void	 fatal(const char *fmt,
	    ...) __attribute__((format(printf, 1, 2), noreturn));
void	 warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int64_t	 util_now(void);
const char *util_strerror(int e);

int	 util_has_suffix(const char *s, const char *suffix);

#endif
