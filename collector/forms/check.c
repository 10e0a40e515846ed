#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "lib/utf8.h"
#include "forms/check.h"
#include "lib/utext.h"
#include "forms/value.h"
#include "forms/form.h"
#include "lib/period.h"
#include "forms/table.h"
#include "lib/util.h"

#define NOCOL		SIZE_MAX	/* a problem with no cell: sorts last */
#define VALUE_SHOWN	40		/* characters of a cell in a message */
#define CHOICES_SHOWN	8

static const char MSG_REQUIRED[] = "必须填写";
static const char MSG_INT[] = "应当是整数，如 3";
static const char MSG_NEGATIVE[] = "不能是负数";
static const char MSG_DECIMAL[] = "应当是数字，如 1200.50";
static const char MSG_DATE[] = "日期格式不对，应写成 2022-05-09";
static const char MSG_NODAY[] = "没有这一天";
static const char MSG_LOST[] = "这一格被 Excel 存成了数字（%s），后几位已经"
    "丢失：请把这一列设成“文本”格式后重新输入";
static const char MSG_ZERO[] = "这一格被 Excel 存成了数字（%s），开头的 0 已经"
    "丢失：请把这一列设成“文本”格式后重新输入";
static const char MSG_PHONE[] = "电话号码不对：手机号是 11 位数字（如 "
    "13812345678），座机要带区号（如 0537-1234567）";

struct problem {
	size_t	 col;
	char	*text;
};

/* One run of check_table. */
struct run {
	const struct form  *f;
	const char	   *path;
	const struct table *t;
	int		    date1904;
	size_t		    n;		/* problems reported */
	long		   *col;	/* field -> column, or -1 */
	char		  **keys;	/* field -> folded name and label */
	struct problem	   *p;		/* problems of the current row */
	size_t		    np, capp;
	struct buf	    tmp;
};

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

/*
 * Records a problem: "PATH:LINE[:COL][(LABEL)]: MESSAGE[（VALUE）]".
 * col is NOCOL for none, fi -1 for no field, value NULL for none.
 */
