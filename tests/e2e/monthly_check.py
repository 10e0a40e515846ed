"""Checks the monthly tables of `shouhu report --period 2023-11` against the
fixtures.

Run by tests/e2e/monthly.sh with /usr/bin/python3 (python3-openpyxl):

    monthly_check.py --fixtures DIR --month 2023-11 --made EPOCH
        --xlsx m.xlsx --html m.html [--pdf m.pdf] [--said out]
        [--first CODE,...] [--text T]...

What the tables should say is computed here from the fixture files alone
(units.txt, bundles.txt and the CSV files it names) and the rules of
generator/office/monthly.h, never from the ledger:

  - for each unit, period and form only the bundle with the latest
    creation time counts (a correction supersedes);
  - 养老机构风险管控名单: the month's institution_risk rows, by level (红 橙
    黄 绿), then by unit in the office's order (that of units.txt, the
    registry's, or after shouhu units order the units of --first first),
    then as the unit listed them;
  - 案件来源登记表: the newest case_source row of every clue (unit and
    线索编号; newest = the later week, then the later row) whose 登记日期
    is in the month, by date, then unit order, then 线索编号;
  - 案件查办进度表: every clue's newest case_progress row of a week whose
    Thursday is on or before the month's last day (a week belongs to the
    month of its Thursday, ISO 8601); on the table if open, if 已办结 on
    or after the month's first day, or 不予立案 reported in a week whose
    Thursday is on or after it, unless the clue was registered after the
    month; a clue registered by the month's end without any such row is
    未报进度; by unit order, then 登记日期 (none
    last), then 线索编号; 合计 of 挽回损失 and 涉及老年人数;
  - 报送情况: every unit, whether a bundle of the month with its list came,
    the first one's creation and reception time (China time).

The workbook is read back with openpyxl (sheets, titles, headers, merged
cells, fills, every cell and its type, notes, print setup, row heights),
the page with html.parser; the PDF LibreOffice printed the workbook as
(--pdf) with pdfinfo and pdftotext.  The informants' names and phones of
the fixtures must be nowhere.  Every difference is printed; exit status 1
if there was any.
"""

import argparse
import csv
import datetime
import decimal
import os
import re
import sys
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tables_check import (errors, fail, same, same_rows, utc, lines,  # noqa: E402
                          list_lines, numbered, cell_is, print_setup, Tables,
                          pdf_a4, pdf_text)

CST = datetime.timezone(datetime.timedelta(hours=8))
WEEKDAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六",
            "星期日"]
LEVELS = ["红", "橙", "黄", "绿"]
LEVEL_FILL = ["F8B4B4", "FFD39B", "FFF2A8", "C6EFCE"]
STATUSES = ["核查中", "已立案", "已移送公安", "已办结", "不予立案",
            "未报进度"]

# the CSV headers (the forms' labels) and the names used here
INST = {"机构名称": "name", "统一社会信用代码": "uscc", "主管单位": "authority",
        "登记状态": "registration", "收住老人数": "residents",
        "预收费金额(元)": "prepaid", "风险研判": "assessment",
        "风险等级": "level", "处置措施": "measures"}
SOURCE = {"线索编号": "clue", "登记日期": "date", "来源": "source",
          "领域": "domain", "被反映对象": "subject", "线索内容": "content",
          "举报人姓名": "informant", "举报人电话": "phone",
          "承办单位": "handling", "承办人": "handler"}
PROGRESS = {"线索编号": "clue", "状态": "status", "办结日期": "closed",
            "处理结果": "result", "挽回损失(元)": "recovered",
            "涉及老年人数": "elderly", "处罚决定书文号": "decision"}

SHEETS = ["风险管控名单", "案件来源登记表", "案件查办进度表", "报送情况",
          "名单补充"]
TITLE_ROWS = {"风险管控名单": "$3:$3", "案件来源登记表": "$3:$3",
              "案件查办进度表": "$3:$3", "报送情况": "$2:$2",
              "名单补充": "$2:$2"}
LIST_HEAD = ["序号", "机构", "主管单位", "涉及人数资金状况", "风险研判", "等级",
             "处置措施"]
