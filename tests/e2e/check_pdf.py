#!/usr/bin/python3
"""check_pdf.py — what a leader reads in the PDF, against the numbers behind it.

usage: check_pdf.py --date YYYY-MM-DD --case NAME FOLDER CONFIG [--case ...]

FOLDER is a folder published by run.sh (the PDF, progress.csv, quarterly.csv, facts.csv,
rejects.csv, compare.txt and the workbook of the same run); CONFIG the plan it ran; --date the
report date run.sh was given (SOURCE_DATE_EPOCH). Every page is read with `pdftotext -layout`:

  every page   the header (plan name; region, the plan's horizon, 截至YYYY年第N季度), the footer
               (生成日期 from --date, 第N页/共M页), no nan/inf, no number with more than 2
               decimals, no English status code
  overview     title and subtitle; the headline's counts against the statuses of the city rows
               (every status, also 未完成 and 超出区间; 未评估N项 for the rows without one), and
               the same headline as the workbook's and compare.txt's; the notice (errors, those
               of the report's quarters, warnings, units with missing quarters); per indicator
               its status label and the figures in words (actual, target, completion,
               incremental progress, the pace gap, what the pace asks for, the shortfall, what a
               quarter must bring, the forecast) against progress.csv as a person should read
               them, or why a row has no status; the footnote (threshold, time progress, units
               with missing quarters); the line under the headline naming the 严重滞后, 未完成
               and 滞后 indicators; the 重点关注 block: each of them worst first with its
               completion and pace (完成 X%，但增量进度 R% 低于序时进度 P% where the status follows
               the incremental progress), the units named as holding it back (with unit targets:
               those whose own status lags, lowest completion first, with completion and
               shortfall; else the lowest 同比; else 未分解单位目标) and the units with missing
               quarters; each row's mark ※缺报Qn against the city row's missing quarters and, for
               coverage, 未覆盖 with the units whose value is 0
  trends       per indicator its status label, actual, 应达 and target
  card grid    where unit targets exist: per unit, per indicator with unit targets, the card
               (绿/黄/红 against progress.csv's card), the completion (with ※ for missing
               quarters) or — where the unit has no target
  rankings     per key indicator and per indicator 滞后, 严重滞后 or 未完成: title, the claims of the subtitle (what it ranks by: unit
               target completion where the indicator has unit targets, else the value; ties),
               every ranked unit once, its label value equal to its actual (not the forecast),
               its completion and missing quarters, competition ranks (1,2,2,4) computed here
               and equal to progress.csv's, in rank order; the rank change (名次↑n/↓n) against
               rank_prev, 同比 against yoy_growth, 已覆盖/未覆盖 for coverage; the units without
               a value this year named apart (未参加排名); the legend
  the file     page count, fonts all embedded with a CJK one, the document title

Each failed assertion prints FAIL with the case, period, check and detail; ok lines with
QTR_VERBOSE=1. Exit 1 on a failure (see readback.py).
"""
import argparse
import glob
import math
import os
import re
import subprocess
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import readback as rb  # noqa: E402

NO_STATUS_LABELS = set(rb.STATUS_LABEL.values())
FIRST_PAGE_ROWS, MORE_PAGE_ROWS = 10, 14     # pipeline/charts/dashboard.c
FIRST_PAGE_ALL = 12                           # up to this many indicators all on page 1
TREND_PER_PAGE = 9                           # pipeline/charts/trend.h: 3 x 3
SHARED_FIRST_PAGE_MAX = 3                    # pipeline/charts/report.c
RANKING_ALL_MAX, RANKING_EDGE = 30, 10       # pipeline/charts/ranking.h
RANKING_NOTE_UNITS = 10                      # unranked units named before 等N个单位 (ranking.h)


def squash(s):
    return re.sub(r"\s+", "", s or "")


def cn_period_of_name(name):
    """The quarter a file name names (2025Q3, 2025-Q2, 2025年第二季度, 2025年2季度), or None."""
    m = re.search(r"(\d{4})\s*-?\s*[Qq]([1-4])", name)
    if m:
        return "%sQ%s" % m.groups()
    m = re.search(r"(\d{4})年第?([一二三四1-4])季度", name)
    if m:
        q = {"一": "1", "二": "2", "三": "3", "四": "4"}.get(m.group(2), m.group(2))
        return "%sQ%s" % (m.group(1), q)
    return None


