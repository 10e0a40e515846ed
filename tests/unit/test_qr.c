/*
 * qr: the QR codes of the printed posters.  The SVG's path is drawn back
 * into a grid of modules and checked against the symbol libqrencode makes
 * and against the standard's fixed parts (square viewBox of the symbol
 * plus the quiet zone, the quiet zone light, the three finder patterns in
 * their corners); when zbarimg is installed the grid is also decoded and
 * must give the text back.  The output is the same bytes every time, the
 * title is escaped, and text too long for a code is refused, in C and as
 * a Lua error of shouhu.qr.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <qrencode.h>

#include "lib/buf.h"
#include "site/lshouhu.h"
#include "site/qr.h"

#define URL	"https://example.gov.cn/fangpian/baojianpin-jiangzuo/"
/* a page under a Chinese term, percent-encoded: mixed modes */
#define URL_CJK	"https://example.gov.cn/tags/%E4%BF%9D%E5%81%A5%E5%93%81/"

#define MAXSIDE	(177 + 2 * QR_QUIET)

struct grid {
	int		 side;
	unsigned char	 m[MAXSIDE][MAXSIDE];	/* 1: dark */
};

/* hay must contain needle. */
static void
has(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("missing %s in\n%s", needle, hay);
}

/* The SVG of text with the default title; fails the test on error. */
static void
make(struct buf *b, const char *text, size_t n)
{
	struct buf	 err = BUF_INIT;

	if (!qr_svg(b, text, n, NULL, &err))
		fail_msg("qr_svg: %s", err.ptr);
	buf_free(&err);
}

/* Reads an int at *p, which must be there, and moves past it. */
static int
num(const char **p)
{
	char	*e;
	long	 v;

	v = strtol(*p, &e, 10);
	if (e == *p)
		fail_msg("number expected at %.20s", *p);
	*p = e;
	return (int)v;
}

/*
 * Draws the SVG back into g: the side from the viewBox (which must be
 * square and start at 0 0), then every stroke of the path: "M x y.5 h n"
 * and "m dx 0 h n", each a run of n dark modules.  Fails on anything else
 * and on a module drawn twice.
 */
static void
render(const char *svg, struct grid *g)
{
	const char	*p;
	int		 x = 0, y = -1, w, i, h;

	memset(g, 0, sizeof(*g));
	p = strstr(svg, " viewBox=\"0 0 ");
	assert_non_null(p);
	p += strlen(" viewBox=\"0 0 ");
	g->side = num(&p);
	assert_int_equal(*p++, ' ');
	h = num(&p);
	assert_int_equal(h, g->side);
	assert_true(g->side > 2 * QR_QUIET && g->side <= MAXSIDE);
	p = strstr(svg, "<path stroke=\"#000\" d=\"");
	assert_non_null(p);
	/* one path only */
	assert_null(strstr(p + 1, "<path"));
	p += strlen("<path stroke=\"#000\" d=\"");
	while (*p != '"') {
		if (*p == 'M') {
			p++;
			x = num(&p);
			assert_int_equal(*p++, ' ');
			y = num(&p);
			if (strncmp(p, ".5", 2) != 0)
				fail_msg("row not at .5: %.20s", p);
			p += 2;
		} else if (*p == 'm') {
			p++;
			assert_true(y >= 0);
			x += num(&p);
			if (strncmp(p, " 0", 2) != 0)
				fail_msg("move not along the row: %.20s", p);
			p += 2;
		} else
			fail_msg("unexpected path text: %.20s", p);
		if (*p++ != 'h')
			fail_msg("run expected: %.20s", p - 1);
		w = num(&p);
		assert_true(w > 0);
		assert_true(x >= 0 && x + w <= g->side);
		assert_true(y >= 0 && y < g->side);
		for (i = 0; i < w; i++) {
			assert_int_equal(g->m[y][x + i], 0);
			g->m[y][x + i] = 1;
		}
		x += w;
	}
	assert_string_equal(p, "\"/></svg>");
}

