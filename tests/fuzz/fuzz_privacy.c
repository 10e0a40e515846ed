/*
 * fuzz_privacy: a libFuzzer target for the finder of personal numbers
 * (privacy.h), with two properties:
 *
 *	1. after masking, the finder finds nothing: privacy_find finds no
 *	   number in what privacy_scrub returns, whatever the text;
 *	2. after inserting a number in any spelling, it finds it: a mobile,
 *	   ID-card or bank-card number made from the input's first bytes,
 *	   spelled as people type it (groupings, 1 to 4 separators of every
 *	   kind between groups, ASCII, full-width or Chinese digits mixed,
 *	   +86 or 0086, up to 8 letters glued before, an ID's x or X) and
 *	   put into the scrubbed text between two 。 is found, with its
 *	   kind and digits (where the cut would make numbers of the two
 *	   halves of a run of digits, it goes first instead).
 *
 * The input: 16 bytes that choose the number and its spelling, then the
 * text.  Shorter inputs check property 1 only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "fuzz.h"
#include "office/privacy.h"

#define CTL	16

/* The separators people type between digit groups. */
static const char *const gaps[] = {
	" ", "\t", "\n", ".", "/", "_", "-", ",", "(", ")", "[", "]",
	"\u00a0", "\u00ad", "\u00b7", "\u2002", "\u2009", "\u200b", "\u200c",
	"\u200d", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "\u202f",
	"\u2060", "\u3000", "\u3010", "\u3011", "\u30fb", "\ufeff", "\uff08",
	"\uff09", "\uff0c", "\uff0d", "\uff0e", "\uff0f", "\uff3b", "\uff3d",
	"\uff3f",
};
static const char *const han[] = {
	"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};

/* A tiny generator of choices, from the control bytes. */
struct rnd {
	uint64_t	 s;
};

static unsigned
pick(struct rnd *r, unsigned n)
{
	r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((r->s >> 33) % n);
}

/* Appends digit d in one of its forms. */
static void
put_digit(struct buf *b, struct rnd *r, int d)
{
	char	 fw[4] = { '\xef', '\xbc', (char)(0x90 + d), '\0' };

	switch (pick(r, 4)) {
	case 0:
		buf_puts(b, fw);
		break;
	case 1:
		buf_puts(b, d == 0 && pick(r, 2) ? "零" : han[d]);
		break;
	default:
		buf_putc(b, '0' + d);
	}
}

/* The Luhn check digit of the n digits d. */
static int
luhn_digit(const char *d, int n)
{
	int	 i, sum = 0, v;

	for (i = 0; i < n; i++) {
		v = d[n - 1 - i] - '0';
		if (i % 2 == 0 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return (10 - sum % 10) % 10;
}

/*
 * Makes a number into want (its digits as privacy_find reports them) and
 * its sizes of groups into sizes; returns the kind.
 */
static enum privacy_kind
make_number(struct rnd *r, char *want, int *sizes, int *ng, int *x)
{
	static const int mobile[][3] = { { 11 }, { 3, 4, 4 }, { 3, 8 },
	    { 4, 4, 3 }, { 4, 7 }, { 7, 4 } };
	static const int id[][5] = { { 18 }, { 6, 8, 4 }, { 6, 4, 4, 4 },
	    { 6, 4, 2, 2, 4 }, { 14, 4 } };
	enum privacy_kind k = (enum privacy_kind)pick(r, 3);
	int	 i, n, s;

	*x = 0;
	switch (k) {
	case PRIV_MOBILE:
		want[0] = '1';
		want[1] = (char)('3' + pick(r, 7));
		for (i = 2; i < 11; i++)
			want[i] = (char)('0' + pick(r, 10));
		n = 11;
		s = (int)pick(r, 7);
		if (s == 6) {
			for (i = 0; i < 11; i++)
				sizes[i] = 1;
			*ng = 11;
		} else
			for (*ng = 0; *ng < 3 && mobile[s][*ng]; (*ng)++)
				sizes[*ng] = mobile[s][*ng];
		break;
	case PRIV_IDCARD:
		snprintf(want, 20, "%d%05u%04u%02u%02u%03u", 1 + (int)pick(r, 8),
		    pick(r, 100000), 1930 + pick(r, 90), 1 + pick(r, 12),
		    1 + pick(r, 28), pick(r, 1000));
		if (pick(r, 4) == 0) {
			want[17] = 'X';
			*x = 1;
		} else
			want[17] = (char)('0' + pick(r, 10));
		n = 18;
		s = (int)pick(r, 6);
		if (s == 5) {
			for (i = 0; i < 18; i++)
				sizes[i] = 1;
			*ng = 18;
		} else
			for (*ng = 0; *ng < 5 && id[s][*ng]; (*ng)++)
				sizes[*ng] = id[s][*ng];
		break;
	default:
		/* 18 digits in one group read as an ID card */
		n = (int[]){ 16, 17, 19 }[pick(r, 3)];
		want[0] = '6';
		want[1] = '2';
		for (i = 2; i < n - 1; i++)
			want[i] = (char)('0' + pick(r, 10));
		want[n - 1] = (char)('0' + luhn_digit(want, n - 1));
		s = (int)pick(r, 3);
		if (s == 0) {
			sizes[0] = n;
			*ng = 1;
		} else if (s == 1) {
			for (*ng = 0, i = n; i > 0; i -= 4)
				sizes[(*ng)++] = i < 4 ? i : 4;
		} else {
			sizes[0] = 6;
			sizes[1] = n - 6;
			*ng = 2;
		}
		break;
	}
	want[n] = '\0';
	return k;
}

/* Appends the number want, grouped by sizes, spelled by r. */
static void
spell(struct buf *b, struct rnd *r, enum privacy_kind k, const char *want,
    const int *sizes, int ng, int x)
{
	static const char *const glued[] = { "wx", "tel", "QQ", "Tel",
	    "mobile", "phone", "dianhua" };
	static const char *const prefix[] = { "+86 ", "0086-", "86", "(+86)",
	    "+86-" };
	int	 g, i, j, at = 0;

	if (pick(r, 4) == 0)
		buf_puts(b, glued[pick(r, 7)]);
	if (k == PRIV_MOBILE && pick(r, 4) == 0)
		buf_puts(b, prefix[pick(r, 5)]);
	for (g = 0; g < ng; g++) {
		if (g > 0)
			for (j = 1 + (int)pick(r, 4); j > 0; j--)
				buf_puts(b, gaps[pick(r, sizeof(gaps) /
				    sizeof(gaps[0]))]);
		for (i = 0; i < sizes[g]; i++, at++)
			if (x && want[at] == 'X')
				buf_putc(b, pick(r, 2) ? 'X' : 'x');
			else
				put_digit(b, r, want[at] - '0');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 clean = BUF_INIT, t = BUF_INIT;
	struct privacy_hit h;
	struct rnd	 r;
	enum privacy_kind k;
	const char	*text = (const char *)data + (size >= CTL ? CTL : 0);
	size_t		 n = size >= CTL ? size - CTL : size, at, i;
	char		 want[20];
	int		 sizes[20], ng, x;

	/* 1. after masking, the finder finds nothing */
	(void)privacy_scrub(&clean, text, n, NULL);
	CHECK(!privacy_find(clean.ptr, clean.len, 0, &h));

	/* 2. a number inserted in any spelling is found */
	if (size >= CTL) {
		memcpy(&r.s, data, sizeof(r.s));
		k = make_number(&r, want, sizes, &ng, &x);
		at = (size_t)data[8] << 8 | data[9];
		at = clean.len ? at % (clean.len + 1) : 0;
		while (at > 0 && at < clean.len &&
		    ((unsigned char)clean.ptr[at] & 0xc0) == 0x80)
			at--;
		/* cutting a run of digits in two can make numbers of its
		 * halves: then the number goes first */
		buf_put(&t, clean.ptr, at);
		buf_puts(&t, "。。");
		buf_put(&t, clean.ptr + at, clean.len - at);
		if (privacy_find(t.ptr, t.len, 0, &h))
			at = 0;
		buf_clear(&t);
		buf_put(&t, clean.ptr, at);
		buf_puts(&t, "。");
		i = t.len;
		spell(&t, &r, k, want, sizes, ng, x);
		buf_puts(&t, "。");
		buf_put(&t, clean.ptr + at, clean.len - at);
		if (!privacy_find(t.ptr, t.len, 0, &h)) {
			fprintf(stderr, "not found: %s as \"%s\"\n", want,
			    t.ptr + i);
			abort();
		}
		if (h.kind != k || strcmp(h.digits, want) != 0) {
			fprintf(stderr, "%s (kind %d) found as %s (kind %d) in "
			    "\"%s\"\n", want, k, h.digits, h.kind, t.ptr + i);
			abort();
		}
	}
	buf_free(&clean);
	buf_free(&t);
	return 0;
}
