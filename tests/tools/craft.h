/*
 * craft: zips made and patched byte by byte, for the tests and tools that
 * need hostile bundles (tests/unit/test_bundle.c, tests/tools/forge.c).
 *
 * craft_zip makes a zip of the given entries with libzip, laid out as
 * bundle_write lays out a bundle (made by Unix, no extra fields), so that
 * a crafted zip differs from a real bundle only where the caller wants it
 * to.  The other functions read and patch the headers of such a zip in a
 * struct buf: little-endian fields, the central record and data of an
 * entry, its sizes, flags and name, the overlapping-entry bomb, and a bit
 * flipped the way only the CRC notices.
 *
 * These are for zips the caller made: they assume a well-formed zip with
 * no archive comment, and abort (fatal) rather than return an error.
 */
#ifndef SHOUHU_CRAFT_H
#define SHOUHU_CRAFT_H

#include <sys/stat.h>

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct buf;

/* The external attributes bundle_write gives every entry. */
#define CRAFT_REG_ATTR	((uint32_t)(S_IFREG | 0644) << 16)

/* Offsets of fields in a central record (C) and a local header (L). */
#define CRAFT_C_FLAGS	8
#define CRAFT_L_FLAGS	6
#define CRAFT_C_CRC	16
#define CRAFT_L_CRC	14
#define CRAFT_C_CSIZE	20
#define CRAFT_L_CSIZE	18
#define CRAFT_C_USIZE	24
#define CRAFT_L_USIZE	22

struct craft_ent {
	const char	*name;
	const void	*data;
	size_t		 len;
	int		 store;		/* stored, not deflated */
	uint32_t	 attr;		/* Unix external attributes;
					   0: CRAFT_REG_ATTR */
	int		 dir;		/* a directory entry (no data) */
	uint16_t	 em;		/* zip encryption (ZIP_EM_*; password
					   "geheim"), 0: none */
	uint64_t	 zeros;		/* if not 0, the data is this many
					   zero bytes instead */
};

void	 craft_zip(struct buf *, const struct craft_ent *, size_t, time_t);
void	 craft_entry(const struct buf *, const char *, struct buf *);

unsigned craft_le16(const struct buf *, size_t);
uint32_t craft_le32(const struct buf *, size_t);
void	 craft_put16(struct buf *, size_t, unsigned);
void	 craft_put32(struct buf *, size_t, uint32_t);
void	 craft_add16(struct buf *, unsigned);
void	 craft_add32(struct buf *, uint32_t);
uint32_t craft_crc32(const void *, size_t);

size_t	 craft_central(const struct buf *, const char *);
size_t	 craft_data(const struct buf *, const char *, size_t *);
void	 craft_patch16(struct buf *, const char *, size_t, size_t, unsigned);
void	 craft_patch32(struct buf *, const char *, size_t, size_t, uint32_t);
void	 craft_patch_usize(struct buf *, const char *, uint32_t);
void	 craft_rename(struct buf *, const char *, const char *);
void	 craft_overlap(struct buf *, const struct buf *, const char *, size_t);
size_t	 craft_flip(struct buf *, const char *);

#endif
