"""readback.py — shared by check_sheets.py and check_pdf.py: what a person should read.

The checkers read a published report back (the workbook with openpyxl, the PDF with pdftotext)
and compare every figure a person sees with the numbers behind it: progress.csv, quarterly.csv,
facts.csv and rejects.csv of the same run, and the plan's config. This module holds what both
need: the config reader, the CSV readers, the rules for how a figure is written for people, and
the result log with its list of known product bugs.

How figures are written for people (the report's decisions, written here again):
  money (元/万元/亿元)        2 decimals, thousands separators: 1,234.50
  counts (个 项 家 名 场 件 人 次 所)  whole numbers with thousands separators: 1,163; what is
      needed (the target, 序时应达, 距目标差额, 剩余每季需完成) is the smallest whole number that
      meets it (262.5 -> 263: 262 lags, 263 does not; 0.33 -> 1); a forecast is rounded to the
      nearest whole number
  percentages and coverage   1 decimal: 77.5%
  ratios, 万人               up to 2 decimals, trailing zeros dropped: 2.92, 3.5, 3
  pace gap (百分点)           1 decimal
Rounding is half away from zero, as people (and Excel's number formats) round. In the workbook
a cell showing a needed whole count holds the rounded-up value (no number format rounds up), and
a decimal figure gets the number format of the decimals it shows.
Missing quarters are shown "Q2、Q3" (progress.csv writes "Q2;Q3"). Units are ranked by
competition ranking (1, 2, 2, 4) on completion where the indicator has unit targets, else on the
actual; a unit that reported no value this year is not ranked (ranks()).

Every failure fails: there is no list of allowed differences (a product bug is fixed, or its
check fails until it is).
"""
import configparser
import csv
import math
import os
import re
import sys
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal


STATUS_LABEL = {"achieved": "已完成", "on_track": "正常", "lagging": "滞后", "critical": "严重滞后",
                "missed": "未完成", "above_range": "超出区间", "not_due": "未到期"}
STATUS_ORDER = ["achieved", "on_track", "lagging", "critical", "missed", "above_range", "not_due"]
STATUS_CODES = list(STATUS_LABEL)
QUARTER_CN = {1: "一", 2: "二", 3: "三", 4: "四"}
MONEY = {"元", "万元", "亿元"}
COUNTS = {"个", "项", "家", "名", "场", "件", "人", "次", "所"}


# ---------------------------------------------------------------- inputs

def read_csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def num(s):
    """A CSV number, None when empty."""
    return None if s is None or s == "" else float(s)


def read_kv(path):
    """compare.txt / ingest.txt: key=value lines (repeated keys kept as lists)."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            k, _, v = line.rstrip("\n").partition("=")
            out.setdefault(k, []).append(v)
    return out


def _clean(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] == '"':
        v = v[1:-1]
    return v


class Indicator:
    def __init__(self, ident, sec):
        g = lambda k, d="": _clean(sec.get(k, d))  # noqa: E731
        self.id = ident
        self.name = g("name")
        self.unit = g("unit")
        self.kind = g("kind", "flow")
        self.comparator = g("comparator", ">=")
        self.target = g("target")
        self.milestones = g("milestones")
        self.growth = g("growth")
        self.baseline = g("baseline")
        self.key = g("key").lower() in ("yes", "true", "1")
        self.pace = g("pace", "linear") or "linear"
        self.unit_targets = {}
        for item in g("unit_targets").split(","):
            if ":" in item:
                u, _, t = item.partition(":")
                self.unit_targets[u.strip()] = float(t)
        self.range = None
        if self.comparator == "range" and ".." in self.target:
            lo, _, hi = self.target.partition("..")
            self.range = (float(lo), float(hi))

    def deadlines(self, end_year):
        """pace = deadline: the milestones as (year, value); without milestones, the target at
        the horizon's end (docs/formulas.md, deadline steps)."""
        ms = [(int(y), float(v)) for y, _, v in
              (m.strip().partition(":") for m in self.milestones.split(",") if ":" in m)]
        return ms or [(end_year, float(self.target))]

    def first_milestone_year(self):
        years = [int(m.split(":")[0]) for m in self.milestones.split(",") if ":" in m]
        return min(years) if years else None

    def plain_target(self):
        """The configured target when it is one number (not milestones, growth or a range)."""
        if self.range:
            return self.range[0]
        try:
            return float(self.target) if self.target and not self.milestones and not self.growth else None
        except ValueError:
            return None


