/*
 * kit: a unit's week from its kit, without typing (kit.h).
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/calendar.h"
#include "lib/files.h"
#include "lib/period.h"
#include "lib/plat.h"
#include "lib/utf8.h"
#include "lib/util.h"
#include "lib/version.h"
#include "lib/walk.h"
#include "forms/check.h"
#include "forms/form.h"
#include "bundle/bundle.h"
#include "bundle/key.h"
#include "bundle/kitconf.h"
#include "cmd/filled.h"
#include "cmd/kit.h"

#define CHINA		(8 * 3600)	/* China Standard Time, UTC+8 */
#define DAY		86400
#define PAGE		"问题清单.html"	/* the problems page, at the root */
#define RECORD		"已打包.txt"	/* in KIT_PROGDIR: what was packed */
#define MONTH_ASK_DAYS	5	/* the first days of a month ask which */

static const char *const wdays[] = { "一", "二", "三", "四", "五", "六", "日" };

/* One file handed in. */
struct item {
	char		 *path;
	const char	 *name;		/* its last component */
	const struct form *f;		/* its form, once known */
	struct filled	  fl;
	struct checked	  ck;
	char		  sha[65];	/* of its bytes */
};

/* A kit run. */
struct run {
	const char	 *root;
	struct kitconf	  conf;
	struct key	  key, office;
	struct item	 *items;
	size_t		  nitems;
	struct kit_problems ps;
	struct period	  week, month;	/* the periods packed for */
	struct buf	  tmp;
};

int
kit_find(struct buf *root)
{
	struct buf exe = BUF_INIT, conf = BUF_INIT;
	const char *env = getenv("SHOUHU_KIT");
	char	*slash;
	int	 found = 0;

	buf_clear(root);
	if (env != NULL && *env != '\0') {
		buf_puts(root, env);
		return 1;
	}
	if (!plat_exe_path(&exe) || (slash = strrchr(exe.ptr, '/')) == NULL)
		goto out;
	buf_truncate(&exe, (size_t)(slash - exe.ptr));
	buf_printf(&conf, "%s/" KIT_PROGDIR "/" KIT_CONF, exe.ptr);
	if (access(conf.ptr, F_OK) == 0) {
		buf_puts(root, exe.ptr);
		found = 1;
	} else if ((slash = strrchr(exe.ptr, '/')) != NULL &&
	    strcmp(slash + 1, KIT_PROGDIR) == 0) {
		buf_put(root, exe.ptr, (size_t)(slash - exe.ptr));
		if (root->len == 0)
			buf_puts(root, "/");
		found = 1;
	}
out:
	buf_free(&exe);
	buf_free(&conf);
	return found;
}

/* "ROOT/a/b" into r->tmp; returns its string (valid until the next). */
static const char *
at(struct run *r, const char *a, const char *b)
{
	buf_clear(&r->tmp);
	buf_printf(&r->tmp, "%s/%s%s%s", r->root, a, b ? "/" : "", b ? b : "");
	return r->tmp.ptr;
}

/* Loads the kit's settings and keys.  Returns 1, or 0 after saying why. */
static int
load_kit(struct run *r)
{
	struct buf err = BUF_INIT;
	int	 ok;

	ok = kitconf_read(&r->conf, at(r, KIT_PROGDIR, KIT_CONF), &err) &&
	    key_crypto_init(&err) &&
	    key_load_secret(at(r, KIT_PROGDIR, KIT_KEY), &r->key, &err) &&
	    key_load_public(at(r, KIT_PROGDIR, KIT_OFFICE_PUB), &r->office,
	    &err);
	if (!ok)
		printf("%s\n工具包不全或被改动过：请向专项办重新要一份工具包。\n",
		    err.ptr);
	buf_free(&err);
	return ok;
}

/* Names a person may find in 填好的表格/ that are not forms. */
static int
not_a_form(const char *name)
{
	return strncmp(name, "~$", 2) == 0 || strcasecmp(name,
	    "desktop.ini") == 0 || strcasecmp(name, "Thumbs.db") == 0 ||
	    strcmp(name, PAGE) == 0;
}

