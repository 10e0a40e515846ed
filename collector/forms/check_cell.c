/*
 * check_cell: the checks of one cell by its field's type and check, and
 * of single values (phone, ID-card and credit-code numbers, dates) for
 * other modules (see check.h).
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "lib/utext.h"
#include "lib/utf8.h"
#include "forms/check.h"
#include "forms/check_impl.h"
#include "forms/form.h"
#include "forms/table.h"
#include "forms/value.h"

#define CHOICES_SHOWN	8

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

/*
 * Returns the index of the choice of fd that s[0..n) names: exactly, or
 * else the only one it matches loosely (full-width forms, white space,
 * case); -1 if none.  tmp is scratch.
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

/*
 * Writes to b (cleared first) "（可选：X、Y、Z）" with at most
 * CHOICES_SHOWN choices of fd, then "等"; returns b->ptr.
 */
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
 * Checks a list cell s (not in r->tmp): lines trimmed, numbering removed,
 * empty lines dropped, each line one of the choices if there are any.
 * Writes the lines joined by "\n" to norm.  Returns 1, or 0 after
 * reporting.
 */
static int
check_list(struct check_run *r, int line, size_t col, int fi, const char *s,
    struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	const char *p = s, *e = s + strlen(s), *l;
	size_t	 n, k, item = 0, total = 0;
	int	 c;

	buf_clear(norm);
	while (p < e) {
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
				check_report(r, line, col, fi, s,
				    "第 %zu 条“%.*s”不是可选的值：请从下拉列表中"
				    "选择%s", item, (int)n, l,
				    choices_text(&r->tmp, fd));
				return 0;
			}
			l = fd->choices[c];
			n = strlen(l);
		}
		if (norm->len > 0)
			buf_putc(norm, '\n');
		buf_put(norm, l, n);
		total += utf8_chars(l, n);
	}
	if (fd->max > 0 && total > (size_t)fd->max) {
		check_report(r, line, col, fi, s, "太长了：最多 %zu 个字，现在 %zu "
		    "个字", (size_t)fd->max, total);
		return 0;
	}
	return 1;
}

/*
 * Checks the number v[0..n) (the cell text s) of an int or decimal field
 * against its type and limits; writes it to norm in canonical form.
 * Returns 1, or 0 after reporting.
 */
static int
check_number(struct check_run *r, int line, size_t col, int fi,
    const char *s, const char *v, size_t n, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	char	 num[VALUE_NUM_SIZE];
	double	 d;
	enum value_num rc;
	int	 neg, isint = fd->type == FT_INT;
	const char *bad = isint ? MSG_INT : MSG_DECIMAL;

	/* an int is read to 9 places so that 3.5 is caught, not rounded */
	rc = value_parse_number(v, n, isint ? 9 : 2, norm, &neg);
	if (rc == NUM_BAD || (rc == NUM_OK && isint &&
	    strchr(norm->ptr, '.') != NULL)) {
		check_report(r, line, col, fi, s, "%s", bad);
		return 0;
	}
	if (rc == NUM_BIG) {
		if (neg && fd->min >= 0)
			check_report(r, line, col, fi, s, "%s", MSG_NEGATIVE);
		else if (neg)
			check_report(r, line, col, fi, s, "不能小于 %s",
			    value_fmt_num(num, sizeof(num), fd->min));
		else
			check_report(r, line, col, fi, s, "不能大于 %s",
			    fd->max > 0 ? value_fmt_num(num, sizeof(num),
			    fd->max) : NUM_LARGEST);
		return 0;
	}
	d = strtod(norm->ptr, NULL);
	if (d < fd->min) {
		if (fd->min == 0)
			check_report(r, line, col, fi, s, "%s", MSG_NEGATIVE);
		else
			check_report(r, line, col, fi, s, "不能小于 %s",
			    value_fmt_num(num, sizeof(num), fd->min));
		return 0;
	}
	if (fd->max > 0 && d > fd->max) {
		check_report(r, line, col, fi, s, "不能大于 %s",
		    value_fmt_num(num, sizeof(num), fd->max));
		return 0;
	}
	return 1;
}

/*
 * Writes s to b as codes are compared (value_code_norm) and checks it as
 * check (FC_IDCARD or FC_USCC) says; *bad as value_uscc_problem sets it.
 */
static enum value_code
code_problem(struct buf *b, const char *s, enum field_check check,
    size_t *bad)
{
	assert(check == FC_IDCARD || check == FC_USCC);
	value_code_norm(b, s);
	return check == FC_IDCARD ? value_idcard_problem(b->ptr) :
	    value_uscc_problem(b->ptr, bad);
}

