/*
 * QR codes as inline SVG (see qr.h).
 *
 * The mask.  A symbol's data modules are XORed with one of eight fixed
 * patterns (ISO/IEC 18004, 7.8); every one of them gives a valid code, and
 * the format information tells the reader which was used.  libqrencode's
 * public calls try all eight on every symbol and keep the one with the
 * lowest penalty score (fewest long runs, 2x2 blocks and finder-like
 * patterns): on a site of 10,000 pages that was a sixth of the build's
 * CPU.  Here the mask depends only on the length of the text: for each
 * length it is the one libqrencode's own evaluation picks for a fixed
 * URL-like stand-in text of that length (stand_in), found once per process
 * and length and then used for every text of that length.  So the same
 * text always gives the same bytes, whatever else the process encoded
 * before and however many processes render a site; a site's URLs come in
 * a few dozen lengths, so the eight-mask evaluation runs a few dozen times
 * instead of once a page.
 *
 * Encoding with a given mask takes two functions libqrencode exports but
 * declares only in its internal headers (qrencode_inner.h and split.h of
 * libqrencode 4): they are declared below as weak, so a library without
 * them still links and leaves them NULL.  They are used only when they are
 * there, the library's major version is 4 (the one whose prototypes these
 * are) and, once per process, they give back exactly the symbol of the
 * public QRcode_encodeString for a test text (fixed_ok).  Otherwise every
 * code is made by the public calls, as before: valid codes, the same bytes
 * for the same text, only slower.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include <qrencode.h>

#include "lib/buf.h"
#include "site/qr.h"
#include "lib/text.h"

/* Longer than any text that could fit in numeric mode: not worth trying. */
#define QR_HOPELESS	7089
/* The format information's fixed XOR pattern (ISO/IEC 18004, 7.9.1). */
#define QR_FORMAT_XOR	0x5412
/* The length of the text fixed_ok tries: a typical page URL. */
#define QR_TRY_LEN	54

/* libqrencode 4's, from qrencode_inner.h and split.h; NULL when absent. */
extern QRcode	*QRcode_encodeMask(QRinput *input, int mask)
		    __attribute__((weak));
extern int	 Split_splitStringToQRinput(const char *string,
		    QRinput *input, QRencodeMode hint, int casesensitive)
		    __attribute__((weak));

/* For each length of text, 1 + the mask its codes use; 0: not yet known. */
static _Atomic unsigned char masks[QR_MAX_BYTES + 1];
/* 1: codes are made with a chosen mask; -1: by the public calls; 0: ask. */
static _Atomic int fixed;

static void
too_long(struct buf *err, size_t n)
{
	buf_printf(err, "内容太长，二维码装不下：有 %zu 字节，最多约 %d 字节"
	    "（一个汉字占 3 字节）；请缩短网址或文字", n, QR_MAX_BYTES);
}

/*
 * Fills s with the stand-in text of length n: the start of an address,
 * then a cycle of lower-case letters, digits, '-' and '/', as in the path
 * of a page.  s has room for n + 1 bytes; it ends in a NUL.
 */
static void
stand_in(char *s, size_t n)
{
	static const char	 head[] = "https://example.gov.cn/";
	static const char	 cycle[] = "abcdefghijklmnopqrstuvwxyz0123456789-/";
	size_t			 i, h = sizeof(head) - 1;

	for (i = 0; i < n; i++)
		s[i] = i < h ? head[i] : cycle[(i - h) % (sizeof(cycle) - 1)];
	s[n] = '\0';
}

/*
 * Returns the mask of qr, read from the copy of its format information
 * around the top-left finder pattern (ISO/IEC 18004, 7.9.1; bit 0 first,
 * as libqrencode's Mask_writeFormatInformation writes it), or -1 if that
 * does not say error correction level M.
 */
