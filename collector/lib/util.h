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

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	 fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	 warnx_(const char *, ...) __attribute__((format(printf, 1, 2)));
int64_t	 util_now(void);
const char *util_strerror(int e);

struct buf;
int	 util_temp_path(struct buf *, const char *, const char *, struct buf *);
int	 util_commit_temp(const char *tmp, const char *path, mode_t mode,
	    int replace, struct buf *err);
int	 util_has_suffix(const char *s, const char *suffix);
int	 util_may_write(const char *path, int replace, struct buf *err);
int	 util_write_file(const char *path, const void *p, size_t n,
	    mode_t mode, int replace, struct buf *err);

#endif
