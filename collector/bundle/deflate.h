/*
 * deflate: a walk through a deflate stream (RFC 1951) that decodes its
 * codes but keeps no output, to find where it really ends.  The bundle
 * reader uses it so that no byte of a deflated entry, not even padding,
 * can change without the bundle being refused.
 */
#ifndef SHOUHU_DEFLATE_H
#define SHOUHU_DEFLATE_H

#include <stddef.h>

int	deflate_exact(const unsigned char *p, size_t n);

#endif
