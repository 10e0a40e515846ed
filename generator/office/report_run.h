/*
 * report_run: `shouhu report`: the week's tables (report.h) or the
 * month's (monthly.h) from the period the office writes, as a workbook
 * and/or a page, with the messages people read.
 */
#ifndef SHOUHU_REPORT_RUN_H
#define SHOUHU_REPORT_RUN_H

/* How report_run ended. */
enum report_run {
	REPORT_RUN_OK,
	REPORT_RUN_FAIL,	/* the ledger or a file failed: said on stderr */
	REPORT_RUN_USAGE	/* the operands are wrong: said on stderr */
};

/*
 * Writes the tables of period from the ledger file ledger: an ISO week
 * ("2023-W45") or a day in it ("2023-11-09", the week is said on stdout)
 * gives the weekly tables with the deadline deadline (NULL: 星期四 10:00,
 * report_deadline_parse); a month ("2023-11") the monthly tables (no
 * deadline).  xlsx (a .xlsx path) and html (a .html path), either may be
 * NULL but not both, are written atomically, mode 0600.  Says what was
 * written on stdout.  Nothing is written on failure.
 */
enum report_run report_run(const char *ledger, const char *period,
	    const char *deadline, const char *xlsx, const char *html);

#endif
