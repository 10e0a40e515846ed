/*
 * bundle: the bundle in memory (struct bundle: its parts, its id) and the
 * values that writing and reading both check (see bundle_impl.h).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "bundle/bundle.h"
#include "bundle/bundle_impl.h"
#include "bundle/key.h"
#include "lib/util.h"

/* Whether s (n bytes) is a form id: [a-z0-9_], 1 to FORM_MAX bytes. */
int
bundle_form_id_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > FORM_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* Whether s is a unit code: [A-Za-z0-9_-], 1 to CODE_MAX bytes. */
int
bundle_unit_code_ok(const char *s)
{
	size_t	 i, n = strlen(s);

	if (n == 0 || n > CODE_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

/* Whether s[0..n) are ASCII digits making a number from lo to hi. */
static int
digits(const char *s, size_t n, int lo, int hi)
{
	size_t	 i;
	int	 v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v >= lo && v <= hi;
}

/* The shape of a period, "2022-W21" or "2022-05"; period.c knows more. */
int
bundle_period_ok(const char *s)
{
	size_t	 n = strlen(s);

	if (!digits(s, 4, 1, 9999) || s[4] != '-')
		return 0;
	if (n == 8 && s[5] == 'W')
		return digits(s + 6, 2, 1, 53);
	return n == 7 && digits(s + 5, 2, 1, 12);
}

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (a real date) into *t.  Returns 1, or 0. */
int
bundle_created_parse(const char *s, time_t *t)
{
	struct tm	 tm, back;

	if (strlen(s) != 20 || !digits(s, 4, 1970, 9999) || s[4] != '-' ||
	    !digits(s + 5, 2, 1, 12) || s[7] != '-' ||
	    !digits(s + 8, 2, 1, 31) || s[10] != 'T' ||
	    !digits(s + 11, 2, 0, 23) || s[13] != ':' ||
	    !digits(s + 14, 2, 0, 59) || s[16] != ':' ||
	    !digits(s + 17, 2, 0, 59) || s[19] != 'Z')
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	tm.tm_hour = atoi(s + 11);
	tm.tm_min = atoi(s + 14);
	tm.tm_sec = atoi(s + 17);
	*t = timegm(&tm);
	/* timegm makes 02-31 into 03-03: such a date does not come back */
	return *t != (time_t)-1 && gmtime_r(t, &back) != NULL &&
	    back.tm_mday == atoi(s + 8) && back.tm_mon == atoi(s + 5) - 1;
}

/* Whether UTF-8 text s (n bytes) has no control characters. */
int
bundle_text_ok(const char *s, size_t n, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t	 i;

	if (n == 0 || n > max)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		/* C1 controls, U+0080..U+009F */
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f)
			return 0;
	}
	return 1;
}

/* Whether s is exactly n lower-case hex digits. */
int
bundle_hex_ok(const char *s, size_t n)
{
	size_t	 i;

	if (strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static void
part_free(struct bundle_part *p)
{
	free(p->form);
	free(p->file);
	buf_free(&p->csv);
	buf_free(&p->sealed);
}

/* Makes b an empty bundle.  Does not free anything b held before. */
void
bundle_init(struct bundle *b)
{
	memset(b, 0, sizeof(*b));
	buf_init(&b->manifest);
}

/* Frees everything b holds and leaves it empty (bundle_init). */
void
bundle_free(struct bundle *b)
{
	size_t	 i;

	for (i = 0; i < b->nparts; i++)
		part_free(&b->parts[i]);
	free(b->parts);
	free(b->unit_code);
	free(b->unit_name);
	free(b->period);
	free(b->created);
	free(b->collector);
	free(b->sealed_to);
	buf_free(&b->manifest);
	bundle_init(b);
}

/* Appends a zeroed part to b and returns it (owned by b). */
struct bundle_part *
bundle_part_new(struct bundle *b)
{
	struct bundle_part *p;

	b->parts = xreallocarray(b->parts, b->nparts + 1, sizeof(*b->parts));
	p = &b->parts[b->nparts++];
	memset(p, 0, sizeof(*p));
	buf_init(&p->csv);
	buf_init(&p->sealed);
	return p;
}

/*
 * Adds to b the form form (id [a-z0-9_]{1,64}) of version version (>= 1)
 * with rows data rows, as the plain CSV csv[0..len), which is copied.
 * Returns 1, or 0 if the id or version is unusable, the CSV is larger than
 * BUNDLE_MAX_ENTRY or b already has this form.
 */
int
bundle_add(struct bundle *b, const char *form, int version, const char *csv,
    size_t len, size_t rows)
{
	struct bundle_part *p;
	size_t	 i;

	if (form == NULL || !bundle_form_id_ok(form, strlen(form)) || version < 1 ||
	    len > BUNDLE_MAX_ENTRY || b->nparts >= BUNDLE_MAX_ENTRIES - 2)
		return 0;
	for (i = 0; i < b->nparts; i++)
		if (strcmp(b->parts[i].form, form) == 0)
			return 0;
	p = bundle_part_new(b);
	p->form = xstrdup(form);
	p->version = version;
	p->rows = rows;
	buf_set(&p->csv, csv, len);
	p->plain = 1;
	return 1;
}

/* qsort order of parts: by form id. */
int
bundle_cmp_part(const void *a, const void *b)
{
	return strcmp(((const struct bundle_part *)a)->form,
	    ((const struct bundle_part *)b)->form);
}

/* The bundle id of b, whose parts are all plain, into id. */
void
bundle_compute_id(struct bundle *b, char id[65])
{
	struct buf	 s = BUF_INIT;
	char		 h[65];
	size_t		 i;

	qsort(b->parts, b->nparts, sizeof(*b->parts), bundle_cmp_part);
	buf_printf(&s, "%s\n%s\n%s\n", BUNDLE_FORMAT, b->unit_code, b->period);
	for (i = 0; i < b->nparts; i++) {
		assert(b->parts[i].plain);
		key_sha256_hex(h, b->parts[i].csv.ptr, b->parts[i].csv.len);
		buf_printf(&s, "%s\n%d\n%s\n", b->parts[i].form,
		    b->parts[i].version, h);
	}
	key_sha256_hex(id, s.ptr, s.len);
	buf_free(&s);
}
