#!/usr/bin/python3
"""check_sheets.py — what an analyst reads in the workbook, against the numbers behind it.

usage: check_sheets.py --case NAME FOLDER CONFIG [--case ...]

FOLDER is a folder published by run.sh (the workbook, progress.csv, quarterly.csv, facts.csv,
rejects.csv of the same run); CONFIG the plan it ran. For each sheet a person reads:

  汇总      title, region, period (with the plan's horizon), 数据截至, the headline's counts of
            statuses (every indicator counted: 未评估N项 for those without a status), and per
            indicator every figure against the city row of progress.csv: the value in the cell
            (a needed whole count rounded up), its number format, and the text Excel displays;
            a row without a status shows why
  季度明细   title (the plan's total_name); per indicator and quarter: 本季数, 累计完成, 序时应达
            against quarterly.csv's amount/actual/expected (value and displayed text); 与序时差 =
            the shown 累计 − the shown 应达 (what a person subtracts: 88 − 88 = 0 for 87.5);
            序时进度; 目标
  分单位     per unit and indicator: actual (a "*" exactly when a quarter is missing), unit
            target and completion, rank (competition ranking 1,2,2,4 by completion where the
            indicator has unit targets, else by actual; a unit without a value this year is not
            ranked), the same as progress.csv's rank; the missing quarters, the city row
  说明      plan, id, region, period and date; the lagging threshold in percentage points; per
            indicator its id, unit, kind, requirement (comparator and the target in force, as a
            person reads it) and baseline; the counts of facts and rejects

Each failed assertion prints FAIL with the case, period, check and detail; ok lines with
QTR_VERBOSE=1. Exit 1 on a failure (see readback.py).
"""
import argparse
import datetime
import glob
import math
import os
import re
import sys
import warnings

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import readback as rb  # noqa: E402

KIND_TEXT = {"flow": "流量（本年按季累计）", "stock": "存量（季末数）", "period_flow": "流量（计划期累计）",
             "ratio": "比值", "coverage": "覆盖率"}


def close(a, b, tol=1e-9):
    if a is None or b is None:
        return a is None and b is None
    if not isinstance(a, (int, float)) or isinstance(a, bool):
        return False
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def shown(cell):
    """The text Excel displays for a cell (numbers through their format)."""
    v = cell.value
    if v is None:
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        t = rb.excel_text(v, cell.number_format)
        return t if t is not None else "<%r in format %r>" % (v, cell.number_format)
    return str(v)


def find_row(ws, col, value, start=1):
    for r in range(start, ws.max_row + 1):
        if ws.cell(row=r, column=col).value == value:
            return r
    return None


