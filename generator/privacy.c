/*
 * Masking, scrubbing and finding personal data (see privacy.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "form.h"
#include "privacy.h"
#include "utext.h"
#include "util.h"

#define GROUP_MIN	3	/* digits of a group in a grouped number */
#define GROUP_MAX	8

/* Two-character surnames, kept whole when a name is masked. */
static const char *const compound[] = {
	"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
	"长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门",
	NULL
};

/* Where an address stops being public: after the last of these. */
static const char *const places[] = {
	"街道", "镇", "乡", "区", "县", "市", "省", NULL
};

/*
 * If s[i..n) starts with a digit (ASCII or full-width), returns its bytes
 * and puts its value in *d; else 0.
 */
static size_t
digit_at(const char *s, size_t n, size_t i, int *d)
{
	const unsigned char *p = (const unsigned char *)s + i;

	if (i < n && p[0] >= '0' && p[0] <= '9') {
		*d = p[0] - '0';
		return 1;
	}
	if (i + 2 < n && p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 &&
	    p[2] <= 0x99) {
		*d = p[2] - 0x90;
		return 3;
	}
	return 0;
}

/* Whether the byte before i belongs to a word a number may not touch. */
static int
joined_before(const char *s, size_t i)
{
	int	 d;
	unsigned char c;

	if (i == 0)
		return 0;
	c = (unsigned char)s[i - 1];
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '_')
		return 1;
	return i >= 3 && digit_at(s, i, i - 3, &d) == 3;
}

/* Whether s[i..n) starts with something a number may not touch. */
static int
joined_after(const char *s, size_t n, size_t i)
{
	int	 d;
	unsigned char c;

	if (i >= n)
		return 0;
	c = (unsigned char)s[i];
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
		return 1;
	return digit_at(s, n, i, &d) > 0;
}

/*
 * Reads one group of digits at s[i..n) into dig (appending), returning
 * its end; *k gets the number of digits.
 */
static size_t
group(const char *s, size_t n, size_t i, char *dig, size_t *nd, size_t *k)
{
	size_t	 l;
	int	 d;

	*k = 0;
	while ((l = digit_at(s, n, i, &d)) > 0) {
		if (*nd < 32)
			dig[(*nd)++] = (char)('0' + d);
		(*k)++;
		i += l;
	}
	return i;
}

/*
 * The ways people group the digits of the numbers looked for: a mobile
 * 138 1234 5678, an ID-card number 370882 19900101 1234, a bank card in
 * fours.  Digits grouped any other way are separate numbers: "12315
 * 0537-1234567" is a hotline and a landline, not a card.
 */
static const unsigned char groupings[][6] = {
	{ 3, 4, 4 }, { 6, 8, 4 }, { 4, 4, 4, 4, 4 }, { 4, 4, 4, 4, 3 },
	{ 4, 4, 4, 4, 2 }, { 4, 4, 4, 4, 1 }, { 4, 4, 4, 4 },
};

#define MAX_GROUPS	6

/*
 * Reads the number starting at s[i] (a digit not joined to what is
 * before): a run of digits, or runs joined by single spaces or hyphens as
 * one of the groupings, and for 17 digits a final X.  Sets *end and
 * returns its kind, or -1 if it is no personal number.
 */
