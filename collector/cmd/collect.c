/*
 * shouhu-collect: the offline kit of a field unit.  Templates of the
 * campaign's forms, checks of filled files, keys, and signed bundles.
 */
#include <assert.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "bundle/bundle.h"
#include "forms/check.h"
#include "forms/csv.h"
#include "forms/form.h"
#include "bundle/key.h"
#include "lib/period.h"
#include "forms/table.h"
#include "forms/blank.h"
#include "forms/townlist.h"
#include "lib/util.h"
#include "forms/xlsx.h"
#include "cmd/filled.h"
#include "cmd/kit.h"
#include "lib/plat.h"

#include "lib/version.h"

/* The exit status of shouhu-collect (see shouhu-collect(1)). */
enum status {
	ST_OK = 0,	/* done */
	ST_FAIL = 1,	/* the input has a problem, said on stderr */
	ST_USAGE = 2	/* the command line is wrong */
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "用法：shouhu-collect forms\n"
	    "      shouhu-collect template 表单 -o 文件.xlsx（或 文件.csv）[--force]\n"
	    "                              [--towns 镇街.txt]\n"
	    "      shouhu-collect check 表单 文件\n"
	    "      shouhu-collect keygen 单位名称\n"
	    "      shouhu-collect pack --unit 单位代码 --period 期间 --key 单位.key\n"
	    "                          [--to 专项办.pub] 表单=文件 ... -o 数据包.zip\n"
	    "      shouhu-collect verify 数据包.zip [--pub 单位.pub]\n"
	    "      shouhu-collect [--period 期间] [文件 ...]（在单位的工具包里）\n"
	    "\n"
	    "  forms     列出所有表单\n"
	    "  template  下载空白模板，在 Excel、WPS 里填写（也可以是 CSV）；\n"
	    "            文件已经存在时不覆盖（它可能是填好的表），加 --force 才覆盖；\n"
	    "            加 --towns 镇街.txt，.xlsx 模板里填镇街的列有镇街的下拉列表\n"
	    "            （一行一个镇街，专项办用 shouhu towns list --plain 生成）\n"
	    "  check     检查填好的文件，列出每个问题所在的行和列\n"
	    "  keygen    生成单位密钥：单位名称.key（私钥，自己保管）和 .pub（交给专项办）\n"
	    "  pack      检查后打包成签名的数据包，发给专项办\n"
	    "  -o 文件   写到哪个文件（也可以写成 --output 文件）\n"
	    "  verify    核对数据包，显示里面有什么\n"
	    "  文件 ...  在专项办发的工具包里：认出每个文件是哪张表，检查，全部无误时\n"
	    "            打包到“待发送”文件夹；不写文件时打包“填好的表格”里的所有表格\n"
	    "\n"
	    "例如：\n"
	    "  shouhu-collect template hazard_ledger -o 台账.xlsx\n"
	    "  shouhu-collect check hazard_ledger 台账.xlsx\n"
	    "  shouhu-collect pack --unit xinyan --period 2022-W21 --key 新兖镇.key"
	    " \\\n"
	    "      --to 专项办.pub hazard_ledger=台账.xlsx -o 新兖镇-2022-W21.zip\n");
}

static enum status
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "shouhu-collect: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n（用法见 shouhu-collect --help）\n");
	return ST_USAGE;
}

/* Looks up form id, or explains which forms there are. */
static const struct form *
find_form(const char *id)
{
	const struct form *f;
	size_t	 i;

	if ((f = form_find(id)) != NULL)
		return f;
	fprintf(stderr, "shouhu-collect: 没有名为“%s”的表单。可用的表单：\n", id);
	for (i = 0; i < form_count(); i++)
		fprintf(stderr, "  %-18s %s\n", form_at(i)->id,
		    form_at(i)->title);
	return NULL;
}

static enum status
cmd_forms(int argc, char *argv[])
{
	const struct form *f;
	size_t	 i;

	if (argc != 1)
		return usage_error("forms 后面不用加参数（“%s”）", argv[1]);
	for (i = 0; i < form_count(); i++) {
		f = form_at(i);
		printf("%-18s %s（第 %d 版，%s报送，%zu 列）\n", f->id, f->title,
		    f->version, strcmp(f->period, "month") == 0 ? "每月" : "每周",
		    f->nfields);
	}
	return ST_OK;
}