class Ctx:
    def __init__(self, folder, config, date):
        self.folder = folder
        # a plan with a task ledger has its page last (its own read-back: tests/e2e/check_tasks.py)
        self.task_page = 1 if os.path.exists(os.path.join(folder, "tasks.csv")) else 0
        self.plan = rb.Plan(config)
        self.date = date
        self.progress = rb.read_csv(os.path.join(folder, "progress.csv"))
        self.quarterly = rb.read_csv(os.path.join(folder, "quarterly.csv"))
        self.facts = rb.read_csv(os.path.join(folder, "facts.csv"))
        self.rejects = rb.read_csv(os.path.join(folder, "rejects.csv"))
        self.compare = rb.read_kv(os.path.join(folder, "compare.txt"))
        brief = os.path.join(folder, "briefing.txt")
        self.briefing = open(brief, encoding="utf-8").read() if os.path.exists(brief) else None
        pdfs = glob.glob(os.path.join(folder, "*.pdf"))
        if len(pdfs) != 1:
            raise SystemExit("%s: %d PDFs" % (folder, len(pdfs)))
        self.pdf = pdfs[0]
        text = subprocess.run(["pdftotext", "-layout", self.pdf, "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")
        self.pages = text.split("\f")
        if self.pages and not self.pages[-1].strip():
            self.pages.pop()
        total = self.plan.total_name
        self.city = [p for p in self.progress if p["unit"] == total]
        self.by_ind = {p["indicator"]: p for p in self.city}
        self.units = [p for p in self.progress if p["unit"] != total]
        self.unit_names = []
        for p in self.units:
            if p["unit"] not in self.unit_names:
                self.unit_names.append(p["unit"])
        self.period = self.city[0]["period"] if self.city else "?"
        self.year, self.quarter = rb.period_parts(self.period)

    def nk(self, row):
        return rb.numkind(row["measure_unit"], row["kind"])

    def unit_word(self, row):
        return "" if self.nk(row) == "percent" else row["measure_unit"]

    # the page plan of pipeline/charts/report.c
    def layout(self):
        n = len(self.city)
        dash = 1 if n <= FIRST_PAGE_ALL else 1 + (n - FIRST_PAGE_ROWS + MORE_PAGE_ROWS - 1) // MORE_PAGE_ROWS
        trend = (n + TREND_PER_PAGE - 1) // TREND_PER_PAGE
        shared = n <= SHARED_FIRST_PAGE_MAX and dash == 1 and trend == 1
        keys = ranked_indicators(self)
        return dash, trend, shared, keys

    def card_indicators(self):
        """Indicators with a unit target in force on some unit row (the card grid's columns)."""
        return [p["indicator"] for p in self.city
                if any(q["target"] for q in self.units if q["indicator"] == p["indicator"])]


ATTENTION = ("critical", "missed", "lagging")   # worst first (pipeline/charts/attention.c)
ATTENTION_UNITS, ATTENTION_MISSING, ATTENTION_ITEMS = 3, 5, 6


def ranked_indicators(ctx):
    """Indicators with a ranking page: every key one and every one needing attention, plan
    order; every indicator when none is key."""
    keys = {i.id for i in ctx.plan.indicators if i.key}
    return [p["indicator"] for p in ctx.city
            if not keys or p["indicator"] in keys or p["status"] in ATTENTION]


def split_cols(line):
    """The segments of a pdftotext -layout line separated by 3 or more spaces: (column, text)."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S(?:.*?\S)??(?=\s{3,}|\s*$)", line)]


def overview_rows(body, names=()):
    """Page-1 rows as pdftotext -layout lays them out: (labels, marks, summaries, details). The
    left column holds each indicator's name, then its status label with its mark (※缺报…,
    未覆盖：…, on lines of its own when long: a left line that follows it and begins no
    indicator name of `names` continues it); the right column the figures in words and the
    detail line."""
    summaries, details, labels, marks = [], {}, [], {}
    in_mark = False
    for l in body:
        if l.strip().startswith("生成日期"):   # the page's foot line (a continued page has no 注：)
            break
        for col, s in split_cols(l):
            if col >= 20:
                if "，完成 " in s or "，提升进度 " in s or s.startswith("实际 "):
                    summaries.append(s)
                elif summaries:
                    details.setdefault(len(summaries) - 1, []).append(s)
                continue
            first, _, rest = s.partition(" ")
            if first in NO_STATUS_LABELS or first in ("未评估", "未到期"):
                labels.append(first)
                marks[len(labels) - 1] = rest.strip()
                in_mark = bool(rest.strip())
            elif labels and (s.startswith("※") or s.startswith("未覆盖") or
                             (in_mark and names and not any(squash(n).startswith(squash(s)) for n in names))):
                marks[len(labels) - 1] = (marks.get(len(labels) - 1, "") + " " + s).strip()
                in_mark = True
            else:
                in_mark = False
    return labels, marks, summaries, details


# ---------------------------------------------------------------- every page

def chart_pages(ctx):
    """Pages before the briefing: overview, trends, card grid, rankings, task ledger."""
    dash, trend, shared, keys = ctx.layout()
    cards = 1 if ctx.card_indicators() else 0
    return dash + trend - (1 if shared else 0) + cards + (len(keys) + 1) // 2 + ctx.task_page


def check_every_page(log, ctx):
    dash, trend, shared, keys = ctx.layout()
    want_pages = chart_pages(ctx)
    what = "%d overview, %d trend, %d card grid, %d rankings%s%s" % (
        dash, trend, 1 if ctx.card_indicators() else 0, len(keys), ", shared first page" if shared else "",
        ", the task ledger" if ctx.task_page else "")
    if ctx.briefing is not None:  # the 文字通报 follows the charts, one page or more
        log.check(len(ctx.pages) > want_pages, "pdf.pages", "count", "%d pages, expected more than %d (%s, "
                  "then the briefing)" % (len(ctx.pages), want_pages, what))
    else:
        log.check(len(ctx.pages) == want_pages, "pdf.pages", "count", "%d pages, expected %d (%s)"
                  % (len(ctx.pages), want_pages, what))
    y, m, d = (int(x) for x in ctx.date.split("-"))
    context = "%s · %s截至%s" % (ctx.plan.region, rb.horizon_cn(ctx.plan) + " · " if rb.horizon_cn(ctx.plan) else "",
                                rb.period_cn(ctx.period))
    for i, page in enumerate(ctx.pages):
        where = "page%d" % (i + 1)
        lines = [l for l in page.split("\n") if l.strip()]
        head = lines[0] if lines else ""
        log.check(head.strip().startswith(ctx.plan.name[:12]) and squash(head).endswith(squash(context)),
                  "pdf.header", where, "header %r: expected the plan name and %r" % (head.strip(), context))
        flat = squash(page)
        log.check(ctx.plan.name in squash(lines[0] if lines else "") or squash(ctx.plan.name)[:12] in flat,
                  "pdf.header", where + ".name", "plan name %r not on the page" % ctx.plan.name)
        foot = "第%d页/共%d页" % (i + 1, len(ctx.pages))
        log.check(foot in squash(lines[-1] if lines else ""), "pdf.footer", where + ".page",
                  "last line %r lacks %s" % (lines[-1].strip() if lines else "", foot))
        date = "生成日期：%d年%d月%d日" % (y, m, d)
        log.check(date in squash(lines[-1] if lines else ""), "pdf.footer", where + ".date",
                  "last line %r lacks %s" % (lines[-1].strip() if lines else "", date))
        for bad in re.findall(r"(?i)(?<![A-Za-z])(nan|inf|infinity)(?![A-Za-z])", page):
            log.bad("pdf.text", where + ".nan", "the page shows %r" % bad)
        for long in re.findall(r"\d\.\d{3,}", page):
            log.bad("pdf.text", where + ".decimals", "unrounded number %r" % long)
        for code in rb.STATUS_CODES:
            if re.search(r"(?<![A-Za-z_])%s(?![A-Za-z_])" % code, page):
                log.bad("pdf.text", where + ".code", "English status code %r" % code)


def check_briefing(log, ctx):
    """The pages after the charts say what briefing.txt says, paragraph by paragraph, in order."""
    pages = ctx.pages[chart_pages(ctx):]
    flat = squash("".join(pages)).replace("\u3000", "")
    at = 0
    for i, line in enumerate(l for l in ctx.briefing.split("\n") if l.strip()):
        want = squash(line)
        found = flat.find(want, at)
        if log.check(found >= 0, "pdf.briefing", "para%d" % (i + 1), "paragraph %r not on the briefing pages "
                     "(in order)" % line[:60]):
            at = found + len(want)


def check_file(log, ctx):
    out = subprocess.run(["pdffonts", ctx.pdf], check=True, capture_output=True).stdout.decode()
    rows = [l for l in out.split("\n")[2:] if l.strip()]
    log.check(rows, "pdf.fonts", "any", "no fonts")
    for l in rows:
        f = l.split()
        emb = f[-5] if len(f) >= 7 else "?"
        log.check(emb == "yes", "pdf.fonts", f[0], "font not embedded: %r" % l)
    cjk = [l for l in rows if re.search(r"CJK|Han|Hei|Song|Kai|Ming|Gothic", l)]
    log.check(cjk, "pdf.fonts", "cjk", "no CJK font: %r" % rows)
    # no text below 8 pt but the running header and footer (docs/formats.md): a word's box in
    # pdftotext -bbox is 1.448 times its size in Noto Sans CJK
    html = subprocess.run(["pdftotext", "-bbox", ctx.pdf, "-"], check=True, capture_output=True).stdout.decode()
    for no, page in enumerate(html.split("<page ")[1:], 1):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        small = [(round((float(y1) - float(y0)) / 1.448, 2), w) for y0, y1, w in
                 re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)
                 if 40 < float(y0) < height - 50 and (float(y1) - float(y0)) / 1.448 < 7.95]
        log.check(not small, "pdf.size", "page%d" % no, "text under 8 pt: %r" % small[:5])
    info = subprocess.run(["pdfinfo", ctx.pdf], check=True, capture_output=True).stdout.decode()
    title = re.search(r"^Title:\s*(.*)$", info, re.M)
    log.check(title and ctx.plan.name in title.group(1), "pdf.info", "title", "Title %r" % (title and title.group(1)))


# ---------------------------------------------------------------- the overview

def headline_counts(log, ctx, text):
    m = re.fullmatch(r"(\d+)项指标：(.*)", text or "")
    if not log.check(m is not None, "pdf.headline", "form", "headline %r" % text):
        return
    parts = {}
    for part in m.group(2).split("，"):
        pm = re.fullmatch(r"(.+?)(\d+)项", part)
        if not log.check(pm is not None, "pdf.headline", "form", "headline part %r" % part):
            return
        parts[pm.group(1)] = parts.get(pm.group(1), 0) + int(pm.group(2))
    n = int(m.group(1))
    log.check(n == len(ctx.city), "pdf.headline", "total", "%r: %d indicators in progress.csv" % (text, len(ctx.city)))
    counts = {}
    for p in ctx.city:
        counts[p["status"]] = counts.get(p["status"], 0) + 1
    for code, label in rb.STATUS_LABEL.items():
        log.check(parts.get(label, 0) == counts.get(code, 0), "pdf.headline", code,
                  "%r counts %d %s; progress.csv's city rows have %d %s" % (text, parts.get(label, 0), label,
                                                                          counts.get(code, 0), code))
    others = {k: v for k, v in parts.items() if k not in NO_STATUS_LABELS}
    unassessed = sum(v for k, v in counts.items() if k not in rb.STATUS_LABEL)
    log.check(sum(others.values()) == unassessed and len(others) <= 1, "pdf.headline", "no-status",
              "%r: %r for the %d indicators without a status" % (text, others, unassessed))
    log.check(sum(parts.values()) == n, "pdf.headline", "sum", "%r adds up to %d" % (text, sum(parts.values())))


def same_headline(log, ctx, text):
    """One headline everywhere: the PDF's, the workbook's (汇总 总体情况) and compare.txt's."""
    cmp_line = (ctx.compare.get("headline") or [""])[0]
    log.check(text == cmp_line, "pdf.headline", "same-as-compare.txt", "PDF %r, compare.txt %r" % (text, cmp_line))
    books = glob.glob(os.path.join(ctx.folder, "*.xlsx"))
    if books:
        import openpyxl
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ws = openpyxl.load_workbook(books[0], data_only=True, read_only=True)["汇总"]
            wb_line = None
            for row in ws.iter_rows(min_row=1, max_row=8, max_col=2, values_only=True):
                if row[0] == "总体情况":
                    wb_line = row[1]
        log.check(text == wb_line, "pdf.headline", "same-as-workbook", "PDF %r, workbook 汇总 %r" % (text, wb_line))


