"""Checks a `shouhu report` workbook and HTML page against the fixtures.

Run by tests/e2e/report.sh with /usr/bin/python3 (python3-openpyxl):

    report_check.py --fixtures DIR --period 2023-W45 --deadline "4 10:00"
        --made EPOCH --xlsx r.xlsx --html r.html

What the report should say is computed here from the fixture files alone
(units.txt, bundles.txt and the CSV files it names), never from the ledger:
for each unit, period and form only the bundle with the latest creation
time counts.  The workbook is read back with openpyxl, the page with
html.parser; every number, text and merged header is compared, and every
difference is printed.  Exit status 1 if there was any.
"""

import argparse
import csv
import datetime
import html.parser
import os
import re
import sys

import openpyxl
from openpyxl.utils import get_column_letter

CST = datetime.timezone(datetime.timedelta(hours=8))
WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六",
            "星期日"]
DOMAINS = ["网络空间", "养老服务机构/场所", "养老设施用地变相开发房地产",
           "以养老名义销售商品房", "涉老旅游及艺术品", "涉老健康医疗",
           "涉老食品保健品", "涉老非法集资"]
# the CSV headers (the forms' labels) and the names used here
HAZARD = {"主管部门": "department", "领域": "domain", "排查重点": "focus",
          "排查时间": "date", "排查方式": "method", "存在风险隐患": "hazards",
          "等级": "grade", "处理情况": "handling", "整治状态": "status",
          "涉及镇街": "town", "检查单位": "subject"}
HAZARD_LISTS = {"hazards", "handling"}
STATS = {"接收公安提示函": "police", "接收检察建议书": "procuratorate",
         "接收司法建议书": "court", "接收监察建议书": "supervision",
         "收集线索(条)": "clues", "妥善处置涉稳线索(条)": "handled",
         "防范化解群体性事件(起)": "defused",
         "制订或打算制订的地方性法规(个)": "local",
         "制订或打算制订的政府规章(个)": "gov",
         "制订或打算制订的规范性文件(个)": "normative",
         "制订或打算制订的行业标准规范(个)": "standards",
         "摸排梳理的涉养老诈骗重点地区": "areas"}
TITLES = {"hazard_ledger": "风险隐患排查化解台账",
          "campaign_stats": "进展战果统计表"}

# 附件1: columns B..AB, in order; U holds the names of the key areas
SHEET1_COLS = (["domain:" + d for d in DOMAINS] +
               ["正在整治", "整治完成", "总计", "C", "B", "A",
                "police", "procuratorate", "court", "supervision",
                "areas", "area names", "clues", "handled", "defused",
                "local", "gov", "normative", "standards"])
NAMES_COL = SHEET1_COLS.index("area names")
# 附件1 headers: (cell, text, merged range or None)
SHEET1_HEAD = [
    ("A1", "附件1", None),
    ("A2", "打击整治养老诈骗专项行动进展战果统计表", "A2:AB2"),
    ("A4", "填报单位", "A4:A6"),
    ("B4", "整治情况", "B4:S4"),
    ("T4", "9、摸排梳理的涉养老诈骗重点地区", "T4:U4"),
    ("V4", "10、涉稳信息", "V4:X4"),
    ("Y4", "11、建章立制", "Y4:AB4"),
    ("B5", "1-8 各领域问题数(个)", "B5:I5"),
    ("J5", "问题数(个)", "J5:L5"),
    ("J6", "正在整治", None),
    ("K6", "整治完成", None),
    ("L6", "总计", None),
    ("M5", "存在的苗头性问题", "M5:M6"),
    ("N5", "存在明显问题但不构成犯罪的", "N5:N6"),
    ("O5", "对涉嫌犯罪移送司法机关依法打击的问题", "O5:O6"),
    ("P5", "接收公安提示函", "P5:P6"),
    ("Q5", "接收检察建议书", "Q5:Q6"),
    ("R5", "接收司法建议书", "R5:R6"),
    ("S5", "接收监察建议书", "S5:S6"),
    ("T5", "重点地区(个)", "T5:T6"),
    ("U5", "重点地区", "U5:U6"),
    ("V5", "收集线索(条)", "V5:V6"),
    ("W5", "妥善处置涉稳线索(条)", "W5:W6"),
    ("X5", "防范化解群体性事件(起)", "X5:X6"),
    ("Y5", "制订或打算制订的地方性法规(个)", "Y5:Y6"),
    ("Z5", "制订或打算制订的政府规章(个)", "Z5:Z6"),
    ("AA5", "制订或打算制订的规范性文件(个)", "AA5:AA6"),
    ("AB5", "制订或打算制订的行业标准规范(个)", "AB5:AB6"),
] + [(get_column_letter(2 + i) + "6", "%d、%s" % (i + 1, d), None)
     for i, d in enumerate(DOMAINS)]
