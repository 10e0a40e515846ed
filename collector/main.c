#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

int
main(int argc, char *argv[])
{
	setlocale(LC_CTYPE, "C.UTF-8");
	util_progname = "shouhu-collect";
	(void)argc;
	(void)argv;
	fprintf(stderr, "usage: shouhu-collect forms | template FORM -o FILE | "
	    "check FORM FILE | keygen NAME | pack ... | verify BUNDLE\n");
	return 2;
}