def in_scope(ctx, source):
    """Whether a reject of this file concerns the report: a file of the report year up to the
    report quarter, of the baseline quarter (Q4 before the horizon), or of no quarter its name
    tells (file, column and row errors are counted in)."""
    p = cn_period_of_name(source)
    if p is None:
        return True
    y, q = rb.period_parts(p)
    return (y == ctx.year and q <= ctx.quarter) or (y == ctx.plan.start_year - 1 and q == 4)


def notice_want(ctx):
    """(errors, errors of the report's quarters, warnings, units with missing quarters)."""
    nerr = nscope = nwarn = 0
    for r in ctx.rejects:
        nerr += r["severity"] == "error"
        nscope += r["severity"] == "error" and in_scope(ctx, r["source"])
        nwarn += r["severity"] == "warning"
    units = []
    for name in ctx.unit_names:
        quarters, nind = set(), 0
        for q in ctx.units:
            if q["unit"] == name and q["missing_quarters"]:
                nind += 1
                quarters.update(q["missing_quarters"].split(";"))
        if nind:
            units.append("%s %s（%d项）" % (name, "、".join(sorted(quarters)), nind))
    return nerr, nscope, nwarn, units


def check_overview(log, ctx, page, first, count, page_no):
    where = "page%d" % page_no
    lines = page.split("\n")
    flat = squash(page)
    if first == 0:
        log.check(squash(ctx.plan.name) in flat, "pdf.title", "name", "plan name %r not in the title" % ctx.plan.name)
        sub = "%s · %s截至%s · 目标任务进展总览" % (ctx.plan.region, rb.horizon_cn(ctx.plan) + " · " if rb.horizon_cn(ctx.plan) else "",
                                              rb.period_cn(ctx.period))
        log.check(squash(sub) in flat, "pdf.title", "subtitle", "no subtitle %r" % sub)
        heads = [l.strip() for l in lines if re.match(r"^\s*\d+项指标：", l)]
        if log.check(len(heads) == 1, "pdf.headline", "present", "%d headlines" % len(heads)):
            headline_counts(log, ctx, heads[0])
            same_headline(log, ctx, heads[0])
        check_notice(log, ctx, lines)
    rows_at = next((k for k, l in enumerate(lines) if l.strip().startswith("指标 / 状态")), None)
    foot_at = next((k for k, l in enumerate(lines) if l.strip().startswith("注：")), len(lines) - 1)
    if not log.check(rows_at is not None, "pdf.overview", where + ".axis", "no 指标 / 状态 line"):
        return
    body = lines[rows_at + 1:foot_at]
    labels, marks, summaries, details = overview_rows(body, [p["name"] for p in ctx.city])
    inds = ctx.city[first:first + count]
    log.check(len(summaries) == len(inds), "pdf.overview", where + ".rows",
              "%d lines of figures for %d indicators" % (len(summaries), len(inds)))
    log.check(len(labels) == len(inds), "pdf.overview", where + ".labels",
              "%d status labels for %d indicators: %r" % (len(labels), len(inds), labels))
    body_flat = squash("\n".join(body))
    for k, p in enumerate(inds):
        ind = p["indicator"]
        log.check(squash(p["name"]) in body_flat, "pdf.overview", ind + ".name", "name %r not shown" % p["name"])
        if k < len(labels):
            check_status_label(log, "pdf.overview.status", ind, labels[k], p)
            check_row_mark(log, ctx, p, marks.get(k, ""))
        if k < len(summaries):
            check_summary_line(log, ctx, p, summaries[k])
            check_detail_line(log, ctx, p, " ".join(details.get(k, [])))
    if first == 0:
        check_footnote(log, ctx, lines[foot_at:])
        check_attention(log, ctx, lines[:rows_at])


def uncovered(ctx, ind):
    """Units of a coverage indicator whose value is 0, roster order."""
    return [q["unit"] for q in ctx.units if q["indicator"] == ind and rb.num(q["actual"]) == 0]


def check_row_mark(log, ctx, p, mark):
    """A row's mark: ※缺报 with the city row's missing quarters; 未覆盖 for coverage."""
    ind = p["indicator"]
    want = []
    if p["missing_quarters"]:
        want.append("※缺报" + rb.missing_text(p["missing_quarters"]))
    if p["kind"] == "coverage" and uncovered(ctx, ind):
        names = uncovered(ctx, ind)
        want.append("未覆盖：" + "、".join(names[:10]) + (" 等 %d 个单位" % len(names) if len(names) > 10 else ""))
    log.check(squash(mark) == squash(" ".join(want)), "pdf.overview.mark", ind,
              "mark %r; progress.csv says %r" % (mark, " ".join(want)))


def attention_rows(ctx):
    return [p for code in ATTENTION for p in ctx.city if p["status"] == code]


def check_attention(log, ctx, lines):
    """The names under the headline and the 重点关注 block, against progress.csv."""
    flat = squash("".join(lines))
    rows = attention_rows(ctx)
    if not rows:
        log.check("各项指标均无滞后。" in flat, "pdf.attention", "none", "no 各项指标均无滞后 while nothing lags")
        log.check("重点关注" not in flat, "pdf.attention", "none.block", "a 重点关注 block while nothing lags")
        return
    def names(most=None):
        out = ""
        for code in ATTENTION:
            group = [p["name"] for p in ctx.city if p["status"] == code]
            if group:
                shown = group if most is None else group[:most]
                more = " 等 %d 项" % len(group) if len(group) > len(shown) else ""
                out += "%s：%s%s。" % (rb.STATUS_LABEL[code], "；".join(shown), more)
        return out
    # all the names; when they do not fit the panel's two lines, as on the summary card, at most
    # 3, 2 or 1 of each status with the count: whole names, never one cut with "…"
    allowed = [names()] + [names(m) for m in (3, 2, 1)]
    log.check(any(squash(a) in flat for a in allowed), "pdf.attention", "names",
              "the line under the headline is none of %r" % allowed)
    at = flat.find("重点关注")
    if not log.check(at >= 0, "pdf.attention", "block", "no 重点关注 block"):
        return
    block = flat[at + len("重点关注"):]
    end = block.find("数据质量提示")
    block = block[:end] if end >= 0 else block
    # up to ATTENTION_ITEMS, as many as leave the overview's rows room for their 8-pt text
    # (docs/formats.md): the rest counted in 另有N项
    more = re.search(r"另有(\d+)项，见下方各行", block)
    shown = len(rows) - int(more.group(1)) if more else len(rows)
    log.check(1 <= shown <= ATTENTION_ITEMS, "pdf.attention", "count",
              "%d of %d items shown (另有: %r)" % (shown, len(rows), more and more.group(0)))
    pos = 0
    for p in rows[:shown]:
        ind = p["indicator"]
        head = squash("%s（%s）：" % (p["name"], rb.STATUS_LABEL[p["status"]]))
        k = block.find(head, pos)
        if not log.check(k >= 0, "pdf.attention.item", ind, "no item %r after position %d of %r" % (head, pos, block)):
            continue
        stop = min([block.find(squash("%s（%s）：" % (q["name"], rb.STATUS_LABEL[q["status"]])), k + len(head))
                    for q in rows if q is not p] + [len(block)], key=lambda v: v if v >= 0 else len(block))
        item = block[k + len(head):stop if stop >= 0 else len(block)]
        pos = k + len(head)
        check_attention_item(log, ctx, p, item)
    if len(rows) > ATTENTION_ITEMS:
        log.check(more is not None, "pdf.attention", "more", "no 另有N项 for %d items" % len(rows))
    for p in rows[shown:]:
        head = squash("%s（%s）：" % (p["name"], rb.STATUS_LABEL[p["status"]]))
        log.check(head not in block, "pdf.attention.item", p["indicator"], "%r counted in 另有 but listed" % head)


