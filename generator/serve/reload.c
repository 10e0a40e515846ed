#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/text.h"
#include "serve/reload.h"

/*
 * Long-polls for a new generation and reloads the page when there is
 * one; a failed poll (the server restarting) is tried again a second
 * later.  Loaded from a file, so a page's Content-Security-Policy that
 * allows its own scripts allows it.
 */
const char reload_script[] =
    "(function () {\n"
    "\tvar s = document.currentScript;\n"
    "\tvar v = s ? s.getAttribute(\"data-gen\") : \"0\";\n"
    "\tfunction poll() {\n"
    "\t\tfetch(\"" RELOAD_POLL_URL "?v=\" + v, { cache: \"no-store\" })\n"
    "\t\t.then(function (r) {\n"
    "\t\t\tif (!r.ok)\n"
    "\t\t\t\tthrow new Error(r.status);\n"
    "\t\t\treturn r.text();\n"
    "\t\t}).then(function (t) {\n"
    "\t\t\tif (t.trim() !== v)\n"
    "\t\t\t\tlocation.reload();\n"
    "\t\t\telse\n"
    "\t\t\t\tpoll();\n"
    "\t\t}, function () {\n"
    "\t\t\tsetTimeout(poll, 1000);\n"
    "\t\t});\n"
    "\t}\n"
    "\tpoll();\n"
    "})();\n";

void
reload_init(struct reload *r)
{
	pthread_condattr_t ca;

	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r->changed, &ca);
	pthread_condattr_destroy(&ca);
	buf_init(&r->errors);
	buf_init(&r->basepath);
	buf_puts(&r->basepath, "/");
}

void
reload_free(struct reload *r)
{
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->changed);
	buf_free(&r->errors);
	buf_free(&r->basepath);
}

void
reload_done(struct reload *r, int ok, const char *errors,
    const char *basepath)
{
	pthread_mutex_lock(&r->lock);
	r->gen++;
	r->failed = !ok;
	buf_clear(&r->errors);
	if (!ok)
		buf_puts(&r->errors, errors);
	if (basepath != NULL && *basepath != '\0') {
		buf_clear(&r->basepath);
		buf_puts(&r->basepath, basepath);
	}
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

void
reload_view(struct reload *r, struct reload_view *v)
{
	buf_init(&v->errors);
	buf_init(&v->basepath);
	pthread_mutex_lock(&r->lock);
	v->gen = r->gen;
	v->failed = r->failed;
	buf_puts(&v->errors, r->errors.ptr);
	buf_puts(&v->basepath, r->basepath.ptr);
	pthread_mutex_unlock(&r->lock);
}

void
reload_view_free(struct reload_view *v)
{
	buf_free(&v->errors);
	buf_free(&v->basepath);
}

unsigned long
reload_wait(struct reload *r, unsigned long since)
{
	struct timespec	 until;
	unsigned long	 gen;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += RELOAD_WAIT;
	pthread_mutex_lock(&r->lock);
	while (r->gen == since && !r->stopping)
		if (pthread_cond_timedwait(&r->changed, &r->lock, &until) ==
		    ETIMEDOUT)
			break;
	gen = r->gen;
	pthread_mutex_unlock(&r->lock);
	return gen;
}

void
reload_stop(struct reload *r)
{
	pthread_mutex_lock(&r->lock);
	r->stopping = 1;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

/* Where the last "</body" of the n bytes at s starts, or n if none. */
static size_t
body_end(const char *s, size_t n)
{
	size_t	 i;

	for (i = n; i >= 6; i--)
		if (s[i - 6] == '<' && s[i - 5] == '/' &&
		    strncasecmp(s + i - 4, "body", 4) == 0 &&
		    (i == n || s[i] == '>' || s[i] == ' ' || s[i] == '\t' ||
		    s[i] == '\n' || s[i] == '\r'))
			return i - 6;
	return n;
}

void
reload_inject(struct buf *html, unsigned long gen)
{
	struct buf	 tag = BUF_INIT, rest = BUF_INIT;
	size_t		 at;

	buf_printf(&tag, "<script src=\"" RELOAD_SCRIPT_URL "\" "
	    "data-gen=\"%lu\"></script>\n", gen);
	at = body_end(html->ptr, html->len);
	buf_put(&rest, html->ptr + at, html->len - at);
	buf_truncate(html, at);
	buf_put(html, tag.ptr, tag.len);
	buf_put(html, rest.ptr, rest.len);
	buf_free(&tag);
	buf_free(&rest);
}

void
reload_error_page(struct buf *page, const char *errors, unsigned long gen)
{
	buf_puts(page, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>网站有错误，没有生成</title>\n"
	    "<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
	    "pre{background:#fff0f0;border:1px solid #d33;padding:1em;"
	    "white-space:pre-wrap}</style>\n</head>\n<body>\n"
	    "<h1>网站有错误，没有生成</h1>\n<pre>");
	text_escape_text(page, errors, strlen(errors));
	buf_puts(page, "</pre>\n<p>上一次成功生成的网站仍在后台；改正后页面会"
	    "自动刷新。</p>\n</body>\n</html>\n");
	reload_inject(page, gen);
}
