/*
 * privacy: masking field values, scrubbing free text, finding personal
 * numbers, and the literal-string scanner.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"
#include "forms/form.h"
#include "office/privacy.h"
#include "office/pscan.h"

static void
scrubs(const char *in, const char *want, size_t k)
{
	struct buf	 b = BUF_INIT;

	assert_int_equal(privacy_scrub(&b, in, strlen(in), NULL), k);
	assert_string_equal(b.ptr, want);
	buf_free(&b);
}

static void
test_scrub(void **state)
{
	(void)state;
	scrubs("联系电话13812345678。", "联系电话138****5678。", 1);
	scrubs("13812345678", "138****5678", 1);
	scrubs("电话 138-1234-5678 或 139 1234 5678", "电话 138****5678 或 "
	    "139****5678", 2);
	scrubs("+8613812345678", "+86138****5678", 1);
	scrubs("１３８１２３４５６７８", "138****5678", 1);
	scrubs("身份证370882199001011234，", "身份证" PRIV_IDCARD_GONE "，", 1);
	scrubs("37088219900101123X", PRIV_IDCARD_GONE, 1);
	scrubs("370882 19900101 123x 号", PRIV_IDCARD_GONE " 号", 1);
	scrubs("370882900101123", PRIV_IDCARD_GONE, 1);
	scrubs("卡号6222 0202 0000 1234 567。", "卡号" PRIV_BANKCARD_GONE "。",
	    1);
	scrubs("6222020200001234", PRIV_BANKCARD_GONE, 1);
	scrubs("投诉电话 12345 13812345678", "投诉电话 12345 138****5678", 1);
	/* left alone: dates, amounts, landlines, hotlines, codes */
	scrubs("2022-05-09 挽回 120000 元，0537-1234567，12315，12337",
	    "2022-05-09 挽回 120000 元，0537-1234567，12315，12337", 0);
	scrubs("订单A13812345678", "订单A138****5678", 1);
	scrubs("13812345678901", "13812345678901", 0);
	scrubs("1381234567x", "1381234567x", 0);
	scrubs("12345678901", "12345678901", 0);
	scrubs("91370882MA3C5L1234", "91370882MA3C5L1234", 0);
	scrubs("", "", 0);
	scrubs("138", "138", 0);
}

/* The spellings units and writers really type (issue 12). */
static void
test_spellings(void **state)
{
	static const char *const mobile[] = {
		"138.1234.5678", "138/1234/5678", "138_1234_5678",
		"138，1234，5678", "(138)12345678", "（138）12345678",
		"138—1234—5678", "138－1234－5678", "138–1234–5678",
		"1 3 8 1 2 3 4 5 6 7 8", "138\u30001234\u30005678",
		"138\u00a01234\u00a05678", "138\u200b12345678",
		"１３８－１２３４－５６７８", "一三八一二三四五六七八",
		"wx13812345678", "138  1234  5678", "138 - 1234 - 5678",
		"+86 138 1234 5678", "0086-13812345678", "(+86)13812345678",
		"1381-2345-678", "138\n1234 5678", "１３８　１２３４　５６７８",
		"一三八 一二三四 五六七八", "tel:13812345678",
	};
	static const char *const idcard[] = {
		"370882-1990-0101-123X", "370882.19900101.1234",
		"370882 19900101 1234", "37088219900101123X",
		"３７０８８２１９９００１０１１２３４", "370882/1990/01/01/1234",
		"三七〇八八二一九九〇〇一〇一一二三四",
	};
	static const char *const bank[] = {
		"6222.0212.3456.7890", "6222 0212 3456 7890 123",
		"6222-0212-3456-7890", "6222021234567890123",
		"６２２２　０２１２　３４５６　７８９０",
	};
	struct privacy_hit h;
	char	 text[256];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(mobile) / sizeof(mobile[0]); i++) {
		snprintf(text, sizeof(text), "电话%s。", mobile[i]);
		if (!privacy_find(text, strlen(text), 0, &h))
			fail_msg("not found: %s", mobile[i]);
		assert_int_equal(h.kind, PRIV_MOBILE);
		assert_string_equal(h.digits, "13812345678");
	}
	for (i = 0; i < sizeof(idcard) / sizeof(idcard[0]); i++) {
		snprintf(text, sizeof(text), "身份证 %s 号", idcard[i]);
		if (!privacy_find(text, strlen(text), 0, &h))
			fail_msg("not found: %s", idcard[i]);
		assert_int_equal(h.kind, PRIV_IDCARD);
		assert_memory_equal(h.digits, "37088219900101123", 17);
	}
	for (i = 0; i < sizeof(bank) / sizeof(bank[0]); i++) {
		snprintf(text, sizeof(text), "卡号：%s", bank[i]);
		if (!privacy_find(text, strlen(text), 0, &h))
			fail_msg("not found: %s", bank[i]);
		assert_int_equal(h.kind, PRIV_BANKCARD);
		assert_memory_equal(h.digits, "6222021234567890", 16);
	}
	/* the masked forms are found no more */
	scrubs("电话 138.1234.5678，卡 6222.0212.3456.7890，证 370882-1990-0101-123X",
	    "电话 138****5678，卡 " PRIV_BANKCARD_GONE "，证 " PRIV_IDCARD_GONE, 3);
	scrubs("+86 138 1234 5678", "+86 138****5678", 1);
	scrubs("一三八一二三四五六七八", "138****5678", 1);
}

