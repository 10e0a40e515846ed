#!/bin/sh
# A kit program against the Linux build (tests/run.sh windows and
# linux-static): every command of shouhu-collect is run twice with the
# same inputs, keys and SOURCE_DATE_EPOCH, once by COLLECT (Linux) in lin/
# and once by the other program EXE in win/, with Chinese file and folder
# names.  The other program is TARGET's: windows (the default),
# build/windows/shouhu-collect.exe under wine; linux-static,
# build/linux-static/shouhu-collect (musl, static), run as it is;
# linux-static-arm64, build/linux-static-arm64/shouhu-collect (aarch64)
# under qemu-aarch64-static (QEMU).  After each step its stdout, stderr and exit status
# and every file of the two folders must be the same, byte for byte; a
# sealed bundle (sealed to a fresh random key each time) is compared by
# its manifest, less the sealed file's sha256, and by what verify says of
# it; keygen's random keys by their names and sizes.  When the sources
# have the kit mode, a unit's kit too (double-click and drop).
#
#   COLLECT=build/test/shouhu-collect FILL=build/test/fill \
#   EXE=build/windows/shouhu-collect.exe WINEPREFIX=... \
#   [OLDEXE=build/windows/test/shouhu-collect-nomanifest.exe] \
#   sh tests/windows/compare.sh DIR
#
#   COLLECT=build/test/shouhu-collect FILL=build/test/fill \
#   EXE=build/linux-static/shouhu-collect TARGET=linux-static \
#   sh tests/windows/compare.sh DIR
#
#   COLLECT=build/test/shouhu-collect FILL=build/test/fill \
#   EXE=build/linux-static-arm64/shouhu-collect TARGET=linux-static-arm64 \
#   [QEMU=qemu-aarch64-static] sh tests/windows/compare.sh DIR
#
# OLDEXE, the program without its manifest, stands for a Windows that
# ignores the UTF-8 code page: it must refuse to run, saying why.
#
# Prints "ok STEP" or "FAIL STEP: why" (with the differences indented) for
# each step; exits 0 unless it could not run at all.
set -u
: "${COLLECT:?}" "${FILL:?}" "${EXE:?}"
TARGET=${TARGET:-windows}
# static: a Linux program of musl (x86-64, or aarch64 under qemu)
static=
case $TARGET in linux-static|linux-static-arm64) static=1 ;; esac
[ -n "$static" ] || : "${WINEPREFIX:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
D=$1
[ -n "$static" ] || export WINEPREFIX
WINEDEBUG=-all
# no Mono or Gecko: nothing asks to download them
WINEDLLOVERRIDES="mscoree=d;mshtml=d"
SOURCE_DATE_EPOCH=1700000000
export WINEDEBUG WINEDLLOVERRIDES SOURCE_DATE_EPOCH

rm -rf "$D"
mkdir -p "$D/输入" "$D/lin" "$D/win" || exit 2
cd "$D" || exit 2

# the inputs both programs get: keys, filled files, bad files
(cd 输入 && "$COLLECT" keygen 单位 >/dev/null &&
    "$COLLECT" keygen 专项办 >/dev/null) || exit 2
forms=$("$COLLECT" forms | awk '{ print $1 }')
for f in $forms; do
	"$FILL" "$f" 40 "输入/$f 表格.xlsx" &&
	    "$FILL" "$f" 40 "输入/$f 表格.csv" &&
	    "$FILL" "$f" 40 "输入/$f 国标.csv" gbk || exit 2
done
# UTF-16 with a BOM, as Excel's "Unicode 文本" saves
{ printf '\377\376'; tail -c +4 "输入/hazard_ledger 表格.csv" |
    iconv -f UTF-8 -t UTF-16LE; } >"输入/hazard_ledger 统一码.csv" || exit 2
