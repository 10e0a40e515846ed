"""
What the checks of the office's tables share (report_check.py for the
weekly tables, monthly_check.py for the monthly ones): the list of what
differs, comparisons that add to it, and reading the fixture files.
"""
import datetime
import html.parser
import re
import subprocess

errors = []


def fail(msg):
    errors.append(msg)


def same(what, got, want):
    if got != want:
        fail("%s: got %r, expected %r" % (what, got, want))


def same_rows(what, got, want):
    """Table rows, compared cell by cell."""
    if len(got) != len(want):
        fail("%s: %d rows, expected %d" % (what, len(got), len(want)))
    for r, (g, w) in enumerate(zip(got, want)):
        if len(g) != len(w):
            fail("%s row %d: %d cells, expected %d: %r" %
                 (what, r + 1, len(g), len(w), g))
            continue
        for c, (gc, wc) in enumerate(zip(g, w)):
            same("%s row %d cell %d" % (what, r + 1, c + 1), gc, wc)


def utc(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)


def lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                yield line.split()


def list_lines(cell):
    """A list cell as the collector keeps it: lines trimmed, "1、" or "(2)"
    numbering removed, empty lines dropped."""
    out = []
    for line in cell.splitlines():
        line = re.sub(r"^(\d+、|\(\d+\))", "", line.strip()).strip()
        if line:
            out.append(line)
    return out


def numbered(items):
    return "\n".join("%d、%s" % (i + 1, s) for i, s in enumerate(items))


def cell_is(ws, ref, want):
    """Cell ref of ws holds want: a number cell for an int or float, a
    string cell for a str, empty for None."""
    c = ws[ref]
    what = "%s!%s" % (ws.title, ref)
    if c.data_type == "f":
        fail("%s: a formula: %r" % (what, c.value))
    elif want is None:
        if c.value is not None:
            fail("%s: got %r, expected an empty cell" % (what, c.value))
    elif isinstance(want, (int, float)):
        if c.data_type != "n" or not isinstance(c.value, (int, float)):
            fail("%s: got %r (type %s), expected the number %r" %
                 (what, c.value, c.data_type, want))
        elif abs(c.value - want) > 1e-9:
            fail("%s: got %r, expected %r" % (what, c.value, want))
    else:
        if c.data_type != "s":
            fail("%s: got %r (type %s), expected the text %r" %
                 (what, c.value, c.data_type, want))
        elif c.value != want:
            fail("%s: got %r, expected %r" % (what, c.value, want))


def print_setup(ws, title_rows):
    """ws prints as sent: A4 landscape, one page wide, its heading rows
    (title_rows[ws.title], as "$4:$7") on every page."""
    ps = ws.page_setup
    same("%s orientation" % ws.title, ps.orientation, "landscape")
    same("%s paper" % ws.title, str(ps.paperSize), "9")
    pr = ws.sheet_properties.pageSetUpPr
    same("%s fit to page" % ws.title, bool(pr and pr.fitToPage), True)
    same("%s pages wide" % ws.title, ps.fitToWidth or 1, 1)
    same("%s pages high" % ws.title, ps.fitToHeight, 0)
    same("%s repeated rows" % ws.title, ws.print_title_rows,
         title_rows.get(ws.title))


class Tables(html.parser.HTMLParser):
    """The page's tables: {h2 text before it: [[cell text, ...], ...]};
    its paragraphs; its text outside tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = {}
        self.paras = []
        self.h2 = None
        self.in_h2 = False
        self.text = None
        self.para = None
        self.rows = None
        self.all = []

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.h2 = ""
            self.in_h2 = True
        elif tag == "p":
            self.para = ""
        elif tag == "table":
            self.rows = self.tables.setdefault(self.h2, [])
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.text = ""
        elif tag == "br" and self.text is not None:
            self.text += "\n"

    def handle_endtag(self, tag):
        if tag == "h2":
            self.in_h2 = False
        elif tag in ("td", "th") and self.text is not None:
            self.rows[-1].append(self.text)
            self.text = None
        elif tag == "table":
            self.rows = None
        elif tag == "p" and self.para is not None:
            self.paras.append(self.para)
            self.para = None

    def handle_data(self, data):
        self.all.append(data)
        if self.text is not None:
            self.text += data
        elif self.para is not None:
            self.para += data
        elif self.in_h2:
            self.h2 += data

    def table(self, h2):
        """The rows of the table under the <h2> h2, or under the first
        <h2> that starts with h2."""
        if h2 in self.tables:
            return self.tables[h2]
        for k, rows in self.tables.items():
            if k is not None and k.startswith(h2):
                return rows
        fail("html: no table under the <h2> %s" % h2)
        return []


def pdf_a4(path):
    """Every page of the PDF path is A4 landscape."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1000", path],
                          capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"^Page +\d+ size: +([\d.]+) x ([\d.]+)", info, re.M)
    if not sizes:
        fail("pdf: no pages")
    for i, (w, h) in enumerate(sizes):
        if abs(float(w) - 841.89) > 1 or abs(float(h) - 595.28) > 1:
            fail("pdf page %d: %s x %s pt, expected A4 landscape "
                 "(841.89 x 595.28)" % (i + 1, w, h))


def pdf_text(path, *mode):
    """The text pdftotext reads in the PDF path, with its options mode."""
    return subprocess.run(["pdftotext"] + list(mode) + [path, "-"],
                          capture_output=True, text=True, check=True).stdout
