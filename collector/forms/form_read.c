/*
 * Reading the Lua tables of a form definition strictly: every key known,
 * every value of the right type, with one message naming the file and the
 * place (see form_impl.h).
 */
#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/buf.h"
#include "forms/form.h"
#include "forms/form_impl.h"
#include "lib/utf8.h"
#include "lib/util.h"

/* Records the first problem, prefixed with the file name; returns 0. */
int
form_fail(struct loader *ld, const char *fmt, ...)
{
	va_list	 ap;

	if (!ld->ok)
		return 0;
	ld->ok = 0;
	buf_printf(ld->err, "%s: ", ld->file);
	va_start(ap, fmt);
	buf_vprintf(ld->err, fmt, ap);
	va_end(ap);
	return 0;
}

/* The index of s among names (empty names never match), or -1. */
int
form_lookup(const char *const *names, const char *s)
{
	int	 i;

	for (i = 0; names[i] != NULL; i++)
		if (names[i][0] != '\0' && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* The names of a list, "a、b 或 c", for messages. */
const char *
form_alternatives(struct buf *b, const char *const *names)
{
	int	 i, n = 0;

	buf_clear(b);
	for (i = 0; names[i] != NULL; i++)
		if (names[i][0] != '\0')
			n++;
	for (i = 0; names[i] != NULL; i++) {
		if (names[i][0] == '\0')
			continue;
		if (b->len > 0)
			buf_puts(b, --n == 0 ? " 或 " : "、");
		else
			n--;
		buf_puts(b, names[i]);
	}
	return b->ptr;
}

/* Whether s is a lower-case ASCII identifier: a letter, then a-z 0-9 _. */
int
form_is_ident(const char *s)
{
	size_t	 i;

	if (s[0] < 'a' || s[0] > 'z')
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return i <= FORM_MAX_NAME;
}

/* Whether s is valid UTF-8 with no control characters. */
int
form_is_clean_text(const char *s, size_t n)
{
	size_t	 i, len;
	uint32_t c;

	for (i = 0; i < n; i += len) {
		if ((len = utf8_decode(s + i, n - i, &c)) == 0 || c < 0x20 ||
		    c == 0x7f)
			return 0;
	}
	return 1;
}

/*
 * Whether the table at idx is a list: keys exactly 1..n.  Sets *n.
 */
int
form_is_list(lua_State *L, int idx, size_t *n)
{
	size_t	 count = 0;
	lua_Integer k;

	idx = lua_absindex(L, idx);
	*n = lua_rawlen(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1)) {
			lua_pop(L, 1);
			return 0;
		}
		k = lua_tointeger(L, -1);
		if (k < 1 || (lua_Unsigned)k > *n) {
			lua_pop(L, 1);
			return 0;
		}
		count++;
	}
	return count == *n;
}

/*
 * Checks that the table at idx has only keys from allowed (strings).
 * what names the table in the message.
 */
int
form_check_keys(struct loader *ld, lua_State *L, int idx, const char *const *allowed,
    const char *what)
{
	const char *k;

	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			lua_pop(L, 1);
			return form_fail(ld, "%s里有不是名字的键（如 [1] = …）："
			    "每一项都应当写成 名字 = 值", what);
		}
		k = lua_tostring(L, -1);
		if (form_lookup(allowed, k) < 0) {
			form_fail(ld, "%s里有不认识的键“%s”", what, k);
			lua_pop(L, 1);
			return 0;
		}
	}
	return 1;
}

/*
 * Pushes t[key] of the table at idx (raw).  Returns its Lua type.
 */
int
form_get(lua_State *L, int idx, const char *key)
{
	assert(lua_type(L, idx) == LUA_TTABLE);
	idx = lua_absindex(L, idx);
	lua_pushstring(L, key);
	return lua_rawget(L, idx);
}

/*
 * Pushes t[key] of the table at idx and returns its Lua type when it is
 * absent (LUA_TNIL) or of type want (a number: finite).  Otherwise pushes
 * nothing and returns -1 after "WHAT的 KEY 应当是NOUN".
 */
static int
get_optional(struct loader *ld, lua_State *L, int idx, const char *key,
    int want, const char *noun, const char *what)
{
	int	 t;

	t = form_get(L, idx, key);
	if (t == LUA_TNIL || (t == want && (t != LUA_TNUMBER ||
	    isfinite(lua_tonumber(L, -1)))))
		return t;
	lua_pop(L, 1);
	form_fail(ld, "%s的 %s 应当是%s", what, key, noun);
	return -1;
}

