/*
 * fill: writes a filled-in file of a form with N rows of valid, varied
 * data, as a field unit would: .xlsx (dates as real Excel dates, the
 * template's custom properties) or CSV (UTF-8 with BOM, or GBK).  For the
 * round-trip tests and the benchmark.
 *
 *	fill FORM N OUT.xlsx|OUT.csv [gbk | v=VERSION]
 *
 * v=VERSION stores another form version in the workbook, as an old
 * template would.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "lib/buf.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "lib/util.h"

/* Valid sample values for the checks (verified check digits). */
static const char *phones[] = { "13812345678", "0537-3412345", "15900001111" };
static const char *idcards[] = { "11010519491231002X", "110101199003074477" };
static const char *usccs[] = { "91350100M000100Y43", "91110000600037341L" };

/* Whether field i may be left empty: optional, and no rule requires it. */
static int
may_skip(const struct form *f, size_t i)
{
	size_t	 r;

	if (f->fields[i].required)
		return 0;
	for (r = 0; r < f->nrules; r++)
		if (f->rules[r].kind == RULE_REQUIRED_IF &&
		    f->rules[r].fields[0] == i)
			return 0;
	return 1;
}

static void
value(struct buf *b, const struct form *f, size_t i, size_t row, int *isdate,
    lxw_datetime *dt)
{
	const struct field *fl = &f->fields[i];
	size_t	 k;

	buf_clear(b);
	*isdate = 0;
	if (may_skip(f, i) && row % 7 == 3)
		return;		/* some optional cells stay empty */
	switch (fl->type) {
	case FT_CHOICE:
		buf_puts(b, fl->choices[row % fl->nchoices]);
		return;
	case FT_LIST:
		if (fl->nchoices > 0) {
			buf_puts(b, fl->choices[row % fl->nchoices]);
			if (fl->nchoices > 1)
				buf_printf(b, "\n%s",
				    fl->choices[(row + 1) % fl->nchoices]);
			return;
		}
		buf_printf(b, "1、第 %zu 条的第一项情况\n2、第二项，已核实", row + 1);
		return;
	case FT_INT:
		buf_printf(b, "%zu", (size_t)fl->min + row % 5);
		return;
	case FT_DECIMAL:
		buf_printf(b, "%zu.50", (size_t)fl->min + row % 1000);
		return;
	case FT_DATE:
		*isdate = 1;
		dt->year = 2022;
		dt->month = 5;
		dt->day = 1 + (int)(row % 28);
		dt->hour = dt->min = 0;
		dt->sec = 0;
		buf_printf(b, "2022-05-%02d", dt->day);
		return;
	default:
		break;
	}
	switch (fl->check) {
	case FC_PHONE:
		buf_puts(b, phones[row % 3]);
		return;
	case FC_IDCARD:
		buf_puts(b, idcards[row % 2]);
		return;
	case FC_USCC:
		buf_puts(b, usccs[row % 2]);
		return;
	default:
		break;
	}
	buf_printf(b, "%s%zu", fl->label, row + 1);
	k = fl->max > 0 ? (size_t)fl->max : 1000;
	if (strlen(b->ptr) > k)	/* ASCII digits: byte count is char count */
		buf_truncate(b, k);
}

int
main(int argc, char *argv[])
{
	const struct form *f;
	struct buf b = BUF_INIT, out = BUF_INIT;
	size_t	 n, r, c, len;
	int	 isdate, gbk, version;
	lxw_datetime dt;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: fill FORM N OUT.xlsx|OUT.csv "
		    "[gbk | v=VERSION]\n");
		return 2;
	}
	if ((f = form_find(argv[1])) == NULL)
		fatal("no form %s", argv[1]);
	n = strtoul(argv[2], NULL, 10);
	gbk = argc == 5 && strcmp(argv[4], "gbk") == 0;
	version = argc == 5 && strncmp(argv[4], "v=", 2) == 0 ?
	    atoi(argv[4] + 2) : f->version;
	len = strlen(argv[3]);
	if (len > 5 && strcmp(argv[3] + len - 5, ".xlsx") == 0) {
		lxw_workbook *wb = workbook_new(argv[3]);
		lxw_worksheet *ws = workbook_add_worksheet(wb, "填报");
		lxw_format *df = workbook_add_format(wb);

		format_set_num_format(df, "yyyy-mm-dd");
		workbook_set_custom_property_string(wb, "shouhu.form", f->id);
		buf_printf(&b, "%d", version);
		workbook_set_custom_property_string(wb, "shouhu.version", b.ptr);
		for (c = 0; c < f->nfields; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c,
			    f->fields[c].label, NULL);
		for (r = 0; r < n; r++)
			for (c = 0; c < f->nfields; c++) {
				value(&b, f, c, r, &isdate, &dt);
				if (isdate)
					worksheet_write_datetime(ws,
					    (lxw_row_t)r + 1, (lxw_col_t)c, &dt, df);
				else if (b.len && (f->fields[c].type == FT_INT ||
				    f->fields[c].type == FT_DECIMAL))
					worksheet_write_number(ws,
					    (lxw_row_t)r + 1, (lxw_col_t)c,
					    strtod(b.ptr, NULL), NULL);
				else if (b.len)
					worksheet_write_string(ws,
					    (lxw_row_t)r + 1, (lxw_col_t)c, b.ptr,
					    NULL);
			}
		if (workbook_close(wb) != LXW_NO_ERROR)
			fatal("cannot write %s", argv[3]);
		buf_free(&b);
		return 0;
	}
	if (!gbk)
		buf_puts(&out, CSV_BOM);
	for (c = 0; c < f->nfields; c++) {
		if (c)
			buf_putc(&out, ',');
		csv_cell(&out, f->fields[c].label, strlen(f->fields[c].label),
		    0);
	}
	buf_puts(&out, "\r\n");
	for (r = 0; r < n; r++) {
		for (c = 0; c < f->nfields; c++) {
			value(&b, f, c, r, &isdate, &dt);
			if (c)
				buf_putc(&out, ',');
			csv_cell(&out, b.ptr, b.len, 0);
		}
		buf_puts(&out, "\r\n");
	}
	if (gbk) {
		iconv_t cd = iconv_open("GB18030", "UTF-8");
		char	*in = out.ptr, *o, *res;
		size_t	 il = out.len, ol = out.len * 2 + 16;

		if (cd == (iconv_t)-1)
			fatal("iconv_open");
		res = o = xmalloc(ol);
		if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1)
			fatal("iconv");
		iconv_close(cd);
		buf_set(&out, res, (size_t)(o - res));
		free(res);
	}
	{
		FILE	*fp = fopen(argv[3], "wb");

		if (fp == NULL || fwrite(out.ptr, 1, out.len, fp) != out.len ||
		    fclose(fp) != 0)
			fatal("cannot write %s", argv[3]);
	}
	buf_free(&b);
	buf_free(&out);
	return 0;
}
