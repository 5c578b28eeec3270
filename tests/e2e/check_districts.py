#!/usr/bin/env python3
"""check_districts.py REPORT_DIR CONFIG — the districts' feedback files of a published report
(docs/formats.md, districts/): for every roster unit districts/<unit>.pdf and districts/<unit>.xlsx
exist; the PDF's text (pdftotext) lists every row of rejects.csv with that unit (file, line,
column, what was found, the reason) and no other unit's; a unit without one says 本单位本期数据无需
整改; the figures on the page are progress.csv's unit rows written as the report writes them
(numbers with the indicator's decimals, percentages with one); the xlsx (openpyxl) has the same
整改清单 and the same figures. Prints "ok: ..." lines; exits 1 on any failure."""
from decimal import Decimal, ROUND_HALF_UP
import csv
import math
import os
import re
import subprocess
import sys

import openpyxl

report, config = sys.argv[1], sys.argv[2]
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg, file=sys.stderr)


def roster(path):
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*roster\s*=\s*(.*)", line)
        if m:
            return [u.strip() for u in m.group(1).split(";")[0].split(",") if u.strip()]
    raise SystemExit("no roster in " + path)


def number(v, decimals):
    """As people read it: halves away from zero, ',' every three digits (docs/formats.md)."""
    q = math.floor(abs(v) * 10 ** decimals + 0.5) / 10 ** decimals
    s = f"{q:,.{decimals}f}"
    return ("-" if v < 0 and q != 0 else "") + s


def percent(f):
    return number(f * 100, 1) + "%"


def actual_text(row):
    """The actual as written (words.h): coverage as 已覆盖/未覆盖, money with 2 decimals, a
    percentage unit as a percentage with 1, counts whole, other decimals (万人, ratios) with up
    to 2, trailing zeros dropped."""
    v = float(row["actual"])
    unit = row["measure_unit"]
    if row["kind"] == "coverage":
        return "已覆盖" if v > 0 else "未覆盖"
    if unit in ("元", "万元", "亿元"):
        return number(v, 2)
    if unit in ("%", "％"):
        return percent(v)
    if v == int(v):
        return number(v, 0)
    return number(v, 2).rstrip("0").rstrip(".")


def squash(s):
    return re.sub(r"\s+", "", s)


HEAD = ["序号", "报告期", "文件", "行", "列（表头）", "填写内容", "问题及应当怎样填"]


