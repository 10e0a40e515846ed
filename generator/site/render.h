/*
 * render: what the build writes, as a list of jobs (a page, one pager page
 * of a list, a feed, an alias...), and how one job is rendered and written.
 */
#ifndef SHOUHU_RENDER_H
#define SHOUHU_RENDER_H

#include <stddef.h>

struct buf;
struct out;
struct site;
struct page;

enum job_kind {
	JOB_PAGE,	/* a page through its template (lists: pager page n) */
	JOB_RSS,	/* index.xml of the home or a section */
	JOB_ATOM,	/* atom.xml of the home or a section */
	JOB_SITEMAP,
	JOB_ROBOTS,
	JOB_ALIAS	/* redirect n of a page */
};

struct job {
	enum job_kind	 kind;
	struct page	*page;
	int		 n;
};

struct render {
	struct site	*site;
	struct out	*out;
	struct job	*jobs;
	size_t		 njobs;
	struct buf	*html;		/* scratch */
};

int	render_templates(struct site *s, struct buf *err);
void	render_plan(struct render *r, int robots);
int	render_job(void *arg, size_t i, struct buf *err);
void	render_job_path(const struct job *j, struct buf *path);
void	render_late(void *arg, size_t i, int seconds, struct buf *err);

#endif