static void
report(struct run *r, int line, size_t col, int fi, const char *value,
    const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	char	 name[8];
	va_list	 ap;

	buf_printf(&b, "%s:%d", r->path, line);
	if (col != NOCOL) {
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
flush(struct run *r, struct buf *out)
{
	struct problem p;
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

/*
 * Returns the index of the choice of fd that s[0..n) names: exactly, or
 * else the only one it matches loosely (full-width forms, white space,
 * case); -1 if none.
 */
static int
match_choice(const struct field *fd, const char *s, size_t n, struct buf *tmp)
{
	size_t	 i, key;
	int	 found = -1;

	for (i = 0; i < fd->nchoices; i++)
		if (strlen(fd->choices[i]) == n &&
		    memcmp(fd->choices[i], s, n) == 0)
			return (int)i;
	buf_clear(tmp);
	utext_fold(tmp, s, n);
	key = tmp->len;
	for (i = 0; i < fd->nchoices; i++) {
		buf_truncate(tmp, key);
		utext_fold(tmp, fd->choices[i], strlen(fd->choices[i]));
		if (tmp->len - key == key &&
		    memcmp(tmp->ptr, tmp->ptr + key, key) == 0) {
			if (found >= 0)
				return -1;
			found = (int)i;
		}
	}
	return found;
}

/* "（可选：X、Y、Z）" with at most CHOICES_SHOWN choices, then "等". */
static const char *
choices_text(struct buf *b, const struct field *fd)
{
	size_t	 i;

	buf_clear(b);
	buf_puts(b, "（可选：");
	for (i = 0; i < fd->nchoices && i < CHOICES_SHOWN; i++) {
		if (i > 0)
			buf_puts(b, "、");
		buf_puts(b, fd->choices[i]);
	}
	if (fd->nchoices > CHOICES_SHOWN)
		buf_puts(b, "等");
	buf_puts(b, "）");
	return b->ptr;
}

/*
 * Checks a list cell: lines trimmed, numbering removed, empty lines
 * dropped, each line one of the choices if there are any.  Writes the
 * lines joined by "\n" to norm.  Returns 1, or 0 after reporting.
 */
static int
check_list(struct run *r, int line, size_t col, int fi, const char *s,
    struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	struct buf b = BUF_INIT;
	const char *p = s, *e = s + strlen(s), *l;
	size_t	 n, k, item = 0, total = 0;
	int	 c, ok = 1;

	buf_clear(norm);
	while (p < e && ok) {
		l = p;
		while (p < e && *p != '\n' && *p != '\r')
			p++;
		n = (size_t)(p - l);
		if (p < e && *p == '\r' && p + 1 < e && p[1] == '\n')
			p++;
		if (p < e)
			p++;
		l = utext_trim(l, &n);
		k = value_list_numbering(l, n);
		l += k;
		n -= k;
		l = utext_trim(l, &n);
		if (n == 0)
			continue;
		item++;
		if (fd->nchoices > 0) {
			if ((c = match_choice(fd, l, n, &r->tmp)) < 0) {
				report(r, line, col, fi, s, "第 %zu 条“%.*s”"
				    "不是可选的值：请从下拉列表中选择%s", item,
				    (int)n, l, choices_text(&b, fd));
				ok = 0;
				break;
			}
			l = fd->choices[c];
			n = strlen(l);
		}
		if (norm->len > 0)
			buf_putc(norm, '\n');
		buf_put(norm, l, n);
		total += utf8_chars(l, n);
	}
	if (ok && fd->max > 0 && total > (size_t)fd->max) {
		report(r, line, col, fi, s, "太长了：最多 %zu 个字，现在 %zu 个字",
		    (size_t)fd->max, total);
		ok = 0;
	}
	buf_free(&b);
	return ok;
}

/* Checks a number cell of an int or decimal field. */
static int
check_number(struct run *r, int line, size_t col, int fi, const char *s,
    const char *v, size_t n, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	char	 num[64];
	double	 d;
	int	 neg, rc, isint = fd->type == FT_INT;
	const char *bad = isint ? MSG_INT : MSG_DECIMAL;

	/* an int is read to 9 places so that 3.5 is caught, not rounded */
	rc = value_parse_number(v, n, isint ? 9 : 2, norm, &neg);
	if (rc == NUM_BAD || (rc == NUM_OK && isint &&
	    strchr(norm->ptr, '.') != NULL)) {
		report(r, line, col, fi, s, "%s", bad);
		return 0;
	}
	if (rc == NUM_BIG) {
		if (neg && fd->min >= 0)
			report(r, line, col, fi, s, "%s", MSG_NEGATIVE);
		else if (neg)
			report(r, line, col, fi, s, "不能小于 %s",
			    value_fmt_num(num, sizeof(num), fd->min));
		else
			report(r, line, col, fi, s, "不能大于 %s", fd->max > 0 ?
			    value_fmt_num(num, sizeof(num), fd->max) : NUM_LARGEST);
		return 0;
	}
	d = strtod(norm->ptr, NULL);
	if (d < fd->min) {
		if (fd->min == 0)
			report(r, line, col, fi, s, "%s", MSG_NEGATIVE);
		else
			report(r, line, col, fi, s, "不能小于 %s",
			    value_fmt_num(num, sizeof(num), fd->min));
		return 0;
	}
	if (fd->max > 0 && d > fd->max) {
		report(r, line, col, fi, s, "不能大于 %s",
		    value_fmt_num(num, sizeof(num), fd->max));
		return 0;
	}
	return 1;
}

/*
 * Checks a text cell with a check (phone, idcard, uscc) in norm; kind is
 * the cell's.  Returns 1, or 0 after reporting.
 */
static int
check_code(struct run *r, int line, size_t col, int fi, const char *s,
    enum cell_kind kind, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	size_t	 bad = 0;
	int	 rc;

	switch (fd->check) {
	case FC_PHONE:
		if (value_phone_norm(norm->ptr, &r->tmp)) {
			buf_set(norm, r->tmp.ptr, r->tmp.len);
			return 1;
		}
		/* 05371234567 typed in a number cell is 5371234567 */
		buf_set(&r->tmp, "0", 1);
		buf_puts(&r->tmp, norm->ptr);
		if (kind == CELL_NUMBER && check_phone(r->tmp.ptr))
			report(r, line, col, fi, NULL, MSG_ZERO, norm->ptr);
		else
			report(r, line, col, fi, s, "%s", MSG_PHONE);
		return 0;
	case FC_IDCARD:
		value_code_norm(&r->tmp, norm->ptr);
		rc = value_idcard_problem(r->tmp.ptr);
		if (rc == CODE_LEN)
			report(r, line, col, fi, s, "身份证号不对：应当是 18 位，"
			    "现在是 %zu 位", utf8_chars(r->tmp.ptr, r->tmp.len));
		else if (rc == CODE_CHAR)
			report(r, line, col, fi, s, "身份证号不对：前 17 位应当"
			    "是数字，最后一位是数字或 X");
		else if (rc == CODE_BIRTH)
			report(r, line, col, fi, s, "身份证号不对：出生日期 "
			    "%.8s 不存在", r->tmp.ptr + 6);
		else if (rc == CODE_CHECK)
			report(r, line, col, fi, s, "身份证号不对：最后一位校验"
			    "码不对，请逐位核对");
		break;
	case FC_USCC:
		value_code_norm(&r->tmp, norm->ptr);
		rc = value_uscc_problem(r->tmp.ptr, &bad);
		if (rc == CODE_LEN)
			report(r, line, col, fi, s, "统一社会信用代码不对：应当"
			    "是 18 位，现在是 %zu 位", utf8_chars(r->tmp.ptr,
			    r->tmp.len));
		else if (rc == CODE_CHAR) {
			const char *p = r->tmp.ptr + bad, *q = p;

			utext_next(&q, r->tmp.ptr + r->tmp.len);
			report(r, line, col, fi, s, "统一社会信用代码不对：第 "
			    "%zu 位“%.*s”不能用（只能是数字和除 I、O、S、V、Z "
			    "以外的大写字母）", bad + 1, (int)(q - p), p);
		} else if (rc == CODE_CHECK)
			report(r, line, col, fi, s, "统一社会信用代码不对：最后"
			    "一位校验码不对，请逐位核对");
		break;
	default:
		return 1;
	}
	if (rc != CODE_OK)
		return 0;
	buf_set(norm, r->tmp.ptr, r->tmp.len);
	return 1;
}

/*
 * Checks the non-empty cell c of field fi (trimmed: v[0..n)) and writes
 * its normalised value to norm.  Returns 1, or 0 after reporting.
 */
static int
check_cell(struct run *r, int line, size_t col, int fi, const struct cell *c,
    const char *v, size_t n, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	struct buf b = BUF_INIT;
	const char *p;
	int64_t	 day;
	int	 rc;

	buf_set(norm, v, n);
	if (fd->type == FT_TEXT || fd->type == FT_LIST || fd->type == FT_CHOICE) {
		/*
		 * A number cell reads as the digits Excel shows (13812345678,
		 * not 1.3812345678E10).  One of more than 15 digits, or text
		 * in E notation (from a CSV saved by Excel), has lost its last
		 * digits: refused, except in a choice (which says what it
		 * allows).
		 */
		rc = c->kind == CELL_NUMBER ? value_sheet_number(v, n, &b) :
		    NUM_BAD;
		if (rc == NUM_OK)
			buf_set(norm, b.ptr, b.len);
		if (fd->type != FT_CHOICE && (rc == NUM_BIG ||
		    value_e_notation(norm->ptr, norm->len))) {
			report(r, line, col, fi, NULL, MSG_LOST, rc == NUM_BIG ?
			    b.ptr : norm->ptr);
			buf_free(&b);
			return 0;
		}
	}
	buf_free(&b);

	switch (fd->type) {
	case FT_TEXT:
		/* one kind of line break inside */
		buf_clear(&r->tmp);
		for (p = norm->ptr; *p != '\0'; p++)
			if (*p != '\r')
				buf_putc(&r->tmp, *p);
			else if (p[1] != '\n')
				buf_putc(&r->tmp, '\n');
		buf_set(norm, r->tmp.ptr, r->tmp.len);
		if (!check_code(r, line, col, fi, c->s, c->kind, norm))
			return 0;
		if (fd->max > 0 && utf8_chars(norm->ptr, norm->len) > fd->max) {
			report(r, line, col, fi, c->s, "太长了：最多 %zu 个字，"
			    "现在 %zu 个字", (size_t)fd->max,
			    utf8_chars(norm->ptr, norm->len));
			return 0;
		}
		return 1;
	case FT_INT:
	case FT_DECIMAL:
		return check_number(r, line, col, fi, c->s, v, n, norm);
	case FT_DATE:
		if (c->kind == CELL_NUMBER)
			rc = value_parse_serial(norm->ptr, r->date1904, &day);
		else
			rc = value_parse_date(v, n, &day);
		if (rc != DATE_OK) {
			report(r, line, col, fi, c->s, "%s", rc == DATE_NODAY ?
			    MSG_NODAY : MSG_DATE);
			return 0;
		}
		buf_clear(norm);
		date_format(norm, "%F", day * 86400, 0);
		return 1;
	case FT_CHOICE:
		if ((rc = match_choice(fd, norm->ptr, norm->len, &r->tmp)) < 0) {
			report(r, line, col, fi, c->s, "不是可选的值：请从下拉"
			    "列表中选择%s", choices_text(&b, fd));
			buf_free(&b);
			return 0;
		}
		buf_set(norm, fd->choices[rc], strlen(fd->choices[rc]));
		return 1;
	case FT_LIST:
		/* the cell as read: a number cell's digits */
		buf_set(&b, norm->ptr, norm->len);
		rc = check_list(r, line, col, fi, b.ptr, norm);
		buf_free(&b);
		return rc;
	}
	return 1;
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
map_header(struct run *r, struct buf *out)
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
				report(r, t->header_line, c, -1, NULL, "这一列有"
				    "内容但没有列名：请使用本表的模板"
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
			report(r, t->header_line, c, -1, NULL, "不认识的列“%s”："
			    "请使用本表的模板（shouhu-collect template %s）",
			    key.ptr, f->id);
		} else if (r->col[fi] >= 0) {
			table_column_name(name, (size_t)r->col[fi]);
			report(r, t->header_line, c, fi, NULL, "这一列重复了："
			    "%s 列已经是这一列，请删掉多余的一列", name);
		} else
			r->col[fi] = (long)c;
	}
	for (i = 0; i < f->nfields; i++)
		if (r->col[i] < 0 && f->fields[i].required)
			report(r, t->header_line, NOCOL, -1, NULL, "缺少必填列"
			    "“%s”：请使用本表的模板", f->fields[i].label);
	flush(r, out);
	buf_free(&key);
}

/* Where a rule's problem about field fi goes: its column, if it has one. */
static size_t
col_of(struct run *r, size_t fi)
{
	return r->col[fi] >= 0 ? (size_t)r->col[fi] : NOCOL;
}

/*
 * Checks the rules of the form on one row.  state[fi] is 1 for a valid
 * value, 0 for an empty cell, -1 for a cell with a problem; a rule is only
 * checked when the cells it compares are valid.
 */
static void
check_rules(struct run *r, int line, char **vals, const int *state)
{
	const struct form *f = r->f;
	const struct rule *ru;
	struct buf b = BUF_INIT;
	size_t	 i, k, a, c;
	int64_t	 x, sum;
	int	 ok;

	for (i = 0; i < f->nrules; i++) {
		ru = &f->rules[i];
		a = ru->fields[0];
		c = ru->nfields > 1 ? ru->fields[1] : a;
		switch (ru->kind) {
		case RULE_LE:
			if (state[a] != 1 || state[c] != 1)
				break;
			if (value_cents(vals[a]) > value_cents(vals[c]))
				report(r, line, col_of(r, a), (int)a, NULL,
				    "%s 不能大于 %s（%s 对 %s）",
				    f->fields[a].label, f->fields[c].label,
				    vals[a], vals[c]);
			break;
		case RULE_AFTER:
			if (state[a] != 1 || state[c] != 1)
				break;
			if (strcmp(vals[a], vals[c]) < 0)
				report(r, line, col_of(r, a), (int)a, NULL,
				    "%s 不能早于 %s（%s 对 %s）",
				    f->fields[a].label, f->fields[c].label,
				    vals[a], vals[c]);
			break;
		case RULE_SUM:
			if (state[a] != 1)
				break;
			ok = 1;
			sum = 0;
			buf_clear(&b);
			for (k = 1; k < ru->nfields; k++) {
				c = ru->fields[k];
				if (state[c] < 0)
					ok = 0;
				else if (state[c] == 1 &&
				    __builtin_add_overflow(sum, value_cents(vals[c]),
				    &sum))
					ok = 0;
				buf_printf(&b, "%s%s", k > 1 ? " + " : "",
				    f->fields[c].label);
			}
			x = value_cents(vals[a]);
			if (ok && x != sum) {
				buf_printf(&b, "（%s 对 ", vals[a]);
				value_put_cents(&b, sum);
				report(r, line, col_of(r, a), (int)a, NULL,
				    "%s 应当等于 %s）", f->fields[a].label,
				    b.ptr);
			}
			break;
		case RULE_REQUIRED_IF:
			if (state[a] != 0 || state[c] != 1 ||
			    strcmp(vals[c], ru->value) != 0)
				break;
			report(r, line, col_of(r, a), (int)a, NULL,
			    "%s 是“%s”时必须填写", f->fields[c].label,
			    ru->value);
			break;
		}
	}
	buf_free(&b);
}

/*
 * Checks every row of table t (read from the file path; date1904: its
 * serial dates count from 1904) against form f.  Appends one line per
 * problem to out, "PATH:ROW:COL(LABEL): MESSAGE（VALUE）\n", header
 * problems first, then rows in order and each row's problems in column
 * order.  Rows that are entirely blank are skipped; a table with no rows
 * (or no header at all: an empty file) has no problems.  If checked is
 * not NULL it receives the normalised values of every non-blank row, valid
 * or not (the caller refuses to pack when there are problems), and must be
 * freed with checked_free.  Returns the number of problems.
 */
size_t
check_table(const struct form *f, const char *path, const struct table *t,
    int date1904, struct checked *checked, struct buf *out)
{
	struct run r;
	struct buf norm = BUF_INIT;
	const struct cell *cell;
	const char *v;
	char	**vals = NULL;
	int	*state = NULL;
	size_t	 i, fi, c, n, cap = 0;
	int	 line;

	memset(&r, 0, sizeof(r));
	r.f = f;
	r.path = path;
	r.t = t;
	r.date1904 = date1904;
	buf_init(&r.tmp);
	if (checked != NULL) {
		memset(checked, 0, sizeof(*checked));
		checked->nfields = f->nfields;
	}
	if (t->header == NULL || t->ncols == 0)
		return 0;

	r.col = xcalloc(f->nfields, sizeof(*r.col));
	r.keys = xcalloc(2 * f->nfields, sizeof(*r.keys));
	for (fi = 0; fi < f->nfields; fi++) {
		r.col[fi] = -1;
		utext_fold(&norm, f->fields[fi].name, strlen(f->fields[fi].name));
		r.keys[2 * fi] = buf_detach(&norm);
		utext_fold(&norm, f->fields[fi].label, strlen(f->fields[fi].label));
		r.keys[2 * fi + 1] = buf_detach(&norm);
	}
	map_header(&r, out);

	state = xcalloc(f->nfields, sizeof(*state));
	for (i = 0; i < t->nrows; i++) {
		for (c = 0; c < t->ncols; c++)
			if (!utext_blank(t->rows[i][c].s, strlen(t->rows[i][c].s)))
				break;
		if (c == t->ncols)
			continue;
		line = t->lines[i];
		vals = xcalloc(f->nfields, sizeof(*vals));
		for (fi = 0; fi < f->nfields; fi++) {
			state[fi] = 0;
			buf_clear(&norm);
			if (r.col[fi] < 0) {
				vals[fi] = xstrdup("");
				continue;
			}
			c = (size_t)r.col[fi];
			cell = &t->rows[i][c];
			n = strlen(cell->s);
			v = utext_trim(cell->s, &n);
			if (n > 0) {
				state[fi] = check_cell(&r, line, c, (int)fi,
				    cell, v, n, &norm) ? 1 : -1;
				if (state[fi] < 0)
					buf_set(&norm, v, n);
			}
			/* a list of nothing but numbering is empty */
			if (state[fi] == 1 && norm.len == 0)
				state[fi] = 0;
			if (state[fi] == 0 && f->fields[fi].required)
				report(&r, line, c, (int)fi, NULL, "%s",
				    MSG_REQUIRED);
			vals[fi] = xstrndup(norm.ptr, norm.len);
		}
		check_rules(&r, line, vals, state);
		flush(&r, out);
		if (checked == NULL) {
			for (fi = 0; fi < f->nfields; fi++)
				free(vals[fi]);
			free(vals);
		} else {
			if (checked->nrows == cap) {
				cap = cap ? cap * 2 : 16;
				checked->rows = xreallocarray(checked->rows,
				    cap, sizeof(*checked->rows));
			}
			checked->rows[checked->nrows++] = vals;
		}
		vals = NULL;
	}

	for (fi = 0; fi < 2 * f->nfields; fi++)
		free(r.keys[fi]);
	free(r.keys);
	free(r.col);
	free(r.p);
	free(state);
	buf_free(&r.tmp);
	buf_free(&norm);
	return r.n;
}

/* Frees the normalised rows of *c and leaves it empty. */
void
checked_free(struct checked *c)
{
	size_t	 i, j;

	for (i = 0; i < c->nrows; i++) {
		for (j = 0; j < c->nfields; j++)
			free(c->rows[i][j]);
		free(c->rows[i]);
	}
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/*
 * Whether s is a phone number: a mobile number (11 digits, +86 allowed), a
 * landline with its area code (0537-1234567, 010-12345678), or a 400/800
 * number.  Full-width digits, spaces, "-" and parentheses are allowed.
 */
int
check_phone(const char *s)
{
	struct buf b = BUF_INIT, out = BUF_INIT;
	size_t	 n = strlen(s);
	int	 ok;

	s = utext_trim(s, &n);
	buf_put(&b, s, n);
	ok = value_phone_norm(b.ptr, &out);
	buf_free(&b);
	buf_free(&out);
	return ok;
}

/*
 * Whether s is a valid citizen ID number (GB 11643): 17 digits with a
 * birth date that exists, then the check character (x may be lower case).
 */
int
check_idcard(const char *s)
{
	struct buf b = BUF_INIT;
	int	 ok;

	value_code_norm(&b, s);
	ok = value_idcard_problem(b.ptr) == CODE_OK;
	buf_free(&b);
	return ok;
}

/*
 * Whether s is a valid unified social credit code (GB 32100): 18
 * characters from 0-9 and A-Y without I, O, S, V, Z, the last one the
 * check character.
 */
int
check_uscc(const char *s)
{
	struct buf b = BUF_INIT;
	size_t	 bad;
	int	 ok;

	value_code_norm(&b, s);
	ok = value_uscc_problem(b.ptr, &bad) == CODE_OK;
	buf_free(&b);
	return ok;
}

/*
 * Parses a date written 2022-05-09, 2022/5/9, 2022.5.9 or 2022年5月9日
 * (full-width digits too; a time after the first three is ignored) into
 * *day, days since 1970-01-01.  Returns 1, or 0 leaving *day alone if s is
 * not a date or names a day that does not exist.
 */
int
check_date(const char *s, int64_t *day)
{
	int64_t	 d;

	if (value_parse_date(s, strlen(s), &d) != DATE_OK)
		return 0;
	*day = d;
	return 1;
}
