/*
 * units_run: shouhu units order, the office's order of the units in the
 * ledger's registry (ledger_unit_order, ledger.h).
 */
#ifndef SHOUHU_UNITS_RUN_H
#define SHOUHU_UNITS_RUN_H

#include <stddef.h>

/*
 * Runs shouhu units order with the codes codes[0..n) (n > 0) on the ledger
 * file path: puts those units first in that order, the others after them
 * in their order, and prints the new order, a line per unit, on stdout;
 * problems on stderr.  Returns the exit status: 0 done, 1 a code or the
 * ledger has a problem (the order is unchanged).
 */
int	units_run_order(const char *path, char *const *codes, size_t n);

#endif