# a row that is wrong, a form of an older version, an old .xls
printf '\357\273\277' >输入/有错.csv
head -n 1 "输入/hazard_ledger 表格.csv" | sed 's/^\xef\xbb\xbf//' >>输入/有错.csv
echo 'x,y,z' >>输入/有错.csv
"$FILL" hazard_ledger 3 输入/旧版.xlsx v=0 || exit 2
printf '\320\317\021\340\241\261\032\341\0\0\0\0' >输入/旧格式.xls
printf '新兖镇\n王因街道\n' >输入/镇街.txt
cp -R 输入/. lin/ && cp -R 输入/. win/ &&
    mkdir -p lin/待发送 win/待发送 lin/模板 win/模板 || exit 2

# what runs the other program (under timeout): wine, qemu, or the program
# itself
other=wine
[ "$TARGET" = linux-static ] && other='env'
[ "$TARGET" = linux-static-arm64 ] && other=${QEMU:-qemu-aarch64-static}

# the Windows program's first run makes the wine prefix (quietly); one
# wineserver for every step (no step races a server that is just ending;
# tests/run.sh stops it)
if [ "$TARGET" = windows ]; then
	timeout 300 wine "$EXE" forms >/dev/null 2>&1
	wineserver -p
fi

# run WHERE ARGS...: the program of WHERE (lin or win, the other program)
# in WHERE, its output in WHERE.out, WHERE.err, WHERE.rc beside the folders
run() {
	w=$1
	shift
	if [ "$w" = lin ]; then
		(cd lin && timeout 120 "$COLLECT" "$@") >lin.out 2>lin.err
	else
		(cd win && timeout 120 $other "$EXE" "$@") >win.out 2>win.err
	fi
	echo $? >"$w.rc"
}

# same STEP [STATUS]: compares the last run's output and the two folders;
# the Linux program must have exited with STATUS, if given
same() {
	why=
	if [ $# -gt 1 ] && [ "$(cat lin.rc)" != "$2" ]; then
		why="$(printf '\n    exit status %s, not %s: ' "$(cat lin.rc)" "$2")$(head -c 300 lin.err)"
	fi
	for x in out err rc; do
		cmp -s "lin.$x" "win.$x" ||
		    why="$why$(printf '\n    %s:\n' "$x")$(diff "lin.$x" "win.$x" |
		    sed -n '1,20s/^/      /p')"
	done
	if ! diff -r lin win >tree.diff 2>&1; then
		why="$why$(printf '\n    files:\n')$(sed -n '1,20s/^/      /p' tree.diff)"
	fi
	if [ -z "$why" ]; then
		echo "ok $1"
	else
		echo "FAIL $1:$why"
	fi
}

# step STATUS STEP ARGS...: the same command on both sides, which must
# exit with STATUS on Linux, then same
step() {
	st=$1
	s=$2
	shift 2
	run lin "$@"
	run win "$@"
	same "$s" "$st"
}

step 0 forms forms
step 2 usage
step 0 help help
for f in $forms; do
	step 0 "template $f xlsx" template "$f" -o "模板/$f.xlsx"
	step 0 "template $f csv" template "$f" -o "模板/$f.csv"
done
step 0 "template --towns" template hazard_ledger --towns 镇街.txt \
    -o 模板/带镇街.xlsx
step 1 "template over a file" template hazard_ledger -o "模板/hazard_ledger.xlsx"
step 0 "template --force" template hazard_ledger -o "模板/hazard_ledger.xlsx" \
    --force
step 2 "template unknown form" template nosuch -o 模板/x.xlsx

for f in $forms; do
	for file in "$f 表格.xlsx" "$f 表格.csv" "$f 国标.csv"; do
		step 0 "check $file" check "$f" "$file"
	done
done
step 0 "check UTF-16" check hazard_ledger "hazard_ledger 统一码.csv"
step 1 "check a wrong row" check hazard_ledger 有错.csv
step 1 "check an older version" check hazard_ledger 旧版.xlsx
step 1 "check a .xls" check hazard_ledger 旧格式.xls
step 1 "check another form's file" check case_source "hazard_ledger 表格.xlsx"
step 1 "check a missing file" check hazard_ledger 没有这个.xlsx
step 0 "check a template" check hazard_ledger "模板/hazard_ledger.xlsx"

