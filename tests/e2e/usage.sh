#!/bin/sh
# Command line mistakes exit 2 with the usage; `version` exits 0.  Run in
# an empty folder, so nothing is built by accident.
. "$(dirname "$0")/lib/common.sh"

cd "$T"

# usage_error WHAT ARGS...: must exit 2, print the usage on stderr and
# nothing on stdout.
usage_error() {
	what=$1
	shift
	set +e
	"$SHOUHU" "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || die "$what: exit status $rc, expected 2"
	grep -q '^用法：shouhu build' "$T/stderr" ||
	    die "$what: no usage on stderr: $(cat "$T/stderr")"
	[ -s "$T/stdout" ] && die "$what: printed on stdout: $(cat "$T/stdout")"
	[ -e "$T/public" ] && die "$what: built something"
	return 0
}

usage_error "no arguments"
usage_error "unknown command" frobnicate
grep -q '没有“frobnicate”这个命令' "$T/stderr" || die "unknown command not named"
usage_error "unknown option" build --bogus
usage_error "-j without a number" build -j
usage_error "-C without a folder" build -C

# These name the problem instead of printing the usage.
bad_args() {
	what=$1
	want=$2
	shift 2
	set +e
	"$SHOUHU" "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	set -e
	[ "$rc" -eq 2 ] || die "$what: exit status $rc, expected 2"
	grep -q -- "$want" "$T/stderr" || die "$what: stderr: $(cat "$T/stderr")"
	[ -e "$T/public" ] && die "$what: built something"
	return 0
}
bad_args "build extra" 'build 后面不接文件名（“extra”）' build extra
bad_args "-j 0" '-j 后面应当是 1 到 256 之间的进程数，不是“0”' build -j 0
bad_args "-j 257" '不是“257”' build -j 257
bad_args "-j x" '不是“x”' build -j x

"$SHOUHU" version >"$T/stdout" 2>"$T/stderr" || die "version failed"
grep -q '^shouhu [0-9][0-9.]*$' "$T/stdout" || die "version printed: $(cat "$T/stdout")"
[ -s "$T/stderr" ] && die "version printed on stderr"

"$SHOUHU" help >"$T/stdout" 2>"$T/stderr" || die "help failed"
grep -q '^用法：shouhu build' "$T/stdout" || die "help printed: $(cat "$T/stdout")"
"$SHOUHU" build --help >"$T/stdout" 2>"$T/stderr" || die "build --help failed"
grep -q '^用法：shouhu build' "$T/stdout" || die "build --help printed: $(cat "$T/stdout")"
exit 0