class Plan:
    def __init__(self, path):
        cp = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=(";", "#"),
                                       strict=False)
        cp.optionxform = str
        with open(path, encoding="utf-8-sig") as fh:
            cp.read_file(fh)
        p = cp["plan"]
        self.path = path
        self.id = _clean(p.get("id", ""))
        self.name = _clean(p.get("name", ""))
        self.region = _clean(p.get("region", ""))
        self.total_name = _clean(p.get("total_name", "全市"))
        self.start_year = int(_clean(p.get("start_year")))
        self.end_year = int(_clean(p.get("end_year", str(self.start_year))))
        self.warn = float(_clean(p.get("lagging_threshold", "0.10")))
        ids = [s.strip() for s in _clean(p.get("indicators", "")).split(",") if s.strip()]
        self.indicators = [Indicator(i, cp["indicator." + i]) for i in ids]
        self.by_id = {i.id: i for i in self.indicators}
        self.font = _clean(cp["report"].get("font", "")) if cp.has_section("report") else ""

    def key_indicators(self):
        keys = [i for i in self.indicators if i.key]
        return keys or list(self.indicators)


def period_parts(period):
    m = re.fullmatch(r"(\d{4})Q([1-4])", period)
    return int(m.group(1)), int(m.group(2))


def period_cn(period):
    y, q = period_parts(period)
    return "%d年第%s季度" % (y, QUARTER_CN[q])


def quarter_end(period):
    y, q = period_parts(period)
    return y, 3 * q, {1: 31, 2: 30, 3: 30, 4: 31}[q]


def horizon_cn(plan):
    return "" if plan.start_year == plan.end_year else "%d–%d年" % (plan.start_year, plan.end_year)


# ---------------------------------------------------------------- numbers for people

def numkind(measure_unit, kind):
    """count | money | percent | decimal, independent of the product's own table."""
    if measure_unit == "%" or kind == "coverage":
        return "percent"
    if kind == "ratio":
        return "decimal"
    if measure_unit in MONEY:
        return "money"
    if measure_unit in COUNTS:
        return "count"
    return "decimal"


def rounded(v, decimals, mode=ROUND_HALF_UP):
    # halves to the 15th significant digit, as a spreadsheet shows a number (docs/formulas.md,
    # 数值的显示): a gap of 3.749999999999998 points is 3.75, read 3.8
    text = format(float(v), ".15g") if mode == ROUND_HALF_UP else repr(float(v))
    q = Decimal(text).quantize(Decimal(1).scaleb(-decimals), rounding=mode)
    return q


def grouped(q, decimals):
    s = format(abs(q), ",.%df" % decimals)
    return ("-" if q < 0 and q != 0 else "") + s


def fixed(v, decimals, mode=ROUND_HALF_UP):
    return grouped(rounded(v, decimals, mode), decimals)


# roles of a figure: how a count is made whole. PACE: what is needed (target, expected, gap,
# required per quarter); ESTIMATE: a forecast; EXACT: what was reported
EXACT, PACE, ESTIMATE = "exact", "pace", "estimate"


def decimal_places(v):
    """The decimals a ratio or 万人 figure shows: up to 2, trailing zeros dropped."""
    q = rounded(v, 2)
    for d in (0, 1):
        if q == q.quantize(Decimal(1).scaleb(-d)):
            return d
    return 2


def held(v, nk, role=EXACT):
    """The value a workbook cell holds for figure v: a needed whole count rounded up (a number
    format cannot round up), any other figure as it is (its format rounds it)."""
    if v is None or nk != "count" or role != PACE:
        return v
    return float(math.ceil(v - 1e-9))


def shown_value(v, nk, role=EXACT):
    """The number a person reads for v, as a float (what they would subtract)."""
    if v is None:
        return None
    if nk == "count":
        return held(v, nk, role) if role == PACE else float(rounded(v, 0))
    if nk == "percent":
        return float(rounded(v * 100, 1)) / 100
    return float(rounded(v, 2))


