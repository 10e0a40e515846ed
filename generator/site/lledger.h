/*
 * lledger: the `ledger` Lua namespace (see lledger.c).
 */
#ifndef SHOUHU_LLEDGER_H
#define SHOUHU_LLEDGER_H

struct lua_State;
typedef struct sqlite3 sqlite3;

/*
 * Sets the global `ledger` of L to the namespace, querying db (the public
 * copy, which must outlive L); available says whether it came from a
 * ledger file.
 */
void	lledger_open(lua_State *L, sqlite3 *db, int available);

#endif
