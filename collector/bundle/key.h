/*
 * key: a unit's (or the office's) Ed25519 key pair, made with libsodium.
 * The secret key file NAME.key (mode 0600) and the public key file NAME.pub
 * are short text files:
 *
 *	shouhu-secret-key 1
 *	name: 新兖镇市场监管所
 *	key: <base64 of the 64-byte libsodium secret key>
 *
 *	shouhu-public-key 1
 *	name: 新兖镇市场监管所
 *	key: <base64 of the 32-byte public key>
 *
 * The same pair encrypts: bundles for the office are sealed to the X25519
 * form of the office's public key (crypto_sign_ed25519_pk_to_curve25519).
 */
#ifndef SHOUHU_KEY_H
#define SHOUHU_KEY_H

#include <stddef.h>

struct buf;

struct key {
	char		*name;		/* the name given to keygen */
	unsigned char	 pk[32];	/* Ed25519 public key */
	unsigned char	 sk[64];	/* Ed25519 secret key, if has_sk */
	int		 has_sk;
	char		 id[17];	/* first 16 hex digits of SHA-256(pk) */
};

int	key_generate(const char *dir, const char *name, struct buf *err);
int	key_generate_as(const char *dir, const char *file, const char *name,
	    struct buf *err);
int	key_load_secret(const char *path, struct key *key, struct buf *err);
int	key_load_public(const char *path, struct key *key, struct buf *err);
int	key_parse_public(const char *text, size_t n, const char *label,
	    struct key *key, struct buf *err);
int	key_from_seed(const unsigned char *seed, const char *name,
	    struct key *key, struct buf *err);
void	key_free(struct key *key);
int	key_crypto_init(struct buf *err);
void	key_sha256_hex(char out[65], const void *p, size_t n);

#endif
