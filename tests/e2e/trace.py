#!/usr/bin/python3
"""trace.py — the analyst's trace and the print setup of one published workbook (issue 14).

usage: trace.py BOOK.xlsx FOLDER [BOOK.xlsx FOLDER ...] [--lo]

FOLDER is the report's published folder (progress.csv, quarterly.csv, facts.csv). Checks, for
each book:
- 汇总's 实际, 季度明细's 本季数 and 累计完成, 分单位's units' 实际 (and the region's ratios): a
  SUMIFS formula over 数据 for every indicator (a coverage: IF(SUMIFS(...)>=minimum,1,0) per unit,
  their sum over the roster ÷ its size for the region), with
  the cached value equal to progress.csv / quarterly.csv (data_only) and the formula's own
  evaluation over 数据 (check_workbook.evaluate) equal to it too;
- the targets as defined names target_<id> on 汇总's target cells, holding progress.csv's target;
- 说明 names the targets with the plan's scope word (全市, 全省, 全区: its total unit) and an
  example name this workbook defines;
- every number on 汇总, 季度明细 and 分单位 that is not a formula has a note (its own or its
  column header's) saying it is a value and where it comes from (progress.csv, quarterly.csv);
- the formulas' names of 数据's columns (facts_period, facts_unit, facts_indicator, facts_value)
  defined as its rows;
- 数据 sorted by period, then by unit (roster order: 分单位's order);
- every wrapped text cell's row tall enough for its lines (数据质量's 原因 and the missing grid);
- every sheet's print setup: A4, fit to one page wide or more, margins, repeated header rows on
  the table sheets, and the smallest font after the fit (estimated from the column widths and
  the charts' extents) at least 7 pt;
- with --lo: one LibreOffice start recalculates every book and every number equals the cached
  one (a poisoned copy proves the recalculation); without soffice a SKIP line.
Prints "ok: ..." and exits 0, or "FAIL: ..." lines and exits 1.
"""
import csv
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
import zipfile

import openpyxl
from openpyxl.utils import column_index_from_string

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_workbook as cw  # noqa: E402

FAILS = []


def check(cond, msg):
    if not cond:
        FAILS.append(msg)
        print("FAIL: " + msg)
    return cond


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def num(s):
    return float(s) if s not in ("", None) else None


def close(a, b):
    return a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def traced(book_f, book_v, sheet, coord, want, kind, what):
    """One traced cell: a SUMIFS formula (a coverage: over IF(...>=minimum,1,0)) caching `want`."""
    f, v = book_f[sheet][coord], book_v[sheet][coord].value
    if want is None:
        return 0
    check(close(v, want), "%s!%s (%s): cached %r, report %r" % (sheet, coord, what, v, want))
    if not check(f.data_type == "f" and "SUMIFS(" in str(f.value),
                 "%s!%s (%s) is not a SUMIFS formula: %r" % (sheet, coord, what, f.value)):
        return 0
    if kind == "coverage":  # covered: the series reaches the minimum
        check(re.search(r"IF\(.*SUMIFS\(.*>=[0-9.eE+-]+,1,0\)", str(f.value)) is not None,
              "%s!%s (%s): a coverage, not IF(SUMIFS(...)>=minimum,1,0): %r" % (sheet, coord, what, f.value))
    got = cw.evaluate(f.value, book_v[sheet], book_v)
    check(close(got, want), "%s!%s (%s): %s evaluates to %r, report %r" % (sheet, coord, what, f.value, got, want))
    return 1


def header_col(ws, row, text):
    for c in range(1, ws.max_column + 1):
        if ws.cell(row=row, column=c).value == text:
            return c
    return None