def check_attention_item(log, ctx, p, item):
    ind = p["indicator"]
    c = rb.person_text(rb.num(p["completion"]), "percent")
    want = "完成%s，" % c
    r, comp, base = rb.num(p["progress"]), rb.num(p["completion"]), rb.num(p["baseline"])
    if base and r is not None and comp is not None and abs(r - comp) >= 0.0005 and p["status"] in ("lagging", "critical"):
        want += "但增量进度%s低于序时进度%s" % (rb.person_text(r, "percent"), rb.person_text(rb.num(p["time_progress"]), "percent"))
    else:
        want += squash(pace_words(p) or "")
    log.check(item.startswith(squash(want)), "pdf.attention.reason", ind, "%r should start %r" % (item, want))
    units = [q for q in ctx.units if q["indicator"] == ind]
    nk = ctx.nk(p)
    if any(q["rank_basis"] == "completion" for q in units):
        lag = sorted([q for q in units if q["status"] in ATTENTION and rb.num(q["completion"]) is not None],
                     key=lambda q: rb.num(q["completion"]))
        if lag:
            parts = []
            for q in lag[:ATTENTION_UNITS]:
                t = "%s（完成%s" % (q["unit"], rb.person_text(rb.num(q["completion"]), "percent"))
                g = rb.num(q["gap_to_target"])
                if g:
                    t += "，差%s%s" % (rb.person_text(g, nk, rb.PACE), ctx.unit_word(p))
                parts.append(t + ("，※）" if q["missing_quarters"] else "）"))
            missed = sum(q["status"] == "missed" for q in lag)
            label = "单位滞后" if missed == 0 else "单位未完成" if missed == len(lag) else "单位滞后或未完成"
            want_u = label + "：" + "、".join(parts) + ("等%d个单位" % len(lag) if len(lag) > ATTENTION_UNITS else "")
        else:
            want_u = "分解到单位的目标均未滞后"
    elif any(rb.num(q["yoy_growth"]) is not None for q in units):
        low = sorted([q for q in units if rb.num(q["yoy_growth"]) is not None], key=lambda q: rb.num(q["yoy_growth"]))
        want_u = "同比最低：" + "、".join("%s%s%s" % (q["unit"], yoy_text(rb.num(q["yoy_growth"])),
                                                  "※" if q["missing_quarters"] else "") for q in low[:ATTENTION_UNITS])
    else:
        want_u = "未分解单位目标，不评价单位进度"
    log.check(squash(want_u) in item, "pdf.attention.units", ind, "%r lacks %r" % (item, want_u))
    miss = [q for q in units if q["missing_quarters"]]
    if miss:
        want_m = "缺报：" + "、".join("%s%s" % (q["unit"], rb.missing_text(q["missing_quarters"])) for q in miss[:ATTENTION_MISSING])
        if len(miss) > ATTENTION_MISSING:
            want_m += "等%d个单位" % len(miss)
        log.check(squash(want_m) in item, "pdf.attention.missing", ind, "%r lacks %r" % (item, want_m))
    else:
        log.check("缺报：" not in item, "pdf.attention.missing", ind, "%r names 缺报 while no unit misses a quarter" % item)


def yoy_text(g):
    t = rb.person_text(abs(g), "percent")
    return t if t == "0.0%" else ("+" if g > 0 else "−") + t


def check_status_label(log, check, ind, label, p):
    status = p["status"]
    if status in rb.STATUS_LABEL:
        log.check(label == rb.STATUS_LABEL[status], check, ind, "label %r for %r (%s)"
                  % (label, status, rb.STATUS_LABEL[status]))
    else:
        log.check(label == "未评估", check, ind, "label %r where progress.csv has no status (未评估)" % label)


def check_notice(log, ctx, lines):
    start = next((k for k, l in enumerate(lines) if l.strip() == "数据质量提示"), None)
    nerr, nscope, nwarn, units = notice_want(ctx)
    # rejects that concern no figure of the report (other quarters) are left to the workbook
    if start is None:
        log.check(nscope == 0 and not units, "pdf.notice", "present",
                  "no 数据质量提示 with %d errors of the report's quarters and %d units missing quarters"
                  % (nscope, len(units)))
        return
    end = next((k for k in range(start + 1, len(lines)) if not lines[k].strip()), len(lines))
    text = squash("".join(l.strip() for l in lines[start + 1:end]))
    m = re.search(r"输入数据中有(\d+)处错误未被采用(?:（其中(\d+)处涉及本期报告）)?", text)
    log.check((int(m.group(1)) if m else 0) == (nerr if nscope else 0), "pdf.notice", "errors",
              "notice says %s errors; rejects.csv has %d, %d of them of the report's quarters"
              % (m and m.group(1), nerr, nscope))
    scope = m and (int(m.group(2)) if m.group(2) else int(m.group(1)))
    log.check(not nscope or scope == nscope, "pdf.notice", "errors-in-scope",
              "notice says %s errors concern the report; rejects.csv has %d (files of the report year "
              "up to its quarter, the baseline quarter)" % (scope, nscope))
    m = re.search(r"另有(\d+)条警告", text)
    log.check((int(m.group(1)) if m else 0) == (nwarn if nscope else 0), "pdf.notice", "warnings",
              "notice says %s warnings; rejects.csv has %d" % (m and m.group(1), nwarn))
    # a row of rejects.csv without a unit is in no unit's 整改清单: the notice says so
    if nscope and "整改清单" in text:
        nofile = sum(1 for r in ctx.rejects if not r.get("unit"))
        if nofile == 0:
            want = "已逐条列入各有关单位的整改清单"
        elif nofile >= len(ctx.rejects):
            want = "均无法确定属于哪个单位"
        else:
            want = "其中%d处无法确定属于哪个单位，明细见rejects.csv，其余已逐条列入各有关单位的整改清单" % nofile
        log.check(want in text, "pdf.notice", "unitless", "notice %r lacks %r (%d rows without a unit)" % (text, want, nofile))
    shown = units[:10]
    for u in shown:
        log.check(squash(u) in text, "pdf.notice", "missing." + u.split()[0], "notice %r lacks %r" % (text, u))
    if len(units) > 10:
        log.check(("等%d个单位" % len(units)) in text, "pdf.notice", "missing.more", "notice lacks 等%d个单位" % len(units))
    named = re.findall(r"([^：、（）]+?)Q[1-4](?:、Q[1-4])*（\d+项）", text.split("：", 1)[-1]) if units else []
    log.check(len(named) == len(shown), "pdf.notice", "missing.count", "notice names %d units, %d miss quarters"
              % (len(named), len(units)))


