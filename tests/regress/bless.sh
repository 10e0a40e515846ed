#!/bin/sh
# Regenerates tests/regress/NAME/expected/ from the current build/test/shouhu,
# the way tests/run.sh builds it.  For humans: read `git diff` of expected/
# afterwards and commit only output you have checked is right.
#
#   sh tests/regress/bless.sh NAME...
set -eu

[ $# -gt 0 ] || { echo "usage: sh tests/regress/bless.sh NAME..." >&2; exit 2; }
[ -f tests/run.sh ] || { echo "bless.sh: run me from the top of the repository" >&2; exit 2; }
shouhu=$(pwd)/build/test/shouhu
[ -x "$shouhu" ] || { echo "bless.sh: make build/test/shouhu first" >&2; exit 2; }

ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
SOURCE_DATE_EPOCH=1700000000
LC_ALL=C.UTF-8
export ASAN_OPTIONS UBSAN_OPTIONS SOURCE_DATE_EPOCH LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shouhu-bless.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

for name in "$@"; do
	t=tests/regress/$name
	[ -d "$t/site" ] || { echo "bless.sh: $t/site does not exist" >&2; exit 1; }
	d=$tmp/$name
	mkdir -p "$d"
	cp -R "$t/site" "$d/site"
	extra=
	[ -f "$t/args" ] && extra=$(cat "$t/args")
	# shellcheck disable=SC2086
	if ! (cd "$d" && "$shouhu" build -C site -o out -j 2 --force $extra \
	    >/dev/null); then
		echo "bless.sh: $name: the build failed; expected/ left alone" >&2
		exit 1
	fi
	rm -rf "$t/expected"
	cp -R "$d/out" "$t/expected"
	echo "blessed $t/expected ($(find "$t/expected" -type f | wc -l) files): review it"
done