/* Whether form f has a field that holds a town. */
static int
has_town_field(const struct form *f)
{
	size_t	 i;

	for (i = 0; i < f->nfields; i++)
		if (f->fields[i].towns)
			return 1;
	return 0;
}

static enum status
cmd_template(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "towns", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	static const char use[] = "写法：template 表单 -o 文件.xlsx [--force] "
	    "[--towns 镇街.txt]%s";
	const struct form *f;
	struct townlist tl = { NULL, 0 };
	struct buf err = BUF_INIT;
	const char *out = NULL, *towns = NULL;
	enum status st = ST_FAIL;
	int	 c, ok, xlsx, force = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1)
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 't':
			towns = optarg;
			break;
		default:
			return usage_error(use, "");
		}
	if (optind + 1 != argc || out == NULL)
		return usage_error(use, "");
	if ((f = find_form(argv[optind])) == NULL)
		return ST_USAGE;
	xlsx = util_has_suffix(out, ".xlsx");
	if (!xlsx && !util_has_suffix(out, ".csv"))
		return usage_error("模板文件名应当以 .xlsx 或 .csv 结尾（“%s”）", out);
	if (towns != NULL && !townlist_read(&tl, towns, &err))
		goto out;
	if (xlsx)
		ok = blank_xlsx(f, towns != NULL ? &tl : NULL, NULL, out, force,
		    &err);
	else
		ok = blank_csv(f, out, force, &err);
	if (!ok)
		goto out;
	printf("已写入 %s：%s 的填报模板（第 %d 版）\n", out, f->title, f->version);
	if (towns != NULL && !has_town_field(f))
		printf("注意：%s 没有填镇街的列，没有用到 %s 里的镇街名单\n",
		    f->title, towns);
	else if (towns != NULL && !xlsx)
		printf("注意：CSV 模板没有下拉列表，没有用到 %s 里的镇街名单；"
		    "要镇街的下拉列表，请写 .xlsx 模板\n", towns);
	else if (towns != NULL)
		printf("填镇街的列有下拉列表：%zu 个镇街（来自 %s）\n", tl.n,
		    towns);
	st = ST_OK;
out:
	if (st != ST_OK)
		fprintf(stderr, "%s\n", err.ptr);
	townlist_free(&tl);
	buf_free(&err);
	return st;
}

/* What a filled file is, by its first bytes. */
/*
 * Reads and checks one filled file against form f.  Problems go to
 * stderr.  Returns the number of problems (a file that cannot be read
 * counts as one); *rows is set to the number of data rows.
 */