static int
number_at(const char *s, size_t n, size_t i, size_t *end)
{
	char	 dig[40];
	size_t	 nd = 0, k, e, ends[MAX_GROUPS], sizes[MAX_GROUPS], ng = 0;
	size_t	 g, j, want;
	int	 d;

	/* every group, as far as they are joined */
	e = i;
	for (;;) {
		e = group(s, n, e, dig, &nd, &k);
		if (e < n && (s[e] == 'X' || s[e] == 'x') && nd == 17) {
			dig[nd++] = 'X';
			e++;
			k++;
		}
		sizes[ng] = k;
		ends[ng++] = e;
		if (ng == MAX_GROUPS || e + 1 >= n ||
		    (s[e] != ' ' && s[e] != '-') ||
		    digit_at(s, n, e + 1, &d) == 0)
			break;
		e++;
	}
	/* the longest grouping that the groups start with */
	for (g = ng; g > 1; g--) {
		for (j = 0; j < sizeof(groupings) / sizeof(groupings[0]); j++) {
			for (k = 0; k < g && groupings[j][k] == sizes[k]; k++)
				continue;
			if (k == g && (g == MAX_GROUPS || groupings[j][g] == 0))
				break;
		}
		if (j < sizeof(groupings) / sizeof(groupings[0]))
			break;
	}
	for (want = 0, k = 0; k < g; k++)
		want += sizes[k];
	*end = ends[g - 1];
	if (joined_after(s, n, *end))
		return -1;
	nd = want;
	if (nd == 11 && dig[0] == '1' && dig[1] >= '3' && dig[1] <= '9')
		return PRIV_MOBILE;
	if (nd == 13 && memcmp(dig, "861", 3) == 0 && dig[3] >= '3' &&
	    dig[3] <= '9')
		return PRIV_MOBILE;		/* +86 13812345678 */
	if (nd == 15 || nd == 18)
		return PRIV_IDCARD;
	if (nd >= 16 && nd <= 19)
		return PRIV_BANKCARD;
	return -1;
}

/*
 * Finds the first personal number of s[0..n) at or after byte from.
 * Returns 1 with it in *h, or 0 if there is none.
 */
int
privacy_find(const char *s, size_t n, size_t from, struct privacy_hit *h)
{
	size_t	 i, end, l;
	int	 d, kind;

	for (i = from; i < n; ) {
		if ((l = digit_at(s, n, i, &d)) == 0) {
			i++;
			continue;
		}
		if (joined_before(s, i)) {
			i += l;
			continue;
		}
		kind = number_at(s, n, i, &end);
		if (kind >= 0) {
			h->off = i;
			h->len = end - i;
			h->kind = (enum privacy_kind)kind;
			return 1;
		}
		/* skip the rest of this run of digits */
		for (i += l; (l = digit_at(s, n, i, &d)) > 0; i += l)
			continue;
	}
	return 0;
}

/* The kind of a personal number, for messages. */
const char *
privacy_kind_name(enum privacy_kind k)
{
	switch (k) {
	case PRIV_MOBILE:
		return "手机号";
	case PRIV_IDCARD:
		return "身份证号";
	case PRIV_BANKCARD:
		return "银行卡号";
	}
	return "号码";
}

/* Appends the masked form of the number h of s: 138****1234 or removed. */
static void
mask_number(struct buf *out, const char *s, const struct privacy_hit *h)
{
	char	 dig[33];
	size_t	 nd = 0, i, l;
	int	 d;

	if (h->kind != PRIV_MOBILE) {
		buf_puts(out, h->kind == PRIV_IDCARD ? PRIV_IDCARD_GONE :
		    PRIV_BANKCARD_GONE);
		return;
	}
	for (i = h->off; i < h->off + h->len; )
		if ((l = digit_at(s, h->off + h->len, i, &d)) > 0) {
			dig[nd++] = (char)('0' + d);
			i += l;
		} else
			i++;
	buf_put(out, dig, nd - 8);
	buf_puts(out, "****");
	buf_put(out, dig + nd - 4, 4);
}

/*
 * Appends s[0..n) to out with every personal number masked (mobile
 * numbers as 138****1234, ID-card and bank-card numbers replaced by a
 * note that they were removed).  Returns how many were masked.
 */
size_t
privacy_scrub(struct buf *out, const char *s, size_t n)
{
	struct privacy_hit h;
	size_t	 at = 0, k = 0;

	while (privacy_find(s, n, at, &h)) {
		buf_put(out, s + at, h.off - at);
		mask_number(out, s, &h);
		at = h.off + h.len;
		k++;
	}
	buf_put(out, s + at, n - at);
	return k;
}

static void
mask_name(struct buf *out, const char *s, size_t n)
{
	const char *p = s, *e = s + n;
	size_t	 i;

	for (i = 0; compound[i] != NULL; i++)
		if (n > strlen(compound[i]) &&
		    memcmp(s, compound[i], strlen(compound[i])) == 0) {
			buf_puts(out, compound[i]);
			buf_puts(out, "某某");
			return;
		}
	utext_next(&p, e);
	buf_put(out, s, (size_t)(p - s));
	buf_puts(out, "某某");
}

