/*
 * towns_run: the shouhu towns command, the office's list of towns (镇街)
 * in the ledger (see towns.h): towns add, towns import, towns remove,
 * towns list.
 */
#ifndef SHOUHU_TOWNS_RUN_H
#define SHOUHU_TOWNS_RUN_H

/*
 * Runs shouhu towns with the operands argv[0..argc) (the subcommand
 * first) on the ledger file path; plain is --plain.  Prints what it did on
 * stdout and problems on stderr.  Returns the exit status: 0 done, 1 the
 * ledger or the file has a problem, 2 the command line is wrong.
 */
int	towns_run(const char *path, int plain, int argc, char *argv[]);

#endif
