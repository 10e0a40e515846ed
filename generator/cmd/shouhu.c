#include <assert.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "office/backup.h"
#include "office/cases.h"
#include "lib/buf.h"
#include "lib/files.h"
#include "site/build.h"
#include "bundle/bundle.h"
#include "office/ingest_run.h"
#include "office/kitmake.h"
#include "bundle/key.h"
#include "office/ledger.h"
#include "lib/date.h"
#include "lib/period.h"
#include "office/report_run.h"
#include "office/towns_run.h"
#include "office/units_run.h"
#include "site/scaffold.h"
#include "serve/serve.h"
#include "lib/util.h"

#include "lib/version.h"

/* Prints the usage of every command and their options to f. */
static void
usage(FILE *f)
{
	fprintf(f,
	    "用法：shouhu build [-C 网站目录] [-o 输出目录] [--ledger 账本] [--drafts] [-j N]\n"
	    "                   [--force] [-q]\n"
	    "      shouhu new [-C 网站目录] [--kind 原型] 栏目/文章.md\n"
	    "      shouhu init 新网站目录\n"
	    "      shouhu serve [-C 网站目录] [--port 1313] [--bind 127.0.0.1] [--drafts]\n"
	    "                   [--ledger 账本]\n"
	    "      shouhu ingest [--ledger 账本] [--key 专项办.key] [--quarantine 文件夹]\n"
	    "                    [-q] [-v] 数据包或文件夹...\n"
	    "      shouhu units add [--ledger 账本] [--replace] 单位代码 单位名称 单位.pub\n"
	    "      shouhu units list [--ledger 账本]\n"
	    "      shouhu units order [--ledger 账本] 单位代码...\n"
	    "      shouhu units kit [--ledger 账本] --office 专项办.pub [--office-name 名称]\n"
	    "                       [--deadline \"4 10:00\"] [--forms 表,...] [--replace]\n"
	    "                       [--windows 程序.exe] 单位代码 单位名称 -o 工具包文件夹\n"
	    "      shouhu towns add [--ledger 账本] 镇街名 [其他写法...]\n"
	    "      shouhu towns import [--ledger 账本] 名单.txt\n"
	    "      shouhu towns remove [--ledger 账本] 镇街名或写法...\n"
	    "      shouhu towns list [--ledger 账本] [--plain]\n"
	    "      shouhu ledger check [--ledger 账本]\n"
	    "      shouhu ledger backup [--ledger 账本] [--force] 备份文件\n"
	    "      shouhu report --period 2022-W21 [--ledger 账本] -o 周报.xlsx [--html 周报.html]\n"
	    "                    [--deadline \"4 10:00\"]\n"
	    "      shouhu report --period 2022-05 [--ledger 账本] -o 月报.xlsx [--html 月报.html]\n"
	    "      shouhu cases list [--ledger 账本] [--pending]\n"
	    "      shouhu cases approve [--ledger 账本] 编号...\n"
	    "      shouhu cases withdraw [--ledger 账本] 编号... --reason 原因\n"
	    "      shouhu version\n"
	    "\n"
	    "  build     把网站目录（默认当前目录）生成到输出目录（默认 网站目录/public）\n"
	    "  -C 目录   网站目录：里面有 scripts/site.lua、content/ 和 themes/\n"
	    "  -o 目录   生成的网站放在哪里\n"
	    "  --ledger  数据页面用的账本（默认 网站目录/ledger.db，没有也能生成）\n"
	    "  --drafts  也生成草稿和日期在将来的文章（预览用）\n"
	    "  -j N      用 N 个进程生成（默认每个处理器一个）\n"
	    "  --force   即使没有改动也重新生成\n"
	    "  -q        成功时不显示任何信息\n"
	    "  new       在网站的 content/ 里照原型新建一篇文章（草稿），如\n"
	    "            shouhu new fangpian/标题.md；原型先找网站的 archetypes/，\n"
	    "            再找主题的：栏目名.md，再 default.md\n"
	    "  --kind    用哪个原型（archetypes/ 里的文件名，不带 .md）\n"
	    "  init      新建一个网站：配置（scripts/site.lua）、栏目、示例文章；\n"
	    "            主题用安装好的 default\n"
	    "\n"
	    "  serve     写文章时预览网站：生成到临时文件夹，在浏览器里打开显示的网址；\n"
	    "            改动文章、模板或脚本后自动重新生成，网页自动刷新（Ctrl-C 停止）\n"
	    "  --port    网页服务器的端口（默认 1313；0 表示自动选一个空闲端口）\n"
	    "  --bind    在哪个地址上提供预览（默认 127.0.0.1，只有本机能打开）\n"
	    "\n"
	    "  ingest    把各单位报送的数据包（.zip，或放数据包的文件夹）收进账本；\n"
	    "            拒收的复制到账本旁边的 quarantine/ 文件夹，附上原因\n"
	    "  --ledger  账本文件（默认 ledger.db）\n"
	    "  --key     专项办的私钥，用来打开加密的数据包\n"
	    "  --quarantine 拒收的文件放在哪个文件夹（默认账本旁边的 quarantine/）\n"
	    "  -v        每个数据包显示一行\n"
	    "  units     登记报送单位和它的公钥（add），列出已登记的单位（list），\n"
	    "            或定下单位的顺序（order：写出的单位按写的顺序排在前面，\n"
	    "            其余的保持原来的先后；周报按这个顺序）\n"
	    "  --replace 单位已登记时，换成新的名称和公钥（kit：新的密钥，旧的作废）\n"
	    "  kit       给单位做工具包（复制到 U 盘交给单位）：登记单位和新做的密钥，\n"
	    "            写出空白表格、打包程序（Windows 和 Linux）、使用说明\n"
	    "  --office  专项办的公钥文件，单位的数据包加密给它\n"
	    "  --office-name 单位看到的专项办名称（默认“专项办”）\n"
	    "  --deadline 单位每周报送的截止时间，写进工具包（默认 \"星期四 10:00\"）\n"
	    "  --forms   单位要报的表（代号用逗号隔开，默认全部）\n"
	    "  --windows Windows 程序（默认找 make windows 做出的 shouhu-collect.exe）\n"
	    "  towns     全县镇街名单：加上镇街和它的其他写法（add），从文本文件导入\n"
	    "            （import，一行一个镇街，后面是其他写法），删掉镇街或一种\n"
	    "            写法（remove），列出（list）；\n"
	    "            网站的统计按名单上的名称计数\n"
	    "  --plain   只列出镇街名称，一行一个\n"
	    "  ledger    完整检查账本（check），或把账本备份成一个文件（backup，\n"
	    "            接收数据包时也可以备份）\n"
	    "\n"
	    "  report    一周的上报表格（附件1、附件2、报送情况），或一个月的表格（养老机构\n"
	    "            风险管控名单、案件来源登记表、案件查办进度表）写成 .xlsx（和 --html 网页）\n"
	    "  --period  周，如 2023-W45，或这一周里的一天，如 2023-11-09；月，如 2023-11\n"
	    "  --deadline 周报的截止时间：星期几和北京时间，如 \"星期四 10:00\"（默认），或 \"4 10:00\"\n"
	    "\n"
	    "  cases     专项办审核单位申请公开的典型案例：列出（list，每行开头是编号）、\n"
	    "            批准公布（approve，撤下的也可以再批准）、撤下（withdraw）；\n"
	    "            网站只公布批准了的案例\n"
	    "  --pending 只列出待批准的案例\n"
	    "  --reason  撤下的原因（记入账本）\n");
}