SHEET2_HEAD = ["序号", "主管部门", "领域", "排查重点", "排查时间", "排查方式",
               "存在风险隐患", "等级", "处理情况", "整治状态",
               "涉及镇街、检查单位", "报送单位"]
SHEET3_HEAD = ["单位代码", "单位名称", "报送情况", "生成时间", "接收时间",
               "是否按时", "缺少的表"]

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


# ---- what the report should say, from the fixture files ---------------

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


def read_csv(path, labels):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        out.append({labels[k]: v.strip() for k, v in row.items()})
    return out


def hazard_rows(path):
    rows = read_csv(path, HAZARD)
    for r in rows:
        for k in HAZARD_LISTS:
            r[k] = list_lines(r[k])
    return rows


def stats_rows(path):
    rows = read_csv(path, STATS)
    for r in rows:
        for k in STATS.values():
            r[k] = list_lines(r[k]) if k == "areas" else int(r[k])
    return rows


def numbers(hazards, stats):
    """The 附件1 columns B..AB of a unit from its current rows."""
    n = dict.fromkeys(SHEET1_COLS, 0)
    for h in hazards:
        n["domain:" + h["domain"]] += 1
        n[h["status"]] += 1
        n["总计"] += 1
        n[h["grade"]] += 1
    names = []
    for s in stats:
        for k in ("police", "procuratorate", "court", "supervision", "clues",
                  "handled", "defused", "local", "gov", "normative",
                  "standards"):
            n[k] += s[k]
        for a in s["areas"]:
            if a not in names:
                names.append(a)
    n["areas"] = len(names)
    n["area names"] = "、".join(names) or None
    return [n[c] for c in SHEET1_COLS]


def expectation(fixtures, period, deadline):
    """What the report of period should say: {"units": [(code, name,
    numbers B..AB, sending)], "total": numbers, "hazards": [rows of 附件2,
    in order]}."""
    units = sorted((u[0], " ".join(u[1:]))
                   for u in lines(os.path.join(fixtures, "units.txt")))
    week = []
    for b in lines(os.path.join(fixtures, "bundles.txt")):
        if b[1] == period:
            week.append({"unit": b[0], "created": utc(b[2]),
                         "received": utc(b[3]),
                         "forms": dict(f.split("=", 1) for f in b[4:])})

    def newest(unit, form):
        """The bundle whose form counts for unit, or None."""
        mine = [b for b in week if b["unit"] == unit and form in b["forms"]]
        times = [b["created"] for b in mine]
        assert len(set(times)) == len(times), "fixture: same created time"
        return max(mine, key=lambda b: b["created"], default=None)

    def rows(b, form, read):
        return read(os.path.join(fixtures, b["forms"][form])) if b else []

    e = {"units": [], "total": [0] * len(SHEET1_COLS), "hazards": []}
    all_areas = []
    for code, name in units:
        hb = newest(code, "hazard_ledger")
        hz = rows(hb, "hazard_ledger", hazard_rows)
        st = rows(newest(code, "campaign_stats"), "campaign_stats",
                  stats_rows)
        n = numbers(hz, st)
        # fixture sanity: a superseded hazard_ledger gives other counts
        for b in week:
            if b["unit"] == code and "hazard_ledger" in b["forms"] and \
                    b is not hb:
                assert numbers(rows(b, "hazard_ledger", hazard_rows),
                               st) != n, "fixture: superseding changes nothing"
        for i, v in enumerate(n):
            if i != NAMES_COL:
                e["total"][i] += v
        # the total counts an area once, however many units name it
        for s in st:
            for a in s["areas"]:
                if a not in all_areas:
                    all_areas.append(a)
        for i, h in enumerate(hz):
            e["hazards"].append(((h["department"], h["date"], code, i),
                                 dict(h, unit=name)))

        # 报送情况: the first bundle of the week counts for the times
        mine = [b for b in week if b["unit"] == code]
        forms = set().union(*(b["forms"] for b in mine))
        sent = {"missing": "、".join(TITLES[f] for f in TITLES
                                    if f not in forms) or None}
        if mine:
            sent["created"] = min(b["created"] for b in mine)
            sent["received"] = min(b["received"] for b in mine)
            sent["late"] = sent["created"] > deadline
        e["units"].append((code, name, n, sent))
    e["hazards"].sort(key=lambda x: x[0])
    e["hazards"] = [h for _, h in e["hazards"]]
    e["total"][SHEET1_COLS.index("areas")] = len(all_areas)
    return e


def numbered(items):
    return "\n".join("%d、%s" % (i + 1, s) for i, s in enumerate(items))


