#!/bin/sh
# The libraries of the collector's Windows build (make windows), built from
# Debian's source packages with Debian's mingw-w64 as static libraries into
# build/windows/prefix.  Nothing third-party is committed: the sources are
# fetched with apt-get source (a private apt configuration in
# build/windows/apt, so /etc/apt is not touched; apt checks the signed
# index and every file's checksum, dpkg-source the .dsc's checksums).
#
#   sh scripts/windows.sh        fetch and build what is missing; a quick
#                                no-op when every library's stamp is there
#   sh scripts/windows.sh --check
#                                build nothing: exit 0 when every library
#                                is built as this script would build it,
#                                else 1 (tests/run.sh asks, to know whether
#                                it can make the .exe)
#
# Each library is built once per version and flags: its stamp,
# build/windows/prefix/stamp/NAME, holds the version and the flags it was
# built with, and a different line builds it again.  zlib is Debian's
# libz-mingw-w64-dev (scripts/deps.sh windows installs it, with the
# compiler).  GBK/GB18030 CSV is read with Windows' own code page 54936
# (collector/forms/csv.c), so no iconv is built.
set -eu
cd "$(dirname "$0")/.."

# source package   version (bookworm)     what it gives
SRCS="
libsodium         1.0.18-1+deb12u1        libsodium.a
libzip            1.7.3-1                 libzip.a
expat             2.5.0-1+deb12u2         libexpat.a
lua5.4            5.4.4-3+deb12u1         liblua.a
libxlsxwriter     1.1.4-2                 libxlsxwriter.a
jansson           2.14-2                  libjansson.a
"
HOST=x86_64-w64-mingw32
W=$PWD/build/windows
P=$W/prefix
SRC=$W/src
APT=$W/apt
# Fixed flags: the same libraries on every machine with the same compiler.
CFLAGS_LIB="-O2 -g0 -ffile-prefix-map=$W=."
JOBS=$(nproc 2>/dev/null || echo 2)

version() {
	echo "$SRCS" | awk -v p="$1" '$1 == p { print $2 }'
}

# stampline NAME: what the stamp of NAME must say
stampline() {
	echo "$1 $(version "$1") $($HOST-gcc -dumpversion) $CFLAGS_LIB"
}

built() {
	[ -f "$P/stamp/$1" ] && [ "$(cat "$P/stamp/$1")" = "$(stampline "$1")" ]
}

if [ "${1:-}" = --check ]; then
	command -v $HOST-gcc >/dev/null 2>&1 || exit 1
	for n in $(echo "$SRCS" | awk 'NF { print $1 }'); do
		built "$n" || exit 1
	done
	exit 0
fi

need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "windows.sh: 找不到 $1：请先运行 sh scripts/deps.sh windows" >&2
	exit 1
}
need $HOST-gcc
need cmake
need autoreconf
need dpkg-source
[ -f /usr/$HOST/lib/libz.a ] || {
	echo "windows.sh: 找不到 /usr/$HOST/lib/libz.a：请先运行 sh scripts/deps.sh windows" >&2
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
	    "$APT/parts" "$SRC/dl"
	if [ ! -f "$APT/sources.list" ]; then
		echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" \
		    >"$APT/sources.list"
	fi
	if [ ! -f "$SRC/dl/$1_${v#*:}.dsc" ]; then
		[ -f "$APT/updated" ] || {
			aptget update >/dev/null
			touch "$APT/updated"
		}
		echo "windows.sh: apt-get source $1=$v"
		if ! (cd "$SRC/dl" && aptget source --download-only "$1=$v" \
		    >/dev/null); then
			echo "windows.sh: 取不到 Debian 源码包 $1=$v：它可能已被新的版本替换；" \
			    "运行 apt-cache showsrc $1 查看 bookworm 现在的版本，改 scripts/windows.sh 的 SRCS 表" >&2
			rm -f "$APT/updated"
			exit 1
		fi
	fi
	rm -rf "${SRC:?}/$1"
	dpkg-source -q -x "$SRC/dl/$1_${v#*:}.dsc" "$SRC/$1" >/dev/null 2>&1 || {
		echo "windows.sh: dpkg-source -x $1_$v.dsc 失败（校验和不符？删掉 $SRC/dl 重新下载）" >&2
		exit 1
	}
}

# cmake_build NAME DIR ARGS...: configure DIR with cmake for Windows, build,
# install into the prefix
cmake_build() {
	n=$1 d=$2
	shift 2
	cmake -S "$d" -B "$SRC/$n-build" -DCMAKE_BUILD_TYPE=Release \
	    -DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER=$HOST-gcc \
	    -DCMAKE_RC_COMPILER=$HOST-windres \
	    -DCMAKE_FIND_ROOT_PATH="$P;/usr/$HOST" \
	    -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER \
	    -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY \
	    -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY \
	    -DCMAKE_C_FLAGS_RELEASE="$CFLAGS_LIB" \
	    -DCMAKE_INSTALL_PREFIX="$P" -DBUILD_SHARED_LIBS=OFF "$@" >/dev/null
	cmake --build "$SRC/$n-build" -j "$JOBS" >/dev/null
	cmake --install "$SRC/$n-build" >/dev/null
}

