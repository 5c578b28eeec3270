#!/usr/bin/python3
"""check_tasks.py — the task ledger of one published quarter read back from the workbook and the
PDF, against a tasks.csv (docs/formats.md, tasks.csv).

usage: check_tasks.py PUBLISHED_FOLDER EXPECTED_TASKS_CSV

  * 任务台账 (openpyxl, cached values): one row per task in the file's order with its id, name,
    lead, due as people read it (2018年6月底, 持续推进), the status (未报 for none), 是否逾期
    (逾期未完成 / 否 / 无时限) and note; a status cell in the workbook's status look (the same fill
    as a status of 汇总 with that look, where 汇总 has one); the counts per lead department and
    their 合计 as docs/formats.md's rules give them from the file; a filter over the task rows;
    说明 defines the ledger's terms.
  * the PDF's last page (pdftotext): the title, the sentence, every overdue task's id and due
    month in the overdue list, the counts per lead department; no word of the page's content
    smaller than 8 pt (pdftotext -bbox: a line box is 1.448 x the font size of Noto Sans CJK).
Prints "ok: ..." or "FAIL: ..." lines; exits 1 when any check fails.
"""
import csv
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import consistency as cs  # noqa: E402

import openpyxl  # noqa: E402

BAD = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what)
    if not ok:
        BAD.append(what)


def sheet(folder, rows, story):
    xlsx = [f for f in os.listdir(folder) if f.endswith(".xlsx")][0]
    book = openpyxl.load_workbook(os.path.join(folder, xlsx))
    check("任务台账" in book.sheetnames, "the workbook has the sheet 任务台账 (%s)" % book.sheetnames)
    if "任务台账" not in book.sheetnames:
        return
    check(book.sheetnames.index("任务台账") == book.sheetnames.index("分单位") + 1,
          "任务台账 follows 分单位")
    ws = book["任务台账"]
    head = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "编号")
    names = [ws.cell(row=head, column=c).value for c in range(1, 8)]
    check(names == ["编号", "重点任务", "责任部门", "完成时限", "本季状态", "是否逾期", "进展说明"],
          "任务台账 header %s" % names)
    check(ws.auto_filter.ref == "A%d:G%d" % (head, head + len(rows)),
          "filter over the task rows (%s)" % ws.auto_filter.ref)
    fills = {}
    for k, t in enumerate(rows):
        r = head + 1 + k
        got = [ws.cell(row=r, column=c).value for c in range(1, 8)]
        overdue = {"yes": "逾期未完成", "no": "否", "": "无时限"}[t["overdue"]]
        want = [t["id"], t["name"], t["lead"], cs.due_cn(t["due"]), t["status"], overdue, t["note"] or None]
        check(got == want, "任务台账 row %d: %s" % (r, got if got != want else t["id"]))
        if got != want:
            print("    expected %s" % want)
        fills.setdefault(t["status"], set()).add(ws.cell(row=r, column=5).fill.fgColor.rgb)
    for status, f in fills.items():
        check(len(f) == 1, "every %s cell has one look (%s)" % (status, f))
    # the status look: a task's 滞后 is the look of 汇总's 滞后
    summary_fill = {}
    for row in book["汇总"].iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value in ("滞后", "已完成", "正常"):
                summary_fill.setdefault(c.value, c.fill.fgColor.rgb)
    for label in ("滞后", "已完成"):
        if label in fills and label in summary_fill:
            check(fills[label] == {summary_fill[label]},
                  "任务台账's %s in 汇总's status look (%s vs %s)" % (label, fills[label], summary_fill[label]))
    plain = ws.cell(row=head + 1, column=1).fill.fgColor.rgb
    over = [ws.cell(row=head + 1 + k, column=6) for k, t in enumerate(rows) if t["overdue"] == "yes"]
    check(all(c.fill.fgColor.rgb != plain for c in over), "逾期未完成 cells are coloured")
    dh = next(r for r in range(head + len(rows), head + len(rows) + 6)
              if ws.cell(row=r, column=1).value == "牵头部门")
    depts = []
    r = dh + 1
    while ws.cell(row=r, column=1).value != "合计":
        depts.append(tuple(ws.cell(row=r, column=c).value for c in range(1, 9)))
        r += 1
    check(tuple(depts) == story["depts"], "counts per lead department %s" % (depts,))
    total = [ws.cell(row=r, column=c).value for c in range(2, 9)]
    want = [story["n"]] + [story["counts"][c] for c, _ in cs.TASK_CLASSES]
    check(total == want, "合计 %s (expected %s)" % (total, want))
    check(story["sentence"] in (ws.cell(row=2, column=1).value or ""),
          "the sentence %s on 任务台账" % story["sentence"])
    notes = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True) if r and r[0]}
    check(all(k in notes for k in ("本季状态", "逾期未完成", "牵头部门")) and
          "不论报送的是什么状态" in (notes.get("逾期未完成") or ""),
          "说明 defines 本季状态, 逾期未完成 and 牵头部门")