# GB18030 past GBK (musl's iconv, csv.c's gb18030_as_glibc): a four-byte
# sequence it reads as glibc does (CJK extension A) the same; one it
# would read wrong (a supplementary plane) refused as a wrong encoding,
# where glibc reads it (wine has no GB18030: Windows is not asked)
if [ -n "$static" ]; then
	for w in lin win; do
		for x in 㐀:扩展A 𠀀:扩展B; do
			tail -c +4 "输入/hazard_ledger 表格.csv" |
			    sed "0,/已核实/s//已核实${x%%:*}/" |
			    iconv -f UTF-8 -t GB18030 >"$w/${x#*:}.csv" || exit 2
		done
	done
	step 0 "check GB18030 four bytes" check hazard_ledger 扩展A.csv
	run lin check hazard_ledger 扩展B.csv
	run win check hazard_ledger 扩展B.csv
	# shellcheck disable=SC1111
	echo "扩展B.csv: 文件编码无法识别：请在 Excel 里“另存为” → “CSV UTF-8（逗号分隔）”" \
	    >want.err
	echo "扩展B.csv: 发现 1 个问题，请改正后再检查" >want.out
	if [ "$(cat lin.rc)" = 0 ] && [ "$(cat win.rc)" = 1 ] &&
	    cmp -s want.out win.out && cmp -s want.err win.err; then
		echo "ok check GB18030 musl reads wrong"
	else
		echo "FAIL check GB18030 musl reads wrong: $(cat lin.rc) $(cat win.rc) $(cat win.out win.err)"
	fi
fi

for f in $forms; do
	period=2022-W21
	"$COLLECT" forms | grep "^$f " | grep -q 每月 && period=2022-05
	step 0 "pack $f" pack --unit 370812001 --period "$period" --key 单位.key \
	    "$f=$f 表格.xlsx" -o "待发送/$f 数据包.zip"
	step 0 "pack $f from GBK CSV" pack --unit 370812001 --period "$period" \
	    --key 单位.key "$f=$f 国标.csv" -o "待发送/$f 国标.zip"
	step 0 "verify $f" verify "待发送/$f 数据包.zip" --pub 单位.pub
done
step 0 "pack weekly forms together" pack --unit 370812001 --period 2022-W21 \
    --key 单位.key "hazard_ledger=hazard_ledger 表格.csv" \
    "campaign_stats=campaign_stats 表格.xlsx" -o 待发送/一周.zip
step 1 "verify with the wrong key" verify "待发送/一周.zip" --pub 专项办.pub
step 1 "pack a wrong file" pack --unit 370812001 --period 2022-W21 \
    --key 单位.key hazard_ledger=有错.csv -o 待发送/不该有.zip
step 1 "pack with a public key" pack --unit 370812001 --period 2022-W21 \
    --key 单位.pub "hazard_ledger=hazard_ledger 表格.xlsx" -o 待发送/不该有.zip
step 1 "pack a bad period" pack --unit 370812001 --period 2022-W54 \
    --key 单位.key "hazard_ledger=hazard_ledger 表格.xlsx" -o 待发送/不该有.zip

# sealed: the manifest and its signature, and verify, are the same
s=待发送/加密.zip
run lin pack --unit 370812001 --period 2022-W21 --key 单位.key --to 专项办.pub \
    "hazard_ledger=hazard_ledger 表格.xlsx" -o "$s"
run win pack --unit 370812001 --period 2022-W21 --key 单位.key --to 专项办.pub \
    "hazard_ledger=hazard_ledger 表格.xlsx" -o "$s"