build_libsodium() {
	# Debian's source is the upstream git tree: no configure script yet
	(cd "$SRC/libsodium" && autoreconf -fi >/dev/null 2>&1 &&
	    ./configure -q --host=$HOST --prefix="$P" --disable-shared \
	    --enable-static --disable-ssp --with-pic=no \
	    CFLAGS="$CFLAGS_LIB" >/dev/null &&
	    make -s -j "$JOBS" >/dev/null 2>&1 && make -s install >/dev/null)
}

build_libzip() {
	cmake_build libzip "$SRC/libzip" -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF \
	    -DENABLE_ZSTD=OFF -DENABLE_GNUTLS=OFF -DENABLE_OPENSSL=OFF \
	    -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF \
	    -DENABLE_WINDOWS_CRYPTO=OFF -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF \
	    -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF \
	    -DZLIB_LIBRARY=/usr/$HOST/lib/libz.a \
	    -DZLIB_INCLUDE_DIR=/usr/$HOST/include
}

# expat with autotools, as Debian builds it (its security patches test
# XML_DTD == 1, which only the autotools configuration defines so).
build_expat() {
	(cd "$SRC/expat/expat" && autoreconf -fi >/dev/null 2>&1 &&
	    ./configure -q --host=$HOST --prefix="$P" --disable-shared \
	    --enable-static --without-xmlwf --without-examples --without-tests \
	    --without-docbook CFLAGS="$CFLAGS_LIB" >/dev/null &&
	    make -s -j "$JOBS" -C lib >/dev/null 2>&1 &&
	    make -s -C lib install >/dev/null)
}

# Lua as Debian builds it (LUA_COMPAT_5_3), without the interpreters.
build_lua5_4() {
	(cd "$SRC/lua5.4/src" && rm -f ./*.o &&
	    for c in *.c; do
		case $c in lua.c|luac.c) continue ;; esac
		# shellcheck disable=SC2086
		$HOST-gcc $CFLAGS_LIB -Wall -DLUA_COMPAT_5_3 -c "$c" || exit 1
	    done &&
	    $HOST-ar rcsD liblua.a ./*.o &&
	    mkdir -p "$P/include" "$P/lib" &&
	    cp lua.h luaconf.h lualib.h lauxlib.h lua.hpp "$P/include/" &&
	    cp liblua.a "$P/lib/")
}

# libxlsxwriter with the minizip, tmpfileplus and md5 it carries (its
# cmake wants a C++ compiler for nothing, its Makefile a .so).
build_libxlsxwriter() {
	(cd "$SRC/libxlsxwriter" && mkdir -p obj &&
	    for c in src/*.c third_party/minizip/ioapi.c \
		third_party/minizip/zip.c third_party/tmpfileplus/tmpfileplus.c \
		third_party/md5/md5.c; do
		o=obj/$(echo "$c" | tr / _).o
		# shellcheck disable=SC2086
		$HOST-gcc $CFLAGS_LIB -Iinclude -c "$c" -o "$o" || exit 1
	    done &&
	    $HOST-ar rcsD libxlsxwriter.a obj/*.o &&
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
	$HOST-nm -g --defined-only "$P/lib/libjansson.a" |
	    awk 'NF == 3 && $3 !~ /^(json_|jansson_|\.)/ {
		print $3 " jansson_" $3 }' | sort -u >"$SRC/jansson.syms" &&
	$HOST-objcopy --redefine-syms="$SRC/jansson.syms" "$P/lib/libjansson.a"
}

mkdir -p "$P/stamp"
for n in $(echo "$SRCS" | awk 'NF { print $1 }'); do
	if built "$n"; then
		echo "windows.sh: $n $(version "$n")（已构建）"
		continue
	fi
	fetch "$n"
	echo "windows.sh: 构建 $n $(version "$n")"
	# its compiler's warnings are not ours: in its log, shown on failure
	if ! "build_$(echo "$n" | tr . _)" >"$SRC/$n.log" 2>&1; then
		tail -n 30 "$SRC/$n.log" >&2
		echo "windows.sh: 构建 $n 失败；完整的输出在 $SRC/$n.log，源码在 $SRC/$n" >&2
		exit 1
	fi
	stampline "$n" >"$P/stamp/$n"
	rm -rf "${SRC:?}/$n" "$SRC/$n-build" "$SRC"/*.orig.* "$SRC/$n.log"
done
