/*
 * sheet: what the office's workbooks (the weekly and the monthly tables)
 * share: their formats, cells that never turn into formulas, row heights
 * that show every line of a wrapped cell, the print setup of a table as
 * it is sent (A4 landscape, one page wide, headings on every page), and
 * writing the workbook atomically with the report's own time in it.
 */
#ifndef SHOUHU_SHEET_H
#define SHOUHU_SHEET_H

#include <stddef.h>
#include <stdint.h>

#include <xlsxwriter.h>

struct buf;

/* The formats of a table, from sheet_formats. */
struct sheet_fmts {
	lxw_format	*title;		/* the table's title, big and bold */
	lxw_format	*sub;		/* the line under it, centred */
	lxw_format	*head;		/* headings: bold, wrapped, shaded */
	lxw_format	*text;		/* a text cell */
	lxw_format	*wrap;		/* a text cell of several lines */
	lxw_format	*num;		/* a whole number */
	lxw_format	*total;		/* 合计's text */
	lxw_format	*totalnum;	/* 合计's numbers */
	lxw_format	*note;		/* a note under the table */
	lxw_format	*none;		/* 未报, centred across a row */
};

/*
 * Appends a time the ledger keeps (utc, "2022-05-26T02:00:00Z") in China
 * time, "2022-05-26 10:00"; anything else as it is, NULL as nothing.
 */
void		 sheet_time(struct buf *b, const char *utc);

/* A new format of wb: bold, wrapped, bordered, size (0: the default). */
lxw_format	*sheet_fmt(lxw_workbook *wb, int bold, int wrap, int border,
		    double size);

/* Makes the formats of a table in wb into *f. */
void		 sheet_formats(lxw_workbook *wb, struct sheet_fmts *f);

/*
 * The lines the text s takes wrapped in a cell width characters wide
 * (CJK and full-width characters count two).  At least 1.
 */
size_t		 sheet_lines(const char *s, double width);

/* The height in points of a row whose tallest cell takes n lines. */
double		 sheet_height(size_t n);

/* The sum of the widths w[a..b]. */
double		 sheet_span(const double *w, size_t a, size_t b);

/*
 * Writes the text s (NULL or "": a blank cell) as a string: never a
 * formula, whatever it starts with (= + - @ included).
 */
void		 sheet_text(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		    const char *s, lxw_format *f);

/*
 * Writes the text s in row r, column c of width width and raises *lines
 * to the lines it takes there.
 */
void		 sheet_sized(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		    const char *s, lxw_format *f, double width, size_t *lines);

/*
 * Writes the texts v[0..n) in row r from column c on, in format f, column
 * k of width w[k] (w of the whole sheet), and raises *lines to the lines
 * the tallest takes.
 */
void		 sheet_texts(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
		    const char *const *v, size_t n, const double *w,
		    lxw_format *f, size_t *lines);

/*
 * Writes the headings v[0..n) in row r from the first column on, in
 * format f, column k width[k] wide, the row as high as its tallest.
 */
void		 sheet_heads(lxw_worksheet *ws, lxw_row_t r,
		    const char *const *v, const double *width, size_t n,
		    lxw_format *f);

/* Writes a note across columns 0..last of row r, as high as it needs. */
void		 sheet_note(lxw_worksheet *ws, lxw_row_t r, lxw_col_t last,
		    const char *s, double width, lxw_format *f);

/*
 * Prints ws as sent: A4 landscape, one page wide, rows first..last (the
 * headings) repeated at the top of every page.
 */
void		 sheet_print(lxw_worksheet *ws, lxw_row_t first,
		    lxw_row_t last);

/* A workbook being written (sheet_open .. sheet_close). */
struct sheet_book {
	lxw_workbook	*wb;
	struct buf	*tmp;		/* the temporary file it is written to */
	const char	*path;		/* the file it becomes */
};

/*
 * Starts the workbook path (written to a temporary file beside it), with
 * the title title, the custom property shouhu.report = period and the
 * creation time made (Unix time: the report's own, so that one ledger
 * gives the same bytes).  Returns 1 with b->wb to fill, or 0 with a
 * message in err.
 */
int		 sheet_open(struct sheet_book *b, const char *path,
		    const char *title, const char *period, int64_t made,
		    struct buf *err);

/*
 * Writes the workbook of b and puts it in place as b->path, mode 0600
 * (the tables hold private data), atomically; on failure nothing is at
 * b->path that was not there.  Frees what sheet_open made.  Returns 1, or
 * 0 with a message in err.
 */
int		 sheet_close(struct sheet_book *b, struct buf *err);

#endif
