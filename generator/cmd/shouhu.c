#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "office/backup.h"
#include "lib/buf.h"
#include "site/build.h"
#include "bundle/bundle.h"
#include "office/ingest_run.h"
#include "bundle/keys.h"
#include "office/ledger.h"
#include "lib/period.h"
#include "office/report.h"
#include "lib/util.h"

#define VERSION "0.1.0"

static void
usage(FILE *f)
{
	fprintf(f,
	    "用法：shouhu build [-C 网站目录] [-o 输出目录] [--ledger 账本] [--drafts] [-j N]\n"
	    "                   [--force] [-q]\n"
	    "      shouhu ingest [--ledger 账本] [--key 专项办.key] [--quarantine 文件夹]\n"
	    "                    [-q] [-v] 数据包或文件夹...\n"
	    "      shouhu units add [--ledger 账本] [--replace] 单位代码 单位名称 单位.pub\n"
	    "      shouhu units list [--ledger 账本]\n"
	    "      shouhu ledger check [--ledger 账本]\n"
	    "      shouhu ledger backup [--ledger 账本] [--force] 备份文件\n"
	    "      shouhu report --period 2022-W21 [--ledger 账本] -o 周报.xlsx [--html 周报.html]\n"
	    "                    [--deadline \"4 10:00\"]\n"
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
	    "\n"
	    "  ingest    把各单位报送的数据包（.zip，或放数据包的文件夹）收进账本；\n"
	    "            拒收的复制到账本旁边的 quarantine/ 文件夹，附上原因\n"
	    "  --ledger  账本文件（默认 ledger.db）\n"
	    "  --key     专项办的私钥，用来打开加密的数据包\n"
	    "  --quarantine 拒收的文件放在哪个文件夹（默认账本旁边的 quarantine/）\n"
	    "  -v        每个数据包显示一行\n"
	    "  units     登记报送单位和它的公钥（add），或列出已登记的单位（list）\n"
	    "  --replace 单位已登记时，换成新的名称和公钥\n"
	    "  ledger    完整检查账本（check），或把账本备份成一个文件（backup，\n"
	    "            接收数据包时也可以备份）\n"
	    "\n"
	    "  report    一周的上报表格（附件1、附件2、报送情况）写成 .xlsx（和 --html 网页）\n"
	    "  --deadline 报送截止时间：星期几（1-7）和北京时间，默认 \"4 10:00\"（周四上午 10 点）\n");
}

static int
cmd_build(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "drafts", no_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'f' },
		{ "ledger", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_opts o;
	char	*end;
	long	 n;
	int	 c;

	memset(&o, 0, sizeof(o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "C:o:j:qh", longopts, NULL)) != -1)
		switch (c) {
		case 'C':
			o.site = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'j':
			n = strtol(optarg, &end, 10);
			if (*end != '\0' || n < 1 || n > 256) {
				fprintf(stderr, "shouhu: -j 后面应当是 1 到 256 之间的"
				    "进程数，不是“%s”\n", optarg);
				return 2;
			}
			o.jobs = (int)n;
			break;
		case 'D':
			o.drafts = 1;
			break;
		case 'l':
			o.ledger = optarg;
			break;
		case 'f':
			o.force = 1;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	if (optind != argc) {
		fprintf(stderr, "shouhu: build 后面不接文件名（“%s”）：网站目录用 "
		    "-C 目录 指定\n", argv[optind]);
		return 2;
	}
	return build_run(&o);
}