SRC_HEAD = ["序号", "登记日期", "线索编号", "来源", "领域", "被反映对象",
            "线索内容", "承办单位", "承办人", "报送单位"]
CLUE_HEAD = ["序号", "线索编号", "报送单位", "登记日期", "来源", "领域",
             "承办单位", "状态", "办结日期", "处理结果", "挽回损失(元)",
             "涉及老年人数", "处罚决定书文号"]
SENT_HEAD = ["单位代码", "单位名称", "风险管控名单", "生成时间", "接收时间",
             "机构数(家)"]
EXTRA_HEAD = ["序号", "机构", "报送单位", "登记状态", "统一社会信用代码"]
LIST_TITLE = "养老机构“绿黄橙红”风险管控名单"
EXTRA_TITLE = "名单补充（不属于风险管控名单，序号即名单的序号）"

# The notes under the tables, written out here again: the levels as seed
# 004 defines them, what the clue tables list
LIST_NOTE = (
    "说明：1、红色名单：可能涉嫌非法集资、诈骗等犯罪，前期已经收取大额预付费"
    "且资不抵债、已经“爆雷”或引起不良影响、重大舆情的；2、橙色名单：主要负责"
    "人因经济犯罪被提起诉讼、被投诉举报、纳入黑名单的，或前期已经收取大额预付"
    "费资金使用不规范、但资可抵债运营比较平稳的；3、黄色名单：前期已经收取大额"
    "预付费但资金主要用于弥补设施建设资金不足，近年分支机构服务网点扩张过快，"
    "频繁变更法定代表人、登记注册地等，经营服务有潜在风险隐患的；4、绿色名单："
    "没有发现风险隐患的。")
SRC_NOTE = ("说明：本表列出登记日期在本月的全部案件线索，按登记日期排列；举报人"
            "的姓名和电话严格保密，不列入本表。")
CLUE_NOTE = ("说明：本表列出截至月底仍在查办的线索和本月办结（销号）的线索，状态"
             "取各单位截至月底最近一周报送的进度；“未报进度”是已经登记、还没有"
             "报送过进度的线索。本月：")

# ---- what the tables should say, from the fixture files ---------------

def read_csv(path, labels):
    with open(path, encoding="utf-8", newline="") as f:
        return [{labels[k]: v.strip() for k, v in row.items()}
                for row in csv.DictReader(f)]


def canonical(s):
    """A decimal as the tables write it: 1200.50 is 1200.5, 50000.00 is
    50000."""
    d = decimal.Decimal(s).quantize(decimal.Decimal("0.01"))
    t = "%s" % d
    if "." in t:
        t = t.rstrip("0").rstrip(".")
    return t


def week_days(period):
    """The first and last day of ISO week period ("2023-W45")."""
    y, w = period.split("-W")
    mon = datetime.date.fromisocalendar(int(y), int(w), 1)
    return mon, mon + datetime.timedelta(days=6)


def month_days(month):
    y, m = (int(x) for x in month.split("-"))
    first = datetime.date(y, m, 1)
    nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
    return first, nxt - datetime.timedelta(days=1)