/* What people write that is not a personal number. */
static void
test_not_numbers(void **state)
{
	static const char *const plain[] = {
		"拨打 12315 0537-1234567 举报",
		"投诉电话 12345、12315、12337、110",
		"涉案金额 13,812,345,678 元",
		"2023-11-09 10:00 至 2023-11-16 10:00",
		"统计：13，5，2，0，1，7，3，2，1，0",
		"第 2023 年 45 周 138 户 1234 人",
		"1381234567x", "13812345678901", "12345678901",
		"91370882MA3C5L1234", "d41d8cd98f00b204e9800998ecf8427e",
		"deadbeefcafe13812345678", "a1b13812345678",
		"一二三四五六七八九十", "第一三八一二",
		"13812345678abc", "0537-12345678", "1990年1月1日",
		"1234 5678 1234 5678",		/* starts 1: no card */
	};
	struct privacy_hit h;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (privacy_find(plain[i], strlen(plain[i]), 0, &h))
			fail_msg("found %s in: %s", h.digits, plain[i]);
}

/*
 * Spans of ASCII digits and separators with fewer than 11 digits are
 * passed whole (short_span): the ones that end where a number could go on
 * (a full-width digit, an X) or hold 11 digits are still read.
 */
static void
test_spans(void **state)
{
	static const struct {
		const char	*s;
		const char	*want;		/* the digits found, or NULL */
	} t[] = {
		{ "M4 4h7v1h-7z", NULL },		/* an SVG path */
		{ "138 1234 567h", NULL },
		{ "138 1234 5678h", NULL },		/* glued to a letter */
		{ "1381234567 X", NULL },
		{ "138 1234 567 八", NULL },
		{ "138 1234 5678", "13812345678" },
		{ "(138)1234-5678", "13812345678" },
		{ "138 1234 567８", "13812345678" },	/* goes on wide */
		{ "110105194912310 02X", "110105194912310" },
		{ "2023-11-09 10:00 13812345678", "13812345678" },
	};
	struct privacy_hit h;
	size_t	 i;
	int	 found;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		found = privacy_find(t[i].s, strlen(t[i].s), 0, &h);
		if (t[i].want == NULL && found)
			fail_msg("found %s in: %s", h.digits, t[i].s);
		if (t[i].want != NULL && (!found ||
		    strcmp(h.digits, t[i].want) != 0))
			fail_msg("%s: want %s, got %s", t[i].s, t[i].want,
			    found ? h.digits : "nothing");
	}
}

