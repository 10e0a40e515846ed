/*
 * tmpl: the template compiler.  A template is HTML with
 *
 *	{{ expr }}		Lua expression, output HTML-escaped
 *	{{& expr }}		Lua expression, output as is (raw)
 *	{% statements %}	Lua statements (for, if, local, ...)
 *	{# comment #}		nothing
 *	{% extends "base.html" %}	first thing in the file: fill base's blocks
 *	{% block NAME %}...{% endblock %}	a replaceable region
 *	{% include "partial.html" %}	another template, same variables
 *
 * A '-' just inside a tag ({{- -}} {%- -%} {#- -#}) removes the white space
 * on that side.  tmpl_compile turns a template into the source of a Lua
 * chunk: the chunk takes the runtime functions (_W, _E, _R, _P, _X) as its
 * arguments and returns the render function(_ENV, out, blocks).  Every
 * template line stays on the same line of the Lua source, so Lua's own error
 * messages name the right template line.
 */
#ifndef SHOUHU_TMPL_H
#define SHOUHU_TMPL_H

#include <stddef.h>

struct buf;

int	tmpl_compile(const char *src, size_t n, struct buf *lua,
	    struct buf *err, int *errline);

#endif
