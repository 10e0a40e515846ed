/*
 * reload.c: the script tag goes before the last </body> of a page (any
 * case, not a longer name such as </bodyx>), or at its end; the error page
 * escapes the messages and carries the tag; a poll answers at once when
 * the generation it knows is old, and a finished build wakes a waiting
 * one.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "serve/reload.h"

#define TAG(n)	"<script src=\"/__shouhu/reload.js\" data-gen=\"" #n \
		"\"></script>\n"

/* Injects the tag of generation 7 into in; checks the page is want. */
static void
injects(const char *in, const char *want)
{
	struct buf	 b = BUF_INIT;

	buf_puts(&b, in);
	reload_inject(&b, 7);
	assert_string_equal(b.ptr, want);
	buf_free(&b);
}

static void
test_inject(void **state)
{
	(void)state;
	injects("<p>x</p></body></html>\n",
	    "<p>x</p>" TAG(7) "</body></html>\n");
	injects("<p>x</p>", "<p>x</p>" TAG(7));
	injects("", TAG(7));
	injects("<body>a</body>b</BODY >c", "<body>a</body>b" TAG(7)
	    "</BODY >c");
	injects("a</bodyx>", "a</bodyx>" TAG(7));
	injects("</body", TAG(7) "</body");
}

static void
test_error_page(void **state)
{
	struct buf	 b = BUF_INIT;

	(void)state;
	reload_error_page(&b, "a.html:2: 模板错误：<b> & “x”\n", 3);
	assert_non_null(strstr(b.ptr, "<pre>a.html:2: 模板错误：&lt;b&gt; "
	    "&amp; “x”\n</pre>"));
	assert_non_null(strstr(b.ptr, "上一次成功生成的网站仍在后台；改正后页面"
	    "会自动刷新"));
	assert_non_null(strstr(b.ptr, TAG(3) "</body>\n</html>\n"));
	assert_null(strstr(b.ptr, "<b>"));
	buf_free(&b);
}

static void *
finish_build(void *arg)
{
	reload_done(arg, 0, "x.md:1: 错误", "/sub/");
	return NULL;
}

static void
test_generations(void **state)
{
	struct reload		 r;
	struct reload_view	 v;
	pthread_t		 t;

	(void)state;
	reload_init(&r);
	reload_view(&r, &v);
	assert_int_equal(v.gen, 0);
	assert_string_equal(v.basepath.ptr, "/");
	reload_view_free(&v);
	reload_done(&r, 1, "", "/");
	/* an old generation: at once */
	assert_int_equal(reload_wait(&r, 0), 1);
	/* the current one: until the next build */
	assert_int_equal(pthread_create(&t, NULL, finish_build, &r), 0);
	assert_int_equal(reload_wait(&r, 1), 2);
	assert_int_equal(pthread_join(t, NULL), 0);
	reload_view(&r, &v);
	assert_int_equal(v.failed, 1);
	assert_string_equal(v.errors.ptr, "x.md:1: 错误");
	assert_string_equal(v.basepath.ptr, "/sub/");
	reload_view_free(&v);
	/* a good build without a base path keeps it, and clears the errors */
	reload_done(&r, 1, "ignored", NULL);
	reload_view(&r, &v);
	assert_int_equal(v.gen, 3);
	assert_int_equal(v.failed, 0);
	assert_string_equal(v.errors.ptr, "");
	assert_string_equal(v.basepath.ptr, "/sub/");
	reload_view_free(&v);
	/* stopping: every poll answers at once */
	reload_stop(&r);
	assert_int_equal(reload_wait(&r, 3), 3);
	reload_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inject),
		cmocka_unit_test(test_error_page),
		cmocka_unit_test(test_generations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
