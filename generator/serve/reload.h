/*
 * reload: what the browser of `shouhu serve` sees of the builds.  Each
 * finished build is a new generation; a page served by serve carries a
 * small script (RELOAD_SCRIPT_URL) that long-polls RELOAD_POLL_URL and
 * reloads the page when the generation changes.  While the last build
 * failed, an HTML page is an error page with its "path:line: message"
 * lines instead.  The state is shared by the server's threads and the
 * builder: every call takes its lock.
 */
#ifndef SHOUHU_RELOAD_H
#define SHOUHU_RELOAD_H

#include <pthread.h>

#include "lib/buf.h"

#define RELOAD_SCRIPT_URL	"/__shouhu/reload.js"
#define RELOAD_POLL_URL		"/__shouhu/reload"
#define RELOAD_WAIT		25	/* seconds a poll waits at most */

struct reload {
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;
	unsigned long	 gen;		/* builds finished so far */
	int		 failed;	/* the last build failed */
	int		 stopping;	/* the server is stopping */
	struct buf	 errors;	/* why it failed */
	struct buf	 basepath;	/* "/" or "/sub/": where the site is */
};

/* What a request sees: a copy, the caller's (reload_view_free). */
struct reload_view {
	unsigned long	 gen;
	int		 failed;
	struct buf	 errors;
	struct buf	 basepath;
};

/* The script a served page loads (JavaScript, no inline code). */
extern const char reload_script[];

/* Sets r up: generation 0, no errors, base path "/" (reload_free). */
void	reload_init(struct reload *r);
/* Frees what r holds; no thread may use it any more. */
void	reload_free(struct reload *r);
/*
 * Records a finished build: ok, or failed for errors ("path:line:
 * message" lines); basepath (NULL: as it was) is the site's base path.
 * Starts a new generation and wakes the polls.
 */
void	reload_done(struct reload *r, int ok, const char *errors,
	    const char *basepath);
/* Copies the state into v (initialised here; reload_view_free). */
void	reload_view(struct reload *r, struct reload_view *v);
/* Frees what v holds. */
void	reload_view_free(struct reload_view *v);
/*
 * Waits until the generation is not since, or RELOAD_WAIT seconds have
 * passed, or the server stops.  Returns the generation then.
 */
unsigned long reload_wait(struct reload *r, unsigned long since);
/* Wakes every poll for good: the server is stopping. */
void	reload_stop(struct reload *r);
/*
 * Puts the script tag for generation gen into the HTML page html (the
 * caller's, changed in place), before
 * its last </body> (any case), or at its end if it has none.
 */
void	reload_inject(struct buf *html, unsigned long gen);
/*
 * Appends to page the error page of a failed build: the errors escaped,
 * and the script tag for generation gen.
 */
void	reload_error_page(struct buf *page, const char *errors,
	    unsigned long gen);

#endif
