/*
 * qr: the QR codes of the printed posters.  The SVG's path is drawn back
 * into a grid of modules and checked against the symbol libqrencode's
 * public QRcode_encodeString makes of the same text: the same version and
 * function patterns, and the same data modules once each symbol's own
 * mask pattern (the standard's formulas, below) is taken off; the format
 * information, in both its copies, must be the standard's word for level M
 * and the mask used.  Also the standard's fixed parts (square viewBox of
 * the symbol plus the quiet zone, the quiet zone light, the three finder
 * patterns in their corners).  When zbarimg is installed the grids are
 * decoded and must give the texts back.  The mask depends only on the
 * length of the text (qr.c), so two processes that encode the same texts
 * in opposite orders make the same bytes; with a libqrencode that is not
 * version 4 (QRcode_APIVersion overridden) the codes are exactly those of
 * the public calls, masks and all.  The output is the same bytes
 * every time, the title is escaped, and text too long for a code is
 * refused, in C and as a Lua error of shouhu.qr.
 */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

/*
 * Whether mask pattern m darkens module (x, y) of a symbol (ISO/IEC 18004,
 * table 10: i is the row, j the column).
 */
static int
pattern(int m, int x, int y)
{
	switch (m) {
	case 0:
		return (y + x) % 2 == 0;
	case 1:
		return y % 2 == 0;
	case 2:
		return x % 3 == 0;
	case 3:
		return (y + x) % 3 == 0;
	case 4:
		return (y / 2 + x / 3) % 2 == 0;
	case 5:
		return (y * x) % 2 + (y * x) % 3 == 0;
	case 6:
		return ((y * x) % 2 + (y * x) % 3) % 2 == 0;
	default:
		return ((y * x) % 3 + (y + x) % 2) % 2 == 0;
	}
}

/*
 * The format information of level M (bits 00) and mask m: the 5 bits, the
 * 10 of their BCH code (generator 0x537), XOR 0x5412 (ISO/IEC 18004, 7.9).
 */
static unsigned
format_word(int m)
{
	unsigned	 d = (unsigned)m << 10, r = d;
	int		 i;

	for (i = 14; i >= 10; i--)
		if (r & (1u << i))
			r ^= 0x537u << (i - 10);
	return (d | r) ^ 0x5412u;
}

/*
 * The mask of a symbol of side w whose module (x, y) is dark(x, y): both
 * copies of its format information must be the word of level M and one
 * mask, bit i of the first at first[i] (around the top-left finder), of the
 * second along the right of row 8 (bits 0-7) and the bottom of column 8.
 */
static int
read_mask(const void *sym, int w, int (*dark)(const void *, int, int))
{
	static const int first[15][2] = {
		{ 8, 0 }, { 8, 1 }, { 8, 2 }, { 8, 3 }, { 8, 4 }, { 8, 5 },
		{ 8, 7 }, { 8, 8 }, { 7, 8 }, { 5, 8 }, { 4, 8 }, { 3, 8 },
		{ 2, 8 }, { 1, 8 }, { 0, 8 }
	};
	unsigned	 a = 0, b = 0;
	int		 i, m;

	for (i = 0; i < 15; i++) {
		if (dark(sym, first[i][0], first[i][1]))
			a |= 1u << i;
		if (i < 8 ? dark(sym, w - 1 - i, 8) : dark(sym, 8, w - 15 + i))
			b |= 1u << i;
	}
	if (a != b)
		fail_msg("the two copies of the format information differ: "
		    "%#x, %#x", a, b);
	for (m = 0; m < 8; m++)
		if (a == format_word(m))
			return m;
	fail_msg("format information %#x is not level M with a mask", a);
	return -1;
}

/* Module (x, y) of the symbol of a grid (inside the quiet zone). */
static int
grid_dark(const void *sym, int x, int y)
{
	return ((const struct grid *)sym)->m[y + QR_QUIET][x + QR_QUIET];
}

/* Module (x, y) of a libqrencode symbol. */
static int
qrcode_dark(const void *sym, int x, int y)
{
	const QRcode	*qr = sym;

	return qr->data[y * qr->width + x] & 1;
}

