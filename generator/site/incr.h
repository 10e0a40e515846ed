/*
 * incr: incremental builds.  While a job renders, the recorder
 * (incr_rec.c) notes what of the site it read: a page's fields, its
 * summary, its body, its lists, the site's lists, the clock.  After a
 * build is published the cache (incr.c) keeps, beside the no-change stamp
 * (SITE/build/shouhu-<hash>.incr), a fingerprint of every page's parts,
 * what each output file read, and each content file's parsed front
 * matter and summary.  The next build of the same output parses only the
 * content files that changed, and renders only the jobs whose inputs
 * changed; every other file is left as it was published.  Scripts,
 * templates, themes, the ledger, the options or the shouhu program
 * changing makes every job render again.
 */
#ifndef SHOUHU_INCR_H
#define SHOUHU_INCR_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct page;
struct page_link;
struct site;
struct stat;
struct yval;
struct render;

/*
 * The parts of a page that a job may read, each fingerprinted apart, so
 * that a page's new date does not touch what reads only its path.
 */
enum incr_what {
	INCR_TITLE,	/* page.title */
	INCR_PLACE,	/* where and what it is: kind, path, url, permalink,
			   slug, section, file, taxonomy */
	INCR_DATE,	/* its order: date, lastmod, draft, weight */
	INCR_PARAMS,	/* page.params (front matter), page.data */
	INCR_LINKS,	/* which pages it links to: next, prev, parent, terms */
	INCR_SUMMARY,	/* page.summary */
	INCR_BODY,	/* page.content: the Markdown body */
	INCR_PAGES,	/* page.pages, page.count, its pager pages */
	INCR_SECTIONS,	/* page.sections */
	INCR_NWHAT
};

/* A part read: page id << INCR_SHIFT | enum incr_what. */
#define INCR_SHIFT	4

/* What else a job may have read (incr_rec_flag). */
#define INCR_CLOCK		0x01u	/* os.time, os.date, os.clock */
#define INCR_ALWAYS		0x02u	/* something not tracked: render it
					   every time */
#define INCR_SITE_PAGES		0x04u	/* site.pages */
#define INCR_SITE_SECTIONS	0x08u	/* site.sections */
#define INCR_SITE_ALL		0x10u	/* site.all_sections */
#define INCR_FLAGS		0x1fu

/* What one job (or the build outside jobs) read. */
struct incr_deps {
	unsigned	 flags;		/* INCR_CLOCK... */
	uint32_t	*v;		/* page id << INCR_SHIFT | incr_what */
	size_t		 n;
};

/*
 * The recorder.  Every process starts with it off.  incr_rec_start(fd)
 * turns it on in the parent before the site is loaded: what is read
 * outside any job is kept in the process (incr_rec_outside), what a job
 * reads goes to fd as one record per job (incr_rec_end), written with
 * one write(2) to a file opened with O_APPEND, so that worker processes
 * share it.
 */
void	incr_rec_start(int fd);
/* Turns the recorder off and forgets everything. */
void	incr_rec_stop(void);
/* Job p or its reader read part w of page p (no-op when off, p NULL). */
void	incr_rec_page(const struct page *p, enum incr_what w);
/* The job read one of the INCR_* flags' things. */
void	incr_rec_flag(unsigned flag);
/* A job starts: what is recorded from now on is the job's. */
void	incr_rec_begin(void);
/*
 * Forgets what was read since incr_rec_begin, and what follows counts as
 * outside jobs again: for a render whose output is judged by its bytes
 * (the text of a page for the search index).
 */
void	incr_rec_drop(void);
/*
 * Job number job (in the order the records are read back) has been
 * written: appends its record to the fd.  Returns 1, or 0 if it could not
 * be written (the cache is then not saved: incr_rec_read fails).
 */