static void
add_item(struct run *r, const char *path)
{
	struct item *it;
	const char *slash;

	r->items = xreallocarray(r->items, r->nitems + 1, sizeof(*r->items));
	it = &r->items[r->nitems++];
	memset(it, 0, sizeof(*it));
	it->path = xstrdup(path);
	slash = strrchr(it->path, '/');
#ifdef _WIN32
	if (strrchr(it->path, '\\') > slash)
		slash = strrchr(it->path, '\\');
#endif
	it->name = slash ? slash + 1 : it->path;
}

static enum walk_next
take_filled(const struct walk_entry *e, void *arg)
{
	if (e->kind == WALK_DIR)
		return WALK_SKIP;
	if (e->kind == WALK_FILE && !not_a_form(e->name))
		add_item(arg, e->path);
	return WALK_GO;
}

/* Whether Excel or WPS holds the file it->path open: its owner file
 * "~$NAME" is beside it (Excel drops the first two characters of a long
 * name: "~$ME"). */
static int
held_open(struct run *r, const struct item *it)
{
	struct buf lock = BUF_INIT;
	size_t	 dir = (size_t)(it->name - it->path), skip, i;
	uint32_t cp;
	int	 held;

	buf_put(&lock, it->path, dir);
	buf_printf(&lock, "~$%s", it->name);
	held = access(lock.ptr, F_OK) == 0;
	for (skip = 0, i = 0; i < 2 && it->name[skip] != '\0'; i++)
		skip += utf8_next(it->name + skip, strlen(it->name + skip), &cp);
	if (!held && strlen(it->name + skip) > 5) {
		buf_truncate(&lock, dir);
		buf_printf(&lock, "~$%s", it->name + skip);
		held = access(lock.ptr, F_OK) == 0;
	}
	(void)r;
	buf_free(&lock);
	return held;
}

/* Whether the kit sends form id. */
static int
kit_sends(const struct kitconf *k, const char *id)
{
	size_t	 i;

	for (i = 0; i < k->nforms; i++)
		if (strcmp(k->forms[i], id) == 0)
			return 1;
	return 0;
}

/* The kit's form whose columns a CSV header names best, or NULL. */
static const struct form *
csv_form(const struct kitconf *k, const struct table *t)
{
	const struct form *f, *best = NULL;
	size_t	 i, n, most = 0;

	for (i = 0; i < k->nforms; i++)
		if ((f = form_find(k->forms[i])) != NULL &&
		    (n = check_header_fields(f, t)) > most &&
		    2 * n >= f->nfields) {
			most = n;
			best = f;
		}
	return best;
}

/*
 * Reads one file, tells its form and checks it, adding its problems.
 */
