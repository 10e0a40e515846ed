/*
 * shouhu report: the weekly or the monthly tables (see report_run.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/date.h"
#include "lib/files.h"
#include "lib/period.h"
#include "lib/util.h"
#include "office/monthly.h"
#include "office/report.h"
#include "office/report_run.h"

/*
 * Reads s as a day, "2023-11-09", into the ISO week that holds it, and
 * says which week that is (and how to ask for its month).  Returns 1, or
 * 0 if s is not a day.
 */
static int
week_of_date(const char *s, struct period *p)
{
	struct buf	 b = BUF_INIT;
	int64_t		 t;
	int		 y, m;

	if (strlen(s) != 10 || !date_parse(s, 10, REPORT_ZONE, &t) ||
	    !period_of_date((t + REPORT_ZONE * 60) / 86400, 1, p))
		return 0;
	y = (int)strtol(s, NULL, 10);
	m = (int)strtol(s + 5, NULL, 10);
	buf_printf(&b, "%s 在 %d 年第 %d 周（", s, p->year, p->week);
	date_format(&b, "%n月%o日", p->first_day * 86400, 0);
	buf_puts(&b, "—");
	date_format(&b, "%n月%o日", p->last_day * 86400, 0);
	buf_printf(&b, "）；要 %d 年 %d 月的月报表，写 --period %.7s", y, m, s);
	puts(b.ptr);
	buf_free(&b);
	return 1;
}

/*
 * Writes the page b (when html is asked) into a temporary file beside
 * html, its name in tmp, before the workbook is written: a folder that
 * cannot take the page fails the report with nothing written.  Returns 1,
 * or 0 after a message.
 */
static int
stage_page(const char *html, const struct buf *page, struct buf *tmp,
    struct buf *err)
{
	if (html == NULL || files_write_temp(tmp, html, page->ptr, page->len))
		return 1;
	buf_printf(err, "%s: 无法写入：%s", html, util_strerror(errno));
	return 0;
}

/*
 * Gives the staged page tmp its name html once the workbook is written
 * (ok), or removes it (the workbook failed).  Returns 1, or 0 after a
 * message.
 */
static int
place_page(const char *html, struct buf *tmp, int ok, struct buf *err)
{
	if (tmp->len == 0)
		return ok;
	if (!ok)
		unlink(tmp->ptr);
	else
		ok = files_commit(tmp->ptr, html, 0600, 1, err);
	buf_free(tmp);
	return ok;
}

/* The weekly tables of week (ISO, "2023-W45"). */
static enum report_run
run_week(const char *ledger, const char *week, int wday, int hour, int min,
    const char *xlsx, const char *html, struct buf *err)
{
	struct report	 r;
	struct buf	 page = BUF_INIT, tmp = BUF_INIT;
	enum report_run	 rc = REPORT_RUN_FAIL;

	if (!report_load(&r, ledger, week, wday, hour, min, err))
		return REPORT_RUN_FAIL;
	if (html != NULL)
		report_html(&r, &page);
	/* the page waits beside html until the workbook is written */
	if (!stage_page(html, &page, &tmp, err) || !place_page(html, &tmp,
	    xlsx == NULL || report_xlsx(&r, xlsx, err), err))
		goto out;
	printf("已生成 %s 的周报：%s%s%s（%zu 个单位，%zu 条风险隐患）\n",
	    r.period, xlsx ? xlsx : "", xlsx && html ? "、" : "",
	    html ? html : "", r.nunits, r.nhaz);
	/* the spellings of towns the office should add to its list */
	fputs(r.unknown_towns, stderr);
	rc = REPORT_RUN_OK;
out:
	report_free(&r);
	buf_free(&page);
	return rc;
}

