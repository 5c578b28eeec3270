#!/usr/bin/python3
"""template.py — checks a fill-in template written by `run.sh --template` and fills it in.

usage: template.py check CONFIG PERIOD CSV NOTES
       template.py fill CONFIG CSV OUT VALUES

check: the CSV opens in Python as UTF-8 and keeps its BOM; its header is exactly the plan's
       first period header, first unit header and the first header of each series of the config
       (with the series' unit when that header names none), every series once; one row per
       roster unit, in roster order, with PERIOD filled and every value cell empty; the notes
       start with a BOM and name the period, each header, its indicator's name and unit.
fill:  writes OUT (UTF-8 with BOM, as Excel's "CSV UTF-8" saves) from the template with a whole
       number in every value cell, and VALUES, the facts they must become:
       period,unit,indicator,value with the value in the series' own unit (docs/input.md: units in
       headers convert) — computed here from the config, not by qtr.
The config is read here with configparser, independently of qtr's loader (docs/config.md).
"""
import configparser
import csv
import io
import re
import sys
from decimal import Decimal

MONEY = {"元": 0, "万元": 4, "亿元": 8}
POP = {"人": 0, "万人": 4}


def load(path):
    cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"), strict=False,
                                   interpolation=None)
    cp.optionxform = str
    with open(path, encoding="utf-8-sig") as f:
        cp.read_file(f)
    return cp


def split(v):
    return [x.strip() for x in v.split(",") if x.strip()]


def plan(path):
    """(period header, unit header, roster, [(series id, header, unit, header unit, name)])."""
    cp = load(path)
    inp = cp["input"] if cp.has_section("input") else {}
    ph = split(inp.get("period_headers", "报告期"))[0]
    uh = split(inp.get("unit_headers", "填报单位"))[0]
    roster = split(cp["units"]["roster"])
    series, seen = [], set()

    def add(sid, sec):
        if sid in seen:
            return
        seen.add(sid)
        heads = split(sec["headers"])
        m = re.fullmatch(r"(.*)[(（]([^()（）]*)[)）]", heads[0])
        hu = m.group(2) if m else ""
        head = heads[0] if hu else "%s(%s)" % (heads[0], sec["unit"])
        series.append((sid, head, sec["unit"], hu or sec["unit"], sec["name"]))

    for ind in split(cp["plan"]["indicators"]):
        sec = cp["indicator." + ind]
        kind = sec["kind"].strip()
        if kind == "ratio":
            for key in ("numerator", "denominator"):
                sid = sec[key].strip()
                add(sid, cp["series." + sid])
        elif kind == "coverage":
            sid = sec["series"].strip()
            add(sid, cp["series." + sid])
        else:
            add(ind, sec)
    return ph, uh, roster, series


def problems_of_check(config, period, csv_path, notes_path):
    out = []
    ph, uh, roster, series = plan(config)
    raw = open(csv_path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        out.append("the CSV does not start with a UTF-8 BOM")
    # as Python opens a CSV: the text keeps the BOM as U+FEFF before the first header
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or not rows[0] or not rows[0][0].startswith("\ufeff"):
        out.append("opened as UTF-8, the first header does not keep the BOM")
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    want = [ph, uh] + [s[1] for s in series]
    if rows[0] != want:
        out.append("header %r, expected %r" % (rows[0], want))
    body = rows[1:]
    if [r[1] for r in body] != roster:
        out.append("units %r, expected the roster %r" % ([r[1] for r in body], roster))
    for r in body:
        if len(r) != len(want) or r[0] != period or any(c != "" for c in r[2:]):
            out.append("row %r: expected %s, the unit and %d empty cells" % (r, period, len(series)))
    notes = open(notes_path, "rb").read()
    if not notes.startswith(b"\xef\xbb\xbf"):
        out.append("the notes do not start with a UTF-8 BOM")
    text = notes.decode("utf-8")
    for word in [period, ph, uh, "未报送", "—"] + [w for s in series for w in (s[1], s[4], s[3])]:
        if word not in text:
            out.append("the notes do not mention %r" % word)
    return out


def fill(config, csv_path, out_path, values_path):
    ph, uh, roster, series = plan(config)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(rows[0])
    facts = []
    for i, r in enumerate(rows[1:]):
        cells = r[:2]
        for j, (sid, head, unit, hu, name) in enumerate(series):
            v = (i * 7 + j * 13) % 97 + 1  # whole, positive, different across cells
            cells.append(str(v))
            if unit in MONEY:
                exact = Decimal(v).scaleb(MONEY[hu] - MONEY[unit])
            elif unit in POP and hu in POP:
                exact = Decimal(v).scaleb(POP[hu] - POP[unit])
            else:
                exact = Decimal(v)
            facts.append((r[0], r[1], sid, exact))
        w.writerow(cells)
    with open(out_path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    with open(values_path, "w", encoding="utf-8", newline="") as f:
        cw = csv.writer(f, lineterminator="\n")
        cw.writerow(["period", "unit", "indicator", "value"])
        for fct in facts:
            cw.writerow(fct[:3] + (str(fct[3]),))


def main(argv):
    if len(argv) == 6 and argv[1] == "check":
        problems = problems_of_check(*argv[2:6])
        for p in problems:
            print("FAIL: " + p)
        return 1 if problems else 0
    if len(argv) == 6 and argv[1] == "fill":
        fill(*argv[2:6])
        return 0
    sys.stderr.write(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
