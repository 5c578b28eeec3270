#!/usr/bin/python3
"""tasks_oracle.py — an independent implementation of tasks.csv, for the tests.

Written from docs/config.md ([tasks]: the ledger id,name,lead,due), docs/input.md (Task
progress: which status counts) and docs/formats.md (task_facts.csv, tasks.csv, compare.txt's task
keys) — not from pipeline/core/ledger.c. Standard library only.

    tasks_oracle.py --config PLAN.ini --task-facts task_facts.csv --period 2018Q3 \
                    --tasks OUT.csv [--summary OUT.txt]

Writes tasks.csv for the quarter and, with --summary, compare.txt's task lines (tasks=,
tasks.<class>=, tasks_text=). Exit codes: 0 ok, 2 usage, 78 no ledger or a bad one.
"""

import argparse
import configparser
import csv
import os
import re
import sys

CLASSES = [("done", "已完成"), ("on_schedule", "按期推进"), ("lagging", "滞后"),
           ("not_started", "未启动"), ("overdue", "逾期未完成"), ("not_reported", "未报")]
STATUSES = ("已完成", "按期推进", "滞后", "未启动")


def ledger_path(config):
    cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"), strict=False, interpolation=None)
    with open(config, encoding="utf-8-sig") as fh:
        cp.read_file(fh)
    if not cp.has_option("tasks", "file"):
        return None
    f = cp.get("tasks", "file").strip().strip('"')
    return f if os.path.isabs(f) else os.path.join(os.path.dirname(os.path.abspath(config)), f)


def read_ledger(path):
    """The tasks in file order; docs/config.md: header id,name,lead,due in any order."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    head = [h.strip().lower() for h in rows[0]]
    col = {k: head.index(k) for k in ("id", "name", "lead", "due")}
    tasks = []
    for r in rows[1:]:
        if not any(x.strip() for x in r):
            continue
        t = {k: r[col[k]].strip() for k in col}
        if t["due"] != "持续推进" and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", t["due"]):
            raise ValueError("bad due %r" % t["due"])
        tasks.append(t)
    return tasks


def quarter_last_month(period):
    """2018Q3 -> (2018, 9)."""
    m = re.fullmatch(r"(\d{4})Q([1-4])", period)
    return int(m.group(1)), int(m.group(2)) * 3


def judge(tasks, facts, period):
    """docs/formats.md, tasks.csv: one row per task; status of the quarter or 未报; overdue."""
    of_quarter = {}
    for f in facts:
        if f["period"] == period:
            if f["task"] in of_quarter:
                raise ValueError("two statuses of task %s in %s" % (f["task"], period))
            of_quarter[f["task"]] = f
    y, m = quarter_last_month(period)
    out = []
    for t in tasks:
        f = of_quarter.get(t["id"])
        status = f["status"] if f and f["status"] in STATUSES else "未报"
        note = f["note"] if f else ""
        if note.startswith("'"):  # docs/formats.md, Conventions: drop one leading quote
            note = note[1:]
        if t["due"] == "持续推进":
            overdue = ""
        else:
            dy, dm = int(t["due"][:4]), int(t["due"][5:])
            overdue = "yes" if (dy, dm) <= (y, m) and status != "已完成" else "no"
        out.append(dict(t, period=period, status=status, overdue=overdue, note=note))
    return out


def task_class(row):
    if row["overdue"] == "yes":
        return "overdue"
    return {v: k for k, v in CLASSES}[row["status"]]


def csv_field(s):
    """docs/formats.md, Conventions: quoted when it holds a comma, quote, CR, LF or blanks at an
    end; the note (from the input) guarded against formulas."""
    if s and s[0] in "=+-@\t\r'" and not re.fullmatch(r"[+-]?\d+(\.\d+)?", s):
        s = "'" + s
    if any(c in s for c in ',"\r\n') or (s and (s[0] in " \t" or s[-1] in " \t")):
        return '"' + s.replace('"', '""') + '"'
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", required=True)
    ap.add_argument("--task-facts", required=True)
    ap.add_argument("--period", required=True)
    ap.add_argument("--tasks", required=True)
    ap.add_argument("--summary")
    a = ap.parse_args()
    path = ledger_path(a.config)
    if not path:
        print("tasks_oracle: %s has no [tasks] file" % a.config, file=sys.stderr)
        return 78
    try:
        tasks = read_ledger(path)
    except (OSError, ValueError, KeyError) as e:
        print("tasks_oracle: %s: %s" % (path, e), file=sys.stderr)
        return 78
    with open(a.task_facts, encoding="utf-8", newline="") as fh:
        facts = list(csv.DictReader(fh))
    rows = judge(tasks, facts, a.period)
    cols = ["id", "name", "lead", "due", "period", "status", "overdue", "note"]
    with open(a.tasks, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(cols) + "\n")
        for r in rows:
            fh.write(",".join(csv_field(r[c]) for c in cols) + "\n")
    if a.summary:
        counts = {c: 0 for c, _ in CLASSES}
        for r in rows:
            counts[task_class(r)] += 1
        with open(a.summary, "w", encoding="utf-8") as fh:
            fh.write("tasks=%d\n" % len(rows))
            for c, _ in CLASSES:
                fh.write("tasks.%s=%d\n" % (c, counts[c]))
            fh.write("tasks_text=%d项重点任务：%s\n" % (len(rows), "，".join(
                "%s%d项" % (label, counts[c]) for c, label in CLASSES if counts[c])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
