#!/bin/sh
# Runs every test of Shouhu and counts them.  Run from the top of the
# repository after `make build/test/shouhu build/test/test_...` (`make test`
# does both).  Prints one line per failure and, last, "N passed, N failed".
# Exit status 1 if anything failed, else 0.
#
#   unit     build/test/test_*: every cmocka test case counts
#   regress  tests/regress/NAME/: site/ built, output compared with expected/
#   bad      tests/bad/NAME/: site/ must fail with exactly expected.err and
#            expected.status, leaving the previous output alone
#   e2e      tests/e2e/*.sh, run with SHOUHU, COLLECT, FILL and a fresh TMPDIR
#   fuzz     each build/test/fuzz_NAME_run on tests/fuzz/corpus_NAME/
#   layers   tests/layers/check.sh: includes point down the layers; and it
#            catches a wrong include put into a copy of the sources
#   doc      tests/doc/check.sh: man pages read without a warning; every
#            command and option of the programs is in their help and man
#            page; README.md at most 300 lines
#   release  the release build (-O2 -Wall -Wextra -Werror) with gcc and with
#            clang, each in its own folders (build/gcc, build/clang): a
#            warning only one compiler gives, or a release-only breakage,
#            fails here
#   windows  tests/windows/compare.sh: build/windows/shouhu-collect.exe,
#            made here from the current sources when make windows has built
#            its libraries, under wine against build/test/shouhu-collect;
#            every "ok" or "FAIL" line counts.  Without wine or the
#            libraries: a SKIP line, counted as skipped (.ci/run builds
#            them first)
#   linux-static
#            build/linux-static/shouhu-collect (musl, static), made here
#            from the current sources when make linux-static has built its
#            libraries: readelf must show no program interpreter and no
#            shared library; it checks a workbook in an empty root (unshare
#            -r chroot: nothing but it and the file; SKIP where there are no
#            user namespaces); then tests/windows/compare.sh runs it against
#            build/test/shouhu-collect, every "ok" or "FAIL" line counting.
#            Without musl-gcc or the libraries: a SKIP line, counted as
#            skipped
#   linux-static-arm64
#            build/linux-static-arm64/shouhu-collect (aarch64, musl,
#            static), made here from the current sources when make
#            linux-static-arm64 has built its libraries: readelf must say
#            AArch64 and show no program interpreter and no shared
#            library; then tests/windows/compare.sh runs it under
#            qemu-aarch64-static against build/test/shouhu-collect, every
#            "ok" or "FAIL" line counting.  Without the cross compiler, the
#            libraries or qemu-aarch64-static (sh scripts/deps.sh
#            linux-static-arm64): a SKIP line, counted as skipped
#   browser  tests/browser/: the demo site, built with the test binaries,
#            in headless Chromium (check.mjs): every "ok" or "FAIL" line of
#            check.mjs counts; screenshots in build/browser/.  Without
#            chromium or tests/browser/node_modules (sh scripts/deps.sh): a
#            SKIP line, counted as a failure
#
# Arguments, if any, are names of groups or single tests to run:
#   sh tests/run.sh regress bad/missing_theme e2e/usage
set -u

top=$(pwd)
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
SOURCE_DATE_EPOCH=1700000000
LC_ALL=C.UTF-8
export ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS SOURCE_DATE_EPOCH LC_ALL
# installed themes are looked for there first (site.c): not the caller's
unset SHOUHU_DATADIR

shouhu=$top/build/test/shouhu
passed=0
failed=0
skipped=0

if [ ! -f tests/run.sh ]; then
	echo "tests/run.sh: run me from the top of the repository" >&2
	exit 2
fi
if [ ! -x "$shouhu" ]; then
	echo "tests/run.sh: $shouhu is missing: make build/test/shouhu" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/shouhu-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM HUP

pass() {
	passed=$((passed + 1))
}

# fail WHAT REASON: one line per failure.
fail() {
	failed=$((failed + 1))
	echo "FAIL $1: $2"
}

# Shows a file indented, at most 40 lines, for the reader of a failure.
show() {
	sed -n '1,40s/^/    /p' "$1"
	n=$(wc -l <"$1")
	[ "$n" -gt 40 ] && echo "    ... ($n lines)"
	return 0
}

# wanted GROUP NAME: whether the arguments ask for this test.
wanted() {
	[ -z "$only" ] && return 0
	for w in $only; do
		[ "$w" = "$1" ] || [ "$w" = "$1/$2" ] && return 0
	done
	return 1
}
only="$*"