def check_summary(book_f, book_v, progress, total):
    ws = book_v["汇总"]
    head = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "指标")
    ca, ct = header_col(ws, head, "实际"), header_col(ws, head, "目标")
    city = [p for p in progress if p["unit"] == total]
    names = {d.name: d.attr_text for d in book_f.defined_names.definedName}
    n = 0
    for k, p in enumerate(city):
        r = head + 1 + k
        check(ws.cell(row=r, column=1).value == p["name"], "汇总 row %d: %r, not %r" % (r, ws.cell(row=r, column=1).value, p["name"]))
        n += traced(book_f, book_v, "汇总", "%s%d" % (chr(64 + ca), r), num(p["actual"]), p["kind"], p["name"] + " 实际")
        t = num(p["target"])
        name = "target_" + p["indicator"]
        if t is None:
            check(name not in names, "%s is defined, but the row has no target" % name)
            continue
        if not check(name in names, "no defined name %s" % name):
            continue
        m = re.fullmatch(r"'?汇总'?!\$([A-Z]+)\$([0-9]+)", names[name])
        if check(m is not None, "%s = %r, not a cell of 汇总" % (name, names[name])):
            v = ws["%s%s" % m.groups()].value
            check(m.group(1) == chr(64 + ct) and int(m.group(2)) == r, "%s = %s, not the target cell" % (name, names[name]))
            check(isinstance(v, (int, float)) and (close(v, t) or close(v, math.ceil(t))),
                  "%s holds %r, target %r" % (name, v, t))
    return n


def check_quarterly(book_f, book_v, quarterly, kinds, names, total):
    ws = book_v["季度明细"]
    rows = {}
    for r in range(5, ws.max_row + 1):
        name, q = ws.cell(row=r, column=1).value, ws.cell(row=r, column=3).value
        if name:
            rows[(name, q)] = r
    n = 0
    for q in quarterly:
        if q["unit"] != total or q["indicator"] not in names:
            continue
        y, k = q["period"].split("Q")
        label = "%s年第%s季度" % (y, "一二三四"[int(k) - 1])
        r = rows.get((names[q["indicator"]], label))
        if not check(r is not None, "季度明细 has no row %s %s" % (names[q["indicator"]], label)):
            continue
        kind = kinds[q["indicator"]]
        n += traced(book_f, book_v, "季度明细", "D%d" % r, num(q["amount"]), kind, "%s %s 本季数" % (q["indicator"], q["period"]))
        n += traced(book_f, book_v, "季度明细", "E%d" % r, num(q["actual"]), kind, "%s %s 累计" % (q["indicator"], q["period"]))
    return n


def check_units(book_f, book_v, progress, total):
    ws = book_v["分单位"]
    groups = {}
    for c in range(2, ws.max_column + 1):
        g = ws.cell(row=4, column=c).value
        if g:
            groups[g] = c  # the merged group name sits on its first column: 实际
    units = {}
    for r in range(6, ws.max_row + 1):
        u = ws.cell(row=r, column=1).value
        if u:
            units[u] = r
    n = 0
    for p in progress:
        c, r = groups.get(p["name"]), units.get(p["unit"])
        if not check(c is not None and r is not None, "分单位 has no cell for %s %s" % (p["unit"], p["name"])):
            continue
        coord = "%s%d" % (openpyxl.utils.get_column_letter(c), r)
        if p["unit"] == total:  # the region's row: a SUM of the units, a ratio or coverage over 数据
            if p["kind"] in ("ratio", "coverage"):
                n += traced(book_f, book_v, "分单位", coord, num(p["actual"]), p["kind"], p["unit"] + p["name"])
            continue
        n += traced(book_f, book_v, "分单位", coord, num(p["actual"]), p["kind"], p["unit"] + " " + p["name"])
    check_unit_colours(book_f, progress, total, groups, units)
    return n, [u for u in sorted(units, key=units.get) if u != total]


LABELS = {"achieved": "已完成", "on_track": "正常", "lagging": "滞后", "critical": "严重滞后",
          "missed": "未完成", "above_range": "超出区间", "not_due": "未到期"}


def check_unit_colours(book_f, progress, total, groups, units):
    """分单位: no colour scale; a unit's completion is coloured by its card with the status and
    card words in its number format where unit targets exist; no other cell of the unit rows has a fill."""
    ws = book_f["分单位"]
    kinds = [r.type for cf in ws.conditional_formatting for r in cf.rules]
    check("colorScale" not in kinds, "分单位: a colour scale on raw values")
    rate_cols = set()
    for p in progress:
        if p["unit"] == total:
            continue
        c, r = groups[p["name"]], units[p["unit"]]
        if ws.cell(row=5, column=c + 2).value != "完成率":
            continue  # no unit targets in this group
        rate_cols.add(c + 2)
        cell = ws.cell(row=r, column=c + 2)
        label = LABELS.get(p["status"])
        if label:
            card = {"green": "绿牌", "yellow": "黄牌", "red": "红牌"}[p["card"]]  # a status has a card
            check(('" %s（%s）"' % (label, card)) in cell.number_format and cell.fill.fill_type == "solid",
                  "分单位 %s %s: status %s, cell %r fill %r" % (p["unit"], p["name"], p["status"], cell.number_format, cell.fill.fill_type))
        else:
            check(cell.fill.fill_type != "solid", "分单位 %s %s: coloured without a status" % (p["unit"], p["name"]))
    for u, r in units.items():
        if u == total:
            continue
        for c in range(2, ws.max_column):
            if c not in rate_cols:
                check(ws.cell(row=r, column=c).fill.fill_type != "solid",
                      "分单位 %s column %d: coloured, but it is no status" % (u, c))


