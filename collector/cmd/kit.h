/*
 * kit: shouhu-collect run from inside a unit's kit (kitconf.h): the
 * files dropped on the program, or everything in 填好的表格/, are
 * recognised, checked and packed into one bundle per period in 待发送/,
 * or their problems are listed in a page opened in the browser and
 * nothing is packed.
 */
#ifndef SHOUHU_KIT_H
#define SHOUHU_KIT_H

#include <stddef.h>
#include <stdio.h>

struct buf;
struct kitconf;

/*
 * Finds the kit the running program belongs to: the folder named by the
 * environment's SHOUHU_KIT, else the program's own folder when it holds
 * 程序文件/kit.json (the Windows program), else the parent of the
 * program's folder when that folder is 程序文件 (the Linux program).
 * Puts the kit's root folder into root.  Returns 1, or 0 (not in a kit).
 */
int	kit_find(struct buf *root);

/*
 * Runs the kit at root on the nfiles files (0: every file in 填好的表格/),
 * for the period period ("2023-W45" or "2023-11"; NULL: from the clock in
 * China time, asking on standard input when it is not clear).  Returns
 * the exit status: 0 packed, 1 problems (nothing packed).
 */
int	kit_run(const char *root, char *const files[], size_t nfiles,
	    const char *period);

/* One problem with a file, in the words of the problems page. */
struct kit_problem {
	char	*file;		/* the file's name, as the unit sees it */
	char	*row;		/* "5", or NULL (the whole file) */
	char	*col;		/* "D 列（排查时间）", "“排查时间”列", or NULL */
	char	*what;		/* what is wrong */
	char	*fix;		/* what to do */
};

struct kit_problems {
	struct kit_problem *v;
	size_t		  n, cap;
};

/* Adds a problem (the strings are copied; row, col may be NULL). */
void	kit_problem_add(struct kit_problems *ps, const char *file,
	    const char *row, const char *col, const char *what,
	    const char *fix);

/*
 * Adds the one-line message msg about the whole file: the part from its
 * first "：请" on is what to do, fallback otherwise.
 */
void	kit_problem_message(struct kit_problems *ps, const char *file,
	    const char *msg, const char *fallback);

/*
 * Adds the problems check_table wrote about file (lines "FILE:ROW:COL
 * (LABEL): MESSAGE（VALUE）", check.h).
 */
void	kit_problem_checks(struct kit_problems *ps, const char *file,
	    const char *lines);

/* Frees the problems and leaves ps empty. */
void	kit_problems_free(struct kit_problems *ps);

/* Prints the problems to fp, one line each, for the console. */
void	kit_problems_print(FILE *fp, const struct kit_problems *ps);

/*
 * Writes the problems page of ps for the unit of k to path (atomically).
 * Returns 1, or 0 with a message in err.
 */
int	kit_page_write(const char *path, const struct kit_problems *ps,
	    const struct kitconf *k, struct buf *err);

#endif
