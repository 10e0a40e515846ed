/*
 * deflate: checking that a deflate stream (RFC 1951) has nothing in it that
 * its inflated contents do not show.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bundle/deflate.h"

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/*
 * A walk through a deflate stream (RFC 1951) that decodes the codes but
 * keeps no output: zlib, through libzip, has already inflated it.  The walk
 * finds where the stream ends, to refuse bytes after it and set padding
 * bits, which inflate ignores: the only bytes of a deflated entry that a
 * checksum of its contents would not cover.
 */
struct bits {
	const unsigned char *p;
	size_t		 n, pos;
	uint32_t	 acc;		/* bits not used yet, lowest first */
	int		 nacc;
};

struct huff {
	short		 count[16];	/* codes of each length */
	short		 sym[288];	/* symbols in code order */
};

static int
getbits(struct bits *s, int need, unsigned *v)
{
	uint32_t acc = s->acc;

	while (s->nacc < need) {
		if (s->pos == s->n)
			return 0;
		acc |= (uint32_t)s->p[s->pos++] << s->nacc;
		s->nacc += 8;
	}
	*v = acc & ((1u << need) - 1);
	s->acc = acc >> need;
	s->nacc -= need;
	return 1;
}

/* The canonical code of the lengths len[0..n); 0 if over-subscribed. */
static int
huff_build(struct huff *h, const unsigned char *len, int n)
{
	short	 offs[16];
	int	 i, left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (i = 0; i < n; i++)
		h->count[len[i]]++;
	for (i = 1; i < 16; i++) {
		left = left * 2 - h->count[i];
		if (left < 0)
			return 0;
	}
	offs[1] = 0;
	for (i = 1; i < 15; i++)
		offs[i + 1] = (short)(offs[i] + h->count[i]);
	for (i = 0; i < n; i++)
		if (len[i] != 0)
			h->sym[offs[len[i]]++] = (short)i;
	return 1;
}

static int
huff_decode(struct bits *s, const struct huff *h)
{
	int	 code = 0, first = 0, index = 0, len;
	unsigned b;

	for (len = 1; len < 16; len++) {
		if (!getbits(s, 1, &b))
			return -1;
		code |= (int)b;
		if (code - h->count[len] < first)
			return h->sym[index + (code - first)];
		index += h->count[len];
		first = (first + h->count[len]) << 1;
		code <<= 1;
	}
	return -1;
}

static int
walk_codes(struct bits *s, const struct huff *lc, const struct huff *dc)
{
	static const unsigned char lext[29] = {
		0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
		4, 4, 4, 4, 5, 5, 5, 5, 0
	};
	static const unsigned char dext[30] = {
		0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
		9, 9, 10, 10, 11, 11, 12, 12, 13, 13
	};
	unsigned v;
	int	 sym;

	for (;;) {
		if ((sym = huff_decode(s, lc)) < 0)
			return 0;
		if (sym < 256)
			continue;
		if (sym == 256)
			return 1;
		sym -= 257;
		if (sym >= 29 || !getbits(s, lext[sym], &v) ||
		    (sym = huff_decode(s, dc)) < 0 || sym >= 30 ||
		    !getbits(s, dext[sym], &v))
			return 0;
	}
}

static int
walk_fixed(struct bits *s)
{
	unsigned char	 len[288 + 30];
	struct huff	 lc, dc;
	int		 i;

	for (i = 0; i < 288; i++)
		len[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	for (; i < 288 + 30; i++)
		len[i] = 5;
	huff_build(&lc, len, 288);
	huff_build(&dc, len + 288, 30);
	return walk_codes(s, &lc, &dc);
}

static int
walk_dynamic(struct bits *s)
{
	static const unsigned char order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
	};
	unsigned char	 len[286 + 30];
	struct huff	 lc, dc;
	unsigned	 nlen, ndist, ncode, v, rep;
	int		 sym;
	size_t		 i;

	if (!getbits(s, 5, &nlen) || !getbits(s, 5, &ndist) ||
	    !getbits(s, 4, &ncode))
		return 0;
	nlen += 257;
	ndist += 1;
	ncode += 4;
	if (nlen > 286 || ndist > 30)
		return 0;
	memset(len, 0, sizeof(len));
	for (i = 0; i < ncode; i++) {
		if (!getbits(s, 3, &v))
			return 0;
		len[order[i]] = (unsigned char)v;
	}
	if (!huff_build(&lc, len, 19))
		return 0;
	for (i = 0; i < nlen + ndist;) {
		if ((sym = huff_decode(s, &lc)) < 0)
			return 0;
		if (sym < 16) {
			len[i++] = (unsigned char)sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0 || !getbits(s, 2, &rep))
				return 0;
			v = len[i - 1];
			rep += 3;
		} else {
			if (!getbits(s, sym == 17 ? 3 : 7, &rep))
				return 0;
			v = 0;
			rep += sym == 17 ? 3 : 11;
		}
		if (i + rep > nlen + ndist)
			return 0;
		while (rep-- > 0)
			len[i++] = (unsigned char)v;
	}
	if (len[256] == 0 || !huff_build(&lc, len, (int)nlen) ||
	    !huff_build(&dc, len + nlen, (int)ndist))
		return 0;
	return walk_codes(s, &lc, &dc);
}

/*
 * Whether the deflate stream p[0..n) ends exactly at its last byte, and
 * every padding bit (before stored blocks and after the end) is zero.
 */
int
deflate_exact(const unsigned char *p, size_t n)
{
	struct bits	 s = { p, n, 0, 0, 0 };
	unsigned	 last, type;
	size_t		 len;

	do {
		if (!getbits(&s, 1, &last) || !getbits(&s, 2, &type))
			return 0;
		switch (type) {
		case 0:
			if (s.acc != 0 || s.n - s.pos < 4)
				return 0;
			s.nacc = 0;
			len = le16(p + s.pos);
			if (le16(p + s.pos + 2) != (~len & 0xffff))
				return 0;
			s.pos += 4;
			if (s.n - s.pos < len)
				return 0;
			s.pos += len;
			break;
		case 1:
			if (!walk_fixed(&s))
				return 0;
			break;
		case 2:
			if (!walk_dynamic(&s))
				return 0;
			break;
		default:
			return 0;
		}
	} while (!last);
	return s.acc == 0 && s.pos == s.n;
}
