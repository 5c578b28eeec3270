#!/usr/bin/env python3
"""Reads briefing.txt (the 文字通报, docs/formats.md) back: every number in it must be a figure
of progress.csv (of the row the sentence is about) or of compare.txt, written at the precision
people read (counts whole — a needed count rounded up —, money 2 decimals, percentages and
个百分点 1 decimal); the sentences copied from compare.txt must be verbatim; the units named as
leading must rank above those named as lagging; the units named 严重滞后 / 滞后 must be exactly
the rows with that status. No nan, no '—', no fraction of a count.

usage: check_briefing.py --case NAME FOLDER CONFIG [--case ...]
(FOLDER holds briefing.txt, progress.csv, compare.txt). Prints FAIL lines and a summary line
per case; exits 1 when anything failed.
"""
import argparse
import math
import os
import re
import sys
from decimal import ROUND_CEILING, Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import readback as rb  # noqa: E402

NUM = re.compile(r"(?<![\dA-Za-z])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(\s*)(%|个百分点)?")
CN_NUM = "一二三四五六七八九十"


def value_of(text):
    return Decimal(text.replace(",", ""))


def matches(token_value, decimals, v, ceil=False):
    """Whether v shows as token_value at `decimals` decimals (half away from zero, or rounded
    up for a needed count)."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return False
    if ceil:
        return rb.rounded(v - 1e-9, decimals, ROUND_CEILING) == token_value
    return rb.rounded(v, decimals) == token_value


class Case:
    def __init__(self, name, folder, config):
        self.name = name
        self.plan = rb.Plan(config)
        self.text = open(os.path.join(folder, "briefing.txt"), encoding="utf-8").read()
        self.progress = rb.read_csv(os.path.join(folder, "progress.csv"))
        self.compare = rb.read_kv(os.path.join(folder, "compare.txt"))
        total = self.plan.total_name
        self.city = {r["indicator"]: r for r in self.progress if r["unit"] == total}
        self.rows = {}
        for r in self.progress:
            if r["unit"] != total:
                self.rows.setdefault(r["indicator"], {})[r["unit"]] = r
        self.units = []
        for r in self.progress:
            if r["unit"] != total and r["unit"] not in self.units:
                self.units.append(r["unit"])
        self.period = next(iter(self.city.values()))["period"]

    def cmp(self, key):
        return (self.compare.get(key) or [""])[0]


# ---------------------------------------------------------------- numbers of one row

def row_figures(case, ind, row):
    """(plain values, percentage values (fractions), 个百分点 values) a sentence about row may
    show, and whether its counts are whole."""
    cfg = case.plan.by_id[ind]
    nk = rb.numkind(row["measure_unit"], row["kind"])
    plain = [rb.num(row[k]) for k in ("actual", "target", "expected", "gap_to_target", "forecast",
                                      "required_per_quarter", "baseline", "prev_year_actual")]
    if cfg.range:
        plain += list(cfg.range)
    if row["kind"] == "flow" and cfg.milestones and row["target"]:
        # a year's implied target names the plan's first milestone (本年目标按直线推算（2020年目标
        # 200.00 亿元）, docs/formats.md, briefing)
        plain += [float(m.partition(":")[2]) for m in cfg.milestones.split(",") if ":" in m]
    pct = [rb.num(row[k]) for k in ("completion", "progress", "time_progress")]
    y = rb.num(row["yoy_growth"])
    pct.append(abs(y) if y is not None else None)
    if nk == "percent":  # a coverage's figures are percentages themselves
        pct += plain
        plain = []
    pp = [abs(rb.num(row["pace_gap_pp"])) if row["pace_gap_pp"] else None]
    return nk, [v for v in plain if v is not None], [v for v in pct if v is not None], \
        [v for v in pp if v is not None]


def check_numbers(log, where, text, nk, plain, pct, pp, unit):
    for m in NUM.finditer(text):
        whole, frac, _, suffix = m.group(1), m.group(2) or "", m.group(3), m.group(4)
        token = m.group(0).strip()
        if not frac and not suffix and re.fullmatch(r"(19|20)\d\d", whole) and text[m.end(1):].startswith("年"):
            continue  # a year (a deadline: 2020年底到期), not a figure
        v = value_of(whole + ("." + frac if frac else ""))
        d = len(frac)
        if suffix == "%":
            ok = d == 1 and any(matches(v, 1, x * 100) for x in pct)
        elif suffix == "个百分点":
            ok = d == 1 and any(matches(v, 1, x) for x in pp)
        else:
            maxd = {"count": 0, "money": 2, "decimal": 2}.get(nk, 2)
            ok = d <= maxd and any(matches(v, d, x) or (nk == "count" and matches(v, 0, x, ceil=True))
                                   for x in plain)
            if nk == "count" and text[m.end():].lstrip().startswith(unit) and d:
                log.bad("briefing.count", where, "a fraction of a count: %r" % token)
        log.check(ok, "briefing.number", where, "%r is no figure of progress.csv's row (as people read it)"
                  % token)


def missing_mark(row):
    """The mark a figure of row carries when it includes a quarter not reported or rejected, as
    the PDF writes it ("缺报Q2、Q3"); empty when none."""
    q = row["missing_quarters"]
    return "缺报" + q.replace(";", "、") if q else ""


# ---------------------------------------------------------------- sections

def sections(text):
    out, cur = {}, None
    for line in text.split("\n"):
        m = re.match(r"^([一二三四])、", line)
        if m:
            cur = m.group(1)
            out[cur] = []
        elif cur and line.strip():
            out[cur].append(line)
    return out


def item_of(case, line):
    """(indicator id, rest of the line) for a line '（n）<name>…', by the plan's names."""
    m = re.match(r"^（([%s]+)）" % CN_NUM, line)
    if not m:
        return None, line
    rest = line[m.end():]
    best = None
    for ind in case.plan.indicators:
        if rest.startswith(ind.name) and (best is None or len(ind.name) > len(best.name)):
            best = ind
    return (best.id, rest[len(best.name):]) if best else (None, rest)


