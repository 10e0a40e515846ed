/*
 * cells: the text a published file shows, piece by piece, whatever its
 * name says.  The kind of file is found from its bytes:
 *
 *	markup	HTML, XML, SVG, feeds: each run of text, each attribute
 *		value, each comment and the inside of script and style
 *		elements, with character references decoded (&#x200b;,
 *		&nbsp;, &amp;...); an attribute value with %XX escapes a
 *		second time, percent-decoded
 *	JSON	each string (escapes decoded) and each number
 *	CSV	(a name ending .csv or .tsv) each cell
 *	zip	(.docx, .xlsx, .odt...) the XML entries inside, as markup
 *	text	anything else that is text: the whole of it
 *
 * Images, fonts, audio, video, PDFs whose streams are compressed and
 * other binary files cannot be read: cells_each says what they are.
 */
#ifndef SHOUHU_CELLS_H
#define SHOUHU_CELLS_H

#include <stddef.h>

/*
 * Called for each piece of text: text[0..n) (not NUL-terminated, valid
 * only during the call), line the line of the file (or of part) where it
 * starts, part the entry of a zip file it is in, else NULL.  Returns 1 to
 * go on, 0 to stop.
 */
typedef int (*cells_fn)(void *arg, const char *text, size_t n, size_t line,
    const char *part);

/*
 * Calls fn for every piece of text of the file name (its name, for CSV),
 * bytes data[0..n).  Returns 1 if the file was read (whether or not fn
 * stopped), or 0 if it cannot be read, with what it is in *what (a
 * static string: "PNG 图片", "字体", "压缩过的 PDF"...).
 */
int	cells_each(const char *name, const void *data, size_t n, cells_fn fn,
	    void *arg, const char **what);

#endif
