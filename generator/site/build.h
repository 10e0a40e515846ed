/*
 * build: `shouhu build`, from a site folder to its published output.
 */
#ifndef SHOUHU_BUILD_H
#define SHOUHU_BUILD_H

struct build_opts {
	const char	*site;		/* -C: site folder, NULL for "." */
	const char	*out;		/* -o: output folder, NULL for SITE/public */
	const char	*ledger;	/* --ledger: NULL for SITE/ledger.db if
					   there is one */
	int		 drafts;	/* --drafts */
	int		 jobs;		/* -j: worker processes, 0 for all cores */
	int		 force;		/* --force: ignore the no-change stamp */
	int		 quiet;		/* -q: no summary line */
};

int	build_run(const struct build_opts *o);

#endif
