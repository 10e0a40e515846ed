"""Hostile open data: the cells, and the checks of what readers make of them.

Run by tests/e2e/open_data.sh with /usr/bin/python3 (python3-openpyxl):

    open_data_check.py lua FILE          writes the Lua module of the cells
    open_data_check.py csv FILE.csv      reads the site's CSV with csv
    open_data_check.py xlsx FILE.xlsx    reads LibreOffice's import of it

The cells are defined here once.  The build hook of the test site writes
them with shouhu.csv{}; the CSV module and LibreOffice must then each see
exactly one cell per cell, with the same text, a ' in front where the
formula guard put one (a cell starting = + - @ tab or CR that is not a
plain decimal number), and LibreOffice no formula at all; LibreOffice
keeps a line break in a cell as LF, whether it was CRLF, CR or LF, and
plain decimal numbers as numbers.  Every difference is printed; exit
status 1 if there was any.
"""

import csv
import re
import sys

# ("n", x): a Lua number, written as Lua writes it; anything else: a string;
# None: nil, an empty cell
HEADER = ["镇街", "说明", "数量", "备注"]
ROWS = [
    ["-x\n=cmd|' /C calc'!A0", "+1,伪造镇,999", ("n", -5), "=1+1"],
    ["@SUM(1+1)*cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/","点我")',
     ("n", 3.5), "\t=1+1"],
    ["\r=1+1", 'say "hi", ok', "-12", "-1+2"],
    ["多行\r\n第二行\n=2+2", "a,b,c", ("n", 0), "+1"],
    ['=cmd|"/C calc"!A0', " =2+2", ("n", 12), "\n=3+3"],
    ["中文，全角＝1+1", "", None, "'=已有引号"],
    ["-", "@", ("n", -0.5), '"=1+1"'],
    ["新兖镇", "正常的一行", "7", "-3.25"],
]
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def lua_number(x):
    """The text Lua's tostring gives a number (%.14g, floats with .0)."""
    if isinstance(x, int):
        return str(x)
    s = "%.14g" % x
    return s if re.search(r"[.eninf]", s) else s + ".0"


def text(cell):
    """The text of a cell, as shouhu.csv gets it."""
    if cell is None:
        return ""
    if isinstance(cell, tuple):
        return lua_number(cell[1])
    return cell


def guarded(s):
    """The text a spreadsheet should show: the formula guard applied."""
    if s and s[0] in "=+-@\t\r" and not NUMBER.fullmatch(s):
        return "'" + s
    return s


def lua_string(s):
    """s as a Lua string literal: every ASCII byte but letters and digits
    escaped, UTF-8 as it is."""
    out = []
    for c in s:
        out.append(c if ord(c) >= 0x80 or c.isalnum() else "\\%03d" % ord(c))
    return '"' + "".join(out) + '"'


def lua_cell(cell):
    if cell is None:
        return "nil"
    if isinstance(cell, tuple):
        return repr(cell[1])
    return lua_string(cell)


def write_lua(path):
    rows = ",\n".join("  { " + ", ".join(lua_cell(c) for c in row) + " }"
                      for row in ROWS)
    with open(path, "w", encoding="utf-8") as f:
        f.write("-- written by tests/e2e/open_data_check.py\n"
                "return {\n header = { %s },\n rows = {\n%s\n }\n}\n" %
                (", ".join(lua_string(h) for h in HEADER), rows))


def want_rows():
    return [[guarded(text(c)) for c in row] for row in [HEADER] + ROWS]


problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg, file=sys.stderr)


def check_csv(path):
    with open(path, "rb") as f:
        raw = f.read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        problem("%s: no UTF-8 byte order mark" % path)
    if not raw.endswith(b"\r\n"):
        problem("%s: the last record does not end in CRLF" % path)
    with open(path, newline="", encoding="utf-8-sig") as f:
        got = list(csv.reader(f))
    want = want_rows()
    if len(got) != len(want):
        problem("csv: %d records, want %d: %r" % (len(got), len(want), got))
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            problem("csv record %d: got %r, want %r" % (i + 1, g, w))


def check_xlsx(path):
    import openpyxl

    ws = openpyxl.load_workbook(path).active
    want = want_rows()
    if ws.max_row != len(want) or ws.max_column != len(HEADER):
        problem("LibreOffice: %d rows of %d cells, want %d of %d" %
                (ws.max_row, ws.max_column, len(want), len(HEADER)))
    for r, row in enumerate(ws.iter_rows(), start=1):
        for c, cell in enumerate(row, start=1):
            where = "LibreOffice %s" % cell.coordinate
            if cell.data_type == "f" or (isinstance(cell.value, str) and
                                         cell.value.startswith("=")):
                problem("%s is a formula: %r" % (where, cell.value))
                continue
            if r > len(want) or c > len(HEADER):
                problem("%s: an extra cell %r" % (where, cell.value))
                continue
            # a line break in a cell is LF in a spreadsheet, whether
            # CRLF, CR or LF in the file
            w = re.sub(r"\r\n?", "\n", want[r - 1][c - 1])
            if NUMBER.fullmatch(w):
                if cell.value != float(w):
                    problem("%s: got %r, want the number %s" %
                            (where, cell.value, w))
            elif (cell.value or "") != w:
                problem("%s: got %r, want %r" % (where, cell.value, w))


def main():
    what, path = sys.argv[1], sys.argv[2]
    if what == "lua":
        write_lua(path)
    elif what == "csv":
        check_csv(path)
    elif what == "xlsx":
        check_xlsx(path)
    else:
        sys.exit("usage: open_data_check.py lua|csv|xlsx FILE")
    sys.exit(1 if problems else 0)


main()