def check_sorted(book_v, roster):
    ws = book_v["数据"]
    order = {u: k for k, u in enumerate(roster)}
    keys = []
    for row in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if row[0] is None:
            break
        y, q = str(row[0]).split("Q")
        keys.append((int(y), int(q), order.get(row[1], len(order))))
    bad = [k for k in range(1, len(keys)) if keys[k] < keys[k - 1]]
    check(not bad, "数据 is not sorted by period, then unit: row %s" % (bad[0] + 2 if bad else None))
    check(len(keys) > 0, "数据 has no rows")
    return len(keys)


# ---------------------------------------------------------------- print

A4 = (595.3, 841.9)  # points, portrait


def col_points(width):
    """Excel's column width (characters of the default font) in points: (w * 7 + 5) px * 0.75."""
    return (width * 7 + 5) * 0.75


def chart_extents(path):
    """Sheet name -> the last column (1-based) a drawing reaches."""
    out = {}
    with zipfile.ZipFile(path) as z:
        wbxml = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId[0-9]+)"[^>]*Target="([^"]+)"', rels))
        targets.update({a: b for b, a in re.findall(r'Target="([^"]+)"[^>]*Id="(rId[0-9]+)"', rels)})
        for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="[0-9]+" r:id="(rId[0-9]+)"', wbxml):
            sheet = "xl/" + targets[rid]
            srels = sheet.replace("worksheets/", "worksheets/_rels/") + ".rels"
            if srels not in z.namelist():
                continue
            for d in re.findall(r'Target="\.\./drawings/([^"]+)"', z.read(srels).decode()):
                xml = z.read("xl/drawings/" + d).decode()
                cols = [int(c) for c in re.findall(r"<xdr:to><xdr:col>([0-9]+)</xdr:col>", xml)]
                if cols:
                    out[name] = max(out.get(name, 0), max(cols) + 1)
    return out


def check_print(path, book_f):
    extents = chart_extents(path)
    report = []
    for ws in book_f.worksheets:
        name = ws.title
        ps, pp = ws.page_setup, ws.sheet_properties.pageSetUpPr
        check(str(ps.paperSize) == "9", "%s: paper %r, not A4" % (name, ps.paperSize))
        check(pp is not None and pp.fitToPage, "%s: not fit to page" % name)
        wide = int(ps.fitToWidth if ps.fitToWidth is not None else 1)
        check(wide >= 1 and int(ps.fitToHeight if ps.fitToHeight is not None else 1) == 0,
              "%s: fit to %r wide, %r tall (want pages wide, any number tall)" % (name, ps.fitToWidth, ps.fitToHeight))
        m = ws.page_margins
        check(0.25 <= m.left <= 1 and 0.25 <= m.right <= 1 and 0.3 <= m.top <= 1.2 and 0.3 <= m.bottom <= 1.2,
              "%s: margins %r %r %r %r" % (name, m.left, m.right, m.top, m.bottom))
        if name in ("汇总", "季度明细", "分单位", "数据", "数据质量", "任务台账"):
            check(bool(ws.print_title_rows), "%s: no header rows repeated on each page" % name)
        # the printed columns: the print area, else the used ones and the drawings
        last = ws.max_column
        area = ws.print_area
        if area:
            m2 = re.search(r"\$([A-Z]+)\$[0-9]+:\$([A-Z]+)\$[0-9]+", str(area))
            if m2:
                last = column_index_from_string(m2.group(2))
        else:
            last = max(last, extents.get(name, 0))
        width = 0.0
        for c in range(1, last + 1):
            d = ws.column_dimensions.get(openpyxl.utils.get_column_letter(c))
            w = d.width if d is not None and d.width else 8.43
            width += col_points(w)
        page = A4[1] if ps.orientation == "landscape" else A4[0]
        printable = page - 72 * (m.left + m.right)
        scale = min(1.0, printable * wide / width) if width > 0 else 1.0
        sizes = [c.font.sz or 11 for row in ws.iter_rows(max_col=last) for c in row if c.value not in (None, "")]
        small = min(sizes) if sizes else 11
        printed = small * scale
        report.append("%s %.1fpt" % (name, printed))
        check(printed >= 7 - 1e-9, "%s: printed at about %.1f pt (%.0f pt of columns on %d page(s) of %.0f pt, "
              "smallest font %s pt)" % (name, printed, width, wide, printable, small))
    return report


def text_width(text):
    """Width units of text on one line: a CJK (wide) character counts two, others one."""
    import unicodedata
    return max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
               for line in str(text).split("\n"))


def check_wrapped_heights(book_f, sheets):
    """A wrapped text cell's row is tall enough for its lines (estimated on its own here: the
    text's width over the cell's, merged columns included, about 14 pt a line of 11-pt text),
    so that wrapped text never runs over the next rows."""
    n = 0
    for name in sheets:
        if name not in book_f.sheetnames:
            continue
        ws = book_f[name]
        spans = {}
        for m in ws.merged_cells.ranges:
            spans[(m.min_row, m.min_col)] = (m.min_col, m.max_col, m.max_row - m.min_row + 1)
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or not c.alignment.wrap_text:
                    continue
                c1, c2, nrows = spans.get((c.row, c.column), (c.column, c.column, 1))
                width = 0.0
                for k in range(c1, c2 + 1):
                    d = ws.column_dimensions.get(openpyxl.utils.get_column_letter(k))
                    width += d.width if d is not None and d.width else 8.43
                lines = math.ceil(text_width(c.value) / max(width - 1, 1))
                if lines <= 1:
                    continue
                n += 1
                h = 0.0
                for r in range(c.row, c.row + nrows):
                    d = ws.row_dimensions.get(r)
                    h += d.height if d is not None and d.height else 15
                check(h >= 14 * lines, "%s!%s wraps to about %d lines, its row is %.0f pt tall: %r"
                      % (name, c.coordinate, lines, h, c.value[:40]))
    return n


SCOPES = ("全市", "全省", "全区", "全县")


def check_notes_scope(book_v, progress, total):
    """说明 names the targets with the plan's own scope word (its total unit: 全市, 全省, 全区) and
    an example of a name the workbook defines."""
    ws = book_v["说明"]
    texts = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str) and "target_" in v]
    if not check(len(texts) == 1, "说明: %d texts name the targets, not 1" % len(texts)):
        return
    t = texts[0]
    check((total + "目标") in t, "说明: the targets are not named %s目标: %r" % (total, t[-80:]))
    for w in SCOPES:
        check(w == total or (w + "目标") not in t, "说明 says %s目标 in a plan of %s" % (w, total))
    m = re.search(r"如 (target_[a-z0-9_]+)", t)
    ids = ["target_" + p["indicator"] for p in progress if p["unit"] == total and p["target"] not in ("", None)]
    check(m is not None and m.group(1) in ids, "说明's example %r is not a target of this plan" % (m and m.group(1)))