/*
 * Reports problem rc of the code in r->tmp (as code_problem wrote it) of
 * the cell text s, a code of kind check; bad is where a credit code has a
 * character it cannot have.
 */
static void
code_report(struct check_run *r, int line, size_t col, int fi, const char *s,
    enum field_check check, enum value_code rc, size_t bad)
{
	const char *what = check == FC_IDCARD ? "身份证号" : "统一社会信用代码";
	const char *p, *q;

	switch (rc) {
	case CODE_OK:
		break;
	case CODE_LEN:
		check_report(r, line, col, fi, s, "%s不对：应当是 18 位，现在是 "
		    "%zu 位", what, utf8_chars(r->tmp.ptr, r->tmp.len));
		break;
	case CODE_CHAR:
		if (check == FC_IDCARD) {
			check_report(r, line, col, fi, s, "身份证号不对：前 17 位"
			    "应当是数字，最后一位是数字或 X");
			break;
		}
		p = q = r->tmp.ptr + bad;
		utext_next(&q, r->tmp.ptr + r->tmp.len);
		check_report(r, line, col, fi, s, "统一社会信用代码不对：第 %zu "
		    "位“%.*s”不能用（只能是数字和除 I、O、S、V、Z 以外的大写"
		    "字母）", bad + 1, (int)(q - p), p);
		break;
	case CODE_BIRTH:
		check_report(r, line, col, fi, s, "身份证号不对：出生日期 %.8s "
		    "不存在", r->tmp.ptr + 6);
		break;
	case CODE_CHECK:
		check_report(r, line, col, fi, s, "%s不对：最后一位校验码不对，"
		    "请逐位核对", what);
		break;
	}
}

/*
 * Checks a text cell with a check (phone, idcard, uscc) in norm, the
 * cell text s of kind kind, and writes the code in canonical form to
 * norm.  Returns 1, or 0 after reporting.
 */
static int
check_code(struct check_run *r, int line, size_t col, int fi, const char *s,
    enum cell_kind kind, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	enum value_code rc;
	size_t	 bad = 0;

	switch (fd->check) {
	case FC_NONE:
		return 1;
	case FC_PHONE:
		if (value_phone_norm(norm->ptr, &r->tmp)) {
			buf_set(norm, r->tmp.ptr, r->tmp.len);
			return 1;
		}
		/* 05371234567 typed in a number cell is 5371234567 */
		buf_set(&r->tmp, "0", 1);
		buf_puts(&r->tmp, norm->ptr);
		if (kind == CELL_NUMBER && check_phone(r->tmp.ptr))
			check_report(r, line, col, fi, NULL, MSG_ZERO,
			    norm->ptr);
		else
			check_report(r, line, col, fi, s, "%s", MSG_PHONE);
		return 0;
	case FC_IDCARD:
	case FC_USCC:
		break;
	}
	if ((rc = code_problem(&r->tmp, norm->ptr, fd->check, &bad)) !=
	    CODE_OK) {
		code_report(r, line, col, fi, s, fd->check, rc, bad);
		return 0;
	}
	buf_set(norm, r->tmp.ptr, r->tmp.len);
	return 1;
}

/*
 * Checks the digits of a number cell c (trimmed: v[0..n)) in a text, list
 * or choice field and writes them to norm as the spreadsheet shows them
 * (13812345678, not 1.3812345678E10).  A number of more than SHEET_DIGITS
 * digits, or text in E notation (from a CSV saved by Excel), has lost its
 * last digits: refused, except in a choice field (whose message says what
 * it allows).  Returns 1, or 0 after reporting.
 */
static int
sheet_digits(struct check_run *r, int line, size_t col, int fi,
    const struct cell *c, const char *v, size_t n, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	struct buf b = BUF_INIT;
	enum value_num rc;
	int	 ok = 1;

	rc = c->kind == CELL_NUMBER ? value_sheet_number(v, n, &b) : NUM_BAD;
	if (rc == NUM_OK)
		buf_set(norm, b.ptr, b.len);
	if (fd->type != FT_CHOICE && (rc == NUM_BIG ||
	    value_e_notation(norm->ptr, norm->len))) {
		check_report(r, line, col, fi, NULL, MSG_LOST, rc == NUM_BIG ?
		    b.ptr : norm->ptr);
		ok = 0;
	}
	buf_free(&b);
	return ok;
}

/*
 * Checks the text in norm of the text cell c: one kind of line break, the
 * field's check, its length.  Returns 1, or 0 after reporting.
 */