/*
 * The grid of svg, the code of text (n bytes), checked against the symbol
 * QRcode_encodeString makes of it; returns the SVG's mask and, in *pub
 * (unless NULL), the one libqrencode picked by trying all eight.
 */
static int
check_svg(const char *svg, const char *text, size_t n, struct grid *g,
    int *pub)
{
	QRcode		*qr;
	int		 x, y, s, w, mo, mp, f, want;

	render(svg, g);
	if (memchr(text, '\0', n) != NULL)
		qr = QRcode_encodeData((int)n, (const unsigned char *)text, 0,
		    QR_ECLEVEL_M);
	else
		qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	assert_non_null(qr);
	w = qr->width;
	assert_int_equal(g->side, w + 2 * QR_QUIET);
	for (y = 0; y < g->side; y++)
		for (x = 0; x < g->side; x++)
			if ((x < QR_QUIET || y < QR_QUIET ||
			    x >= g->side - QR_QUIET || y >= g->side - QR_QUIET) &&
			    g->m[y][x])
				fail_msg("quiet zone (%d,%d) dark", x, y);
	mo = read_mask(g, w, grid_dark);
	mp = read_mask(qr, w, qrcode_dark);
	/* libqrencode's flags (qrencode.h): bit 7 set on non-data modules,
	 * 0x84 on the format information */
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x++) {
			f = qr->data[y * w + x];
			if ((f & 0xfe) == 0x84)
				continue;
			want = f & 1;
			if (!(f & 0x80))
				want ^= pattern(mp, x, y) ^ pattern(mo, x, y);
			if (grid_dark(g, x, y) != want)
				fail_msg("module (%d,%d) differs from libqrencode's "
				    "with mask %d instead of %d", x, y, mo, mp);
		}
	s = g->side;
	finder(g, QR_QUIET, QR_QUIET);
	finder(g, s - QR_QUIET - 7, QR_QUIET);
	finder(g, QR_QUIET, s - QR_QUIET - 7);
	QRcode_free(qr);
	if (pub != NULL)
		*pub = mp;
	return mo;
}

/* check_svg of the SVG qr_svg makes of text, the same bytes twice. */
static int
check_n(const char *text, size_t n, struct grid *g, int *pub)
{
	struct buf	 b = BUF_INIT, again = BUF_INIT;
	int		 mo;

	make(&b, text, n);
	make(&again, text, n);
	assert_string_equal(b.ptr, again.ptr);
	mo = check_svg(b.ptr, text, n, g, pub);
	buf_free(&b);
	buf_free(&again);
	return mo;
}

