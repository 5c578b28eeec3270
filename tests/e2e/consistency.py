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

For a plan with a task ledger (tasks.csv published) the task story too: the ledger's sentence
and its counts per class, the overdue tasks (id and due month) and the counts per lead
department, computed here from tasks.csv by docs/formats.md's rules and compared with
compare.txt, the terminal's last line, the workbook's 任务台账 and the PDF's task page. A plan
without a ledger must say nothing about tasks anywhere.
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
    r = re.search(r"(?:增量|提升)进度 (" + NUM + ")", s)
    fig["completion"] = c.group(1) if c else None
    fig["progress"] = r.group(1) if r else None
    # a ratio from its baseline reads its progress alone (提升进度), not its completion
    fig["progress_only"] = c is None and "，提升进度 " in s
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
        judged_from_base = (p["kind"] in ("stock", "ratio", "coverage") and base not in (None, 0) and p["target"]
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


# ---------------------------------------------------------------- the task ledger

TASK_CLASSES = [("done", "已完成"), ("on_schedule", "按期推进"), ("lagging", "滞后"),
                ("not_started", "未启动"), ("overdue", "逾期未完成"), ("not_reported", "未报")]
TASK_LABEL = dict(TASK_CLASSES)
TASK_SENTENCE = re.compile(r"\d+项重点任务：[^。\s]*")


def lead_department(lead):
    """docs/config.md: up to the first 、，,；; or 会同, without a trailing 等."""
    cut = len(lead)
    for sep in ("、", "，", ",", "；", ";", "会同"):
        k = lead.find(sep)
        if k >= 0:
            cut = min(cut, k)
    d = lead[:cut].strip()
    return d[:-1] if d.endswith("等") and len(d) > 1 else d


def due_cn(due):
    if due == "持续推进":
        return due
    y, m = due.split("-")
    return "%d年%d月底" % (int(y), int(m))


def task_story_of_csv(path):
    """The story docs/formats.md tells of tasks.csv: counts, sentence, overdue, departments."""
    import csv
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    counts = {c: 0 for c, _ in TASK_CLASSES}
    depts, overdue = {}, []
    for r in rows:
        if r["overdue"] == "yes":
            c = "overdue"
            overdue.append((r["id"], due_cn(r["due"])))
        else:
            c = {v: k for k, v in TASK_LABEL.items()}[r["status"]]
        counts[c] += 1
        d = depts.setdefault(lead_department(r["lead"]), {k: 0 for k, _ in TASK_CLASSES})
        d[c] += 1
    sentence = "%d项重点任务：" % len(rows) + "，".join(
        "%s%d项" % (TASK_LABEL[c], counts[c]) for c, _ in TASK_CLASSES if counts[c])
    dept_rows = tuple((name, sum(v.values())) + tuple(v[c] for c, _ in TASK_CLASSES)
                      for name, v in depts.items())
    return {"sentence": sentence, "counts": counts, "overdue": tuple(overdue), "depts": dept_rows,
            "n": len(rows)}


def task_stories(folder, stdout, xlsx, pages):
    """(name, story) of each source; a story is a dict with some of the keys of the csv's."""
    out = []
    kv = dict(l.split("=", 1) for l in open(os.path.join(folder, "compare.txt"), encoding="utf-8")
              .read().splitlines() if "=" in l)
    if "tasks_text" in kv:
        out.append(("compare.txt", {"sentence": kv["tasks_text"], "n": int(kv.get("tasks", -1)),
                                    "counts": {c: int(kv.get("tasks." + c, -1)) for c, _ in TASK_CLASSES}}))
    term = [l.strip() for l in open(stdout, encoding="utf-8").read().splitlines()
            if TASK_SENTENCE.match(l.strip())]
    if term:
        out.append(("terminal", {"sentence": term[0]}))
    book = openpyxl.load_workbook(xlsx, data_only=True)
    if "任务台账" in book.sheetnames:
        ws = book["任务台账"]
        st = {}
        m = TASK_SENTENCE.search(ws.cell(row=2, column=1).value or "")
        st["sentence"] = m.group(0) if m else None
        head = check_sheets.find_row(ws, 1, "编号")
        cols = {c.value: c.column for c in ws[head] if c.value is not None}
        overdue, r = [], head + 1
        while ws.cell(row=r, column=1).value not in (None, ""):
            if ws.cell(row=r, column=cols["是否逾期"]).value == "逾期未完成":
                overdue.append((str(ws.cell(row=r, column=1).value),
                                ws.cell(row=r, column=cols["完成时限"]).value))
            r += 1
        st["overdue"] = tuple(overdue)
        dh = check_sheets.find_row(ws, 1, "牵头部门")
        depts, r = [], dh + 1
        while ws.cell(row=r, column=1).value not in (None, "合计"):
            depts.append(tuple(ws.cell(row=r, column=c).value for c in range(1, 3 + len(TASK_CLASSES))))
            r += 1
        st["depts"] = tuple(depts)
        total = [ws.cell(row=r, column=c).value for c in range(2, 3 + len(TASK_CLASSES))]
        st["n"] = total[0]
        st["counts"] = {c: total[1 + k] for k, (c, _) in enumerate(TASK_CLASSES)}
        out.append(("workbook", st))
    page = next((p for p in pages if "重点任务台账 · 截至" in p), None)
    if page is not None:
        st = {}
        m = TASK_SENTENCE.search(page)
        st["sentence"] = m.group(0) if m else None
        lines = page.split("\n")
        tiles = next((l for l in lines if len(re.findall(r"\d+项", l)) == len(TASK_CLASSES)
                      and "重点任务" not in l), "")
        nums = [int(x) for x in re.findall(r"(\d+)项", tiles)]
        if len(nums) == len(TASK_CLASSES):
            st["counts"] = {c: nums[k] for k, (c, _) in enumerate(TASK_CLASSES)}
        at = next((k for k, l in enumerate(lines) if l.startswith("牵头部门")), None)
        depts = []
        for l in lines[at + 1:] if at is not None else []:
            f = l.split()
            if len(f) != 2 + len(TASK_CLASSES) or not all(x.isdigit() for x in f[1:]):
                break
            if f[0] == "合计":
                st["n"] = int(f[1])
                break
            depts.append((f[0],) + tuple(int(x) for x in f[1:]))
        st["depts"] = tuple(depts)
        overdue, inside = [], False
        for l in lines:
            if l.startswith("逾期未完成的任务（"):
                inside = True
                continue
            if inside and l.startswith("滞后、未启动和未报的任务"):
                break
            mm = re.match(r"^(\S+)\s{2,}.*?(\d{4}年\d+月底)到期", l) if inside else None
            if mm:
                overdue.append((mm.group(1), mm.group(2)))
            more = re.match(r"^另有 (\d+) 项", l) if inside else None
            if more:  # the page ran out of room: the first ones, and how many more
                overdue.append(("另有", int(more.group(1))))
        st["overdue"] = tuple(overdue)
        out.append(("pdf", st))
    return out


def overdue_agrees(page, want):
    """The PDF's overdue list against tasks.csv's: all of them, or (a full page) the first ones
    followed by ("另有", how many more)."""
    if page and page[-1][0] == "另有":
        listed = page[:-1]
        return listed == want[:len(listed)] and len(listed) + page[-1][1] == len(want) and page[-1][1] > 0
    return page == want


def compare_tasks(folder, stdout, xlsx, pages):
    path = os.path.join(folder, "tasks.csv")
    stories = task_stories(folder, stdout, xlsx, pages)
    if not os.path.exists(path):
        return ["tasks: no tasks.csv, but %s says something about tasks" % name for name, _ in stories]
    ref = task_story_of_csv(path)
    bad = []
    names = {name for name, _ in stories}
    for want in ("compare.txt", "terminal", "workbook", "pdf"):
        if want not in names:
            bad.append("tasks: %s says nothing about the task ledger" % want)
    for name, st in stories:
        for key, v in st.items():
            if key == "overdue" and name == "pdf":
                if not overdue_agrees(v, ref[key]):
                    bad.append("tasks overdue: %s %r, tasks.csv %r" % (name, v, ref[key]))
                continue
            if v != ref[key]:
                bad.append("tasks %s: %s %r, tasks.csv %r" % (key, name, v, ref[key]))
    return bad


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
                if key == "completion" and (got.get("progress_only") or want.get("progress_only")):
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
    task_bad = compare_tasks(folder, stdout, os.path.join(folder, xlsx[0]), ctx.pages)
    bad += task_bad
    if os.path.exists(os.path.join(folder, "tasks.csv")):
        print("tasks: compare.txt, terminal, workbook and PDF compared with tasks.csv, %d difference(s)"
              % len(task_bad))
    for b in bad[:40]:
        print("DIFF " + b)
    print("compared: %s" % ", ".join("%s %d indicators %d ranks" % (st.name, len(st.ind),
                                      sum(v is not None for v in st.ranks.values())) for st in stories))
    print("%s: %d source(s) compared, %d difference(s)" % (folder, len(stories), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
