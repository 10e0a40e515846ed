#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "lib/buf.h"
#include "craft.h"
#include "lib/util.h"

#define SIG_CENTRAL	0x02014b50
#define CENTRAL_LEN	46
#define LOCAL_LEN	30
#define END_LEN		22
#define ZEROS_MAX	4		/* zero-filled entries in one zip */

/* A libzip source of size zero bytes. */
struct zeros {
	zip_uint64_t	 size, off;
	time_t		 mtime;
};

static zip_int64_t
zeros_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct zeros	*z = ud;
	zip_stat_t	*st;
	zip_uint64_t	 n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		z->off = 0;
		return 0;
	case ZIP_SOURCE_READ:
		n = z->size - z->off < len ? z->size - z->off : len;
		memset(data, 0, n);
		z->off += n;
		return (zip_int64_t)n;
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_STAT:
		st = data;
		zip_stat_init(st);
		st->size = z->size;
		st->mtime = z->mtime;
		st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
		return sizeof(*st);
	case ZIP_SOURCE_ERROR:
		memset(data, 0, 2 * sizeof(int));
		return 2 * sizeof(int);
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

/* Adds entry e to za; fatal on failure. */
static void
add_entry(zip_t *za, const struct craft_ent *e, struct zeros *zs,
    time_t mtime)
{
	zip_source_t	*s;
	zip_int64_t	 i;

	if (e->dir)
		i = zip_dir_add(za, e->name, ZIP_FL_ENC_UTF_8);
	else {
		if (e->zeros) {
			zs->size = e->zeros;
			zs->mtime = mtime;
			s = zip_source_function(za, zeros_cb, zs);
		} else
			s = zip_source_buffer(za, e->data, e->len, 0);
		if (s == NULL)
			fatal("craft: %s: %s", e->name, zip_strerror(za));
		if ((i = zip_file_add(za, e->name, s, ZIP_FL_ENC_UTF_8)) < 0)
			zip_source_free(s);
	}
	if (i < 0 || zip_set_file_compression(za, (zip_uint64_t)i,
	    e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) != 0 ||
	    (!e->dir && zip_file_set_external_attributes(za, (zip_uint64_t)i,
	    0, ZIP_OPSYS_UNIX, e->attr ? e->attr : CRAFT_REG_ATTR) != 0) ||
	    zip_file_set_mtime(za, (zip_uint64_t)i, mtime, 0) != 0 ||
	    (e->em && zip_file_set_encryption(za, (zip_uint64_t)i, e->em,
	    "geheim") != 0))
		fatal("craft: %s: %s", e->name, zip_strerror(za));
}

/*
 * Makes a zip of the entries e[0..n), in that order, into out, as
 * bundle_write makes one: made by Unix, every entry's time mtime, no
 * extra fields or comments.  At most 4 entries may be zero-filled.
 * libzip refuses two entries of the same name (see craft_rename).
 */
void
craft_zip(struct buf *out, const struct craft_ent *e, size_t n, time_t mtime)
{
	struct zeros	 zs[ZEROS_MAX];
	zip_error_t	 ze;
	zip_source_t	*mem;
	zip_stat_t	 st;
	zip_t		*za;
	zip_int64_t	 r;
	size_t		 k, nz = 0;

	zip_error_init(&ze);
	if ((mem = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		fatal("craft: %s", zip_error_strerror(&ze));
	zip_source_keep(mem);
	if ((za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze)) == NULL)
		fatal("craft: %s", zip_error_strerror(&ze));
	for (k = 0; k < n; k++) {
		if (e[k].zeros && nz == ZEROS_MAX)
			fatal("craft: more than %d zero-filled entries",
			    ZEROS_MAX);
		add_entry(za, &e[k], &zs[e[k].zeros ? nz++ : 0], mtime);
	}
	if (zip_close(za) != 0)
		fatal("craft: zip_close: %s", zip_strerror(za));
	if (zip_source_stat(mem, &st) != 0 || zip_source_open(mem) != 0)
		fatal("craft: cannot read the zip back");
	buf_clear(out);
	buf_grow(out, st.size);
	r = zip_source_read(mem, out->ptr, st.size);
	if (r != (zip_int64_t)st.size)
		fatal("craft: cannot read the zip back");
	out->len = st.size;
	out->ptr[out->len] = '\0';
	zip_source_close(mem);
	zip_source_free(mem);
	zip_error_fini(&ze);
}

/*
 * Reads the contents of entry name of zip z into out (replacing what out
 * held), with libzip.  Fatal if there is no such entry or it cannot be
 * read.
 */
void
craft_entry(const struct buf *z, const char *name, struct buf *out)
{
	zip_source_t	*src;
	zip_file_t	*f;
	zip_stat_t	 st;
	zip_t		*za;

	if ((src = zip_source_buffer_create(z->ptr, z->len, 0, NULL)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_RDONLY, NULL)) == NULL)
		fatal("craft: not a zip");
	if (zip_stat(za, name, 0, &st) != 0 ||
	    (f = zip_fopen(za, name, 0)) == NULL)
		fatal("craft: no entry %s", name);
	buf_clear(out);
	buf_grow(out, st.size);
	if (zip_fread(f, out->ptr, st.size) != (zip_int64_t)st.size)
		fatal("craft: cannot read %s", name);
	out->len = st.size;
	out->ptr[out->len] = '\0';
	zip_fclose(f);
	zip_discard(za);
}

