/*
 * build: `shouhu build`, from a site folder to its published output.
 */
#ifndef SHOUHU_BUILD_H
#define SHOUHU_BUILD_H

#include <stddef.h>

struct buf;

/* What a build did, for a caller that says it in its own words. */
struct build_stats {
	long		 written;	/* files with new bytes */
	long		 kept;		/* files that were already so */
	size_t		 pages;		/* pages of the site */
	struct buf	*basepath;	/* if set, gets the path part of the
					   site's baseurl: "/" or "/sub/" */
};

struct build_opts {
	const char	*site;		/* -C: site folder, NULL for "." */
	const char	*out;		/* -o: output folder, NULL for SITE/public */
	const char	*ledger;	/* --ledger: NULL for SITE/ledger.db if
					   there is one */
	int		 drafts;	/* --drafts */
	int		 jobs;		/* -j: worker processes, 0 for all cores */
	int		 force;		/* --force: ignore the no-change stamp */
	int		 quiet;		/* -q: no summary line */
	struct buf	*errors;	/* if set, why the build failed goes
					   here ("path:line: message" lines)
					   instead of to stderr */
	const char	*statedir;	/* the folder of the no-change stamp
					   (and of caches between builds):
					   NULL for SITE/build/ */
	struct build_stats *stats;	/* if set, filled in when the build
					   succeeds */
};

/*
 * Builds the site described by o.  Prints the summary on stdout (unless
 * quiet) and warnings on stderr; why it failed goes to o->errors, or to
 * stderr.  With o->stats, what a successful build did goes there (nothing
 * of a build that found the output fresh: all zero, basepath untouched).
 * Returns the exit status: 0 built (or nothing to do), 1 the site has a
 * problem (the previous output is then left as it was).
 */
int	build_run(const struct build_opts *o);

#endif