static void
mask_phone(struct buf *out, const char *s, size_t n)
{
	char	 dig[64];
	size_t	 nd = 0, i, l;
	int	 d;

	for (i = 0; i < n; )
		if ((l = digit_at(s, n, i, &d)) > 0) {
			if (nd < sizeof(dig))
				dig[nd++] = (char)('0' + d);
			i += l;
		} else
			i++;
	if (nd < 8) {
		buf_puts(out, "****");
		return;
	}
	buf_put(out, dig, 3);
	buf_puts(out, "****");
	buf_put(out, dig + nd - 4, 4);
}

static void
mask_address(struct buf *out, const char *s, size_t n)
{
	const char *best = NULL, *p;
	size_t	 i, l;

	for (i = 0; places[i] != NULL; i++) {
		l = strlen(places[i]);
		for (p = s; (p = memmem(p, n - (size_t)(p - s), places[i],
		    l)) != NULL; p += l) {
			/* 小区 is a housing estate, not a district */
			if (p - s >= 3 && memcmp(p - 3, "小", 3) == 0)
				continue;
			if (best == NULL || p + l > best)
				best = p + l;
		}
	}
	if (best == NULL) {
		buf_puts(out, "（地址已隐去）");
		return;
	}
	buf_put(out, s, (size_t)(best - s));
	if (best < s + n)
		buf_puts(out, "（详细地址已隐去）");
}

/*
 * Appends the value s[0..n) of a field with mask m (enum field_mask) as
 * the public site may show it: FM_NAME 张某某, FM_PHONE 138****1234,
 * FM_IDCARD and FM_BANKCARD a note that it was removed, FM_ADDRESS cut
 * after its town; FM_NONE unchanged.  Empty values stay empty.
 */
void
privacy_mask(struct buf *out, int m, const char *s, size_t n)
{
	s = utext_trim(s, &n);
	if (n == 0)
		return;
	switch (m) {
	case FM_NAME:
		mask_name(out, s, n);
		break;
	case FM_PHONE:
		mask_phone(out, s, n);
		break;
	case FM_IDCARD:
		buf_puts(out, PRIV_IDCARD_GONE);
		break;
	case FM_BANKCARD:
		buf_puts(out, PRIV_BANKCARD_GONE);
		break;
	case FM_ADDRESS:
		mask_address(out, s, n);
		break;
	default:
		buf_put(out, s, n);
		break;
	}
}

/* ---- many literal strings at once ---- */

#define PSCAN_KEY	4	/* bytes every string is found by */

struct pstr {
	char		*s;
	size_t		 len;
	uint32_t	 key;
	size_t		 next;	/* next in its bucket, or SIZE_MAX */
	int		 off;	/* disabled: not found any more */
};

struct pscan {
	struct pstr	*v;
	size_t		 n, cap;
	size_t		*bucket;	/* nbucket heads, SIZE_MAX: empty */
	size_t		 nbucket;	/* a power of 2 */
	uint64_t	 seen[1 << 14];	/* bit per 20-bit key hash */
};

static uint32_t
key_of(const char *s)
{
	uint32_t k;

	memcpy(&k, s, sizeof(k));
	return k;
}

static size_t
hash_of(uint32_t k)
{
	return (size_t)((k * 2654435761u) >> 8);
}

/* A new empty set of strings (free with pscan_free). */
struct pscan *
pscan_new(void)
{
	struct pscan	*p = xcalloc(1, sizeof(*p));

	p->nbucket = 64;
	p->bucket = xmalloc(p->nbucket * sizeof(*p->bucket));
	memset(p->bucket, 0xff, p->nbucket * sizeof(*p->bucket));
	return p;
}

/* Frees p (NULL is fine). */
void
pscan_free(struct pscan *p)
{
	size_t	 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		free(p->v[i].s);
	free(p->v);
	free(p->bucket);
	free(p);
}

