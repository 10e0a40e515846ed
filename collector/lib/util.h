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

struct buf;
int	 util_temp_path(struct buf *tmp, const char *path, const char *suffix,
	    struct buf *err);
int	 util_commit_temp(const char *tmp, const char *path, mode_t mode,
	    int replace, struct buf *err);
int	 util_has_suffix(const char *s, const char *suffix);
int	 util_may_write(const char *path, int replace, struct buf *err);
int	 util_write_file(const char *path, const void *p, size_t n,
	    mode_t mode, int replace, struct buf *err);

#endif
