/*
 * The shouhu units order command (see units_run.h).
 */
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "office/ledger.h"
#include "office/units_run.h"

/* Whether the code s is among v[0..n). */
static int
named(char *const *v, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/*
 * Prints the order of the units u[0..nu), saying which ones keep their
 * old order for not being among codes[0..n).
 */
static void
print_order(const struct ledger_unit *u, size_t nu, char *const *codes,
    size_t n)
{
	struct buf	 rest = BUF_INIT;
	size_t		 i, nrest = 0;

	printf("单位的顺序已改为（周报和 shouhu units list 按这个顺序列出）：\n");
	for (i = 0; i < nu; i++) {
		printf("%zu\t%s\t%s\n", i + 1, u[i].code, u[i].name);
		if (!named(codes, n, u[i].code)) {
			buf_printf(&rest, "%s%s", nrest > 0 ? "、" : "",
			    u[i].code);
			nrest++;
		}
	}
	if (nrest > 0)
		printf("没有写出的 %zu 个单位（%s）保持原来的先后，排在后面\n",
		    nrest, rest.ptr);
	buf_free(&rest);
}

int
units_run_order(const char *path, char *const *codes, size_t n)
{
	struct ledger	 l;
	struct ledger_unit *u = NULL;
	struct buf	 err = BUF_INIT;
	size_t		 nu = 0;
	int		 rc = 1, opened = 0;

	if (!ledger_open(&l, path, LEDGER_WRITE, &err))
		goto out;
	opened = 1;
	if (!ledger_unit_order(&l, codes, n, &err) ||
	    !ledger_units(&l, &u, &nu, &err))
		goto out;
	print_order(u, nu, codes, n);
	ledger_units_free(u, nu);
	rc = 0;
out:
	if (opened)
		ledger_close(&l);
	if (rc != 0)
		fprintf(stderr, "%s\n", err.ptr);
	buf_free(&err);
	return rc;
}