def fix_columns(pdf):
    """The 整改清单's columns as read from the PDF (pdftotext -bbox): on each page, the header
    row's words give where each column starts; every word below it belongs to the column it
    starts in. Returns, per column, the text of its cells in order, one string per page."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    cols = {h: "" for h in HEAD}
    for page in re.findall(r"<page[^>]*>(.*?)</page>", html, re.S):
        words = [(float(x), float(y), w) for x, y, w in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>', page)]
        heads = {}
        for x, y, w in words:
            if w in HEAD and w not in heads and (w != "行" or "文件" in heads):
                heads[w] = (x, y)
        if len(heads) != len(HEAD):
            continue
        top = max(y for x, y in heads.values()) + 4
        starts = sorted((x - 1, h) for h, (x, y) in heads.items())
        foot = min((y for x, y, w in words if w.startswith("另有") or w.startswith("生成日期")), default=1e9)
        for x, y, w in sorted(words, key=lambda t: (t[1], t[0])):
            if top <= y < foot:
                col = [h for sx, h in starts if sx <= x]
                if col:
                    cols[col[-1]] += w
    return {h: html_unescape(t) for h, t in cols.items()}


def html_unescape(s):
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


PLAIN = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$")


def cell_text(c):
    """A cell as Excel shows it: a number in its number format (#,##0.00% and the like)."""
    v, fmt = c.value, c.number_format or "General"
    if not isinstance(v, (int, float)) or isinstance(v, bool):
        return v
    m = re.fullmatch(r"(#,##0|0)(?:\.(0+))?(%?)", fmt)
    if not m:
        fail(f"a number {v!r} in the format {fmt!r}")
        return str(v)
    decimals = len(m.group(2) or "")
    x = Decimal(repr(v)) * (100 if m.group(3) else 1)  # Excel rounds the shown digits half up
    x = x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    s = f"{x:,.{decimals}f}" if m.group(1) == "#,##0" else f"{x:.{decimals}f}"
    return s + m.group(3)


def file_names(units):
    """docs/formats.md, districts/: each roster unit's file name, every unit its own."""
    def base(u):
        b = u.encode("utf-8")
        if len(b) > 200:  # cut at a character to 200 bytes
            n = 200
            while n > 0 and (b[n] & 0xC0) == 0x80:
                n -= 1
            b = b[:n]
        s = "".join("_" if c == "/" or ord(c) < 0x20 or ord(c) == 0x7F else c for c in b.decode("utf-8"))
        return "_" + s if u in ("", ".", "..") else s
    bases = [base(u) for u in units]
    plain, given, out = set(bases), set(), []
    for b in bases:
        name = b
        if name in given:  # an earlier unit's: the first number that is no unit's name
            k = 2
            while f"{b}（{k}）" in plain or f"{b}（{k}）" in given:
                k += 1
            name = f"{b}（{k}）"
        given.add(name)
        out.append(name)
    return out


units = roster(config)
names = file_names(units)
files = sorted(os.listdir(os.path.join(report, "districts")))
expected = sorted([n + ".pdf" for n in names] + [n + ".xlsx" for n in names])
if files != expected:
    fail(f"districts/ holds {len(files)} files, not the roster's {len(expected)}: "
         f"{sorted(set(files) ^ set(expected))[:6]}")
rejects = list(csv.DictReader(open(os.path.join(report, "rejects.csv"), encoding="utf-8")))
progress = list(csv.DictReader(open(os.path.join(report, "progress.csv"), encoding="utf-8")))
ddir = os.path.join(report, "districts")
with_rejects = 0


def unitless_note(rejects):
    """The note every unit's page and workbook end with (docs/formats.md, districts/), or ""."""
    rows = [r for r in rejects if not r["unit"]]
    if not rows:
        return ""
    shown, files = [], []
    for r in rows:
        if r["source"] and r["source"] not in files:
            files.append(r["source"])
    shown = files[:3]
    text = f"另有 {len(rows)} 处问题无法确定属于哪个单位"
    if shown:
        text += "（见于文件 " + "、".join(shown) + (f" 等 {len(files)} 个文件" if len(files) > 3 else "") + "）"
        return text + "；如其中有本单位报送的文件，请向汇总部门了解详情。"
    return text + "；如有疑问，请向汇总部门了解详情。"


note = unitless_note(rejects)
for unit, name in zip(units, names):
    pdf = os.path.join(ddir, name + ".pdf")
    xlsx = os.path.join(ddir, name + ".xlsx")
    if not os.path.isfile(pdf) or not os.path.isfile(xlsx):
        fail(f"{unit}: districts/{name}.pdf or .xlsx missing")
        continue
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = squash(text)
    pages = text.count("\f")
    if pages < 1 or pages > 2:
        fail(f"{unit}.pdf: {pages} pages, expected 1 (2 for a long list)")
    if squash(unit + "·本期数据反馈") not in flat:
        fail(f"{unit}.pdf: no title naming the unit")
    mine = [r for r in rejects if r["unit"] == unit]
    others = [r for r in rejects if r["unit"] and r["unit"] != unit]
    # the 整改清单: every field of each of its rejects, in its column of the list
    cols = fix_columns(pdf) if mine else {}
    for r in mine:
        for field, head in (("source", "文件"), ("column", "列（表头）"), ("raw", "填写内容"),
                            ("reason", "问题及应当怎样填"), ("period", "报告期"), ("line", "行")):
            if squash(r[field]) not in cols.get(head, ""):
                fail(f"{unit}.pdf: reject line {r['line']}: {field} {r[field]!r} not in column {head}: "
                     f"{cols.get(head, '')!r}")
    for r in others:
        if squash(r["reason"]) in flat and squash(r["raw"]) in flat:
            fail(f"{unit}.pdf: lists {r['unit']}'s reject {r['raw']!r}")
    if mine:
        with_rejects += 1
        if "无需整改" in flat:
            fail(f"{unit}.pdf: says 无需整改 with {len(mine)} reject(s)")
        if squash(f"本单位报送的内容有以下 {len(mine)} 处问题。") not in flat:
            fail(f"{unit}.pdf: the count of its rejects ({len(mine)}) is not stated")
    elif "本单位本期数据无需整改" not in flat:
        fail(f"{unit}.pdf: no rejects, but it does not say 本单位本期数据无需整改")
    # rows no unit could be told for: counted, with their files, under every unit's list
    if note and squash(note) not in flat:
        fail(f"{unit}.pdf: lacks the note {note!r}")
    if not note and "无法确定属于哪个单位" in flat:
        fail(f"{unit}.pdf: a note of rows without a unit, but rejects.csv has none")
    # the figures: each indicator's line holds its actual, target and completion as written
    rows = [p for p in progress if p["unit"] == unit]
    lines = [squash(l) for l in text.splitlines()]
    for p in rows:
        want = [actual_text(p) if p["actual"] else "—"]
        if p["target"]:
            want.append(percent(float(p["completion"])))
        else:
            want.append("未分解单位")  # the cell wraps: its first line
        if p["rank"]:
            want.append(f"第{p['rank']}名")
        if p["yoy_growth"]:
            g = float(p["yoy_growth"])
            s = percent(abs(g))
            want.append(("" if s == "0.0%" else "+" if g > 0 else "−") + s)
        head = squash(p["name"])[:10]
        line = next((l for l in lines if l.startswith(head)), None)
        if line is None:
            fail(f"{unit}.pdf: no line for {p['name']}")
            continue
        for w in want:
            if squash(w) not in line:
                fail(f"{unit}.pdf: {p['name']}: {w!r} not on its line {line!r}")
    # the xlsx: the same list, the same figures
    wb = openpyxl.load_workbook(xlsx)
    if wb.sheetnames != ["整改清单", "本单位指标"]:
        fail(f"{unit}.xlsx: sheets {wb.sheetnames}")
        continue
    fix = list(wb["整改清单"].iter_rows(values_only=True))
    if not mine:
        if not fix or fix[0][0] != "本单位本期数据无需整改。":
            fail(f"{unit}.xlsx: no rejects, but 整改清单 does not say 无需整改: {fix[:1]}")
        tail = fix[2:]
    else:
        if not fix or fix[0][0] != f"本单位报送的内容有以下 {len(mine)} 处问题。请在文件中找到所列的行（表头为第 1 行）和列，按“问题及应当怎样填”改正后重新报送。":
            fail(f"{unit}.xlsx: 整改清单's first line {fix[:1]}")
        got = [r for r in fix[2:] if isinstance(r[0], int)]
        tail = [r for r in fix[2:] if not isinstance(r[0], int)]
        if len(got) != len(mine):
            fail(f"{unit}.xlsx: {len(got)} rows on 整改清单, rejects.csv has {len(mine)}")
        for g, r in zip(got, mine):
            exp = (r["period"] or None, r["source"], int(r["line"]) if r["line"] else None, r["column"] or None,
                   r["raw"] or "（空）", ("【提示】" if r["severity"] == "warning" else "") + r["reason"],
                   r["code"])
            if tuple(g[1:8]) != exp:
                fail(f"{unit}.xlsx: row {g} != {exp}")
    notes = [r[0] for r in tail if any(c is not None for c in r)]
    if notes != ([note] if note else []):
        fail(f"{unit}.xlsx: 整改清单's note {notes} != {[note] if note else []}")
    figs = {}
    for cells in wb["本单位指标"].iter_rows(min_row=4):
        if not cells[0].value:
            continue
        shown = tuple(cell_text(c) for c in cells)
        figs[shown[0]] = shown
        for c, t in zip(cells[1:5], shown[1:5]):
            # a plain figure is a number Excel shows as the page's text (no "number stored as text")
            if isinstance(t, str) and PLAIN.match(t) and not isinstance(c.value, (int, float)):
                fail(f"{unit}.xlsx: {shown[0]}: {t!r} is text, not a number")
    for p in rows:
        name = next((k for k in figs if k.startswith(p["name"])), None)
        if name is None:
            fail(f"{unit}.xlsx: no row for {p['name']}")
            continue
        r = figs[name]
        if r[1] != (actual_text(p) if p["actual"] else "—"):
            fail(f"{unit}.xlsx: {p['name']}: actual {r[1]!r}")
        if p["target"] and not r[3].startswith(percent(float(p["completion"]))):
            fail(f"{unit}.xlsx: {p['name']}: completion {r[3]!r}")
        if not p["target"] and r[2] != "未分解单位目标":
            fail(f"{unit}.xlsx: {p['name']}: target {r[2]!r}")
    if not failures:
        print(f"ok: {unit}: PDF and xlsx list its {len(mine)} reject(s) and its {len(rows)} figures")
if with_rejects == 0:
    fail("no unit had a reject: the 整改清单 was not tested")
sys.exit(1 if failures else 0)