/* The exit status of shouhu (see shouhu(1), EXIT STATUS). */
enum status {
	ST_OK = 0,	/* done */
	ST_FAIL = 1,	/* the input has a problem, said on stderr */
	ST_USAGE = 2	/* the command line is wrong */
};

/* Every option of every command; each command takes some of them. */
struct opts {
	const char	*site;		/* -C */
	const char	*out;		/* -o */
	const char	*ledger;	/* --ledger, or the command's default */
	const char	*key;		/* --key */
	const char	*quarantine;	/* --quarantine */
	const char	*period;	/* --period */
	const char	*html;		/* --html */
	const char	*deadline;	/* --deadline */
	const char	*kind;		/* --kind */
	const char	*bind;		/* --bind */
	int		 port;		/* --port, SERVE_PORT without it */
	int		 jobs;		/* -j, 0 for one per processor */
	int		 drafts;	/* --drafts */
	int		 force;		/* --force */
	int		 quiet;		/* -q */
	int		 verbose;	/* -v */
	int		 replace;	/* --replace */
	int		 pending;	/* --pending */
	const char	*reason;	/* --reason */
	int		 plain;		/* --plain */
	const char	*office;	/* --office */
	const char	*office_name;	/* --office-name */
	const char	*forms;		/* --forms */
	const char	*windows;	/* --windows */
};

