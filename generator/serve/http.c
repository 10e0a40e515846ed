#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <microhttpd.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/util.h"
#include "serve/http.h"
#include "serve/reload.h"

#define MAX_PAGE	(64 * 1024 * 1024)	/* bytes of an HTML page */

/* The type of a file by the end of its name. */
static const struct {
	const char	*ext;
	const char	*type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".htm", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".xml", "application/xml; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".jpg", "image/jpeg" },
	{ ".jpeg", "image/jpeg" },
	{ ".gif", "image/gif" },
	{ ".webp", "image/webp" },
	{ ".ico", "image/x-icon" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".pdf", "application/pdf" },
	{ ".woff2", "font/woff2" },
	{ ".woff", "font/woff" },
	{ ".csv", "text/csv; charset=utf-8" },
	{ ".xlsx", "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet" },
};

#define HTML_TYPE	"text/html; charset=utf-8"
#define TEXT_TYPE	"text/plain; charset=utf-8"

/* The Content-Type of the file path. */
static const char *
type_of(const char *path)
{
	size_t	 i, n = strlen(path), e;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		e = strlen(types[i].ext);
		if (n > e && strcasecmp(path + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return "application/octet-stream";
}

/*
 * Queues the answer r with status, the headers every answer has, and
 * header: value if header is not NULL; r is given up.
 */
static enum MHD_Result
queue(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
    const char *type, const char *header, const char *value)
{
	enum MHD_Result	 ret;

	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (header != NULL)
		MHD_add_response_header(r, header, value);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Answers the n bytes at p (copied) as type with status. */
static enum MHD_Result
send_bytes(struct MHD_Connection *c, unsigned status, const char *type,
    const void *p, size_t n, const char *header, const char *value)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(n, (void *)(uintptr_t)p,
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	return queue(c, status, r, type, header, value);
}

/* Answers the text s with status. */
static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned status, const char *s)
{
	return send_bytes(c, status, TEXT_TYPE, s, strlen(s), NULL, NULL);
}

/* Sends the browser to location (status 301 or 302). */
static enum MHD_Result
redirect(struct MHD_Connection *c, unsigned status, const char *location)
{
	return send_bytes(c, status, TEXT_TYPE, "", 0,
	    MHD_HTTP_HEADER_LOCATION, location);
}

/* The error page of the failed build v, with status 500. */
static enum MHD_Result
send_error_page(struct MHD_Connection *c, const struct reload_view *v)
{
	struct buf	 page = BUF_INIT;
	enum MHD_Result	 ret;

	reload_error_page(&page, v->errors.ptr, v->gen);
	ret = send_bytes(c, MHD_HTTP_INTERNAL_SERVER_ERROR, HTML_TYPE,
	    page.ptr, page.len, NULL, NULL);
	buf_free(&page);
	return ret;
}

/* The HTML page in the file path with the reload script, with status. */
static enum MHD_Result
send_page(struct MHD_Connection *c, unsigned status, const char *path,
    const struct reload_view *v)
{
	struct buf	 page = BUF_INIT;
	enum MHD_Result	 ret;

	if (files_load(&page, path, MAX_PAGE, FILES_REGULAR, NULL) !=
	    FILES_GOT)
		ret = send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "无法读取这个"
		    "网页：请再刷新一次\n");
	else {
		reload_inject(&page, v->gen);
		ret = send_bytes(c, status, HTML_TYPE, page.ptr, page.len,
		    NULL, NULL);
	}
	buf_free(&page);
	return ret;
}

/* The file path, not a page, as it is. */
static enum MHD_Result
send_file(struct MHD_Connection *c, const char *path)
{
	struct MHD_Response *r;
	struct stat	 st;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		if (fd != -1)
			close(fd);
		return send_text(c, MHD_HTTP_NOT_FOUND, "找不到这个文件\n");
	}
	/* the response owns fd from here */
	if ((r = MHD_create_response_from_fd64((uint64_t)st.st_size, fd)) ==
	    NULL) {
		close(fd);
		return MHD_NO;
	}
	return queue(c, MHD_HTTP_OK, r, type_of(path), NULL, NULL);
}

/*
 * Whether a missing path looks like a page (ends in '/' or ".html", or
 * its last part has no '.'), for which the error page of a failed build
 * is the answer.
 */
static int
page_like(const char *path)
{
	const char	*last = strrchr(path, '/');

	last = last != NULL ? last + 1 : path;
	return *last == '\0' || util_has_suffix(last, ".html") ||
	    strchr(last, '.') == NULL;
}

