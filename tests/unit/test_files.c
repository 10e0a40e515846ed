/*
 * files.c: reading with a cap and only regular files; the one atomic
 * writer: the new bytes or the old, the mode asked less the umask, never
 * replacing when told not to (with the message), no temporary file left
 * behind, and a pair placed by files_place without replacing.  Each test
 * runs in a fresh temporary folder, the current one.
 */
#include <errno.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "output/out.h"

static char	 tmp[64], cwd[4096];

static int
setup(void **state)
{
	(void)state;
	strcpy(tmp, "/tmp/test_files.XXXXXX");
	if (getcwd(cwd, sizeof(cwd)) == NULL || mkdtemp(tmp) == NULL ||
	    chdir(tmp) == -1)
		return -1;
	umask(022);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return chdir(cwd) == 0 && out_rmtree(tmp) ? 0 : -1;
}

/* The number of entries of the current folder. */
static int
entries(void)
{
	DIR	*d = opendir(".");
	struct dirent *e;
	int	 n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_load(void **state)
{
	struct buf	 b = BUF_INIT, err = BUF_INIT;
	struct stat	 st;

	(void)state;
	assert_true(files_write("f", "0123456789", 10, 0644, 1, &err));
	assert_int_equal(files_load(&b, "f", 10, FILES_REGULAR, &st),
	    FILES_GOT);
	assert_string_equal(b.ptr, "0123456789");
	assert_int_equal(st.st_size, 10);
	assert_int_equal(files_load(&b, "f", 9, FILES_REGULAR, &st),
	    FILES_TOO_BIG);
	assert_int_equal(b.len, 0);
	assert_int_equal(files_load(&b, "nope", 0, 0, NULL), FILES_NO_OPEN);
	assert_int_equal(errno, ENOENT);
	assert_true(mkdir("d", 0755) == 0);
	assert_int_equal(files_load(&b, "d", 0, FILES_REGULAR, NULL),
	    FILES_NOT_REGULAR);
	/* not a regular file, no size known: read to the end, capped */
	assert_int_equal(files_load(&b, "/dev/zero", 100000, 0, NULL),
	    FILES_TOO_BIG);
	assert_true(files_read(&b, "f"));
	assert_int_equal(b.len, 10);
	assert_int_equal(err.len, 0);
	buf_free(&b);
	buf_free(&err);
}

static void
test_write(void **state)
{
	struct buf	 b = BUF_INIT, err = BUF_INIT;
	struct stat	 st;

	(void)state;
	assert_true(files_write("a.txt", "old", 3, 0666, 0, &err));
	assert_true(stat("a.txt", &st) == 0);
	assert_int_equal(st.st_mode & 0777, 0644);	/* less the umask */
	/* not replacing: refused with the message, the old bytes stay */
	assert_false(files_write("a.txt", "new", 3, 0666, 0, &err));
	assert_string_equal(err.ptr, "a.txt: 这个文件已经存在，没有覆盖它：请换一"
	    "个文件名，或加 --force 覆盖");
	assert_true(files_read(&b, "a.txt"));
	assert_string_equal(b.ptr, "old");
	assert_false(files_may_write("a.txt", 0, &err));
	assert_true(files_may_write("a.txt", 1, &err));
	/* replacing, private */
	assert_true(files_write("a.txt", "new", 3, 0600, 1, &err));
	assert_true(files_read(&b, "a.txt"));
	assert_string_equal(b.ptr, "new");
	assert_true(stat("a.txt", &st) == 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a folder that is not there: the message, nothing left */
	buf_clear(&err);
	assert_false(files_write("no/b.txt", "x", 1, 0666, 1, &err));
	assert_string_equal(err.ptr, "no/b.txt: 无法写入：文件或文件夹不存在");
	assert_int_equal(entries(), 1);
	buf_free(&b);
	buf_free(&err);
}

static void
test_place(void **state)
{
	struct buf	 t1 = BUF_INIT, t2 = BUF_INIT, b = BUF_INIT;
	struct stat	 st;

	(void)state;
	assert_true(files_write_temp(&t1, "k", "secret", 6));
	assert_true(stat(t1.ptr, &st) == 0);
	assert_int_equal(st.st_mode & 0777, 0600);	/* private at once */
	assert_non_null(strstr(t1.ptr, "k.tmp-"));
	assert_true(files_place(t1.ptr, "k", 0600, 0));
	assert_true(files_write_temp(&t2, "k", "other", 5));
	assert_false(files_place(t2.ptr, "k", 0600, 0));
	assert_int_equal(errno, EEXIST);
	/* the temporary files are gone either way; k is the first */
	assert_int_equal(entries(), 1);
	assert_true(files_read(&b, "k"));
	assert_string_equal(b.ptr, "secret");
	buf_free(&t1);
	buf_free(&t2);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_place, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