/* The long options; the letter is what getopt_long returns for each. */
static const struct option longopts[] = {
	{ "bind", required_argument, NULL, 'B' },
	{ "deadline", required_argument, NULL, 'd' },
	{ "drafts", no_argument, NULL, 'D' },
	{ "force", no_argument, NULL, 'f' },
	{ "forms", required_argument, NULL, 'F' },
	{ "help", no_argument, NULL, 'h' },
	{ "html", required_argument, NULL, 'H' },
	{ "key", required_argument, NULL, 'k' },
	{ "kind", required_argument, NULL, 'K' },
	{ "ledger", required_argument, NULL, 'l' },
	{ "office", required_argument, NULL, 'O' },
	{ "office-name", required_argument, NULL, 'M' },
	{ "pending", no_argument, NULL, 'N' },
	{ "period", required_argument, NULL, 'p' },
	{ "plain", no_argument, NULL, 'T' },
	{ "port", required_argument, NULL, 'P' },
	{ "quarantine", required_argument, NULL, 'Q' },
	{ "reason", required_argument, NULL, 'R' },
	{ "replace", no_argument, NULL, 'r' },
	{ "windows", required_argument, NULL, 'W' },
	{ NULL, 0, NULL, 0 }
};

/*
 * A command: its name, the short options it takes (as getopt writes
 * them), the letters of the long options it takes, the ledger it uses
 * without --ledger, and what runs it with the options and the operands
 * (argv[0..argc), the words after the options).
 */
struct command {
	const char	*name;
	const char	*shorts;
	const char	*longs;
	const char	*ledger;
	enum status	(*run)(const struct opts *o, int argc, char *argv[]);
};

/* The whole number s, from lo to hi, into *n.  Returns 1, or 0 if not. */
static int
in_range(const char *s, long lo, long hi, int *n)
{
	char	*end;
	long	 v;

	v = strtol(s, &end, 10);
	if (*end != '\0' || end == s || v < lo || v > hi)
		return 0;
	*n = (int)v;
	return 1;
}

/*
 * Reads the options of command c from argv[1..argc) into *o.  Returns
 * ST_OK with optind at the first operand, or ST_USAGE after a message;
 * *help is set for -h and --help (the usage is then printed).
 */