# (the manifest holds the sealed file's sha256, so its signature differs
# too: verify checks that)
for w in lin win; do
	unzip -p "$w/$s" manifest.json |
	    sed 's/"sha256": "[0-9a-f]*"/"sha256": "(sealed)"/' \
	    >"$w/待发送/加密.manifest.json"
	unzip -Z1 "$w/$s" >"$w/待发送/加密.names"
	mv "$w/$s" "$D/$w-sealed.zip"
done
same "pack sealed"
mv lin-sealed.zip "lin/$s"
mv win-sealed.zip "win/$s"
run lin verify "$s" --pub 单位.pub
run win verify "$s" --pub 单位.pub
cmp -s lin.out win.out && cmp -s lin.err win.err && cmp -s lin.rc win.rc &&
    [ "$(cat lin.rc)" = 0 ] && echo "ok verify sealed" ||
    echo "FAIL verify sealed: $(cat lin.out lin.err win.out win.err)"
# each verifies the other's sealed bundle
run lin verify "../win/$s" --pub 单位.pub
run win verify "../lin/$s" --pub 单位.pub
[ "$(cat lin.rc)" = 0 ] && [ "$(cat win.rc)" = 0 ] &&
    echo "ok verify the other's sealed bundle" ||
    echo "FAIL verify the other's sealed bundle: $(cat lin.err win.err)"
rm -f "lin/$s" "win/$s"

# keygen: the same messages; the keys are random, so only their names
# and sizes are compared, and each side's key packs for the other
run lin keygen 新单位
run win keygen 新单位
for w in lin win; do
	mkdir "$w-keys"
	mv "$w/新单位.key" "$w/新单位.pub" "$w-keys/"
	(cd "$w-keys" && for k in *; do echo "$k $(wc -c <"$k")"; done) \
	    >"$w/钥匙.txt"
done
same keygen
# (Windows has no 0600; Linux wants it of a secret key)
chmod 600 win-keys/新单位.key
run lin pack --unit u --period 2022-W21 --key ../win-keys/新单位.key \
    "hazard_ledger=hazard_ledger 表格.xlsx" -o 待发送/钥匙.zip
run win verify ../lin/待发送/钥匙.zip --pub ../win-keys/新单位.pub
[ "$(cat lin.rc)" = 0 ] && [ "$(cat win.rc)" = 0 ] &&
    echo "ok a Windows key signs on Linux" ||
    echo "FAIL a Windows key signs on Linux: $(cat lin.err win.err)"

# a Windows before 10 1903 (wine's code page for C.UTF-8 is 1252): one
# sentence, status 1, nothing done
if [ -n "${OLDEXE:-}" ]; then
	(cd win && LC_ALL=C.UTF-8 timeout 120 wine "$OLDEXE" template \
	    hazard_ledger -o 模板/旧的.xlsx) >win.out 2>win.err
	echo $? >win.rc
	printf '%s\n' "shouhu-collect: 这台电脑的 Windows 太旧，处理不了中文的文件名：需要 Windows 10（1903 版）或更新的 Windows；请换一台电脑打包，或请专项办帮忙" >want.err
	if [ "$(cat win.rc)" = 1 ] && [ ! -s win.out ] &&
	    cmp -s want.err win.err && [ ! -e win/模板/旧的.xlsx ]; then
		echo "ok an old Windows is told"
	else
		echo "FAIL an old Windows is told: status $(cat win.rc): $(cat win.out win.err)"
	fi
fi

