#!/bin/sh
# The libraries of the collector's kit programs, built from Debian's source
# packages as static libraries, for one of three targets:
#
#   windows        x86-64 Windows with Debian's mingw-w64, into
#                  build/windows/prefix (make windows; doc/kit-programs.md)
#   linux-static   x86-64 Linux with Debian's musl (musl-gcc), into
#                  build/linux-static/prefix (make linux-static): a program
#                  with no glibc, for any Linux desktop
#   linux-static-arm64
#                  the same for aarch64 (飞腾, 鲲鹏 desktops), cross-built
#                  with Debian's aarch64-linux-gnu-gcc and musl-dev:arm64
#                  (aarch64-linux-musl-gcc), into
#                  build/linux-static-arm64/prefix (make linux-static-arm64)
#
#   sh scripts/staticlibs.sh TARGET
#                                fetch and build what is missing; a quick
#                                no-op when every library's stamp is there
#   sh scripts/staticlibs.sh TARGET --check
#                                build nothing: exit 0 when every library
#                                is built as this script would build it,
#                                else 1 (tests/run.sh asks, to know whether
#                                it can make the program)
#
# Nothing third-party is committed: the sources are fetched with apt-get
# source (a private apt configuration in build/debsrc/apt, so /etc/apt is
# not touched; apt checks the signed index and every file's checksum,
# dpkg-source the .dsc's checksums), once for both targets
# (build/debsrc/dl).  Each library is built once per version and flags:
# its stamp, PREFIX/stamp/NAME, holds the version, the compiler's version
# and the flags it was built with, and a different line builds it again.
# Windows' zlib is Debian's libz-mingw-w64-dev (scripts/deps.sh windows
# installs it, with the compiler) and its GBK/GB18030 CSV is read with
# Windows' own code page 54936 (collector/forms/csv.c); musl's zlib is
# built from Debian's zlib source, and musl's own iconv reads GBK.
set -eu
cd "$(dirname "$0")/.."

# source package   version (bookworm)     what it gives   targets
SRCS="
zlib              1:1.2.13.dfsg-1         libz.a          linux-static linux-static-arm64
libsodium         1.0.18-1+deb12u1        libsodium.a     windows linux-static linux-static-arm64
libzip            1.7.3-1                 libzip.a        windows linux-static linux-static-arm64
expat             2.5.0-1+deb12u2         libexpat.a      windows linux-static linux-static-arm64
lua5.4            5.4.4-3+deb12u1         liblua.a        windows linux-static linux-static-arm64
libxlsxwriter     1.1.4-2                 libxlsxwriter.a windows linux-static linux-static-arm64
jansson           2.14-2                  libjansson.a    windows linux-static linux-static-arm64
"
T=${1:-}
case $T in
windows)
	HOST=x86_64-w64-mingw32
	CC=$HOST-gcc AR=$HOST-ar NM=$HOST-nm OBJCOPY=$HOST-objcopy
	CONF_HOST=--host=$HOST
	DEPS="sh scripts/deps.sh windows"
	ZLIB=/usr/$HOST
	LUA_OS=
	MULTIARCH=
	;;
linux-static)
	# musl-gcc is the system's gcc with musl's headers and libraries
	# instead of glibc's; it runs here, so nothing is cross-compiled
	CC=musl-gcc AR=ar NM=nm OBJCOPY=objcopy
	CONF_HOST=
	DEPS="sh scripts/deps.sh linux-static"
	ZLIB=
	# as Debian's liblua5.4 on Linux, less dlopen (a static program
	# loads no modules)
	LUA_OS=-DLUA_USE_POSIX
	MULTIARCH=x86_64-linux-musl
	;;
