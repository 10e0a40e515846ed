/*
 * ingest_run: the shouhu ingest command.  Takes bundle files and folders
 * (searched for *.zip, hidden entries and the quarantine folder skipped),
 * in name order, commits them in batches, copies every rejected file into
 * the quarantine folder with a NAME.reason file beside it, draws a
 * progress bar on a terminal and ends with a summary on stdout.
 */
#ifndef SHOUHU_INGEST_RUN_H
#define SHOUHU_INGEST_RUN_H

#include <stddef.h>

struct ingest_opts {
	const char	*ledger;	/* ledger file */
	const char	*key;		/* office secret key file, or NULL */
	const char	*quarantine;	/* or NULL: "quarantine" beside ledger */
	int		 quiet;		/* only rejections and errors */
	int		 verbose;	/* a line per bundle */
};

int	ingest_run(const struct ingest_opts *o, char *const *paths, size_t n);

#endif