static void
read_item(struct run *r, struct item *it)
{
	struct buf err = BUF_INIT, out = BUF_INIT, bytes = BUF_INIT;
	const struct form *f;
	const char *id;

	if (strncmp(it->name, "~$", 2) == 0) {
		kit_problem_add(&r->ps, it->name, NULL, NULL, "这是 Excel 或 WPS "
		    "打开表格时临时生成的文件，不是表格", "不用管它：关掉表格后它会"
		    "自己消失；请拖入表格本身");
		goto out;
	}
	if (held_open(r, it)) {
		kit_problem_add(&r->ps, it->name, NULL, NULL, "这个表格还在 Excel "
		    "或 WPS 里开着", "请先保存并关闭它，再打包");
		goto out;
	}
	if (files_read(&bytes, it->path))
		key_sha256_hex(it->sha, bytes.ptr, bytes.len);
	else {
		kit_problem_add(&r->ps, it->name, NULL, NULL, errno == ENOENT ?
		    "找不到这个文件" : "打不开这个文件", errno == ENOENT ?
		    "请检查它还在不在原来的地方" : "它可能还在别的程序里开着：请关"
		    "掉后再试");
		goto out;
	}
	if (!filled_read(&it->fl, it->path, &err)) {
		/* the message begins with the path: the page shows the name */
		kit_problem_message(&r->ps, it->name, strncmp(err.ptr, it->path,
		    strlen(it->path)) == 0 ? err.ptr + strlen(it->path) + 2 :
		    err.ptr, "请用工具包“" KIT_BLANKDIR "”里的模板重新填写");
		goto out;
	}
	id = it->fl.info.form;
	if (it->fl.kind == FILLED_CSV)
		f = csv_form(&r->conf, &it->fl.t);
	else
		f = id != NULL ? form_find(id) : NULL;
	if (f == NULL) {
		kit_problem_add(&r->ps, it->name, NULL, NULL, it->fl.kind ==
		    FILLED_CSV ? "认不出这是哪张表：第一行不是模板的列名" :
		    "这个表格不是用工具包里的模板填的，认不出是哪张表",
		    "请把数据复制到“" KIT_BLANKDIR "”里同名的模板，保存到“"
		    KIT_FILLED "”，再打包");
		goto out;
	}
	if (it->fl.info.unit != NULL &&
	    strcmp(it->fl.info.unit, r->conf.unit_code) != 0) {
		buf_clear(&err);
		buf_printf(&err, "这是另一个单位（代码 %s）的模板，不是本单位（%s）"
		    "的", it->fl.info.unit, r->conf.unit_name);
		kit_problem_add(&r->ps, it->name, NULL, NULL, err.ptr, "请用本工"
		    "具包“" KIT_BLANKDIR "”里的模板，把数据复制过去再保存");
		goto out;
	}
	if (it->fl.info.version != NULL &&
	    strtol(it->fl.info.version, NULL, 10) != f->version) {
		buf_clear(&err);
		buf_printf(&err, "这是“%s”的旧模板（第 %s 版，现在是第 %d 版）",
		    f->title, it->fl.info.version, f->version);
		kit_problem_add(&r->ps, it->name, NULL, NULL, err.ptr, "请把数据"
		    "复制到“" KIT_BLANKDIR "”里的新模板，再保存");
		goto out;
	}
	if (!kit_sends(&r->conf, f->id)) {
		buf_clear(&err);
		buf_printf(&err, "本单位的工具包里没有“%s”这张表", f->title);
		kit_problem_add(&r->ps, it->name, NULL, NULL, err.ptr,
		    "请向专项办确认要不要报这张表");
		goto out;
	}
	it->f = f;
	check_table(f, it->name, &it->fl.t, it->fl.info.date1904, &it->ck,
	    &out);
	kit_problem_checks(&r->ps, it->name, out.ptr);
out:
	buf_free(&err);
	buf_free(&out);
	buf_free(&bytes);
}

/* Two files of one form: a problem on the second, naming the first. */
static void
duplicates(struct run *r)
{
	struct buf what = BUF_INIT;
	size_t	 i, j;

	for (i = 0; i < r->nitems; i++)
		for (j = 0; j < i; j++)
			if (r->items[i].f != NULL && r->items[i].f ==
			    r->items[j].f) {
				buf_clear(&what);
				buf_printf(&what, "和“%s”是同一张表（%s）",
				    r->items[j].name, r->items[i].f->title);
				kit_problem_add(&r->ps, r->items[i].name, NULL,
				    NULL, what.ptr, "一次只能交一份：请把两份合成"
				    "一个文件，或把不要的那份从“" KIT_FILLED
				    "”里移走");
				break;
			}
	buf_free(&what);
}

/* Appends "2023年第45周" or "2023年11月" for p to b; with the days of a
 * week when days. */
static void
period_words(struct buf *b, const struct period *p, int days)
{
	int64_t	 y;
	int	 m1, d1, m2, d2;

	if (p->week == 0) {
		buf_printf(b, "%d年%d月", p->year, p->month);
		return;
	}
	buf_printf(b, "%d年第%d周", p->year, p->week);
	if (days) {
		cal_date(p->first_day, &y, &m1, &d1);
		cal_date(p->last_day, &y, &m2, &d2);
		buf_printf(b, "（%d月%d日—%d月%d日）", m1, d1, m2, d2);
	}
}

/*
 * Asks on standard input which of a and b is meant, after question.
 * Returns 1 (a), 2 (b), or 0 when no answer came.
 */
static int
ask(const char *question, const char *a, const char *b)
{
	char	 line[64];
	char	*s;
	int	 tries;

	printf("%s\n  1  %s\n  2  %s\n", question, a, b);
	for (tries = 0; tries < 3; tries++) {
		printf("请输入 1 或 2，然后按回车：");
		fflush(stdout);
		if (fgets(line, sizeof(line), stdin) == NULL)
			break;
		for (s = line; *s == ' ' || *s == '\t'; s++)
			;
		if (*s == '1' || strncmp(s, "１", 3) == 0)
			return 1;
		if (*s == '2' || strncmp(s, "２", 3) == 0)
			return 2;
	}
	printf("\n");
	return 0;
}

