/*
 * Masking field values and scrubbing free text (see privacy.h): what
 * privacy.c finds, shown or hidden.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/utf8.h"
#include "forms/form.h"
#include "office/privacy.h"
#include "lib/utext.h"
#include "lib/util.h"

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
 * The ends of business and organisation names, longest first: a party
 * that ends with one is a business, masked as 某某 and its kind
 * (某某有限公司); one without is a person.
 */
static const char *const org_ends[] = {
	"股份有限公司", "有限责任公司", "有限公司", "分公司", "公司", "合作社",
	"工作室", "养老院", "颐养院", "敬老院", "福利院", "养老中心",
	"服务中心", "体验中心", "医院", "诊所", "门诊部", "大药房", "药房",
	"药店", "超市", "商行", "商店", "商场", "专卖店", "店", "中心",
	"会所", "协会", "学校", "俱乐部", "旅行社", "公寓", "院", "馆", "厂",
	"部", "社", "所", "站", "场", NULL
};

/* Appends the masked form of the number h: 138****5678 or removed. */
static void
mask_number(struct buf *out, const struct privacy_hit *h)
{
	switch (h->kind) {
	case PRIV_MOBILE:
		buf_put(out, h->digits, 3);
		buf_puts(out, "****");
		buf_put(out, h->digits + 7, 4);
		break;
	case PRIV_IDCARD:
		buf_puts(out, PRIV_IDCARD_GONE);
		break;
	case PRIV_BANKCARD:
		buf_puts(out, PRIV_BANKCARD_GONE);
		break;
	}
}

void
privacy_shown(struct buf *out, const struct privacy_hit *h)
{
	size_t	 n = strlen(h->digits), keep = h->kind == PRIV_IDCARD ? 6 : 4;

	if (h->kind == PRIV_MOBILE) {
		mask_number(out, h);
		return;
	}
	buf_put(out, h->digits, keep);
	for (; keep < n - 4; keep++)
		buf_putc(out, '*');
	buf_puts(out, h->digits + n - 4);
}

/* One pass of privacy_scrub: masks what privacy_find finds in s. */
static size_t
scrub_once(struct buf *out, const char *s, size_t n, struct buf *what)
{
	struct privacy_hit h;
	size_t	 at = 0, k = 0;

	while (privacy_find(s, n, at, &h)) {
		buf_put(out, s + at, h.off - at);
		mask_number(out, &h);
		if (what != NULL) {
			if (what->len > 0)
				buf_puts(what, "、");
			buf_printf(what, "%s（", privacy_kind_name(h.kind));
			privacy_shown(what, &h);
			buf_puts(what, "）");
		}
		at = h.off + h.len;
		k++;
	}
	buf_put(out, s + at, n - at);
	return k;
}

/*
 * Masking can leave digits side by side that were apart (the 138 of
 * 138****5678 next to other digits): passes go on until nothing is found,
 * so that the finder finds nothing in what privacy_scrub returns.  Each
 * pass removes digits, so there are few.
 */
size_t
privacy_scrub(struct buf *out, const char *s, size_t n, struct buf *what)
{
	struct privacy_hit h;
	struct buf	 a = BUF_INIT, b = BUF_INIT, t;
	size_t		 k, more;

	if ((k = scrub_once(&a, s, n, what)) == 0) {
		buf_put(out, s, n);
		buf_free(&a);
		return 0;
	}
	while (privacy_find(a.ptr, a.len, 0, &h)) {
		buf_clear(&b);
		more = scrub_once(&b, a.ptr, a.len, what);
		assert(more > 0);
		k += more;
		t = a;
		a = b;
		b = t;
	}
	buf_put(out, a.ptr, a.len);
	buf_free(&a);
	buf_free(&b);
	return k;
}

/* A name masked: its surname (one or two characters) and 某某. */
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

/* A person (张某某) or a business (某某 and what kind: 某某有限公司). */
static void
mask_party(struct buf *out, const char *s, size_t n)
{
	size_t	 i, l;

	for (i = 0; org_ends[i] != NULL; i++) {
		l = strlen(org_ends[i]);
		if (n > l && memcmp(s + n - l, org_ends[i], l) == 0) {
			buf_puts(out, "某某");
			buf_puts(out, org_ends[i]);
			return;
		}
	}
	if (utf8_chars(s, n) > 4)
		buf_puts(out, "某某单位");
	else
		mask_name(out, s, n);
}

/* A phone number masked: its first three and last four digits. */
static void
mask_phone(struct buf *out, const char *s, size_t n)
{
	char	 dig[64];
	size_t	 nd = privacy_digits(s, n, dig, sizeof(dig));

	if (nd < 8) {
		buf_puts(out, "****");
		return;
	}
	buf_put(out, dig, 3);
	buf_puts(out, "****");
	buf_put(out, dig + nd - 4, 4);
}

/*
 * An address masked: kept up to its last 街道, 镇, 乡, 区, 县, 市 or 省
 * (not 小区), the rest hidden.
 */
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

void
privacy_mask(struct buf *out, enum field_mask m, const char *s, size_t n)
{
	s = utext_trim(s, &n);
	if (n == 0)
		return;
	switch (m) {
	case FM_NAME:
		mask_name(out, s, n);
		break;
	case FM_PARTY:
		mask_party(out, s, n);
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
	case FM_CODE:
		buf_puts(out, PRIV_CODE_GONE);
		break;
	case FM_ADDRESS:
		mask_address(out, s, n);
		break;
	case FM_NONE:
		buf_put(out, s, n);
		break;
	}
}
