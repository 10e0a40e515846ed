/*
 * pool: runs numbered jobs in forked worker processes.  Workers inherit
 * the parent's memory (the site model, the loaded Lua state) copy-on-write
 * and share nothing mutable: cmark-gfm keeps global parser state, so
 * threads could not parse Markdown at the same time.  The parent can stop
 * a job that runs too long by killing its worker.
 */
#ifndef SHOUHU_POOL_H
#define SHOUHU_POOL_H

#include <stddef.h>

struct buf;

typedef int (*pool_fn)(void *arg, size_t job, struct buf *err);
typedef void (*pool_late_fn)(void *arg, size_t job, int seconds,
	    struct buf *err);

int	pool_run(size_t n, int workers, int seconds, pool_fn fn,
	    pool_late_fn late, void *arg, struct buf *err);
int	pool_cpus(void);

#endif