def pdf(folder, rows, story):
    path = [f for f in os.listdir(folder) if f.endswith(".pdf")][0]
    path = os.path.join(folder, path)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    n = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    # the task ledger's page is the last of the charts' pages; the 文字通报 follows it
    def page(k):
        return subprocess.run(["pdftotext", "-layout", "-f", str(k), "-l", str(k), path, "-"],
                              capture_output=True, text=True).stdout
    pages = [page(k) for k in range(1, n + 1)]
    k = next((k for k in range(n, 0, -1) if "重点任务台账 · 截至" in pages[k - 1]), n)
    text = pages[k - 1]
    check(k == n or "推进情况通报" in pages[k], "the 文字通报 follows the task ledger's page (page %d of %d)" % (k, n))
    check("重点任务台账 · 截至" in text, "the PDF has the task ledger's page")
    check(story["sentence"] in text, "the page says %s" % story["sentence"])
    got = cs.task_stories(folder, os.devnull, os.path.join(folder, [f for f in os.listdir(folder)
                                                                    if f.endswith(".xlsx")][0]),
                          [text])
    page = dict(got).get("pdf", {})
    for key in ("counts", "depts", "n"):
        check(page.get(key) == story[key], "the page's %s %r (expected %r)" % (key, page.get(key), story[key]))
    check(cs.overdue_agrees(page.get("overdue"), story["overdue"]),
          "the page's overdue tasks %r (of %r)" % (page.get("overdue"), story["overdue"]))
    over = [t for t in rows if t["overdue"] == "yes"]
    check(("逾期未完成的任务（%d项）" % len(over)) in text, "the overdue list says %d项" % len(over))
    listed = [o[0] for o in page.get("overdue") or () if o[0] != "另有"]
    for t in over[:len(listed)]:
        check(re.search(r"^%s\s+\S" % re.escape(t["id"]), text, re.M) is not None,
              "overdue task %s named" % t["id"])
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(n), "-l", str(n), path, "-"],
                          capture_output=True, text=True).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', bbox)
    # the page's own content: between the header rule and the footer rule
    body = [(float(b) - float(a), w) for a, b, w in words if 50 < float(a) and float(b) < 790]
    small = [(round(h / 1.448, 2), w) for h, w in body if h / 1.448 < 7.95]
    check(body and not small, "no text of the task page under 8 pt (%d words; smaller: %s)"
          % (len(body), small[:5]))


def main():
    folder, expected = sys.argv[1], sys.argv[2]
    rows = list(csv.DictReader(open(expected, encoding="utf-8")))
    story = cs.task_story_of_csv(expected)
    sheet(folder, rows, story)
    pdf(folder, rows, story)
    return 1 if BAD else 0


if __name__ == "__main__":
    sys.exit(main())
