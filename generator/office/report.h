/*
 * report: the weekly tables the office sends upward, from the ledger's
 * current rows of one ISO week.
 *
 *	附件1	打击整治养老诈骗专项行动进展战果统计表, its 21 columns as
 *		issued (seed 000): a row per registered unit in registry order
 *		(未报 if it sent nothing) and a total row; problems by status
 *		and by grade from hazard_ledger (苗头性 = C, 明显问题 = B,
 *		移送司法机关 = A), letters received, 重点地区 by status, 涉稳
 *		and 建章立制 from campaign_stats (version 1 rows, which have no
 *		key area counts, count 0 there)
 *	附件2	全区涉养老诈骗风险隐患排查化解台账, its eight columns as
 *		issued: every current hazard of the week, grouped by
 *		department, list cells as numbered lines
 *	补充	what the office checks beside them and is not in the issued
 *		tables: problems by domain and the key areas named per unit;
 *		each hazard's 领域, 整治状态 and 报送单位
 *	报送情况	every registered unit: whether its bundles for the week came,
 *		when (created and received), on time or late against the
 *		deadline, and which expected forms are missing
 *
 * report_load reads the ledger into a struct report; report_xlsx writes
 * it as a workbook (libxlsxwriter) and report_html as a page for review
 * on screen.  The report is internal: it holds private fields (检查单位).
 */
#ifndef SHOUHU_REPORT_H
#define SHOUHU_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Deadlines and report times are China Standard Time: minutes east of UTC. */
#define REPORT_ZONE	480

/* The number columns of 附件1, in order. */
enum report_col {
	RC_DOMAIN,			/* + 0..7: the eight domains */
	RC_DOING = RC_DOMAIN + 8,	/* 问题数: 正在整治 */
	RC_DONE,			/* 整治完成 */
	RC_TOTAL,			/* 总计 */
	RC_GRADE_C,			/* 存在的苗头性问题 */
	RC_GRADE_B,			/* 存在明显问题但不构成犯罪的 */
	RC_GRADE_A,			/* 对涉嫌犯罪移送司法机关依法打击的问题 */
	RC_POLICE,			/* 接收公安提示函 */
	RC_PROCURATORATE,		/* 接收检察建议书 */
	RC_COURT,			/* 接收司法建议书 */
	RC_SUPERVISION,			/* 接收监察建议书 */
	RC_AREAS_DOING,			/* 9、重点地区: 正在整治 */
	RC_AREAS_DONE,			/* 整治完成 */
	RC_AREAS_SUM,			/* 总计: the two */
	RC_AREAS,			/* 重点地区 named (附件1补充) */
	RC_CLUES,			/* 收集线索(条) */
	RC_HANDLED,			/* 妥善处置涉稳线索(条) */
	RC_DEFUSED,			/* 防范化解群体性事件(起) */
	RC_LOCAL_REGS,			/* 地方性法规 */
	RC_GOV_RULES,			/* 政府规章 */
	RC_NORMATIVE,			/* 规范性文件 */
	RC_STANDARDS,			/* 行业标准规范 */
	RC__MAX
};

struct report_unit {
	char		*code;
	char		*name;
	long long	 n[RC__MAX];
	char		*areas;		/* 重点地区, "、"-joined, or "" */
	int		 sent;		/* a bundle for the week came */
	char		*created;	/* its earliest created, or NULL */
	char		*received;	/* its earliest received, or NULL */
	int		 late;		/* created after the deadline */
	char		*missing;	/* expected forms not received, "、" */
};

/*
 * One current hazard_ledger row of the week (附件2): department, domain,
 * focus, date, method, hazards, grade, handling, status, town, subject
 * and the name of the unit that sent it; "" for none.
 */
#define REPORT_HAZARD_COLS	12
#define REPORT_TOWN		9	/* 涉及镇街: the town, as the office's
					   list names it (towns.h) */
struct report_hazard {
	char		*v[REPORT_HAZARD_COLS];
};