def expectation(fixtures, month, first_units):
    """What the tables of month should say, the units of first_units
    first (shouhu units order), the others in the order of units.txt."""
    units = [(u[0], " ".join(u[1:]))
             for u in lines(os.path.join(fixtures, "units.txt"))]
    units = [u for c in first_units for u in units if u[0] == c] + \
        [u for u in units if u[0] not in first_units]
    order = {code: i for i, (code, _) in enumerate(units)}
    name = dict(units)
    bundles = []
    for b in lines(os.path.join(fixtures, "bundles.txt")):
        bundles.append({"unit": b[0], "period": b[1],
                        "created": utc(b[2]), "received": utc(b[3]),
                        "forms": dict(f.split("=", 1) for f in b[4:])})

    def current(unit, period, form):
        """The bundle whose form counts for unit and period, or None."""
        mine = [b for b in bundles if b["unit"] == unit and
                b["period"] == period and form in b["forms"]]
        times = [b["created"] for b in mine]
        assert len(set(times)) == len(times), "fixture: same created time"
        return max(mine, key=lambda b: b["created"], default=None)

    def path(b, form):
        return os.path.join(fixtures, b["forms"][form])

    first, last = month_days(month)
    e = {"units": [], "inst": [], "src": [], "clue": [],
         "informants": set(), "first": first, "last": last}

    # 养老机构风险管控名单 and 报送情况
    inst = []
    for code, uname in units:
        b = current(code, month, "institution_risk")
        rows = read_csv(path(b, "institution_risk"), INST) if b else []
        for i, r in enumerate(rows):
            r["measures"] = list_lines(r["measures"])
            r["unit"] = uname
            inst.append(((LEVELS.index(r["level"]), order[code], i), r))
        mine = [x for x in bundles if x["unit"] == code and
                x["period"] == month and "institution_risk" in x["forms"]]
        sent = {"code": code, "name": uname, "n": len(rows)}
        if mine:
            sent["created"] = min(x["created"] for x in mine)
            sent["received"] = min(x["received"] for x in mine)
        e["units"].append(sent)
        # fixture sanity: a superseded list differs from the current one
        for x in mine:
            if x is not b:
                assert read_csv(path(x, "institution_risk"), INST) != \
                    read_csv(path(b, "institution_risk"), INST), \
                    "fixture: superseding changes nothing"
    inst.sort(key=lambda x: x[0])
    e["inst"] = [r for _, r in inst]

    # the newest row of every clue of each weekly form: {(unit, clue):
    # (week's first day, row index, row)}
    def newest(form, labels, upto):
        out = {}
        weeks = {(b["unit"], b["period"]) for b in bundles
                 if "-W" in b["period"] and form in b["forms"]}
        for unit, period in sorted(weeks):
            mon, _ = week_days(period)
            thu = mon + datetime.timedelta(days=3)
            if upto is not None and thu > upto:
                continue
            b = current(unit, period, form)
            for i, r in enumerate(read_csv(path(b, form), labels)):
                k = (unit, r["clue"])
                if k not in out or out[k][:2] < (mon, i):
                    out[k] = (mon, i, r)
        return out

    # every informant of every case_source file, current or not
    for b in bundles:
        if "case_source" in b["forms"]:
            for r in read_csv(path(b, "case_source"), SOURCE):
                for k in ("informant", "phone"):
                    if r[k]:
                        e["informants"].add(r[k])

    src = newest("case_source", SOURCE, None)
    prog = newest("case_progress", PROGRESS, last)
    reg = []
    for (unit, clue), (_, _, r) in src.items():
        if first.isoformat() <= r["date"] <= last.isoformat():
            reg.append(((r["date"], order[unit], clue),
                        dict(r, unit=name[unit])))
    reg.sort(key=lambda x: x[0])
    e["src"] = [r for _, r in reg]

    tab = []
    for key in set(src) | set(prog):
        unit, clue = key
        s = src[key][2] if key in src else None
        if key in prog:
            mon, _, p = prog[key]
            st = p["status"]
            if st == "已办结":
                on = p["closed"] >= first.isoformat()
            elif st == "不予立案":
                on = mon + datetime.timedelta(days=3) >= first
            else:
                on = True
            if s is not None and s["date"] > last.isoformat():
                on = False
            if not on:
                continue
            c = dict(p)
        elif s["date"] <= last.isoformat():
            c = {"clue": clue, "status": "未报进度", "closed": "",
                 "result": "", "recovered": "", "elderly": "",
                 "decision": ""}
        else:
            continue
        c["unit"] = name[unit]
        for k in ("date", "source", "domain", "handling"):
            c[k] = s[k] if s else ""
        tab.append(((order[unit], c["date"] == "", c["date"], clue), c))
    tab.sort(key=lambda x: x[0])
    e["clue"] = [c for _, c in tab]
    e["recovered"] = sum(decimal.Decimal(c["recovered"])
                         for c in e["clue"] if c["recovered"])
    e["elderly"] = sum(int(c["elderly"]) for c in e["clue"]
                       if c["elderly"])
    e["status"] = [sum(1 for c in e["clue"] if c["status"] == s)
                   for s in STATUSES]
    e["levels"] = [sum(1 for r in e["inst"] if r["level"] == lv)
                   for lv in LEVELS]
    return e