/* check_n of a string. */
static int
check(const char *text, struct grid *g)
{
	return check_n(text, strlen(text), g, NULL);
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

/* Set in a child process: libqrencode then says it is 3.4.4 (below). */
static int pretend_old;

/*
 * libqrencode's, overridden for qr.c's check of the version: 3.4.4 when
 * pretend_old, so that qr.c must make every code with the public calls;
 * else the library's own answer.
 */
void
QRcode_APIVersion(int *major_version, int *minor_version, int *micro_version)
{
	void	(*real)(int *, int *, int *);

	if (pretend_old) {
		*major_version = 3;
		*minor_version = 4;
		*micro_version = 4;
		return;
	}
	real = (void (*)(int *, int *, int *))dlsym(RTLD_NEXT,
	    "QRcode_APIVersion");
	assert_non_null(real);
	real(major_version, minor_version, micro_version);
}

/* The texts test_order and test_decode encode. */
#define NTEXTS	128

/*
 * Fills t[0..NTEXTS - 1] (freed by the caller) with texts of many lengths
 * and kinds: page URLs with ASCII names, URLs of Chinese terms
 * (percent-encoded: mixed modes), digits only (numeric mode), and URLs the
 * same length as an ASCII one before them but in capitals and digits
 * (alphanumeric mode), so that texts of one length are split differently;
 * and one the most a code holds.
 */
static void
texts(char **t)
{
	struct buf	 b = BUF_INIT;
	size_t		 i, j, len;

	for (i = 0; i < NTEXTS - 1; i++) {
		buf_clear(&b);
		switch (i % 4) {
		case 0:
			buf_puts(&b, "https://example.gov.cn/");
			for (j = 0; j < i * 2; j++)
				buf_putc(&b, j % 7 == 6 ? '-' :
				    (char)('a' + (i * 7 + j * 13) % 26));
			buf_putc(&b, '/');
			break;
		case 1:
			buf_puts(&b, "https://example.gov.cn/tags/");
			for (j = 0; j <= i / 4; j++)
				buf_puts(&b, j % 2 ? "%E4%BF%9D" : "%E5%81%A5");
			buf_putc(&b, '/');
			break;
		case 2:
			for (j = 0; j <= i * 3; j++)
				buf_putc(&b, (char)('0' + (i + j * 7) % 10));
			break;
		default:
			len = strlen(t[i - 3]);
			buf_puts(&b, "HTTPS://EXAMPLE.GOV.CN/");
			for (j = b.len; j < len; j++)
				buf_putc(&b, (char)('0' + (i + j) % 10));
			assert_int_equal(b.len, len);
			break;
		}
		t[i] = strdup(b.ptr);
		assert_non_null(t[i]);
	}
	buf_clear(&b);
	for (j = 0; j < QR_MAX_BYTES; j++)
		buf_putc(&b, (char)('a' + j % 26));
	t[i] = strdup(b.ptr);
	assert_non_null(t[i]);
	buf_free(&b);
}

/*
 * Runs in a child process: encodes the texts t, last first if backwards,
 * and writes their SVGs, in t's order, to path.
 */
static void
encode_all(char **t, int backwards, const char *path)
{
	struct buf	 svg[NTEXTS], err = BUF_INIT;
	FILE		*f;
	int		 i, k;

	for (i = 0; i < NTEXTS; i++)
		buf_init(&svg[i]);
	for (k = 0; k < NTEXTS; k++) {
		i = backwards ? NTEXTS - 1 - k : k;
		if (!qr_svg(&svg[i], t[i], strlen(t[i]), NULL, &err))
			_exit(1);
	}
	if ((f = fopen(path, "w")) == NULL)
		_exit(1);
	for (i = 0; i < NTEXTS; i++)
		fprintf(f, "%s\n", svg[i].ptr);
	_exit(fclose(f) == 0 ? 0 : 1);
}

/* The whole contents of path, which must be there. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*s;
	long	 n;

	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	s[n] = '\0';
	fclose(f);
	return s;
}

/*
 * Two fresh processes (forked before this process encodes anything: the
 * first test) encode the same texts, one last first: the same bytes, since
 * the mask of a text does not depend on what was encoded before.
 */
static void
test_order(void **state)
{
	char		 dir[] = "/tmp/test_qr.XXXXXX", path[2][64];
	char		*t[NTEXTS], *out[2];
	pid_t		 pid;
	int		 i, k, st;

	(void)state;
	texts(t);
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < 2; i++) {
		snprintf(path[i], sizeof(path[i]), "%s/%d", dir, i);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			encode_all(t, i, path[i]);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
		out[i] = slurp(path[i]);
		unlink(path[i]);
	}
	rmdir(dir);
	/* the first SVG that differs: one line each */
	for (i = 0, k = 0; out[0][i] != '\0' && out[0][i] == out[1][i]; i++)
		k += out[0][i] == '\n';
	if (out[0][i] != out[1][i])
		fail_msg("the code of %s differs with the order", t[k]);
	for (i = 0; i < NTEXTS; i++)
		free(t[i]);
	free(out[0]);
	free(out[1]);
}

/*
 * With a libqrencode other than 4 (pretend_old, in a fresh process: forked
 * before this one encodes anything), every code is the one the public
 * QRcode_encodeString makes, its mask libqrencode's pick for that text.
 */
