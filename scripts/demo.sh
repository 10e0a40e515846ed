#!/bin/sh
# make demo: build the demo site of this repository into public/.
set -eu
cd "$(dirname "$0")/.."
bin/shouhu build -o public
echo
echo "打开 $(pwd)/public/index.html 查看网站"
echo "(open $(pwd)/public/index.html in a browser)"
