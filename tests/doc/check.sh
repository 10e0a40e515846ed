#!/bin/sh
# Checks the documentation against the programs.  Run from the top of the
# repository: sh tests/doc/check.sh SHOUHU COLLECT
#
#  - every man page reads cleanly: groff (with preconv, as man does) gives
#    no warning;
#  - every command and every option the programs' help shows has its place
#    in the program's man page (a command as .Ss or .It Cm, an option as Fl);
#  - README.md stays a guide: at most 300 lines.
#
# Prints "FILE: what is wrong" for each problem; exit status 1 if any.
set -u
shouhu=$1
collect=$2
bad=0

problem() {
	echo "$1"
	bad=1
}

for page in man/*.1 man/*.5; do
	out=$(groff -k -mandoc -Tutf8 -ww -z "$page" 2>&1)
	[ -z "$out" ] || problem "$page: groff warns: $out"
done

# documented PROG SOURCE PAGE: the commands of PROG's help, and every long
# option of SOURCE's option tables, in PAGE; and each option in the help
documented() {
	help=$("$1" help 2>&1)
	name=${1##*/}
	for c in $(echo "$help" | sed -n "s/^ *用法：$name \\([a-z]*\\).*/\\1/p; s/^ *$name \\([a-z]*\\).*/\\1/p" |
	    sort -u); do
		grep -q "^\\.Ss $c\\b\\|^\\.It Cm $c\\b\\|^\\.Ss .*\\b$c\\b" "$3" ||
		    problem "$3: the command \"$c\" of $name help is not described"
	done
	for o in $(sed -n 's/^[[:space:]]*{ "\([a-z][a-z0-9-]*\)", *\(no\|required\|optional\)_argument.*/\1/p' "$2" |
	    sort -u); do
		case $o in help|version) continue ;; esac
		grep -q "Fl \\\\-$o\\b" "$3" ||
		    problem "$3: the option --$o ($2) is not described"
		echo "$help" | grep -q -- "--$o\\b" ||
		    problem "$2: the option --$o is missing from $name help"
	done
}
documented "$shouhu" generator/cmd/shouhu.c man/shouhu.1
documented "$collect" collector/cmd/collect.c man/shouhu-collect.1

n=$(wc -l <README.md)
[ "$n" -le 300 ] || problem "README.md: $n lines; a guide has at most 300"
exit $bad
