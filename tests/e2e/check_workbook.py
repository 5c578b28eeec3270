#!/usr/bin/python3
"""check_workbook.py — checks a workbook written by qtr-workbook against its input CSVs.

usage: check_workbook.py BOOK.xlsx FOLDER [--plan-name NAME] [--version V] [--tricky] [--lo]
                         [--big] [--scoped TOTAL] [--same-as OTHER.xlsx]

FOLDER holds the stage's inputs (progress.csv, facts.csv, rejects.csv, inputs.csv): the
fixture, or a folder published by run.sh. --tricky: the input must contain formula-looking
unit names and raw texts (the variant fixture). --big: the workbook was written in
constant-memory mode: 数据 is a header row with an autofilter and a frozen header, not an Excel
table. --scoped TOTAL: facts.csv had TOTAL rows, over the budget; 数据 holds FOLDER's facts.csv
(the report's quarters) and says so, as do 汇总 and 说明. --same-as OTHER.xlsx: every sheet but
数据's table or filter looks exactly as in OTHER (the same input written in memory): cells,
values, styles, merges, row heights, column widths, conditional formats, print setup, the
charts' references.

Asserts: the sheet names; every city figure on 汇总 equals progress.csv (numerically; a needed
whole count — target, gap, required per quarter — holds the smallest whole number that meets
it, 12.5 -> 13) and the status labels; every unit actual on 分单位 equals progress.csv; every formula has a cached value
equal to what it computes from the cells it refers to (formulas read with data_only=False,
cached values with data_only=True, evaluated here); formulas hold no text from the input; text
that looks like a formula (=, +, -, @) is stored as text; numbers are numbers; the facts table
and the rejects; 说明's sha256 and version; document properties, print setup, frozen panes,
charts and conditional formats. With --lo, LibreOffice (soffice) recalculates the workbook and
its values must equal the cached ones (a poisoned copy proves it did recalculate).
Exit 0 when all hold; prints the first failure otherwise.
"""
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import warnings

import openpyxl
from openpyxl.utils import column_index_from_string

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import readback as rb  # noqa: E402  (how figures are shown and held: the report's decisions)

SHEETS = ["汇总", "季度明细", "分单位", "数据", "数据质量", "说明"]
STATUS = {"achieved": "已完成", "on_track": "正常", "lagging": "滞后", "critical": "严重滞后",
          "missed": "未完成", "above_range": "超出区间", "not_due": "未到期", "": "未评估"}
FAILURES = []


def check(cond, msg):
    if not cond:
        FAILURES.append(msg)
        raise SystemExit("FAIL: " + msg)


