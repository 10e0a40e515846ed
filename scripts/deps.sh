#!/bin/sh
# Install the Debian packages Shouhu needs to build, test and run its demo,
# and the npm packages of the browser test (tests/browser/package-lock.json).
# A quick no-op when everything is already present.
# Usage: scripts/deps.sh [bench]   (bench: also what `make bench` needs)
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential pkg-config clang
libcmark-gfm-dev libcmark-gfm-extensions-dev liblua5.4-dev libyaml-dev
libsqlite3-dev libzip-dev libjansson-dev libsodium-dev libxlsxwriter-dev
libexpat1-dev libqrencode-dev libmicrohttpd-dev libcmocka-dev
python3 python3-openpyxl unzip sqlite3 zbar-tools chromium"
# Node and npm for the browser test: Debian's, unless a node and an npm are
# already there (NodeSource's nodejs, say, which has npm inside and conflicts
# with Debian's npm package).
command -v node >/dev/null 2>&1 || PKGS="$PKGS nodejs"
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
[ "${1:-}" = bench ] && PKGS="$PKGS hugo time"

missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -n "$missing" ]; then
	echo "deps.sh: installing:$missing"
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then
			SUDO=sudo
		else
			echo "deps.sh: these packages are missing and I am not root:$missing" >&2
			echo "deps.sh: install them with: apt-get install$missing" >&2
			exit 1
		fi
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The browser test's npm packages, exactly as the lock file has them: again
# when the lock file is newer than the last install (npm keeps a copy of it
# in node_modules/.package-lock.json).
B=tests/browser
if [ ! -f "$B/node_modules/.package-lock.json" ] ||
    [ -n "$(find "$B/package-lock.json" \
    -newer "$B/node_modules/.package-lock.json")" ]; then
	echo "deps.sh: npm ci in $B"
	npm ci --prefix "$B" --no-audit --no-fund --loglevel=error >/dev/null
fi