def check_title(log, case):
    lines = case.text.split("\n")
    log.check(lines[0] == case.plan.name, "briefing.title", "name", "%r" % lines[0])
    want = "%s推进情况通报" % rb.period_cn(case.period)
    log.check(len(lines) > 1 and lines[1] == want, "briefing.title", "period", "%r, want %r" % (lines[1:2], want))


def check_overall(log, case, lines):
    log.check(len(lines) == 1, "briefing.overall", "lines", "%d lines" % len(lines))
    line = lines[0] if lines else ""
    head = case.cmp("headline")
    log.check(head and head in line, "briefing.overall", "headline", "compare.txt's %r not in %r" % (head, line))
    rest = line.replace(head, "").replace("截至" + rb.period_cn(case.period), "")
    for label, code in (("滞后", "lagging"), ("严重滞后", "critical"), ("未完成", "missed")):
        # the names are quoted “…”; a name may hold quotes of its own (“六个一百”开发新产品), so the
        # plan's names are looked up in the list rather than split at the quotes
        m = re.search(r"(?<!严重)%s的是(.+?)(?:；|。|$)" % label, rest)
        seg = m.group(1) if m else ""
        names = sorted((i.name for i in case.plan.indicators if "“%s”" % i.name in seg),
                       key=lambda n: seg.index("“%s”" % n))
        left = seg
        for n in names:
            left = left.replace("“%s”" % n, "", 1)
        named = names if not left.replace("、", "") else names + [left]
        want = [case.plan.by_id[i].name for i, r in case.city.items() if r["status"] == code]
        log.check(named == want, "briefing.overall", code, "names %r, progress.csv %r" % (named, want))
    for i in sorted(case.plan.indicators, key=lambda i: -len(i.name)):
        rest = rest.replace("“%s”" % i.name, "")
    log.check(not re.search(r"\d", rest), "briefing.overall", "numbers", "other numbers in %r" % rest)


