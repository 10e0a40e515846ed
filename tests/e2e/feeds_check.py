"""Feeds that readers show as they were written (issue 12, property 8).

Run by tests/e2e/feeds.sh with /usr/bin/python3 (python3-feedparser):

    feeds_check.py site DIR          writes the test site's site.lua and pages
    feeds_check.py check FEED...     parses each feed with feedparser

The texts are defined here once: page titles and summaries (front matter,
plain text), the site's title and description, with markup, entities,
quotes, "]]>" and Chinese.  Each feed is parsed with feedparser as a feed
reader does; what a reader shows of a field is its value when feedparser
says it is text/plain, and the text of the HTML when it says text/html
(parsed with html.parser: that HTML must hold no element at all, so no
<img> and no onerror).  Each title and summary shown must equal the text
written, exactly.  Every difference is printed; exit status 1 if there was
any.
"""

import html.parser
import json
import os
import sys

import feedparser

SITE_TITLE = '守护 <i>&amp;</i> "站"'
SITE_DESC = "描述 <script>alert(1)</script> &lt; 防骗"
# file name: (title, summary), newest first
PAGES = {
    "evil": ('"><img src=x onerror=alert(1)> <b>粗</b> &amp; &lt; '
             '"引号" \'单\' 防骗',
             '摘要："><img src=x onerror=alert(1)> <b>粗</b> &amp; &lt; '
             'a & b < c > d ]]> "引号" \'单\' 中文'),
    "quotes": ('他说"免费"领鸡蛋', "拨打 12315 举报。"),
    "amp": ("A&B 公司", "&copy; &#60; &unknown; & 1 < 2"),
}


def write_site(d):
    os.makedirs(os.path.join(d, "content", "posts"), exist_ok=True)
    with open(os.path.join(d, "scripts", "site.lua"), "w",
              encoding="utf-8") as f:
        f.write('return {\n  title = %s,\n  description = %s,\n'
                '  baseurl = "https://example.org/",\n  theme = "t",\n}\n' %
                (lua(SITE_TITLE), lua(SITE_DESC)))
    for day, (name, (title, summary)) in enumerate(PAGES.items()):
        with open(os.path.join(d, "content", "posts", name + ".md"), "w",
                  encoding="utf-8") as f:
            # JSON strings are YAML double-quoted scalars
            f.write("---\ntitle: %s\nsummary: %s\ndate: 2023-05-%02d\n---\n"
                    "正文。\n" % (json.dumps(title, ensure_ascii=False),
                                 json.dumps(summary, ensure_ascii=False),
                                 20 - day))


def lua(s):
    return '"' + "".join(c if ord(c) >= 0x80 or c.isalnum() else
                         "\\%03d" % ord(c) for c in s) + '"'


class Text(html.parser.HTMLParser):
    """The text of HTML; any element, comment or declaration is noted."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.markup = []

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        self.markup.append("<%s %r>" % (tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.markup.append("<%s %r/>" % (tag, attrs))

    def handle_endtag(self, tag):
        self.markup.append("</%s>" % tag)

    def handle_comment(self, data):
        self.markup.append("<!--%s-->" % data)

    def handle_decl(self, decl):
        self.markup.append("<!%s>" % decl)


problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def shown(where, detail, atom):
    """What a reader shows of a feedparser field (a FeedParserDict with
    value and type)."""
    if atom and detail.type != "text/plain":
        problem("%s: type %s, want text/plain" % (where, detail.type))
    if detail.type == "text/plain":
        return detail.value
    if detail.type != "text/html":
        problem("%s: unexpected type %s" % (where, detail.type))
        return detail.value
    p = Text()
    p.feed(detail.value)
    p.close()
    if p.markup:
        problem("%s: a reader renders markup %s of %r" %
                (where, " ".join(p.markup), detail.value))
    return "".join(p.text)


def same(where, got, want):
    if got != want:
        problem("%s: a reader shows %r, want %r" % (where, got, want))


def check(path):
    atom = path.endswith("atom.xml")
    d = feedparser.parse(path)
    if d.bozo:
        problem("%s: not well-formed: %s" % (path, d.bozo_exception))
        return
    # a section's feed is called "section - site"
    want = ("posts - " if "/posts/" in path else "") + SITE_TITLE
    same(path + " feed title", shown(path + " feed title",
                                     d.feed.title_detail, atom), want)
    if not atom:
        same(path + " description", shown(path + " description",
                                          d.feed.subtitle_detail, atom),
             SITE_DESC)
    if len(d.entries) != len(PAGES):
        problem("%s: %d entries, want %d" % (path, len(d.entries),
                                              len(PAGES)))
    for e, (name, (title, summary)) in zip(d.entries, PAGES.items()):
        where = "%s entry %s" % (path, name)
        same(where + " title", shown(where + " title", e.title_detail, atom),
             title)
        same(where + " summary", shown(where + " summary",
                                       e.summary_detail, atom), summary)


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "site":
        write_site(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "check":
        for path in sys.argv[2:]:
            check(path)
    else:
        sys.exit("usage: feeds_check.py site DIR | check FEED...")
    sys.exit(1 if problems else 0)


main()
