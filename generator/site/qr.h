/*
 * qr: QR codes (libqrencode) drawn at build time as inline SVG, so a
 * printed page carries its own address for a phone to open.  The drawing
 * is one <path> of the dark modules, merged into horizontal runs, inside a
 * quiet zone of QR_QUIET light modules; the viewBox is in modules.
 */
#ifndef SHOUHU_QR_H
#define SHOUHU_QR_H

#include <stddef.h>

struct buf;

/* What a screen reader says of a code unless told otherwise. */
#define QR_TITLE	"扫码在手机上打开本页"
/* Light modules around the symbol, as the standard asks. */
#define QR_QUIET	4
/* The most bytes a code holds (version 40, level M, 8-bit mode). */
#define QR_MAX_BYTES	2331

int	qr_svg(struct buf *b, const char *text, size_t n, const char *title,
	    struct buf *err);

#endif