/* Reads a string (see form_impl.h). */
int
form_get_string(struct loader *ld, lua_State *L, int idx, const char *key,
    int required, char **out, const char *what)
{
	const char *s;
	size_t	 n;
	int	 t;

	*out = NULL;
	if ((t = get_optional(ld, L, idx, key, LUA_TSTRING, "文字（加引号）",
	    what)) < 0)
		return 0;
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		if (required)
			return form_fail(ld, "%s缺少 %s", what, key);
		return 1;
	}
	s = lua_tolstring(L, -1, &n);
	if (strlen(s) != n || n == 0 || !form_is_clean_text(s, n)) {
		lua_pop(L, 1);
		return form_fail(ld, "%s的 %s 应当是不空的一行文字（UTF-8，"
		    "不含换行等控制字符）", what, key);
	}
	*out = xstrdup(s);
	lua_pop(L, 1);
	return 1;
}

/* Reads a boolean (see form_impl.h). */
int
form_get_bool(struct loader *ld, lua_State *L, int idx, const char *key,
    int *out, const char *what)
{
	*out = 0;
	if (get_optional(ld, L, idx, key, LUA_TBOOLEAN, " true 或 false",
	    what) < 0)
		return 0;
	*out = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return 1;
}

/* Reads a number (see form_impl.h). */
int
form_get_number(struct loader *ld, lua_State *L, int idx, const char *key,
    double *out, int *present, const char *what)
{
	int	 t;

	*present = 0;
	if ((t = get_optional(ld, L, idx, key, LUA_TNUMBER, "数字", what)) < 0)
		return 0;
	if (t == LUA_TNUMBER) {
		*out = lua_tonumber(L, -1);
		*present = 1;
	}
	lua_pop(L, 1);
	return 1;
}

/* Reads one of names (by index) from the string t[key]; absent: 0. */
int
form_get_enum(struct loader *ld, lua_State *L, int idx, const char *key,
    const char *const *names, int *out, const char *what)
{
	struct buf b = BUF_INIT;
	char	*s;
	int	 i;

	*out = 0;
	if (!form_get_string(ld, L, idx, key, 0, &s, what))
		return 0;
	if (s == NULL)
		return 1;
	if ((i = form_lookup(names, s)) < 0) {
		form_fail(ld, "%s的 %s “%s”不对：应当是 %s", what, key, s,
		    form_alternatives(&b, names));
		buf_free(&b);
		free(s);
		return 0;
	}
	*out = i;
	free(s);
	return 1;
}

int
form_get_choices(struct loader *ld, lua_State *L, int idx, struct field *fd,
    const char *what)
{
	const char *s;
	size_t	 n, i, len;
	int	 t;

	t = form_get(L, idx, "choices");
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		if (fd->type == FT_CHOICE)
			return form_fail(ld, "%s是 choice 类型，必须有 choices"
			    "（可选的值）", what);
		return 1;
	}
	if (fd->type != FT_CHOICE && fd->type != FT_LIST) {
		lua_pop(L, 1);
		return form_fail(ld, "%s：choices 只能用于 choice 和 list 类型",
		    what);
	}
	if (t != LUA_TTABLE || !form_is_list(L, -1, &n) || n == 0 ||
	    n > FORM_MAX_CHOICES) {
		lua_pop(L, 1);
		return form_fail(ld, "%s的 choices 应当是不空的文字列表，如 "
		    "{ \"是\", \"否\" }（最多 %d 项）", what, FORM_MAX_CHOICES);
	}
	fd->choices = xcalloc(n, sizeof(*fd->choices));
	for (i = 0; i < n; i++) {
		t = lua_rawgeti(L, -1, (lua_Integer)i + 1);
		s = t == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
		if (s == NULL || len == 0 || strlen(s) != len ||
		    !form_is_clean_text(s, len) || s[0] == ' ' ||
		    s[len - 1] == ' ') {
			lua_pop(L, 2);
			return form_fail(ld, "%s的第 %zu 个可选值应当是不空的一行"
			    "文字（加引号，前后没有空格）", what, i + 1);
		}
		if (form_choice(fd, s) >= 0) {
			/* s lives on the stack: the message copies it first */
			form_fail(ld, "%s的可选值“%s”重复了", what, s);
			lua_pop(L, 2);
			return 0;
		}
		fd->choices[fd->nchoices++] = xstrdup(s);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return 1;
}

/* Whether d is a whole number (of less than 16 digits). */
int
form_is_integral(double d)
{
	return d == floor(d) && fabs(d) < 1e15;
}