/*
 * Decides the week (is_week) or month the forms are for, from the clock:
 * the week whose deadline is next (in the day after a deadline, the
 * question whether the late week or the next one), the current month (in
 * its first days, the question whether last month).  Returns 1, or 0
 * after saying why not.
 */
static int
decide(struct run *r, int is_week, struct period *out)
{
	struct buf q = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	struct period p, next;
	int64_t	 now = util_now(), day, deadline;
	int64_t	 y;
	int	 m, d, ok = 0;

	day = cal_floordiv(now + CHINA, DAY);
	if (!period_of_date(day, is_week, &p)) {
		printf("电脑的日期不对（%lld）：请把电脑的日期和时间改对，再打包。\n",
		    (long long)now);
		goto out;
	}
	cal_date(day, &y, &m, &d);
	if (is_week) {
		deadline = (p.first_day + r->conf.wday - 1) * DAY +
		    r->conf.hour * 3600 + r->conf.min * 60 - CHINA;
		if (now <= deadline) {
			*out = p;
			ok = 1;
			goto out;
		}
		(void)period_of_date(p.last_day + 1, 1, &next);
		if (now >= deadline + DAY) {
			*out = next;
			ok = 1;
			goto out;
		}
		buf_printf(&q, "现在是 %d月%d日 %02lld:%02lld，", m, d,
		    (long long)(cal_floormod(now + CHINA, DAY) / 3600),
		    (long long)(cal_floormod(now + CHINA, DAY) % 3600 / 60));
		period_words(&q, &p, 1);
		buf_printf(&q, "的报送截止时间（星期%s %02d:%02d）已经过了。"
		    "这次报的是哪一周？", wdays[r->conf.wday - 1],
		    r->conf.hour, r->conf.min);
		period_words(&a, &p, 1);
		buf_puts(&a, "，迟报");
		period_words(&b, &next, 1);
	} else {
		if (d > MONTH_ASK_DAYS) {
			*out = p;
			ok = 1;
			goto out;
		}
		(void)period_of_date(p.first_day - 1, 0, &next);
		buf_printf(&q, "现在是 %d月%d日。这次报的月度表格是哪个月的？", m,
		    d);
		period_words(&a, &next, 0);
		buf_puts(&a, "（上个月）");
		period_words(&b, &p, 0);
		buf_puts(&b, "（这个月）");
	}
	switch (ask(q.ptr, a.ptr, b.ptr)) {
	case 1:
		*out = is_week ? p : next;
		ok = 1;
		break;
	case 2:
		*out = is_week ? next : p;
		ok = 1;
		break;
	default:
		printf("没有得到回答，没有打包：请重新打包，并回答 1 或 2。\n");
		break;
	}
out:
	buf_free(&q);
	buf_free(&a);
	buf_free(&b);
	return ok;
}

/* The period decided for form f's kind. */
static const struct period *
period_for(const struct run *r, const struct form *f)
{
	return strcmp(f->period, "week") == 0 ? &r->week : &r->month;
}

/*
 * A file packed before for another period with the very same bytes is
 * last time's form: a problem.  The record is RECORD, a line per packed
 * file: "SHA256 PERIOD BUNDLE FILE" separated by tabs.
 */
static void
packed_before(struct run *r)
{
	struct buf rec = BUF_INIT, what = BUF_INIT, per = BUF_INIT;
	struct period p;
	const char *l, *e, *t1, *t2, *t3;
	size_t	 i;

	if (!files_read(&rec, at(r, KIT_PROGDIR, RECORD)))
		goto out;
	for (i = 0; i < r->nitems; i++) {
		if (r->items[i].f == NULL)
			continue;
		for (l = rec.ptr; *l != '\0'; l = *e ? e + 1 : e) {
			if ((e = strchr(l, '\n')) == NULL)
				e = l + strlen(l);
			if ((size_t)(e - l) < 66 || memcmp(l, r->items[i].sha,
			    64) != 0 || l[64] != '\t' ||
			    (t1 = memchr(l + 65, '\t', (size_t)(e - l - 65))) ==
			    NULL || (t2 = memchr(t1 + 1, '\t', (size_t)(e - t1 -
			    1))) == NULL)
				continue;
			buf_clear(&per);
			buf_put(&per, l + 65, (size_t)(t1 - l - 65));
			if (!period_parse(per.ptr, &p) ||
			    memcmp(&p, period_for(r, r->items[i].f),
			    sizeof(p)) == 0)
				continue;
			t3 = t1 + 1;
			buf_clear(&what);
			buf_puts(&what, "这个文件和");
			period_words(&what, &p, 0);
			buf_puts(&what, "打包过的一模一样（");
			buf_put(&what, t3, (size_t)(t2 - t3));
			buf_puts(&what, "）");
			kit_problem_add(&r->ps, r->items[i].name, NULL, NULL,
			    what.ptr, "这是上次的表格吗？请把这次的情况填进去，"
			    "保存后再打包");
			break;
		}
	}
out:
	buf_free(&rec);
	buf_free(&what);
	buf_free(&per);
}

