/*
 * table: the rows of a filled form as read from a CSV or .xlsx file,
 * before validation.  Every cell is a NUL-terminated UTF-8 string (never
 * NULL; "" when empty) with the kind of value it held in the file.
 * Cell strings belong to the table: only table_free frees them (empty
 * cells may all share one static "").
 */
#ifndef SHOUHU_TABLE_H
#define SHOUHU_TABLE_H

#include <stddef.h>

enum cell_kind {
	CELL_TEXT,	/* text (CSV cells are always text) */
	CELL_NUMBER,	/* an .xlsx number, as written in the file ("44690", "12.5") */
	CELL_BOOL	/* an .xlsx boolean: "1" or "0" */
};

struct cell {
	char		*s;
	enum cell_kind	 kind;
};

struct table {
	struct cell	*header;	/* the first non-empty row: ncols cells */
	int		 header_line;	/* its row number (1-based) as a
					   spreadsheet shows it: in a CSV the
					   record's, not the physical line */
	struct cell	**rows;		/* data rows after the header, nrows x ncols */
	int		*lines;		/* row number in the file of rows[i] */
	size_t		 nrows;
	size_t		 ncols;		/* columns: the widest row; short rows padded with "" */
};

/* Most cells one table may hold (rows x columns, header included). */
#define TABLE_MAX_CELLS	((size_t)8 << 20)

void	table_init(struct table *t);
void	table_free(struct table *t);
void	table_add_row(struct table *t, int line, char **cells,
	    enum cell_kind *kinds, size_t n);
void	table_column_name(char *out, size_t col);
int	table_fits(const struct table *t, size_t n);

#endif
