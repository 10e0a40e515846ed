"""Checks a `shouhu report` workbook and HTML page against the fixtures.

Run by tests/e2e/report.sh with /usr/bin/python3 (python3-openpyxl):

    report_check.py --fixtures DIR --period 2023-W45 --deadline "4 10:00"
        --made EPOCH --xlsx r.xlsx --html r.html [--pdf r.pdf]

What the report should say is computed here from the fixture files alone
(units.txt, bundles.txt and the CSV files it names), never from the ledger:
for each unit, period and form only the bundle with the latest creation
time counts.  The workbook is read back with openpyxl, the page with
html.parser; every number, text and merged header and each sheet's print
setup is compared; the PDF LibreOffice prints the workbook as (--pdf) is
read back with pdftotext: A4 landscape, every line of a multi-line cell
on the page.  Every difference is printed.  Exit status 1 if there was any.
"""

import argparse
import csv
import datetime
import os
import re
import sys

import openpyxl
from openpyxl.utils import get_column_letter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tables_check import (errors, fail, same, same_rows, utc, lines,  # noqa: E402
                          list_lines, numbered, cell_is, print_setup, Tables,
                          pdf_a4, pdf_text)

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
         "摸排梳理的涉养老诈骗重点地区": "areas",
         "重点地区正在整治(个)": "areas doing",
         "重点地区整治完成(个)": "areas done"}
TITLES = {"hazard_ledger": "风险隐患排查化解台账",
          "campaign_stats": "进展战果统计表"}

# The issued texts of seed 000 (附件1, 附件2), written out here again
DOMAINS_LINE = (
    "1、网络空间领域涉养老诈骗问题(由区委宣传部研判报送); "
    "2、提供养老服务活动、场所等涉养老诈骗问题(由区民政局研判报送); "
    "3、以养老服务设施用地为名变相开发房地产等问题(由区自然资源局会同区综合"
    "行政执法局研判报送); "
    "4、以养老名义销售商品房等虚假宣传(由区住建局会同区综合行政执法局研判"
    "报送); "
    "5、涉老旅游及艺术品经营(由区文化旅游局研判报送); "
    "6、涉老健康医疗等涉养老诈骗问题(由区卫健局研判报送); "
    "7、涉老“食品”“保健品”等诈骗问题(由区市场监管局研判报送); "
    "8、涉老非法集资(由区地方金融监管局会同兖州银保监管组研判报送)。")
NOTE1 = ("备注: 1-8 项由相关成员单位按照各自职责分别填报, 9、10 项由区委政法委"
         "负责填报, 11 项由各镇街、各成员单位负责填报")
NOTE2 = ("说明：1、此表由行业主管部门负责汇总填报；2、“排查重点”根据专项行动"
         "工作方案梳理填写，内容可根据实际情况增加；3、“排查方式”分为自行摸排、"
         "镇街上报；4、“存在风险隐患”要简明扼要写清具体问题；5、“等级”分为 A、"
         "B、C 三个等级，其中，A 级代表涉嫌犯罪需移交司法机关的，B 级代表存在"
         "明显问题但尚不构成犯罪需责令其立即整改的，C 级代表存在苗头性问题需进行"
         "风险提示提醒的。")

# 附件1: columns B..U, as issued
SHEET1_COLS = ["正在整治", "整治完成", "总计", "C", "B", "A",
               "police", "procuratorate", "court", "supervision",
               "areas doing", "areas done", "areas sum", "clues", "handled",
               "defused",
               "local", "gov", "normative", "standards"]
SHEET1_LOW = ["正在整治", "整治完成", "总计", "存在的苗头性问题",
              "存在明显问题但不构成犯罪的",
              "对涉嫌犯罪移送司法机关依法打击的问题", "接收公安提示函",
              "接收检察建议书", "接收司法建议书", "接收监察建议书",
              "正在整治", "整治完成", "总计", "收集线索(条)",
              "妥善处置涉稳线索(条)", "防范化解群体性事件(起)",
              "制订或打算制订的地方性法规(个)",
              "制订或打算制订的政府规章(个)",
              "制订或打算制订的规范性文件(个)",
              "制订或打算制订的行业标准规范(个)"]
