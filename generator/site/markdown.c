#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include "lib/buf.h"
#include "site/markdown.h"

static const char *extnames[] = { "table", "strikethrough", "autolink" };

/*
 * Registers the GFM extensions.  Must be called once, before any other md_
 * function and before the process forks workers.
 */
void
markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static cmark_parser *
parser(int options)
{
	cmark_parser *p;
	cmark_syntax_extension *e;
	size_t	 i;

	p = cmark_parser_new(options);
	for (i = 0; i < sizeof(extnames) / sizeof(extnames[0]); i++)
		if ((e = cmark_find_syntax_extension(extnames[i])) != NULL)
			cmark_parser_attach_syntax_extension(p, e);
	return p;
}

/*
 * Gives the links and images of doc their published URLs: fn (if not
 * NULL) rewrites the ones it knows; the other site paths ("/tishi/x/")
 * get base in front when base is not "/".
 */
static void
rebase(cmark_node *doc, const char *base, markdown_url_fn fn, void *arg)
{
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node *node;
	cmark_node_type type;
	const char *url;
	struct buf b = BUF_INIT;
	int	 rebased = base != NULL && strcmp(base, "/") != 0;

	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		type = cmark_node_get_type(node);
		/* links are containers: seen on enter and on exit */
		if (ev != CMARK_EVENT_ENTER ||
		    (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
			continue;
		if ((url = cmark_node_get_url(node)) == NULL)
			continue;
		buf_clear(&b);
		if (fn != NULL && fn(arg, url, &b))
			;
		else if (rebased && url[0] == '/' && url[1] != '/')
			buf_printf(&b, "%s%s", base, url + 1);
		else
			continue;
		cmark_node_set_url(node, b.ptr);
	}
	cmark_iter_free(it);
	buf_free(&b);
}

/*
 * Appends the HTML of the Markdown src[0..n) to out.  Raw HTML in the
 * source is replaced by a comment and dangerous link schemes (javascript:
 * and the like) are dropped, unless raw_html is set.  Links and images
 * to site paths ("/tishi/x/") get base in front when base is not "/" (a
 * site published under a sub-path); base may be NULL.
 */
void
markdown_to_html(struct buf *out, const char *src, size_t n, int raw_html,
    const char *base)
{
	markdown_to_html_urls(out, src, n, raw_html, base, NULL, NULL);
}

/*
 * markdown_to_html, where fn(arg, url, to) first gets every link's and
 * image's URL as written: when it returns 1, the URL it appended to the
 * empty buffer `to` is used as it is (base is not put in front).
 */
void
markdown_to_html_urls(struct buf *out, const char *src, size_t n,
    int raw_html, const char *base, markdown_url_fn fn, void *arg)
{
	cmark_parser *p;
	cmark_node *doc;
	char	*html;
	int	 opt;

	opt = CMARK_OPT_DEFAULT;
	if (raw_html)
		opt |= CMARK_OPT_UNSAFE;
	p = parser(opt);
	cmark_parser_feed(p, src, n);
	doc = cmark_parser_finish(p);
	if (fn != NULL || (base != NULL && strcmp(base, "/") != 0))
		rebase(doc, base, fn, arg);
	html = cmark_render_html(doc, opt, cmark_parser_get_syntax_extensions(p));
	buf_puts(out, html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

/*
 * Calls fn(arg, url, line, image) for every link and image of the
 * Markdown src[0..n), in the order of the text, line being the 1-based
 * line of src where it starts.  A text with no "](" and no "]:" has no
 * link with a written URL and is not parsed.
 */
void
markdown_links(const char *src, size_t n, markdown_link_fn fn, void *arg)
{
	cmark_parser *p;
	cmark_node *doc, *node;
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node_type type;
	const char *url;

	if (memmem(src, n, "](", 2) == NULL && memmem(src, n, "]:", 2) == NULL)
		return;
	/*
	 * Without the extensions, a quarter faster: a table is then a
	 * paragraph, whose links are the same, on the same lines; autolinks
	 * are absolute anyway.
	 */
	p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS);
	cmark_parser_feed(p, src, n);
	doc = cmark_parser_finish(p);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		type = cmark_node_get_type(node);
		if (ev != CMARK_EVENT_ENTER ||
		    (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
			continue;
		if ((url = cmark_node_get_url(node)) != NULL)
			fn(arg, url, cmark_node_get_start_line(node),
			    type == CMARK_NODE_IMAGE);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

/*
 * Returns how much of src to parse to get its first `want` bytes of text:
 * a prefix ending at a blank line, or all of it when the document defines
 * link references (a prefix would lose them).
 */
static size_t
prefix_len(const char *src, size_t n, size_t want)
{
	const char *p;
	size_t	 from;

	if (want == 0 || want > n / 2 || memmem(src, n, "]:", 2) != NULL)
		return n;
	from = want * 2;
	p = memmem(src + from, n - from, "\n\n", 2);
	return p ? (size_t)(p - src) + 1 : n;
}

/*
 * Appends the plain text of the Markdown src[0..n), for summaries: the text
 * of paragraphs, list items and quotes, one block per line; headings, code
 * blocks, tables, HTML and images (their alt text too) are left out.
 * Stops once more than max bytes are collected, or at a heading that
 * follows some text (max 0: no limit, no stop); only as much of src is
 * parsed as that needs.
 */
void
markdown_to_text(struct buf *out, const char *src, size_t n, size_t max)
{
	cmark_parser *p;
	cmark_node *doc, *node;
	cmark_iter *it;
	cmark_event_type ev;
	cmark_node_type type;
	const char *lit;
	size_t	 start = out->len;
	int	 skip = 0, text = 0;

	p = parser(CMARK_OPT_DEFAULT);
	cmark_parser_feed(p, src, prefix_len(src, n, max));
	doc = cmark_parser_finish(p);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		node = cmark_iter_get_node(it);
		type = cmark_node_get_type(node);
		/* an automatic summary is the text before the first heading */
		if (type == CMARK_NODE_HEADING && max > 0 && text)
			break;
		if (type == CMARK_NODE_HEADING || type == CMARK_NODE_CODE_BLOCK ||
		    type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_IMAGE ||
		    strcmp(cmark_node_get_type_string(node), "table") == 0) {
			if (ev == CMARK_EVENT_ENTER)
				skip++;
			else if (ev == CMARK_EVENT_EXIT)
				skip--;
			if (type == CMARK_NODE_CODE_BLOCK ||
			    type == CMARK_NODE_HTML_BLOCK)
				skip--;
			continue;
		}
		if (skip > 0)
			continue;
		switch (type) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(node)) != NULL &&
			    lit[0] != '\0') {
				buf_puts(out, lit);
				text = 1;
			}
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(out, '\n');
			break;
		case CMARK_NODE_PARAGRAPH:
			if (ev == CMARK_EVENT_EXIT)
				buf_putc(out, '\n');
			break;
		default:
			break;
		}
		if (max && out->len - start > max)
			break;
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(p);
}