def situation(r):
    return "收住老人 %d 人，预收费 %s 元" % (int(r["residents"]),
                                       canonical(r["prepaid"]))


def list_cells(i, r):
    return [i + 1, r["name"], r["authority"], situation(r),
            r["assessment"], r["level"], numbered(r["measures"]) or None]


def src_cells(i, s):
    return [i + 1, s["date"], s["clue"], s["source"], s["domain"],
            s["subject"], s["content"], s["handling"], s["handler"] or None,
            s["unit"]]


def clue_cells(i, c):
    """A row of 案件查办进度表; the money a float, as the cell holds it."""
    return [i + 1, c["clue"], c["unit"]] + [
        c[k] or None for k in ("date", "source", "domain", "handling",
                               "status", "closed", "result")] + [
        float(c["recovered"]) if c["recovered"] else None,
        int(c["elderly"]) if c["elderly"] else None, c["decision"] or None]


def cst(t, weekday=False):
    t = t.astimezone(CST)
    if weekday:
        return t.strftime("%Y-%m-%d ") + WEEKDAYS[t.weekday()] + \
            t.strftime(" %H:%M")
    return t.strftime("%Y-%m-%d %H:%M")


def sent_cells(u, weekday=False):
    if "created" not in u:
        return [u["code"], u["name"], "未报送", None, None, None]
    return [u["code"], u["name"], "已报送", cst(u["created"], weekday),
            cst(u["received"], weekday), u["n"]]


def extra_cells(i, r):
    return [i + 1, r["name"], r["unit"], r["registration"],
            r["uscc"] or None]


def month_text(month):
    y, m = (int(x) for x in month.split("-"))
    return "%d年%d月" % (y, m)


def status_text(e):
    return "、".join("%s %d 条" % (s, n) for s, n in zip(STATUSES,
                                                       e["status"]))


def said(e, month, xlsx, html_path):
    """The line shouhu report prints."""
    sent = sum(1 for u in e["units"] if "created" in u)
    return ("已生成 %s 的月报表：%s、%s（风险管控名单 %d 家，其中红 %d 家、橙 %d "
            "家，%d 个单位已报送、%d 个未报；登记线索 %d 条；查办进度 %d 条）" %
            (month, xlsx, html_path, len(e["inst"]), e["levels"][0],
             e["levels"][1], sent, len(e["units"]) - sent, len(e["src"]),
             len(e["clue"])))


# ---- the workbook --------------------------------------------------------

def row_is(ws, row, want):
    for i, v in enumerate(want):
        cell_is(ws, "%s%d" % (get_column_letter(1 + i), row), v)


def merges_are(ws, want):
    same("%s merged cells" % ws.title,
         sorted(str(r) for r in ws.merged_cells.ranges), sorted(want))


def fill_is(ws, ref, rgb):
    f = ws[ref].fill
    got = f.fgColor.rgb if f is not None and f.fill_type == "solid" else None
    if not isinstance(got, str) or got[-6:].upper() != rgb:
        fail("%s!%s: fill %r, expected %s" % (ws.title, ref, got, rgb))


def tall_enough(ws, row):
    """Row row is at least as high as the most lines of its cells need (a
    line of the 11 pt font takes more than 14 pt)."""
    n = max([len(c.value.split("\n")) for c in ws[row]
             if isinstance(c.value, str)] + [1])
    h = ws.row_dimensions[row].height
    if n > 1 and (h is None or h < 14 * n):
        fail("%s row %d: height %r for %d lines" % (ws.title, row, h, n))


def strings_of(wb):
    """Every string cell's text."""
    out = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    fail("%s!%s: a formula: %r" % (ws.title, c.coordinate,
                                                  c.value))
                elif c.data_type == "s":
                    out.append(c.value)
    return out