# build DIR ARGSFILE: builds site DIR/site into DIR/out from inside DIR (so
# that messages name relative paths), stderr into DIR/err.  Returns the
# exit status.
build() {
	extra=
	[ -f "$2" ] && extra=$(cat "$2")
	# shellcheck disable=SC2086
	(cd "$1" && exec timeout 60 "$shouhu" build -C site -o out -j 2 \
	    --force $extra) >"$1/stdout" 2>"$1/err"
}

# ---- unit tests ------------------------------------------------------

for bin in build/test/test_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	name=${bin##*/}
	wanted unit "$name" || continue
	log=$tmp/unit-$name.log
	timeout 120 "$bin" >"$log" 2>&1
	rc=$?
	np=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\.$/\1/p' "$log" | tail -n 1)
	nf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:$/\1/p' \
	    "$log" | tail -n 1)
	if [ -z "$np" ] && [ -z "$nf" ]; then
		fail "unit/$name" "exited with status $rc without a summary (crash)"
		show "$log"
		continue
	fi
	passed=$((passed + ${np:-0}))
	if [ -n "$nf" ]; then
		failed=$((failed + nf))
		sed -n '/listed below:$/,$s/^\[  FAILED  \] \([A-Za-z_].*\)$/FAIL unit\/'"$name"': \1/p' "$log"
	fi
	if [ "$rc" -ne 0 ] && [ -z "$nf" ]; then
		fail "unit/$name" "every case passed but the binary exited with status $rc (leak or sanitizer report)"
	fi
	if [ "$rc" -ne 0 ]; then
		show "$log"
	fi
done

# ---- golden tests ----------------------------------------------------

for t in tests/regress/*/; do
	t=${t%/}
	name=${t##*/}
	[ -d "$t/site" ] || continue
	wanted regress "$name" || continue
	d=$tmp/regress-$name
	mkdir -p "$d"
	cp -R "$t/site" "$d/site"
	build "$d" "$t/args"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		fail "regress/$name" "build failed (status $rc)"
		show "$d/err"
		continue
	fi
	if [ -s "$d/err" ]; then
		fail "regress/$name" "build printed on stderr"
		show "$d/err"
		continue
	fi
	if [ ! -d "$t/expected" ]; then
		fail "regress/$name" "no expected/: review the output, then sh tests/regress/bless.sh $name"
		continue
	fi
	if ! diff -r "$t/expected" "$d/out" >"$d/diff" 2>&1; then
		fail "regress/$name" "output differs from expected/"
		show "$d/diff"
		continue
	fi
	pass
done

# ---- bad-input tests -------------------------------------------------

for t in tests/bad/*/; do
	t=${t%/}
	name=${t##*/}
	[ -d "$t/site" ] || continue
	wanted bad "$name" || continue
	d=$tmp/bad-$name
	mkdir -p "$d/out"
	cp -R "$t/site" "$d/site"
	echo old >"$d/out/sentinel.html"
	build "$d" "$t/args"
	rc=$?
	want=1
	[ -f "$t/expected.status" ] && want=$(cat "$t/expected.status")
	why=
	if [ "$rc" -ne "$want" ]; then
		why="exit status $rc, expected $want"
	elif ! cmp -s "$t/expected.err" "$d/err"; then
		why="stderr differs from expected.err"
	elif [ "$(cat "$d/out/sentinel.html" 2>/dev/null)" != old ]; then
		why="the previous output was touched (out/sentinel.html)"
	elif [ -n "$(ls -d "$d"/out.shouhu-tmp* 2>/dev/null)" ]; then
		why="out.shouhu-tmp-… was left behind"
	elif [ "$(ls -A "$d/out")" != sentinel.html ]; then
		why="the build wrote into the output: $(ls -A "$d/out" | tr '\n' ' ')"
	fi
	if [ -n "$why" ]; then
		fail "bad/$name" "$why"
		if [ -f "$t/expected.err" ] &&
		    ! diff "$t/expected.err" "$d/err" >"$d/diff"; then
			show "$d/diff"
		else
			show "$d/err"
		fi
		continue
	fi
	pass
done

# ---- end-to-end tests ------------------------------------------------

