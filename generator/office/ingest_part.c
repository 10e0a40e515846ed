/*
 * One part of a bundle checked against its form before anything is
 * written (see ingest_part.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "bundle/bundle.h"
#include "forms/check.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "forms/table.h"
#include "office/ingest_part.h"

#define PROBLEMS_SHOWN	20		/* row problems quoted in a reason */

const struct form *
ingest_part_check(const struct bundle *b, const struct bundle_part *p,
    const char *path, struct checked *ck, struct buf *why)
{
	const struct form *f;
	struct table	 t;
	struct buf	 msgs = BUF_INIT;
	const char	*enc, *s, *e;
	size_t		 j, nprob, shown;
	int		 week = strchr(b->period, 'W') != NULL;

	memset(ck, 0, sizeof(*ck));
	if ((f = form_find(p->form)) == NULL) {
		buf_printf(why, "%s: 数据包里的表单 %s 本程序不认识；请升级 shouhu，"
		    "或与报送单位核实", path, p->form);
		return NULL;
	}
	if (p->version != f->version) {
		buf_printf(why, "%s: %s（%s）是第 %d 版，本程序用的是第 %d 版；"
		    "请让报送单位用最新的 shouhu-collect 和模板重新填报打包",
		    path, f->title, f->id, p->version, f->version);
		return NULL;
	}
	if ((strcmp(f->period, "week") == 0) != week) {
		buf_printf(why, "%s: %s按%s报送，数据包的期间却是 %s；请让报送"
		    "单位改正期间后重新打包", path, f->title, week ? "月" : "周",
		    b->period);
		return NULL;
	}
	table_init(&t);
	if (!csv_parse(p->csv.ptr, p->csv.len, p->file, &t, &enc, &msgs)) {
		buf_printf(why, "%s: %s", path, msgs.ptr);
		goto fail;
	}
	if (t.header == NULL && p->rows == 0)
		goto ok;
	if (t.header == NULL || t.ncols != f->nfields)
		goto header;
	for (j = 0; j < f->nfields; j++)
		if (strcmp(t.header[j].s, f->fields[j].name) != 0)
			goto header;
	nprob = check_table(f, p->file, &t, 0, ck, &msgs);
	if (nprob > 0) {
		buf_printf(why, "%s: %s 有 %zu 个问题，整个数据包没有接收；请让"
		    "报送单位改正后重新打包：", path, p->file, nprob);
		for (s = msgs.ptr, shown = 0; *s != '\0' && shown < PROBLEMS_SHOWN;
		    s = e, shown++) {
			e = strchr(s, '\n');
			e = e ? e + 1 : s + strlen(s);
			buf_puts(why, "\n  ");
			buf_put(why, s, (size_t)(e - s) - (e[-1] == '\n'));
		}
		if (nprob > shown)
			buf_printf(why, "\n  ……还有 %zu 个问题", nprob - shown);
		goto fail;
	}
	if (ck->nrows != p->rows) {
		buf_printf(why, "%s: %s 有 %zu 行数据，清单上写的是 %zu 行；请让报送"
		    "单位重新打包", path, p->file, ck->nrows, p->rows);
		goto fail;
	}
ok:
	table_free(&t);
	buf_free(&msgs);
	return f;
header:
	buf_printf(why, "%s: %s 的标题行不是 %s 第 %d 版的字段名；请让报送单位"
	    "用 shouhu-collect 重新打包", path, p->file, f->id, f->version);
fail:
	checked_free(ck);
	table_free(&t);
	buf_free(&msgs);
	return NULL;
}
