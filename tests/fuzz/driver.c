/*
 * driver: replays inputs through a libFuzzer target without libFuzzer, so
 * the corpus runs as a regression test with any compiler.
 *
 *	fuzz_NAME_run FILE_OR_DIR...
 *
 * A directory is replayed file by file, in name order, skipping names
 * that start with a dot; its subdirectories are not entered.  Prints how
 * many inputs ran.  Exits 0, or 2 when an argument cannot be read (a
 * crash in the target ends the program through the sanitizers).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"

#include "fuzz.h"

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the file at path; returns 1, or 0 if it cannot be read. */
static int
run_file(const char *path, size_t *count)
{
	struct buf	 b = BUF_INIT;

	if (!buf_read_file(&b, path)) {
		fprintf(stderr, "fuzz: %s: %s\n", path,
		    strerror(errno));
		buf_free(&b);
		return 0;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)b.ptr, b.len);
	buf_free(&b);
	(*count)++;
	return 1;
}

/* Runs every regular file of dir; returns 1, or 0 on a read error. */
static int
run_dir(const char *dir, size_t *count)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	struct buf	 path = BUF_INIT;
	char		**names = NULL, **nn;
	size_t		 n = 0, i;
	int		 ok = 1;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "fuzz: %s: %s\n", dir,
		    strerror(errno));
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof(*names))) == NULL ||
		    (nn[n] = strdup(e->d_name)) == NULL) {
			fprintf(stderr, "fuzz: out of memory\n");
			exit(2);
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		buf_clear(&path);
		buf_printf(&path, "%s/%s", dir, names[i]);
		if (stat(path.ptr, &st) == 0 && S_ISREG(st.st_mode))
			ok &= run_file(path.ptr, count);
		free(names[i]);
	}
	free(names);
	buf_free(&path);
	return ok;
}

int
main(int argc, char *argv[])
{
	struct stat	 st;
	size_t		 count = 0;
	int		 i, ok = 1;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == -1) {
			fprintf(stderr, "%s: %s: %s\n", argv[0], argv[i],
			    strerror(errno));
			ok = 0;
		} else if (S_ISDIR(st.st_mode))
			ok &= run_dir(argv[i], &count);
		else
			ok &= run_file(argv[i], &count);
	}
	printf("%s: %zu inputs ran\n", argv[0], count);
	return ok ? 0 : 2;
}
