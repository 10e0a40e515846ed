/*
 * table: the rows read from a form file.  Rows are kept padded to the
 * widest row; their arrays are allocated with a power-of-two capacity so
 * that widening the table again and again costs little.  Empty cells all
 * point at one static "", which table_free knows not to free.
 */
#include <stdlib.h>
#include <string.h>

#include "forms/table.h"
#include "lib/util.h"

static char	 empty[1];

/* The capacity of a row array for width cells. */
static size_t
row_cap(size_t width)
{
	size_t	 cap = 8;

	if (width == 0)
		return 0;
	while (cap < width)
		cap *= 2;
	return cap;
}

static void
free_row(struct cell *row, size_t n)
{
	size_t	 i;

	if (row == NULL)
		return;
	for (i = 0; i < n; i++)
		if (row[i].s != empty)
			free(row[i].s);
	free(row);
}

/* Makes t an empty table. */
void
table_init(struct table *t)
{
	memset(t, 0, sizeof(*t));
}

/* Frees everything t holds, cell strings included, and leaves it empty. */
void
table_free(struct table *t)
{
	size_t	 i;

	free_row(t->header, t->ncols);
	for (i = 0; i < t->nrows; i++)
		free_row(t->rows[i], t->ncols);
	free(t->rows);
	free(t->lines);
	table_init(t);
}

/* Pads row (of t->ncols cells, capacity row_cap(t->ncols)) to width. */
static struct cell *
widen_row(struct cell *row, size_t ncols, size_t width)
{
	size_t	 i;

	if (row_cap(width) > row_cap(ncols))
		row = xreallocarray(row, row_cap(width), sizeof(*row));
	for (i = ncols; i < width; i++) {
		row[i].s = empty;
		row[i].kind = CELL_TEXT;
	}
	return row;
}

/*
 * Whether a row of n cells can be added to t without the table holding
 * more than TABLE_MAX_CELLS cells.  Readers ask before table_add_row and
 * report a table that is too big.
 */
int
table_fits(const struct table *t, size_t n)
{
	size_t	 width = n > t->ncols ? n : t->ncols;

	if (width == 0)
		return 1;
	return t->nrows + 2 <= TABLE_MAX_CELLS / width;
}

/*
 * Adds the row found at line (its row number in the file) with the n cells
 * cells[0..n), of kinds[0..n) (kinds may be NULL: all CELL_TEXT).  The
 * strings become t's, even when the row is dropped; cells[i] may be NULL
 * for an empty cell; the array cells itself stays the caller's.  A row
 * whose cells are all "" is dropped.  The first row kept is the header;
 * rows are padded to the widest row with "".
 */
void
table_add_row(struct table *t, int line, char **cells, enum cell_kind *kinds,
    size_t n)
{
	struct cell	*row;
	size_t		 i, width, cap;
	int		 blank = 1;

	for (i = 0; i < n; i++)
		if (cells[i] != NULL && cells[i][0] != '\0')
			blank = 0;
	if (blank) {
		for (i = 0; i < n; i++)
			free(cells[i]);
		return;
	}
	if (n > t->ncols) {
		if (t->header != NULL)
			t->header = widen_row(t->header, t->ncols, n);
		for (i = 0; i < t->nrows; i++)
			t->rows[i] = widen_row(t->rows[i], t->ncols, n);
		t->ncols = n;
	}
	width = t->ncols;
	row = xreallocarray(NULL, row_cap(width), sizeof(*row));
	for (i = 0; i < width; i++) {
		if (i >= n || cells[i] == NULL || cells[i][0] == '\0') {
			if (i < n)
				free(cells[i]);
			row[i].s = empty;
			row[i].kind = CELL_TEXT;
		} else {
			row[i].s = cells[i];
			row[i].kind = kinds != NULL ? kinds[i] : CELL_TEXT;
		}
	}
	if (t->header == NULL) {
		t->header = row;
		t->header_line = line;
		return;
	}
	if (t->nrows == 0 ||
	    (t->nrows >= 16 && (t->nrows & (t->nrows - 1)) == 0)) {
		cap = t->nrows ? t->nrows * 2 : 16;
		t->rows = xreallocarray(t->rows, cap, sizeof(*t->rows));
		t->lines = xreallocarray(t->lines, cap, sizeof(*t->lines));
	}
	t->rows[t->nrows] = row;
	t->lines[t->nrows] = line;
	t->nrows++;
}

/*
 * Writes the spreadsheet letters of the 0-based column col into out
 * (8 bytes): 0 is "A", 25 "Z", 26 "AA", 702 "AAA".  A column beyond
 * seven letters ("ZZZZZZZ") is written "?".
 */
void
table_column_name(char *out, size_t col)
{
	char	 tmp[8];
	size_t	 n = 0, i;

	for (;;) {
		if (n == 7) {
			strcpy(out, "?");
			return;
		}
		tmp[n++] = (char)('A' + col % 26);
		if (col < 26)
			break;
		col = col / 26 - 1;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}