def check_value_notes(book_f):
    """Every number under a table's header that is not a formula says where it comes from: a note
    on the cell or on its column's header (an auditor sees which cells are not formulas)."""
    heads = {"汇总": None, "季度明细": 4, "分单位": 5}
    n = 0
    for name, head in heads.items():
        ws = book_f[name]
        if head is None:
            head = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "指标")
        for row in ws.iter_rows(min_row=head + 1):
            for c in row:
                if c.data_type == "f" or isinstance(c.value, bool) or not isinstance(c.value, (int, float)):
                    continue
                n += 1
                h = ws.cell(row=head, column=c.column)
                check(c.comment is not None or h.comment is not None,
                      "%s!%s holds the value %r, not a formula, and no note says where it comes from (header %r)"
                      % (name, c.coordinate, c.value, h.value))
                note = (c.comment or h.comment)
                if note is not None:
                    check("不是公式" in note.text and ("progress.csv" in note.text or "quarterly.csv" in note.text),
                          "%s!%s: the note does not say it is a value from progress.csv or quarterly.csv: %r"
                          % (name, c.coordinate, note.text))
    return n


def lo_recalc_all(books):
    """One LibreOffice start recalculates every book (path, data_only workbook) and every number
    must equal the cached one; a poisoned copy of the first book (a cached result set to 12345)
    proves that it recalculates at all."""
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
        src, out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
        os.makedirs(src)
        names = []
        for k, (path, _) in enumerate(books):
            names.append("book%d.xlsx" % k)
            shutil.copy(path, os.path.join(src, names[-1]))
        cw.poison(books[0][0], os.path.join(src, "poisoned.xlsx"))
        cmd = [soffice, "-env:UserInstallation=file://" + profile, "--headless", "--norestore",
               "--convert-to", "xlsx", "--outdir", out] + [os.path.join(src, n) for n in names + ["poisoned.xlsx"]]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        for (path, book_v), n in zip(books, names):
            if not check(os.path.exists(os.path.join(out, n)), "LibreOffice did not open %s" % path):
                continue
            lo = openpyxl.load_workbook(os.path.join(out, n), data_only=True)
            compared = 0
            for name in book_v.sheetnames:
                mine, theirs = book_v[name], lo[name]
                for row in mine.iter_rows():
                    for c in row:
                        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                            got = theirs[c.coordinate].value
                            check(cw.close(got, c.value, 1e-9), "%s: LibreOffice %s!%s = %r, cached %r"
                                  % (os.path.basename(path), name, c.coordinate, got, c.value))
                            compared += 1
            print("%s: LibreOffice recalculation: %d numbers equal" % (os.path.basename(path), compared))
        po = openpyxl.load_workbook(os.path.join(out, "poisoned.xlsx"), data_only=True)
        bad = [c.coordinate for row in po["汇总"].iter_rows() for c in row if c.value == 12345]
        check(not bad, "LibreOffice did not recalculate (poisoned value kept at %s)" % bad)


