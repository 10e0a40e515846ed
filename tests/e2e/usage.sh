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
usage_error "an option of another command" build --key k
usage_error "a value to a flag" build --force=1
usage_error "unknown option of ingest" ingest -j 2 x
usage_error "--ledger without a file" units list --ledger

# each says what is wrong, in Chinese, and nothing in English
said() {
	grep -qx -- "$1" "$T/stderr" || die "expected “$1”, stderr: $(cat "$T/stderr")"
	grep -q 'invalid\|unrecognized\|requires' "$T/stderr" &&
	    die "English on stderr: $(cat "$T/stderr")"
	return 0
}
usage_error "unknown option" build --bogus
said 'shouhu: build 没有 --bogus 这个选项'
usage_error "unknown short option" build -x
said 'shouhu: build 没有 -x 这个选项'
usage_error "-j without a number" build -j
said 'shouhu: 选项 -j 后面要给出它的值'
usage_error "an option of another command" build --key k
said 'shouhu: build 没有 --key 这个选项'
usage_error "a value to a flag" build --force=1
said 'shouhu: 选项 --force 后面不接值（“--force=1”）'
usage_error "--ledger without a file" units list --ledger
said 'shouhu: 选项 --ledger 后面要给出它的值'

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