def rate_without_base(p):
    """A ratio or coverage row without a baseline, with a target: judged on its level against
    the target now (docs/formulas.md, rates without a baseline)."""
    return p["kind"] in ("ratio", "coverage") and not p["baseline"] and bool(p["target"])


def first_report_base(p, plan):
    """A ratio or coverage row whose baseline is its first reported level: its time progress
    counts from a quarter after the baseline quarter (docs/formulas.md, time progress)."""
    if p["kind"] not in ("ratio", "coverage") or not p["baseline"] or not p["time_progress"]:
        return False
    y, q = int(p["period"][:4]), int(p["period"][-1])
    elapsed = (y - plan.start_year) * 4 + q
    return abs(float(p["time_progress"]) - elapsed / (4 * (plan.end_year - plan.start_year + 1))) > 1e-9


def pace_words(p, ctx=None):
    status = p["status"]
    dl = rb.deadline_words(ctx.plan.by_id[p["indicator"]], p, ctx.plan) if ctx else ""
    if dl and status == "missed":
        return "%s未完成（%s）" % (dl.split(" ", 1)[0], dl.split(" ", 1)[1])
    if dl:
        return "未到期（%s）" % dl
    fixed = {"achieved": "已完成", "missed": "未完成", "above_range": "超出区间上限"}
    if status in fixed:
        return fixed[status]
    if rate_without_base(p) and status in ("lagging", "critical"):
        return "低于目标水平"  # docs/formulas.md, rates without a baseline: no path from 0%
    g = rb.num(p["pace_gap_pp"])
    if g is None:
        return None
    n = rb.fixed(abs(g), 1)
    if n == "0.0":
        return "略低于序时进度（不足 0.1 个百分点）" if g < 0 else "与序时进度持平"
    return "%s序时进度 %s 个百分点" % ("高于" if g > 0 else "低于", n)


def number_is(log, check, detail, got, v, nk, role=rb.EXACT, what=""):
    want = rb.person_text(v, nk, role)
    log.check(want is not None and rb.same_shown(got, want, nk), check, detail,
              "%s%r; a person should read %r (value %r)" % (what, got, want, v))


SUMMARY = re.compile(r"(?P<a>\S+) / (?P<gt>超过 )?(?P<t>[^\s–，]+)(?:–(?P<hi>[^\s，]+))?(?: (?P<unit>[^\s，]+))?"
                     r"(?:，完成 (?P<c>[^\s，；]+)(?:；增量进度 (?P<r>[^\s，]+))?|，提升进度 (?P<rr>[^\s，]+))"
                     r"(?:，(?P<pace>.+))?")


def check_summary_line(log, ctx, p, s):
    ind = p["indicator"]
    nk = ctx.nk(p)
    unit = ctx.unit_word(p)
    target = rb.num(p["target"])
    if target is None:
        m = re.fullmatch(r"实际 ([^\s（]+)(?: ([^\s（]+))?(?:（(.+)）)?", s)
        if log.check(m is not None, "pdf.overview.figures", ind + ".form", "no target: %r" % s):
            number_is(log, "pdf.overview.actual", ind, m.group(1), rb.num(p["actual"]), nk)
            log.check((m.group(2) or "") == unit, "pdf.overview.unit", ind, "unit %r" % m.group(2))
            why = rb.no_status_reason(ctx.plan.by_id[ind], p, ctx.plan.total_name, ctx.plan.start_year)
            log.check((m.group(3) or "") == why, "pdf.overview.no-status", ind,
                      "%r: the reason is %r, expected %r" % (s, m.group(3), why))
        return
    m = SUMMARY.fullmatch(s)
    if not log.check(m is not None, "pdf.overview.figures", ind + ".form", "cannot read %r" % s):
        return
    number_is(log, "pdf.overview.actual", ind, m.group("a"), rb.num(p["actual"]), nk)
    number_is(log, "pdf.overview.target", ind, m.group("t"), target, nk, rb.PACE)
    log.check(bool(m.group("gt")) == (p["comparator"] == ">"), "pdf.overview.comparator", ind,
              "%r for comparator %r" % (s, p["comparator"]))
    if ".." in p["comparator"]:
        number_is(log, "pdf.overview.target", ind + ".hi", m.group("hi") or "", float(p["comparator"].split("..")[1]),
                  nk, rb.PACE)
    log.check((m.group("unit") or "") == unit, "pdf.overview.unit", ind, "unit %r, progress.csv %r" % (m.group("unit"), unit))
    r, c = rb.num(p["progress"]), rb.num(p["completion"])
    if m.group("rr") is not None:  # a ratio from its baseline: its progress alone (提升进度)
        log.check(p["kind"] == "ratio" and rb.num(p["baseline"]) not in (None, 0), "pdf.overview.progress",
                  ind + ".ratio", "提升进度 on a %s without a baseline: %r" % (p["kind"], s))
        number_is(log, "pdf.overview.progress", ind, m.group("rr"), r, "percent")
    else:
        log.check(not (p["kind"] == "ratio" and rb.num(p["baseline"]) not in (None, 0) and p["status"] != "achieved"
                       and rb.num(p["target"]) > rb.num(p["baseline"])),
                  "pdf.overview.progress", ind + ".ratio", "a ratio from its baseline reads 提升进度: %r" % s)
        number_is(log, "pdf.overview.completion", ind, m.group("c"), rb.num(p["completion"]), "percent")
    if m.group("rr") is not None:
        pass
    elif m.group("r") is not None:
        number_is(log, "pdf.overview.progress", ind, m.group("r"), r, "percent")
    else:
        log.check(r is None or abs(r - c) < 1e-12 or p["status"] in ("achieved", "above_range"),
                  "pdf.overview.progress", ind, "status judged by progress %r (completion %r) but the line shows "
                  "no 增量进度: %r" % (r, c, s))
    want = pace_words(p, ctx)
    log.check((m.group("pace") or None) == want, "pdf.overview.pace", ind, "%r; progress.csv (%s, pace gap %s) says %r"
              % (m.group("pace"), p["status"], p["pace_gap_pp"], want))


DETAIL_PARTS = [
    (r"按序时应达 (\S+)(?: (\S+))?", "expected", rb.PACE),
    (r"距目标尚差 (\S+)(?: (\S+))?", "gap_to_target", rb.PACE),
    (r"(?:第四季度需完成|第.至第四季度每季需完成|此后每季需完成) (\S+)(?: (\S+))?", "required_per_quarter", rb.PACE),
    (r"(?:按当前进度)?(?:年末|期末)预计 (\S+)(?: (\S+))?", "forecast", rb.ESTIMATE),
]


