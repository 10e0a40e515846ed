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

/* Makes b an empty bundle.  Does not free anything b held before. */
void	bundle_init(struct bundle *b);
/* Frees everything b holds and leaves it empty (bundle_init). */
void	bundle_free(struct bundle *b);
/*
 * Adds to b the form form (id [a-z0-9_]{1,64}) of version version (>= 1)
 * with rows data rows, as the plain CSV csv[0..len), which is copied.
 * Returns 1, or 0 if the id or version is unusable, the CSV is larger than
 * BUNDLE_MAX_ENTRY, b already has this form or as many parts as a bundle
 * may have.
 */
int	bundle_add(struct bundle *b, const char *form, int version,
	    const char *csv, size_t len, size_t rows);
/* Whether s is a unit code: [A-Za-z0-9_-], 1 to 32 bytes. */
int	bundle_unit_code_ok(const char *s);
/*
 * Writes b as the bundle file path, signed with unitkey (which must have
 * its secret key) and, if officekey is not NULL, with every part sealed to
 * that office public key.  The caller sets b->unit_code and b->period and
 * adds the parts; b->unit_name defaults to the key's name, b->created
 * ("YYYY-MM-DDTHH:MM:SSZ") to now, b->collector to "shouhu-collect".
 * Fills in b->id, the parts' file and sha256, b->manifest, b->sig,
 * b->sealed and b->sealed_to, and sorts the parts by form id.  The file is
 * written atomically and checked by reading it back first: on failure
 * there is no (new) file at path.  Returns 1, or 0 with a message in err.
 */
int	bundle_write(const char *path, struct bundle *b,
	    const struct key *unitkey, const struct key *officekey,
	    struct buf *err);
/*
 * Reads the whole file path into data (replacing what it held): a regular
 * file of at most BUNDLE_MAX_FILE bytes, counted as read.  Nothing in it is
 * checked.  Returns 1, or 0 with "path: message" in err (data then empty).
 */
int	bundle_load(const char *path, struct buf *data, struct buf *err);
/*
 * Reads the bundle file path into b, like bundle_read_mem.  Returns 1 (the
 * caller frees b with bundle_free), or 0 with a message in err (b empty).
 */
int	bundle_read(const char *path, struct bundle *b, struct buf *err);
/*
 * Reads the bundle data[0..n) into b (whose previous contents are not
 * freed: pass a fresh or freed bundle); path names it in messages.  Checks
 * everything a bundle can be checked for without keys: zip hygiene (see
 * above), the manifest, every sha256, and for a plain bundle its id.  The
 * signature is not checked: call bundle_verify_sig with the unit's key.
 * Sealed parts keep their sealed bytes (part->sealed) until
 * bundle_open_sealed.  Nothing is written anywhere.  b->inflated is set
 * either way.  Returns 1 (the caller frees b with bundle_free), or 0 with
 * a message in err (b is then empty).
 */
int	bundle_read_mem(const void *data, size_t n, const char *path,
	    struct bundle *b, struct buf *err);
/*
 * Checks the signature of b's manifest (as read or written) against the
 * public key of unitkey.  Returns 1 if it is the unit's, or 0 with a
 * message in err.
 */
int	bundle_verify_sig(const struct bundle *b, const struct key *unitkey,
	    struct buf *err);
/*
 * Decrypts the sealed parts of b with officekey (which must have its
 * secret key) into part->csv, setting part->plain, and checks the bundle
 * id against the plain contents.  A bundle that is not sealed is left
 * alone.  Returns 1, or 0 with a message in err (every sealed part is then
 * as before: not plain, csv empty).
 */
int	bundle_open_sealed(struct bundle *b, const struct key *officekey,
	    struct buf *err);

#endif
