/*
 * check_impl: what check.c (a table: its header, its rows, the form's
 * rules across a row, the order of the messages) and check_cell.c (one
 * cell: its value by the field's type and check) share.  Not for other
 * modules.
 */
#ifndef SHOUHU_CHECK_IMPL_H
#define SHOUHU_CHECK_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

struct cell;
struct form;
struct table;

#define CHECK_NOCOL	SIZE_MAX	/* a problem with no cell: sorts last */

/* A problem of the current row, waiting to be written in column order. */
struct check_problem {
	size_t	 col;
	char	*text;
};

/* What a cell of the current row holds, for the rules across the row. */
enum check_state {
	CHECK_EMPTY,		/* nothing, or a list of only numbering */
	CHECK_VALID,		/* a valid value */
	CHECK_BAD		/* a value with a problem */
};

/* One run of check_table. */
struct check_run {
	const struct form  *f;
	const char	   *path;
	const struct table *t;
	int		    date1904;
	size_t		    n;		/* problems reported */
	long		   *col;	/* field -> column, or -1 */
	char		  **keys;	/* field -> folded name and label */
	enum check_state   *state;	/* field -> its cell in this row */
	struct check_problem *p;	/* problems of the current row */
	size_t		    np, capp;
	struct buf	    tmp;	/* scratch for the checks */
};

/*
 * Records a problem of the current row of r as the line
 * "PATH:LINE[:COL][(LABEL)]: MESSAGE[（VALUE）]\n": col is CHECK_NOCOL for
 * none, fi the field whose label is given or -1, value the cell text
 * shown after the message or NULL.
 */
void	check_report(struct check_run *r, int line, size_t col, int fi,
	    const char *value, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/*
 * Checks the non-empty cell c in column col of row line, of field fi
 * (fi < r->f->nfields), whose text trimmed is v[0..n), and writes its
 * normalised value to norm.  Returns 1, or 0 after check_report (norm
 * then holds anything).
 */
int	check_cell(struct check_run *r, int line, size_t col, int fi,
	    const struct cell *c, const char *v, size_t n, struct buf *norm);

#endif