def check_detail_line(log, ctx, p, s):
    ind = p["indicator"]
    nk = ctx.nk(p)
    unit = ctx.unit_word(p)
    if not s:
        return
    for part in re.split(r"[，；]", s):
        part = part.strip()
        if not part:
            continue
        for pat, key, role in DETAIL_PARTS:
            m = re.fullmatch(pat, part)
            if m:
                if key == "forecast":  # to the year's end (an annual flow, an annual plan) or the horizon's
                    year_end = p["kind"] == "flow" or ctx.plan.start_year == ctx.plan.end_year
                    log.check(("年末预计" in part) == year_end, "pdf.overview.forecast", ind + ".period",
                              "%r for a %s of a %d–%d plan" % (part, p["kind"], ctx.plan.start_year, ctx.plan.end_year))
                elif key == "required_per_quarter" and p["kind"] == "period_flow":
                    log.check(part.startswith("此后每季需完成"), "pdf.overview.required", ind + ".period",
                              "%r: a period flow's need is spread over the horizon's quarters" % part)
                number_is(log, "pdf.overview." + key, ind, m.group(1), rb.num(p[key]), nk, role, part + ": ")
                log.check((m.group(2) or "") == unit, "pdf.overview.unit", ind + "." + key, "%r: unit %r" % (part, m.group(2)))
                break
        else:
            m = re.fullmatch(r"本年目标按(?:直线|年均增长 (\S+%) )推算（(\d{4})年目标 (\S+)(?: (\S+))?）", part)
            cfg = ctx.plan.by_id[ind]
            if m and p["kind"] == "flow" and cfg.first_milestone_year() and cfg.first_milestone_year() > ctx.year:
                # an implied yearly target (docs/formulas.md): named with the first milestone
                y, _, v = cfg.milestones.split(",")[0].strip().partition(":")
                log.check(int(m.group(2)) == int(y), "pdf.overview.implied", ind, "%r names %s" % (part, m.group(2)))
                number_is(log, "pdf.overview.implied", ind + ".milestone", m.group(3), float(v), nk, rb.PACE)
                if m.group(1):
                    rate = (float(v) / rb.num(p["target"])) ** (1.0 / (int(y) - ctx.year)) - 1
                    number_is(log, "pdf.overview.implied", ind + ".rate", m.group(1), rate, "percent")
                continue
            m = re.fullmatch(r"已超出区间上限 (\S+)(?: (\S+))?", part)
            if m and ".." in p["comparator"]:  # a range is exceeded from its upper bound
                number_is(log, "pdf.overview.over", ind, m.group(1),
                          rb.num(p["actual"]) - float(p["comparator"].split("..")[1]), nk)
                log.check(p["status"] == "above_range", "pdf.overview.over", ind + ".status", "%r for %r" % (part, p["status"]))
                continue
            m = re.fullmatch(r"处于目标区间 (\S+)–(\S+?)(?: (\S+))?", part)
            if m and ".." in p["comparator"]:
                lo, hi = (float(x) for x in p["comparator"].split(".."))
                number_is(log, "pdf.overview.target", ind + ".lo", m.group(1), lo, nk, rb.PACE)
                number_is(log, "pdf.overview.target", ind + ".hi", m.group(2), hi, nk, rb.PACE)
                log.check(p["status"] == "achieved", "pdf.overview.range", ind, "%r for %r" % (part, p["status"]))
                continue
            m = re.fullmatch(r"已超出目标 (\S+)(?: (\S+))?", part)
            if m:
                log.check(".." not in p["comparator"], "pdf.overview.over", ind + ".range",
                          "%r: a range is exceeded from its upper bound" % part)
                number_is(log, "pdf.overview.over", ind, m.group(1), rb.num(p["actual"]) - rb.num(p["target"]), nk)
                continue
            m = re.fullmatch(r"基数 (\S+)(?: (\S+))?", part)
            if m:
                got = rb.parse_shown(m.group(1))
                a, t, r = rb.num(p["actual"]), rb.num(p["target"]), rb.num(p["progress"])
                if got is not None and got[2]:  # a percentage (a coverage's): as its row's baseline reads
                    ok = rb.text_number_ok(m.group(1), rb.num(p["baseline"]), nk)
                else:
                    ok = got is not None and r is not None and t != got[0] and abs((a - got[0]) / (t - got[0]) - r) < 1e-9
                log.check(ok, "pdf.overview.baseline", ind, "%r: (actual − 基数)/(target − 基数) is not progress %r" % (part, r))
                continue
            m = re.fullmatch(r"以首次报送的 (\d{4})Q([1-4]) 水平 (\S+?)(?: (\S+))? 为基数", part)
            if m:  # a rate's first reported level (docs/formulas.md, baseline)
                log.check(first_report_base(p, ctx.plan) or p["time_progress"] == "0", "pdf.overview.first", ind,
                          "%r on a row paced from the baseline quarter" % part)
                log.check(rb.text_number_ok(m.group(3), rb.num(p["baseline"]), nk), "pdf.overview.first",
                          ind + ".level", "%r: baseline %s" % (part, p["baseline"]))
                y, q = int(m.group(1)), int(m.group(2))
                quarters = 4 * ctx.plan.end_year + 4 - (4 * y + q)
                since = 4 * int(p["period"][:4]) + int(p["period"][-1]) - (4 * y + q)
                log.check(abs(since / quarters - rb.num(p["time_progress"])) < 1e-9, "pdf.overview.first",
                          ind + ".quarter", "%r: time progress %s" % (part, p["time_progress"]))
                continue
            if part in ("本季首次报送", "自下季起按进度考核"):
                log.check(p["time_progress"] == "0", "pdf.overview.first", ind + ".now", "%r at P %s" % (part, p["time_progress"]))
                continue
            m = re.fullmatch(r"(\d{4})年底(?:应达 (?:超过 )?(\S+)(?: (\S+))?|节点已达到|目标 (\S+)(?: (\S+))?)", part)
            named = rb.deadline_named(ctx.plan.by_id[ind], p, ctx.plan)
            if m and named:  # a deliverable: its milestone (docs/formulas.md, deadline steps)
                if m.group(4):
                    number_is(log, "pdf.overview.target", ind + ".final", m.group(4), rb.num(p["target"]), nk, rb.PACE)
                elif m.group(2):
                    log.check(int(m.group(1)) == named[0], "pdf.overview.deadline", ind, "%r names %d" % (part, named[0]))
                    number_is(log, "pdf.overview.deadline", ind, m.group(2), named[1], nk, rb.PACE)
                continue
            m = re.fullmatch(r"尚差 (\S+)(?: (\S+))?", part)
            if m and named:
                a = rb.num(p["actual"])
                need = named[1] + (1 if p["comparator"] == ">" and nk == "count" else 0) - a
                if not (m.group(1) == rb.person_text(need, nk, rb.PACE)):
                    number_is(log, "pdf.overview.gap_to_target", ind, m.group(1), rb.num(p["gap_to_target"]), nk, rb.PACE)
                continue
            if part == "无基数" or part == "按目标水平考核":
                # a rate without a baseline says how it is judged, and nothing about a pace
                log.check(rate_without_base(p) and "按序时应达" not in s and "预计" not in s,
                          "pdf.overview.level", ind, "%r on a row with a baseline or with pace words: %r" % (part, s))
                continue
            if part in ("已达到目标",) or part.startswith(("增量进度 =（实际 − 基数）÷（目标 − 基数）",
                                                          "提升进度 =（实际 − 基数）÷（目标 − 基数）")):
                continue
            log.bad("pdf.overview.detail", ind + ".unknown", "cannot read %r in %r" % (part, s))


def units_missing(ctx):
    """Units with a quarter of the report year missing for some indicator (progress.csv)."""
    return len({q["unit"] for q in ctx.units if q["missing_quarters"]})


def check_footnote(log, ctx, lines):
    text = ""
    for l in lines:
        if l.strip().startswith("生成日期"):
            break
        text += l.strip()
    text = squash(text)
    pp = rb.fixed(ctx.plan.warn * 100, 1)
    log.check(("进度低于序时进度%s个百分点以内为“滞后”" % pp) in text, "pdf.footnote", "threshold",
              "footnote %r lacks the threshold %s points (lagging_threshold %g)" % (text, pp, ctx.plan.warn))
    # the time elapsed: not a deliverable's step, nor a rate's 1 without a baseline (docs/formulas.md)
    steps = [p for p in ctx.city if ctx.plan.by_id[p["indicator"]].pace == "deadline"]
    levels = [p for p in ctx.city if rate_without_base(p) and p not in steps]
    firsts = [p for p in ctx.city if first_report_base(p, ctx.plan) and p not in steps]
    log.check(("未配置基数且基期无数据的比率指标，以首次报送的水平为基数，序时进度自该季度起算" in text) == bool(firsts),
              "pdf.footnote", "firsts", "footnote and %d rates paced from their first report" % len(firsts))
    log.check(("按节点考核的指标，序时应达为最近已到期节点的数值，不计进度差" in text) == bool(steps), "pdf.footnote",
              "deadline", "footnote and %d deliverables" % len(steps))
    log.check(("无基数的比率指标不从0按时间推算，按目标水平考核" in text) == bool(levels), "pdf.footnote",
              "levels", "footnote and %d rates without a baseline" % len(levels))
    tps = {p["time_progress"] for p in ctx.city
           if p["time_progress"] and p not in steps and p not in levels and p not in firsts}
    if len(tps) == 1:
        want = "（本期%s）" % rb.person_text(float(tps.pop()), "percent")
        log.check(want in text, "pdf.footnote", "time-progress", "footnote lacks %s" % want)
    n, missing = len(ctx.unit_names), units_missing(ctx)
    want = ("（%d个单位中%d个有季度未报送，见数据质量提示）" % (n, missing) if missing
            else "（%d个单位均已按季报送）" % n)
    log.check(want in text, "pdf.footnote", "reporting", "footnote %r lacks %s (progress.csv's missing quarters)"
              % (text[-40:], want))