static int
check_text(struct check_run *r, int line, size_t col, int fi,
    const struct cell *c, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	const char *p;

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
		check_report(r, line, col, fi, c->s, "太长了：最多 %zu 个字，"
		    "现在 %zu 个字", (size_t)fd->max,
		    utf8_chars(norm->ptr, norm->len));
		return 0;
	}
	return 1;
}

/*
 * Checks the date cell c (trimmed: v[0..n)): a serial day in a number
 * cell, a date as people write it in text.  Writes it as YYYY-MM-DD to
 * norm.  Returns 1, or 0 after reporting.
 */
static int
check_day(struct check_run *r, int line, size_t col, int fi,
    const struct cell *c, const char *v, size_t n, struct buf *norm)
{
	enum value_date rc;
	int64_t	 day;

	if (c->kind == CELL_NUMBER)
		rc = value_parse_serial(norm->ptr, r->date1904, &day);
	else
		rc = value_parse_date(v, n, &day);
	if (rc != DATE_OK) {
		check_report(r, line, col, fi, c->s, "%s", rc == DATE_NODAY ?
		    MSG_NODAY : MSG_DATE);
		return 0;
	}
	buf_clear(norm);
	date_format(norm, "%F", day * 86400, 0);
	return 1;
}

/*
 * Checks the value in norm of a choice cell (the cell text s) and writes
 * the choice it names to norm.  Returns 1, or 0 after reporting.
 */
static int
check_choice(struct check_run *r, int line, size_t col, int fi,
    const char *s, struct buf *norm)
{
	const struct field *fd = &r->f->fields[fi];
	int	 k;

	if ((k = match_choice(fd, norm->ptr, norm->len, &r->tmp)) < 0) {
		check_report(r, line, col, fi, s, "不是可选的值：请从下拉列表中"
		    "选择%s", choices_text(&r->tmp, fd));
		return 0;
	}
	buf_set(norm, fd->choices[k], strlen(fd->choices[k]));
	return 1;
}

/* Checks one cell (see check_impl.h). */
int
check_cell(struct check_run *r, int line, size_t col, int fi,
    const struct cell *c, const char *v, size_t n, struct buf *norm)
{
	const struct field *fd;
	struct buf b = BUF_INIT;
	int	 ok;

	assert(fi >= 0 && (size_t)fi < r->f->nfields && n > 0);
	fd = &r->f->fields[fi];
	buf_set(norm, v, n);
	if ((fd->type == FT_TEXT || fd->type == FT_LIST ||
	    fd->type == FT_CHOICE) && !sheet_digits(r, line, col, fi, c, v, n,
	    norm))
		return 0;
	switch (fd->type) {
	case FT_TEXT:
		return check_text(r, line, col, fi, c, norm);
	case FT_INT:
	case FT_DECIMAL:
		return check_number(r, line, col, fi, c->s, v, n, norm);
	case FT_DATE:
		return check_day(r, line, col, fi, c, v, n, norm);
	case FT_CHOICE:
		return check_choice(r, line, col, fi, c->s, norm);
	case FT_LIST:
		/* the cell as read: a number cell's digits */
		buf_set(&b, norm->ptr, norm->len);
		ok = check_list(r, line, col, fi, b.ptr, norm);
		buf_free(&b);
		return ok;
	}
	return 1;
}

/* Whether s is a phone number (see check.h). */
int
check_phone(const char *s)
{
	struct buf out = BUF_INIT;
	int	 ok;

	assert(s != NULL);
	/* value_phone_norm drops white space, around s too */
	ok = value_phone_norm(s, &out);
	buf_free(&out);
	return ok;
}

/* Whether s passes the check of codes check (FC_IDCARD or FC_USCC). */
static int
code_valid(const char *s, enum field_check check)
{
	struct buf b = BUF_INIT;
	enum value_code rc;

	rc = code_problem(&b, s, check, NULL);
	buf_free(&b);
	return rc == CODE_OK;
}

/* Whether s is a valid citizen ID number (see check.h). */
int
check_idcard(const char *s)
{
	return code_valid(s, FC_IDCARD);
}

/* Whether s is a valid unified social credit code (see check.h). */
int
check_uscc(const char *s)
{
	return code_valid(s, FC_USCC);
}

/* A date as people write it (see check.h). */
int
check_date(const char *s, int64_t *day)
{
	int64_t	 d;

	if (value_parse_date(s, strlen(s), &d) != DATE_OK)
		return 0;
	*day = d;
	return 1;
}
