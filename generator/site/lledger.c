/*
 * The `ledger` Lua namespace: reading the public copy of the ledger from
 * scripts/site.lua and templates.
 *
 *	ledger.available	true when the site was built with a ledger
 *	ledger.query(sql, ...)	the rows of one SELECT, as a list of tables
 *				(column name -> value; NULL is nil), with
 *				?-parameters bound to the extra arguments
 *	ledger.fields(form)	the public fields of a form, in order:
 *				{ name =, label =, type =, choices = { … } }
 *
 * Queries run on the public copy only (ledger_public.h): private fields
 * are not there to be read.  A query that names one, or any table that is
 * not public, raises an error saying so.
 */
#include <string.h>
#include <time.h>

#include <lauxlib.h>
#include <lua.h>
#include <sqlite3.h>

#include "lib/buf.h"
#include "forms/form.h"
#include "office/ledger_public.h"
#include "site/lledger.h"
#include "site/sandbox.h"

#define QUERY_SECONDS	60	/* one query may run */

/* The progress handler of a query: whether its deadline (arg) passed. */
static int
too_long(void *arg)
{
	return time(NULL) > *(time_t *)arg;
}

/* Binds argument i (from 2) of the query to parameter i - 1 of st. */
static void
bind_arg(lua_State *L, sqlite3_stmt *st, int i)
{
	size_t	 n;
	const char *s;

	switch (lua_type(L, i)) {
	case LUA_TNIL:
		sqlite3_bind_null(st, i - 1);
		break;
	case LUA_TBOOLEAN:
		sqlite3_bind_int(st, i - 1, lua_toboolean(L, i));
		break;
	case LUA_TNUMBER:
		if (lua_isinteger(L, i))
			sqlite3_bind_int64(st, i - 1, lua_tointeger(L, i));
		else
			sqlite3_bind_double(st, i - 1, lua_tonumber(L, i));
		break;
	case LUA_TSTRING:
		s = lua_tolstring(L, i, &n);
		sqlite3_bind_text(st, i - 1, s, (int)n, SQLITE_TRANSIENT);
		break;
	default:
		luaL_argerror(L, i, "ledger.query 的参数只能是数字、字符串、"
		    "true/false 或 nil");
	}
}

/* Raises the error of a failed query sql, explained where it can be. */
static int
query_error(lua_State *L, sqlite3 *db, const char *sql, int timedout)
{
	struct buf	 b = BUF_INIT;

	luaL_where(L, 1);
	buf_puts(&b, lua_tostring(L, -1));
	lua_pop(L, 1);
	buf_puts(&b, "ledger.query：");
	if (timedout)
		buf_printf(&b, "查询超过 %d 秒，已停止；请简化查询",
		    QUERY_SECONDS);
	else if (!ledger_public_explain(db, sql, sqlite3_errmsg(db), &b))
		buf_puts(&b, sqlite3_errmsg(db));
	buf_printf(&b, "（SQL：%s）", sql);
	lua_pushlstring(L, b.ptr, b.len);
	buf_free(&b);
	return lua_error(L);
}

/*
 * ledger.query(sql, ...): an array of the rows (tables by column name,
 * NULLs left out) of one statement on the public copy (the upvalue), the
 * arguments bound to its ? parameters; stopped after QUERY_SECONDS.  An
 * error says what is wrong (query_error).
 */
static int
l_query(lua_State *L)
{
	sqlite3		*db = lua_touserdata(L, lua_upvalueindex(1));
	const char	*sql = luaL_checkstring(L, 1), *tail;
	sqlite3_stmt	*st;
	time_t		 until;
	lua_Integer	 row = 0;
	int		 rc, i, n, top = lua_gettop(L);

	if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK)
		return query_error(L, db, sql, 0);
	if (st == NULL || tail[strspn(tail, " \t\r\n;")] != '\0') {
		sqlite3_finalize(st);
		return luaL_error(L, "ledger.query：一次只能执行一条 SELECT 语句"
		    "（SQL：%s）", sql);
	}
	if (sqlite3_bind_parameter_count(st) != top - 1) {
		n = sqlite3_bind_parameter_count(st);
		sqlite3_finalize(st);
		return luaL_error(L, "ledger.query：SQL 里有 %d 个 ? 参数，却给了 "
		    "%d 个值（SQL：%s）", n, top - 1, sql);
	}
	for (i = 2; i <= top; i++)
		bind_arg(L, st, i);
	until = time(NULL) + QUERY_SECONDS;
	sqlite3_progress_handler(db, 100000, too_long, &until);
	lua_newtable(L);
	n = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		lua_createtable(L, 0, n);
		for (i = 0; i < n; i++) {
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				lua_pushinteger(L, sqlite3_column_int64(st, i));
				break;
			case SQLITE_FLOAT:
				lua_pushnumber(L, sqlite3_column_double(st, i));
				break;
			case SQLITE_NULL:
				continue;
			default:
				lua_pushlstring(L, (const char *)
				    sqlite3_column_text(st, i),
				    (size_t)sqlite3_column_bytes(st, i));
				break;
			}
			lua_setfield(L, -2, sqlite3_column_name(st, i));
		}
		lua_rawseti(L, -2, ++row);
	}
	sqlite3_progress_handler(db, 0, NULL, NULL);
	if (rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return query_error(L, db, sql, rc == SQLITE_INTERRUPT);
	}
	sqlite3_finalize(st);
	return 1;
}

/*
 * ledger.fields(form): the public fields of the form, in order: name,
 * label, type and choices.
 */
static int
l_fields(lua_State *L)
{
	const char	*id = luaL_checkstring(L, 1);
	const struct form *f = form_find(id);
	lua_Integer	 k = 0;
	size_t		 j, c;

	if (f == NULL)
		return luaL_error(L, "ledger.fields：没有表单“%s”", id);
	lua_newtable(L);
	for (j = 0; j < f->nfields; j++) {
		if (!f->fields[j].public)
			continue;
		lua_createtable(L, 0, 3);
		lua_pushstring(L, f->fields[j].name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, f->fields[j].label);
		lua_setfield(L, -2, "label");
		lua_pushstring(L, form_type_name(f->fields[j].type));
		lua_setfield(L, -2, "type");
		lua_createtable(L, (int)f->fields[j].nchoices, 0);
		for (c = 0; c < f->fields[j].nchoices; c++) {
			lua_pushstring(L, f->fields[j].choices[c]);
			lua_rawseti(L, -2, (lua_Integer)c + 1);
		}
		lua_setfield(L, -2, "choices");
		lua_rawseti(L, -2, ++k);
	}
	return 1;
}

void
lledger_open(lua_State *L, sqlite3 *db, int available)
{
	/* each with db as its upvalue */
	static const luaL_Reg funcs[] = {
		{ "query", l_query },
		{ "fields", l_fields },
		{ NULL, NULL }
	};

	lua_createtable(L, 0, 3);
	lua_pushlightuserdata(L, db);
	luaL_setfuncs(L, funcs, 1);
	lua_pushboolean(L, available);
	lua_setfield(L, -2, "available");
	sandbox_setglobal(L, "ledger");
}
