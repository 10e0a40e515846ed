/*
 * bundle_impl: what bundle.c (writing) and bundle_read.c (reading) share:
 * the limits and layout of the zips bundle_write makes, the messages, and
 * the checks of manifest values.  Not for other modules.
 */
#ifndef SHOUHU_BUNDLE_IMPL_H
#define SHOUHU_BUNDLE_IMPL_H

#include <stddef.h>
#include <time.h>

struct bundle;
struct bundle_part;

#define SEAL_ALG	"x25519-xsalsa20poly1305-sealedbox"
#define COLLECTOR	"shouhu-collect"
#define FORM_MAX	64		/* bytes of a form id */
#define CODE_MAX	32		/* bytes of a unit code */
#define UNIT_NAME_MAX	200		/* bytes */
#define COLLECTOR_MAX	100		/* bytes */
#define SIG_B64		88		/* base64 of 64 bytes */
#define SIG_MAX		1024		/* bytes of manifest.sig */
#define CHUNK		65536		/* bytes read at a time */
#define RATIO_FROM	((size_t)1 << 20)

/*
 * The zip as shouhu-collect writes it (libzip): made by Unix, version 6.3;
 * regular files, mode 0644; no extra fields, comments or data descriptors.
 * The reader accepts nothing else, so that every byte of a bundle is either
 * checked or covered by a checksum or the signature.
 */
#define ZIP_MADE_BY	0x033f
#define ZIP_ATTR	((uint32_t)(S_IFREG | 0644) << 16)
#define ZIP_OK_FLAGS	0x0806		/* deflate level bits, UTF-8 names */
#define SIG_LOCAL	0x04034b50
#define SIG_CENTRAL	0x02014b50
#define SIG_END		0x06054b50
#define LOCAL_LEN	30
#define CENTRAL_LEN	46
#define END_LEN		22

/* The three kinds of reasons, each with what to do about it. */
#define NOT_BUNDLE	"不是 Shouhu 数据包："
#define PICK		"；请选择 shouhu-collect pack 生成的 .zip 文件"
#define CORRUPT		"数据包已损坏或被改动："
#define RESEND		"；请让报送单位重新打包发送"
#define SUSPECT		"数据包可疑，已拒绝："
#define NOT_OURS	"；这不是 shouhu-collect 生成的数据包，请勿打开，并与报送单位核实"

int	bundle_form_id_ok(const char *s, size_t n);
int	bundle_created_parse(const char *s, time_t *t);
int	bundle_text_ok(const char *s, size_t n, size_t max);
int	bundle_hex_ok(const char *s, size_t n);
struct bundle_part *bundle_part_new(struct bundle *b);
void	bundle_compute_id(struct bundle *b, char id[65]);
int	bundle_period_ok(const char *s);
int	bundle_cmp_part(const void *a, const void *b);

#endif