static int
format_mask(const QRcode *qr)
{
	/* x, y of bit i */
	static const unsigned char at[15][2] = {
		{ 8, 0 }, { 8, 1 }, { 8, 2 }, { 8, 3 }, { 8, 4 }, { 8, 5 },
		{ 8, 7 }, { 8, 8 }, { 7, 8 }, { 5, 8 }, { 4, 8 }, { 3, 8 },
		{ 2, 8 }, { 1, 8 }, { 0, 8 }
	};
	unsigned	 f = 0;
	int		 i;

	for (i = 0; i < 15; i++)
		if (qr->data[at[i][1] * qr->width + at[i][0]] & 1)
			f |= 1u << i;
	f ^= QR_FORMAT_XOR;
	/* two bits of level (00 is M), three of mask, ten of BCH */
	if ((f >> 13) != 0)
		return -1;
	return (int)(f >> 10) & 7;
}

/*
 * Returns the symbol of the n bytes at text (followed by a NUL), level M,
 * split into modes as QRcode_encodeString does (text holding a NUL: all
 * bytes, as QRcode_encodeData), with the given mask (-1: the one of the
 * eight libqrencode scores best), or NULL with errno set.  The caller
 * frees it with QRcode_free.  Only once fixed_ok said yes or to check.
 */
static QRcode *
encode_mask(const char *text, size_t n, int mask)
{
	QRinput	*in;
	QRcode	*qr = NULL;
	int	 r, e;

	in = QRinput_new2(0, QR_ECLEVEL_M);
	if (in == NULL)
		return NULL;
	if (memchr(text, '\0', n) != NULL)
		r = QRinput_append(in, QR_MODE_8, (int)n,
		    (const unsigned char *)text);
	else
		r = Split_splitStringToQRinput(text, in, QR_MODE_8, 1);
	if (r >= 0)
		qr = QRcode_encodeMask(in, mask);
	e = errno;
	QRinput_free(in);
	errno = e;
	return qr;
}

/* Whether a and b (neither NULL) are the same symbol. */
static int
same(const QRcode *a, const QRcode *b)
{
	return a->version == b->version && a->width == b->width &&
	    memcmp(a->data, b->data, (size_t)a->width * (size_t)a->width) == 0;
}

/*
 * Whether codes are made with a chosen mask (see the top of the file),
 * found out once per process: returns 1 yes, 0 no (the public calls then
 * make every code), -1 out of memory (errno ENOMEM; asked again next time).
 */
