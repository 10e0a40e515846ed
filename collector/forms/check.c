/*
 * check: a table against a form (see check.h): its header, its rows, the
 * form's rules across a row, the messages in order.  The cells are
 * checked in check_cell.c.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/utext.h"
#include "lib/util.h"
#include "forms/check.h"
#include "forms/check_impl.h"
#include "forms/form.h"
#include "forms/table.h"
#include "forms/value.h"

#define VALUE_SHOWN	40		/* characters of a cell in a message */

static const char MSG_REQUIRED[] = "必须填写";

/*
 * Appends the cell text s as messages show it: trimmed, line breaks and
 * other control characters as spaces, cut to VALUE_SHOWN characters with
 * "…".  Returns whether anything was appended.
 */
static int
put_shown(struct buf *b, const char *s)
{
	const char *p, *e, *q;
	size_t	 n = strlen(s), k = 0;
	uint32_t c;

	p = utext_trim(s, &n);
	e = p + n;
	while (p < e) {
		if (k++ == VALUE_SHOWN) {
			buf_puts(b, "…");
			break;
		}
		q = p;
		c = utext_next(&p, e);
		if (c == '\r' && p < e && *p == '\n')
			p++;
		if (c < 0x20 || c == 0x7f)
			buf_putc(b, ' ');
		else if (c == 0xfffd && p - q == 1)
			buf_puts(b, "\xef\xbf\xbd");
		else
			buf_put(b, q, (size_t)(p - q));
	}
	return n > 0;
}

/* Appends "（VALUE）" for the cell text s; nothing when it is empty. */
static void
put_value(struct buf *b, const char *s)
{
	size_t	 n = b->len;

	buf_puts(b, "（");
	if (!put_shown(b, s))
		buf_truncate(b, n);
	else
		buf_puts(b, "）");
}