static void
rehash(struct pscan *p)
{
	size_t	 i, b;

	free(p->bucket);
	p->nbucket *= 4;
	p->bucket = xmalloc(p->nbucket * sizeof(*p->bucket));
	memset(p->bucket, 0xff, p->nbucket * sizeof(*p->bucket));
	for (i = 0; i < p->n; i++) {
		b = hash_of(p->v[i].key) & (p->nbucket - 1);
		p->v[i].next = p->bucket[b];
		p->bucket[b] = i;
	}
}

/*
 * Adds the string s[0..n) to p, unless it is already there.  Strings of
 * fewer than 4 bytes are not added (they would match everywhere).
 * Returns 1 if added, 0 if not.
 */
int
pscan_add(struct pscan *p, const char *s, size_t n)
{
	struct pstr	*x;
	uint32_t	 k;
	size_t		 b, i, h;

	if (n < PSCAN_KEY)
		return 0;
	k = key_of(s);
	h = hash_of(k);
	for (i = p->bucket[h & (p->nbucket - 1)]; i != SIZE_MAX;
	    i = p->v[i].next)
		if (p->v[i].len == n && memcmp(p->v[i].s, s, n) == 0)
			return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	x = &p->v[p->n];
	x->s = xstrndup(s, n);
	x->len = n;
	x->key = k;
	x->off = 0;
	b = h & (p->nbucket - 1);
	x->next = p->bucket[b];
	p->bucket[b] = p->n++;
	p->seen[(h >> 6) & ((1 << 14) - 1)] |= (uint64_t)1 << (h & 63);
	if (p->n > p->nbucket)
		rehash(p);
	return 1;
}

/* Whether p holds the string s[0..n), not disabled. */
int
pscan_has(const struct pscan *p, const char *s, size_t n)
{
	size_t	 i;

	if (n < PSCAN_KEY)
		return 0;
	for (i = p->bucket[hash_of(key_of(s)) & (p->nbucket - 1)];
	    i != SIZE_MAX; i = p->v[i].next)
		if (p->v[i].len == n && memcmp(p->v[i].s, s, n) == 0)
			return !p->v[i].off;
	return 0;
}

/*
 * Disables every string of p that occurs in text[0..n): pscan_find no
 * longer finds it.  Returns how many were disabled.
 */
size_t
pscan_disable_within(struct pscan *p, const char *text, size_t n)
{
	size_t	 i, j, k = 0;

	if (p->n == 0 || n < PSCAN_KEY)
		return 0;
	for (i = 0; i + PSCAN_KEY <= n; i++)
		for (j = p->bucket[hash_of(key_of(text + i)) &
		    (p->nbucket - 1)]; j != SIZE_MAX; j = p->v[j].next)
			if (!p->v[j].off && p->v[j].len <= n - i &&
			    memcmp(p->v[j].s, text + i, p->v[j].len) == 0) {
				p->v[j].off = 1;
				k++;
			}
	return k;
}

/* How many strings p holds. */
size_t
pscan_count(const struct pscan *p)
{
	return p->n;
}

/* String i of p, its length in *n. */
const char *
pscan_string(const struct pscan *p, size_t i, size_t *n)
{
	*n = p->v[i].len;
	return p->v[i].s;
}

/*
 * Finds the first occurrence, at or after byte from, of any string of p
 * in text[0..n).  Returns 1 with its offset in *off and the string's index
 * in *id, or 0.
 */
int
pscan_find(const struct pscan *p, const char *text, size_t n, size_t from,
    size_t *off, size_t *id)
{
	size_t	 i, j, h;

	if (p->n == 0 || n < PSCAN_KEY)
		return 0;
	for (i = from; i + PSCAN_KEY <= n; i++) {
		h = hash_of(key_of(text + i));
		if (!(p->seen[(h >> 6) & ((1 << 14) - 1)] &
		    ((uint64_t)1 << (h & 63))))
			continue;
		for (j = p->bucket[h & (p->nbucket - 1)]; j != SIZE_MAX;
		    j = p->v[j].next)
			if (!p->v[j].off && p->v[j].len <= n - i &&
			    memcmp(p->v[j].s, text + i, p->v[j].len) == 0) {
				*off = i;
				*id = j;
				return 1;
			}
	}
	return 0;
}
