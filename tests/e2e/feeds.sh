#!/bin/sh
# RSS and Atom feeds that readers show as written (issue 12, property 8):
# page titles and summaries, the site's title and description with markup
# (an <img onerror> payload, <b>), entities (&amp; &lt;), quotes, "]]>"
# and Chinese (tests/e2e/feeds_check.py) are parsed with feedparser, as a
# feed reader does, in the home and section feeds; each text a reader
# shows must be exactly the text written, and no field may hold an HTML
# element.
. "$(dirname "$0")/lib/common.sh"
CHECK=$(cd "$(dirname "$0")" && pwd)/feeds_check.py
PY=/usr/bin/python3
"$PY" -c 'import feedparser' 2>/dev/null ||
    die "$PY cannot import feedparser: run sh scripts/deps.sh (python3-feedparser)"
cd "$T"

mksite s 0
rm -r s/content
"$PY" "$CHECK" site s || die "cannot write the site"
build -C s -o pub || die "build failed: $(cat "$T/stderr")"
for f in index.xml atom.xml posts/index.xml posts/atom.xml; do
	[ -f "pub/$f" ] || die "pub/$f was not written"
done
"$PY" "$CHECK" check pub/index.xml pub/atom.xml pub/posts/index.xml \
    pub/posts/atom.xml || die "feed readers show other text"