/*
 * The column headings of 附件2 as issued (town and subject in one), of
 * its extra sheet (the row's 序号 in 附件2, department, focus, then what
 * the issued table has no column for) and of 报送情况, the same in the
 * workbook and the page.
 */
#define REPORT_HAZARD_HEADS	8
#define REPORT_EXTRA_HEADS	6
#define REPORT_SENT_HEADS	7
extern const char *const report_hazard_head[REPORT_HAZARD_HEADS];
extern const char *const report_extra_head[REPORT_EXTRA_HEADS];
extern const char *const report_sent_head[REPORT_SENT_HEADS];

/*
 * The 20 number columns of 附件1 after 填报单位, as issued: the column of
 * report_unit.n each shows.
 */
#define REPORT_SHEET1_COLS	20
extern const enum report_col report_sheet1_col[REPORT_SHEET1_COLS];

/*
 * The lowest heading of each of those columns (问题数's 正在整治, 整治完成,
 * 总计 under it; the others span its rows).
 */
extern const char *const report_sheet1_head[REPORT_SHEET1_COLS];

/* The issued headings of 附件1: the 1–8 line above the 整治情况 columns. */
extern const char report_domains_line[];

/* The 备注 under 附件1 and the 说明 under 附件2, as issued. */
extern const char report_sheet1_note[];
extern const char report_sheet2_note[];

struct report {
	char		 period[16];
	int		 year, week;		/* ISO year and week */
	int64_t		 first_day, last_day;	/* days since 1970-01-01 */
	int64_t		 deadline;		/* Unix time */
	int64_t		 made;			/* Unix time of the report */
	struct report_unit *units;
	size_t		 nunits;
	long long	 total[RC__MAX];	/* RC_AREAS: distinct areas */
	long long	 areas_total;
	struct report_hazard *haz;
	size_t		 nhaz;
	char		*domains[8];		/* the domain choices */
	char		*unknown_towns;		/* the week's spellings of towns
						   not on the office's list, a
						   line each ("" for none) */
};

/*
 * Parses a deadline: a weekday ("4", ISO 1 = Monday .. 7, then a space;
 * or 星期四, 周四, 礼拜四) and the time of day in China Standard Time
 * ("10:00", or with a full-width colon): "4 10:00", "星期四 10:00".
 * Returns 1, or 0 if it is not one.
 */
int	report_deadline_parse(const char *s, int *wday, int *hour, int *min);

/*
 * Reads the report of week period (ISO, "2022-W21") from the ledger file
 * path into r, with the deadline on ISO weekday wday at hour:min China
 * time of that week.  Returns 1 (free with report_free), or 0 with a
 * message in err.
 */
int	report_load(struct report *r, const char *path, const char *period,
	    int wday, int hour, int min, struct buf *err);

/* Frees what report_load put in r. */
void	report_free(struct report *r);

/*
 * Writes report r as the workbook path (mode 0600: it holds private
 * data), atomically.  Returns 1, or 0 with a message in err.
 */
int	report_xlsx(const struct report *r, const char *path, struct buf *err);

/*
 * Appends report r to b as a whole HTML page: 附件1, 附件2 and 报送情况,
 * every value escaped.
 */
void	report_html(const struct report *r, struct buf *b);

/* Unix time t in China time: "2022-05-26 星期四 10:00". */
void	report_time_text(char s[64], int64_t t);

/* Appends the week of r: "2023年第45周（11月6日—11月12日）". */
void	report_week_text(struct buf *b, const struct report *r);

/* Appends Unix time t as a date in China time: "2023 年 11 月 9 日". */
void	report_date_text(struct buf *b, int64_t t);

/*
 * The Unix time of "YYYY-MM-DDTHH:MM:SSZ" (as the ledger keeps times), or
 * -1 if utc is NULL or not such a time.
 */
int64_t	report_utc(const char *utc);

/*
 * Appends the lines of s as the official tables number them, "1、…",
 * "2、…", joined by sep; empty lines are left out.
 */
void	report_numbered(struct buf *b, const char *s, const char *sep);

#endif
