#!/bin/sh
# The Debian packages Shouhu needs to build, test and run its demo, and the
# npm packages of the browser test (tests/browser/package-lock.json) and of
# make bench (bench/pagefind/package-lock.json).
#
#   sh scripts/deps.sh [bench|windows|linux-static|linux-static-arm64]
#                                    install what is missing (apt-get, as root
#                                    or with sudo); a quick no-op when
#                                    everything is there.  bench: also what
#                                    `make bench` needs (hugo, time, Pagefind);
#                                    windows: also what `make windows` needs
#                                    (mingw-w64, Debian's zlib for it, the
#                                    tools that build the other libraries
#                                    from their source packages) and wine,
#                                    which runs the .exe in make test;
#                                    linux-static: also what `make
#                                    linux-static` needs (musl and the
#                                    same library-building tools);
#                                    linux-static-arm64: the same for
#                                    aarch64 (Debian's cross gcc, musl-dev
#                                    of the arm64 architecture, which it
#                                    adds to dpkg, and qemu-user-static,
#                                    which runs the program in make test)
#   sh scripts/deps.sh --check MODULE...
#                                    install nothing: exit 1, naming each
#                                    missing pkg-config MODULE and the
#                                    Debian package that has it, unless all
#                                    are there (the Makefile runs this
#                                    before it compiles)
#
# The table below is the one list of the libraries: each pkg-config module
# the Makefile asks for and the Debian package that provides it.  A module
# the Makefile names that is not here is an error of --check, so the two
# cannot drift apart.
set -eu
cd "$(dirname "$0")/.."

# module                package               header that must also be there
LIBS="
libcmark-gfm            libcmark-gfm-dev            cmark-gfm.h
cmark-gfm-extensions    libcmark-gfm-extensions-dev cmark-gfm-core-extensions.h
lua5.4                  liblua5.4-dev               lauxlib.h
yaml-0.1                libyaml-dev                 yaml.h
sqlite3                 libsqlite3-dev              sqlite3.h
libzip                  libzip-dev                  zip.h
jansson                 libjansson-dev              jansson.h
libsodium               libsodium-dev               sodium.h
xlsxwriter              libxlsxwriter-dev           xlsxwriter.h
expat                   libexpat1-dev               expat.h
libqrencode             libqrencode-dev             qrencode.h
libmicrohttpd           libmicrohttpd-dev           microhttpd.h
cmocka                  libcmocka-dev               cmocka.h
"
# Tools: compilers, the test and demo programs.
TOOLS="build-essential pkg-config clang
python3 python3-openpyxl python3-feedparser libreoffice-calc-nogui unzip sqlite3
zbar-tools librsvg2-bin chromium groff-base poppler-utils fonts-noto-cjk curl
desktop-file-utils"

# make windows (scripts/staticlibs.sh windows) and its test under wine.
WINDOWS="gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 libz-mingw-w64-dev
dpkg-dev cmake autoconf automake libtool wine wine64"
# make linux-static (scripts/staticlibs.sh linux-static): musl-gcc.
LINUX_STATIC="musl-tools musl-dev dpkg-dev cmake autoconf automake libtool"
# make linux-static-arm64: aarch64-linux-musl-gcc (musl-dev:arm64 is
# Multi-Arch: same; its wrapper runs aarch64-linux-gnu-gcc) and qemu.
LINUX_STATIC_ARM64="gcc-aarch64-linux-gnu musl-dev:arm64 qemu-user-static
dpkg-dev cmake autoconf automake libtool"

# pkgname MODULE: the Debian package of MODULE, or nothing
pkgname() {
	echo "$LIBS" | awk -v m="$1" '$1 == m { print $2 }'
}

# header MODULE: the header MODULE must provide
header() {
	echo "$LIBS" | awk -v m="$1" '$1 == m { print $3 }'
}

# has MODULE: whether MODULE is usable: pkg-config knows it (modules without
# a .pc file, such as cmark-gfm-extensions, are known by their header) and
# the compiler finds its header with the flags pkg-config gives.
has() {
	h=$(header "$1")
	flags=
	if [ "$1" = cmark-gfm-extensions ]; then
		flags=$(pkg-config --cflags libcmark-gfm 2>/dev/null) || return 1
	else
		pkg-config --exists "$1" 2>/dev/null || return 1
		flags=$(pkg-config --cflags "$1" 2>/dev/null) || return 1
	fi
	# shellcheck disable=SC2086
	printf '#include <%s>\n' "$h" |
	    ${CC:-cc} $flags -E -o /dev/null - >/dev/null 2>&1
}