for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	name=${t##*/}
	name=${name%.sh}
	wanted e2e "$name" || continue
	d=$tmp/e2e-$name
	mkdir -p "$d"
	TMPDIR=$d SHOUHU=$shouhu COLLECT=$top/build/test/shouhu-collect \
	    FILL=$top/build/test/fill FORGE=$top/build/test/forge \
	    timeout 300 sh "$t" >"$d.log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		pass
	else
		fail "e2e/$name" "exited with status $rc"
		show "$d.log"
	fi
done

# ---- fuzz corpus replay ----------------------------------------------

# every build/test/fuzz_NAME_run replays tests/fuzz/corpus_NAME/
for f in build/test/fuzz_*_run; do
	[ -x "$f" ] || continue
	name=${f#build/test/fuzz_}
	name=${name%_run}
	[ -d "tests/fuzz/corpus_$name" ] || continue
	wanted fuzz "$name" || continue
	timeout 300 "$f" "tests/fuzz/corpus_$name/" >"$tmp/fuzz.log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		pass
	else
		fail "fuzz/$name" "$f exited with status $rc"
		show "$tmp/fuzz.log"
	fi
done

# ---- layers ------------------------------------------------------------

if wanted layers check; then
	if sh tests/layers/check.sh >"$tmp/layers.log" 2>&1; then
		pass
	else
		fail layers/check "includes that do not point down the layers"
		show "$tmp/layers.log"
	fi
	# the check itself: a collector file that includes the site fails it
	mkdir -p "$tmp/layers"
	cp -R collector generator "$tmp/layers/"
	printf '#include "site/site.h"\n' >>"$tmp/layers/collector/lib/buf.c"
	if sh tests/layers/check.sh "$tmp/layers" >"$tmp/layers.log" 2>&1 ||
	    ! grep -q '^collector/lib/buf.c:[0-9]*: #include "site/site.h": the collector never includes' \
	    "$tmp/layers.log"; then
		fail layers/selftest "a wrong include was not caught"
		show "$tmp/layers.log"
	else
		pass
	fi
fi

# ---- documentation ---------------------------------------------------

if wanted doc check; then
	if sh tests/doc/check.sh "$shouhu" "$top/build/test/shouhu-collect" \
	    >"$tmp/doc.log" 2>&1; then
		pass
	else
		fail doc/check "the documentation does not match the programs"
		show "$tmp/doc.log"
	fi
fi

# ---- release builds ------------------------------------------------

for cc in gcc clang; do
	wanted release "$cc" || continue
	if ! command -v "$cc" >/dev/null 2>&1; then
		fail "release/$cc" "$cc is missing (install it with: sh scripts/deps.sh)"
		continue
	fi
	if make -s --no-print-directory CC="$cc" OBJDIR="build/$cc/obj" \
	    BIN="build/$cc" "build/$cc/shouhu" "build/$cc/shouhu-collect" \
	    >"$tmp/release-$cc.log" 2>&1; then
		pass
	else
		fail "release/$cc" "the release build failed"
		grep -v '^CC \|^LD ' "$tmp/release-$cc.log" >"$tmp/release.err"
		show "$tmp/release.err"
	fi
done

# ---- the Windows build under wine ----------------------------------

if wanted windows check; then
	exe=build/windows/shouhu-collect.exe
	# the .exe of the current sources, when make windows has built its
	# libraries (without them an .exe there may be an old one: not run)
	if ! sh scripts/staticlibs.sh windows --check || ! command -v wine >/dev/null 2>&1; then
		skipped=$((skipped + 1))
		echo "SKIP windows: 跳过：没有 wine（apt-get install wine）或没有 $exe 和它的库（make windows）"
	elif ! make -s --no-print-directory "$exe" \
	    build/windows/test/shouhu-collect-nomanifest.exe \
	    >"$tmp/windows-build.log" 2>&1; then
		fail windows/build "the Windows build of the current sources failed"
		grep -v '^CC \|^LD ' "$tmp/windows-build.log" >"$tmp/windows.err"
		show "$tmp/windows.err"
	else
		# a wine prefix of its own, made on the first run
		WINEPREFIX=$top/build/windows/wine
		export WINEPREFIX
		COLLECT=$top/build/test/shouhu-collect FILL=$top/build/test/fill \
		    EXE=$top/$exe \
		    OLDEXE=$top/build/windows/test/shouhu-collect-nomanifest.exe \
		    timeout 600 sh tests/windows/compare.sh \
		    "$tmp/windows" >"$tmp/windows.log" 2>&1
		rc=$?
		wineserver -k >/dev/null 2>&1
		unset WINEPREFIX
		np=$(grep -c '^ok ' "$tmp/windows.log")
		nf=$(grep -c '^FAIL ' "$tmp/windows.log")
		passed=$((passed + np))
		failed=$((failed + nf))
		awk '/^FAIL / { sub(/^FAIL /, "FAIL windows/"); p = 1; print; next }
		    /^    / { if (p) print; next }
		    { p = 0 }' "$tmp/windows.log" | sed -n '1,300p'
		if [ "$rc" -ne 0 ] || [ "$np" -eq 0 ]; then
			fail windows "compare.sh exited with status $rc after $np steps"
			show "$tmp/windows.log"
		fi
	fi
fi

# ---- the static Linux build (musl) ---------------------------------

if wanted linux-static check; then
	ls=build/linux-static/shouhu-collect
	# as the windows group: the current sources, when the libraries are
	# there (scripts/staticlibs.sh linux-static --check)
	if ! sh scripts/staticlibs.sh linux-static --check; then
		skipped=$((skipped + 1))
		echo "SKIP linux-static: 跳过：没有 musl-gcc（apt-get install musl-tools）或没有 $ls 的库（make linux-static）"
	elif ! make -s --no-print-directory "$ls" \
	    >"$tmp/linux-static-build.log" 2>&1; then
		fail linux-static/build "the static build of the current sources failed"
		grep -v '^CC \|^LD ' "$tmp/linux-static-build.log" \
		    >"$tmp/linux-static.err"
		show "$tmp/linux-static.err"
	else
		# static: no program interpreter (ld.so), no shared library
		readelf -lW "$ls" >"$tmp/ls.readelf" 2>&1
		readelf -dW "$ls" >>"$tmp/ls.readelf" 2>&1
		if grep -q 'INTERP\|NEEDED' "$tmp/ls.readelf" ||
		    ! grep -q 'There is no dynamic section' "$tmp/ls.readelf"; then
			fail linux-static/static "$ls is not static"
			grep 'INTERP\|NEEDED\|interpreter' "$tmp/ls.readelf" |
			    sed 's/^/    /'
		else
			pass
		fi
		# and it runs where there is nothing else: a root folder with
		# only the program and a workbook (no ld.so, no /lib, no /usr)
		er=$tmp/linux-static-root
		mkdir -p "$er"
		cp "$ls" "$er/shouhu-collect"
		build/test/fill hazard_ledger 40 "$er/x.xlsx" >/dev/null 2>&1
		if ! unshare -r chroot "$er" /shouhu-collect forms \
		    >/dev/null 2>&1 && ! unshare -r true >/dev/null 2>&1; then
			skipped=$((skipped + 1))
			echo "SKIP linux-static/empty-root: 跳过：这里不能 unshare -r（没有用户命名空间）"
		else
			env -i PATH="$PATH" unshare -r chroot "$er" \
			    /shouhu-collect check hazard_ledger /x.xlsx \
			    >"$tmp/ls-root.out" 2>&1
			echo "status $?" >>"$tmp/ls-root.out"
			printf '%s\n' "/x.xlsx: 风险隐患排查化解台账，40 行，没有发现问题" \
			    "status 0" >"$tmp/ls-root.want"
			if cmp -s "$tmp/ls-root.want" "$tmp/ls-root.out"; then
				pass
			else
				fail linux-static/empty-root "it does not run alone in an empty root"
				show "$tmp/ls-root.out"
			fi
		fi
		COLLECT=$top/build/test/shouhu-collect FILL=$top/build/test/fill \
		    EXE=$top/$ls TARGET=linux-static \
		    timeout 600 sh tests/windows/compare.sh \
		    "$tmp/linux-static" >"$tmp/linux-static.log" 2>&1
		rc=$?
		np=$(grep -c '^ok ' "$tmp/linux-static.log")
		nf=$(grep -c '^FAIL ' "$tmp/linux-static.log")
		passed=$((passed + np))
		failed=$((failed + nf))
		awk '/^FAIL / { sub(/^FAIL /, "FAIL linux-static/"); p = 1; print; next }
		    /^    / { if (p) print; next }
		    { p = 0 }' "$tmp/linux-static.log" | sed -n '1,300p'
		if [ "$rc" -ne 0 ] || [ "$np" -eq 0 ]; then
			fail linux-static "compare.sh exited with status $rc after $np steps"
			show "$tmp/linux-static.log"
		fi
	fi
fi

# ---- the static Linux build for aarch64 (musl, under qemu) -----------

if wanted linux-static-arm64 check; then
	la=build/linux-static-arm64/shouhu-collect
	qemu=$(command -v qemu-aarch64-static || command -v qemu-aarch64 ||
	    true)
	if ! sh scripts/staticlibs.sh linux-static-arm64 --check ||
	    [ -z "$qemu" ]; then
		skipped=$((skipped + 1))
		echo "SKIP linux-static-arm64: 跳过：没有 aarch64-linux-musl-gcc、$la 的库或 qemu-aarch64-static（sh scripts/deps.sh linux-static-arm64; make linux-static-arm64）"
	elif ! make -s --no-print-directory "$la" \
	    >"$tmp/la-build.log" 2>&1; then
		fail linux-static-arm64/build "the aarch64 static build of the current sources failed"
		grep -v '^CC \|^LD ' "$tmp/la-build.log" >"$tmp/la.err"
		show "$tmp/la.err"
	else
		# aarch64, no program interpreter (ld.so), no shared library
		readelf -hlW "$la" >"$tmp/la.readelf" 2>&1
		readelf -dW "$la" >>"$tmp/la.readelf" 2>&1
		if grep -q 'INTERP\|NEEDED' "$tmp/la.readelf" ||
		    ! grep -q 'There is no dynamic section' "$tmp/la.readelf" ||
		    ! grep -q '^ *Machine: *AArch64$' "$tmp/la.readelf"; then
			fail linux-static-arm64/static "$la is not a static AArch64 program"
			grep 'Machine\|INTERP\|NEEDED\|interpreter' \
			    "$tmp/la.readelf" | sed 's/^/    /'
		else
			pass
		fi
		COLLECT=$top/build/test/shouhu-collect FILL=$top/build/test/fill \
		    EXE=$top/$la TARGET=linux-static-arm64 QEMU=$qemu \
		    timeout 1200 sh tests/windows/compare.sh \
		    "$tmp/linux-static-arm64" >"$tmp/la.log" 2>&1
		rc=$?
		np=$(grep -c '^ok ' "$tmp/la.log")
		nf=$(grep -c '^FAIL ' "$tmp/la.log")
		passed=$((passed + np))
		failed=$((failed + nf))
		awk '/^FAIL / { sub(/^FAIL /, "FAIL linux-static-arm64/"); p = 1; print; next }
		    /^    / { if (p) print; next }
		    { p = 0 }' "$tmp/la.log" | sed -n '1,300p'
		if [ "$rc" -ne 0 ] || [ "$np" -eq 0 ]; then
			fail linux-static-arm64 "compare.sh exited with status $rc after $np steps"
			show "$tmp/la.log"
		fi
	fi
fi

# ---- browser test ----------------------------------------------------

if wanted browser check; then
	chromium=${CHROMIUM:-/usr/bin/chromium}
	why=
	if [ ! -x "$chromium" ]; then
		why="$chromium is missing"
	elif ! command -v node >/dev/null 2>&1; then
		why="node is missing"
	elif [ ! -d tests/browser/node_modules ]; then
		why="tests/browser/node_modules is missing"
	fi
	if [ -n "$why" ]; then
		failed=$((failed + 1))
		echo "SKIP browser: $why (install it with: sh scripts/deps.sh); counted as a failure"
	elif ! sh tests/browser/mkdemo.sh "$tmp/browser" >"$tmp/browser.log" 2>&1; then
		fail browser/mkdemo "the demo site could not be built"
		show "$tmp/browser.log"
	else
		rm -rf build/browser
		CHROMIUM=$chromium timeout 300 node tests/browser/check.mjs \
		    "$tmp/browser/site/public" build/browser >"$tmp/browser.log" 2>&1
		rc=$?
		np=$(grep -c '^ok ' "$tmp/browser.log")
		nf=$(grep -c '^FAIL ' "$tmp/browser.log")
		passed=$((passed + np))
		failed=$((failed + nf))
		# each FAIL line, named browser/NAME, with its details
		awk '/^FAIL / { sub(/^FAIL /, "FAIL browser/"); p = 1; print; next }
		    /^    / { if (p) print; next }
		    { p = 0 }' "$tmp/browser.log" | sed -n '1,300p'
		if [ "$rc" -ne 0 ] && [ "$nf" -eq 0 ]; then
			fail browser "check.mjs exited with status $rc"
			show "$tmp/browser.log"
		elif [ "$rc" -eq 0 ] && [ "$np" -eq 0 ]; then
			fail browser "check.mjs checked nothing"
			show "$tmp/browser.log"
		fi
	fi
fi

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
