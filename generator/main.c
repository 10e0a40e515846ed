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
	    "usage: shouhu build [-C SITE] [-o OUT] [--drafts] [-j N] [--force] [-q]\n"
	    "       shouhu version\n"
	    "\n"
	    "  build    build the site in SITE (default .) into OUT (default SITE/public)\n"
	    "  -C SITE  the site folder: scripts/site.lua, content/, themes/\n"
	    "  -o OUT   where to write the site\n"
	    "  --drafts include drafts and pages dated in the future\n"
	    "  -j N     worker processes (default: all cores)\n"
	    "  --force  build even if no input changed\n"
	    "  -q       print nothing on success\n");
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
				fprintf(stderr, "shouhu: -j wants a number of "
				    "workers from 1 to 256, not \"%s\"\n", optarg);
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
		fprintf(stderr, "shouhu: build takes no arguments (\"%s\"): use -C SITE\n",
		    argv[optind]);
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
	fprintf(stderr, "shouhu: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return 2;
}