def hazard_cells(i, h):
    """The 附件2 row of hazard h, number i, columns A..L."""
    return [i + 1, h["department"], h["domain"], h["focus"], h["date"],
            h["method"], numbered(h["hazards"]) or None, h["grade"],
            numbered(h["handling"]) or None, h["status"],
            "、".join(x for x in (h["town"], h["subject"]) if x) or None,
            h["unit"]]


def cst(t, weekday=False):
    t = t.astimezone(CST)
    if weekday:
        return t.strftime("%Y-%m-%d ") + WEEKDAYS[t.weekday()] + \
            t.strftime(" %H:%M")
    return t.strftime("%Y-%m-%d %H:%M")


def sent_cells(code, name, s, weekday=False):
    if "created" not in s:
        return [code, name, "未报送", None, None, "未报", s["missing"]]
    return [code, name, "已报送", cst(s["created"], weekday),
            cst(s["received"], weekday), "迟报" if s["late"] else "按时",
            s["missing"]]


# ---- the workbook --------------------------------------------------------

def cell_is(ws, ref, want):
    """Cell ref of ws holds want: a number cell for an int, a string cell
    for a str, empty for None."""
    c = ws[ref]
    what = "%s!%s" % (ws.title, ref)
    if c.data_type == "f":
        fail("%s: a formula: %r" % (what, c.value))
    elif want is None:
        if c.value is not None:
            fail("%s: got %r, expected an empty cell" % (what, c.value))
    elif isinstance(want, int):
        if c.data_type != "n" or not isinstance(c.value, (int, float)):
            fail("%s: got %r (type %s), expected the number %d" %
                 (what, c.value, c.data_type, want))
        elif c.value != want:
            fail("%s: got %r, expected %d" % (what, c.value, want))
    else:
        if c.data_type != "s":
            fail("%s: got %r (type %s), expected the text %r" %
                 (what, c.value, c.data_type, want))
        elif c.value != want:
            fail("%s: got %r, expected %r" % (what, c.value, want))


def row_is(ws, row, want, first_col=1):
    for i, v in enumerate(want):
        cell_is(ws, "%s%d" % (get_column_letter(first_col + i), row), v)


def merged(ws, rng):
    if rng not in {str(r) for r in ws.merged_cells.ranges}:
        fail("%s: %s is not merged" % (ws.title, rng))


def note_at(ws, row, start):
    """The note under a table: the first row after it and a blank one."""
    v = ws["A%d" % row].value
    if not isinstance(v, str) or not v.startswith(start):
        fail("%s!A%d: got %r, expected the note %s…" % (ws.title, row, v,
                                                      start))


def week_text(period):
    y, w = period.split("-W")
    mon = datetime.date.fromisocalendar(int(y), int(w), 1)
    return "%s（%s 至 %s）" % (period, mon,
                              mon + datetime.timedelta(days=6))


def check_xlsx(path, e, period, made, deadline, must):
    wb = openpyxl.load_workbook(path)
    same("sheets", wb.sheetnames, ["附件1", "附件2", "报送情况"])
    strings = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    fail("%s!%s: a formula: %r" % (ws.title, c.coordinate,
                                                  c.value))
                elif c.data_type == "s":
                    strings.add(c.value)
    for t in must:
        if t not in strings:
            fail("no string cell %r" % t)
    day = made.astimezone(CST)
    made_text = "%d 年 %d 月 %d 日" % (day.year, day.month, day.day)

    ws = wb["附件1"]
    for ref, text, rng in SHEET1_HEAD:
        cell_is(ws, ref, text)
        if rng:
            merged(ws, rng)
    cell_is(ws, "A3", "(填报时间：%s)　统计期间：%s" % (made_text,
                                                  week_text(period)))
    row = 7
    for code, name, n, _ in e["units"]:
        row_is(ws, row, [name] + n)
        row += 1
    row_is(ws, row, ["合计"] + e["total"][:NAMES_COL] + [None] +
           e["total"][NAMES_COL + 1:])
    cell_is(ws, "A%d" % (row + 1), None)
    note_at(ws, row + 2, "备注：")

    ws = wb["附件2"]
    cell_is(ws, "A1", "附件2")
    cell_is(ws, "A2", "全区涉养老诈骗风险隐患排查化解台账")
    merged(ws, "A2:L2")
    cell_is(ws, "A3", "统计时间：%s　统计期间：%s" % (made_text,
                                                week_text(period)))
    row_is(ws, 4, SHEET2_HEAD)
    row = 5
    hz = e["hazards"]
    i = 0
    while i < len(hz):
        j = i
        while j < len(hz) and hz[j]["department"] == hz[i]["department"]:
            j += 1
        if j - i > 1:
            merged(ws, "B%d:B%d" % (row + 0, row + j - i - 1))
        for k in range(i, j):
            cells = hazard_cells(k, hz[k])
            if k > i:
                cells[1] = None		# inside the merged department
            row_is(ws, row, cells)
            row += 1
        i = j
    if not hz:
        cell_is(ws, "A5", "本周没有报送风险隐患")
        merged(ws, "A5:L5")
        row += 1
    cell_is(ws, "A%d" % row, None)
    note_at(ws, row + 1, "说明：")

    ws = wb["报送情况"]
    cell_is(ws, "A1", "报送情况　统计期间：%s　截止时间：%s" %
            (week_text(period), cst(deadline, weekday=True)))
    merged(ws, "A1:G1")
    row_is(ws, 2, SHEET3_HEAD)
    row = 3
    for code, name, _, s in e["units"]:
        row_is(ws, row, sent_cells(code, name, s))
        row += 1
    cell_is(ws, "A%d" % row, None)


