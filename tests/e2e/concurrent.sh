#!/bin/sh
# Two builds of one site into one output at the same time: one may be
# refused with the lock message; afterwards the output is complete.
. "$(dirname "$0")/lib/common.sh"

mksite "$T/site" 150
build -C "$T/site" -o "$T/ref" -j 2 || die "reference build failed: $(cat "$T/stderr")"
out=$T/out
mkdir "$T/runs"
i=1
while [ "$i" -le 3 ]; do
	"$SHOUHU" build -C "$T/site" -o "$out" -j 2 --force \
	    >"$T/runs/a$i.out" 2>"$T/runs/a$i.err" &
	a=$!
	"$SHOUHU" build -C "$T/site" -o "$out" -j 2 --force \
	    >"$T/runs/b$i.out" 2>"$T/runs/b$i.err" &
	b=$!
	set +e
	wait "$a"
	ra=$?
	wait "$b"
	rb=$?
	set -e
	for x in "a$i:$ra" "b$i:$rb"; do
		name=${x%%:*}
		rc=${x#*:}
		case $rc in
		0)
			;;
		1)
			grep -q '另一个 shouhu build 正在写这个目录' "$T/runs/$name.err" ||
			    die "build $name failed: $(cat "$T/runs/$name.err")"
			;;
		*)
			die "build $name: exit status $rc: $(cat "$T/runs/$name.err")"
			;;
		esac
	done
	[ "$ra" -eq 0 ] || [ "$rb" -eq 0 ] || die "round $i: both builds failed"
	diff -r "$T/ref" "$out" >/dev/null || die "round $i: the output is not complete"
	no_tmp "$out"
	i=$((i + 1))
done
# How often the lock was met depends on timing; say it for the log.
echo "lock refusals: $(grep -l '另一个 shouhu build' "$T"/runs/*.err | wc -l) of 6 builds"
exit 0
