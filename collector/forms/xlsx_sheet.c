/*
 * xlsx_sheet: the worksheet part of a workbook, row by row and cell by
 * cell, into a table (see xlsx.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>

#include "lib/buf.h"
#include "forms/table.h"
#include "lib/util.h"
#include "forms/xlsx.h"
#include "forms/xlsx_impl.h"


/* Parses a positive decimal number of at most 9 digits; -1 if it is not. */
static long
parse_num(const char *s)
{
	long	 v = 0;
	int	 n = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++, n++) {
		if (*s < '0' || *s > '9' || n >= 9)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/*
 * Parses a cell reference such as "B5" (optionally "$B$5") into the
 * 0-based column.  Returns 1, or 0 if it is not a reference to a cell
 * Excel can have.
 */
static int
parse_ref(const char *r, size_t *col)
{
	size_t	 c = 0;
	int	 letters = 0;
	long	 row;

	if (*r == '$')
		r++;
	for (; (*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z'); r++) {
		if (++letters > 3)
			return 0;
		c = c * 26 + (size_t)((*r | 0x20) - 'a' + 1);
	}
	if (*r == '$')
		r++;
	if (letters == 0 || c > EXCEL_COLS)
		return 0;
	row = parse_num(r);
	if (row < 1 || row > EXCEL_ROWS)
		return 0;
	*col = c - 1;
	return 1;
}

static void
bad_place(struct sheetp *sp, const char *what, const char *v)
{
	struct buf	 a = BUF_INIT, b = BUF_INIT;

	xlsx_corrupt(sp->c, "工作表“%s”里%s“%s”不正确", xlsx_shown(&a, sp->sheet), what,
	    xlsx_shown(&b, v));
	buf_free(&a);
	buf_free(&b);
}

static void
row_start(struct sheetp *sp, const char **atts)
{
	struct buf	 b = BUF_INIT;
	const char	*r = xlsx_attr(atts, "r");
	long		 n;

	if (r != NULL) {
		n = parse_num(r);
		if (n < 1 || n > EXCEL_ROWS) {
			bad_place(sp, "的行号", r);
			return;
		}
		if (n <= sp->row) {
			xlsx_corrupt(sp->c, "工作表“%s”里第 %ld 行排在第 %d 行后面",
			    xlsx_shown(&b, sp->sheet), n, sp->row);
			buf_free(&b);
			return;
		}
	} else
		n = sp->row + 1L;
	if (n > XLSX_MAX_ROWS) {
		xlsx_fail(sp->c, 0, "行太多：工作表“%s”用到了第 %ld 行，最多只能有 "
		    "%d 行：请删掉多余的行，或把数据分成几个文件",
		    xlsx_shown(&b, sp->sheet), n, XLSX_MAX_ROWS);
		buf_free(&b);
		return;
	}
	sp->row = (int)n;
	sp->rowdepth = sp->depth;
	sp->nextcol = 0;
}

static void
row_end(struct sheetp *sp)
{
	struct xctx	*c = sp->c;
	size_t		 n = sp->width, i;

	sp->rowdepth = 0;
	while (n > 0 && sp->cells[n - 1] == NULL)
		n--;
	if (n > 0) {
		if (!table_fits(sp->t, n)) {
			xlsx_fail(c, sp->row, "表格太大：行数乘列数超过了 %zu 个单元格"
			    "：请删掉多余的行或列，或把数据分成几个文件",
			    TABLE_MAX_CELLS);
			return;
		}
		table_add_row(sp->t, sp->row, sp->cells, sp->kinds, n);
	}
	for (i = 0; i < sp->width; i++)
		sp->cells[i] = NULL;
	sp->width = 0;
}

static void
cell_start(struct sheetp *sp, const char **atts)
{
	const char	*r = xlsx_attr(atts, "r"), *t = xlsx_attr(atts, "t");
	size_t		 col, i, cap;

	if (r != NULL) {
		if (!parse_ref(r, &col)) {
			bad_place(sp, "的单元格位置", r);
			return;
		}
	} else
		col = sp->nextcol;
	sp->nextcol = col + 1;
	sp->col = col;
	sp->cdepth = sp->depth;
	sp->inv = sp->inis = sp->int_ = sp->rph = 0;
	buf_clear(&sp->val);
	/* styled empty cells far to the right are common: only values count */
	sp->over = col >= XLSX_MAX_COLS;
	if (!sp->over && col >= sp->cap) {
		cap = sp->cap ? sp->cap : 16;
		while (cap <= col)
			cap *= 2;
		sp->cells = xreallocarray(sp->cells, cap, sizeof(*sp->cells));
		sp->kinds = xreallocarray(sp->kinds, cap, sizeof(*sp->kinds));
		for (i = sp->cap; i < cap; i++)
			sp->cells[i] = NULL;
		sp->cap = cap;
	}
	if (t == NULL || strcmp(t, "n") == 0)
		sp->type = T_NUM;
	else if (strcmp(t, "s") == 0)
		sp->type = T_SST;
	else if (strcmp(t, "inlineStr") == 0)
		sp->type = T_INLINE;
	else if (strcmp(t, "b") == 0)
		sp->type = T_BOOL;
	else if (strcmp(t, "e") == 0)
		sp->type = T_ERR;
	else if (strcmp(t, "d") == 0)
		sp->type = T_DATE;
	else
		sp->type = T_STR;
}

static void
too_wide(struct sheetp *sp)
{
	struct buf	 b = BUF_INIT;
	char		 letters[8];

	table_column_name(letters, sp->col);
	xlsx_fail(sp->c, sp->row, "列太多：工作表“%s”第 %d 行用到了第 %zu 列（%s "
	    "列），最多只能有 %d 列：请删掉多余的列", xlsx_shown(&b, sp->sheet),
	    sp->row, sp->col + 1, letters, XLSX_MAX_COLS);
	buf_free(&b);
}

static void
cell_end(struct sheetp *sp)
{
	struct xctx	*c = sp->c;
	struct buf	*v = &sp->tmp;
	enum cell_kind	 kind = CELL_TEXT;
	long		 i;

	sp->cdepth = 0;
	buf_clear(v);
	switch (sp->type) {
	case T_SST:
		if (sp->val.len == 0)
			break;
		i = parse_num(sp->val.ptr);
		if (i < 0 || (size_t)i >= c->nsst) {
			bad_place(sp, "的共享字符串编号", sp->val.ptr);
			return;
		}
		buf_puts(v, c->sst.ptr + c->sstoff[i]);
		break;
	case T_INLINE:
	case T_STR:
		xlsx_put_xstring(v, sp->val.ptr, sp->val.len);
		break;
	case T_BOOL:
		if (strcmp(sp->val.ptr, "1") == 0 ||
		    strcmp(sp->val.ptr, "true") == 0) {
			buf_putc(v, '1');
			kind = CELL_BOOL;
		} else if (strcmp(sp->val.ptr, "0") == 0 ||
		    strcmp(sp->val.ptr, "false") == 0) {
			buf_putc(v, '0');
			kind = CELL_BOOL;
		} else
			buf_put(v, sp->val.ptr, sp->val.len);
		break;
	case T_NUM:
		kind = CELL_NUMBER;
		/* FALLTHROUGH */
	default:
		buf_put(v, sp->val.ptr, sp->val.len);
		break;
	}
	if (sp->over) {
		if (v->len > 0)
			too_wide(sp);
		return;
	}
	free(sp->cells[sp->col]);
	sp->cells[sp->col] = NULL;
	if (v->len == 0)
		return;
	if (v->len > XLSX_MAX_TEXT - c->text) {
		xlsx_too_big(c);
		return;
	}
	c->text += v->len;
	sp->cells[sp->col] = xstrndup(v->ptr, v->len);
	sp->kinds[sp->col] = kind;
	if (sp->col >= sp->width)
		sp->width = sp->col + 1;
}

/*
 * The expat handlers of a worksheet part; ud is a struct sheetp.  Rows go
 * into sp->t as they end; problems go to sp->c (xlsx_fail).
 */
void XMLCALL
xlsx_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheetp	*sp = ud;
	const char	*ln = xlsx_local(name);

	if (sp->c->failed)
		return;
	sp->depth++;
	if (sp->cdepth) {
		if (strcmp(ln, "v") == 0)
			sp->inv = 1;
		else if (strcmp(ln, "is") == 0)
			sp->inis = 1;
		else if (sp->inis && strcmp(ln, "rPh") == 0)
			sp->rph++;
		else if (sp->inis && sp->rph == 0 && strcmp(ln, "t") == 0)
			sp->int_ = 1;
	} else if (sp->rowdepth) {
		if (strcmp(ln, "c") == 0)
			cell_start(sp, atts);
	} else if (sp->sddepth) {
		if (strcmp(ln, "row") == 0)
			row_start(sp, atts);
	} else if (strcmp(ln, "sheetData") == 0)
		sp->sddepth = sp->depth;
}

/* See xlsx_sheet_start. */
void XMLCALL
xlsx_sheet_end(void *ud, const XML_Char *name)
{
	struct sheetp	*sp = ud;
	const char	*ln = xlsx_local(name);

	if (sp->c->failed)
		return;
	if (sp->cdepth) {
		if (sp->depth == sp->cdepth)
			cell_end(sp);
		else if (strcmp(ln, "v") == 0)
			sp->inv = 0;
		else if (strcmp(ln, "is") == 0)
			sp->inis = 0;
		else if (strcmp(ln, "rPh") == 0 && sp->rph > 0)
			sp->rph--;
		else if (strcmp(ln, "t") == 0)
			sp->int_ = 0;
	} else if (sp->rowdepth) {
		if (sp->depth == sp->rowdepth)
			row_end(sp);
	} else if (sp->sddepth == sp->depth)
		sp->sddepth = 0;
	sp->depth--;
}

/* See xlsx_sheet_start. */
void XMLCALL
xlsx_sheet_text(void *ud, const XML_Char *s, int len)
{
	struct sheetp	*sp = ud;

	/* some writers put an inline string in <v> */
	if (sp->cdepth && !sp->c->failed &&
	    (sp->inv || (sp->type == T_INLINE && sp->int_)))
		buf_put(&sp->val, s, (size_t)len);
}

