/*
 * pool: runs numbered jobs in forked worker processes.  Workers inherit
 * the parent's memory (the site model, the loaded Lua state) copy-on-write
 * and share nothing mutable: cmark-gfm keeps global parser state, so
 * threads could not parse Markdown at the same time.
 */
#ifndef SHOUHU_POOL_H
#define SHOUHU_POOL_H

#include <stddef.h>

struct buf;

typedef int (*pool_fn)(void *, size_t, struct buf *);

int	pool_run(size_t, int, pool_fn, void *, struct buf *);
int	pool_cpus(void);

#endif