/* The 7x7 finder pattern with its light separator, top left at (x, y). */
static void
finder(const struct grid *g, int x, int y)
{
	int	 i, j, ring, want;

	for (j = -1; j <= 7; j++)
		for (i = -1; i <= 7; i++) {
			if (x + i < 0 || y + j < 0 || x + i >= g->side ||
			    y + j >= g->side)
				continue;
			/* Chebyshev distance from the centre (3, 3) */
			ring = abs(i - 3) > abs(j - 3) ? abs(i - 3) : abs(j - 3);
			want = ring == 3 || ring <= 1;
			if (g->m[y + j][x + i] != want)
				fail_msg("finder at (%d,%d): module (%d,%d) is %d",
				    x, y, i, j, g->m[y + j][x + i]);
		}
}

/* The grid of the SVG of text, checked against libqrencode's symbol. */
static void
check(const char *text, struct grid *g)
{
	struct buf	 b = BUF_INIT, again = BUF_INIT;
	QRcode		*qr;
	int		 x, y, s;

	make(&b, text, strlen(text));
	/* the same text, the same bytes */
	make(&again, text, strlen(text));
	assert_string_equal(b.ptr, again.ptr);
	render(b.ptr, g);
	qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(qr);
	assert_int_equal(g->side, qr->width + 2 * QR_QUIET);
	for (y = 0; y < g->side; y++)
		for (x = 0; x < g->side; x++) {
			if (x < QR_QUIET || y < QR_QUIET ||
			    x >= g->side - QR_QUIET || y >= g->side - QR_QUIET) {
				if (g->m[y][x])
					fail_msg("quiet zone (%d,%d) dark", x, y);
				continue;
			}
			if (g->m[y][x] != (qr->data[(y - QR_QUIET) * qr->width +
			    x - QR_QUIET] & 1))
				fail_msg("module (%d,%d) differs from libqrencode",
				    x - QR_QUIET, y - QR_QUIET);
		}
	s = g->side;
	finder(g, QR_QUIET, QR_QUIET);
	finder(g, s - QR_QUIET - 7, QR_QUIET);
	finder(g, QR_QUIET, s - QR_QUIET - 7);
	QRcode_free(qr);
	buf_free(&b);
	buf_free(&again);
}

/* The typical article URL: version 4 (33 modules), every part in place. */
static void
test_known_url(void **state)
{
	static struct grid g;
	struct buf	 b = BUF_INIT;

	(void)state;
	check(URL, &g);
	assert_int_equal(g.side, 33 + 2 * QR_QUIET);
	make(&b, URL, strlen(URL));
	assert_int_equal(strncmp(b.ptr, "<svg class=\"qr\" role=\"img\" "
	    "aria-label=\"扫码在手机上打开本页\" viewBox=\"0 0 41 41\" "
	    "shape-rendering=\"crispEdges\" xmlns=\"http://www.w3.org/2000/svg\">"
	    "<title>扫码在手机上打开本页</title><rect width=\"41\" height=\"41\" "
	    "fill=\"#fff\"/><path stroke=\"#000\" d=\"M4 4.5h7m",
	    strlen("<svg class=\"qr\" role=\"img\" aria-label=\"扫码在手机上打开"
	    "本页\" viewBox=\"0 0 41 41\" shape-rendering=\"crispEdges\" "
	    "xmlns=\"http://www.w3.org/2000/svg\"><title>扫码在手机上打开本页"
	    "</title><rect width=\"41\" height=\"41\" fill=\"#fff\"/><path "
	    "stroke=\"#000\" d=\"M4 4.5h7m")), 0);
	/* small enough to inline in every article */
	assert_true(b.len < 3000);
	buf_free(&b);
	check(URL_CJK, &g);
	check("1", &g);
}

/*
 * Writes g as a PBM, 4 pixels a module, and returns what zbarimg reads
 * from it, or NULL when it reads nothing.
 */
