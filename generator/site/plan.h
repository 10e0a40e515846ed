/*
 * plan: what a build will write, before it writes anything: the static
 * files of the theme and the site, every file of the new site (two
 * wanting one name is an error), and what the output check is told
 * about the site (its templates and scripts, privacy.allow).
 */
#ifndef SHOUHU_PLAN_H
#define SHOUHU_PLAN_H

#include <stddef.h>

struct buf;
struct lua_State;
struct render;
struct scan;
struct site;

/* A static file: where it goes in the output, and the file it is. */
struct plan_file {
	char	*rel;
	char	*src;
};

/*
 * The static files of the theme and the site (the site's win), sorted by
 * where they go: an array of *n, the caller's (each rel and src too).
 * Problems (a link leading out of the site, a folder that cannot be
 * read) are lines in err.
 */
struct plan_file *plan_statics(struct site *s, size_t *n, struct buf *err);

/*
 * Lists every file the build makes (the jobs of r, content files,
 * site.file{} files, the static files sf[0..nsf)) into *keep (*nkeep of
 * them, the caller's), and checks that no two want the same name.
 * Returns 1, or 0 with a message in err.
 */
int	plan_files(struct render *r, struct plan_file *sf, size_t nsf,
	    char ***keep, size_t *nkeep, struct buf *err);

/*
 * Passes the texts of site.lua's privacy.allow (a list of strings) to the
 * output check sc.  Returns 1, or 0 with a message in err.
 */
int	plan_allow(struct lua_State *L, const struct site *s, struct scan *sc,
	    struct buf *err);

/*
 * Gives the output check sc the site's templates (its own first) and
 * scripts, where text that is not in a page's content file comes from.
 */
void	plan_sources(struct site *s, struct scan *sc);

#endif
