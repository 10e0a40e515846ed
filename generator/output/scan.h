/*
 * scan: the check of every file the build publishes, before anything is
 * published.  No file may hold a personal number (privacy_find: mobile,
 * ID-card, bank-card numbers in any spelling) nor an identifying value of
 * the ledger (ident.h: informants' and handlers' names, businesses under
 * inspection...).  Private text that identifies nobody (a hazard's
 * 处理情况) is kept off the site by the public copy and is not looked for
 * here: ordinary words are no secrets.
 *
 * Files are checked by what they are, found from their bytes, not their
 * names: HTML, XML and SVG as their text, attribute values and comments,
 * with character references decoded (and percent-encoding in attribute
 * values); JSON as its strings and numbers; CSV and TSV (by name) cell by
 * cell; office files (.docx, .xlsx, .odt: zip) as the XML inside; other
 * text whole.  Images, fonts, audio, video, PDFs with compressed streams
 * and other binary files cannot be read: they are counted and named in the
 * build's summary as not checked.  A database (SQLite, such as a copy of
 * the ledger) is never published.
 *
 * A hit fails the build with a message that names the source the text
 * came from (the page's content file and line, else the template or
 * script and line that holds it, else the published file), shows the
 * text partly masked and says what to do.  Text the site's privacy.allow
 * lists (a district name, an office's public phone) is not a hit.
 */
#ifndef SHOUHU_SCAN_H
#define SHOUHU_SCAN_H

#include <stddef.h>

struct buf;
struct pscan;

struct scan {
	struct pscan	*ident;		/* identifying values, and their
					   escaped spellings */
	char		*outdir;	/* the output folder, for messages */
	char		**allow;	/* text the site says may be published */
	size_t		 nallow;
	char		**sources;	/* templates and scripts, where text
					   that is not in a page comes from */
	size_t		 nsources;
	struct buf	 unchecked;	/* names of files not checked */
	size_t		 nunchecked;
};

/*
 * Prepares s for the output folder outdir (as the user named it) with the
 * identifying values ident (NULL: none; copied).  Returns 1 (free with
 * scan_free).
 */
int	scan_init(struct scan *s, const char *outdir,
	    const struct pscan *ident);

/* Adds the file path (a template or script of the site) to the places a
 * hit's source is looked for. */
void	scan_source(struct scan *s, const char *path);

/* Lets the text t[0..n) be published: identifying values within it are
 * not looked for, and numbers within it are not hits. */
void	scan_allow(struct scan *s, const char *t, size_t n);

/*
 * Checks the output file rel (bytes data[0..n)), made from the file src
 * (a page's content file or a copied file, as shown in messages; NULL if
 * generated); arg is the struct scan (an out check function).  Returns 1
 * if it is clean, or 0 with one line per problem (at most a few) in err.
 */
int	scan_file(void *arg, const char *rel, const char *src,
	    const void *data, size_t n, struct buf *err);

/* Frees what scan_init made. */
void	scan_free(struct scan *s);

#endif
