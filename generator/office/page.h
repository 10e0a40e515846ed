/*
 * page: what the office's review pages (the weekly and the monthly
 * tables as HTML, internal, not part of the public site) share: escaped
 * cells, tables with their heading rows, and the page around them.
 */
#ifndef SHOUHU_PAGE_H
#define SHOUHU_PAGE_H

#include <stddef.h>

struct buf;

/* Appends s escaped for HTML; nothing for NULL. */
void	page_esc(struct buf *b, const char *s);

/* Appends the cell <tag>s</tag>, s escaped. */
void	page_cell(struct buf *b, const char *tag, const char *s);

/* Appends the cells <td>v[k]</td> for k in 0..n, escaped. */
void	page_cells(struct buf *b, const char *const *v, size_t n);

/* Appends a <td> of the lines of s numbered as the tables do (1、…). */
void	page_lines(struct buf *b, const char *s);

/* Appends a <td> of a time the ledger keeps, in China time. */
void	page_when(struct buf *b, const char *utc);

/* Opens a table and its heading row. */
void	page_head_open(struct buf *b);

/* Appends a column heading: prefix (not escaped) and text. */
void	page_head_cell(struct buf *b, const char *prefix, const char *text);

/* Ends the heading row and opens the body. */
void	page_head_close(struct buf *b);

/* Opens a table with the headings v[0..n) (a row of them). */
void	page_table(struct buf *b, const char *const *v, size_t n);

/* Closes a table that page_table or page_head_open opened. */
void	page_table_end(struct buf *b);

/*
 * Appends the page up to its tables: the title title (escaped), the
 * styles, the heading h1 and the line line (both escaped).
 */
void	page_begin(struct buf *b, const char *title, const char *h1,
	    const char *line);

/* Appends the end of the page. */
void	page_end(struct buf *b);

#endif
