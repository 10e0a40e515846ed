/*
 * monthly: the monthly tables the office keeps and sends upward, from the
 * ledger's current rows of one month.
 *
 *	养老机构风险管控名单	the "绿黄橙红" list of seed 004: every
 *		institution of the month's institution_risk forms, red first,
 *		then orange, yellow and green; in each level by unit in the
 *		office's order and as the unit listed them.  Columns 机构,
 *		主管单位, 涉及人数资金状况 (residents and prepaid fees), 风险研判,
 *		等级, 处置措施.
 *	案件来源登记表	every case_source clue registered in the month (by its
 *		登记日期, whichever week's bundle brought it), by date.  The
 *		informant's name and phone are never in it: they stay in the
 *		ledger, 严格保密.
 *	案件查办进度表	every clue as it stood at the month's end: its newest
 *		case_progress row of a week of the month or before (a week
 *		belongs to the month of its Thursday, as ISO 8601 counts weeks
 *		in months: 2023-W44, 10月30日—11月5日, is November's), with
 *		what case_source says of it.  A clue is in the table while it
 *		is open (未报进度 when no progress was ever reported for a
 *		registered clue) and in the month it ends (办结 with a 办结日期
 *		in the month, or 不予立案 reported in a week of the month);
 *		one that ended before the month is off the table (销号), and
 *		one registered after the month is not on it yet.
 *	报送情况	every registered unit: whether its institution list for
 *		the month came, when, and how many institutions.
 *	名单补充	what the office checks beside the list and the issued
 *		layout has no column for: each institution's 报送单位,
 *		登记状态 and 统一社会信用代码.
 *
 * monthly_load reads the ledger into a struct monthly; monthly_xlsx writes
 * it as a workbook and monthly_html as a page for review on screen.  The
 * tables are internal: they hold private fields (机构, 被反映对象...).
 */
#ifndef SHOUHU_MONTHLY_H
#define SHOUHU_MONTHLY_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* The four levels of the list, in the order it shows them. */
enum monthly_level {
	ML_RED,			/* 红 */
	ML_ORANGE,		/* 橙 */
	ML_YELLOW,		/* 黄 */
	ML_GREEN,		/* 绿 */
	ML__MAX
};

/* The level's one-character name (红) and its list's name (红色名单). */
extern const char *const monthly_level_name[ML__MAX];
extern const char *const monthly_level_list[ML__MAX];

/* One institution of the list; "" for an empty field. */
struct monthly_inst {
	enum monthly_level level;
	char		*name;		/* 机构 */
	char		*uscc;		/* 统一社会信用代码 */
	char		*authority;	/* 主管单位 */
	char		*registration;	/* 登记状态 */
	char		*situation;	/* 涉及人数资金状况, as shown */
	char		*assessment;	/* 风险研判 */
	char		*measures;	/* 处置措施, a line each */
	char		*unit;		/* 报送单位: the unit's name */
};

/* One clue registered in the month (案件来源登记表); "" for empty. */
struct monthly_source {
	char		*date;		/* 登记日期, 2023-11-09 */
	char		*clue;		/* 线索编号 */
	char		*source;	/* 来源 */
	char		*domain;	/* 领域 */
	char		*subject;	/* 被反映对象 */
	char		*content;	/* 线索内容 */
	char		*handling;	/* 承办单位 */
	char		*handler;	/* 承办人 */
	char		*unit;		/* 报送单位 */
};

/* One clue of 案件查办进度表; "" for empty. */
struct monthly_clue {
	char		*clue;		/* 线索编号 */
	char		*unit;		/* 报送单位 */
	char		*date;		/* 登记日期 (case_source), or "" */
	char		*source;	/* 来源 (case_source), or "" */
	char		*domain;	/* 领域 (case_source), or "" */
	char		*handling;	/* 承办单位 (case_source), or "" */
	char		*status;	/* 状态, or 未报进度 */
	char		*closed;	/* 办结日期 */
	char		*result;	/* 处理结果 */
	char		*recovered;	/* 挽回损失(元), canonical decimal */
	char		*elderly;	/* 涉及老年人数 */
	char		*decision;	/* 处罚决定书文号 */
	char		*week;		/* the week of its newest progress */
};

/* What a registered unit sent for the month. */
struct monthly_unit {
	char		*code;
	char		*name;
	int		 sent;		/* its institution list came */
	char		*created;	/* when it was made (the ledger's UTC) */
	char		*received;	/* when it came */
	size_t		 ninst;		/* the institutions on it */
};

/* The headings of the tables, the same in the workbook and the page. */
#define MONTHLY_LIST_COLS	7
#define MONTHLY_SRC_COLS	10
#define MONTHLY_CLUE_COLS	13
#define MONTHLY_SENT_COLS	6
#define MONTHLY_EXTRA_COLS	5
extern const char *const monthly_list_head[MONTHLY_LIST_COLS];
extern const char *const monthly_src_head[MONTHLY_SRC_COLS];
extern const char *const monthly_clue_head[MONTHLY_CLUE_COLS];
extern const char *const monthly_sent_head[MONTHLY_SENT_COLS];
extern const char *const monthly_extra_head[MONTHLY_EXTRA_COLS];

/* The 说明 under the list, the register and the progress table. */
extern const char monthly_list_note[];
extern const char monthly_src_note[];
extern const char monthly_clue_note[];

/* The statuses of case_progress, then 未报进度, as the tables count them. */
#define MONTHLY_STATUSES	6
extern const char *const monthly_status[MONTHLY_STATUSES];

struct monthly {
	char		 period[16];		/* "2023-11" */
	int		 year, month;
	int64_t		 first_day, last_day;	/* days since 1970-01-01 */
	int64_t		 made;			/* Unix time of the tables */
	struct monthly_unit *units;		/* the office's order */
	size_t		 nunits;
	struct monthly_inst *inst;		/* red first */
	size_t		 ninst;
	size_t		 nlevel[ML__MAX];
	struct monthly_source *src;		/* by date */
	size_t		 nsrc;
	struct monthly_clue *clue;
	size_t		 nclue;
	size_t		 nstatus[MONTHLY_STATUSES];
	int64_t		 recovered;		/* cents, of the month's clues */
	long long	 elderly;
};

/*
 * Reads the tables of month period ("2023-11") from the ledger file path
 * into m.  Returns 1 (free with monthly_free), or 0 with a message in
 * err.
 */
int	monthly_load(struct monthly *m, const char *path, const char *period,
	    struct buf *err);

/* Frees what monthly_load put in m. */
void	monthly_free(struct monthly *m);

/* Appends the month of m: "2023年11月". */
void	monthly_month_text(struct buf *b, const struct monthly *m);

/*
 * Writes the tables m as the workbook path (mode 0600: they hold private
 * data), atomically.  Returns 1, or 0 with a message in err.
 */
int	monthly_xlsx(const struct monthly *m, const char *path,
	    struct buf *err);

/* Appends the tables m to b as a whole HTML page, every value escaped. */
void	monthly_html(const struct monthly *m, struct buf *b);

#endif