def check_indicators(log, case, lines):
    seen = []
    for line in lines:
        ind, rest = item_of(case, line)
        if not log.check(ind is not None, "briefing.indicator", "name", "no indicator in %r" % line[:40]):
            continue
        seen.append(ind)
        row = case.city[ind]
        label = rb.STATUS_LABEL.get(row["status"], "未评估")
        log.check(rest.startswith("（%s）：" % label), "briefing.indicator", ind + ".status",
                  "%r: progress.csv status %r" % (rest[:12], row["status"]))
        nk, plain, pct, pp = row_figures(case, ind, row)
        why = rb.no_status_reason(case.plan.by_id[ind], row, case.plan.total_name, case.plan.start_year)
        if row["status"] == "" and why:
            log.check("（%s）" % why in rest, "briefing.indicator", ind + ".reason", "%r lacks （%s）" % (rest, why))
            rest = rest.replace("（%s）" % why, "")
        mark = missing_mark(row)
        if mark:
            log.check("（含%s）" % mark in rest, "briefing.missing", ind,
                      "%r lacks （含%s） (missing_quarters %r)" % (rest, mark, row["missing_quarters"]))
            rest = rest.replace("（含%s）" % mark, "")
        log.check("缺报" not in rest, "briefing.missing", ind + ".extra",
                  "%r: a 缺报 mark that is not missing_quarters %r" % (rest, row["missing_quarters"]))
        check_numbers(log, ind, rest, nk, plain, pct, pp, row["measure_unit"])
        y = rb.num(row["yoy_growth"])
        if y is not None and rb.fixed(abs(y) * 100, 1) != "0.0":
            word = "同比增长" if y > 0 else "同比下降"
            log.check(word in rest, "briefing.yoy", ind, "%r lacks %s (yoy_growth %s)" % (rest, word, y))
        elif row["prev_year_actual"] == "":
            log.check("不作同比" in rest, "briefing.yoy", ind, "%r: no prev_year_actual" % rest)
    log.check(seen == [i.id for i in case.plan.indicators], "briefing.indicator", "order",
              "%r" % seen)


def check_units(log, case, lines):
    for line in lines:
        ind, rest = item_of(case, line)
        if ind is None:
            log.check("无可排名" in line, "briefing.units", "line", "%r" % line[:40])
            continue
        rows = case.rows[ind]
        parts = rest.split("；")
        by = re.match(r"：按(完成率|完成量|覆盖情况)排名，", parts[0])
        if not log.check(by, "briefing.units", ind, "%r" % rest[:20]):
            continue
        basis = "completion" if by.group(1) == "完成率" else "actual"
        coverage = case.plan.by_id[ind].kind == "coverage"
        log.check(coverage == (by.group(1) == "覆盖情况") or basis == "completion", "briefing.units.basis",
                  ind, "%r for a %s" % (by.group(0), case.plan.by_id[ind].kind))
        ranks = {}
        for part in parts:
            yoy = part.startswith("同比增幅居前的是")
            if yoy:
                part = part[len("同比增幅居前的是"):]
            for m in re.finditer(r"([^、，：；（）]+)（(增长 |下降 )?([^）]*)）", part):
                unit, sign, fig = m.group(1), m.group(2), m.group(3)
                where = "%s.%s" % (ind, unit)
                if not log.check(unit in rows, "briefing.units", where, "unknown unit %r" % unit):
                    continue
                r = rows[unit]
                fig, _, shown_mark = fig.partition("，")
                log.check(shown_mark == missing_mark(r), "briefing.units.missing", where,
                          "%r: mark %r, missing_quarters %r" % (m.group(0), shown_mark, r["missing_quarters"]))
                if yoy:
                    y = rb.num(r["yoy_growth"])
                    ok = y is not None and sign == ("下降 " if y < 0 else "增长 ") and \
                        rb.text_number_ok(fig, abs(y), "percent")
                    log.check(ok and r["yoy_rank"] != "" and y > 0 and fig != "0.0%", "briefing.units.yoy", where,
                              "%r, yoy_growth %r (a growth that leads)" % (m.group(0), r["yoy_growth"]))
                    continue
                log.check(r["rank_basis"] == basis and r["rank"] != "", "briefing.units.basis", where,
                          "rank_basis %r rank %r" % (r["rank_basis"], r["rank"]))
                if coverage and basis == "actual":  # a unit is covered or not (its ranking bar's words)
                    want = "已覆盖" if (rb.num(r["actual"]) or 0) > 0 else "未覆盖"
                    log.check(fig == want, "briefing.units.figure", where,
                              "%r, progress.csv actual %r" % (m.group(0), r["actual"]))
                else:
                    nk = "percent" if basis == "completion" else rb.numkind(r["measure_unit"], r["kind"])
                    shown = fig.replace(" " + r["measure_unit"], "") if basis == "actual" else fig
                    log.check(rb.text_number_ok(shown, rb.num(r[basis]), nk), "briefing.units.figure", where,
                              "%r, progress.csv %s %r" % (m.group(0), basis, r[basis]))
                if part.endswith("居前"):
                    ranks.setdefault("lead", []).append(int(r["rank"] or 0))
                elif part.endswith("靠后") or part.endswith("靠后。"):
                    ranks.setdefault("lag", []).append(int(r["rank"] or 0))
            for label, code in (("严重滞后", "critical"), ("滞后", "lagging")):
                if part.startswith(label + "："):
                    named = part[len(label) + 1:].rstrip("。").split("、")
                    want = [u for u in case.units if rows[u]["status"] == code]
                    log.check(named == want, "briefing.units.status", "%s.%s" % (ind, code),
                              "names %r, progress.csv %r" % (named, want))
        lead, lag = ranks.get("lead", []), ranks.get("lag", [])
        log.check(not lead or not lag or max(lead) < min(lag), "briefing.units.order", ind,
                  "leading ranks %r, lagging %r" % (lead, lag))
        log.check(lead == sorted(lead) and lag == sorted(lag), "briefing.units.order", ind + ".sorted",
                  "%r %r" % (lead, lag))


