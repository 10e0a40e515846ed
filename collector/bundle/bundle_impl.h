/*
 * bundle_impl: what the files of the bundle module share: the limits and
 * layout of the zips bundle_write makes, the messages, the checks of
 * manifest values (bundle.c), and the reader's view of a zip
 * (bundle_zip.c, used by bundle_read.c).  The files depend one way:
 * bundle_write.c on bundle_read.c, bundle_read.c on bundle_zip.c, all of
 * them on bundle.c.  Not for other modules.
 */
#ifndef SHOUHU_BUNDLE_IMPL_H
#define SHOUHU_BUNDLE_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/buf.h"

struct bundle;
struct bundle_part;
struct zip;

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

/* ---- bundle.c: the values both sides check ---- */

/* Whether s[0..n) is a form id: [a-z0-9_], 1 to FORM_MAX bytes. */
int	bundle_form_id_ok(const char *s, size_t n);
/* Parses "YYYY-MM-DDTHH:MM:SSZ", a time that exists, into *t.  Returns 1,
 * or 0 (*t then anything). */
int	bundle_created_parse(const char *s, time_t *t);
/* Whether s[0..n) is 1 to max bytes of text without control characters
 * (C0, DEL, C1). */
int	bundle_text_ok(const char *s, size_t n, size_t max);
/* Whether s is exactly n lower-case hex digits. */
int	bundle_hex_ok(const char *s, size_t n);
/* Appends a zeroed part to b and returns it (b owns it; the pointer lasts
 * until the next part is added). */
struct bundle_part *bundle_part_new(struct bundle *b);
/* The bundle id of b (its parts all plain, and sorted by form id here)
 * into id, 64 hex digits and a NUL. */
void	bundle_compute_id(struct bundle *b, char id[65]);
/* Whether s has the shape of a period, "2022-W21" or "2022-05" (period.c
 * knows which exist). */
int	bundle_period_ok(const char *s);
/* qsort order of struct bundle_part: by form id. */
int	bundle_cmp_part(const void *a, const void *b);

/* ---- bundle_zip.c: the zip structure as the reader sees it ---- */

/* What an entry of a bundle is, by its name. */
enum bundle_entry_kind {
	ENTRY_OTHER,		/* not a name a bundle has */
	ENTRY_MANIFEST,		/* manifest.json */
	ENTRY_SIG,		/* manifest.sig */
	ENTRY_DATA		/* data/FORM.csv or data/FORM.csv.sealed */
};

/* One zip entry as its central directory and local header give it. */
struct bundle_entry {
	const unsigned char *name;	/* into the zip; not NUL-terminated */
	size_t		 nlen;
	unsigned	 made_by, needed, flags, method, mtime, mdate;
	unsigned	 xlen, lxlen, clen, disk, int_attr;
	uint32_t	 crc, csize, usize, ext_attr;
	size_t		 local;		/* offset of the local header */
	size_t		 data;		/* offset of the data */
	enum bundle_entry_kind kind;
	struct buf	 content;	/* the bytes as read */
	int		 used;		/* named by the manifest */
};

/*
 * A bundle being read: its bytes, its entries, and where the messages go.
 * The caller sets z, n, path, err and nm (BUF_INIT), the rest zeroed, and
 * frees it with bundle_zip_close.
 */
struct bundle_reader {
	const unsigned char *z;
	size_t		 n;
	const char	*path;		/* names the bundle in messages */
	struct buf	*err;
	struct buf	 nm;		/* a printable entry name */
	struct bundle_entry *e;		/* the entries, in central order */
	size_t		 ne;
	size_t		 cd;		/* offset of the central directory */
	struct zip	*za;		/* libzip's view of z */
	size_t		 inflated;	/* bytes inflated so far */
};

/*
 * Appends "PATH: KIND DETAIL ADVICE" to r->err, KIND and ADVICE one of the
 * pairs above (NOT_BUNDLE and PICK, ...).  Returns 0.
 */
int	bundle_zip_fail(struct bundle_reader *r, const char *kind,
	    const char *advice, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* The name of entry e, printable (other bytes as \xNN, long names cut),
 * in r->nm until the next call. */
const char *bundle_zip_name(struct bundle_reader *r,
	    const struct bundle_entry *e);
/* Whether the name of entry e is s. */
int	bundle_zip_name_is(const struct bundle_entry *e, const char *s);
/*
 * Walks the structure of the zip r->z[0..r->n) with no help from libzip,
 * opens it with libzip, and checks every entry's header and sizes against
 * what bundle_write makes and the caps (see bundle.h).  Fills r->e,
 * r->ne, r->cd, r->za; reads no entry's data.  Returns 1, or 0 after
 * bundle_zip_fail.
 */
int	bundle_zip_open(struct bundle_reader *r);
/*
 * Reads every entry of the zip bundle_zip_open opened into its content,
 * counting the bytes inflated in r->inflated against the caps, with CRCs
 * checked and every deflate stream ending where its entry does.  Returns 1,
 * or 0 after bundle_zip_fail.
 */
int	bundle_zip_read(struct bundle_reader *r);
/* Frees what r holds (in any state after its setup) but r->err. */
void	bundle_zip_close(struct bundle_reader *r);
/*
 * Whether entry i of the zip z[0..n), which bundle_write made (so trusted:
 * no comment, no extra fields), is compressed more than the reader allows.
 */
int	bundle_zip_too_compressed(const unsigned char *z, size_t n, size_t i);

#endif
