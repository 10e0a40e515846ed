/*
 * serve: `shouhu serve`, the live preview for the writers of the site.
 * Builds the site into a private temporary folder (never SITE/public, and
 * nothing left in the site folder), serves it over HTTP (http.h), watches
 * its inputs (watch.h) and builds again when they change (rebuild.h); the
 * open pages reload by themselves (reload.h).  SIGINT, SIGTERM or SIGHUP
 * stop it: the private folder is removed.
 */
#ifndef SHOUHU_SERVE_H
#define SHOUHU_SERVE_H

struct serve_opts {
	const char	*site;		/* -C: site folder, NULL for "." */
	const char	*ledger;	/* --ledger: NULL for SITE/ledger.db
					   if there is one */
	const char	*bind;		/* --bind: address, NULL for
					   127.0.0.1 */
	int		 port;		/* --port: 0 for any free port */
	int		 drafts;	/* --drafts */
};

#define SERVE_PORT	1313		/* --port without the option */

/* Whether addr is an address --bind takes (IPv4 or IPv6). */
int	serve_bind_ok(const char *addr);
/*
 * Runs the preview until it is stopped.  Returns the exit status: 0
 * stopped by a signal, 1 it could not start (said on stderr).
 */
int	serve_run(const struct serve_opts *o);

#endif