def check_quality(log, case, lines):
    line = "".join(lines)
    rest = line
    if case.cmp("input.files"):
        it = case.cmp("input_text")
        log.check(it and it in line, "briefing.quality", "input", "compare.txt's %r not in %r" % (it, line))
        counts = it
        for pat, k in ((r"(\d+)个文件", "input.files"), (r"(\d+)行", "input.rows_read"),
                       (r"(\d+)个数值", "input.facts"), (r"拒收(\d+)处", "input.errors"),
                       (r"其中(\d+)处涉及本期报告", "input.errors_in_scope"), (r"警告(\d+)条", "input.warnings")):
            m = re.search(pat, counts)
            if m:
                log.check(m.group(1) == case.cmp(k), "briefing.quality", k, "%r vs %s" % (m.group(0), case.cmp(k)))
                counts = counts.replace(m.group(0), "", 1)
        log.check(not re.search(r"\d", counts), "briefing.quality", "input.form", "numbers left in %r" % it)
        rest = rest.replace(it, "")
    mt = case.cmp("missing_text")
    if mt:
        log.check("缺报：" + mt in line, "briefing.quality", "missing", "compare.txt's %r not in %r" % (mt, line))
        for m in re.finditer(r"([^、：；]+?) ((?:Q[1-4]、?)+)（(\d+)项）", mt):
            unit, quarters, n = m.group(1), set(m.group(2).rstrip("、").split("、")), int(m.group(3))
            mine = [r for rows in case.rows.values() for u, r in rows.items() if u == unit and r["missing_quarters"]]
            want_q = set(q for r in mine for q in r["missing_quarters"].split(";"))
            log.check(n == len(mine) and quarters == want_q, "briefing.quality", "missing." + unit,
                      "%r: progress.csv has %d rows missing %r" % (m.group(0), len(mine), want_q))
        rest = rest.replace(mt, "")
    else:
        log.check("各单位均已报送" in line, "briefing.quality", "missing", "%r" % line)
    m = re.search(r"有数据报送的单位 (\d+) 个（共 (\d+) 个）", rest)
    if log.check(m is not None, "briefing.quality", "reporting", "%r" % rest):
        log.check(m.group(1) == case.cmp("units_reporting") and m.group(2) == case.cmp("units"),
                  "briefing.quality", "reporting", "%r vs units_reporting=%s units=%s"
                  % (m.group(0), case.cmp("units_reporting"), case.cmp("units")))
        rest = rest.replace(m.group(0), "")
    rest = rest.replace("流量按 0 计", "")
    log.check(not re.search(r"\d", rest), "briefing.quality", "numbers", "other numbers in %r" % rest)


def check(log, case):
    for bad in re.findall(r"(?i)(?<![A-Za-z])(nan|inf|infinity)(?![A-Za-z])|—", case.text):
        log.bad("briefing.text", "nan", "the text shows %r" % (bad or "—"))
    check_title(log, case)
    sec = sections(case.text)
    log.check(list(sec) == ["一", "二", "三", "四"], "briefing.sections", "order", "%r" % list(sec))
    rb.run_checks(log, check_overall, case, sec.get("一", []))
    rb.run_checks(log, check_indicators, case, sec.get("二", []))
    rb.run_checks(log, check_units, case, sec.get("三", []))
    rb.run_checks(log, check_quality, case, sec.get("四", []))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", nargs=3, action="append", metavar=("NAME", "FOLDER", "CONFIG"), required=True)
    args = ap.parse_args()
    status = 0
    for name, folder, config in args.case:
        case = Case(name, folder, config)
        log = rb.Log("briefing", name, case.period)
        check(log, case)
        status |= log.finish()
    return status


if __name__ == "__main__":
    sys.exit(main())
