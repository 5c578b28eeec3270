#!/usr/bin/python3
"""workbook_display.py — what a person reads in a workbook of qtr-workbook, against what the
terminal and the PDF say (compare.txt holds compare's sentences, words.h's words).

usage: workbook_display.py BOOK.xlsx --summary compare.txt     check (exit 0, or the failures)
       workbook_display.py BOOK.xlsx --dump                     every shown cell, one per line

A cell is shown as Excel and LibreOffice show it: the cached value with its number format
applied (15 significant digits, halves away from zero), dates as 2025年9月30日.
Checks: 汇总's 总体情况 is compare's headline and 数据质量 holds its input counts and missing
reports; for each indicator of compare.txt, 汇总's row shows the same actual, target,
completion, incremental progress, pace gap and status as the sentence (e.g. "1,163 / 1,500
个，完成 77.5%，高于序时进度 2.5 个百分点"); every row of 季度明细 adds up as shown
(累计完成 − 序时应达 = 与序时差, to the digit).
"""
import datetime
import re
import sys
import warnings
from decimal import Decimal, ROUND_HALF_UP

import openpyxl


def fmt_number(v, fmt):
    """v shown with an Excel number format of the kinds qtr writes (#,##0.00, 0.0%, "*" ...)."""
    if fmt in (None, "General"):
        return str(int(v)) if float(v).is_integer() else repr(v)
    sec = fmt.split(";")[0]
    lits = "".join(re.findall(r'"([^"]*)"', sec))
    body = re.sub(r'"[^"]*"', "", sec)
    pct = "%" in body
    m = re.search(r"\.(0+)", body)
    dec = len(m.group(1)) if m else 0
    x = Decimal(format(v * (100 if pct else 1), ".15g"))
    q = x.quantize(Decimal(1).scaleb(-dec), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # Excel shows 0.0, not -0.0, for a value that rounds to zero
    text = ("{:,.%df}" if "," in body else "{:.%df}") % dec
    return text.format(q) + ("%" if pct else "") + lits


def shown(c):
    v = c.value
    if v is None:
        return ""
    if isinstance(v, (datetime.datetime, datetime.date)):
        return "%d年%d月%d日" % (v.year, v.month, v.day)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt_number(float(v), c.number_format)
    return str(v)


def dump(book):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                t = shown(c)
                if t:
                    print("%s!%s\t%s" % (ws.title, c.coordinate, t.replace("\n", "⏎")))


def read_summary(path):
    keys, indicators = {}, []
    for line in open(path, encoding="utf-8"):
        k, _, v = line.rstrip("\n").partition("=")
        if k == "indicator":
            iid, code, label, name, sentence = v.split("|", 4)
            indicators.append({"id": iid, "code": code, "label": label, "name": name, "sentence": sentence})
        else:
            keys[k] = v
    return keys, indicators


FAILURES = []


def check(cond, msg):
    if not cond:
        FAILURES.append(msg)


NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?%?"


def check_summary_sheet(ws, keys, indicators):
    labels = {ws.cell(row=r, column=1).value: r for r in range(1, 12)}
    check(shown(ws.cell(row=labels.get("总体情况", 1), column=2)) == keys["headline"],
          "汇总 总体情况 is not compare's headline %r" % keys["headline"])
    quality = shown(ws.cell(row=labels.get("数据质量", 1), column=2))
    if keys.get("input_text"):
        check(keys["input_text"] in quality, "汇总 数据质量 lacks %r: %r" % (keys["input_text"], quality))
    want = keys["missing_text"] if keys.get("missing_text") else "各单位均已报送"
    check(want in quality, "汇总 数据质量 lacks %r: %r" % (want, quality))
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "指标")
    col = {ws.cell(row=head, column=c).value: c for c in range(1, ws.max_column + 1)}
    for k, ind in enumerate(indicators):
        r = head + 1 + k
        cell = lambda name: shown(ws.cell(row=r, column=col[name])) if name in col else ""
        what = "汇总 %s" % ind["id"]
        check(cell("指标") == ind["name"], "%s: name %r" % (what, cell("指标")))
        status = cell("状态")
        # a deliverable missed at its node reads as the sentence does: 2019年底节点未完成（0 / 1 个）
        check(status == ind["label"] or status.startswith(ind["label"] + "（") or
              (ind["label"] == "未完成" and re.fullmatch(r"\d{4}年底节点未完成（.+）", status) is not None
               and status in ind["sentence"]),
              "%s: 状态 %r, compare says %r" % (what, status, ind["label"]))
        s = ind["sentence"]
        m = re.match(r"实际 (%s)" % NUM, s)
        if m:
            check(cell("实际") == m.group(1), "%s: 实际 %r, compare says %r" % (what, cell("实际"), m.group(1)))
            continue
        m = re.match(r"(%s) / (?:超过 )?(%s)(?:–(%s))?.*?(?:完成|提升进度) (%s)" % (NUM, NUM, NUM, NUM), s)
        check(m is not None, "%s: cannot read compare's sentence %r" % (what, s))
        if not m:
            continue
        # a ratio from its baseline reads 提升进度 (the 进度 column) instead of 完成
        done = "进度" if "，提升进度 " in s else "完成率"
        for name, want in (("实际", m.group(1)), ("目标", m.group(2)), (done, m.group(4))):
            check(cell(name) == want, "%s: %s %r, compare says %r (%s)" % (what, name, cell(name), want, s))
        m = re.search(r"(?:增量|提升)进度 (%s)" % NUM, s)
        if m:
            check(cell("进度") == m.group(1), "%s: 进度 %r, compare says %r" % (what, cell("进度"), m.group(1)))
        m = re.search(r"(高于|低于)序时进度 (%s) 个百分点" % NUM, s)
        if m:
            gap = cell("进度差(百分点)")
            want = ("-" if m.group(1) == "低于" else "") + m.group(2)
            check(gap == want, "%s: 进度差 %r, compare says %r" % (what, gap, s))


def number(text):
    t = text.replace(",", "").rstrip("*")
    return Decimal(t[:-1]) / 100 if t.endswith("%") else Decimal(t)


def check_quarterly(ws):
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "指标")
    col = {ws.cell(row=head, column=c).value: c for c in range(1, ws.max_column + 1)}
    rows = 0
    for r in range(head + 1, ws.max_row + 1):
        a, e, d = (shown(ws.cell(row=r, column=col[n])) for n in ("累计完成", "序时应达", "与序时差"))
        if not (a and e and d):
            continue
        rows += 1
        check(number(a) - number(e) == number(d), "季度明细 row %d: %s − %s = %s as shown" % (r, a, e, d))
    return rows


def main(argv):
    warnings.simplefilter("ignore")  # openpyxl: "extension is not supported" for data bars
    book = openpyxl.load_workbook(argv[1], data_only=True)
    if "--dump" in argv:
        dump(book)
        return 0
    keys, indicators = read_summary(argv[argv.index("--summary") + 1])
    check_summary_sheet(book["汇总"], keys, indicators)
    rows = check_quarterly(book["季度明细"])
    for f in FAILURES:
        print("FAIL: " + f)
    if FAILURES:
        return 1
    print("ok: %d indicators as compare says them, %d rows of 季度明细 add up as shown" % (len(indicators), rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