class Ctx:
    def __init__(self, folder, config):
        self.folder = folder
        self.plan = rb.Plan(config)
        self.progress = rb.read_csv(os.path.join(folder, "progress.csv"))
        self.quarterly = rb.read_csv(os.path.join(folder, "quarterly.csv"))
        self.facts = rb.read_csv(os.path.join(folder, "facts.csv"))
        self.rejects = rb.read_csv(os.path.join(folder, "rejects.csv"))
        books = glob.glob(os.path.join(folder, "*.xlsx"))
        if len(books) != 1:
            raise SystemExit("%s: %d workbooks" % (folder, len(books)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.book = openpyxl.load_workbook(books[0], data_only=True)
        total = self.plan.total_name
        self.city = [p for p in self.progress if p["unit"] == total]
        self.units = [p for p in self.progress if p["unit"] != total]
        self.unit_names = []
        for p in self.units:
            if p["unit"] not in self.unit_names:
                self.unit_names.append(p["unit"])
        self.period = self.city[0]["period"] if self.city else "?"

    def nk(self, row):
        return rb.numkind(row["measure_unit"], row["kind"])


# ---------------------------------------------------------------- one figure

CARD_WORD = {"green": "绿牌", "yellow": "黄牌", "red": "红牌"}
CARD_FILL = {"green": "FFC6EFCE", "yellow": "FFFFEB9C", "red": "FFFFC7CE"}  # the PDF's card colours, Excel's tones


def status_card(row):
    """What 分单位's completion shows after the figure: the status and the card (亮牌) of
    progress.csv's row ("滞后（黄牌）"); None without a status."""
    if not row["status"]:
        return None
    label = rb.STATUS_LABEL.get(row["status"])
    return "%s（%s）" % (label, CARD_WORD[row["card"]]) if row["card"] else label


def card_look(log, where, cell, row):
    """The completion cell takes the colour of its card: green, yellow or red as progress.csv's
    `card` (and the PDF's card grid) says."""
    if not row["card"] or not row["status"]:
        return
    got = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
    log.check(got == CARD_FILL[row["card"]], "units.card", where, "%s fill %r, card %r wants %r"
              % (cell.coordinate, got, row["card"], CARD_FILL[row["card"]]))


def figure(log, check, detail, cell, want, nk, role=rb.EXACT, fmt=None, star=False, label=None):
    """A cell holding a figure: value equals want (None: empty), format and displayed text;
    label: a status label the cell shows after the figure ("73.6% 滞后（黄牌）", 分单位's completion)."""
    if want is None:
        log.check(cell.value is None, check, detail + ".value", "%s shows %r where the CSV has none"
                  % (cell.coordinate, cell.value))
        return
    value = rb.held(want, nk, role)
    if not log.check(close(cell.value, value), check, detail + ".value", "%s holds %r, the CSV %r%s"
                     % (cell.coordinate, cell.value, want,
                        " (shown rounded up: %r)" % value if value != want else "")):
        return
    fmt = fmt or rb.excel_format_for(nk, want)
    if star:
        fmt += '"*"'
    if label:
        fmt += '" %s"' % label
    log.check(cell.number_format == fmt, check, detail + ".format", "%s number format %r, expected %r"
              % (cell.coordinate, cell.number_format, fmt))
    text = rb.person_text(want, nk, role) if nk else rb.fixed(want, 1)
    text += "*" if star else ""
    text += " " + label if label else ""
    got = shown(cell)
    log.check(got == text, check, detail + ".shown", "%s displays %r; a person should read %r (value %r)"
              % (cell.coordinate, got, text, want))


def comparator_text(row):
    c = row["comparator"]
    if c == ">=":
        return "≥"
    if c == ">":
        return "＞"
    if ".." in c:
        lo, _, hi = c.partition("..")
        nk = rb.numkind(row["measure_unit"], row["kind"])
        return "区间 %s～%s" % (rb.person_text(float(lo), nk), rb.person_text(float(hi), nk))
    return c


# ---------------------------------------------------------------- 汇总

def parse_headline(text):
    m = re.fullmatch(r"(\d+)项指标：(.*)", text or "")
    if not m:
        return None, None
    parts = {}
    for part in m.group(2).split("，"):
        pm = re.fullmatch(r"(.+?)(\d+)项", part)
        if not pm:
            return int(m.group(1)), None
        parts[pm.group(1)] = parts.get(pm.group(1), 0) + int(pm.group(2))
    return int(m.group(1)), parts


def check_headline(log, check, text, ctx):
    """The headline counts every city status: each label's count, and all of them add up."""
    n, parts = parse_headline(text)
    if not log.check(parts is not None, check, "form", "headline %r is not 'N项指标：…k项，…'" % text):
        return
    log.check(n == len(ctx.city), check, "total", "headline says %d indicators, progress.csv has %d"
              % (n, len(ctx.city)))
    counts = {}
    for p in ctx.city:
        counts[p["status"]] = counts.get(p["status"], 0) + 1
    for code, label in rb.STATUS_LABEL.items():
        log.check(parts.get(label, 0) == counts.get(code, 0), check, code,
                  "headline %r counts %d %s, progress.csv has %d" % (text, parts.get(label, 0), label,
                                                                 counts.get(code, 0)))
    others = {k: v for k, v in parts.items() if k not in rb.STATUS_LABEL.values()}
    unassessed = sum(v for k, v in counts.items() if k not in rb.STATUS_LABEL)
    log.check(others == ({"未评估": unassessed} if unassessed else {}), check, "no-status",
              "headline %r: %r for the %d indicators without a status (未评估%d项)"
              % (text, others, unassessed, unassessed))
    log.check(sum(parts.values()) == n, check, "sum", "headline %r: the parts add up to %d, not %d"
              % (text, sum(parts.values()), n))


def check_summary(log, ctx):
    ws = ctx.book["汇总"]
    plan = ctx.plan
    log.check(ws["A1"].value == plan.name, "summary.title", "plan", "A1 %r, plan name %r" % (ws["A1"].value, plan.name))
    label_rows = {ws.cell(row=r, column=1).value: r for r in range(2, 8)}
    r = label_rows.get("地区")
    log.check(r and ws.cell(row=r, column=2).value == plan.region, "summary.title", "region",
              "地区 %r, config region %r" % (r and ws.cell(row=r, column=2).value, plan.region))
    want = "截至" + rb.period_cn(ctx.period)
    if rb.horizon_cn(plan):
        want = rb.horizon_cn(plan) + "，" + want
    r = label_rows.get("报告期")
    log.check(r and ws.cell(row=r, column=2).value == want, "summary.title", "period",
              "报告期 %r, expected %r" % (r and ws.cell(row=r, column=2).value, want))
    r = label_rows.get("数据截至")
    y, m, d = rb.quarter_end(ctx.period)
    got = r and ws.cell(row=r, column=2).value
    log.check(isinstance(got, datetime.datetime) and (got.year, got.month, got.day) == (y, m, d),
              "summary.title", "as-of", "数据截至 %r, the quarter ends %d-%02d-%02d" % (got, y, m, d))
    r = label_rows.get("总体情况")
    check_headline(log, "summary.headline", r and ws.cell(row=r, column=2).value, ctx)

    head = find_row(ws, 1, "指标")
    if not log.check(head is not None, "summary.table", "header", "no header row 指标"):
        return
    cols = {c.value: c.column for c in ws[head] if c.value is not None}
    # the forecast's name: 年末预测 (annual plans, annual flows only), 期末预测 (to the horizon's
    # end), 年末/期末预测 (both kinds in one multi-year plan)
    plan = ctx.plan
    kinds = {i.kind for i in plan.indicators}
    want_fc = "年末预测" if plan.start_year == plan.end_year or kinds == {"flow"} else \
        ("期末预测" if "flow" not in kinds else "年末/期末预测")
    log.check(want_fc in cols, "summary.table", "column.forecast", "no column %s" % want_fc)
    if want_fc in cols:
        cols["年末预测"] = cols[want_fc]
    for i, p in enumerate(ctx.city):
        rr = head + 1 + i
        ind = p["indicator"]
        cell = lambda label: ws.cell(row=rr, column=cols[label])  # noqa: E731
        nk = ctx.nk(p)
        log.check(cell("指标").value == p["name"], "summary.row", ind + ".name",
                  "row %d names %r, progress.csv %r" % (rr, cell("指标").value, p["name"]))
        log.check(cell("单位").value == p["measure_unit"], "summary.row", ind + ".unit",
                  "单位 %r, progress.csv %r" % (cell("单位").value, p["measure_unit"]))
        log.check(cell("要求").value == comparator_text(p), "summary.row", ind + ".comparator",
                  "要求 %r, expected %r" % (cell("要求").value, comparator_text(p)))
        figs = [("目标", "target", nk, rb.PACE, None), ("实际", "actual", nk, rb.EXACT, None),
                ("完成率", "completion", "percent", rb.EXACT, None),
                ("序时进度", "time_progress", "percent", rb.EXACT, None),
                ("进度差(百分点)", "pace_gap_pp", None, rb.EXACT, "#,##0.0"),
                ("距目标差额", "gap_to_target", nk, rb.PACE, None),
                ("年末预测", "forecast", nk, rb.ESTIMATE, None),
                ("剩余每季需完成", "required_per_quarter", nk, rb.PACE, None)]
        if "进度" in cols:
            figs.append(("进度", "progress", "percent", rb.EXACT, None))
        for label, key, k, role, fmt in figs:
            if log.check(label in cols, "summary.table", "column." + label, "no column %s" % label):
                figure(log, "summary.figure", "%s.%s" % (ind, key), cell(label), rb.num(p[key]), k, role, fmt)
        if ctx.plan.by_id[ind].pace == "deadline" and "进度差(百分点)" in cols:
            # a deliverable has no pace gap (docs/formulas.md): never "进度差 75.0" beside 未到期
            log.check(cell("进度差(百分点)").value is None, "summary.figure", ind + ".deadline_gap",
                      "进度差 %r on a pace = deadline row" % (cell("进度差(百分点)").value,))
        if "基数" in cols:
            check_baseline_cell(log, ctx, p, cell("基数"))
        status = p["status"]
        got = cell("状态").value
        if status in rb.STATUS_LABEL:
            dl = rb.deadline_words(ctx.plan.by_id[ind], p, ctx.plan)  # a deliverable names its milestone
            want = "%s（%s）" % (rb.STATUS_LABEL[status], dl) if dl else rb.STATUS_LABEL[status]
            if dl and status == "missed":  # the sentence's words: 2019年底节点未完成（0 / 1 个）
                year, rest = dl.split("年底节点 ", 1)
                want = "%s年底节点未完成（%s）" % (year, rest)
            log.check(got == want, "summary.status", ind, "状态 %r for %r (%s)" % (got, status, want))
        else:
            why = rb.no_status_reason(ctx.plan.by_id[ind], p, ctx.plan.total_name, ctx.plan.start_year)
            want = "未评估（%s）" % why if why else "未评估"
            log.check(got == want, "summary.status", ind, "状态 %r where progress.csv has no status (%r): "
                      "expected %r" % (got, status, want))
        log.check((cell("缺报季度").value or "") == rb.missing_text(p["missing_quarters"]), "summary.missing",
                  ind, "缺报季度 %r, progress.csv %r" % (cell("缺报季度").value, p["missing_quarters"]))


def check_baseline_cell(log, ctx, p, cell):
    """基数 shown: consistent with progress = (actual − B) / (target − B); empty when progress is
    plain completion."""
    ind = p["indicator"]
    a, t, r = rb.num(p["actual"]), rb.num(p["target"]), rb.num(p["progress"])
    b = cell.value
    if b is None:
        log.check(r is None or close(r, rb.num(p["completion"])), "summary.figure", ind + ".baseline",
                  "no 基数 but progress %r differs from completion %r" % (r, p["completion"]))
        return
    if log.check(isinstance(b, (int, float)) and a is not None and t is not None and r is not None and t != b,
                 "summary.figure", ind + ".baseline", "基数 %r with actual %r, target %r, progress %r"
                 % (b, a, t, r)):
        log.check(close((a - b) / (t - b), r, 1e-9), "summary.figure", ind + ".baseline",
                  "(actual − 基数)/(target − 基数) = %r, progress.csv %r" % ((a - b) / (t - b), r))
        nk = ctx.nk(p)
        log.check(shown(cell) == rb.person_text(b, nk), "summary.figure", ind + ".baseline.shown",
                  "基数 displays %r, expected %r" % (shown(cell), rb.person_text(b, nk)))


# ---------------------------------------------------------------- 季度明细

def check_quarterly(log, ctx):
    ws = ctx.book["季度明细"]
    head = find_row(ws, 1, "指标")
    if not log.check(head is not None, "quarterly.table", "header", "no header row 指标"):
        return
    cols = {c.value: c.column for c in ws[head] if c.value is not None}
    need = ["指标", "单位", "季度", "本季数（存量为季末数）", "累计完成", "序时应达", "与序时差", "序时进度", "目标"]
    for h in need:
        if not log.check(h in cols, "quarterly.table", "column." + h, "no column %r (has %r)" % (h, sorted(cols))):
            return
    want = "季度明细：%s各指标分季度完成情况（截至%s）" % (ctx.plan.total_name, rb.period_cn(ctx.period))
    log.check(ws["A1"].value == want, "quarterly.title", "title", "A1 %r, expected %r" % (ws["A1"].value, want))
    rows = {}
    for r in range(head + 1, ws.max_row + 1):
        name, q = ws.cell(row=r, column=cols["指标"]).value, ws.cell(row=r, column=cols["季度"]).value
        if name is not None and q is not None:
            rows.setdefault((name, q), []).append(r)
    city = {p["indicator"]: p for p in ctx.city}
    seen = set()
    for q in ctx.quarterly:
        if q["unit"] != ctx.plan.total_name:
            continue
        p = city[q["indicator"]]
        label = rb.period_cn(q["period"])
        where = "%s.%s" % (q["indicator"], q["period"])
        found = rows.get((p["name"], label), [])
        if not log.check(len(found) == 1, "quarterly.row", where, "%d rows for %s %s" % (len(found), p["name"], label)):
            continue
        r = found[0]
        seen.add(r)
        c = lambda h: ws.cell(row=r, column=cols[h])  # noqa: E731
        nk = ctx.nk(p)
        log.check(c("单位").value == p["measure_unit"], "quarterly.row", where + ".unit",
                  "单位 %r" % c("单位").value)
        amount, actual, expected = rb.num(q["amount"]), rb.num(q["actual"]), rb.num(q["expected"])
        figure(log, "quarterly.amount", where, c("本季数（存量为季末数）"), amount, nk)
        figure(log, "quarterly.actual", where, c("累计完成"), actual, nk)
        figure(log, "quarterly.expected", where, c("序时应达"), expected, nk, rb.PACE)
        figure(log, "quarterly.time", where, c("序时进度"), rb.num(q["time_progress"]), "percent")
        figure(log, "quarterly.target", where, c("目标"), rb.num(p["target"]), nk, rb.PACE)
        diff = c("与序时差")
        if actual is None or expected is None:
            log.check(diff.value is None, "quarterly.diff", where, "与序时差 %r without both figures" % diff.value)
            continue
        # the difference of the two figures as shown (88 − 88 = 0 where 应达 is 87.5)
        want = rb.shown_value(actual, nk) - rb.shown_value(expected, nk, rb.PACE)
        log.check(close(diff.value, want), "quarterly.diff", where + ".value",
                  "与序时差 holds %r, shown 累计 − shown 应达 = %r (%r − %r unrounded)"
                  % (diff.value, want, actual, expected))
        # what a person reads: the shown difference is the shown 累计 minus the shown 应达
        sa, se, sd = (rb.parse_shown(shown(x) or "") for x in (c("累计完成"), c("序时应达"), diff))
        if log.check(None not in (sa, se, sd), "quarterly.diff", where + ".shown",
                     "cannot read %r %r %r" % (shown(c("累计完成")), shown(c("序时应达")), shown(diff))):
            dec = max(sa[1], se[1])
            log.check(rb.rounded(sa[0] - se[0], dec) == rb.rounded(sd[0], dec) and (sd[0] != 0 or not shown(diff).startswith("-")),
                      "quarterly.diff", where + ".shown",
                      "the sheet shows %s − %s = %s" % (shown(c("累计完成")), shown(c("序时应达")), shown(diff)))
            # and written as the indicator's figures are (a ratio's 0 is 0, not 0.00)
            log.check(shown(diff) == rb.person_text(want, nk), "quarterly.diff", where + ".form",
                      "与序时差 displays %r; as the indicator's figures are written: %r"
                      % (shown(diff), rb.person_text(want, nk)))
    extra = [r for v in rows.values() for r in v if r not in seen]
    log.check(not extra, "quarterly.table", "extra-rows", "rows %r match no city row of quarterly.csv" % extra[:5])


# ---------------------------------------------------------------- 分单位

def check_units(log, ctx):
    ws = ctx.book["分单位"]
    group_row, head_row, first = 4, 5, 6
    if not log.check(ws.cell(row=group_row, column=1).value == "单位", "units.table", "header",
                     "A4 %r, expected 单位" % ws.cell(row=group_row, column=1).value):
        return
    want = "分单位完成情况（截至%s）" % rb.period_cn(ctx.period)
    log.check(ws["A1"].value == want, "units.title", "title", "A1 %r, expected %r" % (ws["A1"].value, want))
    starts = [(c.column, c.value) for c in ws[group_row] if c.value is not None][1:]
    last_col = starts[-1][0] if starts else 1
    log.check(starts and starts[-1][1] == "未报情况", "units.table", "missing-column", "last group %r" % (starts[-1:],))
    group = {}
    for k, (col, name) in enumerate(starts[:-1]):
        end = starts[k + 1][0]
        heads = {ws.cell(row=head_row, column=cc).value: cc for cc in range(col, end)}
        group[name] = heads
    nunits = len(ctx.unit_names)
    for u, name in enumerate(ctx.unit_names):
        got = ws.cell(row=first + u, column=1).value
        log.check(got == name, "units.row", name, "row %d names %r, progress.csv %r" % (first + u, got, name))
    for p in ctx.city:
        ind = p["indicator"]
        heads = group.get(p["name"])
        if not log.check(heads is not None, "units.group", ind, "no group %r" % p["name"]):
            continue
        nk = ctx.nk(p)
        rows = {q["unit"]: q for q in ctx.units if q["indicator"] == ind}
        actual_col = heads.get("实际(%s)" % p["measure_unit"])
        if not log.check(actual_col is not None, "units.group", ind + ".actual", "heads %r" % sorted(heads, key=str)):
            continue
        has_targets = any(rows[n]["target"] for n in ctx.unit_names if n in rows)
        log.check(("目标" in heads) == has_targets and ("完成率" in heads) == has_targets, "units.group",
                  ind + ".targets", "目标/完成率 columns %r while unit targets exist: %r"
                  % ("目标" in heads, has_targets))
        _, quarter = rb.period_parts(ctx.period)
        ordered = [rows[n] for n in ctx.unit_names if n in rows]
        basis_name, want_rank = rb.ranks(ordered, quarter)
        by_completion = basis_name == "completion"
        rank_head = "完成率排名" if by_completion else "排名"
        rank_col = heads.get(rank_head)
        log.check(rank_col is not None, "units.rank", ind + ".basis",
                  "heads %r; ranked by %s, the rank column should be %r"
                  % (sorted(heads, key=str), basis_name, rank_head))
        basis = [rb.num(q[basis_name]) for q in ordered]
        rank_of = {q["unit"]: w for q, w in zip(ordered, want_rank)}
        for q, w in zip(ordered, want_rank):
            log.check(rb.num(q["rank"]) == w and q["rank_basis"] == basis_name, "units.rank",
                      "%s.%s.csv" % (ind, q["unit"]), "progress.csv rank %r by %r; competition ranking by %s "
                      "gives %r" % (q["rank"], q["rank_basis"], basis_name, w))
        for u, name in enumerate(ctx.unit_names):
            r = first + u
            q = rows.get(name)
            where = "%s.%s" % (ind, name)
            if not log.check(q is not None, "units.row", where, "no progress.csv row"):
                continue
            figure(log, "units.actual", where, ws.cell(row=r, column=actual_col), rb.num(q["actual"]), nk,
                   star=bool(q["missing_quarters"]))
            if "目标" in heads:
                figure(log, "units.target", where, ws.cell(row=r, column=heads["目标"]), rb.num(q["target"]), nk,
                       rb.PACE)
                figure(log, "units.completion", where, ws.cell(row=r, column=heads["完成率"]),
                       rb.num(q["completion"]), "percent", label=status_card(q))
                card_look(log, where, ws.cell(row=r, column=heads["完成率"]), q)
            if rank_col is not None:
                got = ws.cell(row=r, column=rank_col).value
                w = rank_of.get(name)
                log.check(close(got, w) if w is not None else got is None,
                          "units.rank", where, "rank %r, competition ranking by %s gives %r (values %r)"
                          % (got, basis_name, w, basis))
        cr = first + nunits + 1
        log.check(ws.cell(row=cr, column=1).value == ctx.plan.total_name, "units.city", "name",
                  "row %d %r" % (cr, ws.cell(row=cr, column=1).value))
        figure(log, "units.city", ind + ".actual", ws.cell(row=cr, column=actual_col), rb.num(p["actual"]), nk)
    for u, name in enumerate(ctx.unit_names):
        text = ws.cell(row=first + u, column=last_col).value or ""
        quarters = set()
        for q in ctx.units:
            if q["unit"] == name and q["missing_quarters"]:
                quarters.update(q["missing_quarters"].split(";"))
        ok = all(x in text for x in quarters) and bool(text) == bool(quarters)
        log.check(ok, "units.missing", name, "未报情况 %r; progress.csv misses %r" % (text, sorted(quarters)))


# ---------------------------------------------------------------- 说明

def check_notes(log, ctx):
    ws = ctx.book["说明"]
    plan = ctx.plan
    items = {}
    for r in range(1, ws.max_row + 1):
        a, b = ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value
        if isinstance(a, str) and a not in items:
            items[a] = b
    for term, want in (("计划", plan.name), ("计划编号", plan.id), ("地区", plan.region)):
        log.check(items.get(term) == want, "notes.basics", term, "%s %r, config %r" % (term, items.get(term), want))
    y, m, d = rb.quarter_end(ctx.period)
    want = "截至%s（数据截至%d年%d月%d日）" % (rb.period_cn(ctx.period), y, m, d)
    log.check(items.get("报告期") == want, "notes.basics", "period", "报告期 %r, expected %r" % (items.get("报告期"), want))
    text = items.get("状态") or ""
    pp = plan.warn * 100
    lag = re.search(r"滞后：落后序时进度不超过([0-9.]+)个百分点", text)
    crit = re.search(r"严重滞后：落后超过([0-9.]+)个百分点", text)
    log.check(lag is not None and close(float(lag.group(1)), pp), "notes.threshold", "lagging",
              "滞后 defined as %r; config lagging_threshold %g = %g points" % (lag and lag.group(0), plan.warn, pp))
    log.check(crit is not None and close(float(crit.group(1)), pp), "notes.threshold", "critical",
              "严重滞后 defined as %r; config %g points" % (crit and crit.group(0), pp))
    for p in ctx.city:
        check_indicator_note(log, ctx, p, items.get(p["name"]))
    facts_total = len(ctx.facts)
    nerr = sum(1 for x in ctx.rejects if x["severity"] == "error")
    nwarn = sum(1 for x in ctx.rejects if x["severity"] == "warning")
    m = re.match(r"facts\.csv ([0-9,]+) 条.*rejects\.csv ([0-9,]+) 条：拒收([0-9,]+)处，警告([0-9,]+)条",
                 items.get("数据量") or "")
    got = m and tuple(int(g.replace(",", "")) for g in m.groups())
    log.check(got == (facts_total, len(ctx.rejects), nerr, nwarn), "notes.counts", "facts-rejects",
              "数据量 %r; facts.csv %d, rejects.csv %d (%d errors, %d warnings)"
              % (items.get("数据量"), facts_total, len(ctx.rejects), nerr, nwarn))


def check_indicator_note(log, ctx, p, text):
    ind = p["indicator"]
    cfg = ctx.plan.by_id[ind]
    if not log.check(isinstance(text, str), "notes.indicator", ind, "no 指标设置 row for %r" % p["name"]):
        return
    m = re.fullmatch(r"编号 (\S+)；单位 (\S+)；(.+?)；要求 (.+?)(?:；基数 (.+))?", text)
    if not log.check(m is not None, "notes.indicator", ind + ".form", "指标设置 %r" % text):
        return
    ident, unit, kind, req, base = m.groups()
    log.check(ident == ind, "notes.indicator", ind + ".id", "编号 %r" % ident)
    log.check(unit == p["measure_unit"] and (unit == cfg.unit or not cfg.unit), "notes.indicator", ind + ".unit",
              "单位 %r, config %r, progress.csv %r" % (unit, cfg.unit, p["measure_unit"]))
    log.check(kind == KIND_TEXT.get(cfg.kind), "notes.indicator", ind + ".kind", "%r for kind %r" % (kind, cfg.kind))
    nk = ctx.nk(p)
    target = rb.num(p["target"])
    for bad in ("nan", "inf", "NaN"):
        log.check(bad not in req, "notes.target", ind + ".nan", "要求 %r shows %r" % (req, bad))
    if target is not None:
        sym = comparator_text(p)
        if cfg.range:
            ok = req == sym
        else:
            ok = req.startswith(sym + " ") and rb.text_number_ok(req[len(sym) + 1:], target, nk)
        log.check(ok, "notes.target", ind, "要求 %r; the target in force is %r (%s %s as a person reads it)"
                  % (req, target, sym, rb.person_text(target, nk)))
        plain = cfg.plain_target()
        if plain is not None:
            log.check(close(target, plain), "notes.target", ind + ".config",
                      "target in force %r, config target %r" % (target, plain))
    if base is not None:
        b = rb.parse_shown(base)
        ws = ctx.book["汇总"]
        head = find_row(ws, 1, "指标")
        cols = {c.value: c.column for c in ws[head] if c.value is not None} if head else {}
        row = find_row(ws, 1, p["name"], (head or 1) + 1)
        sb = ws.cell(row=row, column=cols["基数"]).value if row and "基数" in cols else None
        want_b = None if b is None else (b[0] / 100 if b[2] else b[0])  # "54.5%" is 0.545
        log.check(b is not None and sb is not None and close(want_b, sb, 1e-6 if not b[2] else 0.0005 + 1e-9),
                  "notes.baseline", ind,
                  "说明 基数 %r, 汇总 基数 %r" % (base, sb))
        if cfg.baseline:
            log.check(b is not None and close(b[0], float(cfg.baseline), 1e-9), "notes.baseline", ind + ".config",
                      "说明 基数 %r, config baseline %r" % (base, cfg.baseline))
        log.check(sb is not None and rb.text_number_ok(base, sb, nk), "notes.baseline", ind + ".shown",
                  "基数 %r does not read as %r (%s)" % (base, sb, nk))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--case", nargs=3, action="append", metavar=("NAME", "FOLDER", "CONFIG"), required=True)
    args = ap.parse_args()
    status = 0
    for name, folder, config in args.case:
        ctx = Ctx(folder, config)
        log = rb.Log("sheets", name, ctx.period)
        for fn in (check_summary, check_quarterly, check_units, check_notes):
            rb.run_checks(log, fn, ctx)
        status |= log.finish()
    return status


if __name__ == "__main__":
    sys.exit(main())
