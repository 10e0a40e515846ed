/*
 * kitconf: a unit kit's configuration, kit.json (kitconf.h).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "lib/buf.h"
#include "lib/files.h"
#include "lib/util.h"
#include "lib/utf8.h"
#include "bundle/kitconf.h"

int
kitconf_write(const struct kitconf *k, const char *path, struct buf *err)
{
	json_t	*root, *forms;
	char	*s = NULL;
	size_t	 i;
	int	 ok = 0;

	assert(k->unit_code != NULL && k->unit_name != NULL &&
	    k->office != NULL);
	assert(k->wday >= 1 && k->wday <= 7 && k->hour >= 0 && k->hour < 24 &&
	    k->min >= 0 && k->min < 60);
	forms = json_array();
	for (i = 0; i < k->nforms; i++)
		json_array_append_new(forms, json_string(k->forms[i]));
	root = json_pack("{s:s, s:{s:s, s:s}, s:s, s:{s:i, s:i, s:i}, s:o}",
	    "format", KIT_FORMAT,
	    "unit", "code", k->unit_code, "name", k->unit_name,
	    "office", k->office,
	    "deadline", "weekday", k->wday, "hour", k->hour, "minute", k->min,
	    "forms", forms);
	if (root == NULL)
		fatal("kitconf_write: json_pack");
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s == NULL)
		fatal("kitconf_write: json_dumps");
	ok = files_write(path, s, strlen(s), 0644, 1, err);
	free(s);
	json_decref(root);
	return ok;
}

/* The string member key of o, or NULL if it is not a non-empty string
 * of valid UTF-8 without NUL. */
static const char *
str(const json_t *o, const char *key)
{
	const json_t	*v = json_object_get(o, key);
	const char	*s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	if (*s == '\0' || strlen(s) != json_string_length(v) ||
	    !utf8_valid(s, strlen(s), NULL))
		return NULL;
	return s;
}

/* The integer member key of o in lo..hi into *out.  Returns 1 or 0. */
static int
num(const json_t *o, const char *key, int lo, int hi, int *out)
{
	const json_t	*v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		return 0;
	*out = (int)json_integer_value(v);
	return 1;
}

int
kitconf_read(struct kitconf *k, const char *path, struct buf *err)
{
	json_t		*root = NULL, *forms;
	json_error_t	 je;
	struct buf	 b = BUF_INIT;
	const char	*what = NULL, *code, *name, *office, *f;
	size_t		 i;

	memset(k, 0, sizeof(*k));
	if (!files_read(&b, path)) {
		buf_printf(err, "%s: 读不到工具包的设置文件：工具包不全，请向专项办"
		    "重新要一份工具包", path);
		goto fail;
	}
	root = json_loadb(b.ptr, b.len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL || !json_is_object(root)) {
		what = "不是有效的设置文件";
		goto bad;
	}
	if (str(root, "format") == NULL ||
	    strcmp(str(root, "format"), KIT_FORMAT) != 0) {
		what = "设置文件的格式不是本程序认识的（" KIT_FORMAT "）";
		goto bad;
	}
	code = str(json_object_get(root, "unit"), "code");
	name = str(json_object_get(root, "unit"), "name");
	office = str(root, "office");
	if (code == NULL || name == NULL || office == NULL) {
		what = "设置文件缺少单位代码、单位名称或专项办名称";
		goto bad;
	}
	if (!num(json_object_get(root, "deadline"), "weekday", 1, 7,
	    &k->wday) ||
	    !num(json_object_get(root, "deadline"), "hour", 0, 23, &k->hour) ||
	    !num(json_object_get(root, "deadline"), "minute", 0, 59, &k->min)) {
		what = "设置文件的报送截止时间不对";
		goto bad;
	}
	forms = json_object_get(root, "forms");
	if (!json_is_array(forms) || json_array_size(forms) == 0) {
		what = "设置文件没有列出要报的表";
		goto bad;
	}
	k->forms = xcalloc(json_array_size(forms), sizeof(*k->forms));
	for (i = 0; i < json_array_size(forms); i++) {
		if (!json_is_string(json_array_get(forms, i)) ||
		    *(f = json_string_value(json_array_get(forms, i))) == '\0') {
			what = "设置文件列出的表不对";
			goto bad;
		}
		k->forms[k->nforms++] = xstrdup(f);
	}
	k->unit_code = xstrdup(code);
	k->unit_name = xstrdup(name);
	k->office = xstrdup(office);
	json_decref(root);
	buf_free(&b);
	return 1;
bad:
	buf_printf(err, "%s: %s：工具包可能被改动过，请向专项办重新要一份工具包",
	    path, what);
fail:
	json_decref(root);
	buf_free(&b);
	kitconf_free(k);
	return 0;
}

void
kitconf_free(struct kitconf *k)
{
	size_t	 i;

	for (i = 0; i < k->nforms; i++)
		free(k->forms[i]);
	free(k->forms);
	free(k->unit_code);
	free(k->unit_name);
	free(k->office);
	memset(k, 0, sizeof(*k));
}
