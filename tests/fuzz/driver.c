/*
 * driver: replays inputs through a libFuzzer target without libFuzzer, so
 * the corpus runs as a regression test with any compiler.
 *
 *	fuzz_NAME_run FILE_OR_DIR...
 *
 * A directory is replayed file by file, in name order, skipping names
 * that start with a dot (walk.h); its subdirectories are not entered.
 * Prints how many inputs ran.  Exits 0, or 2 when an argument cannot be
 * read (a crash in the target ends the program through the sanitizers).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/walk.h"

#include "fuzz.h"

/* Runs the file at path; returns 1, or 0 if it cannot be read. */
static int
run_file(const char *path, size_t *count)
{
	struct buf	 b = BUF_INIT;

	if (!files_read(&b, path)) {
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

/* What run_dir counts: inputs run, and whether all could be read. */
struct replay {
	size_t		*count;
	int		 ok;
};

/* Runs a regular file of the corpus folder; folders are not entered. */
static enum walk_next
run_entry(const struct walk_entry *e, void *arg)
{
	struct replay	*r = arg;

	if (e->kind == WALK_FILE)
		r->ok &= run_file(e->path, r->count);
	return WALK_SKIP;
}

/* Runs every regular file of dir; returns 1, or 0 on a read error. */
static int
run_dir(const char *dir, size_t *count)
{
	struct replay	 r = { count, 1 };
	struct buf	 err = BUF_INIT;

	if (!walk_tree(dir, 0, run_entry, &r, &err, NULL)) {
		fprintf(stderr, "fuzz: %s\n", err.ptr);
		r.ok = 0;
	}
	buf_free(&err);
	return r.ok;
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