def check_xlsx(path, e, month, made, must):
    wb = openpyxl.load_workbook(path)
    same("sheets", wb.sheetnames, SHEETS)
    if wb.sheetnames != SHEETS:
        return
    strings = strings_of(wb)
    for t in must:
        if t not in strings:
            fail("no string cell %r" % t)
    # every part of the file, not only the cells (properties, names...)
    with zipfile.ZipFile(path) as z:
        for part in z.namelist():
            data = z.read(part).decode("utf-8", "replace")
            for who in e["informants"]:
                if who in data:
                    fail("workbook: an informant (%s) in %s" % (who, part))
    for ws in wb.worksheets:
        print_setup(ws, TITLE_ROWS)
    day = made.astimezone(CST)
    sub = "(填报时间: %d 年 %d 月 %d 日)　统计期间：%s" % (
        day.year, day.month, day.day, month_text(month))

    # 养老机构风险管控名单
    ws = wb["风险管控名单"]
    cell_is(ws, "A1", LIST_TITLE)
    cell_is(ws, "A2", sub + "　共 %d 家：红 %d 家、橙 %d 家、黄 %d 家、绿 %d 家" %
            tuple([len(e["inst"])] + e["levels"]))
    row_is(ws, 3, LIST_HEAD)
    merges = ["A1:G1", "A2:G2"]
    row = 4
    i = 0
    for lv, name in enumerate(LEVELS):
        cell_is(ws, "A%d" % row, "%s色名单（%d 家）" % (name,
                                                    e["levels"][lv]))
        merges.append("A%d:G%d" % (row, row))
        fill_is(ws, "A%d" % row, LEVEL_FILL[lv])
        row += 1
        for r in e["inst"]:
            if r["level"] != name:
                continue
            cells = list_cells(i, r)
            row_is(ws, row, cells)
            fill_is(ws, "F%d" % row, LEVEL_FILL[lv])
            tall_enough(ws, row)
            row += 1
            i += 1
    cell_is(ws, "A%d" % row, None)
    cell_is(ws, "A%d" % (row + 1), LIST_NOTE)
    merges.append("A%d:G%d" % (row + 1, row + 1))
    merges_are(ws, merges)
    same("风险管控名单 rows", ws.max_row, row + 1)
    same("风险管控名单 columns", ws.max_column, 7)

    # 案件来源登记表
    ws = wb["案件来源登记表"]
    cell_is(ws, "A1", "案件来源登记表")
    cell_is(ws, "A2", sub + "　本月登记线索 %d 条" % len(e["src"]))
    row_is(ws, 3, SRC_HEAD)
    merges = ["A1:J1", "A2:J2"]
    row = 4
    for i, s in enumerate(e["src"]):
        row_is(ws, row, src_cells(i, s))
        row += 1
    if not e["src"]:
        cell_is(ws, "A4", "本月没有登记案件线索")
        merges.append("A4:J4")
        row += 1
    cell_is(ws, "A%d" % row, None)
    cell_is(ws, "A%d" % (row + 1), SRC_NOTE)
    merges.append("A%d:J%d" % (row + 1, row + 1))
    merges_are(ws, merges)
    same("案件来源登记表 rows", ws.max_row, row + 1)

    # 案件查办进度表
    ws = wb["案件查办进度表"]
    cell_is(ws, "A1", "案件查办进度表")
    cell_is(ws, "A2", sub + "　线索 %d 条（截至月底）" % len(e["clue"]))
    row_is(ws, 3, CLUE_HEAD)
    merges = ["A1:M1", "A2:M2"]
    row = 4
    for i, c in enumerate(e["clue"]):
        row_is(ws, row, clue_cells(i, c))
        if c["recovered"]:
            same("案件查办进度表!K%d format" % row,
                 ws["K%d" % row].number_format, "0.00")
        row += 1
    if e["clue"]:
        row_is(ws, row, ["合计"] + [None] * 9 +
               [float(e["recovered"]), e["elderly"], None])
        same("案件查办进度表 合计 format", ws["K%d" % row].number_format,
             "0.00")
        merges.append("A%d:J%d" % (row, row))
    else:
        cell_is(ws, "A4", "本月没有在查办的案件线索")
        merges.append("A4:M4")
    row += 1
    cell_is(ws, "A%d" % row, None)
    cell_is(ws, "A%d" % (row + 1), CLUE_NOTE + status_text(e) + "。")
    merges.append("A%d:M%d" % (row + 1, row + 1))
    merges_are(ws, merges)
    same("案件查办进度表 rows", ws.max_row, row + 1)

    # 报送情况
    ws = wb["报送情况"]
    cell_is(ws, "A1", "风险管控名单报送情况　统计期间：" + month_text(month))
    row_is(ws, 2, SENT_HEAD)
    for i, u in enumerate(e["units"]):
        row_is(ws, 3 + i, sent_cells(u))
    merges_are(ws, ["A1:F1"])
    same("报送情况 rows", ws.max_row, 2 + len(e["units"]))

    # 名单补充
    ws = wb["名单补充"]
    cell_is(ws, "A1", EXTRA_TITLE)
    row_is(ws, 2, EXTRA_HEAD)
    merges = ["A1:E1"]
    for i, r in enumerate(e["inst"]):
        row_is(ws, 3 + i, extra_cells(i, r))
    if not e["inst"]:
        cell_is(ws, "A3", "本月没有报送风险管控名单")
        merges.append("A3:E3")
    merges_are(ws, merges)
    same("名单补充 rows", ws.max_row, 2 + max(len(e["inst"]), 1))


