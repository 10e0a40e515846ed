/*
 * bundle: the bundle format shouhu-bundle/1, the contract between the
 * collector and the generator (see DESIGN.md).  A standard zip holding
 *
 *	manifest.json	format, bundle_id, unit {code, name}, period, created,
 *			collector, forms [{form, version, file, rows, sha256}],
 *			encryption (null or {alg, to})
 *	manifest.sig	Ed25519 signature (base64) of the bytes of manifest.json
 *	data/<form>.csv	UTF-8 CSV, header row = field names; with encryption
 *			data/<form>.csv.sealed, a libsodium sealed box of it
 *
 * sha256 is of the stored entry's bytes (sealed or not), so anyone can check
 * integrity; rows is the number of data rows.  bundle_id is the SHA-256 of
 * the unit code, period and the plain CSVs, so the same content always has
 * the same id.  Reading trusts nothing: entry count and sizes are capped on
 * the bytes actually read, names must be the expected ones, no directories
 * other than data/, no links, no duplicates, no zip encryption, CRCs must
 * match.
 *
 * The reader accepts only zips laid out as bundle_write makes them: every
 * entry a regular file (Unix, mode 0644) stored or deflated, the entries
 * one after the other from offset 0 up to the central directory (so no two
 * share bytes: overlapping-entry bombs are refused), each local header
 * saying what its central record says, no extra fields, comments, data
 * descriptors or ZIP64, and every deflate stream ending exactly at the end
 * of its entry.  Bytes actually inflated are counted and may not exceed the
 * entry's declared size, which must be within the caps below; the count
 * must equal it.  BUNDLE_MAX_FILE caps the bundle file itself.
 */
#ifndef SHOUHU_BUNDLE_H
#define SHOUHU_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

struct key;

#define BUNDLE_FORMAT		"shouhu-bundle/1"
#define BUNDLE_MAX_ENTRIES	64
#define BUNDLE_MAX_ENTRY	((size_t)64 << 20)
#define BUNDLE_MAX_TOTAL	((size_t)256 << 20)
#define BUNDLE_MAX_RATIO	100
#define BUNDLE_MAX_MANIFEST	((size_t)1 << 20)
#define BUNDLE_MAX_FILE		(BUNDLE_MAX_TOTAL + ((size_t)1 << 20))

struct bundle_part {
	char		*form;		/* form id */
	int		 version;	/* form version */
	char		*file;		/* entry name: data/<form>.csv[.sealed] */
	size_t		 rows;
	char		 sha256[65];	/* hex, of the stored bytes */
	struct buf	 csv;		/* the plain CSV (empty if sealed and
					   not decrypted) */
	int		 plain;		/* csv holds the plain CSV */
	struct buf	 sealed;	/* the sealed box (sealed bundles) */
};

struct bundle {
	char		 id[65];	/* hex */
	char		*unit_code;
	char		*unit_name;
	char		*period;
	char		*created;	/* RFC 3339 */
	char		*collector;	/* "shouhu-collect 0.1.0" */
	struct bundle_part *parts;
	size_t		 nparts;
	int		 sealed;	/* encryption is not null */
	char		*sealed_to;	/* office key id when sealed */
	struct buf	 manifest;	/* the exact manifest.json bytes */
	unsigned char	 sig[64];
	size_t		 inflated;	/* bytes inflated reading it, also when
					   it was refused (what the caps bound) */
};

void	bundle_init(struct bundle *b);
void	bundle_free(struct bundle *b);
int	bundle_add(struct bundle *b, const char *form, int version,
	    const char *csv, size_t len, size_t rows);
int	bundle_write(const char *path, struct bundle *b,
	    const struct key *unitkey, const struct key *officekey,
	    struct buf *err);
int	bundle_load(const char *path, struct buf *data, struct buf *err);
int	bundle_read(const char *path, struct bundle *b, struct buf *err);
int	bundle_read_mem(const void *data, size_t n, const char *path,
	    struct bundle *b, struct buf *err);
int	bundle_verify_sig(const struct bundle *b, const struct key *unitkey,
	    struct buf *err);
int	bundle_open_sealed(struct bundle *b, const struct key *officekey,
	    struct buf *err);
int	bundle_unit_code_ok(const char *s);

#endif
