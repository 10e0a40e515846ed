#!/bin/sh
# Install the Debian packages Shouhu needs to build, test and run its demo.
# A quick no-op when everything is already present.
# Usage: scripts/deps.sh [bench]   (bench: also what `make bench` needs)
set -eu

PKGS="build-essential pkg-config clang
libcmark-gfm-dev libcmark-gfm-extensions-dev liblua5.4-dev libyaml-dev
libsqlite3-dev libzip-dev libjansson-dev libsodium-dev libxlsxwriter-dev
libexpat1-dev libqrencode-dev libmicrohttpd-dev libcmocka-dev
python3 python3-openpyxl unzip sqlite3 zbar-tools"
[ "${1:-}" = bench ] && PKGS="$PKGS hugo time"

missing=""
for p in $PKGS; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

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