/* Records a problem of the current row (see check_impl.h). */
void
check_report(struct check_run *r, int line, size_t col, int fi,
    const char *value, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	char	 name[8];
	va_list	 ap;

	assert(fi < 0 || (size_t)fi < r->f->nfields);
	buf_printf(&b, "%s:%d", r->path, line);
	if (col != CHECK_NOCOL) {
		table_column_name(name, col);
		buf_printf(&b, ":%s", name);
	}
	if (fi >= 0)
		buf_printf(&b, "(%s)", r->f->fields[fi].label);
	buf_puts(&b, ": ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (value != NULL)
		put_value(&b, value);
	buf_putc(&b, '\n');
	if (r->np == r->capp) {
		r->capp = r->capp ? r->capp * 2 : 8;
		r->p = xreallocarray(r->p, r->capp, sizeof(*r->p));
	}
	r->p[r->np].col = col;
	r->p[r->np].text = buf_detach(&b);
	r->np++;
	r->n++;
}

/* Writes the problems of one row in column order (stable). */
static void
flush(struct check_run *r, struct buf *out)
{
	struct check_problem p;
	size_t	 i, j;

	for (i = 1; i < r->np; i++) {
		p = r->p[i];
		for (j = i; j > 0 && r->p[j - 1].col > p.col; j--)
			r->p[j] = r->p[j - 1];
		r->p[j] = p;
	}
	for (i = 0; i < r->np; i++) {
		buf_puts(out, r->p[i].text);
		free(r->p[i].text);
	}
	r->np = 0;
}

/* The folded header cell: no trailing "*" (the template's required mark). */
static void
header_key(struct buf *b, const char *s)
{
	size_t	 n = strlen(s);

	buf_clear(b);
	s = utext_trim(s, &n);
	if (n >= 1 && s[n - 1] == '*')
		n--;
	else if (n >= 3 && memcmp(s + n - 3, "＊", 3) == 0)
		n -= 3;
	utext_fold(b, s, n);
}

/* Maps the header's columns to fields; reports header problems. */
static void
map_header(struct check_run *r, struct buf *out)
{
	const struct form *f = r->f;
	const struct table *t = r->t;
	struct buf key = BUF_INIT;
	char	 name[8];
	size_t	 c, i;
	int	 fi;

	for (c = 0; c < t->ncols; c++) {
		header_key(&key, t->header[c].s);
		if (key.len == 0) {
			for (i = 0; i < t->nrows; i++)
				if (!utext_blank(t->rows[i][c].s,
				    strlen(t->rows[i][c].s)))
					break;
			if (i < t->nrows)
				check_report(r, t->header_line, c, -1, NULL,
				    "这一列有内容但没有列名：请使用本表的模板"
				    "（shouhu-collect template %s）", f->id);
			continue;
		}
		for (fi = 0; (size_t)fi < f->nfields; fi++)
			if (strcmp(key.ptr, r->keys[2 * fi]) == 0 ||
			    strcmp(key.ptr, r->keys[2 * fi + 1]) == 0)
				break;
		if ((size_t)fi == f->nfields) {
			buf_clear(&key);
			put_shown(&key, t->header[c].s);
			check_report(r, t->header_line, c, -1, NULL,
			    "不认识的列“%s”：请使用本表的模板（shouhu-collect "
			    "template %s）", key.ptr, f->id);
		} else if (r->col[fi] >= 0) {
			table_column_name(name, (size_t)r->col[fi]);
			check_report(r, t->header_line, c, fi, NULL, "这一列重复了："
			    "%s 列已经是这一列，请删掉多余的一列", name);
		} else
			r->col[fi] = (long)c;
	}
	for (i = 0; i < f->nfields; i++)
		if (r->col[i] < 0 && f->fields[i].required)
			check_report(r, t->header_line, CHECK_NOCOL, -1, NULL,
			    "缺少必填列“%s”：请使用本表的模板",
			    f->fields[i].label);
	flush(r, out);
	buf_free(&key);
}

/* Where a rule's problem about field fi goes: its column, if it has one. */
static size_t
col_of(struct check_run *r, size_t fi)
{
	assert(fi < r->f->nfields);
	return r->col[fi] >= 0 ? (size_t)r->col[fi] : CHECK_NOCOL;
}

/*
 * Checks the sum rule ru on one row of values vals: the total ru->fields[0]
 * against the sum of the others, when the total and every part that is
 * filled in are valid.
 */
static void
check_sum(struct check_run *r, int line, const struct rule *ru, char **vals)
{
	const struct form *f = r->f;
	const enum check_state *state = r->state;
	struct buf b = BUF_INIT;
	size_t	 k, a = ru->fields[0], c;
	int64_t	 sum = 0;
	int	 ok = 1;

	if (state[a] != CHECK_VALID)
		return;
	for (k = 1; k < ru->nfields; k++) {
		c = ru->fields[k];
		if (state[c] == CHECK_BAD)
			ok = 0;
		else if (state[c] == CHECK_VALID &&
		    __builtin_add_overflow(sum, value_cents(vals[c]), &sum))
			ok = 0;
		buf_printf(&b, "%s%s", k > 1 ? " + " : "", f->fields[c].label);
	}
	if (ok && value_cents(vals[a]) != sum) {
		buf_printf(&b, "（%s 对 ", vals[a]);
		value_put_cents(&b, sum);
		check_report(r, line, col_of(r, a), (int)a, NULL,
		    "%s 应当等于 %s）", f->fields[a].label, b.ptr);
	}
	buf_free(&b);
}

/*
 * Checks the rules of the form on one row of values vals, r->state
 * saying which are valid: a rule is only checked when the cells it
 * compares are valid.
 */
static void
check_rules(struct check_run *r, int line, char **vals)
{
	const struct form *f = r->f;
	const enum check_state *state = r->state;
	const struct rule *ru;
	size_t	 i, a, c;

	for (i = 0; i < f->nrules; i++) {
		ru = &f->rules[i];
		assert(ru->nfields >= 1);
		a = ru->fields[0];
		c = ru->nfields > 1 ? ru->fields[1] : a;
		switch (ru->kind) {
		case RULE_LE:
		case RULE_AFTER:
			/* a number not above c, a date not before it */
			if (state[a] != CHECK_VALID ||
			    state[c] != CHECK_VALID)
				break;
			if (ru->kind == RULE_LE ?
			    value_cents(vals[a]) > value_cents(vals[c]) :
			    strcmp(vals[a], vals[c]) < 0)
				check_report(r, line, col_of(r, a), (int)a,
				    NULL, "%s 不能%s %s（%s 对 %s）",
				    f->fields[a].label, ru->kind == RULE_LE ?
				    "大于" : "早于", f->fields[c].label,
				    vals[a], vals[c]);
			break;
		case RULE_SUM:
			check_sum(r, line, ru, vals);
			break;
		case RULE_REQUIRED_IF:
			if (state[a] != CHECK_EMPTY ||
			    state[c] != CHECK_VALID ||
			    strcmp(vals[c], ru->value) != 0)
				break;
			check_report(r, line, col_of(r, a), (int)a, NULL,
			    "%s 是“%s”时必须填写", f->fields[c].label,
			    ru->value);
			break;
		}
	}
}

/*
 * Sets r up to check table t (read from the file path; date1904: its
 * serial dates count from 1904) against form f: no column mapped yet, the
 * folded name and label of every field to map the header with.  The
 * caller frees it with run_free.
 */
static void
run_init(struct check_run *r, const struct form *f, const char *path,
    const struct table *t, int date1904)
{
	const struct field *fd;
	size_t	 fi;

	*r = (struct check_run){ .f = f, .path = path, .t = t,
	    .date1904 = date1904, .tmp = BUF_INIT };
	r->col = xcalloc(f->nfields, sizeof(*r->col));
	r->keys = xcalloc(2 * f->nfields, sizeof(*r->keys));
	r->state = xcalloc(f->nfields, sizeof(*r->state));
	for (fi = 0; fi < f->nfields; fi++) {
		fd = &f->fields[fi];
		r->col[fi] = -1;
		utext_fold(&r->tmp, fd->name, strlen(fd->name));
		r->keys[2 * fi] = buf_detach(&r->tmp);
		utext_fold(&r->tmp, fd->label, strlen(fd->label));
		r->keys[2 * fi + 1] = buf_detach(&r->tmp);
	}
}

/* Frees what r holds (its problems flushed). */
static void
run_free(struct check_run *r)
{
	size_t	 i;

	assert(r->np == 0);
	for (i = 0; i < 2 * r->f->nfields; i++)
		free(r->keys[i]);
	free(r->keys);
	free(r->col);
	free(r->state);
	free(r->p);
	buf_free(&r->tmp);
}

size_t
check_header_fields(const struct form *f, const struct table *t)
{
	struct check_run r;
	struct buf key = BUF_INIT;
	size_t	 c, fi, n = 0;

	if (t->header == NULL)
		return 0;
	run_init(&r, f, "", t, 0);
	for (c = 0; c < t->ncols; c++) {
		header_key(&key, t->header[c].s);
		for (fi = 0; fi < f->nfields && key.len > 0; fi++)
			if (r.col[fi] < 0 && (strcmp(key.ptr, r.keys[2 * fi]) ==
			    0 || strcmp(key.ptr, r.keys[2 * fi + 1]) == 0)) {
				r.col[fi] = (long)c;
				n++;
				break;
			}
	}
	run_free(&r);
	buf_free(&key);
	return n;
}

/* Frees the n values of a row and the row. */
static void
free_row(char **vals, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(vals[i]);
	free(vals);
}

/* Whether row i of t is entirely blank. */
static int
row_blank(const struct table *t, size_t i)
{
	size_t	 c;

	for (c = 0; c < t->ncols; c++)
		if (!utext_blank(t->rows[i][c].s, strlen(t->rows[i][c].s)))
			return 0;
	return 1;
}

/*
 * Checks row i of the table of r (not blank): the cell of every field
 * with a column, the required fields, then the form's rules; the problems
 * wait in r for flush.  Returns the row's normalised values, one a field
 * ("" for a field without a column or an empty cell, the cell trimmed for
 * one with a problem); the caller frees them with free_row.
 */
static char **
check_row(struct check_run *r, size_t i, struct buf *norm)
{
	const struct form *f = r->f;
	const struct cell *cell;
	const char *v;
	char	**vals;
	size_t	 fi, c, n;
	int	 line = r->t->lines[i];
	enum check_state *state = r->state;

	assert(i < r->t->nrows);
	vals = xcalloc(f->nfields, sizeof(*vals));
	for (fi = 0; fi < f->nfields; fi++) {
		state[fi] = CHECK_EMPTY;
		buf_clear(norm);
		if (r->col[fi] < 0) {
			vals[fi] = xstrdup("");
			continue;
		}
		c = (size_t)r->col[fi];
		cell = &r->t->rows[i][c];
		n = strlen(cell->s);
		v = utext_trim(cell->s, &n);
		if (n > 0) {
			state[fi] = check_cell(r, line, c, (int)fi, cell, v, n,
			    norm) ? CHECK_VALID : CHECK_BAD;
			if (state[fi] == CHECK_BAD)
				buf_set(norm, v, n);
		}
		/* a list of nothing but numbering is empty */
		if (state[fi] == CHECK_VALID && norm->len == 0)
			state[fi] = CHECK_EMPTY;
		if (state[fi] == CHECK_EMPTY && f->fields[fi].required)
			check_report(r, line, c, (int)fi, NULL, "%s",
			    MSG_REQUIRED);
		vals[fi] = xstrndup(norm->ptr, norm->len);
	}
	check_rules(r, line, vals);
	return vals;
}

/* Checks every row of table t against form f (see check.h). */
size_t
check_table(const struct form *f, const char *path, const struct table *t,
    int date1904, struct checked *checked, struct buf *out)
{
	struct check_run r;
	struct buf norm = BUF_INIT;
	char	**vals;
	size_t	 i, n, cap = 0;

	assert(f != NULL && path != NULL && t != NULL && out != NULL);
	if (checked != NULL) {
		memset(checked, 0, sizeof(*checked));
		checked->nfields = f->nfields;
	}
	if (t->header == NULL || t->ncols == 0)
		return 0;

	run_init(&r, f, path, t, date1904);
	map_header(&r, out);
	for (i = 0; i < t->nrows; i++) {
		if (row_blank(t, i))
			continue;
		vals = check_row(&r, i, &norm);
		flush(&r, out);
		if (checked == NULL) {
			free_row(vals, f->nfields);
			continue;
		}
		if (checked->nrows == cap) {
			cap = cap ? cap * 2 : 16;
			checked->rows = xreallocarray(checked->rows, cap,
			    sizeof(*checked->rows));
		}
		checked->rows[checked->nrows++] = vals;
	}
	n = r.n;
	run_free(&r);
	buf_free(&norm);
	return n;
}

/* Frees the normalised rows of *c and leaves it empty. */
void
checked_free(struct checked *c)
{
	size_t	 i;

	for (i = 0; i < c->nrows; i++)
		free_row(c->rows[i], c->nfields);
	free(c->rows);
	memset(c, 0, sizeof(*c));
}