static size_t
check_file(const struct form *f, const char *path, struct checked *ck,
    size_t *rows)
{
	struct filled fl;
	struct buf err = BUF_INIT, out = BUF_INIT;
	size_t	 n = 0;
	long	 v;

	*rows = 0;
	/* by content, not name: files get renamed */
	if (!filled_read(&fl, path, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		n = 1;
		goto out;
	}
	if (fl.info.form != NULL && strcmp(fl.info.form, f->id) != 0) {
		const struct form *other = form_find(fl.info.form);

		fprintf(stderr, "%s: 这是“%s”的模板，不是“%s”的：请检查文件，"
		    "或用 shouhu-collect template %s 重新下载模板\n", path,
		    other ? other->title : fl.info.form, f->title, f->id);
		n = 1;
		goto out;
	}
	if (fl.info.version != NULL && (v = strtol(fl.info.version, NULL,
	    10)) != f->version) {
		fprintf(stderr, "%s: 这是“%s”第 %ld 版的模板，现在用的是第 %d 版："
		    "请用 shouhu-collect template %s -o 新模板.xlsx 下载新模板，"
		    "把数据复制过去\n", path, f->title, v, f->version, f->id);
		n = 1;
		goto out;
	}
	n = check_table(f, path, &fl.t, fl.info.date1904, ck, &out);
	fputs(out.ptr, stderr);
	*rows = ck != NULL ? ck->nrows : fl.t.nrows;
out:
	filled_free(&fl);
	buf_free(&err);
	buf_free(&out);
	return n;
}

static enum status
cmd_check(int argc, char *argv[])
{
	const struct form *f;
	struct checked ck;
	size_t	 n, rows;

	if (argc != 3)
		return usage_error("写法：check 表单 文件%s", "");
	if ((f = find_form(argv[1])) == NULL)
		return ST_USAGE;
	memset(&ck, 0, sizeof(ck));
	n = check_file(f, argv[2], &ck, &rows);
	checked_free(&ck);
	if (n > 0) {
		printf("%s: 发现 %zu 个问题，请改正后再检查\n", argv[2], n);
		return ST_FAIL;
	}
	printf("%s: %s，%zu 行，没有发现问题\n", argv[2], f->title, rows);
	return ST_OK;
}

static enum status
cmd_keygen(int argc, char *argv[])
{
	struct buf err = BUF_INIT;
	enum status rc = ST_OK;

	if (argc != 2)
		return usage_error("写法：keygen 单位名称%s", "");
	if (!key_generate(NULL, argv[1], &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		rc = ST_FAIL;
	} else
		printf("已生成 %s.key（私钥，请妥善保管，不要发给别人）和 %s.pub"
		    "（公钥，请交给专项办登记）\n", argv[1], argv[1]);
	buf_free(&err);
	return rc;
}

/* What pack is asked to do. */
struct pack_opts {
	const char	*unit;		/* --unit */
	const char	*period;	/* --period */
	const char	*keyfile;	/* --key */
	const char	*to;		/* --to, or NULL */
	const char	*out;		/* -o */
	char		**specs;	/* FORM=FILE ... */
	size_t		 nspecs;
};

/*
 * Reads pack's command line into *o.  Returns ST_OK, or ST_USAGE after
 * saying what is wrong.
 */
static enum status
pack_options(int argc, char *argv[], struct pack_opts *o)
{
	static const struct option longopts[] = {
		{ "unit", required_argument, NULL, 'u' },
		{ "period", required_argument, NULL, 'p' },
		{ "key", required_argument, NULL, 'k' },
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1)
		switch (c) {
		case 'u':
			o->unit = optarg;
			break;
		case 'p':
			o->period = optarg;
			break;
		case 'k':
			o->keyfile = optarg;
			break;
		case 't':
			o->to = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		default:
			return usage_error("写法：pack --unit 单位代码 --period 期间 "
			    "--key 单位.key [--to 专项办.pub] 表单=文件 ... -o 数据包.zip%s", "");
		}
	if (o->unit == NULL || o->period == NULL || o->keyfile == NULL ||
	    o->out == NULL)
		return usage_error("pack 需要 --unit、--period、--key 和 -o%s",
		    "");
	if (optind == argc)
		return usage_error("pack 至少要有一个 表单=文件，如 "
		    "hazard_ledger=台账.xlsx%s", "");
	if (!util_has_suffix(o->out, ".zip"))
		return usage_error("数据包文件名应当以 .zip 结尾（“%s”）",
		    o->out);
	o->specs = argv + optind;
	o->nspecs = (size_t)(argc - optind);
	return ST_OK;
}

/*
 * Checks the file of the argument spec (FORM=FILE) against its form and
 * adds the normalised rows to b.  Problems go to stderr and are counted
 * in *problems.  Returns ST_OK, or ST_USAGE when FORM names no form.
 */
static enum status
pack_file(struct bundle *b, char *spec, int is_week, size_t *problems)
{
	const struct form *f;
	struct checked ck;
	struct buf csv = BUF_INIT;
	char	*eq = strchr(spec, '=');
	size_t	 rows, j;

	assert(eq != NULL);
	*eq = '\0';
	f = find_form(spec);
	*eq = '=';
	if (f == NULL)
		return ST_USAGE;
	if ((strcmp(f->period, "week") == 0) != is_week) {
		fprintf(stderr, "shouhu-collect: %s 按%s报送：--period 应当写成%s\n",
		    f->title, is_week ? "月" : "周", is_week ?
		    " 2022-05 这样的月份" : " 2022-W21 这样的周");
		(*problems)++;
		return ST_OK;
	}
	memset(&ck, 0, sizeof(ck));
	*problems += check_file(f, eq + 1, &ck, &rows);
	filled_csv(&csv, f, &ck);
	for (j = 0; j < b->nparts; j++)
		if (strcmp(b->parts[j].form, f->id) == 0)
			break;
	if (j < b->nparts) {
		fprintf(stderr, "shouhu-collect: 表单 %s 出现了两次：每个表单只能"
		    "打包一个文件\n", f->id);
		(*problems)++;
	} else if (!bundle_add(b, f->id, f->version, csv.ptr, csv.len,
	    ck.nrows)) {
		fprintf(stderr, "shouhu-collect: %s 的数据太大（超过 64 MB）：请分"
		    "成几个数据包\n", eq + 1);
		(*problems)++;
	}
	checked_free(&ck);
	buf_free(&csv);
	return ST_OK;
}

static enum status
cmd_pack(int argc, char *argv[])
{
	struct pack_opts o;
	struct key key, office;
	struct period p;
	struct bundle b;
	struct buf err = BUF_INIT;
	size_t	 problems = 0, i;
	char	*eq;
	enum status rc;

	if ((rc = pack_options(argc, argv, &o)) != ST_OK)
		return rc;
	if (!period_parse(o.period, &p)) {
		fprintf(stderr, "shouhu-collect: 报送期间“%s”不对：按周写成 "
		    "2022-W21（第 21 周），按月写成 2022-05\n", o.period);
		return ST_FAIL;
	}
	for (i = 0; i < o.nspecs; i++)
		if ((eq = strchr(o.specs[i], '=')) == NULL ||
		    eq == o.specs[i] || !eq[1])
			return usage_error("“%s”应当写成 表单=文件，如 "
			    "hazard_ledger=台账.xlsx", o.specs[i]);
	memset(&key, 0, sizeof(key));
	memset(&office, 0, sizeof(office));
	bundle_init(&b);
	rc = ST_FAIL;
	if (!key_load_secret(o.keyfile, &key, &err) ||
	    (o.to != NULL && !key_load_public(o.to, &office, &err))) {
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	}
	b.unit_code = xstrdup(o.unit);
	b.unit_name = xstrdup(key.name ? key.name : o.unit);
	b.period = xstrdup(o.period);
	b.collector = xstrdup("shouhu-collect " VERSION);
	for (i = 0; i < o.nspecs; i++)
		if (pack_file(&b, o.specs[i], p.week != 0, &problems) !=
		    ST_OK) {
			rc = ST_USAGE;
			goto out;
		}
	if (problems > 0) {
		fprintf(stderr, "shouhu-collect: 发现 %zu 个问题，没有打包：请改正"
		    "后再打包\n", problems);
		goto out;
	}
	if (!bundle_write(o.out, &b, &key, o.to ? &office : NULL, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	}
	printf("已打包 %s：单位 %s（%s），期间 %s，", o.out, b.unit_name, o.unit,
	    o.period);
	for (i = 0; i < b.nparts; i++)
		printf("%s%s %zu 行", i ? "、" : "", b.parts[i].form,
		    b.parts[i].rows);
	printf("%s\n", o.to ? "，已加密给专项办" : "");
	rc = ST_OK;
out:
	key_free(&key);
	key_free(&office);
	bundle_free(&b);
	buf_free(&err);
	return rc;
}

static enum status
cmd_verify(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "pub", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char *pub = NULL, *path;
	struct bundle b;
	struct key key;
	struct table t;
	struct buf err = BUF_INIT, out = BUF_INIT;
	const struct form *f;
	const char *enc;
	size_t	 i, problems = 0;
	enum status rc = ST_FAIL;
	int	 c;

	memset(&key, 0, sizeof(key));
	bundle_init(&b);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1)
		switch (c) {
		case 'p':
			pub = optarg;
			break;
		default:
			return usage_error("写法：verify 数据包.zip [--pub 单位.pub]%s",
			    "");
		}
	if (optind + 1 != argc)
		return usage_error("写法：verify 数据包.zip [--pub 单位.pub]%s", "");
	path = argv[optind];
	if (!bundle_read(path, &b, &err) ||
	    (pub != NULL && (!key_load_public(pub, &key, &err) ||
	    !bundle_verify_sig(&b, &key, &err)))) {
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	}
	for (i = 0; i < b.nparts; i++) {
		if (!b.parts[i].plain)
			continue;
		if ((f = form_find(b.parts[i].form)) == NULL ||
		    f->version != b.parts[i].version) {
			fprintf(stderr, "%s: %s 第 %d 版不是这个版本的 "
			    "shouhu-collect 认识的表单\n", path, b.parts[i].form,
			    b.parts[i].version);
			problems++;
			continue;
		}
		table_init(&t);
		buf_clear(&err);
		if (!csv_parse(b.parts[i].csv.ptr, b.parts[i].csv.len,
		    b.parts[i].file, &t, &enc, &err)) {
			fprintf(stderr, "%s: %s\n", path, err.ptr);
			problems++;
		} else {
			buf_clear(&out);
			problems += check_table(f, b.parts[i].file, &t, 0, NULL,
			    &out);
			fputs(out.ptr, stderr);
			if (t.nrows != b.parts[i].rows) {
				fprintf(stderr, "%s: %s 有 %zu 行，清单上写的是 "
				    "%zu 行\n", path, b.parts[i].file, t.nrows,
				    b.parts[i].rows);
				problems++;
			}
		}
		table_free(&t);
	}
	printf("数据包 %s\n  单位：%s（%s）\n  期间：%s\n  生成：%s（%s）\n",
	    path, b.unit_name, b.unit_code, b.period, b.created, b.collector);
	for (i = 0; i < b.nparts; i++) {
		f = form_find(b.parts[i].form);
		printf("  %s %s 第 %d 版：%zu 行\n", b.parts[i].form,
		    f ? f->title : "", b.parts[i].version, b.parts[i].rows);
	}
	printf("  加密：%s\n  签名：%s\n", b.sealed ? "已加密给专项办（内容只有"
	    "专项办能核对）" : "未加密", pub ? "有效" :
	    "未核对（用 --pub 单位.pub 核对签名）");
	if (problems > 0) {
		printf("发现 %zu 个问题\n", problems);
		goto out;
	}
	rc = ST_OK;
out:
	key_free(&key);
	bundle_free(&b);
	buf_free(&err);
	buf_free(&out);
	return rc;
}

static enum status
cmd_version(int argc, char *argv[])
{
	printf("shouhu-collect %s\n", VERSION);
	return ST_OK;
}

static enum status
cmd_help(int argc, char *argv[])
{
	usage(stdout);
	return ST_OK;
}

/* The commands, by the first argument. */
static const struct {
	const char	 *name;
	enum status	(*run)(int, char *[]);
} cmds[] = {
	{ "forms", cmd_forms }, { "template", cmd_template },
	{ "check", cmd_check }, { "keygen", cmd_keygen },
	{ "pack", cmd_pack }, { "verify", cmd_verify },
	{ "version", cmd_version }, { "--version", cmd_version },
	{ "help", cmd_help }, { "--help", cmd_help }, { "-h", cmd_help },
};

/* The command arg names, or -1. */
static int
command(const char *arg)
{
	size_t	 i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(arg, cmds[i].name) == 0)
			return (int)i;
	return -1;
}

/*
 * Runs the kit when the program is in one (kit.h): the arguments are the
 * files dropped on it, after an optional --period P.  Returns the exit
 * status, or -1 when the program is not in a kit.
 */
static int
in_kit(int argc, char *argv[])
{
	struct buf root = BUF_INIT;
	const char *period = NULL;
	int	 rc = -1, i = 1;

	if (!kit_find(&root))
		goto out;
	if (argc > 2 && strcmp(argv[1], "--period") == 0) {
		period = argv[2];
		i = 3;
	}
	rc = kit_run(root.ptr, argv + i, (size_t)(argc - i), period);
	fflush(stdout);
	if (plat_interactive())
		plat_wait_enter("\n按回车键关闭这个窗口……");
out:
	buf_free(&root);
	return rc;
}

int
main(int argc, char *argv[])
{
	int	 rc, c = -1;

	setlocale(LC_CTYPE, "C.UTF-8");
	util_progname = "shouhu-collect";
	if (argc < 2 || (c = command(argv[1])) == -1)
		if ((rc = in_kit(argc, argv)) != -1)
			return rc;
	if (argc < 2) {
		usage(stderr);
		return ST_USAGE;
	}
	if (c >= 0)
		return cmds[c].run(argc - 1, argv + 1);
	fprintf(stderr, "shouhu-collect: 没有“%s”这个命令\n", argv[1]);
	usage(stderr);
	return ST_USAGE;
}