# ---- the page ------------------------------------------------------------

class Tables(html.parser.HTMLParser):
    """The page's tables: {h2 text before it: [[cell text, ...], ...]}."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables = {}
        self.h2 = None
        self.text = None
        self.rows = None

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self.h2 = ""
        elif tag == "table":
            self.rows = self.tables.setdefault(self.h2, [])
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.text = ""
        elif tag == "br" and self.text is not None:
            self.text += "\n"

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.text is not None:
            self.rows[-1].append(self.text)
            self.text = None
        elif tag == "table":
            self.rows = None

    def handle_data(self, data):
        if self.text is not None:
            self.text += data
        elif self.h2 is not None and self.rows is None:
            self.h2 += data

    def table(self, prefix):
        for h2, rows in self.tables.items():
            if h2 is not None and h2.startswith(prefix):
                return rows
        fail("html: no table under an <h2> %s…" % prefix)
        return []


def texts(row):
    return ["" if v is None else str(v) for v in row]


def check_html(path, e):
    with open(path, encoding="utf-8") as f:
        page = f.read()
    if "<script" in page.lower():
        fail("html: a <script> tag: the text was not escaped")
    p = Tables()
    p.feed(page)
    p.close()

    rows = p.table("附件1")
    same("html 附件1 header", rows[0] if rows else None,
         ["填报单位"] + ["%d、%s" % (i + 1, d) for i, d in enumerate(DOMAINS)] +
         ["正在整治", "整治完成", "总计", "存在的苗头性问题（C）",
          "存在明显问题但不构成犯罪的（B）",
          "对涉嫌犯罪移送司法机关依法打击的问题（A）", "接收公安提示函",
          "接收检察建议书", "接收司法建议书", "接收监察建议书",
          "重点地区(个)", "重点地区", "收集线索(条)", "妥善处置涉稳线索(条)",
          "防范化解群体性事件(起)", "地方性法规(个)", "政府规章(个)",
          "规范性文件(个)", "行业标准规范(个)"])
    want = [texts([name] + n) for _, name, n, _ in e["units"]]
    want.append(texts(["合计"] + e["total"][:NAMES_COL] + [None] +
                      e["total"][NAMES_COL + 1:]))
    same_rows("html 附件1", rows[1:], want)

    if e["hazards"]:
        rows = p.table("附件2")
        same("html 附件2 header", rows[0] if rows else None, SHEET2_HEAD)
        same_rows("html 附件2", rows[1:],
                  [texts(hazard_cells(i, h))
                   for i, h in enumerate(e["hazards"])])
    elif "<p>本周没有报送风险隐患。</p>" not in page:
        fail("html: no 本周没有报送风险隐患")

    rows = p.table("报送情况")
    same("html 报送情况 header", rows[0] if rows else None, SHEET3_HEAD)
    same_rows("html 报送情况", rows[1:],
              [texts(sent_cells(code, name, s, weekday=True))
               for code, name, _, s in e["units"]])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--deadline", required=True)
    ap.add_argument("--made", required=True, type=int)
    ap.add_argument("--xlsx", required=True)
    ap.add_argument("--html", required=True)
    ap.add_argument("--text", action="append", default=[],
                    help="a text that must be a string cell, exactly")
    a = ap.parse_args()

    y, w = a.period.split("-W")
    wday, hm = a.deadline.split()
    hour, minute = (int(x) for x in hm.split(":"))
    day = datetime.date.fromisocalendar(int(y), int(w), int(wday))
    deadline = datetime.datetime(day.year, day.month, day.day, hour, minute,
                                 tzinfo=CST)
    made = datetime.datetime.fromtimestamp(a.made, datetime.timezone.utc)

    e = expectation(a.fixtures, a.period, deadline)
    check_xlsx(a.xlsx, e, a.period, made, deadline, a.text)
    check_html(a.html, e)
    for m in errors:
        print("report_check %s %s: %s" % (a.period, a.deadline, m))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