if [ "${1:-}" = --check ]; then
	shift
	if ! command -v pkg-config >/dev/null 2>&1; then
		echo "缺少 pkg-config（Debian 软件包 pkg-config），无法查找编译所需的库。" >&2
		echo "请先运行：sh scripts/deps.sh（make demo 和 make test 会自动运行它）" >&2
		exit 1
	fi
	cc1=${CC:-cc}; if ! command -v "${cc1%% *}" >/dev/null 2>&1; then
		echo "找不到 C 编译器 ${CC:-cc}（Debian 软件包 build-essential，或 clang）。" >&2
		echo "请先运行：sh scripts/deps.sh（make demo 和 make test 会自动运行它）" >&2
		exit 1
	fi
	# the quick way first: every module and every header at once
	hdrs=
	mods=
	for m in "$@"; do
		hdrs="$hdrs#include <$(header "$m")>\n"
		[ "$m" = cmark-gfm-extensions ] || mods="$mods $m"
	done
	# shellcheck disable=SC2086
	if [ -n "$hdrs" ] && pkg-config --exists $mods 2>/dev/null &&
	    printf "$hdrs" | ${CC:-cc} $(pkg-config --cflags $mods) -E \
	    -o /dev/null - >/dev/null 2>&1; then
		exit 0
	fi
	missing=
	for m in "$@"; do
		p=$(pkgname "$m")
		if [ -z "$p" ]; then
			echo "scripts/deps.sh: 模块 $m 不在 scripts/deps.sh 的库表里；请把它和对应的 Debian 软件包加进表里" >&2
			exit 2
		fi
		has "$m" || missing="$missing $m:$p"
	done
	[ -z "$missing" ] && exit 0
	echo "缺少编译所需的库（pkg-config 模块，以及提供它的 Debian 软件包）：" >&2
	for x in $missing; do
		printf '  %-22s %s\n' "${x%%:*}" "${x#*:}" >&2
	done
	echo "请先运行：sh scripts/deps.sh（make demo 和 make test 会自动运行它）" >&2
	exit 1
fi

PKGS="$TOOLS $(echo "$LIBS" | awk 'NF { print $2 }')"
# Node and npm for the browser test: Debian's, unless a node and an npm are
# already there (NodeSource's nodejs, say, which has npm inside and conflicts
# with Debian's npm package).
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
[ "${1:-}" = bench ] && PKGS="$PKGS hugo time"
[ "${1:-}" = windows ] && PKGS="$PKGS $WINDOWS"
[ "${1:-}" = linux-static ] && PKGS="$PKGS $LINUX_STATIC"
[ "${1:-}" = linux-static-arm64 ] && PKGS="$PKGS $LINUX_STATIC_ARM64"

missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -n "$missing" ]; then
	echo "deps.sh: 正在安装：$missing"
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			SUDO=sudo
		else
			echo "deps.sh: 缺少这些软件包，而当前用户不是 root：$missing" >&2
			echo "deps.sh: 请用 root 运行：apt-get install$missing" >&2
			exit 1
		fi
	fi
	export DEBIAN_FRONTEND=noninteractive
	# musl-dev:arm64 is a package of dpkg's foreign architecture arm64
	case "$missing" in
	*:arm64*)
		dpkg --print-foreign-architectures | grep -qx arm64 ||
		    $SUDO dpkg --add-architecture arm64
		;;
	esac
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# npm_ci DIR: DIR's npm packages, exactly as its lock file has them: again
# when the lock file is newer than the last install (npm keeps a copy of it
# in node_modules/.package-lock.json).
npm_ci() {
	if [ ! -f "$1/node_modules/.package-lock.json" ] ||
	    [ -n "$(find "$1/package-lock.json" \
	    -newer "$1/node_modules/.package-lock.json")" ]; then
		echo "deps.sh: npm ci in $1"
		npm ci --prefix "$1" --no-audit --no-fund --loglevel=error >/dev/null
	fi
}
# The browser test's; bench: also Pagefind (its binary comes in the
# platform's package, e.g. @pagefind/linux-x64, pinned in the lock file).
npm_ci tests/browser
if [ "${1:-}" = bench ]; then
	npm_ci bench/pagefind
fi