/* Appends name with what a file name may not hold replaced by "_". */
static void
file_safe(struct buf *b, const char *name)
{
	for (; *name != '\0'; name++)
		buf_putc(b, strchr("/\\:*?\"<>|", *name) != NULL ||
		    (unsigned char)*name < 0x20 ? '_' : *name);
}

/*
 * Packs the checked items of p's kind into 待发送/UNIT-PERIOD.zip (a
 * number added when that name is taken) and records them.  Returns 1, or
 * 0 after saying why.
 */
static int
pack(struct run *r, const struct period *p, struct buf *record)
{
	struct bundle b;
	struct buf path = BUF_INIT, base = BUF_INIT, csv = BUF_INIT;
	struct buf err = BUF_INIT;
	char	 pid[16];
	size_t	 i, n;
	int	 ok = 0, k;

	bundle_init(&b);
	period_format(p, pid, sizeof(pid));
	b.unit_code = xstrdup(r->conf.unit_code);
	b.unit_name = xstrdup(r->conf.unit_name);
	b.period = xstrdup(pid);
	b.collector = xstrdup("shouhu-collect " VERSION);
	for (i = 0; i < r->nitems; i++) {
		if (period_for(r, r->items[i].f) != p)
			continue;
		buf_clear(&csv);
		filled_csv(&csv, r->items[i].f, &r->items[i].ck);
		if (!bundle_add(&b, r->items[i].f->id, r->items[i].f->version,
		    csv.ptr, csv.len, r->items[i].ck.nrows)) {
			printf("%s: 数据太大（超过 64 MB），没有打包：请分成几个文件，"
			    "分几次打包\n", r->items[i].name);
			goto out;
		}
	}
	file_safe(&base, r->conf.unit_name);
	buf_putc(&base, '-');
	period_words(&base, p, 0);
	for (k = 1; ; k++) {
		buf_clear(&path);
		buf_printf(&path, "%s/" KIT_OUTBOX "/%s", r->root, base.ptr);
		if (k > 1)
			buf_printf(&path, "（%d）", k);
		buf_puts(&path, ".zip");
		if (access(path.ptr, F_OK) != 0)
			break;
	}
	if (!bundle_write(path.ptr, &b, &r->key, &r->office, &err)) {
		printf("%s\n没有打包：请检查“" KIT_OUTBOX "”文件夹能不能写入"
		    "（U 盘是否写保护、空间是否够）。\n", err.ptr);
		goto out;
	}
	n = strlen(r->root) + strlen("/" KIT_OUTBOX "/");
	printf("已打包：" KIT_OUTBOX "/%s\n", path.ptr + n);
	for (i = 0; i < r->nitems; i++)
		if (period_for(r, r->items[i].f) == p) {
			printf("  %s %zu 行（%s）\n", r->items[i].f->title,
			    r->items[i].ck.nrows, r->items[i].name);
			buf_printf(record, "%s\t%s\t%s\t%s\n", r->items[i].sha,
			    pid, path.ptr + n, r->items[i].name);
		}
	printf("下一步：把“" KIT_OUTBOX "”文件夹里的 %s 用电子邮件发给%s。\n",
	    path.ptr + n, r->conf.office);
	ok = 1;
out:
	bundle_free(&b);
	buf_free(&path);
	buf_free(&base);
	buf_free(&csv);
	buf_free(&err);
	return ok;
}