# 附件1 headers: (cell, text, merged range or None)
SHEET1_HEAD = [
    ("A1", "附件1", None),
    ("A2", "打击整治养老诈骗专项行动进展战果统计表", "A2:U2"),
    ("A4", "填报单位", "A4:A7"),
    ("B4", "整治情况", "B4:U4"),
    ("B5", DOMAINS_LINE, "B5:K5"),
    ("L5", "9、摸排梳理的涉养老诈骗重点地区(县市区)", "L5:N5"),
    ("O5", "10、涉稳信息", "O5:Q5"),
    ("R5", "11、建章立制", "R5:U5"),
    ("B6", "问题数(个)", "B6:D6"),
    ("B7", "正在整治", None),
    ("C7", "整治完成", None),
    ("D7", "总计", None),
] + [(get_column_letter(2 + i) + "6", t,
      "%s6:%s7" % (get_column_letter(2 + i), get_column_letter(2 + i)))
     for i, t in enumerate(SHEET1_LOW) if i >= 3]
SHEET2_HEAD = ["主管部门", "排查重点", "排查时间", "排查方式", "存在风险隐患",
               "等级", "处理情况", "涉及镇街、检查单位"]
EXTRA1_HEAD = (["填报单位"] + ["%d、%s" % (i + 1, d)
                             for i, d in enumerate(DOMAINS)] +
               ["重点地区(个)", "重点地区"])
EXTRA2_HEAD = ["序号", "主管部门", "排查重点", "领域", "整治状态", "报送单位"]
SHEETS = ["附件1", "附件2", "报送情况", "附件1补充", "附件2补充"]
# the heading rows each sheet repeats on every printed page
TITLE_ROWS = {"附件1": "$4:$7", "附件2": "$4:$4", "报送情况": "$2:$2",
              "附件1补充": "$2:$2", "附件2补充": "$2:$2"}
SHEET3_HEAD = ["单位代码", "单位名称", "报送情况", "生成时间", "接收时间",
               "是否按时", "缺少的表"]

# ---- what the report should say, from the fixture files ---------------

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
            if k == "areas":
                r[k] = list_lines(r[k])
            else:
                # the key area counts (form version 2) may be left out
                r[k] = int(r.get(k) or 0)
    return rows


def numbers(hazards, stats):
    """{"sheet1": 附件1 columns B..U, "extra": 附件1补充 columns B..K} of a
    unit from its current rows."""
    n = dict.fromkeys(SHEET1_COLS, 0)
    dom = dict.fromkeys(DOMAINS, 0)
    for h in hazards:
        dom[h["domain"]] += 1
        n[h["status"]] += 1
        n["总计"] += 1
        n[h["grade"]] += 1
    names = []
    for s in stats:
        for k in ("police", "procuratorate", "court", "supervision", "clues",
                  "handled", "defused", "local", "gov", "normative",
                  "standards", "areas doing", "areas done"):
            n[k] += s[k]
        n["areas sum"] += s["areas doing"] + s["areas done"]
        for a in s["areas"]:
            if a not in names:
                names.append(a)
    n["areas"] = len(names)
    return {"sheet1": [n[c] for c in SHEET1_COLS],
            "extra": [dom[d] for d in DOMAINS] + [len(names),
                                                   "、".join(names) or None]}


def add(total, n):
    """Adds the numbers of n to total (None, text: left as they are)."""
    return [t + v if isinstance(v, int) and not isinstance(t, str) and
            t is not None else t for t, v in zip(total, n)]


def expectation(fixtures, period, deadline):
    """What the report of period should say: {"units": [(code, name,
    numbers B..AB, sending)], "total": numbers, "hazards": [rows of 附件2,
    in order]}."""
    # registry order: as registered, the order of units.txt
    units = [(u[0], " ".join(u[1:]))
             for u in lines(os.path.join(fixtures, "units.txt"))]
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

    e = {"units": [], "hazards": [],
         "total": [0] * len(SHEET1_COLS),
         "extra_total": [0] * (len(DOMAINS) + 1) + [None]}
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
        e["total"] = add(e["total"], n["sheet1"])
        e["extra_total"] = add(e["extra_total"], n["extra"])
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
    e["extra_total"][len(DOMAINS)] = len(all_areas)
    return e


