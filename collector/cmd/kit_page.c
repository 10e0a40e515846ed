/*
 * kit_page: the problems a kit found, for the console and as the page the
 * unit's browser opens (kit.h): 哪个文件、第几行、哪一列、什么问题、怎么改.
 */
#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/text.h"
#include "lib/util.h"
#include "bundle/kitconf.h"
#include "cmd/kit.h"

/* Where a message's advice begins. */
#define ADVICE	"：请"

/* What to do about the check messages (check.h) that say only what is
 * wrong: by how the message ends (before the cell's value). */
static const struct {
	const char	*end;
	const char	*fix;
} fixes[] = {
	{ "必须填写", "请填上这一格" },
	{ "没有这一天", "请写日历上有的日期，如 2023-11-08" },
	{ "不能是负数", "请写 0 或更大的数" },
};

/* What to do about the cell problem m[0..n) that gives no advice. */
static const char *
cell_fix(const char *m, size_t n)
{
	size_t	 i, e;

	/* the value put_value appended: from the last "（" */
	if (n >= 3 && memcmp(m + n - 3, "）", 3) == 0)
		for (e = n - 3; e > 0; e--)
			if (e >= 3 && memcmp(m + e - 3, "（", 3) == 0) {
				n = e - 3;
				break;
			}
	for (i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++) {
		e = strlen(fixes[i].end);
		if (n >= e && memcmp(m + n - e, fixes[i].end, e) == 0)
			return fixes[i].fix;
	}
	return "请照“什么问题”里说的改正这一格";
}

void
kit_problem_add(struct kit_problems *ps, const char *file, const char *row,
    const char *col, const char *what, const char *fix)
{
	struct kit_problem *p;

	assert(file != NULL && what != NULL && fix != NULL);
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? 2 * ps->cap : 16;
		ps->v = xreallocarray(ps->v, ps->cap, sizeof(*ps->v));
	}
	p = &ps->v[ps->n++];
	p->file = xstrdup(file);
	p->row = row ? xstrdup(row) : NULL;
	p->col = col ? xstrdup(col) : NULL;
	p->what = xstrdup(what);
	p->fix = xstrdup(fix);
}

/*
 * Splits the message m[0..n) into what is wrong and what to do (from its
 * first "：请"; a value "（…）" the message ends with stays with what is
 * wrong) and adds it.
 */
static void
add_split(struct kit_problems *ps, const char *file, const char *row,
    const char *col, const char *m, size_t n, const char *fallback)
{
	struct buf what = BUF_INIT, fix = BUF_INIT;
	const char *adv = memmem(m, n, ADVICE, strlen(ADVICE));
	const char *val = NULL, *p;
	size_t	 an;

	if (adv == NULL) {
		buf_put(&what, m, n);
		buf_puts(&fix, fallback);
		goto add;
	}
	/* the value put_value appends: the last "（" of a message ending
	 * in "）", after the advice */
	if (n >= 3 && memcmp(m + n - 3, "）", 3) == 0)
		for (p = m + n - 3; p > adv; p--)
			if (memcmp(p, "（", 3) == 0) {
				val = p;
				break;
			}
	buf_put(&what, m, (size_t)(adv - m));
	if (val != NULL)
		buf_put(&what, val, (size_t)(m + n - val));
	an = (size_t)((val != NULL ? val : m + n) - adv) - strlen("：");
	buf_put(&fix, adv + strlen("："), an);
add:
	kit_problem_add(ps, file, row, col, what.ptr, fix.ptr);
	buf_free(&what);
	buf_free(&fix);
}

void
kit_problem_message(struct kit_problems *ps, const char *file,
    const char *msg, const char *fallback)
{
	add_split(ps, file, NULL, NULL, msg, strlen(msg), fallback);
}

void
kit_problem_checks(struct kit_problems *ps, const char *file,
    const char *lines)
{
	struct buf row = BUF_INIT, col = BUF_INIT;
	const char *l, *e, *p, *q;
	size_t	 fl = strlen(file);

	for (l = lines; *l != '\0'; l = *e ? e + 1 : e) {
		e = strchr(l, '\n');
		if (e == NULL)
			e = l + strlen(l);
		buf_clear(&row);
		buf_clear(&col);
		p = l;
		if ((size_t)(e - l) > fl && memcmp(l, file, fl) == 0 &&
		    l[fl] == ':')
			p = l + fl + 1;
		for (q = p; q < e && isdigit((unsigned char)*q); q++)
			;
		buf_put(&row, p, (size_t)(q - p));
		p = q;
		if (p < e && *p == ':' && p + 1 < e &&
		    isupper((unsigned char)p[1])) {
			for (p++; p < e && isupper((unsigned char)*p); p++)
				buf_putc(&col, *p);
			buf_puts(&col, " 列");
		}
		if (p < e && *p == '(' && (q = memchr(p, ')', (size_t)(e - p)))
		    != NULL) {
			buf_puts(&col, col.len ? "（" : "“");
			buf_put(&col, p + 1, (size_t)(q - p - 1));
			buf_puts(&col, col.len > 3 && strstr(col.ptr, " 列") ?
			    "）" : "”列");
			p = q + 1;
		}
		if (e - p >= 2 && p[0] == ':' && p[1] == ' ')
			p += 2;
		if (p < e)
			add_split(ps, file, row.len ? row.ptr : NULL,
			    col.len ? col.ptr : NULL, p, (size_t)(e - p),
			    col.len ? cell_fix(p, (size_t)(e - p)) :
			    "请改正后保存，再打包");
	}
	buf_free(&row);
	buf_free(&col);
}

