#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "util.h"

#define VERSION "0.1.0"

static void
usage(FILE *f)
{
	fprintf(f,
	    "用法：shouhu build [-C 网站目录] [-o 输出目录] [--drafts] [-j N] [--force] [-q]\n"
	    "      shouhu version\n"
	    "\n"
	    "  build     把网站目录（默认当前目录）生成到输出目录（默认 网站目录/public）\n"
	    "  -C 目录   网站目录：里面有 scripts/site.lua、content/ 和 themes/\n"
	    "  -o 目录   生成的网站放在哪里\n"
	    "  --drafts  也生成草稿和日期在将来的文章（预览用）\n"
	    "  -j N      用 N 个进程生成（默认每个处理器一个）\n"
	    "  --force   即使没有改动也重新生成\n"
	    "  -q        成功时不显示任何信息\n");
}

static int
cmd_build(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "drafts", no_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'f' },
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