def hazard_cells(h):
    """The 附件2 row of hazard h, columns A..H."""
    return [h["department"], h["focus"], h["date"], h["method"],
            numbered(h["hazards"]) or None, h["grade"],
            numbered(h["handling"]) or None,
            "、".join(x for x in (h["town"], h["subject"]) if x) or None]


def extra_cells(i, h):
    """The 附件2补充 row of hazard h, row i of 附件2."""
    return [i + 1, h["department"], h["focus"], h["domain"], h["status"],
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
    sun = mon + datetime.timedelta(days=6)
    return "%d年第%d周（%d月%d日—%d月%d日）" % (int(y), int(w), mon.month,
                                           mon.day, sun.month, sun.day)


def check_xlsx(path, e, period, made, deadline, must):
    wb = openpyxl.load_workbook(path)
    same("sheets", wb.sheetnames, SHEETS)
    strings = set()
    for ws in wb.worksheets:
        print_setup(ws, TITLE_ROWS)
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    fail("%s!%s: a formula: %r" % (ws.title, c.coordinate,
                                                  c.value))
                elif c.data_type == "s":
                    strings.add(c.value)
                    if "Shouhu" in c.value:
                        fail("%s!%s: names the software: %r" %
                             (ws.title, c.coordinate, c.value))
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
    same("附件1 merged ranges", len(ws.merged_cells.ranges),
         len([x for x in SHEET1_HEAD if x[2]]) + 2 +
         sum(1 for u in e["units"] if "created" not in u[3]))
    cell_is(ws, "A3", "(填报时间: %s)　统计期间：%s" % (made_text,
                                                   week_text(period)))
    merged(ws, "A3:U3")
    row = 8
    for code, name, n, s in e["units"]:
        if "created" in s:
            row_is(ws, row, [name] + n["sheet1"])
        else:
            # a unit that sent nothing: 未报 across its row, not zeros
            row_is(ws, row, [name, "未报"] + [None] * 19)
            merged(ws, "B%d:U%d" % (row, row))
        row += 1
    row_is(ws, row, ["合计"] + e["total"])
    cell_is(ws, "A%d" % (row + 1), NOTE1)
    merged(ws, "A%d:U%d" % (row + 1, row + 1))
    same("附件1 rows", ws.max_row, row + 1)
    same("附件1 columns", ws.max_column, 21)

    ws = wb["附件2"]
    cell_is(ws, "A1", "附件2")
    cell_is(ws, "A2", "全区涉养老诈骗风险隐患排查化解台账")
    merged(ws, "A2:H2")
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
            merged(ws, "A%d:A%d" % (row + 0, row + j - i - 1))
        for k in range(i, j):
            cells = hazard_cells(hz[k])
            if k > i:
                cells[0] = None		# inside the merged department
            row_is(ws, row, cells)
            row += 1
        i = j
    if not hz:
        cell_is(ws, "A5", "本周没有报送风险隐患")
        merged(ws, "A5:H5")
        row += 1
    cell_is(ws, "A%d" % row, None)
    cell_is(ws, "A%d" % (row + 1), NOTE2)
    same("附件2 columns", ws.max_column, 8)

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

    ws = wb["附件1补充"]
    merged(ws, "A1:K1")
    row_is(ws, 2, EXTRA1_HEAD)
    row = 3
    for code, name, n, s in e["units"]:
        if "created" in s:
            row_is(ws, row, [name] + n["extra"])
        else:
            row_is(ws, row, [name, "未报"] + [None] * 9)
            merged(ws, "B%d:K%d" % (row, row))
        row += 1
    row_is(ws, row, ["合计"] + e["extra_total"])
    same("附件1补充 rows", ws.max_row, row)

    ws = wb["附件2补充"]
    merged(ws, "A1:F1")
    row_is(ws, 2, EXTRA2_HEAD)
    for i, h in enumerate(hz):
        row_is(ws, 3 + i, extra_cells(i, h))
    if not hz:
        cell_is(ws, "A3", "本周没有报送风险隐患")
    same("附件2补充 rows", ws.max_row, 2 + max(len(hz), 1))


# ---- the page ------------------------------------------------------------

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

    rows = p.table("附件1　")
    same("html 附件1 header", rows[:4],
         [["填报单位", "整治情况"],
          [DOMAINS_LINE, "9、摸排梳理的涉养老诈骗重点地区(县市区)",
           "10、涉稳信息", "11、建章立制"],
          ["问题数(个)"] + SHEET1_LOW[3:], SHEET1_LOW[:3]])
    want = [texts([name] + n["sheet1"]) if "created" in s else
            [name, "未报"] for _, name, n, s in e["units"]]
    want.append(texts(["合计"] + e["total"]))
    same_rows("html 附件1", rows[4:], want)
    if "<p>%s</p>" % NOTE1 not in page:
        fail("html: no 备注 under 附件1")

    rows = p.table("附件1补充")
    same("html 附件1补充 header", rows[0] if rows else None, EXTRA1_HEAD)
    want = [texts([name] + n["extra"]) if "created" in s else
            [name, "未报"] for _, name, n, s in e["units"]]
    want.append(texts(["合计"] + e["extra_total"]))
    same_rows("html 附件1补充", rows[1:], want)

    if e["hazards"]:
        rows = p.table("附件2　")
        same("html 附件2 header", rows[0] if rows else None, SHEET2_HEAD)
        same_rows("html 附件2", rows[1:],
                  [texts(hazard_cells(h)) for h in e["hazards"]])
        if "<p>%s</p>" % NOTE2 not in page:
            fail("html: no 说明 under 附件2")
        rows = p.table("附件2补充")
        same("html 附件2补充 header", rows[0] if rows else None,
             EXTRA2_HEAD)
        same_rows("html 附件2补充", rows[1:],
                  [texts(extra_cells(i, h))
                   for i, h in enumerate(e["hazards"])])
    elif "<p>本周没有报送风险隐患。</p>" not in page:
        fail("html: no 本周没有报送风险隐患")

    rows = p.table("报送情况")
    same("html 报送情况 header", rows[0] if rows else None, SHEET3_HEAD)
    same_rows("html 报送情况", rows[1:],
              [texts(sent_cells(code, name, s, weekday=True))
               for code, name, _, s in e["units"]])


# ---- the workbook printed by LibreOffice -------------------------------

def check_pdf(path, e):
    """The PDF LibreOffice printed the workbook as: every page A4 landscape;
    every line of every multi-line cell of 附件2 on a page (LibreOffice
    leaves out what a row too low cuts off); the 1–8 line, 备注 and 说明
    whole; 附件1 one page wide (its last column on its first page)."""
    pdf_a4(path)
    layout = pdf_text(path, "-layout")
    # a cell's lines follow each other in the content, wrapped or not
    flat = re.sub(r"\s+", "", pdf_text(path, "-raw"))
    shown = [ln.strip() for ln in layout.splitlines()]
    for h in e["hazards"]:
        for k in ("hazards", "handling"):
            for i, line in enumerate(h[k]):
                want = "%d、%s" % (i + 1, line)
                if not any(want in ln for ln in shown):
                    fail("pdf: %r (a line of %s of 附件2) is not on the "
                         "page" % (want, k))
    for t in (DOMAINS_LINE, NOTE1, NOTE2):
        if re.sub(r"\s+", "", t) not in flat:
            fail("pdf: not whole on the page: %s…" % t[:20])
    first = layout.split("\f")[0]
    for t in ("附件1", "11、建章立制", "合计"):
        if t not in first:
            fail("pdf page 1: no %s (附件1 is not one page wide)" % t)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--deadline", required=True)
    ap.add_argument("--made", required=True, type=int)
    ap.add_argument("--xlsx", required=True)
    ap.add_argument("--html", required=True)
    ap.add_argument("--pdf", help="the workbook printed by LibreOffice")
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
    if a.pdf:
        check_pdf(a.pdf, e)
    for m in errors:
        print("report_check %s %s: %s" % (a.period, a.deadline, m))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