def close(a, b, tol=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def num(s):
    return None if s == "" else float(s)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- formula evaluation

REF = r"\$?([A-Z]{1,3})\$?([0-9]+)"


def cell_value(ws, col, row):
    v = ws["%s%s" % (col, row)].value
    return 0.0 if v is None else v


def cells(ws, a, b):
    ca, ra = re.fullmatch(REF, a).groups()
    cb, rb = re.fullmatch(REF, b).groups()
    out = []
    for c in range(column_index_from_string(ca), column_index_from_string(cb) + 1):
        for r in range(int(ra), int(rb) + 1):
            v = ws.cell(row=r, column=c).value
            if isinstance(v, (int, float)):
                out.append(float(v))
    return out


def split_args(text):
    """The top-level arguments of a function's argument text (quotes and braces kept whole)."""
    args, depth, quoted, cur = [], 0, False, ""
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "({":
            depth += 1
        elif not quoted and ch in ")}":
            depth -= 1
        if ch == "," and depth == 0 and not quoted:
            args.append(cur)
            cur = ""
        else:
            cur += ch
    args.append(cur)
    return args


SHEET_REF = r"(?:'([^']+)'!)?\$?([A-Z]{1,3})\$?([0-9]+)"
SHEET_RANGE = r"'([^']+)'!\$?([A-Z]{1,3})\$?([0-9]+):\$?([A-Z]{1,3})\$?([0-9]+)"


_SUMIFS_INDEX = {}  # (book, its ranges) -> (book, {criteria texts, lower case: sum in row order})


def sumifs(args, book, ws):
    """SUMIFS(sum_range, range1, criterion1, ...) over one column ranges of another sheet, with
    criteria that are quoted texts, {lists} of them or a reference to a cell holding the text;
    matched as Excel matches plain text (ASCII case ignored). A list gives a list of sums. The
    rows are indexed once per set of ranges: each key's sum adds its rows in row order, as a
    scan of the rows would."""
    def column(arg):
        if re.fullmatch(r"[a-z_]+", arg):  # a defined name of 数据's column (facts_value, ...)
            names = {d.name: d.attr_text for d in book.defined_names.definedName}
            check(arg in names, "SUMIFS over %r, a name the workbook does not define" % arg)
            arg = names[arg]
        m = re.fullmatch(SHEET_RANGE, arg)
        check(m is not None and m.group(2) == m.group(4), "SUMIFS range %r" % arg)
        sh = book[m.group(1)]
        c = column_index_from_string(m.group(2))
        return [row[0] for row in sh.iter_rows(min_row=int(m.group(3)), max_row=int(m.group(5)),
                                               min_col=c, max_col=c, values_only=True)]

    def crit(arg):
        if arg.startswith("{"):
            return [t.strip('"') for t in split_args(arg[1:-1])]
        if arg.startswith('"'):
            return arg[1:-1]
        m = re.fullmatch(SHEET_REF, arg)
        check(m is not None, "SUMIFS criterion %r" % arg)
        sh = book[m.group(1)] if m.group(1) else ws
        v = sh["%s%s" % (m.group(2), m.group(3))].value
        check(isinstance(v, str) and v and v[0] not in "<>=" and not set(v) & set("*?~"),
              "SUMIFS criterion %r is not a plain text: %r" % (arg, v))
        return v
    key = (id(book), args[0], tuple(args[1::2]))
    if key not in _SUMIFS_INDEX:
        values = column(args[0])
        cols = [column(a) for a in args[1::2]]
        index = {}
        for i, v in enumerate(values):
            if not isinstance(v, (int, float)) or not all(isinstance(col[i], str) for col in cols):
                continue
            k = tuple(col[i].lower() for col in cols)
            index[k] = index.get(k, 0.0) + v
        _SUMIFS_INDEX[key] = (book, index)
    index = _SUMIFS_INDEX[key][1]
    crits = [crit(a) for a in args[2::2]]

    def total(choice):
        return index.get(tuple((choice.get(k, c) if isinstance(c, list) else c).lower()
                               for k, c in enumerate(crits)), 0.0)
    lists = [k for k, c in enumerate(crits) if isinstance(c, list)]
    if not lists:
        return total({})
    k = lists[0]
    return [total({k: x}) for x in crits[k]]


def expand_sumifs(formula, book, ws):
    """The formula with each SUMPRODUCT(SUMIFS(...)) and SUMIFS(...) replaced by its value."""
    while True:
        at = formula.find("SUMIFS(")
        if at < 0:
            return formula
        depth, quoted, end = 0, False, None
        for j in range(at + 6, len(formula)):
            ch = formula[j]
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in "({":
                depth += 1
            elif not quoted and ch in ")}":
                depth -= 1
                if depth == 0:
                    end = j
                    break
        check(end is not None, "unbalanced SUMIFS in %r" % formula)
        v = sumifs(split_args(formula[at + 7:end]), book, ws)
        start, stop = at, end + 1
        if formula[:at].endswith("SUMPRODUCT("):
            start = at - len("SUMPRODUCT(")
            check(formula[stop:stop + 1] == ")", "SUMPRODUCT of more than a SUMIFS: %r" % formula)
            stop += 1
            v = sum(v) if isinstance(v, list) else v
        check(not isinstance(v, list), "a list of SUMIFS outside SUMPRODUCT: %r" % formula)
        from decimal import Decimal
        formula = formula[:start] + format(Decimal(repr(float(v))), "f") + formula[stop:]


def evaluate(formula, ws, book=None):
    """Evaluates the formula shapes qtr writes, reading referenced cells' cached values (SUMIFS
    over 数据 when the book is given)."""
    if book is not None and "SUMIFS(" in formula:
        formula = expand_sumifs(formula, book, ws)
    check(re.fullmatch(r"=(?:[A-Z0-9$:,()+\-*/. ]|>=)*", formula) is not None,
          "formula with unexpected characters (input text?): %r" % formula)
    expr = formula[1:]
    one = r"\$?[A-Z]{1,3}\$?[0-9]+"
    rng = r"(%s):(%s)" % (one, one)

    def value_at(ref):
        return float(cell_value(ws, *re.fullmatch(REF, ref).groups()))

    def rank(m):
        x = value_at(m.group(1))
        return repr(1.0 + sum(1 for v in cells(ws, m.group(2), m.group(3)) if v > x))
    expr = re.sub(r"SUM\(" + rng + r"\)", lambda m: repr(sum(cells(ws, m.group(1), m.group(2)))), expr)
    expr = re.sub(r"RANK\((%s),%s\)" % (one, rng), rank, expr)
    expr = expr.replace("MAX(", "max(").replace("ROUND(", "rnd(").replace("IF(", "iff(")
    expr = re.sub(REF, lambda m: repr(value_at(m.group(0))), expr)
    check(re.fullmatch(r"(?:[0-9eE.+\-*/(), maxrndif]|>=)*", expr) is not None, "cannot evaluate %r -> %r" % (formula, expr))
    return eval(expr, {"__builtins__": {}},  # noqa: S307 (numbers, max, rnd, iff)
                {"max": max, "rnd": excel_round, "iff": lambda c, a, b: a if c else b})


def check_formulas(book_f, book_v):
    """Every formula: a cached value, equal to its evaluation. Returns how many were checked."""
    count = 0
    for name in SHEETS:
        wf, wv = book_f[name], book_v[name]
        for row in wf.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                count += 1
                cached = wv[c.coordinate].value
                check(isinstance(cached, (int, float)), "%s!%s %s has no cached number (%r)"
                      % (name, c.coordinate, c.value, cached))
                got = evaluate(c.value, wv, book_v)
                check(close(got, cached, 1e-9), "%s!%s %s computes %r, cached %r"
                      % (name, c.coordinate, c.value, got, cached))
    return count


# ---------------------------------------------------------------- workbook-port (issue 11)
# The workbook renders compare's report in words.h's words: a figure shown "as the sentences show
# it" is differenced with Excel's ROUND (季度明细's 与序时差), and a row without a status reads
# 未评估 with the reason, e.g. "未评估（缺少2017年全年数据，无法推算本年目标）".

def excel_round(x, digits):
    """Excel's ROUND: halves away from zero, on the number's 15 significant digits."""
    from decimal import Decimal, ROUND_HALF_UP
    q = Decimal(format(x, ".15g")).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
    return float(q)


def status_shown(got, code):
    label = STATUS.get(code, code)
    # a row without a status says why; a deliverable (pace = deadline) names its milestone
    return got == label or (isinstance(got, str) and code in ("", "not_due", "missed") and
                            (got.startswith(label + "（") or
                             code == "missed" and re.fullmatch(r"\d{4}年底节点未完成（.+）", got) is not None))


# ---------------------------------------------------------------- sheets

def header_map(ws, row):
    return {c.value: c.column for c in ws[row] if c.value is not None}


def find_row(ws, col, value, start=1):
    for r in range(start, ws.max_row + 1):
        if ws.cell(row=r, column=col).value == value:
            return r
    return None


def check_summary(book_v, progress, total):
    ws = book_v["汇总"]
    head = find_row(ws, 1, "指标")
    check(head is not None, "汇总: no header row")
    h = header_map(ws, head)
    for label in ("期末预测", "年末/期末预测"):  # the forecast's name: to the year's or the horizon's end
        if label in h:
            h["年末预测"] = h.pop(label)
    fields = {"目标": "target", "实际": "actual", "完成率": "completion", "序时进度": "time_progress",
              "进度差(百分点)": "pace_gap_pp", "距目标差额": "gap_to_target", "年末预测": "forecast",
              "剩余每季需完成": "required_per_quarter", "进度": "progress"}
    city = [p for p in progress if p["unit"] == total]
    check(len(city) > 0, "no city rows in progress.csv")
    # every column is required, but 基数 and 进度: together, and only when some stock has a
    # baseline (then its progress differs from its completion, and 进度 must show it)
    differs = any(num(p["progress"]) is not None and not close(num(p["progress"]), num(p["completion"]))
                  for p in city)
    check(("进度" in h) == ("基数" in h), "汇总: 基数 and 进度 come together (%r)" % sorted(h))
    for label in [l for l in fields if l != "进度" or differs] + ["指标", "单位", "状态"]:
        check(label in h, "汇总: no %s column in the header row %d (%r)" % (label, head, sorted(h)))
    needed = {"target", "gap_to_target", "required_per_quarter"}
    for i, p in enumerate(city):
        r = head + 1 + i
        check(ws.cell(row=r, column=1).value == p["name"], "汇总 row %d: name %r != %r"
              % (r, ws.cell(row=r, column=1).value, p["name"]))
        nk = rb.numkind(p["measure_unit"], p["kind"])
        for label, key in fields.items():
            if label == "进度" and label not in h:
                continue  # no stock with a baseline: progress is completion (checked above)
            got = ws.cell(row=r, column=h[label]).value
            want = rb.held(num(p[key]), nk, rb.PACE if key in needed else rb.EXACT)
            check(close(got, want), "汇总 %s %s: %r != progress.csv %r (held as %r)"
                  % (p["indicator"], label, got, p[key], want))
        got = ws.cell(row=r, column=h["状态"]).value
        check(status_shown(got, p["status"]), "汇总 %s 状态 %r for %r" % (p["indicator"], got, p["status"]))
        check(ws.cell(row=r, column=h["单位"]).value == p["measure_unit"], "汇总 %s unit" % p["indicator"])
    title = ws["A1"].value
    check(isinstance(title, str) and ws["A1"].data_type == "s", "汇总 A1 title not text")
    return city


def check_units(book_v, progress, total):
    ws = book_v["分单位"]
    units = [p for p in progress if p["unit"] != total]
    names = []
    for p in units:
        if p["unit"] not in names:
            names.append(p["unit"])
    city = [p for p in progress if p["unit"] == total]
    for u, name in enumerate(names):
        r = 6 + u
        c = ws.cell(row=r, column=1)
        check(c.value == name and c.data_type == "s", "分单位 row %d: unit %r (%s) != %r" % (r, c.value, c.data_type, name))
    group_cols = [c.column for c in ws[4] if c.value is not None][1:-1]
    check(len(group_cols) == len(city), "分单位: %d indicator groups for %d indicators" % (len(group_cols), len(city)))
    for i, p in enumerate(city):
        col = group_cols[i]
        check(ws.cell(row=4, column=col).value == p["name"], "分单位 group %d name" % i)
        for u, name in enumerate(names):
            row = next(q for q in units if q["unit"] == name and q["indicator"] == p["indicator"])
            got = ws.cell(row=6 + u, column=col).value
            check(close(got, num(row["actual"])), "分单位 %s %s: %r != %r" % (name, p["indicator"], got, row["actual"]))
        total_row = 6 + len(names) + 1
        check(close(ws.cell(row=total_row, column=col).value, num(p["actual"])), "分单位 city %s" % p["indicator"])
    check(ws.auto_filter.ref is not None, "分单位: no autofilter")
    return names


DATA_HEADS = ["报告期", "单位", "指标", "指标名称", "数值", "计量单位", "来源文件", "行号", "备注"]


def check_data(book_f, facts, big, roster=()):
    """数据 lists facts.csv by period, then by unit in roster order (others after), then in
    file order."""
    order = {u: k for k, u in enumerate(roster)}
    facts = sorted(facts, key=lambda f: (int(f["period"][:4]), int(f["period"][5:]), order.get(f["unit"], len(order))))
    ws = book_f["数据"]
    ref = "A1:I%d" % (max(len(facts), 1) + 1)
    if big:
        check(len(ws.tables) == 0, "数据: a table in constant-memory mode")
        check(ws.auto_filter.ref == ref, "数据: autofilter %r, expected %s" % (ws.auto_filter.ref, ref))
        check(ws.freeze_panes == "A2", "数据: frozen at %r" % ws.freeze_panes)
        heads = [ws.cell(row=1, column=c + 1) for c in range(len(DATA_HEADS))]
        check([c.value for c in heads] == DATA_HEADS, "数据: header row %r" % [c.value for c in heads])
        check(all(c.font.b and c.fill.fill_type == "solid" for c in heads), "数据: header row not styled")
        check(ws.max_row == len(facts) + 1, "数据: %d rows for %d facts" % (ws.max_row - 1, len(facts)))
    else:
        check(len(ws.tables) == 1, "数据: expected one table, got %d" % len(ws.tables))
        table = list(ws.tables.values())[0]
        check(table.ref == ref, "数据: table ref %s" % table.ref)
    for i, f in enumerate(facts):
        r = i + 2
        got = [ws.cell(row=r, column=c).value for c in (1, 2, 3, 5, 7, 8)]
        want = [f["period"], f["unit"], f["indicator"], num(f["value"]), f["source"], float(f["line"])]
        check(got[:3] == want[:3] and got[4] == want[4], "数据 row %d: %r != %r" % (r, got, want))
        check(close(got[3], want[3]) and close(got[5], want[5]), "数据 row %d numbers: %r != %r" % (r, got, want))
        if f["value"] == "":
            check(ws.cell(row=r, column=9).value == "未报", "数据 row %d: missing value not marked" % r)


def check_quality(book_f, rejects, tricky_expected):
    ws = book_f["数据质量"]
    head = find_row(ws, 1, "文件")
    check(head is not None, "数据质量: no header")
    check([ws.cell(row=head, column=c).value for c in range(1, 10)] ==
          ["文件", "行", "列", "原始内容", "级别", "原因", "单位", "报告期", "代码"], "数据质量: header")
    def unguard(t):  # rejects.csv puts a ' before formula-like text (docs/formats.md)
        return t[1:] if t.startswith("'") else t
    for i, rj in enumerate(rejects):
        r = head + 1 + i
        raw = ws.cell(row=r, column=4)
        check(ws.cell(row=r, column=1).value == unguard(rj["source"]), "数据质量 row %d source" % r)
        check((raw.value or "") == unguard(rj["raw"]),
              "数据质量 row %d raw %r != %r" % (r, raw.value, unguard(rj["raw"])))
        if rj["raw"]:
            check(raw.data_type == "s", "数据质量 row %d: raw %r stored as %s" % (r, rj["raw"], raw.data_type))
        check(ws.cell(row=r, column=5).value == {"error": "错误", "warning": "警告"}[rj["severity"]], "severity %d" % r)
        check((ws.cell(row=r, column=6).value or "") == unguard(rj["reason"]), "数据质量 row %d reason" % r)
        # unit, period and code (appended to rejects.csv in issue 14), after the reason
        for c, name in ((7, "unit"), (8, "period"), (9, "code")):
            check((ws.cell(row=r, column=c).value or "") == unguard(rj.get(name, "")),
                  "数据质量 row %d %s %r != %r" % (r, name, ws.cell(row=r, column=c).value, rj.get(name)))
    tricky = [unguard(rj["raw"]) for rj in rejects if unguard(rj["raw"])[:1] in "=+-@"]
    if tricky_expected:
        check(len(tricky) >= 2, "fixture lacks formula-looking raw texts")


def check_notes(book_v, inputs, version):
    ws = book_v["说明"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for row in inputs:
        check(row["sha256"] in text, "说明: sha256 of %s missing" % row["path"])
    check(("qtr-workbook " + version) in text, "说明: version %s missing" % version)
    for word in ("完成率", "序时进度", "进度差", "期末预测" if "期末预测" in text else "年末预测", "剩余每季需完成", "距目标差额"):
        check(word in text, "说明: no definition of %s" % word)


def check_numbers_are_numbers(book_f):
    """No cell on the figure sheets holds a number as text."""
    pat = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?")
    for name in ("汇总", "季度明细", "分单位", "数据"):
        for row in book_f[name].iter_rows():
            for c in row:
                if c.data_type == "s" and isinstance(c.value, str) and pat.fullmatch(c.value.strip()):
                    check(False, "%s!%s: number stored as text %r" % (name, c.coordinate, c.value))


def check_layout(path, book_f, nind, plan_name):
    props = book_f.properties
    check(props.creator == "qtr", "author %r" % props.creator)
    check(plan_name in (props.title or ""), "title %r" % props.title)
    check(props.created is not None, "no created date")
    for name in SHEETS:
        ws = book_f[name]
        check(ws.page_setup.paperSize in (9, "9"), "%s: paper %r" % (name, ws.page_setup.paperSize))
        check(ws.sheet_properties.pageSetUpPr.fitToPage, "%s: not fit to page" % name)
        # None: the default, 1; a wide sheet goes on more pages wide (at 8 pt or more), column A
        # repeated on each (tests/e2e/trace.py estimates the printed size)
        wide = int(ws.page_setup.fitToWidth or 1)
        check(1 <= wide <= 20, "%s: fitToWidth %r" % (name, ws.page_setup.fitToWidth))
        if wide > 1:
            check(str(ws.print_title_cols or "").startswith("$A:$A"), "%s: %d pages wide, column A not repeated (%r)"
                  % (name, wide, ws.print_title_cols))
        check(str(ws.page_setup.fitToHeight) == "0", "%s: fitToHeight %r" % (name, ws.page_setup.fitToHeight))
        if name != "说明":
            check(ws.freeze_panes is not None, "%s: no frozen panes" % name)
        header = ws.oddHeader.left.text or ""
        check(plan_name[:10] in header.replace("&&", "&"), "%s: header %r" % (name, header))
    kinds = [r.type for cf in book_f["汇总"].conditional_formatting for r in cf.rules]
    check("dataBar" in kinds, "汇总: no data bar")
    # 分单位 judges no raw value: no colour scale; a unit's completion wears its status (colour
    # and label) where unit targets exist (checked in check_units)
    kinds = [r.type for cf in book_f["分单位"].conditional_formatting for r in cf.rules]
    check("colorScale" not in kinds, "分单位: a colour scale on raw values")
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
        check(len(charts) == 1 + nind, "%d charts for %d indicators" % (len(charts), nind))
        first = z.read("xl/charts/chart1.xml").decode()
        check("<c:barChart>" in first and first.count("<c:ser>") == 2, "chart1 is not a 2-series bar chart")
        for n in charts[1:]:
            check("<c:lineChart>" in z.read(n).decode(), "%s is not a line chart" % n)
    with open(path, "rb") as fh:
        check(b"PK\x06\x06" not in fh.read(), "zip64 records present (WPS cannot open zip64)")


def grouped(n):
    return "{:,}".format(n)


def check_scoped(book_v, total, listed):
    """facts.csv had `total` rows, 数据 lists the `listed` of the report's quarters, and says so
    beside its header; 汇总 and 说明 say it too."""
    want = "facts.csv 共 %s 条" % grouped(total)
    part = "只列出本报告各项数值所依据的 %s 条" % grouped(listed)
    note = book_v["数据"]["K1"].value or ""
    check(want in note and part in note, "数据 K1: no note on the facts listed: %r" % note)
    ws = book_v["汇总"]
    r = find_row(ws, 1, "数据表")
    check(r is not None and part in (ws.cell(row=r, column=2).value or ""), "汇总: no 数据表 note")
    ws = book_v["说明"]
    r = find_row(ws, 1, "数据表范围")
    check(r is not None and want in (ws.cell(row=r, column=2).value or ""), "说明: no 数据表范围 item")


def look(path):
    """What a workbook shows, as comparable lines: every sheet's cells with their styles, merges,
    sizes, conditional formats, print setup; the charts' types and references (their cached
    values are left out: constant-memory mode writes none)."""
    book = openpyxl.load_workbook(path)
    out = []
    for ws in book.worksheets:
        out.append("== %s %s freeze=%s" % (ws.title, ws.dimensions, ws.freeze_panes))
        if ws.title != "数据":
            out.append("filter %s tables %r" % (ws.auto_filter.ref, sorted(ws.tables)))
        out.append("merged %r" % sorted(str(m) for m in ws.merged_cells.ranges))
        out.append("rows %r" % sorted((k, v.height) for k, v in ws.row_dimensions.items() if v.height))
        out.append("cols %r" % sorted((k, v.width) for k, v in ws.column_dimensions.items() if v.width))
        out.append("cf %r" % [(str(cf.sqref), [r.type for r in cf.rules]) for cf in ws.conditional_formatting])
        ps = ws.page_setup
        out.append("print %s %s %s %r" % (ps.orientation, ps.paperSize, ps.fitToHeight, ws.print_title_rows))
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                f = c.font
                out.append("%s %r %s %s b=%s i=%s sz=%s fill=%s/%s wrap=%s h=%s" % (
                    c.coordinate, c.value, c.data_type, c.number_format, f.b, f.i, f.sz,
                    c.fill.fill_type, c.fill.fgColor.rgb, c.alignment.wrap_text, c.alignment.horizontal))
    with zipfile.ZipFile(path) as z:
        for n in sorted(z.namelist()):
            if n.startswith("xl/charts/chart"):
                xml = z.read(n).decode()
                kinds = re.findall(r"<c:(barChart|lineChart)>", xml)
                out.append("%s %r %r" % (n, kinds, re.findall(r"<c:f>([^<]*)</c:f>", xml)))
    return out


def check_same_as(path, other):
    mine, theirs = look(path), look(other)
    for a, b in zip(mine, theirs):
        check(a == b, "not as in %s:\n  %s\n  %s" % (other, a[:300], b[:300]))
    check(len(mine) == len(theirs), "not as in %s: %d lines, %d" % (other, len(mine), len(theirs)))


# ---------------------------------------------------------------- LibreOffice

def poison(src, dst):
    """A copy whose first cached formula result on 汇总 is wrong (12345)."""
    done = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, done = re.subn(rb"(<f>[^<]*</f><v>)[^<]*(</v>)", rb"\g<1>12345\g<2>", data, count=1)
            zout.writestr(item, data)
    check(done == 1, "could not poison a cached value")


def libreoffice_recalc(path, book_v):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("SKIP: LibreOffice recalculation: soffice is not installed")
        return
    with tempfile.TemporaryDirectory() as tmp:
        profile = os.path.join(tmp, "profile")
        os.makedirs(os.path.join(profile, "user"))
        with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as fh:
            fh.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                     '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                     'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                     'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                     '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
                     '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                     '</oor:items>\n')
        src = os.path.join(tmp, "in")
        os.makedirs(src)
        shutil.copy(path, os.path.join(src, "book.xlsx"))
        poison(path, os.path.join(src, "poisoned.xlsx"))
        out = os.path.join(tmp, "out")
        cmd = [soffice, "-env:UserInstallation=file://" + profile, "--headless", "--norestore",
               "--convert-to", "xlsx", "--outdir", out,
               os.path.join(src, "book.xlsx"), os.path.join(src, "poisoned.xlsx")]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        lo = openpyxl.load_workbook(os.path.join(out, "book.xlsx"), data_only=True)
        po = openpyxl.load_workbook(os.path.join(out, "poisoned.xlsx"), data_only=True)
        compared = 0
        for name in SHEETS:
            mine, theirs = book_v[name], lo[name]
            for row in mine.iter_rows():
                for c in row:
                    if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                        got = theirs[c.coordinate].value
                        check(close(got, c.value, 1e-9), "LibreOffice %s!%s = %r, cached %r"
                              % (name, c.coordinate, got, c.value))
                        compared += 1
        ws = po["汇总"]
        bad = [c.coordinate for row in ws.iter_rows() for c in row if c.value == 12345]
        check(not bad, "LibreOffice did not recalculate (poisoned value kept at %s)" % bad)
        print("LibreOffice recalculation: %d numbers equal" % compared)


# ---------------------------------------------------------------- main

def main(argv):
    warnings.simplefilter("ignore")  # openpyxl: "extension is not supported" for data bars
    path, fixture = argv[1], argv[2]
    plan_name = argv[argv.index("--plan-name") + 1] if "--plan-name" in argv else "创新兰州2025年暨科技成果转化突破年行动方案"
    version = argv[argv.index("--version") + 1] if "--version" in argv else "0.1.0"
    progress = read_csv(os.path.join(fixture, "progress.csv"))
    facts = read_csv(os.path.join(fixture, "facts.csv"))
    rejects = read_csv(os.path.join(fixture, "rejects.csv"))
    inputs = read_csv(os.path.join(fixture, "inputs.csv"))
    total = progress[0]["unit"]
    book_f = openpyxl.load_workbook(path)
    book_v = openpyxl.load_workbook(path, data_only=True)
    if os.path.exists(os.path.join(fixture, "tasks.csv")):
        # a plan with a task ledger: 任务台账 after 分单位 (its content: tests/e2e/check_tasks.py)
        SHEETS.insert(SHEETS.index("分单位") + 1, "任务台账")
    check(book_f.sheetnames == SHEETS, "sheet names %r" % book_f.sheetnames)
    city = check_summary(book_v, progress, total)
    names = check_units(book_v, progress, total)
    check_data(book_f, facts, "--big" in argv, names)
    if "--scoped" in argv:
        check_scoped(book_v, int(argv[argv.index("--scoped") + 1]), len(facts))
    if "--same-as" in argv:
        check_same_as(path, argv[argv.index("--same-as") + 1])
    check_quality(book_f, rejects, "--tricky" in argv)
    check_notes(book_v, inputs, version)
    check_numbers_are_numbers(book_f)
    check_layout(path, book_f, len(city), plan_name)
    n = check_formulas(book_f, book_v)
    check(n >= 4 * len(city), "only %d formulas" % n)
    tricky = [u for u in names if u[:1] in "=+-@"]
    if "--tricky" in argv:
        check(tricky, "expected a unit name that looks like a formula")
    print("ok: %d city rows, %d units (%d formula-looking), %d facts, %d rejects, %d formulas"
          % (len(city), len(names), len(tricky), len(facts), len(rejects), n))
    if "--lo" in argv:
        libreoffice_recalc(path, book_v)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
