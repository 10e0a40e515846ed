/*
 * http: the web server of `shouhu serve` (libmicrohttpd, a thread per
 * connection).  It answers GET and HEAD (405 otherwise) from the output
 * folder of the last good build, under the site's base path: a folder is
 * its index.html ("/x" is sent to "/x/"), a missing file the site's
 * 404.html with status 404; every answer says Cache-Control: no-store.
 * A path is percent-decoded and refused (400) if it has a NUL, a bad
 * escape or a "." or ".." segment; one that leads out of the output
 * folder by a link is not found.  HTML pages get the reload script; while
 * the last build failed, a page is the error page (status 500).  The
 * script and the long poll are at /__shouhu/ (reload.h).
 */
#ifndef SHOUHU_HTTP_H
#define SHOUHU_HTTP_H

#include <sys/socket.h>

struct buf;
struct reload;
struct MHD_Daemon;

struct http {
	struct MHD_Daemon *d;
	int		 port;		/* the port it listens on */
	char		*outdir;	/* the output folder (a real path) */
	struct reload	*rl;		/* the builds, not the server's */
};

/*
 * Parses the address addr ("127.0.0.1", "::1") with port into ss and len.
 * Returns 1, or 0 if it is not an IPv4 or IPv6 address.
 */
int	http_address(const char *addr, int port, struct sockaddr_storage *ss,
	    socklen_t *len);
/*
 * Listens on addr:port (port 0: any free port, then in h->port) and
 * serves the folder outdir (a path without links, which may not exist
 * yet) as rl says.  Returns 1, or 0 with a message in err.
 */
int	http_start(struct http *h, const char *addr, int port,
	    const char *outdir, struct reload *rl, struct buf *err);
/* Stops the server: waits for every connection's thread (reload_stop
 * first, so that no long poll holds one). */
void	http_stop(struct http *h);

#endif