/* Shows the problems: the console, and the page in the browser. */
static void
show_problems(struct run *r)
{
	struct buf err = BUF_INIT;
	const char *page = at(r, PAGE, NULL);

	printf("发现 %zu 个问题，没有打包：\n", r->ps.n);
	kit_problems_print(stdout, &r->ps);
	if (kit_page_write(page, &r->ps, &r->conf, &err)) {
		printf("问题清单也写在工具包的“" PAGE "”里");
		printf(plat_open_document(page) ? "，已在浏览器中打开。\n" :
		    "，可以用浏览器打开。\n");
	} else
		printf("（%s）\n", err.ptr);
	printf("请改好后保存，再打包。\n");
	buf_free(&err);
}

int
kit_run(const char *root, char *const files[], size_t nfiles,
    const char *period)
{
	struct run r;
	struct buf err = BUF_INIT, record = BUF_INIT, all = BUF_INIT;
	struct period given;
	size_t	 i;
	int	 rc = 1, weeks = 0, months = 0, nerr = 0;

	memset(&r, 0, sizeof(r));
	r.root = root;
	buf_init(&r.tmp);
	if (period != NULL && !period_parse(period, &given)) {
		printf("报送期间“%s”不对：按周写成 2023-W45，按月写成 2023-11。\n",
		    period);
		goto out;
	}
	if (!load_kit(&r))
		goto out;
	printf("单位：%s（代码 %s）\n", r.conf.unit_name, r.conf.unit_code);
	for (i = 0; i < nfiles; i++) {
		struct stat st;

		/* a folder dropped: the files in it, as a double-click takes
		 * those of 填好的表格 */
		if (stat(files[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (!walk_tree(files[i], 0, take_filled, &r, &err,
			    &nerr)) {
				printf("%s\n", err.ptr);
				goto out;
			}
		} else
			add_item(&r, files[i]);
	}
	if (nfiles == 0 && !walk_tree(at(&r, KIT_FILLED, NULL),
	    WALK_MISSING_OK, take_filled, &r, &err, &nerr)) {
		printf("%s\n", err.ptr);
		goto out;
	}
	if (r.nitems == 0) {
		printf("“" KIT_FILLED "”文件夹里没有表格：请把填好的表格保存到这个"
		    "文件夹，再双击“打包报送”（或把表格拖到它上面）。\n");
		goto out;
	}
	for (i = 0; i < r.nitems; i++) {
		read_item(&r, &r.items[i]);
		if (r.items[i].f != NULL) {
			weeks += strcmp(r.items[i].f->period, "week") == 0;
			months += strcmp(r.items[i].f->period, "week") != 0;
		}
	}
	duplicates(&r);
	if (r.ps.n > 0) {
		show_problems(&r);
		goto out;
	}
	if (period != NULL && ((given.week != 0 && months > 0) ||
	    (given.week == 0 && weeks > 0))) {
		printf("报送期间 %s 是%s，但表格里有按%s报的表：请分开打包。\n",
		    period, given.week ? "一周" : "一个月", given.week ? "月" :
		    "周");
		goto out;
	}
	if (weeks > 0) {
		if (period != NULL)
			r.week = given;
		else if (!decide(&r, 1, &r.week))
			goto out;
	}
	if (months > 0) {
		if (period != NULL)
			r.month = given;
		else if (!decide(&r, 0, &r.month))
			goto out;
	}
	packed_before(&r);
	if (r.ps.n > 0) {
		show_problems(&r);
		goto out;
	}
	if ((weeks > 0 && !pack(&r, &r.week, &record)) ||
	    (months > 0 && !pack(&r, &r.month, &record)))
		goto out;
	/* the record only warns of a file sent again: a failure to keep
	 * it loses nothing that was packed */
	if (!files_read(&all, at(&r, KIT_PROGDIR, RECORD)))
		buf_clear(&all);
	buf_put(&all, record.ptr, record.len);
	buf_clear(&err);
	if (!files_write(at(&r, KIT_PROGDIR, RECORD), all.ptr, all.len, 0644,
	    1, &err))
		printf("（记录没有写上：%s）\n", err.ptr);
	(void)unlink(at(&r, PAGE, NULL));
	rc = 0;
out:
	for (i = 0; i < r.nitems; i++) {
		free(r.items[i].path);
		filled_free(&r.items[i].fl);
		checked_free(&r.items[i].ck);
	}
	free(r.items);
	kit_problems_free(&r.ps);
	kitconf_free(&r.conf);
	key_free(&r.key);
	key_free(&r.office);
	buf_free(&r.tmp);
	buf_free(&err);
	buf_free(&record);
	buf_free(&all);
	return rc;
}
