/*
 * links.c: relative URLs resolved against the page's folder in content/
 * (percent-decoding, ".", "..", the query and fragment kept, what is not
 * relative left alone) and the check of every recorded link, on a small
 * site model made by hand: root "site/", base path "/sub/".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "site/links.h"
#include "site/site.h"
#include "lib/util.h"

/* A page of kind with its file (or NULL), folder (or NULL) and URL. */
static struct page *
page(struct site *s, enum page_kind kind, const char *src, const char *dir,
    const char *url)
{
	struct page *p = site_new_page(s, kind);

	p->src = src ? xstrdup(src) : NULL;
	p->dir = dir ? xstrdup(dir) : NULL;
	p->url = xstrdup(url);
	p->path = xstrdup(url + strlen("/sub/"));
	p->body_line = 4;
	return p;
}

static void
resource(struct site *s, const char *src, const char *rel)
{
	s->res = xreallocarray(s->res, s->nres + 1, sizeof(*s->res));
	s->res[s->nres].src = xstrdup(src);
	s->res[s->nres].rel = xstrdup(rel);
	s->nres++;
}

/*
 * content/_index.md, content/fangpian/ (a section with x.md, y.md and
 * haibao.png), content/fangpian/juan/index.md (a page bundle with tu.png),
 * content/my dir/p.md; x.md is returned.
 */
static struct page *
make_site(struct site *s)
{
	struct page *x;

	memset(s, 0, sizeof(*s));
	s->root = xstrdup("site/");
	s->basepath = xstrdup("/sub/");
	s->staticdirs[0] = xstrdup("site/themes/t/static/");
	s->staticdirs[1] = xstrdup("site/static/");
	s->home = page(s, PK_HOME, "site/content/_index.md", NULL, "/sub/");
	page(s, PK_SECTION, NULL, "content/fangpian/", "/sub/fangpian/");
	x = page(s, PK_PAGE, "site/content/fangpian/x.md", NULL,
	    "/sub/fangpian/x/");
	page(s, PK_PAGE, "site/content/fangpian/y.md", NULL,
	    "/sub/fangpian/y/");
	page(s, PK_PAGE, "site/content/fangpian/juan/index.md",
	    "content/fangpian/juan/", "/sub/fangpian/juan/");
	page(s, PK_PAGE, "site/content/my dir/p.md", NULL, "/sub/my-dir/p/");
	resource(s, "site/content/fangpian/haibao.png", "fangpian/haibao.png");
	resource(s, "site/content/fangpian/juan/tu.png",
	    "fangpian/juan/tu.png");
	links_index(s);
	return x;
}

/* What links_rewrite makes of url on page p, or "-" for nothing. */
static char *
rewrite(const struct site *s, const struct page *p, const char *url)
{
	struct links_at	 at = { s, p };
	struct buf	 b = BUF_INIT;

	if (!links_rewrite(&at, url, &b))
		buf_puts(&b, "-");
	return buf_detach(&b);
}

static void
expect(const struct site *s, const struct page *p, const char *url,
    const char *want)
{
	char	*got = rewrite(s, p, url);

	assert_string_equal(got, want);
	free(got);
}

static void
test_rewrite(void **state)
{
	struct site	 s;
	struct page	*x;

	(void)state;
	x = make_site(&s);
	expect(&s, x, "haibao.png", "/sub/fangpian/haibao.png");
	expect(&s, x, "./haibao.png?v=2#top",
	    "/sub/fangpian/haibao.png?v=2#top");
	expect(&s, x, "y.md#第二步", "/sub/fangpian/y/#第二步");
	expect(&s, x, "../fangpian/y.md", "/sub/fangpian/y/");
	expect(&s, x, "juan/", "/sub/fangpian/juan/");
	expect(&s, x, "juan/index.md", "/sub/fangpian/juan/");
	expect(&s, x, "juan//tu.png", "/sub/fangpian/juan/tu.png");
	expect(&s, x, "./", "/sub/fangpian/");
	expect(&s, x, "..", "/sub/");
	expect(&s, x, "../_index.md", "/sub/");
	expect(&s, x, "../my%20dir/p.md", "/sub/my-dir/p/");
	expect(&s, x, "../my dir/p.md", "/sub/my-dir/p/");
	/* not relative, or pointing at nothing: left alone */
	expect(&s, x, "/fangpian/y/", "-");
	expect(&s, x, "//example.org/haibao.png", "-");
	expect(&s, x, "https://example.org/", "-");
	expect(&s, x, "mailto:a@example.org", "-");
	expect(&s, x, "#top", "-");
	expect(&s, x, "?q=1", "-");
	expect(&s, x, "", "-");
	expect(&s, x, "nope.png", "-");
	expect(&s, x, "../../haibao.png", "-");
	expect(&s, x, "haibao%2", "-");
	expect(&s, x, "haibao.png%00.txt", "-");
	expect(&s, x, "haibao%2Epng", "/sub/fangpian/haibao.png");
	/* from inside the bundle: its files are beside it */
	expect(&s, s.all[4], "tu.png", "/sub/fangpian/juan/tu.png");
	expect(&s, s.all[4], "../haibao.png", "/sub/fangpian/haibao.png");
	site_free(&s);
}

static void
test_check(void **state)
{
	static char *files[] = {	/* sorted, as the build's plan */
		"fangpian/haibao.png", "fangpian/index.html",
		"fangpian/x/index.html", "fangpian/y/index.html",
		"img/logo.svg", "index.html"
	};
	struct site	 s;
	struct page	*x;
	struct buf	 msg = BUF_INIT;
	int		 n = 0;

	(void)state;
	x = make_site(&s);
	/* lines of the body; the body starts on line 4 of the file */
	links_add(x, "haibao.png", 1, 1);
	links_add(x, "https://example.org/nope.png", 2, 1);
	links_add(x, "/img/logo.svg", 2, 1);
	links_add(x, "/fangpian/y", 3, 0);
	links_add(x, "/", 3, 0);
	links_add(x, "nope.png", 5, 1);
	links_add(x, "../../x.md", 6, 0);
	links_add(x, "/img/nope.png", 7, 1);
	links_add(x, "/fangpian/z/#a", 8, 0);
	assert_int_equal(x->nlinks, 8);
	assert_int_equal(links_check(&s, files, sizeof(files) / sizeof(*files),
	    &msg, &n), 4);
	assert_int_equal(n, 4);
	assert_string_equal(msg.ptr,
	    "site/content/fangpian/x.md:8: 图片“nope.png”找不到："
	    "site/content/fangpian/nope.png 不存在；请把图片放在文章旁边，"
	    "或改正文件名\n"
	    "site/content/fangpian/x.md:9: 链接“../../x.md”指向 content/ 以外："
	    "文章旁边的文件用相对地址（如 haibao.png），static/ 里的文件用以 / "
	    "开头的地址（static/img/a.png 是 /img/a.png）\n"
	    "site/content/fangpian/x.md:10: 图片“/img/nope.png”找不到：网站里"
	    "没有这个文件；请改正地址（static/img/a.png 的地址是 /img/a.png）\n"
	    "site/content/fangpian/x.md:11: 链接“/fangpian/z/#a”找不到：网站里"
	    "没有这个页面或文件；请改正地址（static/img/a.png 的地址是 "
	    "/img/a.png，content/a/b.md 的是 /a/b/）");
	buf_free(&msg);
	site_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewrite),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