# ---- the page ------------------------------------------------------------

def texts(row):
    return ["" if v is None else v if isinstance(v, str) else
            canonical(str(v)) if isinstance(v, float) else str(v)
            for v in row]


def check_html(path, e, month, made):
    with open(path, encoding="utf-8") as f:
        page = f.read()
    if "<script" in page.lower():
        fail("html: a <script> tag: the text was not escaped")
    p = Tables()
    p.feed(page)
    p.close()
    text = "".join(p.all)
    for who in e["informants"]:
        if who in text or who in page:
            fail("html: an informant (%s) on the page" % who)
    want = "统计期间：%s　生成时间：%s" % (month_text(month),
                                     cst(made, weekday=True))
    if want not in p.paras:
        fail("html: no <p>%s</p>" % want)

    want = "共 %d 家：红 %d 家、橙 %d 家、黄 %d 家、绿 %d 家" % tuple(
        [len(e["inst"])] + e["levels"])
    if want not in p.paras:
        fail("html: no <p>%s</p>" % want)
    rows = p.table(LIST_TITLE)
    same("html 风险管控名单 header", rows[:1], [LIST_HEAD])
    want = []
    i = 0
    for lv, name in enumerate(LEVELS):
        want.append(["%s色名单（%d 家）" % (name, e["levels"][lv])])
        for r in e["inst"]:
            if r["level"] == name:
                want.append(texts(list_cells(i, r)))
                i += 1
    same_rows("html 风险管控名单", rows[1:], want)
    # the notes as in the workbook
    for want in (LIST_NOTE, SRC_NOTE, CLUE_NOTE + status_text(e) + "。"):
        if want not in p.paras:
            fail("html: no <p>%s</p>" % want)

    want = "本月登记线索 %d 条" % len(e["src"])
    if want not in p.paras:
        fail("html: no <p>%s</p>" % want)
    if e["src"]:
        rows = p.table("案件来源登记表")
        same("html 案件来源登记表 header", rows[:1], [SRC_HEAD])
        same_rows("html 案件来源登记表", rows[1:],
                  [texts(src_cells(i, s)) for i, s in enumerate(e["src"])])
    elif "案件来源登记表" in p.tables:
        fail("html: a table of 案件来源登记表 without clues")

    want = "截至月底的线索 %d 条" % len(e["clue"])
    if want not in p.paras:
        fail("html: no <p>%s</p>" % want)
    if e["clue"]:
        rows = p.table("案件查办进度表")
        same("html 案件查办进度表 header", rows[:1], [CLUE_HEAD])
        want = [texts(clue_cells(i, c)) for i, c in enumerate(e["clue"])]
        want.append(["合计", canonical(e["recovered"]), str(e["elderly"]),
                     ""])
        same_rows("html 案件查办进度表", rows[1:], want)
    elif "案件查办进度表" in p.tables:
        fail("html: a table of 案件查办进度表 without clues")

    rows = p.table("风险管控名单报送情况")
    same("html 报送情况 header", rows[:1], [SENT_HEAD])
    same_rows("html 报送情况", rows[1:],
              [texts(sent_cells(u, weekday=True)) for u in e["units"]])

    if e["inst"]:
        rows = p.table(EXTRA_TITLE)
        same("html 名单补充 header", rows[:1], [EXTRA_HEAD])
        same_rows("html 名单补充", rows[1:],
                  [texts(extra_cells(i, r))
                   for i, r in enumerate(e["inst"])])
    elif EXTRA_TITLE in p.tables:
        fail("html: a table of 名单补充 without institutions")