static int
cmd_ingest(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "ledger", required_argument, NULL, 'l' },
		{ "key", required_argument, NULL, 'k' },
		{ "quarantine", required_argument, NULL, 'Q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ingest_opts o;
	int	 c;

	memset(&o, 0, sizeof(o));
	o.ledger = "ledger.db";
	optind = 1;
	while ((c = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1)
		switch (c) {
		case 'l':
			o.ledger = optarg;
			break;
		case 'k':
			o.key = optarg;
			break;
		case 'Q':
			o.quarantine = optarg;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'v':
			o.verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	if (optind == argc) {
		fprintf(stderr, "shouhu: ingest 后面要给出数据包文件或放数据包的"
		    "文件夹，如 shouhu ingest 收件/\n");
		return 2;
	}
	return ingest_run(&o, argv + optind, (size_t)(argc - optind));
}

static int
units_list(const char *path)
{
	struct ledger	 l;
	struct ledger_unit *u;
	struct buf	 err = BUF_INIT;
	size_t		 n, i;
	int		 rc = 1;

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
	rc = 0;
out:
	buf_free(&err);
	return rc;
}

static int
units_add(const char *path, const char *code, const char *name,
    const char *pub, int replace)
{
	struct ledger	 l;
	struct key	 k;
	struct buf	 err = BUF_INIT;
	enum ledger_add	 r;
	int		 rc = 1;

	memset(&k, 0, sizeof(k));
	if (!bundle_unit_code_ok(code)) {
		fprintf(stderr, "shouhu: 单位代码“%s”不可用：只能用字母、数字、"
		    "- 和 _，最长 32 个字符\n", code);
		return 2;
	}
	if (*name == '\0' || strlen(name) > 200 || strpbrk(name, "\t\r\n")) {
		fprintf(stderr, "shouhu: 单位名称不可用：不能为空、不能含制表符"
		    "或换行，最长 200 字节\n");
		return 2;
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
	rc = 0;
out:
	key_free(&k);
	buf_free(&err);
	return rc;
}

static int
cmd_units(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "ledger", required_argument, NULL, 'l' },
		{ "replace", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *ledger = "ledger.db";
	int	 c, replace = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		switch (c) {
		case 'l':
			ledger = optarg;
			break;
		case 'r':
			replace = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	argc -= optind;
	argv += optind;
	if (argc == 1 && strcmp(argv[0], "list") == 0 && !replace)
		return units_list(ledger);
	if (argc == 4 && strcmp(argv[0], "add") == 0)
		return units_add(ledger, argv[1], argv[2], argv[3], replace);
	fprintf(stderr, "shouhu: 写法：shouhu units add [--replace] 单位代码 "
	    "单位名称 单位.pub，或 shouhu units list\n");
	return 2;
}

/* shouhu ledger check: the full check of the ledger file path. */
static int
ledger_check_cmd(const char *path)
{
	struct ledger	 l;
	struct buf	 err = BUF_INIT;
	int		 rc = 1;

	if (!ledger_open(&l, path, LEDGER_READ, &err))
		goto out;
	if (!ledger_check(&l, 1, &err)) {
		ledger_close(&l);
		goto out;
	}
	ledger_close(&l);
	printf("%s：账本完好（完整检查了每一页、每个索引和引用）\n", path);
	rc = 0;
out:
	if (err.len)
		fprintf(stderr, "%s\n", err.ptr);
	buf_free(&err);
	return rc;
}

static int
cmd_ledger(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "ledger", required_argument, NULL, 'l' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *ledger = "ledger.db";
	struct buf err = BUF_INIT;
	int	 c, force = 0, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		switch (c) {
		case 'l':
			ledger = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	argc -= optind;
	argv += optind;
	if (argc == 1 && strcmp(argv[0], "check") == 0 && !force)
		return ledger_check_cmd(ledger);
	if (argc == 2 && strcmp(argv[0], "backup") == 0) {
		rc = backup_make(ledger, argv[1], force, &err) ? 0 : 1;
		if (rc == 0)
			printf("已备份 %s 到 %s（已完整检查备份）\n", ledger,
			    argv[1]);
		else
			fprintf(stderr, "%s\n", err.ptr);
		buf_free(&err);
		return rc;
	}
	fprintf(stderr, "shouhu: 写法：shouhu ledger check，或 shouhu ledger "
	    "backup [--force] 备份文件\n");
	return 2;
}

static int
cmd_report(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ "ledger", required_argument, NULL, 'l' },
		{ "html", required_argument, NULL, 'H' },
		{ "deadline", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *period = NULL, *ledger = "ledger.db", *out = NULL,
	    *html = NULL, *deadline = "4 10:00";
	struct report r;
	struct period p;
	struct buf err = BUF_INIT, page = BUF_INIT;
	int	 c, wday, hour, min, rc = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1)
		switch (c) {
		case 'p':
			period = optarg;
			break;
		case 'l':
			ledger = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'H':
			html = optarg;
			break;
		case 'd':
			deadline = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	if (optind != argc || period == NULL || (out == NULL && html == NULL)) {
		fprintf(stderr, "shouhu: 写法：shouhu report --period 2022-W21 "
		    "-o 周报.xlsx [--html 周报.html]\n");
		return 2;
	}
	if (out != NULL && !util_has_suffix(out, ".xlsx")) {
		fprintf(stderr, "shouhu: -o 的文件名应当以 .xlsx 结尾（“%s”）：周报"
		    "是 Excel 工作簿，如 -o 周报.xlsx\n", out);
		return 2;
	}
	if (html != NULL && !util_has_suffix(html, ".html") &&
	    !util_has_suffix(html, ".htm")) {
		fprintf(stderr, "shouhu: --html 的文件名应当以 .html 结尾（“%s”），"
		    "如 --html 周报.html\n", html);
		return 2;
	}
	if (!period_parse(period, &p) || p.week == 0) {
		fprintf(stderr, "shouhu: 报表期间“%s”不对：报表按周生成，写成 "
		    "2022-W21（第 21 周）\n", period);
		return 2;
	}
	if (!report_deadline_parse(deadline, &wday, &hour, &min)) {
		fprintf(stderr, "shouhu: --deadline “%s”不对：写成 星期几 时:分，"
		    "如 \"4 10:00\"（周四上午 10 点，北京时间）\n", deadline);
		return 2;
	}
	if (!report_load(&r, ledger, period, wday, hour, min, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		goto out;
	}
	if (out != NULL && !report_xlsx(&r, out, &err)) {
		fprintf(stderr, "%s\n", err.ptr);
		report_free(&r);
		goto out;
	}
	if (html != NULL) {
		report_html(&r, &page);
		if (!buf_write_file_mode(html, page.ptr, page.len, 0600, &err)) {
			fprintf(stderr, "%s\n", err.ptr);
			report_free(&r);
			goto out;
		}
	}
	printf("已生成 %s 的周报：%s%s%s（%zu 个单位，%zu 条风险隐患）\n",
	    r.period, out ? out : "", out && html ? "、" : "", html ? html : "",
	    r.nunits, r.nhaz);
	report_free(&r);
	rc = 0;
out:
	buf_free(&err);
	buf_free(&page);
	return rc;
}

int
main(int argc, char *argv[])
{
	setlocale(LC_CTYPE, "C.UTF-8");
	util_progname = "shouhu";
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "build") == 0)
		return cmd_build(argc - 1, argv + 1);
	if (strcmp(argv[1], "ingest") == 0)
		return cmd_ingest(argc - 1, argv + 1);
	if (strcmp(argv[1], "units") == 0)
		return cmd_units(argc - 1, argv + 1);
	if (strcmp(argv[1], "report") == 0)
		return cmd_report(argc - 1, argv + 1);
	if (strcmp(argv[1], "ledger") == 0)
		return cmd_ledger(argc - 1, argv + 1);
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("shouhu %s\n", VERSION);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "shouhu: 没有“%s”这个命令\n", argv[1]);
	usage(stderr);
	return 2;
}
