/*
 * walk.c: the policy of walk.h: name order, depth first; hidden names
 * left out (or not, with WALK_HIDDEN); the depth limit and its message;
 * links reported, followed or not as the callback says, a loop ending at
 * the limit; WALK_SKIP and WALK_STOP; a missing root.  Each test runs in
 * a fresh temporary folder, the current one, and walks its folder r.
 */
#include <errno.h>
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
#include "lib/util.h"
#include "lib/walk.h"
#include "output/out.h"

#define DEEP_MSG	"文件夹嵌套太深（超过 32 层）：请减少文件夹的层数；" \
			"如果这里有指向上层文件夹的链接，请删掉它"

static char	 tmp[64], cwd[4096];

/* A fresh temporary folder, made the current one, with an empty r. */
static int
setup(void **state)
{
	strcpy(tmp, "/tmp/test_walk.XXXXXX");
	if (getcwd(cwd, sizeof(cwd)) == NULL || mkdtemp(tmp) == NULL ||
	    chdir(tmp) == -1)
		return -1;
	return mkdir("r", 0755);
}

/* Back to where the tests started; the temporary folder removed. */
static int
teardown(void **state)
{
	return chdir(cwd) == 0 && out_rmtree(tmp) ? 0 : -1;
}

/* Makes the file path holding text. */
static void
mkfile(const char *path, const char *text)
{
	FILE	*f;

	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

/* Makes the folder path. */
static void
mkfolder(const char *path)
{
	assert_int_equal(mkdir(path, 0755), 0);
}

/* What the callback saw, and what it answers. */
struct seen {
	struct buf	 log;		/* "rel depth kind [link]\n" per entry */
	const char	*skip;		/* rel answered WALK_SKIP */
	const char	*stop;		/* rel answered WALK_STOP */
	int		 skip_links;	/* links answered WALK_SKIP */
	long long	 size;		/* st_size of the entry named "size" */
};

/* Logs the entry into the seen at arg and answers as it says. */
static enum walk_next
record(const struct walk_entry *e, void *arg)
{
	struct seen	*s = arg;

	/* path is the root "r", '/' and rel; name is rel's last part */
	assert_memory_equal(e->path, "r/", 2);
	assert_string_equal(e->path + 2, e->rel);
	assert_string_equal(strrchr(e->path, '/') + 1, e->name);
	buf_printf(&s->log, "%s %d %c%s\n", e->rel, e->depth,
	    e->kind == WALK_FILE ? 'f' : e->kind == WALK_DIR ? 'd' : 'o',
	    e->link ? " link" : "");
	if (strcmp(e->name, "size") == 0)
		s->size = (long long)e->st.st_size;
	if (s->stop != NULL && strcmp(e->rel, s->stop) == 0)
		return WALK_STOP;
	if ((s->skip != NULL && strcmp(e->rel, s->skip) == 0) ||
	    (s->skip_links && e->link))
		return WALK_SKIP;
	return WALK_GO;
}

/* Walks r with flags into s (fresh); returns what walk_tree did. */
static int
walk_r(struct seen *s, int flags, struct buf *err)
{
	buf_clear(&s->log);
	return walk_tree("r", flags, record, s, err, NULL);
}

/* Folders and files whose names sort differently from their paths. */
static void
make_tree(void)
{
	mkfile("r/b", "");
	mkfile("r/B", "");
	mkfolder("r/a");
	mkfile("r/a/z", "");
	mkfolder("r/a-c");
	mkfile("r/a-c/x", "");
	mkfolder("r/a/y");
	mkfile("r/a/y/size", "12345");
}

static void
test_order(void **state)
{
	struct buf	 err = BUF_INIT;
	struct seen	 s = { BUF_INIT, NULL, NULL, 0, 0 };

	make_tree();
	assert_int_equal(walk_r(&s, 0, &err), 1);
	assert_string_equal(s.log.ptr,
	    "B 0 f\n"
	    "a 0 d\n"
	    "a/y 1 d\n"
	    "a/y/size 2 f\n"
	    "a/z 1 f\n"
	    "a-c 0 d\n"
	    "a-c/x 1 f\n"
	    "b 0 f\n");
	assert_int_equal(s.size, 5);
	assert_int_equal(err.len, 0);
	buf_free(&s.log);
	buf_free(&err);
}

/* Logs "path|rel" per entry into the buf at arg. */
static enum walk_next
log_paths(const struct walk_entry *e, void *arg)
{
	buf_printf(arg, "%s|%s\n", e->path, e->rel);
	return WALK_GO;
}

/* The root with a final '/', and "" (the current folder). */
static void
test_root_forms(void **state)
{
	struct buf	 err = BUF_INIT, log = BUF_INIT;

	mkfolder("r/a");
	mkfile("r/a/x", "");
	assert_int_equal(walk_tree("r/", 0, log_paths, &log, &err, NULL), 1);
	assert_string_equal(log.ptr, "r/a|a\nr/a/x|a/x\n");
	buf_clear(&log);
	assert_int_equal(walk_tree("", 0, log_paths, &log, &err, NULL), 1);
	assert_string_equal(log.ptr, "r|r\nr/a|r/a\nr/a/x|r/a/x\n");
	assert_int_equal(err.len, 0);
	buf_free(&err);
	buf_free(&log);
}

static void
test_hidden(void **state)
{
	struct buf	 err = BUF_INIT;
	struct seen	 s = { BUF_INIT, NULL, NULL, 0, 0 };

	mkfile("r/.h", "");
	mkfolder("r/.git");
	mkfile("r/.git/x", "");
	mkfolder("r/d");
	mkfile("r/d/.x", "");
	mkfile("r/d/y", "");
	assert_int_equal(walk_r(&s, 0, &err), 1);
	assert_string_equal(s.log.ptr, "d 0 d\nd/y 1 f\n");
	assert_int_equal(walk_r(&s, WALK_HIDDEN, &err), 1);
	assert_string_equal(s.log.ptr,
	    ".git 0 d\n"
	    ".git/x 1 f\n"
	    ".h 0 f\n"
	    "d 0 d\n"
	    "d/.x 1 f\n"
	    "d/y 1 f\n");
	assert_int_equal(err.len, 0);
	buf_free(&s.log);
	buf_free(&err);
}

/* Notes the deepest entry in *arg. */
static enum walk_next
count_depth(const struct walk_entry *e, void *arg)
{
	int	*deepest = arg;

	if (e->depth > *deepest)
		*deepest = e->depth;
	return WALK_GO;
}

static void
test_depth(void **state)
{
	struct buf	 err = BUF_INIT, want = BUF_INIT, path = BUF_INIT;
	int		 deepest = -1, nerr = 0, i;

	/* a file in the WALK_DEPTH-th folder: as deep as it goes */
	buf_puts(&path, "r");
	for (i = 0; i < WALK_DEPTH; i++) {
		buf_puts(&path, "/x");
		mkfolder(path.ptr);
	}
	buf_puts(&path, "/f");
	mkfile(path.ptr, "");
	assert_int_equal(walk_tree("r", 0, count_depth, &deepest, &err, NULL),
	    1);
	assert_int_equal(deepest, WALK_DEPTH);
	assert_int_equal(err.len, 0);

	/* one folder more, even empty, is too deep; the message is a line
	 * of its own, counted */
	buf_truncate(&path, path.len - 2);
	buf_puts(&path, "/x");
	mkfolder(path.ptr);
	buf_puts(&err, "earlier");
	assert_int_equal(walk_tree("r", 0, count_depth, &deepest, &err,
	    &nerr), 0);
	buf_printf(&want, "earlier\n%s: " DEEP_MSG, path.ptr);
	assert_string_equal(err.ptr, want.ptr);
	assert_int_equal(nerr, 1);
	buf_free(&err);
	buf_free(&want);
	buf_free(&path);
}

static void
test_links(void **state)
{
	struct buf	 err = BUF_INIT;
	struct seen	 s = { BUF_INIT, NULL, NULL, 0, 0 };

	mkfolder("r/d");
	mkfile("r/d/size", "123");
	mkfile("r/f", "1234567");
	assert_int_equal(symlink("f", "r/lf"), 0);
	assert_int_equal(symlink("d", "r/ld"), 0);
	assert_int_equal(symlink("nowhere", "r/ln"), 0);

	/* followed, and what they point to said */
	assert_int_equal(walk_r(&s, 0, &err), 1);
	assert_string_equal(s.log.ptr,
	    "d 0 d\n"
	    "d/size 1 f\n"
	    "f 0 f\n"
	    "ld 0 d link\n"
	    "ld/size 1 f\n"
	    "lf 0 f link\n"
	    "ln 0 o link\n");
	assert_int_equal(s.size, 3);

	/* the callback does not follow them */
	s.skip_links = 1;
	assert_int_equal(walk_r(&s, 0, &err), 1);
	assert_null(strstr(s.log.ptr, "ld/size"));
	assert_non_null(strstr(s.log.ptr, "ld 0 d link\n"));
	assert_int_equal(err.len, 0);
	buf_free(&s.log);
	buf_free(&err);
}

/* A link to a folder above it ends at the depth limit, with the message. */
static void
test_link_loop(void **state)
{
	struct buf	 err = BUF_INIT, want = BUF_INIT;
	int		 deepest = -1, i;

	mkfolder("r/a");
	assert_int_equal(symlink("..", "r/a/up"), 0);
	assert_int_equal(walk_tree("r", 0, count_depth, &deepest, &err, NULL),
	    0);
	assert_int_equal(deepest, WALK_DEPTH);
	buf_puts(&want, "r");
	for (i = 0; i < WALK_DEPTH; i += 2)
		buf_puts(&want, "/a/up");
	buf_puts(&want, "/a: " DEEP_MSG);
	assert_string_equal(err.ptr, want.ptr);
	buf_free(&err);
	buf_free(&want);
}

static void
test_skip_and_stop(void **state)
{
	struct buf	 err = BUF_INIT;
	struct seen	 s = { BUF_INIT, "a", "a-c/x", 0, 0 };

	make_tree();
	assert_int_equal(walk_r(&s, 0, &err), 0);
	assert_string_equal(s.log.ptr,
	    "B 0 f\n"
	    "a 0 d\n"
	    "a-c 0 d\n"
	    "a-c/x 1 f\n");
	/* the callback's reasons are its own */
	assert_int_equal(err.len, 0);
	buf_free(&s.log);
	buf_free(&err);
}

static void
test_missing_root(void **state)
{
	struct buf	 err = BUF_INIT, want = BUF_INIT;
	struct seen	 s = { BUF_INIT, NULL, NULL, 0, 0 };
	int		 nerr = 0;

	assert_int_equal(walk_tree("nope", 0, record, &s, &err, &nerr), 0);
	buf_printf(&want, "nope: 无法打开文件夹：%s", util_strerror(ENOENT));
	assert_string_equal(err.ptr, want.ptr);
	assert_int_equal(nerr, 1);
	buf_clear(&err);
	assert_int_equal(walk_tree("nope/", WALK_MISSING_OK, record, &s, &err,
	    NULL), 1);
	assert_int_equal(err.len, 0);
	assert_int_equal(s.log.len, 0);

	/* a file is not a folder, missing or not */
	mkfile("f", "");
	assert_int_equal(walk_tree("f", WALK_MISSING_OK, record, &s, &err,
	    NULL), 0);
	buf_clear(&want);
	buf_printf(&want, "f: 无法打开文件夹：%s", util_strerror(ENOTDIR));
	assert_string_equal(err.ptr, want.ptr);
	buf_free(&err);
	buf_free(&want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_root_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hidden, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_link_loop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_skip_and_stop, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_missing_root, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