linux-static-arm64)
	# Debian's musl-dev:arm64 wraps the aarch64 cross gcc with musl's
	# specs; binutils are the cross ones
	HOST=aarch64-linux-gnu
	CC=aarch64-linux-musl-gcc AR=$HOST-ar NM=$HOST-nm OBJCOPY=$HOST-objcopy
	CONF_HOST=--host=aarch64-linux-musl
	DEPS="sh scripts/deps.sh linux-static-arm64"
	ZLIB=
	LUA_OS=-DLUA_USE_POSIX
	MULTIARCH=aarch64-linux-musl
	;;
*)
	echo "staticlibs.sh: 用法：sh scripts/staticlibs.sh windows|linux-static|linux-static-arm64 [--check]" >&2
	exit 2
	;;
esac
W=$PWD/build/$T
P=$W/prefix
[ -n "$ZLIB" ] || ZLIB=$P
SRC=$W/src
DL=$PWD/build/debsrc/dl
APT=$PWD/build/debsrc/apt
# Fixed flags: the same libraries on every machine with the same compiler.
CFLAGS_LIB="-O2 -g0 -ffile-prefix-map=$W=."
JOBS=$(nproc 2>/dev/null || echo 2)
[ "$JOBS" -le 2 ] || JOBS=2

# libs: the source packages of this target, in build order
libs() {
	echo "$SRCS" | awk -v t="$T" 'NF { for (i = 4; i <= NF; i++)
	    if ($i == t) print $1 }'
}

version() {
	echo "$SRCS" | awk -v p="$1" '$1 == p { print $2 }'
}

# stampline NAME: what the stamp of NAME must say
stampline() {
	echo "$1 $(version "$1") $($CC -dumpversion) $CFLAGS_LIB"
}

built() {
	[ -f "$P/stamp/$1" ] && [ "$(cat "$P/stamp/$1")" = "$(stampline "$1")" ]
}

if [ "${2:-}" = --check ]; then
	command -v $CC >/dev/null 2>&1 || exit 1
	for n in $(libs); do
		built "$n" || exit 1
	done
	exit 0
fi

need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "staticlibs.sh: 找不到 $1：请先运行 $DEPS" >&2
	exit 1
}
need $CC
need cmake
need autoreconf
need dpkg-source
[ -f "$ZLIB/lib/libz.a" ] || [ "$ZLIB" = "$P" ] || {
	echo "staticlibs.sh: 找不到 $ZLIB/lib/libz.a：请先运行 $DEPS" >&2
	exit 1
}

aptget() {
	apt-get -q -o Dir::Etc::SourceList="$APT/sources.list" \
	    -o Dir::Etc::SourceParts="$APT/parts" \
	    -o Dir::State::Lists="$APT/lists" -o Dir::Cache="$APT/cache" \
	    -o APT::Sandbox::User=root "$@"
}

# fetch NAME: the unpacked source of NAME, in $SRC/NAME (fresh each build)
fetch() {
	v=$(version "$1")
	mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" \
	    "$APT/parts" "$DL" "$SRC"
	if [ ! -f "$APT/sources.list" ]; then
		echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
		    >"$APT/sources.list"
	fi
	if [ ! -f "$DL/$1_${v#*:}.dsc" ]; then
		[ -f "$APT/updated" ] || {
			aptget update >/dev/null
			touch "$APT/updated"
		}
		echo "staticlibs.sh: apt-get source $1=$v"
		if ! (cd "$DL" && aptget source --download-only "$1=$v" \
		    >/dev/null); then
			echo "staticlibs.sh: 取不到 Debian 源码包 $1=$v：它可能已被新的版本替换；" \
			    "运行 apt-cache showsrc $1 查看 bookworm 现在的版本，改 scripts/staticlibs.sh 的 SRCS 表" >&2
			rm -f "$APT/updated"
			exit 1
		fi
	fi
	rm -rf "${SRC:?}/$1"
	dpkg-source -q -x "$DL/$1_${v#*:}.dsc" "$SRC/$1" >/dev/null 2>&1 || {
		echo "staticlibs.sh: dpkg-source -x $1_$v.dsc 失败（校验和不符？删掉 $DL 重新下载）" >&2
		exit 1
	}
}