static void
test_find(void **state)
{
	struct privacy_hit h;
	const char	*s = "a 13812345678 b 6222020200001234 c";

	(void)state;
	assert_true(privacy_find(s, strlen(s), 0, &h));
	assert_int_equal(h.off, 2);
	assert_int_equal(h.len, 11);
	assert_int_equal(h.kind, PRIV_MOBILE);
	assert_true(privacy_find(s, strlen(s), h.off + h.len, &h));
	assert_int_equal(h.off, 16);
	assert_int_equal(h.kind, PRIV_BANKCARD);
	assert_false(privacy_find(s, strlen(s), h.off + h.len, &h));
	/* a cut-off text: never reads past n */
	assert_false(privacy_find(s, 12, 0, &h));
	assert_string_equal(privacy_kind_name(PRIV_IDCARD), "身份证号");
}

static void
masks(int m, const char *in, const char *want)
{
	struct buf	 b = BUF_INIT;

	privacy_mask(&b, m, in, strlen(in));
	assert_string_equal(b.ptr, want);
	buf_free(&b);
}

static void
test_mask(void **state)
{
	(void)state;
	masks(FM_NAME, "张三", "张某某");
	masks(FM_NAME, " 李四 ", "李某某");
	masks(FM_NAME, "欧阳娜娜", "欧阳某某");
	masks(FM_NAME, "王", "王某某");
	masks(FM_NAME, "", "");
	masks(FM_PHONE, "13812345678", "138****5678");
	masks(FM_PHONE, "0537-1234567", "053****4567");
	masks(FM_PHONE, "12345", "****");
	masks(FM_IDCARD, "370882199001011234", PRIV_IDCARD_GONE);
	masks(FM_BANKCARD, "6222020200001234", PRIV_BANKCARD_GONE);
	masks(FM_ADDRESS, "山东省济宁市兖州区新兖镇幸福小区3号楼",
	    "山东省济宁市兖州区新兖镇（详细地址已隐去）");
	masks(FM_ADDRESS, "兖州区鼓楼街道", "兖州区鼓楼街道");
	masks(FM_ADDRESS, "幸福路12号", "（地址已隐去）");
	masks(FM_NONE, "原样", "原样");
}

static void
test_pscan(void **state)
{
	struct pscan	*p = pscan_new();
	const char	*t = "前言 王五私密 中间 MARK-0001 结尾 MARK-0001";
	size_t		 off, id, n, i;
	char		 s[32];

	(void)state;
	assert_int_equal(pscan_add(p, "王五私密", strlen("王五私密"), 0), 1);
	assert_int_equal(pscan_add(p, "MARK-0001", 9, 0), 1);
	assert_int_equal(pscan_add(p, "MARK-0001", 9, 0), 0);	/* again */
	assert_int_equal(pscan_add(p, "abc", 3, 0), 0);		/* too short */
	assert_int_equal(pscan_count(p), 2);
	assert_true(pscan_find(p, t, strlen(t), 0, &off, &id));
	assert_int_equal(off, strlen("前言 "));
	assert_string_equal(pscan_string(p, id, &n), "王五私密");
	assert_true(pscan_find(p, t, strlen(t), off + 1, &off, &id));
	assert_string_equal(pscan_string(p, id, &n), "MARK-0001");
	assert_true(pscan_find(p, t, strlen(t), off + 1, &off, &id));
	assert_int_equal(off + 9, strlen(t));
	assert_false(pscan_find(p, t, strlen(t), off + 1, &off, &id));
	assert_false(pscan_find(p, t, strlen(t) - 1, off, &off, &id));
	/* many strings: the table grows, every one is still found */
	for (i = 0; i < 5000; i++) {
		snprintf(s, sizeof(s), "私密值%05zu", i);
		assert_int_equal(pscan_add(p, s, strlen(s), 0), 1);
	}
	assert_true(pscan_find(p, "……私密值04999……", strlen("……私密值04999……"),
	    0, &off, &id));
	assert_string_equal(pscan_string(p, id, &n), "私密值04999");
	assert_false(pscan_find(p, "私密值05000", strlen("私密值05000"), 0, &off,
	    &id));
	pscan_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scrub),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_not_numbers),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_pscan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