/* The answer for a path that is not in the site. */
static enum MHD_Result
not_found(struct http *h, struct MHD_Connection *c, const char *path,
    const struct reload_view *v)
{
	struct buf	 file = BUF_INIT;
	struct stat	 st;
	enum MHD_Result	 ret;

	if (v->failed && page_like(path))
		return send_error_page(c, v);
	buf_printf(&file, "%s/404.html", h->outdir);
	if (lstat(file.ptr, &st) == 0 && S_ISREG(st.st_mode))
		ret = send_page(c, MHD_HTTP_NOT_FOUND, file.ptr, v);
	else
		ret = send_text(c, MHD_HTTP_NOT_FOUND, "找不到这个网页\n");
	buf_free(&file);
	return ret;
}

static int
hex(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/*
 * Percent-decodes the path of a request into out.  Returns 1, or 0 if
 * it does not start with '/', has a bad escape, a NUL or a backslash, or
 * a "." or ".." segment.
 */
static int
decode_path(const char *url, struct buf *out)
{
	const char	*p, *seg;
	int		 a, b, ch;

	if (*url != '/')
		return 0;
	for (p = url; *p != '\0'; p++) {
		ch = (unsigned char)*p;
		if (ch == '%') {
			if ((a = hex(p[1])) < 0 || (b = hex(p[2])) < 0)
				return 0;
			ch = a * 16 + b;
			p += 2;
		}
		if (ch == '\0' || ch == '\\')
			return 0;
		buf_putc(out, ch);
	}
	for (seg = out->ptr; seg != NULL; seg = strchr(seg, '/')) {
		seg++;
		if ((seg[0] == '.' && (seg[1] == '/' || seg[1] == '\0')) ||
		    (seg[0] == '.' && seg[1] == '.' && (seg[2] == '/' ||
		    seg[2] == '\0')))
			return 0;
	}
	return 1;
}

/* Whether the real path real is the folder dir or inside it. */
static int
inside(const char *dir, const char *real)
{
	size_t	 n = strlen(dir);

	return strncmp(real, dir, n) == 0 && (real[n] == '\0' ||
	    real[n] == '/');
}

/* A URL being given the arguments of a query (put_arg). */
struct query {
	struct buf	*b;
	int		 n;		/* arguments put so far */
};

/*
 * Appends one argument of the query (an MHD_KeyValueIterator) to cls, as
 * the browser sent it: the server leaves URLs undecoded (keep_escapes).
 */
static enum MHD_Result
put_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query	*q = cls;
	struct buf	*b = q->b;

	(void)kind;
	buf_putc(b, q->n++ == 0 ? '?' : '&');
	buf_puts(b, key);
	if (value != NULL) {
		buf_putc(b, '=');
		buf_puts(b, value);
	}
	return MHD_YES;
}

/*
 * The file of the site at rel (decoded, below the base path) for the
 * request whose decoded path is path.
 */
static enum MHD_Result
site_file(struct http *h, struct MHD_Connection *c, const char *url,
    const char *path, const char *rel, const struct reload_view *v)
{
	struct buf	 full = BUF_INIT, to = BUF_INIT;
	struct query	 q;
	struct stat	 st;
	char		 real[PATH_MAX];
	enum MHD_Result	 ret;

	buf_printf(&full, "%s/%s", h->outdir, rel);
	if (realpath(full.ptr, real) == NULL || !inside(h->outdir, real) ||
	    stat(real, &st) == -1) {
		ret = not_found(h, c, path, v);
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		if (path[strlen(path) - 1] != '/') {
			/* the query goes along: /search?q=药 is /search/?q=药 */
			buf_printf(&to, "%s/", url);
			q.b = &to;
			q.n = 0;
			(void)MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND,
			    put_arg, &q);
			ret = redirect(c, MHD_HTTP_MOVED_PERMANENTLY, to.ptr);
			goto out;
		}
		buf_clear(&full);
		buf_printf(&full, "%s/index.html", real);
		if (stat(full.ptr, &st) == -1 || !S_ISREG(st.st_mode)) {
			ret = not_found(h, c, path, v);
			goto out;
		}
		snprintf(real, sizeof(real), "%s", full.ptr);
	} else if (!S_ISREG(st.st_mode)) {
		ret = not_found(h, c, path, v);
		goto out;
	}
	if (strcmp(type_of(real), HTML_TYPE) != 0)
		ret = send_file(c, real);
	else if (v->failed)
		ret = send_error_page(c, v);
	else
		ret = send_page(c, MHD_HTTP_OK, real, v);
out:
	buf_free(&full);
	buf_free(&to);
	return ret;
}

