"""
What the checks of the office's tables share (report_check.py for the
weekly tables, monthly_check.py for the monthly ones): the list of what
differs, comparisons that add to it, and reading the fixture files.
"""
import datetime
import re

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
