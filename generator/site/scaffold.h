/*
 * scaffold: `shouhu new`, a new page written from an archetype, and
 * `shouhu init`, a new site.  Messages are Chinese and say which file is
 * wrong and what to do.
 */
#ifndef SHOUHU_SCAFFOLD_H
#define SHOUHU_SCAFFOLD_H

struct buf;

/* What scaffold_new and scaffold_init did. */
enum scaffold_result {
	SCAFFOLD_DONE,		/* written; what to tell the user is in msg */
	SCAFFOLD_BAD_ARG,	/* the path on the command line is not usable
				   (nothing written; why is in err) */
	SCAFFOLD_FAILED		/* the site, an archetype or the disk has a
				   problem (nothing written; why is in err) */
};

/*
 * Writes a new page content/<path> of the site in the folder site (NULL
 * for the current folder) from an archetype: kind.md if kind is not NULL,
 * else <section>.md (the first folder of path) and then default.md, each
 * looked for in the site's archetypes/ and then the theme's; without one,
 * a built-in one.  The placeholders {{ title }}, {{ date }} and
 * {{ section }} are filled in (see shouhu-site(5), ARCHETYPES); missing
 * folders are made and an existing file is never replaced.  path is
 * relative to content/ (a leading "content/" is allowed), ends in ".md"
 * and has no "..".  Returns SCAFFOLD_DONE with the lines to print in msg,
 * or what went wrong with the message in err.
 */
enum scaffold_result scaffold_new(const char *site, const char *kind,
	    const char *path, struct buf *msg, struct buf *err);

/*
 * Makes a new site in the folder dir, which must not exist or be empty:
 * scripts/site.lua with a comment on every setting, content/ with the
 * campaign's sections and an example page, archetypes/default.md and
 * static/.  The theme is not copied: the site uses the installed default
 * theme (site_theme_dir).  Returns SCAFFOLD_DONE with the lines to print
 * (what to do next) in msg, or SCAFFOLD_FAILED with the message in err.
 */
enum scaffold_result scaffold_init(const char *dir, struct buf *msg,
	    struct buf *err);

/* A file of a new site (scaffold_skel.c): rel relative to the site's
 * folder; text NULL for an empty folder. */
struct scaffold_file {
	const char	*rel;
	const char	*text;
};

/* The files of a new site, ending with { NULL, NULL }. */
extern const struct scaffold_file scaffold_skel[];

/* The archetype used when neither the site nor the theme has one. */
extern const char scaffold_archetype[];

#endif