static enum status
parse(const struct command *c, int argc, char *argv[], struct opts *o,
    int *help)
{
	const char *arg;
	char	 shorts[32];
	int	 ch, li;

	memset(o, 0, sizeof(*o));
	o->ledger = c->ledger;
	o->port = SERVE_PORT;
	*help = 0;
	/* ":" first: a missing value is ':', and getopt prints nothing */
	snprintf(shorts, sizeof(shorts), ":%sh", c->shorts);
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, shorts, longopts, &li)) != -1) {
		if (ch == 'h') {
			usage(stdout);
			*help = 1;
			return ST_OK;
		}
		if (ch == ':') {
			fprintf(stderr, "shouhu: 选项 %s 后面要给出它的值\n",
			    argv[optind - 1]);
			usage(stderr);
			return ST_USAGE;
		}
		if (ch == '?') {
			arg = argv[optind - 1];
			if (strncmp(arg, "--", 2) != 0)
				fprintf(stderr, "shouhu: %s 没有 -%c 这个选项\n",
				    c->name, optopt);
			else if (optopt != 0)
				fprintf(stderr, "shouhu: 选项 %.*s 后面不接值"
				    "（“%s”）\n", (int)strcspn(arg, "="), arg,
				    arg);
			else
				fprintf(stderr, "shouhu: %s 没有 %s 这个选项\n",
				    c->name, arg);
			usage(stderr);
			return ST_USAGE;
		}
		if (strchr(c->shorts, ch) == NULL && strchr(c->longs, ch) ==
		    NULL) {
			fprintf(stderr, "shouhu: %s 没有 --%s 这个选项\n", c->name,
			    longopts[li].name);
			usage(stderr);
			return ST_USAGE;
		}
		switch (ch) {
		case 'C': o->site = optarg; break;
		case 'o': o->out = optarg; break;
		case 'j':
			if (!in_range(optarg, 1, 256, &o->jobs)) {
				fprintf(stderr, "shouhu: -j 后面应当是 1 到 256 之间的"
				    "进程数，不是“%s”\n", optarg);
				return ST_USAGE;
			}
			break;
		case 'q': o->quiet = 1; break;
		case 'v': o->verbose = 1; break;
		case 'd': o->deadline = optarg; break;
		case 'D': o->drafts = 1; break;
		case 'f': o->force = 1; break;
		case 'H': o->html = optarg; break;
		case 'k': o->key = optarg; break;
		case 'K': o->kind = optarg; break;
		case 'l': o->ledger = optarg; break;
		case 'p': o->period = optarg; break;
		case 'Q': o->quarantine = optarg; break;
		case 'r': o->replace = 1; break;
		case 'N': o->pending = 1; break;
		case 'R': o->reason = optarg; break;
		case 'T': o->plain = 1; break;
		case 'O': o->office = optarg; break;
		case 'M': o->office_name = optarg; break;
		case 'F': o->forms = optarg; break;
		case 'W': o->windows = optarg; break;
		case 'B':
			if (!serve_bind_ok(optarg)) {
				fprintf(stderr, "shouhu: --bind 后面应当是 IP 地址，"
				    "如 127.0.0.1 或 ::1，不是“%s”\n", optarg);
				return ST_USAGE;
			}
			o->bind = optarg;
			break;
		case 'P':
			if (!in_range(optarg, 0, 65535, &o->port)) {
				fprintf(stderr, "shouhu: --port 后面应当是 1 到 65535 之间"
				    "的端口号（0 表示自动选一个空闲端口），不是“%s”\n",
				    optarg);
				return ST_USAGE;
			}
			break;
		default:
			assert(!"an option without a case");
		}
	}
	return ST_OK;
}

/*
 * Whether command name (build, serve) got no operands, as it should: the
 * site folder is -C's.  Says so when it did not.
 */
static int
no_operands(const char *name, int argc, char *argv[])
{
	if (argc == 0)
		return 1;
	fprintf(stderr, "shouhu: %s 后面不接文件名（“%s”）：网站目录用 -C 目录 "
	    "指定\n", name, argv[0]);
	return 0;
}

/* shouhu build: the site of -C into -o (build_run). */
static enum status
cmd_build(const struct opts *o, int argc, char *argv[])
{
	struct build_opts b;

	if (!no_operands("build", argc, argv))
		return ST_USAGE;
	memset(&b, 0, sizeof(b));
	b.site = o->site;
	b.out = o->out;
	b.ledger = o->ledger;
	b.drafts = o->drafts;
	b.jobs = o->jobs;
	b.force = o->force;
	b.quiet = o->quiet;
	return build_run(&b) == 0 ? ST_OK : ST_FAIL;
}

/* Prints what scaffold_new or scaffold_init said; returns the status. */
static enum status
scaffold_status(enum scaffold_result r, struct buf *msg, struct buf *err)
{
	enum status	 rc = ST_OK;

	switch (r) {
	case SCAFFOLD_DONE:
		fputs(msg->ptr, stdout);
		break;
	case SCAFFOLD_BAD_ARG:
		fprintf(stderr, "%s\n", err->ptr);
		rc = ST_USAGE;
		break;
	case SCAFFOLD_FAILED:
		fprintf(stderr, "%s\n", err->ptr);
		rc = ST_FAIL;
		break;
	}
	buf_free(msg);
	buf_free(err);
	return rc;
}

/* shouhu new: a page of the site of -C from an archetype. */
static enum status
cmd_new(const struct opts *o, int argc, char *argv[])
{
	struct buf	 msg = BUF_INIT, err = BUF_INIT;

	if (argc != 1) {
		fprintf(stderr, "shouhu: 写法：shouhu new [-C 网站目录] [--kind "
		    "原型] 栏目/文章.md，路径从 content/ 算起，如 shouhu new "
		    "fangpian/标题.md\n");
		return ST_USAGE;
	}
	return scaffold_status(scaffold_new(o->site, o->kind, argv[0], &msg,
	    &err), &msg, &err);
}