/* /__shouhu/...: the reload script and the long poll. */
static enum MHD_Result
own(struct http *h, struct MHD_Connection *c, const char *url)
{
	const char	*v;
	char		 gen[32];

	if (strcmp(url, RELOAD_SCRIPT_URL) == 0)
		return send_bytes(c, MHD_HTTP_OK, "text/javascript; "
		    "charset=utf-8", reload_script, strlen(reload_script),
		    NULL, NULL);
	if (strcmp(url, RELOAD_POLL_URL) == 0) {
		v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "v");
		snprintf(gen, sizeof(gen), "%lu\n", reload_wait(h->rl,
		    v != NULL ? strtoul(v, NULL, 10) : 0));
		return send_text(c, MHD_HTTP_OK, gen);
	}
	return send_text(c, MHD_HTTP_NOT_FOUND, "找不到这个网页\n");
}

/* Every request: see http.h. */
static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct http	*h = cls;
	struct reload_view v;
	struct buf	 path = BUF_INIT;
	enum MHD_Result	 ret;
	size_t		 nbase;

	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return send_bytes(c, MHD_HTTP_METHOD_NOT_ALLOWED, TEXT_TYPE,
		    "预览只能读取网页（GET 或 HEAD）\n", strlen("预览只能读取"
		    "网页（GET 或 HEAD）\n"), MHD_HTTP_HEADER_ALLOW,
		    "GET, HEAD");
	if (strncmp(url, "/__shouhu/", 10) == 0)
		return own(h, c, url);
	if (!decode_path(url, &path)) {
		buf_free(&path);
		return send_text(c, MHD_HTTP_BAD_REQUEST, "网址的路径不对：不能含 "
		    "“.”或“..”一段、反斜杠或编码错误的字符\n");
	}
	reload_view(h->rl, &v);
	nbase = v.basepath.len;
	if (strcmp(path.ptr, "/") == 0 && nbase > 1)
		ret = redirect(c, MHD_HTTP_FOUND, v.basepath.ptr);
	else if (path.len + 1 == nbase && strncmp(path.ptr, v.basepath.ptr,
	    path.len) == 0)
		ret = redirect(c, MHD_HTTP_MOVED_PERMANENTLY, v.basepath.ptr);
	else if (strncmp(path.ptr, v.basepath.ptr, nbase) != 0)
		ret = not_found(h, c, path.ptr, &v);
	else
		ret = site_file(h, c, url, path.ptr, path.ptr + nbase, &v);
	reload_view_free(&v);
	buf_free(&path);
	return ret;
}

/* Leaves the path of a request as it is: answer decodes it. */
static size_t
keep_escapes(void *cls, struct MHD_Connection *c, char *uri)
{
	return strlen(uri);
}

int
http_address(const char *addr, int port, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct sockaddr_in	*in = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		*len = sizeof(*in);
		return 1;
	}
	if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
		return 1;
	}
	return 0;
}

/*
 * A socket listening on addr:port; the port it got goes to *got.
 * Returns it, or -1 with a message in err.
 */
static int
listen_on(const char *addr, int port, int *got, struct buf *err)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	int			 fd, one = 1;

	if (!http_address(addr, port, &ss, &len)) {
		buf_printf(err, "%s: --bind “%s”不是 IP 地址：写成 127.0.0.1 "
		    "或 ::1\n", util_progname, addr);
		return -1;
	}
	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) ==
	    -1)
		goto fail;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) == -1 ||
	    listen(fd, 64) == -1)
		goto fail;
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		goto fail;
	*got = ntohs(ss.ss_family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
fail:
	buf_printf(err, "%s: 无法在 %s 的端口 %d 上提供预览：%s%s\n",
	    util_progname, addr, port, util_strerror(errno),
	    errno == EADDRINUSE ? "；这个端口已被占用，请用 --port 换一个"
	    "（--port 0 自动选一个空闲端口）" : "");
	if (fd != -1)
		close(fd);
	return -1;
}

int
http_start(struct http *h, const char *addr, int port, const char *outdir,
    struct reload *rl, struct buf *err)
{
	unsigned	 flags;
	int		 fd;

	memset(h, 0, sizeof(*h));
	if ((fd = listen_on(addr, port, &h->port, err)) == -1)
		return 0;
	h->outdir = xstrdup(outdir);
	h->rl = rl;
	flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD;
	if (strchr(addr, ':') != NULL)
		flags |= MHD_USE_IPv6;
	h->d = MHD_start_daemon(flags, 0, NULL, NULL, answer, h,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(RELOAD_WAIT + 35),
	    MHD_OPTION_END);
	if (h->d == NULL) {
		buf_printf(err, "%s: 无法启动预览用的网页服务器（libmicrohttpd）"
		    "\n", util_progname);
		close(fd);
		free(h->outdir);
		h->outdir = NULL;
		return 0;
	}
	return 1;
}

void
http_stop(struct http *h)
{
	if (h->d != NULL)
		MHD_stop_daemon(h->d);
	h->d = NULL;
	free(h->outdir);
	h->outdir = NULL;
}
