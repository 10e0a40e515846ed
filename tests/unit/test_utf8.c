/*
 * utf8: the one decoder and encoder (collector/lib/utf8.c).  Strict
 * decoding (shortest form, no surrogates, nothing past U+10FFFF, nothing
 * cut short), the lenient step for text as people type it, encoding every
 * length back, and the helpers that must never split a character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "lib/utf8.h"

static void
test_decode(void **state)
{
	static const struct {
		const char	*s;
		size_t		 n, len;
		uint32_t	 cp;
	} ok[] = {
		{ "a", 1, 1, 'a' }, { "\xc3\xa9", 2, 2, 0xe9 },
		{ "中", 3, 3, 0x4e2d }, { "\xf0\x9f\x98\x80", 4, 4, 0x1f600 },
		{ "\xef\xbf\xbf", 3, 3, 0xffff }, { "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff },
	};
	static const char *const bad[] = {
		"\xc0\x80", "\xe0\x80\xaf", "\xf0\x80\x80\x80", "\xed\xa0\x80",
		"\xf4\x90\x80\x80", "\x80", "\xff", "\xe4\xbd",
	};
	uint32_t	 cp;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(utf8_decode(ok[i].s, ok[i].n, &cp), ok[i].len);
		assert_int_equal(cp, ok[i].cp);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(utf8_decode(bad[i], strlen(bad[i]), &cp), 0);
	assert_int_equal(utf8_decode("", 0, &cp), 0);
	/* the lenient step: a bad byte is U+FFFD, one byte */
	assert_int_equal(utf8_next("\xe4\xbd", 2, &cp), 1);
	assert_int_equal(cp, 0xfffd);
	assert_int_equal(utf8_next("中", 3, &cp), 3);
	assert_int_equal(cp, 0x4e2d);
}

static void
test_valid(void **state)
{
	size_t	 bad = 99;

	(void)state;
	assert_true(utf8_valid("中文é😀 a\0b", strlen("中文é😀 a") + 2, NULL));
	assert_false(utf8_valid("ab\xe0\x80\xaf", 5, &bad));
	assert_int_equal(bad, 2);
	assert_false(utf8_valid("中\xe4", 4, &bad));
	assert_int_equal(bad, 3);
}

static void
test_encode(void **state)
{
	static const uint32_t cps[] = { 0, 'x', 0x7f, 0x80, 0x7ff, 0x800,
	    0x4e2d, 0xffff, 0x10000, 0x1f600, 0x10ffff };
	struct buf	 b = BUF_INIT;
	char		 u[4];
	uint32_t	 cp;
	size_t		 i, len;

	(void)state;
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		len = utf8_encode(u, cps[i]);
		assert_int_equal(utf8_decode(u, len, &cp), len);
		assert_int_equal(cp, cps[i]);
		buf_clear(&b);
		utf8_put(&b, cps[i]);
		assert_int_equal(b.len, len);
		assert_memory_equal(b.ptr, u, len);
	}
	buf_free(&b);
}

static void
test_boundaries(void **state)
{
	const char	*s = "a中文b";

	(void)state;
	/* clip never cuts 中 (bytes 1..3) */
	assert_int_equal(utf8_clip(s, 2), 1);
	assert_int_equal(utf8_clip(s, 3), 1);
	assert_int_equal(utf8_clip(s, 4), 4);
	assert_int_equal(utf8_clip(s, 0), 0);
	assert_int_equal(utf8_prev(s, 4), 1);
	assert_int_equal(utf8_prev(s, 7), 4);
	assert_int_equal(utf8_prev(s, 8), 7);
	assert_int_equal(utf8_chars(s, strlen(s)), 4);
	assert_int_equal(utf8_chars("", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_boundaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