# cmake_build NAME DIR ARGS...: configure DIR with cmake for the target,
# build, install into the prefix
cmake_build() {
	n=$1 d=$2
	shift 2
	if [ "$T" = windows ]; then
		set -- -DCMAKE_SYSTEM_NAME=Windows \
		    -DCMAKE_RC_COMPILER="$HOST-windres" "$@"
	elif [ "$T" = linux-static-arm64 ]; then
		set -- -DCMAKE_SYSTEM_NAME=Linux -DCMAKE_SYSTEM_PROCESSOR=aarch64 \
		    -DCMAKE_AR="$(command -v $AR)" "$@"
	fi
	cmake -S "$d" -B "$SRC/$n-build" -DCMAKE_BUILD_TYPE=Release \
	    -DCMAKE_C_COMPILER=$CC \
	    -DCMAKE_FIND_ROOT_PATH="$P;$ZLIB" \
	    -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER \
	    -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY \
	    -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY \
	    -DCMAKE_C_FLAGS_RELEASE="$CFLAGS_LIB" \
	    -DCMAKE_INSTALL_PREFIX="$P" -DBUILD_SHARED_LIBS=OFF "$@" >/dev/null
	cmake --build "$SRC/$n-build" -j "$JOBS" >/dev/null
	cmake --install "$SRC/$n-build" >/dev/null
}

# configure_build DIR ARGS...: autoreconf and configure DIR for the
# target (static only), build and install into the prefix
configure_build() {
	d=$1
	shift
	# shellcheck disable=SC2086
	(cd "$d" && autoreconf -fi >/dev/null 2>&1 &&
	    ./configure -q $CONF_HOST --prefix="$P" --disable-shared \
	    --enable-static CC=$CC CFLAGS="$CFLAGS_LIB" "$@" >/dev/null)
}