# ---------------------------------------------------------------- trends

def check_trends(log, ctx, pages):
    inds = list(ctx.city)
    values, labels = [], []
    for page in pages:
        values += re.findall(r"(累计|期末|当前) ([^\s·]+)(?: · 应达 ([^\s·]+))?(?: · 目标 (超过 )?([^\s·–]+)(?:–([^\s·]+))?)?", page)
        labels += re.findall(r"(\S+) · 单位：(\S+)", page)
    log.check(len(values) == len(inds), "pdf.trend", "count", "%d value lines for %d indicators" % (len(values), len(inds)))
    log.check(len(labels) == len(inds), "pdf.trend", "labels", "%d status lines for %d indicators" % (len(labels), len(inds)))
    for k, p in enumerate(inds):
        ind, nk = p["indicator"], ctx.nk(p)
        if k < len(labels):
            check_status_label(log, "pdf.trend.status", ind, labels[k][0], p)
            unit = "%" if nk == "percent" else p["measure_unit"]
            log.check(labels[k][1] == unit, "pdf.trend.unit", ind, "单位 %r" % labels[k][1])
        if k >= len(values):
            continue
        what, a, e, gt, t, hi = values[k]
        want = {"stock": "期末", "flow": "累计", "period_flow": "累计"}.get(p["kind"], "当前")
        log.check(what == want, "pdf.trend.kind", ind, "%r for kind %s" % (what, p["kind"]))
        number_is(log, "pdf.trend.actual", ind, a, rb.num(p["actual"]), nk)
        if rb.num(p["expected"]) is None:
            log.check(not e, "pdf.trend.expected", ind, "应达 %r without an expected value" % e)
        elif not e and ".." not in p["comparator"] and rb.num(p["target"]) is not None and \
                rb.person_text(rb.num(p["expected"]), nk, rb.PACE) == rb.person_text(rb.num(p["target"]), nk, rb.PACE):
            pass  # at the target's year-end 应达 is the target: only 目标 is written
        else:
            number_is(log, "pdf.trend.expected", ind, e, rb.num(p["expected"]), nk, rb.PACE, "应达 ")
        if rb.num(p["target"]) is None:
            log.check(not t, "pdf.trend.target", ind, "目标 %r without a target" % t)
        else:
            number_is(log, "pdf.trend.target", ind, t, rb.num(p["target"]), nk, rb.PACE, "目标 ")
            log.check(bool(gt) == (p["comparator"] == ">"), "pdf.trend.target", ind + ".strict",
                      "目标 %r%r for comparator %r (a strict target reads 超过 1,300)" % (gt, t, p["comparator"]))
            if ".." in p["comparator"]:
                number_is(log, "pdf.trend.target", ind + ".hi", hi, float(p["comparator"].split("..")[1]), nk, rb.PACE)


# ---------------------------------------------------------------- rankings

ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s+(\S+?)(?:（完成 ([^）]+)）)?(?: · 缺报(\S+))?(?: · 名次([↑↓]\d+))?"
                 r"(?: · 同比 (\S+))?\s*$")


def check_rankings(log, ctx, pages):
    blocks = []
    for page in pages:
        cur = None
        for l in page.split("\n"):
            if "· 各单位排名" in l:
                cur = {"title": l.strip(), "lines": []}
                blocks.append(cur)
            elif cur is not None:
                cur["lines"].append(l)
    keys = ctx.layout()[3]
    log.check(len(blocks) == len(keys), "pdf.ranking", "count", "%d rankings for %d key or lagging indicators"
              % (len(blocks), len(keys)))
    for k, ind in enumerate(keys):
        if k < len(blocks):
            check_ranking(log, ctx, ctx.by_ind[ind], blocks[k])


