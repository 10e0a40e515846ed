/*
 * ingest: bundles into the ledger, each whole or not at all.
 *
 * ingest_bundle checks a bundle completely before it touches the ledger:
 * the zip and manifest (bundle_read_mem), the unit (registered) and its
 * signature, the office key for sealed parts, and every part against its
 * form (known form and version, the period kind, the CSV header, every row
 * by check_table, the row count).  Then, inside one SAVEPOINT, it records
 * the bundle, its parts and rows, and supersedes: for each (unit, period,
 * form) the part of the newest bundle (by created, then by id) is current
 * and the others point at it, so the order bundles arrive in does not
 * matter.  The same bundle (same id) again changes nothing.  Every attempt
 * goes into ingest_log.
 *
 * The caller brackets calls with ingest_begin and ingest_commit, so many
 * bundles share one commit (one fsync); a crash loses at most the bundles
 * since the last commit, each of which is then wholly absent.
 */
#ifndef SHOUHU_INGEST_H
#define SHOUHU_INGEST_H

#include <stddef.h>

struct buf;
struct key;
struct ledger;
struct ingest;

enum ingest_outcome {
	INGEST_ACCEPTED,	/* new, current */
	INGEST_REPLACED,	/* new, current, superseded an older bundle */
	INGEST_OUTDATED,	/* new, but a newer one is current: history only */
	INGEST_UNCHANGED,	/* ingested before: nothing changed */
	INGEST_REJECTED,	/* refused: why says why */
	INGEST_ERROR		/* the ledger failed: roll back and stop */
};

struct ingest_result {
	enum ingest_outcome outcome;
	int		 quarantine;	/* rejected for what is in the file */
	char		 id[65];	/* bundle id, or "" */
	char		*unit;		/* unit code, or NULL */
	char		*unit_name;	/* registered name, or NULL */
	char		*period;	/* or NULL */
	char		*forms;		/* "form 20 行、form 3 行", or NULL */
	char		*replaced;	/* id of a bundle it superseded, or NULL */
};

struct ingest	*ingest_new(struct ledger *l, const struct key *office,
	    struct buf *err);
void		 ingest_free(struct ingest *in);
int		 ingest_begin(struct ingest *in, struct buf *err);
int		 ingest_commit(struct ingest *in, struct buf *err);
void		 ingest_rollback(struct ingest *in);
void		 ingest_bundle(struct ingest *in, const void *data, size_t n,
	    const char *path, struct ingest_result *r, struct buf *why);
void		 ingest_reject(struct ingest *in, const char *path,
	    const char *why, struct ingest_result *r);
void		 ingest_result_free(struct ingest_result *r);

#endif
