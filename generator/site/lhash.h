/*
 * lhash: the fingerprint of a Lua value, the same for equal values from
 * one build to the next (tables by their keys in order, not by address).
 */
#ifndef SHOUHU_LHASH_H
#define SHOUHU_LHASH_H

#include <stdint.h>

struct lua_State;

/*
 * The fingerprint of the value at index idx.  A page object counts as its
 * URL.  A function, thread, other userdata, or nesting deeper than 64
 * cannot be fingerprinted: *bad is set (and the result means nothing).
 */
uint64_t	lhash_value(struct lua_State *L, int idx, int *bad);

#endif