# ---- the workbook printed by LibreOffice -------------------------------

def flat(s):
    return re.sub(r"\s+", "", s)


def check_pdf(path, e):
    """The PDF LibreOffice printed the workbook as: every page A4 landscape;
    every line of every multi-line cell on a page (LibreOffice leaves out
    what a row too low cuts off), every text cell and note whole; each
    sheet one page wide (its last column on the page of its title); no
    informant."""
    pdf_a4(path)
    layout = pdf_text(path, "-layout")
    raw = pdf_text(path, "-raw")
    # a cell's lines follow each other in the content, wrapped or not
    whole = flat(raw)
    shown = [ln.strip() for ln in layout.splitlines()]
    for r in e["inst"]:
        for i, line in enumerate(r["measures"]):
            want = "%d、%s" % (i + 1, line)
            if not any(want in ln for ln in shown):
                fail("pdf: %r (a line of 处置措施) is not on the page" % want)
        for k in ("name", "assessment"):
            if flat(r[k]) not in whole:
                fail("pdf: not whole on the page: %r" % r[k])
    for s in e["src"]:
        for k in ("subject", "content"):
            if flat(s[k]) not in whole:
                fail("pdf: not whole on the page: %r" % s[k])
    for c in e["clue"]:
        for k in ("result", "decision"):
            if flat(c[k]) not in whole:
                fail("pdf: not whole on the page: %r" % c[k])
    notes = [LIST_NOTE, SRC_NOTE, CLUE_NOTE + status_text(e) + "。"]
    if not e["src"]:
        notes.append("本月没有登记案件线索")
    if not e["clue"]:
        notes.append("本月没有在查办的案件线索")
    if not e["inst"]:
        notes.append("本月没有报送风险管控名单")
    for t in notes:
        if flat(t) not in whole:
            fail("pdf: not whole on the page: %s…" % t[:30])
    for who in e["informants"]:
        if flat(who) in whole:
            fail("pdf: an informant (%s) on the page" % who)
    pages = [flat(pg) for pg in raw.split("\f")]
    for title, lastcol in ((LIST_TITLE, "处置措施"),
                           ("案件来源登记表", "报送单位"),
                           ("案件查办进度表", "处罚决定书文号"),
                           ("风险管控名单报送情况", "机构数(家)"),
                           (EXTRA_TITLE, "统一社会信用代码")):
        on = [pg for pg in pages if flat(title) in pg]
        if not on:
            fail("pdf: no page with %s" % title)
        elif flat(lastcol) not in on[0]:
            fail("pdf: %s is not one page wide (no %s on its page)" %
                 (title, lastcol))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--month", required=True)
    ap.add_argument("--made", required=True, type=int)
    ap.add_argument("--xlsx", required=True)
    ap.add_argument("--html", required=True)
    ap.add_argument("--pdf", help="the workbook printed by LibreOffice")
    ap.add_argument("--said", help="the file of what shouhu report printed")
    ap.add_argument("--first", default="",
                    help="CODE,...: the units put first by shouhu units order")
    ap.add_argument("--text", action="append", default=[],
                    help="a text that must be a string cell, exactly")
    a = ap.parse_args()

    made = datetime.datetime.fromtimestamp(a.made, datetime.timezone.utc)
    e = expectation(a.fixtures, a.month,
                    [c for c in a.first.split(",") if c])
    if a.said is not None:
        with open(a.said, encoding="utf-8") as f:
            same("shouhu report said", f.read(),
                 said(e, a.month, a.xlsx, a.html) + "\n")
    check_xlsx(a.xlsx, e, a.month, made, a.text)
    check_html(a.html, e, a.month, made)
    if a.pdf:
        check_pdf(a.pdf, e)
    for m in errors:
        print("monthly_check %s: %s" % (a.month, m))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