/* The monthly tables of month ("2023-11"). */
static enum report_run
run_month(const char *ledger, const char *month, const char *xlsx,
    const char *html, struct buf *err)
{
	struct monthly	 m;
	struct buf	 page = BUF_INIT, tmp = BUF_INIT;
	enum report_run	 rc = REPORT_RUN_FAIL;
	size_t		 sent = 0, i;

	if (!monthly_load(&m, ledger, month, err))
		return REPORT_RUN_FAIL;
	if (html != NULL)
		monthly_html(&m, &page);
	/* the page waits beside html until the workbook is written */
	if (!stage_page(html, &page, &tmp, err) || !place_page(html, &tmp,
	    xlsx == NULL || monthly_xlsx(&m, xlsx, err), err))
		goto out;
	for (i = 0; i < m.nunits; i++)
		sent += m.units[i].sent;
	printf("已生成 %s 的月报表：%s%s%s（风险管控名单 %zu 家，其中红 %zu 家、"
	    "橙 %zu 家，%zu 个单位已报送、%zu 个未报；登记线索 %zu 条；查办进度 "
	    "%zu 条）\n", m.period, xlsx ? xlsx : "", xlsx && html ? "、" : "",
	    html ? html : "", m.ninst, m.nlevel[ML_RED], m.nlevel[ML_ORANGE],
	    sent, m.nunits - sent, m.nsrc, m.nclue);
	rc = REPORT_RUN_OK;
out:
	monthly_free(&m);
	buf_free(&page);
	return rc;
}

enum report_run
report_run(const char *ledger, const char *period, const char *deadline,
    const char *xlsx, const char *html)
{
	struct buf	 err = BUF_INIT;
	struct period	 p;
	enum report_run	 rc;
	char		 name[16];
	int		 wday, hour, min;

	if (period == NULL || (xlsx == NULL && html == NULL)) {
		fprintf(stderr, "shouhu: 写法：shouhu report --period 2022-W21 "
		    "-o 周报.xlsx [--html 周报.html]（月报表：--period 2023-11）\n");
		return REPORT_RUN_USAGE;
	}
	if (xlsx != NULL && !util_has_suffix(xlsx, ".xlsx")) {
		fprintf(stderr, "shouhu: -o 的文件名应当以 .xlsx 结尾（“%s”）：报表"
		    "是 Excel 工作簿，如 -o 周报.xlsx\n", xlsx);
		return REPORT_RUN_USAGE;
	}
	if (html != NULL && !util_has_suffix(html, ".html") &&
	    !util_has_suffix(html, ".htm")) {
		fprintf(stderr, "shouhu: --html 的文件名应当以 .html 结尾（“%s”），"
		    "如 --html 周报.html\n", html);
		return REPORT_RUN_USAGE;
	}
	if (!period_parse(period, &p) && !week_of_date(period, &p)) {
		fprintf(stderr, "shouhu: 报表期间“%s”不对：周报写成 2022-W21"
		    "（第 21 周）或这一周里的一天，如 2022-05-26；月报表写成 "
		    "2022-05\n", period);
		return REPORT_RUN_USAGE;
	}
	period_format(&p, name, sizeof(name));
	if (p.week == 0 && deadline != NULL) {
		fprintf(stderr, "shouhu: --deadline 只用于周报；%s 是一个月，月报表"
		    "没有截止时间，请去掉 --deadline\n", name);
		return REPORT_RUN_USAGE;
	}
	if (p.week == 0)
		rc = run_month(ledger, name, xlsx, html, &err);
	else if (!report_deadline_parse(deadline ? deadline : "4 10:00",
	    &wday, &hour, &min)) {
		fprintf(stderr, "shouhu: --deadline “%s”不对：写成 星期几 时:分，"
		    "如 \"星期四 10:00\" 或 \"4 10:00\"（周四上午 10 点，北京时间）"
		    "\n", deadline);
		rc = REPORT_RUN_USAGE;
	} else
		rc = run_week(ledger, name, wday, hour, min, xlsx, html, &err);
	if (rc == REPORT_RUN_FAIL)
		fprintf(stderr, "%s\n", err.ptr);
	buf_free(&err);
	return rc;
}