def check_ranking(log, ctx, p, block):
    ind, nk = p["indicator"], ctx.nk(p)
    lines = block["lines"]
    title = block["title"]
    sub_at = next((i for i, l in enumerate(lines) if l.strip().startswith("单位：")), None)
    name_flat = squash(title.replace("· 各单位排名", "") + "".join(lines[:sub_at or 0]))
    log.check(name_flat == squash(p["name"]), "pdf.ranking.title", ind, "title %r for %r" % (title, p["name"]))
    rows = {q["unit"]: q for q in ctx.units if q["indicator"] == ind}
    ordered = [rows[u] for u in ctx.unit_names if u in rows]
    basis, want_ranks = rb.ranks(ordered, ctx.quarter)
    rank_of = {q["unit"]: w for q, w in zip(ordered, want_ranks)}
    for q in ordered:
        log.check(rb.num(q["rank"]) == rank_of[q["unit"]] and q["rank_basis"] == basis, "pdf.ranking.csv",
                  "%s.%s" % (ind, q["unit"]), "progress.csv rank %r by %r; competition ranking by %s gives %r"
                  % (q["rank"], q["rank_basis"], basis, rank_of[q["unit"]]))
    ranked = [u for u in ctx.unit_names if rank_of.get(u) is not None]
    unranked = [u for u in ctx.unit_names if u in rank_of and rank_of[u] is None]
    ties = len({rank_of[u] for u in ranked}) < len(ranked)
    if log.check(sub_at is not None, "pdf.ranking.subtitle", ind, "no subtitle"):
        sub = squash(lines[sub_at] + (lines[sub_at + 1] if not ROW.match(lines[sub_at + 1] or "") else ""))
        unit = "%" if nk == "percent" else p["measure_unit"]
        what = ("单位目标完成率" if basis == "completion" else
                {"stock": "期末数", "flow": "累计值", "period_flow": "累计值"}.get(p["kind"], "当前值"))
        want = "单位：%s；按截至%s的%s从高到低排名%s；" % (unit, rb.period_cn(ctx.period), what,
                                                "，并列者名次相同" if ties else "")
        log.check(sub.startswith(squash(want)), "pdf.ranking.subtitle", ind, "%r, expected it to start %r" % (sub, want))
        claim = "颜色和符号表示单位目标完成状态" if basis == "completion" else "未分解单位目标，不评价单位状态"
        log.check(claim in sub, "pdf.ranking.subtitle", ind + ".targets", "%r lacks %r" % (sub, claim))
    shown = []
    for l in lines[(sub_at or 0) + 1:]:
        m = ROW.match(l)
        if m and m.group(2) in rows:
            shown.append(m.groups())
    n = len(ranked)
    want_n = n if n <= RANKING_ALL_MAX else 2 * RANKING_EDGE
    log.check(len(shown) == want_n, "pdf.ranking.rows", ind, "%d unit rows, %d ranked units (%d units)"
              % (len(shown), n, len(ctx.unit_names)))
    names = [s[1] for s in shown]
    log.check(len(set(names)) == len(names), "pdf.ranking.rows", ind + ".once", "a unit twice: %r" % names)
    log.check(not set(names) & set(unranked), "pdf.ranking.rows", ind + ".unranked",
              "units without a value this year among the ranked: %r" % sorted(set(names) & set(unranked)))
    actual = {u: rb.num(q["actual"]) for u, q in rows.items()}
    for rank, unit, value, comp, missing, move, yoy in shown:
        q = rows[unit]
        where = "%s.%s" % (ind, unit)
        if p["kind"] == "coverage":
            log.check(value == ("已覆盖" if actual[unit] > 0 else "未覆盖"), "pdf.ranking.value", where,
                      "label %r for coverage value %r" % (value, actual[unit]))
        else:
            number_is(log, "pdf.ranking.value", where, value, actual[unit], nk, rb.EXACT, "label ")
        prev, now = rb.num(q["rank_prev"]), rb.num(q["rank"])
        want_mv = ("%s%d" % ("↑" if now < prev else "↓", abs(now - prev))) if prev and now and prev != now else None
        log.check(move == want_mv, "pdf.ranking.move", where, "名次 %r; progress.csv rank %r, rank_prev %r" % (move, now, prev))
        g = rb.num(q["yoy_growth"])
        log.check(yoy == (yoy_text(g) if g is not None else None), "pdf.ranking.yoy", where,
                  "同比 %r; progress.csv yoy_growth %r" % (yoy, q["yoy_growth"]))
        if q["completion"]:
            number_is(log, "pdf.ranking.completion", where, comp or "", rb.num(q["completion"]), "percent")
        else:
            log.check(comp is None, "pdf.ranking.completion", where, "完成 %r without a unit target" % comp)
        want_m = rb.missing_text(q["missing_quarters"])
        log.check((missing or "") == want_m, "pdf.ranking.missing", where, "缺报 %r, progress.csv %r" % (missing, want_m))
        log.check(int(rank) == rank_of[unit], "pdf.ranking.rank", where,
                  "rank %s; competition ranking by %s gives %r (%s has %r)"
                  % (rank, basis, rank_of[unit], unit, q[basis]))
    order = [int(s[0]) for s in shown]
    log.check(order == sorted(order), "pdf.ranking.order", ind, "not in rank order: %r" % list(zip(names, order)))
    # the units without a value this year are named apart, with the reason
    note = squash(" ".join(l for l in lines if l.strip() and not ROW.match(l)))
    if unranked:
        m = re.search(r"未参加排名：(.+?)。", note)
        if log.check(m is not None, "pdf.ranking.unranked", ind, "no 未参加排名 for %r" % unranked):
            for u in unranked[:RANKING_NOTE_UNITS]:
                q = rows[u]
                # no value this year: no quarter reported, or none of the figures it is made of
                # (a ratio whose unit never reports its parts) — pipeline/charts/ranking.c
                why = ("本年未报送" if not rb.reported_this_year(q, ctx.quarter) or not q["actual"]
                       else rb.no_status_reason(ctx.plan.by_id[ind], q, ctx.plan.total_name, ctx.plan.start_year))
                log.check(("%s（%s）" % (u, why)) in m.group(1), "pdf.ranking.unranked", "%s.%s" % (ind, u),
                          "%r lacks %s（%s）" % (m.group(1), u, why))
            if len(unranked) > RANKING_NOTE_UNITS:
                log.check(("等%d个单位" % len(unranked)) in m.group(1), "pdf.ranking.unranked", ind + ".more",
                          "%r lacks 等%d个单位" % (m.group(1), len(unranked)))
    else:
        log.check("未参加排名" not in note, "pdf.ranking.unranked", ind, "未参加排名 where every unit is ranked")
    if p["kind"] == "coverage":
        names = uncovered(ctx, ind)
        want = ("未覆盖：%s。" % "、".join(names[:10])) if names else "各单位均已覆盖。"
        log.check(squash(want) in note, "pdf.ranking.uncovered", ind, "%r lacks %r" % (note[:200], want))
    legend = " ".join(l for l in lines if l.strip() and not ROW.match(l) and "从略" not in l)
    used = {rows[s[1]]["status"] for s in shown}
    for code, label in rb.STATUS_LABEL.items():
        has = re.search(r"(?<![严重未超])%s(?!区间上限)" % label, squash(legend)) is not None if label != "滞后" else \
            re.search(r"(?<!严重)滞后", squash(legend)) is not None
        if code in used or has:
            log.check((code in used) == has, "pdf.ranking.legend", "%s.%s" % (ind, code),
                      "legend %r; units with status %s: %s" % (legend.strip(), code, code in used))


# ---------------------------------------------------------------- card grid

def check_cards(log, ctx, page):
    """The grid's cells per unit against progress.csv. The columns may run in bands one below
    the other (pipeline/charts/cards.c): a unit's lines are read in order and joined. A narrow
    cell drops the card's word (the mark's shape tells it), never the figure or the ※."""
    inds = ctx.card_indicators()
    log.check("各单位亮牌" in page, "pdf.cards", "title", "no 各单位亮牌 title")
    cells = {}
    for l in page.split("\n"):
        segs = [t for _, t in split_cols(l)]
        if len(segs) < 2 or segs[0] not in ctx.unit_names:
            continue
        cells.setdefault(segs[0], []).extend(segs[1:])
    words = {"green": "绿", "yellow": "黄", "red": "红"}
    bare = lambda t: re.sub("[绿黄红]", "", t)  # noqa: E731
    for unit, got in cells.items():
        want = []
        for ind in inds[:10]:
            q = next(q for q in ctx.units if q["unit"] == unit and q["indicator"] == ind)
            if not q["target"]:
                want.append("—")
            else:
                want.append(words.get(q["card"], "") + rb.person_text(rb.num(q["completion"]), "percent") +
                            ("※" if q["missing_quarters"] else ""))
        # cell by cell: the same text, or (a narrow cell) the same without the word
        ok = len(got) == len(want) and all(
            squash(gc) == squash(wc) or (not re.match("[绿黄红]", gc) and squash(gc) == squash(bare(wc)))
            for gc, wc in zip(got, want))
        log.check(ok, "pdf.cards.row", unit, "cells %r; progress.csv gives %r" % (got, want))
    log.check(len(cells) == min(len(ctx.unit_names), 40), "pdf.cards.rows", "count",
              "%d unit rows for %d units" % (len(cells), len(ctx.unit_names)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--date", required=True)
    ap.add_argument("--case", nargs=3, action="append", metavar=("NAME", "FOLDER", "CONFIG"), required=True)
    args = ap.parse_args()
    status = 0
    for name, folder, config in args.case:
        ctx = Ctx(folder, config, args.date)
        log = rb.Log("pdf", name, ctx.period)
        dash, trend, shared, keys = ctx.layout()
        rb.run_checks(log, check_every_page, ctx)
        rb.run_checks(log, check_file, ctx)
        for d in range(dash):
            page1 = len(ctx.city) if len(ctx.city) <= FIRST_PAGE_ALL else FIRST_PAGE_ROWS
            first = 0 if d == 0 else page1 + (d - 1) * MORE_PAGE_ROWS
            cap = page1 if d == 0 else MORE_PAGE_ROWS
            if d < len(ctx.pages):
                rb.run_checks(log, check_overview, ctx, ctx.pages[d], first, min(cap, len(ctx.city) - first), d + 1)
        t0 = dash - (1 if shared else 0)
        rb.run_checks(log, check_trends, ctx, ctx.pages[t0:t0 + trend])
        cards = 1 if ctx.card_indicators() else 0
        if cards and t0 + trend < len(ctx.pages):
            rb.run_checks(log, check_cards, ctx, ctx.pages[t0 + trend])
        rb.run_checks(log, check_rankings, ctx, ctx.pages[t0 + trend + cards:chart_pages(ctx) - ctx.task_page])
        if ctx.briefing is not None:
            rb.run_checks(log, check_briefing, ctx)
        status |= log.finish()
    return status


if __name__ == "__main__":
    sys.exit(main())