int	incr_rec_end(size_t job);
/* What was read outside any job so far (the recorder's; do not free). */
const struct incr_deps *incr_rec_outside(void);
/*
 * Reads the records of fd (from its start) into deps[0..njobs), which
 * the caller frees with incr_deps_free.  Returns 1, or 0 if a record is
 * damaged or names a job past njobs, or a job of ran[] (ran[i] set for
 * the jobs that ran) has no record.
 */
int	incr_rec_read(int fd, struct incr_deps *deps, size_t njobs,
	    const unsigned char *ran);
void	incr_deps_free(struct incr_deps *d);

struct incr;

/*
 * The fingerprint of the running shouhu program (its file's size, times
 * and inode): a cache of another program is not used.
 */
uint64_t incr_program(void);

/*
 * Opens the cache kept in file, whose jobs are valid for inputs with
 * fingerprint fp (of the scripts, layouts, themes, options, ledger and
 * program: the stamp's code; 0 reuses no job).  A missing, damaged or
 * old cache is an empty one.  Returns the cache (incr_free).
 */
struct incr *incr_open(const char *file, uint64_t fp);
void	incr_free(struct incr *c);


/* What the cache knows of a content file (incr_parse_find). */
struct incr_parsed {
	struct yval	*fm;		/* a new copy: the caller's */
	size_t		 body_off;
	int		 body_line;
	char		*summary;	/* automatic summary, or NULL: new, the
					   caller's */
	uint64_t	 body_hash;
	uint64_t	 fm_hash;	/* of fm packed (fmatter_pack) */
	struct page_link *links;	/* new, the caller's */
	size_t		 nlinks;
};

/* Frees what r holds (after a find the caller did not take it). */
void	incr_parsed_free(struct incr_parsed *r);

/*
 * Whether the cache has the parse of content file src (stat st, summary
 * length summary_len), as incr_parse_find would find it; reads only, so
 * any thread may ask.  c may be NULL (no cache: 0).
 */
int	incr_parse_fresh(const struct incr *c, const char *src,
	    const struct stat *st, long summary_len);

/*
 * Looks up content file src, whose stat is st: 1 with *r filled if the
 * cache has its parse (same size, times and inode, same summary length),
 * else 0.  c may be NULL (no cache).
 */
int	incr_parse_find(struct incr *c, const char *src, const struct stat *st,
	    long summary_len, struct incr_parsed *r);
/* Remembers the parse of src (copied) for the next build. */
void	incr_parse_put(struct incr *c, const char *src, const struct stat *st,
	    long summary_len, const struct yval *fm, size_t body_off,
	    int body_line, const char *summary, uint64_t body_hash,
	    uint64_t fm_hash, const struct page_link *links, size_t nlinks);

/*
 * Chooses the jobs of r to render: dirty[i] = 1 for job i unless the
 * cache shows that nothing it read changed since it was published into
 * the output folder out, which is still the one published.  If anything read
 * outside jobs last time (site.lua's build function) changed, every job
 * renders.  Returns the number of dirty jobs.
 */
size_t	incr_dirty(struct incr *c, struct site *s, const struct render *r,
	    const char *out, unsigned char *dirty);

/* Why incr_dirty chose every job (for SHOUHU_TIMING), or NULL. */
const char *incr_why(const struct incr *c);

/* Fingerprints the pages of s for incr_save, without choosing jobs
 * (a whole build: every job renders). */
void	incr_hash(struct incr *c, struct site *s);

/* Removes the cache file: the output it describes is about to change. */
void	incr_forget(struct incr *c);

/*
 * Saves the cache after the build of s was published into out:
 * deps[0..r->njobs) holds the records of the jobs that rendered (dirty[i]
 * set), the others keep their old ones.  Failing only costs the next
 * build its speed.
 */
void	incr_save(struct incr *c, struct site *s, const struct render *r,
	    const struct incr_deps *deps, const unsigned char *dirty,
	    const struct incr_deps *outside, const char *out);

#endif
