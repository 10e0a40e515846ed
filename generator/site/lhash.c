/*
 * The fingerprint of a Lua value (see lhash.h), for the incremental
 * build's page.data.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "lib/hash.h"
#include "lib/util.h"
#include "site/lhash.h"
#include "site/lsite.h"
#include "site/site.h"

/* A key of a table being fingerprinted. */
struct tkey {
	int		 num;		/* a number (else a string) */
	int		 isint;
	lua_Integer	 i;
	lua_Number	 d;
	const char	*s;		/* the table holds it */
	size_t		 n;
};

/* Orders keys: numbers before strings, numbers by value, strings by bytes. */
static int
cmp_tkey(const void *va, const void *vb)
{
	const struct tkey *a = va, *b = vb;
	double	 x, y;
	int	 c;

	if (a->num != b->num)
		return a->num ? -1 : 1;
	if (a->num) {
		if (a->isint && b->isint)
			return a->i < b->i ? -1 : a->i > b->i;
		x = a->isint ? (double)a->i : a->d;
		y = b->isint ? (double)b->i : b->d;
		return x < y ? -1 : x > y;
	}
	c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);
	return c != 0 ? c : a->n < b->n ? -1 : a->n > b->n;
}

/*
 * Adds the value at index i to h, tables with their keys in order; depth
 * bounds nesting (and cycles).  Page objects count as their URL (what a
 * template reads of them is recorded on its own); functions and other
 * userdata cannot be fingerprinted: *bad is set.
 */
static uint64_t
hash_value(lua_State *L, int i, uint64_t h, int depth, int *bad)
{
	struct page **ud;
	struct tkey *keys;
	const char *str;
	size_t	 n, k, nkeys;
	int	 t = lua_type(L, i);

	i = lua_absindex(L, i);
	h = hash_u64(h, (uint64_t)t);
	switch (t) {
	case LUA_TNIL:
		break;
	case LUA_TBOOLEAN:
		h = hash_u64(h, (uint64_t)lua_toboolean(L, i));
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, i))
			h = hash_u64(h, (uint64_t)lua_tointeger(L, i));
		else {
			lua_Number d = lua_tonumber(L, i);

			h = hash_add(h, &d, sizeof(d));
		}
		break;
	case LUA_TSTRING:
		str = lua_tolstring(L, i, &n);
		h = hash_add(h, str, n);
		break;
	case LUA_TUSERDATA:
		if ((ud = luaL_testudata(L, i, LSITE_PAGE_MT)) != NULL)
			h = hash_str(h, (*ud)->url);
		else
			*bad = 1;
		break;
	case LUA_TTABLE:
		if (depth > 64 || !lua_checkstack(L, 8)) {
			*bad = 1;
			break;
		}
		/* the keys in order, each followed by its value */
		keys = NULL;
		nkeys = 0;
		lua_pushnil(L);
		while (lua_next(L, i) != 0) {
			lua_pop(L, 1);
			keys = xreallocarray(keys, nkeys + 1, sizeof(*keys));
			memset(&keys[nkeys], 0, sizeof(*keys));
			if (lua_type(L, -1) == LUA_TNUMBER) {
				keys[nkeys].num = 1;
				keys[nkeys].isint = lua_isinteger(L, -1);
				keys[nkeys].i = lua_tointeger(L, -1);
				keys[nkeys].d = lua_tonumber(L, -1);
			} else if (lua_type(L, -1) == LUA_TSTRING)
				keys[nkeys].s = lua_tolstring(L, -1,
				    &keys[nkeys].n);
			else {
				*bad = 1;
				continue;
			}
			nkeys++;
		}
		if (nkeys > 1)
			qsort(keys, nkeys, sizeof(*keys), cmp_tkey);
		for (k = 0; k < nkeys && !*bad; k++) {
			if (!keys[k].num)
				lua_pushlstring(L, keys[k].s, keys[k].n);
			else if (keys[k].isint)
				lua_pushinteger(L, keys[k].i);
			else
				lua_pushnumber(L, keys[k].d);
			h = hash_value(L, -1, h, depth + 1, bad);
			lua_rawget(L, i);
			h = hash_value(L, -1, h, depth + 1, bad);
			lua_pop(L, 1);
		}
		free(keys);
		break;
	default:
		*bad = 1;
		break;
	}
	return h;
}

uint64_t
lhash_value(lua_State *L, int idx, int *bad)
{
	return hash_value(L, idx, HASH_INIT, 0, bad);
}