static void
test_public(void **state)
{
	static struct grid g;
	char		 path[] = "/tmp/test_qr.XXXXXX";
	char		*t[NTEXTS], *all, *svg, *end;
	pid_t		 pid;
	int		 i, fd, st, mask, pub;

	(void)state;
	texts(t);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pretend_old = 1;
		encode_all(t, 0, path);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	all = slurp(path);
	unlink(path);
	for (i = 0, svg = all; i < NTEXTS; i++, svg = end + 1) {
		end = strchr(svg, '\n');
		assert_non_null(end);
		*end = '\0';
		mask = check_svg(svg, t[i], strlen(t[i]), &g, &pub);
		if (mask != pub)
			fail_msg("%s: mask %d, not libqrencode's %d", t[i], mask,
			    pub);
		free(t[i]);
	}
	assert_string_equal(svg, "");
	free(all);
}

/* Writes g to path as a PBM, 4 pixels a module. */
static void
write_pbm(const struct grid *g, const char *path)
{
	FILE	*f;
	int	 x, y;

	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "P1\n%d %d\n", g->side * 4, g->side * 4);
	for (y = 0; y < g->side * 4; y++) {
		for (x = 0; x < g->side * 4; x++)
			fputs(g->m[y / 4][x / 4] ? "1 " : "0 ", f);
		fputc('\n', f);
	}
	assert_int_equal(fclose(f), 0);
}

/*
 * Every text's SVG is libqrencode's symbol with a mask of its own (check),
 * the mask is the same for texts of the same length, it is not always the
 * one libqrencode would pick by trying all eight (else the masks are still
 * evaluated code by code), and zbarimg reads every code back to its text:
 * one zbarimg for all the codes, a line each in order, so a code it cannot
 * read shifts or drops a line.
 */
static void
test_decode(void **state)
{
	static struct grid g;
	char		 dir[] = "/tmp/test_qr.XXXXXX", path[64];
	char		*t[NTEXTS], *got;
	struct buf	 cmd = BUF_INIT, want = BUF_INIT;
	int		 i, k, mask, pub, differ = 0, same_len = 0;
	int		 by_len[QR_MAX_BYTES + 1];
	FILE		*p;

	(void)state;
	if (system("command -v zbarimg >/dev/null 2>&1") != 0) {
		print_message("zbarimg is not installed: decoding skipped "
		    "(apt-get install zbar-tools)\n");
		skip();
	}
	texts(t);
	for (i = 0; i <= QR_MAX_BYTES; i++)
		by_len[i] = -1;
	assert_non_null(mkdtemp(dir));
	buf_printf(&cmd, "zbarimg --quiet --raw");
	for (i = 0; i < NTEXTS; i++) {
		mask = check_n(t[i], strlen(t[i]), &g, &pub);
		differ += mask != pub;
		k = (int)strlen(t[i]);
		if (by_len[k] >= 0) {
			same_len++;
			if (by_len[k] != mask)
				fail_msg("%d-byte texts with masks %d and %d", k,
				    by_len[k], mask);
		}
		by_len[k] = mask;
		snprintf(path, sizeof(path), "%s/%03d.pbm", dir, i);
		write_pbm(&g, path);
		buf_printf(&cmd, " %s", path);
		buf_printf(&want, "%s\n", t[i]);
	}
	assert_true(same_len >= NTEXTS / 4 - 1);
	if (differ == 0)
		fail_msg("every mask is the one libqrencode picks code by code");
	buf_puts(&cmd, " 2>/dev/null");
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	got = malloc(want.len + 2);
	assert_non_null(got);
	k = (int)fread(got, 1, want.len + 1, p);
	got[k] = '\0';
	pclose(p);
	assert_string_equal(got, want.ptr);
	for (i = 0; i < NTEXTS; i++) {
		snprintf(path, sizeof(path), "%s/%03d.pbm", dir, i);
		unlink(path);
		free(t[i]);
	}
	rmdir(dir);
	free(got);
	buf_free(&cmd);
	buf_free(&want);
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
		/* first: they fork before this process encodes anything */
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_public),
		cmocka_unit_test(test_known_url),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_lua),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