static int
fixed_ok(void)
{
	char	 s[QR_TRY_LEN + 1];
	QRcode	*pub = NULL, *any = NULL, *one = NULL;
	int	 major = 0, minor = 0, micro = 0, m, ok = 0;

	if ((m = atomic_load(&fixed)) != 0)
		return m > 0;
	if (QRcode_encodeMask == NULL || Split_splitStringToQRinput == NULL)
		goto done;
	QRcode_APIVersion(&major, &minor, &micro);
	if (major != 4)
		goto done;
	stand_in(s, QR_TRY_LEN);
	errno = 0;
	if ((pub = QRcode_encodeString(s, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL || (any = encode_mask(s, QR_TRY_LEN, -1)) == NULL)
		goto done;
	if (!same(pub, any) || (m = format_mask(pub)) < 0)
		goto done;
	if ((one = encode_mask(s, QR_TRY_LEN, m)) == NULL)
		goto done;
	ok = same(pub, one) && format_mask(one) == m;
done:
	QRcode_free(pub);
	QRcode_free(any);
	QRcode_free(one);
	if (!ok && errno == ENOMEM)
		return -1;
	atomic_store(&fixed, ok ? 1 : -1);
	return ok;
}

/*
 * Sets *mask to the mask of the codes of n-byte texts: the one libqrencode
 * picks for the stand-in text of length n, found once per length; -1 (each
 * code's own best) for texts longer than any 8-bit text a code holds,
 * which only digits or capitals fit in.  Returns 1, or 0 with errno set.
 */
static int
mask_for(size_t n, int *mask)
{
	char	 s[QR_MAX_BYTES + 1];
	QRcode	*qr;
	int	 m;

	*mask = -1;
	if (n > QR_MAX_BYTES)
		return 1;
	m = atomic_load_explicit(&masks[n], memory_order_relaxed);
	if (m > 0) {
		*mask = m - 1;
		return 1;
	}
	stand_in(s, n);
	if ((qr = encode_mask(s, n, -1)) == NULL)
		return 0;
	m = format_mask(qr);
	QRcode_free(qr);
	if (m < 0) {
		errno = EINVAL;
		return 0;
	}
	atomic_store_explicit(&masks[n], (unsigned char)(m + 1),
	    memory_order_relaxed);
	*mask = m;
	return 1;
}

/*
 * Appends the dark modules of qr as one path of horizontal strokes one
 * module thick: "M x y.5 h len" starts a row, "m gap 0 h len" goes on in
 * the same row.  Coordinates include the quiet zone.
 */
static void
put_path(struct buf *b, const QRcode *qr)
{
	const unsigned char	*row;
	int			 w = qr->width, x, y, x0, end;

	buf_puts(b, "<path stroke=\"#000\" d=\"");
	for (y = 0; y < w; y++) {
		row = qr->data + (size_t)y * (size_t)w;
		end = -1;
		for (x = 0; x < w; x++) {
			if (!(row[x] & 1))
				continue;
			for (x0 = x; x < w && (row[x] & 1); x++)
				continue;
			if (end < 0)
				buf_printf(b, "M%d %d.5h%d", x0 + QR_QUIET,
				    y + QR_QUIET, x - x0);
			else
				buf_printf(b, "m%d 0h%d", x0 - end, x - x0);
			end = x;
		}
	}
	buf_puts(b, "\"/>");
}

/*
 * Appends to b an inline SVG of the QR code of the n bytes at text (error
 * correction level M, the smallest version that holds them, mixed modes so
 * digits and upper-case percent escapes take less room; the mask chosen by
 * the length of text, see the top of the file).  title (NULL:
 * QR_TITLE) is the accessible name, given both as aria-label and <title>,
 * and is escaped.  The SVG has no width or height: it fills its box, which
 * CSS sizes (svg.qr).  The same text always gives the same bytes.
 * Returns 1, or 0 with b unchanged and a message in Chinese in err (empty
 * text, too long to encode, out of memory).
 */
int
qr_svg(struct buf *b, const char *text, size_t n, const char *title,
    struct buf *err)
{
	struct buf	 t = BUF_INIT;
	QRcode		*qr;
	int		 side, e, k, mask;

	if (title == NULL)
		title = QR_TITLE;
	if (n == 0) {
		buf_puts(err, "二维码的内容是空的：请给出要编码的网址或文字");
		return 0;
	}
	if (n > QR_HOPELESS) {
		too_long(err, n);
		return 0;
	}
	/* text need not end in a NUL: a copy that does */
	buf_set(&t, text, n);
	qr = NULL;
	errno = 0;
	if ((k = fixed_ok()) > 0) {
		if (mask_for(n, &mask)) {
			errno = 0;
			qr = encode_mask(t.ptr, n, mask);
		}
	} else if (k == 0) {
		/* encodeString stops at a NUL: such text goes in as bytes */
		if (memchr(text, '\0', n) != NULL)
			qr = QRcode_encodeData((int)n,
			    (const unsigned char *)text, 0, QR_ECLEVEL_M);
		else
			qr = QRcode_encodeString(t.ptr, 0, QR_ECLEVEL_M,
			    QR_MODE_8, 1);
	}
	e = errno;
	buf_free(&t);
	if (qr == NULL) {
		if (e == ERANGE)
			too_long(err, n);
		else
			buf_printf(err, "二维码生成失败：%s", e == ENOMEM ?
			    "内存不够" : "libqrencode 不接受这段内容");
		return 0;
	}
	side = qr->width + 2 * QR_QUIET;
	buf_puts(b, "<svg class=\"qr\" role=\"img\" aria-label=\"");
	text_escape_html(b, title, strlen(title));
	buf_printf(b, "\" viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" "
	    "xmlns=\"http://www.w3.org/2000/svg\"><title>", side, side);
	text_escape_html(b, title, strlen(title));
	buf_printf(b, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
	    side, side);
	put_path(b, qr);
	buf_puts(b, "</svg>");
	QRcode_free(qr);
	return 1;
}