def check_book(path, folder):
    """Every check above on one published workbook; returns its data_only workbook."""
    failed = len(FAILS)
    progress = read_csv(os.path.join(folder, "progress.csv"))
    quarterly = read_csv(os.path.join(folder, "quarterly.csv"))
    total = progress[0]["unit"]
    kinds = {p["indicator"]: p["kind"] for p in progress}
    names = {p["indicator"]: p["name"] for p in progress}
    book_f = openpyxl.load_workbook(path)
    book_v = openpyxl.load_workbook(path, data_only=True)
    n = check_summary(book_f, book_v, progress, total)
    n += check_quarterly(book_f, book_v, quarterly, kinds, names, total)
    nu, roster = check_units(book_f, book_v, progress, total)
    n += nu
    rows = check_sorted(book_v, roster)
    defined = {d.name: d.attr_text for d in book_f.defined_names.definedName}
    for col, name in (("A", "facts_period"), ("B", "facts_unit"), ("C", "facts_indicator"), ("E", "facts_value")):
        want = "'数据'!$%s$2:$%s$%d" % (col, col, rows + 1)
        check(defined.get(name) == want, "name %s = %r, not 数据's column %r" % (name, defined.get(name), want))
    check_notes_scope(book_v, progress, total)
    values = check_value_notes(book_f)
    check(n > 0, "no traced formula at all")
    pr = check_print(path, book_f)
    wrapped = check_wrapped_heights(book_f, book_f.sheetnames)
    print("%s %s: %d traced formulas, %d values with a note, 数据 %d rows sorted, %d wrapped cells tall "
          "enough; print: %s" % ("ok" if len(FAILS) == failed else "FAILED", os.path.basename(path), n, values, rows,
                                 wrapped, ", ".join(pr)))
    return book_v


def main(argv):
    warnings.simplefilter("ignore")
    args = [a for a in argv[1:] if a != "--lo"]
    if len(args) < 2 or len(args) % 2:
        print("usage: trace.py BOOK.xlsx FOLDER [BOOK.xlsx FOLDER ...] [--lo]", file=sys.stderr)
        return 2
    books = [(args[k], check_book(args[k], args[k + 1])) for k in range(0, len(args), 2)]
    if "--lo" in argv:
        lo_recalc_all(books)
    return 1 if FAILS or cw.FAILURES else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