# objs_lib LIB FLAGS -- FILE...: compile each FILE with FLAGS into an
# archive LIB in the current directory, no two runs different
objs_lib() {
	a=$1
	shift
	flags=
	while [ "$1" != -- ]; do
		flags="$flags $1"
		shift
	done
	shift
	mkdir -p obj
	for c in "$@"; do
		# shellcheck disable=SC2086
		$CC $CFLAGS_LIB $flags -c "$c" -o "obj/$(echo "$c" | tr / _).o" ||
		    return 1
	done
	rm -f "$a"
	$AR rcsD "$a" obj/*.o
}

# zlib as Debian's source has it (only for musl: Windows' is Debian's)
build_zlib() {
	(cd "$SRC/zlib" && CC=$CC AR=$AR CFLAGS="$CFLAGS_LIB" ./configure --static \
	    --prefix="$P" >/dev/null && make -s -j "$JOBS" libz.a >/dev/null &&
	    make -s install >/dev/null)
}

build_libsodium() {
	# Debian's source is the upstream git tree: no configure script yet
	configure_build "$SRC/libsodium" --disable-ssp --with-pic=no &&
	    make -s -C "$SRC/libsodium" -j "$JOBS" >/dev/null 2>&1 &&
	    make -s -C "$SRC/libsodium" install >/dev/null
}

build_libzip() {
	cmake_build libzip "$SRC/libzip" -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF \
	    -DENABLE_ZSTD=OFF -DENABLE_GNUTLS=OFF -DENABLE_OPENSSL=OFF \
	    -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF \
	    -DENABLE_WINDOWS_CRYPTO=OFF -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF \
	    -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF \
	    -DZLIB_LIBRARY="$ZLIB/lib/libz.a" \
	    -DZLIB_INCLUDE_DIR="$ZLIB/include"
}

# expat with autotools, as Debian builds it (its security patches test
# XML_DTD == 1, which only the autotools configuration defines so).
build_expat() {
	configure_build "$SRC/expat/expat" --without-xmlwf --without-examples \
	    --without-tests --without-docbook &&
	    make -s -j "$JOBS" -C "$SRC/expat/expat/lib" >/dev/null 2>&1 &&
	    make -s -C "$SRC/expat/expat/lib" install >/dev/null
}

# Lua as Debian builds it (LUA_COMPAT_5_3), without the interpreters.
# shellcheck disable=SC2086
build_lua5_4() {
	(cd "$SRC/lua5.4/src" &&
	    files= &&
	    for c in *.c; do
		case $c in lua.c|luac.c) ;; *) files="$files $c" ;; esac
	    done &&
	    # Debian's luaconf.h on Unix includes the header its rules write
	    if [ -n "$MULTIARCH" ]; then
		echo "#define DEB_HOST_MULTIARCH \"$MULTIARCH\"" \
		    >lua5.4-deb-multiarch.h &&
		cp lua5.4-deb-multiarch.h "$P/include/"
	    fi &&
	    objs_lib liblua.a -Wall -DLUA_COMPAT_5_3 $LUA_OS -- $files &&
	    mkdir -p "$P/lib" &&
	    cp lua.h luaconf.h lualib.h lauxlib.h lua.hpp "$P/include/" &&
	    cp liblua.a "$P/lib/")
}

# libxlsxwriter with the minizip, tmpfileplus and md5 it carries (its
# cmake wants a C++ compiler for nothing, its Makefile a .so).
build_libxlsxwriter() {
	(cd "$SRC/libxlsxwriter" &&
	    objs_lib libxlsxwriter.a -Iinclude -I"$ZLIB/include" -- src/*.c \
	    third_party/minizip/ioapi.c third_party/minizip/zip.c \
	    third_party/tmpfileplus/tmpfileplus.c third_party/md5/md5.c &&
	    mkdir -p "$P/include" "$P/lib" &&
	    cp -R include/xlsxwriter.h include/xlsxwriter "$P/include/" &&
	    cp libxlsxwriter.a "$P/lib/")
}

# jansson's internal functions are global (utf8_encode, hashtable_set...):
# harmless in Linux's shared library, a clash with the collector's own
# utf8_encode in a static link.  They get the prefix jansson_.
build_jansson() {
	cmake_build jansson "$SRC/jansson" -DJANSSON_BUILD_DOCS=OFF \
	    -DJANSSON_EXAMPLES=OFF -DJANSSON_WITHOUT_TESTS=ON \
	    -DJANSSON_BUILD_SHARED_LIBS=OFF &&
	$NM -g --defined-only "$P/lib/libjansson.a" |
	    awk 'NF == 3 && $3 !~ /^(json_|jansson_|\.)/ {
		print $3 " jansson_" $3 }' | sort -u >"$SRC/jansson.syms" &&
	$OBJCOPY --redefine-syms="$SRC/jansson.syms" "$P/lib/libjansson.a"
}

mkdir -p "$P/stamp" "$P/include" "$SRC"
for n in $(libs); do
	if built "$n"; then
		echo "staticlibs.sh: $T: $n $(version "$n")（已构建）"
		continue
	fi
	fetch "$n"
	echo "staticlibs.sh: $T: 构建 $n $(version "$n")"
	# its compiler's warnings are not ours: in its log, shown on failure
	if ! "build_$(echo "$n" | tr . _)" >"$SRC/$n.log" 2>&1; then
		tail -n 30 "$SRC/$n.log" >&2
		echo "staticlibs.sh: $T: 构建 $n 失败；完整的输出在 $SRC/$n.log，源码在 $SRC/$n" >&2
		exit 1
	fi
	stampline "$n" >"$P/stamp/$n"
	rm -rf "${SRC:?}/$n" "$SRC/$n-build" "$SRC"/*.orig.* "$SRC/$n.log" \
	    "$SRC/jansson.syms"
done