# ---- a unit's kit (kit mode, collector/cmd/kit.c, when it is there) ----
# The Linux program in 程序文件/, the Windows one at the kit's top, as the
# office hands them over; the same China clock.  Dropped files come as
# Windows paths (Z:\...\填好的表格\台账.xlsx) to the Windows program.
# The static Linux program is in 程序文件/ of its kit, as the office hands
# it over instead of the other.
[ -f "$top/collector/cmd/kit.c" ] || exit 0
export SHOUHU_NO_OPEN=1
unset SHOUHU_KIT || :
for w in lin win; do
	k=$D/kit-$w/城关镇工具包
	mkdir -p "$k/程序文件" "$k/填好的表格" "$k/待发送"
	cp 输入/单位.key 输入/单位.pub 输入/专项办.pub "$k/程序文件/"
	cp "$top/tests/fixtures/kit/kit.json" "$k/程序文件/"
	cp "输入/hazard_ledger 表格.xlsx" "$k/填好的表格/台账.xlsx"
	cp "输入/campaign_stats 表格.xlsx" "$k/填好的表格/战果.xlsx"
	cp 输入/旧格式.xls "$k/旧.xls"
done
cp "$COLLECT" "kit-lin/城关镇工具包/程序文件/shouhu-collect"
if [ "$TARGET" = windows ]; then
	cp "$EXE" "kit-win/城关镇工具包/shouhu-collect.exe"
	winprog=kit-win/城关镇工具包/shouhu-collect.exe
elif [ "$TARGET" = linux-static-arm64 ]; then
	# by the name the office's kit gives it (the launcher's choice)
	cp "$EXE" "kit-win/城关镇工具包/程序文件/shouhu-collect-arm64"
	winprog=kit-win/城关镇工具包/程序文件/shouhu-collect-arm64
else
	cp "$EXE" "kit-win/城关镇工具包/程序文件/shouhu-collect"
	winprog=kit-win/城关镇工具包/程序文件/shouhu-collect
fi

# kit WHERE ARGS...: the kit's program of WHERE on Monday 2023-11-13
# 16:00 China time; ARGS are file names in 填好的表格/.  Its output in
# WHERE.out, WHERE.err, WHERE.rc; what it wrote in the folder WHERE
# (sealed bundles by their manifests and what verify says of them).
kit() {
	w=$1
	shift
	k=$D/kit-$w/城关镇工具包
	for a in "$@"; do
		if [ "$w" = lin ] || [ -n "$static" ]; then
			set -- "$@" "$k/填好的表格/$a"
		else
			# shellcheck disable=SC1003
			set -- "$@" "Z:$(echo "$k/填好的表格/$a" | tr / '\\')"
		fi
		shift
	done
	if [ "$w" = lin ]; then
		SOURCE_DATE_EPOCH=1699862400 timeout 120 \
		    "$k/程序文件/shouhu-collect" "$@"
	else
		SOURCE_DATE_EPOCH=1699862400 timeout 120 \
		    $other "$D/$winprog" "$@"
	fi >"$w.out" 2>"$w.err" </dev/null
	echo $? >"$w.rc"
	rm -rf "$w"
	mkdir -p "$w"
	(cd "$k" && find . -path ./程序文件 -prune -o -type f \
	    ! -name 'shouhu-collect*' -print | sort) >"$w/files"
	[ -f "$k/问题清单.html" ] && mv "$k/问题清单.html" "$w/"
	for z in "$k"/待发送/*.zip; do
		[ -f "$z" ] || continue
		unzip -p "$z" manifest.json |
		    sed 's/"sha256": "[0-9a-f]*"/"sha256": "(sealed)"/' \
		    >"$w/${z##*/}.manifest.json"
		(cd "$k/待发送" && "$COLLECT" verify "${z##*/}" \
		    --pub ../程序文件/单位.pub) >"$w/${z##*/}.verify" 2>&1 ||
		    echo failed >>"$w/${z##*/}.verify"
		rm -f "$z"
	done
}

kit lin
kit win
same "kit double-click" 0
for w in lin win; do
	mv "kit-$w/城关镇工具包/旧.xls" "kit-$w/城关镇工具包/填好的表格/"
done
kit lin 台账.xlsx 旧.xls
kit win 台账.xlsx 旧.xls
same "kit drop with a problem" 1
kit lin 台账.xlsx
kit win 台账.xlsx
same "kit drop" 0
exit 0