void
kit_problems_free(struct kit_problems *ps)
{
	size_t	 i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].file);
		free(ps->v[i].row);
		free(ps->v[i].col);
		free(ps->v[i].what);
		free(ps->v[i].fix);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

void
kit_problems_print(FILE *fp, const struct kit_problems *ps)
{
	const struct kit_problem *p;
	size_t	 i;

	for (i = 0; i < ps->n; i++) {
		p = &ps->v[i];
		fprintf(fp, "%zu. %s", i + 1, p->file);
		if (p->row != NULL)
			fprintf(fp, " 第 %s 行", p->row);
		if (p->col != NULL)
			fprintf(fp, " %s", p->col);
		fprintf(fp, "：%s。怎么改：%s\n", p->what, p->fix);
	}
}

/* Appends s escaped for HTML text, or "—" for NULL. */
static void
esc(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_puts(b, "—");
	else
		text_escape_html(b, s, strlen(s));
}

int
kit_page_write(const char *path, const struct kit_problems *ps,
    const struct kitconf *k, struct buf *err)
{
	struct buf b = BUF_INIT;
	const struct kit_problem *p;
	size_t	 i;
	int	 ok;

	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n");
	buf_printf(&b, "<title>还没有打包：表格里有 %zu 个问题</title>\n", ps->n);
	buf_puts(&b, "<style>\n"
	    "body{font:20px/1.6 \"Noto Sans CJK SC\",\"Microsoft YaHei\","
	    "\"PingFang SC\",sans-serif;margin:1.5em auto;max-width:70em;"
	    "padding:0 1em;color:#111;background:#fff}\n"
	    "h1{font-size:1.6em;color:#a00;margin:.2em 0}\n"
	    ".todo{background:#fff6d5;border:2px solid #c90;padding:.6em 1em}\n"
	    "table{border-collapse:collapse;width:100%;margin-top:1em}\n"
	    "th,td{border:1px solid #555;padding:.4em .6em;text-align:left;"
	    "vertical-align:top}\n"
	    "th{background:#e8eef7;white-space:nowrap}\n"
	    "td.f{min-width:7em;word-break:break-all}\n"
	    "td.n{white-space:nowrap}\n"
	    "@media print{body{font-size:12pt}}\n"
	    "</style>\n</head>\n<body>\n");
	buf_printf(&b, "<h1>还没有打包：表格里有 %zu 个问题</h1>\n", ps->n);
	buf_puts(&b, "<p class=\"todo\">请打开下面的表格，按“怎么改”逐条改好，"
	    "保存并关闭表格，再把它拖到“打包报送”上（或双击“打包报送”）。"
	    "全部改好后才会打包。</p>\n<p>单位：");
	esc(&b, k->unit_name);
	buf_puts(&b, "（代码 ");
	esc(&b, k->unit_code);
	buf_puts(&b, "）</p>\n<table>\n<thead><tr><th>序号</th><th>文件</th>"
	    "<th>第几行</th><th>哪一列</th><th>什么问题</th><th>怎么改</th>"
	    "</tr></thead>\n<tbody>\n");
	for (i = 0; i < ps->n; i++) {
		p = &ps->v[i];
		buf_printf(&b, "<tr><td class=\"n\">%zu</td><td class=\"f\">",
		    i + 1);
		esc(&b, p->file);
		buf_puts(&b, "</td><td class=\"n\">");
		esc(&b, p->row);
		buf_puts(&b, "</td><td class=\"n\">");
		esc(&b, p->col);
		buf_puts(&b, "</td><td>");
		esc(&b, p->what);
		buf_puts(&b, "</td><td>");
		esc(&b, p->fix);
		buf_puts(&b, "</td></tr>\n");
	}
	buf_puts(&b, "</tbody>\n</table>\n<p>有不明白的地方，请联系");
	esc(&b, k->office);
	buf_puts(&b, "。</p>\n</body>\n</html>\n");
	ok = files_write(path, b.ptr, b.len, 0644, 1, err);
	buf_free(&b);
	return ok;
}
