/*
 * QR codes as inline SVG (see qr.h).
 */
#include <errno.h>
#include <string.h>

#include <qrencode.h>

#include "lib/buf.h"
#include "site/qr.h"
#include "lib/text.h"

/* Longer than any text that could fit in numeric mode: not worth trying. */
#define QR_HOPELESS	7089

static void
too_long(struct buf *err, size_t n)
{
	buf_printf(err, "内容太长，二维码装不下：有 %zu 字节，最多约 %d 字节"
	    "（一个汉字占 3 字节）；请缩短网址或文字", n, QR_MAX_BYTES);
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
 * digits and upper-case percent escapes take less room).  title (NULL:
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
	int		 side, e;

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
	errno = 0;
	/* encodeString stops at a NUL: such text goes in as bytes */
	if (memchr(text, '\0', n) != NULL)
		qr = QRcode_encodeData((int)n, (const unsigned char *)text, 0,
		    QR_ECLEVEL_M);
	else {
		/* text need not end in a NUL: a copy that does */
		buf_set(&t, text, n);
		qr = QRcode_encodeString(t.ptr, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
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
