/*
 * rebuild: the builds of the site for `shouhu serve`, each in a child
 * process that runs build_run and exits, so that nothing of one build (a
 * script stopped by its time limit ends the process; the pages' worker
 * processes; memory) touches the server or the next build.  The children
 * are made by a helper process, forked while the server has one thread:
 * nothing forks a process that has the server's threads.
 */
#ifndef SHOUHU_REBUILD_H
#define SHOUHU_REBUILD_H

#include <signal.h>
#include <sys/types.h>

#include "lib/buf.h"

struct build_opts;

enum rebuild_end {
	REBUILD_DONE,		/* the build ended: see struct rebuild */
	REBUILD_STOPPED		/* stopfd became readable first: the
				   child was stopped and waited for */
};

/* The helper process. */
struct rebuilder {
	pid_t		 pid;		/* the helper, or -1 */
	int		 fd;		/* the socket to it, or -1 */
	char		*logpath;	/* a build's stderr */
};

struct rebuild {
	int		 ok;		/* the site was built */
	long		 written;	/* files with new bytes */
	long		 ms;		/* how long it took, milliseconds */
	struct buf	 errors;	/* why it failed ("path:line: message"
					   lines) */
	struct buf	 basepath;	/* the site's base path, if built */
	struct buf	 log;		/* what the build said on stderr
					   (warnings), shown by rebuild_run
					   when it differs from the last */
};

/* Returns the monotonic clock in milliseconds, for timing builds. */
long	rebuild_clock(void);
/* Sets r up, empty (rebuild_free). */
void	rebuild_init(struct rebuild *r);
/* Frees what r holds. */
void	rebuild_free(struct rebuild *r);
/*
 * Starts the helper, which builds the site of o (its errors and stats are
 * set by the helper) in a child process whose standard output is thrown
 * away, standard error is the file logpath, and signal mask is mask.
 * Call it before any thread starts.  Returns 1, or 0 with a message in
 * err (rebuild_stop then frees what rb holds).
 */
int	rebuild_start(struct rebuilder *rb, const struct build_opts *o,
	    const char *logpath, const sigset_t *mask, struct buf *err);
/*
 * Has the helper build the site and waits for it, unless stopfd becomes
 * readable first.  On REBUILD_DONE, r says how it went; what the build
 * said on stderr is printed on ours if it differs from r->log of the last
 * call, and kept there.
 */
enum rebuild_end rebuild_run(struct rebuilder *rb, int stopfd,
	    struct rebuild *r);
/* Stops the helper (and a build under way) and waits for it. */
void	rebuild_stop(struct rebuilder *rb);

#endif