/* shouhu init: a new site in the folder argv[0]. */
static enum status
cmd_init(const struct opts *o, int argc, char *argv[])
{
	struct buf	 msg = BUF_INIT, err = BUF_INIT;

	(void)o;
	if (argc != 1) {
		fprintf(stderr, "shouhu: 写法：shouhu init 新网站目录，如 shouhu "
		    "init 网站（文件夹不存在或是空的）\n");
		return ST_USAGE;
	}
	return scaffold_status(scaffold_init(argv[0], &msg, &err), &msg,
	    &err);
}

/* shouhu serve: the live preview of the site of -C (serve_run). */
static enum status
cmd_serve(const struct opts *o, int argc, char *argv[])
{
	struct serve_opts s;

	if (!no_operands("serve", argc, argv))
		return ST_USAGE;
	memset(&s, 0, sizeof(s));
	s.site = o->site;
	s.ledger = o->ledger;
	s.bind = o->bind;
	s.port = o->port;
	s.drafts = o->drafts;
	return serve_run(&s) == 0 ? ST_OK : ST_FAIL;
}

/* shouhu ingest: the bundles and folders of bundles argv[0..argc). */
static enum status
cmd_ingest(const struct opts *o, int argc, char *argv[])
{
	struct ingest_opts i;

	if (argc == 0) {
		fprintf(stderr, "shouhu: ingest 后面要给出数据包文件或放数据包的"
		    "文件夹，如 shouhu ingest 收件/\n");
		return ST_USAGE;
	}
	memset(&i, 0, sizeof(i));
	i.ledger = o->ledger;
	i.key = o->key;
	i.quarantine = o->quarantine;
	i.quiet = o->quiet;
	i.verbose = o->verbose;
	return ingest_run(&i, argv, (size_t)argc) == 0 ? ST_OK : ST_FAIL;
}