static char *
decode(const struct grid *g)
{
	char	 path[] = "/tmp/test_qr.XXXXXX.pbm", cmd[128], line[4096];
	FILE	*f, *p;
	int	 fd, x, y;
	size_t	 n;

	fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "P1\n%d %d\n", g->side * 4, g->side * 4);
	for (y = 0; y < g->side * 4; y++) {
		for (x = 0; x < g->side * 4; x++)
			fputs(g->m[y / 4][x / 4] ? "1 " : "0 ", f);
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "zbarimg --quiet --raw %s 2>/dev/null",
	    path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(line, 1, sizeof(line) - 1, p);
	pclose(p);
	unlink(path);
	line[n] = '\0';
	if (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	return n ? strdup(line) : NULL;
}

/* What the SVG draws is a code a reader decodes back to the text. */
static void
test_decode(void **state)
{
	static struct grid g;
	const char	*texts[] = { URL, URL_CJK, "12337" };
	char		*got;
	size_t		 i;

	(void)state;
	if (system("command -v zbarimg >/dev/null 2>&1") != 0) {
		print_message("zbarimg is not installed: decoding skipped "
		    "(apt-get install zbar-tools)\n");
		skip();
	}
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		check(texts[i], &g);
		got = decode(&g);
		if (got == NULL)
			fail_msg("zbarimg read nothing for %s", texts[i]);
		assert_string_equal(got, texts[i]);
		free(got);
	}
}

/* The title is escaped in both places; the text never shows. */
static void
test_title(void **state)
{
	struct buf	 b = BUF_INIT, err = BUF_INIT;

	(void)state;
	assert_int_equal(qr_svg(&b, "https://x.cn/?a=<b>&c=\"d\"", 25,
	    "扫码看<b>\"A&B\"</b>'", &err), 1);
	has(b.ptr, " aria-label=\"扫码看&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
	    "&#39;\" ");
	has(b.ptr, "<title>扫码看&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;"
	    "</title>");
	assert_null(strstr(b.ptr, "<b>"));
	assert_null(strstr(b.ptr, "x.cn"));
	assert_int_equal(err.len, 0);
	buf_free(&b);
}

/* Too long or empty: refused with a message, the output untouched. */
static void
test_too_long(void **state)
{
	struct buf	 b = BUF_INIT, err = BUF_INIT;
	char		*s;
	static struct grid g;

	(void)state;
	s = malloc(8000);
	assert_non_null(s);
	memset(s, 'a', 8000);
	/* the most a code holds at level M: version 40 */
	assert_int_equal(qr_svg(&b, s, QR_MAX_BYTES, NULL, &err), 1);
	render(b.ptr, &g);
	assert_int_equal(g.side, 177 + 2 * QR_QUIET);
	buf_clear(&b);
	assert_int_equal(qr_svg(&b, s, QR_MAX_BYTES + 1, NULL, &err), 0);
	assert_int_equal(b.len, 0);
	has(err.ptr, "内容太长，二维码装不下：有 2332 字节");
	buf_clear(&err);
	assert_int_equal(qr_svg(&b, s, 8000, NULL, &err), 0);
	has(err.ptr, "内容太长");
	buf_clear(&err);
	assert_int_equal(qr_svg(&b, "", 0, NULL, &err), 0);
	has(err.ptr, "二维码的内容是空的");
	assert_int_equal(b.len, 0);
	buf_clear(&err);
	/* a NUL byte does not cut the text short */
	assert_int_equal(qr_svg(&b, "a\0b", 3, NULL, &err), 1);
	buf_free(&b);
	buf_free(&err);
	free(s);
}

/* shouhu.qr and the global qr: the same SVG, errors as Lua errors. */
static void
test_lua(void **state)
{
	struct buf	 b = BUF_INIT;
	lua_State	*L;

	(void)state;
	L = luaL_newstate();
	assert_non_null(L);
	luaL_openlibs(L);
	lshouhu_open(L, NULL);
	make(&b, URL, strlen(URL));
	assert_int_equal(luaL_dostring(L, "return qr(\"" URL "\"), "
	    "shouhu.qr(\"" URL "\")"), LUA_OK);
	assert_string_equal(lua_tostring(L, -2), b.ptr);
	assert_string_equal(lua_tostring(L, -1), b.ptr);
	lua_settop(L, 0);
	assert_int_equal(luaL_dostring(L, "return qr('x', '<&>')"), LUA_OK);
	has(lua_tostring(L, -1), "<title>&lt;&amp;&gt;</title>");
	lua_settop(L, 0);
	assert_int_not_equal(luaL_dostring(L, "\nreturn qr(string.rep('a', 3000))"),
	    LUA_OK);
	has(lua_tostring(L, -1), ":2: qr：内容太长，二维码装不下：有 3000 字节");
	lua_settop(L, 0);
	assert_int_not_equal(luaL_dostring(L, "return qr()"), LUA_OK);
	lua_close(L);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_url),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_lua),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