def person_text(v, nk, role=EXACT):
    """The text a person should read for v (no unit). None for a missing value."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if nk == "money":
        return fixed(v, 2)
    if nk == "percent":
        return fixed(v * 100, 1) + "%"
    if nk == "decimal":
        return fixed(v, decimal_places(v))
    # counts: whole numbers; what is needed is the smallest whole number that meets it
    if role == PACE:
        return fixed(v - 1e-9, 0, ROUND_CEILING)
    return fixed(v, 0)


def deadline_named(ind, row, plan):
    """The milestone (year, value, is_last) a deliverable's status is about (docs/formulas.md,
    deadline steps; a region row with pace = deadline): not_due names the milestone in force (the
    first of the row's year or later, else the last); missed names the one due and not met.
    None otherwise."""
    if ind.pace != "deadline" or row["unit"] != plan.total_name or num(row["actual"]) is None:
        return None
    ms = ind.deadlines(plan.end_year)
    year, q = period_parts(row["period"])
    a = num(row["actual"])
    if row["status"] == "not_due":
        later = [m for m in ms if m[0] >= year]
        m = later[0] if later else ms[-1]
        return m[0], m[1], m == ms[-1]
    if row["status"] == "missed":
        due = [m for m in ms if (m[0], 4) <= (year, q)]
        if not due:
            return None
        m = due[-1]
        met = a > m[1] if ind.comparator == ">" else a >= m[1]
        return None if met else (m[0], m[1], False)
    return None


def deadline_words(ind, row, plan):
    """"2019年底节点 0 / 1 个", "2020年底到期" (the final target in force), or "" (the report's
    words for the milestone of a deliverable's status)."""
    named = deadline_named(ind, row, plan)
    if named is None:
        return ""
    year, value, last = named
    if row["status"] == "not_due" and last and value == num(row["target"]):
        return "%d年底到期" % year
    nk = numkind(row["measure_unit"], row["kind"])
    unit = "" if nk == "percent" else row["measure_unit"]
    return "%d年底节点 %s / %s%s%s" % (year, person_text(num(row["actual"]), nk), "超过 " if ind.comparator == ">" else "",
                                     person_text(value, nk, PACE), (" " + unit) if unit else "")


def no_status_reason(cfg, row, total_name, start_year):
    """Why a progress.csv row has no status, as people read it after 未评估 (the report's
    decision: every row without a status says why), from the config and the row."""
    year, _ = period_parts(row["period"])
    target, actual = num(row["target"]), num(row["actual"])
    if row["unit"] != total_name and target is None:
        return "未分解单位目标"
    if actual is None:
        return "缺少分母数据" if cfg.kind == "ratio" else "缺少数据"
    if cfg.growth and target is None:
        return "缺少基期数据"
    first = cfg.first_milestone_year()
    if cfg.kind == "flow" and target is None and first is not None and first > year:
        # before the first milestone the yearly target is implied from the base year (the
        # year before the horizon); without its full-year figure there is none
        # (docs/formulas.md) the first milestone for reference, never a completion of it
        y, _, v = cfg.milestones.split(",")[0].strip().partition(":")
        nk = numkind(cfg.unit, cfg.kind)
        unit = "" if nk == "percent" else cfg.unit
        return "缺少%d年全年数据，无法推算本年目标；%s年目标 %s%s" % (start_year - 1, y.strip(),
                                                   person_text(float(v), nk, PACE), (" " + unit) if unit else "")
    return "未设目标" if target is None else ""


def missing_text(missing):
    """progress.csv's missing_quarters as people read it: "Q2;Q3" -> "Q2、Q3"."""
    return (missing or "").replace(";", "、")


def parse_shown(s):
    """A number as written for people ("1,163", "77.5%", "-0") -> (value, decimals, percent)."""
    m = re.fullmatch(r"(-?)([0-9]{1,3}(?:,[0-9]{3})*|[0-9]+)(?:\.([0-9]+))?(%?)", s.strip())
    if not m:
        return None
    digits = m.group(2).replace(",", "")
    frac = m.group(3) or ""
    v = float(digits + ("." + frac if frac else ""))
    return (-v if m.group(1) else v), len(frac), bool(m.group(4))


MAX_DECIMALS = {"count": 0, "money": 2, "percent": 1, "decimal": 2}


def text_number_ok(s, v, nk, role=EXACT):
    """A number inside a sentence ("要求 ≥ 1500", "基数 1,180"): it must read as v does at the
    precision of its kind (a percentage with %, at most the kind's decimals, thousands separators
    optional); a count on pace is the smallest whole number on pace."""
    got = parse_shown(s)
    if got is None or v is None:
        return False
    value, decimals, pct = got
    if pct != (nk == "percent") or decimals > MAX_DECIMALS[nk]:
        return False
    want = v * 100 if nk == "percent" else v
    if nk == "count" and role == PACE:
        return Decimal(repr(value)) == rounded(want - 1e-9, 0, ROUND_CEILING)
    if nk == "decimal" and decimals != decimal_places(want):
        return False
    return Decimal(repr(value)) == rounded(want, decimals)


def same_shown(shown, want, nk):
    """Whether the text a person reads equals the wanted text."""
    return shown == want


# ---------------------------------------------------------------- Excel display

def excel_text(value, fmt):
    """What Excel shows for a number under the number formats qtr uses; None for other formats."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    suffix = ""
    m = re.fullmatch(r'(.*?)"([^"]*)"', fmt)
    if m:
        fmt, suffix = m.group(1), m.group(2)
    table = {"#,##0": (0, True, False), "#,##0.0": (1, True, False), "#,##0.00": (2, True, False),
             "0.0%": (1, False, True), "0.0": (1, False, False), "0": (0, False, False),
             "0.00": (2, False, False)}
    if fmt not in table:
        return None
    d, group, pct = table[fmt]
    v = value * 100 if pct else value
    q = rounded(v, d)
    s = format(abs(q), (",.%df" if group else ".%df") % d)
    neg = v < 0  # Excel keeps the sign of a negative value that rounds to zero: -0
    return ("-" if neg else "") + s + ("%" if pct else "") + suffix


def excel_format_for(nk, v=None):
    """The number format that shows v as person_text writes it (a decimal figure: its decimals)."""
    if nk == "decimal":
        return ("#,##0", "#,##0.0", "#,##0.00")[decimal_places(v) if v is not None else 2]
    return {"count": "#,##0", "money": "#,##0.00", "percent": "0.0%"}[nk]


# ---------------------------------------------------------------- ranks

def competition_ranks(values):
    """1,2,2,4: rank = 1 + number of strictly greater values (None values get None)."""
    return [None if v is None else 1 + sum(1 for w in values if w is not None and w > v) for v in values]


def reported_this_year(row, quarter):
    """Whether a unit row has a value of the report year: some quarter Q1..Qq not missing."""
    missing = {m for m in (row["missing_quarters"] or "").split(";") if m}
    return any("Q%d" % k not in missing for k in range(1, quarter + 1))


def ranks(rows, quarter):
    """Independent ranks of an indicator's unit rows (a list of progress.csv rows, roster
    order): (basis, [rank or None]). Completion where some unit has a target of its own, else
    the actual; a unit without a value this year, or without the basis, is not ranked."""
    basis = "completion" if any(r["target"] for r in rows) else "actual"
    vals = [num(r[basis]) if reported_this_year(r, quarter) else None for r in rows]
    return basis, competition_ranks(vals)


# ---------------------------------------------------------------- results

class Log:
    """Prints one line per failed assertion (and per passed one with QTR_VERBOSE=1). Counts them."""

    def __init__(self, area, case, period):
        self.area, self.case, self.period = area, case, period
        self.oks = self.fails = 0

    def where(self, check, detail):
        return "%s %s %s %s %s" % (self.area, self.case, self.period, check, detail)

    def ok(self, check, detail, msg=""):
        self.oks += 1
        if os.environ.get("QTR_VERBOSE") == "1":
            print("ok: %s %s" % (self.where(check, detail), msg))

    def check(self, cond, check, detail, msg):
        if cond:
            self.ok(check, detail, msg)
        else:
            self.bad(check, detail, msg)
        return cond

    def bad(self, check, detail, msg):
        self.fails += 1
        print("FAIL: %s: %s" % (self.where(check, detail), msg))

    def finish(self):
        print("%s %s %s: %d ok, %d failed" % (self.area, self.case, self.period, self.oks, self.fails))
        return 1 if self.fails else 0


def run_checks(log, fn, *args):
    """Runs fn(log, *args); an exception is a failure of the checker's case, not a crash."""
    try:
        fn(log, *args)
    except Exception as e:  # noqa: BLE001 — report and go on with the other checks
        import traceback
        traceback.print_exc(file=sys.stdout)
        log.bad("checker", fn.__name__, "%s: %s" % (type(e).__name__, e))
