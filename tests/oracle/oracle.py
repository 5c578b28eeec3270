#!/usr/bin/python3
"""oracle.py — an independent implementation of qtr's formulas, for the tests.

Recomputes progress.csv and quarterly.csv from a plan INI and facts.csv. Written from the
product's specification (its formulas, progress.csv's contract, multi-year plans and the
second release's decisions), the README's "Plan configuration" and the comments of
config/*.ini -- not from pipeline/core/progress*.c. Standard library only.

    oracle.py --config PLAN.ini --facts facts.csv --period 2025Q3 \
              --progress OUT.csv [--quarterly OUT.csv]
    oracle.py --config PLAN.ini --facts facts.csv --all-periods --outdir DIR
    oracle.py --batch JOBS     (one line per plan: CONFIG<TAB>FACTS<TAB>OUTDIR)

The second form computes every quarter of the plan's horizon from its first quarter up to the
latest one with a value and writes DIR/<period>/progress.csv and quarterly.csv, plus
DIR/periods.txt with one line "<period> data" or "<period> nodata" per quarter. The third does
the same for many plans in one process (a plan that fails gets DIR/error.txt).

Exit codes: 0 ok, 2 usage, 65 no value of the quarter, 78 bad configuration or facts.

The formulas follow the project's docs (docs/formulas.md, docs/formats.md, docs/config.md). Where
they are silent or ambiguous, the rule the product chose was looked up and is written below as a
comment starting with "RULE (product's choice):". The eight columns the second release appended to progress.csv (baseline,
prev_year_actual, yoy_growth, rank, rank_basis, yoy_rank, rank_prev, card) were written from
docs/formats.md and the second release's decisions only, without the product's code; where
those texts are ambiguous the rule taken from their wording is marked "RULE (docs ambiguity):".
Three rules of the second release are marked "SECOND RELEASE:" (written before the product had
them; tests/e2e/oracle.sh lists any difference as a known product bug — none is left):
  - a strict `>` target on a whole count is first met at T + 1 (gap_to_target = T + 1 - A);
  - a milestone of a stock or period flow not reached at its year's last quarter is `missed`;
  - before its first milestone, an annual flow's yearly target is implied from the year before
    the horizon (its full-year actual in the input, or a configured `base`).
"""

import argparse
import csv
import io
import math
import os
import sys
from decimal import Decimal, InvalidOperation

# ------------------------------------------------------------------------------- errors

EXIT_NODATA = 65
EXIT_CONFIG = 78


class OracleError(Exception):
    def __init__(self, message, code=EXIT_CONFIG):
        super().__init__(message)
        self.code = code


# ------------------------------------------------------------------------------- text helpers

BLANKS = " \t\r\n\u3000\ufeff"


def trim(s):
    return s.strip(BLANKS)


def split_list(value):
    """A comma list. RULE (product's choice): a full-width comma (，) separates items too."""
    if value is None:
        return []
    items = []
    for part in value.replace("\uff0c", ",").split(","):
        part = trim(part)
        if part:
            items.append(part)
    return items


def name_key(s):
    """Unit names match ignoring blanks (ASCII and U+3000) and full-width brackets."""
    s = s.replace("（", "(").replace("）", ")")
    return "".join(ch for ch in s if ch not in BLANKS)


def parse_float(text, what):
    try:
        v = float(trim(text))
    except ValueError:
        raise OracleError(f"{what}: '{text}' is not a number")
    if not math.isfinite(v):
        raise OracleError(f"{what}: '{text}' is not a finite number")
    return v


# ------------------------------------------------------------------------------- the INI file