/* The little-endian 16-bit number at z[off]. */
unsigned
craft_le16(const struct buf *z, size_t off)
{
	const unsigned char *p = (const unsigned char *)z->ptr + off;

	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* The little-endian 32-bit number at z[off]. */
uint32_t
craft_le32(const struct buf *z, size_t off)
{
	const unsigned char *p = (const unsigned char *)z->ptr + off;

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Writes v as a little-endian 16-bit number at z[off] (inside z). */
void
craft_put16(struct buf *z, size_t off, unsigned v)
{
	z->ptr[off] = (char)(v & 0xff);
	z->ptr[off + 1] = (char)(v >> 8 & 0xff);
}

/* Writes v as a little-endian 32-bit number at z[off] (inside z). */
void
craft_put32(struct buf *z, size_t off, uint32_t v)
{
	craft_put16(z, off, v & 0xffff);
	craft_put16(z, off + 2, v >> 16);
}

/* Appends v to b as a little-endian 16-bit number. */
void
craft_add16(struct buf *b, unsigned v)
{
	buf_putc(b, (int)(v & 0xff));
	buf_putc(b, (int)(v >> 8 & 0xff));
}

/* Appends v to b as a little-endian 32-bit number. */
void
craft_add32(struct buf *b, uint32_t v)
{
	craft_add16(b, v & 0xffff);
	craft_add16(b, v >> 16);
}

/* The zip CRC-32 of p[0..n). */
uint32_t
craft_crc32(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t c = 0xffffffff;
	int	 k;

	while (n-- > 0) {
		c ^= *s++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320 : c >> 1;
	}
	return ~c;
}

/* The length of the central record at z[pos]. */
static size_t
central_len(const struct buf *z, size_t pos)
{
	return CENTRAL_LEN + craft_le16(z, pos + 28) + craft_le16(z, pos + 30) +
	    craft_le16(z, pos + 32);
}

/*
 * The offset in zip z of the first central directory record of entry
 * name.  Fatal if there is none.
 */
size_t
craft_central(const struct buf *z, const char *name)
{
	size_t	 pos, n;

	if (z->len < END_LEN)
		fatal("craft: not a zip");
	pos = craft_le32(z, z->len - 6);
	while (pos + CENTRAL_LEN <= z->len &&
	    craft_le32(z, pos) == SIG_CENTRAL) {
		n = craft_le16(z, pos + 28);
		if (n == strlen(name) && memcmp(z->ptr + pos + CENTRAL_LEN,
		    name, n) == 0)
			return pos;
		pos += central_len(z, pos);
	}
	fatal("craft: no entry %s", name);
}

/*
 * The offset in zip z of the data (compressed, as stored) of entry name,
 * with its length in *len.
 */
size_t
craft_data(const struct buf *z, const char *name, size_t *len)
{
	size_t	 c = craft_central(z, name), off;

	off = craft_le32(z, c + 42);
	*len = craft_le32(z, c + CRAFT_C_CSIZE);
	return off + LOCAL_LEN + craft_le16(z, off + 26) +
	    craft_le16(z, off + 28);
}

/*
 * Sets the 16-bit field of entry name at offset coff of its central record
 * and loff of its local header to v, in both headers.
 */
void
craft_patch16(struct buf *z, const char *name, size_t coff, size_t loff,
    unsigned v)
{
	size_t	 c = craft_central(z, name);

	craft_put16(z, craft_le32(z, c + 42) + loff, v);
	craft_put16(z, c + coff, v);
}

/* As craft_patch16, for a 32-bit field. */
void
craft_patch32(struct buf *z, const char *name, size_t coff, size_t loff,
    uint32_t v)
{
	size_t	 c = craft_central(z, name);

	craft_put32(z, craft_le32(z, c + 42) + loff, v);
	craft_put32(z, c + coff, v);
}

/* Sets the uncompressed size of entry name to v in both headers. */
void
craft_patch_usize(struct buf *z, const char *name, uint32_t v)
{
	craft_patch32(z, name, CRAFT_C_USIZE, CRAFT_L_USIZE, v);
}

/*
 * Renames entry name of zip z to to, of the same length, in both headers
 * (the way to get two entries of one name, which libzip will not write).
 */
void
craft_rename(struct buf *z, const char *name, const char *to)
{
	size_t	 c = craft_central(z, name), n = strlen(name);

	if (strlen(to) != n)
		fatal("craft: %s and %s differ in length", name, to);
	memcpy(z->ptr + c + CENTRAL_LEN, to, n);
	memcpy(z->ptr + craft_le32(z, c + 42) + LOCAL_LEN, to, n);
}

/*
 * Makes in out (not z) the overlapping-entry bomb of zip z: z with copies
 * more central records of entry name right after its own, all pointing at
 * the one local entry, and the end record counting them.
 */
void
craft_overlap(struct buf *out, const struct buf *z, const char *name,
    size_t copies)
{
	size_t	 c = craft_central(z, name), rec = central_len(z, c), i, n;

	n = craft_le16(z, z->len - 12) + copies;
	if (n > 0xffff)
		fatal("craft: too many entries");
	buf_clear(out);
	buf_put(out, z->ptr, c + rec);
	for (i = 0; i < copies; i++)
		buf_put(out, z->ptr + c, rec);
	buf_put(out, z->ptr + c + rec, z->len - END_LEN - (c + rec));
	buf_put(out, z->ptr + z->len - END_LEN, END_LEN);
	craft_put16(out, out->len - 14, (unsigned)n);
	craft_put16(out, out->len - 12, (unsigned)n);
	craft_put32(out, out->len - 10, craft_le32(z, z->len - 10) +
	    (uint32_t)(copies * rec));
}

/*
 * Whether entry name of zip z, read with libzip, gives the number of bytes
 * its header declares and then a CRC error: damage only the CRC catches.
 */
static int
crc_damage(const struct buf *z, const char *name)
{
	zip_source_t	*src;
	zip_file_t	*f;
	zip_t		*za;
	zip_int64_t	 r;
	uint64_t	 got = 0;
	char		 chunk[8192];
	int		 crc;

	if ((src = zip_source_buffer_create(z->ptr, z->len, 0, NULL)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_RDONLY, NULL)) == NULL)
		fatal("craft: not a zip");
	if ((f = zip_fopen(za, name, 0)) == NULL)
		fatal("craft: no entry %s", name);
	while ((r = zip_fread(f, chunk, sizeof(chunk))) > 0)
		got += (uint64_t)r;
	crc = r < 0 && zip_error_code_zip(zip_file_get_error(f)) ==
	    ZIP_ER_CRC && got == craft_le32(z, craft_central(z, name) +
	    CRAFT_C_USIZE);
	zip_fclose(f);
	zip_discard(za);
	return crc;
}

/*
 * Flips one bit of the data of entry name of zip z, as damage in transit
 * would, choosing the first bit from the middle of the data on whose flip
 * the entry still inflates to its declared size but fails its CRC (rather
 * than making the deflate stream invalid or longer), so that the damage is
 * the same kind whatever the data.  Returns the offset of the byte changed.
 * Fatal if no bit will do.
 */
size_t
craft_flip(struct buf *z, const char *name)
{
	size_t	 off, len, bit;

	off = craft_data(z, name, &len);
	for (bit = 8 * (len / 2); bit < 8 * len; bit++) {
		z->ptr[off + bit / 8] ^= (char)(1 << bit % 8);
		if (crc_damage(z, name))
			return off + bit / 8;
		z->ptr[off + bit / 8] ^= (char)(1 << bit % 8);
	}
	fatal("craft: no bit of %s to flip for a CRC error", name);
}
