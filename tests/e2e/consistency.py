#!/usr/bin/python3
"""consistency.py — one report, told the same way everywhere.

usage: consistency.py PUBLISHED_FOLDER STDOUT_FILE

Reads what each output of one published quarter says and compares them with each other:
  terminal   run.sh's summary on stdout (STDOUT_FILE)
  compare    compare.txt (the report's summary)
  progress   progress.csv, its figures written as a person reads them (readback.py's rules)
  workbook   the .xlsx read back with openpyxl (cached values through their number formats)
  pdf        the PDF's text (pdftotext -layout)
The story of each: the headline; per indicator its status label and the actual, target,
completion and (for a stock judged from its baseline) progress as displayed; the units whose
reports are missing; per unit and key indicator its rank. Any difference between two sources
fails, naming both. Exit 0 when they all agree.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_pdf  # noqa: E402
import check_sheets  # noqa: E402
import readback as rb  # noqa: E402

import openpyxl  # noqa: E402

MISSING_ITEM = re.compile(r"([^\s、，；：]+) (Q\d(?:、Q\d)*)（(\d+)项）")
NUM = r"[\d,]+(?:\.\d+)?%?"
SENTENCE = re.compile(r"^(?:实际 (?P<only>" + NUM + r"))?(?:(?P<a>" + NUM + r") / (?:超过 )?(?P<t>" + NUM + r"))?")


def figures_of(sentence):
    """actual, target, completion, progress as a sentence shows them."""
    s = sentence.strip()
    m = SENTENCE.match(s)
    fig = {"actual": None, "target": None, "completion": None, "progress": None}
    if m:
        fig["actual"] = m.group("only") or m.group("a")
        fig["target"] = m.group("t")
    c = re.search(r"完成 (" + NUM + ")", s)
    r = re.search(r"增量进度 (" + NUM + ")", s)
    fig["completion"] = c.group(1) if c else None
    fig["progress"] = r.group(1) if r else None
    return fig


def missing_units(text):
    return tuple(m.group(1) for m in MISSING_ITEM.finditer(text or ""))


class Story:
    def __init__(self, name):
        self.name = name
        self.headline = None
        self.missing = None        # tuple of unit names, or None when the source does not say
        self.ind = {}              # id -> {"label": ..., "actual": ..., ...}
        self.ranks = {}            # (id, unit) -> rank or None


def from_terminal(path, ids_by_name):
    st = Story("terminal")
    lines = open(path, encoding="utf-8").read().splitlines()
    st.missing = ()
    for l in lines:
        s = l.strip()
        if re.match(r"^\d+项指标：", s):
            st.headline = s
        elif s.startswith("缺报："):
            st.missing = missing_units(s[len("缺报："):])
        else:
            m = re.match(r"^\[(?P<label>[^\]]+)\] (?P<name>.+?)：(?P<sentence>.*)$", s)
            if m and m.group("name") in ids_by_name:
                d = figures_of(m.group("sentence"))
                d["label"] = m.group("label")
                st.ind[ids_by_name[m.group("name")]] = d
    return st


def from_compare(folder):
    st = Story("compare.txt")
    st.missing = ()
    for l in open(os.path.join(folder, "compare.txt"), encoding="utf-8").read().splitlines():
        k, _, v = l.partition("=")
        if k == "headline":
            st.headline = v
        elif k == "missing_text":
            st.missing = missing_units(v)
        elif k == "indicator":
            ident, _code, label, _name, sentence = v.split("|", 4)
            d = figures_of(sentence)
            d["label"] = label
            st.ind[ident] = d
    return st


def from_progress(ctx):
    st = Story("progress.csv")
    order = [code for code, _ in [("achieved", 0), ("on_track", 0), ("lagging", 0), ("critical", 0),
                                  ("missed", 0), ("above_range", 0), ("not_due", 0), ("", 0)]]
    labels = dict(rb.STATUS_LABEL)
    labels[""] = "未评估"
    counts = {}
    for p in ctx.city:
        counts[p["status"]] = counts.get(p["status"], 0) + 1
    st.headline = "%d项指标：" % len(ctx.city) + "，".join(
        "%s%d项" % (labels[c], counts[c]) for c in order if counts.get(c))
    st.missing = tuple(u for u in ctx.unit_names
                       if any(q["unit"] == u and q["missing_quarters"] for q in ctx.units))
    for p in ctx.city:
        nk = ctx.nk(p)
        d = {"label": labels.get(p["status"], "?"),
             "actual": rb.person_text(rb.num(p["actual"]), nk),
             "target": rb.person_text(rb.num(p["target"]), nk, rb.PACE) if p["target"] else None,
             "completion": rb.person_text(rb.num(p["completion"]), "percent") if p["completion"] else None,
             "progress": None}
        base = rb.num(p["baseline"])
        judged_from_base = (p["kind"] in ("stock", "ratio") and base not in (None, 0) and p["target"]
                            and rb.num(p["target"]) > base and p["progress"] and p["status"] != "achieved")
        if judged_from_base:
            d["progress"] = rb.person_text(rb.num(p["progress"]), "percent")
        st.ind[p["indicator"]] = d
    for q in ctx.units:
        st.ranks[(q["indicator"], q["unit"])] = int(q["rank"]) if q["rank"] else None
    return st


def from_workbook(ctx, path):
    st = Story("workbook")
    book = openpyxl.load_workbook(path, data_only=True)
    ws = book["汇总"]
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str):
                if re.match(r"^\d+项指标：", c.value) and st.headline is None:
                    st.headline = c.value
                if "缺报：" in c.value and st.missing is None:
                    st.missing = missing_units(c.value.split("缺报：", 1)[1])
    if st.missing is None:
        st.missing = ()
    head = check_sheets.find_row(ws, 1, "指标")
    cols = {c.value: c.column for c in ws[head] if c.value is not None}
    for i, p in enumerate(ctx.city):
        r = head + 1 + i
        cell = lambda label: ws.cell(row=r, column=cols[label])  # noqa: E731
        status = cell("状态").value or ""
        d = {"label": status.split("（")[0] if status else "",
             "actual": check_sheets.shown(cell("实际")),
             "target": check_sheets.shown(cell("目标")),
             "completion": check_sheets.shown(cell("完成率")),
             "progress": None}
        if "进度" in cols and cell("进度").value is not None and cell("基数").value not in (None, 0):
            d["progress"] = check_sheets.shown(cell("进度"))
        st.ind[p["indicator"]] = d
    ws = book["分单位"]
    group_row, head_row, first = 4, 5, 6
    starts = [(c.column, c.value) for c in ws[group_row] if c.value is not None][1:]
    for k, (col, name) in enumerate(starts[:-1]):
        end = starts[k + 1][0]
        heads = {ws.cell(row=head_row, column=cc).value: cc for cc in range(col, end)}
        rank_col = heads.get("排名") or heads.get("完成率排名")
        ident = next((p["indicator"] for p in ctx.city if p["name"] == name), None)
        if ident is None or rank_col is None:
            continue
        for u, unit in enumerate(ctx.unit_names):
            v = ws.cell(row=first + u, column=rank_col).value
            st.ranks[(ident, unit)] = int(v) if isinstance(v, (int, float)) else None
    return st


def from_pdf(ctx):
    st = Story("pdf")
    page1 = ctx.pages[0]
    lines = page1.split("\n")
    heads = [l.strip() for l in lines if re.match(r"^\s*\d+项指标：", l)]
    st.headline = heads[0] if heads else None
    # the notice box: its lines joined as they wrap (a name may break across two lines)
    at = next((k for k, l in enumerate(lines) if l.strip() == "数据质量提示"), None)
    notice = ""
    if at is not None:
        for l in lines[at + 1:]:
            if not l.strip():
                break
            notice += l.strip()
    st.missing = missing_units(notice)
    # page 1 and the further overview pages: a status label, then the figures line
    labels, sums = [], []
    for page in ctx.pages:
        if "目标任务进展总览" not in page and page is not ctx.pages[0]:
            continue
        pl = page.split("\n")
        at = next((k for k, l in enumerate(pl) if l.strip().startswith("指标 / 状态")), None)
        if at is None:
            continue
        foot = next((k for k, l in enumerate(pl) if l.strip().startswith("注：")), len(pl))
        page_labels, _, page_sums, _ = check_pdf.overview_rows(pl[at + 1:foot])
        labels += page_labels
        sums += page_sums
    for k, p in enumerate(ctx.city):
        d = figures_of(sums[k]) if k < len(sums) else {}
        d["label"] = labels[k] if k < len(labels) else None
        st.ind[p["indicator"]] = d
    for page in ctx.pages:
        ident = None
        for l in page.split("\n"):
            if "· 各单位排名" in l:
                name = check_pdf.squash(l.replace("· 各单位排名", ""))
                ident = next((p["indicator"] for p in ctx.city if check_pdf.squash(p["name"]).startswith(name)), None)
                continue
            m = check_pdf.ROW.match(l)
            if ident and m and m.group(2) in ctx.unit_names:
                st.ranks[(ident, m.group(2))] = int(m.group(1))
    return st


def main():
    folder, stdout = sys.argv[1], sys.argv[2]
    cfg = None
    for line in open(os.path.join(folder, "inputs.csv"), encoding="utf-8"):
        if line.startswith("config,"):
            cfg = line.split(",")[1].strip('"')
    ctx = check_pdf.Ctx(folder, cfg, None)
    ids_by_name = {p["name"]: p["indicator"] for p in ctx.city}
    xlsx = [f for f in os.listdir(folder) if f.endswith(".xlsx")]
    stories = [from_progress(ctx), from_compare(folder), from_terminal(stdout, ids_by_name),
               from_workbook(ctx, os.path.join(folder, xlsx[0])), from_pdf(ctx)]
    ref = stories[0]
    bad = []
    for st in stories[1:]:
        if st.headline != ref.headline:
            bad.append("headline: %s %r, %s %r" % (st.name, st.headline, ref.name, ref.headline))
        if st.missing != ref.missing:
            bad.append("missing reports: %s %r, %s %r" % (st.name, st.missing, ref.name, ref.missing))
        for ident, want in ref.ind.items():
            got = st.ind.get(ident)
            if got is None:
                bad.append("%s: %s does not show it" % (ident, st.name))
                continue
            for key in ("label", "actual", "target", "completion", "progress"):
                if key == "target" and want.get("target") is None and got.get(key) in (None, "", "—"):
                    continue
                if key == "completion" and want.get("completion") is None and got.get(key) in (None, "", "—"):
                    continue
                g, w = got.get(key), want.get(key)
                if key in ("actual", "target") and g and w:
                    g, w = g.replace(",", ""), w.replace(",", "")
                    # a ratio or 万人 drops trailing zeros where a cell keeps them
                    if "." in g and "." in w:
                        g, w = g.rstrip("0").rstrip("."), w.rstrip("0").rstrip(".")
                if g != w:
                    bad.append("%s %s: %s %r, %s %r" % (ident, key, st.name, got.get(key), ref.name, want.get(key)))
        for k, r in st.ranks.items():
            if ref.ranks.get(k) != r:
                bad.append("rank %s %s: %s %r, %s %r" % (k[0], k[1], st.name, r, ref.name, ref.ranks.get(k)))
    pdf_ranked = {k for k, v in stories[4].ranks.items() if v is not None}
    csv_ranked_keys = {k[0] for k in pdf_ranked}
    for k, v in ref.ranks.items():
        if k[0] in csv_ranked_keys and v is not None and k not in stories[4].ranks:
            if len([1 for kk in ref.ranks if kk[0] == k[0] and ref.ranks[kk] is not None]) <= 30:
                bad.append("rank %s %s: progress.csv %r, not on the PDF's ranking page" % (k[0], k[1], v))
    for st in stories:
        # a source that says nothing cannot disagree: each must have shown every part
        if st.headline is None or len(st.ind) != len(ctx.city) or any(
                v.get("label") is None or v.get("actual") is None for v in st.ind.values()):
            bad.append("%s: headline or indicators not found (%d of %d indicators)" % (st.name, len(st.ind), len(ctx.city)))
    for name, st in (("workbook", stories[3]), ("pdf", stories[4])):
        if not any(v is not None for v in st.ranks.values()):
            bad.append("%s: no rank found" % name)
    for b in bad[:40]:
        print("DIFF " + b)
    print("compared: %s" % ", ".join("%s %d indicators %d ranks" % (st.name, len(st.ind),
                                      sum(v is not None for v in st.ranks.values())) for st in stories))
    print("%s: %d source(s) compared, %d difference(s)" % (folder, len(stories), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