def read_ini(path):
    """{section: {key: value}} with sections and keys in file order.

    What the README documents: [sections], `key = value`, `;` and `#` start a comment (whole
    line or after a value), a value that holds `;` or `#` is quoted ("..." or '...'), blanks
    around keys and values are ignored. Section and key names are not case-sensitive. A
    section or key given twice is an error (the product exits 78)."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise OracleError(f"{path}: {e}")
    except UnicodeDecodeError:
        raise OracleError(f"{path}: not UTF-8")
    sections = {}
    current = None
    for lineno, raw in enumerate(lines, 1):
        line = trim(raw)
        if not line or line[0] in ";#":
            continue
        if line.startswith("["):
            end = line.find("]")
            if end < 0:
                raise OracleError(f"{path}:{lineno}: section header without ']'")
            name = trim(line[1:end]).lower()
            if name in sections:
                raise OracleError(f"{path}:{lineno}: section [{name}] given twice")
            sections[name] = {}
            current = sections[name]
            continue
        if "=" not in line:
            raise OracleError(f"{path}:{lineno}: not 'key = value'")
        if current is None:
            raise OracleError(f"{path}:{lineno}: key outside a section")
        key, value = line.split("=", 1)
        key = trim(key).lower()
        value = trim(value)
        if value[:1] in ('"', "'"):
            close = value.find(value[0], 1)
            if close < 0:
                raise OracleError(f"{path}:{lineno}: unterminated quote")
            value = value[1:close]
        else:
            cut = [i for i in (value.find(";"), value.find("#")) if i >= 0]
            if cut:
                value = value[: min(cut)]
        value = trim(value)
        if key in current:
            raise OracleError(f"{path}:{lineno}: key '{key}' given twice")
        current[key] = value
    return sections


# ------------------------------------------------------------------------------- periods

def period_index(year, quarter):
    return year * 4 + (quarter - 1)


def period_year(k):
    return k // 4


def period_quarter(k):
    return k % 4 + 1


def period_text(k):
    return f"{period_year(k)}Q{period_quarter(k)}"


def parse_period(text):
    """facts.csv and the command line use 2025Q3; 2025-Q3 and '2025 Q3' are accepted too."""
    t = trim(text).upper().replace("-", "").replace(" ", "")
    if len(t) == 6 and t[:4].isdigit() and t[4] == "Q" and t[5] in "1234":
        return period_index(int(t[:4]), int(t[5]))
    raise OracleError(f"'{text}' is not a quarter such as 2025Q3")


# ------------------------------------------------------------------------------- the plan

# Whole-count units: 个/家/项/名/场/件, and 人, 次 and 所 which the README lists as counts too
# (ingest refuses a fraction of any of them). 万人 is a count of ten thousands: not whole.
WHOLE_COUNT_UNITS = {"个", "家", "项", "名", "场", "件", "人", "次", "所"}
# RULE (product's choice): `kind = annual_flow` is accepted and written as `flow`.
KINDS = {"flow": "flow", "annual_flow": "flow", "stock": "stock", "period_flow": "period_flow",
         "ratio": "ratio", "coverage": "coverage"}


class Series:
    def __init__(self, sid, stock):
        self.id = sid
        self.stock = stock


class Indicator:
    pass


class Plan:
    pass


def load_plan(path):
    ini = read_ini(path)
    plan = Plan()
    sec = ini.get("plan")
    if sec is None:
        raise OracleError(f"{path}: no [plan] section")

    def need(section, key):
        v = ini.get(section, {}).get(key, "")
        if v == "":
            raise OracleError(f"{path}: [{section}] {key}: missing")
        return v

    plan.id = need("plan", "id")
    plan.name = need("plan", "name")
    plan.region = need("plan", "region")
    plan.total_name = sec.get("total_name") or "全市"
    plan.start_year = int(parse_float(need("plan", "start_year"), "[plan] start_year"))
    plan.end_year = int(parse_float(sec.get("end_year") or str(plan.start_year), "[plan] end_year"))
    if plan.end_year < plan.start_year:
        raise OracleError(f"{path}: [plan] end_year before start_year")
    plan.warn = parse_float(sec.get("lagging_threshold") or "0.10", "[plan] lagging_threshold")

    # the roster, in display order, with aliases
    units = ini.get("units", {})
    plan.units = []
    lookup = {}
    if units.get("roster_file"):
        rpath = units["roster_file"]
        if not os.path.isabs(rpath):
            rpath = os.path.join(os.path.dirname(os.path.abspath(path)), rpath)
        try:
            with open(rpath, encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
        except OSError as e:
            raise OracleError(f"[units] roster_file: {e}")
        for row in rows:
            name = trim(row.get("name") or "")
            if not name:
                raise OracleError("[units] roster_file: a row without a name")
            plan.units.append(name)
            for alias in (row.get("aliases") or "").split(";"):
                if trim(alias):
                    lookup.setdefault(name_key(alias), len(plan.units) - 1)
    else:
        plan.units = split_list(units.get("roster"))
    if not plan.units:
        raise OracleError(f"{path}: [units] roster: missing")
    for i, name in enumerate(plan.units):
        if name_key(name) in lookup and lookup[name_key(name)] != i:
            raise OracleError(f"unit '{name}' listed twice")
        lookup[name_key(name)] = i
    for alias, canonical in ini.get("aliases", {}).items():
        if name_key(canonical) not in lookup:
            raise OracleError(f"[aliases] {alias}: '{canonical}' is not a unit of the roster")
        lookup[name_key(alias)] = lookup[name_key(canonical)]
    plan.unit_lookup = lookup

    # series: [series.X] sections, and each plain flow/stock indicator's own series
    plan.series = {}
    for name, keys in ini.items():
        if name.startswith("series."):
            kind = keys.get("kind", "")
            if kind not in ("flow", "stock"):
                raise OracleError(f"[{name}] kind: '{kind}' is not flow or stock")
            plan.series[name[7:]] = Series(name[7:], kind == "stock")

    plan.indicators = []
    for iid in split_list(sec.get("indicators")):
        s = f"indicator.{iid}"
        keys = ini.get(s)
        if keys is None:
            raise OracleError(f"{path}: indicator '{iid}' has no [{s}] section")
        plan.indicators.append(load_indicator(plan, iid, s, keys))
    if not plan.indicators:
        raise OracleError(f"{path}: [plan] indicators: missing")
    if units.get("targets_file"):
        load_targets_file(plan, path, units["targets_file"])
    return plan


def load_targets_file(plan, config_path, tpath):
    """docs/config.md, Unit targets file: unit,indicator,target rows (UTF-8 or GB18030), each
    a unit target as if given by the indicator's unit_targets; a pair given twice or also in
    the INI is refused."""
    if not os.path.isabs(tpath):
        tpath = os.path.join(os.path.dirname(os.path.abspath(config_path)), tpath)
    with open(tpath, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    by_id = {ind.id: ind for ind in plan.indicators}
    seen = set()
    for row in csv.DictReader(io.StringIO(text, newline="")):
        unit, iid, t = (trim(row.get(k) or "") for k in ("unit", "indicator", "target"))
        if not unit and not iid and not t:
            continue
        u = plan.unit_lookup.get(name_key(unit))
        if u is None or iid not in by_id:
            raise OracleError(f"[units] targets_file: unknown unit '{unit}' or indicator '{iid}'")
        ind = by_id[iid]
        if (u, iid) in seen or u in ind.unit_targets:
            raise OracleError(f"[units] targets_file: {unit} {iid} given twice")
        v = parse_float(t, "[units] targets_file")
        if not v > 0:
            raise OracleError(f"[units] targets_file: target {t} must be > 0")
        seen.add((u, iid))
        ind.unit_targets[u] = v


def load_indicator(plan, iid, s, keys):
    ind = Indicator()
    ind.id = iid
    ind.name = keys.get("name", "")
    kind = keys.get("kind", "")
    if kind not in KINDS:
        raise OracleError(f"[{s}] kind: '{kind}' unknown")
    ind.kind = KINDS[kind]
    ind.cmp = keys.get("comparator") or ">="
    if ind.cmp not in (">=", ">", "range"):
        raise OracleError(f"[{s}] comparator: '{ind.cmp}'")
    # the measure unit; a coverage is a share of units.
    # RULE (product's choice): a coverage indicator's unit column reads "%".
    ind.unit = "%" if ind.kind == "coverage" else keys.get("unit", "")

    # target = N or LO..HI (a range: T = LO for completion and status)
    ind.target = None
    ind.hi = None
    t = keys.get("target", "")
    if t:
        if ".." in t:
            lo, hi = t.split("..", 1)
            ind.target = parse_float(lo, f"[{s}] target")
            ind.hi = parse_float(hi, f"[{s}] target")
            if ind.cmp != "range":
                raise OracleError(f"[{s}] target: a range needs comparator = range")
        else:
            ind.target = parse_float(t, f"[{s}] target")
    if ind.cmp == "range" and ind.hi is None:
        raise OracleError(f"[{s}] comparator = range needs target = LO..HI")

    # milestones = 2017:5, 2020:7.5
    ind.milestones = []
    for item in split_list(keys.get("milestones")):
        if ":" not in item:
            raise OracleError(f"[{s}] milestones: '{item}' is not YEAR:VALUE")
        y, v = item.split(":", 1)
        ind.milestones.append((int(parse_float(y, f"[{s}] milestones")),
                               parse_float(v, f"[{s}] milestones")))
    if ind.milestones:
        if ind.kind not in ("flow", "stock", "period_flow"):
            raise OracleError(f"[{s}] milestones: only for flows, period flows and stocks")
        if [y for y, _ in ind.milestones] != sorted({y for y, _ in ind.milestones}):
            raise OracleError(f"[{s}] milestones: years must increase")
        # the final target is the last milestone's value
        ind.target = ind.milestones[-1][1]

    ind.baseline = None
    if keys.get("baseline"):
        ind.baseline = parse_float(keys["baseline"], f"[{s}] baseline")
    ind.growth = None
    if keys.get("growth"):
        ind.growth = parse_float(keys["growth"], f"[{s}] growth")
    # second release: an annual flow's base-year value (before its first milestone) and the
    # path from it to the milestone (linear, or growth at a constant annual rate)
    ind.base = parse_float(keys["base"], f"[{s}] base") if keys.get("base") else None
    ind.path = keys.get("path") or "linear"
    # docs/config.md, pace: `deadline` steps the expected level of a stock or period flow (small
    # deliverables due at dates); `linear` (the default) runs it along straight lines
    ind.pace = keys.get("pace") or "linear"
    if ind.pace not in ("linear", "deadline"):
        raise OracleError(f"[{s}] pace: '{ind.pace}' is not linear or deadline")
    if ind.pace == "deadline" and ind.kind not in ("stock", "period_flow"):
        raise OracleError(f"[{s}] pace: deadline is for stocks and period flows")

    ind.numerator = ind.denominator = ind.coverage_series = None
    ind.factor = 1.0
    ind.minimum = 1.0  # docs/config.md: `minimum` defaults to 1
    if ind.kind == "ratio":
        ind.numerator = keys.get("numerator", "")
        ind.denominator = keys.get("denominator", "")
        for sid in (ind.numerator, ind.denominator):
            if sid not in plan.series:
                raise OracleError(f"[{s}] ratio series '{sid}' has no [series.{sid}] section")
        if keys.get("factor"):
            ind.factor = parse_float(keys["factor"], f"[{s}] factor")
        ind.series_ids = [ind.numerator, ind.denominator]
    elif ind.kind == "coverage":
        ind.coverage_series = keys.get("series", "")
        if ind.coverage_series not in plan.series:
            raise OracleError(f"[{s}] series '{ind.coverage_series}' has no section")
        if keys.get("minimum"):
            ind.minimum = parse_float(keys["minimum"], f"[{s}] minimum")
        if ind.target is None:
            ind.target = 1.0  # full coverage: 100%, as a share
        ind.series_ids = [ind.coverage_series]
    else:
        plan.series[iid] = Series(iid, ind.kind == "stock")
        ind.series_ids = [iid]

    if ind.target is None and ind.growth is None:
        raise OracleError(f"[{s}] target: missing")

    # unit_targets = 城关区:40, 兰州高新区:35 (a unit's name or alias)
    ind.unit_targets = {}
    for item in split_list(keys.get("unit_targets")):
        if ":" not in item:
            raise OracleError(f"[{s}] unit_targets: '{item}' is not UNIT:TARGET")
        name, v = item.rsplit(":", 1)
        u = plan.unit_lookup.get(name_key(name))
        if u is None:
            raise OracleError(f"[{s}] unit_targets: '{name}' is not a unit of the roster")
        ind.unit_targets[u] = parse_float(v, f"[{s}] unit_targets")
    return ind


# ------------------------------------------------------------------------------- facts


class Facts:
    """values[(unit, series)][period] = Decimal, or None for a value present but not reported.
    A quarter absent from the dict was not reported either."""

    def __init__(self):
        self.values = {}
        self.with_value = set()  # periods that have at least one reported value

    def get(self, u, sid, k):
        return self.values.get((u, sid), {}).get(k)


def load_facts(path, plan):
    facts = Facts()
    try:
        f = open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        raise OracleError(f"{path}: {e}", 66)
    with f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            raise OracleError(f"{path}: empty file")
        try:
            cp, cu, ci, cv = (header.index(c) for c in ("period", "unit", "indicator", "value"))
        except ValueError:
            raise OracleError(f"{path}: needs columns period,unit,indicator,value")
        for lineno, row in enumerate(reader, 2):
            if not row:
                continue
            k = parse_period(row[cp])
            u = plan.unit_lookup.get(name_key(row[cu]))
            if u is None:
                raise OracleError(f"{path}:{lineno}: unit '{row[cu]}' is not in the roster")
            sid = row[ci]
            if sid not in plan.series:
                raise OracleError(f"{path}:{lineno}: '{sid}' is not a series of the plan")
            text = trim(row[cv])
            value = None
            if text != "":
                try:
                    value = Decimal(text)
                except InvalidOperation:
                    raise OracleError(f"{path}:{lineno}: '{text}' is not a number")
            cell = facts.values.setdefault((u, sid), {})
            if value is None and cell.get(k) is not None:
                # RULE (product's choice): ingest resolved duplicates; should one remain, a
                # value wins over "not reported"
                continue
            cell[k] = value
            if value is not None:
                facts.with_value.add(k)
    return facts


# ------------------------------------------------------------------------------- formulas


def div(a, b):
    """A division; empty (None) when either side is empty or the divisor is zero."""
    if a is None or b is None or b == 0:
        return None
    return a / b


class Calc:
    """The formulas for one plan and one facts file. Period arguments are period indexes."""

    def __init__(self, plan, facts):
        self.plan = plan
        self.facts = facts
        self.first = period_index(plan.start_year, 1)            # S Q1
        self.last = period_index(plan.end_year, 4)               # L Q4
        self.base_q = period_index(plan.start_year - 1, 4)       # Q4 of S-1: the baseline quarter
        self.n = self.last - self.first + 1                      # quarters in the horizon
        self.units = range(len(plan.units))
        self.cache = {}

    # --- reported values

    def reported(self, u, sid, k):
        return self.facts.get(u, sid, k) is not None

    def flow_sum(self, u, sid, frm, p):
        return sum((self.facts.get(u, sid, k) for k in range(frm, p + 1)
                    if self.reported(u, sid, k)), Decimal(0))

    def stock_level(self, u, sid, p):
        """A stock's actual: the level of p; if not reported, the latest earlier value of the
        year, else the baseline (the previous Q4's level), else 0.
        RULE (product's choice): in a multi-year plan "latest earlier value" looks back to the
        horizon's first quarter (not only year Y), then to the baseline quarter (Q4 of S-1)."""
        for k in range(p, self.first - 1, -1):
            if self.reported(u, sid, k):
                return self.facts.get(u, sid, k)
        if self.reported(u, sid, self.base_q):
            return self.facts.get(u, sid, self.base_q)
        return Decimal(0)

    def unit_baseline(self, u, sid, p):
        """A unit's baseline: its level at the previous Q4 (Q4 of S-1); without one, its
        earliest value up to the period (its progress counts only from then).
        RULE (product's choice): in a multi-year plan "earliest value" is the earliest since
        the horizon's first quarter (a multi-year stock's B is the level at the end of S-1)."""
        if self.reported(u, sid, self.base_q):
            return self.facts.get(u, sid, self.base_q)
        for k in range(self.first, p + 1):
            if self.reported(u, sid, k):
                return self.facts.get(u, sid, k)
        return None

    def series_value(self, u, sid, p):
        """A ratio's or coverage's input series "following its own kind": a stock's level.
        RULE (product's choice): a flow series sums the report year to date (as an annual
        flow), also in a multi-year plan."""
        if self.plan.series[sid].stock:
            return self.stock_level(u, sid, p)
        return self.flow_sum(u, sid, period_index(period_year(p), 1), p)

    # --- actual, baseline, missing quarters

    def actual(self, ind, units, p):
        """(A, exact decimal A or None). A is None when not computable (a zero denominator)."""
        year_start = period_index(period_year(p), 1)
        if ind.kind == "flow":
            a = sum((self.flow_sum(u, ind.id, year_start, p) for u in units), Decimal(0))
            return float(a), a
        if ind.kind == "period_flow":
            a = sum((self.flow_sum(u, ind.id, self.first, p) for u in units), Decimal(0))
            return float(a), a
        if ind.kind == "stock":
            a = sum((self.stock_level(u, ind.id, p) for u in units), Decimal(0))
            return float(a), a
        if ind.kind == "ratio":
            num = sum((self.series_value(u, ind.numerator, p) for u in units), Decimal(0))
            den = sum((self.series_value(u, ind.denominator, p) for u in units), Decimal(0))
            if den == 0:
                return None, None
            return float(num) / float(den) * ind.factor, None
        # coverage: the share of units whose value reaches the minimum.
        # RULE (product's choice): a unit row's actual is its own share: 1 (covered) or 0.
        met = sum(1 for u in units if float(self.series_value(u, ind.coverage_series, p)) >= ind.minimum)
        return met / len(units), None

    def baseline(self, ind, unit, p):
        """B of the row, or None."""
        if ind.kind == "stock":
            if unit is None:
                if ind.baseline is not None:  # a configured baseline is the region's and wins
                    return ind.baseline
                # from the data: the sum of the units' baselines, unless no unit has a
                # previous-Q4 value
                if not any(self.reported(u, ind.id, self.base_q) for u in self.units):
                    return None
                bs = [self.unit_baseline(u, ind.id, p) for u in self.units]
                return float(sum((b for b in bs if b is not None), Decimal(0)))
            b = self.unit_baseline(unit, ind.id, p)
            return None if b is None else float(b)
        if ind.kind in ("ratio", "coverage"):
            return self.rate_baseline(ind, unit, p)[0]
        return None

    def rate_baseline(self, ind, unit, p):
        """(B, the quarter B was taken in) of a ratio's or coverage's row, or (None, None).
        docs/formulas.md, Baseline: the configured one (region row); else the rate's level in
        the baseline quarter when a unit of the row reported its series there (a ratio: both)
        and the level is defined -- a region coverage's counts the units without a value there
        as not covered; else its first reported level from S Q1 up to p; else none."""
        if unit is None and ind.baseline is not None:
            return ind.baseline, self.base_q
        units = self.units if unit is None else [unit]
        for k in [self.base_q] + list(range(self.first, p + 1)):
            rep = [u for u in units if all(self.reported(u, sid, k) for sid in ind.series_ids)]
            if not rep:
                continue
            if ind.kind == "coverage" and k == self.base_q:
                met = sum(1 for u in rep if float(self.series_value(u, ind.coverage_series, k)) >= ind.minimum)
                return met / len(units), k
            A, _ = self.actual(ind, units, k)
            if A is not None:
                return A, k
        return None, None

    def missing(self, ind, units, p):
        """missing_quarters: the quarters of year Y up to q for which the unit reported
        nothing (on a region row: any unit) -- only the report year's, also for period flows
        and multi-year stocks. A ratio needs both of its series, a coverage its series."""
        out = []
        for k in range(period_index(period_year(p), 1), p + 1):
            if any(not self.reported(u, sid, k) for u in units for sid in ind.series_ids):
                out.append(f"Q{period_quarter(k)}")
        return ";".join(out)

    # --- targets and time

    def year_target(self, ind, year):
        """An annual flow's target of year Y: its milestone, the straight line between two
        milestones, the last milestone after them. Before the first milestone (second
        release): implied from the base year S-1 -- a milestone for S-1 given as a base point,
        a configured `base`, or the full-year actual of S-1 in the input -- along `path`
        (linear or growth); without a base value the year has no target."""
        ms = list(ind.milestones)
        if not ms:
            return ind.target
        if year < ms[0][0]:
            base = ind.base if ind.base is not None else self.base_year_actual(ind)
            if base is None or year < self.plan.start_year - 1:
                return None
            y0, y1, m1 = self.plan.start_year - 1, ms[0][0], ms[0][1]
            if ind.path == "growth" and base > 0:
                return base * (m1 / base) ** ((year - y0) / (y1 - y0))
            return base + (m1 - base) * (year - y0) / (y1 - y0)
        for (y0, v0), (y1, v1) in zip(ms, ms[1:]):
            if y0 <= year <= y1:
                return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
        return ms[-1][1] if year > ms[-1][0] else ms[0][1]

    def base_year_actual(self, ind):
        """Year S-1's full-year actual from the input. The full year is known when every unit
        reported all four quarters of S-1 (an interpretation: the spec does not say)."""
        y = self.plan.start_year - 1
        ks = [period_index(y, q) for q in range(1, 5)]
        if not all(self.reported(u, ind.id, k) for u in self.units for k in ks):
            return None
        return float(sum(self.facts.get(u, ind.id, k) for u in self.units for k in ks))

    def target(self, ind, unit, p, region_base):
        """T in force. docs/formulas.md: a whole count's target (个, 家, 名 ...; flows, period
        flows, stocks) is the smallest whole number that meets the figure the plan gives
        (12.5 -> 13), ignoring binary noise below 1e-9."""
        t = self.target_given(ind, unit, p, region_base)
        if t is not None and ind.unit in WHOLE_COUNT_UNITS and ind.kind in ("flow", "stock", "period_flow"):
            t = float(math.ceil(t - 1e-9))
        return t

    def target_given(self, ind, unit, p, region_base):
        if unit is not None:
            return ind.unit_targets.get(unit)  # per-unit targets are optional config
        if ind.growth is not None:
            # a relative target: T = B x (1 + growth), B the configured baseline or the one
            # from the data (stocks)
            b = ind.baseline if ind.baseline is not None else region_base
            return None if b is None else b * (1 + ind.growth)
        if ind.kind == "flow":
            return self.year_target(ind, period_year(p))
        return ind.target

    def path_level(self, ind, start_level, p):
        """The milestone path: straight lines, by quarter, from start_level at the end of year
        S-1 through each milestone (at the end of its year).
        RULE (product's choice): after the last milestone the path stays at its value."""
        x0, y0 = self.base_q, start_level
        for year, value in ind.milestones:
            x1 = period_index(year, 4)
            if p <= x1:
                return y0 + (value - y0) * (p - x0) / (x1 - x0)
            x0, y0 = x1, value
        return y0

    def deadlines(self, ind, target):
        """A deadline indicator's milestones as (year, value); without milestones its target
        at the end of the horizon (docs/formulas.md, deadline steps)."""
        return list(ind.milestones) if ind.milestones else [(self.plan.end_year, target)]

    def deadline_due(self, ind, target, p):
        """(year, value) of the last milestone whose year has ended at p, or None."""
        due = None
        for year, value in self.deadlines(ind, target):
            if period_index(year, 4) <= p:
                due = (year, value)
        return due

    def deadline_level(self, ind, start, target, p):
        """K(p): the last milestone due, else the starting level."""
        due = self.deadline_due(ind, target, p)
        return start if due is None else due[1]

    def time_progress(self, ind, p):
        """The region's time progress P at p.
        RULE (product's choice): unit rows use the region's P (so a unit's own baseline does
        not bend the region's milestone line)."""
        plan = self.plan
        if ind.pace == "deadline":
            # docs/formulas.md: (K(p) - B) / (T - B) for a stock with a region baseline below
            # its target (K starts at B), else K(p) / T (K starts at 0)
            b = self.baseline(ind, None, p) if ind.kind == "stock" else None
            t = self.target(ind, None, p, b)
            if t is None:
                return None
            if b is not None and t > b:
                return (self.deadline_level(ind, b, t, p) - b) / (t - b)
            return self.deadline_level(ind, 0.0, t, p) / t
        if plan.start_year == plan.end_year or ind.kind == "flow":
            return period_quarter(p) / 4  # q / 4 (annual plans, annual flows)
        if ind.kind == "stock" and ind.milestones:
            b = self.baseline(ind, None, p)
            t = self.target(ind, None, p, b)
            if b is not None and t is not None and t > b:
                return (self.path_level(ind, b, p) - b) / (t - b)
            # RULE (product's choice): a milestone stock without a baseline below its target
            # has no milestone line: P = quarters elapsed / quarters in the horizon.
        if ind.kind == "period_flow" and ind.milestones:
            # cumulative milestones: the path from 0; P = expected now / final target
            return self.path_level(ind, 0.0, p) / ind.target
        # multi-year: quarters elapsed / quarters in the horizon.
        # RULE (product's choice): also for stocks, ratios and coverage of multi-year plans.
        return (p - self.first + 1) / self.n

    def milestone_due(self, ind, unit, p):
        """SECOND RELEASE: the milestone whose year ends at p, for the region's row of a
        stock or period flow (an annual flow's every Q4 already ends its year's target; a
        unit's target is one figure, without milestones)."""
        if unit is not None or ind.kind not in ("stock", "period_flow") or period_quarter(p) != 4:
            return None
        for year, value in ind.milestones:
            if year == period_year(p):
                return value
        return None

    # --- one row

    def row(self, ind, unit, p):
        """The fields of one progress.csv row (unit None: the region's row). Every figure at p
        depends only on values up to p, so a row is computed once for all report periods."""
        key = ("row", ind.id, unit, p)
        if key not in self.cache:
            self.cache[key] = self.compute_row(ind, unit, p)
        return self.cache[key]

    def compute_row(self, ind, unit, p):
        units = self.units if unit is None else [unit]
        A, A_exact = self.actual(ind, units, p)
        region_base = self.baseline(ind, None, p)
        B = region_base if unit is None else self.baseline(ind, unit, p)
        T = self.target(ind, unit, p, region_base)
        P = self.time_progress(ind, p)
        if ind.kind in ("ratio", "coverage"):
            # docs/formulas.md, time progress: a rate with a baseline taken in quarter b has
            # P = (p - b) / (L Q4 - b), also on a unit row (its own b); without any, P = 1
            b = self.rate_baseline(ind, unit, p)[1]
            P = 1.0 if b is None else (p - b) / (self.last - b)
        r = {"target": T, "actual": A, "time_progress": P, "missing_quarters": self.missing(ind, units, p),
             "actual_exact": A_exact, "baseline": B}
        stock_like = ind.kind == "stock" or (ind.kind in ("ratio", "coverage") and B is not None)

        # forecast (needs no target): flow A / P; stock with baseline B + (A - B) / P;
        # stock without baseline A; none for a deadline pace (a deliverable is not projected)
        if A is None or ind.pace == "deadline":
            r["forecast"] = None
        elif ind.kind in ("flow", "period_flow"):
            r["forecast"] = div(A, P)
        elif stock_like and B is not None:
            d = div(A - B, P)
            r["forecast"] = None if d is None else B + d
            if ind.kind == "coverage" and r["forecast"] is not None:
                r["forecast"] = min(1.0, r["forecast"])  # formulas.md: a coverage's at most 100%
            # formulas.md: a ratio in % is a share, at most 100% while its actual is
            if ind.kind == "ratio" and ind.unit in ("%", "％") and r["forecast"] is not None and A <= 1:
                r["forecast"] = min(1.0, r["forecast"])
        else:
            r["forecast"] = A  # RULE (product's choice): also ratios without baseline, coverage

        for f in ("completion", "progress", "pace_gap_pp", "expected", "gap_to_target",
                  "required_per_quarter"):
            r[f] = None
        r["status"] = ""
        if T is None or A is None:
            return r  # no target in force (or no actual): the target fields stay empty

        with_base = stock_like and B is not None and T > B
        C = div(A, T)
        R = div(A - B, T - B) if with_base else C
        r["completion"] = C
        r["progress"] = R
        # docs/formulas.md, pace gap: none for pace = deadline (a deliverable is judged by its
        # milestones due, not by a gap to the step of its time progress)
        r["pace_gap_pp"] = None if R is None or ind.pace == "deadline" else (R - P) * 100
        if unit is None and ind.pace == "deadline":
            E = self.deadline_level(ind, B if with_base else 0.0, T, p)  # the last milestone due
        elif unit is None and ind.milestones and ind.kind == "stock" and with_base and \
                self.plan.start_year != self.plan.end_year:
            E = self.path_level(ind, B, p)  # a milestone stock: the expected level now
        elif unit is None and ind.milestones and ind.kind == "period_flow":
            E = self.path_level(ind, 0.0, p)  # the expected sum follows the path
        elif with_base:
            E = B + (T - B) * P
        else:
            E = T * P
        r["expected"] = E

        # gap to target D = max(0, T - A). SECOND RELEASE: a strict `>` on a whole count
        # is first met at the next whole number: D = max(0, floor(T) + 1 - A).
        strict_count = ind.cmp == ">" and ind.unit in WHOLE_COUNT_UNITS and \
            ind.kind in ("flow", "stock", "period_flow")
        t_met = float(math.floor(T) + 1) if strict_count else T
        if A_exact is not None:
            D = float(max(Decimal(0), Decimal(repr(t_met)) - A_exact))
        else:
            D = max(0.0, t_met - A)
        r["gap_to_target"] = D

        # required per remaining quarter (flows, q < 4): the gap / (4 - q). For a strict `>`
        # on a whole count the gap is the one above (the target is first met at T + 1).
        # RULE (product's choice): a period flow divides by the quarters left in the horizon.
        if ind.kind == "flow" and period_quarter(p) < 4:
            r["required_per_quarter"] = D / (4 - period_quarter(p))
        elif ind.kind == "period_flow" and self.last - p > 0:
            r["required_per_quarter"] = D / (self.last - p)

        r["status"] = self.status(ind, unit, A, T, R, P, p)
        return r

    def status(self, ind, unit, A, T, R, P, p):
        """The status, decided in this order."""
        if ind.cmp == "range" and A > ind.hi:
            return "above_range"
        holds = A > T if ind.cmp == ">" else A >= T  # a range: lo <= A (A <= hi checked above)
        if holds:
            return "achieved"
        # missed: in the last quarter of the target's horizon (an annual flow's target is its
        # year's: every Q4; otherwise the horizon's last quarter)
        if (ind.kind == "flow" and period_quarter(p) == 4) or p == self.last:
            return "missed"
        if ind.pace == "deadline":
            # docs/formulas.md: missed while the region's last milestone due is not met (a unit
            # row has one milestone, its target at the horizon's end); else not_due
            due = self.deadline_due(ind, T, p) if unit is None else None
            if due is not None and not (A > due[1] if ind.cmp == ">" else A >= due[1]):
                return "missed"
            return "not_due"
        due = self.milestone_due(ind, unit, p)
        if due is not None and not (A > due if ind.cmp == ">" else A >= due):
            return "missed"  # SECOND RELEASE: a milestone not reached at its year's end
        if R is None:
            return ""
        if R >= P:
            return "on_track"
        if P - R <= self.plan.warn:
            return "lagging"
        return "critical"

    # --- the second release's appended columns

    def baseline_column(self, r):
        """`baseline`: the B used (formulas.md, Baseline): a stock's region row the configured
        baseline or the units' sum when one unit reported the baseline quarter; a stock's unit
        row the unit's own (its baseline-quarter level, else its first value since S Q1); a
        ratio's configured baseline on the region row. Flows, period flows, coverage and a
        ratio's unit rows have none.
        RULE (docs ambiguity): formats.md says empty for "a stock no unit reported at the
        baseline quarter or later", formulas.md gives the region no baseline unless a unit
        reported the baseline quarter itself; the column is "the B used" (docs/formats.md), so the region
        row of a stock whose units only reported after the baseline quarter is empty (its
        progress is its completion), while each unit row carries its first value.
        RULE (docs ambiguity): a relative flow (`growth` on a configured `baseline`) has no
        baseline column: formats.md lists flows as empty and formulas.md gives B to stocks
        and ratios only."""
        return r["baseline"]

    def prev_part(self, units, sid, k):
        """One series of the previous year's figure at quarter k, on the series' own basis:
        a stock's level reported at k (no carry-forward), a flow's sum of Q1..k of k's year
        with every quarter reported. None when any unit's part was not reported."""
        if self.plan.series[sid].stock:
            ks = [k]
        else:
            ks = range(period_index(period_year(k), 1), k + 1)
        total = Decimal(0)
        for u in units:
            for j in ks:
                if not self.reported(u, sid, j):
                    return None
                total += self.facts.get(u, sid, j)
        return total

    def prev_year_actual(self, ind, units, p):
        """`prev_year_actual`: the same figure at p - 4 on the same basis; (value, exact or
        None). Values before the horizon count where the input has them (the base year).
        RULE (docs ambiguity): a period flow's "sum since the horizon's start" has no value
        when p - 4 lies before the horizon's first quarter (year S: there is no sum since
        the start a year ago), and needs every quarter S Q1..p-4 reported by every unit.
        RULE (docs ambiguity): a ratio's or coverage's series are taken like the indicator
        kinds: a stock series' level reported at p - 4 (no carry-forward), a flow series'
        year-to-date sum with every quarter reported; any unit's part missing empties the
        region's figure, a zero denominator empties it too."""
        k = p - 4
        if ind.kind == "flow" or ind.kind == "stock":
            v = self.prev_part(units, ind.id, k)
            return (None, None) if v is None else (float(v), v)
        if ind.kind == "period_flow":
            if k < self.first:
                return None, None
            total = Decimal(0)
            for u in units:
                for j in range(self.first, k + 1):
                    if not self.reported(u, ind.id, j):
                        return None, None
                    total += self.facts.get(u, ind.id, j)
            return float(total), total
        if ind.kind == "ratio":
            num = self.prev_part(units, ind.numerator, k)
            den = self.prev_part(units, ind.denominator, k)
            if num is None or den is None or den == 0:
                return None, None
            return float(num) / float(den) * ind.factor, None
        # coverage: the share of units whose series reached the minimum at p - 4
        met = 0
        for u in units:
            v = self.prev_part([u], ind.coverage_series, k)
            if v is None:
                return None, None
            met += 1 if float(v) >= ind.minimum else 0
        return met / len(units), None

    def extra(self, ind, unit, p):
        """baseline, prev_year_actual, yoy_growth (exact prev, or None) of one row; cached."""
        key = ("extra", ind.id, unit, p)
        if key not in self.cache:
            r = self.row(ind, unit, p)
            units = self.units if unit is None else [unit]
            prev, prev_exact = self.prev_year_actual(ind, units, p)
            yoy = None
            if prev is not None and prev != 0 and r["actual"] is not None:
                if r["actual_exact"] is not None and prev_exact is not None:
                    yoy = float(r["actual_exact"] - prev_exact) / float(prev_exact)
                else:
                    yoy = (r["actual"] - prev) / prev
            self.cache[key] = {"baseline": self.baseline_column(r), "prev": prev,
                               "prev_exact": prev_exact, "yoy": yoy}
        return self.cache[key]

    def has_value_of_year(self, ind, u, p):
        """Whether unit u reported a value of the indicator in a quarter of p's year up to p.
        RULE (docs ambiguity): "reported no value of the report year for the indicator" is
        read like missing_quarters' "reported no value of this indicator": a ratio's quarter
        counts only with both series reported, a coverage's with its series; the unit is
        unranked when every quarter Q1..q of the report year is missing. Quarters after the
        report quarter do not count (a figure at p depends only on values up to p)."""
        for k in range(period_index(period_year(p), 1), p + 1):
            if all(self.reported(u, sid, k) for sid in ind.series_ids):
                return True
        return False

    @staticmethod
    def competition(values):
        """{unit: value} (None: unranked) -> {unit: rank}, highest first, 1, 2, 2, 4."""
        ranked = [v for v in values.values() if v is not None]
        return {u: (None if v is None else 1 + sum(1 for w in ranked if w > v))
                for u, v in values.items()}

    def rank_basis(self, ind):
        return "completion" if ind.unit_targets else "actual"

    def ranks(self, ind, p):
        """{unit: (rank, yoy_rank)} at p, among the indicator's unit rows.
        RULE (docs ambiguity): yoy_rank is "the same ranking" by yoy_growth: a unit that
        reported no value of the report year is unranked there too (its flow actual 0 would
        otherwise rank last at -100%); it does not need a unit target (yoy_growth is filled
        without one)."""
        key = ("ranks", ind.id, p)
        if key not in self.cache:
            by_basis, by_yoy = {}, {}
            for u in self.units:
                r = self.row(ind, u, p)
                if not self.has_value_of_year(ind, u, p):
                    by_basis[u] = by_yoy[u] = None
                    continue
                if self.rank_basis(ind) == "completion":
                    by_basis[u] = r["completion"]
                else:
                    by_basis[u] = r["actual_exact"] if r["actual_exact"] is not None else r["actual"]
                by_yoy[u] = self.extra(ind, u, p)["yoy"]
            rank, yoy_rank = self.competition(by_basis), self.competition(by_yoy)
            self.cache[key] = {u: (rank[u], yoy_rank[u]) for u in self.units}
        return self.cache[key]

    def appended(self, ind, unit, p):
        """The eight columns after missing_quarters, formatted."""
        r = self.row(ind, unit, p)
        e = self.extra(ind, unit, p)
        prev = e["prev_exact"] if e["prev_exact"] is not None else e["prev"]
        if unit is None:
            rank = basis = yoy_rank = rank_prev = None
        else:
            rank, yoy_rank = self.ranks(ind, p)[unit]
            basis = self.rank_basis(ind)
            # rank_prev: the rank at the previous quarter of the same year, computed from the
            # values up to that quarter.
            # RULE (docs ambiguity): also when no unit reported any value of that quarter (a
            # quarter qtr-compare refuses with 65): the ranks as they stood then are defined.
            rank_prev = None if period_quarter(p) == 1 else self.ranks(ind, p - 1)[unit][0]
        # card: by status, only where a target is in force.
        # RULE (docs ambiguity): a target in force without an actual (a ratio with a zero
        # denominator) has an empty status and an empty card (there is no colour for 未评估).
        card = CARDS.get(r["status"], "") if r["target"] is not None else ""
        return [fmt(e["baseline"]), fmt(prev), fmt(e["yoy"]), fmt(rank), basis or "",
                fmt(yoy_rank), fmt(rank_prev), card]

    # --- quarterly.csv's amount

    def amount(self, ind, units, k, actual):
        """quarterly.csv's amount. RULE (product's choice; README: "per quarter: amount,
        cumulative actual, expected pace"): for flows the sum of the values reported for
        quarter k (empty when no unit reported one); for a level (stock, ratio, coverage) the
        level at k, carried forward like the actual."""
        if ind.kind in ("flow", "period_flow"):
            vals = [self.facts.get(u, ind.id, k) for u in units if self.reported(u, ind.id, k)]
            return sum(vals, Decimal(0)) if vals else None
        return actual


PROGRESS_COLUMNS = ["plan", "period", "unit", "indicator", "name", "measure_unit", "kind",
                    "comparator", "target", "actual", "completion", "time_progress", "progress",
                    "pace_gap_pp", "expected", "gap_to_target", "forecast",
                    "required_per_quarter", "status", "missing_quarters",
                    # appended by the second release, in this order
                    "baseline", "prev_year_actual", "yoy_growth", "rank", "rank_basis",
                    "yoy_rank", "rank_prev", "card"]
CARDS = {"achieved": "green", "on_track": "green", "above_range": "green", "not_due": "green",
         "lagging": "yellow", "critical": "red", "missed": "red"}
QUARTERLY_COLUMNS = ["unit", "indicator", "period", "amount", "actual", "expected", "time_progress"]


def fmt(x):
    """A number with enough digits to round-trip; empty for None."""
    if x is None:
        return ""
    if isinstance(x, Decimal):
        s = format(x.normalize(), "f")
        return "0" if s in ("-0", "") else s
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def comparator_text(ind):
    if ind.cmp == "range":
        return f"{fmt(ind.target)}..{fmt(ind.hi)}"
    return ind.cmp


def row_names(plan):
    """Rows: the region's first (unit None), then the roster in display order."""
    return [(None, plan.total_name)] + [(u, name) for u, name in enumerate(plan.units)]


def progress_rows(calc, p):
    plan = calc.plan
    out = []
    for unit, uname in row_names(plan):
        for ind in plan.indicators:
            r = calc.row(ind, unit, p)
            out.append([plan.id, period_text(p), uname, ind.id, ind.name, ind.unit, ind.kind,
                        comparator_text(ind), fmt(r["target"]), fmt(r["actual"]),
                        fmt(r["completion"]), fmt(r["time_progress"]), fmt(r["progress"]),
                        fmt(r["pace_gap_pp"]), fmt(r["expected"]), fmt(r["gap_to_target"]),
                        fmt(r["forecast"]), fmt(r["required_per_quarter"]), r["status"],
                        r["missing_quarters"]] + calc.appended(ind, unit, p))
    return out


def quarterly_rows(calc, p):
    """quarterly.csv. RULE (product's choice, learned from its output): rows in progress.csv's
    order (region first, then the roster; indicators in plan order), and per (unit, indicator)
    the quarters that count for its actual at p -- Q1 of year Y to p for annual flows, the
    horizon's first quarter to p otherwise -- each with actual, expected and time progress as
    they stood at that quarter (expected empty where the row has no target)."""
    plan = calc.plan
    out = []
    for unit, uname in row_names(plan):
        units = calc.units if unit is None else [unit]
        for ind in plan.indicators:
            start = period_index(period_year(p), 1) if ind.kind == "flow" else calc.first
            for k in range(start, p + 1):
                r = calc.row(ind, unit, k)
                out.append([uname, ind.id, period_text(k),
                            fmt(calc.amount(ind, units, k, r["actual"])), fmt(r["actual"]),
                            fmt(r["expected"]), fmt(r["time_progress"])])
    return out


def write_csv(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    os.replace(tmp, path)


def has_data(calc, p):
    """Whether any value (not "not reported") of quarter p was accepted."""
    return p in calc.facts.with_value


def latest_with_data(calc):
    ks = [k for k in calc.facts.with_value if calc.first <= k <= calc.last]
    return max(ks) if ks else None


def write_all_periods(config, facts_path, outdir):
    """Every quarter from the horizon's first to the latest with a value: DIR/<period>/ files
    and DIR/periods.txt ("<period> data" or "<period> nodata")."""
    plan = load_plan(config)
    calc = Calc(plan, load_facts(facts_path, plan))
    os.makedirs(outdir, exist_ok=True)
    last = latest_with_data(calc)
    lines = []
    for p in range(calc.first, (last if last is not None else calc.first - 1) + 1):
        if not has_data(calc, p):
            lines.append(f"{period_text(p)} nodata\n")
            continue
        lines.append(f"{period_text(p)} data\n")
        d = os.path.join(outdir, period_text(p))
        os.makedirs(d, exist_ok=True)
        write_csv(os.path.join(d, "progress.csv"), PROGRESS_COLUMNS, progress_rows(calc, p))
        write_csv(os.path.join(d, "quarterly.csv"), QUARTERLY_COLUMNS, quarterly_rows(calc, p))
    with open(os.path.join(outdir, "periods.txt"), "w", encoding="utf-8") as f:
        f.writelines(lines)


def run_batch(path):
    """--batch FILE: one plan a line, CONFIG<TAB>FACTS<TAB>OUTDIR, each as --all-periods (one
    process for many plans: the tests call it once). A plan that fails gets OUTDIR/error.txt."""
    worst = 0
    with open(path, encoding="utf-8") as f:
        jobs = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for job in jobs:
        if len(job) != 3:
            print(f"oracle: {path}: '{job}' is not CONFIG<TAB>FACTS<TAB>OUTDIR", file=sys.stderr)
            return 2
        config, facts_path, outdir = job
        try:
            write_all_periods(config, facts_path, outdir)
        except OracleError as e:
            os.makedirs(outdir, exist_ok=True)
            with open(os.path.join(outdir, "error.txt"), "w", encoding="utf-8") as out:
                out.write(f"{e}\n")
            print(f"oracle: {config}: {e}", file=sys.stderr)
            worst = e.code
    return worst


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config")
    ap.add_argument("--facts")
    ap.add_argument("--period")
    ap.add_argument("--progress")
    ap.add_argument("--quarterly")
    ap.add_argument("--all-periods", action="store_true")
    ap.add_argument("--outdir")
    ap.add_argument("--batch")
    a = ap.parse_args(argv)
    if a.batch:
        return run_batch(a.batch)
    if not a.config or not a.facts:
        ap.error("--config and --facts are required")
    try:
        if a.all_periods:
            if not a.outdir:
                ap.error("--all-periods needs --outdir")
            write_all_periods(a.config, a.facts, a.outdir)
            return 0
        if not a.progress:
            ap.error("--progress is required (or --all-periods --outdir)")
        plan = load_plan(a.config)
        calc = Calc(plan, load_facts(a.facts, plan))
        if a.period:
            p = parse_period(a.period)
            if not calc.first <= p <= calc.last:
                raise OracleError(f"period {a.period} is outside the plan's horizon", 2)
        else:
            p = latest_with_data(calc)
            if p is None:
                raise OracleError("no value of any quarter of the horizon", EXIT_NODATA)
        if not has_data(calc, p):
            raise OracleError(f"no value of {period_text(p)} in the facts", EXIT_NODATA)
        write_csv(a.progress, PROGRESS_COLUMNS, progress_rows(calc, p))
        if a.quarterly:
            write_csv(a.quarterly, QUARTERLY_COLUMNS, quarterly_rows(calc, p))
        return 0
    except OracleError as e:
        print(f"oracle: {e}", file=sys.stderr)
        return e.code


if __name__ == "__main__":
    sys.exit(main())
