#!/bin/sh
# The layers of the sources (ARCHITECTURE.md): every project header is
# included by its folder path ("lib/buf.h"), includes point only down the
# layers, lowest first
#
#	collector/lib  collector/forms  collector/bundle
#	generator/office  generator/output  generator/site  generator/serve
#	collector/cmd, generator/cmd (the commands: anything below them)
#
# and nothing under collector/ includes the generator's folders (the
# collector kit is built without them).  Prints one line per wrong include
# and exits 1 if there is any.
#
#	sh tests/layers/check.sh [DIR]	(DIR: the top of the sources, default .)
set -eu
cd "${1:-.}"
LC_ALL=C
export LC_ALL
bad=0
for f in collector/*/*.[ch] generator/*/*.[ch]; do
	top=${f%%/*}
	rest=${f#*/}
	dir=${rest%%/*}
	awk -v f="$f" -v top="$top" -v dir="$dir" '
	BEGIN {
		n = split("lib forms bundle office output site serve cmd", names, " ")
		for (i = 1; i <= n; i++)
			rank[names[i]] = i
		coll["lib"] = coll["forms"] = coll["bundle"] = coll["cmd"] = 1
	}
	/^#include "/ {
		h = $2
		gsub(/"/, "", h)
		if (h !~ /\//) {
			if (h != "forms_embed.h")
				printf "%s:%d: #include \"%s\": include project headers by their folder (\"lib/%s\")\n", f, NR, h, h
			bad = 1
			next
		}
		d = h
		sub(/\/.*/, "", d)
		if (!(d in rank)) {
			printf "%s:%d: #include \"%s\": no such layer folder\n", f, NR, h
			bad = 1
		} else if (top == "collector" && !(d in coll)) {
			printf "%s:%d: #include \"%s\": the collector never includes the generator\x27s code\n", f, NR, h
			bad = 1
		} else if (d != dir && rank[d] > rank[dir]) {
			printf "%s:%d: #include \"%s\": %s/ is above %s/ (includes point down the layers)\n", f, NR, h, d, dir
			bad = 1
		}
	}
	END { exit bad }' "$f" || bad=1
done
exit "$bad"