/* shouhu units list: the registered units of the ledger file path. */
static enum status
units_list(const char *path)
{
	struct ledger	 l;
	struct ledger_unit *u;
	struct buf	 err = BUF_INIT;
	size_t		 n, i;
	enum status	 rc = ST_FAIL;

	if (!ledger_open(&l, path, LEDGER_WRITE, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	}
	if (!ledger_units(&l, &u, &n, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		ledger_close(&l);
		goto out;
	}
	if (n == 0)
		printf("还没有登记任何单位：用 shouhu units add 单位代码 单位名称 "
		    "单位.pub 登记\n");
	for (i = 0; i < n; i++)
		printf("%s\t%s\t公钥 %s\t登记于 %s\t数据包 %lld 个%s%s\n",
		    u[i].code, u[i].name, u[i].key_id, u[i].added, u[i].bundles,
		    u[i].last ? "，最近 " : "", u[i].last ? u[i].last : "");
	ledger_units_free(u, n);
	ledger_close(&l);
	rc = ST_OK;
out:
	buf_free(&err);
	return rc;
}

/*
 * shouhu units add: registers unit code with name and the public key in
 * the file pub, in the ledger file path (replace: another key or name).
 */
static enum status
units_add(const char *path, const char *code, const char *name,
    const char *pub, int replace)
{
	struct ledger	 l;
	struct key	 k;
	struct buf	 err = BUF_INIT;
	enum ledger_add	 r;
	enum status	 rc = ST_FAIL;

	memset(&k, 0, sizeof(k));
	if (!bundle_unit_code_ok(code)) {
		fprintf(stderr, "shouhu: 单位代码“%s”不可用：只能用字母、数字、"
		    "- 和 _，最长 32 个字符\n", code);
		return ST_USAGE;
	}
	if (*name == '\0' || strlen(name) > 200 || strpbrk(name, "\t\r\n")) {
		fprintf(stderr, "shouhu: 单位名称不可用：不能为空、不能含制表符"
		    "或换行，最长 200 字节\n");
		return ST_USAGE;
	}
	if (!key_load_public(pub, &k, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	}
	if (!ledger_open(&l, path, LEDGER_CREATE, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	}
	r = ledger_unit_add(&l, code, name, &k, replace, &err);
	ledger_close(&l);
	switch (r) {
	case LEDGER_ADD_FAIL:
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	case LEDGER_ADD_NEW:
		printf("已登记 %s %s（公钥 %s）\n", code, name, k.id);
		break;
	case LEDGER_ADD_SAME:
		printf("%s %s 早已登记，公钥相同（%s），没有改动\n", code, name,
		    k.id);
		break;
	case LEDGER_ADD_REPLACED:
		printf("已更新 %s %s（公钥 %s）\n", code, name, k.id);
		break;
	}
	rc = ST_OK;
out:
	key_free(&k);
	buf_free(&err);
	return rc;
}

/* Whether the operands argv[0..argc) are the word sub and n more. */
static int
is_sub(int argc, char *argv[], const char *sub, int n)
{
	return argc == n + 1 && strcmp(argv[0], sub) == 0;
}

/* Says how a command with subcommands is written; returns ST_USAGE. */
static enum status
sub_usage(const char *how)
{
	fprintf(stderr, "shouhu: 写法：%s\n", how);
	return ST_USAGE;
}

/* shouhu units kit: a unit's kit (kit.h). */
static enum status
units_kit(const struct opts *o, const char *code, const char *name)
{
	struct kitmake_opts	 k;

	memset(&k, 0, sizeof(k));
	k.ledger = o->ledger;
	k.office = o->office;
	k.office_name = o->office_name;
	k.deadline = o->deadline;
	k.forms = o->forms;
	k.windows = o->windows;
	k.out = o->out;
	k.replace = o->replace;
	return (enum status)kitmake_run(&k, code, name);
}

/* shouhu units list | add | order | kit: the unit registry. */
static enum status
cmd_units(const struct opts *o, int argc, char *argv[])
{
	int	 kitopt;

	kitopt = o->office || o->office_name || o->deadline || o->forms ||
	    o->windows || o->out;
	if (is_sub(argc, argv, "kit", 2))
		return units_kit(o, argv[1], argv[2]);
	if (is_sub(argc, argv, "list", 0) && !o->replace && !kitopt)
		return units_list(o->ledger);
	if (is_sub(argc, argv, "add", 3) && !kitopt)
		return units_add(o->ledger, argv[1], argv[2], argv[3],
		    o->replace);
	if (argc > 1 && strcmp(argv[0], "order") == 0 && !o->replace &&
	    !kitopt)
		return units_run_order(o->ledger, argv + 1, (size_t)argc - 1) ==
		    0 ? ST_OK : ST_FAIL;
	return sub_usage("shouhu units add [--replace] 单位代码 单位名称 "
	    "单位.pub，shouhu units list，shouhu units order 单位代码...，或 "
	    "shouhu units kit --office 专项办.pub 单位代码 单位名称 -o 文件夹");
}

/* shouhu towns add | import | list: the county's towns (towns_run). */
static enum status
cmd_towns(const struct opts *o, int argc, char *argv[])
{
	return (enum status)towns_run(o->ledger, o->plain, argc, argv);
}

/* shouhu ledger check: the full check of the ledger file path. */
static enum status
run_ledger_check(const char *path)
{
	struct ledger	 l;
	struct buf	 err = BUF_INIT;
	enum status	 rc = ST_FAIL;

	if (!ledger_open(&l, path, LEDGER_READ, &err))
		goto out;
	if (!ledger_check(&l, 1, &err)) {
		ledger_close(&l);
		goto out;
	}
	ledger_close(&l);
	printf("%s：账本完好（完整检查了每一页、每个索引和引用）\n", path);
	rc = ST_OK;
out:
	if (err.len)
		fprintf(stderr, "%s\n", err.ptr);
	buf_free(&err);
	return rc;
}

/* shouhu ledger backup: a checked copy of the ledger file path. */
static enum status
run_ledger_backup(const char *path, const char *to, int force)
{
	struct buf	 err = BUF_INIT;
	enum status	 rc = ST_FAIL;

	if (backup_make(path, to, force, &err)) {
		printf("已备份 %s 到 %s（已完整检查备份）\n", path, to);
		rc = ST_OK;
	} else
		fprintf(stderr, "%s\n", err.ptr);
	buf_free(&err);
	return rc;
}

/* shouhu ledger check | backup. */
static enum status
cmd_ledger(const struct opts *o, int argc, char *argv[])
{
	if (is_sub(argc, argv, "check", 0) && !o->force)
		return run_ledger_check(o->ledger);
	if (is_sub(argc, argv, "backup", 1))
		return run_ledger_backup(o->ledger, argv[1], o->force);
	return sub_usage("shouhu ledger check，或 shouhu ledger backup "
	    "[--force] 备份文件");
}

/* shouhu report: the week's or the month's tables (report_run.h). */
static enum status
cmd_report(const struct opts *o, int argc, char *argv[])
{
	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "shouhu: 写法：shouhu report --period 2022-W21 "
		    "-o 周报.xlsx [--html 周报.html]（月报表：--period 2023-11）\n");
		return ST_USAGE;
	}
	switch (report_run(o->ledger, o->period, o->deadline, o->out,
	    o->html)) {
	case REPORT_RUN_OK:
		return ST_OK;
	case REPORT_RUN_USAGE:
		return ST_USAGE;
	default:
		return ST_FAIL;
	}
}

/* Prints out and err of a cases command; returns its status. */
static enum status
cases_status(enum cases_result r, struct buf *out, struct buf *err)
{
	fputs(out->ptr, stdout);
	if (r != CASES_OK)
		fprintf(stderr, "%s%s", err->ptr, err->len > 0 &&
		    err->ptr[err->len - 1] == '\n' ? "" : "\n");
	buf_free(out);
	buf_free(err);
	return r == CASES_OK ? ST_OK : ST_FAIL;
}

/* shouhu cases list | approve | withdraw: the office's approvals. */
static enum status
cmd_cases(const struct opts *o, int argc, char *argv[])
{
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	int		 approve;

	if (is_sub(argc, argv, "list", 0) && o->reason == NULL)
		return cases_status(cases_list(o->ledger, o->pending, &out,
		    &err), &out, &err);
	approve = argc > 1 && strcmp(argv[0], "approve") == 0;
	if (approve && o->reason != NULL) {
		fprintf(stderr, "shouhu: 批准不用写原因（--reason 是撤下用的）"
		    "：shouhu cases approve 编号...\n");
		return ST_USAGE;
	}
	if (argc > 1 && strcmp(argv[0], "withdraw") == 0 &&
	    (o->reason == NULL || o->reason[strspn(o->reason, " \t")] ==
	    '\0')) {
		fprintf(stderr, "shouhu: 撤下案例要写明原因（记入账本）："
		    "shouhu cases withdraw 编号... --reason 原因\n");
		return ST_USAGE;
	}
	if ((approve || (argc > 1 && strcmp(argv[0], "withdraw") == 0)) &&
	    !o->pending)
		return cases_status(cases_decide(o->ledger, argv + 1,
		    (size_t)argc - 1, o->reason, &out, &err), &out, &err);
	return sub_usage("shouhu cases list [--pending]，shouhu cases approve "
	    "编号...，或 shouhu cases withdraw 编号... --reason 原因");
}

static const struct command commands[] = {
	{ "build", "C:o:j:q", "Dfl", NULL, cmd_build },
	{ "serve", "C:", "DlBP", NULL, cmd_serve },
	{ "new", "C:", "K", NULL, cmd_new },
	{ "init", "", "", NULL, cmd_init },
	{ "ingest", "qv", "lkQ", "ledger.db", cmd_ingest },
	{ "units", "o:", "lrdOMFW", "ledger.db", cmd_units },
	{ "towns", "", "lT", "ledger.db", cmd_towns },
	{ "ledger", "", "lf", "ledger.db", cmd_ledger },
	{ "report", "o:", "plHd", "ledger.db", cmd_report },
	{ "cases", "", "lNR", "ledger.db", cmd_cases },
};

/* Runs the command named by argv[1]; returns an enum status. */
int
main(int argc, char *argv[])
{
	const struct command *c;
	struct opts	 o;
	size_t		 i;
	int		 help;
	enum status	 rc;

	setlocale(LC_CTYPE, "C.UTF-8");
	util_progname = "shouhu";
	if (argc < 2) {
		usage(stderr);
		return ST_USAGE;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		c = &commands[i];
		if (strcmp(argv[1], c->name) != 0)
			continue;
		if ((rc = parse(c, argc - 1, argv + 1, &o, &help)) != ST_OK ||
		    help)
			return rc;
		return c->run(&o, argc - 1 - optind, argv + 1 + optind);
	}
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("shouhu %s\n", VERSION);
		return ST_OK;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return ST_OK;
	}
	fprintf(stderr, "shouhu: 没有“%s”这个命令\n", argv[1]);
	usage(stderr);
	return ST_USAGE;
}
